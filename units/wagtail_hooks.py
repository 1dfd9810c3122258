from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import views
from .models import Issuer, UnitKind, UnitPage
from .panels import UnitPeoplePanel
from .permissions import prime_approval_task_checks


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


# --- a unit's people ---------------------------------------------------------


@hooks.register("register_admin_urls")
def unit_admin_urls():
    return [
        path("units/<int:unit_id>/editors/", views.unit_editors, name="units_editors"),
        path("units/users/", views.user_units, name="units_user_units"),
    ]


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def user_units_menu_item():
    return AdministratorsMenuItem(
        _("Đơn vị theo người dùng"),
        reverse("units_user_units"),
        name="user-units",
        icon_name="group",
        order=610,
    )


@hooks.register("construct_homepage_panels")
def unit_people_panel(request, panels):
    prime_approval_task_checks(request.user)
    panels.append(UnitPeoplePanel(request.user))


def _refuse_unit_change(request, page, message):
    if isinstance(page.specific_deferred, UnitPage) and not request.user.is_superuser:
        messages.error(request, message)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_delete_page")
def only_administrators_delete_units(request, page):
    # Units come from the org chart; deleting one would also drop its groups.
    return _refuse_unit_change(request, page, _("Chỉ quản trị viên được xóa đơn vị."))


@hooks.register("before_move_page")
def only_administrators_move_units(request, page, destination):
    return _refuse_unit_change(request, page, _("Chỉ quản trị viên được di chuyển đơn vị."))
