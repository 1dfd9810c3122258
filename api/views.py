"""The read-only API (Wagtail API v2): public pages of allowed types, their images and files.

Only the page types listed in ``EXPOSED_PAGE_TYPES`` are served, so models other apps add
later (feedback, with personal data) never appear unless someone lists them here. Pages are
live and outside every view restriction whoever asks (no session or login is read);
images and documents only when a public page uses them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.filters import ChildOfFilter, DescendantOfFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError, get_restricted_collection_ids
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from articles.models import ArticlePage, DirectiveAttachment, DirectivePage, SectionPage, TopicPage
from portal.ids import parse_id
from portal.ratelimits import rate
from portal.visibility import visible
from schedules.models import ScheduleIndexPage, WeeklySchedulePage
from units.models import UnitLeader, UnitPage

from .filters import (
    DOCUMENT_ONLY_PARAMETERS,
    DateRangeFilter,
    DocumentFilter,
    FoldedSearchFilter,
    NumberCheckedFieldsFilter,
    TopicFilter,
    UnitFilter,
    check_numbers,
)

EXPOSED_PAGE_TYPES = [
    UnitPage,
    SectionPage,
    ArticlePage,
    DirectivePage,
    TopicPage,
    ScheduleIndexPage,
    WeeklySchedulePage,
]
# Model → ``relations(queryset, request)`` that fetches what its api_fields read.
EXTRA_RELATIONS = {}


def expose_page_type(model, relations=None):
    """Apps built on the API add their page types here, from their AppConfig.ready()."""
    if model not in EXPOSED_PAGE_TYPES:
        EXPOSED_PAGE_TYPES.append(model)
    if relations is not None:
        EXTRA_RELATIONS[model] = relations


# Wagtail's own 400 messages are English: the reader gets a Vietnamese one first.
WAGTAIL_MESSAGES = [
    ("limit cannot be higher", "limit tối đa là {}.".format),
    ("limit must be", "limit phải là số nguyên không âm.".format),
    ("offset must be", "offset phải là số nguyên không âm.".format),
    ("query parameter is not", "Tham số không được hỗ trợ.".format),
    ("unknown fields", "Trường không có trong API (xem tham số fields).".format),
    ("fields error", "Tham số fields không hợp lệ.".format),
    ("cannot order by", "Không sắp xếp được theo trường này (tham số order).".format),
    ("random ordering", "Không dùng order=random cùng offset.".format),
    ("child_of", "child_of phải là id của một trang công khai.".format),
    ("descendant_of", "descendant_of phải là id của một trang công khai.".format),
    ("parent page", "Không có trang cha công khai với id này.".format),
    ("descendant page", "Không có trang công khai với id này.".format),
    ("field filter error", "Giá trị lọc không hợp lệ.".format),
    ("filtering by tag", "Không lọc theo thẻ cùng lúc với tìm kiếm.".format),
    ("cannot filter by", "Không lọc theo trường này khi tìm kiếm.".format),
]


def vietnamese_message(message):
    for prefix, translate in WAGTAIL_MESSAGES:
        if message.startswith(prefix):
            return translate(settings.WAGTAILAPI_LIMIT_MAX)
    return message


@method_decorator(ratelimit(key="ip", rate=rate("api"), group="api", block=True), name="dispatch")
class PortalAPIMixin:
    """Anonymous, JSON only, one rate limit for every endpoint, 400 with a readable reason."""

    authentication_classes = []
    renderer_classes = [JSONRenderer]

    # Defined here so method_decorator (above) has a method of this mixin to wrap.
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_numbers(request)

    def detail_view(self, request, pk):
        if parse_id(pk) is None:  # the URL's <int:pk> takes any run of digits
            raise Http404("Không có mục nào với id này.")
        return super().detail_view(request, pk)

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            message = vietnamese_message(str(exc))
            detail = {"detail": str(exc)} if message != str(exc) else {}
            return Response({"message": message, **detail}, status=400)
        if isinstance(exc, ValidationError | ValueError | OverflowError):
            # A value the database cannot take (a date field given "abc", a huge number).
            return Response({"message": "Giá trị tham số không hợp lệ."}, status=400)
        return super().handle_exception(exc)


class PortalPagesAPIViewSet(PortalAPIMixin, PagesAPIViewSet):
    filter_backends = [
        NumberCheckedFieldsFilter,
        ChildOfFilter,
        DescendantOfFilter,
        UnitFilter,
        TopicFilter,
        DocumentFilter,
        DateRangeFilter,
        OrderingFilter,
        FoldedSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["unit", "topic", "date_from", "date_to", *DOCUMENT_ONLY_PARAMETERS]
    ) - {"translation_of", "locale", "ancestor_of"}

    def get_base_queryset(self):
        site = Site.find_for_request(self.request)
        if site is None:
            return Page.objects.none()
        return (
            visible(Page.objects, self.request)
            .descendant_of(site.root_page, inclusive=True)
            .filter(content_type__in=_content_types())
        )

    def get_queryset(self):
        queryset = self.checked_queryset()
        return with_relations(queryset, self.request)

    def checked_queryset(self):
        names = [name for name in self.request.GET.get("type", "").split(",") if name]
        allowed = {model._meta.label.lower(): model for model in EXPOSED_PAGE_TYPES}
        if any(name.lower() not in allowed for name in names):
            raise BadRequestError(
                "Loại trang không có trong API. Các loại có: "
                + ", ".join(model._meta.label for model in EXPOSED_PAGE_TYPES)
            )
        return super().get_queryset()


def with_relations(queryset, request):
    """What a type's api_fields read, fetched for the whole page of results at once.

    Related pages are prefetched through ``visible()``: a draft or private one is not in
    the prefetched list, and the serializer (portal.apifields) shows only what is there.
    """
    model = queryset.model
    queryset = queryset.select_related("locale")
    if model is DirectivePage:
        return queryset.select_related("document_type", "issuer", "term", "field").prefetch_related(
            "co_issuers__issuer",
            "attachments__document",
            *(
                Prefetch(name, queryset=visible(related.objects, request))
                for name, related in (
                    ("topics", TopicPage),
                    *((field, DirectivePage) for field, _f, _r in DirectivePage.RELATIONS),
                )
            ),
        )
    if model is ArticlePage:
        return queryset.select_related("main_image").prefetch_related(
            "main_image__renditions",
            "tagged_items__tag",
            Prefetch("topics", queryset=visible(TopicPage.objects, request)),
        )
    if model is UnitPage:
        return queryset.select_related("kind", "successor")
    if model is WeeklySchedulePage:
        return queryset.prefetch_related("items__preparing_unit")
    if model in EXTRA_RELATIONS:
        return EXTRA_RELATIONS[model](queryset, request)
    return queryset


def _content_types():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_models(*EXPOSED_PAGE_TYPES).values()


def _public_pages(model, request):
    return visible(model.objects, request).values("pk")


class PortalImagesAPIViewSet(PortalAPIMixin, ImagesAPIViewSet):
    """Images a public page shows: an article's main image, a topic's, a leader's photo."""

    filter_backends = [NumberCheckedFieldsFilter, OrderingFilter, SearchFilter]

    def get_queryset(self):
        request = self.request
        used = (
            Q(pk__in=_public_pages(ArticlePage, request).values("main_image"))
            | Q(pk__in=_public_pages(TopicPage, request).values("image"))
            | Q(
                pk__in=UnitLeader.objects.filter(unit__in=_public_pages(UnitPage, request)).values(
                    "photo"
                )
            )
        )
        return (
            self.model.objects.filter(used)
            .exclude(collection__in=get_restricted_collection_ids(request))
            .order_by("id")
        )


class PortalDocumentsAPIViewSet(PortalAPIMixin, DocumentsAPIViewSet):
    """Files attached to public document pages."""

    filter_backends = [NumberCheckedFieldsFilter, OrderingFilter, SearchFilter]

    def get_queryset(self):
        request = self.request
        attached = DirectiveAttachment.objects.filter(
            page__in=_public_pages(DirectivePage, request)
        ).values("document")
        return (
            self.model.objects.filter(pk__in=attached)
            .exclude(collection__in=get_restricted_collection_ids(request))
            .order_by("id")
        )
