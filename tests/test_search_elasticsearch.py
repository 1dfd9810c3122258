"""Elasticsearch: generated index settings, mappings and queries, checked offline; plus an
integration test that runs only when ELASTICSEARCH_URL names a server."""

import os

import pytest
from django.test import override_settings

from articles.models import ArticlePage, DirectivePage
from search.elasticsearch import FoldingElasticsearchBackend, FoldingMapping


def backend():
    return FoldingElasticsearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX": "portal-test"})


def test_every_analyzer_folds():
    analysis = backend().settings["settings"]["analysis"]
    for name in ("default", "folding", "ngram_analyzer", "edgengram_analyzer"):
        assert analysis["analyzer"][name]["filter"][:2] == ["lowercase", "asciifolding"], name


def test_autocomplete_searches_with_the_folding_analyzer():
    mapping = FoldingMapping(DirectivePage).get_mapping()
    edgengrams = mapping["properties"]["_edgengrams"]
    assert edgengrams["analyzer"] == "edgengram_analyzer"
    assert edgengrams["search_analyzer"] == "folding"


def test_mapping_has_the_attachment_text_and_filters():
    properties = FoldingMapping(DirectivePage).get_mapping()["properties"]
    assert "articles_directivepage__attachment_text" in properties
    assert "articles_directivepage__document_type_id_filter" in properties
    assert "articles_directivepage__issue_date_filter" in properties


@pytest.mark.django_db
def test_indexed_document_is_folded(directive):
    document = FoldingMapping(DirectivePage).get_document(directive)
    assert "Nghi quyet so 35 NQ TW" in document["title"]  # words only, as every query
    assert "Ve tang cuong bao ve nen tang tu tuong cua Dang" in str(document)


@pytest.mark.django_db
def test_generated_query_is_the_folded_words():
    compiler = backend().query_compiler_class(ArticlePage.objects.live(), "dai hoi dang bo")
    query = str(compiler.get_query())
    assert "dai hoi dang bo" in query


@pytest.mark.django_db
def test_newest_first_of_the_search_service_is_a_plain_sort():
    """The service orders newest first by F(...).desc(nulls_last=True) (undated pages last on
    PostgreSQL); Elasticsearch sorts by the field itself instead of refusing the expression."""
    from django.db.models import F
    from wagtail.models import Page

    ordered = Page.objects.live().order_by(F("first_published_at").desc(nulls_last=True), "-id")
    compiler = backend().query_compiler_class(ordered, "dai hoi", order_by_relevance=False)
    compiler.check()
    assert compiler.get_sort() == [{"first_published_at_filter": "desc"}, {"id_filter": "desc"}]


@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to test against",
)
@pytest.mark.django_db
def test_search_against_a_real_server(client, directive):
    import json

    from django.core.management import call_command

    url = os.environ["ELASTICSEARCH_URL"]
    backends = {
        "default": {
            "BACKEND": "search.elasticsearch",
            "URLS": [url],
            "INDEX": "portal-test",
        }
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        call_command("update_index", verbosity=0)
        data = json.loads(client.get("/search/", {"q": "nghi quyet 35", "format": "json"}).content)
        assert data["results"][0]["number_symbol"] == "35-NQ/TW"


def test_facets_are_one_aggregation_request_over_mapped_columns():
    from wagtail.models import Page

    from search.service import facet_fields as _facet_fields

    results = backend().search("dai hoi", Page.objects.live())
    aggregations = results.facet_aggregations(_facet_fields(Page, units=[]))
    properties = {
        **FoldingMapping(Page).get_mapping()["properties"],
        **FoldingMapping(DirectivePage).get_mapping()["properties"],
    }
    assert set(aggregations) == {"loai", "loai_van_ban", "co_quan", "tinh_trang", "nam"}
    for name, aggregation in aggregations.items():
        (kind,) = aggregation
        assert aggregation[kind]["field"] in properties, name
    assert aggregations["co_quan"]["terms"]["field"] == "articles_directivepage__issuer_id_filter"
    assert aggregations["nam"]["date_histogram"]["calendar_interval"] == "year"


@pytest.mark.django_db
def test_unit_facet_aggregates_by_path_prefix(province, district):
    from wagtail.models import Page

    from search.service import facet_fields as _facet_fields

    results = backend().search("dai hoi", Page.objects.live())
    units = [district]
    terms = results.facet_aggregations(_facet_fields(Page, units))["don_vi"]["terms"]
    assert terms["script"]["params"] == {"column": "path_filter", "length": len(district.path)}


@pytest.mark.django_db
def test_the_issuer_filter_reaches_the_query(directive):
    """A document's issuer filter is ``pk__in`` of a page type (articles.models.
    filter_documents): the query filters by the root's id, not nothing (Wagtail's walk of
    the WHERE skips pointer columns)."""
    from articles.models import filter_documents

    matching = filter_documents(DirectivePage.objects.live(), issuer=directive.issuer_id)
    compiler = backend().query_compiler_class(matching, "nghi quyet")
    filters = compiler.get_query()["bool"]["filter"]
    assert {"terms": {"id_filter": [directive.pk]}} in filters[1]["bool"]["must"]
    other = filter_documents(DirectivePage.objects.live(), issuer=directive.issuer_id + 1000)
    filters = backend().query_compiler_class(other, "nghi quyet").get_query()["bool"]["filter"]
    assert {"terms": {"id_filter": []}} in filters[1]["bool"]["must"]


@pytest.mark.django_db
def test_a_date_range_is_a_range_on_each_page_types_date(directive):
    """articles.models.listing_dates is one id subquery per page type: sent as ranges on
    each type's own date column, not as the ids the database would give."""
    import datetime

    from wagtail.models import Page

    from articles.models import listing_dates

    ranged = listing_dates(Page.objects.live(), datetime.date(2018, 1, 1), None)
    query = str(backend().query_compiler_class(ranged, "nghi quyet").get_query())
    assert (
        "'articles_directivepage__issue_date_filter': {'gte': datetime.date(2018, 1, 1)}" in query
    )
    midnight = (
        "datetime.datetime(2018, 1, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Ho_Chi_Minh'))"
    )
    assert f"'articles_articlepage__date_filter': {{'gte': {midnight}}}" in query
    assert "'id_filter'" not in query  # no list of ids
