"""What a reader may see: live pages outside any view restriction.

Wagtail's ``public()`` reads every view restriction each time it is called; a page with
four listings would read them four times. ``visible`` reads them once per request.
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction


def restricted_paths(request):
    from portal.pagecache import remember

    paths = getattr(request, "_portal_restricted_paths", None)
    if paths is None:
        # Kept in the cache until a restriction (or any page) changes: see portal.pagecache.
        paths = remember(
            "restricted-paths",
            lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
        )
        if request is not None:
            request._portal_restricted_paths = paths
    return paths


def restricted_q(request):
    """The pages under a view restriction, as a condition (empty when there is none):
    ``Page.objects.private_q()`` without reading the restrictions on every call."""
    restricted = Q()
    for path in restricted_paths(request):
        restricted |= Q(path__startswith=path)
    return restricted


def visible(queryset, request):
    """``queryset.live().public()``, with one restriction query per request at most."""
    queryset = queryset.live()
    restricted = restricted_q(request)
    return queryset.exclude(restricted) if restricted else queryset
