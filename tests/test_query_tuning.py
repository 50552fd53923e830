"""Relevance tuning: the factor B(d) = 1 + sum 0.1 x (I - I0) x g(d) that multiplies
BM25, from the index fields' Relevance and from query-time overrides, in Query and
Retrieve.  Worked numeric examples compute BM25 by hand to show where B does and does
not change the order."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from support import doc, expect_error

K1, B = 1.2, 0.75


def field(name: str, kind: str = "STRING_VALUE", searchable: bool = False,
          **relevance: Any) -> dict[str, Any]:
    update: dict[str, Any] = {
        "Name": name, "Type": kind,
        "Search": {"Searchable": searchable, "Sortable": kind != "STRING_LIST_VALUE",
                   "Facetable": True, "Displayable": True},
    }
    if relevance:
        update["Relevance"] = relevance
    return update


def attr(key: str, **value: Any) -> dict[str, Any]:
    return {"Key": key, "Value": value}


def setup(kendra: Any, index_id: str, fields: list[dict[str, Any]],
          docs: list[dict[str, Any]]) -> None:
    if fields:
        kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=fields)
    response = kendra.batch_put_document(IndexId=index_id, Documents=docs)
    assert response["FailedDocuments"] == []


def order(kendra: Any, index_id: str, text: str = "alpha", **kwargs: Any) -> list[str]:
    response = kendra.query(IndexId=index_id, QueryText=text, **kwargs)
    return [item["DocumentId"] for item in response["ResultItems"]]


def bm25(tf: int, length: int, average: float, n: int, df: int) -> float:
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))


def team(value: str) -> list[dict[str, Any]]:
    return [attr("team", StringValue=value)]


# -- STRING fields: importance, worked example --------------------------------------------
@pytest.mark.parametrize(("importance", "expected"), [(10, ["b", "a"]), (3, ["a", "b"])])
def test_string_importance_worked_example(kendra: Any, index_id: str, importance: int,
                                          expected: list[str]) -> None:
    # a: tf 2 of 3 tokens, b: tf 1 of 3; b's non-searchable "team" value holds the term
    score_a = bm25(2, 3, 3, 2, 2)
    score_b = bm25(1, 3, 3, 2, 2)
    assert score_a / score_b == pytest.approx(1.375)
    # B(b) = 1 + 0.1 x (importance - 1): 1.9 beats 1.375, 1.2 does not
    assert (score_b * (1 + 0.1 * (importance - 1)) > score_a) == (expected[0] == "b")
    setup(kendra, index_id, [field("team", Importance=importance)], [
        doc("a", "alpha alpha beta", Attributes=team("other")),
        doc("b", "alpha beta gamma", Attributes=team("Alphas team")),
    ])
    assert order(kendra, index_id) == expected


def test_untuned_field_changes_nothing(kendra: Any, index_id: str) -> None:
    setup(kendra, index_id, [field("team")], [
        doc("a", "alpha alpha beta", Attributes=team("other")),
        doc("b", "alpha beta gamma", Attributes=team("alpha")),
    ])
    assert order(kendra, index_id) == ["a", "b"]


def test_string_list_any_element(kendra: Any, index_id: str) -> None:
    setup(kendra, index_id, [field("tags", "STRING_LIST_VALUE", Importance=10)], [
        doc("a", "alpha beta", Attributes=[attr("tags", StringListValue=["x", "y"])]),
        doc("b", "alpha beta", Attributes=[attr("tags", StringListValue=["x", "alphas"])]),
    ])
    assert order(kendra, index_id) == ["b", "a"]


def test_value_importance_map_applies_without_a_term(kendra: Any, index_id: str) -> None:
    setup(kendra, index_id, [field("team", ValueImportanceMap={"gold": 10, "tin": 1})], [
        doc("a", "alpha beta", Attributes=team("tin")),
        doc("b", "alpha beta", Attributes=team("plain")),
        doc("c", "alpha beta", Attributes=team("gold")),
        doc("d", "alpha beta", Attributes=team("Gold")),  # keys match exactly
    ])
    assert order(kendra, index_id) == ["c", "a", "b", "d"]


def test_title_importance_counts_from_two(kendra: Any, index_id: str) -> None:
    # equal BM25 (the title term counts twice in both); only Importance 1 on the title
    # lowers B for the document whose title holds the term: 1 + 0.1 x (1 - 2) = 0.9
    docs = [doc("a", "beta gamma delta", Title="alpha"),
            doc("b", "alpha alpha beta", Title="gamma")]
    setup(kendra, index_id, [], docs)
    assert order(kendra, index_id) == ["a", "b"]
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[
        {"Name": "_document_title", "Type": "STRING_VALUE", "Relevance": {"Importance": 1}}])
    assert order(kendra, index_id) == ["b", "a"]


# -- LONG and DATE fields ------------------------------------------------------------------
@pytest.mark.parametrize(("rank_order", "expected"), [
    ("ASCENDING", ["c", "b", "a", "d"]), ("DESCENDING", ["a", "b", "c", "d"]),
])
def test_long_percentile(kendra: Any, index_id: str, rank_order: str,
                         expected: list[str]) -> None:
    # equal BM25; g = share of the other hits with a smaller (larger) value: 0, 1/2, 1
    setup(kendra, index_id, [field("views", "LONG_VALUE", Importance=5,
                                   RankOrder=rank_order)], [
        doc("a", "alpha", Attributes=[attr("views", LongValue=1)]),
        doc("b", "alpha", Attributes=[attr("views", LongValue=5)]),
        doc("c", "alpha", Attributes=[attr("views", LongValue=9)]),
        doc("d", "alpha"),
        doc("e", "other", Attributes=[attr("views", LongValue=100)]),  # not a hit
    ])
    assert order(kendra, index_id) == expected


def test_long_single_hit_counts_fully(kendra: Any, index_id: str) -> None:
    setup(kendra, index_id, [field("views", "LONG_VALUE", Importance=10)], [
        doc("a", "alpha alpha beta"),
        doc("b", "alpha beta gamma", Attributes=[attr("views", LongValue=0)]),
    ])
    assert order(kendra, index_id) == ["b", "a"]


def test_date_freshness_decays_linearly(kendra: Any, index_id: str) -> None:
    at = datetime.now(timezone.utc)
    days = [1, 5, 20, -3]  # 10-day Duration: g = 0.9, 0.5, 0, 1 (future)
    setup(kendra, index_id, [field("published", "DATE_VALUE", Importance=10,
                                   Freshness=True, Duration="864000s")], [
        doc(name, "alpha", Attributes=[attr("published", DateValue=at - timedelta(days=n))])
        for name, n in zip("abcd", days, strict=True)
    ] + [doc("e", "alpha")])
    assert order(kendra, index_id) == ["d", "a", "b", "c", "e"]


def test_date_without_freshness_is_ignored(kendra: Any, index_id: str) -> None:
    at = datetime.now(timezone.utc)
    setup(kendra, index_id, [field("published", "DATE_VALUE", Importance=10,
                                   RankOrder="DESCENDING")], [
        doc("a", "alpha", Attributes=[attr("published", DateValue=at - timedelta(days=400))]),
        doc("b", "alpha", Attributes=[attr("published", DateValue=at)]),
    ])
    assert order(kendra, index_id) == ["a", "b"]


# -- overrides ------------------------------------------------------------------------------
def two_fields(kendra: Any, index_id: str, tuned: bool) -> None:
    fields = [field("team", Importance=10 if tuned else None), field("area")]
    if not tuned:
        fields[0].pop("Relevance", None)
    setup(kendra, index_id, fields, [
        doc("a", "alpha beta", Attributes=[*team("alpha"), attr("area", StringValue="x")]),
        doc("b", "alpha beta", Attributes=[*team("x"), attr("area", StringValue="alpha")]),
        doc("c", "alpha beta", Attributes=[*team("x"), attr("area", StringValue="x")]),
    ])


def override(name: str, **relevance: Any) -> dict[str, Any]:
    return {"Name": name, "Relevance": relevance}


def test_override_replaces_index_tuning(kendra: Any, index_id: str) -> None:
    two_fields(kendra, index_id, tuned=True)
    assert order(kendra, index_id) == ["a", "b", "c"]
    overrides = [override("area", Importance=2), override("area", Importance=10)]
    assert order(kendra, index_id, DocumentRelevanceOverrideConfigurations=overrides) == [
        "b", "a", "c"]


def test_override_without_index_tuning_changes_nothing(kendra: Any, index_id: str) -> None:
    two_fields(kendra, index_id, tuned=False)
    overrides = [override("area", Importance=10)]
    assert order(kendra, index_id, DocumentRelevanceOverrideConfigurations=overrides) == [
        "a", "b", "c"]


def test_override_name_must_be_an_index_field(kendra: Any, index_id: str) -> None:
    overrides = [override("_category", Importance=3), override("nope", Importance=3)]
    message = "Relevance override nope is not an index field."
    expect_error(lambda: kendra.query(IndexId=index_id, QueryText="alpha",
                                      DocumentRelevanceOverrideConfigurations=overrides),
                 "ValidationException", message)
    expect_error(lambda: kendra.retrieve(IndexId=index_id, QueryText="alpha",
                                         DocumentRelevanceOverrideConfigurations=overrides),
                 "ValidationException", message)


def test_override_rule_after_sort_and_collapse_key_rules(kendra: Any, index_id: str) -> None:
    overrides = [override("nope", Importance=3)]
    expect_error(lambda: kendra.query(
        IndexId=index_id, QueryText="alpha", DocumentRelevanceOverrideConfigurations=overrides,
        SortingConfiguration={"DocumentAttributeKey": "missing", "SortOrder": "ASC"}),
        "ValidationException", "Sort key missing is not a sortable index field.")
    expect_error(lambda: kendra.query(
        IndexId=index_id, QueryText="alpha", DocumentRelevanceOverrideConfigurations=overrides,
        CollapseConfiguration={"DocumentAttributeKey": "_authors"}),
        "ValidationException",
        "Collapse key _authors must be a sortable STRING_VALUE or LONG_VALUE index field.")


# -- what tuning leaves alone -----------------------------------------------------------------
def test_tuning_leaves_count_confidence_and_facets(kendra: Any, index_id: str) -> None:
    # b matches one term of two but its three tuned fields hold the other: B = 3.7
    tuned = [field(name, Importance=10) for name in ("team", "area", "unit")]
    beta = [attr(name, StringValue="beta") for name in ("area", "unit")]
    setup(kendra, index_id, tuned, [
        doc("a", "alpha beta", Attributes=team("x")),
        doc("b", "alpha gamma", Attributes=[*team("beta"), *beta]),
        doc("c", "delta", Attributes=team("alpha")),  # not a hit: B never adds hits
    ])
    response = kendra.query(IndexId=index_id, QueryText="alpha beta",
                            Facets=[{"DocumentAttributeKey": "team"}])
    assert [i["DocumentId"] for i in response["ResultItems"]] == ["b", "a"]
    assert [i["ScoreAttributes"]["ScoreConfidence"] for i in response["ResultItems"]] == [
        "MEDIUM", "VERY_HIGH"]
    assert response["TotalNumberOfResults"] == 2
    pairs = response["FacetResults"][0]["DocumentAttributeValueCountPairs"]
    assert [(p["DocumentAttributeValue"]["StringValue"], p["Count"]) for p in pairs] == [
        ("beta", 1), ("x", 1)]


def test_with_sort_keys_tuning_only_breaks_ties(kendra: Any, index_id: str) -> None:
    setup(kendra, index_id, [field("team", Importance=10), field("rank", "LONG_VALUE")], [
        doc("a", "alpha", Attributes=[*team("x"), attr("rank", LongValue=1)]),
        doc("b", "alpha", Attributes=[*team("alpha"), attr("rank", LongValue=2)]),
        doc("c", "alpha", Attributes=[*team("x"), attr("rank", LongValue=2)]),
    ])
    sorting = {"DocumentAttributeKey": "rank", "SortOrder": "DESC"}
    assert order(kendra, index_id, SortingConfiguration=sorting) == ["b", "c", "a"]
    sorting["SortOrder"] = "ASC"
    assert order(kendra, index_id, SortingConfiguration=sorting) == ["a", "b", "c"]


def test_browse_ignores_tuning(kendra: Any, index_id: str) -> None:
    setup(kendra, index_id, [field("team", ValueImportanceMap={"gold": 10})], [
        doc("a", "alpha", Attributes=team("x")), doc("b", "alpha", Attributes=team("gold")),
    ])
    response = kendra.query(
        IndexId=index_id, AttributeFilter={"NotFilter": {"EqualsTo": {
            "Key": "team", "Value": {"StringValue": "none"}}}},
        SortingConfiguration={"DocumentAttributeKey": "_category", "SortOrder": "ASC"})
    assert [i["DocumentId"] for i in response["ResultItems"]] == ["a", "b"]


def test_retrieve_breaks_passage_ties_by_tuning(kendra: Any, index_id: str) -> None:
    setup(kendra, index_id, [field("team", Importance=10)], [
        doc("a", "alpha beta", Attributes=team("x")),
        doc("b", "alpha beta", Attributes=team("alpha")),
        doc("c", "alpha alpha beta", Attributes=team("x")),  # more term tokens: first
    ])
    response = kendra.retrieve(IndexId=index_id, QueryText="alpha")
    assert [i["DocumentId"] for i in response["ResultItems"]] == ["c", "b", "a"]
    overrides = [override("team", Importance=1)]
    response = kendra.retrieve(IndexId=index_id, QueryText="alpha",
                               DocumentRelevanceOverrideConfigurations=overrides)
    assert [i["DocumentId"] for i in response["ResultItems"]] == ["c", "a", "b"]


def test_tuned_hit_beyond_the_untuned_top_hundred(kendra: Any, index_id: str) -> None:
    # 230 stronger untuned hits (more than the first 200 weighed); the weak one's B = 1.9
    # lifts it over all of them
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[
        field("team", Importance=10)])
    strong = [doc(f"s{n:03d}", "alpha alpha beta") for n in range(230)]
    for start in range(0, len(strong), 10):
        setup(kendra, index_id, [], strong[start:start + 10])
    setup(kendra, index_id, [], [doc("weak", "alpha beta gamma", Attributes=team("alpha"))])
    response = kendra.query(IndexId=index_id, QueryText="alpha")
    assert response["ResultItems"][0]["DocumentId"] == "weak"
    assert response["TotalNumberOfResults"] == 231


def test_tuned_top_hundred_stops_early_and_stays_exact(kendra: Any, index_id: str) -> None:
    # 210 strong hits, 40 far weaker ones (one term among many); a weak hit's B = 1.9
    # cannot reach the strong ones, so weighing stops before the weak ones
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[
        field("team", Importance=10)])
    filler = " ".join(f"w{n}" for n in range(40))
    docs = [doc(f"s{n:03d}", "alpha alpha beta") for n in range(210)]
    docs += [doc(f"w{n:03d}", f"alpha {filler}", Attributes=team("alpha")) for n in range(40)]
    for start in range(0, len(docs), 10):
        setup(kendra, index_id, [], docs[start:start + 10])
    response = kendra.query(IndexId=index_id, QueryText="alpha", PageSize=100)
    assert [item["DocumentId"] for item in response["ResultItems"]] == [
        f"s{n:03d}" for n in range(100)]


def test_relevance_members_of_other_types_are_ignored(kendra: Any, index_id: str) -> None:
    # an override is not checked like UpdateIndex: members that do not apply do nothing
    two_fields(kendra, index_id, tuned=True)
    overrides = [override("area", Importance=10, Freshness=True, Duration="1s",
                          RankOrder="DESCENDING"),
                 override("_view_count", ValueImportanceMap={"alpha": 10})]
    # "area" counts as the STRING field it is: b's value holds the term
    assert order(kendra, index_id, DocumentRelevanceOverrideConfigurations=overrides) == [
        "b", "a", "c"]
