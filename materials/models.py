"""Tài liệu sinh hoạt chi bộ: the monthly materials a unit (the provincial Ban Tuyên giáo
và Dân vận, a commune's committee…) issues for its Party cells.

Tree: UnitPage → CellMaterialIndexPage (one per unit) → CellMaterialPage, one per month and
periodic kind (tài liệu sinh hoạt chi bộ, thông tin công tác tuyên giáo), any number of
other materials. The issuing unit is the unit the index belongs to (``owning_unit``), like
every other page of a unit; its editors alone add and change them (units.ownership).
"""

import mimetypes

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index

from articles.models import DIRECTIVE_LISTING_FIELDS, PAGE_LISTING_FIELDS, DirectivePage
from portal.apifields import NamedSerializer, PublicPageField, PublicPagesField, _visible_ids
from portal.links import absolute_url
from portal.pagination import paginate
from portal.visibility import visible
from units.models import PortalPage

from .forms import CellMaterialForm, MaterialFilterForm
from .periods import (
    FIRST_YEAR,
    KIND_ORDER,
    MONTHS,
    PERIODIC_KINDS,
    Kind,
    last_year,
    period_label,
)

FILE_EXTENSIONS = ("pdf", "doc", "docx")


def validate_year(value):
    """Not after next year (the bound moves with the calendar, so not a MaxValueValidator)."""
    if value is not None and value > last_year():
        raise ValidationError(
            _("Năm không được sau năm %(year)s.") % {"year": last_year()}, code="max_value"
        )


class Audience(models.Model):
    """Who a material is for (chi ủy, đảng viên, báo cáo viên…): an editable list."""

    name = models.CharField(_("đối tượng"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    panels = ["name", "sort_order"]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("đối tượng sử dụng tài liệu")
        verbose_name_plural = _("đối tượng sử dụng tài liệu")

    def __str__(self):
        return self.name


class CellMaterialIndexPage(PortalPage):
    """Tài liệu sinh hoạt chi bộ of one unit, by year and month, newest first."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["units.UnitPage"]
    subpage_types = ["materials.CellMaterialPage"]
    max_count_per_parent = 1
    template = "pages/cell_material_index_page.html"
    content_panels = PortalPage.content_panels + ["intro"]
    search_fields = PortalPage.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("tài liệu sinh hoạt chi bộ của đơn vị")
        verbose_name_plural = _("tài liệu sinh hoạt chi bộ của đơn vị")

    def materials(self, request):
        return visible(CellMaterialPage.objects.child_of(self), request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        unit = self.owning_unit
        materials = self.materials(request)
        years = list(materials.order_by("-year").values_list("year", flat=True).distinct())
        filters = MaterialFilterForm(request.GET, years=years)
        values, messages = filters.values()
        if "year" in values:
            materials = materials.filter(year=values["year"])
        if "kind" in values:
            materials = materials.filter(kind=values["kind"])
        listing = paginate(request, listing_materials(materials))
        for material in listing.object_list:
            material.owning_unit = unit
        context.update(
            unit=unit,
            filters=filters,
            filter_messages=messages,
            filtered=bool(values),
            materials=listing,
            months=group_by_month(listing.object_list),
        )
        return context


def listing_materials(queryset, *fields):
    """Materials newest month first, with what a listing shows (a fixed number of queries);
    ``fields`` are more columns to read."""
    return (
        queryset.only(*PAGE_LISTING_FIELDS, "year", "month", "kind", "summary", *fields)
        .prefetch_related(
            models.Prefetch("files", queryset=CellMaterialFile.objects.select_related("document")),
            "audiences",
        )
        .order_by("-year", "-month", kind_rank(), "-pk")
    )


def kind_rank():
    """The kinds' order within a month (periods.KIND_ORDER), for ``order_by``."""
    return models.Case(
        *(models.When(kind=kind, then=position) for kind, position in KIND_ORDER.items()),
        default=len(KIND_ORDER),
    )


def group_by_month(materials):
    """``[(label, [materials])]`` in the listing's order (newest month first)."""
    months = {}
    for material in materials:
        months.setdefault((material.year, material.month), []).append(material)
    return [(period_label(month, year), items) for (year, month), items in months.items()]


class MaterialFilesField(serializers.Field):
    """The files for the API: ``[{label, title, file_extension, url}]``, in order."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return [
            {
                "label": link.label,
                "title": link.document.title,
                "file_extension": link.document.file_extension,
                "url": absolute_url(link.document.url),
            }
            for link in page.files.all()
        ]


class LinkedDirectivesField(PublicPagesField):
    """The linked documents, public ones only, as ``[{id, title, type}]``."""

    def get_attribute(self, instance):
        pages = [link.directive for link in instance.directive_links.all() if link.directive_id]
        return pages, _visible_ids(self.context, pages)


class CellMaterialPage(PortalPage):
    """One material: its month, kind, audience, summary, files and related documents."""

    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(FIRST_YEAR), validate_year]
    )
    month = models.PositiveSmallIntegerField(_("tháng"), choices=MONTHS)
    kind = models.CharField(
        _("loại tài liệu"), max_length=24, choices=Kind.choices, default=Kind.CELL_MEETING
    )
    audiences = ParentalManyToManyField(
        Audience, verbose_name=_("đối tượng sử dụng"), blank=True, related_name="cell_materials"
    )
    summary = models.TextField(
        _("nội dung chính"),
        max_length=2000,
        help_text=_(
            "Vài dòng cho bí thư chi bộ biết tài liệu gồm những gì. Ví dụ: Thông tin thời "
            "sự trong tỉnh; chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
            "Chí Minh; định hướng sinh hoạt chi bộ."
        ),
    )
    topics = ParentalManyToManyField(
        "articles.TopicPage",
        verbose_name=_("chuyên đề"),
        blank=True,
        related_name="cell_materials",
    )

    parent_page_types = ["materials.CellMaterialIndexPage"]
    subpage_types = []
    template = "pages/cell_material_page.html"
    base_form_class = CellMaterialForm

    content_panels = PortalPage.content_panels + [
        FieldRowPanel(
            [
                FieldPanel("month", widget=forms.Select),
                "year",
                FieldPanel("kind", widget=forms.Select),
            ],
            heading=_("Tài liệu tháng"),
        ),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        "summary",
        InlinePanel(
            "files",
            label=_("Tệp tài liệu"),
            heading=_("Tệp tài liệu (PDF, DOC, DOCX)"),
            min_num=1,
        ),
        MultiFieldPanel(
            [
                InlinePanel("directive_links", label=_("Văn bản liên quan")),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Liên quan"),
        ),
    ]

    search_fields = PortalPage.search_fields + [
        index.SearchField("summary"),
        index.RelatedFields("files", [index.SearchField("label")]),
        index.FilterField("year"),
        index.FilterField("month"),
        index.FilterField("kind"),
    ]

    api_fields = [
        APIField("year"),
        APIField("month"),
        APIField("kind"),
        APIField("kind_label", serializer=serializers.CharField(source="get_kind_display")),
        APIField("issuing_unit", serializer=PublicPageField(source="owning_unit")),
        APIField("audiences", serializer=NamedSerializer(many=True, source="audiences.all")),
        APIField("summary"),
        APIField("files", serializer=MaterialFilesField()),
        APIField("directives", serializer=LinkedDirectivesField(source="directive_links")),
        APIField("topics", serializer=PublicPagesField()),
    ]

    class Meta:
        verbose_name = _("tài liệu sinh hoạt chi bộ")
        verbose_name_plural = _("tài liệu sinh hoạt chi bộ")
        indexes = [
            models.Index(fields=["year", "month", "page_ptr"], name="material_listing_order")
        ]

    @property
    def period(self):
        """``Tháng 12/2026``."""
        return period_label(self.month, self.year)

    def clash(self, index_page):
        """The other material of this unit for the same month and periodic kind, if any.

        The unit's materials are the children of its one index (max_count_per_parent), so
        the unit's rule is the index's."""
        if self.kind not in PERIODIC_KINDS or not (self.year and self.month):
            return None
        others = CellMaterialPage.objects.child_of(index_page).filter(
            year=self.year, month=self.month, kind=self.kind
        )
        if self.pk:
            others = others.exclude(pk=self.pk)
        return others.only("id", "title").first()

    def clash_message(self, other, index_page):
        unit = index_page.owning_unit
        return _(
            "%(unit)s đã có %(kind)s %(period)s: “%(title)s”. Mỗi đơn vị chỉ có một %(kind)s "
            "mỗi tháng; mở trang đó để sửa, hoặc chọn loại “Tài liệu khác”."
        ) % {
            "unit": unit.display_name if unit else _("Đơn vị"),
            "kind": self.get_kind_display().lower(),
            "period": self.period.lower(),
            "title": other.title,
        }

    def clean(self):
        # The month's rule is checked even when Wagtail's own checks (the slug) fail: a
        # second material of the month usually has the first one's title, so its slug too.
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        parent = getattr(self, "_cached_parent_obj", None) or (
            self.get_parent() if self.path else None
        )
        clash = self.clash(parent.specific) if parent is not None else None
        if clash is not None:
            errors.setdefault("month", []).append(self.clash_message(clash, parent.specific))
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["unit"] = self.owning_unit
        context["index"] = self.get_parent()
        context["files"] = list(self.files.select_related("document"))
        context["audiences"] = list(self.audiences.all())
        # In memory for a preview: filtered here rather than by a query.
        context["topics"] = [topic for topic in self.topics.all() if topic.live]
        linked = [link.directive_id for link in self.directive_links.all() if link.directive_id]
        directives = {
            page.pk: page
            for page in visible(DirectivePage.objects.filter(pk__in=linked), request)
            .select_related("document_type")
            .only(*DIRECTIVE_LISTING_FIELDS)
        }
        context["directives"] = [directives[pk] for pk in linked if pk in directives]
        return context


class CellMaterialFile(Orderable):
    page = ParentalKey(CellMaterialPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(
        _("tên hiển thị"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Toàn văn tài liệu, Phụ lục, Bản trình chiếu"),
    )

    panels = ["document", "label"]

    class Meta(Orderable.Meta):
        verbose_name = _("tệp tài liệu")
        verbose_name_plural = _("tệp tài liệu")

    @property
    def title(self):
        return self.label or self.document.title

    @property
    def mime_type(self):
        return mimetypes.guess_type(self.document.file.name)[0] or "application/octet-stream"

    def clean(self):
        super().clean()
        if self.document_id and self.document.file_extension.lower() not in FILE_EXTENSIONS:
            raise ValidationError({"document": _("Chỉ nhận tệp PDF, DOC hoặc DOCX.")})


class CellMaterialDirective(Orderable):
    """A Party document the material explains or helps carry out (e.g. 35-NQ/TW)."""

    page = ParentalKey(CellMaterialPage, on_delete=models.CASCADE, related_name="directive_links")
    directive = models.ForeignKey(
        "articles.DirectivePage",
        verbose_name=_("văn bản"),
        on_delete=models.CASCADE,
        related_name="cell_material_links",
    )

    panels = ["directive"]

    class Meta(Orderable.Meta):
        verbose_name = _("văn bản liên quan")
        verbose_name_plural = _("văn bản liên quan")
