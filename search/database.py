"""Wagtail's database search backend, with queries that use the full-text indexes.

Same index, same query language, same results as ``wagtail.search.backends.database``
(it picks SQLite FTS5 or PostgreSQL the same way); only the SQL changes:

- PostgreSQL: the stock compiler matches ``title || body``, a vector concatenated per
  row that no GIN index covers, so every search scans the whole index table. Here the
  same match is said per word ("in the title or in the body"), which the GIN indexes on
  ``title`` and ``body`` answer; the results are the stock ones. And the stock join
  ``object_id = page.id::text`` can only be hashed, reading every page of the site even
  for a rare word: the counts and the ranked page are driven from the matching index
  entries instead, their pages looked up by primary key (``page_id``, the object id cast
  to an integer), the ranked page read from the index table.

- SQLite (search.sqlite): the stock ranked search scores every matching page with a sub-query that runs
  the FTS5 ``MATCH`` again for that row (seconds for thousands of matches). Here the
  ranked page is read straight from the FTS table, ordered by the same ``bm25()``
  expression and the same tie-break, and only the pages on it are loaded.

Both (search.database_common): ``facet_counts()`` answers the total and every facet
(search.facets) with one grouped query over the matches, instead of one search per count.
Indexing: the stock ``add_items``, with each folded search field of a page read once
(the stock indexer reads every field again for the title, the body, the autocomplete
text and, on PostgreSQL, the two plain-text copies), and inside ``bulk_indexing()`` the
title norms (stock: recomputed after every ``add_items`` by two scans of the whole index
table) are refreshed once, at the end, which keeps a bulk load linear in its size.
tests/test_search_backends.py holds both engines to the stock results.

Ranking expressions are the stock ones. Views still know nothing of the backend.
"""

import operator
import re
from functools import reduce

from django.db import connection
from django.db.models import F, IntegerField, Q
from django.db.models.functions import Cast
from modelsearch.backends.database import SearchBackend as stock_backend
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import PlainText
from modelsearch.utils import get_descendants_content_types_pks

from .database_common import (
    DeferredTitleNormsMixin,
    FacetCountsMixin,
    OnePassIndexMixin,
    bulk_indexing,
    pages_in_order,
)

__all__ = ["SearchBackend", "bulk_indexing"]


class IndexedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def plain_words(self):
        """The words of a plain-text search on the whole index ([] for anything else)."""
        if self.fields is None and isinstance(self.query, PlainText):
            return [word for word in re.split(r"[\s\-]+", self.query.query_string) if word]
        return []

    def match(self, config, prefix=""):
        """(title || body) @@ (a & b) holds when each word is in the title or in the body;
        (title || body) @@ (a | b) when any word is in either. Said that way, without
        building the concatenated vector per row, the GIN indexes can answer it."""

        def in_title_or_body(query):
            tsquery = self.build_tsquery(query, config=config)
            return Q(**{f"{prefix}title": tsquery}) | Q(**{f"{prefix}body": tsquery})

        if self.query.operator == "or":
            return in_title_or_body(self.query)
        return reduce(operator.and_, (in_title_or_body(PlainText(w)) for w in self.plain_words()))

    def matching_entries(self, config):
        """The index entries of the queryset's model that match, with their page id."""
        return (
            IndexEntry.objects.filter(
                content_type_id__in=get_descendants_content_types_pks(self.queryset.model)
            )
            .filter(self.match(config))
            .annotate(page_id=Cast("object_id", IntegerField()))
        )

    def search(self, config, start, stop, score_field=None, backend=None):
        if not self.plain_words():
            return super().search(config, start, stop, score_field, backend)
        if not self.order_by_relevance and score_field is None:
            # Driven from the matching entries (the GIN indexes), the pages looked up by
            # primary key: the stock join on object_id = id::text reads every page first.
            matching = self.matching_entries(config).values("page_id")
            return self._apply_ordering_and_scoring(
                self.queryset.filter(pk__in=matching), None, start, stop
            )
        search_query = self.build_tsquery(self.query, config=config)
        rank = self._build_rank_expression(self.get_search_vectors(search_query), config)
        # One filter() call: every condition and the rank read the same index entry.
        return self._apply_ordering_and_scoring(
            self.queryset.filter(self.match(config, prefix="index_entries__")),
            rank,
            start,
            stop,
            score_field,
        )

    def ranked_ids(self, config, start, stop):
        """Page ids of the ranked slice, read from the index entries: the stock rank
        (title rank × title norm + body rank) and tie-break (newest id first)."""
        rank = self._build_rank_expression(
            [(F("title"), F("title_norm")), (F("body"), 1.0)], config
        )
        return (
            self.matching_entries(config)
            .filter(page_id__in=self.queryset.order_by().values("pk"))
            .annotate(rank=rank)
            .order_by(F("rank").desc(), F("page_id").desc())
            .values_list("page_id", flat=True)[start:stop]
        )


class FastPostgresIndex(DeferredTitleNormsMixin, OnePassIndexMixin, PostgresIndex):
    pass


class IndexedPostgresSearchResults(FacetCountsMixin, PostgresSearchResults):
    def _matches(self):
        compiler = self.query_compiler
        return compiler.search(
            compiler.get_config(self.backend), None, None, backend=self.backend
        ).order_by()

    def _do_search(self):
        compiler = self.query_compiler
        if not (
            isinstance(compiler, IndexedPostgresSearchQueryCompiler)  # not autocomplete
            and compiler.order_by_relevance
            and self._score_field is None
            and compiler.plain_words()
        ):
            return super()._do_search()
        # The ranked page straight from the index entries (no join reading every page),
        # then only its pages are loaded.
        ids = list(compiler.ranked_ids(compiler.get_config(self.backend), self.start, self.stop))
        return pages_in_order(compiler.queryset, ids)


class IndexedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = IndexedPostgresSearchQueryCompiler
    results_class = IndexedPostgresSearchResults
    index_class = FastPostgresIndex


def SearchBackend(params):  # noqa: N802 - Wagtail looks this name up in the module
    if connection.vendor == "postgresql":
        return IndexedPostgresSearchBackend(params)
    backend = stock_backend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        # FTS5 is there (else Wagtail's fallback); the module needs its FTS model.
        from .sqlite import RankedSQLiteSearchBackend

        backend = RankedSQLiteSearchBackend(params)
    return backend
