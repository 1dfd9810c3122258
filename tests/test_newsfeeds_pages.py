"""Fetched items on the home page and unit pages; editors turn one into a draft article."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from articles.models import ArticlePage
from newsfeeds.fetching import fetch_all
from newsfeeds.models import ExternalFeed, FeedItem

from .factories import ExternalFeedFactory, UnitPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fetched(feed_server, home, province, django_capture_on_commit_callbacks):
    """The hostile feed on the home page, the Atom feed on the province's page, fetched."""
    home_feed = ExternalFeedFactory(name="Nguồn trang chủ", url=feed_server.url("/hostile.xml"))
    unit_feed = ExternalFeedFactory(
        name="Nguồn đơn vị",
        url=feed_server.url("/atom.xml"),
        placement=ExternalFeed.Placement.UNIT,
        unit=province,
    )
    with django_capture_on_commit_callbacks(execute=True):
        fetch_all()
    return home_feed, unit_feed


def test_home_shows_home_feed_items_escaped_with_source_and_link_out(client, fetched, feed_server):
    # The feed server is gone: the page must not need it (nothing is fetched at render).
    feed_server.stop()
    FeedItem.objects.filter(feed=fetched[0]).update(
        title="Tiêu đề <script>alert('x')</script> & <b>đậm</b>"
    )
    html = client.get("/", {"fresh": 1}).content.decode()
    assert (
        "Tiêu đề &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;"
        in html
    )
    assert "<script>alert" not in html
    assert 'href="https://example.vn/tin-doc-hai" rel="noopener external"' in html
    assert "Nguồn" in html
    assert "Quy định mới về công tác kiểm tra" not in html  # the unit feed's item
    assert "đang được cập nhật" not in html


def test_unit_page_shows_its_feed_items_only(client, fetched, province, district):
    html = client.get(province.url).content.decode()
    assert "Tin liên kết" in html
    assert "Quy định mới về công tác kiểm tra, giám sát" in html
    assert "Cổng thông tin Đảng Cộng sản Việt Nam" in html  # the source
    assert "Tin liên kết" not in client.get(district.url).content.decode()


def test_inactive_feed_items_disappear_from_cached_home(
    client, fetched, django_capture_on_commit_callbacks
):
    home_feed = fetched[0]
    assert "tin-doc-hai" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        home_feed.active = False
        home_feed.save()
    response = client.get("/")
    assert "tin-doc-hai" not in response.content.decode()
    assert "đang được cập nhật" in response.content.decode()


def test_home_block_is_empty_state_without_feeds(client, home):
    assert "đang được cập nhật" in client.get("/").content.decode()


# --- drafts --------------------------------------------------------------------------


@pytest.fixture
def editor(django_user_model, province):
    """An editor of the province's unit, with the groups units/ownership.py provisions."""
    user = django_user_model.objects.create_user("bientap", password="mat-khau-dai-12")
    user.groups.add(Group.objects.get(name=f"Biên tập viên – {province.title}"))
    return user


def draft_url(item):
    return reverse("newsfeeds_make_draft", args=[item.pk])


def test_editor_turns_an_item_into_a_draft_of_their_unit(client, fetched, editor, province):
    item = FeedItem.objects.get(guid="urn:dcs:org:2")
    client.force_login(editor)
    page = client.get(draft_url(item))
    assert page.status_code == 200
    assert province.title in page.content.decode()
    response = client.post(draft_url(item), {"unit": province.pk})
    article = ArticlePage.objects.get(title=item.title)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert not article.live and article.get_parent().pk == province.pk
    assert article.source == "Cổng thông tin Đảng Cộng sản Việt Nam"
    assert article.source_url == "https://dangcongsan.org.vn/hoc-tap-lam-theo.html"
    assert article.lead == item.summary
    body = str(article.body)
    assert "Tổng kết 10 năm thực hiện Chỉ thị 05-CT/TW." in body
    assert 'href="https://dangcongsan.org.vn/hoc-tap-lam-theo.html"' in body
    assert article.latest_revision.user == editor
    item.refresh_from_db()
    assert item.article_id == article.pk
    # A second draft of the same item gets its own slug, not an error.
    client.post(draft_url(item), {"unit": province.pk})
    assert ArticlePage.objects.filter(title=item.title).count() == 2


def test_editor_cannot_put_a_draft_in_another_unit(client, fetched, editor, home):
    other = UnitPageFactory(parent=home, title="Thị ủy Hòa Thành")
    item = FeedItem.objects.first()
    client.force_login(editor)
    response = client.post(draft_url(item), {"unit": other.pk})
    assert response.status_code == 200
    assert "Bạn không có quyền thêm bài vào đơn vị này." in response.content.decode()
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize("unit", ["", "abc", "-1", "99999999999999999999", "1 OR 1=1"])
def test_hostile_unit_values_change_nothing(client, fetched, editor, unit):
    client.force_login(editor)
    response = client.post(draft_url(FeedItem.objects.first()), {"unit": unit})
    assert response.status_code == 200
    assert not ArticlePage.objects.exists()


def test_user_without_any_unit_gets_a_message_not_a_draft(client, fetched, django_user_model):
    user = django_user_model.objects.create_user("khach", password="mat-khau-dai-12")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(draft_url(FeedItem.objects.first()), {"unit": 1})
    assert response.status_code == 302
    assert not ArticlePage.objects.exists()


def test_feed_admin_is_for_administrators_only(client, admin_client, fetched, editor):
    feeds_url = reverse("external_feeds:index")
    listing = admin_client.get(feeds_url)
    assert listing.status_code == 200
    assert "Nguồn trang chủ" in listing.content.decode()
    assert "bỏ qua 2 tin" in listing.content.decode()  # the last result column
    client.force_login(editor)
    assert client.get(feeds_url).status_code == 302  # refused: back to the dashboard
    assert client.get(reverse("external_feeds:add")).status_code == 302
    items = client.get(reverse("feed_items:index"))
    assert items.status_code == 200
    assert "Tạo bài nháp" in items.content.decode()
    item = FeedItem.objects.first()
    assert client.get(reverse("feed_items:edit", args=[item.pk])).status_code == 302
    assert client.post(reverse("feed_items:delete", args=[item.pk])).status_code == 302
    assert FeedItem.objects.filter(pk=item.pk).exists()


def test_administrator_registers_a_feed_for_a_unit_and_must_name_the_unit(admin_client, province):
    url = reverse("external_feeds:add")
    data = {"name": "Báo Tây Ninh", "url": "https://baotayninh.vn/rss", "format": "rss"}
    response = admin_client.post(url, {**data, "placement": "unit", "active": "on"})
    assert response.status_code == 200
    assert "Chọn đơn vị có trang hiện tin" in response.content.decode()
    response = admin_client.post(url, {**data, "url": "javascript:alert(1)", "placement": "home"})
    assert response.status_code == 200 and not ExternalFeed.objects.exists()
    response = admin_client.post(url, {**data, "placement": "unit", "unit": province.pk})
    assert response.status_code == 302
    assert ExternalFeed.objects.get().unit == province
