"""Links of the menu and the footer (the home page's link blocks use them too)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


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


class MenuItemBlock(LinkBlock):
    class Meta:
        icon = "link"
        label = _("Mục menu")
