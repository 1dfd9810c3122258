"""The two-level menu in Debian's chromium: on a 375 px phone the menu and a submenu open by
keyboard and a submenu link is followed; on a desktop a submenu is a panel that closes when
left; without script every link is listed; axe finds no serious violation."""

import pytest
from playwright.sync_api import expect

from navigation.models import OrgChartPage, PortalSettings

from .test_reader_pages import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def menu_site(home, province, district, section, article):
    chart = OrgChartPage(title="Sơ đồ tổ chức", slug="so-do-to-chuc")
    home.add_child(instance=chart)
    chart.save_revision().publish()
    settings = PortalSettings.for_site(home.get_site())
    settings.menu = [
        (
            "item",
            {
                "title": "Giới thiệu",
                "page": province,
                "url": "",
                "children": [
                    {"title": "Sơ đồ tổ chức", "page": chart, "url": ""},
                    {"title": "Lãnh đạo, liên hệ", "page": province, "url": ""},
                ],
            },
        ),
        (
            "item",
            {
                "title": "Tin tức",
                "page": None,
                "url": "",
                "children": [
                    {"title": section.title, "page": section, "url": ""},
                    {"title": "Tin huyện", "page": district, "url": ""},
                ],
            },
        ),
        ("item", {"title": "Góp ý – Hỏi đáp", "page": None, "url": "/gop-y/", "children": []}),
    ]
    settings.save()
    return {"chart": chart, "article": article, "section": section}


def new_page(browser, viewport, **options):
    context = browser.new_context(locale="vi-VN", viewport=viewport, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_phone_menu_and_submenu_open_by_keyboard(browser, live_server, menu_site):
    context, page = new_page(browser, PHONE)
    try:
        page.goto(live_server.url + menu_site["article"].url)
        toggle = page.get_by_role("button", name="Menu", exact=True)
        expect(page.locator("#site-menu")).to_be_hidden()
        toggle.focus()
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        about = page.get_by_role("button", name="Mục con: Giới thiệu")
        expect(about).to_be_visible()
        expect(about).to_have_attribute("aria-expanded", "false")
        submenu = page.locator("#" + about.get_attribute("aria-controls"))
        expect(submenu).to_be_hidden()
        # Tab from the menu button: Trang chủ, Giới thiệu, then its submenu button.
        for _ in range(3):
            page.keyboard.press("Tab")
        expect(about).to_be_focused()
        page.keyboard.press("Enter")
        expect(about).to_have_attribute("aria-expanded", "true")
        expect(submenu).to_be_visible()
        # Everything fits the narrow screen: no sideways scrolling.
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        for box in (submenu.locator("a").nth(i).bounding_box() for i in range(2)):
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        page.screenshot(path="/tmp/navmenu-phone-submenu.png", full_page=False)
        assert serious_violations(page) == []
        # Escape closes the submenu and gives focus back to its button; the menu stays open.
        page.keyboard.press("Escape")
        expect(about).to_have_attribute("aria-expanded", "false")
        expect(about).to_be_focused()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        # A heading-only entry ("Tin tức") is one button; Space opens it, Tab reaches a link.
        news = page.get_by_role("button", name="Tin tức")
        news.focus()
        page.keyboard.press("Space")
        expect(news).to_have_attribute("aria-expanded", "true")
        expect(about).to_have_attribute("aria-expanded", "false")
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name=menu_site["section"].title)).to_be_focused()
        page.keyboard.press("Enter")
        page.wait_for_url(live_server.url + menu_site["section"].url)
        expect(page.locator("h1")).to_have_text(menu_site["section"].title)
        # On the section's page the menu marks where the reader is.
        current = page.locator(f'#site-menu a[href="{menu_site["section"].url}"]')
        expect(current).to_have_attribute("aria-current", "page")
    finally:
        context.close()


def test_desktop_submenu_is_a_panel_that_closes_when_left(browser, live_server, menu_site):
    context, page = new_page(browser, DESKTOP)
    try:
        page.goto(live_server.url + "/")
        expect(page.get_by_role("button", name="Menu", exact=True)).to_be_hidden()
        about = page.get_by_role("button", name="Mục con: Giới thiệu")
        submenu = page.locator("#" + about.get_attribute("aria-controls"))
        about.focus()
        page.keyboard.press("Enter")
        expect(submenu).to_be_visible()
        assert submenu.evaluate("element => getComputedStyle(element).position") == "absolute"
        chart_link = submenu.get_by_role("link", name="Sơ đồ tổ chức")
        page.screenshot(path="/tmp/navmenu-desktop-submenu.png")
        assert serious_violations(page) == []
        # Tab through the panel and out of it: leaving closes it.
        page.keyboard.press("Tab")
        expect(chart_link).to_be_focused()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(about).to_have_attribute("aria-expanded", "false")
        # Clicking elsewhere closes an open panel too; a click on a link follows it.
        about.click()
        expect(submenu).to_be_visible()
        page.locator("main").click(position={"x": 5, "y": 5})
        expect(submenu).to_be_hidden()
        about.click()
        chart_link.click()
        page.wait_for_url(live_server.url + menu_site["chart"].url)
        expect(page.locator("h1")).to_have_text("Sơ đồ tổ chức")
        assert serious_violations(page) == []
    finally:
        context.close()


def test_without_script_every_menu_link_is_listed(browser, live_server, menu_site):
    context, page = new_page(browser, PHONE, java_script_enabled=False)
    try:
        page.goto(live_server.url + "/")
        expect(page.locator(".site-nav__expand").first).to_be_hidden()
        links = page.locator("#site-menu a")
        assert links.count() == 7
        for i in range(links.count()):
            expect(links.nth(i)).to_be_visible()
        expect(page.locator(".site-nav__label", has_text="Tin tức")).to_be_visible()
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
