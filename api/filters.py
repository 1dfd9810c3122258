"""Query parameters of the pages endpoint beyond Wagtail's own.

``?unit=<id>`` (the unit and its sub-units), ``?topic=<id>``, ``?date_from`` /
``?date_to`` (YYYY-MM-DD) and ``?search=``, ranked by the search page's service
(search.service) and folded like the index, so "nghi quyet" finds "Nghị quyết" on every
backend and "35-NQ/TW" gives that resolution first. Bad values answer 400 with a
Vietnamese message; nothing is guessed.
"""

import datetime

from django.utils import timezone
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError

from articles.models import ArticlePage, DirectivePage, TopicPage
from portal.visibility import visible
from search import service
from search.query import clean_query
from units.models import UnitPage


def positive_id(request, name):
    raw = request.GET[name]
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12 or int(raw) < 1:
        raise BadRequestError(f"Tham số {name} phải là số nguyên dương (id của trang).")
    return int(raw)


def day(request, name):
    raw = request.GET[name]
    try:
        return datetime.date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        pass
    raise BadRequestError(f"Tham số {name} phải là ngày dạng YYYY-MM-DD, ví dụ 2026-11-26.")


class UnitFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if "unit" not in request.GET:
            return queryset
        unit = visible(UnitPage.objects, request).filter(pk=positive_id(request, "unit")).first()
        if unit is None:
            raise BadRequestError("Không có đơn vị công khai với id này.")
        return queryset.descendant_of(unit, inclusive=True)


class TopicFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if "topic" not in request.GET:
            return queryset
        topic = visible(TopicPage.objects, request).filter(pk=positive_id(request, "topic")).first()
        if topic is None:
            raise BadRequestError("Không có chuyên đề công khai với id này.")
        # Plain id filters, so a search can follow on any backend.
        ids = list(ArticlePage.objects.filter(topics=topic).values_list("pk", flat=True))
        ids += list(DirectivePage.objects.filter(topics=topic).values_list("pk", flat=True))
        return queryset.filter(pk__in=ids)


class DateRangeFilter(BaseFilterBackend):
    """An article's date, a document's issue date, otherwise the first publication."""

    def filter_queryset(self, request, queryset, view):
        start = day(request, "date_from") if "date_from" in request.GET else None
        end = day(request, "date_to") if "date_to" in request.GET else None
        if start and end and end < start:
            raise BadRequestError("date_to phải sau hoặc bằng date_from.")
        if queryset.model is DirectivePage:
            if start:
                queryset = queryset.filter(issue_date__gte=start)
            if end:
                queryset = queryset.filter(issue_date__lte=end)
            return queryset
        field = "date" if queryset.model is ArticlePage else "first_published_at"
        if start:
            queryset = queryset.filter(**{f"{field}__gte": _midnight(start)})
        if end:
            queryset = queryset.filter(**{f"{field}__lt": _midnight(end + datetime.timedelta(1))})
        return queryset


def _midnight(value):
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))


class FoldedSearchFilter(BaseFilterBackend):
    """Search over the filtered pages through the one search service (search.service):
    ranked as the search page ranks (exact matches first), the query folded like the index.

    Must be the last filter: search results cannot be filtered further.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator") or None
        if operator not in (None, "and", "or"):
            raise BadRequestError("search_operator chỉ nhận and hoặc or.")
        results = service.rank(
            queryset,
            clean_query(request.GET["search"]),
            operator=operator,
            order_by_relevance="order" not in request.GET,
        )
        if results is None:
            raise BadRequestError("Nhập từ cần tìm (chữ hoặc số) trong tham số search.")
        return results
