"""Query: relevance, result items, facets, sorting, paging, browse mode, filters, language,
and every input rule in its documented order.

Expected answers come from ``relevance_corpus.Oracle``, which re-derives them from the
ranking formulas independently of the engine; access control, document life cycle and ids
are in ``test_query_access.py``.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from relevance_corpus import (
    BY_ID,
    DOCS,
    FIELD_TYPES,
    HIDDEN,
    MEMBER,
    CorpusDoc,
    Oracle,
    Scored,
    confidence,
    d,
    expected_excerpt,
    expected_title,
    filler,
    load,
    tokens,
)
from support import expect_error

from moto_kendra.search.analysis import query_terms
from moto_kendra.search.engine import SearchIndex, weigh_texts

ORACLE = Oracle()
BROAD = "patient care diabetes hygiene"  # more than ten hits


@pytest.fixture
def corpus(kendra: Any, index_id: str) -> str:
    """The shared corpus, put once for the test (fields first, then batches of 10)."""
    load(kendra, index_id)
    return index_id


def run(kendra: Any, index_id: str, text: str | None = None, **kwargs: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"IndexId": index_id, **kwargs}
    if text is not None:
        params["QueryText"] = text
    response = kendra.query(**params)
    response.pop("ResponseMetadata", None)
    return dict(response)


def ids(response: dict[str, Any]) -> list[str]:
    return [item["DocumentId"] for item in response["ResultItems"]]


def english_hits(text: str) -> list[Scored]:
    """The oracle's hits that survive the implicit English filter, in relevance order."""
    hits = [hit for hit in ORACLE.score(text) if hit.doc.language == "en"]
    return sorted(hits, key=lambda hit: (-hit.score, hit.doc.id))


def equals(key: str, **value: Any) -> dict[str, Any]:
    return {"EqualsTo": {"Key": key, "Value": value}}


def leaf(operator: str, key: str, **value: Any) -> dict[str, Any]:
    return {operator: {"Key": key, "Value": value}}


def sort(key: str, order: str = "ASC") -> dict[str, str]:
    return {"DocumentAttributeKey": key, "SortOrder": order}


# -- relevance ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["insulin glucose", "patient policy", "vaccine children", "hand hygiene infections",
     "patients and their policies", "diabetes"],
)
def test_results_follow_bm25_over_all_searchable_documents_then_document_id(
    kendra: Any, corpus: str, text: str
) -> None:
    response = run(kendra, corpus, text, PageSize=100)
    expected = ORACLE.ranking(text)
    assert ids(response) == expected
    assert response["TotalNumberOfResults"] == len(expected)


def test_equal_scores_are_ordered_by_document_id(kendra: Any, corpus: str) -> None:
    scores = {hit.doc.id: hit.score for hit in ORACLE.score("stops")}
    assert scores == {"tie-a": scores["tie-b"], "tie-b": scores["tie-a"]}
    assert ids(run(kendra, corpus, "stops")) == ["tie-a", "tie-b"]


def test_title_tokens_count_twice_in_frequency_and_length(kendra: Any, corpus: str) -> None:
    # Weight 2 makes each pair an exact tie (same frequency, same length), broken by id;
    # weight 1 would put "zephyr-b-body" first, weight 3 "quasar-b-title" first.
    assert ids(run(kendra, corpus, "zephyr")) == ["zephyr-a-title", "zephyr-b-body"]
    assert ids(run(kendra, corpus, "quasar")) == ["quasar-a-body", "quasar-b-title"]


def test_searchable_custom_fields_make_hits_and_count_toward_relevance(
    kendra: Any, corpus: str
) -> None:
    assert ids(run(kendra, corpus, "penicillin")) == ["allergy-report"]  # STRING_LIST tags
    assert ids(run(kendra, corpus, "escalation")) == ["staff-memo"]  # hidden but searchable
    assert ids(run(kendra, corpus, "diabetes", PageSize=100)) == ORACLE.ranking("diabetes")


def test_fields_with_searchable_false_make_no_hits(kendra: Any, corpus: str) -> None:
    # "cholesterol" is also the non-searchable `keywords` value of lab-results
    assert ids(run(kendra, corpus, "cholesterol")) == ["lab-tests"]
    assert run(kendra, corpus, "Legal team")["ResultItems"] == []  # _authors: built-in


def put_plain(kendra: Any, index_id: str, *docs: CorpusDoc) -> None:
    requests = [doc.request() for doc in docs]
    for start in range(0, len(requests), 10):
        response = kendra.batch_put_document(IndexId=index_id, Documents=requests[start:start + 10])
        assert response["FailedDocuments"] == []


IDF_DOCS = (
    d("a-alpha", "alpha " + " ".join(filler(5))),
    d("b-beta", "beta " + " ".join(filler(5))),
    d("c-beta", "beta " + " ".join(filler(5, 7))),
)


PERTURBED = {"k1 1.5": {"k1": 1.5}, "k1 1.0": {"k1": 1.0}, "b 0.8": {"b": 0.8},
             "b 0.7": {"b": 0.7}}


def k1_b_docs(extra: int) -> list[CorpusDoc]:
    return [d("x", "alpha"), d("y", " ".join(["alpha", "beta", *filler(extra, 3)])),
            d("z", " ".join(["beta", *filler(10, 5)]))]


def test_bm25_uses_k1_1_2_and_b_0_75(kendra: Any, make_index: Any) -> None:
    # find, for each neighbouring parameter, a corpus whose order it would change
    chosen: dict[int, list[str]] = {}
    for name, parameters in PERTURBED.items():
        extra = next(n for n in range(0, 40, 2) if Oracle(k1_b_docs(n)).ranking("alpha beta")
                     != Oracle(k1_b_docs(n), **parameters).ranking("alpha beta"))
        chosen.setdefault(extra, []).append(name)
    assert sum(len(names) for names in chosen.values()) == len(PERTURBED)
    for extra in chosen:
        index = make_index(name=f"bm25-{extra}")
        put_plain(kendra, index, *k1_b_docs(extra))
        assert ids(run(kendra, index, "alpha beta")) == Oracle(k1_b_docs(extra)).ranking(
            "alpha beta"
        )


def test_idf_counts_documents_of_every_language(kendra: Any, index_id: str) -> None:
    foreign = [d(f"fr-{n}", "alpha " + " ".join(filler(5, n)), _language_code="fr")
               for n in range(2)]
    put_plain(kendra, index_id, *IDF_DOCS, *foreign)
    # df(alpha) = 3 (two of them French) > df(beta) = 2, so beta is the rarer term
    oracle = Oracle([*IDF_DOCS, *foreign])
    assert ids(run(kendra, index_id, "alpha beta")) == oracle.ranking("alpha beta")
    assert ids(run(kendra, index_id, "alpha beta"))[0] == "b-beta"


def test_idf_ignores_documents_that_are_not_searchable_yet(
    kendra: Any, index_id: str, transition: Any
) -> None:
    transition("kendra::document", progression="manual", times=1)
    put_plain(kendra, index_id, *IDF_DOCS)
    advance(kendra, index_id, *[doc.id for doc in IDF_DOCS])
    pending = [d(f"p-{n}", "alpha " + " ".join(filler(5, n))) for n in range(2)]
    put_plain(kendra, index_id, *pending)
    assert ids(run(kendra, index_id, "alpha beta")) == Oracle(IDF_DOCS).ranking("alpha beta")
    assert ids(run(kendra, index_id, "alpha beta"))[0] == "a-alpha"
    advance(kendra, index_id, *[doc.id for doc in pending])
    everything = Oracle([*IDF_DOCS, *pending]).ranking("alpha beta")
    assert ids(run(kendra, index_id, "alpha beta")) == everything
    assert everything[0] == "b-beta"


def test_average_length_ignores_documents_that_are_not_searchable_yet(
    kendra: Any, index_id: str, transition: Any
) -> None:
    short = d("x-alpha", "alpha " + " ".join(filler(1)))
    long = d("y-beta", "beta beta beta " + " ".join(filler(20)))
    other = d("z-other", " ".join(filler(3)))
    transition("kendra::document", progression="manual", times=1)
    put_plain(kendra, index_id, short, long, other)
    advance(kendra, index_id, "x-alpha", "y-beta", "z-other")
    pending = [d(f"p-{n}", " ".join(filler(300, n))) for n in range(2)]
    put_plain(kendra, index_id, *pending)
    searchable_now = Oracle([short, long, other]).ranking("alpha beta")
    assert ids(run(kendra, index_id, "alpha beta")) == searchable_now
    advance(kendra, index_id, *[doc.id for doc in pending])
    later = Oracle([short, long, other, *pending]).ranking("alpha beta")
    assert ids(run(kendra, index_id, "alpha beta")) == later != searchable_now


def scored_by_id(engine: SearchIndex, terms: list[tuple[str, ...]]) -> dict[str, tuple]:
    """``{doc id: (score, coverage, summed frequency)}`` of a raw engine query."""
    matches = engine.score(terms)
    return {
        engine.doc_ids[slot]: (score, matches.coverage(slot), matches.frequency(slot))
        for slot, score in matches.scores.items()
    }


def searchable_ids(engine: SearchIndex) -> list[str | None]:
    return [engine.doc_ids[slot] for slot in engine.searchable_slots()]


def columns_by_id(engine: SearchIndex, key: str) -> dict[str | None, Any]:
    column = engine.column(key) or []
    return {engine.doc_ids[slot]: column[slot] for slot in engine.searchable_slots()}


def test_search_index_answers_the_same_after_deletions_compact_it() -> None:
    engine, fresh = SearchIndex(), SearchIndex()
    docs = {f"d{n:03d}": Counter({"alpha": n % 3 + 1, f"t{n % 7}": 1 + n % 2}) for n in range(300)}

    def values(n: int) -> dict[str, Any]:
        # "rare" only on documents the deletions remove: no live slot keeps a value
        return {"k": f"v{n}", **({"rare": n} if n % 4 else {})}

    for n, (doc_id, counts) in enumerate(docs.items()):
        engine.add(doc_id, counts, doc_id, values(n))
    removed = [doc_id for n, doc_id in enumerate(docs) if n % 4]  # 225 of 300: one compaction
    for doc_id in removed:
        engine.remove(doc_id)
    engine.remove("never-added")
    engine.add("d001", Counter({"alpha": 5}), "d001", {"k": "again"})  # a re-put after it
    for n, (doc_id, counts) in enumerate(docs.items()):
        if doc_id not in removed:
            fresh.add(doc_id, counts, doc_id, values(n))
    fresh.add("d001", Counter({"alpha": 5}), "d001", {"k": "again"})
    for index in (engine, fresh):
        index.settle(lambda doc_id: True)
    terms = [("alpha",), ("t3", "t4")]
    assert len(engine) == len(fresh) == 76
    assert scored_by_id(engine, terms) == scored_by_id(fresh, terms)
    assert sorted(searchable_ids(engine)) == sorted(searchable_ids(fresh))
    expected = {doc_id: f"v{n}" for n, doc_id in enumerate(docs) if doc_id not in removed}
    assert columns_by_id(engine, "k") == {**expected, "d001": "again"}
    assert set(columns_by_id(engine, "rare").values()) == {None}
    assert [engine.items[slot] for slot in engine.searchable_slots()] == searchable_ids(engine)


def test_search_index_weighs_texts_when_first_read_and_never_for_replaced_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    weighed: list[tuple[str, ...]] = []

    def counting(texts: tuple[str, ...]) -> Counter[str]:
        weighed.append(texts)
        return weigh_texts(texts)

    monkeypatch.setattr("moto_kendra.search.engine.weigh_texts", counting)
    deferred, direct = SearchIndex(), SearchIndex()
    bodies = {f"d{n:03d}": f"alpha t{n % 7} " * (1 + n % 3) for n in range(200)}
    for doc_id, body in bodies.items():
        deferred.add_texts(doc_id, (body, "title " + doc_id), doc_id, {"k": doc_id})
    deferred.add_texts("d005", ("replaced alpha", ""), "d005", {"k": "again"})
    for doc_id in list(bodies)[60:190]:  # deletions that compact the unposted slots
        deferred.remove(doc_id)
    assert weighed == []  # nothing weighed yet: puts and deletes only place and free slots
    assert len(deferred.doc_ids) < 201  # the deletions compacted the slots
    for doc_id, body in bodies.items():
        if doc_id not in list(bodies)[60:190] and doc_id != "d005":
            direct.add(doc_id, weigh_texts((body, "title " + doc_id)), doc_id, {"k": doc_id})
    direct.add("d005", weigh_texts(("replaced alpha", "")), "d005", {"k": "again"})
    for engine in (deferred, direct):
        engine.settle(lambda doc_id: True)
    terms = [("alpha",), ("t3", "t4"), ("replac",)]
    assert scored_by_id(deferred, terms) == scored_by_id(direct, terms)
    assert len(weighed) == 70  # each live document once; the replaced and deleted never
    assert columns_by_id(deferred, "k") == columns_by_id(direct, "k")
    assert scored_by_id(deferred, terms) == scored_by_id(direct, terms)
    assert len(weighed) == 70  # posted once


def test_search_index_counts_only_documents_seen_searchable() -> None:
    engine = SearchIndex()
    engine.add("a", Counter({"alpha": 1, "x": 3}), "a")
    engine.add("b", Counter({"beta": 1}), "b")
    engine.add("c", Counter({"alpha": 1}), "c")
    engine.settle(lambda doc_id: doc_id != "c")
    scored = scored_by_id(engine, [("alpha",)])
    assert set(scored) == {"a"}
    # N = 2 searchable documents, df = 1, average length (4 + 1) / 2
    idf = math.log(1 + (2 - 1 + 0.5) / (1 + 0.5))
    expected = idf * 1 * 2.2 / (1 + 1.2 * (1 - 0.75 + 0.75 * 4 / 2.5))
    assert scored["a"] == (pytest.approx(expected), 1, 1)
    assert searchable_ids(engine) == ["a", "b"]


def test_search_index_sums_a_terms_variants_in_one_document() -> None:
    engine = SearchIndex()
    engine.add("a", Counter({"car": 2, "auto": 3}), "a")
    engine.add("b", Counter({"auto": 1}), "b")
    engine.settle(lambda doc_id: True)
    scored = scored_by_id(engine, [("car", "auto")])
    # one query term matched by both of its variants: tf 2 + 3, df 2 of N 2, average 3
    idf = math.log(1 + (2 - 2 + 0.5) / (2 + 0.5))
    expected = idf * 5 * 2.2 / (5 + 1.2 * (1 - 0.75 + 0.75 * 5 / 3))
    assert scored["a"] == (pytest.approx(expected), 1, 5)
    assert scored["b"][1:] == (1, 1)


def advance(kendra: Any, index_id: str, *doc_ids: str) -> list[str]:
    infos = [{"DocumentId": doc_id} for doc_id in doc_ids]
    response = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=infos)
    return [entry["DocumentStatus"] for entry in response["DocumentStatusList"]]


def test_query_of_stop_words_only_has_no_results(kendra: Any, corpus: str) -> None:
    response = run(kendra, corpus, "the and of it", Facets=[{"DocumentAttributeKey": "tags"}])
    assert response["ResultItems"] == []
    assert response["TotalNumberOfResults"] == 0
    assert response["FacetResults"][0]["DocumentAttributeValueCountPairs"] == []


def test_query_matching_nothing_has_no_results(kendra: Any, corpus: str) -> None:
    response = run(kendra, corpus, "xylophone")
    assert (response["ResultItems"], response["TotalNumberOfResults"]) == ([], 0)


# -- confidence --------------------------------------------------------------------------------


def test_score_confidence_is_the_share_of_query_terms_a_document_matches(
    kendra: Any, corpus: str
) -> None:
    seen = set()
    for text in ("insulin glucose diet weight", "insulin glucose diet sugar"):
        coverage = ORACLE.coverage(text)
        terms = len(query_terms(text))
        for item in run(kendra, corpus, text, PageSize=100)["ResultItems"]:
            level = confidence(coverage[item["DocumentId"]], terms)
            assert item["ScoreAttributes"] == {"ScoreConfidence": level}
            seen.add(level)
    assert seen == {"VERY_HIGH", "HIGH", "MEDIUM", "LOW"}


# -- result items ------------------------------------------------------------------------------


def test_result_items_carry_ids_feedback_tokens_and_fixed_members(
    kendra: Any, corpus: str
) -> None:
    response = run(kendra, corpus, "insulin")
    query_id = response["QueryId"]
    assert len(query_id) == 36
    for item in response["ResultItems"]:
        assert item["Id"].startswith(f"{query_id}-") and len(item["Id"]) == 73
        assert item["FeedbackToken"] == f"{query_id}.{item['Id']}"
        assert (item["Type"], item["AdditionalAttributes"]) == ("DOCUMENT", [])
        assert item["Format"] == "TEXT"
    assert len({item["Id"] for item in response["ResultItems"]}) == len(response["ResultItems"])
    assert "Warnings" not in response and "SpellCorrectedQueries" not in response
    assert response["FeaturedResultsItems"] == []


@pytest.mark.parametrize(
    ("text", "doc_id"),
    [
        ("treatment", "care-plan"),  # short body: no "..."
        ("discharge", "discharge-guide"),  # first match at token 30: "..." both sides
        ("home", "discharge-guide"),  # title-only match: window from token 0
        ("referral", "wide-guide"),  # core cut to 2000 characters
        ("emergency families", "emergency-contacts"),  # empty body: the title
        ("glucose monitoring", "glucose-monitoring"),  # no title: the DocumentId
    ],
)
def test_excerpt_and_title_follow_the_window_rules(
    kendra: Any, corpus: str, text: str, doc_id: str
) -> None:
    items = {item["DocumentId"]: item for item in run(kendra, corpus, text)["ResultItems"]}
    doc = BY_ID[doc_id]
    assert items[doc_id]["DocumentExcerpt"] == expected_excerpt(doc, text)
    assert items[doc_id]["DocumentTitle"] == expected_title(doc.title or doc.id, text)


def test_excerpt_window_starts_ten_tokens_before_the_first_match(
    kendra: Any, corpus: str
) -> None:
    body = BY_ID["discharge-guide"].body
    spans = tokens(body)
    item = run(kendra, corpus, "discharge")["ResultItems"][0]
    text = item["DocumentExcerpt"]["Text"]
    assert text == "..." + body[spans[20][1]:spans[119][2]] + "..."
    # tokens 30 and 60 lie in the window [20, 120); token 140 does not
    shown = [text[h["BeginOffset"]:h["EndOffset"]] for h in item["DocumentExcerpt"]["Highlights"]]
    assert shown == ["discharge", "Discharged"]


def test_highlights_select_whole_matched_words_with_exclusive_end(
    kendra: Any, corpus: str
) -> None:
    text = "patients policies insulin"
    terms = set(query_terms(text))
    response = run(kendra, corpus, text, PageSize=100)
    count = 0
    for item in response["ResultItems"]:
        for part in ("DocumentTitle", "DocumentExcerpt"):
            shown = item[part]["Text"]
            previous_end = -1
            for mark in item[part]["Highlights"]:
                word = shown[mark["BeginOffset"]:mark["EndOffset"]]
                assert tokens(word) == [(tokens(word)[0][0], 0, len(word))]
                assert tokens(word)[0][0] in terms
                assert mark["BeginOffset"] > previous_end  # in order, never merged
                previous_end = mark["EndOffset"]
                assert mark["TopAnswer"] is False and mark["Type"] == "STANDARD"
                count += 1
    assert count > 10


def test_excerpt_core_is_cut_to_2000_characters(kendra: Any, corpus: str) -> None:
    item = run(kendra, corpus, "referral")["ResultItems"][0]
    excerpt = item["DocumentExcerpt"]
    assert len(excerpt["Text"]) == 2003 and excerpt["Text"].endswith("...")
    assert not excerpt["Text"].startswith("...")
    body = BY_ID["wide-guide"].body
    assert excerpt["Text"][:2000] == body[:2000]
    # "referral" at token 5 only: token 76 crosses character 2000, token 90 lies beyond
    begin = body.index("referral")
    assert excerpt["Highlights"] == [
        {"BeginOffset": begin, "EndOffset": begin + 8, "TopAnswer": False, "Type": "STANDARD"}
    ]


@pytest.mark.parametrize(
    ("position", "length"),
    [(10, 100), (10, 120), (11, 101), (0, 100), (0, 101), (95, 105), (104, 105), (None, 100),
     (None, 101)],
)
def test_excerpt_dots_mark_tokens_left_out_before_and_after_the_window(
    kendra: Any, index_id: str, position: int | None, length: int
) -> None:
    words = filler(length)
    if position is not None:
        words[position] = "lantern"
    doc = d("edges", " ".join(words), "Lantern" if position is None else None)
    put_plain(kendra, index_id, doc)
    excerpt = run(kendra, index_id, "lantern")["ResultItems"][0]["DocumentExcerpt"]
    assert excerpt == expected_excerpt(doc, "lantern")
    start = max(0, (position or 0) - 10)
    assert excerpt["Text"].startswith("...") == (start > 0)
    assert excerpt["Text"].endswith("...") == (start + 100 < length)


def test_a_cut_core_ends_with_dots_even_when_the_window_reaches_the_last_token(
    kendra: Any, index_id: str
) -> None:
    words = ["x" * 39] * 60
    words[2] = "lantern"
    body = " ".join(words)
    put_plain(kendra, index_id, d("wide-short", body))
    excerpt = run(kendra, index_id, "lantern")["ResultItems"][0]["DocumentExcerpt"]
    assert excerpt["Text"] == body[:2000] + "..."
    assert excerpt == expected_excerpt(d("wide-short", body), "lantern")


def test_title_is_cut_to_2048_characters(kendra: Any, index_id: str) -> None:
    words = ["titleword"] * 300
    words[3] = "lanterns"
    words[204] = "lanterns"  # cut after "lantern": a whole token of the cut text, but not
    start = sum(len(word) + 1 for word in words[:204])  # of the title
    words[100] += "x" * (2041 - start)
    title = " ".join(words)
    assert title[2041:2048] == "lantern" and title[2048] == "s"
    put_plain(kendra, index_id, d("long-title", "lantern room", title))
    item = run(kendra, index_id, "lantern")["ResultItems"][0]
    assert item["DocumentTitle"]["Text"] == title[:2048]
    begin = title.index("lanterns")
    assert item["DocumentTitle"]["Highlights"] == [
        {"BeginOffset": begin, "EndOffset": begin + 8, "TopAnswer": False, "Type": "STANDARD"}
    ]


def test_empty_body_gives_the_title_as_excerpt_highlighted_like_the_title(
    kendra: Any, corpus: str
) -> None:
    item = run(kendra, corpus, "families")["ResultItems"][0]
    assert item["DocumentId"] == "emergency-contacts"
    assert item["DocumentExcerpt"] == item["DocumentTitle"]
    assert item["DocumentTitle"]["Highlights"] != []


def test_title_falls_back_to_the_document_id(kendra: Any, corpus: str) -> None:
    item = run(kendra, corpus, "sensor")["ResultItems"][0]
    assert item["DocumentTitle"] == {"Text": "glucose-monitoring", "Highlights": []}
    title = run(kendra, corpus, "sensor monitoring")["ResultItems"][0]["DocumentTitle"]
    assert title == expected_title("glucose-monitoring", "sensor monitoring")
    assert title["Highlights"] != []


@pytest.mark.parametrize(
    ("text", "doc_id", "uri"),
    [
        ("dosing", "insulin-dosing", "https://example.com/insulin"),
        ("ninety", "insurance-claims", "ftp://files.example.com/claims.pdf"),
        ("consent", "privacy-policy", None),  # "not a url"
        ("visitors welcome", "visiting-hours", None),  # a space breaks the Url pattern
        ("refrigerator", "insulin-storage", None),  # no _source_uri
    ],
)
def test_document_uri_comes_from_source_uri_only_when_it_is_a_url(
    kendra: Any, corpus: str, text: str, doc_id: str, uri: str | None
) -> None:
    item = next(i for i in run(kendra, corpus, text)["ResultItems"] if i["DocumentId"] == doc_id)
    assert item.get("DocumentURI") == uri


def shown_attributes(doc: CorpusDoc, keep: list[str] | None = None) -> list[dict[str, Any]]:
    return [
        {"Key": key, "Value": {MEMBER[FIELD_TYPES[key]]: value}}
        for key, value in doc.attributes
        if key not in HIDDEN and (keep is None or key in keep)
    ]


def test_document_attributes_keep_stored_order_and_hide_non_displayable_custom_fields(
    kendra: Any, corpus: str
) -> None:
    items = {i["DocumentId"]: i for i in run(kendra, corpus, "memo plan")["ResultItems"]}
    assert items["staff-memo"]["DocumentAttributes"] == shown_attributes(BY_ID["staff-memo"])
    assert [a["Key"] for a in items["staff-memo"]["DocumentAttributes"]] == ["department"]
    # built-ins (_category, _created_at: Displayable false) are always shown
    care = items["care-plan"]["DocumentAttributes"]
    assert care == shown_attributes(BY_ID["care-plan"])
    assert [a["Key"] for a in care] == [
        "department", "priority", "tags", "_category", "_created_at", "reviewed"
    ]


def test_requested_document_attributes_limit_the_attributes_shown(
    kendra: Any, corpus: str
) -> None:
    requested = ["reviewed", "_category", "internal_note", "no_such_field"]
    items = {
        i["DocumentId"]: i
        for i in run(kendra, corpus, "memo plan", RequestedDocumentAttributes=requested)[
            "ResultItems"
        ]
    }
    assert items["care-plan"]["DocumentAttributes"] == shown_attributes(
        BY_ID["care-plan"], requested
    )
    assert items["staff-memo"]["DocumentAttributes"] == []


def test_spell_corrected_queries_appear_only_when_asked(kendra: Any, corpus: str) -> None:
    asked = run(kendra, corpus, "insulin",
                SpellCorrectionConfiguration={"IncludeQuerySpellCheckSuggestions": True})
    assert asked["SpellCorrectedQueries"] == []
    declined = run(kendra, corpus, "insulin",
                   SpellCorrectionConfiguration={"IncludeQuerySpellCheckSuggestions": False})
    assert "SpellCorrectedQueries" not in declined


def test_query_result_type_filter_answer_keeps_nothing(kendra: Any, corpus: str) -> None:
    response = run(kendra, corpus, "insulin", QueryResultTypeFilter="ANSWER")
    assert (response["ResultItems"], response["TotalNumberOfResults"]) == ([], 0)
    documents = run(kendra, corpus, "insulin", QueryResultTypeFilter="DOCUMENT")
    assert ids(documents) == ORACLE.ranking("insulin")


# -- facets ------------------------------------------------------------------------------------


def expected_facet(docs: list[CorpusDoc], key: str, limit: int = 10) -> dict[str, Any]:
    kind = FIELD_TYPES[key]
    counts: Counter[Any] = Counter()
    for doc in docs:
        value = doc.value(key)
        if value is not None:
            counts.update(set(value) if isinstance(value, list) else {value})
    member = "StringValue" if kind == "STRING_LIST_VALUE" else MEMBER[kind]
    pairs = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:min(limit, 10)]
    return {
        "DocumentAttributeKey": key,
        "DocumentAttributeValueType": kind,
        "DocumentAttributeValueCountPairs": [
            {"DocumentAttributeValue": {member: value}, "Count": count} for value, count in pairs
        ],
    }


def facet(key: str, **extra: Any) -> dict[str, Any]:
    return {"DocumentAttributeKey": key, **extra}


def test_facets_count_every_surviving_hit_not_only_the_page(kendra: Any, corpus: str) -> None:
    hits = [hit.doc for hit in english_hits(BROAD)]
    assert len(hits) > 10
    response = run(kendra, corpus, BROAD, PageSize=1,
                   Facets=[facet("department"), facet("priority"), facet("reviewed")])
    assert len(response["ResultItems"]) == 1
    assert response["FacetResults"] == [
        expected_facet(hits, "department"), expected_facet(hits, "priority"),
        expected_facet(hits, "reviewed"),
    ]


def test_string_list_facets_count_each_distinct_element_once_per_document(
    kendra: Any, corpus: str
) -> None:
    hits = [hit.doc for hit in english_hits("glucose")]
    response = run(kendra, corpus, "glucose", Facets=[facet("tags")])
    assert response["FacetResults"] == [expected_facet(hits, "tags")]
    counts = {
        pair["DocumentAttributeValue"]["StringValue"]: pair["Count"]
        for pair in response["FacetResults"][0]["DocumentAttributeValueCountPairs"]
    }
    # glucose-monitoring lists "diabetes" twice; it counts once
    assert counts["diabetes"] == sum(1 for doc in hits if "diabetes" in (doc.value("tags") or []))


def test_facet_pairs_order_by_count_then_value_numerically(kendra: Any, corpus: str) -> None:
    everything = [doc for doc in DOCS if doc.language == "en"]
    response = run(kendra, corpus, Facets=[facet("priority")],
                   SortingConfiguration=sort("priority"))
    pairs = response["FacetResults"][0]["DocumentAttributeValueCountPairs"]
    assert response["FacetResults"] == [expected_facet(everything, "priority")]
    counts = [pair["Count"] for pair in pairs]
    assert counts == sorted(counts, reverse=True)
    tied = Counter(counts).most_common(1)[0][0]
    values = [p["DocumentAttributeValue"]["LongValue"] for p in pairs if p["Count"] == tied]
    assert values == sorted(values) != sorted(values, key=str)  # numeric, not textual


@pytest.mark.parametrize(("limit", "shown"), [(None, 10), (3, 3), (50, 10), (0, 0)])
def test_facet_max_results_keeps_at_most_ten_pairs(
    kendra: Any, corpus: str, limit: int | None, shown: int
) -> None:
    everything = [doc for doc in DOCS if doc.language == "en"]
    request = facet("tags") if limit is None else facet("tags", MaxResults=limit)
    response = run(kendra, corpus, Facets=[request], SortingConfiguration=sort("priority"))
    pairs = response["FacetResults"][0]["DocumentAttributeValueCountPairs"]
    assert len(pairs) == shown
    assert pairs == expected_facet(everything, "tags", shown)["DocumentAttributeValueCountPairs"]


def test_nested_facets_count_the_documents_of_each_value(kendra: Any, corpus: str) -> None:
    hits = [hit.doc for hit in english_hits("patient")]
    response = run(kendra, corpus, "patient",
                   Facets=[facet("department", Facets=[facet("priority"), facet("tags")])])
    result = response["FacetResults"][0]
    top = expected_facet(hits, "department")
    assert [(p["DocumentAttributeValue"], p["Count"]) for p in result[
        "DocumentAttributeValueCountPairs"]] == [
        (p["DocumentAttributeValue"], p["Count"]) for p in top["DocumentAttributeValueCountPairs"]
    ]
    for pair in result["DocumentAttributeValueCountPairs"]:
        value = pair["DocumentAttributeValue"]["StringValue"]
        members = [doc for doc in hits if doc.value("department") == value]
        assert pair["FacetResults"] == [
            expected_facet(members, "priority"), expected_facet(members, "tags")
        ]


def test_facet_results_follow_request_order_and_are_empty_without_facets(
    kendra: Any, corpus: str
) -> None:
    response = run(kendra, corpus, "insulin", Facets=[facet("tags"), facet("department")])
    assert [r["DocumentAttributeKey"] for r in response["FacetResults"]] == ["tags", "department"]
    assert run(kendra, corpus, "insulin")["FacetResults"] == []


# -- sorting -----------------------------------------------------------------------------------


def sorted_by(hits: list[Scored], key: str, order: str) -> list[str]:
    """Documents having ``key`` by its value (stable: relevance among equals), then the
    documents lacking it, by relevance."""
    having = [hit for hit in hits if hit.doc.value(key) is not None]
    lacking = [hit for hit in hits if hit.doc.value(key) is None]
    having = sorted(having, key=lambda hit: hit.doc.value(key), reverse=order == "DESC")
    return [hit.doc.id for hit in having + lacking]


@pytest.mark.parametrize("order", ["ASC", "DESC"])
@pytest.mark.parametrize("key", ["priority", "department", "_created_at"])
def test_sort_key_orders_results_then_relevance_with_missing_keys_last(
    kendra: Any, corpus: str, key: str, order: str
) -> None:
    hits = english_hits("patient")
    response = run(kendra, corpus, "patient", PageSize=100,
                   SortingConfiguration=sort(key, order))
    expected = sorted_by(hits, key, order)
    assert ids(response) == expected
    assert any(hit.doc.value(key) is None for hit in hits) or key == "department"


def test_string_sort_keys_use_code_point_order(kendra: Any, corpus: str) -> None:
    response = run(kendra, corpus, "results", SortingConfiguration=sort("department"))
    departments = [BY_ID[doc_id].value("department") for doc_id in ids(response)]
    assert departments[0] == "Laboratory"  # upper case before lower case
    assert departments == sorted(departments)


def test_sorting_configurations_take_precedence_over_sorting_configuration(
    kendra: Any, corpus: str
) -> None:
    hits = english_hits("patient")
    response = run(kendra, corpus, "patient", PageSize=100,
                   SortingConfiguration=sort("department"),
                   SortingConfigurations=[sort("priority", "DESC")])
    assert ids(response) == sorted_by(hits, "priority", "DESC")


def test_later_sort_keys_break_ties_of_earlier_ones(kendra: Any, corpus: str) -> None:
    hits = english_hits("patient")
    response = run(kendra, corpus, "patient", PageSize=100,
                   SortingConfigurations=[sort("department"), sort("priority", "DESC")])
    expected = []
    for department in sorted({hit.doc.value("department") for hit in hits}):
        group = [hit for hit in hits if hit.doc.value("department") == department]
        expected += sorted_by(group, "priority", "DESC")
    assert ids(response) == expected


def test_documents_lacking_the_first_key_are_ordered_by_relevance_alone(
    kendra: Any, corpus: str
) -> None:
    hits = english_hits("patient")
    response = run(kendra, corpus, "patient", PageSize=100,
                   SortingConfigurations=[sort("_created_at"), sort("department", "DESC")])
    lacking = [hit.doc.id for hit in hits if hit.doc.value("_created_at") is None]
    assert len(lacking) >= 2
    assert ids(response)[-len(lacking):] == lacking


# -- paging ------------------------------------------------------------------------------------


def test_page_size_defaults_to_ten_and_pages_partition_the_ranking(
    kendra: Any, corpus: str
) -> None:
    expected = ORACLE.ranking(BROAD)
    assert len(expected) > 12
    assert ids(run(kendra, corpus, BROAD)) == expected[:10]
    assert ids(run(kendra, corpus, BROAD, PageNumber=2)) == expected[10:20]
    pages = [ids(run(kendra, corpus, BROAD, PageSize=4, PageNumber=n)) for n in (1, 2, 3, 4)]
    assert pages == [expected[0:4], expected[4:8], expected[8:12], expected[12:16]]


def test_page_beyond_the_results_is_empty_with_the_full_total(kendra: Any, corpus: str) -> None:
    total = len(ORACLE.ranking("patient"))
    response = run(kendra, corpus, "patient", PageNumber=50)
    assert (response["ResultItems"], response["TotalNumberOfResults"]) == ([], total)


def test_only_the_first_hundred_results_are_reachable(kendra: Any, index_id: str) -> None:
    docs = [d(f"doc-{n:03d}", "common " + " ".join(filler(n % 9 + 1, n))) for n in range(120)]
    # put in reverse id order: ties (same length, same score) at the cut go by id, not by age
    put_plain(kendra, index_id, *reversed(docs))
    expected = Oracle(docs).ranking("common")
    first = run(kendra, index_id, "common", PageSize=500)
    assert ids(first) == expected[:100]  # PageSize above 100 is used as 100
    assert first["TotalNumberOfResults"] == 120
    assert run(kendra, index_id, "common", PageSize=100, PageNumber=2)["ResultItems"] == []
    assert ids(run(kendra, index_id, "common", PageSize=30, PageNumber=4)) == expected[90:100]
    assert run(kendra, index_id, "common", PageSize=30, PageNumber=5)["ResultItems"] == []


# -- browse mode -------------------------------------------------------------------------------


def test_browse_mode_returns_every_match_by_sort_then_document_id(
    kendra: Any, corpus: str
) -> None:
    nursing = [doc for doc in DOCS if doc.value("department") == "nursing" and doc.language == "en"]
    by_id = [Scored(doc, 0.0, 0) for doc in sorted(nursing, key=lambda doc: doc.id)]
    response = run(kendra, corpus, AttributeFilter=equals("department", StringValue="nursing"),
                   SortingConfiguration=sort("priority"), PageSize=100)
    assert ids(response) == sorted_by(by_id, "priority", "ASC")
    assert response["TotalNumberOfResults"] == len(nursing)


def test_browse_mode_has_no_highlights_and_confidence_not_available(
    kendra: Any, corpus: str
) -> None:
    response = run(kendra, corpus, "   ", Facets=[facet("tags")],
                   SortingConfiguration=sort("department"), PageSize=100)
    assert response["TotalNumberOfResults"] == sum(1 for doc in DOCS if doc.language == "en")
    for item in response["ResultItems"]:
        assert item["ScoreAttributes"] == {"ScoreConfidence": "NOT_AVAILABLE"}
        assert item["DocumentTitle"]["Highlights"] == []
        assert item["DocumentExcerpt"] == expected_excerpt(BY_ID[item["DocumentId"]], None)


# -- AttributeFilter semantics -----------------------------------------------------------------


def filtered(kendra: Any, index_id: str, attribute_filter: dict[str, Any],
             text: str = "patient") -> list[str]:
    response = run(kendra, index_id, text, AttributeFilter=attribute_filter, PageSize=100)
    return sorted(ids(response))


def expected_ids(text: str, keep: Any) -> list[str]:
    return sorted(hit.doc.id for hit in english_hits(text) if keep(hit.doc))


def test_equals_to_strings_is_exact_and_case_sensitive(kendra: Any, corpus: str) -> None:
    assert filtered(kendra, corpus, equals("department", StringValue="nursing")) == expected_ids(
        "patient", lambda doc: doc.value("department") == "nursing"
    )
    assert filtered(kendra, corpus, equals("department", StringValue="Nursing")) == []
    assert filtered(kendra, corpus, equals("department", StringValue="nurs")) == []


def test_equals_to_lists_compares_them_as_sets(kendra: Any, corpus: str) -> None:
    wanted = equals("tags", StringListValue=["diabetes", "monitoring"])
    assert filtered(kendra, corpus, wanted) == ["glucose-monitoring"]  # stored with a repeat
    reversed_order = equals("tags", StringListValue=["monitoring", "diabetes", "monitoring"])
    assert filtered(kendra, corpus, reversed_order) == ["glucose-monitoring"]
    assert filtered(kendra, corpus, equals("tags", StringListValue=["diabetes"])) == []


def test_equals_to_longs_and_dates_as_instants(kendra: Any, corpus: str) -> None:
    assert filtered(kendra, corpus, equals("priority", LongValue=1)) == expected_ids(
        "patient", lambda doc: doc.value("priority") == 1
    )
    instant = datetime(2024, 1, 15, 2, 0, tzinfo=timezone(timedelta(hours=2)))  # 00:00 UTC
    assert filtered(kendra, corpus, equals("reviewed", DateValue=instant), "insulin") == [
        "insulin-dosing", "insulin-storage"
    ]


def test_contains_all_and_contains_any_on_string_lists(kendra: Any, corpus: str) -> None:
    text = "patient insulin"

    def tags(doc: CorpusDoc) -> list[str]:
        return list(doc.value("tags") or [])

    every = leaf("ContainsAll", "tags", StringListValue=["insulin", "diabetes"])
    assert filtered(kendra, corpus, every, text) == expected_ids(
        text, lambda doc: {"insulin", "diabetes"} <= set(tags(doc))
    ) == ["insulin-dosing"]
    some = leaf("ContainsAny", "tags", StringListValue=["storage", "privacy"])
    assert filtered(kendra, corpus, some, text) == expected_ids(
        text, lambda doc: bool({"storage", "privacy"} & set(tags(doc)))
    ) == ["insulin-storage", "privacy-policy"]
    assert filtered(kendra, corpus, leaf("ContainsAny", "tags", StringListValue=[]), text) == []
    assert filtered(kendra, corpus, leaf("ContainsAll", "tags", StringListValue=[]), text) == (
        expected_ids(text, lambda doc: doc.value("tags") is not None)
    )


@pytest.mark.parametrize(
    ("operator", "test"),
    [("GreaterThan", lambda a, b: a > b), ("GreaterThanOrEquals", lambda a, b: a >= b),
     ("LessThan", lambda a, b: a < b), ("LessThanOrEquals", lambda a, b: a <= b)],
)
def test_comparisons_on_longs_and_dates(kendra: Any, corpus: str, operator: str, test: Any) -> None:
    def keep(key: str, bound: Any) -> Any:
        return lambda doc: doc.value(key) is not None and test(doc.value(key), bound)

    got = filtered(kendra, corpus, leaf(operator, "priority", LongValue=3))
    assert got == expected_ids("patient", keep("priority", 3))
    bound = datetime(2023, 3, 5, tzinfo=timezone.utc)
    got = filtered(kendra, corpus, leaf(operator, "_created_at", DateValue=bound), "insulin")
    assert got == expected_ids("insulin", keep("_created_at", bound))


def test_and_or_not_combine_filters(kendra: Any, corpus: str) -> None:
    nursing = equals("department", StringValue="nursing")
    urgent = leaf("LessThanOrEquals", "priority", LongValue=2)
    both = filtered(kendra, corpus, {"AndAllFilters": [nursing, urgent]})
    either = filtered(kendra, corpus, {"OrAllFilters": [nursing, urgent]})
    negated = filtered(kendra, corpus, {"NotFilter": nursing})

    def is_nursing(doc: CorpusDoc) -> bool:
        return doc.value("department") == "nursing"

    def is_urgent(doc: CorpusDoc) -> bool:
        return doc.value("priority") is not None and doc.value("priority") <= 2

    assert both == expected_ids("patient", lambda doc: is_nursing(doc) and is_urgent(doc))
    assert either == expected_ids("patient", lambda doc: is_nursing(doc) or is_urgent(doc))
    assert negated == expected_ids("patient", lambda doc: not is_nursing(doc))
    assert both and set(either) > set(both) and negated


def test_empty_and_is_true_and_empty_or_is_false(kendra: Any, corpus: str) -> None:
    assert filtered(kendra, corpus, {"AndAllFilters": []}) == expected_ids(
        "patient", lambda doc: True
    )
    assert filtered(kendra, corpus, {"OrAllFilters": []}) == []
    assert filtered(kendra, corpus, {"NotFilter": {"OrAllFilters": []}}) == expected_ids(
        "patient", lambda doc: True
    )


def test_a_missing_attribute_makes_a_leaf_false(kendra: Any, corpus: str) -> None:
    lacking = expected_ids("patient", lambda doc: doc.value("priority") is None)
    assert lacking
    every_priority = {"OrAllFilters": [leaf("GreaterThan", "priority", LongValue=0),
                                       leaf("LessThanOrEquals", "priority", LongValue=0)]}
    assert filtered(kendra, corpus, {"NotFilter": every_priority}) == lacking
    assert filtered(kendra, corpus, {"NotFilter": equals("priority", LongValue=99)}) == (
        expected_ids("patient", lambda doc: True)
    )
    # a field no stored document carries: the leaf is false everywhere
    assert all(doc.value("_tenant_id") is None for doc in DOCS)
    nobody = equals("_tenant_id", StringValue="tenant-1")
    assert filtered(kendra, corpus, nobody) == []
    assert filtered(kendra, corpus, {"NotFilter": nobody}) == expected_ids(
        "patient", lambda doc: True
    )


# -- language: English documents unless the filter names _language_code ------------------------


def test_only_english_documents_match_without_a_language_leaf(kendra: Any, corpus: str) -> None:
    assert ids(run(kendra, corpus, "insulin", PageSize=100)) == ORACLE.ranking("insulin")
    assert "es-insulina" not in ids(run(kendra, corpus, "insulin", PageSize=100))
    assert run(kendra, corpus, "grippe")["ResultItems"] == []


def test_a_language_leaf_lifts_the_english_filter(kendra: Any, corpus: str) -> None:
    spanish = equals("_language_code", StringValue="es")
    assert ids(run(kendra, corpus, "insulin", AttributeFilter=spanish)) == ["es-insulina"]
    anything = {"OrAllFilters": [{"NotFilter": spanish}, spanish]}
    response = run(kendra, corpus, "insulin", AttributeFilter=anything, PageSize=100)
    assert ids(response) == ORACLE.ranking("insulin", keep=lambda doc: True)
    not_english = {"NotFilter": equals("_language_code", StringValue="en")}
    assert ids(run(kendra, corpus, "grippe patients", AttributeFilter=not_english)) == [
        "fr-vaccin"
    ]


def test_language_filter_sees_the_language_a_document_takes_from_its_data_source(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    german = make_data_source(LanguageCode="de")
    owned = {"Key": "_data_source_id", "Value": {"StringValue": german}}
    put_plain(kendra, index_id, d("direct", "shared words"))
    kendra.batch_put_document(IndexId=index_id, Documents=[
        {"Id": "german", "Blob": b"shared words", "ContentType": "PLAIN_TEXT",
         "Attributes": [owned]}])
    assert ids(run(kendra, index_id, "shared")) == ["direct"]
    german_filter = equals("_language_code", StringValue="de")
    assert ids(run(kendra, index_id, "shared", AttributeFilter=german_filter)) == ["german"]
    english_filter = equals("_language_code", StringValue="en")
    assert ids(run(kendra, index_id, "shared", AttributeFilter=english_filter)) == ["direct"]


# -- input rules that need no stored state -----------------------------------------------------

TOO_DEEP = {"NotFilter": {"NotFilter": {"NotFilter": equals("department", StringValue="x")}}}
STATIC_RULES = [
    ({"QueryText": "é" * 1001}, "QueryText has 1001 characters; the limit is 1000."),
    ({}, "Browsing without QueryText needs a filter or facets and a sort."),
    ({"QueryText": " \t ", "AttributeFilter": equals("department", StringValue="x")},
     "Browsing without QueryText needs a filter or facets and a sort."),
    ({"SortingConfiguration": sort("priority")},
     "Browsing without QueryText needs a filter or facets and a sort."),
    ({"AttributeFilter": {}, "SortingConfiguration": sort("priority")},  # a filter, if broken
     "Each AttributeFilter must set exactly one operator."),
    ({"Facets": [], "SortingConfiguration": sort("priority")},  # no facets
     "Browsing without QueryText needs a filter or facets and a sort."),
    ({"QueryText": "x", "PageNumber": 0}, "PageNumber and PageSize must be at least 1."),
    ({"QueryText": "x", "PageSize": -1}, "PageNumber and PageSize must be at least 1."),
    ({"QueryText": "x", "UserContext": {"Token": "t", "UserId": "u"}},
     "Give either a user token or user and group information, not both."),
    ({"QueryText": "x", "UserContext": {"Token": "t", "Groups": ["g"]}},
     "Give either a user token or user and group information, not both."),
    ({"QueryText": "x", "UserContext": {
        "Token": "t", "DataSourceGroups": [{"GroupId": "g", "DataSourceId": "s"}]}},
     "Give either a user token or user and group information, not both."),
    ({"QueryText": "x", "SortingConfigurations": [sort("priority")] * 4},
     "At most 3 sort keys are allowed."),
    ({"QueryText": "x", "Facets": [facet("tags", Facets=[facet("priority",
                                                              Facets=[facet("department")])])]},
     "Facets can be nested only one level."),
    ({"QueryText": "x", "Facets": [facet("tags"), {"MaxResults": 3}]},
     "Each facet must name a DocumentAttributeKey."),
    ({"QueryText": "x", "Facets": [facet("tags", Facets=[{}])]},
     "Each facet must name a DocumentAttributeKey."),
    ({"QueryText": "x", "AttributeFilter": {}},
     "Each AttributeFilter must set exactly one operator."),
    ({"QueryText": "x", "AttributeFilter": {
        **equals("department", StringValue="x"), **leaf("LessThan", "priority", LongValue=1)}},
     "Each AttributeFilter must set exactly one operator."),
    ({"QueryText": "x", "AttributeFilter": TOO_DEEP}, "AttributeFilter depth is limited to 2."),
    ({"QueryText": "x", "AttributeFilter": {"AndAllFilters": [{"OrAllFilters": [
        {"AndAllFilters": []}]}]}}, "AttributeFilter depth is limited to 2."),
    ({"QueryText": "x", "AttributeFilter": {"OrAllFilters": [equals("department", StringValue="x")]
                                                             * 11}},
     "An AttributeFilter list holds at most 10 filters."),
    ({"QueryText": "x", "AttributeFilter": {"EqualsTo": {"Key": "department", "Value": {
        "StringValue": "x", "LongValue": 1}}}}, "Invalid AttributeFilter value."),
    ({"QueryText": "x", "AttributeFilter": {"EqualsTo": {"Key": "department", "Value": {}}}},
     "Invalid AttributeFilter value."),
    ({"QueryText": "x", "AttributeFilter": leaf("ContainsAny", "tags",
                                                StringListValue=[str(n) for n in range(11)])},
     "Invalid AttributeFilter value."),
    ({"QueryText": "x", "AttributeFilter": leaf("ContainsAny", "_group_ids",
                                                StringListValue=[str(n) for n in range(101)])},
     "Invalid AttributeFilter value."),
]


@pytest.mark.parametrize(("request_members", "message"), STATIC_RULES)
def test_each_static_rule_answers_with_its_message(
    kendra: Any, index_id: str, request_members: dict[str, Any], message: str
) -> None:
    expect_error(lambda: kendra.query(IndexId=index_id, **request_members),
                 "ValidationException", message)


def test_static_limits_accept_values_at_the_limit(kendra: Any, corpus: str) -> None:
    run(kendra, corpus, "é" * 1000)
    run(kendra, corpus, "x", PageNumber=1, PageSize=1)
    run(kendra, corpus, "x", SortingConfigurations=[sort("priority")] * 3)
    run(kendra, corpus, "x", Facets=[facet("tags", Facets=[facet("priority")])])
    run(kendra, corpus, "x", AttributeFilter={"AndAllFilters": [{"NotFilter": equals(
        "department", StringValue="x")}] * 10})
    groups = leaf("ContainsAny", "_group_ids", StringListValue=[str(n) for n in range(100)])
    tags = leaf("ContainsAny", "tags", StringListValue=[str(n) for n in range(10)])
    run(kendra, corpus, "x", AttributeFilter={"AndAllFilters": [groups, tags]})
    run(kendra, corpus, Facets=[facet("tags")], SortingConfiguration=sort("priority"))


def test_static_rules_answer_in_the_documented_order(kendra: Any, corpus: str) -> None:
    index_id = corpus
    request: dict[str, Any] = {
        "QueryText": "x" * 1001,
        "PageNumber": 0,
        "UserContext": {"Token": "t", "UserId": "u"},
        "SortingConfigurations": [sort("priority")] * 4,
        "Facets": [facet("tags", Facets=[facet("priority", Facets=[facet("tags")])])],
        "AttributeFilter": {"EqualsTo": {"Key": "department", "Value": {}}},
    }
    steps = [
        ("QueryText", "x", "QueryText has 1001 characters; the limit is 1000."),
        ("PageNumber", 1, "PageNumber and PageSize must be at least 1."),
        ("UserContext", {"UserId": "u"},
         "Give either a user token or user and group information, not both."),
        ("SortingConfigurations", [sort("priority")], "At most 3 sort keys are allowed."),
        ("Facets", [facet("tags")], "Facets can be nested only one level."),
        ("AttributeFilter", equals("_category", StringValue="x"),
         "Invalid AttributeFilter value."),
    ]
    for member, fixed, message in steps:
        expect_error(lambda: kendra.query(IndexId=index_id, **request),
                     "ValidationException", message)
        request[member] = fixed
    kendra.query(IndexId=index_id, **request)


def test_browse_rule_comes_before_the_page_rule(kendra: Any, index_id: str) -> None:
    request = {"PageSize": 0, "SortingConfigurations": [sort("priority")] * 4}
    expect_error(lambda: kendra.query(IndexId=index_id, **request), "ValidationException",
                 "Browsing without QueryText needs a filter or facets and a sort.")


def test_filter_rules_apply_rule_by_rule_over_the_whole_filter(
    kendra: Any, index_id: str
) -> None:
    two_operators = {**equals("department", StringValue="x"),
                     **leaf("LessThan", "priority", LongValue=1)}
    bad_value = {"EqualsTo": {"Key": "department", "Value": {}}}
    entries = [bad_value, TOO_DEEP, *[equals("department", StringValue="x")] * 8, two_operators]
    expected = [
        "Each AttributeFilter must set exactly one operator.",  # the last entry
        "AttributeFilter depth is limited to 2.",  # the second entry
        "An AttributeFilter list holds at most 10 filters.",  # the whole list
        "Invalid AttributeFilter value.",  # the first entry
    ]
    fixes = [
        lambda: entries.__setitem__(-1, equals("department", StringValue="y")),
        lambda: entries.__setitem__(1, equals("department", StringValue="z")),
        lambda: entries.pop(),
    ]
    for step, message in enumerate(expected):
        attribute_filter = {"AndAllFilters": list(entries)}
        expect_error(lambda f=attribute_filter: kendra.query(  # type: ignore[misc]
            IndexId=index_id, QueryText="x", AttributeFilter=f), "ValidationException", message)
        if step < len(fixes):
            fixes[step]()


def test_static_rules_come_before_the_index_lookup(kendra: Any) -> None:
    missing = "0" * 36
    expect_error(lambda: kendra.query(IndexId=missing, QueryText="x", PageSize=0),
                 "ValidationException", "PageNumber and PageSize must be at least 1.")
    expect_error(lambda: kendra.query(IndexId=missing, QueryText="x"),
                 "ResourceNotFoundException", f"Index {missing} does not exist.")


# -- input rules checked against the index's fields --------------------------------------------

FIELD_ERROR = "Attribute {} is not an index field of a matching type."
FACET_ERROR = "Facet key {} is not a facetable index field."
SORT_ERROR = "Sort key {} is not a sortable index field."
CONTAINS_ERROR = "ContainsAll and ContainsAny apply only to STRING_LIST_VALUE fields, not {}."
COMPARISON_ERROR = "{} applies only to LONG_VALUE and DATE_VALUE fields, not {}."

INDEX_RULES = [
    ({"AttributeFilter": equals("nope", StringValue="x")}, FIELD_ERROR.format("nope")),
    ({"AttributeFilter": equals("priority", StringValue="1")}, FIELD_ERROR.format("priority")),
    ({"AttributeFilter": equals("tags", StringValue="x")}, FIELD_ERROR.format("tags")),
    ({"AttributeFilter": equals("_user_id", StringListValue=["u"])},
     FIELD_ERROR.format("_user_id")),
    ({"AttributeFilter": equals("_group_ids", StringValue="g")}, FIELD_ERROR.format("_group_ids")),
    ({"AttributeFilter": leaf("ContainsAny", "department", StringValue="x")},
     CONTAINS_ERROR.format("department")),
    ({"AttributeFilter": leaf("ContainsAll", "_user_id", StringValue="u")},
     CONTAINS_ERROR.format("_user_id")),
    ({"AttributeFilter": leaf("GreaterThan", "department", StringValue="x")},
     COMPARISON_ERROR.format("GreaterThan", "department")),
    ({"AttributeFilter": leaf("LessThanOrEquals", "tags", StringListValue=["x"])},
     COMPARISON_ERROR.format("LessThanOrEquals", "tags")),
    ({"AttributeFilter": leaf("GreaterThanOrEquals", "_group_ids", StringListValue=["g"])},
     COMPARISON_ERROR.format("GreaterThanOrEquals", "_group_ids")),
    ({"Facets": [facet("nope")]}, FACET_ERROR.format("nope")),
    ({"Facets": [facet("_group_ids")]}, FACET_ERROR.format("_group_ids")),
    ({"Facets": [facet("_category")]}, FACET_ERROR.format("_category")),
    ({"Facets": [facet("tags", Facets=[facet("internal_note")])]},
     FACET_ERROR.format("internal_note")),
    ({"SortingConfiguration": sort("nope")}, SORT_ERROR.format("nope")),
    ({"SortingConfiguration": sort("tags")}, SORT_ERROR.format("tags")),
    ({"SortingConfigurations": [sort("priority"), sort("_source_uri")]},
     SORT_ERROR.format("_source_uri")),
    ({"SortingConfiguration": sort("_authors")}, SORT_ERROR.format("_authors")),
]


@pytest.mark.parametrize(("request_members", "message"), INDEX_RULES)
def test_each_index_rule_answers_with_its_message(
    kendra: Any, corpus: str, request_members: dict[str, Any], message: str
) -> None:
    expect_error(lambda: kendra.query(IndexId=corpus, QueryText="x", **request_members),
                 "ValidationException", message)


def test_sortable_string_list_fields_still_cannot_sort(kendra: Any, corpus: str) -> None:
    update = {"Name": "tags", "Type": "STRING_LIST_VALUE", "Search": {"Sortable": True}}
    kendra.update_index(Id=corpus, DocumentMetadataConfigurationUpdates=[update])
    expect_error(lambda: kendra.query(IndexId=corpus, QueryText="x",
                                      SortingConfiguration=sort("tags")),
                 "ValidationException", SORT_ERROR.format("tags"))


def test_user_and_group_filter_keys_need_no_index_field(kendra: Any, corpus: str) -> None:
    user = equals("_user_id", StringValue="someone")
    groups = leaf("ContainsAll", "_group_ids", StringListValue=["a", "b"])
    run(kendra, corpus, "x", AttributeFilter={"OrAllFilters": [user, groups]})


def test_index_rules_answer_in_the_documented_order(kendra: Any, corpus: str) -> None:
    entries = [
        leaf("GreaterThan", "department", StringValue="x"),  # comparison rule
        leaf("ContainsAny", "department", StringValue="x"),  # contains rule
        equals("priority", StringValue="1"),  # value kind rule
        equals("nope", StringValue="x"),  # unknown key
    ]
    request: dict[str, Any] = {
        "QueryText": "x",
        "UserContext": {"Token": '{"username": "u"}'},
        "AttributeFilter": {"AndAllFilters": entries},
        "Facets": [facet("_category"), facet("nofacet")],
        "SortingConfigurations": [sort("tags"), sort("nosort")],
    }
    steps = [
        ("User tokens are not supported on this index.", lambda: request.pop("UserContext")),
        (FIELD_ERROR.format("nope"), lambda: entries.pop()),
        (FACET_ERROR.format("nofacet"), lambda: request["Facets"].pop()),
        (SORT_ERROR.format("nosort"), lambda: request["SortingConfigurations"].pop()),
        (FIELD_ERROR.format("priority"), lambda: entries.pop()),
        (CONTAINS_ERROR.format("department"), lambda: entries.pop()),
        (COMPARISON_ERROR.format("GreaterThan", "department"), lambda: entries.pop()),
        (FACET_ERROR.format("_category"), lambda: request["Facets"].pop()),
        (SORT_ERROR.format("tags"),
         lambda: request.__setitem__("SortingConfigurations", [sort("priority")])),
    ]
    for message, fix in steps:
        expect_error(lambda: kendra.query(IndexId=corpus, **request), "ValidationException",
                     message)
        fix()
    run(kendra, corpus, **request)


def test_index_rules_come_after_index_lookup_and_status(
    kendra: Any, make_index: Any, transition: Any
) -> None:
    missing = "0" * 36
    bad = {"QueryText": "x", "AttributeFilter": equals("nope", StringValue="x")}
    expect_error(lambda: kendra.query(IndexId=missing, **bad),
                 "ResourceNotFoundException", f"Index {missing} does not exist.")
    transition("kendra::index", progression="manual", times=5)
    creating = make_index(name="creating")
    expect_error(lambda: kendra.query(IndexId=creating, **bad), "ConflictException",
                 f"Index {creating} is CREATING and cannot serve this request.")
