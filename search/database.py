"""Wagtail's database search backend, with queries that use the full-text indexes.

Same index, same query language, same results as ``wagtail.search.backends.database``
(it picks SQLite FTS5 or PostgreSQL the same way). On PostgreSQL only the SQL changes:

- PostgreSQL: the stock compiler matches ``title || body`` — a concatenated vector that
  no GIN index covers, so every search scans the whole index table. Here a superset
  that the GIN indexes on ``title`` and ``body`` answer narrows the rows first; the
  stock match then decides, so the results are exactly the stock ones.

Ranking expressions are the stock ones. Views still know nothing of the backend.
"""

from django.db import connection
from django.db.models import Q
from modelsearch.backends.database import SearchBackend as stock_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import PlainText


class IndexedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        queryset = self.queryset
        if self.fields is None and isinstance(self.query, PlainText):
            # A page matching (title || body) @@ (a & b & …) has every word in its
            # title, or at least one word in its body: the GIN indexes answer that
            # superset, and the stock (exact) match then runs on it alone.
            every = self.build_tsquery(self.query, config=config)
            anyword = self.build_tsquery(
                PlainText(self.query.query_string, operator="or"), config=config
            )
            self.queryset = queryset.filter(
                Q(index_entries__title=every) | Q(index_entries__body=anyword)
            )
        try:
            return super().search(config, start, stop, score_field, backend)
        finally:
            self.queryset = queryset


class IndexedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = IndexedPostgresSearchQueryCompiler


def SearchBackend(params):  # noqa: N802 - Wagtail looks this name up in the module
    if connection.vendor == "postgresql":
        return IndexedPostgresSearchBackend(params)
    return stock_backend(params)
