"""The embedded engine (search.tantivy): the search page gives the database backend's
matches, counts and facets; publish, unpublish and delete reach the index through
Wagtail's signals; update_index rebuilds; several processes write one index (one writer
at a time, changes spooled while a rebuild holds it); hostile queries never break it.
Runs on SQLite and PostgreSQL (the pages are in the database either way)."""

import datetime
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tantivy
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from articles.models import ArticlePage, DirectivePage
from search.facets import Facet
from search.tantivy import TantivySearchBackend

from .factories import ArticlePageFactory, DirectivePageFactory, DocumentTypeFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]
DATABASE = {"default": {"BACKEND": "search.database", "SEARCH_CONFIG": "simple"}}


@pytest.fixture(autouse=True)
def uncached(settings):
    """Every request reaches the backend (the anonymous page cache would answer repeats)."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def engine(tmp_path):
    backends = {"default": {"BACKEND": "search.tantivy", "PATH": str(tmp_path / "index")}}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield get_search_backend()


def search_json(client, **params):
    response = client.get(reverse("search"), {**params, "format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def corpus(province, district):
    resolution = DocumentTypeFactory(name="Nghị quyết", code="NQ")
    pages = [
        ArticlePageFactory(
            parent=district,
            title="Đại hội Đảng bộ huyện Gò Dầu lần thứ XII",
            lead="Đại hội đã bầu Ban Chấp hành Đảng bộ huyện khóa mới.",
        ),
        ArticlePageFactory(
            parent=province,
            title="Hội nghị chuyển đổi số trong các cơ quan Đảng",
            lead="Chuyển đổi số, chính quyền số và Đại hội.",
        ),
        ArticlePageFactory(parent=district, title="Tin vắn", lead="Không có từ khóa nào."),
        DirectivePageFactory(
            parent=province,
            title="Nghị quyết về bảo vệ nền tảng tư tưởng của Đảng",
            number=35,
            document_type=resolution,
            number_symbol="35-NQ/TW",
            summary="Bảo vệ nền tảng tư tưởng của Đảng, đại hội.",
        ),
    ]
    return pages


PARAMS = [
    {"q": "dai hoi"},
    {"q": "Đại hội Đảng bộ"},
    {"q": "chuyen doi so"},
    {"q": "35-NQ/TW"},
    {"q": "nghi quyet 35"},
    {"q": "dai hoi", "loai": "tin-bai"},
    {"q": "dai hoi", "loai": "van-ban"},
    {"q": "dai hoi", "loai_van_ban": "NQ"},
    {"q": "dai hoi", "sap_xep": "moi-nhat"},
    # Date ranges and the issuer filter are id subqueries (articles.models): the index
    # filters by the ids the database gives.
    {"q": "dai hoi", "tu_ngay": "2000-01-01", "den_ngay": "2100-12-31"},
    {"q": "dai hoi", "tu_ngay": "2100-01-01"},
    {"q": "khong co trang nao noi the nay"},
]


def answers(client, **params):
    data = search_json(client, **params)
    facets = {
        name: sorted((str(item["value"]), item["count"]) for item in items)
        for name, items in data["facets"].items()
    }
    return data["count"], sorted(r["title"] for r in data["results"]), facets


def test_search_page_gives_the_database_backends_matches_and_facets(client, corpus, tmp_path):
    params_list = [*PARAMS, {"q": "dai hoi", "co_quan": corpus[3].issuer_id}]
    expected = {}
    with override_settings(WAGTAILSEARCH_BACKENDS=DATABASE):
        database = get_search_backend()  # indexed there too, whichever backend is the default
        for page in Page.objects.specific():
            database.add(page)
        for params in params_list:
            expected[str(params)] = answers(client, **params)
    backends = {"default": {"BACKEND": "search.tantivy", "PATH": str(tmp_path / "index")}}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        call_command("update_index", verbosity=0)
        for params in params_list:
            assert answers(client, **params) == expected[str(params)], params


def test_relevance_and_newest_first_come_from_the_index(client, engine, corpus):
    data = search_json(client, q="35-NQ/TW")
    assert data["results"][0]["number_symbol"] == "35-NQ/TW"
    now = timezone.now()
    for days, page in enumerate(corpus):
        page.first_published_at = now - datetime.timedelta(days=days)
        page.save()  # indexed again by the signal
    newest = search_json(client, q="dai hoi", sap_xep="moi-nhat")["results"]
    order = [p.title for p in corpus if p.title in {r["title"] for r in newest}]
    assert [r["title"] for r in newest] == order
    oldest_first = list(reversed(corpus))
    for days, page in enumerate(oldest_first):
        page.first_published_at = now - datetime.timedelta(days=days)
        page.save()
    newest = search_json(client, q="dai hoi", sap_xep="moi-nhat")["results"]
    assert [r["title"] for r in newest] == list(reversed(order))


def test_publish_unpublish_and_delete_reach_the_index(client, engine, province):
    page = ArticlePageFactory(parent=province, title="Hội nghị mía đường Tân Châu")
    assert [p.pk for p in Page.objects.live().search("mia duong")] == [page.pk]
    page.unpublish()
    assert list(Page.objects.live().search("mia duong")) == []
    assert [p.pk for p in Page.objects.search("mia duong")] == [page.pk]  # still indexed
    page.refresh_from_db()
    page.save_revision().publish()
    assert [r["title"] for r in search_json(client, q="mia duong")["results"]] == [page.title]
    page.delete()
    assert list(Page.objects.search("mia duong")) == []
    query = tantivy.Query.term_query(engine.schema, "t__title", "mia")
    assert engine.index.searcher().search(query, 1, count=True).count == 0


def test_update_index_rebuilds_an_emptied_index(client, engine, corpus):
    before = search_json(client, q="dai hoi")["count"]
    assert before >= 3
    engine.reset_indexes()
    assert search_json(client, q="dai hoi")["count"] == 0
    call_command("update_index", verbosity=0)
    assert search_json(client, q="dai hoi")["count"] == before


def test_autocomplete_finds_titles_by_their_first_letters(client, engine, corpus):
    titles = [p.title for p in Page.objects.live().autocomplete("chuyen d")]
    assert titles == ["Hội nghị chuyển đổi số trong các cơ quan Đảng"]


def test_counts_above_the_threshold_are_estimates(engine, corpus, tmp_path):
    facets = {"loai": Facet("content_type")}
    exact = Page.objects.live().search("dai hoi", order_by_relevance=False)
    total = exact.facet_counts(facets)[0]
    assert total == exact.count() >= 3
    assert exact.count_is_estimate is False
    few = TantivySearchBackend({"PATH": str(engine.path.parent), "EXACT_COUNT": 1})
    estimated = few.search("dai hoi", Page.objects.live(), order_by_relevance=False)
    estimated_total, counts = estimated.facet_counts(facets)
    assert estimated_total == total  # the total stays exact; the facets come from a sample
    assert estimated.count_is_estimate is True
    assert all(count % 8 == 0 for count in counts["loai"].values())


HOSTILE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80
) | st.sampled_from(
    ['"', "*", "AND OR NOT", "title:x", "(((", "a^9", "~1", "[1 TO 2]", "\\", "-dang", "+"]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=HOSTILE, kind=st.sampled_from(["", "van-ban", "tin-bai"]))
def test_hostile_queries_never_break_the_engine(client, engine, corpus, query, kind):
    response = client.get(reverse("search"), {"q": query, "loai": kind, "format": "json"})
    assert response.status_code in (200, 400)


# --- several processes, one index ----------------------------------------------------

WRITER = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    import tantivy
    from search.tantivy import TantivySearchBackend

    path, role, count, wait, hold = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    backend = TantivySearchBackend({"PATH": path, "WRITER_WAIT": wait})

    def document(n):
        document = tantivy.Document()
        document.add_text("key", f"{role}:{n}")
        document.add_integer("pk", n)
        return document

    if role == "rebuild":
        with backend.index.writer() as writer:
            backend.index._add_documents(writer, [document(0)])
            print("held", flush=True)
            time.sleep(hold)
    else:
        for n in range(count):
            backend.index.write_documents([document(n)])
    print("done", flush=True)
    """
)


def test_several_processes_write_one_index_without_losing_a_change(tmp_path):
    path = str(tmp_path / "index")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "PYTHONPATH": str(ROOT)}

    def start(role, count, hold=0.0):
        return subprocess.Popen(
            [sys.executable, "-c", WRITER, path, role, str(count), "0.3", str(hold)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )

    # A rebuild holds the writer for three seconds: the others' changes are spooled
    # (they wait 0.3 s), then applied by the rebuild when it commits.
    rebuild = start("rebuild", 1, hold=3.0)
    assert rebuild.stdout.readline().strip() == "held"
    writers = [start(f"w{n}", 15) for n in range(3)]
    for process in [rebuild, *writers]:
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, output
    backend = TantivySearchBackend({"PATH": path})
    searcher = backend.index.searcher()
    keys = ["rebuild:0"] + [f"w{n}:{i}" for n in range(3) for i in range(15)]
    missing = [
        key
        for key in keys
        if not searcher.search(tantivy.Query.term_query(backend.schema, "key", key), 1).hits
    ]
    assert missing == []
    assert searcher.num_docs == len(keys)
    assert list((backend.path / "spool").glob("*.json")) == []


def test_each_test_process_has_its_own_index_folder(settings):
    assert "portal-test-search-" in str(settings.SEARCH_INDEX_DIR)
    assert TantivySearchBackend({}).path.is_relative_to(settings.SEARCH_INDEX_DIR)


def test_documents_and_articles_are_told_apart(engine, corpus):
    assert {type(p) for p in DirectivePage.objects.live().search("dai hoi")} == {DirectivePage}
    assert {type(p) for p in ArticlePage.objects.live().search("dai hoi")} == {ArticlePage}
