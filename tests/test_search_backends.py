"""search.database promises the stock database backend's results, only faster: the same
ranked pages, counts and unranked matches for the relevance set's queries, on the demo
corpus, on SQLite and PostgreSQL (both read the same index table)."""

import pytest
from django.core.management import call_command
from django.db import transaction
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from search.facets import Facet
from search.query import search_terms

from .test_search_relevance import RELEVANCE_SET

pytestmark = pytest.mark.django_db
QUERIES = sorted({" ".join(search_terms(entry[0])) for entry in RELEVANCE_SET}) + [
    "dang",
    "dai hoi dang bo",
]


@pytest.fixture(scope="module")
def demo_corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", articles=80, documents=40, verbosity=0, stdout=None)
        # In the database index whichever backend is the default (SEARCH_BACKEND).
        database = get_search_backend("search.database", SEARCH_CONFIG="simple")
        for page in Page.objects.specific():
            database.add(page)
        yield
        transaction.set_rollback(True)


def backends():
    ours = get_search_backend("search.database", SEARCH_CONFIG="simple")
    stock = get_search_backend("modelsearch.backends.database", SEARCH_CONFIG="simple")
    assert type(ours).__module__.startswith("search.")
    assert type(stock).__module__.startswith("modelsearch.")
    return ours, stock


def pages():
    return Page.objects.live().exclude(Page.objects.private_q())


@pytest.mark.parametrize("operator", ["and", "or"])
def test_ranked_pages_and_counts_are_the_stock_ones(demo_corpus, operator):
    ours, stock = backends()
    differences = []
    for query in QUERIES:
        mine = ours.search(query, pages(), operator=operator)
        theirs = stock.search(query, pages(), operator=operator)
        if [p.pk for p in mine[:20]] != [p.pk for p in theirs[:20]]:
            differences.append(("ranked", query))
        if mine.count() != theirs.count():
            differences.append(("count", query, mine.count(), theirs.count()))
    assert differences == []
    assert any(stock.search(q, pages()).count() for q in QUERIES)  # the corpus matches


def test_unranked_matches_and_facet_totals_are_the_stock_ones(demo_corpus):
    ours, stock = backends()
    newest = pages().order_by("-first_published_at", "-id")
    facets = {"loai": Facet("content_type")}
    for query in QUERIES:
        mine = ours.search(query, newest, order_by_relevance=False)
        theirs = stock.search(query, newest, order_by_relevance=False)
        assert [p.pk for p in mine[:20]] == [p.pk for p in theirs[:20]], query
        total, counts = mine.facet_counts(facets)
        assert total == theirs.count() == sum(counts["loai"].values()), query
    assert any(stock.search(q, pages()).count() for q in QUERIES)  # the corpus matches
