"""seed_demo builds the Tây Ninh hierarchy with real PDFs, and a second run changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from articles.models import ArticlePage, DirectivePage, TopicPage
from newsfeeds.models import ExternalFeed
from units.models import UnitPage

UNITS_NAMED_IN_DOMAIN = [
    "Tỉnh ủy Tây Ninh",
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo Tỉnh ủy",
    "Ban Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Nội chính Tỉnh ủy",
    "Trường Chính trị tỉnh Tây Ninh",
    "Thành ủy Tây Ninh",
    "Thị ủy Hòa Thành",
    "Thị ủy Trảng Bàng",
    "Huyện ủy Tân Biên",
    "Huyện ủy Tân Châu",
    "Huyện ủy Dương Minh Châu",
    "Huyện ủy Châu Thành",
    "Huyện ủy Gò Dầu",
    "Huyện ủy Bến Cầu",
    "Đảng ủy Khối cơ quan và doanh nghiệp tỉnh",
    "Đảng ủy Quân sự tỉnh",
    "Đảng ủy Công an tỉnh",
]


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.count(),
        "directives": DirectivePage.objects.count(),
        "documents": get_document_model().objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "feeds": ExternalFeed.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """One seed for the module, in a transaction rolled back at its end; each test runs in
    a savepoint inside it (the db fixture), so what a test changes (a second seed, a
    larger one) is undone before the next test reads the freshly seeded data."""
    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        patch.setenv("DEMO_PASSWORD", "mat-khau-demo-12")
        call_command("seed_demo", articles=40, documents=12, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    pass


def test_seed_builds_the_hierarchy(seeded):
    titles = set(UnitPage.objects.values_list("title", flat=True))
    assert set(UNITS_NAMED_IN_DOMAIN) <= titles
    province = UnitPage.objects.get(title="Tỉnh ủy Tây Ninh")
    assert UnitPage.objects.child_of(province).count() >= 19
    assert all(unit.leaders.exists() and unit.address for unit in UnitPage.objects.all())
    assert TopicPage.objects.filter(title="Bảo vệ nền tảng tư tưởng của Đảng").exists()
    assert ArticlePage.objects.live().count() == 40
    assert all(not problems for problems in Page.find_problems())
    # One demo external feed for the admin, inactive: make run fetches nothing.
    feed = ExternalFeed.objects.get()
    assert not feed.active and feed.placement == ExternalFeed.Placement.HOME


def test_seed_twice_changes_nothing(seeded):
    before = counts()
    call_command("seed_demo", articles=40, documents=12, stdout=io.StringIO())
    assert counts() == before


def test_seed_grows_to_larger_sizes_without_duplicates(seeded):
    call_command("seed_demo", articles=60, documents=12, stdout=io.StringIO())
    assert ArticlePage.objects.count() == 60
    assert ArticlePage.objects.values("slug").distinct().count() == 60


def test_real_documents_have_pdfs_with_their_text(seeded):
    resolution = DirectivePage.objects.get(number_symbol="35-NQ/TW")
    assert resolution.issue_date.isoformat() == "2018-10-22"
    assert resolution.term.name.startswith("Ban Chấp hành Trung ương khóa XII")
    document = resolution.attachments.get().document
    assert document.file_extension == "pdf"
    with document.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "35-NQ/TW" in text
    assert "bảo vệ nền tảng tư tưởng của Đảng" in text
    for symbol in ("05-CT/TW", "18-NQ/TW", "138-KH/TU"):
        assert DirectivePage.objects.filter(number_symbol=symbol).exists()


def test_admin_account_uses_demo_password(seeded):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("mat-khau-demo-12")


def test_seeded_site_renders(seeded, client):
    for page in [
        Page.objects.get(depth=2),
        *UnitPage.objects.all()[:3],
        ArticlePage.objects.first(),
        DirectivePage.objects.first(),
    ]:
        assert client.get(page.url).status_code == 200


def test_seed_has_the_feedback_path(seeded, client):
    from feedback.models import ConsultationPage, FeedbackItem, QAIndexPage, QuestionPage

    items = FeedbackItem.objects.count()
    call_command("seed_demo", articles=40, documents=12, stdout=io.StringIO())
    assert FeedbackItem.objects.count() == items == 3
    question = QuestionPage.objects.live().get()
    assert question.title in client.get(QAIndexPage.objects.get().url).content.decode()
    consultation = ConsultationPage.objects.live().get()
    assert consultation.is_open
    assert 'name="message"' in client.get(consultation.url).content.decode()
    assert client.get("/gop-y/").status_code == 200


def test_seeded_documents_respect_issuing_authority(seeded):
    """Quy định 66-QĐ/TW as the portal checks it (docs/documents.md): no seeded document
    comes from an issuer that may not issue its type, and the centre's bodies are apart."""
    from articles.authority import refusals

    documents = DirectivePage.objects.select_related("issuer", "document_type").prefetch_related(
        "co_issuers__issuer"
    )
    assert documents.exists()
    for page in documents:
        issuers = [page.issuer, *(link.issuer for link in page.co_issuers.all())]
        assert refusals(issuers, page.document_type) == [], page.number_symbol
    resolution = documents.get(number_symbol="35-NQ/TW")
    assert resolution.issuer.name == "Bộ Chính trị"
    assert resolution.signing_line == "T/M Bộ Chính trị – Tổng Bí thư – Nguyễn Phú Trọng"


def test_seed_sets_the_dcs_menu_footer_emblem_and_org_chart(seeded, client):
    from navigation.models import OrgChartPage, PortalSettings, UnitContact

    settings = PortalSettings.objects.get()
    menu = {block.value["title"]: block.value for block in settings.menu}
    assert list(menu) == [
        "Giới thiệu",
        "Tin tức",
        "Văn bản",
        "Chuyên đề",
        "Lịch công tác",
        "Media",
        "Góp ý – Hỏi đáp",
        "Lấy ý kiến",
    ]
    assert [child["title"] for child in menu["Giới thiệu"]["children"]] == [
        "Giới thiệu chung",
        "Sơ đồ tổ chức",
        "Lãnh đạo, liên hệ",
    ]
    assert [child["title"] for child in menu["Media"]["children"]] == ["Thư viện ảnh", "Video"]
    documents = menu["Văn bản"]["children"]
    assert [child["title"] for child in documents] == [
        "Tra cứu văn bản",
        "Tài liệu sinh hoạt chi bộ",
    ]
    assert documents[1]["page"].specific_class.__name__ == "CellMaterialIndexPage"
    assert len(menu["Tin tức"]["children"]) >= 3
    assert settings.phone and settings.email and settings.responsible and settings.address
    assert settings.emblem.title.startswith("Cờ Đảng")
    html = client.get("/").content.decode()
    assert "★" not in html and "site-nav__sub" in html
    assert f"Chịu trách nhiệm chính: {settings.responsible}" in html
    chart = OrgChartPage.objects.live().get()
    assert chart.url in html
    assert UnitContact.objects.exists()
    contact = UnitContact.objects.first()
    assert contact.name in client.get(chart.url).content.decode()


def test_seed_has_a_year_of_cell_materials_with_pdfs(seeded, client):
    from materials.models import CellMaterialPage
    from materials.periods import this_month

    materials = CellMaterialPage.objects.live()
    assert materials.count() == 24  # twelve months, two kinds
    assert {m.owning_unit.org_key for m in materials} <= {
        "ban-tuyen-giao-dan-van",
        "ban-tuyen-giao",
    }
    year, month = this_month()
    current = materials.get(year=year, month=month, kind="sinh-hoat-chi-bo")
    document = current.files.get().document
    with document.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(handle).pages)
    assert f"tháng {month}/{year}".upper() in text.upper()
    home = Page.objects.get(depth=2)
    assert current.title in client.get(home.url).content.decode()
