"""Photo albums and videos: the tree, the reader pages (without JavaScript), search,
sitemap, feeds, API, page cache, home block and ownership."""

import xml.etree.ElementTree as ET

import pytest
import wagtail_factories
from django.urls import reverse
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from galleries.models import (
    EAGER_PHOTOS,
    AlbumPhoto,
    GalleryIndexPage,
    PhotoAlbumPage,
    PhotoLibraryPage,
    VideoLibraryPage,
    VideoPage,
)
from home.models import HomePage
from units.models import UnitPage

from .factories import (
    WEBVTT_SAMPLE,
    GalleryIndexPageFactory,
    PhotoAlbumPageFactory,
    UnitPageFactory,
    VideoDocumentFactory,
    VideoPageFactory,
)

CAPTIONS = [
    "Quang cảnh Hội nghị Ban Chấp hành Đảng bộ tỉnh",
    "Đồng chí Bí thư Tỉnh ủy phát biểu khai mạc hội nghị",
]


def make_image(title="Ảnh hội nghị", size=(400, 300), collection=None):
    kwargs = {"collection": collection} if collection is not None else {}
    return wagtail_factories.ImageFactory(
        title=title, file=get_test_image_file(size=size), **kwargs
    )


def make_album(gallery, captions=CAPTIONS, title=None, **fields):
    album = PhotoAlbumPageFactory.build(**({"title": title} if title else {}), **fields)
    album.cover_image = make_image("Bìa")
    album.cover_image.save()
    album.photos = [
        AlbumPhoto(image=make_image(f"Ảnh {n}"), caption=caption, credit="Minh Hà")
        for n, caption in enumerate(captions)
    ]
    gallery.add_child(instance=album)
    album.save_revision().publish()
    return PhotoAlbumPage.objects.get(pk=album.pk)


@pytest.fixture
def gallery(district):
    return GalleryIndexPageFactory(parent=district)


@pytest.fixture
def album(gallery):
    return make_album(gallery)


@pytest.fixture
def captions_document(db):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title="Phụ đề")
    document.file.save("phu-de.vtt", ContentFile(WEBVTT_SAMPLE), save=False)
    document.save()
    return document


@pytest.fixture
def video(gallery, captions_document):
    page = VideoPageFactory(parent=gallery, captions=captions_document, poster=make_image("Poster"))
    page.save_revision().publish()
    return VideoPage.objects.get(pk=page.pk)


# --- the tree ----------------------------------------------------------------


class TreeRulesTests(WagtailPageTestCase):
    def test_pages_sit_where_they_belong(self):
        self.assertAllowedParentPageTypes(GalleryIndexPage, {UnitPage})
        self.assertAllowedSubpageTypes(GalleryIndexPage, {PhotoAlbumPage, VideoPage})
        for model in (PhotoAlbumPage, VideoPage):
            self.assertAllowedParentPageTypes(model, {GalleryIndexPage})
            self.assertAllowedSubpageTypes(model, set())
        for model in (PhotoLibraryPage, VideoLibraryPage):
            self.assertAllowedParentPageTypes(model, {HomePage})
            self.assertAllowedSubpageTypes(model, set())


class CreateThroughAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2)
        cls.unit = UnitPageFactory(parent=cls.home, title="Tỉnh ủy Tây Ninh")
        cls.gallery = GalleryIndexPageFactory(parent=cls.unit)
        cls.image = make_image("Quang cảnh hội nghị")
        cls.video = VideoDocumentFactory()

    def setUp(self):
        self.login()

    def test_gallery_index_page(self):
        unit = UnitPageFactory(parent=self.home, title="Huyện ủy Tân Biên")
        self.assertCanCreate(
            unit, GalleryIndexPage, nested_form_data({"title": "Thư viện ảnh, video"})
        )

    def test_photo_album_page(self):
        self.assertCanCreate(
            self.gallery,
            PhotoAlbumPage,
            nested_form_data(
                {
                    "title": "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5",
                    "slug": "hoi-nghi-bch-lan-thu-5",
                    "date": "2026-11-20",
                    "cover_image": self.image.pk,
                    "intro": "Hình ảnh hội nghị.",
                    "photos": inline_formset(
                        [
                            {
                                "image": self.image.pk,
                                "caption": "Quang cảnh Hội nghị Ban Chấp hành Đảng bộ tỉnh",
                                "credit": "Minh Hà",
                            }
                        ]
                    ),
                }
            ),
        )
        album = PhotoAlbumPage.objects.get(slug="hoi-nghi-bch-lan-thu-5")
        self.assertEqual(album.photos.get().credit, "Minh Hà")

    def test_video_page(self):
        self.assertCanCreate(
            self.gallery,
            VideoPage,
            nested_form_data(
                {
                    "title": "Toàn cảnh Đại hội Đảng bộ tỉnh",
                    "slug": "toan-canh-dai-hoi",
                    "date": "2025-10-10",
                    "video_file": self.video.pk,
                    "embed_url": "",
                }
            ),
        )

    def test_one_gallery_per_unit(self):
        self.assertFalse(GalleryIndexPage.can_create_at(self.unit))
        self.assertCanNotCreateAt(self.home, GalleryIndexPage)
        self.assertCanNotCreateAt(self.unit, PhotoAlbumPage)


# --- the album without JavaScript ---------------------------------------------


def test_album_is_a_plain_list_of_figures_with_captions_and_credits(client, album):
    response = client.get(album.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<figure class="album__photo">') == 2
    for caption in CAPTIONS:
        assert f'<span class="album__caption">{caption}</span>' in html
        assert f'alt="{caption}"' in html  # the thumbnail's text is its caption
    assert html.count("Ảnh: Minh Hà") == 2
    # Each thumbnail links to the large image: readers without JavaScript open it.
    assert 'href="/media/images/' in html and "data-gallery-item" in html
    # WebP with a fallback, width and height, as on articles.
    assert '<source type="image/webp"' in html and 'width="400" height="300"' in html
    # The viewer's script is an external file; the dialog is labelled in Vietnamese.
    assert 'src="/static/galleries/gallery.js"' in html
    for label in ("Ảnh trước", "Ảnh sau", "Đóng"):
        assert f'aria-label="{label}"' in html
    assert "<script>" not in html and "style=" not in html


def test_photos_below_the_fold_load_lazily(client, gallery):
    album = make_album(gallery, [f"Đại biểu dự hội nghị, ảnh {n}" for n in range(12)])
    html = client.get(album.url).content.decode()
    images = html.split('<figure class="album__photo">')[1:]
    assert len(images) == 12
    assert all('loading="lazy"' not in image for image in images[:EAGER_PHOTOS])
    assert all('loading="lazy"' in image for image in images[EAGER_PHOTOS:])


def test_captions_are_escaped(client, gallery):
    album = make_album(gallery, ['<script>alert("x")</script> Hội nghị'])
    html = client.get(album.url).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Hội nghị" in html


# --- the video page ------------------------------------------------------------


def test_video_page_uses_the_browsers_player_with_captions(client, video):
    html = client.get(video.url).content.decode()
    assert "<video " in html and " controls " in html
    assert f'<source src="{video.video_file.url}" type="video/webm">' in html
    assert (
        f'<track kind="captions" srclang="vi" label="Tiếng Việt" src="{video.captions.url}" '
        "default>" in html
    )
    assert 'poster="/media/images/' in html


def test_video_files_are_served_with_their_types(client, video):
    response = client.get(video.video_file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "video/webm"
    assert b"".join(response.streaming_content)[:4] == b"\x1a\x45\xdf\xa3"  # EBML (WebM)
    track = client.get(video.captions.url)
    assert track["Content-Type"].startswith("text/vtt")


def test_embedded_video_uses_wagtails_embed(client, gallery):
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    # Wagtail keeps every embed it fetched; a kept one is shown without the network.
    Embed.objects.create(
        hash=get_embed_hash(url, 1200),
        url=url,
        max_width=1200,
        type="video",
        html='<iframe title="Đại hội" src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
        width=1200,
        height=675,
    )
    page = VideoPageFactory.build(video_file=None, embed_url=url)
    gallery.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert 'src="https://www.youtube.com/embed/dQw4w9WgXcQ"' in html
    assert "<video" not in html


def test_caption_text_is_indexed_without_timings_or_tags(video):
    assert video.captions_text == (
        "Quang cảnh Đại hội Đảng bộ tỉnh Đại biểu biểu quyết thông qua nghị quyết"
    )


# --- listings --------------------------------------------------------------------


def test_unit_gallery_and_site_wide_lists_show_newest_first(client, home, gallery, album, video):
    import datetime

    older = make_album(gallery, CAPTIONS, title="Lễ kỷ niệm ngày thành lập Đảng")
    older.date = datetime.date(2020, 2, 3)
    older.save_revision().publish()
    html = client.get(gallery.url).content.decode()
    assert html.index(album.title) < html.index(older.title)
    assert video.title in html

    photos = PhotoLibraryPage(title="Thư viện ảnh", slug="thu-vien-anh")
    videos = VideoLibraryPage(title="Video", slug="video")
    home.add_child(instance=photos)
    home.add_child(instance=videos)
    html = client.get(photos.url).content.decode()
    assert html.index(album.title) < html.index(older.title)
    assert "Huyện ủy Gò Dầu" in html and video.title not in html
    html = client.get(videos.url).content.decode()
    assert video.title in html and album.title not in html


def test_bad_page_numbers_give_a_page(client, gallery, album):
    for value in ("abc", "-1", "99999999999999999999", "1%00"):
        response = client.get(gallery.url, {"page": value, "video_page": value})
        assert response.status_code == 200
        assert album.title in response.content.decode()


def test_drafts_are_not_listed(client, gallery, album):
    album.unpublish()
    assert album.title not in client.get(gallery.url).content.decode()
    assert client.get(album.url).status_code == 404


# --- search, sitemap, feeds, API ----------------------------------------------------


def test_albums_and_videos_are_found_by_captions(client, album, video):
    # Words only the photos' captions (or the video's caption track) hold, typed either way.
    response = client.get(reverse("search"), {"q": "bi thu tinh uy phat bieu khai mac"})
    assert album.title in response.content.decode()
    response = client.get(reverse("search"), {"q": "biểu quyết thông qua nghị quyết"})
    assert video.title in response.content.decode()
    response = client.get(reverse("search"), {"q": "khai mac", "loai": "thu-vien-anh"})
    assert album.title in response.content.decode()


def test_sitemap_lists_albums_and_videos(client, album, video):
    content = client.get("/sitemap.xml").content.decode()
    assert album.full_url in content and video.full_url in content


def test_media_feed_holds_albums_and_videos(client, album, video):
    for name in ("feed-media-rss", "feed-media-atom"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        text = ET.tostring(root, encoding="unicode")
        assert album.title in text and video.title in text


def test_api_serves_albums_with_photos_and_videos_with_files(client, album, video):
    response = client.get(
        "/api/v2/pages/", {"type": "galleries.PhotoAlbumPage", "fields": "photos,date"}
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert [photo["caption"] for photo in item["photos"]] == CAPTIONS
    assert item["photos"][0]["image_large"]["url"].startswith("/media/images/")
    response = client.get(
        "/api/v2/pages/", {"type": "galleries.VideoPage", "fields": "video_url,captions_url"}
    )
    item = response.json()["items"][0]
    assert item["video_url"] == video.video_file.url
    assert item["captions_url"] == video.captions.url


# --- page cache, home block -------------------------------------------------------


def test_album_is_cached_and_fresh_after_a_publish(
    client, album, django_capture_on_commit_callbacks
):
    assert client.get(album.url)["X-Page-Cache"] == "miss"
    assert client.get(album.url)["X-Page-Cache"] == "hit"
    album.title = "Hội nghị Ban Chấp hành mở rộng"
    with django_capture_on_commit_callbacks(execute=True):
        album.save_revision().publish()
    response = client.get(album.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Hội nghị Ban Chấp hành mở rộng" in response.content.decode()


def test_home_block_shows_the_latest_albums(
    client, home, album, django_capture_on_commit_callbacks
):
    home = HomePage.objects.get(pk=home.pk)
    html = client.get(home.url).content.decode()
    assert album.title not in html  # no block yet
    home.body.append(("albums", {"heading": "Thư viện ảnh", "count": 4}))
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    html = client.get(home.url).content.decode()
    assert '<h2 id="b-' in html and "Thư viện ảnh" in html
    assert album.title in html and '<source type="image/webp"' in html


# --- ownership and approval -------------------------------------------------------


def test_unit_editor_adds_albums_only_in_their_unit(client, unit_editor, gallery, province):
    from .conftest import UNIT_PASSWORD

    other = GalleryIndexPageFactory(parent=province)
    client.login(username=unit_editor.username, password=UNIT_PASSWORD)
    own = reverse("wagtailadmin_pages:add", args=["galleries", "photoalbumpage", gallery.pk])
    foreign = reverse("wagtailadmin_pages:add", args=["galleries", "photoalbumpage", other.pk])
    assert client.get(own).status_code == 200
    assert client.get(foreign).status_code in (302, 403)


def test_editor_submits_an_album_for_approval(client, unit_editor, gallery, district):
    from .conftest import UNIT_PASSWORD

    image = make_image("Ảnh của đơn vị", collection=district.access.collection)
    client.login(username=unit_editor.username, password=UNIT_PASSWORD)
    url = reverse("wagtailadmin_pages:add", args=["galleries", "photoalbumpage", gallery.pk])
    data = {
        "title": "Hội nghị sơ kết công tác dân vận",
        "slug": "hoi-nghi-so-ket-cong-tac-dan-van",
        "date": "2026-11-20",
        "cover_image": image.pk,
        "intro": "",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "1",
        "photos-MAX_NUM_FORMS": "1000",
        "photos-0-image": image.pk,
        "photos-0-caption": "Quang cảnh hội nghị",
        "photos-0-credit": "Minh Hà",
        "photos-0-ORDER": "1",
        "photos-0-id": "",
        "photos-0-DELETE": "",
        "action-submit": "Gửi duyệt",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PhotoAlbumPage.objects.get(slug="hoi-nghi-so-ket-cong-tac-dan-van")
    assert not page.live
    assert page.workflow_in_progress
    assert Page.objects.get(pk=page.pk).get_latest_revision().content["photos"][0]["caption"] == (
        "Quang cảnh hội nghị"
    )


# --- demo ----------------------------------------------------------------------------


def test_demo_has_three_albums_and_two_captioned_videos_and_runs_twice(
    client, home, province, district
):
    import io

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from demo import galleries as demo

    units = {"tinh-uy": province, "van-phong": province, "dang-uy-thi-tran-go-dau": district}
    demo.seed(home, units, io.StringIO())
    counts = (
        Page.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    )
    demo.seed(home, units, io.StringIO())
    assert counts == (
        Page.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    )
    assert PhotoAlbumPage.objects.live().count() == 3
    assert all(album.photos.count() >= 4 for album in PhotoAlbumPage.objects.all())
    videos = VideoPage.objects.live()
    assert videos.count() == 2
    assert all(video.captions_id and video.captions_text for video in videos)
    assert PhotoLibraryPage.objects.get().show_in_menus
    home = HomePage.objects.get(pk=home.pk)
    assert [block.block_type for block in home.body].count("albums") == 1
    album = PhotoAlbumPage.objects.get(title__startswith="Hội nghị Ban Chấp hành")
    html = client.get(album.url).content.decode()
    assert "Quang cảnh Hội nghị Ban Chấp hành Đảng bộ tỉnh" in html
    assert "Thư viện ảnh" in client.get(home.url).content.decode()
    for video in videos:
        assert client.get(video.url).status_code == 200
