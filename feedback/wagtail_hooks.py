from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from navigation.menu import MenuLink

from . import admin_views
from .models import Category, FeedbackItem, OutgoingMail, QAIndexPage
from .views import consultation_comment

register_permission_policy(FeedbackItem, admin_views.FeedbackPermissionPolicy(FeedbackItem))


class DueColumn(Column):
    cell_template_name = "feedback/admin/due_cell.html"


class FeedbackItemViewSet(ModelViewSet):
    model = FeedbackItem
    icon = "mail"
    menu_label = "Hộp thư góp ý"
    url_prefix = "feedback/items"
    name = "feedback_items"
    index_view_class = admin_views.FeedbackIndexView
    copy_view_enabled = False
    history_view_class = admin_views.FeedbackHistoryView
    filterset_class = admin_views.FeedbackFilterSet
    list_per_page = 30
    ordering = ["-received_at", "-pk"]
    search_fields = ["tracking_code", "subject", "message"]
    search_backend_name = None  # plain database filtering: private data stays out of the index
    list_display = [
        TitleColumn("tracking_code", label="Mã", url_name="feedback_items:edit"),
        Column("subject", label="Tiêu đề"),
        Column("unit", label="Đơn vị"),
        Column("category", label="Lĩnh vực"),
        StatusTagColumn("get_status_display", label="Trạng thái", sort_key="status"),
        DateColumn("received_at", label="Ngày nhận", sort_key="received_at"),
        DueColumn("due_date", label="Hạn trả lời", sort_key="due_date"),
    ]
    list_export = [
        "tracking_code",
        "received_at",
        "unit",
        "category",
        "subject",
        "message",
        "name",
        "email",
        "phone",
        "address",
        "get_status_display",
        "due_date",
        "assigned_to",
        "replied_at",
        "reply_text",
        "closed_at",
    ]
    export_headings = {
        "tracking_code": "Mã tra cứu",
        "received_at": "Ngày nhận",
        "unit": "Đơn vị nhận",
        "category": "Lĩnh vực",
        "subject": "Tiêu đề",
        "message": "Nội dung",
        "name": "Họ và tên",
        "email": "Thư điện tử",
        "phone": "Điện thoại",
        "address": "Địa chỉ",
        "get_status_display": "Trạng thái",
        "due_date": "Hạn trả lời",
        "assigned_to": "Người xử lý",
        "replied_at": "Ngày trả lời",
        "reply_text": "Nội dung trả lời",
        "closed_at": "Ngày đóng",
    }
    export_filename = "gop-y"

    @property
    def edit_view(self):
        def view(request, pk):
            return admin_views.item_view(request, pk, self)

        return view

    def get_common_view_kwargs(self, **kwargs):
        # Items come from the public form only and are never deleted from here.
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "delete_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("edit/<int:pk>/", self.edit_view, name="edit"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("attachment/<int:pk>/", admin_views.attachment, name="attachment"),
        ]


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "tag"
    menu_label = "Lĩnh vực và thời hạn"
    url_prefix = "feedback/categories"
    name = "feedback_categories"
    list_display = ["name", "response_days", "sort_order"]
    form_fields = ["name", "response_days", "sort_order"]


class OutgoingMailViewSet(ModelViewSet):
    """Read-only view of the outbox for administrators (default model permissions)."""

    model = OutgoingMail
    icon = "mail"
    menu_label = "Thư chờ gửi"
    url_prefix = "feedback/outbox"
    name = "feedback_outbox"
    list_display = ["item", "kind", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["kind"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


class FeedbackGroup(ModelViewSetGroup):
    menu_label = "Góp ý – Hỏi đáp"
    menu_icon = "mail"
    menu_order = 250
    items = (FeedbackItemViewSet, CategoryViewSet, OutgoingMailViewSet)


@hooks.register("register_admin_viewset")
def register_feedback_viewsets():
    return FeedbackGroup()


# --- audit log ---------------------------------------------------------------


def _formatter(label, message):
    return type("FeedbackLogFormatter", (LogFormatter,), {"label": label, "message": message})


class ForwardFormatter(LogFormatter):
    label = "Chuyển đơn vị"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return f"Chuyển từ {data.get('from', '')} đến {data.get('to', '')}: {data.get('note', '')}"


class AssignFormatter(LogFormatter):
    label = "Giao xử lý"

    def format_message(self, log_entry):
        return f"Giao cho {(log_entry.data or {}).get('assignee', '')}"


class NotedFormatter(LogFormatter):
    def format_message(self, log_entry):
        note = (log_entry.data or {}).get("note", "")
        return f"{self.message}: {note}" if note else self.message


def _noted(label, message):
    return type(
        "NotedFeedbackLogFormatter", (NotedFormatter,), {"label": label, "message": message}
    )


class DuplicateFormatter(LogFormatter):
    label = "Đánh dấu trùng lặp"

    def format_message(self, log_entry):
        return f"Trùng với góp ý {(log_entry.data or {}).get('original', '')}"


@hooks.register("register_log_actions")
def register_feedback_log_actions(actions):
    actions.register_action("feedback.received")(
        _formatter("Tiếp nhận", "Nhận góp ý từ biểu mẫu công khai")
    )
    actions.register_action("feedback.assign")(AssignFormatter)
    actions.register_action("feedback.forward")(ForwardFormatter)
    actions.register_action("feedback.reply")(_formatter("Trả lời", "Trả lời người gửi"))
    actions.register_action("feedback.reply_edit")(
        _formatter("Sửa trả lời", "Sửa nội dung trả lời")
    )
    actions.register_action("feedback.approve")(
        _formatter("Duyệt công bố", "Duyệt công bố câu hỏi và trả lời trên mục Hỏi đáp")
    )
    actions.register_action("feedback.withdraw")(
        _formatter("Thu hồi công bố", "Thu hồi câu hỏi khỏi mục Hỏi đáp")
    )
    actions.register_action("feedback.spam")(_noted("Đánh dấu thư rác", "Đánh dấu thư rác"))
    actions.register_action("feedback.duplicate")(DuplicateFormatter)
    actions.register_action("feedback.close")(_noted("Đóng", "Đóng góp ý"))
    actions.register_action("feedback.reopen")(_formatter("Mở lại", "Mở lại để xử lý"))


# --- dashboard ---------------------------------------------------------------


class OverduePanel(Component):
    name = "feedback_overdue"
    template_name = "feedback/admin/dashboard_panel.html"
    order = 80

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        items, count = admin_views.overdue_items(self.user)
        context.update(
            items=items,
            count=count,
            index_url=reverse("feedback_items:index") + "?overdue=true",
        )
        return context


@hooks.register("construct_homepage_panels")
def feedback_overdue_panel(request, panels):
    from .access import is_unit_member

    if is_unit_member(request.user):
        panels.append(OverduePanel(request.user))


# ConsultationPage.serve answers with the draft's comment form (the model imports no view).
hooks.register("serve_consultation_page", consultation_comment)


MENU_TITLE = "Góp ý – Hỏi đáp"


@hooks.register("portal_main_menu")
def feedback_in_main_menu(request, links):
    """Readers look for "Góp ý" in the main menu, whatever editors configured: one entry to
    the form, the look-up by tracking code, the answered questions and the open consultations.
    It takes the place of the Q&A page's own top-level entry (the hub links to it). Links are
    ``navigation.menu.MenuLink``; an editor's link to the hub, at either level, is kept."""
    hub = reverse("feedback-submit")
    if any(hub in link.urls() for link in links):
        return links
    entry = MenuLink(MENU_TITLE, hub)
    qa_urls = {page.url for page in QAIndexPage.objects.live()}
    for position, link in enumerate(links):
        if link.url in qa_urls and not link.children:
            return [*links[:position], entry, *links[position + 1 :]]
    return [*links, entry]
