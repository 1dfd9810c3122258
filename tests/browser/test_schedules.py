"""Lịch công tác in Debian's chromium: axe-core finds nothing serious on the schedule at desktop
and phone sizes, and a reader moves between weeks (previous, next, a chosen date, this week)."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from schedules import weeks

from ..factories import ScheduleIndexPageFactory, ScheduleItemFactory, WeeklySchedulePageFactory
from .test_reader_pages import VIEWPORTS, serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def schedule_site(province):
    index = ScheduleIndexPageFactory(parent=province)
    this_monday = weeks.this_week()
    pages = {}
    for offset, label in ((-1, "trước"), (0, "này"), (1, "sau")):
        monday = this_monday + datetime.timedelta(weeks=offset)
        page = WeeklySchedulePageFactory(parent=index, week_start=monday)
        ScheduleItemFactory(
            page=page,
            day=monday,
            start_time=datetime.time(7, 30),
            end_time=datetime.time(9, 0),
            content=f"Giao ban Thường trực Tỉnh ủy tuần {label}",
            participants="Các đồng chí Phó Bí thư Tỉnh ủy; Chánh Văn phòng Tỉnh ủy",
        )
        ScheduleItemFactory(
            page=page,
            day=monday + datetime.timedelta(days=3),
            start_time=datetime.time(14, 0),
            content=f"Tiếp công dân định kỳ tuần {label}",
            status="postponed",
            change_note="Lùi sang tuần sau",
        )
        page.save_revision().publish()
        pages[offset] = page
    return index, pages


@pytest.mark.parametrize("size", VIEWPORTS)
def test_schedule_pages_pass_axe(browser, live_server, schedule_site, size):
    index, pages = schedule_site
    context = browser.new_context(locale="vi-VN", viewport=VIEWPORTS[size])
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = {}
    try:
        for name, url in {
            "index": index.url,
            "week": pages[1].url,
            "print": index.url + "?in=1",
            "bad": index.url + "?tuan=abc",
        }.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, name
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"schedule-{name}-{size}.png"), full_page=True)
            found = serious_violations(page)
            if found:
                problems[name] = found
    finally:
        context.close()
    assert problems == {}


def test_reader_moves_between_weeks(page, live_server, schedule_site):
    index, pages = schedule_site
    page.goto(live_server.url + index.url)
    expect(page.locator("h1")).to_have_text(pages[0].title)
    expect(page.get_by_text("Giao ban Thường trực Tỉnh ủy tuần này")).to_be_visible()
    expect(page.locator(".schedule-status--postponed")).to_have_text("Hoãn")

    page.get_by_role("link", name="Tuần sau →").click()
    expect(page.locator("h1")).to_have_text(pages[1].title)
    expect(page.get_by_text("Giao ban Thường trực Tỉnh ủy tuần sau")).to_be_visible()

    page.get_by_role("link", name="← Tuần trước").click()
    page.get_by_role("link", name="← Tuần trước").click()
    expect(page.locator("h1")).to_have_text(pages[-1].title)

    # A chosen date: any day of a week shows that week.
    thursday = weeks.this_week() + datetime.timedelta(days=3)
    page.get_by_label("Xem tuần có ngày").fill(f"{thursday:%Y-%m-%d}")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("h1")).to_have_text(pages[0].title)
    assert f"ngay={thursday:%Y-%m-%d}" in page.url

    # A week with nothing published, then back to this week.
    page.goto(live_server.url + index.url + "?tuan=2030-W10")
    expect(page.get_by_text("Chưa có lịch công tác tuần")).to_be_visible()
    page.get_by_role("link", name="Tuần này").click()
    expect(page.locator("h1")).to_have_text(pages[0].title)
    expect(page.get_by_text("Tuần này", exact=True)).to_have_attribute("aria-current", "date")
