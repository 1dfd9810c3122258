"""What the public reads: the Q&A pages (by unit and category), their feed, the shared
search (HTML and JSON) and the sitemap hold published questions and never a sender's
personal data; consultations take comments only while open."""

import datetime
import json

import feedparser
import pytest
from django.test import Client
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from feedback import handling
from feedback.models import (
    ConsultationIndexPage,
    ConsultationPage,
    FeedbackItem,
    QAIndexPage,
    QuestionPage,
)
from home.models import HomePage
from units.models import UnitPage

from .factories import CategoryFactory, ConsultationIndexPageFactory, ConsultationPageFactory
from .test_feedback import form_data, post

PRIVATE = {
    "name": "Lê Hoàng Phúc Riêng",
    "email": "phuc.rieng@example.vn",
    "phone": "0977111222",
    "address": "Số 99 hẻm Bí Mật, phường 3",
}


@pytest.fixture
def published(district, category, qa_index, admin_user):
    """Two answered questions, one published (consent + approval), one not (no consent)."""
    items = []
    for consent, subject in ((True, "Hỏi về chuẩn hộ nghèo"), (False, "Hỏi về đất đai riêng")):
        item = handling.receive(
            {**PRIVATE, "subject": subject, "message": "Nội dung câu hỏi nông thôn mới."},
            unit=district,
            category=category,
        )
        item.consent_publish = consent
        item.save()
        handling.reply(item, admin_user, "<p>Trả lời về nông thôn mới cho bạn đọc.</p>")
        items.append(item)
    handling.approve_publication(
        items[0], admin_user, "Chuẩn hộ nghèo giai đoạn mới", "Chuẩn hộ nghèo nông thôn mới là gì?"
    )
    items[0].refresh_from_db()
    return items


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("qt-hd", "qt@example.invalid", "x" * 12)


def assert_private_absent(text):
    for value in PRIVATE.values():
        assert value not in text
    assert "0977" not in text


class FeedbackTreeTests(WagtailPageTestCase):
    def test_feedback_pages_sit_where_they_belong(self):
        self.assertAllowedParentPageTypes(QAIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(QAIndexPage, {QuestionPage})
        self.assertAllowedParentPageTypes(QuestionPage, {QAIndexPage})
        self.assertAllowedSubpageTypes(QuestionPage, set())
        self.assertAllowedParentPageTypes(ConsultationIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ConsultationIndexPage, set())
        self.assertAllowedParentPageTypes(ConsultationPage, {UnitPage})
        self.assertAllowedSubpageTypes(ConsultationPage, set())


def test_question_page_and_index_show_only_the_published_one(client, published, qa_index):
    page = published[0].public_page
    html = client.get(page.url).content.decode()
    assert "Chuẩn hộ nghèo nông thôn mới là gì?" in html
    assert "Trả lời về nông thôn mới" in html
    assert_private_absent(html)
    index = client.get(qa_index.url).content.decode()
    assert "Chuẩn hộ nghèo giai đoạn mới" in index
    assert "Hỏi về đất đai riêng" not in index  # no consent: never published
    assert QuestionPage.objects.count() == 1
    assert_private_absent(index)


def test_index_filters_by_unit_and_category(client, published, qa_index, province, district):
    other = CategoryFactory(name="Kinh tế")
    assert "Chuẩn hộ nghèo" in client.get(qa_index.url, {"don_vi": province.pk}).content.decode()
    assert "Chuẩn hộ nghèo" in client.get(qa_index.url, {"don_vi": district.pk}).content.decode()
    assert "Chuẩn hộ nghèo" not in client.get(qa_index.url, {"linh_vuc": other.pk}).content.decode()
    for bad in ({"don_vi": "x"}, {"linh_vuc": "9" * 30}, {"page": "-1"}):
        response = client.get(qa_index.url, bad)
        assert response.status_code == 200


def test_script_in_a_published_question_is_escaped(client, published, admin_user):
    script = "<script>alert('qa')</script>"
    page = handling.approve_publication(published[0], admin_user, script, script)
    for url in (page.url, page.get_parent().url, "/feeds/hoi-dap/rss/"):
        html = client.get(url).content.decode()
        assert "<script>alert('qa')" not in html, url
        assert "&lt;script&gt;" in html, url


def test_feed_lists_published_questions_without_personal_data(client, published):
    response = client.get("/feeds/hoi-dap/rss/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert [entry.title for entry in feed.entries] == ["Chuẩn hộ nghèo giai đoạn mới"]
    assert_private_absent(response.content.decode())


def test_search_html_and_json_find_the_question_not_the_private_item(client, published):
    html = client.get("/search/", {"q": "chuan ho ngheo"}).content.decode()
    assert "Chuẩn hộ nghèo giai đoạn mới" in html
    data = client.get("/search/", {"q": "nông thôn mới", "format": "json"}).json()
    titles = [result["title"] for result in data["results"]]
    assert "Chuẩn hộ nghèo giai đoạn mới" in titles
    assert {r["type"] for r in data["results"] if r["title"].startswith("Chuẩn")} == {"hoi-dap"}
    only = client.get("/search/", {"q": "ho ngheo", "loai": "hoi-dap", "format": "json"}).json()
    assert [r["title"] for r in only["results"]] == ["Chuẩn hộ nghèo giai đoạn mới"]
    for query in ("Lê Hoàng Phúc", "phuc.rieng", "0977111222", "Bí Mật", "đất đai riêng"):
        response = client.get("/search/", {"q": query, "format": "json"}).json()
        assert response["count"] == 0, query
        assert_private_absent(json.dumps(response["results"], ensure_ascii=False))
    suggest = client.get("/search/suggest/", {"q": "Le Hoang"}).content.decode()
    assert_private_absent(suggest)


def test_sitemap_holds_the_question_page_only(client, published):
    xml = client.get("/sitemap.xml").content.decode()
    assert published[0].public_page.url_path.split("/")[-2] in xml
    assert_private_absent(xml)
    assert "/gop-y/tra-cuu/" not in xml


def test_withdrawing_publication_takes_the_page_down(client, published, admin_user):
    page = published[0].public_page
    handling.withdraw_publication(published[0], admin_user)
    assert Client().get(page.url).status_code == 404
    assert "Chuẩn hộ nghèo" not in client.get("/feeds/hoi-dap/rss/").content.decode()


def test_marking_published_item_as_spam_unpublishes_it(client, published, admin_user):
    page = published[0].public_page
    handling.mark(published[0], admin_user, FeedbackItem.Status.SPAM)
    assert not QuestionPage.objects.get(pk=page.pk).live


def test_status_page_shows_the_reply_to_the_sender(client, published):
    item = published[1]
    response = client.post("/gop-y/tra-cuu/", {"code": item.tracking_code, "contact": item.phone})
    html = response.content.decode()
    assert "Đã trả lời" in html and "Trả lời về nông thôn mới cho bạn đọc." in html


def test_error_pages_hold_no_personal_data(client, published):
    response = client.get("/gop-y/da-gui/not-a-signed-token/")
    assert response.status_code == 404
    assert_private_absent(response.content.decode())


# --- consultations -----------------------------------------------------------------------


@pytest.fixture
def consultation(province, home):
    ConsultationIndexPageFactory(parent=home)
    return ConsultationPageFactory(parent=province, title="Dự thảo Quy chế làm việc")


def test_open_consultation_takes_a_comment_into_the_unit_inbox(client, consultation, province):
    page = client.get(consultation.url)
    html = page.content.decode()
    assert page.status_code == 200
    for fact in ("vanphong@example.invalid", "Số 1 đường Trần Hưng Đạo", "du-thao", "Gửi ý kiến"):
        assert fact in html
    assert "no-store" in page["Cache-Control"]
    response = client.post(
        consultation.url,
        {k: v for k, v in form_data().items() if k not in ("unit", "category", "subject")},
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.consultation_id == consultation.pk
    assert item.unit_id == province.pk
    assert item.category_id == consultation.category_id
    assert not item.consent_publish
    assert item.subject == "Góp ý dự thảo: Dự thảo Quy chế làm việc"


def test_closed_consultation_says_so_and_refuses_posts(client, consultation):
    consultation.opens_on = timezone.localdate() - datetime.timedelta(days=30)
    consultation.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    consultation.opinions_summary = "<p>Đã nhận 12 ý kiến, tiếp thu 9 ý kiến.</p>"
    consultation.save_revision().publish()
    page = client.get(consultation.url)
    html = page.content.decode()
    assert "Đã hết thời hạn góp ý" in html and 'name="message"' not in html
    assert "Đã nhận 12 ý kiến" in html
    response = client.post(
        consultation.url,
        {k: v for k, v in form_data().items() if k not in ("unit", "category", "subject")},
    )
    assert response.status_code == 403
    assert "Đã hết thời hạn góp ý" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_summary_stays_hidden_while_open(client, consultation):
    consultation.opinions_summary = "<p>Tổng hợp sơ bộ nội bộ.</p>"
    consultation.save_revision().publish()
    html = client.get(consultation.url).content.decode()
    assert "Tổng hợp sơ bộ" not in html  # neither in the page nor in its meta tags


def test_consultation_index_lists_open_and_past(client, consultation, home):
    past = ConsultationPageFactory(
        parent=consultation.get_parent(),
        title="Dự thảo đã xong",
        opens_on=datetime.date(2025, 1, 1),
        closes_on=datetime.date(2025, 2, 1),
    )
    index = ConsultationIndexPage.objects.get()
    html = client.get(index.url).content.decode()
    assert html.index(consultation.title) < html.index("Đã hết hạn góp ý") < html.index(past.title)


def test_consultation_dates_are_checked(consultation):
    from django.core.exceptions import ValidationError

    consultation.closes_on = consultation.opens_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        consultation.full_clean()


def test_public_form_lists_live_units_and_refuses_archived_ones(client, district, category):
    UnitPage.objects.filter(pk=district.pk).update(valid_until=datetime.date(2025, 6, 30))
    response = post(client, form_data(district, category))
    assert response.status_code == 200
    assert not FeedbackItem.objects.exists()
