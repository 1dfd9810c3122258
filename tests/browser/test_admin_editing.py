"""An editor in a real browser: the admin's own JavaScript fills ASCII Vietnamese slugs."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLES = {
    "Đại hội Đảng bộ tỉnh lần thứ XI": "dai-hoi-dang-bo-tinh-lan-thu-xi",
    "ĐẨY MẠNH HỌC TẬP VÀ LÀM THEO BÁC": "day-manh-hoc-tap-va-lam-theo-bac",
    "Nghị quyết số 35-NQ/TW được quán triệt": "nghi-quyet-so-35-nq-tw-duoc-quan-triet",
}


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
    screenshot("admin-article-editor")


def test_admin_dashboard_reads_in_vietnamese(page, admin_login, screenshot):
    admin_login()
    body = page.locator("body").inner_text()
    assert "Trang" in body
    assert "Pages" not in body.split()
    screenshot("admin-dashboard")
