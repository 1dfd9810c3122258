"""Every page type renders for a reader; listings are paginated safely; search never breaks."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .factories import ArticlePageFactory


@pytest.mark.django_db
def test_every_page_type_renders(
    client, home, province, district, section, topic, article, directive
):
    ArticlePageFactory(parent=section, title="Hội nghị Ban Thường vụ Tỉnh ủy tháng 11")
    for page in (home, province, district, section, topic, topic.get_parent(), article, directive):
        response = client.get(page.url)
        assert response.status_code == 200, page
        assert page.title in response.content.decode()


@pytest.mark.django_db
def test_unit_page_lists_news_of_its_sub_units(client, province, district, article, directive):
    content = client.get(province.url).content.decode()
    assert article.title in content
    assert "Huyện ủy Gò Dầu" in content  # the owning unit of the listed article
    assert "35-NQ/TW" in content


@pytest.mark.django_db
def test_topic_page_lists_articles_from_every_unit(client, topic, article):
    assert article.title in client.get(topic.url).content.decode()


@pytest.mark.django_db
def test_article_page_shows_the_vietnamese_date(client, article):
    article.date = article.date.replace(year=2026, month=11, day=26, hour=8)
    article.save()
    assert "Thứ Năm, 26/11/2026" in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_directive_page_shows_the_decree_42_metadata(client, directive):
    content = client.get(directive.url).content.decode()
    for label in (
        "Số, ký hiệu",
        "Loại văn bản",
        "Cơ quan ban hành",
        "Ngày ban hành",
        "Ngày hiệu lực",
        "Người ký",
        "Trích yếu",
        "Tình trạng",
    ):
        assert label in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", ["-1", "0", "abc", "99999999999999999999999", "1e3", "", "%00", "2&page=3", "１"]
)
def test_bad_page_numbers_give_a_normal_page(client, district, article, value):
    response = client.get(district.url, {"page": value, "doc_page": value})
    assert response.status_code == 200
    assert article.title in response.content.decode()


@pytest.mark.django_db
def test_missing_page_is_a_vietnamese_404(client, home):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_search_finds_an_article(client, article):
    response = client.get("/search/", {"q": "Đại hội"})
    assert response.status_code == 200
    assert article.title in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"',
        '" OR 1=1 --',
        "a & b | !c",
        "(((",
        "*",
        "^~",
        "NEAR(a b)",
        "\\",
        "'; DROP TABLE x;--",
        "\x00",
        "x" * 10000,
        "🙂 Đảng 党",
        "35-NQ/TW",
        ":",
        "AND",
        "-",
    ],
)
def test_hostile_search_queries_give_a_normal_page(client, article, query):
    response = client.get("/search/", {"q": query, "page": "-1"})
    assert response.status_code == 200


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300), page=st.text(max_size=20))
def test_search_never_fails_on_generated_input(client, home, query, page):
    response = client.get("/search/", {"q": query, "page": page})
    assert response.status_code == 200
