"""Góp ý – Hỏi đáp from every page: one main-menu entry, whatever editors configured, to a
page holding the form, the look-up by tracking code, answered questions and open
consultations."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import handling
from navigation.models import PortalSettings

from .factories import ConsultationIndexPageFactory, ConsultationPageFactory

pytestmark = pytest.mark.django_db

HUB = "/gop-y/"


def _menu(html):
    nav = html.split('aria-label="Menu chính"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', nav)


@pytest.fixture
def answered(district, category, qa_index, django_user_model):
    admin = django_user_model.objects.create_superuser("qt-menu", "qt@example.invalid", "x" * 12)
    item = handling.receive(
        {
            "name": "Bạn đọc",
            "email": "ban.doc@example.vn",
            "phone": "",
            "address": "",
            "subject": "Hỏi về chuẩn hộ nghèo",
            "message": "Chuẩn hộ nghèo giai đoạn mới là gì?",
            "consent_publish": True,
        },
        unit=district,
        category=category,
    )
    handling.reply(item, admin, "<p>Chuẩn hộ nghèo theo quy định mới.</p>")
    handling.approve_publication(
        item, admin, "Chuẩn hộ nghèo giai đoạn 2022–2025", "Chuẩn hộ nghèo là gì?"
    )
    return item


def test_every_page_has_the_feedback_entry_in_the_main_menu(client, home, article, qa_index):
    for url in ("/", article.url, qa_index.url, reverse("search"), "/khong-co-trang-nay/"):
        links = _menu(client.get(url).content.decode())
        assert (HUB, "Góp ý – Hỏi đáp") in links, url
        # It takes the Q&A page's place: the hub links on to it.
        assert [link for link in links if link[0] == qa_index.url] == [], url


def test_the_entry_stays_when_editors_configure_the_menu(client, home, province):
    settings = PortalSettings.for_site(home.get_site())
    settings.menu = [("item", {"title": "Tỉnh ủy", "page": province, "url": ""})]
    settings.save()
    links = _menu(client.get("/").content.decode())
    assert links[-2:] == [(province.url, "Tỉnh ủy"), (HUB, "Góp ý – Hỏi đáp")]


def test_an_editors_own_feedback_link_is_not_doubled(client, home):
    settings = PortalSettings.for_site(home.get_site())
    settings.menu = [("item", {"title": "Góp ý", "page": None, "url": HUB})]
    settings.save()
    links = _menu(client.get("/").content.decode())
    assert [link for link in links if link[0] == HUB] == [(HUB, "Góp ý")]


def test_the_hub_holds_form_lookup_answers_and_open_consultations(
    client, home, province, answered, category
):
    ConsultationIndexPageFactory(parent=home)
    today = timezone.localdate()
    ConsultationPageFactory(
        parent=province,
        title="Dự thảo Quy chế làm việc nhiệm kỳ 2025–2030",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        category=category,
    )
    ConsultationPageFactory(
        parent=province,
        title="Dự thảo đã hết hạn",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
        category=category,
    )
    response = client.get(HUB)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Góp ý – Hỏi đáp</h1>" in html
    assert f'action="{reverse("feedback-submit")}"' in html
    assert f'action="{reverse("feedback-status")}"' in html and 'name="code"' in html
    assert "Chuẩn hộ nghèo giai đoạn 2022–2025" in html
    assert "Dự thảo Quy chế làm việc nhiệm kỳ 2025–2030" in html
    assert "Dự thảo đã hết hạn" not in html
    # Never a sender's details on the public page.
    assert "ban.doc@example.vn" not in html


def test_the_lookup_form_on_the_hub_finds_an_item(client, answered):
    html = client.get(HUB).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("feedback-status"),
        {
            "csrfmiddlewaretoken": token,
            "code": answered.tracking_code,
            "contact": "ban.doc@example.vn",
        },
    )
    assert response.status_code == 200
    assert f"Góp ý {answered.tracking_code}" in response.content.decode()
