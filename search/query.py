"""From what a reader typed to what the search backend receives.

The query is folded exactly like the index (portal.search_index), and only words
reach the backend: the syntax characters of FTS5, tsquery and Lucene cannot break
it. Document numbers ("35-NQ/TW", "NQ 35", "nghi quyet so 35") are recognised
here so the view can put that document first.
"""

import re
from dataclasses import dataclass, field

from django.db.models import F, Lookup, OrderBy, QuerySet
from django.db.models.sql import Query as SQLQuery
from django.utils.html import format_html, format_html_join
from modelsearch.backends.base import FilterError, FilterFieldError
from modelsearch.index import FilterField
from modelsearch.query import MATCH_ALL

from articles.models import DocumentType
from portal.vietnamese import fold, folded_words

from .facets import labels

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_query(raw: str) -> str:
    """What is kept of the typed query: no control characters, at most 200 characters."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


def search_terms(query: str) -> list[str]:
    """Folded, lower-case words: 'Nghị quyết 35-NQ/TW' → ['nghi', 'quyet', '35', 'nq', 'tw']."""
    return folded_words(query.lower())[:MAX_TERMS]


@dataclass
class NumberQuery:
    number: int
    type_ids: list[int] = field(default_factory=list)
    issuer_codes: list[str] = field(default_factory=list)


def document_number(terms: list[str]) -> NumberQuery | None:
    """A document number and type in the terms: '35 nq tw', 'nq 35', 'nghi quyet so 35'."""
    numbers = [int(term) for term in terms if term.isascii() and term.isdigit() and len(term) <= 6]
    if len(numbers) != 1:
        return None
    words = " " + " ".join(terms) + " "
    type_ids = []
    for pk, row in labels(DocumentType).items():  # from the cache
        name, code = row.name, row.code
        if f" {fold(code).lower()} " in words or f" {fold(name).lower()} " in words:
            type_ids.append(pk)
    if not type_ids:
        return None
    # Any other short word may be the issuer's code ('35 nq tw'): it decides ties.
    issuer_codes = [term for term in terms if term.isalpha() and len(term) <= 8]
    return NumberQuery(number=numbers[0], type_ids=type_ids, issuer_codes=issuer_codes)


class _AlignedFolding(dict):
    """A str.translate table, filled as characters are met: each folds to one character."""

    def __missing__(self, code):
        char = chr(code)
        folded = fold(char).lower()
        self[code] = folded if len(folded) == 1 else char.lower()
        return self[code]


_ALIGNED_FOLDING = _AlignedFolding()


def _fold_aligned(text: str) -> str:
    """``fold(text).lower()`` with one output character per input character."""
    return text.translate(_ALIGNED_FOLDING)


def snippet(text: str, terms: list[str], width: int = 220) -> str:
    """An HTML-escaped extract of ``text`` around the first match, matches in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    folded = _fold_aligned(text)
    pattern = (
        re.compile(
            r"\b(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\w*"
        )
        if terms
        else None
    )
    first = pattern.search(folded) if pattern else None
    start = 0
    if first and first.start() > width // 3:
        start = text.rfind(" ", 0, first.start() - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pairs, position = [], start
    if pattern:
        for match in pattern.finditer(folded, start, end):
            pairs.append((text[position : match.start()], text[match.start() : match.end()]))
            position = match.end()
    return format_html(
        "{}{}{}{}",
        "…" if start > 0 else "",
        format_html_join("", "{}<mark>{}</mark>", pairs),
        text[position:end],
        "…" if end < len(text) else "",
    )


class PlainOrderingMixin:
    """For the engines that sort in their own index (Tantivy, Elasticsearch): the search
    service orders newest first by ``F(field).desc(nulls_last=True)`` so that undated pages
    come last on PostgreSQL too; these engines read it as the plain field (their undated
    pages sort last already). Any other expression is left for the engine to refuse."""

    def __init__(self, queryset, *args, **kwargs):
        order = []
        for item in queryset.query.order_by:
            expression = getattr(item, "expression", None)
            if isinstance(item, OrderBy) and isinstance(expression, F):
                item = ("-" if item.descending else "") + expression.name
            order.append(item)
        if order != list(queryset.query.order_by):
            queryset = queryset.order_by(*order)
        super().__init__(queryset, *args, **kwargs)


class IndexFiltersMixin:
    """For the engines that filter in their own index (Tantivy, Elasticsearch), two gaps of
    Wagtail's walk of a queryset's WHERE:

    - it skips every ``…_ptr_id`` column (the joins of a page type's queries), which
      silently dropped a page type's own ``pk__in`` / ``pk=`` — the issuer filter on
      documents (articles.models.filter_documents). Those are the root page's id;
    - ``pk IN (SELECT pk FROM <page type> WHERE …)`` (articles.models.listing_dates: a date
      range per page type) is answered by the database and sent as a list of ids, tens of
      thousands for a long range. When the subquery is one page type (the searched model or
      a subclass: its documents carry its columns) selecting its pk, unsliced, with
      conditions on its filter fields only, its conditions become the engine's own filter.
    """

    def _get_filters_from_where_node(self, where_node, check_only=False):
        if isinstance(where_node, Lookup) and where_node.lookup_name in ("in", "exact"):
            pointer = getattr(where_node.lhs, "target", None)
            if pointer is not None and pointer.attname.endswith("_ptr_id"):
                root = pointer
                while root.remote_field is not None and root.remote_field.parent_link:
                    root = root.target_field
                by_id = next(
                    f
                    for f in root.model.get_search_fields()
                    if isinstance(f, FilterField) and f.field_name == root.name
                )
                if check_only:
                    return None
                return self._process_lookup([by_id], where_node.lookup_name, where_node.rhs)
        return super()._get_filters_from_where_node(where_node, check_only)

    def _process_lookup(self, field_path, lookup, value, **kwargs):
        # (Elasticsearch's own; Tantivy's compiler calls _subquery_filter from its own.)
        if lookup == "in" and isinstance(value, SQLQuery) and len(field_path) == 1:
            translated = self._subquery_filter(field_path[0], value)
            if translated is not None:
                return translated
        return super()._process_lookup(field_path, lookup, value, **kwargs)

    def _subquery_filter(self, filter_field, query):
        model = query.model
        field = filter_field.get_field(self.queryset.model)
        plain = (
            field.primary_key
            and issubclass(model, self.queryset.model)
            and len(query.select) == 1
            and getattr(query.select[0], "target", None) == model._meta.pk
            and not (query.low_mark or query.high_mark is not None or query.distinct_fields)
            and query.where
        )
        if not plain:
            return None
        compiler = type(self)(QuerySet(model=model, query=query.clone()), MATCH_ALL)
        compiler.backend = getattr(self, "backend", None)  # Tantivy's, set per search
        try:
            return compiler._get_filters_from_queryset()
        except (FilterError, FilterFieldError):
            return None
