"""Hostile videos, caption tracks and embed addresses: a clear Vietnamese message, and
nothing stored or published."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model

from galleries.models import VideoPage
from portal.uploads import UploadValidator

from .factories import WEBVTT_SAMPLE, GalleryIndexPageFactory, pdf_bytes, sample_video_bytes

pytestmark = pytest.mark.django_db
Document = get_document_model()

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SRT = "1\n00:00:00,000 --> 00:00:01,000\nPhụ đề kiểu SRT, không phải WebVTT\n".encode()


def upload(client, collection, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": "Video", "collection": collection.pk, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("hoi-nghi.mp4", HTML, "Nội dung tệp không phải là tệp .mp4 thật"),
        ("hoi-nghi.webm", HTML, "Nội dung tệp không phải là tệp .webm thật"),
        ("hoi-nghi.mp4", sample_video_bytes("webm"), "Nội dung tệp không phải là tệp .mp4 thật"),
        ("phu-de.vtt", SRT, "Nội dung tệp không phải là tệp .vtt thật"),
        ("phu-de.vtt", HTML, "Nội dung tệp không phải là tệp .vtt thật"),
        ("phu-de.vtt", b"WEBVTTX\n\n", "Nội dung tệp không phải là tệp .vtt thật"),
        ("hoi-nghi.mov", sample_video_bytes("mp4"), "Chỉ nhận tệp"),
    ],
)
def test_disguised_videos_and_tracks_are_refused(
    client, unit_editor, district, name, content, message
):
    client.force_login(unit_editor)
    response = upload(client, district.access.collection, name, content)
    assert response.status_code == 200
    assert message in response.text
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("Hội nghị.mp4", sample_video_bytes("mp4")),
        ("Hội nghị.webm", sample_video_bytes("webm")),
        ("Phụ đề.vtt", WEBVTT_SAMPLE),
        ("Phụ đề.vtt", b"\xef\xbb\xbf" + WEBVTT_SAMPLE),  # with a byte-order mark
    ],
)
def test_real_videos_and_tracks_are_stored_in_the_units_collection(
    client, unit_editor, district, name, content
):
    client.force_login(unit_editor)
    response = upload(client, district.access.collection, name, content)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.collection == district.access.collection
    assert document.filename.isascii()


def test_oversize_video_is_refused_with_the_limit(client, unit_editor, district, settings):
    settings.GALLERIES_VIDEO_MAX_MB = 1
    content = sample_video_bytes("mp4") + b"\0" * (1024 * 1024)
    client.force_login(unit_editor)
    response = upload(client, district.access.collection, "dai-hoi.mp4", content)
    assert response.status_code == 200
    assert "Tệp quá lớn (tối đa 1,0\xa0MB)" in response.text
    assert not Document.objects.exists()


def test_documents_keep_their_own_limit_below_the_video_one(
    client, unit_editor, district, settings
):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 100
    client.force_login(unit_editor)
    response = upload(client, district.access.collection, "bao-cao-so-ket.pdf", pdf_bytes())
    assert "Tệp quá lớn" in response.text
    assert not Document.objects.exists()
    response = upload(client, district.access.collection, "hoi-nghi.webm", sample_video_bytes())
    assert response.status_code == 302


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300), extension=st.sampled_from(["mp4", "webm", "vtt"]))
def test_arbitrary_bytes_are_not_videos_or_tracks(content, extension):
    from django.core.exceptions import ValidationError

    from portal.uploads import detected_kind

    file = SimpleUploadedFile(f"tep.{extension}", content)
    if detected_kind(file) == extension:
        return  # hypothesis found real magic bytes: nothing to refuse
    with pytest.raises(ValidationError):
        UploadValidator(["mp4", "webm", "vtt"])(file)


# --- the video page form ------------------------------------------------------------


def stored(name, content, collection=None):
    """A document stored without the upload form (as if uploaded before the checks)."""
    kwargs = {"collection": collection} if collection is not None else {}
    return Document.objects.create(title=name, file=SimpleUploadedFile(name, content), **kwargs)


@pytest.fixture
def gallery(district):
    return GalleryIndexPageFactory(parent=district)


def post_video(client, gallery, **fields):
    data = {
        "title": "Toàn cảnh Đại hội Đảng bộ tỉnh",
        "slug": "toan-canh-dai-hoi",
        "date": "2025-10-10",
        "intro": "",
        "video_file": "",
        "captions": "",
        "embed_url": "",
        "action-publish": "Xuất bản",
        **fields,
    }
    url = reverse("wagtailadmin_pages:add", args=["galleries", "videopage", gallery.pk])
    return client.post(url, data)


@pytest.mark.parametrize(
    "case, message",
    [
        ("neither", "Chọn một tệp video tải lên hoặc nhập một địa chỉ video nhúng"),
        ("both", "Chọn một tệp video tải lên hoặc nhập một địa chỉ video nhúng"),
        ("unknown provider", "Không nhúng được video từ địa chỉ này"),
        ("script address", "Nhập một URL hợp lệ"),
        ("pdf as video", "Tệp video phải là MP4 hoặc WebM"),
        ("html as mp4", "Nội dung tệp không phải là video .mp4 thật"),
        ("srt as captions", "Phụ đề phải là tệp WebVTT (.vtt)"),
        ("captions with embed", "Phụ đề chỉ dùng với tệp video tải lên."),
    ],
)
def test_video_form_refuses_bad_choices_and_publishes_nothing(admin_client, gallery, case, message):
    video = stored("video.webm", sample_video_bytes("webm"))
    youtube = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    fields = {
        "neither": {},
        "both": {"video_file": video.pk, "embed_url": youtube},
        "unknown provider": {"embed_url": "https://video.example.invalid/xem/123"},
        "script address": {"embed_url": "javascript:alert(1)"},
        "pdf as video": {"video_file": stored("bao-cao-so-ket.pdf", pdf_bytes()).pk},
        "html as mp4": {"video_file": stored("video.mp4", HTML).pk},
        "srt as captions": {"video_file": video.pk, "captions": stored("phu-de.vtt", SRT).pk},
        "captions with embed": {
            "embed_url": youtube,
            "captions": stored("phu-de.vtt", WEBVTT_SAMPLE).pk,
        },
    }[case]
    response = post_video(admin_client, gallery, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VideoPage.objects.exists()


def test_video_too_large_for_the_setting_is_refused(admin_client, gallery, settings):
    video = stored("video.webm", sample_video_bytes("webm"))
    settings.GALLERIES_VIDEO_MAX_MB = 0
    response = post_video(admin_client, gallery, video_file=video.pk)
    assert "Tệp video quá lớn" in response.content.decode()
    assert not VideoPage.objects.exists()


def test_a_good_video_with_captions_is_published(admin_client, gallery):
    video = stored("video.webm", sample_video_bytes("webm"))
    track = stored("phu-de.vtt", WEBVTT_SAMPLE)
    response = post_video(admin_client, gallery, video_file=video.pk, captions=track.pk)
    assert response.status_code == 302
    page = VideoPage.objects.get()
    assert page.live and page.captions_text.startswith("Quang cảnh Đại hội")


def test_a_known_provider_is_accepted(admin_client, gallery):
    response = post_video(
        admin_client, gallery, embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    assert response.status_code == 302
    assert VideoPage.objects.get().embed_url.startswith("https://www.youtube.com/")


def test_unit_editor_cannot_choose_another_units_video(client, unit_editor, gallery, province):
    foreign = stored("video.webm", sample_video_bytes("webm"), province.access.collection)
    client.force_login(unit_editor)
    response = post_video(client, gallery, video_file=foreign.pk, **{"action-publish": ""})
    assert response.status_code == 200
    assert "thuộc bộ sưu tập của đơn vị khác" in response.content.decode()
    assert not VideoPage.objects.exists()
