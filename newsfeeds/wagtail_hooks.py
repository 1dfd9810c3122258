"""Admin: administrators register feeds; editors browse items and make drafts from them."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from . import views
from .listings import home_items, unit_items
from .models import ExternalFeed, FeedItem


class AdministratorsOnly(BasePermissionPolicy):
    """Feeds are registered and changed by administrators (superusers) only."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_active=True, is_superuser=True)


class ItemsPolicy(AdministratorsOnly):
    """Anyone in the admin may look at items (to make drafts); only administrators delete."""

    def user_has_permission(self, user, action):
        if action == "view":
            return user.is_active and user.has_perm("wagtailadmin.access_admin")
        if action == "delete":
            return super().user_has_permission(user, action)
        return False  # items come from the feed only: never added or edited by hand


register_permission_policy(ExternalFeed, AdministratorsOnly(ExternalFeed))
register_permission_policy(FeedItem, ItemsPolicy(FeedItem))


class ExternalFeedViewSet(ModelViewSet):
    model = ExternalFeed
    icon = "site"
    menu_label = _("Nguồn RSS/Atom")
    form_fields = ["name", "url", "format", "placement", "unit", "active"]
    list_display = [
        "name",
        "placement",
        "active",
        DateColumn("last_fetch_at", label=_("Lấy tin lần cuối")),
        DateColumn("last_success_at", label=_("Thành công lần cuối")),
        Column("last_result", label=_("Kết quả")),
        Column("last_error", label=_("Lỗi gần nhất")),
    ]
    list_filter = ["active", "placement"]
    search_fields = ["name", "url"]
    inspect_view_enabled = True
    copy_view_enabled = False
    name = "external_feeds"
    url_prefix = "newsfeeds/feeds"


class DraftColumn(Column):
    cell_template_name = "newsfeeds/draft_cell.html"


class FeedItemViewSet(ModelViewSet):
    model = FeedItem
    icon = "doc-full"
    menu_label = _("Tin liên kết")
    list_display = [
        "title",
        "source",
        DateColumn("published_at", label=_("Ngày đăng")),
        "feed",
        DraftColumn("draft", label=_("Bài nháp")),
    ]
    list_filter = ["feed"]
    search_fields = ["title", "summary"]
    inspect_view_enabled = True
    copy_view_enabled = False
    # Never used: ItemsPolicy refuses "add" and "change" (items come from their feeds).
    form_fields = ["title"]
    name = "feed_items"
    url_prefix = "newsfeeds/items"


class NewsFeedsGroup(ViewSetGroup):
    items = (FeedItemViewSet, ExternalFeedViewSet)
    menu_icon = "site"
    menu_label = _("Tin từ nguồn ngoài")
    menu_name = "newsfeeds"


@hooks.register("register_admin_viewset")
def register_viewsets():
    return NewsFeedsGroup()


@hooks.register("register_admin_urls")
def draft_urls():
    return [
        path(
            "newsfeeds/items/<int:pk>/draft/",
            views.make_draft_view,
            name="newsfeeds_make_draft",
        )
    ]


# home and units know nothing of this app: it fills the hooks they offer.
hooks.register("home_party_news", home_items)
hooks.register("unit_page_context", unit_items)
