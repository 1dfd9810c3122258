"""Tree rules both ways, and an editor can create every page type through the admin."""

import pytest
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page, get_page_models
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
from home.models import HomePage
from materials.models import CellMaterialIndexPage
from navigation.models import OrgChartPage
from register.models import DocumentRegisterPage
from schedules.models import ScheduleDirectoryPage, ScheduleIndexPage
from units.models import IntroductionPage, UnitPage

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
            | {ScheduleDirectoryPage}  # added by the schedules app
            | {PhotoLibraryPage, VideoLibraryPage}  # added by the galleries app
            | {OrgChartPage},  # added by the navigation app
        )

    def test_unit_page(self):
        self.assertAllowedParentPageTypes(UnitPage, {HomePage, UnitPage})
        self.assertAllowedSubpageTypes(
            UnitPage,
            {UnitPage, SectionPage, ArticlePage, DirectivePage, ConsultationPage}
            | {ScheduleIndexPage}  # added by the schedules app
            | {GalleryIndexPage}  # added by the galleries app
            | {CellMaterialIndexPage},  # added by the materials app
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

    def test_introduction_and_register(self):
        self.assertAllowedParentPageTypes(IntroductionPage, {HomePage})
        self.assertAllowedSubpageTypes(IntroductionPage, set())
        self.assertAllowedParentPageTypes(DocumentRegisterPage, {HomePage})
        self.assertAllowedSubpageTypes(DocumentRegisterPage, set())

    def test_tree_rules_name_only_lower_apps(self):
        """A page type's rules name its own app's types or lower ones (units <- articles <-
        home <- the rest): the lower side of a rule follows from the higher's declaration."""
        rank = {"wagtailcore": 0, "units": 1, "articles": 2, "home": 3}
        for model in get_page_models():
            for rule in ("parent_page_types", "subpage_types"):
                for name in getattr(model, rule, None) or []:
                    named = resolve_model_string(name, model._meta.app_label)
                    with self.subTest(model=model.__name__, rule=rule, named=name):
                        self.assertLessEqual(
                            rank.get(named._meta.app_label, 4), rank.get(model._meta.app_label, 4)
                        )

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
