"""Uploads: content must match the extension, names are cleaned, image bombs are refused, and
documents are served so that no uploaded file runs script on the portal's origin."""

import io
import struct
import unicodedata
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from portal.uploads import UploadValidator, clean_upload_name, validate_upload

from .factories import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db
Document = get_document_model()
Image = get_image_model()

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def docx_bytes():
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Kế hoạch")
    document.save(buffer)
    return buffer.getvalue()


def bomb_png(width=30_000, height=30_000):
    """A valid PNG of a few hundred bytes whose header claims 900 million pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width // 8 + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


# --- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Nghị quyết số 35.PDF", "nghi-quyet-so-35.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("C:\\Users\\a\\bao-cao.docx", "bao-cao.docx"),
        ("an\u202egpj.pdf", "angpj.pdf"),  # right-to-left override hides the real extension
        ("to\u200bi.pdf", "toi.pdf"),  # zero-width space
        ("ke\x00hoach\n.pdf", "kehoach.pdf"),
        ("thu\uff0fmuc\uff0fanh.png", "anh.png"),  # full-width solidus is a slash after NFKC
        ("....pdf", "tep-tin.pdf"),
        ('"><svg onload=alert(1)>.pdf', "svg-onloadalert1.pdf"),
        ("", "tep-tin"),
    ],
)
def test_upload_names_are_cleaned(name, expected):
    assert clean_upload_name(name) == expected


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_name_becomes_a_safe_ascii_name(name):
    cleaned = clean_upload_name(name)
    assert cleaned and cleaned.isascii() and len(cleaned) <= 91
    assert "/" not in cleaned and "\\" not in cleaned and not cleaned.startswith(".")
    assert all(unicodedata.category(c)[0] != "C" for c in cleaned)


# --- content -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [
        ("ke-hoach.pdf", HTML),
        ("ke-hoach.pdf", SVG),
        ("ke-hoach.docx", b"PK\x03\x04 not really a zip"),
        ("ke-hoach.doc", pdf_bytes()),
        ("anh.png", SVG),
        ("anh.jpg", png_bytes()),
        ("trang.html", HTML),
        ("anh.svg", SVG),
    ],
)
def test_content_must_match_the_extension(name, content):
    with pytest.raises(ValidationError):
        UploadValidator(["pdf", "doc", "docx", "png", "jpg"])(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name, content", [("a.pdf", pdf_bytes()), ("b.docx", docx_bytes()), ("c.png", png_bytes())]
)
def test_real_files_pass_and_get_clean_names(name, content):
    file = validate_upload(SimpleUploadedFile(f"../{name}", content), ["pdf", "docx", "png"])
    assert file.name == name


def test_size_limit():
    with pytest.raises(ValidationError, match="quá lớn"):
        UploadValidator(["pdf"], max_size=100)(SimpleUploadedFile("a.pdf", pdf_bytes()))


# --- through the admin, as a unit editor -----------------------------------------


def upload_document(client, collection, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Tài liệu",
            "collection": collection.pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def upload_image(client, collection, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "Ảnh", "collection": collection.pk, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("ke-hoach.pdf", HTML, "Nội dung tệp không phải"),
        ("ke-hoach.docx", SVG, "Nội dung tệp không phải"),
        ("trang.html", HTML, ""),
        ("anh.svg", SVG, ""),
    ],
)
def test_admin_refuses_disguised_documents(client, unit_editor, district, name, content, message):
    client.force_login(unit_editor)
    response = upload_document(client, district.access.collection, name, content)
    assert response.status_code == 200
    assert message in response.text
    assert not Document.objects.exists()


def test_admin_stores_a_real_document_under_a_clean_name(client, unit_editor, district):
    client.force_login(unit_editor)
    response = upload_document(
        client, district.access.collection, "Kế hoạch\u202e.pdf", pdf_bytes()
    )
    assert response.status_code == 302
    assert Document.objects.get().filename == "ke-hoach.pdf"


@pytest.mark.parametrize(
    "name, content",
    [("anh.png", SVG), ("anh.svg", SVG), ("anh.png", HTML), ("bom.png", bomb_png())],
)
def test_admin_refuses_disguised_images_and_bombs(client, unit_editor, district, name, content):
    client.force_login(unit_editor)
    response = upload_image(client, district.access.collection, name, content)
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_decompression_bomb_is_refused_with_a_message(client, unit_editor, district):
    assert len(bomb_png()) < 50_000
    client.force_login(unit_editor)
    response = upload_image(client, district.access.collection, "bom.png", bomb_png())
    assert "pixel" in response.text.lower() or "điểm ảnh" in response.text.lower()
    assert not Image.objects.exists()


# --- serving ---------------------------------------------------------------------------


def stored_document(name, content, collection=None):
    """A document stored without the form (as if uploaded before the checks existed),
    attached to a public document page (a file no live page uses is not served)."""
    from articles.models import DirectiveAttachment

    from .factories import DirectivePageFactory, UnitPageFactory

    document = Document.objects.create(title="Tệp", file=SimpleUploadedFile(name, content))
    unit = UnitPageFactory(parent=Page.objects.get(depth=2), title="Tỉnh ủy")
    DirectiveAttachment.objects.create(page=DirectivePageFactory(parent=unit), document=document)
    return document


@pytest.mark.parametrize(
    "name, content", [("a.docx", docx_bytes()), ("a.html", HTML), ("a.svg", SVG), ("a.doc", HTML)]
)
def test_documents_other_than_pdf_are_attachments(client, home, name, content):
    doc = stored_document(name, content)
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_pdf_is_inline_with_its_type_and_no_script(client, home):
    doc = stored_document("nghi-quyet.pdf", pdf_bytes())
    response = client.get(doc.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_html_disguised_as_pdf_is_served_as_pdf_not_html(client, home):
    doc = stored_document("gia-mao.pdf", HTML)
    response = client.get(doc.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
