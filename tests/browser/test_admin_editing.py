"""An editor in a real browser: the admin's own JavaScript fills ASCII Vietnamese slugs."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portal.vietnamese import slugify_vi

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLES = {
    "Đại hội Đảng bộ tỉnh lần thứ XI": "dai-hoi-dang-bo-tinh-lan-thu-xi",
    "ĐẨY MẠNH HỌC TẬP VÀ LÀM THEO BÁC": "day-manh-hoc-tap-va-lam-theo-bac",
    "Nghị quyết số 35-NQ/TW được quán triệt": "nghi-quyet-so-35-nq-tw-duoc-quan-triet",
    "Đại hội nhiệm kỳ 2020–2025": "dai-hoi-nhiem-ky-2020-2025",
}
# Titles with every kind of dash and separator between numbers: the admin's JavaScript must
# give the slug the server-side slugify_vi gives.
DASHED_TITLES = [
    "Giai đoạn 2015—2020",
    "Nhiệt độ −5 đến 10−15 độ",
    "Số 0912‒345‒678 và 2021‑2025",
    "Kế hoạch ― tổng kết 2016﹣2020",
    "Nhiệm kỳ 2025－2030, tỷ lệ 10,5%",
    "Năm 2015.2020 và 10/10/2025",
    "Hòa Thành‐Trảng Bàng ⸺ Gò Dầu",
    "Kỷ niệm 95 năm (1930 ~ 2025)",
]


def test_admin_fills_ascii_slugs_from_vietnamese_titles(
    page, live_server, admin_login, district, screenshot
):
    admin_login()
    page.goto(
        live_server.url
        + reverse("wagtailadmin_pages:add", args=("articles", "articlepage", district.pk))
    )
    assert page.locator("html").get_attribute("lang") == "vi"
    for title, slug in TITLES.items():
        page.fill("#id_title", "")
        page.locator("#id_title").press_sequentially(title)  # an editor typing: keyup events
        page.locator("#id_title").blur()
        expect(page.locator("#id_slug")).to_have_value(slug)
        assert slugify_vi(title) == slug
    for title in DASHED_TITLES:
        page.fill("#id_title", "")
        page.locator("#id_title").press_sequentially(title)
        page.locator("#id_title").blur()
        expect(page.locator("#id_slug")).to_have_value(slugify_vi(title))
    screenshot("admin-article-editor")


def test_admin_dashboard_reads_in_vietnamese(page, admin_login, screenshot):
    admin_login()
    body = page.locator("body").inner_text()
    assert "Trang" in body
    assert "Pages" not in body.split()
    screenshot("admin-dashboard")
