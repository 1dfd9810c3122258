"""A unit whose validity has ended is an archive: readable, but closed to new content."""

import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from articles.models import ArticlePage

from .factories import ArticlePageFactory, UnitPageFactory


@pytest.fixture
def successor(province):
    return UnitPageFactory(parent=province, title="Đảng bộ tỉnh Tây Ninh (mới)")


@pytest.fixture
def archived(province, successor):
    unit = UnitPageFactory(
        parent=province,
        title="Huyện ủy Bến Cầu",
        valid_from=datetime.date(1979, 1, 1),
        valid_until=datetime.date(2025, 6, 30),
        successor=successor,
    )
    ArticlePageFactory(parent=unit, title="Tin lưu trữ của Huyện ủy Bến Cầu")
    return unit


@pytest.mark.django_db
def test_archive_refuses_new_children_through_the_admin(admin_client, archived):
    # The "add child" screen offers no page type…
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=(archived.pk,)))
    assert b"articlepage" not in response.content.lower()
    # …and a forged create request is refused with nothing saved.
    url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", archived.pk))
    assert admin_client.get(url).status_code in (302, 403)
    response = admin_client.post(
        url,
        nested_form_data(
            {
                "title": "Tin mới",
                "slug": "tin-moi",
                "lead": "x",
                "body": streamfield([("paragraph", rich_text("<p>x</p>"))]),
                "date": "2026-11-26 08:00",
                "topics": [],
            }
        ),
    )
    assert response.status_code in (302, 403)
    assert not ArticlePage.objects.filter(slug="tin-moi").exists()


@pytest.mark.django_db
def test_pages_cannot_be_moved_into_an_archive(archived, district):
    article = ArticlePageFactory(parent=district)
    assert not article.can_move_to(archived)
    assert article.can_move_to(district)


@pytest.mark.django_db
def test_archive_pages_stay_readable_and_point_to_the_successor(client, archived, successor):
    article = ArticlePage.objects.child_of(archived).get()
    for page in (archived, article):
        response = client.get(page.url)
        assert response.status_code == 200
        content = response.content.decode()
        assert "đã kết thúc hoạt động từ ngày 30/06/2025" in content
        assert f'href="{successor.url}"' in content


@pytest.mark.django_db
def test_a_unit_still_in_office_is_not_an_archive(district):
    district.valid_until = datetime.date.today() + datetime.timedelta(days=1)
    assert not district.is_archived
    assert ArticlePage.can_create_at(district)
