"""In a real browser: a reader sees the fetched CPV news on the home page; a unit's editor
turns one item into a draft article of their unit from the admin."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import ArticlePage
from newsfeeds.fetching import fetch_all
from units.models import UnitPage

from ..factories import ExternalFeedFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "mat-khau-don-vi-12"
ITEM = "Nghị quyết về phát triển kinh tế tư nhân"


def test_reader_sees_items_and_editor_makes_a_draft(page, live_server, province, feed_server):
    ExternalFeedFactory(name="Báo điện tử Đảng", url=feed_server.url("/rss.xml"))
    fetch_all()
    feed_server.stop()  # pages never fetch: the server is not needed any more

    page.goto(f"{live_server.url}/")
    link = page.get_by_role("link", name=ITEM)
    expect(link).to_have_attribute("href", "https://dangcongsan.vn/kinh-te/nghi-quyet-2.html")
    expect(page.locator(".feed-items")).to_contain_text("Báo điện tử Đảng Cộng sản Việt Nam")

    editor = get_user_model().objects.create_user("bientap-tinh-uy", password=PASSWORD)
    editor.groups.add(UnitPage.objects.get(pk=province.pk).access.editors)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "bientap-tinh-uy")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/newsfeeds/items/")
    row = page.locator("tr", has_text=ITEM)
    row.get_by_role("link", name="Tạo bài nháp").click()
    expect(page.get_by_label("Đơn vị đăng bài")).to_have_value(str(province.pk))
    page.get_by_role("button", name="Tạo bài nháp").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    expect(page.locator("#id_title")).to_have_value(ITEM)
    expect(page.locator("#id_source_url")).to_have_value(
        "https://dangcongsan.vn/kinh-te/nghi-quyet-2.html"
    )
    article = ArticlePage.objects.get(title=ITEM)
    assert not article.live and article.get_parent().pk == province.pk
