"""The search page: folding on every backend, document numbers, filters, JSON, suggestions,
hostile input. Runs on SQLite and PostgreSQL (DATABASE_URL) with the same assertions."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import DirectivePage

from .factories import (
    ArticlePageFactory,
    DirectivePageFactory,
    DocumentTypeFactory,
    UnitPageFactory,
)

pytestmark = pytest.mark.django_db


def search_json(client, **params):
    response = client.get(reverse("search"), {**params, "format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def titles(data):
    return [result["title"] for result in data["results"]]


@pytest.fixture
def corpus(province, district):
    congress = ArticlePageFactory(
        parent=district,
        title="Đại hội Đảng bộ huyện Gò Dầu lần thứ XII",
        lead="Đại hội đã bầu Ban Chấp hành Đảng bộ huyện khóa mới.",
    )
    plain = ArticlePageFactory(
        parent=province,
        title="Hội nghị tổng kết công tác tuyên giáo",
        lead="Tổng kết năm, triển khai nhiệm vụ mới.",
        body=[{"type": "paragraph", "value": "<p>Các đại biểu thảo luận.</p>"}],
    )
    resolution = DirectivePageFactory(
        parent=province,
        number=35,
        title="Nghị quyết số 35-NQ/TW về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
    )
    mention = ArticlePageFactory(
        parent=province,
        title="Quán triệt Nghị quyết 35-NQ/TW, Nghị quyết 35 của Bộ Chính trị",
        lead="Nghị quyết 35-NQ/TW số 35 được quán triệt sâu rộng; nghị quyết 35 35 35.",
    )
    return {"congress": congress, "plain": plain, "resolution": resolution, "mention": mention}


@pytest.mark.parametrize(
    "query",
    ["dang bo", "Đảng bộ", "ĐẢNG BỘ", "DANG BO", "đang bô", "dai hoi", "DAI HOI", "Đại Hội"],
)
def test_query_with_or_without_diacritics_matches_both(client, corpus, query):
    assert "Đại hội Đảng bộ huyện Gò Dầu lần thứ XII" in titles(search_json(client, q=query))


def test_folded_query_does_not_match_unrelated_pages(client, corpus):
    found = titles(search_json(client, q="dang bo"))
    assert "Hội nghị tổng kết công tác tuyên giáo" not in found


@pytest.mark.parametrize(
    "query",
    ["35-NQ/TW", "35 NQ TW", "NQ 35", "nghị quyết 35", "nghi quyet so 35", "NGHI QUYET 35"],
)
def test_document_number_puts_that_document_first(client, corpus, query):
    data = search_json(client, q=query)
    assert data["results"][0]["number_symbol"] == "35-NQ/TW"
    assert data["results"][0]["type"] == "van-ban"


def test_a_number_and_symbol_matches_as_its_words_on_every_backend(client, corpus, province):
    """'35-NQ/TW' is the words 35, NQ, TW in the index as in the query: every word must
    match (PostgreSQL's parser alone would index 'nq/tw' as one token, and the search would
    fall back to pages with any of the words, such as this one)."""
    ArticlePageFactory(parent=province, title="Hội nghị lần thứ 8 Ban Chấp hành TW")
    data = search_json(client, q="35-NQ/TW")
    assert data["count"] == 2
    assert set(titles(data)) == {corpus["resolution"].title, corpus["mention"].title}


def test_snippet_is_highlighted_and_escaped(client, province):
    ArticlePageFactory(
        parent=province,
        title="Tin có ký tự đặc biệt",
        lead="Cảnh báo <script>alert(1)</script> về Đảng bộ & nhân dân.",
    )
    data = search_json(client, q="dang bo")
    snippet = data["results"][0]["snippet"]
    assert "<mark>Đảng</mark> <mark>bộ</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    page = client.get(reverse("search"), {"q": "dang bo"}).content.decode()
    assert "<mark>Đảng</mark>" in page and "<script>alert(1)" not in page


def test_json_result_fields(client, corpus):
    data = search_json(client, q="35-NQ/TW")
    first = data["results"][0]
    assert set(first) == {
        "title",
        "url",
        "type",
        "unit",
        "date",
        "number_symbol",
        "signing_line",  # documents: articles.signing (docs/documents.md)
        "status",
        "snippet",
    }
    assert first["unit"] == "Tỉnh ủy Tây Ninh"
    assert first["date"] == "2018-10-22"
    assert {"loai", "loai_van_ban", "co_quan", "tinh_trang", "nam"} <= set(data["facets"])
    assert {"value": "van-ban", "label": "Văn bản"}.items() <= data["facets"]["loai"][
        0
    ].items() or any(item["value"] == "van-ban" for item in data["facets"]["loai"])


def test_facets_count_and_filter(client, corpus, province):
    DirectivePageFactory(
        parent=province,
        number=7,
        title="Chỉ thị số 07-CT/TW về tư tưởng",
        document_type=DocumentTypeFactory(name="Chỉ thị", code="CT"),
        status=DirectivePage.Status.EXPIRED,
    )
    data = search_json(client, q="tu tuong")
    counts = {item["value"]: item["count"] for item in data["facets"]["loai_van_ban"]}
    assert counts == {"NQ": 1, "CT": 1}
    only_ct = search_json(client, q="tu tuong", loai_van_ban="CT")
    assert titles(only_ct) == ["Chỉ thị số 07-CT/TW về tư tưởng"]
    expired = search_json(client, q="tu tuong", tinh_trang="expired")
    assert titles(expired) == ["Chỉ thị số 07-CT/TW về tư tưởng"]
    by_year = search_json(client, q="tu tuong", nam="2018")
    assert len(by_year["results"]) == 2
    assert search_json(client, q="tu tuong", nam="2019")["results"] == []


def test_unit_filter_includes_sub_units(client, corpus, province, district):
    in_district = titles(search_json(client, q="dai hoi", don_vi=district.pk))
    assert in_district == ["Đại hội Đảng bộ huyện Gò Dầu lần thứ XII"]
    in_province = titles(search_json(client, q="dai hoi", don_vi=province.pk))
    assert "Đại hội Đảng bộ huyện Gò Dầu lần thứ XII" in in_province


def test_content_type_filter(client, corpus):
    data = search_json(client, q="nghi quyet 35", loai="tin-bai")
    assert {r["type"] for r in data["results"]} == {"tin-bai"}


@pytest.mark.parametrize(
    "params",
    [
        {"don_vi": "abc"},
        {"don_vi": "-1"},
        {"don_vi": "99999999999999999999999"},
        {"nam": "năm ngoái"},
        {"nam": "99999"},
        {"tu_ngay": "2020-13-45"},
        {"loai": "khong-co"},
        {"loai_van_ban": "XYZ"},
        {"co_quan": "1e9"},
        {"tinh_trang": "'; DROP TABLE x; --"},
        {"sap_xep": "cu-nhat"},
        {"page": "-5"},
        {"page": "999999999999999999999"},
    ],
)
def test_invalid_filters_are_ignored_with_a_notice(client, corpus, params):
    response = client.get(reverse("search"), {"q": "dai hoi", **params})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Đại hội Đảng bộ huyện Gò Dầu" in content
    if "page" not in params:
        assert "Đã bỏ qua bộ lọc không hợp lệ" in content


def test_repeated_parameters(client, corpus):
    response = client.get(reverse("search") + "?q=dai&q=hoi&nam=1&nam=2018&page=1&page=x")
    assert response.status_code == 200


HOSTILE = [
    '" & | ! ( ) : * ^ ~ - + [ ] { } \\ /',
    '"unbalanced',
    "NEAR(dang bo)",
    "dang AND OR NOT bo",
    "' OR 1=1; --",
    "x\x00y",
    "a" * 10_000,
    "Đảng 🇻🇳 党 партия ☭",
    "*",
    "-",
    "35-NQ/TW*",
    "title:dang",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_a_normal_page(client, corpus, query):
    assert client.get(reverse("search"), {"q": query}).status_code == 200
    assert client.get(reverse("search"), {"q": query, "format": "json"}).status_code == 200
    assert client.get(reverse("search_suggest"), {"q": query}).status_code == 200


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.text(max_size=300),
    unit=st.text(max_size=30),
    year=st.text(max_size=10),
    page=st.text(max_size=10),
)
def test_generated_input_never_fails(client, corpus, query, unit, year, page):
    params = {"q": query, "don_vi": unit, "nam": year, "page": page}
    assert client.get(reverse("search"), params).status_code == 200
    assert client.get(reverse("search_suggest"), {"q": query}).status_code == 200


def test_suggestions_are_accent_insensitive(client, corpus):
    for typed in ("nghi q", "Nghị qu", "NGHI QUYET 3"):
        response = client.get(reverse("search_suggest"), {"q": typed})
        data = json.loads(response.content)
        assert any(s["title"].startswith("Nghị quyết số 35") for s in data["suggestions"]), typed


def test_header_links_to_search(client, corpus):
    home = client.get("/").content.decode()
    assert 'action="/search/"' in home


def test_search_promotions_come_first(client, corpus):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    SearchPromotion.objects.create(
        query=Query.get("dai hoi"), page=corpus["plain"], sort_order=0, description=""
    )
    content = client.get(reverse("search"), {"q": "dai hoi"}).content.decode()
    assert "Gợi ý" in content
    assert content.index("Hội nghị tổng kết công tác tuyên giáo") < content.index("kết quả cho")
    from search import hits

    hits.flush()  # searches are counted in a buffer, written in batches
    assert Query.get("dai hoi").hits == 1
    client.get(reverse("search"), {"q": "Dai hoi"})
    hits.flush()
    assert Query.get("dai hoi").hits == 2


def test_search_hits_reach_the_database_in_batches(db):
    """Counted in a buffer; written when FLUSH_HITS searches have gathered (or FLUSH_SECONDS
    passed), one row per query and day; a query of spaces only is never a row."""
    from wagtail.contrib.search_promotions.models import Query

    from search import hits

    for _ in range(hits.FLUSH_HITS - 2):
        hits.count("Nghị quyết 35")
    hits.count("   ")
    assert not Query.objects.filter(query_string="nghị quyết 35").exists()
    hits.count("nghị  quyết 35")  # the 200th: written
    assert Query.get("nghị quyết 35").hits == hits.FLUSH_HITS - 1
    assert not Query.objects.filter(query_string="").exists()


def test_a_new_pick_shows_at_once(client, corpus, django_capture_on_commit_callbacks):
    """The picks are kept in the page cache's store; saving one bumps it."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    before = client.get(reverse("search"), {"q": "dai hoi"}).content.decode()
    assert "Gợi ý" not in before
    with django_capture_on_commit_callbacks(execute=True):
        pick = SearchPromotion.objects.create(
            query=Query.get("dai hoi"), page=corpus["plain"], sort_order=0, description=""
        )
    assert "Gợi ý" in client.get(reverse("search"), {"q": "Dai  hoi"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        pick.delete()
    assert "Gợi ý" not in client.get(reverse("search"), {"q": "dai hoi"}).content.decode()


def test_newest_first(client, province):
    old = ArticlePageFactory(parent=province, title="Hội nghị cũ về chuyển đổi số")
    new = ArticlePageFactory(parent=province, title="Hội nghị mới về chuyển đổi số số số")
    model = ArticlePageFactory._meta.model
    model.objects.filter(pk=old.pk).update(first_published_at="2019-01-01T00:00:00Z")
    model.objects.filter(pk=new.pk).update(first_published_at="2024-01-01T00:00:00Z")
    data = search_json(client, q="chuyen doi so", sap_xep="moi-nhat")
    assert titles(data) == [new.title, old.title]
    page = client.get(reverse("search"), {"q": "chuyen doi so", "sap_xep": "moi-nhat"})
    assert page.status_code == 200


@pytest.fixture
def unit_tree(province, district):
    """Pages about Thanh Phước in the province, two districts and a commune under one."""
    commune = UnitPageFactory(parent=district, title="Đảng ủy xã Thanh Phước")
    ben_cau = UnitPageFactory(parent=province, title="Huyện ủy Bến Cầu")
    ArticlePageFactory(parent=district, title="Gò Dầu học tập gương Thanh Phước")
    ArticlePageFactory(parent=commune, title="Xã Thanh Phước ra quân")
    ArticlePageFactory(parent=ben_cau, title="Bến Cầu kết nghĩa với Thanh Phước")
    ArticlePageFactory(parent=province, title="Tỉnh ủy khen thưởng Thanh Phước")
    return {"commune": commune, "ben_cau": ben_cau}


def unit_counts(data):
    return {item["label"]: item["count"] for item in data["facets"]["don_vi"]}


def test_unit_facet_counts_each_sub_unit_with_its_own_sub_units(client, unit_tree):
    data = search_json(client, q="thanh phuoc")
    assert data["count"] == 5  # four articles and the commune's own page
    # One top-level unit (the province): its sub-units are the buckets; Gò Dầu's count
    # includes its commune (the commune page and its article).
    assert unit_counts(data) == {"Huyện ủy Gò Dầu": 3, "Huyện ủy Bến Cầu": 1}


def test_unit_facet_in_a_chosen_unit_counts_its_sub_units(client, unit_tree, district):
    data = search_json(client, q="thanh phuoc", don_vi=district.pk)
    assert data["count"] == 3
    items = data["facets"]["don_vi"]
    assert [(i["label"], i["count"], i["active"]) for i in items] == [
        ("Huyện ủy Gò Dầu", 3, True),
        ("Đảng ủy xã Thanh Phước", 2, False),
    ]


def test_unit_facet_lists_top_level_units_when_there_are_several(client, unit_tree, home):
    other = UnitPageFactory(parent=home, title="Đảng ủy Khối cơ quan tỉnh")
    ArticlePageFactory(parent=other, title="Khối cơ quan học tập Thanh Phước")
    assert unit_counts(search_json(client, q="thanh phuoc")) == {
        "Tỉnh ủy Tây Ninh": 5,
        "Đảng ủy Khối cơ quan tỉnh": 1,
    }


def test_every_facet_link_gives_as_many_results_as_its_count(client, corpus, unit_tree):
    DirectivePageFactory(
        parent=unit_tree["ben_cau"],
        number=7,
        title="Chỉ thị số 07-CT/HU về học tập Thanh Phước",
        document_type=DocumentTypeFactory(name="Chỉ thị", code="CT"),
        status=DirectivePage.Status.EXPIRED,
    )
    for query in ("thanh phuoc", "tu tuong", "dai hoi"):
        data = search_json(client, q=query)
        for name, items in data["facets"].items():
            for item in items:
                followed = client.get(reverse("search") + item["url"] + "&format=json")
                assert json.loads(followed.content)["count"] == item["count"], (query, name, item)


@override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
def test_search_page_queries_do_not_grow_with_the_matches(client, unit_tree, province):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("search"), {"q": "thanh phuoc"}).status_code == 200
        return len(captured)

    queries()  # first-request work: settings rows, the popular-query row
    few = queries()
    for number in range(30):
        ArticlePageFactory(parent=province, title=f"Thanh Phước tin số {number}")
    many = queries()
    # Specific pages cost one query per content type on the page, not one per result.
    assert many <= few <= 20


def test_content_type_filter_on_units(client, unit_tree):
    data = search_json(client, q="thanh phuoc", loai="don-vi")
    assert [(r["title"], r["unit"]) for r in data["results"]] == [
        ("Đảng ủy xã Thanh Phước", "Đảng ủy xã Thanh Phước")
    ]


@override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
def test_pages_in_a_private_section_are_not_found_or_counted(
    client, corpus, province, district, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    hidden = ArticlePageFactory(parent=district, title="Đại hội chi bộ kín")
    before = search_json(client, q="dai hoi")
    assert hidden.title in titles(before)
    # The restriction is committed (as in the admin): the kept restrictions are read again.
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=district, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
        )
    after = search_json(client, q="dai hoi")
    assert hidden.title not in titles(after)
    assert corpus["congress"].title not in titles(after)  # the whole section is private
    assert after["count"] == before["count"] - 2
    assert sum(item["count"] for item in after["facets"]["loai"]) == after["count"]


@override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
def test_facet_labels_follow_a_renamed_issuer(client, corpus, django_capture_on_commit_callbacks):
    """Issuer and document-type names are kept in the cache; renaming one is seen at once."""
    issuer = corpus["resolution"].issuer

    def labels():
        return {item["label"] for item in search_json(client, q="nghi quyet")["facets"]["co_quan"]}

    assert str(issuer) in labels()
    with django_capture_on_commit_callbacks(execute=True):
        issuer.name = "Ban Thường vụ Tỉnh ủy (đổi tên)"
        issuer.save()
    assert str(issuer) in labels()
