"""The demo tells a true story (issue 18): the rules its content keeps, checked by code.

The demo is seeded once for the module (inside a transaction rolled back at the end) on the
structure in force since 1/7/2025 (units/orgcharts/tay-ninh-2025.yaml). docs/demo.md
describes the story; demo/story.py is its calendar.
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page

from articles.models import ArticlePage, DirectivePage, TopicPage
from feedback.models import FeedbackItem
from galleries.models import AlbumPhoto, PhotoAlbumPage, VideoPage
from home.models import HomePage
from schedules.models import WeeklySchedulePage
from units.models import UnitPage, attach_owning_units

ARTICLES, DOCUMENTS = 80, 20
PASSWORD = "mat-khau-demo-12"

# What each anniversary remembers and the year it happened (public history, not demo data).
EVENTS = {
    "Ngày thành lập Đảng Cộng sản Việt Nam": 1930,
    "Cách mạng Tháng Tám thành công": 1945,
    "Ngày sinh Chủ tịch Hồ Chí Minh": 1890,
    "Ngày giải phóng miền Nam, thống nhất đất nước": 1975,
}
ANNIVERSARY = re.compile(
    r"(\d+) năm ([^()]+?) \((\d{1,2})/(\d{1,2})/(\d{4}) – (\d{1,2})/(\d{1,2})/(\d{4})\)"
)
CONGRESS = re.compile(r"Đại hội đại biểu (Đảng bộ .+?) lần thứ ([IVXL]+), nhiệm kỳ (\d{4})–(\d{4})")
CONFERENCE = re.compile(r"Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ (\d+) \(khóa ([IVXL]+)\)")
PLACEHOLDER_CAPTION = re.compile(r"minh họa \d+|^ảnh \d+$|^image \d+$", re.IGNORECASE)
PLACEHOLDER_TAG = re.compile(r"^(chuyên đề|hoạt động|tin tức|thẻ)\b|\b(19|20)\d\d$", re.IGNORECASE)


@pytest.fixture(scope="module")
def demo_corpus(django_db_setup, django_db_blocker):
    # Named like test_search_relevance's corpus: the search index is kept for the module.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEMO_PASSWORD", PASSWORD)
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("seed_demo", articles=ARTICLES, documents=DOCUMENTS, stdout=io.StringIO())
            yield
            transaction.set_rollback(True)


def local_day(value):
    return timezone.localtime(value).date()


def articles():
    return attach_owning_units(list(ArticlePage.objects.order_by("date", "pk")))


def dated_pages():
    """(page, the day it is dated) for every dated page of the demo."""
    pages = [(page, local_day(page.date)) for page in ArticlePage.objects.all()]
    pages += [(page, page.date) for page in PhotoAlbumPage.objects.all()]
    pages += [(page, page.date) for page in VideoPage.objects.all()]
    pages += [(page, page.week_start) for page in WeeklySchedulePage.objects.all()]
    pages += [(page, page.issue_date) for page in DirectivePage.objects.all()]
    return pages


@pytest.mark.django_db
def test_the_structure_in_force_is_the_2025_one(demo_corpus, client):
    units = {unit.org_key: unit for unit in UnitPage.objects.select_related("kind", "successor")}
    in_office = [unit for unit in units.values() if not unit.is_archived]
    archived = [unit for unit in units.values() if unit.is_archived]
    # No district level in office; the 2020 committees are archives with a successor.
    assert {unit.kind.name for unit in in_office}.isdisjoint({"Huyện ủy", "Thị ủy", "Thành ủy"})
    assert "Đảng ủy xã Tân Biên" in {unit.title for unit in in_office}
    assert {"Huyện ủy Gò Dầu", "Thành ủy Tây Ninh", "Ban Tuyên giáo Tỉnh ủy"} <= {
        unit.title for unit in archived
    }
    assert all(unit.successor and not unit.successor.is_archived for unit in archived)
    assert all(unit.valid_until == datetime.date(2025, 6, 30) for unit in archived)
    # The home page's local news block is the communes' and wards'.
    home = HomePage.objects.get()
    headings = [block.value["heading"] for block in home.body if block.block_type == "unit_news"]
    assert "Tin xã, phường" in headings
    assert "Tin huyện, thị, thành ủy" not in headings
    assert client.get(home.url).status_code == 200
    # History before the change: archived committees have news, all dated before it.
    archive_news = [a for a in articles() if a.owning_unit.is_archived]
    assert archive_news
    assert client.get(archive_news[0].url).status_code == 200


@pytest.mark.django_db
def test_no_unit_publishes_outside_its_lifetime(demo_corpus):
    pages = dated_pages()
    units = {page.pk: page.owning_unit for page in attach_owning_units([p for p, _ in pages])}
    checked = 0
    for page, day in pages:
        unit = units[page.pk]
        if unit.valid_until:
            assert day <= unit.valid_until, (page.title, day, unit.title)
            checked += 1
        if unit.valid_from:
            assert day >= unit.valid_from, (page.title, day, unit.title)
    assert checked  # archived units were really checked
    # Feedback is sent to units in office.
    assert not [item for item in FeedbackItem.objects.all() if item.unit and item.unit.is_archived]


@pytest.mark.django_db
def test_anniversaries_are_computed_from_their_year(demo_corpus):
    dated = [(a.title, local_day(a.date).year) for a in ArticlePage.objects.all()]
    dated += [(d.title, d.issue_date.year) for d in DirectivePage.objects.all()]
    dated += [(p.title, p.date.year) for p in PhotoAlbumPage.objects.all()]
    undated = [(t.title, None) for t in TopicPage.objects.all()]
    found = 0
    for title, year in dated + undated:
        for match in ANNIVERSARY.finditer(title):
            count, event, day, month, since, day2, month2, until = match.groups()
            assert event in EVENTS and int(since) == EVENTS[event], title
            assert (day, month) == (day2, month2), title
            assert int(count) == int(until) - int(since), title
            if year is not None:
                assert int(until) == year, title
            found += 1
    assert found >= 3
    topics = set(TopicPage.objects.values_list("title", flat=True))
    assert (
        "Kỷ niệm 80 năm Cách mạng Tháng Tám thành công (19/8/1945 – 19/8/2025) "
        "và Quốc khánh 2/9" in topics
    )
    album = PhotoAlbumPage.objects.get(title__startswith="Lễ kỷ niệm")
    assert "96 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2026)" in album.title
    # "… sau 6 tháng vận hành chính quyền địa phương hai cấp": counted from 1/7/2025.
    for article in ArticlePage.objects.filter(title__contains="tháng vận hành"):
        day = local_day(article.date)
        months = int(re.search(r"(\d+) tháng vận hành", article.title).group(1))
        assert months == (day.year - 2025) * 12 + day.month - 7, article.title


@pytest.mark.django_db
def test_congresses_belong_to_a_party_organisation(demo_corpus):
    titles = list(Page.objects.values_list("title", flat=True))
    assert not [t for t in titles if re.search(r"Đại hội (đại biểu )?(Tỉnh|Huyện|Thị|Thành) ủy", t)]
    assert not [t for t in titles if "Đại hội đại biểu Đảng ủy" in t]
    congresses = 0
    for article in ArticlePage.objects.all():
        for match in CONGRESS.finditer(article.title):
            _organisation, _number, first, last = match.groups()
            assert int(last) - int(first) == 5, article.title
            if not article.title.startswith("Thường trực"):  # visits come before
                assert local_day(article.date).year == int(first), article.title
            congresses += 1
    assert congresses
    topics = dict(TopicPage.objects.values_list("title", "is_current"))
    assert topics["Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025–2030"] is True
    assert topics["Đại hội XIV của Đảng"] is True
    assert not [t for t, current in topics.items() if current and "2020" in t]
    # The Đại hội XIV drafts were discussed in 2025 (the congress met in January 2026).
    drafts = ArticlePage.objects.filter(title__contains="dự thảo các văn kiện trình Đại hội XIV")
    assert all(local_day(a.date).year == 2025 for a in drafts)


@pytest.mark.django_db
def test_executive_committee_conferences_are_the_provinces_news_numbered_in_order(demo_corpus):
    by_term = {}
    province = UnitPage.objects.get(org_key="tinh-uy")
    for article in articles():
        match = CONFERENCE.search(article.title)
        if match:
            assert article.owning_unit.pk == province.pk, article.title
            by_term.setdefault(match.group(2), []).append(
                (local_day(article.date), int(match.group(1)))
            )
    for page in PhotoAlbumPage.objects.all():
        match = CONFERENCE.search(page.title)
        if match:
            by_term.setdefault(match.group(2), []).append((page.date, int(match.group(1))))
    assert by_term
    for term, held in by_term.items():
        held.sort()
        for (day, number), (next_day, next_number) in zip(held, held[1:], strict=False):
            # Later conferences have higher numbers; one number is one day.
            assert next_number > number or (next_number == number and next_day == day), term


@pytest.mark.django_db
def test_no_placeholder_captions_or_tags(demo_corpus):
    captions = list(get_image_model().objects.values_list("title", flat=True))
    captions += list(AlbumPhoto.objects.values_list("caption", flat=True))
    for article in ArticlePage.objects.all():
        captions += [b.value["caption"] for b in article.body if b.block_type == "image"]
    assert captions
    assert not [c for c in captions if PLACEHOLDER_CAPTION.search(c)]
    tags = list(Tag.objects.values_list("name", flat=True))
    assert tags
    assert not [t for t in tags if PLACEHOLDER_TAG.search(t)]


@pytest.mark.django_db
def test_articles_show_their_publication_time(demo_corpus, client):
    times = {timezone.localtime(a.date).time() for a in ArticlePage.objects.all()}
    assert len(times) > ARTICLES // 2 and datetime.time(0, 0) not in times
    article = ArticlePage.objects.order_by("-date").first()
    shown = timezone.localtime(article.date).strftime("%d/%m/%Y %H:%M")
    assert shown in client.get(article.url).content.decode()
    # The listing cards give the time too.
    assert shown in client.get(article.get_parent().url).content.decode()


@pytest.mark.django_db
def test_seeding_again_changes_nothing(demo_corpus):
    def counts():
        return (
            Page.objects.count(),
            get_image_model().objects.count(),
            Tag.objects.count(),
            list(ArticlePage.objects.order_by("pk").values_list("title", "date")),
        )

    before = counts()
    call_command("seed_demo", articles=ARTICLES, documents=DOCUMENTS, stdout=io.StringIO())
    assert counts() == before


@pytest.mark.django_db
def test_unit_people_log_in_with_the_demo_password(demo_corpus, client):
    # One hash for them all (seeding speed): each still logs in, in office or archived unit.
    for username in ("editor-dang-uy-xa-tan-bien", "approver-huyen-uy-go-dau"):
        assert client.login(username=username, password=PASSWORD), username
        assert not client.login(username=username, password="sai-mat-khau")
