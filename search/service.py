"""One search service for every caller.

The search page and its JSON (search.views.search), the suggestions (search.views.suggest),
API v2 ``?search=`` (api.filters.FoldedSearchFilter) and the admin's page search
(search.admin_views) all rank through ``rank()``:

1. exact-match candidates, found by cheap indexed lookups, in tiers:
   a unit whose name or short name is the query (search.models.TitleKey, kind UNIT);
   documents whose number and type the query names ('35-NQ/TW', '35/NQ-TW', 'nq 35',
   'nghi quyet so 35'; search.query.document_number); pages whose whole title is the
   query (TitleKey, kind TITLE). Only candidates the full-text search matches are kept,
   so counts and facets stay those of the matches. Then, for a query of three words or
   more, the pages holding its words as a phrase, in the backend's order;
2. then the backend's ranked matches without those candidates, to fill the page.

Pages with every word are searched first; when none has them all, pages with any.
The backend is reached only through Wagtail's search API (``queryset.search()``, slicing,
``count()``, ``facet_counts()``, an optional ``count_is_estimate``): nothing here asks
which backend is configured.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from wagtail.search.query import Phrase

from articles.models import DirectivePage, DocumentType, filter_documents, listing_dates
from portal.pagecache import remember
from units.models import Issuer, UnitPage

from .facets import Facet, labels
from .forms import CONTENT_TYPES, SearchForm
from .keys import fold_key
from .models import TitleKey
from .query import document_number, search_terms

MAX_CANDIDATES = 20
PHRASE_MIN_TERMS = 3


# --- exact-match candidates ---------------------------------------------------------------


def candidate_ids(query, terms):
    """Page ids that match the query exactly, best tier first (not yet checked against
    the caller's queryset or the full-text matches)."""
    key = fold_key(query)
    keyed = list(
        TitleKey.objects.filter(key=key).order_by("kind", "page_id").values_list("page_id", "kind")
    )[:MAX_CANDIDATES]
    units = [pk for pk, kind in keyed if kind == TitleKey.Kind.UNIT]
    titles = [pk for pk, kind in keyed if kind == TitleKey.Kind.TITLE]
    ordered = units + _numbered_documents(terms) + titles
    return list(dict.fromkeys(ordered))[:MAX_CANDIDATES]


def _numbered_documents(terms):
    """Documents whose number and type the terms name, best first: the issuer the query
    names ('35 nq tw'), then the closest text, then the newest."""
    wanted = document_number(terms)
    if wanted is None:
        return []
    documents = list(
        DirectivePage.objects.filter(
            number=wanted.number, document_type_id__in=wanted.type_ids
        ).values_list("pk", "issuer__code", "issue_date")[:MAX_CANDIDATES]
    )
    if len(documents) > 1:
        ranked = {
            page.pk: rank
            for rank, page in enumerate(
                DirectivePage.objects.filter(pk__in=[pk for pk, _c, _d in documents]).search(
                    " ".join(terms), operator="or"
                )
            )
        }
        codes = set(wanted.issuer_codes)
        documents.sort(
            key=lambda d: (
                (d[1] or "").lower() not in codes,
                ranked.get(d[0], len(ranked)),
                -d[2].toordinal() if d[2] else 0,
            )
        )
    return [pk for pk, _code, _date in documents]


# --- ranked results -----------------------------------------------------------------------


class RankedResults:
    """Exact-match candidates first, then the backend's ranked matches without them.

    A sequence a paginator (Django's, DRF's, the admin's) slices and counts: positions are
    stable from one page to the next and nothing appears twice. The count is the
    candidates plus the backend's count of the rest, unless the caller already knows it
    (the search page's facet query gives it: one count serves).
    """

    ordered = True  # Django's paginator warns about unordered lists

    def __init__(self, candidates, rest, operator, rest_count=None):
        self.candidates, self.rest, self.operator = candidates, rest, operator
        self._rest_count = rest_count

    @property
    def count_is_estimate(self):
        return bool(getattr(self.rest, "count_is_estimate", False))

    def count(self):
        if self._rest_count is None:
            self._rest_count = self.rest.count()
        return len(self.candidates) + self._rest_count

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, key):
        if not isinstance(key, slice):
            items = self[key : key + 1]
            if not items:
                raise IndexError(key)
            return items[0]
        start, stop = key.start or 0, key.stop
        if start < 0 or (stop is not None and stop < 0) or key.step not in (None, 1):
            raise ValueError("RankedResults takes plain forward slices")
        known = len(self.candidates)
        head = self.candidates[start:stop]
        rest_start = max(start - known, 0)
        rest_stop = None if stop is None else max(stop - known, 0)
        if rest_stop is not None and rest_stop <= rest_start:
            return head
        return head + list(self.rest[rest_start:rest_stop])


def _matches(queryset, text, operator, order_by_relevance):
    return queryset.search(text, operator=operator, order_by_relevance=order_by_relevance)


def _matched_candidates(queryset, query, terms, operator):
    """The exact-match candidates inside ``queryset`` that the full-text search matches,
    in tier order, as ``queryset`` gives them (specific pages, annotations kept); then,
    for a query of several words, the pages that hold them as a phrase, best first."""
    ids = candidate_ids(query, terms)
    text = " ".join(terms)
    candidates = []
    if ids:
        found = {
            page.pk: page for page in _matches(queryset.filter(pk__in=ids), text, operator, False)
        }
        candidates = [found[pk] for pk in ids if pk in found]
    if len(terms) >= PHRASE_MIN_TERMS and operator == "and":
        # Folded syllables are common ('giam manh dau moi' is in many pages, scattered):
        # the pages that have them in this order are the ones meant.
        phrased = queryset.exclude(pk__in=[page.pk for page in candidates]).search(Phrase(text))
        candidates += list(phrased[: MAX_CANDIDATES - len(candidates)])
    return candidates


def rank(
    queryset, query, *, operator=None, order_by_relevance=True, any_word_fallback=True, count=None
):
    """``queryset``'s pages matching ``query`` (already cleaned), ranked: candidates first.

    ``operator`` None: every word, or, when no page has them all (and
    ``any_word_fallback``), any word. ``order_by_relevance`` False keeps the queryset's
    order and puts no candidate first. ``count`` (with ``operator`` given): the number
    of matches in ``queryset`` when the caller has counted them already.
    Returns None when the query has no word to search for.
    """
    terms = search_terms(query)
    if not terms:
        return None
    text = " ".join(terms)
    chosen = operator or "and"
    candidates = _matched_candidates(queryset, query, terms, chosen) if order_by_relevance else []
    rest_queryset = queryset.exclude(pk__in=[page.pk for page in candidates])
    rest_count = None if count is None else count - len(candidates)
    results = RankedResults(
        candidates, _matches(rest_queryset, text, chosen, order_by_relevance), chosen, rest_count
    )
    if operator is None and any_word_fallback and len(terms) > 1 and not results.count():
        return rank(queryset, query, operator="or", order_by_relevance=order_by_relevance)
    return results


def top(queryset, query, limit):
    """The first ``limit`` results for a search box that is still being typed: ranked
    like ``rank()`` by every word; when nothing has every word, the titles starting with
    what was typed ('nghi q' → 'Nghị quyết…'); then pages with any of the words."""
    results = rank(queryset, query, operator="and")
    if results is None:
        return []
    found = results[:limit]
    if not found:
        found = list(queryset.autocomplete(" ".join(search_terms(query)))[:limit])
    if not found:
        results = rank(queryset, query, operator="or")
        found = results[:limit] if results is not None else []
    return found


# --- the search page: filters, counts and facets -----------------------------------------


class Outcome:
    """What the search page shows: the ranked results (to paginate) and the facets."""

    def __init__(self, results, counts, units, counts_are_estimates=False):
        self.results, self.counts, self.units = results, counts, units
        self._estimated = bool(counts_are_estimates)

    @property
    def count_is_estimate(self):
        return self._estimated or self.results.count_is_estimate


def search(values, private):
    """The search page's search: ``values`` are SearchForm's valid values (``q`` and the
    filters); ``private`` is ``Page.objects.private_q()``, read once per request.
    Returns None when the query has no word to search for."""
    query = values.get("q", "")
    terms = search_terms(query)
    if not terms:
        return None
    queryset = base_queryset(values, private)
    scope = base_queryset({**values, "loai": None}, private)
    units = unit_buckets(values, private)
    facets = facet_fields(scope.model, units)
    text = " ".join(terms)
    # One grouped query counts the scope's matches by every facet and gives the total.
    matches = _matches(scope, text, "and", False)
    total, counts = matches.facet_counts(facets)
    operator = "and"
    if len(terms) > 1 and not _in_queryset(queryset, scope, total, counts):
        operator = "or"
        matches = _matches(scope, text, "or", False)
        total, counts = matches.facet_counts(facets)
    results = rank(
        queryset,
        query,
        operator=operator,
        order_by_relevance=values.get("sap_xep") != "moi-nhat",
        count=_in_queryset(queryset, scope, total, counts),
    )
    # The count shown is the facet query's total: an estimate if the backend said so.
    return Outcome(results, counts, units, getattr(matches, "count_is_estimate", False))


def base_queryset(values, private):
    """The pages the search runs over, narrowed by the valid filters.

    ``private`` is ``Page.objects.private_q()``, read once per request (each ``public()``
    reads the view restrictions again; on SQLite that query scans the page table)."""
    from wagtail.models import Page

    kind = values.get("loai")
    documents_only = kind == "van-ban" or any(k in values for k in SearchForm.DOCUMENT_FILTERS)
    if documents_only:
        model = DirectivePage
    elif kind:
        model = CONTENT_TYPES[kind][0]
    else:
        model = Page
    queryset = model.objects.live().exclude(private)
    if model is Page:
        # Specific pages, one query per content type: each result shows its own fields.
        queryset = queryset.type(*(m for m, _label in CONTENT_TYPES.values())).specific()
    # A result shows its title, summary and dates: bodies are read only if asked for.
    queryset = queryset.defer_streamfields()
    if unit := values.get("don_vi"):
        queryset = queryset.descendant_of(unit, inclusive=True)
    if model is DirectivePage:  # the register's and the API's rule (articles.models)
        queryset = filter_documents(
            queryset,
            document_type=values.get("loai_van_ban"),
            issuer=values.get("co_quan"),
            year=values.get("nam"),
            status=values.get("tinh_trang"),
        )
    start, end = values.get("tu_ngay"), values.get("den_ngay")
    queryset = listing_dates(queryset, start, end)  # the rule the API and listings use
    if values.get("sap_xep") == "moi-nhat":
        # Pages never published through Wagtail (imports) have no date: last on every database.
        queryset = queryset.order_by(F("first_published_at").desc(nulls_last=True), "-id")
    return queryset


def _in_queryset(queryset, scope, total, counts):
    """How many of the scope's matches ``queryset`` (one content type of it) keeps."""
    if queryset.model is scope.model:
        return total
    return counts["loai"][ContentType.objects.get_for_model(queryset.model).pk]


def facet_fields(model, units):
    """What the results are counted by (search.facets), as lookups from ``model``."""
    document = "" if model is DirectivePage else "directivepage__"
    fields = {
        "loai": Facet("content_type"),
        "loai_van_ban": Facet(f"{document}document_type"),
        "co_quan": Facet(f"{document}issuer"),
        "tinh_trang": Facet(f"{document}status"),
        "nam": Facet(f"{document}issue_date", per_year=True),
    }
    if units:
        fields["don_vi"] = Facet(
            "path",
            path_prefix=len(units[0].path),
            prefix_values=tuple(unit.path for unit in units),
        )
    return fields


def public_units(private):
    """Every live unit outside the view restrictions ``private``, in tree order; kept in
    the cache until the next change to any page or restriction (portal.pagecache)."""
    return remember(
        "search:public-units",
        lambda: list(
            UnitPage.objects.live()
            .exclude(private)
            .order_by("path")
            .only("pk", "path", "depth", "title")
        ),
    )


def unit_buckets(values, private):
    """The units the unit facet counts by: the chosen unit's sub-units; with none chosen,
    the top-level units, or the sub-units of the top-level unit when there is only one.
    Each count includes the unit's own sub-units (a path prefix)."""
    units = public_units(private)
    if not units:
        return []
    scope = values.get("don_vi")
    if scope is None:
        top_depth = min(unit.depth for unit in units)
        top = [unit for unit in units if unit.depth == top_depth]
        if len(top) > 1:
            return top
        scope = top[0]
    return [
        unit for unit in units if unit.depth == scope.depth + 1 and unit.path.startswith(scope.path)
    ]


def labelled_facets(counts, chosen_unit, units):
    """Counts per content type, unit, document type, issuer, status and year, labelled."""
    facets = {}
    kinds = {
        ContentType.objects.get_for_model(model).pk: (key, label)
        for key, (model, label) in CONTENT_TYPES.items()
    }
    facets["loai"] = [
        {"value": kinds[pk][0], "label": str(kinds[pk][1]), "count": count}
        for pk, count in counts["loai"].most_common()
        if pk in kinds
    ]
    if "don_vi" in counts:
        # The chosen unit comes first (its link clears the choice), then its sub-units.
        chosen = [
            {"value": unit.pk, "label": unit.title, "count": sum(counts["loai"].values())}
            for unit in [chosen_unit]
            if unit is not None
        ]
        facets["don_vi"] = chosen + [
            {"value": unit.pk, "label": unit.title, "count": counts["don_vi"][unit.path]}
            for unit in units
            if counts["don_vi"][unit.path]
        ]
    doc_types = counts["loai_van_ban"]
    names = labels(DocumentType)
    facets["loai_van_ban"] = [
        {"value": names[pk].code, "label": names[pk].name, "count": count}
        for pk, count in doc_types.most_common()
        if pk in names
    ]
    issuers = counts["co_quan"]
    issuer_names = labels(Issuer)
    facets["co_quan"] = [
        {"value": pk, "label": str(issuer_names[pk]), "count": count}
        for pk, count in issuers.most_common()
        if pk in issuer_names
    ]
    statuses = dict(DirectivePage.Status.choices)
    facets["tinh_trang"] = [
        {"value": key, "label": str(statuses.get(key, key)), "count": count}
        for key, count in counts["tinh_trang"].most_common()
    ]
    facets["nam"] = [
        {"value": year, "label": str(year), "count": count}
        for year, count in sorted(counts["nam"].items(), reverse=True)
    ]
    return facets
