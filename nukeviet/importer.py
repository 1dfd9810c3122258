"""The NukeViet import: old rows → portal pages, files → images and documents, old URLs →
redirects, and the reconciliation report.

Every batch is one transaction that writes the pages and their ``ImportKey`` rows together, so
a run stopped half-way keeps what it finished and the next run carries on from there (rows
already imported with the same content are skipped). New pages go through ``portal.bulk``.
A dry run is the same run inside a transaction rolled back at the end, without files written
or pages sent to the search index.
"""

import datetime
import hashlib
import json
import time
from collections import Counter, defaultdict
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from articles.attachments import extract_attachments, source_key
from articles.models import (
    ArticlePage,
    ArticleTag,
    DirectiveAttachment,
    DirectiveCoIssuer,
    DirectivePage,
    DocumentField,
    DocumentType,
    SectionPage,
    Term,
    TopicIndexPage,
    TopicPage,
)
from feedback.models import Category, QAIndexPage, QuestionPage
from portal.bulk import bulk_add_children
from portal.vietnamese import slugify_vi
from units.models import Issuer, UnitPage

from . import mapping as mappings
from .body import BodyConverter, clean_rich_text, plain_text
from .models import ImportKey
from .source import SourceError, from_timestamp, old_paths

BATCH = 200
TITLE_LENGTH = 255
SLUG_LENGTH = 200
DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx")
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp")
FUTURE_SLACK = datetime.timedelta(days=1)


class DryRun(Exception):
    pass


class Report:
    def __init__(self):
        self.modules = defaultdict(Counter)
        self.categories = {}  # (module, old category) -> {"title", "old", "new"}
        self.lines = []  # (module, old id, message)
        self.missing_files = []  # (module, old id, path)
        self.unconverted = []  # (title, admin url, old id, fragments)

    def line(self, module, old_id, message):
        self.lines.append((module, str(old_id), message))

    def missing(self, module, old_id, path):
        self.missing_files.append((module, str(old_id), path))
        self.line(module, old_id, f"missing file {path}")

    def as_dict(self):
        return {
            "modules": {name: dict(counts) for name, counts in self.modules.items()},
            "categories": [
                {"module": module, "category": key, **values}
                for (module, key), values in self.categories.items()
            ],
            "lines": [{"module": m, "old_id": i, "message": t} for m, i, t in self.lines],
            "missing_files": [
                {"module": m, "old_id": i, "path": p} for m, i, p in self.missing_files
            ],
            "unconverted": [
                {"title": t, "admin_url": u, "old_id": i, "fragments": n}
                for t, u, i, n in self.unconverted
            ],
        }

    def as_text(self):
        out = ["", "=== NukeViet import: reconciliation ==="]
        for name, counts in self.modules.items():
            parts = ", ".join(f"{key} {value}" for key, value in sorted(counts.items()))
            out.append(f"{name}: {parts}")
        if self.categories:
            out.append("")
            out.append("Per category (old published rows → pages in the portal):")
            for (module, key), values in self.categories.items():
                flag = "" if values["old"] == values["new"] else "   <-- differs"
                out.append(
                    f"  {module} {key} “{values['title']}”: {values['old']} → {values['new']}{flag}"
                )
        out.append("")
        out.append(f"Missing files: {len(self.missing_files)}")
        for module, old_id, path in self.missing_files:
            out.append(f"  {module} {old_id}: {path}")
        out.append(f"HTML kept for an editor (not converted): {len(self.unconverted)} page(s)")
        for title, url, old_id, count in self.unconverted:
            out.append(f"  news {old_id} “{title}”: {count} fragment(s), {url}")
        out.append(f"Notes: {len(self.lines)}")
        for module, old_id, message in self.lines:
            out.append(f"  {module} {old_id}: {message}")
        return "\n".join(out)


def checksum(*values):
    payload = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()  # noqa: S324 - change detection


def file_key(path):
    return path if len(path) <= 255 else hashlib.sha1(path.encode()).hexdigest()  # noqa: S324


class Importer:
    def __init__(self, source, mapping, *, files=None, site_url="", dry_run=False, out=None):
        self.source = source
        self.mapping = mapping
        self.files = Path(files) if files else None
        self.site_url = site_url.rstrip("/")
        self.dry_run = dry_run
        self.out = out or (lambda text: None)
        self.report = Report()
        self.urls = old_paths(source.lang, mapping["source"]["urls"])
        self.redirects = {}  # old path -> Page or link
        self.now = timezone.now()
        self.stored = {}  # (kind, path under uploads/) -> Image/Document id, this run
        self.extract_later = False

    # --- the run -------------------------------------------------------------------------

    def run(self):
        self.root = mappings.site_root()
        # A real run commits batch by batch (resumable); a dry run is one transaction undone.
        try:
            with transaction.atomic() if self.dry_run else nullcontext():
                self.import_news()
                self.import_laws()
                self.import_faq()
                self.write_redirects()
                self.reconcile()
                if self.extract_later:
                    self.report.line(
                        "laws",
                        "-",
                        "attachments' text not read yet: run manage.py extract_attachment_text "
                        "--changed-only (search inside the files)",
                    )
                if self.dry_run:
                    raise DryRun
        except DryRun:
            pass
        return self.report

    def progress(self, module, done, total, started):
        rate = done / max(time.monotonic() - started, 1e-6)
        self.out(f"{module}: {done}/{total} ({rate:.0f}/s)")

    def keys(self, kind, old_ids):
        return {
            key.old_id: key
            for key in ImportKey.objects.filter(kind=kind, old_id__in=[str(i) for i in old_ids])
        }

    def remember(self, kind, old_id, obj_id, digest="", old_url="", unconverted=()):
        ImportKey.objects.update_or_create(
            kind=kind,
            old_id=str(old_id),
            defaults={
                "object_id": obj_id,
                "checksum": digest,
                "old_url": old_url[:255],
                "imported_at": timezone.now(),
                "unconverted": list(unconverted),
            },
        )

    def redirect(self, old_path, target, module, old_id):
        if len(old_path) > 255:
            self.report.line(
                module, old_id, f"old URL longer than 255 characters: {old_path[:80]}…"
            )
            return
        self.redirects[Redirect.normalise_path(old_path)] = target

    # --- files ---------------------------------------------------------------------------

    def upload_path(self, module, src):
        """The path under uploads/ of an old file reference, or None if it is elsewhere."""
        src = (src or "").strip()
        if src.startswith("data:"):
            return None
        parts = urlsplit(src)
        if parts.scheme in ("http", "https"):
            if not self.site_url or not src.startswith(self.site_url):
                return None
            src = src[len(self.site_url) :]
        path = urlsplit(src).path
        marker = "uploads/"
        if marker in path:
            return path[path.index(marker) + len(marker) :].lstrip("/")
        return f"{self.source.modules[module]}/{path.lstrip('/')}"

    def local_file(self, relative):
        if self.files is None:
            return None
        candidate = (self.files / relative).resolve()
        if not candidate.is_relative_to(self.files.resolve()) or not candidate.is_file():
            return None
        return candidate

    def collection_for(self, unit):
        access = getattr(unit, "access", None) if unit else None
        try:
            return access.collection if access else Collection.get_first_root_node()
        except Exception:  # noqa: BLE001 - no UnitAccess row: the root collection
            return Collection.get_first_root_node()

    def stored_file(self, kind, module, old_id, src, title, collection):
        """The Image/Document for an old file, made once; None (reported) if it is missing."""
        relative = self.upload_path(module, src)
        if relative is None:
            if src.startswith("data:"):
                self.report.line(module, old_id, "inline data: image dropped")
            else:
                self.report.line(module, old_id, f"file on another site not copied: {src[:120]}")
            return None
        if (kind, relative) in self.stored:
            return self.stored[(kind, relative)]
        key = ImportKey.objects.filter(kind=kind, old_id=file_key(relative)).first()
        model = get_image_model() if kind == ImportKey.Kind.IMAGE else get_document_model()
        if key and model.objects.filter(pk=key.object_id).exists():
            self.stored[(kind, relative)] = key.object_id
            return key.object_id
        path = self.local_file(relative)
        if path is None:
            self.report.missing(module, old_id, f"uploads/{relative}")
            return None
        self.report.modules["files"]["found"] += 1
        if self.dry_run:
            return None
        title = (title or path.stem)[:255]
        try:
            with transaction.atomic(), path.open("rb") as handle:
                obj = model(title=title, collection=collection)
                obj.file.save(path.name, File(handle), save=False)
                if kind == ImportKey.Kind.IMAGE:
                    obj._set_image_file_metadata()
                else:
                    obj._set_document_file_metadata()
                obj.save()
        except Exception as error:  # noqa: BLE001 - a broken upload is a report line
            self.report.line(module, old_id, f"file uploads/{relative} unreadable: {error}")
            return None
        self.remember(kind, file_key(relative), obj.pk, old_url=f"/uploads/{relative}")
        self.redirect(
            f"/uploads/{relative}",
            obj.file.url if kind == ImportKey.Kind.IMAGE else obj.url,
            module,
            old_id,
        )
        self.report.modules["files"]["copied"] += 1
        self.stored[(kind, relative)] = obj.pk
        return obj.pk

    def rewrite_link(self, href):
        if self.site_url and href.startswith(self.site_url):
            return href[len(self.site_url) :] or "/"
        return href

    # --- dates and text ----------------------------------------------------------------

    def sane_date(self, module, old_id, *timestamps):
        """The first usable timestamp, not in the future (reported when one was)."""
        for value in timestamps:
            moment = from_timestamp(value)
            if moment is None:
                continue
            if moment > self.now + FUTURE_SLACK:
                self.report.line(module, old_id, f"date in the future ({moment:%d/%m/%Y}) not used")
                continue
            return moment
        return None

    def text_problems(self, module, row):
        for problem in row.problems:
            self.report.line(module, row.get("id", "?"), f"text encoding: {problem}")

    def unique_slug(self, wanted, taken, module, old_id, fallback):
        slug = (slugify_vi(wanted or "") or fallback)[:SLUG_LENGTH].strip("-") or fallback
        if slug in taken:
            self.report.line(module, old_id, f"alias “{slug}” already used: slug {slug}-{old_id}")
            slug = f"{slug[: SLUG_LENGTH - 12]}-{old_id}"
        taken.add(slug)
        return slug

    @staticmethod
    def child_slugs(parent):
        return set(Page.objects.child_of(parent).values_list("slug", flat=True))

    def edited_after_import(self, page, key):
        edited = page.latest_revision_created_at
        return edited is not None and edited > key.imported_at + datetime.timedelta(seconds=5)

    # --- news ----------------------------------------------------------------------------

    def unit(self, reference, module, what):
        unit = mappings.resolve_page(reference, UnitPage)
        if unit is None:
            self.report.line(module, what, f"unit {reference!r} not found in the portal")
        return unit

    def news_sections(self):
        """catid -> (SectionPage or UnitPage, category row); sections made if missing."""
        table = self.source.table("news", "cat")
        rows = self.source.query(f"SELECT * FROM {table} ORDER BY catid")
        sections = {}
        for row in rows:
            self.text_problems("news", row)
            entry = self.mapping["news"]["categories"].get(str(row["catid"]))
            if entry is None:
                self.report.line(
                    "news", f"cat {row['catid']}", "category not in the mapping: skipped"
                )
                continue
            if entry.get("skip"):
                continue
            unit = self.unit(entry.get("unit"), "news", f"cat {row['catid']}")
            if unit is None:
                continue
            slug = entry.get("section")
            if not slug:
                sections[int(row["catid"])] = (unit, row)
                continue
            section = SectionPage.objects.child_of(unit).filter(slug=slug).first()
            if section is None:
                section = SectionPage(
                    title=(entry.get("section_title") or row["title"])[:TITLE_LENGTH],
                    slug=slug,
                    intro=plain_text(row.get("description") or ""),
                )
                unit.add_child(instance=section)
                self.report.modules["news"]["sections created"] += 1
            self.remember(ImportKey.Kind.NEWS_CATEGORY, row["catid"], section.pk)
            self.redirect(self.urls["news_category"](row["alias"]), section, "news", row["catid"])
            sections[int(row["catid"])] = (section, row)
        return sections

    def news_topics(self):
        if not self.source.has("news", "topics"):
            return {}
        index = TopicIndexPage.objects.child_of(self.root).first()
        rows = self.source.query(f"SELECT * FROM {self.source.table('news', 'topics')}")
        if rows and index is None:
            self.report.line(
                "news", "topics", "no topic index page (Chuyên đề): topics not imported"
            )
            return {}
        topics = {}
        for row in rows:
            topic = TopicPage.objects.child_of(index).filter(title=row["title"]).first()
            if topic is None:
                key = self.keys(ImportKey.Kind.NEWS_TOPIC, [row["topicid"]]).get(
                    str(row["topicid"])
                )
                topic = key and TopicPage.objects.filter(pk=key.object_id).first()
            if topic is None:
                topic = TopicPage(
                    title=row["title"][:TITLE_LENGTH],
                    slug=self.unique_slug(
                        row["alias"],
                        self.child_slugs(index),
                        "news",
                        f"topic {row['topicid']}",
                        f"chuyen-de-{row['topicid']}",
                    ),
                    intro=plain_text(row.get("description") or ""),
                    is_current=False,
                )
                index.add_child(instance=topic)
                self.report.modules["news"]["topics created"] += 1
            self.remember(ImportKey.Kind.NEWS_TOPIC, row["topicid"], topic.pk)
            self.redirect(self.urls["news_topic"](row["alias"]), topic, "news", row["topicid"])
            topics[int(row["topicid"])] = topic
        return topics

    def news_tags(self, ids):
        if not ids or not self.source.has("news", "tags_id"):
            return {}
        marks = ",".join(["%s"] * len(ids))
        rows = self.source.query(
            f"SELECT ti.id, t.title FROM {self.source.table('news', 'tags_id')} ti "
            f"JOIN {self.source.table('news', 'tags')} t ON t.tid = ti.tid WHERE ti.id IN ({marks})",
            list(ids),
        )
        tags = defaultdict(list)
        for row in rows:
            if row["title"].strip():
                tags[int(row["id"])].append(row["title"].strip()[:100])
        return tags

    def import_news(self):
        if not self.source.has("news", "rows"):
            self.report.line("news", "-", "no news module tables: nothing imported")
            return
        counts = self.report.modules["news"]
        sections = self.news_sections()
        topics = self.news_topics()
        has_detail = self.source.has("news", "detail")
        if not has_detail:
            self.report.line(
                "news", "-", f"no {self.source.table('news', 'detail')} table: bodies empty"
            )
        rows_t = self.source.table("news", "rows")
        detail = (
            f"LEFT JOIN {self.source.table('news', 'detail')} d ON d.id = r.id"
            if has_detail
            else ""
        )
        body_cols = "d.bodyhtml, d.sourcetext" if has_detail else "'' AS bodyhtml, '' AS sourcetext"
        sources = self.source.has("news", "sources")
        source_join = (
            f"LEFT JOIN {self.source.table('news', 'sources')} s ON s.sourceid = r.sourceid"
            if sources
            else ""
        )
        source_cols = (
            "s.title AS source_title, s.link AS source_link"
            if sources
            else "'' AS source_title, '' AS source_link"
        )
        sql = (
            f"SELECT r.*, {body_cols}, {source_cols} FROM {rows_t} r {detail} {source_join} "
            "WHERE r.id > {after} ORDER BY r.id LIMIT {limit}"
        )
        total = self.source.count("news", "rows")
        started, done = time.monotonic(), 0
        for batch in self.source.batches(sql, BATCH):
            with transaction.atomic():
                self.news_batch(batch, sections, topics, counts)
            done += len(batch)
            self.progress("news", done, total, started)

    def news_batch(self, batch, sections, topics, counts):
        keys = self.keys(ImportKey.Kind.NEWS, [row["id"] for row in batch])
        tags = self.news_tags([row["id"] for row in batch])
        new_pages = defaultdict(list)  # parent -> [(page, row, digest, unconverted)]
        taken = {}
        for row in batch:
            counts["old rows"] += 1
            self.text_problems("news", row)
            if int(row["status"]) != 1:
                counts["not published (skipped)"] += 1
                continue
            counts["old published"] += 1
            target = sections.get(int(row["catid"]))
            if target is None:
                counts["no category (skipped)"] += 1
                self.report.line("news", row["id"], f"category {row['catid']} not mapped: skipped")
                continue
            parent, cat = target
            old_url = self.urls["news"](cat["alias"], row["alias"], row["id"])
            digest = checksum(row, parent.pk, tags.get(int(row["id"])))
            key = keys.get(str(row["id"]))
            page = key and ArticlePage.objects.filter(pk=key.object_id).first()
            if page is not None:
                self.redirect(old_url, page, "news", row["id"])
                self.other_category_urls(row, sections, page)
                if key.checksum == digest:
                    counts["unchanged"] += 1
                    continue
                if self.edited_after_import(page, key):
                    counts["edited in the portal (kept)"] += 1
                    self.report.line(
                        "news", row["id"], "changed on both sides: the portal's edit kept"
                    )
                    continue
            fields, unconverted = self.article_fields(row, parent)
            if page is not None:
                for name, value in fields.items():
                    setattr(page, name, value)
                page.last_published_at = timezone.now()
                page.topics.set([topics[t] for t in self.row_topics(row) if t in topics])
                page.save()
                self.set_tags(page, tags.get(int(row["id"]), []))
                self.remember(ImportKey.Kind.NEWS, row["id"], page.pk, digest, old_url, unconverted)
                self.note_unconverted(page, row, unconverted)
                counts["updated"] += 1
                continue
            if parent.pk not in taken:
                taken[parent.pk] = self.child_slugs(parent)
            fields["slug"] = self.unique_slug(
                row["alias"] or fields["title"],
                taken[parent.pk],
                "news",
                row["id"],
                f"tin-{row['id']}",
            )
            new_pages[parent].append((ArticlePage(**fields), row, digest, unconverted, old_url))
        for parent, items in new_pages.items():
            pages = bulk_add_children(parent, [item[0] for item in items], index=not self.dry_run)
            through = ArticlePage.topics.through
            links = []
            for page, (_, row, digest, unconverted, old_url) in zip(pages, items, strict=True):
                self.remember(ImportKey.Kind.NEWS, row["id"], page.pk, digest, old_url, unconverted)
                self.redirect(old_url, page, "news", row["id"])
                self.other_category_urls(row, sections, page)
                self.set_tags(page, tags.get(int(row["id"]), []))
                self.note_unconverted(page, row, unconverted)
                links += [
                    through(articlepage_id=page.pk, topicpage_id=topics[t].pk)
                    for t in self.row_topics(row)
                    if t in topics
                ]
            through.objects.bulk_create(links, ignore_conflicts=True)
            counts["created"] += len(pages)

    @staticmethod
    def row_topics(row):
        return [int(row["topicid"])] if int(row.get("topicid") or 0) else []

    def other_category_urls(self, row, sections, page):
        for catid in str(row.get("listcatid") or "").split(","):
            if (
                catid.strip().isdigit()
                and int(catid) in sections
                and int(catid) != int(row["catid"])
            ):
                alias = sections[int(catid)][1]["alias"]
                self.redirect(
                    self.urls["news"](alias, row["alias"], row["id"]), page, "news", row["id"]
                )

    def set_tags(self, page, names):
        if not names:
            return
        ArticleTag.objects.filter(content_object_id=page.pk).delete()
        rows = []
        for name in dict.fromkeys(names):
            tag = Tag.objects.filter(name=name).first() or Tag.objects.create(
                name=name, slug=self.free_tag_slug(name)
            )
            rows.append(ArticleTag(content_object_id=page.pk, tag=tag))
        ArticleTag.objects.bulk_create(rows)

    @staticmethod
    def free_tag_slug(name):
        base = slugify_vi(name)[:90] or "the"
        slug, number = base, 1
        while Tag.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def note_unconverted(self, page, row, unconverted):
        if unconverted:
            self.report.unconverted.append(
                (page.title, f"/admin/pages/{page.pk}/edit/", str(row["id"]), len(unconverted))
            )

    def article_fields(self, row, parent):
        old_id = row["id"]
        unit = parent.owning_unit if hasattr(parent, "owning_unit") else parent
        collection = self.collection_for(unit)

        def resolve_image(src):
            return self.stored_file(ImportKey.Kind.IMAGE, "news", old_id, src, "", collection)

        converted = BodyConverter(resolve_image, self.rewrite_link).convert(
            row.get("bodyhtml") or ""
        )
        for warning in converted.warnings:
            self.report.line("news", old_id, warning)
        title = " ".join((row["title"] or "").split())
        if not title:
            title = f"Tin số {old_id}"
            self.report.line("news", old_id, "empty title: “Tin số …” used")
        if len(title) > TITLE_LENGTH:
            self.report.line("news", old_id, f"title cut to {TITLE_LENGTH} characters")
            title = title[:TITLE_LENGTH]
        lead = plain_text(row.get("hometext") or "")[:1000]
        date = self.sane_date("news", old_id, row.get("publtime"), row.get("addtime")) or self.now
        main_image = None
        thumb = int(row.get("homeimgthumb") or 0)
        if row.get("homeimgfile") and thumb in (1, 2, 3):
            main_image = self.stored_file(
                ImportKey.Kind.IMAGE,
                "news",
                old_id,
                row["homeimgfile"],
                row.get("homeimgalt"),
                collection,
            )
        source = (row.get("source_title") or row.get("sourcetext") or "").strip()[:255]
        source_url = (row.get("source_link") or "").strip()
        if source_url and not source_url.startswith(("http://", "https://")):
            source_url = ""
        if not converted.blocks and not lead:
            self.report.line("news", old_id, "empty body and lead")
        return {
            "title": title,
            "lead": lead or title[:1000],
            "body": converted.blocks,
            "main_image_id": main_image,
            "author": (row.get("author") or "").strip()[:255],
            "source": source,
            "source_url": source_url[:200],
            "date": date,
            "featured": False,
            "first_published_at": date,
        }, converted.unconverted

    # --- laws ----------------------------------------------------------------------------

    def lookup_table(self, module, name, key="id"):
        if not self.source.has(module, name):
            return {}
        return {
            int(r[key]): r
            for r in self.source.query(f"SELECT * FROM {self.source.table(module, name)}")
        }

    def document_type(self, cid, cats):
        entry = self.mapping["laws"]["types"].get(str(cid)) or {}
        code = entry.get("code")
        if not code:
            return None
        found = DocumentType.objects.filter(code=code).first()
        if found is None:
            name = (entry.get("title") or cats.get(cid, {}).get("title") or code)[:100]
            if DocumentType.objects.filter(name=name).exists():
                name = f"{name} ({code})"
            found = DocumentType.objects.create(name=name, code=code)
            self.report.modules["laws"]["document types created"] += 1
        return found

    def issuer(self, sid, subjects):
        entry = self.mapping["laws"]["issuers"].get(str(sid)) or {}
        code = entry.get("code")
        if not code:
            return None
        name = entry.get("name") or subjects.get(sid, {}).get("title") or code
        found = Issuer.objects.filter(code=code, name=name).first() or (
            Issuer.objects.filter(code=code).first()
        )
        if found is None:
            found = Issuer.objects.create(code=code, name=name[:255])
            self.report.modules["laws"]["issuers created"] += 1
        return found

    def term_for(self, day):
        term = (
            Term.objects.filter(start_date__lte=day)
            .filter(models_q_end(day))
            .order_by("-start_date")
            .first()
        )
        if term:
            return term
        name = self.mapping["laws"].get("term")
        if name:
            term = Term.objects.filter(name=name).first()
            if term:
                return term
        term = Term.objects.filter(name="Văn bản nhập từ NukeViet").first()
        if term is None:
            term = Term.objects.create(
                name="Văn bản nhập từ NukeViet", start_date=datetime.date(1930, 2, 3)
            )
            self.report.modules["laws"]["terms created"] += 1
        return term

    def import_laws(self):
        if not self.source.has("laws", "row"):
            self.report.line("laws", "-", "no laws module tables: nothing imported")
            return
        counts = self.report.modules["laws"]
        unit = self.unit(self.mapping["laws"].get("unit"), "laws", "unit")
        if unit is None:
            return
        cats = self.lookup_table("laws", "cat")
        subjects = self.lookup_table("laws", "subject")
        signers = self.lookup_table("laws", "signer")
        areas = self.lookup_table("laws", "area")
        total = self.source.count("laws", "row")
        started, done = time.monotonic(), 0
        sql = f"SELECT * FROM {self.source.table('laws', 'row')} WHERE id > {{after}} ORDER BY id LIMIT {{limit}}"
        self.law_rows = {}
        taken = self.child_slugs(unit)
        for batch in self.source.batches(sql, BATCH):
            with transaction.atomic():
                self.laws_batch(batch, unit, cats, subjects, signers, areas, counts, taken)
            done += len(batch)
            self.progress("laws", done, total, started)
        with transaction.atomic():
            self.laws_relations()

    def laws_batch(self, batch, unit, cats, subjects, signers, areas, counts, taken):
        keys = self.keys(ImportKey.Kind.LAWS, [row["id"] for row in batch])
        collection = self.collection_for(unit)
        new = []
        for row in batch:
            counts["old rows"] += 1
            self.text_problems("laws", row)
            old_id = row["id"]
            if int(row["status"]) != 1:
                counts["not published (skipped)"] += 1
                continue
            counts["old published"] += 1
            self.law_rows[int(old_id)] = row
            old_url = self.urls["laws"](row["alias"])
            digest = checksum(row, unit.pk, self.mapping["laws"])
            key = keys.get(str(old_id))
            page = key and DirectivePage.objects.filter(pk=key.object_id).first()
            if page is not None:
                self.redirect(old_url, page, "laws", old_id)
                self.file_redirects(row, unit)
                if key.checksum == digest:
                    counts["unchanged"] += 1
                    continue
                if self.edited_after_import(page, key):
                    counts["edited in the portal (kept)"] += 1
                    continue
            built = self.directive_fields(row, cats, subjects, signers, areas, collection)
            if built is None:
                counts["unreadable (skipped)"] += 1
                continue
            fields, co_issuers, documents = built
            if page is not None:
                DirectiveAttachment.objects.filter(page=page).delete()
                DirectiveCoIssuer.objects.filter(page=page).delete()
                self.directive_children(page, co_issuers, documents)
                page = DirectivePage.objects.get(pk=page.pk)
                for name, value in fields.items():
                    setattr(page, name, value)
                page.save()
                self.remember(ImportKey.Kind.LAWS, old_id, page.pk, digest, old_url)
                counts["updated"] += 1
                continue
            fields["slug"] = self.unique_slug(
                row["alias"], taken, "laws", old_id, f"van-ban-{old_id}"
            )
            page = DirectivePage(**fields)
            page.update_number_symbol()
            new.append((page, row, digest, old_url, co_issuers, documents))
        if new:
            pages = bulk_add_children(unit, [item[0] for item in new], index=not self.dry_run)
            for page, (_, row, digest, old_url, co_issuers, documents) in zip(
                pages, new, strict=True
            ):
                self.directive_children(page, co_issuers, documents)
                self.remember(ImportKey.Kind.LAWS, row["id"], page.pk, digest, old_url)
                self.redirect(old_url, page, "laws", row["id"])
            counts["created"] += len(pages)

    def file_redirects(self, row, unit):
        for path in self.law_files(row):
            relative = self.upload_path("laws", path)
            key = (
                relative
                and ImportKey.objects.filter(
                    kind=ImportKey.Kind.FILE, old_id=file_key(relative)
                ).first()
            )
            document = key and get_document_model().objects.filter(pk=key.object_id).first()
            if document:
                self.redirect(f"/uploads/{relative}", document.url, "laws", row["id"])

    @staticmethod
    def law_files(row):
        return [part.strip() for part in str(row.get("files") or "").split(",") if part.strip()]

    def directive_fields(self, row, cats, subjects, signers, areas, collection):
        old_id = row["id"]
        symbol = mappings.parse_symbol(row.get("code"))
        if symbol is None:
            self.report.line(
                "laws",
                old_id,
                f"number and symbol “{(row.get('code') or '')[:60]}” unreadable: skipped",
            )
            return None
        document_type = self.document_type(int(row["cid"]), cats)
        if document_type is None:
            document_type = DocumentType.objects.filter(code=symbol.type_code).first()
        if document_type is None:
            self.report.line(
                "laws", old_id, f"type {row['cid']} / {symbol.type_code} not mapped: skipped"
            )
            return None
        issuer = (
            self.issuer(int(row["sid"]), subjects)
            or Issuer.objects.filter(code=symbol.issuer_codes[0]).first()
        )
        if issuer is None:
            self.report.line(
                "laws",
                old_id,
                f"issuer {row['sid']} / {symbol.issuer_codes[0]} not mapped: skipped",
            )
            return None
        co_issuers = []
        for code in symbol.issuer_codes[1:]:
            other = Issuer.objects.filter(code=code).first()
            if other:
                co_issuers.append(other)
            else:
                self.report.line(
                    "laws", old_id, f"co-issuer {code} unknown in the portal: left out"
                )
        issued = self.sane_date("laws", old_id, row.get("publtime"), row.get("addtime"))
        if issued is None:
            self.report.line("laws", old_id, "no usable issue date: the import date used")
            issued = self.now
        issue_date = timezone.localdate(issued)
        effective = from_timestamp(row.get("startvalid"))
        expires = from_timestamp(row.get("exptime"))
        status = DirectivePage.Status.IN_FORCE
        if expires and expires < self.now:
            status = DirectivePage.Status.EXPIRED
        signer = signers.get(int(row.get("sgid") or 0), {})
        area_ids = [
            int(a) for a in str(row.get("area_ids") or "").split(",") if a.strip().isdigit()
        ]
        field = None
        if area_ids and area_ids[0] in areas:
            name = areas[area_ids[0]]["title"].strip()[:100]
            field = DocumentField.objects.get_or_create(name=name)[0] if name else None
        summary = plain_text(row.get("introtext") or "") or plain_text(row.get("title") or "")
        if not summary:
            summary = str(symbol)
        title = (
            " ".join((row.get("title") or "").split())[:TITLE_LENGTH]
            or f"{document_type.name} số {symbol}"
        )
        documents = []
        for index, path in enumerate(self.law_files(row)):
            extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
            if extension not in DOCUMENT_EXTENSIONS:
                self.report.line(
                    "laws", old_id, f"attachment {path[:80]} is not PDF/DOC/DOCX: left out"
                )
                continue
            document_id = self.stored_file(
                ImportKey.Kind.FILE, "laws", old_id, path, f"{symbol} – tệp {index + 1}", collection
            )
            if document_id:
                documents.append(document_id)
        fields = {
            "title": title,
            "number": symbol.number,
            "document_type": document_type,
            "issuer": issuer,
            "term": self.term_for(issue_date),
            "issue_date": issue_date,
            "effective_date": timezone.localdate(effective) if effective else None,
            "signer_name": (signer.get("title") or "").strip()[:150],
            "signer_title": (signer.get("positions") or "").strip()[:255],
            "summary": summary[:2000],
            "field": field,
            "status": status,
            "first_published_at": issued,
        }
        if documents and not settings.PORTAL_EXTRACT_IN_BACKGROUND:
            docs = list(get_document_model().objects.filter(pk__in=documents))
            fields["attachment_text"], fields["attachment_errors"] = extract_attachments(docs)
            fields["attachment_source"] = source_key(docs)
        elif documents:
            # Read in one pass afterwards (extract_attachment_text), not one process per page.
            self.extract_later = True
        return fields, co_issuers, documents

    def directive_children(self, page, co_issuers, documents):
        DirectiveCoIssuer.objects.bulk_create(
            [
                DirectiveCoIssuer(page_id=page.pk, issuer=issuer, sort_order=i)
                for i, issuer in enumerate(co_issuers)
            ]
        )
        DirectiveAttachment.objects.bulk_create(
            [
                DirectiveAttachment(
                    page_id=page.pk,
                    document_id=doc,
                    sort_order=i,
                    label="Toàn văn" if i == 0 else f"Tệp {i + 1}",
                )
                for i, doc in enumerate(documents)
            ]
        )
        if co_issuers:
            page.refresh_from_db()
            if page.update_number_symbol():
                DirectivePage.objects.filter(pk=page.pk).update(number_symbol=page.number_symbol)

    def laws_relations(self):
        """Replaces / implements between imported documents, once every document exists."""
        keys = {k.old_id: k.object_id for k in ImportKey.objects.filter(kind=ImportKey.Kind.LAWS)}
        pairs = defaultdict(set)
        if self.source.has("laws", "set_replace"):
            for row in self.source.query(
                f"SELECT oid, nid FROM {self.source.table('laws', 'set_replace')}"
            ):
                pairs[("replaces", int(row["oid"]))].add(int(row["nid"]))
        related_as = self.mapping["laws"].get("related_as") or "none"
        for old_id, row in self.law_rows.items():
            for column, relation in (("replacement", "replaces"), ("relatement", related_as)):
                if relation not in ("replaces", "implements"):
                    continue
                for other in str(row.get(column) or "").split(","):
                    if other.strip().isdigit():
                        pairs[(relation, old_id)].add(int(other))
        replaced = set()
        for (relation, old_id), others in pairs.items():
            source_pk = keys.get(str(old_id))
            if source_pk is None:
                continue
            through = getattr(DirectivePage, relation).through
            for other in others:
                target_pk = keys.get(str(other))
                if target_pk is None or target_pk == source_pk:
                    self.report.line(
                        "laws",
                        old_id,
                        f"{relation} document {other}: not imported, relation left out",
                    )
                    continue
                _, created = through.objects.get_or_create(
                    from_directivepage_id=source_pk, to_directivepage_id=target_pk
                )
                self.report.modules["laws"]["relations created"] += int(created)
                if relation == "replaces":
                    replaced.add(target_pk)
        DirectivePage.objects.filter(pk__in=replaced).exclude(
            status=DirectivePage.Status.REPLACED
        ).update(status=DirectivePage.Status.REPLACED)

    # --- faq -----------------------------------------------------------------------------

    def qa_index(self):
        reference = self.mapping["faq"].get("qa_index")
        index = (
            mappings.resolve_page(reference, QAIndexPage)
            if reference
            else QAIndexPage.objects.first()
        )
        if index is None:
            index = QAIndexPage(title="Hỏi đáp", slug="hoi-dap")
            self.root.add_child(instance=index)
            self.report.modules["faq"]["Q&A page created"] += 1
        return index

    def import_faq(self):
        if not self.source.has("faq"):
            self.report.line("faq", "-", "no faq module tables: nothing imported")
            return
        counts = self.report.modules["faq"]
        index = self.qa_index()
        unit = mappings.resolve_page(self.mapping["faq"].get("unit"), UnitPage)
        cats = self.lookup_table("faq", "categories")
        categories = {}
        for catid, cat in cats.items():
            name = cat["title"].strip()[:150]
            if name:
                categories[catid] = Category.objects.get_or_create(name=name)[0]
            self.redirect(
                self.urls["faq_category"](cat["alias"]),
                f"{index.get_url()}?linh_vuc={categories[catid].pk}"
                if catid in categories
                else index,
                "faq",
                catid,
            )
        self.redirect(self.urls["faq"](), index, "faq", "-")
        sql = f"SELECT * FROM {self.source.table('faq')} WHERE id > {{after}} ORDER BY id LIMIT {{limit}}"
        taken = self.child_slugs(index)
        total = self.source.count("faq")
        started, done = time.monotonic(), 0
        for batch in self.source.batches(sql, BATCH):
            with transaction.atomic():
                self.faq_batch(batch, index, unit, categories, counts, taken)
            done += len(batch)
            self.progress("faq", done, total, started)

    def faq_batch(self, batch, index, unit, categories, counts, taken):
        keys = self.keys(ImportKey.Kind.FAQ, [row["id"] for row in batch])
        new = []
        for row in batch:
            counts["old rows"] += 1
            self.text_problems("faq", row)
            old_id = row["id"]
            if int(row["status"]) != 1:
                counts["not published (skipped)"] += 1
                continue
            if not plain_text(row.get("answer") or ""):
                counts["no answer (skipped)"] += 1
                self.report.line("faq", old_id, "question without an answer: not published")
                continue
            counts["old published"] += 1
            digest = checksum(row, index.pk, unit.pk if unit else None)
            key = keys.get(str(old_id))
            page = key and QuestionPage.objects.filter(pk=key.object_id).first()
            if page is not None and key.checksum == digest:
                counts["unchanged"] += 1
                continue
            asked = self.sane_date("faq", old_id, row.get("addtime")) or self.now
            reply = clean_rich_text(row.get("answer") or "")
            if "<script" in (row.get("answer") or "").lower():
                self.report.line("faq", old_id, "removed script from the answer")
            question = plain_text(row.get("question") or "") or plain_text(row.get("title") or "")
            title = (
                " ".join((row.get("title") or "").split())[:TITLE_LENGTH]
                or question[:TITLE_LENGTH]
                or f"Câu hỏi {old_id}"
            )
            fields = {
                "title": title,
                "question": question or title,
                "reply": reply,
                "unit": unit,
                "category": categories.get(int(row.get("catid") or 0)),
                "asked_on": timezone.localdate(asked),
                "answered_on": timezone.localdate(asked),
                "first_published_at": asked,
            }
            if page is not None:
                if self.edited_after_import(page, key):
                    counts["edited in the portal (kept)"] += 1
                    continue
                for name, value in fields.items():
                    setattr(page, name, value)
                page.save()
                self.remember(ImportKey.Kind.FAQ, old_id, page.pk, digest)
                counts["updated"] += 1
                continue
            fields["slug"] = self.unique_slug(
                row.get("alias"), taken, "faq", old_id, f"cau-hoi-{old_id}"
            )
            new.append((QuestionPage(**fields), old_id, digest))
        if new:
            pages = bulk_add_children(index, [item[0] for item in new], index=not self.dry_run)
            for page, (_, old_id, digest) in zip(pages, new, strict=True):
                self.remember(ImportKey.Kind.FAQ, old_id, page.pk, digest)
            counts["created"] += len(pages)

    # --- redirects and the report ------------------------------------------------------

    def write_redirects(self):
        existing = {
            r.old_path: r
            for r in Redirect.objects.filter(site=None, old_path__in=list(self.redirects))
        }
        created = updated = 0
        new = []
        for old_path, target in self.redirects.items():
            page = target if isinstance(target, Page) else None
            link = "" if page else str(target)
            redirect = existing.get(old_path)
            if redirect is None:
                new.append(
                    Redirect(
                        old_path=old_path,
                        site=None,
                        is_permanent=True,
                        redirect_page=page,
                        redirect_link=link,
                    )
                )
            elif (
                redirect.redirect_page_id != (page.pk if page else None)
                or redirect.redirect_link != link
            ):
                redirect.redirect_page, redirect.redirect_link, redirect.is_permanent = (
                    page,
                    link,
                    True,
                )
                redirect.save()
                updated += 1
        Redirect.objects.bulk_create(new, batch_size=500)
        created = len(new)
        self.report.modules["redirects"]["created"] += created
        self.report.modules["redirects"]["updated"] += updated
        self.report.modules["redirects"]["unchanged"] += len(self.redirects) - created - updated

    def reconcile(self):
        """Old published rows per category against the portal's pages made from them."""
        if self.source.has("news", "rows") and self.source.has("news", "cat"):
            cats = self.source.query(f"SELECT catid, title FROM {self.source.table('news', 'cat')}")
            old = {
                int(r["catid"]): int(r["n"])
                for r in self.source.query(
                    f"SELECT catid, COUNT(*) AS n FROM {self.source.table('news', 'rows')} "
                    "WHERE status = 1 GROUP BY catid"
                )
            }
            keys = {
                k.old_id: k.object_id for k in ImportKey.objects.filter(kind=ImportKey.Kind.NEWS)
            }
            live = set(
                ArticlePage.objects.filter(pk__in=keys.values()).values_list("pk", flat=True)
            )
            per_cat = Counter()
            for batch in self.source.batches(
                f"SELECT id, catid FROM {self.source.table('news', 'rows')} "
                "WHERE status = 1 AND id > {after} ORDER BY id LIMIT {limit}",
                5000,
            ):
                for row in batch:
                    if keys.get(str(row["id"])) in live:
                        per_cat[int(row["catid"])] += 1
            titles = {int(c["catid"]): c["title"] for c in cats}
            for catid in sorted(set(old) | set(titles)):
                self.report.categories[("news", catid)] = {
                    "title": titles.get(catid, "(category missing)"),
                    "old": old.get(catid, 0),
                    "new": per_cat.get(catid, 0),
                }
        for module, kind, model, table in (
            ("laws", ImportKey.Kind.LAWS, DirectivePage, ("laws", "row")),
            ("faq", ImportKey.Kind.FAQ, QuestionPage, ("faq", "")),
        ):
            if not self.source.has(*table):
                continue
            ids = ImportKey.objects.filter(kind=kind).values_list("object_id", flat=True)
            self.report.categories[(module, "all")] = {
                "title": module,
                "old": self.source.count(*table, where="WHERE status = 1"),
                "new": model.objects.filter(pk__in=list(ids)).count(),
            }
        counts = Counter(kind for kind in ImportKey.objects.values_list("kind", flat=True))
        self.report.modules["import keys"].update(counts)


def models_q_end(day):
    from django.db.models import Q

    return Q(end_date__isnull=True) | Q(end_date__gte=day)


__all__ = ["Importer", "Report", "SourceError"]
