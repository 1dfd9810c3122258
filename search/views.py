"""The portal's search page: one code path for every backend (Wagtail's search API).

Text is indexed folded and the query is folded the same way (search.query), so the
view never asks which backend is configured.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

from articles.models import DirectivePage, DocumentType, filter_documents, listing_dates
from portal.pagination import paginate
from portal.ratelimits import rate
from portal.vietnamese import format_date
from units.models import Issuer, UnitPage, attach_owning_units

from .availability import unavailable_notice
from .facets import Facet
from .forms import CONTENT_TYPES, SearchForm
from .query import clean_query, document_number, search_terms, snippet

SUGGESTION_COUNT = 8


def _params(request):
    """First value of each parameter, without control characters, 200 characters at most."""
    return {key: clean_query(request.GET.get(key, "")) for key in request.GET}


def _base_queryset(values, private):
    """The pages the search runs over, narrowed by the valid filters.

    ``private`` is ``Page.objects.private_q()``, read once per request (each ``public()``
    reads the view restrictions again; on SQLite that query scans the page table)."""
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
        queryset = queryset.order_by("-first_published_at", "-id")
    return queryset


def _run(queryset, scope, terms, values, facets):
    """Pages with every word; if there are none, pages with any of them.

    ``scope`` is ``queryset`` without the content-type filter: one grouped query counts
    its matches by every facet, and gives the result count; the ranked results are then
    read a page at a time.
    """
    text = " ".join(terms)
    total, counts = scope.search(text, order_by_relevance=False).facet_counts(facets)
    operator = "and"
    if len(terms) > 1 and not _in_queryset(queryset, scope, total, counts):
        operator = "or"
        total, counts = scope.search(text, operator="or", order_by_relevance=False).facet_counts(
            facets
        )
    results = queryset.search(
        text, operator=operator, order_by_relevance=values.get("sap_xep") != "moi-nhat"
    )
    return CountedResults(results, _in_queryset(queryset, scope, total, counts)), counts


def _in_queryset(queryset, scope, total, counts):
    """How many of the scope's matches ``queryset`` (one content type of it) keeps."""
    if queryset.model is scope.model:
        return total
    return counts["loai"][ContentType.objects.get_for_model(queryset.model).pk]


class CountedResults:
    """Search results whose count is already known: the paginator slices, never counts."""

    def __init__(self, results, count):
        self.results, self._count = results, count

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        return self.results[key]


def _pinned(terms, values, private):
    """Documents whose number and type the query names, best first ('35 NQ TW', 'NQ 35')."""
    wanted = document_number(terms)
    if wanted is None or values.get("loai") not in (None, "van-ban"):
        return []
    queryset = _base_queryset({**values, "loai": "van-ban", "sap_xep": ""}, private).filter(
        number=wanted.number, document_type_id__in=wanted.type_ids
    )
    documents = list(queryset.select_related("issuer")[:20])
    codes = set(wanted.issuer_codes)
    ranked = {
        page.pk: rank
        for rank, page in enumerate(
            DirectivePage.objects.filter(pk__in=[d.pk for d in documents]).search(
                " ".join(terms), operator="or"
            )
        )
    }
    documents.sort(
        key=lambda d: (
            d.issuer.code.lower() not in codes,
            ranked.get(d.pk, len(ranked)),
            -d.issue_date.toordinal(),
        )
    )
    return documents


def _facet_fields(model, units):
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


def _unit_buckets(values, private):
    """The units the unit facet counts by: the chosen unit's sub-units; with none chosen,
    the top-level units, or the sub-units of the top-level unit when there is only one.
    Each count includes the unit's own sub-units (a path prefix)."""
    units = list(
        UnitPage.objects.live()
        .exclude(private)
        .order_by("path")
        .only("pk", "path", "depth", "title")
    )
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


def _facets(counts, chosen_unit, units):
    """Counts per content type, unit, document type, issuer, status and year, labelled."""
    facets = {}
    labels = {
        ContentType.objects.get_for_model(model).pk: (key, label)
        for key, (model, label) in CONTENT_TYPES.items()
    }
    facets["loai"] = [
        {"value": labels[pk][0], "label": str(labels[pk][1]), "count": count}
        for pk, count in counts["loai"].most_common()
        if pk in labels
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
    names = {t.pk: t for t in DocumentType.objects.filter(pk__in=doc_types)}
    facets["loai_van_ban"] = [
        {"value": names[pk].code, "label": names[pk].name, "count": count}
        for pk, count in doc_types.most_common()
        if pk in names
    ]
    issuers = counts["co_quan"]
    issuer_names = {i.pk: i for i in Issuer.objects.filter(pk__in=issuers)}
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


FACET_LABELS = {
    "loai": "Loại nội dung",
    "don_vi": "Đơn vị",
    "loai_van_ban": "Loại văn bản",
    "co_quan": "Cơ quan ban hành",
    "tinh_trang": "Tình trạng",
    "nam": "Năm ban hành",
}


def _facet_links(request, facets):
    """Each facet value as a bookmarkable link that sets (or, when chosen, clears) it."""
    for name, items in facets.items():
        for item in items:
            query = request.GET.copy()
            query.pop("page", None)
            query.pop("format", None)
            item["active"] = query.get(name) == str(item["value"])
            if item["active"]:
                query.pop(name)
            else:
                query[name] = item["value"]
            item["url"] = f"?{query.urlencode()}"
    return facets


def _describe(page, terms):
    specific = page.specific
    text = (
        getattr(specific, "summary", "")
        or getattr(specific, "lead", "")
        or getattr(specific, "intro", "")
        or getattr(specific, "short_name", "")
        or page.search_description
    )
    extra = getattr(specific, "attachment_text", "")
    excerpt = snippet(text, terms)
    if extra and "<mark>" not in excerpt:
        extra_excerpt = snippet(extra, terms)
        if "<mark>" in extra_excerpt:
            excerpt = extra_excerpt
    unit = getattr(page, "owning_unit", None)
    date = getattr(specific, "issue_date", None) or getattr(specific, "date", None)
    kind = next(
        (key for key, (model, _label) in CONTENT_TYPES.items() if isinstance(specific, model)),
        "",
    )
    return {
        "page": specific,
        "title": page.title,
        "url": specific.get_url(),
        "type": kind,
        "type_label": str(CONTENT_TYPES[kind][1]) if kind else "",
        "unit": unit.title if unit else "",
        "date": date,
        "date_display": format_date(date, with_weekday=False),
        "number_symbol": getattr(specific, "number_symbol", ""),
        "snippet": excerpt,
    }


@ratelimit(key="ip", rate=rate("search"), block=True)
@unavailable_notice()
def search(request):
    form = SearchForm(_params(request))
    values, ignored = form.valid_values()
    query = values.get("q", "")
    terms = search_terms(query)
    context = {"form": form, "search_query": query, "ignored": ignored, "search_results": None}
    private = Page.objects.private_q()
    if terms:
        queryset = _base_queryset(values, private)
        scope = _base_queryset({**values, "loai": None}, private)
        units = _unit_buckets(values, private)
        facets = _facet_fields(scope.model, units)
        results, counts = _run(queryset, scope, terms, values, facets)
        page = paginate(request, results)
        items = list(page.object_list)
        pinned = _pinned(terms, values, private) if page.number == 1 else []
        pinned_ids = {d.pk for d in pinned}
        items = pinned + [item for item in items if item.pk not in pinned_ids]
        attach_owning_units(items)
        context.update(
            search_results=page,
            results=[_describe(item, terms) for item in items],
            facets=_facet_links(request, _facets(counts, values.get("don_vi"), units)),
            promotions=_promotions(query, page.number),
        )
    context["units"] = (
        UnitPage.objects.live().exclude(private).filter(depth__lte=4).order_by("path")
    )
    if request.GET.get("format") == "json":
        return JsonResponse(_as_json(context), json_dumps_params={"ensure_ascii": False})
    return TemplateResponse(request, "pages/search_page.html", context)


def _promotions(query, page_number):
    """Editors' picks for this query; counts the query for the popular-queries report."""
    search_query = Query.get(query)
    if page_number == 1:
        search_query.add_hit()
    return (
        [
            pick.page.specific
            for pick in search_query.editors_picks.select_related("page")
            if pick.page and pick.page.live
        ]
        if search_query
        else []
    )


def _as_json(context):
    page = context["search_results"]
    return {
        "query": context["search_query"],
        "ignored_parameters": context["ignored"],
        "count": page.paginator.count if page else 0,
        "page": page.number if page else 1,
        "num_pages": page.paginator.num_pages if page else 0,
        "results": [
            {
                "title": item["title"],
                "url": item["url"],
                "type": item["type"],
                "unit": item["unit"],
                "date": item["date"].isoformat() if item["date"] else None,
                "number_symbol": item["number_symbol"],
                "snippet": str(item["snippet"]),
            }
            for item in context.get("results", [])
        ],
        "facets": context.get("facets", {}),
        "promotions": [
            {"title": p.title, "url": p.get_url()} for p in context.get("promotions", [])
        ],
    }


@unavailable_notice(as_json=True)
@require_GET
@ratelimit(key="ip", rate=rate("search"), block=True)
def suggest(request):
    """Titles for the search box, accent-insensitive: 'nghi q' → 'Nghị quyết…'."""
    terms = search_terms(clean_query(request.GET.get("q", "")))
    suggestions = []
    if terms:
        pages = (
            Page.objects.live()
            .public()
            .type(*(m for m, _label in CONTENT_TYPES.values()))
            .autocomplete(" ".join(terms))[:SUGGESTION_COUNT]
        )
        suggestions = [{"title": p.title, "url": p.get_url(request)} for p in pages]
    return JsonResponse(
        {"query": " ".join(terms), "suggestions": suggestions},
        json_dumps_params={"ensure_ascii": False},
    )
