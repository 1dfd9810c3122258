"""Listening to articles: the text normaliser, the audio made by espeak-ng, its life cycle
(made on publish by the timer command, made again when the text changes, removed with the
page), failures shown to the editor, and the player readers get."""

import io
import re
import subprocess
import wave
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage
from narration import service
from narration.models import Narration
from narration.reading import Reader, article_text, number_words

from .factories import ArticlePageFactory, pdf_bytes

# espeak-ng and lame come from `make narration-tools` (part of `make test-setup`): without
# them these tests fail, as the browser tests do without chromium.

# --- reading numbers, dates, symbols and abbreviations ---------------------------------


@pytest.mark.parametrize(
    "number, words",
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (30, "ba mươi"),
        (101, "một trăm lẻ một"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (1975, "một nghìn chín trăm bảy mươi lăm"),
        (2005, "hai nghìn không trăm lẻ năm"),
        (2026, "hai nghìn không trăm hai mươi sáu"),
        (10_000, "mười nghìn"),
        (1_000_005, "một triệu không trăm lẻ năm"),
        (96_000_000, "chín mươi sáu triệu"),
        (1_500_000_000, "một tỷ năm trăm triệu"),
    ],
)
def test_numbers_are_read_as_vietnamese_words(number, words):
    assert number_words(number) == words


@given(st.integers(min_value=1, max_value=999))
def test_thousands_compose(n):
    assert number_words(n * 1000) == number_words(n) + " nghìn"
    assert number_words(n * 1_000_000) == number_words(n) + " triệu"


@pytest.mark.parametrize(
    "text, spoken",
    [
        (
            "Nghị quyết số 35-NQ/TW ngày 22/10/2018",
            "Nghị quyết số ba mươi lăm, nghị quyết Trung ương ngày hai mươi hai tháng mười "
            "năm hai nghìn không trăm mười tám",
        ),
        ("Kế hoạch 138-KH/TU", "Kế hoạch một trăm ba mươi tám, kế hoạch Tỉnh ủy"),
        (
            "Quy chế 05-QC/BTCTU-BDVTU",
            "Quy chế năm, quy chế Ban Tổ chức Tỉnh ủy và Ban Dân vận Tỉnh ủy",
        ),
        ("Quy định 66-QĐi/TW", "Quy định sáu mươi sáu, quy định Trung ương"),
        ("UBND tỉnh và HĐND huyện", "Ủy ban nhân dân tỉnh và Hội đồng nhân dân huyện"),
        ("tăng 7,5%", "tăng bảy phẩy năm phần trăm"),
        ("có 1.250 đảng viên", "có một nghìn hai trăm năm mươi đảng viên"),
        (
            "nhiệm kỳ 2020–2025",
            "nhiệm kỳ hai nghìn không trăm hai mươi đến hai nghìn không trăm hai mươi lăm",
        ),
        ("Đại hội lần thứ XI", "Đại hội lần thứ mười một"),
        ("khai mạc lúc 7h30", "khai mạc lúc bảy giờ ba mươi phút"),
        ("từ ngày 1/7/2025", "từ ngày một tháng bảy năm hai nghìn không trăm hai mươi lăm"),
        ("tháng 4", "tháng bốn"),
        ("diện tích 50 ha", "diện tích năm mươi ha"),
    ],
)
def test_reader_says_what_a_listener_expects(text, spoken):
    assert Reader().read(text) == spoken


def test_document_types_from_the_database_are_used():
    assert Reader({"ĐCT": "Đề cương"}).read("05-ĐCT/BTGTU") == (
        "năm, đề cương Ban Tuyên giáo Tỉnh ủy"
    )


@hsettings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_without_error_and_without_digits(text):
    spoken = Reader().read(text)
    assert not re.search(r"\d", spoken)


def test_article_text_has_no_markup(district):
    page = ArticlePageFactory(
        parent=district,
        title="Hội nghị Ban Chấp hành Đảng bộ tỉnh",
        lead="Sáng 26/11, Tỉnh ủy tổ chức hội nghị",
        body=[
            {
                "type": "paragraph",
                "value": "<h2>Kết quả</h2><p>Đạt <b>95%</b> <a href='/x'>chỉ tiêu</a>.</p>",
            },
            {"type": "quote", "value": {"text": "Đoàn kết là sức mạnh", "attribution": "Bác Hồ"}},
            {"type": "table", "value": {"data": [["1", "2"]]}},
        ],
    )
    text = article_text(page)
    assert "<" not in text and "href" not in text
    assert text.splitlines() == [
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh.",
        "Sáng 26/11, Tỉnh ủy tổ chức hội nghị.",
        "Kết quả.",
        "Đạt 95% chỉ tiêu.",
        "Đoàn kết là sức mạnh.",
        "Bác Hồ.",
    ]


# --- the audio and its life cycle ---------------------------------------------------------


def publish(page):
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


@pytest.fixture
def published(district):
    page = ArticlePageFactory(
        parent=district,
        title="Triển khai Nghị quyết 35-NQ/TW",
        lead="Ngày 26/11/2026, Ban Thường vụ Tỉnh ủy quán triệt Nghị quyết.",
    )
    return publish(page)


@pytest.fixture(autouse=True)
def on_commit(django_capture_on_commit_callbacks):
    """Files are deleted after the transaction commits; run those callbacks in tests."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def narrate():
    out = io.StringIO()
    with_commit(call_command, "narrate", stdout=out)
    return out.getvalue()


with_commit = None


@pytest.fixture(autouse=True)
def _with_commit(on_commit):
    global with_commit
    with_commit = on_commit


def test_publishing_queues_and_the_command_makes_a_real_mp3(published, client):
    narration = Narration.objects.get(page=published)
    assert narration.status == Narration.Status.PENDING  # nothing made in the request

    narrate()
    narration.refresh_from_db()
    assert narration.status == Narration.Status.READY, narration.error
    assert narration.engine == "espeak-ng"
    data = default_storage.open(narration.file.name).read()
    assert data[:3] == b"ID3" or data[0] == 0xFF  # an MP3 stream
    assert narration.size == len(data) > 2000
    assert narration.duration > 3  # seconds of speech
    # lame decodes it back to about the same length of audio
    decoded = Path(default_storage.path(narration.file.name)).with_suffix(".wav")
    subprocess.run(
        ["lame", "--quiet", "--decode", default_storage.path(narration.file.name), str(decoded)],
        check=True,
    )
    with wave.open(str(decoded)) as wav:
        assert abs(wav.getnframes() / wav.getframerate() - narration.duration) < 0.5

    response = client.get(published.url)
    html = response.content.decode()
    assert f'src="{narration.file.url}"' in html
    assert "<audio" in html and "giọng đọc máy" in html


def test_a_changed_text_is_read_again_and_the_old_file_goes(published):
    narrate()
    first = Narration.objects.get(page=published).file.name

    publish(published)  # the same text: nothing to do
    assert Narration.objects.get(page=published).status == Narration.Status.READY

    published.lead = "Ngày 27/11/2026, Ban Thường vụ Tỉnh ủy sơ kết."
    publish(published)
    assert Narration.objects.get(page=published).status == Narration.Status.PENDING
    narrate()
    second = Narration.objects.get(page=published).file.name
    assert second != first
    assert default_storage.exists(second) and not default_storage.exists(first)


def test_unpublishing_restricting_or_deleting_removes_the_audio(published, district):
    narrate()
    name = Narration.objects.get(page=published).file.name
    with_commit(published.unpublish)
    assert not Narration.objects.filter(page=published).exists()
    assert not default_storage.exists(name)

    publish(published)
    narrate()
    name = Narration.objects.get(page=published).file.name
    with_commit(PageViewRestriction.objects.create, page=district, restriction_type="login")
    assert not Narration.objects.filter(page=published).exists()
    assert not default_storage.exists(name)
    assert service.request(ArticlePage.objects.get(pk=published.pk)) is None


def test_deleting_the_article_deletes_its_file(published):
    narrate()
    name = Narration.objects.get(page=published).file.name
    with_commit(ArticlePage.objects.get(pk=published.pk).delete)
    assert not default_storage.exists(name)


@pytest.mark.parametrize(
    "command, message",
    [
        (["/khong/co/chuong-trinh"], "Không tìm thấy chương trình"),
        (["sh", "-c", "sleep 5"], "chạy quá 1 giây"),
        (["sh", "-c", "echo rac > {output}"], "không tạo ra tệp âm thanh hợp lệ"),
        (["sh", "-c", "echo loi >&2; exit 3"], "dừng với mã 3: loi"),
    ],
)
def test_a_failing_engine_is_recorded_and_shown_to_the_editor(
    published, client, admin_client, command, message
):
    options = {"command": command, "timeout": 1}
    with override_settings(
        NARRATION_ENGINE="narration.engines.CommandEngine", NARRATION_ENGINE_OPTIONS=options
    ):
        service.request(published)
        narrate()
        narration = Narration.objects.get(page=published)
        assert narration.status == Narration.Status.FAILED
        assert message in narration.error

        reader_page = client.get(published.url)
        assert reader_page.status_code == 200
        assert (
            "data-narration hidden" in reader_page.content.decode()
        )  # the browser's voice, if any

        edit = admin_client.get(f"/admin/pages/{published.pk}/edit/")
        assert "Chưa tạo được bản nghe đọc bài" in edit.content.decode()
        # The next publish asks again.
        service.request(published)
        assert Narration.objects.get(page=published).status == Narration.Status.PENDING


def test_one_run_takes_a_pending_row(published):
    narration = Narration.objects.get(page=published)
    engine = service.get_engine()
    assert service.claim(narration, engine) is True
    assert service.claim(narration, engine) is False  # an overlapping run leaves it alone


# --- the browser's speech: the text the server gives it ---------------------------------


def test_the_text_for_the_browsers_voice_is_normalised(published, client):
    response = client.get(f"/nghe/{published.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "ba mươi lăm, nghị quyết Trung ương" in body
    assert "hai mươi sáu tháng mười một" in body


@pytest.mark.parametrize("path", ["/nghe/99999999999999999999/", "/nghe/0/", "/nghe/abc/"])
def test_hostile_ids_are_not_found(db, client, path):
    assert client.get(path).status_code == 404


def test_private_and_draft_articles_give_no_text(published, district, client):
    draft = ArticlePageFactory(parent=district, live=False)
    assert client.get(f"/nghe/{draft.pk}/").status_code == 404
    assert client.get(f"/nghe/{published.pk}/").status_code == 200
    with_commit(PageViewRestriction.objects.create, page=district, restriction_type="login")
    assert client.get(f"/nghe/{published.pk}/").status_code == 404


# --- a reading recorded by an editor ---------------------------------------------------


def test_an_editors_recording_is_played_instead(published, client):
    engine = service.get_engine()
    audio = engine.synthesize("Bản ghi âm của phóng viên.")
    recording = get_document_model().objects.create(
        title="Bản ghi âm", file=ContentFile(audio.data, name="ban-ghi-am.mp3")
    )
    published.audio_recording = recording
    published.full_clean()
    publish(published)
    html = client.get(published.url).content.decode()
    assert f'src="{recording.url}"' in html and "(bản ghi âm)" in html


def test_a_recording_must_be_audio(published):
    pdf = get_document_model().objects.create(
        title="Văn bản", file=ContentFile(pdf_bytes(), name="van-ban.pdf")
    )
    published.audio_recording = pdf
    with pytest.raises(ValidationError) as error:
        published.full_clean()
    assert "MP3 hoặc M4A" in str(error.value)
