"""Demo site furniture for `seed_demo`: the two-level menu of a dcs.vn portal, the footer's
contact lines, the Party flag as the header's emblem, the organisation chart page and a
named contact point per unit. Idempotent: a menu, an emblem or contacts editors have set
are left alone."""

import io

from django.core.files.images import ImageFile
from django.db import transaction
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

from articles.models import SectionPage, TopicIndexPage, TopicPage
from feedback.models import ConsultationIndexPage, QAIndexPage
from galleries.models import PhotoLibraryPage, VideoLibraryPage
from materials.models import CellMaterialIndexPage
from navigation.models import OrgChartPage, PortalSettings, UnitContact
from portal.vietnamese import slugify_vi
from register.models import DocumentRegisterPage
from schedules.models import ScheduleDirectoryPage
from units.models import IntroductionPage, UnitPage

FLAG_TITLE = "Cờ Đảng Cộng sản Việt Nam (hình vẽ đơn giản)"
RED, YELLOW = (218, 37, 29), (255, 255, 0)
# Who answers for the portal's content: the propaganda department (its 2025 successor first).
RESPONSIBLE_UNITS = ("ban-tuyen-giao-dan-van", "ban-tuyen-giao", "van-phong")


def party_flag_png(width=600) -> bytes:
    """A plain drawing of the Party flag (red field, yellow hammer and sickle), 3:2, the same
    figure as portal/static/img/co-dang.svg: a stand-in for the official image."""
    scale = width / 30
    image = PILImage.new("RGB", (width, round(20 * scale)), RED)
    draw = ImageDraw.Draw(image)

    def at(x, y):
        return (x * scale, y * scale)

    cx, cy, r = 15, 10, 5.4
    draw.arc([at(cx - r, cy - r), at(cx + r, cy + r)], -60, 140, YELLOW, round(1.4 * scale))
    draw.line([at(11.2, 13.2), at(8.9, 15.5)], YELLOW, round(1.5 * scale))
    draw.line([at(18.6, 14.8), at(12.6, 8.8)], YELLOW, round(1.2 * scale))
    draw.line([at(14.2, 7.0), at(10.9, 10.3)], YELLOW, round(2.2 * scale))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def emblem_image():
    Image = get_image_model()
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name="Biểu trưng").first() or root.add_child(
        name="Biểu trưng"
    )
    image = Image.objects.filter(title=FLAG_TITLE, collection=collection).first()
    if image is None:
        image = Image(title=FLAG_TITLE, collection=collection)
        image.file = ImageFile(io.BytesIO(party_flag_png()), name="co-dang.png")
        image.save()
    return image


def org_chart_page(home):
    page = OrgChartPage.objects.child_of(home).first()
    if page is None:
        page = OrgChartPage(
            title="Sơ đồ tổ chức",
            slug=slugify_vi("Sơ đồ tổ chức"),
            intro="<p>Các cơ quan, đơn vị của Đảng bộ tỉnh và đầu mối liên hệ của từng đơn vị.</p>",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def _first(model, home=None):
    pages = model.objects.live()
    return (pages.child_of(home) if home is not None else pages).first()


def _link(title, page=None, url=""):
    return {"title": title, "page": page, "url": url}


def menu(home, units, chart):
    """The dcs.vn menu: Giới thiệu, Tin tức, Văn bản, Chuyên đề, Lịch công tác, Media,
    Góp ý – Hỏi đáp, Lấy ý kiến. Entries whose page the demo lacks are left out."""
    province = units.get("tinh-uy")
    intro = _first(IntroductionPage, home)
    items = []

    def item(title, page=None, url="", children=()):
        children = [child for child in children if child["page"] or child["url"]]
        if page or url or children:
            items.append(("item", {**_link(title, page, url), "children": children}))

    about = [_link("Giới thiệu chung", intro), _link("Sơ đồ tổ chức", chart)]
    if province is not None:
        about.append(_link("Lãnh đạo, liên hệ", province))
    item("Giới thiệu", intro or chart, children=about)

    sections = SectionPage.objects.live().child_of(province) if province else []
    news = [_link(section.title, section) for section in sections]
    news.append(_link("Tin các đơn vị", chart))
    item("Tin tức", children=news)

    register = _first(DocumentRegisterPage, home)
    materials = CellMaterialIndexPage.objects.live().order_by("path").first()
    documents = [_link("Tra cứu văn bản", register), _link("Tài liệu sinh hoạt chi bộ", materials)]
    item("Văn bản", register, children=documents)
    topics = _first(TopicIndexPage, home)
    current = TopicPage.objects.live().child_of(topics).filter(is_current=True) if topics else []
    item("Chuyên đề", topics, children=[_link(topic.title, topic) for topic in current[:6]])
    item("Lịch công tác", _first(ScheduleDirectoryPage, home))
    photos, videos = _first(PhotoLibraryPage, home), _first(VideoLibraryPage, home)
    item("Media", photos, children=[_link("Thư viện ảnh", photos), _link("Video", videos)])
    hub = reverse("feedback-submit")
    item(
        "Góp ý – Hỏi đáp",
        url=hub,
        children=[
            _link("Gửi góp ý, câu hỏi", url=hub),
            _link("Tra cứu góp ý đã gửi", url=reverse("feedback-status")),
            _link("Hỏi đáp", _first(QAIndexPage, home)),
        ],
    )
    item("Lấy ý kiến", _first(ConsultationIndexPage, home))
    return items


def contacts(units):
    """One named contact point per current unit, from its head in the org chart; the portal's
    editorial office too, at the provincial committee."""
    created = 0
    for unit in UnitPage.objects.live().filter(pk__in=[unit.pk for unit in units.values()]):
        if unit.is_archived or unit.contacts.exists() or not (unit.phone or unit.email):
            continue
        head = unit.leaders.first()
        if head is None:
            continue
        UnitContact.objects.create(
            unit=unit, role=head.position, name=head.name, phone=unit.phone, email=unit.email
        )
        created += 1
        if unit.org_key == "tinh-uy" and unit.email:
            UnitContact.objects.create(
                unit=unit,
                role="Ban Biên tập Cổng thông tin điện tử (tiếp nhận tin bài, góp ý về cổng)",
                phone=unit.phone,
                email=unit.email,
            )
            created += 1
    return created


def responsible_line(units):
    for key in RESPONSIBLE_UNITS:
        unit = units.get(key)
        head = unit.leaders.first() if unit is not None and not unit.is_archived else None
        if head is not None:
            return f"{head.name}, {head.position}"
    return ""


@transaction.atomic
def seed(home, units, stdout):
    chart = org_chart_page(home)
    settings = PortalSettings.for_site(home.get_site())
    changed = []
    province = units.get("tinh-uy")
    footer = {
        "address": province.address if province else "",
        "phone": province.phone if province else "",
        "email": province.email if province else "",
        "responsible": responsible_line(units),
    }
    for name, value in footer.items():
        default = PortalSettings._meta.get_field(name).get_default()
        if value and getattr(settings, name) in ("", default) and getattr(settings, name) != value:
            setattr(settings, name, value)
            changed.append(name)
    if settings.emblem_id is None:
        settings.emblem = emblem_image()
        changed.append("emblem")
    if not settings.menu:
        settings.menu = menu(home, units, chart)
        changed.append("menu")
    if changed:
        settings.save()
    created = contacts(units)
    stdout.write(f"Menu and footer: {', '.join(changed) or 'unchanged'}; contacts: {created}")
