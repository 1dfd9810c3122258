"""Demo content for `seed_demo`: a month of weekly schedules (two weeks back, this week, next
week) for the Provincial Committee's Standing Board and two ward and commune committees (the
units in office since 1/7/2025: no district level any more), the
site-wide "Lịch công tác" page in the menu, and the home page block. Idempotent: weeks that
exist are left alone (a run on a later day adds that day's new weeks only)."""

import datetime

from django.db import transaction

from portal.vietnamese import slugify_vi
from schedules import weeks
from schedules.models import (
    ScheduleDirectoryPage,
    ScheduleIndexPage,
    ScheduleItem,
    WeeklySchedulePage,
)

# (org_key, whose schedule, the leaders' titles, the office that prepares)
UNITS = [
    ("tinh-uy", "Thường trực Tỉnh ủy", ("Bí thư Tỉnh ủy", "Phó Bí thư Thường trực Tỉnh ủy")),
    (
        "dang-uy-phuong-1",
        "Thường trực Đảng ủy phường",
        ("Bí thư Đảng ủy phường", "Phó Bí thư Thường trực Đảng ủy phường"),
    ),
    (
        "dang-uy-thi-tran-go-dau",
        "Thường trực Đảng ủy xã",
        ("Bí thư Đảng ủy xã", "Phó Bí thư Thường trực Đảng ủy xã"),
    ),
]
WEEKS = (-2, -1, 0, 1)  # relative to this week: a month of schedules

# (weekday, hour, minute, end or None, content, leader 0/1, participants, place, preparing key)
PROVINCE = [
    (
        0,
        7,
        30,
        (9, 0),
        "Chào cờ đầu tuần; giao ban Thường trực Tỉnh ủy",
        0,
        "Các đồng chí Phó Bí thư Tỉnh ủy; Chánh Văn phòng Tỉnh ủy",
        "Phòng họp Thường trực Tỉnh ủy",
        "van-phong",
    ),
    (
        0,
        14,
        0,
        (16, 30),
        "Làm việc với Ban Tổ chức Tỉnh ủy về công tác cán bộ",
        1,
        "Lãnh đạo Ban Tổ chức Tỉnh ủy",
        "Phòng họp số 1, Tỉnh ủy",
        "ban-to-chuc",
    ),
    (
        1,
        8,
        0,
        (11, 30),
        "Hội nghị Ban Thường vụ Tỉnh ủy (thường kỳ)",
        0,
        "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy",
        "Hội trường Tỉnh ủy",
        "van-phong",
    ),
    (
        2,
        8,
        0,
        None,
        "Làm việc với Ban Thường vụ Đảng ủy xã Gò Dầu về tình hình thực hiện Nghị quyết "
        "Đại hội đại biểu Đảng bộ xã lần thứ I, nhiệm kỳ 2025–2030",
        0,
        "Lãnh đạo các ban đảng Tỉnh ủy có liên quan",
        "Hội trường Đảng ủy xã Gò Dầu",
        "dang-uy-thi-tran-go-dau",
    ),
    (
        2,
        14,
        0,
        (16, 0),
        "Dự Hội nghị sơ kết thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị",
        1,
        "Báo cáo viên cấp tỉnh",
        "Hội trường Trường Chính trị tỉnh",
        "ban-tuyen-giao-dan-van",
    ),
    (
        3,
        7,
        30,
        (11, 0),
        "Tiếp công dân định kỳ",
        0,
        "Đại diện Ủy ban Kiểm tra, Ban Nội chính Tỉnh ủy, Thanh tra tỉnh",
        "Trụ sở Tiếp công dân tỉnh",
        "ban-noi-chinh",
    ),
    (
        3,
        14,
        0,
        (16, 30),
        "Họp Ban Chỉ đạo phòng, chống tham nhũng, lãng phí, tiêu cực tỉnh",
        1,
        "Thành viên Ban Chỉ đạo",
        "Phòng họp số 2, Tỉnh ủy",
        "ban-noi-chinh",
    ),
    (
        4,
        8,
        0,
        (10, 30),
        "Làm việc với Đảng ủy Khối cơ quan và doanh nghiệp tỉnh",
        1,
        "Lãnh đạo Văn phòng, Ban Tổ chức Tỉnh ủy",
        "Đảng ủy Khối",
        "dang-uy-khoi",
    ),
    (
        4,
        14,
        0,
        (17, 0),
        "Thường trực Tỉnh ủy làm việc với Ban cán sự đảng Ủy ban nhân dân tỉnh "
        "về tình hình kinh tế – xã hội trong tháng",
        0,
        "Ban cán sự đảng UBND tỉnh; lãnh đạo các sở, ngành liên quan",
        "Phòng họp Thường trực Tỉnh ủy",
        "van-phong",
    ),
]
LOCAL = [
    (
        0,
        7,
        30,
        (9, 0),
        "Chào cờ đầu tuần; giao ban Thường trực",
        0,
        "Các đồng chí Phó Bí thư; Chánh Văn phòng Đảng ủy",
        "Phòng họp Thường trực",
        None,
    ),
    (
        1,
        8,
        0,
        (11, 0),
        "Hội nghị Ban Thường vụ (thường kỳ)",
        0,
        "Các đồng chí Ủy viên Ban Thường vụ",
        "Hội trường",
        None,
    ),
    (
        2,
        8,
        0,
        None,
        "Làm việc với các chi bộ ấp, khu phố về kiểm điểm, đánh giá, xếp loại chất lượng "
        "tổ chức đảng, đảng viên cuối năm",
        1,
        "Ban Xây dựng Đảng, Ủy ban Kiểm tra Đảng ủy",
        "Các chi bộ ấp, khu phố",
        None,
    ),
    (
        3,
        7,
        30,
        (11, 0),
        "Tiếp công dân định kỳ",
        0,
        "Đại diện Ủy ban Kiểm tra, Văn phòng Đảng ủy; Ủy ban Mặt trận Tổ quốc",
        "Trung tâm Phục vụ hành chính công",
        None,
    ),
    (
        4,
        14,
        0,
        (16, 30),
        "Kiểm tra tiến độ xây dựng đô thị văn minh, nông thôn mới nâng cao",
        1,
        "Phòng Kinh tế; Ban Xây dựng Đảng",
        "Các ấp, khu phố trên địa bàn",
        None,
    ),
]


def child(parent, model, title, **fields):
    slug = slugify_vi(title)[:80].rstrip("-")
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(title=title, slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def items_for(monday, plan, leaders, units, number):
    items = []
    for weekday, hour, minute, end, content, leader, participants, place, preparing in plan:
        # Every other week the Friday afternoon item moves to the morning: weeks differ.
        if weekday == 4 and number % 2:
            hour = 8 if hour >= 13 else hour
            end = (11, 0) if end else None
        items.append(
            ScheduleItem(
                day=monday + datetime.timedelta(days=weekday),
                start_time=datetime.time(hour, minute),
                end_time=datetime.time(*end) if end else None,
                content=content,
                chair=f"Đồng chí {leaders[leader]}",
                participants=participants,
                place=place,
                preparing_unit=units.get(preparing) if preparing else None,
                preparing_text="" if preparing else "Văn phòng Đảng ủy",
            )
        )
    return items


def week_page(index, monday, plan, leaders, units, number):
    page = WeeklySchedulePage.objects.child_of(index).filter(week_start=monday).first()
    if page is not None:
        return page, False
    page = WeeklySchedulePage(week_start=monday)
    page.set_title_and_slug(index)
    page.items = items_for(monday, plan, leaders, units, number)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def announce_changes(page):
    """This week's Standing Board schedule, changed after publication: one item moved to
    the afternoon, one postponed (what readers see as "Điều chỉnh lúc …", "Hoãn lúc …")."""
    draft = page.latest_revision.as_object()  # its items in memory, as the admin form has
    items = draft.sorted_items()
    thursday = [item for item in items if item.day.weekday() == 3]
    wednesday = [item for item in items if item.day.weekday() == 2]
    if thursday:
        thursday[-1].start_time = datetime.time(15, 0)
        thursday[-1].end_time = datetime.time(17, 0)
        thursday[-1].place = "Hội trường Tỉnh ủy"
        thursday[-1].change_note = "Do thay đổi thời gian làm việc của Trung ương"
    if wednesday:
        wednesday[-1].status = ScheduleItem.Status.POSTPONED
        wednesday[-1].change_note = "Lùi sang tuần sau"
    draft.track_changes()
    draft.save_revision().publish()


@transaction.atomic
def seed(home, units, stdout):
    directory = child(
        home,
        ScheduleDirectoryPage,
        "Lịch công tác",
        show_in_menus=True,
        intro="Lịch công tác tuần của Thường trực Tỉnh ủy và các cấp ủy trực thuộc.",
    )
    created = 0
    this_monday = weeks.this_week()
    indexes = {}
    for key, leadership, leaders in UNITS:
        unit = units.get(key)
        if unit is None:
            continue
        index = child(unit, ScheduleIndexPage, "Lịch công tác", leadership=leadership)
        indexes[key] = index
        plan = PROVINCE if key == "tinh-uy" else LOCAL
        for offset in WEEKS:
            monday = this_monday + datetime.timedelta(weeks=offset)
            page, new = week_page(index, monday, plan, leaders, units, offset)
            created += new
            if new and key == "tinh-uy" and offset == 0:
                announce_changes(page)
    if "tinh-uy" in indexes and not any(block.block_type == "schedule" for block in home.body):
        blocks = [(block.block_type, block.value) for block in home.body]
        at = next((i for i, (kind, _v) in enumerate(blocks) if kind == "documents"), 0) + 1
        blocks.insert(
            at,
            ("schedule", {"heading": "Lịch công tác", "schedule": indexes["tinh-uy"], "count": 6}),
        )
        home.body = blocks
        home.save_revision().publish()
    stdout.write(f"Schedule weeks created: {created} (at {directory.get_url()})")
