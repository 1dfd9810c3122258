"""Demo content for `seed_demo`: a year of monthly materials of the provincial Ban Tuyên giáo
và Dân vận (its predecessor, Ban Tuyên giáo, on a database still on the 2020 chart): for
each of the last twelve months up to this one, the "Tài liệu sinh hoạt chi bộ" and the
"Thông tin công tác tuyên giáo", each with a small real PDF. The anniversaries are computed
from their year. Idempotent: what exists is kept; a new month adds its two materials.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from fpdf import FPDF
from wagtail.documents import get_document_model

from articles.models import DirectivePage, TopicPage
from demo.pdf import font_path
from materials.models import (
    Audience,
    CellMaterialDirective,
    CellMaterialFile,
    CellMaterialIndexPage,
    CellMaterialPage,
)
from materials.periods import Kind, period_label, this_month
from portal.vietnamese import slugify_vi

# The issuing unit: since 1/7/2025 the merged Ban; before, Ban Tuyên giáo.
UNIT_KEYS = ("ban-tuyen-giao-dan-van", "ban-tuyen-giao")
MONTHS = 12

# The anniversary each month's materials are about: (event, day, month, year it began).
ANNIVERSARIES = {
    1: ("Ngày truyền thống học sinh, sinh viên Việt Nam", 9, 1, 1950),
    2: ("Ngày thành lập Đảng Cộng sản Việt Nam", 3, 2, 1930),
    3: ("Ngày thành lập Đoàn Thanh niên Cộng sản Hồ Chí Minh", 26, 3, 1931),
    4: ("Ngày Giải phóng miền Nam, thống nhất đất nước", 30, 4, 1975),
    5: ("Ngày sinh Chủ tịch Hồ Chí Minh", 19, 5, 1890),
    6: ("Ngày Báo chí cách mạng Việt Nam", 21, 6, 1925),
    7: ("Ngày Thương binh – Liệt sĩ", 27, 7, 1947),
    8: ("Cách mạng Tháng Tám", 19, 8, 1945),
    9: ("Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam", 2, 9, 1945),
    10: ("Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam", 20, 10, 1930),
    11: ("Ngày Nhà giáo Việt Nam", 20, 11, 1982),
    12: ("Ngày thành lập Quân đội nhân dân Việt Nam", 22, 12, 1944),
}
# The provincial congress "lần thứ I (2025–2030)" closed on 10/10/2025 (DOMAIN.md).
CONGRESS_CLOSED = datetime.date(2025, 10, 10)

AUDIENCES = {
    Kind.CELL_MEETING: ["Cấp ủy, bí thư chi bộ", "Đảng viên"],
    Kind.PROPAGANDA_NEWS: ["Báo cáo viên, tuyên truyền viên", "Cấp ủy, bí thư chi bộ"],
}
DIRECTIVES = {Kind.CELL_MEETING: ["05-CT/TW"], Kind.PROPAGANDA_NEWS: ["35-NQ/TW"]}
TOPICS = {
    Kind.CELL_MEETING: ["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"],
    Kind.PROPAGANDA_NEWS: ["Bảo vệ nền tảng tư tưởng của Đảng"],
}


def anniversary(year, month):
    """``Kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2026)``."""
    event, day, event_month, start = ANNIVERSARIES[month]
    return f"Kỷ niệm {year - start} năm {event} ({day}/{event_month}/{start} – {day}/{event_month}/{year})"


def last_months(count, until):
    """The ``count`` (year, month) up to ``until``, oldest first."""
    year, month = until
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def sections(kind, year, month):
    """The parts of a material (its summary, and the paragraphs of its PDF)."""
    congress = datetime.date(year, month, 1) > CONGRESS_CLOSED
    if kind == Kind.CELL_MEETING:
        parts = [
            f"Thông tin thời sự nổi bật trong nước, trong tỉnh tháng {month - 1 or 12}.",
            f"{anniversary(year, month)}.",
            f"Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm "
            f"{year}: gương người tốt, việc tốt ở cơ sở.",
            "Định hướng nội dung sinh hoạt chi bộ: kiểm điểm việc thực hiện nhiệm vụ của "
            "chi bộ, đảng viên trong tháng; nhiệm vụ tháng tới.",
        ]
        if congress:
            parts.insert(
                2,
                "Tiếp tục học tập, quán triệt và đưa Nghị quyết Đại hội đại biểu Đảng bộ tỉnh "
                "lần thứ I, nhiệm kỳ 2025–2030, vào cuộc sống.",
            )
        return parts
    return [
        "Tình hình tư tưởng trong cán bộ, đảng viên và Nhân dân; dư luận xã hội nổi bật.",
        f"Định hướng tuyên truyền tháng {month}/{year}: {anniversary(year, month)}.",
        "Kết quả đấu tranh phản bác các quan điểm sai trái, thù địch theo Nghị quyết "
        "35-NQ/TW của Bộ Chính trị.",
        "Công tác dân vận: phát huy vai trò Mặt trận Tổ quốc và các đoàn thể ở cơ sở.",
    ]


def summary(kind, year, month):
    """What the listing, the feeds and search read: the parts in brief (the full wording,
    with the campaigns' names, is in the PDF; repeated in 24 summaries it would crowd the
    campaigns' own pages out of search results)."""
    if kind == Kind.CELL_MEETING:
        return (
            f"Thông tin thời sự tháng {month - 1 or 12}; k{anniversary(year, month)[1:]}; "
            "gương người tốt, việc tốt ở cơ sở; định hướng nội dung sinh hoạt chi bộ."
        )
    return (
        "Tình hình tư tưởng, dư luận xã hội nổi bật; định hướng tuyên truyền "
        f"tháng {month}/{year}; đấu tranh phản bác quan điểm sai trái; công tác dân vận ở cơ sở."
    )


def material_pdf(unit_name, title, period, parts) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.add_font("DejaVu", "B", str(font_path("DejaVuSans-Bold.ttf")))
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(width / 2, 6, unit_name.upper(), align="C")
    pdf.cell(width / 2, 6, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(width, 8, title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(width, 6, f"({period}, lưu hành nội bộ)", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 12)
    for number, part in enumerate(parts, start=1):
        pdf.multi_cell(width, 6.5, f"{number}. {part}", align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())


def material_title(kind, year, month):
    return f"{Kind(kind).label} tháng {month}/{year}"


def issued_at(year, month):
    """Out around the 25th of the month before, in the morning."""
    before = datetime.date(year, month, 1) - datetime.timedelta(days=6)
    return timezone.make_aware(datetime.datetime.combine(before, datetime.time(8, 30)))


def seed(home, units, stdout):
    unit = next((units[key] for key in UNIT_KEYS if key in units), None)
    if unit is None:
        stdout.write("Cell materials: no Ban Tuyên giáo in the org chart, skipped.")
        return
    index = CellMaterialIndexPage.objects.child_of(unit).first()
    if index is None:
        index = CellMaterialIndexPage(
            title="Tài liệu sinh hoạt chi bộ",
            slug="tai-lieu-sinh-hoat-chi-bo",
            intro="Tài liệu sinh hoạt chi bộ và thông tin công tác tuyên giáo hằng tháng, "
            "dành cho cấp ủy, bí thư chi bộ, báo cáo viên và đảng viên.",
        )
        unit.add_child(instance=index)
        index.save_revision().publish()
    audiences = {audience.name: audience for audience in Audience.objects.all()}
    directives = dict(
        DirectivePage.objects.filter(
            number_symbol__in=[s for symbols in DIRECTIVES.values() for s in symbols]
        ).values_list("number_symbol", "pk")
    )
    topics = {
        topic.title: topic
        for topic in TopicPage.objects.filter(
            title__in=[t for titles in TOPICS.values() for t in titles]
        )
    }
    related = (audiences, directives, topics)
    collection = unit.access.collection
    existing = set(CellMaterialPage.objects.child_of(index).values_list("year", "month", "kind"))
    started = unit.valid_from
    created = 0
    for year, month in last_months(MONTHS, this_month()):
        if started and datetime.date(year, month, 1) < started.replace(day=1):
            continue  # before the unit existed
        for kind in (Kind.CELL_MEETING, Kind.PROPAGANDA_NEWS):
            if (year, month, kind.value) in existing:
                continue
            with transaction.atomic():
                add_material(index, unit, kind, (year, month), collection, related)
            created += 1
    add_home_block(home)
    stdout.write(f"Cell materials created: {created} (at {index.get_url()})")


def add_material(index, unit, kind, period, collection, related):
    year, month = period
    audiences, directives, topics = related
    title = material_title(kind, year, month)
    parts = sections(kind, year, month)
    label = period_label(month, year)
    Document = get_document_model()
    document = Document.objects.filter(title=title, collection=collection).first()
    if document is None:
        document = Document(title=title, collection=collection)
        pdf = material_pdf(unit.title, title, label, parts)
        document.file.save(f"{slugify_vi(title)}.pdf", ContentFile(pdf), save=False)
        document.file_size = len(pdf)  # what the feeds give (Wagtail sets it on upload)
        document.save()
    page = CellMaterialPage(
        title=title,
        slug=slugify_vi(title),
        year=year,
        month=month,
        kind=kind,
        summary=summary(kind, year, month),
        first_published_at=issued_at(year, month),
    )
    page.files = [CellMaterialFile(document=document, label="Toàn văn tài liệu")]
    page.audiences = [audiences[name] for name in AUDIENCES[kind] if name in audiences]
    page.directive_links = [
        CellMaterialDirective(directive_id=directives[symbol])
        for symbol in DIRECTIVES[kind]
        if symbol in directives
    ]
    page.topics = [topics[title] for title in TOPICS[kind] if title in topics]
    index.add_child(instance=page)
    page.save_revision().publish()


def add_home_block(home):
    """The home page's "Tài liệu sinh hoạt chi bộ tháng này", after the featured news."""
    home = type(home).objects.get(pk=home.pk)  # other apps' hooks published it since
    if any(block.block_type == "materials" for block in home.body):
        return
    blocks = [(block.block_type, block.value) for block in home.body]
    at = next((i for i, (kind, _v) in enumerate(blocks) if kind == "featured"), -1) + 1
    blocks.insert(at, ("materials", {"heading": "Tài liệu sinh hoạt chi bộ tháng này", "count": 4}))
    home.body = blocks
    home.save_revision().publish()
