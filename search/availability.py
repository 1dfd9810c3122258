"""When the search backend cannot be reached, the search page says so; nothing else breaks.

Backend-agnostic: the errors caught are the transport and server errors of whichever
search clients are installed (Elasticsearch, OpenSearch). Database errors are not
caught here: with the database backend, a database outage is not a search outage.
"""

import functools
import logging

from django.http import JsonResponse
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)
MESSAGE = "Chức năng tìm kiếm tạm thời không hoạt động. Xin vui lòng thử lại sau ít phút."


def _backend_errors():
    errors = []
    try:
        import elastic_transport
        import elasticsearch

        errors += [elastic_transport.TransportError, elasticsearch.ApiError]
    except ImportError:
        pass
    try:
        import opensearchpy

        errors += [opensearchpy.exceptions.TransportError, opensearchpy.exceptions.ConnectionError]
    except ImportError:
        pass
    return tuple(errors)


BACKEND_ERRORS = _backend_errors()


def unavailable_notice(as_json=False):
    """Answer 503 with a Vietnamese notice: HTML, or JSON (``as_json`` or ?format=json)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
                if isinstance(response, TemplateResponse):
                    response.render()  # lazy querysets reach the backend here
                return response
            except BACKEND_ERRORS:
                logger.warning("Search backend unreachable", exc_info=True)
            if as_json or request.GET.get("format") == "json":
                response = JsonResponse({"error": MESSAGE}, status=503)
            else:
                context = {"message": MESSAGE, "search_query": request.GET.get("q", "")[:200]}
                response = TemplateResponse(
                    request, "pages/search_unavailable.html", context, status=503
                )
            response["Retry-After"] = "60"
            return response

        return wrapper

    return decorator
