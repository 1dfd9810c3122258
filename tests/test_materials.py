"""Tài liệu sinh hoạt chi bộ: the tree, the model's rules through the admin, the index by
year and month with its filters (hostile values too), the home block, the RSS and JSON
feeds, search, the API, unit ownership and the index's query count."""

import datetime
import itertools
import json

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.models import HomePage
from materials.forms import MaterialFilterForm
from materials.models import (
    Audience,
    CellMaterialDirective,
    CellMaterialIndexPage,
    CellMaterialPage,
)
from materials.periods import FIRST_YEAR, last_year, this_month
from portal.vietnamese import slugify_vi
from units.models import UnitPage

from .conftest import unit_member
from .factories import (
    CellMaterialIndexPageFactory,
    CellMaterialPageFactory,
    MaterialDocumentFactory,
    UnitPageFactory,
)

pytestmark = pytest.mark.django_db

CELL, NEWS, OTHER = "sinh-hoat-chi-bo", "thong-tin-tuyen-giao", "khac"


@pytest.fixture
def ban(province):
    return UnitPageFactory(
        parent=province,
        title="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        short_name="Ban Tuyên giáo và Dân vận",
        issuer_code="BTGDVTU",
    )


@pytest.fixture
def index(ban):
    return CellMaterialIndexPageFactory(parent=ban)


def previous(year, month, back=1):
    for _ in range(back):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return year, month


# --- tree -------------------------------------------------------------------------


class MaterialTreeTests(WagtailPageTestCase):
    def test_rules_both_ways(self):
        self.assertAllowedParentPageTypes(CellMaterialIndexPage, {UnitPage})
        self.assertAllowedSubpageTypes(CellMaterialIndexPage, {CellMaterialPage})
        self.assertAllowedParentPageTypes(CellMaterialPage, {CellMaterialIndexPage})
        self.assertAllowedSubpageTypes(CellMaterialPage, set())
        self.assertCanNotCreateAt(HomePage, CellMaterialPage)
        self.assertCanNotCreateAt(UnitPage, CellMaterialPage)


def test_one_index_per_unit(index, ban, district):
    assert not CellMaterialIndexPage.can_create_at(ban)
    assert CellMaterialIndexPage.can_create_at(district)


# --- the admin form and the model's rules -------------------------------------------


def material_form(document, **values):
    data = {
        "title": "Tài liệu sinh hoạt chi bộ tháng 12/2026",
        "month": "12",
        "year": "2026",
        "kind": CELL,
        "audiences": [],
        "summary": "Thông tin thời sự trong tỉnh; kỷ niệm 82 năm Ngày thành lập Quân đội.",
        "files": inline_formset([{"document": document.pk, "label": "Toàn văn"}]),
        "directive_links": inline_formset([]),
        "topics": [],
        "comments": inline_formset([]),
    }
    data.update(values)
    data.setdefault("slug", slugify_vi(data["title"]))
    multiple = {name: data.pop(name) for name in ("audiences", "topics")}
    return nested_form_data(data) | multiple  # several values of one name, not nested


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["materials", "cellmaterialpage", index.pk])


def errors_of(response):
    return response.context["form"].errors


def test_admin_creates_a_material_with_its_files_audience_and_document(
    admin_client, index, directive
):
    document = MaterialDocumentFactory()
    audience = Audience.objects.get(name="Đảng viên")
    data = material_form(
        document,
        audiences=[audience.pk],
        directive_links=inline_formset([{"directive": directive.pk}]),
        **{"action-publish": "1"},
    )
    response = admin_client.post(add_url(index), data)
    assert response.status_code == 302, errors_of(response)
    material = CellMaterialPage.objects.child_of(index).get()
    assert (material.year, material.month, material.kind, material.live) == (2026, 12, CELL, True)
    assert material.slug == "tai-lieu-sinh-hoat-chi-bo-thang-12-2026"
    assert [f.document for f in material.files.all()] == [document]
    assert list(material.audiences.all()) == [audience]
    assert [link.directive_id for link in material.directive_links.all()] == [directive.pk]
    assert material.owning_unit.title == "Ban Tuyên giáo và Dân vận Tỉnh ủy"


def test_a_second_material_of_the_same_month_and_kind_is_refused_with_a_clear_message(
    admin_client, index
):
    existing = CellMaterialPageFactory(parent=index, year=2026, month=12, kind=CELL)
    pages = Page.objects.count()
    response = admin_client.post(add_url(index), material_form(MaterialDocumentFactory()))
    assert response.status_code == 200
    message = " ".join(errors_of(response)["month"])
    assert "Ban Tuyên giáo và Dân vận đã có tài liệu sinh hoạt chi bộ tháng 12/2026" in message
    assert existing.title in message
    assert Page.objects.count() == pages
    # The page itself saves again; another kind, "khác" twice, or another unit are fine.
    edit = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[existing.pk]),
        material_form(existing.files.get().document, title=existing.title, slug=existing.slug),
    )
    assert edit.status_code == 302, errors_of(edit)
    for kind, title in [(NEWS, "Thông tin tháng 12"), (OTHER, "Đề cương 1"), (OTHER, "Đề cương 2")]:
        response = admin_client.post(
            add_url(index), material_form(MaterialDocumentFactory(), kind=kind, title=title)
        )
        assert response.status_code == 302, errors_of(response)


def test_the_rule_holds_outside_the_admin_and_per_unit(index, district):
    CellMaterialPageFactory(parent=index, year=2026, month=5)
    with pytest.raises(Exception, match="đã có tài liệu sinh hoạt chi bộ tháng 5/2026"):
        CellMaterialPageFactory(parent=index, year=2026, month=5)
    other = CellMaterialIndexPageFactory(parent=district)
    assert CellMaterialPageFactory(parent=other, year=2026, month=5).live


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"year": "1929"}, "year", "1930"),
        ({"year": str(last_year() + 1)}, "year", f"Năm không được sau năm {last_year()}"),
        ({"year": "hai nghìn"}, "year", ""),
        ({"month": "13"}, "month", ""),
        ({"month": "0"}, "month", ""),
        ({"kind": "<script>"}, "kind", ""),
        ({"summary": ""}, "summary", ""),
    ],
)
def test_bad_values_are_refused_in_the_form(admin_client, index, values, field, message):
    # Publishing: Wagtail saves drafts with required fields left empty.
    data = material_form(MaterialDocumentFactory(), **values, **{"action-publish": "1"})
    response = admin_client.post(add_url(index), data)
    assert response.status_code == 200
    assert field in errors_of(response)
    assert message in " ".join(errors_of(response)[field])
    assert not CellMaterialPage.objects.exists()


def test_files_are_required_and_only_pdf_doc_docx(admin_client, index):
    publish = {"action-publish": "1"}
    response = admin_client.post(
        add_url(index),
        material_form(MaterialDocumentFactory(), files=inline_formset([]), **publish),
    )
    assert response.status_code == 200
    text = MaterialDocumentFactory(file__filename="ghi-chu.txt", file__data=b"ghi chu")
    response = admin_client.post(add_url(index), material_form(text))
    assert response.status_code == 200
    assert "Chỉ nhận tệp PDF, DOC hoặc DOCX." in response.content.decode()
    assert not CellMaterialPage.objects.exists()


# --- ownership ----------------------------------------------------------------------


def test_the_units_editor_adds_materials_another_units_editor_cannot(client, index, ban, district):
    own = unit_member(ban, "editor", "bientap-ban-tgdv")
    document = MaterialDocumentFactory(collection=ban.access.collection)
    client.force_login(own)
    response = client.post(add_url(index), material_form(document))
    assert response.status_code == 302, errors_of(response)
    material = CellMaterialPage.objects.child_of(index).get()
    assert not material.live  # an editor drafts; the unit's approvers publish

    outsider = unit_member(district, "editor", "bientap-go-dau")
    client.force_login(outsider)
    assert client.get(add_url(index)).status_code in (302, 403)
    data = material_form(MaterialDocumentFactory(collection=district.access.collection), month="11")
    assert client.post(add_url(index), data).status_code in (302, 403)
    edit_url = reverse("wagtailadmin_pages:edit", args=[material.pk])
    assert client.get(edit_url).status_code in (302, 403)
    client.post(edit_url, material_form(document, title="Sửa trái phép", slug=material.slug))
    assert CellMaterialPage.objects.count() == 1
    assert CellMaterialPage.objects.get().title == "Tài liệu sinh hoạt chi bộ tháng 12/2026"


def test_an_editor_cannot_attach_another_units_file(client, index, ban, district):
    client.force_login(unit_member(ban, "editor", "bientap-ban-tgdv"))
    foreign = MaterialDocumentFactory(collection=district.access.collection)
    response = client.post(add_url(index), material_form(foreign))
    assert response.status_code == 200
    assert "thuộc bộ sưu tập của đơn vị khác" in response.content.decode()
    assert not CellMaterialPage.objects.exists()


# --- the index: by year and month, filters -----------------------------------------


@pytest.fixture
def year_of_materials(index):
    """Nov 2025 to Dec 2026, two kinds a month, and one "khác" in Dec 2026."""
    made = []
    for year, months in ((2025, (11, 12)), (2026, range(1, 13))):
        for month in months:
            for kind, name in ((CELL, "Tài liệu sinh hoạt chi bộ"), (NEWS, "Thông tin công tác")):
                made.append(
                    CellMaterialPageFactory(
                        parent=index,
                        year=year,
                        month=month,
                        kind=kind,
                        title=f"{name} tháng {month}/{year}",
                    )
                )
    made.append(
        CellMaterialPageFactory(
            parent=index, year=2026, month=12, kind=OTHER, title="Đề cương tuyên truyền 22/12"
        )
    )
    return made


def headings(html):
    import re

    return re.findall(r'class="material-month__title">([^<]+)<', html)


def titles(html):
    import re

    return re.findall(r'class="material__title" href="[^"]+">([^<]+)<', html)


def test_index_lists_newest_month_first_kinds_in_order_with_pages(
    client, index, year_of_materials, settings
):
    settings.PORTAL_PAGE_SIZE = 5
    html = client.get(index.url).content.decode()
    assert headings(html) == ["Tháng 12/2026", "Tháng 11/2026"]
    assert titles(html) == [
        "Tài liệu sinh hoạt chi bộ tháng 12/2026",
        "Thông tin công tác tháng 12/2026",
        "Đề cương tuyên truyền 22/12",
        "Tài liệu sinh hoạt chi bộ tháng 11/2026",
        "Thông tin công tác tháng 11/2026",
    ]
    assert "29 tài liệu" in html
    last = client.get(index.url, {"page": 6}).content.decode()
    assert headings(last) == ["Tháng 12/2025", "Tháng 11/2025"]
    assert "Tải về: Tài liệu sinh hoạt chi bộ số" in html  # the file's own title, no label


def test_filters_by_year_and_kind(client, index, year_of_materials):
    html = client.get(index.url, {"year": "2025", "kind": NEWS}).content.decode()
    assert titles(html) == ["Thông tin công tác tháng 12/2025", "Thông tin công tác tháng 11/2025"]
    assert "Đã bỏ qua" not in html
    assert '<option value="2025" selected>2025</option>' in html
    html = client.get(index.url, {"year": "2019"}).content.decode()
    assert titles(html) == [] and "Không có tài liệu phù hợp với điều kiện lọc." in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "abc"}, "Năm: Năm là một số có bốn chữ số, ví dụ 2026."),
        ({"year": "٢٠٢٦"}, "Năm: Năm là một số có bốn chữ số"),
        ({"year": "1800"}, "Năm: Năm phải từ 1930 đến"),
        ({"year": "9" * 400}, "Năm: Năm là một số có bốn chữ số"),
        ({"kind": "<script>alert(1)</script>"}, "Loại tài liệu: Loại tài liệu này không có"),
    ],
)
def test_a_bad_filter_is_named_and_ignored(client, index, year_of_materials, query, message):
    response = client.get(index.url, {**query, "page": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã bỏ qua điều kiện lọc không hợp lệ" in html and message in html
    assert "<script>alert(1)</script>" not in html
    assert headings(html)[0] == "Tháng 12/2026"  # everything, as without the filter


def test_hostile_parameters_through_http_never_break_the_index(client, index, year_of_materials):
    for value in ["\x00", "2026' OR 1=1 --", "-2026", "2026.0", "2026\n", "١", "0x7e6", " "]:
        for name in ("year", "kind", "page"):
            response = client.get(index.url, {name: value})
            assert response.status_code == 200, (name, value)
    response = client.get(index.url + "?year=2026&year=2025&kind=khac&kind=sinh-hoat-chi-bo")
    assert response.status_code == 200


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    year=st.one_of(st.none(), st.text(max_size=12), st.integers().map(str)),
    kind=st.one_of(st.none(), st.text(max_size=30), st.sampled_from([CELL, NEWS, OTHER])),
)
def test_any_filter_values_give_valid_filters_or_messages(year, kind):
    data = {key: value for key, value in (("year", year), ("kind", kind)) if value is not None}
    values, messages = MaterialFilterForm(data, years=[2026]).values()
    if "year" in values:
        assert FIRST_YEAR <= values["year"] <= last_year()
        assert str(values["year"]) == data["year"].strip()
    if "kind" in values:
        assert values["kind"] in (CELL, NEWS, OTHER)
    for name in ("year", "kind"):
        given_value = (data.get(name) or "").strip()
        assert (
            name in values
            or not given_value
            or any(m.startswith(("Năm", "Loại")) for m in messages)
        )


# --- the reader page ----------------------------------------------------------------


def test_material_page_shows_unit_month_audience_files_and_related(client, index, directive, topic):
    material = CellMaterialPageFactory(parent=index, year=2026, month=12, files=[])
    material.files.create(document=MaterialDocumentFactory(title="Toàn văn tài liệu"), sort_order=0)
    material.audiences.set([Audience.objects.get(name="Đảng viên")])
    material.topics.set([topic])
    CellMaterialDirective.objects.create(page=material, directive=directive)
    material.save_revision().publish()
    html = client.get(material.url).content.decode()
    for text in [
        "Tài liệu sinh hoạt chi bộ · Tháng 12/2026",
        "Đơn vị phát hành</th><td><a href=",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Đối tượng sử dụng</th><td>Đảng viên",
        "Tải về: Toàn văn tài liệu",
        directive.number_symbol,
        topic.title,
        "Tài liệu các tháng khác",
    ]:
        assert text in html, text
    document = material.files.get().document
    assert client.get(document.url).status_code == 200  # a live page uses it: public


# --- the home block ------------------------------------------------------------------


def set_home_block(home, count=4):
    home.body = [("materials", {"heading": "Tài liệu sinh hoạt chi bộ tháng này", "count": count})]
    home.save_revision().publish()


def test_home_block_shows_this_months_materials_not_next_months(client, home, index, commune):
    year, month = this_month()
    last = previous(year, month)
    nxt = (year + 1, 1) if month == 12 else (year, month + 1)
    CellMaterialPageFactory(parent=index, year=last[0], month=last[1], title="Tháng trước")
    CellMaterialPageFactory(
        parent=index, year=year, month=month, kind=NEWS, title="Thông tin tháng này"
    )
    CellMaterialPageFactory(parent=index, year=year, month=month, title="Sinh hoạt tháng này")
    CellMaterialPageFactory(parent=index, year=nxt[0], month=nxt[1], title="Tháng sau")
    commune_index = CellMaterialIndexPageFactory(parent=commune)
    CellMaterialPageFactory(parent=commune_index, year=year, month=month, title="Của Đảng ủy xã")
    set_home_block(home)
    html = client.get(home.url).content.decode()
    assert f"Tháng {month}/{year}" in html
    # This month only: the cell meeting's first, the higher unit's first.
    assert titles(html) == ["Sinh hoạt tháng này", "Của Đảng ủy xã", "Thông tin tháng này"]
    assert "Tải về (PDF)" in html and f'href="{index.url}"' in html


def test_home_block_falls_back_to_the_latest_month_then_to_its_empty_state(client, home, index):
    set_home_block(home)
    assert "Chưa có tài liệu sinh hoạt chi bộ." in client.get(home.url).content.decode()
    year, month = previous(*this_month(), back=2)
    CellMaterialPageFactory(parent=index, year=year, month=month, title="Hai tháng trước")
    html = client.get(home.url, {"x": 1}).content.decode()
    assert titles(html) == ["Hai tháng trước"] and f"Tháng {month}/{year}" in html


def test_unpublished_materials_stay_out_of_the_block_index_and_feeds(client, home, index):
    year, month = this_month()
    material = CellMaterialPageFactory(parent=index, year=year, month=month, title="Bản nháp")
    material.unpublish()
    set_home_block(home)
    assert "Bản nháp" not in client.get(home.url).content.decode()
    assert "Bản nháp" not in client.get(index.url).content.decode()
    assert "Bản nháp" not in client.get(reverse("feed-materials-rss")).content.decode()
    assert "Bản nháp" not in client.get(reverse("feed-materials-json")).content.decode()


# --- feeds ----------------------------------------------------------------------------


def test_rss_feed_is_valid_with_one_enclosure_per_item(client, index, year_of_materials):
    response = client.get(reverse("feed-material-index-rss", args=[index.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Tài liệu sinh hoạt chi bộ – Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert parsed.feed.language == "vi"
    first = parsed.entries[0]
    assert first.title == "Tài liệu sinh hoạt chi bộ tháng 12/2026"
    assert first.link.endswith(year_of_materials[-3].url)
    assert [tag.term for tag in first.tags] == ["Tài liệu sinh hoạt chi bộ", "Tháng 12/2026"]
    (enclosure,) = first.enclosures
    assert enclosure.type == "application/pdf" and enclosure.href.startswith("http")
    assert first.author == "Ban Tuyên giáo và Dân vận Tỉnh ủy"


def test_json_feed_follows_the_json_feed_spec(client, index, year_of_materials):
    response = client.get(reverse("feed-materials-json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"].startswith("Tài liệu sinh hoạt chi bộ – ")
    assert feed["feed_url"].endswith(reverse("feed-materials-json"))
    assert feed["language"] == "vi" and feed["home_page_url"].startswith("http")
    assert len(feed["items"]) == len(year_of_materials)
    for item in feed["items"]:
        assert {"id", "url", "title", "content_text", "date_published"} <= set(item)
        assert datetime.datetime.fromisoformat(item["date_published"]).tzinfo is not None
        (attachment,) = item["attachments"]
        assert attachment["mime_type"] == "application/pdf"
        assert attachment["url"].startswith("http") and attachment["title"]
    assert feed["items"][0]["title"] == "Tài liệu sinh hoạt chi bộ tháng 12/2026"
    assert feed["items"][0]["authors"] == [{"name": "Ban Tuyên giáo và Dân vận Tỉnh ủy"}]


def test_feeds_are_linked_from_the_index_and_unknown_indexes_are_404(client, index):
    html = client.get(index.url).content.decode()
    rss = reverse("feed-material-index-rss", args=[index.pk])
    json_url = reverse("feed-material-index-json", args=[index.pk])
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Tài liệu sinh hoạt chi bộ (RSS)" href="{rss}">'
        in html
    )
    assert (
        f'type="application/feed+json" title="Tài liệu sinh hoạt chi bộ (JSON Feed)" href="{json_url}"'
        in html
    )
    for bad in ["999999", "9" * 40, "abc", "-1", "٣"]:
        assert client.get(f"/feeds/tai-lieu-sinh-hoat/{bad}/json/").status_code == 404, bad
    index.unpublish()
    assert client.get(json_url).status_code == 404


# --- search and API --------------------------------------------------------------------


def test_search_finds_a_material_without_diacritics(client, index):
    CellMaterialPageFactory(
        parent=index, summary="Chuyên đề học tập và làm theo tấm gương đạo đức Hồ Chí Minh"
    )
    response = client.get("/search/", {"q": "tam guong dao duc", "loai": "tai-lieu-sinh-hoat"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tài liệu sinh hoạt chi bộ tháng 11/2026" in html and "Tài liệu sinh hoạt" in html


def test_api_gives_month_kind_unit_and_files(client, index, ban):
    CellMaterialPageFactory(parent=index)
    response = client.get(
        "/api/v2/pages/",
        {
            "type": "materials.CellMaterialPage",
            "fields": "year,month,kind_label,issuing_unit,files",
        },
    )
    assert response.status_code == 200, response.content
    (item,) = response.json()["items"]
    assert (item["year"], item["month"], item["kind_label"]) == (
        2026,
        11,
        "Tài liệu sinh hoạt chi bộ",
    )
    assert item["issuing_unit"]["id"] == ban.pk
    assert item["files"][0]["file_extension"] == "pdf"


# --- query counts ----------------------------------------------------------------------

_bypass = itertools.count()


def render_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"x": next(_bypass)})
    assert response.status_code == 200
    assert response.get("X-Page-Cache") == "miss"
    return len(context.captured_queries)


def test_index_material_and_home_run_a_fixed_number_of_queries(client, home, index, district):
    set_home_block(home, count=10)
    year, month = this_month()
    material = CellMaterialPageFactory(parent=index, year=year, month=month)
    audience = Audience.objects.first()
    material.audiences.set([audience])
    material.save_revision().publish()
    urls = {"index": index.url, "material": material.url, "home": home.url}
    small = {name: render_queries(client, url) for name, url in urls.items()}
    commune_index = CellMaterialIndexPageFactory(parent=district)
    for number in range(1, 12):
        y, m = previous(year, month, back=number)
        for kind in (CELL, NEWS):
            page = CellMaterialPageFactory(parent=index, year=y, month=m, kind=kind)
            page.audiences.set([audience])
            page.save_revision().publish()
    CellMaterialPageFactory(
        parent=commune_index,
        year=year,
        month=month,
        files=[MaterialDocumentFactory(), MaterialDocumentFactory()],
    )
    large = {name: render_queries(client, url) for name, url in urls.items()}
    assert large == small
    assert max(large.values()) <= 13, large
