"""Site furniture edited by administrators: the main menu and the footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .blocks import LinkBlock, MenuItemBlock


@register_setting(icon="list-ul")
class PortalSettings(BaseSiteSetting):
    """Menus and footer, edited by administrators."""

    menu = StreamField(
        [("item", MenuItemBlock())],
        verbose_name=_("menu chính"),
        blank=True,
        help_text=_("Để trống: menu gồm các trang được đánh dấu “hiện trong menu”."),
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
            ObjectList(["menu"], heading=_("Menu")),
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
