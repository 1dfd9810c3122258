"""What the search page counts its results by, said once for every backend.

The view names each facet as a field lookup from the searched model (``content_type``,
``directivepage__issuer``), optionally counted per year of a date or per tree path
prefix (one path step per tree level, so a prefix names an ancestor page). Each backend's
results answer ``facet_counts(facets)`` with the total and every facet's counts from
one pass over the matches (search.database: one grouped SQL query; search.elasticsearch:
one aggregation request).
"""

from dataclasses import dataclass

from portal.pagecache import remember


@dataclass(frozen=True)
class Facet:
    lookup: str
    per_year: bool = False
    path_prefix: int = 0  # count per the first N characters of the lookup's value
    # With path_prefix: the only values of exactly N characters worth a count (the units
    # counted by); other values of that length (every page at the units' depth) are left
    # out rather than each making its own group.
    prefix_values: tuple = ()


def labels(model):
    """Every row of a small table (document types, issuers) by id, from the cache; a
    change to one bumps the cache version (search.apps)."""
    return remember(
        f"search:labels:{model._meta.label_lower}",
        lambda: {row.pk: row for row in model.objects.all()},
    )
