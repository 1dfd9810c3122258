"""The portal's search page, its JSON and the search box's suggestions.

The ranking, counts and facets come from the one search service (search.service), which
the API and the admin's page search use too; the view only lays them out.
"""

import hashlib

from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from articles.models import DirectivePage
from portal.pagecache import remember
from portal.pagination import paginate
from portal.ratelimits import rate
from portal.vietnamese import format_date
from portal.visibility import restricted_q
from units.models import attach_owning_units

from . import hits, service
from .availability import unavailable_notice
from .forms import CONTENT_TYPES, SearchForm
from .query import clean_query, search_terms, snippet

SUGGESTION_COUNT = 8


def _params(request):
    """First value of each parameter, without control characters, 200 characters at most."""
    return {key: clean_query(request.GET.get(key, "")) for key in request.GET}


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
        # Documents: the signing line and status every output shows (articles.models).
        "signing_line": getattr(specific, "signing_line", ""),
        "status": getattr(specific, "status_label", ""),
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
    private = restricted_q(request)
    outcome = service.search(values, private) if terms else None
    if outcome is not None:
        page = paginate(request, outcome.results)
        items = list(page.object_list)
        # The public units are known (the unit facet's): no query for the result's units.
        attach_owning_units(items, units=service.public_units(private))
        # Each document's signing line names its issuer: one query for the page's documents.
        prefetch_related_objects([i for i in items if isinstance(i, DirectivePage)], "issuer")
        context.update(
            search_results=page,
            count_is_estimate=outcome.count_is_estimate,
            count_display=f"{page.paginator.count:,}".replace(",", "."),  # 95.000
            results=[_describe(item, terms) for item in items],
            facets=_facet_links(
                request,
                service.labelled_facets(outcome.counts, values.get("don_vi"), outcome.units),
            ),
            promotions=_promotions(query, page.number),
        )
    context["units"] = [unit for unit in service.public_units(private) if unit.depth <= 4]
    if request.GET.get("format") == "json":
        return JsonResponse(_as_json(context), json_dumps_params={"ensure_ascii": False})
    return TemplateResponse(request, "pages/search_page.html", context)


def _promotions(query, page_number):
    """Editors' picks for this query (one read); a first page counts the query for the
    popular-queries report, buffered (search.hits)."""
    if page_number == 1:
        hits.count(query)
    normalised = normalise_query_string(query)

    def picks():
        chosen = SearchPromotion.objects.filter(query__query_string=normalised, page__live=True)
        return [pick.page.specific for pick in chosen.select_related("page")]

    # From the cache until a change: a pick saved or deleted, a page published or moved.
    digest = hashlib.sha256(normalised.encode()).hexdigest()[:32]
    return remember(f"search:picks:{digest}", picks)


def _as_json(context):
    page = context["search_results"]
    return {
        "query": context["search_query"],
        "ignored_parameters": context["ignored"],
        "count": page.paginator.count if page else 0,
        "count_is_estimate": bool(context.get("count_is_estimate")),
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
                "signing_line": item["signing_line"],
                "status": item["status"],
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
    query = clean_query(request.GET.get("q", ""))
    terms = search_terms(query)
    pages = (
        Page.objects.live()
        .exclude(restricted_q(request))
        .type(*(m for m, _label in CONTENT_TYPES.values()))
    )
    suggestions = [
        {"title": p.title, "url": p.get_url(request)}
        for p in service.top(pages, query, SUGGESTION_COUNT)
    ]
    return JsonResponse(
        {"query": " ".join(terms), "suggestions": suggestions},
        json_dumps_params={"ensure_ascii": False},
    )
