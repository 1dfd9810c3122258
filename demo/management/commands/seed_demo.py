"""Build the Tây Ninh demo portal, idempotently: a second run changes nothing.

    python manage.py seed_demo [--articles N] [--documents M]

Units come from the shipped org chart of the structure in force (from 1/7/2025, with the
2020 committees archived); articles and documents are generated deterministically (index i
always gives the same page, ``demo/news.py``, ``demo/content.py``) and inserted through the
bulk path, so 10,000 articles take minutes. Existing pages are left alone. docs/demo.md
tells the story the demo follows.
"""

import colorsys
import datetime
import io
import os
import secrets
import time
from collections import defaultdict
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from taggit.models import Tag
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from articles.models import (
    ArticlePage,
    ArticleTag,
    DocumentField,
    DocumentType,
    SectionPage,
    Term,
    TopicIndexPage,
    TopicPage,
)
from demo import content, documents, story
from demo.news import Newsroom
from home.models import HomePage
from portal.bulk import bulk_add_children
from portal.vietnamese import slugify_vi
from register.models import DocumentRegisterPage
from units.models import IntroductionPage, UnitAccess, UnitKind, UnitPage
from units.orgchart import apply_orgchart, load_orgchart

# The structure in force: the 2025 chart lists the 2020 committees too, archived on
# 30/6/2025 with their successors (applied over a 2020 demo, it archives and moves them).
ORGCHART = Path(__file__).resolve().parents[3] / "units" / "orgcharts" / "tay-ninh-2025.yaml"
SITE_TITLE = "Cổng thông tin điện tử Đảng bộ tỉnh Tây Ninh"
# The news pictures, two per kind of story (demo.news.Story.photo); their titles are the
# captions readers see.
IMAGES = [
    ("meeting", "Quang cảnh hội nghị"),
    ("meeting", "Đồng chí lãnh đạo phát biểu chỉ đạo tại hội nghị"),
    ("congress", "Các đại biểu biểu quyết thông qua Nghị quyết Đại hội"),
    ("congress", "Ban Chấp hành Đảng bộ nhiệm kỳ mới ra mắt Đại hội"),
    ("ceremony", "Các đại biểu dâng hoa tại Tượng đài Chủ tịch Hồ Chí Minh"),
    ("ceremony", "Trao Huy hiệu Đảng cho các đảng viên lão thành"),
    ("field", "Cán bộ, đoàn viên ra quân làm đường giao thông nông thôn"),
    ("field", "Đoàn công tác kiểm tra mô hình sản xuất tại cơ sở"),
    ("welfare", "Trao tặng nhà đại đoàn kết cho hộ có hoàn cảnh khó khăn"),
    ("welfare", "Thăm, tặng quà gia đình chính sách"),
    ("training", "Học viên dự lễ khai giảng lớp bồi dưỡng"),
    ("training", "Giảng viên trao đổi với học viên tại lớp học"),
]


class Command(BaseCommand):
    help = "Create the Tây Ninh demo hierarchy, articles, documents and an admin account."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=300)
        parser.add_argument("--documents", type=int, default=100)

    def handle(self, *args, articles, documents, **options):
        if articles < 0 or documents < 0:
            raise CommandError("--articles and --documents must be 0 or more.")
        started = time.monotonic()
        with transaction.atomic():
            home = self.home_page()
            chart = load_orgchart(ORGCHART)
            counts = apply_orgchart(chart, home)
            self.stdout.write(f"Units: {counts}")
            units = {
                unit.org_key: unit
                for unit in UnitPage.objects.filter(org_key__isnull=False).select_related("kind")
            }
            self.show_in_menu(units["tinh-uy"])
            sections = self.sections(units["tinh-uy"])
            topics = self.topics(home)
            self.reader_pages(home, units)
            catalogues = self.catalogues()
            images = self.images()
        created = self.articles(articles, units, sections, topics, images)
        self.stdout.write(f"Articles created: {created}")
        created = self.documents(documents, units, topics, catalogues)
        self.stdout.write(f"Documents created: {created}")
        # The bulk path skips DirectivePage.save(): extract the PDFs' text for search here.
        call_command("extract_attachment_text", changed_only=True, stdout=self.stdout)
        password = self.admin_user()
        self.unit_people(password)
        # Each app's demo data, through the hook (the shipped apps': demo.wagtail_hooks).
        for seed in hooks.get_hooks("seed_demo"):
            seed(home=home, units=units, stdout=self.stdout)
        # Planner statistics after a bulk load: without them SQLite drives small listings
        # (units, sections) from the 100,000-row page table; PostgreSQL likewise misplans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s.")
        )

    # --- structure -------------------------------------------------------

    def home_page(self):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise CommandError("The default site's root page is not the portal's HomePage.")
        if home.title != SITE_TITLE:
            home.title = SITE_TITLE
            home.save_revision().publish()
            site.site_name = SITE_TITLE
            site.save()
        return home

    def child(self, parent, model, title, **fields):
        """The child of ``parent`` with this slug, created and published if missing."""
        slug = slugify_vi(title)
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(title=title, slug=slug, **fields)
            parent.add_child(instance=page)
            page.save_revision().publish()
        return page

    def show_in_menu(self, page):
        if not page.show_in_menus:
            page.show_in_menus = True
            page.save_revision().publish()

    def reader_pages(self, home, units):
        """The document register, the introduction and the home page's unit-family blocks."""
        self.show_in_menu(
            self.child(
                home,
                IntroductionPage,
                "Giới thiệu",
                unit=units["tinh-uy"],
                body="<p>Cổng thông tin điện tử Đảng bộ tỉnh Tây Ninh đăng tải chủ trương, "
                "đường lối của Đảng, chính sách, pháp luật của Nhà nước và hoạt động của "
                "các cấp ủy trong tỉnh.</p>",
            )
        )
        self.show_in_menu(
            self.child(
                home,
                DocumentRegisterPage,
                "Tra cứu văn bản",
                intro="Tra cứu văn bản của Trung ương, Tỉnh ủy và các cấp ủy trực thuộc.",
            )
        )
        if any(block.block_type == "unit_news" for block in home.body):
            return
        kinds = {kind.name: kind for kind in UnitKind.objects.all()}

        def family(heading, unit_keys=(), kind_names=(), own=False):
            return (
                "unit_news",
                {
                    "heading": heading,
                    "count": 4,
                    "units": [units[key] for key in unit_keys if key in units],
                    "kinds": [kinds[name] for name in kind_names if name in kinds],
                    "own_news_only": own,
                },
            )

        blocks = [(block.block_type, block.value) for block in home.body]
        at = next((i for i, (kind, _) in enumerate(blocks) if kind == "latest"), len(blocks)) + 1
        blocks[at:at] = [
            family("Hoạt động của Tỉnh ủy", unit_keys=["tinh-uy"], own=True),
            family("Tin các Ban Đảng", kind_names=["Cơ quan tham mưu, giúp việc"]),
            family("Tin xã, phường", kind_names=["Đảng ủy xã, phường"]),
            family("Tin Đảng ủy trực thuộc", kind_names=["Đảng ủy trực thuộc"]),
        ]
        home.body = blocks
        home.save_revision().publish()

    def sections(self, provincial_committee):
        return {
            title: self.child(provincial_committee, SectionPage, title)
            for title in content.SECTIONS
        }

    def topics(self, home):
        index = self.child(
            home,
            TopicIndexPage,
            "Chuyên đề",
            intro="Các chuyên đề tuyên truyền, sự kiện chính trị lớn của Đảng bộ tỉnh.",
        )
        self.show_in_menu(index)
        return {
            title: self.child(index, TopicPage, title, is_current=current)
            for title, current in content.TOPICS
        }

    def catalogues(self):
        types = {}
        for order, (name, code) in enumerate(content.DOCUMENT_TYPES):
            types[code], _ = DocumentType.objects.get_or_create(
                code=code, defaults={"name": name, "sort_order": order}
            )
        terms = {}
        for name, start, end, _central in content.TERMS:
            terms[name], _ = Term.objects.get_or_create(
                name=name,
                defaults={
                    "start_date": datetime.date.fromisoformat(start),
                    "end_date": datetime.date.fromisoformat(end),
                },
            )
        fields = {
            name: DocumentField.objects.get_or_create(name=name)[0] for name in content.FIELDS
        }
        central = documents.catalogue_issuers(types)
        return {"types": types, "terms": terms, "fields": fields, "central": central}

    def images(self):
        """The news pictures by theme: {"meeting": [image, image], …}."""
        Image = get_image_model()
        collection = self.collection("Ảnh tin bài")
        existing = {image.title: image for image in Image.objects.filter(collection=collection)}
        images = defaultdict(list)
        for index, (theme, title) in enumerate(IMAGES):
            image = existing.get(title)
            if image is None:
                image = Image(title=title, collection=collection)
                image.file = ImageFile(
                    io.BytesIO(demo_jpeg(index)), name=f"{slugify_vi(title)[:60]}.jpg"
                )
                image.save()
            images[theme].append(image)
        return images

    def collection(self, name):
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=name).first()
        return existing or root.add_child(name=name)

    # --- articles --------------------------------------------------------

    def articles(self, count, units, sections, topics, images):
        newsroom = Newsroom(
            [
                story.Unit(key, unit.title, unit.kind.name, unit.valid_from, unit.valid_until)
                for key, unit in units.items()
            ],
            timezone.get_default_timezone(),
        )
        by_parent = defaultdict(list)
        for index in range(count):
            spec = newsroom.spec(index)
            parent = sections[spec.section] if spec.section else units[spec.unit]
            by_parent[parent].append(spec)
        tag_names = {name for specs in by_parent.values() for spec in specs for name in spec.tags}
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in sorted(tag_names)}
        created = 0
        for parent, specs in by_parent.items():
            existing = set(ArticlePage.objects.child_of(parent).values_list("slug", flat=True))
            new = []
            for spec in specs:
                slug = f"{slugify_vi(spec.title)[:90].rstrip('-')}-{spec.index}"
                if slug in existing:
                    continue
                new.append((spec, article_page(spec, slug, images)))
            with transaction.atomic():
                pages = bulk_add_children(parent, [page for _, page in new])
                topic_links = [
                    ArticlePage.topics.through(
                        articlepage_id=page.pk, topicpage_id=topics[spec.topic].pk
                    )
                    for spec, page in new
                    if spec.topic
                ]
                ArticlePage.topics.through.objects.bulk_create(topic_links)
                ArticleTag.objects.bulk_create(
                    ArticleTag(content_object_id=page.pk, tag=tags[name])
                    for spec, page in new
                    for name in spec.tags
                )
            created += len(pages)
        return created

    # --- documents -------------------------------------------------------

    def documents(self, count, units, topics, catalogues):
        collection = self.collection("Văn bản")
        return documents.seed_documents(count, units, topics, catalogues, collection)

    # --- accounts --------------------------------------------------------

    def admin_user(self):
        User = get_user_model()
        password = os.environ.get("DEMO_PASSWORD")
        user = User.objects.filter(username="admin").first()
        if user is None:
            generated = password is None
            password = password or secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@example.invalid", password)
            message = "Administrator: admin"
            if generated:
                message += f" / password: {password} (set DEMO_PASSWORD to choose it)"
            self.stdout.write(self.style.WARNING(message))
        elif password and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        return password

    def unit_people(self, password):
        """``editor-<unit-slug>`` and ``approver-<unit-slug>`` for every unit, same password as admin."""
        User = get_user_model()
        created = 0
        # One hash for all of them (a demo): hashing is slow by design, ~60 users × 1 s.
        hashed = make_password(password if password else None)
        matching = {hashed} if password else set()  # stored hashes known to match
        for access in UnitAccess.objects.select_related("unit", "editors", "approvers"):
            for role, group in (("editor", access.editors), ("approver", access.approvers)):
                username = f"{role}-{access.unit.slug}"[:150]
                user, new = User.objects.get_or_create(
                    username=username, defaults={"email": f"{username}@example.invalid"}
                )
                known = new or user.password in matching
                if password and not known and user.check_password(password):
                    matching.add(user.password)
                if new or (password and user.password not in matching):
                    user.password = hashed
                    user.save(update_fields=["password"])
                    created += new
                user.groups.add(group)
        self.stdout.write(f"Unit editors and approvers created: {created}")
        if created and not password:
            self.stdout.write(
                self.style.WARNING("Set DEMO_PASSWORD and run again to let unit users log in.")
            )


def article_page(spec, slug, images):
    """The page of a spec; its pictures are two of the story's theme, captioned by title."""
    body = [{"type": "paragraph", "value": f"<p>{paragraph}</p>"} for paragraph in spec.paragraphs]
    if spec.quote:
        body.insert(
            2, {"type": "quote", "value": {"text": spec.quote[0], "attribution": spec.quote[1]}}
        )
    pictures = images.get(spec.photo) or images["meeting"]
    main = pictures[spec.photo_index % len(pictures)]
    second = pictures[(spec.photo_index + 1) % len(pictures)]
    body.insert(
        1,
        {
            "type": "image",
            "value": {"image": second.pk, "caption": f"{second.title}.", "credit": spec.author},
        },
    )
    return ArticlePage(
        title=spec.title,
        slug=slug,
        lead=spec.lead,
        body=body,
        main_image=main,
        author=spec.author,
        source=spec.source,
        date=spec.date,
        first_published_at=spec.date,
    )


def demo_jpeg(index: int) -> bytes:
    """A 1200×750 illustrative picture: a gradient in the portal's colours with an emblem."""
    width, height = 1200, 750
    hue = (index * 0.13) % 1.0
    top = tuple(int(c * 255) for c in colorsys.hsv_to_rgb(hue, 0.7, 0.75))
    bottom = tuple(int(c * 255) for c in colorsys.hsv_to_rgb((hue + 0.08) % 1.0, 0.8, 0.45))
    image = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(top[i] * (1 - mix) + bottom[i] * mix) for i in range(3)),
        )
    draw.regular_polygon((width // 2, height // 2, 160), 5, fill=(244, 196, 48))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
