"""What both database engines of search.database share (SQLite FTS5 and PostgreSQL).

- ``bulk_indexing()``: many ``add_bulk`` calls, one title-norm refresh at the end;
- ``OnePassIndexMixin``: each folded search field of a page read once per ``add_items``
  (portal.search_index.one_pass), the stock ``add_items`` otherwise unchanged;
- ``FacetCountsMixin``: the total and every facet (search.facets) from one grouped query.

A module of its own so that search.sqlite and search.database do not import each other.
"""

import contextvars
from collections import Counter
from contextlib import contextmanager

from django.db.models import Case, CharField, Count, F, When
from django.db.models.functions import Cast, Length, Substr
from django.db.models.lookups import GreaterThan

from portal.search_index import one_pass

_deferred_norms = contextvars.ContextVar("deferred_title_norms", default=None)


@contextmanager
def bulk_indexing():
    """Index many pages (``add_bulk`` in batches) with one title-norm refresh at the end.

    The stock indexes refresh the title norms (``lavg / title length``, used by the
    ranking) after every ``add_items``, scanning the whole index table twice: quadratic in a
    bulk load. Here the indexes of the database backend only note that a refresh is due,
    and it runs once when the block ends (not if it raises). Other backends are unaffected.
    """
    if _deferred_norms.get() is not None:
        yield
        return
    pending = {}
    token = _deferred_norms.set(pending)
    try:
        yield
    finally:
        _deferred_norms.reset(token)
    for index in pending.values():
        index._refresh_title_norms()


class DeferredTitleNormsMixin:
    def _refresh_title_norms(self, full=False):
        pending = _deferred_norms.get()
        if pending is None or full:
            return super()._refresh_title_norms(full=full)
        pending.setdefault((type(self), self.write_connection.alias), self)


class OnePassIndexMixin:
    """The stock ``add_items``, with each folded field of an object read once."""

    def add_items(self, model, objs):
        with one_pass():
            return super().add_items(model, objs)


def pages_in_order(queryset, ids):
    """The pages of ``queryset`` with these ids, in that order."""
    pages = queryset.order_by().in_bulk(ids)
    return [pages[pk] for pk in ids if pk in pages]


class FacetCountsMixin:
    count_is_estimate = False  # the counts here are always exact (search.tantivy may estimate)

    def _matches(self):
        """The matching rows as a queryset, unranked."""
        return self.query_compiler.search(
            self.query_compiler.get_config(self.backend), None, None
        ).order_by()

    def facet_counts(self, facets):
        """(total, {name: Counter(value → count)}) from one GROUP BY over the matches."""
        columns = {f"facet_{name}": _facet_expression(facet) for name, facet in facets.items()}
        rows = self._matches().values(**columns).annotate(facet_count=Count("pk"))
        total, counts = 0, {name: Counter() for name in facets}
        for row in rows:
            count = row["facet_count"]
            total += count
            for name in facets:
                if (value := row[f"facet_{name}"]) is not None:
                    counts[name][int(value) if facets[name].per_year else value] += count
        return total, counts


def _facet_expression(facet):
    if facet.per_year:
        # The first four characters of the ISO date: native on both databases (Django's
        # year extraction is a Python function per row on SQLite).
        return Substr(Cast(facet.lookup, CharField()), 1, 4)
    if facet.path_prefix:
        prefix = Substr(facet.lookup, 1, facet.path_prefix)
        if not facet.prefix_values:
            return prefix
        # Only the prefixes of longer values and the listed values themselves: a few
        # groups, not one per page at the units' depth.
        return Case(
            When(GreaterThan(Length(facet.lookup), facet.path_prefix), then=prefix),
            When(**{f"{facet.lookup}__in": facet.prefix_values}, then=F(facet.lookup)),
            default=None,
        )
    return F(facet.lookup)
