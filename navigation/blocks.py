"""Links of the menu and the footer (the home page's link blocks use them too)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .links import safe_href


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tên hiển thị"), max_length=150)
    page = blocks.PageChooserBlock(label=_("Trang trên cổng"), required=False)
    url = blocks.URLBlock(label=_("Hoặc địa chỉ ngoài"), required=False)

    class Meta:
        icon = "link"
        label = _("Liên kết")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                {"url": _("Chọn một trang trên cổng hoặc nhập địa chỉ ngoài.")}
            )
        return value


def validate_menu_url(value):
    if value and safe_href(value) is None:
        raise ValidationError(
            _(
                "Nhập đường dẫn trên cổng (bắt đầu bằng “/”, ví dụ /gop-y/) hoặc địa chỉ "
                "http://, https://. Không dùng javascript:, data: hay “//”."
            )
        )


class MenuURLBlock(blocks.CharBlock):
    """An address on this site ("/gop-y/") or on the web (http, https): navigation.links."""

    def __init__(self, **kwargs):
        super().__init__(max_length=2000, validators=[validate_menu_url], **kwargs)

    def clean(self, value):
        return super().clean(value.strip() if isinstance(value, str) else value)

    class Meta:
        icon = "link"


class MenuLinkValue(blocks.StructValue):
    """Where a menu entry leads: its live page, else its address; None when neither."""

    def href(self):
        page = self.get("page")
        if page is not None:
            return page.url if page.live else None
        return safe_href(self.get("url"))

    def label(self):
        title = (self.get("title") or "").strip()
        page = self.get("page")
        return title or (page.title if page is not None else "")


class MenuLinkBlock(blocks.StructBlock):
    """One entry of a submenu."""

    title = blocks.CharBlock(label=_("Tên hiển thị"), max_length=150)
    page = blocks.PageChooserBlock(label=_("Trang trên cổng"), required=False)
    url = MenuURLBlock(
        label=_("Hoặc đường dẫn"),
        required=False,
        help_text=_("Đường dẫn trên cổng (/gop-y/) hoặc địa chỉ http://, https://."),
    )

    class Meta:
        icon = "link"
        label = _("Mục con")
        value_class = MenuLinkValue

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                {"url": ValidationError(_("Chọn một trang trên cổng hoặc nhập đường dẫn."))}
            )
        return value


class MenuItemBlock(blocks.StructBlock):
    """One entry of the main menu, with its submenu (a second level, no third)."""

    title = blocks.CharBlock(label=_("Tên hiển thị"), max_length=150)
    page = blocks.PageChooserBlock(label=_("Trang trên cổng"), required=False)
    url = MenuURLBlock(
        label=_("Hoặc đường dẫn"),
        required=False,
        help_text=_(
            "Đường dẫn trên cổng (/gop-y/) hoặc địa chỉ http://, https://. Để trống cả hai: "
            "mục chỉ mở menu con."
        ),
    )
    children = blocks.ListBlock(
        MenuLinkBlock(),
        label=_("Menu con"),
        required=False,
        max_num=20,
        default=[],
    )

    class Meta:
        icon = "list-ul"
        label = _("Mục menu")
        value_class = MenuLinkValue

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url") and not value.get("children"):
            raise blocks.StructBlockValidationError(
                {
                    "url": ValidationError(
                        _("Chọn một trang, nhập đường dẫn hoặc thêm ít nhất một mục con.")
                    )
                }
            )
        return value
