"""An embedded search engine: Tantivy (Rust, Lucene-like) as a Wagtail search backend.

Why: the database backends rank every match (PostgreSQL ``ts_rank``, SQLite ``bm25()``
over each matching row), so a common word costs in proportion to the pages it is in.
Tantivy keeps postings in blocks with their best score and finds the top k without
scoring them all, counts with a bitset pass, and answers the facets from column
("fast") fields in the same process: no server to run, files under ``SEARCH_INDEX_DIR``.

The index holds one document per indexed object (pages and snippets alike):

- ``t__<name>``: each SearchField's folded words (portal.search_index folds them, as for
  every backend), boosted at query time by the field's ``boost``;
- ``ac``: every prefix of the AutocompleteFields' words, for ``autocomplete()``;
- ``f__<table>__<column>``: each FilterField, typed (integers, booleans, dates as day
  numbers, datetimes as epoch microseconds, text as one raw term), so the queryset's
  filters (live, content types, a subtree, document type, issuer, dates) run inside the
  engine and the top k stays exact after filtering;
- ``s__…``: (date, pk) packed in one integer, for "newest first" with the stock tie-break;
  ``y__…``: a date's year and ``pp_<n>``: a tree path's first n characters, for facets.

Counts are exact up to ``SEARCH_EXACT_COUNT`` matches; above it ``facet_counts()``
counts a fixed 1/8 sample of the matches and scales it, and the results say
``count_is_estimate = True`` (the page says "khoảng …").

Writing: one writer at a time per index (Tantivy's own lock file, released by the OS
when a process dies). A writer waits up to ``SEARCH_WRITER_WAIT`` seconds for it; if the
lock stays busy (a rebuild holds it), the change is written to a spool folder and
applied by whoever holds or next takes the lock, so no publish is lost and no request
waits minutes. Readers never wait: each process opens the index read-only and reloads
it before a search (cheap: one small file read when nothing changed).
"""

import contextlib
import datetime
import hashlib
import json
import logging
import os
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import models
from django.db.models.sql import Query as SQLQuery
from django.db.models.sql.where import WhereNode
from django.utils import timezone
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FilterFieldError,
)
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    RelatedFields,
    SearchField,
    get_indexed_models,
)
from modelsearch.query import MATCH_ALL, MatchAll, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from portal.search_index import FoldedAutocompleteField, FoldedSearchField
from portal.vietnamese import folded_words

from .query import IndexFiltersMixin, PlainOrderingMixin

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MAX_PREFIX = 15  # autocomplete: prefixes of at most this many characters
PATH_STEP = 4  # treebeard's path: four characters per tree level
MAX_PATH = 64
SAMPLE_BUCKETS = 8  # above the exact-count threshold, facets count 1 bucket in 8
FACET_BUCKETS = 10_000
PACK = 2**32  # (date, pk) packed: date * PACK + pk
Occur = tantivy.Occur


def _fold_words(value):
    """The words of a field's value: strings, the lists StreamFields give, dicts, objects."""
    if value is None:
        return []
    if isinstance(value, str):
        return folded_words(value.lower())
    if isinstance(value, (list, tuple, set)):
        return [word for item in value for word in _fold_words(item)]
    if isinstance(value, dict):
        return [word for item in value.values() for word in _fold_words(item)]
    return folded_words(str(value).lower())


def _split_folded(value):
    """The words of a value portal.search_index already folded (words joined by spaces)."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.lower().split()  # folded, not lower-cased: "Dang" for "Đảng"
    if isinstance(value, (list, tuple)):
        return [word for item in value for word in _split_folded(item)]
    if isinstance(value, dict):
        return [word for item in value.values() for word in _split_folded(item)]
    return _fold_words(value)


def _field_words(field, obj):
    value = field.get_value(obj)
    if isinstance(field, (FoldedSearchField, FoldedAutocompleteField)):
        return _split_folded(value)
    return _fold_words(value)


# --- the schema, derived from the indexed models ------------------------------------


def _concrete_field(model, filter_field):
    try:
        return filter_field.get_field(model)
    except Exception:  # noqa: BLE001 - a FilterField naming a property: not filterable here
        return None


def _filter_kind(field):
    if isinstance(field, models.BooleanField):
        return "bool"
    if isinstance(field, models.DateTimeField):
        return "datetime"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, (models.IntegerField, models.AutoField, models.ForeignKey)):
        return "int"
    if isinstance(field, (models.FloatField, models.DecimalField)):
        return "float"
    if isinstance(field, (models.CharField, models.TextField, models.UUIDField)):
        return "text"
    return None


def filter_column(field):
    """The index column of a model field: named after the table that defines it."""
    return f"f__{field.model._meta.db_table}__{field.attname}"


class Layout:
    """Every column of the index, from the search fields of every indexed model."""

    def __init__(self):
        self.text = {}  # SearchField name → boost (the highest any model gives it)
        self.filters = {}  # column → kind
        for model in get_indexed_models():
            for field in model.get_search_fields():
                self._add(model, field)
        self.text = dict(sorted(self.text.items()))
        self.filters = dict(sorted(self.filters.items()))

    def _add(self, model, field, prefix=""):
        if isinstance(field, RelatedFields):
            related = _concrete_field(model, field)
            if related is not None and related.related_model is not None:
                for sub in field.fields:
                    if isinstance(sub, SearchField):
                        self._add_text(f"{prefix}{field.field_name}__{sub.field_name}", sub)
            return
        if isinstance(field, SearchField):
            self._add_text(prefix + field.field_name, field)
        elif isinstance(field, FilterField):
            concrete = _concrete_field(model, field)
            if concrete is not None and (kind := _filter_kind(concrete)):
                self.filters[filter_column(concrete)] = kind

    def _add_text(self, name, field):
        self.text[name] = max(self.text.get(name, 0), float(field.boost or 1))

    def fingerprint(self):
        data = json.dumps([SCHEMA_VERSION, sorted(self.text), self.filters], sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()[:12]

    def build(self):
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("key", tokenizer_name="raw")
        builder.add_integer_field("pk", stored=True, indexed=True, fast=True)
        builder.add_integer_field("ct", indexed=True, fast=True)
        builder.add_integer_field("sample", indexed=True, fast=True)
        builder.add_text_field("ac", tokenizer_name="whitespace", index_option="freq")
        for name in self.text:
            builder.add_text_field(f"t__{name}", tokenizer_name="whitespace")
        for column, kind in self.filters.items():
            if kind == "bool":
                builder.add_boolean_field(column, indexed=True, fast=True)
            elif kind == "float":
                builder.add_float_field(column, indexed=True, fast=True)
            elif kind == "text":
                builder.add_text_field(column, tokenizer_name="raw", fast=True)
            else:
                builder.add_integer_field(column, indexed=True, fast=True)
            if kind in ("date", "datetime"):
                name = column[3:]
                builder.add_integer_field(f"s__{name}", fast=True)
                builder.add_integer_field(f"y__{name}", indexed=True, fast=True)
        for length in range(PATH_STEP, MAX_PATH + 1, PATH_STEP):
            builder.add_text_field(f"pp_{length}", tokenizer_name="raw", fast=True)
        return builder.build()


def _date_number(value):
    """Dates as day numbers, datetimes as epoch microseconds (UTC): both integers."""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
        return int(value.timestamp() * 1_000_000)
    if isinstance(value, datetime.date):
        return value.toordinal()
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return _date_number(datetime.datetime.fromisoformat(value))
    return None


def _sort_key(value, pk):
    """(date, pk) as one integer: ordering by it is ordering by the date, then the pk."""
    if value is None:
        return -(2**62) + int(pk)
    if isinstance(value, datetime.datetime):
        number = _date_number(value) // 1_000_000  # seconds
    else:
        number = value.toordinal()
    return number * PACK + int(pk) % PACK


def _coerce(kind, value):
    if value is None:
        return None
    if isinstance(value, models.Model):
        value = value.pk
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind in ("date", "datetime"):
        return _date_number(value)
    return str(value)


_plans = {}


def _search_fields(model):
    """The model's search fields, built once per process (the models do not change)."""
    if model not in _plans:
        _plans[model] = model.get_search_fields()
    return _plans[model]


def _filter_plan(layout, model, name, field):
    key = (model, name)
    if key not in _plans:
        concrete = _concrete_field(model, field)
        column = filter_column(concrete) if concrete is not None else None
        _plans[key] = (concrete, column, layout.filters.get(column))
    return _plans[key]


# --- opening the index, one writer at a time -----------------------------------------

_open_indexes = {}
_open_lock = threading.Lock()


class WriterBusy(Exception):
    pass


class TantivyIndex(BaseIndex):
    def __init__(self, backend):
        super().__init__(backend)
        self.layout = backend.layout
        self.schema = backend.schema
        self.path = backend.path

    def get_key(self):
        return str(self.path)

    # Reading
    def open(self):
        key = (os.getpid(), str(self.path))
        with _open_lock:
            index = _open_indexes.get(key)
            if index is None:
                self.path.mkdir(parents=True, exist_ok=True)
                (self.path / "spool").mkdir(exist_ok=True)
                index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
                _open_indexes[key] = index
        return index

    def searcher(self):
        index = self.open()
        index.reload()
        return index.searcher()

    # Writing
    @contextlib.contextmanager
    def writer(self, wait=None):
        """The index's one writer, waited for up to ``wait`` seconds (WriterBusy after)."""
        index = self.open()
        wait = self.backend.writer_wait if wait is None else wait
        deadline = time.monotonic() + wait
        delay = 0.01
        while True:
            try:
                writer = index.writer(self.backend.writer_heap, 1)
                break
            except ValueError as error:
                if "LockBusy" not in str(error):
                    raise
                if time.monotonic() >= deadline:
                    raise WriterBusy(str(self.path)) from error
                time.sleep(delay)
                delay = min(delay * 2, 0.25)
        try:
            yield writer
            self._drain_spool(writer)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.rollback()
                writer.wait_merging_threads()  # releases the lock now, not at collection
            raise
        finally:
            del writer
        index.reload()
        # A change spooled while this writer held the lock, after its last drain, is
        # applied now (its author saw the lock busy and left it to the holder).
        if any((self.path / "spool").glob("*.json")):
            with contextlib.suppress(WriterBusy), self.writer(wait=0):
                pass

    def _spool(self, operation):
        spool = self.path / "spool"
        name = f"{time.time_ns()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        temporary = spool / f"{name}.tmp"
        temporary.write_text(json.dumps(operation), encoding="utf-8")
        temporary.replace(spool / f"{name}.json")

    def _drain_spool(self, writer):
        for path in sorted((self.path / "spool").glob("*.json")):
            try:
                operation = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # being written (renamed into place when complete)
            if operation["op"] == "delete":
                for key in operation["keys"]:
                    writer.delete_documents_by_term("key", key)
            else:
                self._add_documents(
                    writer, [tantivy.Document.from_dict(d, self.schema) for d in operation["docs"]]
                )
            path.unlink(missing_ok=True)

    def _change(self, operation, apply):
        """Apply a change with the writer, or spool it when the writer stays busy."""
        try:
            with self.writer() as writer:
                apply(writer)
        except WriterBusy:
            logger.info("Search index writer busy; change spooled for the holder")
            self._spool(operation)
            # Take the lock once more: if the holder released it meanwhile, apply now.
            with contextlib.suppress(WriterBusy), self.writer(wait=0):
                pass

    @staticmethod
    def _add_documents(writer, documents):
        for document in documents:
            writer.delete_documents_by_term("key", document.get_first("key"))
            writer.add_document(document)

    def write_documents(self, documents):
        """Add (or replace, by key) these documents: under the writer lock, or spooled."""
        operation = {"op": "add", "docs": [document.to_dict() for document in documents]}
        self._change(operation, lambda writer: self._add_documents(writer, documents))

    def delete_keys(self, keys):
        operation = {"op": "delete", "keys": list(keys)}

        def apply(writer):
            for key in keys:
                writer.delete_documents_by_term("key", key)

        self._change(operation, apply)

    def _key(self, model, pk):
        return f"{model._meta.label_lower}:{pk}"

    def _root(self, model):
        while model._meta.parents:
            model = next(iter(model._meta.parents))
        return model

    def document(self, model, obj):
        layout = self.layout
        document = tantivy.Document()
        document.add_text("key", self._key(self._root(model), obj.pk))
        document.add_integer("pk", int(obj.pk))
        document.add_integer("sample", int(obj.pk) % SAMPLE_BUCKETS)
        for content_type in {
            get_content_type_pk(m) for m in (model, *model._meta.get_parent_list())
        }:
            document.add_integer("ct", content_type)
        text, prefixes = {}, set()
        for field in _search_fields(model):
            if isinstance(field, SearchField):
                words = _field_words(field, obj)
                text.setdefault(field.field_name, []).extend(words)
            elif isinstance(field, AutocompleteField):
                for word in _field_words(field, obj):
                    prefixes.update(word[:n] for n in range(1, min(len(word), MAX_PREFIX) + 1))
            elif isinstance(field, RelatedFields):
                self._related_text(obj, field, text)
            elif isinstance(field, FilterField):
                self._filter_values(document, model, obj, field)
        for name, words in text.items():
            if words and name in layout.text:
                document.add_text(f"t__{name}", " ".join(words))
        if prefixes:
            document.add_text("ac", " ".join(sorted(prefixes)))
        path = getattr(obj, "path", None)
        if isinstance(path, str) and isinstance(obj, models.Model) and hasattr(obj, "depth"):
            for length in range(PATH_STEP, min(len(path) - 1, MAX_PATH) + 1, PATH_STEP):
                document.add_text(f"pp_{length}", path[:length])
        return document

    def _related_text(self, obj, field, text):
        value = field.get_value(obj)
        if value is None:
            return
        related = value.all() if hasattr(value, "all") else [value]
        for item in related:
            for sub in field.fields:
                if isinstance(sub, SearchField):
                    words = _field_words(sub, item)
                    text.setdefault(f"{field.field_name}__{sub.field_name}", []).extend(words)

    def _filter_values(self, document, model, obj, field):
        concrete, column, kind = _filter_plan(self.layout, model, field.field_name, field)
        if kind is None:
            return
        raw = getattr(obj, concrete.attname, None)
        value = _coerce(kind, raw)
        if value is None:
            if kind in ("date", "datetime"):
                document.add_integer(f"s__{column[3:]}", _sort_key(None, obj.pk))
            return
        if kind == "bool":
            document.add_boolean(column, value)
        elif kind == "float":
            document.add_float(column, value)
        elif kind == "text":
            document.add_text(column, value)
        else:
            document.add_integer(column, value)
        if kind in ("date", "datetime"):
            document.add_integer(f"s__{column[3:]}", _sort_key(raw, obj.pk))
            document.add_integer(f"y__{column[3:]}", raw.year)

    # BaseIndex
    def add_model(self, model):
        pass

    def refresh(self):
        self.open().reload()

    def reset(self):
        with self.writer() as writer:
            writer.delete_all_documents()

    def add_items(self, model, items):
        documents = [self.document(model, obj) for obj in items]
        if documents:
            self.write_documents(documents)

    def delete_item(self, item):
        self.delete_keys([self._key(self._root(type(item)), item.pk)])


class TantivyRebuilder:
    """``update_index``: empty the index and hold its writer for the whole rebuild."""

    def __init__(self, index):
        self.index = index
        self._writer = None

    def start(self):
        self._context = self.index.writer(wait=max(self.index.backend.writer_wait, 60))
        writer = self._context.__enter__()
        writer.delete_all_documents()
        return _RebuildIndex(self.index, writer)

    def finish(self):
        self._context.__exit__(None, None, None)


class _RebuildIndex:
    """The index as update_index sees it during a rebuild: writes go to the held writer."""

    def __init__(self, index, writer):
        self.index, self.writer = index, writer

    def add_model(self, model):
        pass

    def add_items(self, model, items):
        self.index._add_documents(self.writer, [self.index.document(model, o) for o in items])

    def refresh(self):
        pass


# --- searching -----------------------------------------------------------------------


class TantivySearchQueryCompiler(IndexFiltersMixin, PlainOrderingMixin, BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "and"  # as the database backends
    autocomplete = False

    backend = None  # set by TantivySearchBackend._search

    # Filters (BaseSearchQueryCompiler calls these while walking the queryset's WHERE)
    def _process_lookup(self, field_path, lookup, value):
        if len(field_path) != 1:
            return None
        field = _concrete_field(self.queryset.model, field_path[0])
        column = filter_column(field) if field is not None else None
        kind = self.backend.layout.filters.get(column)
        if kind is None:
            raise FilterFieldError(
                f"Cannot filter search results with field {field_path[0].field_name}",
                field_name=field_path[0].field_name,
            )
        schema = self.backend.schema
        if lookup == "isnull":
            exists = _exists(schema, column, kind)
            return _negate(exists) if value else exists
        if lookup == "exact":
            if value is None:
                return _negate(_exists(schema, column, kind))
            return tantivy.Query.term_query(schema, column, _coerce(kind, value))
        if lookup == "in":
            if isinstance(value, SQLQuery):
                # An id subquery: its own conditions when they are the index's columns
                # (IndexFiltersMixin, shared with Elasticsearch); else the database answers
                # it, and the index filters by the ids.
                translated = self._subquery_filter(field_path[0], value)
                if translated is not None:
                    return translated
                value = models.QuerySet(model=value.model, query=value.clone()).values_list(
                    "pk", flat=True
                )
            values = [_coerce(kind, v) for v in value if v is not None]
            if not values:
                return tantivy.Query.empty_query()
            return tantivy.Query.term_set_query(schema, column, values)
        if lookup in ("gt", "gte", "lt", "lte", "range"):
            field_type = {
                "int": tantivy.FieldType.Integer,
                "date": tantivy.FieldType.Integer,
                "datetime": tantivy.FieldType.Integer,
                "float": tantivy.FieldType.Float,
            }.get(kind)
            if field_type is None:
                return None
            if lookup == "range":
                low, high = (_coerce(kind, v) for v in value)
                return tantivy.Query.range_query(schema, column, field_type, low, high)
            bound = _coerce(kind, value)
            if lookup in ("gt", "gte"):
                return tantivy.Query.range_query(
                    schema, column, field_type, bound, None, include_lower=lookup == "gte"
                )
            return tantivy.Query.range_query(
                schema, column, field_type, None, bound, include_upper=lookup == "lte"
            )
        if lookup == "startswith" and kind == "text":
            value = str(value)
            subtree = value and len(value) % PATH_STEP == 0 and len(value) <= MAX_PATH
            if field.attname == "path" and subtree:
                # A subtree: every deeper page carries this prefix; the page itself too.
                return _any(
                    tantivy.Query.term_query(schema, f"pp_{len(value)}", value),
                    tantivy.Query.term_query(schema, column, value),
                )
            return tantivy.Query.regex_query(schema, column, _regex_escape(value) + ".*")
        return None

    def _process_match_none(self):
        return tantivy.Query.empty_query()

    def _connect_filters(self, filters, connector, negated):
        if not filters:
            # Every child was a pointer column Wagtail skips (``page_ptr_id``): no
            # constraint, negated or not (as the Elasticsearch backend does).
            return None
        if len(filters) == 1:
            query = filters[0]
        elif connector == "AND":
            query = tantivy.Query.boolean_query([(Occur.Must, f) for f in filters])
        else:
            query = tantivy.Query.boolean_query([(Occur.Should, f) for f in filters])
        return _negate(query) if negated else query

    # The query
    def words(self):
        if isinstance(self.query, PlainText):
            return folded_words(self.query.query_string.lower())[:32]
        return []

    def text_fields(self):
        layout = self.backend.layout.text
        if self.fields is None:
            return layout
        return {name: boost for name, boost in layout.items() if name in self.fields}

    def text_query(self):
        schema = self.backend.schema
        if isinstance(self.query, MatchAll) or self.query is MATCH_ALL:
            return tantivy.Query.all_query()
        words = self.words()
        if not words:
            return None
        if self.autocomplete:
            clauses = [tantivy.Query.term_query(schema, "ac", word[:MAX_PREFIX]) for word in words]
        else:
            fields = self.text_fields()
            if not fields:
                return None
            clauses = []
            for word in words:
                per_field = [
                    (
                        Occur.Should,
                        tantivy.Query.boost_query(
                            tantivy.Query.term_query(schema, f"t__{name}", word), boost
                        )
                        if boost != 1
                        else tantivy.Query.term_query(schema, f"t__{name}", word),
                    )
                    for name, boost in fields.items()
                ]
                clauses.append(tantivy.Query.boolean_query(per_field))
        operator = "and" if self.autocomplete else self.query.operator
        occur = Occur.Must if operator == "and" else Occur.Should
        return tantivy.Query.boolean_query([(occur, clause) for clause in clauses])

    def filter_query(self):
        schema = self.backend.schema
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        clauses = [tantivy.Query.term_set_query(schema, "ct", content_types)]
        where = self._get_filters_from_queryset()
        if where is not None:
            clauses.append(where)
        return tantivy.Query.boolean_query([(Occur.Must, clause) for clause in clauses])

    def query_object(self, extra=None):
        """The whole query: the words (scored) and the filters (not scored)."""
        text = self.text_query()
        if text is None:
            return None
        clauses = [
            (Occur.Must, text),
            (Occur.Must, tantivy.Query.const_score_query(self.filter_query(), 0.0)),
        ]
        if extra is not None:
            clauses.append((Occur.Must, tantivy.Query.const_score_query(extra, 0.0)))
        return tantivy.Query.boolean_query(clauses)

    def ordering(self):
        """The index column and direction for the queryset's order, or None when the
        index cannot give it (the database orders the matches then)."""
        if self.order_by_relevance:
            return "score", None
        order = [str(o) for o in self.queryset.query.order_by]
        if not order:
            return "pk", tantivy.Order.Asc
        pk_names = {"pk", "id", self.queryset.model._meta.pk.attname}
        first, rest = order[0], order[1:]
        reverse = first.startswith("-")
        name = first.lstrip("-")
        direction = tantivy.Order.Desc if reverse else tantivy.Order.Asc
        if name in pk_names and not rest:
            return "pk", direction
        if rest and (
            rest != [("-" if reverse else "") + rest[0].lstrip("-")]
            or rest[0].lstrip("-") not in pk_names
        ):
            return None
        filterable = self._get_filterable_field(name)
        field = _concrete_field(self.queryset.model, filterable) if filterable else None
        if field is None:
            return None
        column = filter_column(field)
        if self.backend.layout.filters.get(column) in ("date", "datetime"):
            return f"s__{column[3:]}", direction
        if not rest and self.backend.layout.filters.get(column) in ("int", "float", "bool"):
            return column, direction
        return None


class TantivyAutocompleteQueryCompiler(TantivySearchQueryCompiler):
    autocomplete = True


def _regex_escape(value):
    return "".join(c if c.isalnum() else "\\" + c for c in value)


def _exists(schema, column, kind):
    if kind == "text":
        return tantivy.Query.regex_query(schema, column, ".*")
    if kind == "bool":
        return _any(
            tantivy.Query.term_query(schema, column, True),
            tantivy.Query.term_query(schema, column, False),
        )
    field_type = tantivy.FieldType.Float if kind == "float" else tantivy.FieldType.Integer
    low = float("-inf") if kind == "float" else -(2**63)
    return tantivy.Query.range_query(schema, column, field_type, low, None)


def _any(*queries):
    return tantivy.Query.boolean_query([(Occur.Should, q) for q in queries])


def _negate(query):
    return tantivy.Query.boolean_query(
        [(Occur.Must, tantivy.Query.all_query()), (Occur.MustNot, query)]
    )


def _rechecked(queryset):
    """The queryset the matched pages are read from: its own conditions once more (a page
    unpublished or restricted since it was indexed is not shown), but for those that read
    another table (id subqueries: a date range, an issuer), which the index has applied and
    which PostgreSQL answers by reading all of that table even for twenty ids."""
    where = queryset.query.where
    if where.connector != "AND" or where.negated:
        return queryset
    kept = [child for child in where.children if not _reads_a_subquery(child)]
    if len(kept) == len(where.children):
        return queryset
    queryset = queryset._chain()
    queryset.query.where = WhereNode(kept, connector="AND")
    return queryset


def _reads_a_subquery(node):
    if isinstance(node, WhereNode):
        return any(_reads_a_subquery(child) for child in node.children)
    return isinstance(getattr(node, "rhs", None), SQLQuery)


class TantivySearchResults(BaseSearchResults):
    supports_facet = False
    count_is_estimate = False

    def _compiler(self):
        return self.query_compiler

    def _pks(self, searcher, query, start, stop):
        compiler = self._compiler()
        ordering = compiler.ordering()
        limit = (stop - start) if stop is not None else max(searcher.num_docs - start, 0)
        if limit <= 0:
            return []
        if ordering is None:
            return None
        column, direction = ordering
        if column == "score":
            hits = searcher.search(query, limit, count=False, offset=start).hits
        else:
            hits = searcher.search(
                query, limit, count=False, order_by_field=column, offset=start, order=direction
            ).hits
        return [searcher.doc(address)["pk"][0] for _key, address in hits]

    def _do_search(self):
        compiler = self._compiler()
        query = compiler.query_object()
        if query is None:
            return []
        searcher = self.backend.index.searcher()
        pks = self._pks(searcher, query, self.start, self.stop)
        queryset = compiler.queryset
        if pks is None:
            # An order the index does not hold: the database orders the matches.
            everything = self._pks_all(searcher, query)
            return list(queryset.filter(pk__in=everything)[self.start : self.stop])
        found = _rechecked(queryset).order_by().in_bulk(pks)
        return [found[pk] for pk in pks if pk in found]

    def _pks_all(self, searcher, query):
        hits = searcher.search(query, max(searcher.num_docs, 1), count=False).hits
        return [searcher.doc(address)["pk"][0] for _key, address in hits]

    def _do_count(self):
        query = self._compiler().query_object()
        if query is None:
            return 0
        count = self.backend.index.searcher().search(query, 1, count=True).count
        return (
            max(0, count - self.start)
            if self.stop is None
            else max(0, min(count, self.stop) - self.start)
        )

    # facet_counts(facets): (total, {name: Counter(value → count)}), as search.database
    def facet_counts(self, facets):
        compiler = self._compiler()
        query = compiler.query_object()
        if query is None:
            return 0, {name: Counter() for name in facets}
        searcher = self.backend.index.searcher()
        total = searcher.search(query, 1, count=True).count
        scale = 1
        aggregated = query
        if total > self.backend.exact_count:
            # A fixed sample of the matches (pk mod 8): counts scaled, said to be estimates.
            sample = tantivy.Query.term_query(self.backend.schema, "sample", 0)
            aggregated = compiler.query_object(extra=sample)
            scale = SAMPLE_BUCKETS
            self.count_is_estimate = True
        aggregations, exact_paths = {}, {}
        for name, facet in facets.items():
            column = self._facet_column(facet)
            if facet.path_prefix:
                aggregations[name] = {
                    "terms": {"field": f"pp_{facet.path_prefix}", "size": FACET_BUCKETS}
                }
                if facet.prefix_values:
                    exact_paths[name] = (column, facet.prefix_values)
            elif facet.per_year:
                aggregations[name] = {"terms": {"field": f"y__{column[3:]}", "size": FACET_BUCKETS}}
            else:
                aggregations[name] = {"terms": {"field": column, "size": FACET_BUCKETS}}
        result = searcher.aggregate(aggregated, aggregations) if aggregations else {}
        counts = {}
        for name, facet in facets.items():
            kind = self.backend.layout.filters.get(self._facet_column(facet))
            counter = Counter()
            for bucket in result.get(name, {}).get("buckets", []):
                key = bucket["key"]
                if kind in ("int", "date", "datetime") or facet.per_year:
                    key = int(key)
                counter[key] += bucket["doc_count"] * scale
            counts[name] = counter
        for name, (column, values) in exact_paths.items():
            # The listed units themselves (a path exactly the prefix length).
            exact = tantivy.Query.term_set_query(self.backend.schema, column, list(values))
            result = searcher.aggregate(
                compiler.query_object(extra=exact),
                {name: {"terms": {"field": column, "size": FACET_BUCKETS}}},
            )
            for bucket in result[name]["buckets"]:
                counts[name][bucket["key"]] += bucket["doc_count"]
        return total, counts

    def _facet_column(self, facet):
        model = self.query_compiler.queryset.model
        *relations, name = facet.lookup.split("__")
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        filterable = next(
            (f for f in model.get_filterable_search_fields() if f.field_name == name), None
        )
        field = _concrete_field(model, filterable) if filterable else model._meta.get_field(name)
        return filter_column(field)


class TantivySearchBackend(BaseSearchBackend):
    query_compiler_class = TantivySearchQueryCompiler
    autocomplete_query_compiler_class = TantivyAutocompleteQueryCompiler
    results_class = TantivySearchResults
    index_class = TantivyIndex
    rebuilder_class = TantivyRebuilder
    # An index write that fails (disk full) is logged, the editor's save goes on;
    # update_index repairs. A busy writer is not a failure: the change is spooled.
    catch_indexing_errors = True

    def __init__(self, params):
        super().__init__(params)
        self.layout = _layout()
        self.schema = self.layout.build()
        root = Path(params.get("PATH") or settings.SEARCH_INDEX_DIR)
        # One folder per schema: a change to the indexed fields starts an empty index
        # beside the old one (update_index fills it) instead of mixing two layouts.
        self.path = root / f"v{SCHEMA_VERSION}-{self.layout.fingerprint()}"
        self.exact_count = int(
            params.get("EXACT_COUNT", getattr(settings, "SEARCH_EXACT_COUNT", 10_000))
        )
        self.writer_wait = float(
            params.get("WRITER_WAIT", getattr(settings, "SEARCH_WRITER_WAIT", 5))
        )
        self.writer_heap = int(params.get("WRITER_HEAP", 50_000_000))
        self.index = TantivyIndex(self)

    def get_index_for_model(self, model):
        return self.index

    def all_indexes(self):
        yield self.index

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        results = super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        if results.query_compiler is not None:
            results.query_compiler.backend = self
        return results

    def reset_indexes(self):
        self.index.reset()


_layouts = {}


def _layout():
    """The layout is the same for the life of a process (the models do not change)."""
    if "layout" not in _layouts:
        _layouts["layout"] = Layout()
    return _layouts["layout"]


SearchBackend = TantivySearchBackend


def reset_test_indexes():
    """Empty every configured Tantivy index that holds documents (the test suite's)."""
    from modelsearch.backends import get_search_backends

    for backend in get_search_backends():
        if isinstance(backend, TantivySearchBackend) and backend.index.searcher().num_docs:
            backend.reset_indexes()
