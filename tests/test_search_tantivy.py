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

from .factories import (
    ArticlePageFactory,
    DirectivePageFactory,
    DocumentTypeFactory,
    IssuerFactory,
)

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
            date=timezone.make_aware(datetime.datetime(2020, 5, 1, 23, 30)),
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
    # Date ranges are one page type's conditions each (articles.models.listing_dates),
    # filtered in the index; the issuer filter is an id subquery the database answers. The
    # article is dated 1/5/2020 23:30 local time, the document 22/10/2018: both ends count.
    {"q": "dai hoi", "tu_ngay": "2000-01-01", "den_ngay": "2100-12-31"},
    {"q": "dai hoi", "tu_ngay": "2100-01-01"},
    {"q": "dai hoi", "tu_ngay": "2018-01-01", "den_ngay": "2020-12-31"},
    {"q": "dai hoi", "den_ngay": "2018-10-22"},
    {"q": "dai hoi", "tu_ngay": "2018-10-23", "den_ngay": "2020-05-01"},
    {"q": "dai hoi", "loai": "tin-bai", "tu_ngay": "2020-05-02"},
    {"q": "dai hoi", "loai": "van-ban", "den_ngay": "22/10/2018"},
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
    from articles.models import DirectiveCoIssuer

    # A second issuer, and a joint document: the issuer filter keeps a document of its own
    # or co-issued, and drops the other's.
    province_issuer = IssuerFactory(code="TU", name="Tỉnh ủy Tây Ninh")
    joint = DirectivePageFactory(
        parent=corpus[3].get_parent(),
        title="Kết luận đại hội về công tác tư tưởng",
        number=7,
        document_type=corpus[3].document_type,
        issuer=province_issuer,
        number_symbol="07-NQ/TU",
    )
    DirectiveCoIssuer.objects.create(page=joint, issuer=corpus[3].issuer)
    params_list = [
        *PARAMS,
        {"q": "dai hoi", "co_quan": corpus[3].issuer_id},
        {"q": "dai hoi", "co_quan": province_issuer.pk},
        {"q": "dai hoi", "co_quan": province_issuer.pk, "tu_ngay": "2100-01-01"},
    ]
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
    found = search_json(client, q="dai hoi")["count"]
    assert found >= 3
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


def test_a_date_range_is_the_indexs_own_filter(engine, corpus):
    """A date range needs no list of ids from the database (a range on each page type's
    date column in the index); the issuer filter, through a related table, does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import filter_documents, listing_dates
    from search.tantivy import TantivySearchQueryCompiler

    def filter_queries(queryset):
        compiler = TantivySearchQueryCompiler(queryset, "dai hoi")
        compiler.backend = engine
        with CaptureQueriesContext(connection) as queries:
            compiler._get_filters_from_queryset()
        return len(queries)

    start, end = datetime.date(2018, 1, 1), datetime.date(2020, 12, 31)
    assert filter_queries(listing_dates(Page.objects.live(), start, end)) == 0
    assert filter_queries(listing_dates(DirectivePage.objects.live(), start, end)) == 0
    issuer = filter_documents(DirectivePage.objects.live(), issuer=corpus[3].issuer_id)
    assert filter_queries(issuer) == 1


def test_a_page_unpublished_behind_the_index_is_not_shown(client, engine, corpus):
    """The pages the engine finds are read with the search's own conditions again: one
    unpublished without reaching the index (an update() bypasses the signals) is left out,
    with or without a date range (whose conditions only the index applies)."""
    call_command("update_index", verbosity=0)
    hidden = corpus[0]
    Page.objects.filter(pk=hidden.pk).update(live=False)
    for params in ({"q": "dai hoi"}, {"q": "dai hoi", "tu_ngay": "2000-01-01"}):
        titles = [r["title"] for r in search_json(client, **params)["results"]]
        assert hidden.title not in titles
        assert corpus[1].title in titles


def test_ensure_search_index_builds_an_empty_index_once(client, engine, corpus):
    """A new install or a new index layout starts empty: ensure_search_index fills it (make
    run calls it at every start), and leaves a filled one alone."""
    import io

    found = search_json(client, q="dai hoi")["count"]
    assert found >= 3
    engine.reset_indexes()
    assert search_json(client, q="dai hoi")["count"] == 0
    out = io.StringIO()
    call_command("ensure_search_index", stdout=out)
    assert "đang lập chỉ mục" in out.getvalue()
    assert search_json(client, q="dai hoi")["count"] == found
    out = io.StringIO()
    call_command("ensure_search_index", stdout=out)
    assert out.getvalue().strip() == "Chỉ mục tìm kiếm đã sẵn sàng."


def test_ensure_search_index_on_the_database_backend(corpus):
    import io

    from modelsearch.conf import get_app_config

    with override_settings(WAGTAILSEARCH_BACKENDS=DATABASE):
        entries = get_app_config().get_model("IndexEntry").objects
        entries.all().delete()
        call_command("ensure_search_index", stdout=io.StringIO())
        assert entries.count() >= len(corpus)
