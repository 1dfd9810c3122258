"""“Chép sang tuần sau”: next week's page as a draft, the items shifted by seven days.

Only inside the editor's own unit (Wagtail's page permissions: the user must edit the source
week and add pages to its schedule); asking twice never makes a second page.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import Page

from . import weeks
from .models import ScheduleIndexPage, ScheduleItem, WeeklySchedulePage

CARRIED = (
    "start_time",
    "end_time",
    "content",
    "chair",
    "participants",
    "place",
    "preparing_unit_id",
    "preparing_text",
    "note",
)


def next_week_copy(source, user):
    """(page, created): the draft of the week after ``source``, or the page already there."""
    index = source.get_parent().specific
    monday = source.week_start + datetime.timedelta(days=7)
    with transaction.atomic():
        # Two clicks at once: the second waits here, then finds the first one's page.
        Page.objects.select_for_update().filter(pk=index.pk).first()
        existing = WeeklySchedulePage.objects.child_of(index).filter(week_start=monday).first()
        if existing is not None:
            return existing, False
        draft = source.get_latest_revision_as_object()
        page = WeeklySchedulePage(week_start=monday, note=draft.note, live=False, owner=user)
        page.set_title_and_slug(index)
        page.items = [
            ScheduleItem(
                day=item.day + datetime.timedelta(days=7),
                **{name: getattr(item, name) for name in CARRIED},
            )
            for item in draft.sorted_items()
            if not item.is_called_off
        ]
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=False)
        log(instance=page, action="wagtail.create", user=user)
    return page, True


def _checked(request, source):
    index = source.get_parent().specific
    if not (
        source.permissions_for_user(request.user).can_edit()
        and index.permissions_for_user(request.user).can_add_subpage()
    ):
        raise PermissionDenied
    return index


def copy_week(request, page_id):
    source = get_object_or_404(WeeklySchedulePage, pk=page_id)
    index = _checked(request, source)
    monday = source.week_start + datetime.timedelta(days=7)
    if request.method == "POST":
        page, created = next_week_copy(source, request.user)
        if created:
            messages.success(
                request,
                f"Đã tạo bản nháp “{page.title}” từ lịch tuần trước "
                f"({page.items.count()} mục, lùi 7 ngày). Kiểm tra rồi gửi duyệt hoặc đăng.",
            )
        else:
            messages.warning(
                request,
                f"Lịch tuần {weeks.week_label(monday)} đã có (“{page.title}”): không tạo thêm. "
                "Đang mở trang đó.",
            )
        return redirect("wagtailadmin_pages:edit", page.pk)
    existing = WeeklySchedulePage.objects.child_of(index).filter(week_start=monday).first()
    return TemplateResponse(
        request,
        "schedules/admin/copy_week.html",
        {
            "source": source,
            "index": index,
            "target_title": WeeklySchedulePage.title_for(monday, index),
            "existing": existing,
            "item_count": sum(not item.is_called_off for item in source.sorted_items()),
            "header_title": "Chép lịch sang tuần sau",
        },
    )


def copy_latest_week(request, page_id):
    """From the schedule's header: the latest week, copied to the week after it."""
    index = get_object_or_404(ScheduleIndexPage, pk=page_id)
    latest = WeeklySchedulePage.objects.child_of(index).order_by("-week_start").first()
    if latest is None:
        messages.warning(request, "Chưa có tuần nào để chép: hãy thêm lịch tuần đầu tiên.")
        return redirect("wagtailadmin_explore", index.pk)
    return redirect(reverse("schedules_copy_week", args=[latest.pk]))
