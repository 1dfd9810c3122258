from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import UnitContact


class UnitContactViewSet(SnippetViewSet):
    """Contact points of the units, shown on the organisation chart (drag to reorder)."""

    model = UnitContact
    icon = "mail"
    menu_label = _("Đầu mối liên hệ")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["role", "name", "unit", "phone", "email"]
    list_filter = ["unit"]
    search_fields = ["role", "name", "phone", "email"]


register_snippet(UnitContactViewSet)
