"""Party documents by the Party's own rules (issue #18): distinct bodies of the centre, the
signing line (36-HD/VPTW), relations and statuses, authority checks (66-QĐ/TW), the
implementation tree. Rules and their sources: docs/documents.md."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from articles.authority import create_default_rules
from articles.models import AuthorityRule, DirectivePage, DocumentType
from articles.signing import signing_line
from register.models import DocumentRegisterPage

from .factories import (
    DirectivePageFactory,
    DocumentTypeFactory,
    IssuerFactory,
    TermFactory,
    UnitKindFactory,
    UnitPageFactory,
)


@pytest.fixture
def politburo(db):
    return IssuerFactory(code="TW", name="Bộ Chính trị", kind="politburo")


@pytest.fixture
def central_committee(db):
    return IssuerFactory(code="TW", name="Ban Chấp hành Trung ương Đảng", kind="central_committee")


@pytest.fixture
def resolution_35(province, politburo):
    return DirectivePageFactory(
        parent=province,
        number=35,
        title="Nghị quyết số 35-NQ/TW về bảo vệ nền tảng tư tưởng của Đảng",
        issuer=politburo,
        signing_authority="T/M",
        signing_body="Bộ Chính trị",
        signer_title="Tổng Bí thư",
        signer_name="Nguyễn Phú Trọng",
    )


# --- 1. the signing line (Hướng dẫn 36-HD/VPTW) -------------------------------------------


@pytest.mark.parametrize(
    ("parts", "line"),
    [
        (
            ("T/M", "Ban Thường vụ", "Phó Bí thư", "Nguyễn Văn A"),
            "T/M Ban Thường vụ – Phó Bí thư – Nguyễn Văn A",
        ),
        (
            ("T/M", "Bộ Chính trị", "Tổng Bí thư", "Nguyễn Phú Trọng"),
            "T/M Bộ Chính trị – Tổng Bí thư – Nguyễn Phú Trọng",
        ),
        (("K/T", "Bí thư", "Phó Bí thư", "Trần B"), "K/T Bí thư – Phó Bí thư – Trần B"),
        (("", "", "Trưởng Ban", "Võ C"), "Trưởng Ban – Võ C"),
        (("T/M", "", "Bí thư", "Lê D"), "T/M Tỉnh ủy Tây Ninh – Bí thư – Lê D"),  # the issuer
        (("K/T", "", "Phó Trưởng Ban", "Lê E"), "K/T – Phó Trưởng Ban – Lê E"),  # no one guessed
        (("T/M", "  Ban\nThường   vụ ", "", ""), "T/M Ban Thường vụ"),
    ],
)
def test_signing_line_follows_36_hd_vptw(parts, line):
    assert signing_line(*parts, fallback_body="Tỉnh ủy Tây Ninh") == line


@pytest.mark.django_db
def test_page_api_and_search_json_show_the_body_and_the_signing_line(client, resolution_35):
    html = client.get(resolution_35.url).content.decode()
    assert '<th scope="row">Cơ quan ban hành</th><td>Bộ Chính trị</td>' in html
    assert "T/M Bộ Chính trị – Tổng Bí thư – Nguyễn Phú Trọng" in html
    data = client.get(f"/api/v2/pages/{resolution_35.pk}/").json()
    assert data["signing_line"] == "T/M Bộ Chính trị – Tổng Bí thư – Nguyễn Phú Trọng"
    assert data["signing_body"] == "Bộ Chính trị"
    assert data["issuers"][0]["name"] == "Bộ Chính trị"
    found = client.get("/search/", {"q": "35-NQ/TW", "format": "json"}).json()
    result = next(r for r in found["results"] if r["number_symbol"] == "35-NQ/TW")
    assert result["signing_line"] == "T/M Bộ Chính trị – Tổng Bí thư – Nguyễn Phú Trọng"
    assert result["status"] == "Còn hiệu lực"


# --- 2. the bodies of the centre are distinct issuers -------------------------------------


@pytest.mark.django_db
def test_register_and_facets_offer_the_bodies_of_the_centre_apart(
    client, home, resolution_35, central_committee
):
    resolution_18 = DirectivePageFactory(
        parent=resolution_35.get_parent(), number=18, issuer=central_committee
    )
    register = home.add_child(instance=DocumentRegisterPage(title="Tra cứu văn bản", slug="tcvb"))
    html = client.get(register.url).content.decode()
    assert f'<option value="{resolution_35.issuer.pk}">TW – Bộ Chính trị</option>' in html
    assert (
        f'<option value="{central_committee.pk}">TW – Ban Chấp hành Trung ương Đảng</option>'
        in html
    )
    filtered = client.get(register.url, {"issuer": resolution_35.issuer.pk}).content.decode()
    assert "35-NQ/TW" in filtered and resolution_18.number_symbol not in filtered
    found = client.get("/search/", {"q": "nghị quyết", "format": "json"}).json()
    labels = {item["label"] for item in found["facets"]["co_quan"]}
    assert {"TW – Bộ Chính trị", "TW – Ban Chấp hành Trung ương Đảng"} <= labels
    assert resolution_35.number_symbol == "35-NQ/TW"  # the symbol keeps TW


# --- 3. relations and statuses -------------------------------------------------------------


@pytest.mark.django_db
def test_amends_supplements_repeals_show_on_both_pages(client, province, resolution_35):
    amending = DirectivePageFactory(parent=province, number=2, title="Quyết định sửa đổi")
    supplementing = DirectivePageFactory(parent=province, number=3, title="Quyết định bổ sung")
    repealing = DirectivePageFactory(parent=province, number=4, title="Quyết định bãi bỏ")
    amending.amends.add(resolution_35)
    supplementing.supplements.add(resolution_35)
    repealing.repeals.add(resolution_35)
    for page in (amending, supplementing, repealing):
        page.save()
    target = client.get(resolution_35.url).content.decode()
    assert "Được sửa đổi bởi: <a" in target and "Quyết định sửa đổi" in target
    assert "Được bổ sung bởi: <a" in target and "Quyết định bổ sung" in target
    assert "Bị bãi bỏ bởi: <a" in target and "Quyết định bãi bỏ" in target
    assert "Sửa đổi: <a" in client.get(amending.url).content.decode()
    assert "Bổ sung: <a" in client.get(supplementing.url).content.decode()
    assert "Bãi bỏ: <a" in client.get(repealing.url).content.decode()


@pytest.mark.django_db
def test_publishing_a_replacing_document_marks_the_old_one_replaced_with_a_history_note(
    client, province, resolution_35, django_user_model
):
    user = django_user_model.objects.create_superuser("qt", "qt@example.invalid", "mk-dai-12345")
    resolution_35.save_revision(user=user).publish(user=user)  # a revision to keep in step
    new = DirectivePageFactory(parent=province, number=99, title="Nghị quyết thay thế")
    new.replaces.add(resolution_35)
    new.save_revision(user=user).publish(user=user)

    old = DirectivePage.objects.get(pk=resolution_35.pk)
    assert old.status == DirectivePage.Status.REPLACED
    assert old.get_latest_revision_as_object().status == DirectivePage.Status.REPLACED
    entry = PageLogEntry.objects.get(page=old, action="articles.replaced")
    assert entry.data["by"] == new.number_symbol and entry.user == user
    assert "Đã được thay thế" in client.get(old.url).content.decode()
    # Published again from its latest revision, the old document stays replaced.
    old.get_latest_revision().publish()
    assert DirectivePage.objects.get(pk=old.pk).status == DirectivePage.Status.REPLACED
    assert "Đã được thay thế" in client.get(old.url, {"x": 1}).content.decode()


@pytest.mark.django_db
def test_a_document_before_its_effective_date_is_not_yet_in_force(client, home, province):
    later = datetime.date.today() + datetime.timedelta(days=30)
    page = DirectivePageFactory(parent=province, number=7, effective_date=later)
    assert page.status == DirectivePage.Status.NOT_YET
    assert "Chưa có hiệu lực" in client.get(page.url).content.decode()
    # Stored "in force" by an import: readers still see "not yet", and the filter agrees.
    DirectivePage.objects.filter(pk=page.pk).update(status=DirectivePage.Status.IN_FORCE)
    assert "Chưa có hiệu lực" in client.get(page.url, {"x": 1}).content.decode()  # not cached
    register = home.add_child(instance=DocumentRegisterPage(title="Tra cứu văn bản", slug="tcvb"))
    assert "07-NQ/TW" in client.get(register.url, {"status": "not_yet"}).content.decode()
    assert "07-NQ/TW" not in client.get(register.url, {"status": "in_force"}).content.decode()
    api = client.get("/api/v2/pages/", {"type": "articles.DirectivePage", "status": "not_yet"})
    assert [item["id"] for item in api.json()["items"]] == [page.pk]


# --- 4. authority checks (Quy định 66-QĐ/TW) ----------------------------------------------


@pytest.fixture
def staff_ban(db):
    DocumentTypeFactory()  # Nghị quyết (NQ): the rules are made for the types that exist
    issuer = IssuerFactory(code="BTCTU", name="Ban Tổ chức Tỉnh ủy", kind="staff")
    create_default_rules(AuthorityRule, DocumentType)
    return issuer


def resolution_form(issuer, **overrides):
    data = {
        "title": "Nghị quyết số 12-NQ/BTCTU",
        "slug": "nghi-quyet-12",
        "number": "12",
        "document_type": DocumentTypeFactory().pk,  # Nghị quyết (NQ)
        "issuer": issuer.pk,
        "term": TermFactory().pk,
        "co_issuers": inline_formset([]),
        "attachments": inline_formset([]),
        "summary": "Về công tác tổ chức",
        "issue_date": "2024-03-01",
        "status": "in_force",
        "source": "own",
        "topics": [],
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("articles", "directivepage", parent.pk))


@pytest.mark.django_db
def test_an_editor_cannot_save_a_resolution_of_a_staff_ban(
    client, district, unit_editor, staff_ban
):
    assert AuthorityRule.objects.filter(issuer_kind="staff", document_type__code="NQ").exists()
    client.force_login(unit_editor)
    form = resolution_form(staff_ban, authority_override_reason="Tôi muốn lưu")  # not theirs
    response = client.post(add_url(district), form)
    assert response.status_code == 200
    errors = str(response.context["form"].errors["document_type"])
    assert "Ban Tổ chức Tỉnh ủy" in errors and "không có thẩm quyền ban hành Nghị quyết" in errors
    assert "66-QĐ/TW" in errors
    assert not DirectivePage.objects.exists()


@pytest.mark.django_db
def test_an_administrator_overrides_only_with_a_reason_kept_in_the_log(
    admin_client, province, staff_ban
):
    refused = admin_client.post(add_url(province), resolution_form(staff_ban))
    assert refused.status_code == 200
    assert "ghi lý do" in str(refused.context["form"].errors["authority_override_reason"])
    assert not DirectivePage.objects.exists()

    reason = "Văn bản gốc in nhầm ký hiệu, lưu đúng như bản giấy"
    saved = admin_client.post(
        add_url(province), resolution_form(staff_ban, authority_override_reason=reason)
    )
    assert saved.status_code == 302
    page = DirectivePage.objects.get()
    entry = PageLogEntry.objects.get(page=page, action="articles.authority_override")
    assert entry.data["reason"] == reason
    assert "66-QĐ/TW" in entry.data["rules"][0]
    assert entry.user.username == "quantri"


@pytest.mark.django_db
def test_a_staff_ban_may_issue_a_guidance(client, district, unit_editor, staff_ban):
    client.force_login(unit_editor)
    guidance = DocumentTypeFactory(name="Hướng dẫn", code="HD")
    response = client.post(add_url(district), resolution_form(staff_ban, document_type=guidance.pk))
    assert response.status_code == 302
    assert DirectivePage.objects.get().number_symbol == "12-HD/BTCTU"


# --- 5. the implementation tree ------------------------------------------------------------


@pytest.fixture
def committees(province):
    """The province and three committees under it (kinds with issuer kind party_committee)."""
    committee_kind = UnitKindFactory(name="Huyện ủy", issuer_kind="party_committee")
    province.kind.issuer_kind = "party_committee"
    province.kind.save()
    staff_kind = UnitKindFactory(name="Cơ quan tham mưu, giúp việc", issuer_kind="staff")
    UnitPageFactory(
        parent=province, title="Ban Tuyên giáo Tỉnh ủy", kind=staff_kind, issuer_code="BTGTU"
    )
    units = [
        UnitPageFactory(parent=province, title=title, kind=committee_kind, issuer_code=code)
        for title, code in [
            ("Thành ủy Tây Ninh", "ThU"),
            ("Huyện ủy Gò Dầu", "HU"),
            ("Huyện ủy Tân Biên", "HU"),
        ]
    ]
    UnitPageFactory(
        parent=province,
        title="Huyện ủy đã giải thể",
        kind=committee_kind,
        issuer_code="HU",
        valid_until=datetime.date(2025, 6, 30),
    )
    return units


def plan(parent, number, implements, code="KH"):
    page = DirectivePageFactory(
        parent=parent,
        number=number,
        title=f"Kế hoạch số {number}",
        document_type=DocumentTypeFactory(name="Kế hoạch", code=code),
        issuer=parent.issuer,
        issue_date=datetime.date(2019, 1, 1),
    )
    page.implements.add(implements)
    page.save()
    return page


@pytest.mark.django_db
def test_implementation_tree_of_a_central_resolution(client, province, committees, resolution_35):
    DocumentType.objects.filter(code="NQ").update(needs_implementation=True)
    city, go_dau, tan_bien = committees
    provincial = plan(province, 121, resolution_35)
    plan(city, 95, provincial)
    plan(go_dau, 88, provincial)
    html = client.get(resolution_35.url).content.decode()
    assert "Cây triển khai" in html
    assert "3 văn bản triển khai thực hiện" in html
    section = html[html.index("Cây triển khai") :]
    assert section.index("121-KH/TU") < section.index("95-KH/ThU")  # district under province
    assert (
        "Đã ban hành văn bản triển khai (3): Tỉnh ủy Tây Ninh, Thành ủy Tây Ninh, Huyện ủy Gò Dầu."
        in html
    )
    assert "Chưa có văn bản triển khai (1)" in html and "Huyện ủy Tân Biên</a>" in html
    assert "Huyện ủy đã giải thể" not in html  # archived: not expected any more
    assert "Ban Tuyên giáo Tỉnh ủy" not in section  # a staff Ban is not a committee


@pytest.mark.django_db
def test_implementation_tree_costs_the_same_queries_whatever_its_size(
    client, province, committees, resolution_35
):
    DocumentType.objects.filter(code="NQ").update(needs_implementation=True)
    city, go_dau, tan_bien = committees
    provincial = plan(province, 121, resolution_35)
    district_plan = plan(city, 95, provincial)

    bypass = iter(range(100))

    def queries():  # a fresh query string misses the page cache (tests/test_reader_queries)
        with CaptureQueriesContext(connection) as context:
            response = client.get(resolution_35.url, {"x": next(bypass)})
        assert response.status_code == 200 and response.get("X-Page-Cache") == "miss"
        return len(context.captured_queries)

    queries()  # warm the caches (site, settings)
    small = queries()
    plan(go_dau, 88, provincial)
    plan(tan_bien, 90, provincial)
    plan(city, 96, district_plan)  # a third level
    plan(province, 122, resolution_35)
    assert queries() == small + 1  # one more level of the tree, nothing per document


@pytest.mark.django_db
def test_a_report_has_no_implementation_tree(client, province, committees):
    report = DirectivePageFactory(
        parent=province,
        number=3,
        document_type=DocumentTypeFactory(name="Báo cáo", code="BC"),
        issuer=province.issuer,
    )
    assert "Cây triển khai" not in client.get(report.url).content.decode()


@pytest.mark.django_db
def test_only_an_administrator_sees_the_override_field(client, admin_client, district, unit_editor):
    assert "authority_override_reason" in admin_client.get(add_url(district)).content.decode()
    client.force_login(unit_editor)
    response = client.get(add_url(district))
    assert response.status_code == 200
    assert "authority_override_reason" not in response.content.decode()
