"""Collapsing Query results into groups by one attribute, and expanding the groups."""

from __future__ import annotations

from typing import Any

import pytest
from support import doc, expect_error


def field(name: str, kind: str = "STRING_VALUE", sortable: bool = True) -> dict[str, Any]:
    return {"Name": name, "Type": kind,
            "Search": {"Sortable": sortable, "Facetable": True, "Searchable": False,
                       "Displayable": True}}


def attrs(**values: Any) -> list[dict[str, Any]]:
    return [{"Key": key, "Value": {"LongValue": value} if isinstance(value, int)
             else {"StringValue": value}} for key, value in values.items()]


@pytest.fixture
def grouped(kendra: Any, index_id: str) -> str:
    """Groups by ``team``: red {a, b, c}, blue {d}, none {e, f}; relevance order is
    b, a, ... (b holds the term twice); ``rank`` orders members the other way round."""
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[
        field("team"), field("rank", "LONG_VALUE"), field("tags", "STRING_LIST_VALUE"),
        field("hidden", sortable=False)])
    docs = [  # put out of DocumentId order: ties must still go by DocumentId
        doc("f", "alpha kappa"),
        doc("c", "alpha gamma", Attributes=attrs(team="red", rank=1)),
        doc("b", "alpha alpha", Attributes=attrs(team="red", rank=2)),
        doc("a", "alpha beta", Attributes=attrs(team="red", rank=3)),
        doc("d", "alpha delta", Attributes=attrs(team="blue")),
        doc("e", "alpha omega"),
        doc("g", "other words"),
    ]
    response = kendra.batch_put_document(IndexId=index_id, Documents=docs)
    assert response["FailedDocuments"] == []
    return index_id


def collapsed(kendra: Any, index_id: str, **configuration: Any) -> dict[str, Any]:
    extra = configuration.pop("query", {})
    return dict(kendra.query(IndexId=index_id, QueryText="alpha", CollapseConfiguration={
        "DocumentAttributeKey": "team", **configuration}, **extra))


def summary(response: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(item["DocumentId"],
             item["CollapsedResultDetail"]["DocumentAttribute"]["Value"].get("StringValue"))
            for item in response["ResultItems"]]


def test_groups_and_primaries_by_relevance(kendra: Any, grouped: str) -> None:
    response = collapsed(kendra, grouped)
    assert summary(response) == [("b", "red"), ("d", "blue"), ("e", None)]
    assert response["TotalNumberOfResults"] == 3
    detail = response["ResultItems"][2]["CollapsedResultDetail"]
    assert detail == {"DocumentAttribute": {"Key": "team", "Value": {}}}
    assert "ExpandedResults" not in response["ResultItems"][0]["CollapsedResultDetail"]


@pytest.mark.parametrize(("strategy", "expected", "total"), [
    ("COLLAPSE", ["b", "d", "e"], 3), ("IGNORE", ["b", "d"], 2),
    ("EXPAND", ["b", "d", "e", "f"], 4),
])
def test_missing_attribute_key_strategy(kendra: Any, grouped: str, strategy: str,
                                        expected: list[str], total: int) -> None:
    response = collapsed(kendra, grouped, MissingAttributeKeyStrategy=strategy)
    assert [item["DocumentId"] for item in response["ResultItems"]] == expected
    assert response["TotalNumberOfResults"] == total


def test_primary_by_collapse_sorting(kendra: Any, grouped: str) -> None:
    response = collapsed(kendra, grouped, SortingConfigurations=[
        {"DocumentAttributeKey": "rank", "SortOrder": "ASC"}])
    assert summary(response) == [("c", "red"), ("d", "blue"), ("e", None)]


def test_groups_follow_the_query_sort_keys(kendra: Any, grouped: str) -> None:
    sorting = {"DocumentAttributeKey": "team", "SortOrder": "ASC"}
    response = collapsed(kendra, grouped, query={"SortingConfiguration": sorting})
    assert summary(response) == [("d", "blue"), ("b", "red"), ("e", None)]


def test_long_key_value(kendra: Any, grouped: str) -> None:
    response = collapsed(kendra, grouped, DocumentAttributeKey="rank",
                         MissingAttributeKeyStrategy="IGNORE")
    values = [(item["DocumentId"], item["CollapsedResultDetail"]["DocumentAttribute"])
              for item in response["ResultItems"]]
    assert values == [("b", {"Key": "rank", "Value": {"LongValue": 2}}),
                      ("a", {"Key": "rank", "Value": {"LongValue": 3}}),
                      ("c", {"Key": "rank", "Value": {"LongValue": 1}})]


def test_expand_lists_other_members_in_primary_order(kendra: Any, grouped: str) -> None:
    response = collapsed(kendra, grouped, Expand=True)
    details = [item["CollapsedResultDetail"] for item in response["ResultItems"]]
    expanded = [[e["DocumentId"] for e in d["ExpandedResults"]] for d in details]
    assert expanded == [["a", "c"], [], ["f"]]
    member = details[0]["ExpandedResults"][0]
    assert set(member) == {"Id", "DocumentId", "DocumentTitle", "DocumentExcerpt",
                           "DocumentAttributes"}
    assert member["Id"].startswith(response["QueryId"] + "-")
    assert member["DocumentExcerpt"]["Highlights"][0]["BeginOffset"] == 0


def test_expand_limits(kendra: Any, grouped: str) -> None:
    response = collapsed(kendra, grouped, Expand=True, ExpandConfiguration={
        "MaxResultItemsToExpand": 1, "MaxExpandedResultsPerItem": 1})
    details = [item["CollapsedResultDetail"] for item in response["ResultItems"]]
    assert [e["DocumentId"] for e in details[0]["ExpandedResults"]] == ["a"]
    assert ["ExpandedResults" in d for d in details] == [True, False, False]


def test_facets_count_every_hit(kendra: Any, grouped: str) -> None:
    response = collapsed(kendra, grouped, query={"Facets": [{"DocumentAttributeKey": "team"}]})
    pairs = response["FacetResults"][0]["DocumentAttributeValueCountPairs"]
    assert [(p["DocumentAttributeValue"]["StringValue"], p["Count"]) for p in pairs] == [
        ("red", 3), ("blue", 1)]


def test_paging_over_groups(kendra: Any, grouped: str) -> None:
    response = collapsed(kendra, grouped, query={"PageSize": 2, "PageNumber": 2})
    assert summary(response) == [("e", None)]
    assert response["TotalNumberOfResults"] == 3


@pytest.mark.parametrize("key", ["tags", "hidden", "_created_at", "nothing"])
def test_collapse_key_rule(kendra: Any, grouped: str, key: str) -> None:
    expect_error(lambda: collapsed(kendra, grouped, DocumentAttributeKey=key),
                 "ValidationException",
                 f"Collapse key {key} must be a sortable STRING_VALUE or LONG_VALUE index field.")


def test_collapse_sort_keys_are_sort_keys(kendra: Any, grouped: str) -> None:
    expect_error(lambda: collapsed(kendra, grouped, SortingConfigurations=[
        {"DocumentAttributeKey": "hidden", "SortOrder": "ASC"}]),
        "ValidationException", "Sort key hidden is not a sortable index field.")


@pytest.mark.parametrize("name", ["MaxResultItemsToExpand", "MaxExpandedResultsPerItem"])
def test_expand_configuration_at_least_one(kendra: Any, index_id: str, name: str) -> None:
    # a static rule: answered before the index is looked up
    expect_error(lambda: kendra.query(IndexId="0" * 36, QueryText="alpha",
                                      CollapseConfiguration={
                                          "DocumentAttributeKey": "nothing",
                                          "ExpandConfiguration": {name: 0}}),
                 "ValidationException", "ExpandConfiguration values must be at least 1.")
