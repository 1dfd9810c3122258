"""Attached PDF/DOCX text is indexed with the document; broken files are recorded, not fatal."""

import io
import json

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from fpdf import FPDF
from wagtail.documents import get_document_model

from articles.models import DirectiveAttachment, DirectivePage

pytestmark = pytest.mark.django_db


def make_document(name, content):
    document = get_document_model()(title=name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def pdf_bytes(text):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def docx_bytes(text):
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def attach(directive, document):
    directive.attachments.add(DirectiveAttachment(document=document, label="Toàn văn"))
    directive.save_revision().publish()
    return DirectivePage.objects.get(pk=directive.pk)


def found(client, query):
    data = json.loads(client.get(reverse("search"), {"q": query, "format": "json"}).content)
    return [r["number_symbol"] for r in data["results"]]


def test_pdf_text_is_searchable(client, directive):
    page = attach(directive, make_document("nq35.pdf", pdf_bytes("Phuong cham xay di doi moi")))
    assert "xay di doi moi" in page.attachment_text
    assert page.attachment_errors == ""
    assert found(client, "phuong cham xay di doi moi") == ["35-NQ/TW"]


def test_docx_text_is_searchable_with_diacritics_folded(client, directive):
    page = attach(directive, make_document("nq35.docx", docx_bytes("Kiên định mục tiêu độc lập")))
    assert "Kiên định" in page.attachment_text
    assert found(client, "kien dinh muc tieu doc lap") == ["35-NQ/TW"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hong.pdf", b"%PDF-1.7 this is not really a pdf"),
        ("hong.docx", b"PK\x03\x04 broken zip"),
        ("trong.pdf", b""),
    ],
)
def test_broken_file_is_recorded_and_the_document_still_saves(
    admin_client, directive, name, content
):
    page = attach(directive, make_document(name, content))
    assert page.live and page.attachment_text == ""
    assert name in page.attachment_errors
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Lỗi trích nội dung tệp" in edit and name in edit


def test_reextract_command(client, directive):
    page = attach(directive, make_document("nq.pdf", pdf_bytes("Cau chu chi co trong tep")))
    DirectivePage.objects.filter(pk=page.pk).update(attachment_text="", attachment_source="")
    call_command("extract_attachment_text", stdout=io.StringIO())
    assert "chi co trong tep" in DirectivePage.objects.get(pk=page.pk).attachment_text
    assert found(client, "cau chu chi co trong tep") == ["35-NQ/TW"]
