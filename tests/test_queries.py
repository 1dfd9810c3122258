"""Listings run a fixed number of SQL queries whatever their length (bulk path builds the data)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import ArticlePage
from portal.bulk import bulk_add_children

from .factories import DirectivePageFactory, UnitPageFactory


def add_articles(parent, count, start=0):
    now = timezone.now()
    pages = [
        ArticlePage(
            title=f"Tin hoạt động số {start + i}",
            slug=f"tin-hoat-dong-{start + i}",
            lead="Sapo.",
            body=[{"type": "paragraph", "value": "<p>Nội dung.</p>"}],
            date=now - datetime.timedelta(hours=start + i),
        )
        for i in range(count)
    ]
    bulk_add_children(parent, pages)


def queries_for(client, url):
    client.get(url)  # first render ever creates the settings row and renditions
    cache.clear()  # measure a render, not the anonymous page cache
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_unit_page_queries_do_not_grow_with_its_articles(client, province):
    district = UnitPageFactory(parent=province, title="Huyện ủy Tân Biên")
    commune = UnitPageFactory(parent=district, title="Đảng ủy xã Tân Lập")
    add_articles(district, 5)
    add_articles(commune, 5, start=5)
    DirectivePageFactory(parent=district)
    small = queries_for(client, district.url)
    add_articles(commune, 190, start=10)
    for number in range(100, 128):
        DirectivePageFactory(parent=district, number=number)
    assert ArticlePage.objects.descendant_of(district).count() == 200
    large = queries_for(client, district.url)
    assert small == large
    assert large <= 20


@pytest.mark.django_db
def test_home_page_queries_do_not_grow(client, home, province):
    add_articles(province, 10)
    small = queries_for(client, home.url)
    add_articles(province, 200, start=10)
    assert queries_for(client, home.url) == small


@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_its_unit_family_blocks(client, home, province):
    district = UnitPageFactory(parent=province, title="Huyện ủy Tân Biên")
    add_articles(province, 5)
    add_articles(district, 5, start=5)

    def family(heading, **value):
        base = {"count": 4, "units": [], "kinds": [], "own_news_only": False}
        return ("unit_news", {"heading": heading, **base, **value})

    body = [(block.block_type, block.value) for block in home.body]
    # One block choosing both units and kinds: the body reads each kind of chooser once.
    home.body = [*body, family("Tin Tỉnh ủy", units=[province], kinds=[district.kind])]
    home.save_revision().publish()
    one = queries_for(client, home.url)
    home.body = [
        *body,
        family("Tin Tỉnh ủy", units=[province], own_news_only=True),
        family("Tin các huyện", kinds=[district.kind]),
        family("Tin Huyện ủy Tân Biên", units=[district]),
        family("Tin mọi đơn vị", units=[province, district], count=8),
    ]
    home.save_revision().publish()
    assert queries_for(client, home.url) == one


@pytest.mark.django_db
def test_bulk_path_builds_a_valid_tree(province):
    add_articles(province, 50)
    from wagtail.models import Page

    assert all(not problems for problems in Page.find_problems())
    page = ArticlePage.objects.get(slug="tin-hoat-dong-7")
    assert page.get_parent().specific == province
    assert page.url.endswith("/tin-hoat-dong-7/")
    assert page.live
