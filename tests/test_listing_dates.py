"""The listing date, one rule (articles.models.listing_dates): an article by its date
(ngày đăng, which an editor may set in the past), a document by its issue date, any other
page by its first publication. The API and the search page give the same pages for the
same date range, on SQLite and PostgreSQL."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticlePage, DirectivePage, listing_dates, newest_first

from .factories import ArticlePageFactory, DirectivePageFactory, UnitPageFactory

pytestmark = pytest.mark.django_db
VN = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def dated(province):
    """Pages published today whose listing dates lie in the past, and a unit."""
    return {
        # Dated 1 May 2019 in Vietnam: still 30 April in UTC.
        "may_2019": ArticlePageFactory(
            parent=province,
            title="Đại hội chi bộ tháng năm",
            date=datetime.datetime(2019, 5, 1, 6, tzinfo=VN),
        ),
        "june_2020": ArticlePageFactory(
            parent=province,
            title="Đại hội đảng viên tháng sáu",
            date=datetime.datetime(2020, 6, 15, 9, tzinfo=VN),
        ),
        "document_2018": DirectivePageFactory(
            parent=province,
            number=12,
            title="Nghị quyết về đại hội các cấp",
            issue_date=datetime.date(2018, 10, 22),
        ),
        "unit_today": published(UnitPageFactory(parent=province, title="Ban tổ chức đại hội")),
    }


def published(page):
    page.save_revision().publish()  # first_published_at: now
    return page.specific_class.objects.get(pk=page.pk)


def api_ids(client, **params):
    response = client.get("/api/v2/pages/", {"search": "dai hoi", "limit": 50, **params})
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def search_ids(client, **params):
    response = client.get(reverse("search"), {"q": "đại hội", "format": "json", **params})
    assert response.status_code == 200
    urls = {result["url"] for result in json.loads(response.content)["results"]}
    pages = [*ArticlePage.objects.all(), *DirectivePage.objects.all()]
    from units.models import UnitPage

    pages += list(UnitPage.objects.all())
    return {page.pk for page in pages if page.url in urls}


TODAY = timezone.localdate()
RANGES = [  # (from, to, the pages the range holds)
    ("2019-05-01", "2019-05-01", {"may_2019"}),
    ("2019-04-30", "2019-04-30", set()),
    ("2018-01-01", "2019-12-31", {"may_2019", "document_2018"}),
    ("2020-06-15", None, {"june_2020", "unit_today"}),
    (None, "2018-10-22", {"document_2018"}),
    (TODAY.isoformat(), TODAY.isoformat(), {"unit_today"}),
]
TYPES = [  # the API's type, the search page's loai
    ("articles.ArticlePage", "tin-bai", ArticlePage),
    ("articles.DirectivePage", "van-ban", DirectivePage),
    (None, None, None),
]


@pytest.mark.parametrize(("start", "end", "expected"), RANGES)
@pytest.mark.parametrize(("api_type", "search_kind", "model"), TYPES)
def test_the_api_and_search_give_the_same_pages_for_a_date_range(
    client, dated, start, end, expected, api_type, search_kind, model
):
    wanted = {
        dated[name].pk
        for name in expected
        if model is None or isinstance(dated[name].specific, model)
    }
    api = {"date_from": start, "date_to": end, "type": api_type}
    search = {"tu_ngay": start, "den_ngay": end, "loai": search_kind}
    api_found = api_ids(client, **{k: v for k, v in api.items() if v})
    search_found = search_ids(client, **{k: v for k, v in search.items() if v})
    assert api_found == search_found == wanted


def test_the_listing_date_is_what_pages_show_and_sort_by(dated):
    article, document = dated["may_2019"], dated["document_2018"]
    assert article.listing_date == datetime.date(2019, 5, 1)
    assert document.listing_date == datetime.date(2018, 10, 22)
    ordered = list(newest_first(ArticlePage.objects.all()))
    assert ordered == [dated["june_2020"], article]
    from_may = listing_dates(ArticlePage.objects.all(), datetime.date(2019, 5, 1))
    assert set(from_may) == {dated["june_2020"], article}
