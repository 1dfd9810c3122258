"""The home page block "Lịch công tác": this week's coming items of one unit's schedule."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.visibility import visible

from . import weeks


class ScheduleBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề khối"), max_length=100, default="Lịch công tác")
    schedule = blocks.PageChooserBlock(
        label=_("Lịch công tác của đơn vị"), page_type="schedules.ScheduleIndexPage"
    )
    count = blocks.IntegerBlock(label=_("Số mục"), min_value=1, max_value=30, default=6)

    class Meta:
        icon = "date"
        label = _("Lịch công tác")
        template = "components/streamfield/home/schedule_block.html"
        description = _("Các mục lịch công tác từ hôm nay đến hết tuần của một đơn vị")
        preview_value = {"heading": "Lịch công tác", "count": 6}

    def get_context(self, value, parent_context=None):
        from .models import ScheduleItem, WeeklySchedulePage

        context = super().get_context(value, parent_context=parent_context)
        index = value.get("schedule")
        request = (parent_context or {}).get("request")
        context["schedule_items"] = []
        context["schedule_index"] = None
        if index is None or not index.live:
            return context
        today = timezone.localdate()
        monday = weeks.monday_of(today)
        week = visible(WeeklySchedulePage.objects.child_of(index), request).filter(
            week_start=monday
        )
        context["schedule_index"] = index
        context["week_label"] = weeks.week_label(monday)
        context["schedule_items"] = list(
            ScheduleItem.objects.filter(
                page__in=week, day__gte=today, day__lte=monday + datetime.timedelta(days=6)
            )
            .select_related("preparing_unit")
            .order_by("day", "start_time", "pk")[: value["count"]]
        )
        return context
