from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Issuer, UnitKind


class UnitKindViewSet(SnippetViewSet):
    model = UnitKind
    icon = "group"
    menu_label = _("Loại đơn vị")
    list_display = ["name", "sort_order"]


class IssuerViewSet(SnippetViewSet):
    model = Issuer
    icon = "pick"
    menu_label = _("Cơ quan ban hành")
    list_display = ["code", "name", "unit"]
    search_fields = ["code", "name"]


class UnitsGroup(SnippetViewSetGroup):
    items = (UnitKindViewSet, IssuerViewSet)
    menu_icon = "group"
    menu_label = _("Đơn vị")
    menu_name = "units"


register_snippet(UnitsGroup)
