"""The iCalendar feed of a unit's schedule (``…/lich-cong-tac/lich.ics``), for phone calendars.

Built with the ``icalendar`` library: times carry TZID=Asia/Ho_Chi_Minh with its VTIMEZONE,
each item keeps one UID for its whole life (its page and its own UUID), and a postponed or
cancelled item stays in the feed as STATUS:CANCELLED so calendars remove it.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from portal.visibility import visible

from . import weeks
from .models import ICS_PAST_WEEKS, ScheduleItem, WeeklySchedulePage


def calendar_for(index, request):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    since = weeks.this_week() - datetime.timedelta(weeks=ICS_PAST_WEEKS)
    pages = visible(WeeklySchedulePage.objects.child_of(index), request).filter(
        week_start__gte=since
    )
    items = (
        ScheduleItem.objects.filter(page__in=pages)
        .select_related("page", "preparing_unit")
        .order_by("day", "start_time", "pk")
    )
    host = request.get_host().split(":")[0] or "localhost"
    name = f"Lịch công tác – {index.leadership or index.title}"

    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.WAGTAIL_SITE_NAME}//Lịch công tác//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    page_urls = {}
    for item in items:
        if item.page_id not in page_urls:
            page_urls[item.page_id] = item.page.get_full_url(request)
        calendar.add_component(event_for(item, zone, host, page_urls[item.page_id]))
    calendar.add_missing_timezones()
    return calendar


def event_for(item, zone, host, url):
    event = Event()
    event.add("uid", f"lich-{item.page_id}-{item.uid}@{host}")
    stamp = item.changed_at or item.page.last_published_at or timezone.now()
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", item.sequence)
    event.add("dtstart", datetime.datetime.combine(item.day, item.start_time, tzinfo=zone))
    if item.end_time:
        event.add("dtend", datetime.datetime.combine(item.day, item.end_time, tzinfo=zone))
    prefix = f"[{item.get_status_display()}] " if item.status != item.Status.NORMAL else ""
    event.add("summary", prefix + " ".join(item.content.split()))
    if item.place:
        event.add("location", item.place)
    event.add("description", description(item))
    event.add("status", "CANCELLED" if item.is_called_off else "CONFIRMED")
    event.add("url", url)
    return event


def description(item):
    lines = [
        f"{label}: {value}"
        for label, value in (
            ("Chủ trì", item.chair),
            ("Thành phần", item.participants),
            ("Đơn vị chuẩn bị", item.preparing),
            ("Ghi chú", item.note),
        )
        if value
    ]
    if item.change_notice:
        lines.append(item.change_notice)
    elif item.change_note:
        lines.append(item.change_note)
    return "\n".join(lines)


def calendar_response(index, request):
    response = HttpResponse(
        calendar_for(index, request).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="lich-cong-tac.ics"'
    return response
