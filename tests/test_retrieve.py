"""Retrieve: passages of 200 body tokens, their order, paging, items, and the
input rules Retrieve shares with Query.  Expected passages come from the passage rules
(``relevance_corpus.passages``) and the oracle's document coverage."""

from __future__ import annotations

from typing import Any

import pytest
from relevance_corpus import (
    BY_ID,
    DOCS,
    FIELD_TYPES,
    FIELD_UPDATES,
    HIDDEN,
    MEMBER,
    CorpusDoc,
    Oracle,
    confidence,
    d,
    filler,
    load,
    passages,
)
from support import expect_error

from moto_kendra.search.analysis import query_terms


def put(kendra: Any, index_id: str, docs: list[CorpusDoc]) -> None:
    requests = [doc.request() for doc in docs]
    for start in range(0, len(requests), 10):
        response = kendra.batch_put_document(IndexId=index_id, Documents=requests[start:start + 10])
        assert response["FailedDocuments"] == []


def retrieve(kendra: Any, index_id: str, text: str, **kwargs: Any) -> dict[str, Any]:
    response = kendra.retrieve(IndexId=index_id, QueryText=text, **kwargs)
    response.pop("ResponseMetadata", None)
    return dict(response)


def expected(docs: list[CorpusDoc], text: str,
             keep: Any = lambda doc: doc.language == "en") -> list[tuple[str, str]]:
    """(DocumentId, Content) of every passage, in Retrieve's order."""
    coverage = Oracle(docs).coverage(text)
    by_id = {doc.id: doc for doc in docs}
    entries = []
    for doc_id, covered in coverage.items():
        doc = by_id[doc_id]
        if keep(doc):
            for distinct, count, number, content in passages(doc, text):
                entries.append(((-covered, -distinct, -count, doc_id, number), doc_id, content))
    return [(doc_id, content) for _, doc_id, content in sorted(entries)]


def shown(response: dict[str, Any]) -> list[tuple[str, str]]:
    return [(item["DocumentId"], item["Content"]) for item in response["ResultItems"]]


def words_with(count: int, marks: dict[int, str], offset: int = 0) -> str:
    words = filler(count, offset)
    for position, word in marks.items():
        words[position] = word
    return " ".join(words)


CHUNKED = [
    # chunk 0: lantern; chunk 2: lantern x3 + beacon
    d("long-a", words_with(450, {5: "lantern", 410: "lantern", 420: "Lanterns", 430: "lantern",
                                 440: "beacon"})),
    # chunk 0 and chunk 1: lantern + beacon once each
    d("long-b", words_with(250, {0: "lantern", 1: "beacon", 240: "beacon", 249: "lantern"}, 3)),
    # lantern only, in its title: no chunk holds a term
    d("title-only", words_with(230, {}, 5), "Lantern repairs"),
    d("beacon-only", words_with(30, {29: "beacons"}, 2)),
    d("empty-titled", "", "Lantern festival"),
    d("lantern-empty", "", tags=["lamp"]),  # a hit through a searchable field only
    d("fr-lantern", "lantern " + " ".join(filler(10)), _language_code="fr"),
]


@pytest.fixture
def chunked(kendra: Any, index_id: str) -> str:
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=FIELD_UPDATES)
    put(kendra, index_id, CHUNKED)
    return index_id


def test_passages_are_chunks_of_200_tokens_holding_a_query_term_in_order(
    kendra: Any, chunked: str
) -> None:
    response = retrieve(kendra, chunked, "lantern beacon", PageSize=100)
    assert shown(response) == expected(CHUNKED, "lantern beacon")
    chunks = [(item["DocumentId"], item["Content"]) for item in response["ResultItems"]
              if item["DocumentId"] == "long-a"]
    assert len(chunks) == 2  # chunk 1 of long-a holds no term


def test_passage_order_is_coverage_then_distinct_terms_then_term_count(
    kendra: Any, chunked: str
) -> None:
    order = [doc_id for doc_id, _ in shown(retrieve(kendra, chunked, "lantern beacon"))]
    # long-a chunk 2 (2 terms, 4 tokens), long-b chunks 0, 1 (2 terms, 2 tokens each),
    # then long-a chunk 0 (1 term), then documents covering one term, by id
    assert order[:4] == ["long-a", "long-b", "long-b", "long-a"]
    assert order == [doc_id for doc_id, _ in expected(CHUNKED, "lantern beacon")][:10]


def test_content_runs_from_the_first_to_the_last_token_of_the_chunk(
    kendra: Any, chunked: str
) -> None:
    body = next(doc.body for doc in CHUNKED if doc.id == "long-b")
    contents = [c for doc_id, c in shown(retrieve(kendra, chunked, "beacon")) if doc_id == "long-b"]
    words = body.split(" ")
    assert contents == [" ".join(words[:200]), " ".join(words[200:])]


def test_a_hit_without_a_term_in_its_body_gives_its_first_chunk(
    kendra: Any, chunked: str
) -> None:
    body = next(doc.body for doc in CHUNKED if doc.id == "title-only")
    items = {i["DocumentId"]: i for i in retrieve(kendra, chunked, "repairs")["ResultItems"]}
    assert items["title-only"]["Content"] == " ".join(body.split(" ")[:200])


def test_an_empty_body_gives_the_title_or_the_document_id(kendra: Any, chunked: str) -> None:
    items = {i["DocumentId"]: i for i in retrieve(kendra, chunked, "festival")["ResultItems"]}
    assert items["empty-titled"]["Content"] == "Lantern festival"
    items = {i["DocumentId"]: i for i in retrieve(kendra, chunked, "lamp")["ResultItems"]}
    assert items["lantern-empty"]["Content"] == "lantern-empty"
    assert items["lantern-empty"]["DocumentTitle"] == "lantern-empty"


def test_confidence_follows_document_coverage_and_is_not_available_for_other_languages(
    kendra: Any, chunked: str
) -> None:
    text = "lantern beacon"
    coverage = Oracle(CHUNKED).coverage(text)
    for item in retrieve(kendra, chunked, text, PageSize=100)["ResultItems"]:
        level = confidence(coverage[item["DocumentId"]], len(query_terms(text)))
        assert item["ScoreAttributes"] == {"ScoreConfidence": level}
    french = {"EqualsTo": {"Key": "_language_code", "Value": {"StringValue": "fr"}}}
    items = retrieve(kendra, chunked, text, AttributeFilter=french)["ResultItems"]
    assert [(i["DocumentId"], i["ScoreAttributes"]) for i in items] == [
        ("fr-lantern", {"ScoreConfidence": "NOT_AVAILABLE"})
    ]


def test_other_languages_are_left_out_without_a_language_leaf(kendra: Any, chunked: str) -> None:
    ids = {doc_id for doc_id, _ in shown(retrieve(kendra, chunked, "lantern", PageSize=100))}
    assert "fr-lantern" not in ids


def test_query_of_stop_words_or_whitespace_retrieves_nothing(kendra: Any, chunked: str) -> None:
    assert retrieve(kendra, chunked, "the and of")["ResultItems"] == []
    assert retrieve(kendra, chunked, "   ")["ResultItems"] == []


# -- items -------------------------------------------------------------------------------------


def test_items_carry_ids_titles_uris_and_displayable_attributes(
    kendra: Any, index_id: str
) -> None:
    load(kendra, index_id)
    response = retrieve(kendra, index_id, "insulin memo", PageSize=100)
    query_id = response["QueryId"]
    assert {item["DocumentId"] for item in response["ResultItems"]} == set(
        Oracle().ranking("insulin memo")
    )
    for item in response["ResultItems"]:
        doc = BY_ID[item["DocumentId"]]
        assert item["Id"].startswith(f"{query_id}-") and len(item["Id"]) == 73
        assert "FeedbackToken" not in item and "Type" not in item
        assert item["DocumentTitle"] == (doc.title or doc.id)
        uri = doc.value("_source_uri")
        assert item.get("DocumentURI") == (uri if uri and uri.startswith("https://") else None)
        assert item["DocumentAttributes"] == [
            {"Key": key, "Value": {MEMBER[FIELD_TYPES[key]]: value}}
            for key, value in doc.attributes if key not in HIDDEN
        ]
    requested = retrieve(kendra, index_id, "memo", RequestedDocumentAttributes=["internal_note"])
    assert requested["ResultItems"][0]["DocumentAttributes"] == []


def test_filters_and_access_apply_to_retrieve(kendra: Any, index_id: str) -> None:
    load(kendra, index_id)
    nursing = {"EqualsTo": {"Key": "department", "Value": {"StringValue": "nursing"}}}
    ids = {i["DocumentId"] for i in retrieve(kendra, index_id, "patient",
                                              AttributeFilter=nursing)["ResultItems"]}
    assert ids == {doc.id for doc in DOCS if doc.id in Oracle().ranking("patient")
                   and doc.value("department") == "nursing"}
    kendra.batch_put_document(IndexId=index_id, Documents=[{
        "Id": "private", "Blob": b"patient secrets", "ContentType": "PLAIN_TEXT",
        "AccessControlList": [{"Name": "alice", "Type": "USER", "Access": "ALLOW"}]}])
    as_bob = retrieve(kendra, index_id, "secrets", UserContext={"UserId": "bob"})
    as_alice = retrieve(kendra, index_id, "secrets", UserContext={"UserId": "alice"})
    assert (shown(as_bob), [i["DocumentId"] for i in as_alice["ResultItems"]]) == ([], ["private"])


# -- paging ------------------------------------------------------------------------------------

MANY = [
    d(f"many-{n:02d}",
      words_with(1000, {p: ("lantern" if (p + n) % 3 else "beacon") for p in range(
          n % 7, 1000, 60 + 17 * (n % 4))}, n),
      "Lantern notes" if n % 5 == 0 else None)
    for n in range(24)
]


def test_only_the_first_hundred_passages_are_reachable_page_by_page(
    kendra: Any, index_id: str
) -> None:
    put(kendra, index_id, MANY)
    everything = expected(MANY, "lantern beacon")
    assert len(everything) > 100
    pages = [shown(retrieve(kendra, index_id, "lantern beacon", PageNumber=page))
             for page in range(1, 11)]
    assert [entry for page in pages for entry in page] == everything[:100]
    assert retrieve(kendra, index_id, "lantern beacon", PageNumber=11)["ResultItems"] == []
    clamped = retrieve(kendra, index_id, "lantern beacon", PageSize=1000)
    assert shown(clamped) == everything[:100]
    assert shown(retrieve(kendra, index_id, "lantern beacon", PageSize=30, PageNumber=4)) == (
        everything[90:100]
    )


# Decoys: "lantern" and "beacon" in the title (a high term frequency) but five chunks of one
# "lantern" each (one term, one token); strong: one chunk with both terms, four tokens.
DECOYS = [d(f"decoy-{n:02d}", words_with(1000, {7 + 200 * k: "lantern" for k in range(5)}, n),
            "Lantern beacon lantern lantern") for n in range(21)]
STRONG = [d(f"strong-{n}", words_with(50, {3: "lantern", 9: "lantern", 20: "beacon",
                                           31: "lanterns"}, n)) for n in range(2)]
SINGLE = [d(f"single-{n}", words_with(40, {n: "beacon"}, n)) for n in range(3)]


def test_strong_passages_of_documents_read_late_still_rank_first(
    kendra: Any, index_id: str
) -> None:
    docs = [*DECOYS, *STRONG, *SINGLE]
    put(kendra, index_id, docs)
    everything = expected(docs, "lantern beacon")
    assert len(everything) == 21 * 5 + 2 + 3
    assert [doc_id for doc_id, _ in everything[:2]] == ["strong-0", "strong-1"]
    assert shown(retrieve(kendra, index_id, "lantern beacon", PageSize=100)) == everything[:100]
    assert shown(retrieve(kendra, index_id, "lantern beacon", PageSize=7, PageNumber=15)) == (
        everything[98:100]
    )
    for page in (1, 2):
        assert shown(retrieve(kendra, index_id, "lantern beacon", PageSize=3, PageNumber=page)) == (
            everything[3 * page - 3:3 * page]
        )


# -- input rules shared with Query -------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"QueryText": "x" * 1001}, "QueryText has 1001 characters; the limit is 1000."),
        ({"PageSize": 0}, "PageNumber and PageSize must be at least 1."),
        ({"UserContext": {"Token": "t", "Groups": ["g"]}},
         "Give either a user token or user and group information, not both."),
        ({"AttributeFilter": {"OrAllFilters": [{"AndAllFilters": []}] * 11}},
         "An AttributeFilter list holds at most 10 filters."),
        ({"AttributeFilter": {"EqualsTo": {"Key": "nope", "Value": {"StringValue": "x"}}}},
         "Attribute nope is not an index field of a matching type."),
        ({"UserContext": {"Token": "t"}}, "User tokens are not supported on this index."),
    ],
)
def test_retrieve_shares_the_query_input_rules(
    kendra: Any, index_id: str, members: dict[str, Any], message: str
) -> None:
    request = {"IndexId": index_id, "QueryText": "x", **members}
    expect_error(lambda: kendra.retrieve(**request), "ValidationException", message)


def test_retrieve_needs_a_ready_index(kendra: Any, make_index: Any, transition: Any) -> None:
    transition("kendra::index", progression="manual", times=5)
    creating = make_index(name="creating")
    expect_error(lambda: kendra.retrieve(IndexId=creating, QueryText="x"), "ConflictException",
                 f"Index {creating} is CREATING and cannot serve this request.")
