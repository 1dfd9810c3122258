"""Tree rules both ways, and an editor can create every page type through the admin."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import (
    ArticlePage,
    DirectivePage,
    SectionPage,
    TopicIndexPage,
    TopicPage,
)
from feedback.models import ConsultationIndexPage, ConsultationPage, QAIndexPage
from galleries.models import GalleryIndexPage, PhotoLibraryPage, VideoLibraryPage
from home.models import DocumentRegisterPage, HomePage, IntroductionPage
from units.models import UnitPage

from .factories import (
    DocumentTypeFactory,
    IssuerFactory,
    SectionPageFactory,
    TermFactory,
    TopicIndexPageFactory,
    UnitKindFactory,
    UnitPageFactory,
)


class TreeRulesTests(WagtailPageTestCase):
    def test_home_page(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {UnitPage, TopicIndexPage, DocumentRegisterPage, IntroductionPage}
            | {QAIndexPage, ConsultationIndexPage}  # added by the feedback app
            | {PhotoLibraryPage, VideoLibraryPage},  # added by the galleries app
        )

    def test_unit_page(self):
        self.assertAllowedParentPageTypes(UnitPage, {HomePage, UnitPage})
        self.assertAllowedSubpageTypes(
            UnitPage,
            {UnitPage, SectionPage, ArticlePage, DirectivePage, ConsultationPage}
            | {GalleryIndexPage},  # added by the galleries app
        )

    def test_section_page(self):
        self.assertAllowedParentPageTypes(SectionPage, {UnitPage})
        self.assertAllowedSubpageTypes(SectionPage, {ArticlePage})

    def test_article_page(self):
        self.assertAllowedParentPageTypes(ArticlePage, {UnitPage, SectionPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_directive_page(self):
        self.assertAllowedParentPageTypes(DirectivePage, {UnitPage})
        self.assertAllowedSubpageTypes(DirectivePage, set())

    def test_topics(self):
        self.assertAllowedParentPageTypes(TopicIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TopicIndexPage, {TopicPage})
        self.assertAllowedParentPageTypes(TopicPage, {TopicIndexPage})
        self.assertAllowedSubpageTypes(TopicPage, set())

    def test_content_cannot_hang_off_the_home_page(self):
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, DirectivePage)
        self.assertCanNotCreateAt(HomePage, SectionPage)


class CreateThroughAdminTests(WagtailPageTestCase):
    """``assertCanCreate`` posts the real admin create form as a logged-in superuser."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2)
        cls.kind = UnitKindFactory(name="Tỉnh ủy")
        cls.unit = UnitPageFactory(parent=cls.home, title="Tỉnh ủy Tây Ninh", kind=cls.kind)
        cls.section = SectionPageFactory(parent=cls.unit, title="Xây dựng Đảng")
        cls.topic_index = TopicIndexPageFactory(parent=cls.home)
        cls.doc_type = DocumentTypeFactory()
        cls.term = TermFactory()
        cls.issuer = IssuerFactory()

    def setUp(self):
        self.login()

    def test_unit_page(self):
        self.assertCanCreate(
            self.unit,
            UnitPage,
            nested_form_data(
                {
                    "title": "Đảng ủy xã Thanh Phước",
                    "slug": "dang-uy-xa-thanh-phuoc",
                    "short_name": "Đảng ủy xã",
                    "kind": self.kind.pk,
                    "issuer_code": "ĐU",
                    "introduction": rich_text("<p>Lãnh đạo toàn diện ở xã.</p>"),
                    "leaders": inline_formset([{"name": "Lê Văn Tám", "position": "Bí thư"}]),
                }
            ),
        )
        unit = UnitPage.objects.get(slug="dang-uy-xa-thanh-phuoc")
        self.assertEqual([leader.name for leader in unit.leaders.all()], ["Lê Văn Tám"])
        self.assertEqual(unit.issuer.code, "ĐU")

    def test_section_page(self):
        self.assertCanCreate(
            self.unit,
            SectionPage,
            nested_form_data({"title": "Tin hoạt động cơ sở", "slug": "tin-hoat-dong-co-so"}),
        )

    def test_article_page(self):
        self.assertCanCreate(
            self.section,
            ArticlePage,
            nested_form_data(
                {
                    "title": "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5",
                    "slug": "hoi-nghi-bch-lan-thu-5",
                    "lead": "Sáng nay, hội nghị khai mạc.",
                    "body": streamfield([("paragraph", rich_text("<p>Nội dung</p>"))]),
                    "date": "2026-11-26 08:00",
                    "topics": [],
                }
            ),
        )

    def test_directive_page(self):
        self.assertCanCreate(
            self.unit,
            DirectivePage,
            nested_form_data(
                {
                    "title": "Nghị quyết số 35-NQ/TW",
                    "slug": "nghi-quyet-35-nq-tw",
                    "number": "35",
                    "document_type": self.doc_type.pk,
                    "issuer": self.issuer.pk,
                    "term": self.term.pk,
                    "co_issuers": inline_formset([]),
                    "attachments": inline_formset([]),
                    "summary": "Về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
                    "issue_date": "2018-10-22",
                    "status": "in_force",
                    "source": "mirrored",
                    "topics": [],
                }
            ),
        )
        self.assertEqual(DirectivePage.objects.get().number_symbol, "35-NQ/TW")

    def test_topic_page(self):
        self.assertCanCreate(
            self.topic_index,
            TopicPage,
            nested_form_data({"title": "An sinh xã hội", "slug": "an-sinh-xa-hoi"}),
        )


@pytest.mark.django_db
def test_only_one_home_page_per_site():
    assert not HomePage.can_create_at(Page.get_first_root_node())
