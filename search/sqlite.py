"""SQLite FTS5 part of search.database, imported only on SQLite (it needs the FTS model).

The stock ranked search scores every matching page with a sub-query that runs the FTS5
``MATCH`` again for that row. Here the ranked page is read straight from the FTS table,
ordered by the same ``bm25()`` expression and tie-break (each match's page looked up by
key), and only its pages are loaded. Indexing: see search.database_common.
"""

from django.db.models import Exists, F, IntegerField, OuterRef
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchResults,
)
from modelsearch.query import PlainText
from modelsearch.utils import get_descendants_content_types_pks

from .database_common import DeferredTitleNormsMixin, FacetCountsMixin, OnePassIndexMixin


class FastSQLiteIndex(DeferredTitleNormsMixin, OnePassIndexMixin, SQLiteIndex):
    pass


def pages_in_order(queryset, object_ids):
    """The pages of ``queryset`` with these index object ids, in that order."""
    ids = [queryset.model._meta.pk.to_python(object_id) for object_id in object_ids]
    pages = queryset.order_by().in_bulk(ids)
    return [pages[pk] for pk in ids if pk in pages]


class RankedSQLiteSearchResults(FacetCountsMixin, SQLiteSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        if not (
            compiler.order_by_relevance
            and self._score_field is None
            and compiler.fields is None
            and isinstance(compiler.query, PlainText)
            and compiler.query.query_string.split()
        ):
            return super()._do_search()
        config = compiler.get_config(self.backend)
        match = MatchExpression(
            compiler.FTS_TABLE_FIELDS,
            compiler.build_search_query(normalize(compiler.query), config=config),
        )
        model = compiler.queryset.model
        # The stock score (bm25 weighted by the title norm) and tie-break (newest pk),
        # computed once per matching row by FTS5 itself.
        # Each matching entry's page is looked up by primary key (EXISTS): work in
        # proportion to the matches, not a scan of every page for an IN list.
        ranked = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type__in=get_descendants_content_types_pks(model))
            .annotate(page_id=Cast("index_entry__object_id", IntegerField()))
            .filter(Exists(compiler.queryset.order_by().filter(pk=OuterRef("page_id"))))
            .annotate(score=compiler._build_rank_expression(compiler.get_search_vectors(), config))
            .order_by("score", F("page_id").desc())
            .values_list("index_entry__object_id", flat=True)[self.start : self.stop]
        )
        return pages_in_order(compiler.queryset, ranked)


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    results_class = RankedSQLiteSearchResults
    index_class = FastSQLiteIndex
