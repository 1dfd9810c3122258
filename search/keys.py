"""Keeping search.models.TitleKey in step with the pages.

A page's keys: its folded title, and for a unit also its folded short name ("Ban Tổ
chức"). A save (and so every publish) rewrites them; bulk loads (portal.bulk) call the
``after_bulk_add_pages`` hook; ``manage.py rebuild_title_keys`` rebuilds them all.
"""

from portal.vietnamese import folded_words

from .models import TitleKey

KEY_LENGTH = TitleKey._meta.get_field("key").max_length


def fold_key(text: str) -> str:
    """'Ban Tổ chức Tỉnh ủy' → 'ban to chuc tinh uy' (the words, as the query's)."""
    return " ".join(folded_words((text or "").lower()))[:KEY_LENGTH]


def is_unit(page) -> bool:
    from units.models import UnitPage

    return isinstance(page, UnitPage)


def keys_for(page):
    """(kind, key) pairs of one specific page."""
    kind = TitleKey.Kind.UNIT if is_unit(page) else TitleKey.Kind.TITLE
    keys = {(kind, fold_key(page.title))}
    if kind == TitleKey.Kind.UNIT and getattr(page, "short_name", ""):
        keys.add((kind, fold_key(page.short_name)))
    return {(k, key) for k, key in keys if key}


def replace_keys(pages):
    """Write the keys of ``pages`` (specific pages), dropping their old ones."""
    pages = [page for page in pages if page.pk]
    if not pages:
        return
    TitleKey.objects.filter(page_id__in=[page.pk for page in pages]).delete()
    TitleKey.objects.bulk_create(
        TitleKey(page_id=page.pk, kind=kind, key=key)
        for page in pages
        for kind, key in sorted(keys_for(page))
    )


def rebuild_all(batch_size=2000):
    """Every searchable page's keys, written again; returns how many pages."""
    TitleKey.objects.all().delete()
    total = 0
    for model in keyed_models():
        batch = []
        for page in model.objects.iterator(chunk_size=batch_size):
            batch.append(page)
            if len(batch) >= batch_size:
                replace_keys(batch)
                total += len(batch)
                batch = []
        replace_keys(batch)
        total += len(batch)
    return total


def keyed_models():
    from .forms import CONTENT_TYPES

    return tuple(model for model, _label in CONTENT_TYPES.values())


def on_page_saved(sender, instance, raw=False, **kwargs):
    if not raw and issubclass(sender, keyed_models()):
        replace_keys([instance])


def on_pages_bulk_added(model, pages):
    if issubclass(model, keyed_models()):
        replace_keys(pages)
