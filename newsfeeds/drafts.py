"""Turn a fetched item into a draft article of the editor's unit, with its source.

Only what the feed gave is copied (title, summary); the original is never scraped.
Where the draft may go is Wagtail's page permission API: units under which the user
may add pages and where an article may be created (not an archived unit).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from wagtail.permission_policies.pages import PagePermissionPolicy

from articles.models import ArticlePage
from portal.vietnamese import slugify_vi
from units.models import UnitPage

from .models import FeedItem

LEAD_LENGTH = 1000


def units_for(user):
    """The units in which ``user`` may add an article, in tree order."""
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    units = UnitPage.objects.filter(pk__in=pages.values("pk")).order_by("path")
    return [
        unit
        for unit in units
        if unit.permissions_for_user(user).can_add_subpage() and ArticlePage.can_create_at(unit)
    ]


def _free_slug(unit, title):
    base = (slugify_vi(title) or "tin-lien-ket")[:200].strip("-") or "tin-lien-ket"
    taken = set(unit.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def body_for(item: FeedItem):
    paragraphs = []
    if item.summary:
        paragraphs.append({"type": "paragraph", "value": format_html("<p>{}</p>", item.summary)})
    paragraphs.append(
        {
            "type": "paragraph",
            "value": format_html(
                '<p>Nguồn: <a href="{}">{}</a></p>', item.link, item.source or item.link
            ),
        }
    )
    return paragraphs


@transaction.atomic
def make_draft(item: FeedItem, unit: UnitPage, user) -> ArticlePage:
    title = item.title[:255]
    article = ArticlePage(
        title=title,
        slug=_free_slug(unit, title),
        lead=(item.summary or item.title)[:LEAD_LENGTH],
        body=body_for(item),
        source=item.source[:255],
        # ArticlePage.source_url holds 200 characters; a longer link stays in the body.
        source_url=item.link if len(item.link) <= 200 else "",
        date=timezone.now(),
        live=False,
        owner=user,
    )
    unit.add_child(instance=article)
    article.save_revision(user=user, log_action=True)
    item.article = article
    item.save(update_fields=["article"])
    return article
