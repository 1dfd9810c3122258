from django.contrib import messages
from django.core.exceptions import PermissionDenied
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
from .permissions import choosable_pages, prime_approval_task_checks


class UnitKindViewSet(SnippetViewSet):
    model = UnitKind
    icon = "group"
    menu_label = _("Loại đơn vị")
    list_display = ["name", "issuer_kind", "sort_order"]


class IssuerViewSet(SnippetViewSet):
    model = Issuer
    icon = "pick"
    menu_label = _("Cơ quan ban hành")
    list_display = ["code", "name", "kind", "unit"]
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


@hooks.register("before_move_page")
def move_only_where_allowed(request, page, destination):
    """Wagtail's move-confirm page shows both titles before any permission check: any id
    pair read another unit's draft titles (issue #21, finding 9)."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("construct_page_chooser_queryset")
def choose_public_or_own_pages(pages, request):
    """The page chooser (browsing and search) lists live public pages (anyone may link
    them) and the pages the user may edit; never another unit's drafts or private pages."""
    return choosable_pages(pages, request.user)


# --- the admin API lists only the media the user may see (issue #21, finding 9) -------


def _confined(viewset, model_getter):
    class Confined(viewset):
        def get_queryset(self):
            from wagtail.permissions import policy_registry

            model = model_getter()
            policy = policy_registry.get_by_type(model)
            allowed = policy.instances_user_has_any_permission_for(
                self.request.user, ["choose", "change"]
            )
            return super().get_queryset().filter(pk__in=allowed.values("pk"))

    Confined.__name__ = f"Confined{viewset.__name__}"
    return Confined


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own registrations
def confine_admin_api_media(router):
    from wagtail.documents import get_document_model
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
    from wagtail.images import get_image_model
    from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

    router.register_endpoint("documents", _confined(DocumentsAdminAPIViewSet, get_document_model))
    router.register_endpoint("images", _confined(ImagesAdminAPIViewSet, get_image_model))
