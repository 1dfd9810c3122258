"""The public feedback form and status page: what is stored, what the sender sees, and
everything hostile input and abuse can try (spam, floods, forged ids, disguised files,
missing CSRF, a database failure)."""

import io
import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from feedback.models import FeedbackItem, OutgoingMail, add_working_days

SUBMIT = "/gop-y/"
STATUS = "/gop-y/tra-cuu/"


def form_data(unit=None, category=None, **overrides):
    data = {
        "name": "Nguyễn Văn Thành",
        "email": "thanh.nguyen@example.vn",
        "phone": "0912 345 678",
        "address": "Ấp Bình Hòa, xã Thanh Phước, Gò Dầu",
        "unit": unit.pk if unit else "",
        "category": category.pk if category else "",
        "subject": "Đề nghị sửa đường liên ấp",
        "message": "Đường liên ấp Bình Hòa xuống cấp, đề nghị xem xét sửa chữa trước mùa mưa.",
        "consent_publish": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def post(client, data, **extra):
    return client.post(SUBMIT, data, **extra)


def tracking_code(response):
    match = re.search(r'id="tracking-code">(GY-[0-9A-Z]+)<', response.content.decode())
    return match.group(1) if match else None


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


# --- the happy path --------------------------------------------------------------


def test_submission_is_stored_with_a_code_and_confirmed_by_mail(
    client, district, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data(district, category))
    assert response.status_code == 302
    page = client.get(response["Location"])
    code = tracking_code(page)
    item = FeedbackItem.objects.get()
    assert code == item.tracking_code
    assert item.unit == district and item.category == category and item.consent_publish
    assert item.status == FeedbackItem.Status.NEW
    assert item.due_date == add_working_days(item.received_at.astimezone().date(), 15)
    assert item.due_date.weekday() < 5
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["thanh.nguyen@example.vn"]
    assert code in mail.outbox[0].body and code in mail.outbox[0].subject
    assert OutgoingMail.objects.get().sent_at is not None


def test_unit_not_known_goes_to_administrators(client, category):
    response = post(client, form_data(None, category, email="", phone="0912345678"))
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.unit is None
    assert not OutgoingMail.objects.exists()  # no e-mail given: nothing to send


def test_working_days_skip_weekends():
    import datetime

    friday = datetime.date(2026, 11, 27)
    assert add_working_days(friday, 1) == datetime.date(2026, 11, 30)
    assert add_working_days(friday, 15) == datetime.date(2026, 12, 18)


def test_form_page_is_never_served_from_the_page_cache(client, category):
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=600):
        first = client.get(SUBMIT)
        second = Client().get(SUBMIT)
    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in second
    assert "no-store" in second["Cache-Control"]


def test_labels_and_errors_are_tied_to_their_fields(client, category):
    response = post(client, form_data(None, category, name="", email="khong-phai-email"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_name">' in html
    assert 'aria-describedby="id_name_error1"' in html
    assert 'id="id_name_error1"' in html
    assert 'aria-invalid="true"' in html
    assert "Nhập một địa chỉ email hợp lệ" in html or "email hợp lệ" in html
    assert not FeedbackItem.objects.exists()


# --- status page -------------------------------------------------------------------


@pytest.fixture
def submitted(client, district, category):
    response = post(client, form_data(district, category))
    return FeedbackItem.objects.get(tracking_code=tracking_code(client.get(response["Location"])))


def test_status_with_code_and_email_or_phone(client, submitted):
    for contact in ("THANH.NGUYEN@example.vn", "0912.345.678", "+84 912 345 678"):
        response = client.post(
            STATUS, {"code": submitted.tracking_code.lower(), "contact": contact}
        )
        assert response.status_code == 200
        assert "Mới tiếp nhận" in response.content.decode(), contact


def test_status_gives_the_same_answer_for_wrong_code_and_wrong_contact(client, submitted):
    wrong_contact = client.post(
        STATUS, {"code": submitted.tracking_code, "contact": "khac@example.vn"}
    )
    wrong_code = client.post(STATUS, {"code": "GY-ZZZZZZZZZZ", "contact": submitted.email})
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert wrong_contact.status_code == wrong_code.status_code == 200
    assert "Không tìm thấy góp ý" in wrong_code.content.decode()
    # Same page apart from the echoed input.
    assert strip(wrong_contact).replace(submitted.tracking_code, "X").replace(
        "khac@example.vn", "Y"
    ) == strip(wrong_code).replace("GY-ZZZZZZZZZZ", "X").replace(submitted.email, "Y")
    assert submitted.subject not in wrong_contact.content.decode()


# --- spam and abuse ------------------------------------------------------------------


def test_honeypot_filled_stores_nothing(client, district, category):
    response = post(client, form_data(district, category, website="http://spam.example"))
    assert response.status_code == 200
    assert "Không gửi được" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_post_without_csrf_token_is_refused(district, category):
    client = Client(enforce_csrf_checks=True)
    client.get(SUBMIT)
    response = post(client, form_data(district, category))
    assert response.status_code == 403
    assert not FeedbackItem.objects.exists()
    response = client.post(STATUS, {"code": "GY-X", "contact": "a@b.vn"})
    assert response.status_code == 403


def test_csrf_token_from_the_form_is_accepted(district, category):
    client = Client(enforce_csrf_checks=True)
    page = client.get(SUBMIT).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = post(client, {**form_data(district, category), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert FeedbackItem.objects.count() == 1


@override_settings(PORTAL_RATE_LIMITS={"feedback": "2/m", "feedback_ceiling": "6/h"})
def test_past_the_rate_a_challenge_is_asked_then_the_ceiling_refuses(client, district, category):
    for _ in range(2):
        assert post(client, form_data(district, category)).status_code == 302
    # Third post: limited, no answer, so a question and nothing stored.
    response = post(client, form_data(district, category))
    html = response.content.decode()
    assert response.status_code == 200 and "Câu hỏi kiểm tra" in html
    assert FeedbackItem.objects.count() == 2
    token = re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)
    question = re.search(r'for="id_challenge_answer">([^<]+)<', html).group(1)
    numbers = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
    a, b = re.match(r"(\S+) cộng (\S+) bằng", question).groups()
    answer = numbers.index(a) + numbers.index(b)
    # A wrong answer: a new question, nothing stored.
    wrong = post(
        client,
        {**form_data(district, category), "challenge_token": token, "challenge_answer": "99"},
    )
    assert "chưa đúng" in wrong.content.decode()
    assert FeedbackItem.objects.count() == 2
    # The right answer: stored. The same solved token again: refused.
    right = {
        **form_data(district, category),
        "challenge_token": token,
        "challenge_answer": str(answer),
    }
    assert post(client, right).status_code == 302
    assert FeedbackItem.objects.count() == 3
    # Sixth post of the hour (a solved token replayed): not stored; the seventh: 429.
    assert post(client, right).status_code == 200
    assert FeedbackItem.objects.count() == 3
    flood = post(client, right)
    assert flood.status_code == 429
    assert "Retry-After" in flood
    assert FeedbackItem.objects.count() == 3


@override_settings(PORTAL_RATE_LIMITS={"feedback": "1/m", "feedback_ceiling": "100/h"})
def test_rate_is_per_client_address(district, category):
    one = Client(REMOTE_ADDR="10.0.0.1")
    two = Client(REMOTE_ADDR="10.0.0.2")
    assert post(one, form_data(district, category)).status_code == 302
    assert "Câu hỏi kiểm tra" in post(one, form_data(district, category)).content.decode()
    assert post(two, form_data(district, category)).status_code == 302
    assert FeedbackItem.objects.count() == 2


# --- hostile input -------------------------------------------------------------------


def test_forged_and_odd_unit_and_category_ids_are_refused(client, home, district, category):
    for unit_value in ("999999", "-1", "abc", "1e5", "٣", "9" * 40, "1 OR 1=1"):
        response = post(client, {**form_data(None, category), "unit": unit_value})
        assert response.status_code == 200, unit_value
        assert "Gửi đến đơn vị" in response.content.decode()
    for category_value in ("", "0", "999999", "x"):
        response = post(client, {**form_data(district, None), "category": category_value})
        assert response.status_code == 200
    # A page that is not a unit (the home page) is not a unit either.
    response = post(client, {**form_data(None, category), "unit": home.pk})
    assert response.status_code == 200
    assert not FeedbackItem.objects.exists()


def test_invalid_emails_and_phones_are_refused(client, district, category):
    for email in ("khong-co-a-cong", "a@", "@b.vn", "a b@c.vn", "a@b..vn", "x" * 250 + "@b.vn"):
        response = post(client, form_data(district, category, email=email))
        assert response.status_code == 200 and "id_email_error1" in response.content.decode()
    for phone in ("12", "abc", "0912-345-678-999-00", "٠٩١٢٣٤٥٦٧٨", "0912<script>", "+"):
        response = post(client, form_data(district, category, phone=phone))
        assert response.status_code == 200
        assert "Số điện thoại chưa đúng" in response.content.decode(), phone
    response = post(client, form_data(district, category, email="", phone=""))
    assert "thư điện tử hoặc số điện thoại" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_long_fields_are_refused_with_a_message(client, district, category):
    response = post(client, form_data(district, category, message="ạ" * 10_001))
    assert response.status_code == 200
    assert "10000" in response.content.decode() or "10.000" in response.content.decode()
    for field in ("name", "subject", "address"):
        response = post(client, form_data(district, category, **{field: "Đ" * 20_000}))
        assert response.status_code == 200, field
    assert not FeedbackItem.objects.exists()
    response = post(client, form_data(district, category, message="ạ" * 10_000))
    assert response.status_code == 302
    assert len(FeedbackItem.objects.get().message) == 10_000


def test_unicode_is_normalised_and_null_bytes_refused(client, district, category):
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks
    assert post(client, form_data(district, category, name=decomposed)).status_code == 302
    assert FeedbackItem.objects.get().name == "Nguyễn"
    response = post(client, form_data(district, category, subject="Tiêu\x00đề"))
    assert response.status_code == 200
    assert FeedbackItem.objects.count() == 1


def test_script_is_escaped_on_the_status_page_and_in_mail(
    client, district, category, django_capture_on_commit_callbacks
):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data(district, category, subject=script, name=script))
    item = FeedbackItem.objects.get()
    assert item.subject == script  # stored as typed
    html = client.post(STATUS, {"code": item.tracking_code, "contact": item.email}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    message = mail.outbox[0]
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)
    assert "\n" not in message.subject and "<script>" not in message.subject
    assert response.status_code == 302


# --- attachments ----------------------------------------------------------------------


def test_real_png_and_pdf_are_stored_privately_under_a_random_name(client, district, category):
    from django.conf import settings as django_settings

    for name, content, kind in (
        ("anh.png", png_bytes(), "image/png"),
        ("don.pdf", pdf_bytes(), "application/pdf"),
    ):
        response = post(
            client, {**form_data(district, category), "attachment": upload(name, content)}
        )
        assert response.status_code == 302
        item = FeedbackItem.objects.latest("pk")
        assert item.attachment_type == kind
        assert item.attachment_name == name
        stored = item.attachment.name
        assert name not in stored and re.search(r"/[0-9a-f]{32}\.(png|pdf)$", stored)
        assert item.attachment.path.startswith(str(django_settings.FEEDBACK_PRIVATE_ROOT))
        assert not item.attachment.path.startswith(str(django_settings.MEDIA_ROOT))
        assert client.get(f"/media/{stored}").status_code == 404


@pytest.mark.parametrize(
    "name,content",
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200),  # an executable named .pdf
        ("anh.png", b"<html><script>alert(1)</script></html>"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 50),  # JPEG magic, broken body
        ("don.pdf", b"%PDF-1.4\n" + b"not really a pdf" * 20),  # PDF magic, no pages
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # PNG magic, broken body
        ("trong.pdf", b""),
    ],
)
def test_disguised_or_broken_attachments_are_refused(client, district, category, name, content):
    response = post(client, {**form_data(district, category), "attachment": upload(name, content)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_attachment_error1"' in html
    if content:
        assert "PDF, JPEG hoặc PNG thật" in html
    assert not FeedbackItem.objects.exists()


@override_settings(FEEDBACK_ATTACHMENT_MAX_SIZE=1000)
def test_oversized_attachment_is_refused(client, district, category):
    response = post(
        client,
        {**form_data(district, category), "attachment": upload("anh.png", png_bytes((400, 400)))},
    )
    assert response.status_code == 200
    assert "quá lớn" in response.content.decode()
    assert not FeedbackItem.objects.exists()


# --- one transaction -------------------------------------------------------------------


@pytest.fixture
def failing_outbox(db):
    """A real database error on the outbox insert, after the item row was written."""
    table = OutgoingMail._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION feedback_fail() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'outbox unavailable'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER feedback_fail BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION feedback_fail()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER feedback_fail BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'outbox unavailable'); END"
            )
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER feedback_fail ON {table}")
            cursor.execute("DROP FUNCTION feedback_fail()")
        else:
            cursor.execute("DROP TRIGGER feedback_fail")


def test_database_error_keeps_nothing_half_written(client, district, category, failing_outbox):
    from django.conf import settings as django_settings

    private = django_settings.FEEDBACK_PRIVATE_ROOT
    before = {p for p in __import__("pathlib").Path(private).rglob("*") if p.is_file()}
    response = post(
        client, {**form_data(district, category), "attachment": upload("anh.png", png_bytes())}
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "chưa lưu được góp ý" in html
    assert "outbox unavailable" not in html  # no internals in the message
    assert not FeedbackItem.objects.exists()
    after = {p for p in __import__("pathlib").Path(private).rglob("*") if p.is_file()}
    assert after == before  # the attachment written before the failure is gone
    assert "Nguyễn Văn Thành" in html  # the form keeps what was typed


# --- Hypothesis -----------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=300)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=TEXT,
    email=st.one_of(st.emails(), TEXT),
    phone=TEXT,
    unit=st.one_of(TEXT, st.integers(min_value=-(2**70), max_value=2**70).map(str)),
    subject=TEXT,
    message=st.one_of(TEXT, st.integers(9_990, 10_010).map(lambda n: "Đ" * n)),
    consent=st.sampled_from(["", "on", "yes", "0", "\x00"]),
)
def test_any_input_gives_a_page_or_a_stored_item_never_an_error(
    client, district, category, name, email, phone, unit, subject, message, consent
):
    before = FeedbackItem.objects.count()
    response = post(
        client,
        {
            "name": name,
            "email": email,
            "phone": phone,
            "unit": unit,
            "category": category.pk,
            "subject": subject,
            "message": message,
            "consent_publish": consent,
        },
    )
    assert response.status_code in (200, 302)
    after = FeedbackItem.objects.count()
    if response.status_code == 302:
        assert after == before + 1
        item = FeedbackItem.objects.latest("pk")
        assert item.name and item.subject and item.message
        assert item.email or item.phone
    else:
        assert after == before
        assert "Chưa gửi được" in response.content.decode()
