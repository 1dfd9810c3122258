"""Benchmark the search page per backend on one database (``make bench-search``).

    BENCH_ARTICLES=100000 BENCH_DOCUMENTS=20000 DATABASE_URL=… python benchmarks/search.py

Builds the pages through the bulk path (portal.bulk) without indexing, then for each
backend in BENCH_BACKENDS (default: ``database,tantivy``): times the index build, runs 50
fixed queries (plain, folded, numbers, filtered, faceted) through the search view
(Django's test client: the full HTML page with facets, then its JSON), and the same words
on the engine alone, top 20: the bare SQL floor of the database backend (and, on
PostgreSQL with the ``rum`` extension, a RUM ``ORDER BY <=> LIMIT 20`` floor), Tantivy's
own top-20. Prints p50/p95/max, CPU per search, matches per query and the load average,
and appends them to BENCH_OUTPUT (default ``bench-results/search.txt``).
Never run in CI: it adds pages to the database it is given.
BENCH_REUSE=1 measures the pages an earlier run left (no build).
"""

import gc
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["DEBUG"] = "false"  # as in production: no query log, no debug templates
INDEX_DIR = Path(tempfile.mkdtemp(prefix="bench-search-index-"))
os.environ["SEARCH_INDEX_DIR"] = str(INDEX_DIR)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from modelsearch.backends import get_search_backend  # noqa: E402
from modelsearch.conf import get_app_config  # noqa: E402
from wagtail.models import Page  # noqa: E402

from articles.models import ArticlePage, DirectivePage, DocumentType, Term  # noqa: E402
from benchmarks.search_corpus import PLACES, Corpus  # noqa: E402
from demo.content import DOCUMENT_TYPES  # noqa: E402
from portal.bulk import bulk_add_children  # noqa: E402
from search.database import bulk_indexing  # noqa: E402
from search.query import search_terms  # noqa: E402
from units.models import Issuer, UnitKind, UnitPage  # noqa: E402

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
BACKENDS = {
    "database": {"BACKEND": "search.database", "SEARCH_CONFIG": "simple"},
    "tantivy": {"BACKEND": "search.tantivy", "PATH": str(INDEX_DIR)},
}


def load_average():
    with open("/proc/loadavg", encoding="ascii") as handle:
        return " ".join(handle.read().split()[:3])


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def summary(label, times):
    return (
        f"{label}: {len(times)} queries, p50 {percentile(times, 0.5):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms"
    )


def main():
    articles = int(os.environ.get("BENCH_ARTICLES", 100_000))
    documents = int(os.environ.get("BENCH_DOCUMENTS", 20_000))
    backends = os.environ.get("BENCH_BACKENDS", "database,tantivy").split(",")
    output = Path(os.environ.get("BENCH_OUTPUT", ROOT / "bench-results" / "search.txt"))
    lines = [
        f"{timezone.now():%Y-%m-%dT%H:%MZ} database: {connection.vendor}, cores: {os.cpu_count()}"
    ]
    pages = None
    if os.environ.get("BENCH_REUSE"):
        unit = UnitPage.objects.filter(title=BENCH_UNIT).order_by("-pk").first()
        pages = {
            model: list(model.objects.descendant_of(unit).order_by("pk"))
            for model in (ArticlePage, DirectivePage)
        }
    else:
        lines.append(f"requested: articles {articles}, documents {documents}")
        lines.append(f"load average before the build: {load_average()}")
        started = time.monotonic()
        pages = build(articles, documents)
        lines.append(f"pages built (bulk, no index): {time.monotonic() - started:.1f} s")
        if connection.vendor == "postgresql":
            # Fresh planner statistics, as autovacuum gives a deployment after a bulk load
            # (without them PostgreSQL reads a page's twenty results by a bitmap of all).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    lines.append("data: " + data_size())
    try:
        for name in backends:
            with override_settings(WAGTAILSEARCH_BACKENDS={"default": BACKENDS[name]}):
                lines.append(f"--- backend: {name} ({connection.vendor})")
                lines.append(f"load average before the index build: {load_average()}")
                lines += index(name, pages)
                # This process holds every page built or indexed (120,000 objects); a
                # worker does not. Out of the collector's sight, as a preloaded worker's.
                gc.collect()
                gc.freeze()
                lines += measure(name)
                gc.unfreeze()
                lines.append(f"load average after: {load_average()}")
    finally:
        shutil.rmtree(INDEX_DIR, ignore_errors=True)
    text = "\n".join(lines)
    print(text)
    output.parent.mkdir(exist_ok=True)
    with open(output, "a", encoding="utf-8") as handle:
        handle.write(text + "\n\n")


def index(name, pages):
    backend = get_search_backend()
    count = sum(len(items) for items in pages.values())
    started = time.monotonic()
    if name == "tantivy":
        rebuilder = backend.rebuilder_class(backend.index)
        target = rebuilder.start()
        for model, items in pages.items():
            for start in range(0, len(items), 1000):
                target.add_items(model, items[start : start + 1000])
        rebuilder.finish()
        how = "one writer, one commit"
    else:
        with bulk_indexing():
            for model, items in pages.items():
                for start in range(0, len(items), 1000):
                    backend.add_bulk(model, items[start : start + 1000])
        how = "add_bulk, 1,000 a batch, one title-norm refresh"
    seconds = time.monotonic() - started
    lines = [f"index build ({how}): {seconds:.1f} s, {count / seconds:.0f} pages/s"]
    if name == "tantivy":
        size = sum(f.stat().st_size for f in backend.path.rglob("*") if f.is_file())
        lines.append(f"index files: {size / 2**20:.0f} MiB")
    else:
        # Fresh statistics, as autovacuum would give a real deployment after a bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return lines


def data_size():
    entries = get_app_config().get_model("IndexEntry").objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    else:
        size = os.path.getsize(connection.settings_dict["NAME"])
    return (
        f"{ArticlePage.objects.count()} articles, {DirectivePage.objects.count()} documents, "
        f"{entries} database index entries, database {size / 2**20:.0f} MiB"
    )


@override_settings(DEBUG=False, PORTAL_PAGE_CACHE_SECONDS=0, RATELIMIT_ENABLE=False)
def measure(name):
    # Every request renders: the anonymous page cache would answer repeats; one client
    # sends them all, past the per-address rate limit.
    client = Client()
    unit = UnitPage.objects.filter(title=BENCH_UNIT).order_by("-pk").first()
    params = [{"q": q} for q in QUERIES] + FILTERED + [{"q": "dai hoi", "don_vi": unit.pk}]
    client.get("/search/", {"q": "khoi dong"})  # warm up (not one of the measured queries)
    page_times, json_times, counts = [], [], []
    cpu = time.process_time()
    for param in params:
        begin = time.perf_counter()
        response = client.get("/search/", param)
        page_times.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, param
    cpu = (time.process_time() - cpu) * 1000 / len(params)
    for param in params:
        begin = time.perf_counter()
        response = client.get("/search/", {**param, "format": "json"})
        json_times.append((time.perf_counter() - begin) * 1000)
        counts.append(response.json()["count"])
    floors = {}
    if name == "database":
        floors["bare SQL floor"] = [timed(sql_floor, p) for p in params]
        if rum_ready():
            floors["RUM top-20 floor (ORDER BY <=> LIMIT 20)"] = [
                timed(rum_floor, p) for p in params
            ]
    else:
        backend = get_search_backend()
        floors["engine top-20 floor (Tantivy alone)"] = [
            timed(lambda p: tantivy_floor(backend, p), p) for p in params
        ]
    slowest = sorted(zip(page_times, params, strict=True), key=lambda pair: -pair[0])[:3]
    lines = ["slowest pages: " + "; ".join(f"{p} {t:.0f} ms" for t, p in slowest)]
    total = ArticlePage.objects.count() + DirectivePage.objects.count()
    floor_names = list(floors)
    lines.append(
        "per query: results (share of all pages), page ms, json ms, " + ", ".join(floor_names)
    )
    for i, param in enumerate(params):
        extra = " ".join(f"{floors[f][i]:7.1f}" for f in floor_names)
        lines.append(
            f"  {counts[i]:7d} ({counts[i] / total:6.1%}) {page_times[i]:7.1f} {json_times[i]:7.1f} {extra}  {param}"
        )
    lines.append(summary("search page (HTML)", page_times))
    lines.append(summary("search page (JSON)", json_times))
    for label, times in floors.items():
        lines.append(summary(label, times))
    lines.append(f"CPU per search page (this process): {cpu:.1f} ms")
    return lines


def timed(function, param):
    begin = time.perf_counter()
    function(param)
    return (time.perf_counter() - begin) * 1000


def sql_floor(param):
    """The equivalent bare full-text query on the index table alone: the same matches
    (every word in the title or the body), the same rank, top 20; no page table, no
    filters, no facets."""
    words = search_terms(param["q"])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            each = " AND ".join(
                "(title @@ to_tsquery('simple', %s) OR body @@ to_tsquery('simple', %s))"
                for _word in words
            )
            cursor.execute(
                "SELECT object_id FROM wagtailsearch_indexentry, "  # noqa: S608
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


def rum_ready():
    """On PostgreSQL with the rum extension: a RUM index over title || body (built once)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if not cursor.fetchone():
            return False
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'bench_indexentry_rum'")
        if not cursor.fetchone():
            started = time.monotonic()
            cursor.execute(
                "ALTER TABLE wagtailsearch_indexentry ADD COLUMN IF NOT EXISTS bench_rum tsvector"
            )
            cursor.execute("UPDATE wagtailsearch_indexentry SET bench_rum = title || body")
            cursor.execute(
                "CREATE INDEX bench_indexentry_rum ON wagtailsearch_indexentry "
                "USING rum (bench_rum rum_tsvector_ops)"
            )
            cursor.execute("ANALYZE wagtailsearch_indexentry")
            print(f"RUM index built in {time.monotonic() - started:.1f} s", flush=True)
    return True


def rum_floor(param):
    words = search_terms(param["q"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id FROM wagtailsearch_indexentry "
            "WHERE bench_rum @@ to_tsquery('simple', %s) "
            "ORDER BY bench_rum <=> to_tsquery('simple', %s) LIMIT 20",
            [" & ".join(words)] * 2,
        )
        cursor.fetchall()


def tantivy_floor(backend, param):
    """The same words, every one required, on the engine alone: top 20 by BM25 over the
    fields, no filters, no pages loaded."""
    from search.tantivy import TantivySearchQueryCompiler

    compiler = TantivySearchQueryCompiler(
        Page.objects.all(), " ".join(search_terms(param["q"])), operator="and"
    )
    compiler.backend = backend
    searcher = backend.index.searcher()
    searcher.search(compiler.text_query(), 20, count=False)


def build(articles, documents):
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


if __name__ == "__main__":
    main()
