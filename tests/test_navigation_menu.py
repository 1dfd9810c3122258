"""The main menu editors arrange in the settings: two levels, refused when hostile, never a
500 on stored data that skipped validation, a fixed number of queries; the emblem and the
footer lines (docs/navigation.md)."""

import importlib
import itertools
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from navigation.blocks import MenuItemBlock
from navigation.models import PortalSettings

from .factories import SectionPageFactory, UnitPageFactory

pytestmark = pytest.mark.django_db
_bypass = itertools.count()


def nav_of(html):
    return html.split('aria-label="Menu chính"', 1)[1].split("</nav>", 1)[0]


def links_of(html):
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', nav_of(html))


def item(title, page=None, url="", children=()):
    return (
        "item",
        {
            "title": title,
            "page": page,
            "url": url,
            "children": [{"title": t, "page": p, "url": u} for t, p, u in children],
        },
    )


def save(settings):
    """Save as the admin does: the commit bumps the page cache's version (portal.pagecache)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        settings.save()


def set_menu(home, items):
    settings = PortalSettings.for_site(home.get_site())
    settings.menu = items
    save(settings)
    return settings


def test_two_levels_render_with_a_disclosure_button_per_submenu(client, home, province, section):
    set_menu(
        home,
        [
            item(
                "Giới thiệu",
                province,
                children=[("Sơ đồ tổ chức", None, "/so-do-to-chuc/"), ("Tỉnh ủy", province, "")],
            ),
            item("Tin tức", children=[(section.title, section, "")]),
            item("Báo Đảng", url="https://dangcongsan.org.vn/"),
        ],
    )
    html = client.get("/").content.decode()
    nav = nav_of(html)
    assert links_of(html)[:5] == [
        ("/", "Trang chủ"),
        (province.url, "Giới thiệu"),
        ("/so-do-to-chuc/", "Sơ đồ tổ chức"),
        (province.url, "Tỉnh ủy"),
        (section.url, section.title),
    ]
    assert ("https://dangcongsan.org.vn/", "Báo Đảng") in links_of(html)
    # Each submenu has its button, named after its entry, closed until a reader opens it.
    buttons = re.findall(
        r'<button type="button" class="site-nav__expand[^"]*"([^>]*)>(.*?)</button>', nav
    )
    assert len(buttons) == 2
    for attributes, _label in buttons:
        assert 'aria-expanded="false"' in attributes
        controlled = re.search(r'aria-controls="([^"]+)"', attributes).group(1)
        assert f'<ul class="site-nav__sub" id="{controlled}">' in nav
    assert "Mục con: Giới thiệu" in buttons[0][1]
    # An entry without its own page is a heading: its button carries the label.
    assert buttons[1][1].startswith("Tin tức")
    assert '<span class="site-nav__label">Tin tức</span>' in nav


def test_the_current_page_is_marked_at_both_levels(client, home, province, section):
    set_menu(home, [item("Tin tức", province, children=[(section.title, section, "")])])
    nav = nav_of(client.get(section.url).content.decode())
    assert f'<a href="{section.url}" aria-current="page">' in nav
    assert "site-nav__item--current" in nav


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(document.cookie)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "/\\evil.example/",
        "ftp://example.vn/tep",
        "mailto:",
    ],
)
def test_the_block_refuses_addresses_a_reader_must_not_get(url):
    block = MenuItemBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "Tin", "page": None, "url": url, "children": []}))
    child = {"title": "Tin", "page": None, "url": url}
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python({"title": "Tin", "page": None, "url": "/", "children": [child]})
        )


@pytest.mark.parametrize(
    "value",
    [
        {"title": "", "page": None, "url": "/gop-y/", "children": []},
        {"title": "   ", "page": None, "url": "/gop-y/", "children": []},
        {"title": "Trống", "page": None, "url": "", "children": []},
        {"title": "Mục", "page": None, "url": "", "children": [{"title": "", "url": "/a/"}]},
        {"title": "Mục", "page": None, "url": "", "children": [{"title": "Con", "url": ""}]},
        {"title": "x" * 151, "page": None, "url": "/gop-y/", "children": []},
    ],
)
def test_the_block_refuses_empty_labels_and_links_to_nowhere(value):
    block = MenuItemBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python(value))


def test_the_block_accepts_site_paths_and_web_addresses(province):
    block = MenuItemBlock()
    value = block.clean(
        block.to_python(
            {
                "title": "Góp ý",
                "page": None,
                "url": "  /gop-y/  ",
                "children": [
                    {"title": "Báo Đảng", "page": None, "url": "https://dangcongsan.vn/"},
                    {"title": "Tỉnh ủy", "page": province.pk, "url": ""},
                ],
            }
        )
    )
    assert value["url"] == "/gop-y/"
    assert [child.href() for child in value["children"]] == [
        "https://dangcongsan.vn/",
        province.url,
    ]


def settings_form(menu_items):
    """The settings form as the admin posts it (a StreamField of StructBlocks with a list)."""
    data = {
        "owner": "Ban Thường vụ Tỉnh ủy Tây Ninh",
        "address": "Số 1 đường Trần Hưng Đạo",
        "phone": "",
        "email": "",
        "responsible": "",
        "licence": "",
        "reuse_note": "Ghi rõ nguồn.",
        "footer_links-count": "0",
        "emblem": "",
        "menu-count": str(len(menu_items)),
    }
    for index, (title, url, children) in enumerate(menu_items):
        prefix = f"menu-{index}"
        data.update(
            {
                f"{prefix}-type": "item",
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(index),
                f"{prefix}-id": "",
                f"{prefix}-value-title": title,
                f"{prefix}-value-page": "",
                f"{prefix}-value-url": url,
                f"{prefix}-value-children-count": str(len(children)),
            }
        )
        for number, (child_title, child_url) in enumerate(children):
            child = f"{prefix}-value-children-{number}"
            data.update(
                {
                    f"{child}-deleted": "",
                    f"{child}-order": str(number),
                    f"{child}-id": "",
                    f"{child}-value-title": child_title,
                    f"{child}-value-page": "",
                    f"{child}-value-url": child_url,
                }
            )
    return data


def test_the_admin_refuses_a_hostile_menu_with_a_message_and_changes_nothing(admin_client, home):
    site = home.get_site()
    url = reverse("wagtailsettings:edit", args=["navigation", "portalsettings", site.pk])
    assert admin_client.get(url).status_code == 200
    hostile = [
        ("Tin", "javascript:alert(1)", []),
        ("", "/gop-y/", []),
        ("Media", "", [("Ảnh", "data:text/html,x")]),
    ]
    response = admin_client.post(url, settings_form(hostile))
    assert response.status_code == 200
    assert "Không thể lưu cài đặt do có lỗi." in response.content.decode()
    # The blocks' messages, as the admin's block widgets show them beside each field.
    errors = response.context["form"].errors.as_data()["menu"][0].as_json_data()
    assert sorted(errors["blockErrors"]) == [0, 1, 2]
    text = json.dumps(errors, ensure_ascii=False)
    assert text.count("Nhập đường dẫn trên cổng") == 2  # the javascript: and data: addresses
    assert not PortalSettings.for_site(site).menu
    good = [("Góp ý – Hỏi đáp", "/gop-y/", [("Hỏi đáp", "/hoi-dap/")])]
    response = admin_client.post(url, settings_form(good))
    assert response.status_code == 302
    menu = PortalSettings.for_site(site).menu
    assert [block.value["title"] for block in menu] == ["Góp ý – Hỏi đáp"]
    assert [child["url"] for child in menu[0].value["children"]] == ["/hoi-dap/"]


def test_stored_menu_data_that_skipped_validation_never_breaks_a_page(client, home, province):
    gone = UnitPageFactory(parent=province, title="Đơn vị đã xóa")
    gone_pk = gone.pk
    gone.delete()
    draft = SectionPageFactory(parent=province, title="Chuyên mục nháp")
    draft.unpublish()
    raw = [
        {"type": "item", "value": {"title": "Lỗi", "page": None, "url": "javascript:alert(1)"}},
        {"type": "item", "value": {"title": "", "page": None, "url": "/trong/"}},
        {"type": "item", "value": {"title": "Không có gì", "page": None, "url": ""}},
        {"type": "item", "value": {"title": "Trang đã xóa", "page": gone_pk, "url": ""}},
        {"type": "item", "value": {"title": "Trang nháp", "page": draft.pk, "url": ""}},
        {"type": "item", "value": {"url": "/thieu-ten/"}},
        {"type": "khong-ro", "value": {"title": "Khối lạ", "url": "/la/"}},
        {
            "type": "item",
            "value": {
                "title": "Chỉ có mục con hỏng",
                "url": "",
                "children": [
                    {"type": "item", "value": {"title": "X", "url": "//evil.example"}, "id": "c3"},
                    {"type": "item", "value": {"title": "", "url": "/a/"}, "id": "c4"},
                ],
            },
        },
        {
            "type": "item",
            "value": {
                "title": "Đơn vị",
                "page": province.pk,
                "url": "",
                "children": [
                    {
                        "type": "item",
                        "value": {"title": "Hợp lệ", "page": None, "url": "/hop-le/"},
                        "id": "c1",
                    },
                    {
                        "type": "item",
                        "value": {"title": "Sai", "page": None, "url": "data:x"},
                        "id": "c2",
                    },
                ],
            },
        },
    ]
    PortalSettings.for_site(home.get_site())  # the row
    PortalSettings.objects.update(menu=json.dumps(raw))
    for url in ("/", province.url, "/khong-co-trang-nay/"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        links = links_of(html)
        assert (province.url, "Đơn vị") in links and ("/hop-le/", "Hợp lệ") in links, url
        nav = nav_of(html)
        for refused in ("javascript:", "data:", "//evil", "/trong/", "/thieu-ten/", "/la/"):
            assert refused not in nav, (url, refused)
        for title in ("Trang đã xóa", "Trang nháp", "Không có gì", "Chỉ có mục con hỏng"):
            assert title not in nav, (url, title)


def test_feedback_entry_is_not_doubled_when_the_hub_is_a_submenu_link(client, home, province):
    set_menu(home, [item("Liên hệ", province, children=[("Góp ý", None, "/gop-y/")])])
    links = links_of(client.get("/").content.decode())
    assert [link for link in links if link[0] == "/gop-y/"] == [("/gop-y/", "Góp ý")]


def render_queries(client, url, cold, links):
    client.get(url)
    if cold:
        cache.clear()  # the menu and settings are built again from the database
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"x": next(_bypass)})
    assert response.status_code == 200
    assert len(links_of(response.content.decode())) == links
    return len(context.captured_queries)


def test_the_menu_costs_a_fixed_number_of_queries_whatever_its_size(client, home, province):
    sections = [SectionPageFactory(parent=province, title=f"Chuyên mục {n}") for n in range(40)]
    set_menu(home, [item("Tỉnh ủy", province, children=[("Mục", sections[0], "")])])
    # Trang chủ, the entry and its link, Góp ý – Hỏi đáp.
    small = {cold: render_queries(client, province.url, cold, 4) for cold in (False, True)}
    set_menu(
        home,
        [
            item(f"Mục {n}", sections[n], children=[(s.title, s, "") for s in sections[n : n + 4]])
            for n in range(0, 36, 4)
        ]
        + [item("Báo Đảng", url="https://dangcongsan.vn/")],
    )
    large = {cold: render_queries(client, province.url, cold, 48) for cold in (False, True)}
    assert large == small
    assert small[True] > small[False]  # built once, then read from the cache


def test_the_emblem_comes_from_the_settings_with_the_flag_as_fallback(client, home):
    html = client.get("/").content.decode()
    assert 'class="site-brand__emblem" src="/static/img/co-dang.svg"' in html
    assert "★" not in html
    image = get_image_model().objects.create(
        title="Cờ Đảng", file=get_test_image_file(size=(300, 200))
    )
    settings = PortalSettings.for_site(home.get_site())
    settings.emblem = image
    save(settings)
    html = client.get("/", {"x": 1}).content.decode()
    emblem = re.search(
        r'<img class="site-brand__emblem" src="([^"]+)" width="(\d+)" height="(\d+)"', html
    )
    assert emblem and "/images/" in emblem.group(1) and emblem.group(3) == "112"
    # A missing file, or a deleted image, falls back to the shipped flag without an error.
    image.renditions.all().delete()
    image.file.storage.delete(image.file.name)
    cache.clear()
    html = client.get("/", {"x": 3}).content.decode()
    assert 'src="/static/img/co-dang.svg"' in html
    with TestCase.captureOnCommitCallbacks(execute=True):
        image.delete()
    html = client.get("/", {"x": 2}).content.decode()
    assert 'src="/static/img/co-dang.svg"' in html


def test_the_footer_shows_the_contact_lines_of_the_settings(client, home):
    settings = PortalSettings.for_site(home.get_site())
    settings.responsible = "Nguyễn Văn A, Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"
    settings.phone = "0276 3822 130"
    settings.email = "vptu@tayninh.dcs.vn"
    save(settings)
    footer = client.get("/").content.decode().split('<footer class="site-footer">', 1)[1]
    assert "Chịu trách nhiệm chính: Nguyễn Văn A, Phó Trưởng Ban Tuyên giáo" in footer
    assert '<a href="tel:02763822130">0276 3822 130</a>' in footer
    assert '<a href="mailto:vptu@tayninh.dcs.vn">vptu@tayninh.dcs.vn</a>' in footer
    assert "Địa chỉ: Số 1 đường Trần Hưng Đạo" in footer


def test_stored_one_level_menus_get_the_second_level_shape():
    migration = importlib.import_module(
        "navigation.migrations.0002_menu_two_levels_emblem_org_chart"
    )
    old = [
        {"type": "item", "value": {"title": "Tỉnh ủy", "page": 5, "url": ""}, "id": "a"},
        {"type": "item", "value": {"title": "Đã có", "url": "/", "children": [{"x": 1}]}},
        {"type": "other", "value": {"title": "Khác"}},
        "not a block",
    ]
    assert migration.with_children(old) == [
        {
            "type": "item",
            "value": {"title": "Tỉnh ủy", "page": 5, "url": "", "children": []},
            "id": "a",
        },
        {"type": "item", "value": {"title": "Đã có", "url": "/", "children": [{"x": 1}]}},
        {"type": "other", "value": {"title": "Khác"}},
        "not a block",
    ]
