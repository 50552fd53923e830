"""Access control configurations and principal mappings: gating on the index status,
ClientToken idempotency, paging, and their effect on Query's access control."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
import pytest
from support import doc, expect_error

UNKNOWN = "0" * 36
BUCKET = "group-files"


def allow(name: str, kind: str = "USER", **extra: str) -> dict[str, str]:
    return {"Name": name, "Type": kind, "Access": "ALLOW", **extra}


def deny(name: str, kind: str = "USER") -> dict[str, str]:
    return {"Name": name, "Type": kind, "Access": "DENY"}


def create_config(kendra: Any, index_id: str, name: str = "acl", **kwargs: Any) -> str:
    response = kendra.create_access_control_configuration(IndexId=index_id, Name=name, **kwargs)
    return str(response["Id"])


def describe_config(kendra: Any, index_id: str, config_id: str) -> dict[str, Any]:
    result = kendra.describe_access_control_configuration(IndexId=index_id, Id=config_id)
    result.pop("ResponseMetadata")
    return dict(result)


def listed_configs(kendra: Any, index_id: str, **kwargs: Any) -> dict[str, Any]:
    result = kendra.list_access_control_configurations(IndexId=index_id, **kwargs)
    result.pop("ResponseMetadata")
    return dict(result)


def deleting_index(kendra: Any, index_id: str, transition: Any) -> None:
    """Leave ``index_id`` reading DELETING (it is ACTIVE first)."""
    kendra.describe_index(Id=index_id)
    transition("kendra::index", progression="manual", times=99)
    kendra.delete_index(Id=index_id)


def creating_index(make_index: Any, transition: Any) -> str:
    transition("kendra::index", progression="manual", times=99)
    return str(make_index("creating"))


def visible(kendra: Any, index_id: str, text: str, **context: Any) -> list[str]:
    """DocumentIds a query returns, with ``context`` as its UserContext (if any)."""
    kwargs: dict[str, Any] = {"UserContext": context} if context else {}
    response = kendra.query(IndexId=index_id, QueryText=text, **kwargs)
    return sorted(item["DocumentId"] for item in response["ResultItems"])


# == access control configurations ======================================================


def test_create_returns_only_an_id_and_describe_gives_what_was_stored(kendra, index_id):
    hierarchy = [{"PrincipalList": [allow("team", "GROUP")]}]
    response = kendra.create_access_control_configuration(
        IndexId=index_id, Name="secret", Description="top", AccessControlList=[allow("alice")],
        HierarchicalAccessControlList=hierarchy,
    )
    response.pop("ResponseMetadata")
    assert set(response) == {"Id"}
    assert describe_config(kendra, index_id, response["Id"]) == {
        "Name": "secret",
        "Description": "top",
        "AccessControlList": [allow("alice")],
        "HierarchicalAccessControlList": hierarchy,
    }


def test_describe_omits_members_never_given(kendra, index_id):
    config = create_config(kendra, index_id, "bare")
    assert describe_config(kendra, index_id, config) == {"Name": "bare"}


def test_describe_of_an_unknown_configuration_is_resource_not_found(kendra, index_id):
    expect_error(
        lambda: describe_config(kendra, index_id, "no-such-config"),
        "ResourceNotFoundException",
        f"Access control configuration no-such-config does not exist in index {index_id}.",
    )


def test_update_replaces_only_the_given_members(kendra, index_id):
    config = create_config(kendra, index_id, "old", Description="kept",
                           AccessControlList=[allow("alice")])
    response = kendra.update_access_control_configuration(
        IndexId=index_id, Id=config, Name="new", AccessControlList=[allow("bob"), deny("eve")]
    )
    response.pop("ResponseMetadata")
    assert response == {}
    assert describe_config(kendra, index_id, config) == {
        "Name": "new", "Description": "kept", "AccessControlList": [allow("bob"), deny("eve")],
    }


def test_update_of_an_unknown_configuration_is_resource_not_found(kendra, index_id):
    expect_error(
        lambda: kendra.update_access_control_configuration(IndexId=index_id, Id="nope", Name="x"),
        "ResourceNotFoundException",
        f"Access control configuration nope does not exist in index {index_id}.",
    )


def test_delete_removes_the_configuration_at_once(kendra, index_id):
    config = create_config(kendra, index_id)
    response = kendra.delete_access_control_configuration(IndexId=index_id, Id=config)
    response.pop("ResponseMetadata")
    assert response == {}
    assert listed_configs(kendra, index_id) == {"AccessControlConfigurations": []}
    expect_error(
        lambda: kendra.delete_access_control_configuration(IndexId=index_id, Id=config),
        "ResourceNotFoundException",
        f"Access control configuration {config} does not exist in index {index_id}.",
    )
    failed = kendra.batch_put_document(
        IndexId=index_id, Documents=[doc("d", AccessControlConfigurationId=config)]
    )["FailedDocuments"]
    assert [f["ErrorMessage"] for f in failed] == [
        f"Access control configuration {config} does not exist."
    ]


def test_list_gives_ids_in_creation_order_page_by_page(kendra, index_id):
    ids = [create_config(kendra, index_id, f"c{n}") for n in range(3)]
    first = listed_configs(kendra, index_id, MaxResults=2)
    second = listed_configs(kendra, index_id, MaxResults=2, NextToken=first["NextToken"])
    assert "NextToken" not in second
    items = first["AccessControlConfigurations"] + second["AccessControlConfigurations"]
    assert items == [{"Id": config} for config in ids]


def test_list_token_of_another_index_is_invalid(kendra, make_index):
    first, second = make_index(), make_index()
    for index in (first, second):
        create_config(kendra, index, "a")
        create_config(kendra, index, "b")
    token = listed_configs(kendra, first, MaxResults=1)["NextToken"]
    expect_error(
        lambda: listed_configs(kendra, second, MaxResults=1, NextToken=token),
        "ValidationException",
        "Invalid NextToken.",
    )


def test_client_token_replay_returns_the_same_id_and_creates_nothing(kendra, index_id):
    first = create_config(kendra, index_id, "one", ClientToken="token")
    again = create_config(kendra, index_id, "two", ClientToken="token")
    assert again == first
    assert describe_config(kendra, index_id, first)["Name"] == "one"
    assert listed_configs(kendra, index_id)["AccessControlConfigurations"] == [{"Id": first}]


def test_client_token_creates_anew_once_the_configuration_is_deleted(kendra, index_id):
    first = create_config(kendra, index_id, ClientToken="token")
    kendra.delete_access_control_configuration(IndexId=index_id, Id=first)
    assert create_config(kendra, index_id, ClientToken="token") != first


def test_an_unknown_index_is_resource_not_found(kendra):
    expect_error(
        lambda: create_config(kendra, UNKNOWN),
        "ResourceNotFoundException",
        f"Index {UNKNOWN} does not exist.",
    )


def test_a_creating_index_refuses_create_but_answers_reads(kendra, make_index, transition):
    index = creating_index(make_index, transition)
    expect_error(
        lambda: create_config(kendra, index),
        "ConflictException",
        f"Index {index} is CREATING and cannot serve this request.",
    )
    assert listed_configs(kendra, index) == {"AccessControlConfigurations": []}


def test_a_deleting_index_refuses_writes_and_deletes_but_answers_describe(
    kendra, index_id, transition
):
    config = create_config(kendra, index_id, "kept")
    deleting_index(kendra, index_id, transition)
    message = f"Index {index_id} is DELETING and cannot serve this request."
    for call in (
        lambda: create_config(kendra, index_id),
        lambda: kendra.update_access_control_configuration(IndexId=index_id, Id=config, Name="x"),
        lambda: kendra.delete_access_control_configuration(IndexId=index_id, Id=config),
    ):
        expect_error(call, "ConflictException", message)
    assert describe_config(kendra, index_id, config) == {"Name": "kept"}


def test_delete_is_allowed_while_the_index_is_updating(kendra, index_id, transition):
    config = create_config(kendra, index_id)
    transition("kendra::index", progression="manual", times=99)
    kendra.update_index(Id=index_id, Description="busy")
    kendra.delete_access_control_configuration(IndexId=index_id, Id=config)
    assert listed_configs(kendra, index_id)["AccessControlConfigurations"] == []


# -- configurations in Query ------------------------------------------------------------


def test_a_document_naming_a_configuration_is_visible_only_to_its_principals(
    kendra, index_id, put_docs
):
    config = create_config(kendra, index_id, AccessControlList=[allow("alice")])
    put_docs(doc("secret", "apple plans", AccessControlConfigurationId=config),
             doc("public", "apple news"))
    assert visible(kendra, index_id, "apple", UserId="alice") == ["public", "secret"]
    assert visible(kendra, index_id, "apple", UserId="bob") == ["public"]
    assert visible(kendra, index_id, "apple") == ["public", "secret"]  # no context: ACLs ignored


def test_updating_a_configuration_takes_effect_at_once(kendra, index_id, put_docs):
    config = create_config(kendra, index_id, AccessControlList=[allow("alice")])
    put_docs(doc("secret", "apple plans", AccessControlConfigurationId=config))
    kendra.update_access_control_configuration(
        IndexId=index_id, Id=config, AccessControlList=[allow("bob")]
    )
    assert visible(kendra, index_id, "apple", UserId="alice") == []
    assert visible(kendra, index_id, "apple", UserId="bob") == ["secret"]


def test_a_configuration_replaces_the_documents_own_lists_until_it_is_deleted(
    kendra, index_id, put_docs
):
    config = create_config(kendra, index_id, AccessControlList=[allow("bob")])
    put_docs(doc("secret", "apple plans", AccessControlList=[allow("alice")],
                 AccessControlConfigurationId=config))
    assert visible(kendra, index_id, "apple", UserId="alice") == []
    assert visible(kendra, index_id, "apple", UserId="bob") == ["secret"]
    kendra.delete_access_control_configuration(IndexId=index_id, Id=config)
    assert visible(kendra, index_id, "apple", UserId="alice") == ["secret"]
    assert visible(kendra, index_id, "apple", UserId="bob") == []


def test_hierarchical_lists_of_a_configuration_apply_on_a_user_token_index(
    kendra, make_index, put_docs
):
    index = make_index(UserContextPolicy="USER_TOKEN")
    hierarchy = [
        {"PrincipalList": [allow("staff", "GROUP")]},
        {"PrincipalList": [allow("alice"), deny("eve")]},
    ]
    config = create_config(kendra, index, HierarchicalAccessControlList=hierarchy)
    put_docs(doc("secret", "apple plans", AccessControlConfigurationId=config),
             doc("public", "apple news"), index=index)
    alice = json.dumps({"username": "alice", "groups": ["staff"]})
    eve = json.dumps({"username": "eve", "groups": ["staff"]})
    assert visible(kendra, index, "apple", Token=alice) == ["public", "secret"]
    assert visible(kendra, index, "apple", Token=eve) == ["public"]
    assert visible(kendra, index, "apple") == ["public"]  # USER_TOKEN without context


def test_a_featured_document_hidden_from_the_user_is_not_featured(kendra, index_id, put_docs):
    config = create_config(kendra, index_id, AccessControlList=[allow("alice")])
    put_docs(doc("secret", "apple plans", AccessControlConfigurationId=config),
             doc("public", "apple news"))
    kendra.create_featured_results_set(
        IndexId=index_id, FeaturedResultsSetName="promo", QueryTexts=["apple"],
        FeaturedDocuments=[{"Id": "secret"}, {"Id": "public"}],
    )

    def featured(user: str) -> list[str]:
        response = kendra.query(IndexId=index_id, QueryText="apple", UserContext={"UserId": user})
        return [item["DocumentId"] for item in response["FeaturedResultsItems"]]

    assert featured("alice") == ["secret", "public"]
    assert featured("bob") == ["public"]


# == principal mappings =================================================================


def put_mapping(kendra: Any, index_id: str, group: str, **kwargs: Any) -> None:
    kwargs.setdefault("GroupMembers", {"MemberUsers": [{"UserId": "alice"}]})
    kendra.put_principal_mapping(IndexId=index_id, GroupId=group, **kwargs)


def describe_mapping(kendra: Any, index_id: str, group: str, **kwargs: Any) -> dict[str, Any]:
    result = kendra.describe_principal_mapping(IndexId=index_id, GroupId=group, **kwargs)
    result.pop("ResponseMetadata")
    return dict(result)


def summaries(kendra: Any, index_id: str, group: str, **kwargs: Any) -> list[dict[str, Any]]:
    return list(describe_mapping(kendra, index_id, group, **kwargs)["GroupOrderingIdSummaries"])


def older(kendra: Any, index_id: str, ordering_id: int, **kwargs: Any) -> dict[str, Any]:
    result = kendra.list_groups_older_than_ordering_id(
        IndexId=index_id, OrderingId=ordering_id, **kwargs
    )
    result.pop("ResponseMetadata")
    return dict(result)


def users(*names: str) -> dict[str, Any]:
    return {"MemberUsers": [{"UserId": name} for name in names]}


def test_put_records_a_succeeded_summary_that_describe_returns(kendra, index_id):
    before = time.time()
    put_mapping(kendra, index_id, "staff", OrderingId=42)
    after = time.time()
    result = describe_mapping(kendra, index_id, "staff")
    assert set(result) == {"IndexId", "GroupId", "GroupOrderingIdSummaries"}
    assert (result["IndexId"], result["GroupId"]) == (index_id, "staff")
    [summary] = result["GroupOrderingIdSummaries"]
    assert set(summary) == {"Status", "LastUpdatedAt", "ReceivedAt", "OrderingId"}
    assert (summary["Status"], summary["OrderingId"]) == ("SUCCEEDED", 42)
    for stamp in (summary["ReceivedAt"], summary["LastUpdatedAt"]):
        assert before - 0.001 <= stamp.timestamp() <= after + 0.001
    assert summary["LastUpdatedAt"] == summary["ReceivedAt"]  # processed at once


def test_ordering_id_defaults_to_now_in_epoch_milliseconds(kendra, index_id):
    before = int(time.time() * 1000)
    put_mapping(kendra, index_id, "staff")
    after = int(time.time() * 1000)
    [summary] = summaries(kendra, index_id, "staff")
    assert before <= summary["OrderingId"] <= after


def test_group_members_must_name_some_members(kendra, index_id):
    expect_error(
        lambda: put_mapping(kendra, index_id, "staff", GroupMembers={}),
        "ValidationException",
        "GroupMembers needs MemberGroups, MemberUsers or S3PathforGroupMembers.",
    )
    expect_error(  # a request rule: it answers before the index is looked up
        lambda: put_mapping(kendra, UNKNOWN, "staff", GroupMembers={}),
        "ValidationException",
        "GroupMembers needs MemberGroups, MemberUsers or S3PathforGroupMembers.",
    )


def test_data_source_id_must_name_a_present_data_source(kendra, index_id, make_data_source):
    expect_error(
        lambda: put_mapping(kendra, index_id, "staff", DataSourceId="no-such-source"),
        "ResourceNotFoundException",
        f"Data source no-such-source does not exist in index {index_id}.",
    )
    source = make_data_source()
    put_mapping(kendra, index_id, "staff", DataSourceId=source)
    assert describe_mapping(kendra, index_id, "staff", DataSourceId=source)["DataSourceId"] == (
        source
    )


def test_mappings_are_keyed_by_group_and_data_source(kendra, index_id, make_data_source):
    source = make_data_source()
    put_mapping(kendra, index_id, "staff", DataSourceId=source, OrderingId=1)
    expect_error(
        lambda: describe_mapping(kendra, index_id, "staff"),
        "ResourceNotFoundException",
        f"Principal mapping staff does not exist in index {index_id}.",
    )
    put_mapping(kendra, index_id, "staff", OrderingId=2)
    assert summaries(kendra, index_id, "staff")[0]["OrderingId"] == 2
    assert summaries(kendra, index_id, "staff", DataSourceId=source)[0]["OrderingId"] == 1


def test_describe_keeps_the_latest_ten_summaries_newest_first(kendra, index_id):
    for ordering in range(1, 13):
        put_mapping(kendra, index_id, "staff", OrderingId=ordering)
    put_mapping(kendra, index_id, "staff", OrderingId=5)  # superseded, still recorded
    recorded = summaries(kendra, index_id, "staff")
    assert [s["OrderingId"] for s in recorded] == [5, 12, 11, 10, 9, 8, 7, 6, 5, 4]
    assert {s["Status"] for s in recorded} == {"SUCCEEDED"}


def test_members_are_replaced_only_by_an_ordering_id_at_least_the_current(kendra, index_id):
    put_mapping(kendra, index_id, "staff", OrderingId=10, GroupMembers=users("alice"))
    put_mapping(kendra, index_id, "staff", OrderingId=5, GroupMembers=users("bob"))
    assert older(kendra, index_id, 100)["GroupsSummaries"] == [
        {"GroupId": "staff", "OrderingId": 10}
    ]


def test_delete_removes_the_mapping(kendra, index_id):
    put_mapping(kendra, index_id, "staff", OrderingId=10)
    kendra.delete_principal_mapping(IndexId=index_id, GroupId="staff", OrderingId=10)
    expect_error(
        lambda: describe_mapping(kendra, index_id, "staff"),
        "ResourceNotFoundException",
        f"Principal mapping staff does not exist in index {index_id}.",
    )


def test_delete_without_ordering_id_uses_now(kendra, index_id):
    put_mapping(kendra, index_id, "staff", OrderingId=10)
    kendra.delete_principal_mapping(IndexId=index_id, GroupId="staff")
    assert older(kendra, index_id, 100)["GroupsSummaries"] == []


def test_delete_with_a_lower_ordering_id_changes_nothing(kendra, index_id):
    put_mapping(kendra, index_id, "staff", OrderingId=10)
    kendra.delete_principal_mapping(IndexId=index_id, GroupId="staff", OrderingId=9)
    assert [s["OrderingId"] for s in summaries(kendra, index_id, "staff")] == [10]


def test_delete_of_an_unknown_group_is_resource_not_found(kendra, index_id):
    expect_error(
        lambda: kendra.delete_principal_mapping(IndexId=index_id, GroupId="ghosts"),
        "ResourceNotFoundException",
        f"Principal mapping ghosts does not exist in index {index_id}.",
    )


def test_a_creating_index_refuses_put_and_delete_but_answers_reads(
    kendra, make_index, transition
):
    index = creating_index(make_index, transition)
    message = f"Index {index} is CREATING and cannot serve this request."
    expect_error(lambda: put_mapping(kendra, index, "staff"), "ConflictException", message)
    expect_error(
        lambda: kendra.delete_principal_mapping(IndexId=index, GroupId="staff"),
        "ConflictException",
        message,
    )
    assert older(kendra, index, 100) == {"GroupsSummaries": []}
    expect_error(
        lambda: describe_mapping(kendra, index, "staff"),
        "ResourceNotFoundException",
        f"Principal mapping staff does not exist in index {index}.",
    )


def test_an_unknown_index_is_resource_not_found_for_mappings(kendra):
    expect_error(
        lambda: describe_mapping(kendra, UNKNOWN, "staff"),
        "ResourceNotFoundException",
        f"Index {UNKNOWN} does not exist.",
    )


# -- ListGroupsOlderThanOrderingId ------------------------------------------------------


def test_list_gives_groups_below_the_ordering_id_by_ordering_id_then_group_id(
    kendra, index_id
):
    for group, ordering in (("b", 2), ("c", 1), ("a", 2), ("z", 3), ("old", 5)):
        put_mapping(kendra, index_id, group, OrderingId=ordering)
    assert older(kendra, index_id, 5)["GroupsSummaries"] == [
        {"GroupId": "c", "OrderingId": 1},
        {"GroupId": "a", "OrderingId": 2},
        {"GroupId": "b", "OrderingId": 2},
        {"GroupId": "z", "OrderingId": 3},
    ]


def test_list_keeps_to_the_given_data_source_or_to_none(kendra, index_id, make_data_source):
    source = make_data_source()
    put_mapping(kendra, index_id, "plain", OrderingId=1)
    put_mapping(kendra, index_id, "scoped", OrderingId=1, DataSourceId=source)
    assert [g["GroupId"] for g in older(kendra, index_id, 9)["GroupsSummaries"]] == ["plain"]
    scoped = older(kendra, index_id, 9, DataSourceId=source)["GroupsSummaries"]
    assert [g["GroupId"] for g in scoped] == ["scoped"]


def test_list_pages_by_ten_by_default_and_tokens_survive_deletions(kendra, index_id):
    groups = [f"g{n:02d}" for n in range(12)]
    for group in groups:
        put_mapping(kendra, index_id, group, OrderingId=7)
    first = older(kendra, index_id, 8)
    assert [g["GroupId"] for g in first["GroupsSummaries"]] == groups[:10]
    kendra.delete_principal_mapping(IndexId=index_id, GroupId="g09", OrderingId=7)
    second = older(kendra, index_id, 8, NextToken=first["NextToken"])
    assert [g["GroupId"] for g in second["GroupsSummaries"]] == groups[10:]
    assert "NextToken" not in second


def test_list_token_is_bound_to_its_ordering_id(kendra, index_id):
    for group in ("a", "b"):
        put_mapping(kendra, index_id, group, OrderingId=1)
    token = older(kendra, index_id, 8, MaxResults=1)["NextToken"]
    expect_error(
        lambda: older(kendra, index_id, 9, MaxResults=1, NextToken=token),
        "ValidationException",
        "Invalid NextToken.",
    )


# -- S3PathforGroupMembers --------------------------------------------------------------


@pytest.fixture
def s3(endpoint: str | None) -> Any:
    client = boto3.client("s3", region_name="us-east-1", endpoint_url=endpoint)
    client.create_bucket(Bucket=BUCKET)
    return client


def s3_members(key: str) -> dict[str, Any]:
    return {"S3PathforGroupMembers": {"Bucket": BUCKET, "Key": key}}


def test_an_unreadable_group_file_records_a_failed_put_that_changes_nothing(kendra, index_id, s3):
    put_mapping(kendra, index_id, "staff", OrderingId=1)
    put_mapping(kendra, index_id, "staff", OrderingId=2, GroupMembers=s3_members("absent.json"))
    failed, succeeded = summaries(kendra, index_id, "staff")
    assert (failed["Status"], failed["OrderingId"]) == ("FAILED", 2)
    assert failed["FailureReason"] == f"S3 object s3://{BUCKET}/absent.json cannot be read."
    assert succeeded["Status"] == "SUCCEEDED"
    assert older(kendra, index_id, 9)["GroupsSummaries"] == [{"GroupId": "staff", "OrderingId": 1}]


def test_a_group_file_of_another_form_records_a_failed_put(kendra, index_id, s3):
    s3.put_object(Bucket=BUCKET, Key="bad.json", Body=b'{"memberUsers": [{"userId": 7}]}')
    put_mapping(kendra, index_id, "staff", GroupMembers=s3_members("bad.json"))
    [summary] = summaries(kendra, index_id, "staff")
    assert summary["FailureReason"] == (
        f"S3 object s3://{BUCKET}/bad.json is not a group members file: "
        "userId must be a non-empty string."
    )
    assert older(kendra, index_id, 2**40)["GroupsSummaries"] == []


# -- principal mappings in Query --------------------------------------------------------


def group_doc(doc_id: str, group: str, **principal: str) -> dict[str, Any]:
    return doc(doc_id, "apple plans", AccessControlList=[allow(group, "GROUP", **principal)])


def test_a_mapping_that_puts_a_user_in_a_group_shows_the_user_its_documents(
    kendra, index_id, put_docs
):
    put_docs(group_doc("staff-doc", "staff"))
    assert visible(kendra, index_id, "apple", UserId="alice") == []
    put_mapping(kendra, index_id, "staff", GroupMembers=users("alice"))
    assert visible(kendra, index_id, "apple", UserId="alice") == ["staff-doc"]
    assert visible(kendra, index_id, "apple", UserId="bob") == []


def test_a_superseded_put_does_not_change_who_is_in_the_group(kendra, index_id, put_docs):
    put_docs(group_doc("staff-doc", "staff"))
    put_mapping(kendra, index_id, "staff", OrderingId=10, GroupMembers=users("alice"))
    put_mapping(kendra, index_id, "staff", OrderingId=5, GroupMembers=users("bob"))
    assert visible(kendra, index_id, "apple", UserId="bob") == []
    put_mapping(kendra, index_id, "staff", OrderingId=10, GroupMembers=users("bob"))
    assert visible(kendra, index_id, "apple", UserId="bob") == ["staff-doc"]
    assert visible(kendra, index_id, "apple", UserId="alice") == []


def test_sub_groups_pass_membership_on_and_deleting_the_mapping_ends_it(
    kendra, index_id, put_docs
):
    put_docs(group_doc("company-doc", "company"))
    put_mapping(kendra, index_id, "research", GroupMembers=users("alice"))
    put_mapping(kendra, index_id, "company",
                GroupMembers={"MemberGroups": [{"GroupId": "research"}]})
    assert visible(kendra, index_id, "apple", UserId="alice") == ["company-doc"]
    kendra.delete_principal_mapping(IndexId=index_id, GroupId="company")
    assert visible(kendra, index_id, "apple", UserId="alice") == []


def test_a_data_source_mapping_grants_only_that_data_sources_group(
    kendra, index_id, put_docs, make_data_source
):
    source = make_data_source()
    put_docs(group_doc("scoped-doc", "staff", DataSourceId=source))
    put_mapping(kendra, index_id, "staff", DataSourceId=source, GroupMembers=users("alice"))
    assert visible(kendra, index_id, "apple", UserId="alice") == ["scoped-doc"]
    put_docs(group_doc("other-doc", "staff", DataSourceId=make_data_source()))
    assert visible(kendra, index_id, "apple", UserId="alice") == ["scoped-doc"]


def test_a_group_file_adds_its_users_and_groups_to_the_inline_members(
    kendra, index_id, put_docs, s3
):
    members = {
        "memberUsers": [{"userId": "dave", "type": "USER"}],
        "MemberGroups": [{"GroupId": "interns"}],
    }
    s3.put_object(Bucket=BUCKET, Key="staff.json", Body=json.dumps(members).encode())
    put_docs(group_doc("staff-doc", "staff"))
    put_mapping(kendra, index_id, "staff",
                GroupMembers={**users("carol"), **s3_members("staff.json")})
    assert visible(kendra, index_id, "apple", UserId="dave") == ["staff-doc"]
    assert visible(kendra, index_id, "apple", UserId="carol") == ["staff-doc"]
    assert visible(kendra, index_id, "apple", UserId="x", Groups=["interns"]) == ["staff-doc"]
    assert summaries(kendra, index_id, "staff")[0]["Status"] == "SUCCEEDED"
