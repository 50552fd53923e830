"""Featured results sets: lifecycle, gating on the index status, ClientToken idempotency,
tagging, and the featured results they put at the top of Query."""

from __future__ import annotations

import time
from typing import Any

import pytest
from support import doc, expect_error

UNKNOWN = "0" * 36
SUMMARY = {
    "FeaturedResultsSetId", "FeaturedResultsSetName", "Status", "LastUpdatedTimestamp",
    "CreationTimestamp",
}


def now_ms() -> int:
    return int(time.time() * 1000)


def create(kendra: Any, index_id: str, name: str = "set", **kwargs: Any) -> dict[str, Any]:
    response = kendra.create_featured_results_set(
        IndexId=index_id, FeaturedResultsSetName=name, **kwargs
    )
    return dict(response["FeaturedResultsSet"])


def documents(*doc_ids: str) -> list[dict[str, str]]:
    return [{"Id": doc_id} for doc_id in doc_ids]


def describe(kendra: Any, index_id: str, set_id: str) -> dict[str, Any]:
    result = kendra.describe_featured_results_set(IndexId=index_id, FeaturedResultsSetId=set_id)
    result.pop("ResponseMetadata")
    return dict(result)


def listed(kendra: Any, index_id: str, **kwargs: Any) -> dict[str, Any]:
    return dict(kendra.list_featured_results_sets(IndexId=index_id, **kwargs))


def source_uri(uri: str) -> dict[str, Any]:
    return {"Key": "_source_uri", "Value": {"StringValue": uri}}


def conflict(kendra: Any, call: Any) -> list[dict[str, str]]:
    """Run ``call``; it must fail with FeaturedResultsConflictException; its ConflictingItems."""
    error = expect_error(
        call,
        "FeaturedResultsConflictException",
        "Query texts are already used by other featured results sets.",
    )
    return list(error.response["ConflictingItems"])


def deleting_index(kendra: Any, index_id: str, transition: Any) -> None:
    """Leave ``index_id`` reading DELETING (it is ACTIVE first)."""
    kendra.describe_index(Id=index_id)
    transition("kendra::index", progression="manual", times=99)
    kendra.delete_index(Id=index_id)


# -- CreateFeaturedResultsSet ---------------------------------------------------------


def test_create_returns_the_whole_set_with_integer_millisecond_timestamps(kendra, index_id):
    before = now_ms()
    created = create(
        kendra, index_id, "promo", Description="seasonal", QueryTexts=["Apple Pie", "tart"],
        FeaturedDocuments=documents("d2", "d1"),
    )
    after = now_ms()
    assert set(created) == SUMMARY | {"Description", "QueryTexts", "FeaturedDocuments"}
    assert (created["FeaturedResultsSetName"], created["Description"]) == ("promo", "seasonal")
    assert created["QueryTexts"] == ["Apple Pie", "tart"]
    assert created["FeaturedDocuments"] == documents("d2", "d1")
    stamp = created["CreationTimestamp"]
    assert isinstance(stamp, int) and before <= stamp <= after
    assert created["LastUpdatedTimestamp"] == stamp
    assert len(created["FeaturedResultsSetId"]) == 36


def test_status_defaults_to_active_and_is_chosen_by_the_caller(kendra, index_id):
    assert create(kendra, index_id, "a")["Status"] == "ACTIVE"
    inactive = create(kendra, index_id, "b", Status="INACTIVE")
    assert describe(kendra, index_id, inactive["FeaturedResultsSetId"])["Status"] == "INACTIVE"


def test_a_query_text_repeated_within_the_set_after_trimming_and_lower_casing_is_rejected(
    kendra, index_id
):
    expect_error(
        lambda: create(kendra, index_id, QueryTexts=["Apple", " apple "]),
        "ValidationException",
        "Query text ' apple ' appears more than once in the featured results set.",
    )
    assert listed(kendra, index_id)["FeaturedResultsSetSummaryItems"] == []


def test_a_document_repeated_within_the_set_is_rejected(kendra, index_id):
    expect_error(
        lambda: create(kendra, index_id, FeaturedDocuments=documents("d1", "d2", "d1")),
        "ValidationException",
        "Featured document d1 appears more than once in the featured results set.",
    )


def test_a_set_holds_at_most_four_documents_which_need_not_exist(kendra, index_id):
    four = create(kendra, index_id, "four", FeaturedDocuments=documents("a", "b", "c", "d"))
    assert len(four["FeaturedDocuments"]) == 4
    expect_error(
        lambda: create(kendra, index_id, "five", FeaturedDocuments=documents(*"abcde")),
        "ValidationException",
        "A featured results set can have at most 4 featured documents.",
    )


def test_request_rules_answer_before_the_index_is_looked_up(kendra):
    expect_error(
        lambda: create(kendra, UNKNOWN, FeaturedDocuments=documents(*"abcde")),
        "ValidationException",
        "A featured results set can have at most 4 featured documents.",
    )
    expect_error(
        lambda: create(kendra, UNKNOWN, Tags=[{"Key": "AWS:x", "Value": "v"}]),
        "ValidationException",
        "Tag keys may not start with aws:.",
    )


def test_a_text_another_set_uses_raises_a_conflict_naming_each_clash(kendra, index_id):
    first = create(kendra, index_id, "first", QueryTexts=["apple", "pear"])
    second = create(kendra, index_id, "second", Status="INACTIVE", QueryTexts=["Plum"])
    items = conflict(
        kendra,
        lambda: create(kendra, index_id, "third", QueryTexts=["  PLUM", "kiwi", "Apple"]),
    )
    assert items == [
        {"QueryText": "  PLUM", "SetName": "second", "SetId": second["FeaturedResultsSetId"]},
        {"QueryText": "Apple", "SetName": "first", "SetId": first["FeaturedResultsSetId"]},
    ]
    assert len(listed(kendra, index_id)["FeaturedResultsSetSummaryItems"]) == 2


def test_sets_of_different_indexes_may_share_texts(kendra, make_index):
    create(kendra, make_index(), QueryTexts=["apple"])
    assert create(kendra, make_index(), QueryTexts=["apple"])["QueryTexts"] == ["apple"]


def test_an_index_holds_at_most_fifty_sets_and_conflicts_answer_first(kendra, index_id):
    for number in range(50):
        create(kendra, index_id, f"set-{number}", QueryTexts=[f"text {number}"])
    assert conflict(kendra, lambda: create(kendra, index_id, QueryTexts=["text 7"]))
    expect_error(
        lambda: create(kendra, index_id, "one-more"),
        "ValidationException",
        "An index can have at most 50 featured results sets.",
    )


def test_unknown_index_is_resource_not_found(kendra):
    expect_error(
        lambda: create(kendra, UNKNOWN),
        "ResourceNotFoundException",
        f"Index {UNKNOWN} does not exist.",
    )


def test_create_is_refused_while_the_index_is_creating(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=99)
    index = make_index()
    expect_error(
        lambda: create(kendra, index),
        "ConflictException",
        f"Index {index} is CREATING and cannot serve this request.",
    )


def test_a_deleting_index_refuses_create_but_serves_the_other_operations(
    kendra, index_id, transition
):
    set_id = create(kendra, index_id, QueryTexts=["apple"])["FeaturedResultsSetId"]
    deleting_index(kendra, index_id, transition)
    expect_error(
        lambda: create(kendra, index_id, "another"),
        "ConflictException",
        f"Index {index_id} is DELETING and cannot serve this request.",
    )
    kendra.update_featured_results_set(
        IndexId=index_id, FeaturedResultsSetId=set_id, FeaturedResultsSetName="renamed"
    )
    assert describe(kendra, index_id, set_id)["FeaturedResultsSetName"] == "renamed"
    assert [s["FeaturedResultsSetName"] for s in
            listed(kendra, index_id)["FeaturedResultsSetSummaryItems"]] == ["renamed"]
    response = kendra.batch_delete_featured_results_set(
        IndexId=index_id, FeaturedResultsSetIds=[set_id]
    )
    assert response["Errors"] == []


# -- ClientToken ------------------------------------------------------------------------


def test_client_token_replay_returns_the_set_as_it_now_is_and_creates_nothing(
    kendra, index_id
):
    first = create(kendra, index_id, "one", ClientToken="token", QueryTexts=["apple"])
    set_id = first["FeaturedResultsSetId"]
    kendra.update_featured_results_set(
        IndexId=index_id, FeaturedResultsSetId=set_id, FeaturedResultsSetName="renamed"
    )
    again = create(kendra, index_id, "other", ClientToken="token", QueryTexts=["apple"])
    assert again["FeaturedResultsSetId"] == set_id
    assert again["FeaturedResultsSetName"] == "renamed"
    assert len(listed(kendra, index_id)["FeaturedResultsSetSummaryItems"]) == 1


def test_client_token_creates_anew_once_the_set_is_deleted(kendra, index_id):
    first = create(kendra, index_id, ClientToken="token")["FeaturedResultsSetId"]
    kendra.batch_delete_featured_results_set(IndexId=index_id, FeaturedResultsSetIds=[first])
    again = create(kendra, index_id, ClientToken="token")["FeaturedResultsSetId"]
    assert again != first


# -- DescribeFeaturedResultsSet ---------------------------------------------------------


def test_describe_splits_documents_into_searchable_now_and_missing_in_set_order(
    kendra, index_id, put_docs, transition
):
    transition("kendra::document", progression="manual", times=1)
    put_docs(
        doc("titled", Title="A title", Attributes=[source_uri("https://example.com/a")]),
        doc("bad-uri", Attributes=[source_uri("not a url")]),
    )
    kendra.batch_get_document_status(  # one advance each: INDEXED
        IndexId=index_id, DocumentInfoList=[{"DocumentId": "titled"}, {"DocumentId": "bad-uri"}]
    )
    put_docs(doc("pending"))  # PROCESSING until advanced
    featured = documents("never-put", "bad-uri", "pending", "titled")
    set_id = create(kendra, index_id, FeaturedDocuments=featured)["FeaturedResultsSetId"]
    result = describe(kendra, index_id, set_id)
    assert result["FeaturedDocumentsWithMetadata"] == [
        {"Id": "bad-uri"},
        {"Id": "titled", "Title": "A title", "URI": "https://example.com/a"},
    ]
    assert result["FeaturedDocumentsMissing"] == documents("never-put", "pending")
    assert set(result) == SUMMARY | {
        "QueryTexts", "FeaturedDocumentsWithMetadata", "FeaturedDocumentsMissing"
    }


def test_describe_cuts_a_long_title_to_the_model_limit(kendra, index_id, put_docs):
    put_docs(doc("long", Title="t" * 3000))
    set_id = create(kendra, index_id, FeaturedDocuments=documents("long"))[
        "FeaturedResultsSetId"
    ]
    metadata = describe(kendra, index_id, set_id)["FeaturedDocumentsWithMetadata"]
    assert metadata == [{"Id": "long", "Title": "t" * 2048}]


def test_describe_of_an_unknown_set_is_resource_not_found(kendra, index_id):
    expect_error(
        lambda: describe(kendra, index_id, UNKNOWN),
        "ResourceNotFoundException",
        f"Featured results set {UNKNOWN} does not exist in index {index_id}.",
    )


# -- UpdateFeaturedResultsSet -----------------------------------------------------------


def update(kendra: Any, index_id: str, set_id: str, **kwargs: Any) -> dict[str, Any]:
    response = kendra.update_featured_results_set(
        IndexId=index_id, FeaturedResultsSetId=set_id, **kwargs
    )
    return dict(response["FeaturedResultsSet"])


def test_update_replaces_only_the_given_members_and_moves_last_updated(kendra, index_id):
    created = create(
        kendra, index_id, "name", Description="kept", QueryTexts=["apple"],
        FeaturedDocuments=documents("d1"),
    )
    set_id = created["FeaturedResultsSetId"]
    time.sleep(0.005)  # the clock must move a millisecond
    updated = update(kendra, index_id, set_id, QueryTexts=["pear", "plum"], Status="INACTIVE")
    assert updated == {
        **created,
        "QueryTexts": ["pear", "plum"],
        "Status": "INACTIVE",
        "LastUpdatedTimestamp": updated["LastUpdatedTimestamp"],
    }
    assert updated["LastUpdatedTimestamp"] > created["CreationTimestamp"]
    assert describe(kendra, index_id, set_id)["LastUpdatedTimestamp"] == (
        updated["LastUpdatedTimestamp"]
    )


def test_update_with_empty_lists_clears_texts_and_documents(kendra, index_id):
    set_id = create(kendra, index_id, QueryTexts=["apple"], FeaturedDocuments=documents("d"))[
        "FeaturedResultsSetId"
    ]
    updated = update(kendra, index_id, set_id, QueryTexts=[], FeaturedDocuments=[])
    assert (updated["QueryTexts"], updated["FeaturedDocuments"]) == ([], [])
    create(kendra, index_id, "reuses", QueryTexts=["apple"])  # the text is free again


def test_update_excludes_the_set_itself_from_conflicts(kendra, index_id):
    mine = create(kendra, index_id, "mine", QueryTexts=["apple"])["FeaturedResultsSetId"]
    other = create(kendra, index_id, "other", QueryTexts=["pear"])["FeaturedResultsSetId"]
    assert update(kendra, index_id, mine, QueryTexts=["APPLE", "kiwi"])["QueryTexts"] == [
        "APPLE", "kiwi"
    ]
    items = conflict(kendra, lambda: update(kendra, index_id, mine, QueryTexts=["Pear"]))
    assert items == [{"QueryText": "Pear", "SetName": "other", "SetId": other}]
    assert describe(kendra, index_id, mine)["QueryTexts"] == ["APPLE", "kiwi"]


def test_update_applies_the_create_rules(kendra, index_id):
    set_id = create(kendra, index_id)["FeaturedResultsSetId"]
    expect_error(
        lambda: update(kendra, index_id, set_id, QueryTexts=["a", "A"]),
        "ValidationException",
        "Query text 'A' appears more than once in the featured results set.",
    )
    expect_error(
        lambda: update(kendra, index_id, set_id, FeaturedDocuments=documents(*"abcde")),
        "ValidationException",
        "A featured results set can have at most 4 featured documents.",
    )


def test_update_of_an_unknown_set_is_resource_not_found(kendra, index_id):
    expect_error(
        lambda: update(kendra, index_id, UNKNOWN, Status="ACTIVE"),
        "ResourceNotFoundException",
        f"Featured results set {UNKNOWN} does not exist in index {index_id}.",
    )


# -- ListFeaturedResultsSets ------------------------------------------------------------


def test_list_gives_summaries_in_creation_order_page_by_page(kendra, index_id):
    ids = [create(kendra, index_id, f"s{n}")["FeaturedResultsSetId"] for n in range(3)]
    first = listed(kendra, index_id, MaxResults=2)
    assert all(set(item) == SUMMARY for item in first["FeaturedResultsSetSummaryItems"])
    second = listed(kendra, index_id, MaxResults=2, NextToken=first["NextToken"])
    assert "NextToken" not in second
    pages = first["FeaturedResultsSetSummaryItems"] + second["FeaturedResultsSetSummaryItems"]
    assert [item["FeaturedResultsSetId"] for item in pages] == ids


def test_list_token_survives_the_deletion_of_the_last_returned_set(kendra, index_id):
    ids = [create(kendra, index_id, f"s{n}")["FeaturedResultsSetId"] for n in range(3)]
    first = listed(kendra, index_id, MaxResults=1)
    kendra.batch_delete_featured_results_set(IndexId=index_id, FeaturedResultsSetIds=ids[:1])
    second = listed(kendra, index_id, MaxResults=1, NextToken=first["NextToken"])
    assert [s["FeaturedResultsSetId"] for s in second["FeaturedResultsSetSummaryItems"]] == [
        ids[1]
    ]


# -- BatchDeleteFeaturedResultsSet ------------------------------------------------------


def test_batch_delete_removes_sets_and_reports_each_unknown_id_once(kendra, index_id):
    keep = create(kendra, index_id, "keep")["FeaturedResultsSetId"]
    gone = create(kendra, index_id, "gone", QueryTexts=["apple"])["FeaturedResultsSetId"]
    response = kendra.batch_delete_featured_results_set(
        IndexId=index_id, FeaturedResultsSetIds=[UNKNOWN, gone, UNKNOWN, gone]
    )
    assert response["Errors"] == [{
        "Id": UNKNOWN,
        "ErrorCode": "InvalidRequest",
        "ErrorMessage": f"Featured results set {UNKNOWN} does not exist in index {index_id}.",
    }]
    remaining = listed(kendra, index_id)["FeaturedResultsSetSummaryItems"]
    assert [s["FeaturedResultsSetId"] for s in remaining] == [keep]
    create(kendra, index_id, "reuses", QueryTexts=["apple"])  # its texts are free again


def test_batch_delete_on_an_unknown_index_is_resource_not_found(kendra):
    expect_error(
        lambda: kendra.batch_delete_featured_results_set(
            IndexId=UNKNOWN, FeaturedResultsSetIds=[UNKNOWN]
        ),
        "ResourceNotFoundException",
        f"Index {UNKNOWN} does not exist.",
    )


# -- tagging ----------------------------------------------------------------------------


def set_arn(index_id: str, set_id: str) -> str:
    return f"arn:aws:kendra:us-east-1:123456789012:index/{index_id}/featured-results-set/{set_id}"


def test_tags_given_on_create_are_listed_and_vanish_with_the_set(kendra, index_id):
    tags = [{"Key": "team", "Value": "search"}]
    set_id = create(kendra, index_id, Tags=tags)["FeaturedResultsSetId"]
    arn = set_arn(index_id, set_id)
    kendra.tag_resource(ResourceARN=arn, Tags=[{"Key": "stage", "Value": "beta"}])
    assert kendra.list_tags_for_resource(ResourceARN=arn)["Tags"] == tags + [
        {"Key": "stage", "Value": "beta"}
    ]
    kendra.batch_delete_featured_results_set(IndexId=index_id, FeaturedResultsSetIds=[set_id])
    expect_error(
        lambda: kendra.list_tags_for_resource(ResourceARN=arn),
        "ResourceUnavailableException",
        f"Resource {arn} is not available.",
    )


# -- featured results in Query ----------------------------------------------------------


ORCHARD = ("pie", "tart", "cider", "pear")


@pytest.fixture
def orchard(kendra: Any, index_id: str, put_docs: Any) -> None:
    """Four searchable documents (read once, so they are INDEXED whatever comes next)."""
    put_docs(
        doc("pie", "apple pie recipe", Title="Pie"),
        doc("tart", "apple tart recipe"),
        doc("cider", "apple cider"),
        doc("pear", "pear only"),
    )
    infos = [{"DocumentId": doc_id} for doc_id in ORCHARD]
    response = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=infos)
    assert {s["DocumentStatus"] for s in response["DocumentStatusList"]} == {"INDEXED"}


def query(kendra: Any, index_id: str, text: str, **kwargs: Any) -> dict[str, Any]:
    return dict(kendra.query(IndexId=index_id, QueryText=text, **kwargs))


def result_ids(response: dict[str, Any]) -> list[str]:
    return [item["DocumentId"] for item in response["ResultItems"]]


def featured_ids(response: dict[str, Any]) -> list[str]:
    return [item["DocumentId"] for item in response["FeaturedResultsItems"]]


def test_an_active_set_features_its_documents_in_set_order_and_removes_them_from_results(
    kendra, index_id, orchard
):
    create(kendra, index_id, QueryTexts=["Apple"], FeaturedDocuments=documents("tart", "pie"))
    response = query(kendra, index_id, "  APPLE ")
    assert featured_ids(response) == ["tart", "pie"]
    assert result_ids(response) == ["cider"]
    assert response["TotalNumberOfResults"] == 1
    item = response["FeaturedResultsItems"][1]
    assert item["Type"] == "DOCUMENT" and item["DocumentTitle"]["Text"] == "Pie"
    assert item["FeedbackToken"] == f"{response['QueryId']}.{item['Id']}"


def test_featured_items_appear_on_every_page(kendra, index_id, orchard):
    create(kendra, index_id, QueryTexts=["apple"], FeaturedDocuments=documents("pie"))
    pages = [query(kendra, index_id, "apple", PageNumber=n, PageSize=1) for n in (1, 2)]
    assert [featured_ids(page) for page in pages] == [["pie"], ["pie"]]
    assert sorted(result_ids(pages[0]) + result_ids(pages[1])) == ["cider", "tart"]


def test_a_featured_document_that_does_not_match_the_query_is_still_featured(
    kendra, index_id, orchard
):
    create(kendra, index_id, QueryTexts=["apple"], FeaturedDocuments=documents("pear"))
    response = query(kendra, index_id, "apple")
    assert featured_ids(response) == ["pear"]
    assert response["TotalNumberOfResults"] == 3


def test_missing_or_unsearchable_featured_documents_are_skipped(
    kendra, index_id, orchard, put_docs, transition
):
    transition("kendra::document", progression="manual", times=99)
    put_docs(doc("pending", "apple pending"))
    featured = documents("never-put", "pending", "cider")
    create(kendra, index_id, QueryTexts=["apple"], FeaturedDocuments=featured)
    assert featured_ids(query(kendra, index_id, "apple")) == ["cider"]


def test_inactive_sets_and_other_texts_feature_nothing(kendra, index_id, orchard):
    create(kendra, index_id, "off", Status="INACTIVE", QueryTexts=["apple"],
           FeaturedDocuments=documents("pie"))
    create(kendra, index_id, "on", QueryTexts=["apple pie"], FeaturedDocuments=documents("tart"))
    response = query(kendra, index_id, "apple")
    assert response["FeaturedResultsItems"] == []
    assert response["TotalNumberOfResults"] == 3


def test_updating_a_set_takes_effect_in_the_next_query(kendra, index_id, orchard):
    set_id = create(kendra, index_id, QueryTexts=["apple"], Status="INACTIVE",
                    FeaturedDocuments=documents("pie"))["FeaturedResultsSetId"]
    update(kendra, index_id, set_id, Status="ACTIVE")
    assert featured_ids(query(kendra, index_id, "apple")) == ["pie"]
    kendra.batch_delete_featured_results_set(IndexId=index_id, FeaturedResultsSetIds=[set_id])
    assert featured_ids(query(kendra, index_id, "apple")) == []
