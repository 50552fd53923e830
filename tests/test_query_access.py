"""Query access control (UserContext against each document's access control list), the
``_user_id`` / ``_group_ids`` filter leaves, documents that are not searchable, ids and
seeding, SubmitFeedback.  Access control configurations and principal mappings are tested
end to end in ``test_access_control.py``; here the mapping expansion is unit-tested."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from moto.moto_api._internal import mock_random
from moto.moto_api._internal.moto_random import MotoRandom
from support import ROLE, SERVER_MODE, doc, expect_error

from moto_kendra.exceptions import ValidationException
from moto_kendra.query.viewer import Viewer, expand, resolve_viewer, token_claims

TOKEN_UNREADABLE = "The user token cannot be read."
TOKEN_REFUSED = "User tokens are not supported on this index."


def principal(name: str, kind: str = "USER", access: str = "ALLOW",
              source: str | None = None) -> dict[str, str]:
    entry = {"Name": name, "Type": kind, "Access": access}
    if source is not None:
        entry["DataSourceId"] = source
    return entry


def group(name: str, access: str = "ALLOW", source: str | None = None) -> dict[str, str]:
    return principal(name, "GROUP", access, source)


def guarded(doc_id: str, acl: list[dict[str, str]] | None = None,
            levels: list[list[dict[str, str]]] | None = None, **extra: Any) -> dict[str, Any]:
    """A document whose body is the word "secret" and its id."""
    entry = doc(doc_id, f"secret {doc_id}", **extra)
    if acl is not None:
        entry["AccessControlList"] = acl
    if levels is not None:
        entry["HierarchicalAccessControlList"] = [{"PrincipalList": level} for level in levels]
    return entry


def put(kendra: Any, index_id: str, *documents: dict[str, Any]) -> None:
    for start in range(0, len(documents), 10):
        batch = list(documents[start:start + 10])
        assert kendra.batch_put_document(IndexId=index_id, Documents=batch)[
            "FailedDocuments"] == []


def visible(kendra: Any, index_id: str, text: str = "secret", **context: Any) -> list[str]:
    kwargs: dict[str, Any] = {"IndexId": index_id, "QueryText": text, "PageSize": 100}
    if context:
        kwargs["UserContext"] = context
    return sorted(item["DocumentId"] for item in kendra.query(**kwargs)["ResultItems"])


ACL_DOCS = (
    guarded("public"),
    guarded("alice-only", [principal("alice")]),
    guarded("staff", [group("staff")]),
    guarded("staff-not-alice", [group("staff"), principal("alice", access="DENY")]),
    guarded("denied-only", [principal("alice", access="DENY")]),
    guarded("staff-then-alice", levels=[[group("staff")], [principal("alice")]]),
    guarded("flat-and-levels", [principal("bob")], levels=[[group("staff")]]),
)


@pytest.fixture
def acl_index(kendra: Any, index_id: str) -> str:
    put(kendra, index_id, *ACL_DOCS)
    return index_id


# -- ATTRIBUTE_FILTER index ------------------------------------------------------------------


def test_without_user_context_acls_are_ignored(kendra: Any, acl_index: str) -> None:
    everything = sorted(entry["Id"] for entry in ACL_DOCS)
    assert visible(kendra, acl_index) == everything
    response = kendra.query(IndexId=acl_index, QueryText="secret", PageSize=100, UserContext={})
    assert sorted(item["DocumentId"] for item in response["ResultItems"]) == everything


def test_a_user_sees_public_documents_and_those_allowing_the_user(
    kendra: Any, acl_index: str
) -> None:
    assert visible(kendra, acl_index, UserId="alice") == ["alice-only", "public"]
    assert visible(kendra, acl_index, UserId="Alice") == ["public"]  # case-sensitive
    assert visible(kendra, acl_index, UserId="bob") == ["public"]


def test_deny_wins_over_allow(kendra: Any, acl_index: str) -> None:
    assert visible(kendra, acl_index, UserId="alice", Groups=["staff"]) == [
        "alice-only", "public", "staff", "staff-then-alice"
    ]
    assert visible(kendra, acl_index, UserId="carol", Groups=["staff"]) == [
        "public", "staff", "staff-not-alice"
    ]


def test_every_hierarchical_level_and_the_flat_list_must_allow(
    kendra: Any, acl_index: str
) -> None:
    assert "staff-then-alice" not in visible(kendra, acl_index, UserId="alice")
    assert "staff-then-alice" not in visible(kendra, acl_index, Groups=["staff"])
    assert "staff-then-alice" in visible(kendra, acl_index, UserId="alice", Groups=["staff"])
    assert "flat-and-levels" not in visible(kendra, acl_index, UserId="bob")
    assert "flat-and-levels" not in visible(kendra, acl_index, Groups=["staff"])
    assert "flat-and-levels" in visible(kendra, acl_index, UserId="bob", Groups=["staff"])


def test_scoped_groups_match_the_principal_data_source(kendra: Any, index_id: str) -> None:
    put(kendra, index_id, guarded("eng-ds1", [group("eng", source="ds1")]))
    assert visible(kendra, index_id, DataSourceGroups=[{"GroupId": "eng", "DataSourceId": "ds1"}]
                   ) == ["eng-ds1"]
    assert visible(kendra, index_id, DataSourceGroups=[{"GroupId": "eng", "DataSourceId": "ds2"}]
                   ) == []
    assert visible(kendra, index_id, Groups=["eng"]) == ["eng-ds1"]  # a plain group matches too


def test_scoped_groups_match_the_owner_when_the_principal_names_no_data_source(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    owner = {"Key": "_data_source_id", "Value": {"StringValue": source}}
    put(kendra, index_id, guarded("owned", [group("ops")], Attributes=[owner]),
        guarded("direct", [group("ops")]))
    scoped = [{"GroupId": "ops", "DataSourceId": source}]
    assert visible(kendra, index_id, DataSourceGroups=scoped) == ["owned"]
    other = [{"GroupId": "ops", "DataSourceId": "elsewhere"}]
    assert visible(kendra, index_id, DataSourceGroups=other) == []


def test_a_user_token_is_refused_on_an_attribute_filter_index(
    kendra: Any, acl_index: str
) -> None:
    expect_error(lambda: visible(kendra, acl_index, Token=jwt({"username": "alice"})),
                 "ValidationException", TOKEN_REFUSED)


def test_a_user_token_is_refused_on_a_gen_ai_index(kendra: Any, make_index: Any) -> None:
    index = make_index(Edition="GEN_AI_ENTERPRISE_EDITION")
    expect_error(lambda: visible(kendra, index, Token=jwt({"username": "alice"})),
                 "ValidationException", TOKEN_REFUSED)


# -- USER_TOKEN index ------------------------------------------------------------------------


def b64url(data: dict[str, Any] | list[Any] | str) -> str:
    raw = data if isinstance(data, str) else json.dumps(data)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def jwt(claims: dict[str, Any] | list[Any] | str) -> str:
    """A fake JWT: base64url header.payload.signature (never verified)."""
    return f"{b64url({'alg': 'none', 'typ': 'JWT'})}.{b64url(claims)}.c2lnbmF0dXJl"


def token_index(make_index: Any, **configuration: Any) -> str:
    kwargs: dict[str, Any] = {"UserContextPolicy": "USER_TOKEN"}
    if configuration:
        kwargs["UserTokenConfigurations"] = [configuration]
    return str(make_index(name="tokens", **kwargs))


def test_user_token_index_without_context_shows_public_documents_only(
    kendra: Any, make_index: Any
) -> None:
    index = token_index(make_index)
    put(kendra, index, *ACL_DOCS)
    assert visible(kendra, index) == ["public"]


def test_jwt_default_claims_are_username_and_groups(kendra: Any, make_index: Any) -> None:
    index = token_index(make_index)
    put(kendra, index, *ACL_DOCS)
    token = jwt({"username": "alice", "groups": ["staff"], "email": "bob"})
    assert visible(kendra, index, Token=token) == [
        "alice-only", "public", "staff", "staff-then-alice"
    ]
    assert visible(kendra, index, Token=jwt({"username": "carol", "groups": "staff"})) == [
        "public", "staff", "staff-not-alice"
    ]


def test_jwt_claim_names_come_from_the_token_configuration(kendra: Any, make_index: Any) -> None:
    index = token_index(make_index, JwtTokenTypeConfiguration={
        "KeyLocation": "URL", "URL": "https://example.com/keys",
        "UserNameAttributeField": "email", "GroupAttributeField": "roles"})
    put(kendra, index, *ACL_DOCS)
    assert visible(kendra, index, Token=jwt({"email": "alice", "username": "bob"})) == [
        "alice-only", "public"
    ]
    assert visible(kendra, index, Token=jwt({"roles": ["staff"], "groups": ["other"]})) == [
        "public", "staff", "staff-not-alice"
    ]


def test_a_json_object_token_is_read_as_its_claims(kendra: Any, make_index: Any) -> None:
    index = token_index(make_index, JsonTokenTypeConfiguration={
        "UserNameAttributeField": "user", "GroupAttributeField": "teams"})
    put(kendra, index, *ACL_DOCS)
    token = json.dumps({"user": "alice", "teams": ["staff"]})
    assert visible(kendra, index, Token=token) == [
        "alice-only", "public", "staff", "staff-then-alice"
    ]


def test_user_id_and_groups_also_work_on_a_user_token_index(kendra: Any, make_index: Any) -> None:
    index = token_index(make_index)
    put(kendra, index, *ACL_DOCS)
    assert visible(kendra, index, UserId="alice") == ["alice-only", "public"]


@pytest.mark.parametrize(
    "token",
    ["not a token", "a.b", "a.!!!.c", f"x.{b64url('not json')}.y", f"x.{b64url([1, 2])}.y",
     "[1, 2]", f"x.{b64url({'username': 'alice'})}", f"x.{b64url({'username': 'a'})}.y.z"],
    ids=["plain", "two-segments", "bad-base64", "payload-not-json", "payload-not-object",
         "json-array", "jwt-without-signature-segment", "four-segments"],
)
def test_an_unreadable_token_is_refused(kendra: Any, make_index: Any, token: str) -> None:
    index = token_index(make_index)
    expect_error(lambda: visible(kendra, index, Token=token), "ValidationException",
                 TOKEN_UNREADABLE)


def test_token_rules_come_after_the_other_index_rules(kendra: Any, make_index: Any) -> None:
    index = token_index(make_index)
    bad_filter = {"EqualsTo": {"Key": "nope", "Value": {"StringValue": "x"}}}
    expect_error(lambda: kendra.query(IndexId=index, QueryText="x", AttributeFilter=bad_filter,
                                      UserContext={"Token": "not a token"}),
                 "ValidationException", "Attribute nope is not an index field of a matching type.")


# -- _user_id / _group_ids filter leaves ------------------------------------------------------


def filtered(kendra: Any, index_id: str, attribute_filter: dict[str, Any],
             **context: Any) -> list[str]:
    kwargs: dict[str, Any] = {"IndexId": index_id, "QueryText": "secret", "PageSize": 100,
                              "AttributeFilter": attribute_filter}
    if context:
        kwargs["UserContext"] = context
    return sorted(item["DocumentId"] for item in kendra.query(**kwargs)["ResultItems"])


def test_user_id_leaf_keeps_documents_visible_to_that_user(kendra: Any, acl_index: str) -> None:
    user = {"EqualsTo": {"Key": "_user_id", "Value": {"StringValue": "alice"}}}
    assert filtered(kendra, acl_index, user) == ["alice-only", "public"]
    assert filtered(kendra, acl_index, {"NotFilter": user}) == sorted(
        entry["Id"] for entry in ACL_DOCS if entry["Id"] not in ("alice-only", "public")
    )


def test_group_ids_leaves_keep_documents_visible_to_those_groups(
    kendra: Any, acl_index: str
) -> None:
    def groups(operator: str, *names: str) -> dict[str, Any]:
        return {operator: {"Key": "_group_ids", "Value": {"StringListValue": list(names)}}}

    staff = ["public", "staff", "staff-not-alice"]
    assert filtered(kendra, acl_index, groups("EqualsTo", "staff")) == staff
    assert filtered(kendra, acl_index, groups("ContainsAny", "staff", "other")) == staff
    # ContainsAll: visible to each group on its own
    assert filtered(kendra, acl_index, groups("ContainsAll", "staff", "other")) == ["public"]
    assert filtered(kendra, acl_index, groups("ContainsAll", "staff")) == staff


def test_access_leaves_combine_with_the_viewers_own_access(kendra: Any, acl_index: str) -> None:
    user = {"EqualsTo": {"Key": "_user_id", "Value": {"StringValue": "alice"}}}
    assert filtered(kendra, acl_index, user, UserId="bob") == ["public"]


# -- principal-mapping expansion (unit) -------------------------------------------------------


@dataclass
class FakeMapping:
    member_users: set[str] = field(default_factory=set)
    member_groups: set[tuple[str, str | None]] = field(default_factory=set)


def test_mappings_add_groups_listing_the_user() -> None:
    mappings = {("nurses", None): FakeMapping({"alice"}), ("doctors", None): FakeMapping({"bob"})}
    viewer = resolve_viewer({"UserId": "alice"}, "ATTRIBUTE_FILTER", None, mappings)
    assert (viewer.user, viewer.groups, viewer.scoped) == ("alice", {"nurses"}, set())


def test_mappings_expand_through_member_groups_to_a_fixed_point() -> None:
    mappings = {
        ("all-staff", None): FakeMapping(member_groups={("clinical", None)}),
        ("clinical", None): FakeMapping(member_groups={("nurses", None)}),
        ("nurses", None): FakeMapping({"alice"}),
        ("unrelated", None): FakeMapping(member_groups={("others", None)}),
    }
    viewer = resolve_viewer({"UserId": "alice"}, "ATTRIBUTE_FILTER", None, mappings)
    assert viewer.groups == {"nurses", "clinical", "all-staff"}


def test_data_source_mappings_add_scoped_groups() -> None:
    mappings = {
        ("eng", "ds1"): FakeMapping({"alice"}),
        ("leads", "ds1"): FakeMapping(member_groups={("eng", "ds1")}),
        ("admins", None): FakeMapping(member_groups={("leads", "ds1")}),
        ("ops", "ds2"): FakeMapping(member_groups={("eng", "ds2")}),
    }
    viewer = resolve_viewer({"UserId": "alice"}, "ATTRIBUTE_FILTER", None, mappings)
    assert viewer.scoped == {("eng", "ds1"), ("leads", "ds1")}
    assert viewer.groups == {"admins"}


def test_member_groups_match_plain_groups_of_the_context() -> None:
    mappings = {("parents", "ds9"): FakeMapping(member_groups={("kids", "ds9")}),
                ("everyone", None): FakeMapping(member_groups={("kids", None)})}
    viewer = Viewer(groups={"kids"})
    expand(viewer, mappings)
    assert viewer.scoped == {("parents", "ds9")} and viewer.groups == {"kids", "everyone"}


def test_context_groups_and_tokens_feed_the_expansion() -> None:
    mappings = {("g2", None): FakeMapping(member_groups={("g1", None)}),
                ("s2", "ds"): FakeMapping(member_groups={("s1", "ds")})}
    context = {"Groups": ["g1"], "DataSourceGroups": [{"GroupId": "s1", "DataSourceId": "ds"}]}
    viewer = resolve_viewer(context, "ATTRIBUTE_FILTER", None, mappings)
    assert viewer.groups == {"g1", "g2"} and viewer.scoped == {("s1", "ds"), ("s2", "ds")}
    from_token = resolve_viewer({"Token": jwt({"groups": "g1"})}, "USER_TOKEN", None, mappings)
    assert from_token.groups == {"g1", "g2"} and from_token.user is None


def test_access_filter_leaves_stand_for_the_user_or_groups_expanded_by_mappings() -> None:
    mappings = {("nurses", None): FakeMapping({"alice"}),
                ("ward", None): FakeMapping(member_groups={("nurses", None)})}
    viewer = resolve_viewer({"UserId": "bob", "Groups": ["visitors"]}, "ATTRIBUTE_FILTER", None,
                            mappings)
    probe = viewer.with_only("alice", [])
    assert (probe.user, probe.groups, probe.everyone) == ("alice", {"nurses", "ward"}, False)
    assert viewer.with_only(None, ["nurses"]).groups == {"nurses", "ward"}
    everyone = resolve_viewer(None, "ATTRIBUTE_FILTER", None, mappings)
    assert not everyone.with_only("carol", []).everyone


def test_no_context_on_an_attribute_filter_index_sees_everything() -> None:
    assert resolve_viewer(None, "ATTRIBUTE_FILTER", None, {}).everyone
    assert not resolve_viewer(None, "USER_TOKEN", None, {}).everyone


def test_token_claims_accept_padded_and_unpadded_base64url() -> None:
    claims = {"username": "ü~?>", "groups": ["a"]}  # bytes that need "-" / "_" in base64url
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode()
    assert "=" in payload or len(payload) % 4 == 0
    assert token_claims(f"h.{payload}.s") == claims
    assert token_claims(f"h.{payload.rstrip('=')}.s") == claims
    with pytest.raises(ValidationException):
        token_claims(f"h.{payload.replace('-', '+').replace('_', '/')}x.s")


def test_non_string_user_claims_and_group_elements_are_ignored() -> None:
    viewer = resolve_viewer({"Token": jwt({"username": 42, "groups": ["a", 7, None]})},
                            "USER_TOKEN", None, {})
    assert (viewer.user, viewer.groups) == (None, {"a"})


# -- documents that are not searchable --------------------------------------------------------


def statuses(kendra: Any, index_id: str, *doc_ids: str) -> list[str]:
    infos = [{"DocumentId": doc_id} for doc_id in doc_ids]
    response = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=infos)
    return [entry["DocumentStatus"] for entry in response["DocumentStatusList"]]


def found(kendra: Any, index_id: str, text: str) -> list[str]:
    response = kendra.query(IndexId=index_id, QueryText=text, PageSize=100)
    documents = sorted(item["DocumentId"] for item in response["ResultItems"])
    assert response["TotalNumberOfResults"] == len(documents)
    return documents


def test_processing_documents_are_never_returned(
    kendra: Any, index_id: str, transition: Any
) -> None:
    transition("kendra::document", progression="manual", times=2)
    put(kendra, index_id, doc("new", "lantern"))
    assert found(kendra, index_id, "lantern") == []
    assert statuses(kendra, index_id, "new") == ["PROCESSING"]
    assert found(kendra, index_id, "lantern") == []
    assert statuses(kendra, index_id, "new") == ["INDEXED"]
    assert found(kendra, index_id, "lantern") == ["new"]


def test_deleted_documents_are_never_returned(kendra: Any, index_id: str) -> None:
    put(kendra, index_id, doc("gone", "lantern"), doc("kept", "lantern"))
    assert found(kendra, index_id, "lantern") == ["gone", "kept"]
    kendra.batch_delete_document(IndexId=index_id, DocumentIdList=["gone"])
    assert found(kendra, index_id, "lantern") == ["kept"]


def test_documents_pending_deletion_are_not_returned(
    kendra: Any, index_id: str, transition: Any
) -> None:
    put(kendra, index_id, doc("gone", "lantern"), doc("kept", "lantern"))
    assert found(kendra, index_id, "lantern") == ["gone", "kept"]
    transition("kendra::document", progression="manual", times=5)
    kendra.batch_delete_document(IndexId=index_id, DocumentIdList=["gone"])
    assert statuses(kendra, index_id, "gone") == ["PROCESSING"]
    assert found(kendra, index_id, "lantern") == ["kept"]


def test_a_re_put_document_is_searchable_with_its_new_content_once_updated(
    kendra: Any, index_id: str, transition: Any
) -> None:
    put(kendra, index_id, doc("changing", "lantern"), doc("other", "lantern beacon"))
    assert found(kendra, index_id, "lantern") == ["changing", "other"]
    transition("kendra::document", progression="manual", times=1)
    put(kendra, index_id, doc("changing", "beacon"))
    assert found(kendra, index_id, "lantern beacon") == ["other"]
    assert statuses(kendra, index_id, "changing") == ["UPDATED"]
    assert found(kendra, index_id, "beacon") == ["changing", "other"]
    assert found(kendra, index_id, "lantern") == ["other"]


def test_a_document_put_again_after_deletion_is_searchable_again(
    kendra: Any, index_id: str
) -> None:
    put(kendra, index_id, doc("phoenix", "lantern"))
    kendra.batch_delete_document(IndexId=index_id, DocumentIdList=["phoenix"])
    put(kendra, index_id, doc("phoenix", "beacon"))
    assert found(kendra, index_id, "beacon") == ["phoenix"]
    assert found(kendra, index_id, "lantern") == []


def test_documents_of_a_deleted_data_source_are_not_returned(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    owner = {"Key": "_data_source_id", "Value": {"StringValue": source}}
    put(kendra, index_id, doc("owned", "lantern", Attributes=[owner]), doc("direct", "lantern"))
    assert found(kendra, index_id, "lantern") == ["direct", "owned"]
    kendra.delete_data_source(Id=source, IndexId=index_id)
    kendra.list_data_sources(IndexId=index_id)  # reads the DELETING source as removed
    assert found(kendra, index_id, "lantern") == ["direct"]


# -- ids and seeding --------------------------------------------------------------------------


def reseed(endpoint: str | None, value: int) -> None:
    if endpoint is None:
        mock_random.seed(value)
    else:
        requests.post(f"{endpoint}/moto-api/seed?a={value}", timeout=30).raise_for_status()


def draws(seed: int, count: int) -> list[str]:
    generator = MotoRandom()
    generator.seed(seed)
    return [str(generator.uuid4()) for _ in range(count)]


def test_query_ids_follow_the_seeded_generator(endpoint: str | None, kendra: Any) -> None:
    reseed(endpoint, 42)
    index = kendra.create_index(Name="seeded", RoleArn=ROLE)["Id"]
    put(kendra, index, doc("a", "lantern one"), doc("b", "lantern two"), doc("c", "beacon"))
    expect_error(lambda: kendra.query(IndexId=index, QueryText="x", PageSize=0),
                 "ValidationException", "PageNumber and PageSize must be at least 1.")
    response = kendra.query(IndexId=index, QueryText="lantern")
    index_id, query_id, first, second, retrieve_id, passage = draws(42, 6)
    assert index == index_id
    assert response["QueryId"] == query_id  # the failed Query drew nothing
    assert [item["Id"] for item in response["ResultItems"]] == [
        f"{query_id}-{first}", f"{query_id}-{second}"
    ]
    retrieved = kendra.retrieve(IndexId=index, QueryText="beacon")
    assert retrieved["QueryId"] == retrieve_id
    assert [item["Id"] for item in retrieved["ResultItems"]] == [f"{retrieve_id}-{passage}"]


# -- SubmitFeedback ---------------------------------------------------------------------------


def test_submit_feedback_accepts_query_ids_issued_on_the_index(
    kendra: Any, index_id: str
) -> None:
    put(kendra, index_id, doc("a", "lantern"))
    response = kendra.query(IndexId=index_id, QueryText="lantern")
    result_id = response["ResultItems"][0]["Id"]
    answer = kendra.submit_feedback(
        IndexId=index_id, QueryId=response["QueryId"],
        ClickFeedbackItems=[{"ResultId": result_id, "ClickTime": 1700000000}],
        RelevanceFeedbackItems=[{"ResultId": "unknown-result", "RelevanceValue": "RELEVANT"}],
    )
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    retrieved = kendra.retrieve(IndexId=index_id, QueryText="lantern")
    kendra.submit_feedback(IndexId=index_id, QueryId=retrieved["QueryId"])
    assert kendra.query(IndexId=index_id, QueryText="lantern")["TotalNumberOfResults"] == 1


def test_submit_feedback_with_an_unknown_query_id_is_unavailable(
    kendra: Any, index_id: str, make_index: Any
) -> None:
    expect_error(lambda: kendra.submit_feedback(IndexId=index_id, QueryId="no-such-query"),
                 "ResourceUnavailableException", "Query no-such-query is not available.")
    other = make_index(name="other")
    query_id = kendra.query(IndexId=other, QueryText="lantern")["QueryId"]
    expect_error(lambda: kendra.submit_feedback(IndexId=index_id, QueryId=query_id),
                 "ResourceUnavailableException", f"Query {query_id} is not available.")


@pytest.mark.skipif(SERVER_MODE, reason="the cap is lowered in this process only")
def test_submit_feedback_knows_only_the_latest_query_ids(
    kendra: Any, index_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("moto_kendra.resources.query_ids.MAX_QUERY_IDS", 2)
    put(kendra, index_id, doc("a", "lantern"))
    oldest = kendra.query(IndexId=index_id, QueryText="lantern")["QueryId"]
    middle = kendra.retrieve(IndexId=index_id, QueryText="lantern")["QueryId"]
    latest = kendra.query(IndexId=index_id, QueryText="lantern")["QueryId"]
    kendra.submit_feedback(IndexId=index_id, QueryId=middle)
    kendra.submit_feedback(IndexId=index_id, QueryId=latest)
    expect_error(lambda: kendra.submit_feedback(IndexId=index_id, QueryId=oldest),
                 "ResourceUnavailableException", f"Query {oldest} is not available.")


def test_submit_feedback_on_an_unknown_index_is_resource_not_found(kendra: Any) -> None:
    missing = "0" * 36
    expect_error(lambda: kendra.submit_feedback(IndexId=missing, QueryId="q"),
                 "ResourceNotFoundException", f"Index {missing} does not exist.")


def test_submit_feedback_is_served_while_the_index_is_updating(
    kendra: Any, index_id: str, transition: Any
) -> None:
    query_id = kendra.query(IndexId=index_id, QueryText="lantern")["QueryId"]
    transition("kendra::index", progression="manual", times=5)
    kendra.update_index(Id=index_id, Description="busy")
    assert kendra.describe_index(Id=index_id)["Status"] == "UPDATING"
    kendra.submit_feedback(IndexId=index_id, QueryId=query_id)
