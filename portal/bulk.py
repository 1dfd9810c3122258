"""Bulk path for creating many published pages under one parent.

``parent.add_child()`` costs several queries per page (tree position, both tables,
the parent's child count, the search index), which makes 100,000 demo or benchmark
pages take far too long. ``bulk_add_children`` computes the tree paths itself and
inserts both tables in batches (multi-row INSERTs), then indexes the pages in bulk. It creates no
revisions and sends no publish signals: it is for seeding and benchmarks, never
for editors' content.

Apps that make bulk indexing cheaper register a ``bulk_indexing`` Wagtail hook: a context
manager entered around the indexing (the search app defers its title-norm refresh to the end).
"""

from contextlib import ExitStack

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone
from modelsearch.backends import get_search_backends
from wagtail import hooks
from wagtail.models import Page

from portal.pagecache import bump_version

BATCH_SIZE = 500


def bulk_add_children(parent, pages, *, index=True, batch_size=BATCH_SIZE):
    """Insert unsaved ``pages`` (all of one specific class) as live children of ``parent``.

    Each page must have ``title`` and ``slug`` set, slugs unique among the parent's
    children; ``first_published_at`` (default: now) dates the publication. Returns the
    saved pages. Many-to-many values are the caller's to add afterwards, with the returned
    primary keys.
    """
    if not pages:
        return []
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise ValueError("bulk_add_children takes pages of one class at a time")

    with transaction.atomic():
        parent = Page.objects.select_for_update().get(pk=parent.pk)
        last_child = parent.get_last_child()
        position = last_child._get_lastpos_in_path() if last_child else 0
        depth = parent.depth + 1
        content_type = ContentType.objects.get_for_model(model)
        now = timezone.now()

        for page in pages:
            position += 1
            published = page.first_published_at or now
            page.depth = depth
            page.path = Page._get_path(parent.path, depth, position)
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.locale_id = parent.locale_id
            page.content_type = content_type
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = page.last_published_at = published
            page.latest_revision_created_at = published

        base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        rows = [
            Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages
        ]
        Page.objects.bulk_create(rows, batch_size=batch_size)
        for page, row in zip(pages, rows, strict=True):
            page.id = page.page_ptr_id = row.id
            page._state.adding = False
        # The specific table in multi-row INSERTs too. Django's bulk_create refuses
        # multi-table models, but its own save path inserts one table through
        # ``_insert``; the parent rows exist, so each batch is one statement.
        local_fields = model._meta.local_concrete_fields
        using = rows[0]._state.db
        step = min(batch_size, connections[using].ops.bulk_batch_size(local_fields, pages))
        for start in range(0, len(pages), step):
            model._base_manager._insert(
                pages[start : start + step], fields=local_fields, using=using
            )

        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))

        # No publish signals here: make cached pages and counts fresh explicitly.
        bump_version()

        # Apps that keep their own rows per page (search's exact-match keys) add them here.
        for after_bulk_add in hooks.get_hooks("after_bulk_add_pages"):
            after_bulk_add(model, pages)

        if index:
            with ExitStack() as around_indexing:
                for bulk_indexing in hooks.get_hooks("bulk_indexing"):
                    around_indexing.enter_context(bulk_indexing())
                for backend in get_search_backends(with_auto_update=True):
                    for start in range(0, len(pages), batch_size):
                        backend.add_bulk(model, pages[start : start + batch_size])
    return pages
