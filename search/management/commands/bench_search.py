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
from collections import Counter

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from modelsearch.backends import get_search_backends
from modelsearch.conf import get_app_config

from articles.models import ArticlePage, DirectivePage, DocumentType, Term
from demo.content import DOCUMENT_TYPES
from portal.bulk import bulk_add_children
from search.bench_corpus import PLACES, Corpus
from search.database import bulk_indexing
from search.query import search_terms
from units.models import Issuer, UnitKind, UnitPage

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
    *["Nghị quyết 10-NQ/TW", "10 NQ TW", "NQ 2000", "nghi quyet so 19999", "Tân Biên"],
    *["xay dung chinh quyen", "mia duong", "dan van", "tu tuong dao duc"],
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

BENCH_UNIT = "Tỉnh ủy Benchmark"


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
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="Index again the pages an earlier run built (after a change to what is "
            "indexed), then measure.",
        )

    def handle(self, *args, articles, documents, output, reuse, build_only, reindex, **options):
        lines = [f"{timezone.now():%Y-%m-%dT%H:%MZ} database: {connection.vendor}"]
        if reindex:
            unit = UnitPage.objects.filter(title=BENCH_UNIT).order_by("-pk").first()
            pages = {
                model: list(model.objects.descendant_of(unit).order_by("pk"))
                for model in (ArticlePage, DirectivePage)
            }
            lines.append(f"load average before the index build: {load_average()}")
            lines += self.index(pages)
        elif not reuse:
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
        return lines + self.index(pages)

    def index(self, pages):
        lines = []
        started = time.monotonic()
        with bulk_indexing():
            for backend in get_search_backends(with_auto_update=True):
                for model, items in pages.items():
                    for start in range(0, len(items), 1000):
                        backend.add_bulk(model, items[start : start + 1000])
        seconds = time.monotonic() - started
        count = sum(len(items) for items in pages.values())
        lines.append(
            f"index build (add_bulk, 1,000 a batch, one title-norm refresh): {seconds:.1f} s, "
            f"{count / seconds:.0f} pages/s"
        )
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

    @override_settings(DEBUG=False, PORTAL_PAGE_CACHE_SECONDS=0, RATELIMIT_ENABLE=False)
    def measure(self):
        # Every request renders: the anonymous page cache would answer repeats; one client
        # sends them all, past the per-address rate limit.
        client = Client()
        unit = UnitPage.objects.filter(title=BENCH_UNIT).order_by("-pk").first()
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
        # What each query matches (the page's own count, untimed): the corpus's distribution.
        pages = ArticlePage.objects.count() + DirectivePage.objects.count()
        lines.append("per query: results (share of all pages), page ms, floor ms")
        for param, page_ms, floor_ms in zip(params, page_times, floor_times, strict=True):
            count = client.get("/search/", {**param, "format": "json"}).json()["count"]
            lines.append(
                f"  {count:7d} ({count / pages:6.1%}) {page_ms:7.1f} {floor_ms:7.1f}  {param}"
            )
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
        """Pages of the Zipf corpus (search.bench_corpus): articles spread over ten district
        units, documents of four types and two issuers under the province."""
        from wagtail.models import Site

        home = Site.objects.get(is_default_site=True).root_page
        kind, _ = UnitKind.objects.get_or_create(name="Tỉnh ủy")
        unit = UnitPage(title=BENCH_UNIT, slug=f"bench-{int(time.time())}", kind=kind)
        home.add_child(instance=unit)
        districts = []
        for n, place in enumerate(PLACES[1:11]):
            district = UnitPage(title=f"Huyện ủy {place}", slug=f"huyen-{n}", kind=kind)
            unit.add_child(instance=district)
            districts.append(district)
        doc_types = [
            DocumentType.objects.get_or_create(code=code, defaults={"name": name})[0]
            for name, code in DOCUMENT_TYPES
            if code in ("NQ", "CT", "KL", "KH")
        ]
        term, _ = Term.objects.get_or_create(
            name="Nhiệm kỳ benchmark", defaults={"start_date": "2015-01-01"}
        )
        issuers = [
            Issuer.objects.get_or_create(
                code="TW", unit=None, defaults={"name": "Ban Chấp hành Trung ương Đảng"}
            )[0],
            Issuer.objects.get_or_create(code="TU", unit=unit, defaults={"name": unit.title})[0],
        ]
        now = timezone.now()
        corpus = Corpus()

        def article(i):
            topic = corpus.topic()
            return ArticlePage(
                title=corpus.text(8, 16, topic, 1),
                slug=f"bai-{i}",
                lead=corpus.text(25, 45, topic, 1),
                body=[
                    {"type": "paragraph", "value": f"<p>{corpus.text(50, 120, topic, 2)}</p>"}
                    for _paragraph in range(3)
                ],
                author=corpus.name(),
                date=now - timezone.timedelta(hours=i),
                first_published_at=now - timezone.timedelta(hours=i),
            )

        article_pages = [article(i) for i in range(articles)]
        pages = {ArticlePage: []}
        for n, district in enumerate(districts):
            pages[ArticlePage] += bulk_add_children(
                district, article_pages[n :: len(districts)], index=False
            )
        numbers = Counter()

        def document(i):
            topic = corpus.topic()
            doc_type = doc_types[i % len(doc_types)]
            issuer = issuers[i % 3 == 0]
            numbers[doc_type.code] += 1
            number = numbers[doc_type.code]
            symbol = f"{number:02d}-{doc_type.code}/{issuer.code}"
            return DirectivePage(
                title=f"{doc_type.name} số {symbol} về {corpus.text(6, 14, topic, 1)}",
                slug=f"van-ban-{i}",
                number=number,
                document_type=doc_type,
                issuer=issuer,
                term=term,
                number_symbol=symbol,
                issue_date=(now - timezone.timedelta(days=i % 3650)).date(),
                summary=corpus.text(20, 40, topic, 1),
                signer_name=corpus.name(),
                # Distinct text per document stands in for its attached PDF (seed_demo
                # renders real PDFs at ~0.1 s each, too slow for 20,000).
                attachment_text=corpus.text(250, 700, topic, 6),
            )

        pages[DirectivePage] = bulk_add_children(
            unit, [document(i) for i in range(documents)], index=False
        )
        return pages
