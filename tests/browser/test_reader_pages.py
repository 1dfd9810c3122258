"""A reader in Debian's chromium, at desktop and phone sizes: pages pass axe-core (no serious or
critical violations), font size is kept across pages, documents download, feeds are linked."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from articles.models import DirectiveAttachment
from demo.pdf import document_pdf
from register.models import DocumentRegisterPage

from ..factories import ArticlePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def reader_site(home, province, district, topic, article, directive):
    image = get_image_model().objects.create(
        title="Hội nghị Ban Chấp hành", file=get_test_image_file(size=(1200, 800))
    )
    article.main_image = image
    article.save_revision().publish()
    for number in range(3):
        other = ArticlePageFactory(parent=district, title=f"Tin hoạt động cơ sở số {number}")
        other.topics.add(topic)
        other.save()
    pdf = document_pdf(
        issuer_name="Ban Chấp hành Trung ương",
        number_symbol="35-NQ/TW",
        place_date="Hà Nội, ngày 22 tháng 10 năm 2018",
        type_name="Nghị quyết",
        summary="Về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
        paragraphs=["Nội dung nghị quyết."],
        signer_block="T/M BAN CHẤP HÀNH TRUNG ƯƠNG",
    )
    document = get_document_model()(title="Nghị quyết 35-NQ/TW")
    document.file.save("nghi-quyet-35-nq-tw.pdf", ContentFile(pdf), save=False)
    document.save()
    DirectiveAttachment.objects.create(page=directive, document=document, label="Toàn văn")
    register = DocumentRegisterPage(title="Tra cứu văn bản", slug="tra-cuu-van-ban")
    home.add_child(instance=register)
    return {
        "home": home.url,
        "unit": district.url,
        "article": article.url,
        "document": directive.url,
        "register": register.url,
        "topic": topic.url,
        "search": "/search/?q=%C4%90%E1%BA%A1i+h%E1%BB%99i",
        "feedback": "/gop-y/",
    }


def serious_violations(page):
    # Evaluated through the DevTools protocol: the page's CSP rightly refuses inline scripts.
    page.evaluate(AXE.read_text())
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("size", VIEWPORTS)
def test_reader_pages_pass_axe(browser, live_server, reader_site, size):
    context = browser.new_context(locale="vi-VN", viewport=VIEWPORTS[size])
    page = context.new_page()
    page.set_default_timeout(15_000)
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    problems = {}
    try:
        for name, url in reader_site.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, name
            page.screenshot(path=str(artifacts / f"reader-{name}-{size}.png"), full_page=True)
            found = serious_violations(page)
            if found:
                problems[name] = found
    finally:
        context.close()
    assert problems == {}


@pytest.mark.parametrize("size", VIEWPORTS)
def test_reader_journey(browser, live_server, reader_site, article, directive, size):
    context = browser.new_context(locale="vi-VN", viewport=VIEWPORTS[size], accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + reader_site["home"])
        page.get_by_role("link", name=article.title).first.click()
        expect(page.locator("h1")).to_have_text(article.title)
        expect(page.locator("time").first).to_contain_text("Thứ")
        # Font size: A+ enlarges the text and stays on the next page.
        before = page.evaluate("getComputedStyle(document.documentElement).fontSize")
        page.get_by_role("button", name="Tăng cỡ chữ").click()
        after = page.evaluate("getComputedStyle(document.documentElement).fontSize")
        assert float(after[:-2]) > float(before[:-2])
        page.goto(live_server.url + reader_site["unit"])
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == after
        expect(page.get_by_role("button", name="Tăng cỡ chữ")).to_have_attribute(
            "aria-pressed", "true"
        )
        page.get_by_role("button", name="Cỡ chữ mặc định").click()
        # The visit counter fills in without a reload.
        expect(page.locator('[data-counter="total"]')).not_to_have_text("–")
        # Search from the header.
        page.fill("#site-search-q", "Đại hội")
        page.press("#site-search-q", "Enter")
        page.wait_for_url("**/search/**")
        expect(page.get_by_role("link", name=article.title).first).to_be_visible()
        # A document: metadata, in-page viewer, download.
        page.goto(live_server.url + reader_site["document"])
        expect(page.locator("table.meta-table")).to_contain_text("35-NQ/TW")
        expect(page.locator(".pdf-viewer iframe")).to_have_count(1)
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Tải về: Toàn văn").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".pdf")
        assert Path(download.path()).read_bytes().startswith(b"%PDF")
        # Feeds: the link in the footer gives a valid RSS document.
        feed_url = page.locator(".site-footer__feeds a", has_text="RSS").first.get_attribute("href")
        response = page.request.get(live_server.url + feed_url)
        assert response.ok and b"<rss" in response.body()
        assert page.locator('link[rel="alternate"][type="application/rss+xml"]').count() >= 1
    finally:
        context.close()


def test_keyboard_reaches_content_with_visible_focus(page, live_server, reader_site):
    page.goto(live_server.url + reader_site["home"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


PHONE_SHOTS = Path("/tmp")


def _menu_links(page):
    return page.locator("#site-menu a")


def test_phone_menu_is_a_disclosure_button_showing_the_whole_menu(
    browser, live_server, reader_site, province, topic
):
    for page_obj in (province, topic.get_parent().specific):
        page_obj.show_in_menus = True
        page_obj.save_revision().publish()
    context = browser.new_context(locale="vi-VN", viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + reader_site["article"])
        toggle = page.get_by_role("button", name="Menu")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(page.locator("#site-menu")).to_be_hidden()
        page.screenshot(path=str(PHONE_SHOTS / "defects-phone-menu-closed.png"))
        # Keyboard: Tab reaches the button, Enter opens, Escape closes and keeps focus there.
        toggle.focus()
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        links = _menu_links(page)
        titles = links.all_inner_texts()
        assert titles[:1] == ["Trang chủ"] and "Góp ý – Hỏi đáp" in titles
        assert len(titles) >= 4
        # Every item on screen, none off to the side, no sideways scrolling.
        for box in (links.nth(i).bounding_box() for i in range(links.count())):
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
        page.screenshot(path=str(PHONE_SHOTS / "defects-phone-menu-open.png"))
        assert serious_violations(page) == []
        page.keyboard.press("Escape")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(toggle).to_be_focused()
        expect(page.locator("#site-menu")).to_be_hidden()
        # Desktop width: no button, the menu in one bar.
        page.set_viewport_size(VIEWPORTS["desktop"])
        expect(toggle).to_be_hidden()
        expect(links.first).to_be_visible()
    finally:
        context.close()


def test_phone_menu_without_script_lists_every_item(browser, live_server, reader_site):
    context = browser.new_context(
        locale="vi-VN", viewport=VIEWPORTS["phone"], java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reader_site["home"])
        expect(page.locator(".site-nav__toggle")).to_be_hidden()
        links = _menu_links(page)
        for i in range(links.count()):
            expect(links.nth(i)).to_be_visible()
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
        page.screenshot(path=str(PHONE_SHOTS / "defects-phone-menu-nojs.png"))
    finally:
        context.close()
