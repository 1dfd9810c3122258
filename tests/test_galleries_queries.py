"""An album of 200 photos renders with as many queries as an album of 2; listings too."""

import itertools

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.tests.utils import get_test_image_file

from galleries.models import AlbumPhoto, PhotoLibraryPage

from .factories import GalleryIndexPageFactory, PhotoAlbumPageFactory, VideoPageFactory
from .test_reader_queries import MAX_QUERIES

_bypass = itertools.count()


def render_queries(client, url):
    """Queries of a render that misses the page cache, once the renditions are made (by a
    first render that misses it too). Making 1,200 renditions also fills the test's small
    local-memory cache past its 300 entries, culling the menu and settings kept there: a
    second render keeps them again."""
    for _ in range(2):
        client.get(url, {"x": next(_bypass)})
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"x": next(_bypass)})
    assert response.status_code == 200, url
    assert response.get("X-Page-Cache") == "miss"
    return len(context.captured_queries), response.content.decode()


def add_photos(album, count, start=0):
    for number in range(start, start + count):
        image = wagtail_factories.ImageFactory(
            title=f"Ảnh {number}", file=get_test_image_file(size=(40, 30))
        )
        AlbumPhoto.objects.create(
            page=album,
            image=image,
            sort_order=number,
            caption=f"Đại biểu dự hội nghị, ảnh số {number + 1}",
            credit="Minh Hà",
        )


@pytest.mark.django_db
def test_album_of_200_photos_runs_the_same_queries_as_one_of_2(client, district):
    gallery = GalleryIndexPageFactory(parent=district)
    album = PhotoAlbumPageFactory(parent=gallery)
    add_photos(album, 2)
    small, _html = render_queries(client, album.url)
    add_photos(album, 198, start=2)
    large, html = render_queries(client, album.url)
    assert html.count('<figure class="album__photo">') == 200
    assert large == small
    assert large <= MAX_QUERIES


@pytest.mark.django_db
def test_listings_run_the_same_queries_whatever_their_length(client, home, district):
    gallery = GalleryIndexPageFactory(parent=district)
    library = PhotoLibraryPage(title="Thư viện ảnh", slug="thu-vien-anh")
    home.add_child(instance=library)
    PhotoAlbumPageFactory(parent=gallery)
    VideoPageFactory(parent=gallery)
    small = {page.url: render_queries(client, page.url)[0] for page in (gallery, library)}
    for _ in range(12):
        PhotoAlbumPageFactory(parent=gallery)
        VideoPageFactory(parent=gallery)
    large = {page.url: render_queries(client, page.url)[0] for page in (gallery, library)}
    assert large == small
    assert max(large.values()) <= MAX_QUERIES
