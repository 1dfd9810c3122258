"""Wagtail's database search backend, with queries that use the full-text indexes.

Same index, same query language, same results as ``wagtail.search.backends.database``
(it picks SQLite FTS5 or PostgreSQL the same way). On PostgreSQL only the SQL changes:

- PostgreSQL: the stock compiler matches ``title || body`` — a concatenated vector that
  no GIN index covers, so every search scans the whole index table. Pages index their
  title in the body as well, so here the match is ``body @@ q``, which the GIN index
  on ``body`` answers.

Ranking expressions are the stock ones. Views still know nothing of the backend.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as stock_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)


class IndexedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        if self.fields is not None or not self._is_plain(self.query):
            return super().search(config, start, stop, score_field, backend)
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        rank = self._build_rank_expression(vectors, config)
        # The body holds the title too (units.models.PortalPage), so this one
        # GIN-indexed match finds exactly what the stock ``title || body`` match finds.
        queryset = self.queryset.filter(index_entries__body=search_query)
        return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)

    def _is_plain(self, query):
        from modelsearch.query import And, Or, Phrase, PlainText

        if isinstance(query, (PlainText, Phrase)):
            return True
        if isinstance(query, (And, Or)):
            return all(self._is_plain(sub) for sub in query.subqueries)
        return False


class IndexedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = IndexedPostgresSearchQueryCompiler


def SearchBackend(params):  # noqa: N802 - Wagtail looks this name up in the module
    if connection.vendor == "postgresql":
        return IndexedPostgresSearchBackend(params)
    return stock_backend(params)
