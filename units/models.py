"""The Party hierarchy: unit kinds, issuers and the nested UnitPage tree.

This app is the foundation: it knows nothing of the apps built on it. Every
page of the portal derives from ``PortalPage``; its owning unit is its nearest
``UnitPage`` ancestor (or itself).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.admin.widgets.slug import SlugInput
from wagtail.api import APIField
from wagtail.coreutils import resolve_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, get_page_models
from wagtail.search import index

from portal.apifields import NamedSerializer, PublicPageField
from portal.search_index import folded
from portal.vietnamese import slug_formatters, slugify_vi
from portal.visibility import visible

from .forms import PortalPageForm
from .permissions import PortalPagePermissionTester

# Abbreviations in document symbols: TW, TU, HU, ThU, ĐU, ĐUK, BTCTU, CTr…
# Latin letters and Đ/đ only, so Cyrillic or full-width look-alikes are refused.
abbreviation_validator = RegexValidator(
    r"\A[A-ZĐ][A-Za-zĐđ]{0,15}\Z",
    _(
        "Chỉ gồm chữ cái Latin (có thể có Đ), bắt đầu bằng chữ in hoa, "
        "tối đa 16 ký tự, không dấu cách hay ký hiệu."
    ),
)


class IssuerKind(models.TextChoices):
    """What kind of body signs a document, as Quy định 66-QĐ/TW sorts them: what each kind
    may issue is data (articles.AuthorityRule), checked when a document is saved."""

    UNSET = "", _("Chưa phân loại (không kiểm tra thẩm quyền)")
    CENTRAL_COMMITTEE = "central_committee", _("Ban Chấp hành Trung ương")
    POLITBURO = "politburo", _("Bộ Chính trị")
    SECRETARIAT = "secretariat", _("Ban Bí thư")
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy (Ban Chấp hành, Ban Thường vụ, Thường trực)")
    STAFF = "staff", _("Ban, cơ quan tham mưu, giúp việc cấp ủy")
    INSPECTION = "inspection", _("Ủy ban kiểm tra")


class UnitKind(models.Model):
    """A kind of Party organisation (Tỉnh ủy, Ban, Huyện ủy, Đảng ủy xã…): data, not code."""

    name = models.CharField(_("tên loại đơn vị"), max_length=100, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    issuer_kind = models.CharField(
        _("loại cơ quan ban hành"),
        max_length=20,
        choices=IssuerKind.choices,
        blank=True,
        help_text=_(
            "Thẩm quyền ban hành văn bản của các đơn vị loại này (Quy định 66-QĐ/TW): "
            "cơ quan ban hành của đơn vị nhận loại này khi lưu đơn vị."
        ),
    )

    panels = ["name", "description", "sort_order", "issuer_kind"]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại đơn vị")
        verbose_name_plural = _("loại đơn vị")

    def __str__(self):
        return self.name


class Issuer(index.Indexed, models.Model):
    """A body that signs documents: a unit of the portal, or one outside it (TW).

    Several issuers can share an abbreviation (the old and the new Tây Ninh
    provincial committees both sign ".../TU"; the Ban Chấp hành Trung ương, the Bộ Chính
    trị and the Ban Bí thư all sign ".../TW"): the row, not the letters, is the identity.
    """

    code = models.CharField(
        _("ký hiệu"), max_length=16, validators=[abbreviation_validator], db_index=True
    )
    name = models.CharField(_("tên cơ quan ban hành"), max_length=255)
    unit = models.OneToOneField(
        "units.UnitPage",
        verbose_name=_("đơn vị trên cổng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issuer",
        help_text=_("Để trống với cơ quan ngoài cổng (ví dụ Ban Chấp hành Trung ương)."),
    )
    kind = models.CharField(
        _("loại cơ quan ban hành"),
        max_length=20,
        choices=IssuerKind.choices,
        blank=True,
        help_text=_(
            "Xác định loại văn bản cơ quan được ban hành (Quy định 66-QĐ/TW). Với cơ quan "
            "của một đơn vị trên cổng: lấy theo loại đơn vị khi lưu đơn vị."
        ),
    )

    panels = ["code", "name", "kind", "unit"]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["code", "name"]
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")

    def __str__(self):
        return f"{self.code} – {self.name}"


class PortalPage(Page):
    """Shared behaviour of every page: ASCII Vietnamese slugs, owning unit, archive rule."""

    base_form_class = PortalPageForm

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug", widget=SlugInput(formatters=slug_formatters())),
                "seo_title",
                "search_description",
            ],
            heading=_("Cho công cụ tìm kiếm"),
        ),
        "show_in_menus",
    ]

    class Meta:
        abstract = True

    @classmethod
    def get_search_fields(cls):
        # Every text field is indexed folded (portal.search_index), on every backend.
        return folded(super().get_search_fields())

    def full_clean(self, *args, **kwargs):
        # Wagtail's default slug comes from Django's slugify, which drops "đ".
        if not self.slug and (self.path or getattr(self, "_cached_parent_obj", None)):
            base_slug = slugify_vi(self.title or "")
            if base_slug:
                self.slug = self._get_autogenerated_slug(base_slug)
        super().full_clean(*args, **kwargs)

    def permissions_for_user(self, user):
        return PortalPagePermissionTester(user, self)

    @cached_property
    def owning_unit(self):
        """The nearest UnitPage at or above this page."""
        return (
            UnitPage.objects.ancestor_of(self, inclusive=True).order_by("-depth").first()
            if self.path
            else None
        )

    def get_view_restrictions(self):
        # Two queries on every page view, for restrictions most sites never set: skip them
        # while no restriction exists anywhere (a cached list, refreshed when one changes).
        from wagtail.models import PageViewRestriction

        from portal.visibility import restricted_paths

        if not restricted_paths(None):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    # Tree rules: a page type names only page types of its own app or of the apps below it
    # (units <- articles <- the rest). A rule between a lower and a higher type is declared
    # once, by the higher one, and the lower one's side follows from it: HomePage lists
    # UnitPage in its subpage_types, so UnitPage may go under HomePage; ArticlePage lists
    # UnitPage in its parent_page_types, so a unit may hold articles.
    @classmethod
    def clean_subpage_models(cls):
        if cls._clean_subpage_models is None:
            declared = list(super().clean_subpage_models())
            cls._clean_subpage_models = declared + [
                model
                for model in get_page_models()
                if model not in declared and cls in _named_in(model, "parent_page_types")
            ]
        return cls._clean_subpage_models

    @classmethod
    def clean_parent_page_models(cls):
        if cls._clean_parent_page_models is None:
            declared = list(super().clean_parent_page_models())
            cls._clean_parent_page_models = declared + [
                model
                for model in get_page_models()
                if model not in declared and cls in _named_in(model, "subpage_types")
            ]
        return cls._clean_parent_page_models

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and not _in_archived_unit(parent)

    def can_move_to(self, parent):
        return super().can_move_to(parent) and not _in_archived_unit(parent)


def _named_in(model, rule):
    """The page types ``model`` names in its own ``rule`` (none when it leaves it open)."""
    names = getattr(model, rule, None)
    if names is None:
        return []
    return [resolve_model_string(name, model._meta.app_label) for name in names]


def _in_archived_unit(page) -> bool:
    unit = UnitPage.objects.ancestor_of(page, inclusive=True).order_by("-depth").first()
    return bool(unit and unit.is_archived)


class UnitPage(PortalPage):
    """A Party organisation unit, nested to any depth."""

    short_name = models.CharField(
        _("tên ngắn"), max_length=100, blank=True, help_text=_("Ví dụ: Ban Tổ chức")
    )
    kind = models.ForeignKey(
        UnitKind, verbose_name=_("loại đơn vị"), on_delete=models.PROTECT, related_name="units"
    )
    issuer_code = models.CharField(
        _("ký hiệu trên văn bản"),
        max_length=16,
        blank=True,
        validators=[abbreviation_validator],
        help_text=_("Phần sau dấu “/” trong số, ký hiệu văn bản: TU, HU, BTCTU…"),
    )
    introduction = RichTextField(
        _("giới thiệu, chức năng, nhiệm vụ"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    valid_from = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    valid_until = models.DateField(
        _("hoạt động đến ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Khi đã qua ngày này, đơn vị thành lưu trữ: nội dung vẫn đọc và tìm được, "
            "không thêm nội dung mới."
        ),
    )
    org_key = models.SlugField(
        _("mã trong sơ đồ tổ chức"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Mã ổn định dùng khi cập nhật đơn vị từ tệp sơ đồ tổ chức."),
    )
    successor = models.ForeignKey(
        "units.UnitPage",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )

    # Where units go and what they hold beyond units: the page types built on them say so
    # (PortalPage.clean_subpage_models).
    parent_page_types = ["units.UnitPage"]
    template = "pages/unit_page.html"
    subpage_types = ["units.UnitPage"]

    content_panels = [
        TitleFieldPanel("title", heading=_("Tên đầy đủ")),
        FieldRowPanel(["short_name", FieldPanel("kind", widget=forms.Select), "issuer_code"]),
        "introduction",
        MultiFieldPanel(["address", "phone", "email"], heading=_("Liên hệ")),
        InlinePanel("leaders", label=_("Lãnh đạo"), heading=_("Lãnh đạo")),
        MultiFieldPanel(
            [FieldRowPanel(["valid_from", "valid_until"]), "successor"],
            heading=_("Thời gian hoạt động"),
        ),
    ]

    settings_panels = PortalPage.settings_panels + ["org_key"]

    search_fields = PortalPage.search_fields + [
        index.SearchField("short_name"),
        index.SearchField("introduction"),
        index.AutocompleteField("short_name"),
        index.FilterField("kind"),
    ]

    # Read-only API (/api/v2/pages/?type=units.UnitPage): the unit's public record.
    api_fields = [
        APIField("short_name"),
        APIField("kind", serializer=NamedSerializer()),
        APIField("issuer_code"),
        APIField("introduction"),
        APIField("address"),
        APIField("phone"),
        APIField("email"),
        APIField("valid_from"),
        APIField("valid_until"),
        APIField("is_archived", serializer=serializers.BooleanField(read_only=True)),
        APIField("successor", serializer=PublicPageField()),
    ]

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Apps built on units add what a unit page lists (news, documents…) with the
        # "unit_page_context" hook, ``provider(unit, request) -> dict``: this app imports
        # none of them.
        for provider in hooks.get_hooks("unit_page_context"):
            context.update(provider(self, request))
        context["sub_units"] = visible(UnitPage.objects.child_of(self), request).select_related(
            "kind"
        )
        context["leaders"] = self.leaders.select_related("photo")
        return context

    @property
    def owning_unit(self):
        return self

    @property
    def display_name(self):
        return self.short_name or self.title

    @property
    def is_archived(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("Ngày kết thúc phải sau ngày bắt đầu hoạt động.")}
            )
        if self.successor_id and self.pk and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Đơn vị không thể kế thừa chính nó.")})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Keep this unit's issuer in step with its name and abbreviation.
        if self.issuer_code:
            defaults = {"code": self.issuer_code, "name": self.title}
            if self.kind.issuer_kind:
                defaults["kind"] = self.kind.issuer_kind
            Issuer.objects.update_or_create(unit=self, defaults=defaults)


class UnitLeader(Orderable):
    unit = ParentalKey(UnitPage, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=255)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldRowPanel(["name", "position"]), "photo"]

    class Meta(Orderable.Meta):
        verbose_name = _("lãnh đạo")
        verbose_name_plural = _("lãnh đạo")

    def __str__(self):
        return f"{self.name} – {self.position}"


def attach_owning_units(pages, units=None):
    """Set ``owning_unit`` on every page of a listing with one query, whatever its length;
    with none when the caller has the units already (``units``: every unit a page of the
    listing may belong to, e.g. search.service.public_units)."""
    steplen = UnitPage.steplen
    if units is None:
        prefixes = {
            page.path[:end] for page in pages for end in range(steplen, len(page.path) + 1, steplen)
        }
        units = UnitPage.objects.filter(path__in=prefixes).defer_streamfields()
    units = {unit.path: unit for unit in units}
    for page in pages:
        if isinstance(page, UnitPage):
            continue  # a unit owns itself (a read-only property)
        for end in range(len(page.path), 0, -steplen):
            if page.path[:end] in units:
                page.owning_unit = units[page.path[:end]]
                break
        else:
            page.owning_unit = None
    return pages


class UnitAccess(models.Model):
    """What a unit's people work with: its two groups, its collection and its workflow.

    Kept by ``units.ownership`` (created with the unit page, renamed and moved with it);
    permissions themselves are Wagtail's own rows (GroupPagePermission,
    GroupCollectionPermission) with the unit page as the one permission root.
    """

    unit = models.OneToOneField(
        UnitPage, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="access"
    )
    editors = models.OneToOneField(
        "auth.Group",
        verbose_name=_("nhóm biên tập viên"),
        on_delete=models.PROTECT,
        related_name="unit_as_editors",
    )
    approvers = models.OneToOneField(
        "auth.Group",
        verbose_name=_("nhóm người duyệt"),
        on_delete=models.PROTECT,
        related_name="unit_as_approvers",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("thư mục ảnh, tài liệu"),
        on_delete=models.PROTECT,
        related_name="unit_access",
    )
    workflow = models.OneToOneField(
        "wagtailcore.Workflow",
        verbose_name=_("quy trình duyệt"),
        on_delete=models.PROTECT,
        related_name="unit_access",
    )

    class Meta:
        verbose_name = _("quyền của đơn vị")
        verbose_name_plural = _("quyền của đơn vị")

    def __str__(self):
        return str(self.unit)


class IntroductionPage(PortalPage):
    """Giới thiệu: functions, structure, leaders and contacts of the provincial committee."""

    body = RichTextField(
        _("nội dung giới thiệu"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
    )
    unit = models.ForeignKey(
        "units.UnitPage",
        verbose_name=_("đơn vị được giới thiệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Thường là Tỉnh ủy: trang hiện chức năng, cơ cấu, lãnh đạo, liên hệ."),
    )

    parent_page_types = []  # where the home page's subpage_types put it
    owning_unit = None  # never inside a unit (parent_page_types): no query for it
    subpage_types = []
    max_count_per_parent = 1
    template = "pages/introduction_page.html"
    content_panels = PortalPage.content_panels + ["body", "unit"]

    class Meta:
        verbose_name = _("trang giới thiệu")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        unit = self.unit
        if unit is not None and unit.live:
            context["unit"] = unit
            context["leaders"] = unit.leaders.select_related("photo")
            context["sub_units"] = visible(UnitPage.objects.child_of(unit), request)
        return context
