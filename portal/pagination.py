"""The one pagination helper: bad ``?page=`` values (text, negative, huge) give a valid page."""

import hashlib

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """A paginator whose total is kept like the menu: until the next change to any page.

    Counting a unit's 100,000 articles reads every one of them; the listing itself reads
    ten. The count of a query changes only when pages (or view restrictions) change, and
    every such change bumps the page cache version (portal.pagecache), so the kept count
    is never stale. Search results and lists are counted as usual.
    """

    @cached_property
    def count(self):
        if not isinstance(self.object_list, QuerySet):
            return super().count
        from portal.pagecache import remember

        using = self.object_list.db
        try:
            sql, params = self.object_list.query.get_compiler(using=using).as_sql()
        except EmptyResultSet:  # ``.none()``, or a filter that can match nothing
            return 0
        digest = hashlib.sha256(repr((using, sql, params)).encode()).hexdigest()
        return remember(f"count:{digest}", lambda: Paginator.count.func(self))


def paginate(request, queryset, per_page=None, param="page"):
    paginator = CountedPaginator(queryset, per_page or settings.PORTAL_PAGE_SIZE)
    return paginator.get_page(request.GET.get(param))
