"""The read-only API at /api/v2/: fields, filters, search, limits, and what it never shows."""

import datetime

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from articles.models import DirectiveAttachment
from units.models import UnitLeader

from .factories import ArticlePageFactory, DirectivePageFactory, UnitPageFactory

pytestmark = pytest.mark.django_db
PAGES = "/api/v2/pages/"
ALLOWED = {
    "units.UnitPage",
    "articles.SectionPage",
    "articles.ArticlePage",
    "articles.DirectivePage",
    "articles.TopicPage",
}


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def document(title):
    from django.core.files.base import ContentFile

    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 demo", name=f"{title}.pdf")
    )


@pytest.fixture
def corpus(home, province, district, section, topic, article, directive):
    """Public content, plus a draft and a private unit with content of their own."""
    draft = ArticlePageFactory(parent=province, title="Bản nháp chưa đăng", live=False)
    private = UnitPageFactory(parent=home, title="Đơn vị nội bộ")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    secret = DirectivePageFactory(parent=private, number=7, title="Nghị quyết nội bộ")
    old_article = ArticlePageFactory(
        parent=section,
        title="Tin năm 2019",
        date=datetime.datetime(2019, 5, 1, 8, tzinfo=datetime.UTC),
    )
    directive.topics.add(topic)
    directive.save_revision().publish()
    return {
        "draft": draft,
        "private": private,
        "secret": secret,
        "old": old_article,
    }


def ids(data):
    return {item["id"] for item in data["items"]}


def test_pages_lists_only_allowed_public_live_types(client, corpus, article, directive):
    data = get(client, PAGES, limit=50)
    types = {item["meta"]["type"] for item in data["items"]}
    assert types <= ALLOWED
    assert {article.pk, directive.pk} <= ids(data)
    for hidden in ("draft", "private", "secret"):
        assert corpus[hidden].pk not in ids(data)


def test_drafts_and_private_pages_are_never_shown_even_to_a_logged_in_admin(admin_client, corpus):
    for hidden in ("draft", "private", "secret"):
        assert admin_client.get(f"{PAGES}{corpus[hidden].pk}/").status_code == 404
    session = admin_client.session
    restriction = corpus["private"].view_restrictions.get()
    session[restriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    assert corpus["secret"].pk not in ids(get(admin_client, PAGES, limit=50))


def test_a_live_page_shows_its_published_content_not_a_later_draft(client, corpus, article):
    published = article.title
    article.title = "Tiêu đề bản nháp chưa duyệt"
    article.save_revision()
    assert get(client, f"{PAGES}{article.pk}/")["title"] == published
    assert "bản nháp" not in str(get(client, PAGES, search="tieu de ban nhap"))


def test_page_types_outside_the_list_are_refused(client, corpus):
    for name in ("home.HomePage", "wagtailcore.Page", "feedback.Feedback", "auth.User"):
        response = client.get(PAGES, {"type": name})
        assert response.status_code == 400
        assert "Loại trang không có trong API" in response.json()["message"]
    assert client.get(f"{PAGES}{corpus['draft'].get_parent().get_parent().pk}/").status_code == 404


def test_document_metadata_fields(client, corpus, directive):
    attachment = document("Toàn văn nghị quyết 35")
    DirectiveAttachment.objects.create(page=directive, document=attachment, label="Toàn văn")
    data = get(client, f"{PAGES}{directive.pk}/")
    assert data["number_symbol"] == directive.number_symbol
    assert data["document_type"]["code"] == directive.document_type.code
    assert data["issuers"][0]["code"] == directive.issuer.code
    assert data["term"]["name"] == directive.term.name
    assert data["issue_date"] == "2018-10-22"
    assert data["status"] == "in_force" and data["status_label"] == "Còn hiệu lực"
    assert data["summary"] == directive.summary
    assert data["attachments"][0]["label"] == "Toàn văn"
    assert data["attachments"][0]["url"].startswith("http://testserver/documents/")
    assert [topic["title"] for topic in data["topics"]] == ["Xây dựng nông thôn mới"]
    listing = get(client, PAGES, type="articles.DirectivePage", fields="number_symbol,status")
    assert {"number_symbol", "status"} <= set(listing["items"][0])


def test_unit_fields_and_a_private_successor_is_not_named(client, corpus, province, district):
    district.address = "Khu phố 1, thị trấn Gò Dầu"
    district.email = "huyenuy@example.vn"
    district.valid_until = datetime.date(2025, 6, 30)
    district.successor = corpus["private"]
    district.save_revision().publish()
    data = get(client, f"{PAGES}{district.pk}/")
    assert data["short_name"] == "Huyện ủy Gò Dầu"
    assert data["kind"]["name"] == "Huyện ủy"
    assert data["issuer_code"] == "HU"
    assert data["address"] == "Khu phố 1, thị trấn Gò Dầu"
    assert data["email"] == "huyenuy@example.vn"
    assert data["valid_until"] == "2025-06-30" and data["is_archived"] is True
    assert data["successor"] is None  # the successor is private
    district.successor = province
    district.save_revision().publish()
    assert get(client, f"{PAGES}{district.pk}/")["successor"]["title"] == "Tỉnh ủy Tây Ninh"


def test_article_fields(client, corpus, article):
    data = get(client, f"{PAGES}{article.pk}/")
    assert data["lead"] == article.lead
    assert data["body"][0]["type"] == "paragraph"
    assert data["main_image"] is None and data["main_image_thumbnail"] is None
    assert [topic["title"] for topic in data["topics"]] == ["Xây dựng nông thôn mới"]


def test_unit_filter_includes_sub_units(client, corpus, province, district, article, directive):
    in_province = ids(get(client, PAGES, unit=province.pk, limit=50))
    assert {province.pk, district.pk, article.pk, directive.pk} <= in_province
    in_district = ids(get(client, PAGES, unit=district.pk, limit=50))
    assert article.pk in in_district and directive.pk not in in_district


def test_type_topic_and_date_filters(client, corpus, article, directive, topic):
    articles = get(client, PAGES, type="articles.ArticlePage", limit=50)
    assert {item["meta"]["type"] for item in articles["items"]} == {"articles.ArticlePage"}
    assert ids(get(client, PAGES, topic=topic.pk)) == {article.pk, directive.pk}
    old = get(
        client, PAGES, type="articles.ArticlePage", date_from="2019-01-01", date_to="2019-12-31"
    )
    assert ids(old) == {corpus["old"].pk}
    documents = get(
        client, PAGES, type="articles.DirectivePage", date_from="2018-10-22", date_to="2018-10-22"
    )
    assert ids(documents) == {directive.pk}


def test_search_folds_vietnamese(client, corpus, directive):
    for query in ("nghi quyet", "NGHỊ QUYẾT", "Nghị quyết"):
        found = ids(get(client, PAGES, search=query, limit=50))
        assert directive.pk in found, query
        assert corpus["secret"].pk not in found  # "Nghị quyết nội bộ" is private


def test_search_with_unit_and_type_filters(client, corpus, province, district, directive):
    found = ids(
        get(client, PAGES, search="nghi quyet", unit=province.pk, type="articles.DirectivePage")
    )
    assert found == {directive.pk}
    assert ids(get(client, PAGES, search="nghi quyet", unit=district.pk)) == set()


def test_pagination_has_a_maximum(client, corpus):
    assert len(get(client, PAGES, limit=2)["items"]) == 2
    response = client.get(PAGES, {"limit": 51})
    assert response.status_code == 400
    assert response.json()["message"] == "limit tối đa là 50."
    response = client.get(PAGES, {"khong_co": 1})
    assert response.json()["message"] == "Tham số không được hỗ trợ."
    assert "khong_co" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"unit": "abc"}, "số nguyên dương"),
        ({"unit": "999999"}, "Không có đơn vị"),
        ({"topic": "-1"}, "số nguyên dương"),
        ({"date_from": "26/11/2026"}, "YYYY-MM-DD"),
        ({"date_from": "2026-02-30"}, "YYYY-MM-DD"),
        ({"date_from": "2026-12-01", "date_to": "2026-01-01"}, "date_to"),
        ({"search": "!!!"}, "Nhập từ cần tìm"),
        ({"search": "x", "search_operator": "xor"}, "search_operator"),
    ],
)
def test_bad_parameters_answer_400_in_vietnamese(client, home, params, message):
    response = client.get(PAGES, params)
    assert response.status_code == 400
    assert message in response.json()["message"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(
        [
            "unit",
            "topic",
            "date_from",
            "date_to",
            "search",
            "limit",
            "offset",
            "type",
            "order",
            "fields",
            "child_of",
            "issue_date",
            "number",
            "status",
            "id",
        ]
    ),
    value=st.text(max_size=30),
)
def test_hostile_parameters_never_crash(client, corpus, name, value):
    response = client.get(
        PAGES,
        {name: value, "type": "articles.DirectivePage"}
        if name in ("issue_date", "number", "status")
        else {name: value},
    )
    assert response.status_code in (200, 400), (name, value, response.content[:300])


def test_images_and_documents_only_when_a_public_page_uses_them(
    client, corpus, article, directive, district
):
    images = get_image_model().objects
    public_image = images.create(title="Ảnh công khai", file=get_test_image_file())
    draft_image = images.create(title="Ảnh bản nháp", file=get_test_image_file())
    unused = images.create(title="Ảnh chưa dùng", file=get_test_image_file())
    leader_photo = images.create(title="Ảnh lãnh đạo", file=get_test_image_file())
    article.main_image = public_image
    article.save_revision().publish()
    corpus["draft"].main_image = draft_image
    corpus["draft"].save()
    UnitLeader.objects.create(
        unit=district, name="Nguyễn Văn A", position="Bí thư", photo=leader_photo
    )
    listed = ids(get(client, "/api/v2/images/"))
    assert listed == {public_image.pk, leader_photo.pk}
    assert client.get(f"/api/v2/images/{draft_image.pk}/").status_code == 404
    assert client.get(f"/api/v2/images/{unused.pk}/").status_code == 404

    public_file, secret_file = document("Công khai"), document("Nội bộ")
    DirectiveAttachment.objects.create(page=directive, document=public_file)
    DirectiveAttachment.objects.create(page=corpus["secret"], document=secret_file)
    data = get(client, "/api/v2/documents/")
    assert ids(data) == {public_file.pk}
    assert "/documents/" in data["items"][0]["meta"]["download_url"]
    assert client.get(f"/api/v2/documents/{secret_file.pk}/").status_code == 404


@override_settings(PORTAL_RATE_LIMITS={"api": "3/m"})
def test_rate_limit_per_client(client, corpus):
    for _ in range(3):
        assert client.get(PAGES, REMOTE_ADDR="10.0.0.1").status_code == 200
    refused = client.get(PAGES, REMOTE_ADDR="10.0.0.1")
    assert "X-Page-Cache" not in refused  # API answers never come from the page cache
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert client.get("/api/v2/documents/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(PAGES, REMOTE_ADDR="10.0.0.2").status_code == 200


@override_settings(CORS_ALLOWED_ORIGINS=["https://tinhuy.example.vn"])
def test_cors_only_for_listed_origins_and_only_on_the_api(client, corpus):
    allowed = client.get(PAGES, HTTP_ORIGIN="https://tinhuy.example.vn")
    assert allowed["Access-Control-Allow-Origin"] == "https://tinhuy.example.vn"
    other = client.get(PAGES, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    page = client.get("/", HTTP_ORIGIN="https://tinhuy.example.vn")
    assert "Access-Control-Allow-Origin" not in page


def test_cors_is_off_by_default(client, corpus):
    response = client.get(PAGES, HTTP_ORIGIN="https://tinhuy.example.vn")
    assert "Access-Control-Allow-Origin" not in response


def test_api_is_read_only(client, corpus, article):
    assert client.post(PAGES, {"title": "x"}).status_code == 405
    assert client.delete(f"{PAGES}{article.pk}/").status_code == 405


def test_the_readme_examples_answer(client, corpus, province, article, directive, topic):
    """The curl examples of docs/feeds-and-api.md ("API" section), on this test site."""
    unit = province.pk
    examples = [
        f"?type=articles.ArticlePage&unit={unit}&fields=lead,date,main_image_thumbnail&order=-date&limit=10",
        f"?type=articles.DirectivePage&unit={unit}&status=in_force&date_from=2018-01-01"
        "&date_to=2018-12-31&fields=number_symbol,summary,issue_date,attachments",
        "?type=articles.DirectivePage&search=nghi+quyet+35&fields=number_symbol,summary",
        "?type=units.UnitPage&fields=short_name",
        f"?type=articles.ArticlePage&unit={unit}&limit=50&offset=50",
        f"?search=nghi+quyet&topic={topic.pk}",
        "?type=articles.ArticlePage&rich_text_format=html&fields=body",
    ]
    results = [get(client, PAGES + query) for query in examples]
    assert article.pk in ids(results[0]) and results[0]["items"][0]["date"]
    assert ids(results[1]) == {directive.pk} and "attachments" in results[1]["items"][0]
    assert directive.pk in ids(results[2])
    assert province.pk in ids(results[3])
    assert results[4]["items"] == [] and results[4]["meta"]["total_count"] >= 1
    assert ids(results[5]) == {directive.pk}
    assert results[6]["items"][0]["body"][0]["type"] == "paragraph"
    found = client.get("/api/v2/pages/find/", {"html_path": province.url})
    assert found.status_code == 302 and f"/api/v2/pages/{province.pk}/" in found["Location"]
    assert get(client, f"{PAGES}{directive.pk}/")["number_symbol"] == directive.number_symbol


def listing_queries(client, page_type):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        get(client, PAGES, type=page_type, fields="*", limit=50)
    return len(context.captured_queries)


def test_listing_queries_do_not_grow_with_the_page_of_results(client, corpus, district, topic):
    listing_queries(client, "articles.DirectivePage")  # warms the per-process caches
    few = listing_queries(client, "articles.DirectivePage")
    for number in range(200, 215):
        page = DirectivePageFactory(parent=district, number=number)
        page.topics.add(topic)
        page.save_revision().publish()
    listing_queries(client, "articles.DirectivePage")
    assert listing_queries(client, "articles.DirectivePage") == few


def test_article_tags_come_from_one_query_for_the_whole_page(client, corpus, district, topic):
    def tagged_article(number):
        page = ArticlePageFactory(parent=district, title=f"Bài có thẻ {number}")
        page.tags.add("Đại hội", f"thẻ {number}")
        page.topics.add(topic)
        page.save_revision().publish()

    tagged_article(0)
    listing_queries(client, "articles.ArticlePage")
    few = listing_queries(client, "articles.ArticlePage")
    for number in range(1, 15):
        tagged_article(number)
    listing_queries(client, "articles.ArticlePage")
    assert listing_queries(client, "articles.ArticlePage") == few
    items = get(client, PAGES, type="articles.ArticlePage", fields="tags", limit=50)["items"]
    tagged = [item for item in items if item["title"] == "Bài có thẻ 3"]
    assert tagged[0]["tags"] == sorted(["Đại hội", "thẻ 3"])
