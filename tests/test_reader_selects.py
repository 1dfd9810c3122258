"""Every select a reader (or an editor handling feedback) meets says what to choose in its
empty option, never Django's "---------"."""

import re

import pytest
from django.urls import reverse

from feedback import handling
from register.models import DocumentRegisterPage

pytestmark = pytest.mark.django_db

SELECT = re.compile(r"<select\b[^>]*\bname=\"([^\"]+)\"[^>]*>(.*?)</select>", re.S)
OPTION = re.compile(r"<option\b([^>]*)>([^<]*)</option>")


def empty_options(html):
    """{select name: text of its empty option} for every select of the page."""
    found = {}
    for name, body in SELECT.findall(html):
        for attrs, text in OPTION.findall(body):
            if re.search(r'value=""', attrs):
                found[name] = text.strip()
    return found


@pytest.fixture
def item(district, category):
    return handling.receive(
        {
            "name": "Bạn đọc",
            "email": "ban.doc@example.vn",
            "phone": "",
            "address": "",
            "subject": "Hỏi về chuẩn hộ nghèo",
            "message": "Nội dung.",
            "consent_publish": False,
        },
        unit=district,
        category=category,
    )


def test_reader_selects_say_what_to_choose(client, home, district, category, qa_index, directive):
    register = DocumentRegisterPage(title="Tra cứu văn bản", slug="tra-cuu-van-ban")
    home.add_child(instance=register)
    pages = {
        reverse("feedback-submit"): {"category": "— Chọn lĩnh vực —"},
        qa_index.url: {"don_vi": "— Tất cả đơn vị —", "linh_vuc": "— Tất cả lĩnh vực —"},
        register.url: {"document_type": "Tất cả", "issuer": "Tất cả"},
    }
    for url, expected in pages.items():
        html = client.get(url).content.decode()
        assert "---------" not in html, url
        options = empty_options(html)
        assert options, url
        for name, text in expected.items():
            assert options[name] == text, (url, name)


def test_search_form_fields_name_their_empty_choice():
    from search.forms import SearchForm

    form = SearchForm()
    html = str(form["don_vi"]) + str(form["loai_van_ban"]) + str(form["co_quan"])
    assert "---------" not in html
    assert ">— Tất cả đơn vị —<" in html
    assert ">— Tất cả loại văn bản —<" in html
    assert ">— Tất cả cơ quan ban hành —<" in html


def test_feedback_inbox_selects_say_what_to_choose(client, django_user_model, item):
    admin = django_user_model.objects.create_superuser("qt-chon", "qt@example.invalid", "x" * 12)
    client.force_login(admin)
    for url in (
        reverse("feedback_items:index"),
        reverse("feedback_items:edit", args=(item.pk,)),
    ):
        html = client.get(url).content.decode()
        assert "---------" not in html, url
