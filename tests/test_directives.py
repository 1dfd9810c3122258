"""Party documents through the admin: the symbol is built, duplicates and bad input refused."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from articles.models import DirectivePage

from .factories import DirectivePageFactory, DocumentTypeFactory, IssuerFactory, TermFactory


def directive_form(**overrides):
    data = {
        "title": "Nghị quyết số 35-NQ/TW",
        "slug": "nghi-quyet-35",
        "number": "35",
        "document_type": DocumentTypeFactory().pk,
        "issuer": IssuerFactory().pk,
        "term": TermFactory().pk,
        "co_issuers": inline_formset([]),
        "attachments": inline_formset([]),
        "summary": "Về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
        "issue_date": "2018-10-22",
        "status": "in_force",
        "source": "mirrored",
        "topics": [],
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("articles", "directivepage", parent.pk))


@pytest.mark.django_db
def test_joint_document_symbol_lists_every_issuer(admin_client, province):
    btc = IssuerFactory(code="BTCTU", name="Ban Tổ chức Tỉnh ủy")
    bdv = IssuerFactory(code="BDVTU", name="Ban Dân vận Tỉnh ủy")
    form = directive_form(
        number="5",
        document_type=DocumentTypeFactory(name="Quy chế", code="QC").pk,
        issuer=btc.pk,
        co_issuers=inline_formset([{"issuer": bdv.pk}]),
    )
    response = admin_client.post(add_url(province), form)
    assert response.status_code == 302
    assert DirectivePage.objects.get().number_symbol == "05-QC/BTCTU-BDVTU"


@pytest.mark.django_db
def test_duplicate_document_gets_a_clear_form_error_and_is_not_saved(admin_client, province):
    existing = DirectivePageFactory(parent=province, number=35)
    form = directive_form(
        slug="ban-sao",
        document_type=existing.document_type.pk,
        issuer=existing.issuer.pk,
        term=existing.term.pk,
    )
    response = admin_client.post(add_url(province), form)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Đã có văn bản 35-NQ/TW" in content
    assert DirectivePage.objects.count() == 1


@pytest.mark.django_db
def test_same_number_in_another_term_is_a_different_document(admin_client, province):
    existing = DirectivePageFactory(parent=province, number=35)
    other_term = TermFactory(name="Ban Chấp hành Trung ương khóa XIII (2021–2026)")
    form = directive_form(
        slug="nghi-quyet-35-khoa-xiii",
        document_type=existing.document_type.pk,
        issuer=existing.issuer.pk,
        term=other_term.pk,
    )
    assert admin_client.post(add_url(province), form).status_code == 302
    assert DirectivePage.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "number", ["", "abc", "-3", "0", "100000", "3" * 1000, "35-NQ/TW", "٣٥", "1e3", "\x00"]
)
def test_bad_numbers_are_refused_with_a_message(admin_client, province, number):
    response = admin_client.post(add_url(province), directive_form(number=number))
    assert response.status_code == 200
    assert b"error-message" in response.content
    assert DirectivePage.objects.count() == 0


@pytest.mark.django_db
def test_unknown_issuer_or_type_is_refused(admin_client, province):
    response = admin_client.post(
        add_url(province), directive_form(issuer="999999", document_type="x")
    )
    assert response.status_code == 200
    assert DirectivePage.objects.count() == 0


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    number=st.text(max_size=30),
    summary=st.text(max_size=3000),
    title=st.text(max_size=300),
)
def test_hostile_form_values_never_500(admin_client, province, number, summary, title):
    before = DirectivePage.objects.count()
    response = admin_client.post(
        add_url(province),
        directive_form(number=number, summary=summary, title=title, slug=f"s{before}x"),
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert DirectivePage.objects.count() == before
