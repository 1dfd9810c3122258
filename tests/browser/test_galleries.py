"""Albums and videos in Debian's chromium: the photo viewer by keyboard, the album without
JavaScript, the video playing with its captions, and axe on both pages (desktop and phone)."""

import mimetypes
from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.documents import get_document_model

from demo.galleries import picture_bytes
from galleries.models import AlbumPhoto, PhotoAlbumPage, VideoPage

from ..factories import WEBVTT_SAMPLE, GalleryIndexPageFactory, sample_video_bytes
from .test_reader_pages import VIEWPORTS, serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path("/tmp/galleries-screenshots")
CAPTIONS = [
    "Quang cảnh Hội nghị Ban Chấp hành Đảng bộ tỉnh",
    "Đồng chí Bí thư Tỉnh ủy phát biểu khai mạc hội nghị",
    "Các đại biểu biểu quyết thông qua nghị quyết của hội nghị",
    "Đại biểu thảo luận về báo cáo kinh tế – xã hội",
    "Các đại biểu dự hội nghị tại Hội trường Tỉnh ủy",
]


def image(title, number):
    colours = [(150, 24, 30), (176, 120, 20), (30, 110, 60), (26, 70, 140), (90, 40, 120)]
    return wagtail_factories.ImageFactory(
        title=title,
        file=ContentFile(picture_bytes(colours[number % 5], number), name=f"anh-{number}.jpg"),
    )


def document(name, content):
    doc = get_document_model()(title=name)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


@pytest.fixture
def media_site(district):
    gallery = GalleryIndexPageFactory(parent=district)
    album = PhotoAlbumPage(
        title="Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm",
        slug="hoi-nghi-bch-lan-thu-nam",
        intro="Hội nghị đánh giá tình hình thực hiện nhiệm vụ năm 2026.",
        cover_image=image("Bìa", 0),
    )
    album.photos = [
        AlbumPhoto(image=image(caption, n), caption=caption, credit="Minh Hà")
        for n, caption in enumerate(CAPTIONS)
    ]
    gallery.add_child(instance=album)
    album.save_revision().publish()
    video = VideoPage(
        title="Toàn cảnh Đại hội Đảng bộ tỉnh",
        slug="toan-canh-dai-hoi",
        intro="Những hình ảnh nổi bật của Đại hội.",
        poster=image("Ảnh đại diện", 3),
        video_file=document("dai-hoi.webm", sample_video_bytes("webm")),
        captions=document("phu-de.vtt", WEBVTT_SAMPLE),
    )
    gallery.add_child(instance=video)
    video.save_revision().publish()
    return {"album": album.url, "video": video.url}


def serve_media(context):
    """The test server does not serve uploaded media (DEBUG is off): answer from MEDIA_ROOT."""

    def handle(route):
        path = route.request.url.split("/media/", 1)[1].split("?")[0]
        file = Path(settings.MEDIA_ROOT) / path
        if not file.is_file():
            return route.fulfill(status=404)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return route.fulfill(status=200, body=file.read_bytes(), content_type=kind)

    context.route("**/media/**", handle)


def new_page(browser, size="desktop", javascript=True):
    context = browser.new_context(
        locale="vi-VN", viewport=VIEWPORTS[size], java_script_enabled=javascript
    )
    serve_media(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName, inDialog: !!e.closest('dialog'),"
        " caption: e.closest('figure')?.querySelector('.album__caption')?.textContent || '',"
        " label: e.getAttribute('aria-label') || ''}; }"
    )


@pytest.mark.parametrize("size", VIEWPORTS)
def test_photo_viewer_by_keyboard(browser, live_server, media_site, size):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = new_page(browser, size)
    try:
        page.goto(live_server.url + media_site["album"])
        page.screenshot(path=str(SCREENSHOTS / f"album-{size}.png"), full_page=True)
        dialog = page.locator("dialog.viewer")
        expect(dialog).to_be_hidden()

        page.locator("[data-gallery-item]").nth(0).focus()
        page.keyboard.press("Enter")
        expect(dialog).to_be_visible()
        assert page.evaluate("() => document.querySelector('dialog').open")
        assert focused(page)["inDialog"]  # focus moved into the dialog
        expect(dialog.locator("[data-viewer-count]")).to_have_text("Ảnh 1/5")
        expect(dialog.locator("[data-viewer-caption]")).to_contain_text(CAPTIONS[0])
        expect(dialog.locator("[data-viewer-caption]")).to_contain_text("Ảnh: Minh Hà")
        page.wait_for_function(
            "() => document.querySelector('.viewer__image').complete"
            " && document.querySelector('.viewer__image').naturalWidth > 0"
        )
        page.screenshot(path=str(SCREENSHOTS / f"viewer-{size}.png"))

        page.keyboard.press("ArrowRight")
        expect(dialog.locator("[data-viewer-count]")).to_have_text("Ảnh 2/5")
        expect(dialog.locator("[data-viewer-caption]")).to_contain_text(CAPTIONS[1])
        assert dialog.locator(".viewer__image").get_attribute("alt") == CAPTIONS[1]
        dialog.get_by_role("button", name="Ảnh sau").click()
        expect(dialog.locator("[data-viewer-count]")).to_have_text("Ảnh 3/5")
        page.keyboard.press("ArrowLeft")
        expect(dialog.locator("[data-viewer-count]")).to_have_text("Ảnh 2/5")
        dialog.get_by_role("button", name="Ảnh trước").click()
        dialog.get_by_role("button", name="Ảnh trước").click()
        expect(dialog.locator("[data-viewer-count]")).to_have_text("Ảnh 5/5")  # wraps round
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        expect(dialog.locator("[data-viewer-count]")).to_have_text("Ảnh 2/5")
        assert serious_violations(page) == []  # the open viewer too

        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        # Focus returns to the thumbnail of the photo last shown.
        assert focused(page) == {"tag": "A", "inDialog": False, "caption": CAPTIONS[1], "label": ""}

        # Open again with a click; the close button (its name in Vietnamese) closes it.
        page.locator("[data-gallery-item]").nth(3).click()
        expect(dialog.locator("[data-viewer-count]")).to_have_text("Ảnh 4/5")
        dialog.get_by_role("button", name="Đóng").click()
        expect(dialog).to_be_hidden()
        assert focused(page)["caption"] == CAPTIONS[3]
    finally:
        page.context.close()


def test_album_without_javascript_is_a_list_of_figures_linking_to_large_images(
    browser, live_server, media_site
):
    page = new_page(browser, javascript=False)
    try:
        page.goto(live_server.url + media_site["album"])
        figures = page.locator("figure.album__photo")
        expect(figures).to_have_count(5)
        expect(figures.nth(2).locator("figcaption")).to_have_text(f"{CAPTIONS[2]} Ảnh: Minh Hà")
        # Images are drawn (the fallback or WebP source), with their width and height.
        page.wait_for_function(
            "() => [...document.querySelectorAll('.album__link img')]"
            ".every(img => img.complete && img.naturalWidth > 0)"
        )
        href = figures.nth(0).locator("a").get_attribute("href")
        page.locator("[data-gallery-item]").nth(0).click()
        page.wait_for_url(f"**{href}")
        assert page.evaluate("() => document.images[0].naturalWidth") > 0
    finally:
        page.context.close()


def test_video_plays_with_its_captions(browser, live_server, media_site):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = new_page(browser)
    try:
        page.goto(live_server.url + media_site["video"])
        state = page.evaluate(
            """async () => {
                const video = document.querySelector('video');
                const track = video.querySelector('track');
                video.muted = true;
                await video.play();
                await new Promise(resolve => setTimeout(resolve, 1500));
                await new Promise(resolve => track.readyState === 2 ? resolve()
                    : track.addEventListener('load', resolve));
                return {
                    time: video.currentTime,
                    error: video.error && video.error.code,
                    poster: video.poster,
                    label: track.label,
                    language: track.srclang,
                    mode: video.textTracks[0].mode,
                    cues: [...video.textTracks[0].cues].map(cue => cue.text),
                };
            }"""
        )
        assert state["error"] is None
        assert state["time"] > 0.3
        assert "/media/images/" in state["poster"]
        assert (state["label"], state["language"], state["mode"]) == ("Tiếng Việt", "vi", "showing")
        assert state["cues"][0] == "Quang cảnh Đại hội Đảng bộ tỉnh"
        page.screenshot(path=str(SCREENSHOTS / "video-desktop.png"))
    finally:
        page.context.close()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_album_and_video_pages_pass_axe(browser, live_server, media_site, size):
    page = new_page(browser, size)
    problems = {}
    try:
        for name, url in media_site.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, name
            found = serious_violations(page)
            if found:
                problems[name] = found
    finally:
        page.context.close()
    assert problems == {}
