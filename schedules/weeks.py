"""ISO weeks as readers ask for them: ``?ngay=03/12/2026`` or ``?tuan=2026-W49``.

A bad value never fails the page: it is reported in Vietnamese and this week is shown.
"""

import datetime
import re

from django.utils import timezone

from portal.vietnamese import WEEKDAYS

# Weeks a reader may ask for; outside them "next week" links could overflow a date.
FIRST_YEAR = 2000
LAST_YEAR = 2100
WEEK_PATTERN = re.compile(r"\A(\d{4})-?W(\d{1,2})\Z", re.IGNORECASE)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def this_week() -> datetime.date:
    """Monday of the current week in Asia/Ho_Chi_Minh (settings.TIME_ZONE)."""
    return monday_of(timezone.localdate())


def week_days(monday: datetime.date) -> list[datetime.date]:
    return [monday + datetime.timedelta(days=offset) for offset in range(7)]


def week_param(monday: datetime.date) -> str:
    """``2026-W49``: the value of ``?tuan=`` for the week starting ``monday``."""
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_label(monday: datetime.date) -> str:
    """``từ 30/11 đến 06/12/2026`` (``từ 28/12/2026 đến 03/01/2027`` across a new year)."""
    sunday = monday + datetime.timedelta(days=6)
    start = f"{monday:%d/%m}" if monday.year == sunday.year else f"{monday:%d/%m/%Y}"
    return f"từ {start} đến {sunday:%d/%m/%Y}"


def weekday_name(day: datetime.date) -> str:
    return WEEKDAYS[day.weekday()]


def _in_range(day: datetime.date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def parse_week(query) -> tuple[datetime.date, str]:
    """(Monday of the week asked for, a message for the reader or "").

    ``query`` is ``request.GET``: ``tuan`` (ISO week) wins over ``ngay`` (a date).
    """
    week = (query.get("tuan") or "").strip()
    day = (query.get("ngay") or "").strip()
    if week:
        match = WEEK_PATTERN.match(week)
        if match:
            try:
                monday = datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
            except ValueError:
                monday = None
            if monday is not None and _in_range(monday):
                return monday, ""
        return this_week(), (
            f"Không có tuần “{week[:40]}” (ghi theo dạng 2026-W49, năm {FIRST_YEAR}–{LAST_YEAR}). "
            "Đang hiện lịch tuần này."
        )
    if day:
        for pattern in DATE_FORMATS:
            try:
                parsed = datetime.datetime.strptime(day, pattern).date()
            except ValueError:
                continue
            if _in_range(parsed):
                return monday_of(parsed), ""
        return this_week(), (
            f"Không hiểu ngày “{day[:40]}” (ghi theo dạng 03/12/2026, năm "
            f"{FIRST_YEAR}–{LAST_YEAR}). Đang hiện lịch tuần này."
        )
    return this_week(), ""
