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

from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
)

FOLDING_FILTERS = ["lowercase", "asciifolding"]


class FoldingMapping(Elasticsearch9Mapping):
    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": "folding",
    }


class FoldingSearchQueryCompiler(Elasticsearch9SearchQueryCompiler):
    mapping_class = FoldingMapping


class FoldingAutocompleteQueryCompiler(Elasticsearch9AutocompleteQueryCompiler):
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


class FoldingElasticsearchBackend(Elasticsearch9SearchBackend):
    mapping_class = FoldingMapping
    query_compiler_class = FoldingSearchQueryCompiler
    autocomplete_query_compiler_class = FoldingAutocompleteQueryCompiler
    settings = folding_settings(Elasticsearch9SearchBackend.settings)


SearchBackend = FoldingElasticsearchBackend
