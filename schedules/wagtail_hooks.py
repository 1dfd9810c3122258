from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_views
from .models import ScheduleIndexPage, WeeklySchedulePage


@hooks.register("register_admin_urls")
def schedule_admin_urls():
    return [
        path(
            "schedules/week/<int:page_id>/copy/",
            admin_views.copy_week,
            name="schedules_copy_week",
        ),
        path(
            "schedules/index/<int:page_id>/copy/",
            admin_views.copy_latest_week,
            name="schedules_copy_latest_week",
        ),
    ]


@hooks.register("register_page_header_buttons")
def copy_week_button(page, user, view_name, next_url=None):
    model = page.specific_class
    if model is WeeklySchedulePage:
        url = reverse("schedules_copy_week", args=[page.pk])
    elif model is ScheduleIndexPage:
        url = reverse("schedules_copy_latest_week", args=[page.pk])
    else:
        return
    if page.permissions_for_user(user).can_edit():
        yield Button("Chép sang tuần sau (bản nháp)", url, icon_name="copy", priority=35)


def warn_about_overlaps(request, page):
    if not isinstance(page, WeeklySchedulePage):
        return
    for leader, first, second in page.leader_overlaps():
        messages.warning(
            request,
            f"Trùng lịch của {leader}: {first.day:%d/%m/%Y} lúc {first.start_time:%H:%M} "
            f"“{first.content[:60]}” và lúc {second.start_time:%H:%M} “{second.content[:60]}” "
            "(chỉ cảnh báo, lịch vẫn được lưu).",
        )


hooks.register("after_create_page", warn_about_overlaps)
hooks.register("after_edit_page", warn_about_overlaps)
