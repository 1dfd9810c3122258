"""Benchmark the search page on the configured database (``make bench-search``).

    python manage.py bench_search --articles 100000 --documents 20000 [--output FILE]

Builds the pages through the bulk path (portal.bulk) without indexing, times the index
build, then runs 50 fixed queries (plain, folded, numbers, filtered, faceted) through the
search view (Django's test client: the full page with facets), and the same words as a
bare SQL full-text query on the index table (the floor). Prints p50/p95/max and writes
them to ``--output``. Never run in CI: it adds pages to the database it is given.
"""

import os
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from modelsearch.backends import get_search_backends
from modelsearch.conf import get_app_config

from articles.models import ArticlePage, DirectivePage, DocumentType, Term
from portal.bulk import bulk_add_children
from search.query import search_terms
from units.models import Issuer, UnitKind, UnitPage

WORDS = [
    "Đại",
    "hội",
    "Đảng",
    "bộ",
    "tỉnh",
    "nhiệm",
    "kỳ",
    "công",
    "tác",
    "xây",
    "dựng",
    "Đảng",
    "chính",
    "quyền",
    "học",
    "tập",
    "làm",
    "theo",
    "tư",
    "tưởng",
    "đạo",
    "đức",
    "phong",
    "cách",
    "Hồ",
    "Chí",
    "Minh",
    "kiểm",
    "tra",
    "giám",
    "sát",
    "tuyên",
    "giáo",
    "dân",
    "vận",
    "nông",
    "thôn",
    "mới",
    "kinh",
    "tế",
    "xã",
    "hội",
    "quốc",
    "phòng",
    "an",
    "ninh",
    "cải",
    "cách",
    "hành",
    "chính",
    "chuyển",
    "đổi",
    "số",
    "thi",
    "đua",
    "yêu",
    "nước",
]

QUERIES = [
    *["dai hoi dang bo", "Đại hội Đảng bộ", "xay dung dang", "học tập và làm theo", "HO CHI MINH"],
    *[
        "kiem tra giam sat",
        "nông thôn mới",
        "chuyen doi so",
        "thi dua yeu nuoc",
        "cải cách hành chính",
    ],
    *["35-NQ/TW", "35 NQ TW", "NQ 35", "nghị quyết 35", "nghi quyet so 35"],
    *["chi thi 5", "CT 12", "ket luan 7", "KH 100", "nghi quyet 1999"],
    *["tuyen giao dan van", "quoc phong an ninh", "kinh te xa hoi", "phong cach", "dao duc"],
    *["nhiem ky", "chinh quyen", "tinh", "dang", "cong tac"],
    *["Nghị quyết 10-NQ/TW", "10 NQ TW", "NQ 2000", "nghi quyet so 19999", "ho chi minh"],
    *["xay dung chinh quyen", "an ninh quoc phong", "dan van", "tu tuong dao duc"],
]
FILTERED = [
    {"q": "dai hoi", "loai": "tin-bai"},
    {"q": "nghi quyet", "loai": "van-ban"},
    {"q": "kiem tra", "loai_van_ban": "NQ"},
    {"q": "xay dung dang", "nam": "2020"},
    {"q": "tu tuong", "tinh_trang": "in_force"},
    {"q": "dang bo", "sap_xep": "moi-nhat"},
    {"q": "thi dua", "tu_ngay": "2020-01-01", "den_ngay": "2021-12-31"},
    {"q": "chuyen doi so", "loai": "van-ban", "nam": "2021"},
    {"q": "dai hoi", "page": "3"},
    {"q": "dang", "page": "50"},
]


def load_average():
    with open("/proc/loadavg", encoding="ascii") as handle:
        return " ".join(handle.read().split()[:3])


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


class Command(BaseCommand):
    help = "Benchmark the search page (p50/p95/max) beside a bare SQL full-text floor."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--documents", type=int, default=20_000)
        parser.add_argument("--output", default="bench-search.txt")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure the pages an earlier run built (no build, no index).",
        )
        parser.add_argument(
            "--build-only", action="store_true", help="Build and index; no queries."
        )

    def handle(self, *args, articles, documents, output, reuse, build_only, **options):
        lines = [f"{timezone.now():%Y-%m-%dT%H:%MZ} database: {connection.vendor}"]
        if not reuse:
            lines.append(f"requested: articles {articles}, documents {documents}")
            lines += self.build_and_index(articles, documents)
        lines.append("data: " + self.data_size())
        if not build_only:
            lines += self.measure()
        lines.append(f"load average (1/5/15 min) at the end: {load_average()}")
        text = "\n".join(lines)
        self.stdout.write(text)
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(text + "\n\n")

    def build_and_index(self, articles, documents):
        lines = [f"load average before the build: {load_average()}"]
        started = time.monotonic()
        pages = self.build(articles, documents)
        lines.append(f"pages built (bulk, no index): {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        for backend in get_search_backends(with_auto_update=True):
            for model, items in pages.items():
                for start in range(0, len(items), 1000):
                    backend.add_bulk(model, items[start : start + 1000])
        lines.append(f"index build (add_bulk, 1,000 a batch): {time.monotonic() - started:.1f} s")
        # Fresh statistics, as autovacuum would give a real deployment after a bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return lines

    def data_size(self):
        entries = get_app_config().get_model("IndexEntry").objects.count()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_database_size(current_database())")
                size = cursor.fetchone()[0]
        else:
            size = os.path.getsize(connection.settings_dict["NAME"])
        return (
            f"{ArticlePage.objects.count()} articles, {DirectivePage.objects.count()} documents, "
            f"{entries} index entries, database {size / 2**20:.0f} MiB"
        )

    @override_settings(DEBUG=False, PORTAL_PAGE_CACHE_SECONDS=0)
    def measure(self):
        # Every request renders: the anonymous page cache would answer repeats.
        client = Client()
        unit = UnitPage.objects.filter(title="Tỉnh ủy Benchmark").order_by("-pk").first()
        params = [{"q": q} for q in QUERIES] + FILTERED + [{"q": "dai hoi", "don_vi": unit.pk}]
        client.get("/search/", {"q": "khoi dong"})  # warm up (not one of the measured queries)
        page_times = []
        for param in params:
            begin = time.perf_counter()
            response = client.get("/search/", param)
            page_times.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, param
        floor_times = []
        for param in params:
            begin = time.perf_counter()
            self.floor(" ".join(search_terms(param["q"])))
            floor_times.append((time.perf_counter() - begin) * 1000)
        slowest = sorted(zip(page_times, params, strict=True), key=lambda pair: -pair[0])[:3]
        lines = ["slowest pages: " + "; ".join(f"{p} {t:.0f} ms" for t, p in slowest)]
        for label, times in (("search page", page_times), ("bare SQL floor", floor_times)):
            lines.append(
                f"{label}: {len(times)} queries, p50 {percentile(times, 0.5):.1f} ms, "
                f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms"
            )
        return lines

    def floor(self, terms):
        """The equivalent bare full-text query on the index table alone: the same matches
        (every word in the title or the body), the same rank, top 20; no page table, no
        filters, no facets."""
        words = terms.split()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                each = " AND ".join(
                    "(title @@ to_tsquery('simple', %s) OR body @@ to_tsquery('simple', %s))"
                    for _word in words
                )
                cursor.execute(
                    "SELECT object_id FROM wagtailsearch_indexentry, "
                    "to_tsquery('simple', %s) q WHERE " + each + " ORDER BY "
                    "ts_rank(title, q) * title_norm + ts_rank(body, q) DESC LIMIT 20",
                    [" & ".join(words)] + [word for word in words for _twice in (1, 2)],
                )
            else:
                match = "{title body} : (" + " AND ".join(f'"{w}"' for w in words) + ")"
                cursor.execute(
                    "SELECT e.object_id FROM wagtailsearch_indexentry_fts f "
                    "JOIN wagtailsearch_indexentry e ON e.id = f.rowid "
                    "WHERE wagtailsearch_indexentry_fts MATCH %s "
                    "ORDER BY bm25(wagtailsearch_indexentry_fts) * (e.title_norm + 1) LIMIT 20",
                    [match],
                )
            cursor.fetchall()

    def build(self, articles, documents):
        from wagtail.models import Site

        home = Site.objects.get(is_default_site=True).root_page
        kind, _ = UnitKind.objects.get_or_create(name="Tỉnh ủy")
        unit = UnitPage(title="Tỉnh ủy Benchmark", slug=f"bench-{int(time.time())}", kind=kind)
        home.add_child(instance=unit)
        doc_type, _ = DocumentType.objects.get_or_create(code="NQ", defaults={"name": "Nghị quyết"})
        term, _ = Term.objects.get_or_create(
            name="Nhiệm kỳ benchmark", defaults={"start_date": "2015-01-01"}
        )
        issuer, _ = Issuer.objects.get_or_create(code="TW", unit=None, defaults={"name": "TW"})
        now = timezone.now()

        def words(index, count):
            return " ".join(WORDS[(index * 7 + k * 3) % len(WORDS)] for k in range(count))

        article_pages = [
            ArticlePage(
                title=f"{words(i, 8)} {i}",
                slug=f"bai-{i}",
                lead=words(i + 1, 30),
                body=[{"type": "paragraph", "value": f"<p>{words(i + 2, 120)}</p>"}],
                date=now - timezone.timedelta(hours=i),
                first_published_at=now - timezone.timedelta(hours=i),
            )
            for i in range(articles)
        ]
        article_pages = bulk_add_children(unit, article_pages, index=False)
        document_pages = [
            DirectivePage(
                title=f"Nghị quyết số {i + 1}-NQ/TW {words(i, 10)}",
                slug=f"van-ban-{i}",
                number=i + 1,
                document_type=doc_type,
                issuer=issuer,
                term=term,
                number_symbol=f"{i + 1:02d}-NQ/TW",
                issue_date=(now - timezone.timedelta(days=i % 3650)).date(),
                summary=words(i, 25),
                # A few shared texts stand in for the attached PDFs (seed_demo makes
                # them at ~0.1 s each, too slow for 20,000).
                attachment_text=words(i % 10, 400),
            )
            for i in range(documents)
        ]
        document_pages = bulk_add_children(unit, document_pages, index=False)
        return {ArticlePage: article_pages, DirectivePage: document_pages}
