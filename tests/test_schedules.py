"""Lịch công tác: tree rules, the admin form (week, items, title, changes, overlaps), copying a
week, what readers see (weeks by date, bad values, print), search, sitemap, API, page cache."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from schedules import weeks
from schedules.admin_views import next_week_copy
from schedules.models import (
    ScheduleDirectoryPage,
    ScheduleIndexPage,
    ScheduleItem,
    WeeklySchedulePage,
)
from units.models import UnitPage

from .conftest import UNIT_PASSWORD, unit_member
from .factories import (
    ScheduleIndexPageFactory,
    ScheduleItemFactory,
    UnitPageFactory,
    WeeklySchedulePageFactory,
)

MONDAY = datetime.date(2026, 11, 30)  # ISO week 2026-W49


@pytest.fixture
def schedule(province):
    return ScheduleIndexPageFactory(parent=province)


@pytest.fixture
def week(schedule):
    page = WeeklySchedulePageFactory(parent=schedule, week_start=MONDAY)
    ScheduleItemFactory(
        page=page,
        day=MONDAY + datetime.timedelta(days=3),
        start_time=datetime.time(14, 0),
        content="Tiếp công dân định kỳ",
        chair="Đồng chí Phó Bí thư Thường trực",
        place="Trụ sở Tiếp công dân tỉnh",
    )
    ScheduleItemFactory(
        page=page,
        day=MONDAY,
        start_time=datetime.time(7, 30),
        end_time=datetime.time(11, 0),
        content="Hội nghị Ban Thường vụ Tỉnh ủy",
        participants="Các đồng chí Ủy viên Ban Thường vụ",
    )
    page.save_revision().publish()
    return page


def item_form(item=None, **values):
    """One row of the items inline formset, from an item or from values."""
    data = {
        "day": "",
        "start_time": "",
        "end_time": "",
        "content": "",
        "chair": "",
        "participants": "",
        "place": "",
        "preparing_unit": "",
        "preparing_text": "",
        "note": "",
        "status": "normal",
        "change_note": "",
    }
    if item is not None:
        data.update(
            id=item.pk,
            day=f"{item.day:%d/%m/%Y}",
            start_time=f"{item.start_time:%H:%M}",
            end_time=f"{item.end_time:%H:%M}" if item.end_time else "",
            content=item.content,
            chair=item.chair,
            participants=item.participants,
            place=item.place,
            status=item.status,
        )
    data.update(values)
    return data


def week_form(monday, items, note=""):
    existing = sum("id" in item for item in items)
    return nested_form_data(
        {
            "week_start": f"{monday:%d/%m/%Y}",
            "note": note,
            "items": inline_formset(items, initial=existing),
        }
    )


# --- tree ---------------------------------------------------------------------------


class ScheduleTreeTests(WagtailPageTestCase):
    def test_rules_both_ways(self):
        from home.models import HomePage

        self.assertAllowedParentPageTypes(ScheduleIndexPage, {UnitPage})
        self.assertAllowedSubpageTypes(ScheduleIndexPage, {WeeklySchedulePage})
        self.assertAllowedParentPageTypes(WeeklySchedulePage, {ScheduleIndexPage})
        self.assertAllowedSubpageTypes(WeeklySchedulePage, set())
        self.assertAllowedParentPageTypes(ScheduleDirectoryPage, {HomePage})
        self.assertCanNotCreateAt(HomePage, WeeklySchedulePage)


class ScheduleCreateTests(WagtailPageTestCase):
    def setUp(self):
        self.login()

    def test_an_editor_creates_a_schedule_through_the_admin(self):
        from home.models import HomePage

        unit = UnitPageFactory(parent=HomePage.objects.get(depth=2), title="Huyện ủy Tân Biên")
        self.assertCanCreate(
            unit,
            ScheduleIndexPage,
            nested_form_data(
                {
                    "title": "Lịch công tác",
                    "slug": "lich-cong-tac",
                    "leadership": "Thường trực Huyện ủy",
                }
            ),
        )


def test_one_schedule_per_unit(schedule, province, district):
    assert not ScheduleIndexPage.can_create_at(province)
    assert ScheduleIndexPage.can_create_at(district)


# --- the admin form ---------------------------------------------------------------


def add_url(schedule):
    return f"/admin/pages/add/schedules/weeklyschedulepage/{schedule.pk}/"


def test_admin_creates_a_week_with_computed_title_and_ordered_items(admin_client, schedule):
    data = week_form(
        MONDAY,
        [
            item_form(day="04/12/2026", start_time="14:00", content="Làm việc với Huyện ủy Gò Dầu"),
            item_form(day="30/11/2026", start_time="08:00", content="Giao ban Thường trực"),
            item_form(day="30/11/2026", start_time="07:30", content="Chào cờ đầu tuần"),
        ],
    )
    response = admin_client.post(add_url(schedule), data)
    assert response.status_code == 302, response.context["form"].errors
    page = WeeklySchedulePage.objects.child_of(schedule).get()
    assert page.title == ("Lịch công tác tuần từ 30/11 đến 06/12/2026 của Thường trực Tỉnh ủy")
    assert page.slug == "tuan-2026-49"
    assert [item.content for item in page.items.all()] == [
        "Chào cờ đầu tuần",
        "Giao ban Thường trực",
        "Làm việc với Huyện ủy Gò Dầu",
    ]


def test_a_week_across_the_new_year_names_both_years(schedule):
    title = WeeklySchedulePage.title_for(datetime.date(2026, 12, 28), schedule)
    assert title == "Lịch công tác tuần từ 28/12/2026 đến 03/01/2027 của Thường trực Tỉnh ủy"


@pytest.mark.parametrize(
    ("monday", "items", "field", "message"),
    [
        (MONDAY + datetime.timedelta(days=2), [], "week_start", "phải là thứ Hai"),
        (
            MONDAY,
            [item_form(day="07/12/2026", start_time="08:00", content="x")],
            "day",
            "trong tuần",
        ),
        (
            MONDAY,
            [item_form(day="30/11/2026", start_time="10:00", end_time="09:00", content="x")],
            "end_time",
            "Giờ kết thúc phải sau",
        ),
    ],
)
def test_admin_refuses_a_bad_week_or_item_with_a_clear_message(
    admin_client, schedule, monday, items, field, message
):
    response = admin_client.post(add_url(schedule), week_form(monday, items))
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.get(field, []) + [
        error for child in form.formsets["items"].forms for error in child.errors.get(field, [])
    ]
    assert any(message in str(error) for error in errors), form.errors
    assert not WeeklySchedulePage.objects.exists()


def test_admin_refuses_a_second_page_for_the_same_week(admin_client, schedule, week):
    response = admin_client.post(add_url(schedule), week_form(MONDAY, []))
    assert response.status_code == 200
    assert "Đã có lịch công tác tuần này" in str(response.context["form"].errors["week_start"])
    assert WeeklySchedulePage.objects.count() == 1


def test_overlapping_items_of_one_leader_are_flagged_not_refused(admin_client, schedule):
    chair = "Đồng chí Bí thư Tỉnh ủy"
    data = week_form(
        MONDAY,
        [
            item_form(
                day="01/12/2026",
                start_time="08:00",
                end_time="10:00",
                content="Hội nghị A",
                chair=chair,
            ),
            item_form(
                day="01/12/2026",
                start_time="09:30",
                content="Làm việc B",
                chair=f" {chair.upper()} ",
            ),
            item_form(
                day="01/12/2026", start_time="09:00", content="Tiếp khách C", chair="Người khác"
            ),
            item_form(
                day="01/12/2026",
                start_time="09:45",
                content="Hủy D",
                chair=chair,
                status="cancelled",
            ),
        ],
    )
    response = admin_client.post(add_url(schedule), data, follow=True)
    assert response.status_code == 200
    page = WeeklySchedulePage.objects.get()
    overlaps = page.leader_overlaps()
    assert [(first.content, second.content) for _leader, first, second in overlaps] == [
        ("Hội nghị A", "Làm việc B")
    ]
    shown = [str(message) for message in response.context["messages"]]
    assert any("Trùng lịch" in message and "Hội nghị A" in message for message in shown)
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Có 1 chỗ trùng lịch" in edit


def test_a_change_to_a_published_item_is_shown_with_its_time(admin_client, client, week):
    items = list(week.items.all())
    monday_meeting = items[0]
    assert monday_meeting.content == "Hội nghị Ban Thường vụ Tỉnh ủy"
    data = week_form(
        MONDAY,
        [
            item_form(monday_meeting, start_time="14:00", end_time="16:30", place="Phòng họp số 2"),
            item_form(items[1], status="postponed", change_note="Do lãnh đạo đi công tác"),
        ],
    )
    data["action-publish"] = "publish"
    before = timezone.now().replace(microsecond=0)
    response = admin_client.post(f"/admin/pages/{week.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    changed = ScheduleItem.objects.get(pk=monday_meeting.pk)
    assert changed.status == ScheduleItem.Status.CHANGED
    assert changed.changed_at >= before
    assert "Giờ bắt đầu: 07:30 → 14:00" in changed.change_summary
    assert "Địa điểm: Hội trường Tỉnh ủy → Phòng họp số 2" in changed.change_summary
    postponed = ScheduleItem.objects.get(pk=items[1].pk)
    assert postponed.status == ScheduleItem.Status.POSTPONED
    assert postponed.change_summary == "Trạng thái: Bình thường → Hoãn"
    when = timezone.localtime(changed.changed_at)
    html = client.get(week.url).content.decode()
    assert f"Điều chỉnh lúc {when:%H:%M %d/%m/%Y}: Giờ bắt đầu: 07:30 → 14:00" in html
    assert "Hoãn lúc" in html and "(Do lãnh đạo đi công tác)" in html

    # Saved again without a change: the record stays as it was.
    stamp = changed.changed_at
    latest = WeeklySchedulePage.objects.get(pk=week.pk)
    data = week_form(MONDAY, [item_form(item) for item in latest.items.all()], note="Ghi chú mới")
    data["action-publish"] = "publish"
    assert admin_client.post(f"/admin/pages/{week.pk}/edit/", data).status_code == 302
    again = ScheduleItem.objects.get(pk=monday_meeting.pk)
    assert again.changed_at == stamp and again.status == ScheduleItem.Status.CHANGED


def test_edits_before_the_first_publication_are_not_announced(admin_client, schedule):
    response = admin_client.post(
        add_url(schedule),
        week_form(MONDAY, [item_form(day="30/11/2026", start_time="08:00", content="Giao ban")]),
    )
    assert response.status_code == 302
    page = WeeklySchedulePage.objects.get()
    item = page.items.get()
    data = week_form(MONDAY, [item_form(item, start_time="09:00")])
    assert admin_client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    revision = WeeklySchedulePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert [(i.status, i.changed_at) for i in revision.items.all()] == [("normal", None)]


# --- copying a week -----------------------------------------------------------------


def test_copy_previous_week_makes_a_draft_shifted_by_seven_days(client, week, schedule, province):
    postponed = week.items.first()
    ScheduleItemFactory(page=week, content="Hội nghị đã hủy", status="cancelled")
    editor = unit_member(province, "editor", "bientap-tinh-uy")
    client.force_login(editor)
    url = f"/admin/schedules/week/{week.pk}/copy/"
    assert "Tạo bản nháp tuần sau" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    copy = WeeklySchedulePage.objects.get(week_start=MONDAY + datetime.timedelta(days=7))
    assert response.redirect_chain[-1][0] == f"/admin/pages/{copy.pk}/edit/"
    assert not copy.live and copy.get_parent().pk == schedule.pk
    assert copy.title == "Lịch công tác tuần từ 07/12 đến 13/12/2026 của Thường trực Tỉnh ủy"
    copied = list(copy.items.all())
    assert [(i.day, i.start_time, i.content) for i in copied] == [
        (postponed.day + datetime.timedelta(days=7), postponed.start_time, postponed.content),
        (MONDAY + datetime.timedelta(days=10), datetime.time(14, 0), "Tiếp công dân định kỳ"),
    ]
    assert {item.uid for item in copied}.isdisjoint({item.uid for item in week.items.all()})
    assert all(item.status == "normal" and item.changed_at is None for item in copied)
    # Twice: a clear message, no second page.
    response = client.post(url, follow=True)
    assert WeeklySchedulePage.objects.filter(week_start=copy.week_start).count() == 1
    assert any("đã có" in str(message) for message in response.context["messages"])
    # From the schedule's header button: the latest week (now the copy) goes one further.
    response = client.get(f"/admin/schedules/index/{schedule.pk}/copy/")
    assert response.url == f"/admin/schedules/week/{copy.pk}/copy/"


def test_copying_is_confined_to_the_editors_own_unit(client, week, district):
    outsider = unit_member(district, "editor", "bientap-go-dau")
    client.force_login(outsider)
    url = f"/admin/schedules/week/{week.pk}/copy/"
    for response in (client.get(url), client.post(url)):
        # Wagtail's admin answers PermissionDenied by sending the user to the dashboard.
        assert (response.status_code, response.get("Location")) == (302, "/admin/")
    assert WeeklySchedulePage.objects.count() == 1
    assert client.post("/admin/schedules/week/999999/copy/").status_code == 404


def test_copy_helper_is_idempotent(week):
    first, created = next_week_copy(week, None)
    second, created_again = next_week_copy(week, None)
    assert created and not created_again and first.pk == second.pk


# --- readers ------------------------------------------------------------------------


def this_week_page(schedule, contents=("Giao ban Thường trực Tỉnh ủy",)):
    monday = weeks.this_week()
    page = WeeklySchedulePageFactory(parent=schedule, week_start=monday)
    for hour, content in enumerate(contents):
        ScheduleItemFactory(
            page=page,
            day=monday + datetime.timedelta(days=hour % 5),
            start_time=datetime.time(7 + hour % 10, 0),
            content=content,
        )
    page.save_revision().publish()
    return page


def test_the_schedule_shows_this_week_by_default(client, schedule):
    page = this_week_page(schedule)
    html = client.get(schedule.url).content.decode()
    assert page.title in html and "Giao ban Thường trực Tỉnh ủy" in html
    assert 'aria-current="date">Tuần này' in html
    monday = weeks.this_week()
    assert f"?tuan={weeks.week_param(monday - datetime.timedelta(days=7))}" in html
    assert f"?tuan={weeks.week_param(monday + datetime.timedelta(days=7))}" in html
    assert weeks.weekday_name(monday) + f", {monday:%d/%m/%Y}" in html


@pytest.mark.parametrize(
    "query",
    [{"tuan": "2026-W49"}, {"ngay": "03/12/2026"}, {"ngay": "2026-12-06"}, {"tuan": "2026w49"}],
)
def test_a_chosen_week_by_date_or_iso_week(client, week, schedule, query):
    html = client.get(schedule.url, query).content.decode()
    assert week.title in html
    assert "Thứ Năm, 03/12/2026" in html and "Tiếp công dân định kỳ" in html
    assert "?tuan=2026-W48" in html and "?tuan=2026-W50" in html


@pytest.mark.parametrize(
    "query",
    [
        {"tuan": "2026-W54"},
        {"tuan": "abc"},
        {"ngay": "31/02/2026"},
        {"ngay": "01/01/9999"},
        {"tuan": "9999-W52"},
    ],
)
def test_a_bad_week_shows_a_message_and_this_week(client, schedule, query):
    this_week_page(schedule)
    response = client.get(schedule.url, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đang hiện lịch tuần này." in html
    assert "Giao ban Thường trực Tỉnh ủy" in html


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    tuan=st.one_of(st.none(), st.text(max_size=30), st.from_regex(r"\A-?\d{1,6}-?[Ww]\d{1,3}\Z")),
    ngay=st.one_of(
        st.none(), st.text(max_size=30), st.from_regex(r"\A\d{1,3}/\d{1,3}/-?\d{1,6}\Z")
    ),
)
def test_any_week_parameter_gives_a_page_never_an_error(tuan, ngay):
    query = {key: value for key, value in (("tuan", tuan), ("ngay", ngay)) if value is not None}
    monday, message = weeks.parse_week(query)
    assert monday.weekday() == 0 and weeks.FIRST_YEAR <= monday.year <= weeks.LAST_YEAR
    if message:
        assert monday == weeks.this_week() and "Đang hiện lịch tuần này" in message


def test_hostile_week_parameters_through_http(client, schedule):
    for value in ["\x00", "2026-W49' OR 1=1", "<script>alert(1)</script>", "٢٠٢٦-W49", "9" * 500]:
        response = client.get(schedule.url, {"tuan": value, "ngay": value})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_print_layout(client, week, schedule):
    html = client.get(schedule.url, {"tuan": "2026-W49", "in": "1"}).content.decode()
    assert "schedules-print.css" in html and "site-nav" not in html
    assert week.title in html and "Hội nghị Ban Thường vụ Tỉnh ủy" in html
    normal = client.get(week.url).content.decode()
    assert "?tuan=2026-W49&amp;in=1" in normal and "In lịch" in normal


def test_directory_lists_every_unit_schedule(client, home, schedule, district):
    this_week_page(schedule, contents=("Một", "Hai"))
    other = ScheduleIndexPageFactory(parent=district, leadership="Thường trực Huyện ủy")
    directory = ScheduleDirectoryPage(
        title="Lịch công tác", slug="lich-cong-tac", show_in_menus=True
    )
    home.add_child(instance=directory)
    html = client.get(directory.url).content.decode()
    assert "Lịch công tác của Thường trực Tỉnh ủy" in html and "2 mục trong tuần này" in html
    assert "Lịch công tác của Thường trực Huyện ủy" in html and "Chưa có lịch tuần này" in html
    assert other.url in html
    # In the default menu, as every top-level page marked "show in menus".
    assert f'<a href="{directory.url}"' in client.get(home.url).content.decode()


def test_search_finds_a_week_by_item_content(client, week):
    response = client.get("/search/", {"q": "tiep cong dan dinh ky", "loai": "lich-cong-tac"})
    assert week.title in response.content.decode()


def test_sitemap_and_api(client, week, schedule):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert week.full_url in sitemap and schedule.full_url in sitemap
    data = client.get(
        "/api/v2/pages/", {"type": "schedules.WeeklySchedulePage", "fields": "week_start,items"}
    ).json()
    [found] = data["items"]
    assert found["week_start"] == "2026-11-30"
    assert [item["content"] for item in found["items"]] == [
        "Hội nghị Ban Thường vụ Tỉnh ủy",
        "Tiếp công dân định kỳ",
    ]
    assert found["items"][0]["start_time"] == "07:30:00"


def test_publishing_a_change_refreshes_the_cached_page(
    client, week, schedule, django_capture_on_commit_callbacks
):
    assert client.get(week.url).get("X-Page-Cache") == "miss"
    assert client.get(week.url).get("X-Page-Cache") == "hit"
    draft = week.get_latest_revision_as_object()
    draft.note = "Lịch có thể thay đổi, đề nghị theo dõi thường xuyên."
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    response = client.get(week.url)
    assert response.get("X-Page-Cache") == "miss"
    assert "đề nghị theo dõi thường xuyên" in response.content.decode()


def test_drafts_and_other_weeks_stay_private(client, schedule):
    draft = WeeklySchedulePageFactory(parent=schedule, week_start=weeks.this_week())
    ScheduleItemFactory(page=draft, content="Nội dung chưa duyệt")
    draft.unpublish()
    html = client.get(schedule.url).content.decode()
    assert "Nội dung chưa duyệt" not in html and "Chưa có lịch công tác tuần" in html


# --- query counts -------------------------------------------------------------------

_bypass = itertools.count()


def render_queries(client, url, query=None):
    client.get(url, query or {})
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {**(query or {}), "x": next(_bypass)})
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_a_week_of_forty_items_renders_in_a_fixed_number_of_queries(
    client, home, schedule, province
):
    page = this_week_page(schedule, contents=["Hội nghị"] * 4)
    directory = ScheduleDirectoryPage(title="Lịch công tác", slug="lich-cong-tac")
    home.add_child(instance=directory)
    home.body = [("schedule", {"heading": "Lịch công tác", "schedule": schedule, "count": 30})]
    home.save_revision().publish()
    urls = {
        "index": (schedule.url, None),
        "week": (page.url, None),
        "print": (schedule.url, {"in": "1"}),
        "ics": (schedule.url + "lich.ics", None),
        "directory": (directory.url, None),
        "home": (home.url, None),
    }
    small = {name: render_queries(client, url, query) for name, (url, query) in urls.items()}
    department = UnitPageFactory(parent=province, title="Văn phòng Tỉnh ủy")
    for number in range(36):
        ScheduleItemFactory(
            page=page,
            day=weeks.this_week() + datetime.timedelta(days=number % 7),
            start_time=datetime.time(7 + number % 12, 0),
            preparing_unit=department,
        )
    page.save_revision().publish()
    assert page.items.count() == 40
    large = {name: render_queries(client, url, query) for name, (url, query) in urls.items()}
    assert large == small
    assert max(large.values()) <= 13, large


def test_page_of_another_unit_is_not_editable_by_an_outsider(client, week, district):
    outsider = unit_member(district, "editor", "bientap-go-dau-2")
    assert client.login(username=outsider.username, password=UNIT_PASSWORD)
    assert client.get(f"/admin/pages/{week.pk}/edit/").status_code in (302, 403)
    assert Page.objects.get(pk=week.pk).live


# --- iCalendar ----------------------------------------------------------------------


def parse_calendar(client, schedule):
    import icalendar

    response = client.get(schedule.url + "lich.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_ics_feed_parses_with_times_in_ho_chi_minh(
    client, schedule, django_capture_on_commit_callbacks
):
    page = this_week_page(schedule, contents=("Giao ban", "Tiếp công dân"))
    called_off = ScheduleItemFactory(
        page=page,
        day=weeks.this_week(),
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 30),
        content="Hội nghị bị hủy",
        status="cancelled",
    )
    page.save_revision().publish()
    draft = WeeklySchedulePageFactory(
        parent=schedule, week_start=weeks.this_week() + datetime.timedelta(days=7)
    )
    ScheduleItemFactory(page=draft, content="Lịch chưa đăng")
    draft.unpublish()

    calendar = parse_calendar(client, schedule)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Ho_Chi_Minh"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Giao ban", "Tiếp công dân", "[Hủy] Hội nghị bị hủy"}
    cancelled = events["[Hủy] Hội nghị bị hủy"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(events["Giao ban"]["STATUS"]) == "CONFIRMED"
    start, end = cancelled.decoded("DTSTART"), cancelled.decoded("DTEND")
    assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert cancelled["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (
        datetime.datetime.combine(weeks.this_week(), datetime.time(15, 0)),
        datetime.datetime.combine(weeks.this_week(), datetime.time(16, 30)),
    )
    # 15:00 in Hồ Chí Minh City is 08:00 UTC.
    assert start.astimezone(datetime.UTC).hour == 8
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert len(uids) == 3 and f"lich-{page.pk}-{called_off.uid}@testserver" in uids

    # UIDs survive an edit and a new publication; the changed event's SEQUENCE goes up.
    # As the admin form does: the latest revision, its items in memory.
    draft = WeeklySchedulePage.objects.get(pk=page.pk).latest_revision.as_object()
    moved = next(item for item in draft.items.all() if item.content == "Giao ban")
    moved.start_time = datetime.time(9, 0)
    draft.track_changes()
    with django_capture_on_commit_callbacks(execute=True):  # the page cache's bump
        draft.save_revision().publish()
    again = parse_calendar(client, schedule)
    assert {str(event["UID"]) for event in again.walk("VEVENT")} == uids
    event = next(e for e in again.walk("VEVENT") if "Giao ban" in str(e["SUMMARY"]))
    assert str(event["SUMMARY"]) == "[Điều chỉnh] Giao ban" and int(event["SEQUENCE"]) == 1
    assert "Điều chỉnh lúc" in str(event["DESCRIPTION"])


def test_ics_feed_of_an_unknown_or_unpublished_schedule_is_404(client, schedule):
    assert client.get("/khong-co/lich-cong-tac/lich.ics").status_code == 404
    schedule.unpublish()
    assert client.get(schedule.url_path.replace("/home", "", 1) + "lich.ics").status_code == 404


def test_home_block_shows_this_weeks_coming_items(client, home, schedule):
    page = this_week_page(schedule, contents=())
    today = timezone.localdate()
    ScheduleItemFactory(
        page=page, day=today, start_time=datetime.time(23, 0), content="Việc hôm nay"
    )
    if today > weeks.this_week():
        ScheduleItemFactory(page=page, day=weeks.this_week(), content="Việc đã qua")
    page.save_revision().publish()
    home.body = [("schedule", {"heading": "Lịch công tác", "schedule": schedule, "count": 5})]
    home.save_revision().publish()
    html = client.get(home.url).content.decode()
    assert "Việc hôm nay" in html and "Việc đã qua" not in html
    assert f'href="{schedule.url}"' in html


def test_the_copy_button_is_in_the_page_headers(client, week, schedule, province):
    client.force_login(unit_member(province, "editor", "bientap-tinh-uy-nut"))
    html = client.get(f"/admin/pages/{week.pk}/edit/").content.decode()
    assert f"/admin/schedules/week/{week.pk}/copy/" in html
    assert "Kiểm tra trùng lịch" in html
    html = client.get(f"/admin/pages/{schedule.pk}/").content.decode()
    assert f"/admin/schedules/index/{schedule.pk}/copy/" in html
