"""Reader pages: feeds, register filters, home blocks, article extras, SEO files, counters."""

import datetime

import feedparser
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage, DirectivePage, DocumentField
from home.models import HomeListings
from register.models import DocumentRegisterPage
from units.models import IntroductionPage, UnitPage
from visits import counters
from visits.models import DailyVisits, PageViews

from .factories import ArticlePageFactory, DirectivePageFactory, IssuerFactory, UnitPageFactory
from .test_queries import add_articles


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


# --- feeds -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_site_feed_lists_the_latest_articles(client, article, kind):
    response, feed = parse(client, f"/feeds/{kind}/")
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert feed.feed.language == "vi"
    titles = [entry.title for entry in feed.entries]
    assert article.title in titles
    entry = feed.entries[titles.index(article.title)]
    assert entry.link.endswith(article.url)
    assert "khai mạc" in entry.summary


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_unit_feed_includes_sub_units_only(client, province, district, article, kind):
    other = UnitPageFactory(parent=province.get_parent(), title="Tỉnh ủy Long An")
    stranger = ArticlePageFactory(parent=other, title="Tin của đơn vị khác")
    _, feed = parse(client, f"/feeds/unit/{province.pk}/{kind}/")
    titles = [entry.title for entry in feed.entries]
    assert article.title in titles  # from the district under the province
    assert stranger.title not in titles
    assert province.title in feed.feed.title


@pytest.mark.django_db
def test_topic_and_document_feeds(client, topic, article, directive):
    _, feed = parse(client, f"/feeds/topic/{topic.pk}/rss/")
    assert [entry.title for entry in feed.entries] == [article.title]
    _, feed = parse(client, "/feeds/documents/atom/")
    assert feed.entries[0].title.startswith("35-NQ/TW")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/feeds/unit/999999/rss/", "/feeds/topic/0/atom/"])
def test_feed_of_a_missing_unit_is_404(client, home, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_unpublished_articles_stay_out_of_feeds(client, article):
    article.unpublish()
    _, feed = parse(client, "/feeds/rss/")
    assert article.title not in [entry.title for entry in feed.entries]


@pytest.mark.django_db
def test_pages_announce_their_feeds(client, province, topic):
    content = client.get(province.url).content.decode()
    assert (
        f'type="application/rss+xml" title="{province.title} (RSS)" href="/feeds/unit/{province.pk}/rss/"'
        in content
    )
    assert 'type="application/atom+xml"' in content
    assert f"/feeds/topic/{topic.pk}/rss/" in client.get(topic.url).content.decode()


# --- search engines and social networks ------------------------------------


@pytest.mark.django_db
def test_robots_sitemap_canonical_and_opengraph(client, article):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert article.url in sitemap
    content = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="{article.full_url}">' in content
    assert f'<meta property="og:url" content="{article.full_url}">' in content
    assert '<meta property="og:type" content="article">' in content
    assert f'<meta property="og:title" content="{article.title}">' in content
    assert '<meta name="twitter:card"' in content


# --- home -------------------------------------------------------------------


@pytest.mark.django_db
def test_home_featured_falls_back_to_the_latest(client, home, province):
    add_articles(province, 3)
    content = client.get(home.url).content.decode()
    assert "Tin nổi bật" in content
    assert "Tin hoạt động số 0" in content  # the latest, as no story is marked featured
    ArticlePageFactory(parent=province, title="Tin được biên tập viên chọn", featured=True)
    from django.core.cache import cache

    cache.clear()
    content = client.get(home.url).content.decode()
    featured = content.split("Tin nổi bật")[1].split("</section>")[0]
    assert "Tin được biên tập viên chọn" in featured


@pytest.mark.django_db
def test_home_unit_family_block_lists_news_of_units_of_a_kind(client, home, province, district):
    add_articles(district, 2)
    province_news = ArticlePageFactory(parent=province, title="Tin riêng của Tỉnh ủy")
    home.body = [
        (
            "unit_news",
            {
                "heading": "Tin các huyện",
                "count": 5,
                "units": [],
                "kinds": [district.kind],
                "own_news_only": False,
            },
        ),
        (
            "unit_news",
            {
                "heading": "Hoạt động của Tỉnh ủy",
                "count": 5,
                "units": [province],
                "kinds": [],
                "own_news_only": True,
            },
        ),
    ]
    home.save_revision().publish()
    content = client.get(home.url).content.decode()
    districts_block = content.split("Tin các huyện")[1].split("</section>")[0]
    assert "Tin hoạt động số 0" in districts_block
    assert province_news.title not in districts_block
    own_block = content.split("Hoạt động của Tỉnh ủy")[1].split("</section>")[0]
    assert province_news.title in own_block
    assert "Tin hoạt động số 0" not in own_block


@pytest.mark.django_db
def test_home_blocks_each_list_their_own_newest_articles(rf, home, province, district):
    """All article blocks come from one query; each must still get exactly what its own
    query would give: overlapping families, own-news-only, featured, restricted units."""
    commune = UnitPageFactory(parent=district, title="Đảng ủy xã Phước Thạnh")
    hidden = UnitPageFactory(parent=district, title="Đảng ủy xã Hạn Chế")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    add_articles(province, 6)
    add_articles(district, 6, start=6)
    add_articles(commune, 6, start=12)
    add_articles(hidden, 6, start=18)
    ArticlePage.objects.filter(slug__in=["tin-hoat-dong-3", "tin-hoat-dong-8"]).update(
        featured=True
    )
    ArticlePage.objects.filter(slug="tin-hoat-dong-19").update(featured=True)  # restricted

    def family(heading, count=3, units=(), kinds=(), own=False):
        value = {"units": list(units), "kinds": list(kinds), "own_news_only": own}
        return ("unit_news", {"heading": heading, "count": count, **value})

    home.body = [
        ("featured", {"heading": "Tin nổi bật", "count": 3}),
        ("latest", {"heading": "Tin mới nhất", "count": 4}),
        family("Tỉnh ủy", units=[province], own=True),
        family("Các huyện", kinds=[district.kind]),
        family("Huyện, chỉ tin riêng", units=[district], own=True),
        family("Xã", count=10, units=[commune]),
        family("Xã, cả xã bị hạn chế", units=[commune, hidden]),
        ("latest", {"heading": "Tin mới nhất (ít hơn)", "count": 2}),
    ]
    home.save_revision().publish()
    home.refresh_from_db()
    request = rf.get("/")
    request.user = AnonymousUser()
    listed = {
        block.value["heading"]: [article.pk for article in items]
        for block, items in HomeListings(home, request).build(home.body)
    }

    readable = ArticlePage.objects.live().exclude(path__startswith=hidden.path)

    def newest(queryset, count):
        return list(queryset.order_by("-date", "-pk").values_list("pk", flat=True)[:count])

    featured = newest(readable.filter(featured=True), 3)
    latest = newest(readable, 3 + 4)
    featured += [pk for pk in latest if pk not in featured][: 3 - len(featured)]
    latest = [pk for pk in latest if pk not in featured]
    under = ArticlePage.objects.descendant_of
    assert listed == {
        "Tin nổi bật": featured,
        "Tin mới nhất": latest[:4],
        "Tỉnh ủy": newest(
            readable.descendant_of(province).exclude(path__startswith=district.path), 3
        ),
        "Các huyện": newest(readable.filter(path__startswith=district.path), 3),
        "Huyện, chỉ tin riêng": newest(
            readable.filter(path__startswith=district.path).exclude(path__startswith=commune.path),
            3,
        ),
        "Xã": newest(readable.filter(pk__in=under(commune)), 10),
        "Xã, cả xã bị hạn chế": newest(readable.filter(pk__in=under(commune)), 3),
        "Tin mới nhất (ít hơn)": latest[:2],
    }
    assert len(listed["Xã"]) == 6
    assert all(listed.values())


@pytest.mark.django_db
def test_home_party_news_block_has_an_empty_state(client, home):
    assert "dangcongsan.vn" in client.get(home.url).content.decode()


# --- article extras -------------------------------------------------------------


@pytest.mark.django_db
def test_article_has_breadcrumb_tools_and_related_articles(
    client, province, district, topic, article
):
    same_topic = ArticlePageFactory(parent=province, title="Bài cùng chuyên đề")
    same_topic.topics.add(topic)
    same_topic.save()
    same_unit = ArticlePageFactory(parent=district, title="Bài cùng đơn vị")
    content = client.get(article.url).content.decode()
    assert 'aria-label="Đường dẫn"' in content and "Huyện ủy Gò Dầu" in content
    related = content.split("Tin liên quan")[1]
    assert same_topic.title in related and same_unit.title in related
    assert "facebook.com/sharer" in content and "In bài viết" in content
    assert 'data-font-size="large"' in content
    assert 'media="print"' in content


@pytest.mark.django_db
def test_article_images_are_responsive_webp_with_fallback(client, district):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(
        title="Ảnh hội nghị", file=get_test_image_file(size=(1400, 900))
    )
    article = ArticlePageFactory(parent=district, main_image=image)
    content = client.get(article.url).content.decode()
    picture = content.split('<figure class="article__image">')[1].split("</figure>")[0]
    assert 'type="image/webp"' in picture and ".webp 800w" in picture
    assert ".png 1200w" in picture  # the fallback keeps the original format
    assert 'width="1200"' in picture and 'height="771"' in picture
    listing = client.get(district.url).content.decode()
    assert 'loading="lazy"' in listing and 'type="image/webp"' in listing


# --- document register ----------------------------------------------------------


@pytest.fixture
def register(home):
    page = DocumentRegisterPage(title="Tra cứu văn bản", slug="tra-cuu-van-ban")
    home.add_child(instance=page)
    return page


@pytest.mark.django_db
def test_register_filters_by_type_issuer_year_status_and_field(client, register, province):
    field = DocumentField.objects.create(name="Xây dựng Đảng")
    old = DirectivePageFactory(
        parent=province,
        number=5,
        title="Chỉ thị cũ",
        issue_date=datetime.date(2016, 5, 15),
        status=DirectivePage.Status.EXPIRED,
    )
    new = DirectivePageFactory(
        parent=province,
        number=18,
        title="Nghị quyết mới",
        issue_date=datetime.date(2017, 10, 25),
        field=field,
    )
    local = DirectivePageFactory(
        parent=province,
        number=138,
        title="Kế hoạch của Tỉnh ủy",
        issuer=IssuerFactory(code="TU", name="Tỉnh ủy Tây Ninh"),
    )

    def listed(**params):
        content = client.get(register.url, params).content.decode()
        return {doc.title for doc in (old, new, local) if doc.number_symbol in content}

    assert listed() == {"Chỉ thị cũ", "Nghị quyết mới", "Kế hoạch của Tỉnh ủy"}
    assert listed(year=2016) == {"Chỉ thị cũ"}
    assert listed(status="expired") == {"Chỉ thị cũ"}
    assert listed(field=field.pk) == {"Nghị quyết mới"}
    assert listed(issuer=local.issuer_id) == {"Kế hoạch của Tỉnh ủy"}
    assert listed(document_type=new.document_type_id, year=2017) == {"Nghị quyết mới"}
    assert listed(number_symbol="18-NQ") == {"Nghị quyết mới"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "99999"},
        {"year": "-1"},
        {"status": "<script>"},
        {"issuer": "x"},
        {"field": "999999"},
        {"document_type": "1 OR 1=1"},
        {"page": "-5"},
        {"year": "２０１８"},
    ],
)
def test_register_bad_filters_give_a_message_not_an_error(client, register, directive, params):
    response = client.get(register.url, params)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Điều kiện lọc chưa hợp lệ" in content or "văn bản" in content


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(
            ["year", "status", "issuer", "field", "document_type", "number_symbol", "page"]
        ),
        st.text(max_size=30),
    )
)
def test_register_never_fails_on_any_input(client, register, params):
    params = {key: value.replace("\x00", "") for key, value in params.items()}
    assert client.get(register.url, params).status_code == 200


@pytest.mark.django_db
def test_introduction_page_shows_structure_leaders_and_contacts(client, home, province, district):
    province.address = "Số 1 Trần Hưng Đạo"
    province.leaders.create(name="Nguyễn Văn A", position="Bí thư Tỉnh ủy")
    province.save_revision().publish()
    page = IntroductionPage(title="Giới thiệu", slug="gioi-thieu", unit=province)
    home.add_child(instance=page)
    content = client.get(page.url).content.decode()
    for text in ("Cơ cấu tổ chức", district.title, "Nguyễn Văn A", "Số 1 Trần Hưng Đạo"):
        assert text in content


# --- counters ------------------------------------------------------------------


@pytest.mark.django_db
def test_counter_counts_without_a_write_per_view(client, article):
    with CaptureQueriesContext(connection) as context:
        for _ in range(5):
            response = client.post("/counter/", {"page": article.pk})
    writes = [q for q in context.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE")]
    assert writes == []
    assert response.json()["views"] == 5
    assert response.json()["today"] == 1  # one reader, one visit a day
    assert response.json()["online"] == 1
    assert not PageViews.objects.exists()
    counters.flush()
    assert PageViews.objects.get(page_id=article.pk).views == 5
    assert DailyVisits.objects.get().visits == 1
    assert client.post("/counter/", {"page": article.pk}).json()["views"] == 6


@pytest.mark.django_db
def test_counter_flushes_in_batches(client, article):
    for _ in range(counters.FLUSH_HITS + 1):
        client.post("/counter/", {"page": article.pk})
    assert PageViews.objects.get(page_id=article.pk).views >= counters.FLUSH_HITS - 1


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "٣", "9" * 30, "<b>"])
def test_counter_refuses_bad_page_ids(client, home, value):
    response = client.post("/counter/", {"page": value})
    assert response.status_code == 400
    assert "không hợp lệ" in response.json()["error"]
    assert client.get("/counter/").status_code == 405


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_site_and_unit_feeds_cover_documents(client, province, district, article, directive, kind):
    other = DirectivePageFactory(parent=district, number=12, title="Kế hoạch của huyện")
    _, site = parse(client, f"/feeds/{kind}/")
    titles = [entry.title for entry in site.entries]
    assert article.title in titles
    assert f"{directive.number_symbol} – {directive.title}" in titles
    entry = site.entries[titles.index(f"{directive.number_symbol} – {directive.title}")]
    assert entry.link.endswith(directive.url)
    assert directive.summary in entry.summary
    assert "Văn bản" in [tag.term for tag in entry.tags]
    _, unit = parse(client, f"/feeds/unit/{district.pk}/{kind}/")
    titles = [entry.title for entry in unit.entries]
    assert f"{other.number_symbol} – {other.title}" in titles and article.title in titles
    assert f"{directive.number_symbol} – {directive.title}" not in titles  # the province's


@pytest.mark.django_db
def test_cards_escape_what_editors_typed(client, home, province):
    """Cards are built in Python (home.cards.article_card): every value an
    editor typed is escaped as a template would escape it."""
    UnitPage.objects.filter(pk=province.pk).update(short_name='Tỉnh ủy <b>"TN"</b>')
    ArticlePageFactory(
        parent=province,
        title='Tin <img src=x onerror=alert(1)> & "trích dẫn"',
        lead="Mở đầu <script>alert(2)</script>",
        featured=True,
    )
    page = client.get(home.url).content.decode()
    assert "<img src=x" not in page and "<script>alert(2)" not in page and "<b>" not in page
    assert "Tin &lt;img src=x onerror=alert(1)&gt; &amp; &quot;trích dẫn&quot;" in page
    assert "Mở đầu &lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "Tỉnh ủy &lt;b&gt;&quot;TN&quot;&lt;/b&gt;" in page
