"""Query parameters of the pages endpoint beyond Wagtail's own.

``?unit=<id>`` (the unit and its sub-units), ``?topic=<id>``, ``?date_from`` /
``?date_to`` (YYYY-MM-DD) and ``?search=``, ranked by the search page's service
(search.service) and folded like the index, so "nghi quyet" finds "Nghị quyết" on every
backend and "35-NQ/TW" gives that resolution first. Bad values answer 400 with a
Vietnamese message; nothing is guessed.
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignKey, IntegerField
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.utils import BadRequestError

from articles.models import (
    ArticlePage,
    DirectivePage,
    TopicPage,
    filter_documents,
    listing_dates,
)
from portal.ids import MAX_DIGITS, parse_count, parse_id
from portal.visibility import visible
from search import service
from search.query import clean_query
from units.models import UnitPage

ID_PARAMETERS = ("id", "child_of", "descendant_of", "unit", "topic")
COUNT_PARAMETERS = ("offset", "limit")


def positive_id(request, name):
    number = parse_id(request.GET[name])
    if number is None:
        raise BadRequestError(
            f"Tham số {name} phải là số nguyên dương (id của trang), tối đa {MAX_DIGITS} chữ số."
        )
    return number


def check_numbers(request):
    """Every id and count parameter, by the one rule (portal.ids), before Wagtail reads it."""
    for name in ID_PARAMETERS:
        if name in request.GET:
            positive_id(request, name)
    for name in COUNT_PARAMETERS:
        if name in request.GET and parse_count(request.GET[name]) is None:
            raise BadRequestError(f"{name} phải là số nguyên không âm, tối đa {MAX_DIGITS} chữ số.")


# On documents these are the register's and search's filters (articles.models), not
# Wagtail's field filters: ?issuer= keeps joint documents of a co-issuer too.
DOCUMENT_PARAMETERS = ("document_type", "issuer", "status", "field", "year")
DOCUMENT_ONLY_PARAMETERS = ("issuer", "year")  # not fields of the API: known only here


class DocumentFilter(BaseFilterBackend):
    """``?document_type``, ``?issuer``, ``?field`` (ids), ``?status``, ``?year`` on
    ``type=articles.DirectivePage``, by articles.models.filter_documents."""

    def filter_queryset(self, request, queryset, view):
        given = [name for name in DOCUMENT_PARAMETERS if name in request.GET]
        if queryset.model is not DirectivePage:
            if any(name in request.GET for name in DOCUMENT_ONLY_PARAMETERS):
                raise BadRequestError(
                    "Tham số issuer và year chỉ dùng cùng type=articles.DirectivePage."
                )
            return queryset
        if not given:
            return queryset
        values = {
            name: positive_id(request, name)
            for name in ("document_type", "issuer", "field")
            if name in given
        }
        if "status" in given:
            if request.GET["status"] not in DirectivePage.Status.values:
                raise BadRequestError(
                    "status chỉ nhận: " + ", ".join(DirectivePage.Status.values) + "."
                )
            values["status"] = request.GET["status"]
        if "year" in given:
            year = parse_id(request.GET["year"])
            if year is None or not 1900 <= year <= 2100:
                raise BadRequestError("year là năm ban hành, từ 1900 đến 2100, ví dụ 2018.")
            values["year"] = year
        return filter_documents(queryset, **values)


class NumberCheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?number=35``, ``?issuer=3``), with the values of integer
    and foreign-key fields checked by the one rule first: Wagtail's ``int()`` lets a
    number past the database's range through, and the query then fails."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields:
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            numeric = isinstance(field, IntegerField | ForeignKey)  # AutoField included
            if numeric and parse_count(value) is None:
                raise BadRequestError(
                    f"Giá trị lọc {name} phải là số nguyên không âm, tối đa {MAX_DIGITS} chữ số."
                )
        if queryset.model is DirectivePage:  # DocumentFilter applies these
            request = _WithoutParameters(request, DOCUMENT_PARAMETERS)
        return super().filter_queryset(request, queryset, view)


class _WithoutParameters:
    """``request`` as Wagtail's field filters see it, without ``names``."""

    def __init__(self, request, names):
        self._request = request
        self.GET = request.GET.copy()
        for name in names:
            self.GET.pop(name, None)

    def __getattr__(self, name):
        return getattr(self._request, name)


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
    """By the listing date, the rule listings and search use (articles.models.listing_dates)."""

    def filter_queryset(self, request, queryset, view):
        start = day(request, "date_from") if "date_from" in request.GET else None
        end = day(request, "date_to") if "date_to" in request.GET else None
        if start and end and end < start:
            raise BadRequestError("date_to phải sau hoặc bằng date_from.")
        return listing_dates(queryset, start, end)


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
