"""Query, Retrieve and SubmitFeedback: one module per stage of a search request.

The search engine (``moto_kendra.search``: analysis, inverted index, BM25) knows
nothing of Kendra's request and response shapes; this package turns a request
into engine calls and the engine's matches into Kendra's answer:

- ``operations``: the backend mixin (Query, Retrieve, SubmitFeedback);
- ``request``: the request object the stages read; ``checks``: its rules;
- ``terms``: QueryText's terms, synonyms and highlight marks (a query-syntax
  parser belongs here);
- ``candidates``: matching, language, AttributeFilter (``attribute_filter``) and
  access (``viewer``: UserContext, tokens, principal mappings, ACLs);
- ``ranking``: result order, sort keys and ScoreConfidence (relevance tuning and
  collapsing belong here);
- ``items``: DOCUMENT items and featured results; ``question_answers``: FAQ
  items; ``excerpts``: titles, excerpts, passages with highlights; ``facets``
  (ANSWER items and spell correction get modules of their own beside these);
- ``pipeline``: Query's stages in order; ``passages``: Retrieve;
- ``log``: the query log (query suggestions) and the QueryIds SubmitFeedback knows;
- ``suggestions``: GetQuerySuggestions (its document-attribute suggestions select
  documents as Query's candidates do).
"""
