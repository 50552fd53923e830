"""Indexes: their fields, statuses and gating on the index status, ClientToken
idempotency, ListIndices paging and the index quotas."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests
from moto.core import DEFAULT_ACCOUNT_ID
from support import ROLE, SERVER_MODE, doc, expect_error

OTHER_ROLE = "arn:aws:iam::123456789012:role/other"
TOKEN_CONFIG = [{"JsonTokenTypeConfiguration": {"UserNameAttributeField": "user",
                                                "GroupAttributeField": "groups"}}]
GROUP_RESOLUTION = {"UserGroupResolutionMode": "AWS_SSO"}
GEN_AI = "GEN_AI_ENTERPRISE_EDITION"
GEN_AI_MESSAGE = "This setting is not supported for GEN_AI_ENTERPRISE_EDITION indices."
GEN_AI_TRIGGERS = [
    pytest.param({"UserContextPolicy": "USER_TOKEN"}, id="user-token-policy"),
    pytest.param({"UserTokenConfigurations": TOKEN_CONFIG}, id="user-token-configurations"),
    pytest.param({"UserGroupResolutionConfiguration": GROUP_RESOLUTION}, id="group-resolution"),
]
SUMMARY_MEMBERS = {"Name", "Id", "Edition", "CreatedAt", "UpdatedAt", "Status"}


# --------------------------------------------------------------------------- helpers


def absent_id() -> str:
    return str(uuid.uuid4())


def not_found(index_id: str) -> str:
    return f"Index {index_id} does not exist."


def conflict(index_id: str, status: str) -> str:
    return f"Index {index_id} is {status} and cannot serve this request."


def quota(limit: int, noun: str) -> str:
    return f"Quota exceeded: at most {limit} {noun}."


def index_arn(index_id: str, region: str = "us-east-1") -> str:
    return f"arn:aws:kendra:{region}:{DEFAULT_ACCOUNT_ID}:index/{index_id}"


def status_of(kendra: Any, index_id: str) -> str:
    """DescribeIndex's status (one advance of ``kendra::index``)."""
    return str(kendra.describe_index(Id=index_id)["Status"])


def listed(kendra: Any, **kwargs: Any) -> list[dict[str, Any]]:
    """One ListIndices page (one advance of every index)."""
    return list(kendra.list_indices(**kwargs)["IndexConfigurationSummaryItems"])


def listed_ids(kendra: Any) -> list[str]:
    return [item["Id"] for item in listed(kendra)]


def fields_of(kendra: Any, index_id: str) -> dict[str, dict[str, Any]]:
    configurations = kendra.describe_index(Id=index_id)["DocumentMetadataConfigurations"]
    return {field["Name"]: field for field in configurations}


def field(name: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"Name": name, "Type": kind, **extra}


def seed(endpoint: str | None, value: int) -> None:
    """Seed moto's id generator (ids are drawn from it), in-process or through
    ``/moto-api/seed``."""
    if endpoint is None:
        from moto.moto_api._internal import mock_random

        mock_random.seed(value)
    else:
        requests.post(f"{endpoint}/moto-api/seed?a={value}", timeout=30).raise_for_status()


def let_a_millisecond_pass() -> None:
    """Timestamps travel with millisecond precision: make sure the next call is later.

    A 2 ms busy wait, not a sleep on the status machinery (statuses use the state manager).
    """
    start = time.monotonic()
    while time.monotonic() - start < 0.002:
        pass


def render(value: Any) -> str:
    """A value as a constraint violation message renders it (at most 200
    characters, a longer rendering cut and marked ``...(cut)``)."""
    text = _rendered(value)
    return text if len(text) <= 200 else text[:200] + "...(cut)"


def _rendered(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_rendered(item) for item in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def client_in_account(client_for: Callable[..., Any], account: str) -> Any:
    """A client of another account through moto's ``x-moto-account-id`` header.

    Chosen because it works in both modes: ``MOTO_ACCOUNT_ID`` only reaches the
    in-process mock, and moto maps unknown access keys to the default account.
    """
    client = client_for()

    def add_header(request: Any, **_: Any) -> None:
        request.headers["x-moto-account-id"] = account

    client.meta.events.register("before-sign.kendra", add_header)
    return client


# --------------------------------------------------------------------------- CreateIndex


def test_create_index_defaults_to_enterprise_edition_and_attribute_filter(kendra, make_index):
    index_id = make_index()
    described = kendra.describe_index(Id=index_id)
    assert described["Edition"] == "ENTERPRISE_EDITION"
    assert described["UserContextPolicy"] == "ATTRIBUTE_FILTER"


def test_create_index_returns_a_36_character_id_and_stores_the_inputs(kendra):
    settings = {
        "Name": "my-index",
        "RoleArn": ROLE,
        "Edition": "DEVELOPER_EDITION",
        "Description": "the description",
        "ServerSideEncryptionConfiguration": {"KmsKeyId": "key-1"},
        "UserContextPolicy": "USER_TOKEN",
        "UserTokenConfigurations": TOKEN_CONFIG,
        "UserGroupResolutionConfiguration": GROUP_RESOLUTION,
    }
    index_id = kendra.create_index(**settings)["Id"]
    assert len(index_id) == 36
    described = kendra.describe_index(Id=index_id)
    assert {key: described[key] for key in settings} == settings
    assert described["Id"] == index_id


@pytest.mark.parametrize("setting", GEN_AI_TRIGGERS)
def test_gen_ai_index_rejects_each_user_token_setting_and_creates_nothing(kendra, setting):
    call = lambda: kendra.create_index(Name="gen", RoleArn=ROLE, Edition=GEN_AI, **setting)  # noqa: E731
    expect_error(call, "ValidationException", GEN_AI_MESSAGE)
    assert listed(kendra) == []


@pytest.mark.parametrize("setting", GEN_AI_TRIGGERS)
def test_user_token_settings_are_accepted_on_enterprise_edition(kendra, make_index, setting):
    index_id = make_index(Edition="ENTERPRISE_EDITION", **setting)
    described = kendra.describe_index(Id=index_id)
    assert {key: described[key] for key in setting} == setting


def test_gen_ai_index_with_attribute_filter_is_created(kendra, make_index):
    index_id = make_index(Edition=GEN_AI, UserContextPolicy="ATTRIBUTE_FILTER")
    assert kendra.describe_index(Id=index_id)["Edition"] == GEN_AI


@pytest.mark.parametrize("key", ["aws:team", "AwS:team"])
def test_create_index_rejects_tag_keys_starting_with_aws_in_any_case(kendra, key):
    tags = [{"Key": "ok", "Value": "1"}, {"Key": key, "Value": "2"}]
    call = lambda: kendra.create_index(Name="tagged", RoleArn=ROLE, Tags=tags)  # noqa: E731
    expect_error(call, "ValidationException", "Tag keys may not start with aws:.")
    assert listed(kendra) == []


def test_create_index_accepts_a_tag_key_containing_aws_elsewhere(kendra, make_index):
    index_id = make_index(Tags=[{"Key": "team-aws:x", "Value": "v"}])
    tags = kendra.list_tags_for_resource(ResourceARN=index_arn(index_id))["Tags"]
    assert tags == [{"Key": "team-aws:x", "Value": "v"}]


def test_create_index_stores_200_tags_in_order(kendra, make_index):
    tags = [{"Key": f"key-{n}", "Value": f"value-{n}"} for n in range(200)]
    index_id = make_index(Tags=tags)
    assert kendra.list_tags_for_resource(ResourceARN=index_arn(index_id))["Tags"] == tags


def test_create_index_with_201_tags_fails_the_model_length_and_creates_nothing(kendra):
    tags = [{"Key": f"k{n}", "Value": "v"} for n in range(201)]
    message = (
        f"1 validation error detected: Value '{render(tags)}' at 'tags' failed to satisfy "
        "constraint: Member must have length less than or equal to 200"
    )
    call = lambda: kendra.create_index(Name="tagged", RoleArn=ROLE, Tags=tags)  # noqa: E731
    expect_error(call, "ValidationException", message)
    assert listed(kendra) == []


def test_create_index_duplicate_tag_keys_keep_the_last_value(kendra, make_index):
    index_id = make_index(Tags=[{"Key": "k", "Value": "first"}, {"Key": "k", "Value": "last"}])
    tags = kendra.list_tags_for_resource(ResourceARN=index_arn(index_id))["Tags"]
    assert tags == [{"Key": "k", "Value": "last"}]


# --------------------------------------------------------------------------- statuses


def test_new_index_is_creating_and_advances_only_on_describe_and_list(
    kendra, make_index, transition
):
    transition("kendra::index", progression="manual", times=2)
    index_id = make_index()
    # Lookups that are no advance point: gated writes, tagging, child lists.
    for _ in range(3):
        expect_error(
            lambda: kendra.update_index(Id=index_id, Description="d"),
            "ConflictException",
            conflict(index_id, "CREATING"),
        )
        kendra.list_tags_for_resource(ResourceARN=index_arn(index_id))
        kendra.list_data_sources(IndexId=index_id)
    assert status_of(kendra, index_id) == "CREATING"  # first advance
    assert listed(kendra)[0]["Status"] == "ACTIVE"  # second advance (a List)


def test_index_becomes_active_after_times_advances(kendra, make_index, transition):
    times = 3
    transition("kendra::index", progression="manual", times=times)
    index_id = make_index()
    seen = [status_of(kendra, index_id) for _ in range(times)]
    assert seen == ["CREATING"] * (times - 1) + ["ACTIVE"]


def test_update_index_restarts_the_count_and_shows_updating_then_active(
    kendra, make_index, transition
):
    transition("kendra::index", progression="manual", times=2)
    index_id = make_index()
    assert [status_of(kendra, index_id) for _ in range(2)] == ["CREATING", "ACTIVE"]
    status_of(kendra, index_id)  # one advance while ACTIVE: the update must restart the count
    kendra.update_index(Id=index_id, Description="new")
    assert [status_of(kendra, index_id) for _ in range(2)] == ["UPDATING", "ACTIVE"]


def test_automatic_transitions_keep_updated_at(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=1)
    index_id = make_index()
    created = listed(kendra)[0]  # CREATING -> ACTIVE happens on this read
    let_a_millisecond_pass()
    described = kendra.describe_index(Id=index_id)
    assert described["Status"] == "ACTIVE"
    assert described["CreatedAt"] == described["UpdatedAt"] == created["UpdatedAt"]


# --------------------------------------------------------------------------- quota


def test_eleventh_index_exceeds_the_quota_and_creates_nothing(kendra, make_index):
    created = [make_index(f"index-{n}") for n in range(10)]
    expect_error(
        lambda: make_index("one-too-many"),
        "ServiceQuotaExceededException",
        quota(10, "indices per account and region"),
    )
    assert listed_ids(kendra) == created


def test_creating_indices_count_and_deleting_ones_do_not(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=5)
    created = [make_index(f"index-{n}") for n in range(10)]  # all CREATING
    expect_error(
        lambda: make_index("blocked"),
        "ServiceQuotaExceededException",
        quota(10, "indices per account and region"),
    )
    kendra.delete_index(Id=created[0])
    replacement = make_index("replacement")
    statuses = {item["Id"]: item["Status"] for item in listed(kendra)}
    assert statuses[created[0]] == "DELETING" and replacement in statuses


# --------------------------------------------------------------------------- ClientToken


def test_client_token_replay_returns_the_same_id_and_creates_nothing(kendra):
    first = kendra.create_index(Name="a", RoleArn=ROLE, ClientToken="token-1")["Id"]
    again = kendra.create_index(
        Name="different", RoleArn=OTHER_ROLE, Edition="DEVELOPER_EDITION", ClientToken="token-1"
    )["Id"]
    assert again == first
    assert listed_ids(kendra) == [first]
    described = kendra.describe_index(Id=first)
    assert (described["Name"], described["Edition"]) == ("a", "ENTERPRISE_EDITION")


def test_client_token_replays_while_the_index_is_deleting(kendra, transition):
    transition("kendra::index", progression="manual", times=5)
    first = kendra.create_index(Name="a", RoleArn=ROLE, ClientToken="token-1")["Id"]
    kendra.delete_index(Id=first)
    assert kendra.create_index(Name="a", RoleArn=ROLE, ClientToken="token-1")["Id"] == first
    assert listed_ids(kendra) == [first]


def test_client_token_creates_anew_after_the_index_is_removed(kendra):
    first = kendra.create_index(Name="a", RoleArn=ROLE, ClientToken="token-1")["Id"]
    kendra.delete_index(Id=first)
    expect_error(lambda: kendra.describe_index(Id=first), "ResourceNotFoundException",
                 not_found(first))
    second = kendra.create_index(Name="a", RoleArn=ROLE, ClientToken="token-1")["Id"]
    assert second != first
    assert listed_ids(kendra) == [second]


def test_client_token_replay_comes_before_the_quota(kendra, make_index):
    first = kendra.create_index(Name="a", RoleArn=ROLE, ClientToken="token-1")["Id"]
    for n in range(9):
        make_index(f"index-{n}")
    assert kendra.create_index(Name="a", RoleArn=ROLE, ClientToken="token-1")["Id"] == first


def test_client_token_replay_comes_after_the_static_rules(kendra):
    kendra.create_index(Name="a", RoleArn=ROLE, Edition=GEN_AI, ClientToken="token-1")
    call = lambda: kendra.create_index(  # noqa: E731
        Name="a", RoleArn=ROLE, Edition=GEN_AI, ClientToken="token-1",
        UserContextPolicy="USER_TOKEN",
    )
    expect_error(call, "ValidationException", GEN_AI_MESSAGE)


def _remove_all(kendra: Any) -> None:
    for index_id in listed_ids(kendra):
        kendra.delete_index(Id=index_id)
    assert listed(kendra) == []  # this advance removes them (immediate)


def test_create_index_draws_one_id_and_failures_and_replays_draw_none(
    kendra, make_index, endpoint
):
    seed(endpoint, 42)
    drawn = [kendra.create_index(Name="a", RoleArn=ROLE, ClientToken="token-1")["Id"]]
    kendra.create_index(Name="a", RoleArn=ROLE, ClientToken="token-1")  # replay
    expect_error(lambda: make_index(Edition=GEN_AI, UserContextPolicy="USER_TOKEN"),
                 "ValidationException", GEN_AI_MESSAGE)
    drawn += [make_index(f"index-{n}") for n in range(9)]
    expect_error(lambda: make_index("over"), "ServiceQuotaExceededException",
                 quota(10, "indices per account and region"))
    kendra.delete_index(Id=drawn[0])
    drawn.append(make_index("after-removal"))
    _remove_all(kendra)

    seed(endpoint, 42)  # the same sequence, drawn by successful creates only
    again = [make_index(f"again-{n}") for n in range(10)]
    kendra.delete_index(Id=again[0])
    again.append(make_index("again-after-removal"))
    assert again == drawn


# --------------------------------------------------------------------------- DescribeIndex


def test_describe_index_always_returns_the_required_members_and_never_error_message(
    kendra, make_index
):
    index_id = make_index("minimal")
    described = kendra.describe_index(Id=index_id)
    described.pop("ResponseMetadata")
    assert set(described) == {
        "Name", "Id", "Edition", "RoleArn", "Status", "CreatedAt", "UpdatedAt",
        "UserContextPolicy", "DocumentMetadataConfigurations", "IndexStatistics",
        "CapacityUnits",
    }
    assert (described["Name"], described["RoleArn"]) == ("minimal", ROLE)
    assert described["CreatedAt"] == described["UpdatedAt"]


def _builtin(kind: str, flags: str, importance: int, **relevance: Any) -> dict[str, Any]:
    displayable, facetable, searchable, sortable = (flag == "T" for flag in flags.split("/"))
    return {
        "Type": kind,
        "Relevance": {"Importance": importance, **relevance},
        "Search": {"Displayable": displayable, "Facetable": facetable,
                   "Searchable": searchable, "Sortable": sortable},
    }


_DATE_RELEVANCE = {"Freshness": False, "Duration": "25920000s", "RankOrder": "ASCENDING"}
# The built-in index fields and their settings, row by row.
BUILTIN_TABLE: list[tuple[list[str], dict[str, Any]]] = [
    (["_authors"], _builtin("STRING_LIST_VALUE", "F/F/F/F", 1)),
    (["_category", "_data_source_id", "_faq_id", "_file_type", "_language_code", "_tenant_id",
      "_version"], _builtin("STRING_VALUE", "F/F/F/T", 1)),
    (["_created_at", "_last_updated_at"], _builtin("DATE_VALUE", "F/F/F/T", 1, **_DATE_RELEVANCE)),
    (["_document_title"], _builtin("STRING_VALUE", "T/F/T/T", 2)),
    (["_excerpt_page_number"], _builtin("LONG_VALUE", "F/F/F/F", 2, RankOrder="ASCENDING")),
    (["_source_uri"], _builtin("STRING_VALUE", "T/F/F/F", 1)),
    (["_view_count"], _builtin("LONG_VALUE", "F/F/F/T", 1, RankOrder="ASCENDING")),
]
BUILTINS = [{"Name": name, **spec} for names, spec in BUILTIN_TABLE for name in names]


def test_describe_index_lists_the_14_builtin_fields_in_spec_order(kendra, make_index):
    index_id = make_index()
    configurations = kendra.describe_index(Id=index_id)["DocumentMetadataConfigurations"]
    assert len(BUILTINS) == 14
    assert configurations == BUILTINS


@pytest.mark.parametrize("edition", ["ENTERPRISE_EDITION", GEN_AI])
def test_capacity_units_are_zero_by_default(kendra, make_index, edition):
    described = kendra.describe_index(Id=make_index(Edition=edition))
    assert described["CapacityUnits"] == {"StorageCapacityUnits": 0, "QueryCapacityUnits": 0}


def test_capacity_units_are_absent_on_developer_edition(kendra, make_index):
    described = kendra.describe_index(Id=make_index(Edition="DEVELOPER_EDITION"))
    assert "CapacityUnits" not in described


def _statistics(kendra: Any, index_id: str) -> tuple[int, int]:
    statistics = kendra.describe_index(Id=index_id)["IndexStatistics"]
    text = statistics["TextDocumentStatistics"]
    return text["IndexedTextDocumentsCount"], text["IndexedTextBytes"]


def _advance_documents(kendra: Any, index_id: str, *ids: str) -> list[str]:
    """BatchGetDocumentStatus: the advance point of ``kendra::document``."""
    infos = [{"DocumentId": doc_id} for doc_id in ids]
    result = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=infos)
    return [entry["DocumentStatus"] for entry in result["DocumentStatusList"]]


def test_statistics_start_at_zero(kendra, index_id):
    statistics = kendra.describe_index(Id=index_id)["IndexStatistics"]
    assert statistics == {
        "FaqStatistics": {"IndexedQuestionAnswersCount": 0},
        "TextDocumentStatistics": {"IndexedTextDocumentsCount": 0, "IndexedTextBytes": 0},
    }


def test_statistics_count_indexed_and_updated_documents_by_utf8_bytes(
    kendra, index_id, put_docs, transition
):
    transition("kendra::document", progression="manual", times=1)
    texts = {"a": "héllo wörld", "b": "naïve café ✓", "c": "plain ascii"}
    put_docs(*(doc(doc_id, text) for doc_id, text in texts.items()))
    assert _statistics(kendra, index_id) == (0, 0)  # all PROCESSING
    assert _advance_documents(kendra, index_id, *texts) == ["INDEXED"] * 3
    assert _statistics(kendra, index_id) == (3, sum(len(t.encode()) for t in texts.values()))

    texts["a"] = "ünïcödé again and longer"
    put_docs(doc("a", texts["a"]))  # re-put: PROCESSING, not counted
    pending = {k: v for k, v in texts.items() if k != "a"}
    assert _statistics(kendra, index_id) == (2, sum(len(t.encode()) for t in pending.values()))
    assert _advance_documents(kendra, index_id, "a") == ["UPDATED"]
    assert _statistics(kendra, index_id) == (3, sum(len(t.encode()) for t in texts.values()))


def test_statistics_drop_a_document_as_soon_as_its_deletion_starts(
    kendra, index_id, put_docs, transition
):
    put_docs(doc("keep", "kept text"), doc("gone", "deleted text"))
    assert _statistics(kendra, index_id)[0] == 2  # read as INDEXED under immediate
    transition("kendra::document", progression="manual", times=1)
    kendra.batch_delete_document(IndexId=index_id, DocumentIdList=["gone"])
    assert _statistics(kendra, index_id) == (1, len(b"kept text"))
    assert _advance_documents(kendra, index_id, "gone") == ["NOT_FOUND"]
    assert _statistics(kendra, index_id) == (1, len(b"kept text"))


@pytest.mark.parametrize("operation", ["describe_index", "update_index", "delete_index"])
def test_operations_on_an_absent_index_are_not_found(kendra, operation):
    missing = absent_id()
    call = lambda: getattr(kendra, operation)(Id=missing)  # noqa: E731
    expect_error(call, "ResourceNotFoundException", not_found(missing))


# --------------------------------------------------------------------------- UpdateIndex


def test_update_index_replaces_the_given_settings_and_keeps_the_others(kendra, make_index):
    index_id = make_index("before", Description="old", ServerSideEncryptionConfiguration={
        "KmsKeyId": "key"})
    changes = {
        "Name": "after",
        "RoleArn": OTHER_ROLE,
        "Description": "new",
        "UserContextPolicy": "USER_TOKEN",
        "UserTokenConfigurations": TOKEN_CONFIG,
        "UserGroupResolutionConfiguration": GROUP_RESOLUTION,
    }
    kendra.update_index(Id=index_id, **changes)
    described = kendra.describe_index(Id=index_id)
    assert {key: described[key] for key in changes} == changes
    assert described["ServerSideEncryptionConfiguration"] == {"KmsKeyId": "key"}
    assert listed(kendra)[0]["Name"] == "after"


def test_update_index_changes_updated_at_but_not_created_at(kendra, make_index):
    index_id = make_index()
    before = kendra.describe_index(Id=index_id)
    let_a_millisecond_pass()
    kendra.update_index(Id=index_id, Description="new")
    after = kendra.describe_index(Id=index_id)
    assert after["CreatedAt"] == before["CreatedAt"]
    assert after["UpdatedAt"] > before["UpdatedAt"]


@pytest.mark.parametrize("setting", GEN_AI_TRIGGERS)
def test_update_gen_ai_index_rejects_each_user_token_setting_and_changes_nothing(
    kendra, make_index, setting
):
    index_id = make_index("gen", Edition=GEN_AI)
    call = lambda: kendra.update_index(Id=index_id, Name="renamed", **setting)  # noqa: E731
    expect_error(call, "ValidationException", GEN_AI_MESSAGE)
    assert kendra.describe_index(Id=index_id)["Name"] == "gen"


def test_update_and_put_are_allowed_while_the_index_is_updating(
    kendra, make_index, transition
):
    transition("kendra::index", progression="manual", times=3)
    index_id = make_index()
    assert [status_of(kendra, index_id) for _ in range(3)][-1] == "ACTIVE"
    kendra.update_index(Id=index_id, Description="first")
    kendra.update_index(Id=index_id, Description="second")  # UPDATING accepts updates
    result = kendra.batch_put_document(IndexId=index_id, Documents=[doc("d")])
    assert result["FailedDocuments"] == []
    described = kendra.describe_index(Id=index_id)
    assert (described["Status"], described["Description"]) == ("UPDATING", "second")


# -- index fields


def _update_fields(kendra: Any, index_id: str, *updates: dict[str, Any]) -> None:
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=list(updates))


def field_error(name: str, reason: str) -> str:
    """The project's wording of an index-field rule (moto_kendra/resources/index.py)."""
    return f"Index field {name}: {reason}."


def expect_field_error(kendra: Any, index_id: str, updates: list[dict[str, Any]], name: str,
                       reason: str) -> None:
    expect_error(lambda: _update_fields(kendra, index_id, *updates), "ValidationException",
                 field_error(name, reason))


SEARCH_DEFAULTS = {
    "STRING_VALUE": {"Displayable": True, "Facetable": False, "Searchable": True,
                     "Sortable": False},
    "STRING_LIST_VALUE": {"Displayable": True, "Facetable": False, "Searchable": True,
                          "Sortable": False},
    "LONG_VALUE": {"Displayable": True, "Facetable": False, "Searchable": False,
                   "Sortable": False},
    "DATE_VALUE": {"Displayable": True, "Facetable": False, "Searchable": False,
                   "Sortable": False},
}


@pytest.mark.parametrize("kind", list(SEARCH_DEFAULTS))
def test_new_field_takes_the_search_defaults_of_its_type(kendra, index_id, kind):
    _update_fields(kendra, index_id, field("custom", kind))
    assert fields_of(kendra, index_id)["custom"]["Search"] == SEARCH_DEFAULTS[kind]


def test_missing_search_flags_take_defaults_and_given_ones_are_kept(kendra, index_id):
    _update_fields(kendra, index_id, field("custom", "LONG_VALUE", Search={"Sortable": True}))
    expected = {**SEARCH_DEFAULTS["LONG_VALUE"], "Sortable": True}
    assert fields_of(kendra, index_id)["custom"]["Search"] == expected


def test_upserting_a_field_replaces_its_search_flags_missing_ones_defaulting(
    kendra, index_id
):
    all_true = dict.fromkeys(("Displayable", "Facetable", "Searchable", "Sortable"), True)
    _update_fields(kendra, index_id, field("custom", "STRING_VALUE", Search=all_true))
    _update_fields(kendra, index_id, field("custom", "STRING_VALUE",
                                           Search={"Displayable": False}))
    expected = {**SEARCH_DEFAULTS["STRING_VALUE"], "Displayable": False}
    assert fields_of(kendra, index_id)["custom"]["Search"] == expected


def test_upserting_a_field_keeps_its_relevance_unless_given(kendra, index_id):
    """Project choice (Kendra documents no rule): an update without Relevance keeps the
    stored one."""
    first = {"Importance": 7, "ValueImportanceMap": {"high": 9}}
    _update_fields(kendra, index_id, field("custom", "STRING_VALUE", Relevance=first))
    _update_fields(kendra, index_id, field("custom", "STRING_VALUE"))
    assert fields_of(kendra, index_id)["custom"]["Relevance"] == first
    _update_fields(kendra, index_id, field("custom", "STRING_VALUE",
                                           Relevance={"Importance": 3}))
    assert fields_of(kendra, index_id)["custom"]["Relevance"] == {"Importance": 3}


def test_new_field_without_relevance_has_none(kendra, index_id):
    _update_fields(kendra, index_id, field("custom", "STRING_VALUE"))
    assert "Relevance" not in fields_of(kendra, index_id)["custom"]


def test_custom_fields_follow_the_builtins_in_creation_order_and_are_never_deleted(
    kendra, index_id
):
    _update_fields(kendra, index_id, field("zeta", "LONG_VALUE"), field("alpha", "DATE_VALUE"))
    _update_fields(kendra, index_id, field("mid", "STRING_VALUE"), field("zeta", "LONG_VALUE"))
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[])
    kendra.update_index(Id=index_id, Description="no field updates")
    names = list(fields_of(kendra, index_id))
    assert names == [b["Name"] for b in BUILTINS] + ["zeta", "alpha", "mid"]


def test_builtin_field_can_be_upserted_with_its_own_type(kendra, index_id):
    search = {"Displayable": True, "Facetable": True, "Searchable": False, "Sortable": True}
    _update_fields(kendra, index_id, field("_category", "STRING_VALUE", Search=search))
    fields = fields_of(kendra, index_id)
    assert fields["_category"]["Search"] == search
    assert list(fields)[:14] == [b["Name"] for b in BUILTINS]


@pytest.mark.parametrize(
    "name, old, new",
    [("custom", "STRING_VALUE", "LONG_VALUE"), ("_created_at", "DATE_VALUE", "STRING_VALUE")],
)
def test_a_field_type_cannot_change(kendra, index_id, name, old, new):
    if not name.startswith("_"):
        _update_fields(kendra, index_id, field(name, old))
    expect_field_error(kendra, index_id, [field(name, new)], name,
                       f"the type {old} cannot change to {new}")
    assert fields_of(kendra, index_id)[name]["Type"] == old


def test_a_new_field_name_starting_with_underscore_is_reserved(kendra, index_id):
    expect_field_error(kendra, index_id, [field("_mine", "STRING_VALUE")], "_mine",
                       "names starting with _ are reserved for built-in fields")


@pytest.mark.parametrize(
    "kind, relevance",
    [
        ("STRING_VALUE", {"Freshness": False}),
        ("LONG_VALUE", {"Duration": "100s"}),
        ("STRING_LIST_VALUE", {"Freshness": True, "Duration": "100s"}),
    ],
)
def test_freshness_and_duration_apply_only_to_date_fields(kendra, index_id, kind, relevance):
    expect_field_error(kendra, index_id, [field("f", kind, Relevance=relevance)], "f",
                       "Freshness and Duration apply only to DATE_VALUE fields")


@pytest.mark.parametrize("kind", ["STRING_VALUE", "STRING_LIST_VALUE"])
def test_rank_order_applies_only_to_date_and_long_fields(kendra, index_id, kind):
    expect_field_error(kendra, index_id, [field("f", kind, Relevance={"RankOrder": "ASCENDING"})],
                       "f", "RankOrder applies only to DATE_VALUE and LONG_VALUE fields")


@pytest.mark.parametrize("kind", ["STRING_LIST_VALUE", "LONG_VALUE", "DATE_VALUE"])
def test_value_importance_map_applies_only_to_string_fields(kendra, index_id, kind):
    relevance = {"ValueImportanceMap": {"x": 1}}
    expect_field_error(kendra, index_id, [field("f", kind, Relevance=relevance)], "f",
                       "ValueImportanceMap applies only to STRING_VALUE fields")


def test_relevance_settings_matching_their_types_are_accepted(kendra, index_id):
    updates = [
        field("d", "DATE_VALUE", Relevance={"Freshness": True, "Duration": "10s",
                                            "RankOrder": "DESCENDING"}),
        field("n", "LONG_VALUE", Relevance={"RankOrder": "DESCENDING", "Importance": 3}),
        field("s", "STRING_VALUE", Relevance={"ValueImportanceMap": {"a": 2}}),
    ]
    _update_fields(kendra, index_id, *updates)
    fields = fields_of(kendra, index_id)
    assert [fields[u["Name"]]["Relevance"] for u in updates] == [u["Relevance"] for u in updates]


FRESH = {"Freshness": True}


def test_freshness_true_on_a_second_date_field_is_refused(kendra, index_id):
    _update_fields(kendra, index_id, field("first", "DATE_VALUE", Relevance=FRESH))
    expect_field_error(kendra, index_id, [field("second", "DATE_VALUE", Relevance=FRESH)],
                       "second", "Freshness is already set on the DATE_VALUE field first")


def test_freshness_true_on_two_date_fields_of_one_request_is_refused(kendra, index_id):
    updates = [field("_created_at", "DATE_VALUE", Relevance=FRESH),
               field("second", "DATE_VALUE", Relevance=FRESH)]
    expect_field_error(kendra, index_id, updates, "second",
                       "Freshness is already set on the DATE_VALUE field _created_at")


def test_freshness_can_be_set_again_on_its_field_or_moved_in_one_request(kendra, index_id):
    _update_fields(kendra, index_id, field("first", "DATE_VALUE", Relevance=FRESH))
    _update_fields(kendra, index_id, field("first", "DATE_VALUE", Relevance=FRESH))
    _update_fields(kendra, index_id,
                   field("first", "DATE_VALUE", Relevance={"Freshness": False}),
                   field("second", "DATE_VALUE", Relevance=FRESH))
    fields = fields_of(kendra, index_id)
    assert (fields["first"]["Relevance"], fields["second"]["Relevance"]) == (
        {"Freshness": False}, FRESH)


def test_the_first_broken_field_rule_answers_and_nothing_changes(kendra, make_index):
    index_id = make_index("unchanged")
    updates = [
        field("good", "STRING_VALUE"),
        field("bad-rank", "STRING_VALUE", Relevance={"RankOrder": "ASCENDING"}),
        field("_bad", "STRING_VALUE"),
    ]
    call = lambda: kendra.update_index(  # noqa: E731
        Id=index_id, Name="renamed", DocumentMetadataConfigurationUpdates=updates,
        CapacityUnits={"StorageCapacityUnits": 1, "QueryCapacityUnits": 1},
    )
    expect_error(call, "ValidationException",
                 field_error("bad-rank", "RankOrder applies only to DATE_VALUE and LONG_VALUE "
                                         "fields"))
    described = kendra.describe_index(Id=index_id)
    assert described["Name"] == "unchanged"
    assert "good" not in {f["Name"] for f in described["DocumentMetadataConfigurations"]}
    assert described["CapacityUnits"] == {"StorageCapacityUnits": 0, "QueryCapacityUnits": 0}


def test_more_than_500_custom_fields_exceed_the_quota(kendra, index_id):
    # DescribeIndex is not called after: 14 built-ins + 500 custom fields exceed the output
    # list maximum of 500 in botocore's model.
    _update_fields(kendra, index_id, *(field(f"f{n}", "LONG_VALUE") for n in range(500)))
    _update_fields(kendra, index_id, field("f0", "LONG_VALUE"), field("_category", "STRING_VALUE"))
    expect_error(lambda: _update_fields(kendra, index_id, field("f500", "LONG_VALUE")),
                 "ServiceQuotaExceededException", quota(500, "custom index fields"))


# -- capacity units


def capacity(storage: int, query: int) -> dict[str, int]:
    return {"StorageCapacityUnits": storage, "QueryCapacityUnits": query}


def test_capacity_units_cannot_change_on_developer_edition(kendra, make_index):
    index_id = make_index(Edition="DEVELOPER_EDITION")
    call = lambda: kendra.update_index(Id=index_id, CapacityUnits=capacity(0, 0))  # noqa: E731
    expect_error(call, "ValidationException",
                 "Capacity units cannot be changed on a DEVELOPER_EDITION index.")


def test_capacity_units_up_to_100_are_stored(kendra, index_id):
    kendra.update_index(Id=index_id, CapacityUnits=capacity(100, 7))
    assert kendra.describe_index(Id=index_id)["CapacityUnits"] == capacity(100, 7)


@pytest.mark.parametrize("units", [capacity(101, 0), capacity(0, 101)], ids=["storage", "query"])
def test_capacity_units_above_100_exceed_the_quota_and_change_nothing(kendra, make_index, units):
    index_id = make_index("unchanged")
    call = lambda: kendra.update_index(Id=index_id, Name="renamed", CapacityUnits=units)  # noqa: E731
    expect_error(call, "ServiceQuotaExceededException", quota(100, "extra capacity units"))
    described = kendra.describe_index(Id=index_id)
    assert (described["Name"], described["CapacityUnits"]) == ("unchanged", capacity(0, 0))


CHANGES_QUOTA = quota(5, "capacity changes per 24 hours")


def test_a_sixth_capacity_change_within_24_hours_exceeds_the_quota(kendra, index_id):
    for units in range(1, 6):
        kendra.update_index(Id=index_id, CapacityUnits=capacity(units, 0))
    kendra.update_index(Id=index_id, CapacityUnits=capacity(5, 0))  # same value: no change
    expect_error(lambda: kendra.update_index(Id=index_id, CapacityUnits=capacity(5, 1)),
                 "ServiceQuotaExceededException", CHANGES_QUOTA)
    assert kendra.describe_index(Id=index_id)["CapacityUnits"] == capacity(5, 0)


@pytest.mark.skipif(SERVER_MODE, reason="moves the backend's clock, which only exists in-process")
def test_capacity_changes_older_than_24_hours_no_longer_count(kendra, index_id, monkeypatch):
    from datetime import timedelta

    from moto_kendra.resources import indexes as index_module

    real_now = index_module.now
    for units in range(1, 6):
        kendra.update_index(Id=index_id, CapacityUnits=capacity(units, 0))
    monkeypatch.setattr(index_module, "now", lambda: real_now() + timedelta(hours=23, minutes=59))
    expect_error(lambda: kendra.update_index(Id=index_id, CapacityUnits=capacity(9, 0)),
                 "ServiceQuotaExceededException", CHANGES_QUOTA)
    monkeypatch.setattr(index_module, "now", lambda: real_now() + timedelta(hours=24, seconds=1))
    kendra.update_index(Id=index_id, CapacityUnits=capacity(9, 0))
    assert kendra.describe_index(Id=index_id)["CapacityUnits"] == capacity(9, 0)


@pytest.mark.skipif(SERVER_MODE, reason="shrinks the per-unit document quota in-process")
def test_storage_capacity_cannot_go_below_the_documents_in_use(
    kendra, index_id, put_docs, monkeypatch
):
    from moto_kendra.resources import index as index_module

    per_unit = 2
    monkeypatch.setattr(index_module, "DOCUMENTS_PER_STORAGE_UNIT", per_unit)
    kendra.update_index(Id=index_id, CapacityUnits=capacity(1, 0))  # room for 2 * (1 + 1)
    put_docs(*(f"d{n}" for n in range(per_unit + 1)))
    call = lambda: kendra.update_index(Id=index_id, CapacityUnits=capacity(0, 0))  # noqa: E731
    expect_error(call, "ValidationException",
                 "Storage capacity units cannot go below what is in use.")
    kendra.batch_delete_document(IndexId=index_id, DocumentIdList=["d0"])  # back to 2 * (1 + 0)
    kendra.update_index(Id=index_id, CapacityUnits=capacity(0, 0))
    assert kendra.describe_index(Id=index_id)["CapacityUnits"] == capacity(0, 0)


def test_validation_rules_answer_before_quotas(kendra, index_id):
    call = lambda: kendra.update_index(  # noqa: E731
        Id=index_id, CapacityUnits=capacity(101, 0),
        DocumentMetadataConfigurationUpdates=[field("_mine", "LONG_VALUE")],
    )
    expect_error(call, "ValidationException",
                 field_error("_mine", "names starting with _ are reserved for built-in fields"))


def test_field_rules_answer_before_the_developer_capacity_rule(kendra, make_index):
    index_id = make_index(Edition="DEVELOPER_EDITION")
    call = lambda: kendra.update_index(  # noqa: E731
        Id=index_id, CapacityUnits=capacity(1, 0),
        DocumentMetadataConfigurationUpdates=[field("_mine", "LONG_VALUE")],
    )
    expect_error(call, "ValidationException",
                 field_error("_mine", "names starting with _ are reserved for built-in fields"))


# --------------------------------------------------------------------------- gating


def _index_in(kendra: Any, make_index: Any, status: str) -> str:
    """An index whose status reads ``status`` (``kendra::index`` on manual, times 1)."""
    index_id = make_index()
    if status == "DELETING":
        assert status_of(kendra, index_id) == "ACTIVE"
        kendra.delete_index(Id=index_id)
    return str(index_id)


GATED_WRITES = {
    "UpdateIndex": lambda kendra, index_id: kendra.update_index(Id=index_id, Description="d"),
    "BatchPutDocument": lambda kendra, index_id: kendra.batch_put_document(
        IndexId=index_id, Documents=[doc("d")]),
}


@pytest.mark.parametrize("status", ["CREATING", "DELETING"])
@pytest.mark.parametrize("operation", list(GATED_WRITES))
def test_writes_conflict_while_the_index_is_creating_or_deleting(
    kendra, make_index, transition, status, operation
):
    transition("kendra::index", progression="manual", times=1)
    index_id = _index_in(kendra, make_index, status)
    expect_error(lambda: GATED_WRITES[operation](kendra, index_id), "ConflictException",
                 conflict(index_id, status))


def test_gating_answers_before_the_field_rules(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=1)
    index_id = make_index()
    call = lambda: _update_fields(kendra, index_id, field("_mine", "LONG_VALUE"))  # noqa: E731
    expect_error(call, "ConflictException", conflict(index_id, "CREATING"))


# --------------------------------------------------------------------------- DeleteIndex


def test_delete_index_sets_deleting_and_touches_updated_at(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=2)
    index_id = make_index()
    before = [listed(kendra)[0] for _ in range(2)][-1]
    assert before["Status"] == "ACTIVE"
    let_a_millisecond_pass()
    kendra.delete_index(Id=index_id)
    after = listed(kendra)[0]
    assert (after["Id"], after["Status"]) == (index_id, "DELETING")
    assert after["UpdatedAt"] > before["UpdatedAt"]
    assert after["CreatedAt"] == before["CreatedAt"]


def test_delete_index_is_allowed_while_creating(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=2)
    index_id = make_index()
    kendra.delete_index(Id=index_id)
    assert status_of(kendra, index_id) == "DELETING"


def test_deleting_an_index_already_deleting_changes_nothing(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=2)
    index_id = make_index()
    kendra.delete_index(Id=index_id)
    first = listed(kendra)[0]  # advance 1 of 2
    let_a_millisecond_pass()
    kendra.delete_index(Id=index_id)  # must neither touch UpdatedAt nor restart the count
    assert listed(kendra) == []  # advance 2 of 2: removed
    assert first["Status"] == "DELETING"
    expect_error(lambda: kendra.describe_index(Id=index_id), "ResourceNotFoundException",
                 not_found(index_id))


def test_deleting_twice_keeps_updated_at(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=5)
    index_id = make_index()
    kendra.delete_index(Id=index_id)
    first = kendra.describe_index(Id=index_id)
    let_a_millisecond_pass()
    kendra.delete_index(Id=index_id)
    again = kendra.describe_index(Id=index_id)
    assert (again["Status"], again["UpdatedAt"]) == ("DELETING", first["UpdatedAt"])


def test_describe_right_after_delete_is_not_found_under_immediate(kendra, index_id):
    kendra.delete_index(Id=index_id)
    expect_error(lambda: kendra.describe_index(Id=index_id), "ResourceNotFoundException",
                 not_found(index_id))
    assert listed(kendra) == []


def test_a_deleting_index_lists_as_deleting_under_manual(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=3)
    index_id = make_index()
    kendra.delete_index(Id=index_id)
    assert [item["Status"] for item in listed(kendra)] == ["DELETING"]
    assert status_of(kendra, index_id) == "DELETING"


def test_removing_an_index_removes_its_data_sources_documents_and_tags(
    kendra, make_index, make_data_source, put_docs, endpoint
):
    seed(endpoint, 7)
    tags = [{"Key": "team", "Value": "search"}]
    index_id = make_index("doomed", Tags=tags)
    source_id = make_data_source(index=index_id, Tags=tags)
    put_docs("d1", index=index_id)
    source_arn = f"{index_arn(index_id)}/data-source/{source_id}"
    assert kendra.list_tags_for_resource(ResourceARN=source_arn)["Tags"] == tags
    kendra.delete_index(Id=index_id)
    expect_error(lambda: kendra.list_data_sources(IndexId=index_id),
                 "ResourceNotFoundException", not_found(index_id))
    seed(endpoint, 7)  # the same id again: nothing of the old index may survive
    assert make_index("reborn") == index_id
    assert kendra.list_tags_for_resource(ResourceARN=index_arn(index_id))["Tags"] == []
    assert kendra.list_data_sources(IndexId=index_id)["SummaryItems"] == []
    assert _advance_documents(kendra, index_id, "d1") == ["NOT_FOUND"]
    assert _statistics(kendra, index_id) == (0, 0)


# --------------------------------------------------------------------------- ListIndices


def test_list_indices_is_empty_without_indexes(kendra):
    result = kendra.list_indices()
    assert result["IndexConfigurationSummaryItems"] == [] and "NextToken" not in result


def test_list_indices_returns_summaries_in_creation_order_deleting_included(
    kendra, make_index, transition
):
    transition("kendra::index", progression="manual", times=10)
    editions = ["GEN_AI_ENTERPRISE_EDITION", "DEVELOPER_EDITION", "ENTERPRISE_EDITION"]
    created = [make_index(f"index-{n}", Edition=edition) for n, edition in enumerate(editions)]
    kendra.delete_index(Id=created[1])
    items = listed(kendra)
    assert all(set(item) == SUMMARY_MEMBERS for item in items)
    assert [(i["Id"], i["Name"], i["Edition"], i["Status"]) for i in items] == [
        (created[0], "index-0", editions[0], "CREATING"),
        (created[1], "index-1", editions[1], "DELETING"),
        (created[2], "index-2", editions[2], "CREATING"),
    ]
    described = kendra.describe_index(Id=created[0])
    assert (items[0]["CreatedAt"], items[0]["UpdatedAt"]) == (
        described["CreatedAt"], described["UpdatedAt"])


def _all_pages(kendra: Any, page_size: int) -> list[list[str]]:
    pages, token = [], None
    while True:
        kwargs = {"MaxResults": page_size, **({"NextToken": token} if token else {})}
        result = kendra.list_indices(**kwargs)
        pages.append([item["Id"] for item in result["IndexConfigurationSummaryItems"]])
        token = result.get("NextToken")
        if token is None:
            return pages


@pytest.mark.parametrize("count, page_size", [(5, 2), (4, 2), (3, 3), (3, 100)])
def test_list_indices_pages_and_gives_a_token_only_while_more_remain(
    kendra, make_index, count, page_size
):
    created = [make_index(f"index-{n}") for n in range(count)]
    pages = _all_pages(kendra, page_size)
    expected = [created[start:start + page_size] for start in range(0, count, page_size)]
    assert pages == expected


@pytest.mark.parametrize("victim", [1, 2], ids=["just-returned", "next"])
def test_list_indices_token_survives_deleting_an_item_around_it(kendra, make_index, victim):
    created = [make_index(f"index-{n}") for n in range(5)]
    first = kendra.list_indices(MaxResults=2)
    assert [item["Id"] for item in first["IndexConfigurationSummaryItems"]] == created[:2]
    kendra.delete_index(Id=created[victim])
    second = kendra.list_indices(MaxResults=2, NextToken=first["NextToken"])
    remaining = [index for index in created[2:] if index != created[victim]]
    assert [item["Id"] for item in second["IndexConfigurationSummaryItems"]] == remaining[:2]


def test_list_indices_token_may_change_max_results(kendra, make_index):
    created = [make_index(f"index-{n}") for n in range(4)]
    token = kendra.list_indices(MaxResults=1)["NextToken"]
    result = kendra.list_indices(MaxResults=3, NextToken=token)
    assert [item["Id"] for item in result["IndexConfigurationSummaryItems"]] == created[1:]
    assert "NextToken" not in result


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "token",
    ["not-a-token", _b64("[1, 2]"), _b64('{"d": "0000000000000000", "a": 1}')],
)
def test_list_indices_rejects_a_token_it_did_not_issue(kendra, make_index, token):
    make_index()
    expect_error(lambda: kendra.list_indices(NextToken=token), "ValidationException",
                 "Invalid NextToken.")


def test_list_indices_rejects_a_token_of_another_operation(
    kendra, index_id, make_data_source
):
    make_data_source()
    make_data_source()
    token = kendra.list_data_sources(IndexId=index_id, MaxResults=1)["NextToken"]
    expect_error(lambda: kendra.list_indices(NextToken=token), "ValidationException",
                 "Invalid NextToken.")


# --------------------------------------------------------------------------- isolation


def _assert_invisible(client: Any, index_id: str) -> None:
    assert client.list_indices()["IndexConfigurationSummaryItems"] == []
    for call in (
        lambda: client.describe_index(Id=index_id),
        lambda: client.update_index(Id=index_id, Description="x"),
        lambda: client.delete_index(Id=index_id),
    ):
        expect_error(call, "ResourceNotFoundException", not_found(index_id))


def test_indexes_are_isolated_per_region(kendra, make_index, client_for):
    created = [make_index(f"index-{n}") for n in range(10)]
    elsewhere = client_for(region="eu-west-1")
    _assert_invisible(elsewhere, created[0])
    other = elsewhere.create_index(Name="eu", RoleArn=ROLE)["Id"]  # its own quota
    assert listed_ids(kendra) == created
    assert [i["Id"] for i in elsewhere.list_indices()["IndexConfigurationSummaryItems"]] == [other]


def test_indexes_are_isolated_per_account(kendra, make_index, client_for):
    """Another account through ``x-moto-account-id``, the one switch both modes honour."""
    created = [make_index(f"index-{n}") for n in range(10)]
    other_account = client_in_account(client_for, "111122223333")
    _assert_invisible(other_account, created[0])
    other = other_account.create_index(Name="theirs", RoleArn=ROLE)["Id"]  # its own quota
    assert listed_ids(kendra) == created
    items = other_account.list_indices()["IndexConfigurationSummaryItems"]
    assert [item["Id"] for item in items] == [other]
