"""The anonymous page cache: readers get cached pages; every change makes them fresh at once;
editors and previews never touch the cache."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from navigation.models import PortalSettings

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_second_anonymous_request_is_served_from_the_cache(client, home, article):
    assert get(client, article.url)["X-Page-Cache"] == "miss"
    response = get(client, article.url)
    assert response["X-Page-Cache"] == "hit"
    assert article.title in response.content.decode()


def test_publishing_a_new_article_refreshes_home_unit_and_topic(client, home, district, article):
    for url in (home.url, district.url):
        get(client, url)
    fresh = ArticlePageFactory.build(title="Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 20")
    district.add_child(instance=fresh)
    fresh.save_revision().publish()
    for url in (home.url, district.url):
        response = get(client, url)
        assert response["X-Page-Cache"] == "miss"
        assert fresh.title in response.content.decode()


def test_editing_and_republishing_changes_the_cached_article(client, article):
    get(client, article.url)
    article.title = "Tiêu đề đã sửa sau khi đăng"
    article.save_revision().publish()
    assert "Tiêu đề đã sửa sau khi đăng" in get(client, article.url).content.decode()


def test_unpublishing_removes_the_page_and_its_listings(client, home, district, article):
    get(client, home.url)
    get(client, article.url)
    article.unpublish()
    assert client.get(article.url).status_code == 404
    assert article.title not in get(client, district.url).content.decode()


def test_deleting_a_page_removes_it_from_cached_listings(client, district, article):
    assert article.title in get(client, district.url).content.decode()
    article.delete()
    assert article.title not in get(client, district.url).content.decode()


def test_moving_a_page_updates_both_units(client, province, district, article):
    get(client, district.url)
    get(client, province.url)
    article.move(province, pos="last-child")
    assert article.title not in get(client, district.url).content.decode()
    moved = article.specific_class.objects.get(pk=article.pk)
    assert client.get(moved.url).status_code == 200


def test_saving_a_draft_does_not_empty_the_cache(client, article):
    get(client, article.url)
    article.title = "Bản nháp chưa đăng"
    article.save_revision()
    response = get(client, article.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Bản nháp chưa đăng" not in response.content.decode()


def test_menu_and_footer_settings_refresh_every_page(client, home, article):
    get(client, article.url)
    settings = PortalSettings.for_site(home.get_site())
    settings.address = "Số 99 đường Cách Mạng Tháng Tám"
    settings.save()
    assert "Số 99 đường Cách Mạng Tháng Tám" in get(client, article.url).content.decode()


def test_logged_in_editors_are_never_served_or_stored(admin_client, article):
    reader = Client()
    assert admin_client.get(article.url).get("X-Page-Cache") is None
    assert admin_client.get(article.url).get("X-Page-Cache") is None
    assert get(reader, article.url)["X-Page-Cache"] == "miss"  # the editor stored nothing
    assert get(reader, article.url)["X-Page-Cache"] == "hit"
    assert admin_client.get(article.url).get("X-Page-Cache") is None


def test_previews_are_not_cached(admin_client, article):
    url = f"/admin/pages/{article.pk}/edit/preview/"
    assert admin_client.get(url).get("X-Page-Cache") is None


def test_a_password_protected_page_is_not_cached(client, article):
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat-123"
    )
    first = client.get(article.url)
    assert article.lead not in first.content.decode()
    assert first.get("X-Page-Cache") != "hit"
    other = Client()
    assert other.get(article.url).get("X-Page-Cache") != "hit"


def test_query_strings_are_cached_separately(client, district, article):
    get(client, district.url)
    response = get(client, district.url + "?page=2")
    assert response["X-Page-Cache"] == "miss"
