"""Wagtail's ``elasticsearch9`` backend with folding analyzers for Vietnamese.

The portal already indexes folded text and folds every query (portal.search_index),
so all backends give the same answers. These analyzers make Elasticsearch fold as
well, for anything that reaches it unfolded (e.g. the admin's own search): the
default analyzer, the n-gram analyzers and the autocomplete *search* analyzer
(Wagtail's is ``standard``, which keeps accents) all apply ``asciifolding``
(which maps đ → d and strips stacked marks) after lowercasing.

Selected in settings when ``ELASTICSEARCH_URL`` is set; OpenSearch works the same
way with ``modelsearch.backends.opensearch3`` (see README).
"""

import copy
from collections import Counter

from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
    Elasticsearch9SearchResults,
)

from .query import IndexFiltersMixin, PlainOrderingMixin

FOLDING_FILTERS = ["lowercase", "asciifolding"]


class FoldingMapping(Elasticsearch9Mapping):
    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": "folding",
    }


class FoldingSearchQueryCompiler(
    IndexFiltersMixin, PlainOrderingMixin, Elasticsearch9SearchQueryCompiler
):
    mapping_class = FoldingMapping


class FoldingAutocompleteQueryCompiler(PlainOrderingMixin, Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = FoldingMapping


def folding_settings(base):
    settings = copy.deepcopy(base)
    analysis = settings["settings"]["analysis"]
    folding = {"type": "custom", "tokenizer": "standard", "filter": FOLDING_FILTERS}
    analysis["analyzer"]["folding"] = folding
    analysis["analyzer"]["default"] = folding
    for name in ("ngram_analyzer", "edgengram_analyzer"):
        ngram = analysis["analyzer"][name]["filter"][-1]
        analysis["analyzer"][name]["filter"] = [*FOLDING_FILTERS, ngram]
    return settings


# Enough buckets for every unit, issuer or year a portal has.
FACET_BUCKETS = 1000


class FacetCountsResults(Elasticsearch9SearchResults):
    count_is_estimate = False  # track_total_hits=True: exact

    def facet_column(self, lookup):
        """The indexed filter column of a facet lookup ('directivepage__issuer')."""
        model = self.query_compiler.queryset.model
        *relations, name = lookup.split("__")
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        field = next(f for f in model.get_filterable_search_fields() if f.field_name == name)
        return self.query_compiler.mapping_class(model).get_field_column_name(field)

    def facet_aggregations(self, facets):
        """One aggregation per facet (search.facets), all sent in one request."""
        aggregations = {}
        for name, facet in facets.items():
            column = self.facet_column(facet.lookup)
            if facet.per_year:
                aggregation = {
                    "date_histogram": {
                        "field": column,
                        "calendar_interval": "year",
                        "format": "yyyy",
                        "min_doc_count": 1,
                    }
                }
            elif facet.path_prefix:
                script = (
                    "doc[params.column].size() == 0 ? '' : doc[params.column].value"
                    ".substring(0, (int) Math.min(params.length, doc[params.column].value.length()))"
                )
                aggregation = {
                    "terms": {
                        "script": {
                            "source": script,
                            "params": {"column": column, "length": facet.path_prefix},
                        },
                        "size": FACET_BUCKETS,
                    }
                }
            else:
                aggregation = {"terms": {"field": column, "size": FACET_BUCKETS}}
            aggregations[name] = aggregation
        return aggregations

    def facet_counts(self, facets):
        """(total, {name: Counter(value → count)}) from one aggregation request."""
        body = self._get_es_body()
        body["aggregations"] = self.facet_aggregations(facets)
        response = self._backend_do_search(
            body,
            index=self.backend.get_index_for_model(self.query_compiler.queryset.model).name,
            size=0,
            track_total_hits=True,
        )
        counts = {}
        for name, facet in facets.items():
            buckets = response["aggregations"][name]["buckets"]
            key = "key_as_string" if facet.per_year else "key"
            counts[name] = Counter(
                {
                    (int(bucket[key]) if facet.per_year else bucket[key]): bucket["doc_count"]
                    for bucket in buckets
                }
            )
        return response["hits"]["total"]["value"], counts


class FoldingElasticsearchBackend(Elasticsearch9SearchBackend):
    mapping_class = FoldingMapping
    query_compiler_class = FoldingSearchQueryCompiler
    results_class = FacetCountsResults
    autocomplete_query_compiler_class = FoldingAutocompleteQueryCompiler
    settings = folding_settings(Elasticsearch9SearchBackend.settings)


SearchBackend = FoldingElasticsearchBackend
