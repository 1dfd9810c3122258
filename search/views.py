"""The portal's search page: one code path for every backend (Wagtail's search API)."""

import re

from django.template.response import TemplateResponse
from wagtail.models import Page

from portal.pagination import paginate

MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    # Only words reach the backend: the syntax characters of FTS5, tsquery and Lucene
    # ("35-NQ/TW" searches as "35 NQ TW") cannot break the query.
    terms = " ".join(re.findall(r"\w+", query))
    if terms:
        pages = Page.objects.live().public().specific().search(terms)
        results = paginate(request, pages)
    return TemplateResponse(
        request, "pages/search_page.html", {"search_query": query, "search_results": results}
    )
