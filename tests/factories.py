"""Factories that build the page tree: Site → HomePage → UnitPage → content."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from articles.models import (
    ArticlePage,
    DirectivePage,
    DocumentType,
    SectionPage,
    Term,
    TopicIndexPage,
    TopicPage,
)
from portal.vietnamese import slugify_vi
from units.models import Issuer, UnitKind, UnitPage


class PortalPageFactory(wagtail_factories.PageFactory):
    slug = factory.LazyAttribute(lambda page: slugify_vi(page.title))

    class Meta:
        abstract = True


class UnitKindFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Loại đơn vị {n}")

    class Meta:
        model = UnitKind
        django_get_or_create = ["name"]


class UnitPageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Huyện ủy Thử nghiệm {n}")
    kind = factory.SubFactory(UnitKindFactory, name="Huyện ủy")
    issuer_code = "HU"

    class Meta:
        model = UnitPage


class SectionPageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Chuyên mục {n}")

    class Meta:
        model = SectionPage


class TopicIndexPageFactory(PortalPageFactory):
    title = "Chuyên đề"

    class Meta:
        model = TopicIndexPage


class TopicPageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Chuyên đề số {n}")

    class Meta:
        model = TopicPage


class ArticlePageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Đại hội Đảng bộ lần thứ {n} thành công tốt đẹp")
    lead = "Sáng nay, đại hội đã khai mạc trọng thể."
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Đại hội bầu Ban Chấp hành khóa mới.</p>"}]
    )
    date = factory.LazyFunction(timezone.now)

    class Meta:
        model = ArticlePage


class DocumentTypeFactory(DjangoModelFactory):
    name = "Nghị quyết"
    code = "NQ"

    class Meta:
        model = DocumentType
        django_get_or_create = ["code"]


class TermFactory(DjangoModelFactory):
    name = "Ban Chấp hành Trung ương khóa XII (2016–2021)"
    start_date = datetime.date(2016, 1, 28)
    end_date = datetime.date(2021, 1, 31)

    class Meta:
        model = Term
        django_get_or_create = ["name"]


class IssuerFactory(DjangoModelFactory):
    code = "TW"
    name = "Ban Chấp hành Trung ương Đảng"

    class Meta:
        model = Issuer
        django_get_or_create = ["code", "name"]


class DirectivePageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Nghị quyết số {n + 1}-NQ/TW")
    number = factory.Sequence(lambda n: n + 1)
    document_type = factory.SubFactory(DocumentTypeFactory)
    issuer = factory.SubFactory(IssuerFactory)
    term = factory.SubFactory(TermFactory)
    issue_date = datetime.date(2018, 10, 22)
    summary = "Về tăng cường bảo vệ nền tảng tư tưởng của Đảng"

    class Meta:
        model = DirectivePage


class ExternalFeedFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Báo điện tử Đảng {n}")
    url = "https://dangcongsan.vn/rss/home.rss"

    class Meta:
        model = "newsfeeds.ExternalFeed"


# --- uploads (security tests) ---
def png_bytes(width=8, height=8):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes(text="Tài liệu"):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text.encode("ascii", "ignore").decode() or "x")
    return bytes(pdf.output())


# --- feedback ------------------------------------------------------------------


class CategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    response_days = 15

    class Meta:
        model = "feedback.Category"
        django_get_or_create = ["name"]


class QAIndexPageFactory(PortalPageFactory):
    title = "Hỏi đáp"

    class Meta:
        model = "feedback.QAIndexPage"


class ConsultationIndexPageFactory(PortalPageFactory):
    title = "Lấy ý kiến"

    class Meta:
        model = "feedback.ConsultationIndexPage"


class DraftDocumentFactory(wagtail_factories.DocumentFactory):
    title = "Dự thảo"
    file = factory.django.FileField(filename="du-thao.pdf", data=b"%PDF-1.4 demo")


class ConsultationPageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Dự thảo quy chế {n}")
    intro = "Xin ý kiến nhân dân về dự thảo."
    draft = factory.SubFactory(DraftDocumentFactory)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    receiving_address = "Số 1 đường Trần Hưng Đạo, Tây Ninh"
    receiving_email = "vanphong@example.invalid"
    category = factory.SubFactory(CategoryFactory, name="Xây dựng Đảng")

    class Meta:
        model = "feedback.ConsultationPage"


# --- schedules (lịch công tác) -------------------------------------------------


class ScheduleIndexPageFactory(PortalPageFactory):
    title = "Lịch công tác"
    leadership = "Thường trực Tỉnh ủy"

    class Meta:
        model = "schedules.ScheduleIndexPage"


class WeeklySchedulePageFactory(PortalPageFactory):
    """A week; its title and slug follow ``week_start`` (a Monday) and the schedule."""

    title = "Lịch công tác tuần"
    slug = factory.LazyAttribute(lambda page: f"tuan-{page.week_start:%Y-%m-%d}")

    class Meta:
        model = "schedules.WeeklySchedulePage"
        skip_postgeneration_save = True

    @factory.post_generation
    def named(page, create, extracted, **kwargs):
        if create:
            page.set_title_and_slug(page.get_parent().specific)
            page.save()


class ScheduleItemFactory(DjangoModelFactory):
    day = factory.LazyAttribute(lambda item: item.page.week_start)
    start_time = datetime.time(8, 0)
    content = factory.Sequence(lambda n: f"Hội nghị sơ kết công tác xây dựng Đảng số {n}")
    chair = "Đồng chí Bí thư Tỉnh ủy"
    place = "Hội trường Tỉnh ủy"

    class Meta:
        model = "schedules.ScheduleItem"


# --- galleries (photo albums, videos) ------------------------------------------


class GalleryIndexPageFactory(PortalPageFactory):
    title = "Thư viện ảnh, video"

    class Meta:
        model = "galleries.GalleryIndexPage"


class PhotoAlbumPageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ {n + 1}")
    intro = "Hình ảnh hội nghị."
    date = datetime.date(2026, 11, 20)
    cover_image = factory.SubFactory(wagtail_factories.ImageFactory)

    class Meta:
        model = "galleries.PhotoAlbumPage"


class VideoDocumentFactory(wagtail_factories.DocumentFactory):
    title = "Video hội nghị"
    file = factory.django.FileField(
        filename="hoi-nghi.webm",
        data=factory.LazyFunction(lambda: sample_video_bytes("webm")),
    )


class VideoPageFactory(PortalPageFactory):
    title = factory.Sequence(lambda n: f"Toàn cảnh Đại hội Đảng bộ lần thứ {n + 1}")
    intro = "Video toàn cảnh đại hội."
    date = datetime.date(2026, 10, 10)
    video_file = factory.SubFactory(VideoDocumentFactory)

    class Meta:
        model = "galleries.VideoPage"


def sample_video_bytes(kind="webm"):
    """The tiny real video of the demo content (3 s, 160×90)."""
    from pathlib import Path

    import demo

    return (Path(demo.__file__).parent / "fixtures" / f"sample.{kind}").read_bytes()


WEBVTT_SAMPLE = (
    "WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nQuang cảnh Đại hội Đảng bộ tỉnh\n\n"
    "2\n00:00:01.500 --> 00:00:03.000\n<v Người dẫn>Đại biểu biểu quyết thông qua nghị quyết\n"
).encode()


class OrgChartPageFactory(PortalPageFactory):
    title = "Sơ đồ tổ chức"

    class Meta:
        model = "navigation.OrgChartPage"


class UnitContactFactory(DjangoModelFactory):
    role = "Chánh Văn phòng"
    name = factory.Sequence(lambda n: f"Nguyễn Văn Liên Hệ {n}")
    phone = "0276 3822 131"
    email = "vanphong@tayninh.dcs.vn"

    class Meta:
        model = "navigation.UnitContact"


# --- materials (tài liệu sinh hoạt chi bộ) ---------------------------------------


class CellMaterialIndexPageFactory(PortalPageFactory):
    title = "Tài liệu sinh hoạt chi bộ"

    class Meta:
        model = "materials.CellMaterialIndexPage"


class MaterialDocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Tài liệu sinh hoạt chi bộ số {n}")
    file = factory.django.FileField(
        filename="tai-lieu.pdf", data=factory.LazyFunction(lambda: pdf_bytes("Tai lieu"))
    )


def _kind_label(kind):
    from materials.periods import Kind

    return Kind(kind).label


class CellMaterialPageFactory(PortalPageFactory):
    """A month's material with one PDF; ``files=[]`` for none."""

    title = factory.LazyAttribute(
        lambda page: f"{_kind_label(page.kind)} tháng {page.month}/{page.year}"
    )
    year = 2026
    month = 11
    kind = "sinh-hoat-chi-bo"
    summary = "Thông tin thời sự; chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."

    class Meta:
        model = "materials.CellMaterialPage"
        skip_postgeneration_save = True

    @factory.post_generation
    def files(page, create, extracted, **kwargs):
        from materials.models import CellMaterialFile

        documents = [MaterialDocumentFactory()] if extracted is None else extracted
        page.files = [CellMaterialFile(document=document) for document in documents]
        if create:
            page.save_revision().publish()
