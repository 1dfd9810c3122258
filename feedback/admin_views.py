"""The admin inbox: Wagtail's generic index (filters, CSV/XLSX export) and history views,
limited to the items the user may see, and one page per item with its actions."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.log_actions import registry as log_registry
from wagtail.permission_policies.base import ModelPermissionPolicy

from units.models import UnitPage

from . import handling
from .access import can_approve, is_unit_member, visible_items, visible_units
from .forms import AssignForm, DuplicateForm, ForwardForm, NoteForm, PublishForm, ReplyForm
from .models import Category, FeedbackItem

Status = FeedbackItem.Status


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    """Unit people view and handle their units' items; only administrators delete. There
    is no "add": items come from the public form only."""

    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        if user.is_superuser:
            return action != "add"
        return action in ("view", "change") and is_unit_member(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and visible_items(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return FeedbackItem.objects.none()
        return visible_items(user)


class FeedbackFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="Trạng thái", choices=Status.choices)
    unit = django_filters.ModelChoiceFilter(
        label="Đơn vị", queryset=UnitPage.objects.none(), method="filter_unit"
    )
    category = django_filters.ModelChoiceFilter(label="Lĩnh vực", queryset=Category.objects.all())
    received_at = django_filters.DateFromToRangeFilter(
        label="Ngày nhận", widget=DateRangePickerWidget
    )
    overdue = django_filters.BooleanFilter(
        label="Quá hạn trả lời",
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = FeedbackItem
        fields = ["status", "unit", "category", "received_at", "overdue"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["unit"].queryset = visible_units(request.user).order_by("path")

    def filter_unit(self, queryset, name, unit):
        return queryset.filter(unit__path__startswith=unit.path) if unit else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = FeedbackItem.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class FeedbackIndexView(IndexView):
    def user_has_permission_for_instance(self, permission, instance):
        # The listing holds only what the user may see: no query per row.
        return self.user_has_permission(permission)

    def get_base_queryset(self):
        return visible_items(self.request.user).select_related("unit", "category", "assigned_to")


class FeedbackHistoryView(HistoryView):
    def get_base_object_queryset(self):
        return visible_items(self.request.user)


ACTIONS = {
    "assign": AssignForm,
    "forward": ForwardForm,
    "reply": ReplyForm,
    "publish": PublishForm,
    "spam": NoteForm,
    "duplicate": DuplicateForm,
    "close": NoteForm,
    "reopen": NoteForm,
    "withdraw": NoteForm,
}


def item_view(request, pk, viewset):
    """One item: what was sent, the attachment, the reply, the history, and the actions
    this user may take. Each action is its own small form posted here."""
    item = get_object_or_404(
        visible_items(request.user).select_related("unit", "category", "assigned_to"), pk=pk
    )
    approver = can_approve(request.user, item)
    allowed = _allowed_actions(request.user, item, approver)
    forms = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in allowed:
            raise PermissionDenied
        form = _form(action, item, request, data=request.POST)
        if form.is_valid():
            error = _apply(action, item, request.user, form.cleaned_data)
            if error is None:
                messages.success(request, f"Đã cập nhật góp ý {item.tracking_code}.")
                return redirect(viewset.get_url_name("edit"), item.pk)
            messages.error(request, error)
        forms[action] = form
    for action in allowed:
        forms.setdefault(action, _form(action, item, request))
    history = log_registry.get_logs_for_instance(item).select_related("user").order_by("-timestamp")
    return TemplateResponse(
        request,
        "feedback/admin/item.html",
        {
            "item": item,
            "forms": forms,
            "is_approver": approver,
            "history": history,
            "page_title": f"Góp ý {item.tracking_code}",
            "header_icon": "mail",
            "index_url": reverse(viewset.get_url_name("index")),
            "history_url": reverse(viewset.get_url_name("history"), args=[item.pk]),
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": "Trang chủ"},
                {"url": reverse(viewset.get_url_name("index")), "label": "Góp ý – Hỏi đáp"},
                {"url": "", "label": item.tracking_code},
            ],
        },
    )


def _allowed_actions(user, item, approver):
    if item.is_open:
        allowed = ["assign", "forward", "reply", "spam", "duplicate", "close"]
    elif item.status == Status.ANSWERED:
        allowed = ["forward", "reply", "close"]
    else:
        allowed = ["reopen"]
    if item.unit_id is None and not user.is_superuser:
        allowed = []
    if approver and item.can_be_published:
        allowed.append("publish")
    if approver and item.public_page_id and item.publication_approved_at:
        allowed.append("withdraw")
    return allowed


def _form(action, item, request, data=None):
    cls = ACTIONS[action]
    kwargs = {"item": item, "prefix": action}
    if cls is DuplicateForm:
        kwargs["visible"] = visible_items(request.user)
    return cls(data, **kwargs)


def _apply(action, item, user, data):
    """The change, or an error message when it cannot be made."""
    if action == "assign":
        handling.assign(item, user, data["assigned_to"])
    elif action == "forward":
        handling.forward(item, user, data["unit"], data["note"])
    elif action == "reply":
        handling.reply(item, user, data["reply"])
    elif action == "publish":
        try:
            handling.approve_publication(item, user, data["title"], data["question"])
        except handling.PublicationError as error:
            return str(error)
    elif action == "withdraw":
        handling.withdraw_publication(item, user)
    elif action == "spam":
        handling.mark(item, user, Status.SPAM, note=data["note"])
    elif action == "duplicate":
        handling.mark(item, user, Status.DUPLICATE, duplicate_of=data["duplicate_of"])
    elif action == "close":
        handling.mark(item, user, Status.CLOSED, note=data["note"])
    elif action == "reopen":
        handling.reopen(item, user)
    return None


def attachment(request, pk):
    """The attachment, to admin users who may see the item only, always as a download."""
    item = get_object_or_404(visible_items(request.user), pk=pk)
    if not item.attachment:
        raise Http404
    response = FileResponse(
        item.attachment.open("rb"),
        as_attachment=True,
        filename=f"{item.tracking_code}{item.attachment_suffix}",
        content_type=item.attachment_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def overdue_items(user, limit=10):
    items = visible_items(user).overdue().select_related("unit").order_by("due_date", "pk")
    return items[:limit], items.count()
