"""Site furniture edited by administrators: the main menu, the footer, the emblem, and the
organisation chart with each unit's contact points."""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable

from portal.visibility import visible
from units.models import PortalPage, UnitPage

from .blocks import LinkBlock, MenuItemBlock


@register_setting(icon="list-ul")
class PortalSettings(BaseSiteSetting):
    """Menus and footer, edited by administrators."""

    emblem = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("biểu trưng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Ảnh ở đầu trang, cạnh tên cổng (thường là cờ Đảng). Để trống: dùng cờ Đảng vẽ sẵn."
        ),
    )
    menu = StreamField(
        [("item", MenuItemBlock())],
        verbose_name=_("menu chính"),
        blank=True,
        help_text=_(
            "Hai cấp: mỗi mục có thể có menu con. Để trống: menu gồm các trang được đánh dấu "
            "“hiện trong menu”."
        ),
    )
    owner = models.CharField(
        _("cơ quan chủ quản"), max_length=255, default="Ban Thường vụ Tỉnh ủy Tây Ninh"
    )
    address = models.CharField(
        _("địa chỉ"),
        max_length=255,
        default="Số 1 đường Trần Hưng Đạo, phường 2, thành phố Tây Ninh, tỉnh Tây Ninh",
    )
    phone = models.CharField(_("điện thoại"), max_length=100, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    responsible = models.CharField(_("chịu trách nhiệm chính"), max_length=255, blank=True)
    licence = models.CharField(
        _("giấy phép"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Giấy phép số …/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày …"),
    )
    reuse_note = models.CharField(
        _("ghi chú sử dụng lại thông tin"),
        max_length=500,
        default="Ghi rõ nguồn “Cổng thông tin điện tử Đảng bộ tỉnh Tây Ninh” khi phát hành lại "
        "thông tin từ cổng.",
    )
    footer_links = StreamField(
        [("link", LinkBlock())], verbose_name=_("liên kết cuối trang"), blank=True
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(["emblem", "menu"], heading=_("Đầu trang và menu")),
            ObjectList(
                [
                    MultiFieldPanel(["owner", "responsible", "licence"], heading=_("Cơ quan")),
                    MultiFieldPanel(["address", "phone", "email"], heading=_("Liên hệ")),
                    "reuse_note",
                    "footer_links",
                ],
                heading=_("Chân trang"),
            ),
        ]
    )

    class Meta:
        verbose_name = _("menu và chân trang")


class UnitContact(Orderable):
    """A named contact point of a unit (Văn phòng, tiếp nhận văn bản, phát ngôn…), shown on
    the organisation chart. Kept here rather than on UnitPage: the units app stays the bare
    hierarchy, and a contact changes without a new revision of the unit's page."""

    unit = models.ForeignKey(
        UnitPage, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="contacts"
    )
    role = models.CharField(
        _("bộ phận hoặc chức danh"),
        max_length=150,
        help_text=_("Ví dụ: Chánh Văn phòng; Bộ phận tiếp nhận văn bản; Người phát ngôn"),
    )
    name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    # A plain list of units: Wagtail's page chooser answers a tampered id with a 500.
    panels = [
        FieldPanel("unit", widget=forms.Select),
        "role",
        "name",
        FieldRowPanel(["phone", "email"]),
    ]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("đầu mối liên hệ")
        verbose_name_plural = _("đầu mối liên hệ")

    def __str__(self):
        who = f"{self.role} – {self.name}" if self.name else self.role
        return f"{who} ({self.unit.title})" if self.unit_id else who

    def clean(self):
        super().clean()
        self.role = self.role.strip()
        self.name = self.name.strip()
        self.phone = self.phone.strip()
        if not self.phone and not self.email:
            raise ValidationError(_("Nhập số điện thoại hoặc thư điện tử của đầu mối."))


@dataclass
class UnitNode:
    """One unit of the chart, its contact points and the units under it."""

    unit: UnitPage
    contacts: list = field(default_factory=list)
    children: list = field(default_factory=list)


def unit_tree(units, contacts):
    """Nest ``units`` (any order) by their tree paths; a unit whose parent is not among them
    is a root. ``contacts`` are attached to their unit. No query."""
    steplen = UnitPage.steplen
    nodes = {unit.path: UnitNode(unit) for unit in sorted(units, key=lambda unit: unit.path)}
    by_id = {node.unit.pk: node for node in nodes.values()}
    for contact in contacts:
        if contact.unit_id in by_id:
            by_id[contact.unit_id].contacts.append(contact)
    roots = []
    for path, node in nodes.items():
        parent = nodes.get(path[:-steplen])
        (parent.children if parent else roots).append(node)
    return roots


class OrgChartPage(PortalPage):
    """Sơ đồ tổ chức: the unit tree as it stands, generated from the unit pages, with archived
    units greyed and their successor named, and each unit's contact points."""

    intro = RichTextField(_("lời dẫn"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    parent_page_types = ["home.HomePage"]
    owning_unit = None  # never inside a unit (parent_page_types): no query for it
    subpage_types = []
    max_count_per_parent = 1
    template = "pages/org_chart_page.html"
    content_panels = PortalPage.content_panels + ["intro"]

    class Meta:
        verbose_name = _("sơ đồ tổ chức")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        root = self.get_parent()
        units = list(
            visible(UnitPage.objects.descendant_of(root), request)
            .select_related("kind", "successor")
            .defer("introduction")
        )
        contacts = UnitContact.objects.filter(unit__path__startswith=root.path).order_by(
            "sort_order", "pk"
        )
        context["unit_tree"] = unit_tree(units, contacts)
        context["unit_count"] = len(units)
        return context
