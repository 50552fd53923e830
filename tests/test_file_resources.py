"""Rules FAQs, thesauri and query-suggestions block lists share: lifecycle, S3 reading,
lookups, gating, quotas, ClientToken, tags, Update."""

from __future__ import annotations

from typing import Any

import pytest
from file_support import (
    FAMILIES,
    UNKNOWN,
    UPDATABLE,
    Family,
    Files,
    reseed,
    strip,
    unreadable,
)
from support import ROLE, expect_error

ALWAYS = {"Id", "IndexId", "Name", "Status", "CreatedAt", "UpdatedAt", "RoleArn"}
each_family = pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
each_updatable = pytest.mark.parametrize("family", UPDATABLE, ids=lambda f: f.name)
each_single = pytest.mark.parametrize(
    "family", [f for f in FAMILIES if f.quota == 1], ids=lambda f: f.name
)


@pytest.fixture
def files(endpoint: str | None) -> Files:
    return Files(endpoint)


@pytest.fixture
def make(kendra: Any, index_id: str, files: Files) -> Any:
    """Create one resource of a family from its sample file; returns its id."""

    def factory(family: Family, index: str | None = None, **extra: Any) -> str:
        return family.create(kendra, index or index_id, files.put(family.sample), **extra)

    return factory


def creating_index(make_index: Any, transition: Any) -> str:
    transition("kendra::index", progression="manual", times=5)
    return str(make_index("creating"))


def deleting_index(kendra: Any, make_index: Any, transition: Any, make: Any,
                   family: Family) -> tuple[str, str]:
    """An index that reads DELETING, holding one resource of ``family``."""
    transition("kendra::index", progression="manual", times=1)
    index = make_index("deleting")
    kendra.describe_index(Id=index)  # one advance: ACTIVE
    child = make(family, index)
    kendra.delete_index(Id=index)
    return str(index), child


# -- create, describe, list -----------------------------------------------------------


@each_family
def test_create_returns_only_an_id_that_describe_and_list_know(kendra, index_id, files, family):
    response = getattr(kendra, f"create_{family.operation}")(
        IndexId=index_id, Name="files", RoleArn=ROLE,
        **{family.path_member: files.put(family.sample)},
    )
    assert set(strip(response)) == {"Id"}
    assert family.describe(kendra, index_id, response["Id"])["Id"] == response["Id"]
    assert [item["Id"] for item in family.items(kendra, index_id)] == [response["Id"]]


@each_family
def test_create_starts_creating_then_becomes_active(kendra, index_id, make, transition, family):
    transition(family.model, progression="manual", times=2)
    child = make(family)
    assert [family.status(kendra, index_id, child) for _ in range(3)] == [
        "CREATING", "ACTIVE", "ACTIVE"
    ]


@each_family
def test_describe_shows_the_stored_members(kendra, index_id, files, family):
    path = files.put(family.sample)
    child = family.create(kendra, index_id, path, name="stored", Description="about it")
    described = family.describe(kendra, index_id, child)
    assert ALWAYS <= set(described)
    assert "ErrorMessage" not in described
    assert (described["Id"], described["IndexId"], described["Name"]) == (child, index_id, "stored")
    assert (described["Description"], described["RoleArn"]) == ("about it", ROLE)
    assert described[family.path_member] == path
    assert described["CreatedAt"] == described["UpdatedAt"]


@each_family
def test_list_summaries_carry_exactly_the_summary_members(kendra, index_id, make, family):
    child = make(family)
    [summary] = family.items(kendra, index_id)
    assert set(summary) == family.summary_members
    assert (summary["Id"], summary["Name"], summary["Status"]) == (child, "files", "ACTIVE")


@each_family
def test_list_advances_every_item_before_reading_it(kendra, index_id, make, transition, family):
    transition(family.model, progression="manual", times=1)
    make(family)
    assert [item["Status"] for item in family.items(kendra, index_id)] == ["ACTIVE"]


@each_family
def test_list_of_an_index_without_any_is_empty(kendra, index_id, family):
    assert family.listed(kendra, index_id) == {family.list_key: []}


# -- the S3 file ----------------------------------------------------------------------------


@each_family
def test_unreadable_s3_object_puts_the_resource_in_failed(
    kendra, make_index, files, transition, family
):
    transition(family.model, progression="manual", times=1)
    for missing, path in (("key", files.path("absent.txt")),
                          ("bucket", {"Bucket": "no-bucket", "Key": "x"})):
        index = make_index(f"missing-{missing}")  # one per index: thesauri and block lists
        child = family.create(kendra, index, path)
        for _ in range(2):  # FAILED has no transition
            described = family.describe(kendra, index, child)
            assert (described["Status"], described["ErrorMessage"]) == (
                "FAILED", unreadable(path)
            ), missing
        assert family.items(kendra, index)[0]["Status"] == "FAILED"


# -- lookups and gating ---------------------------------------------------------------------


@each_family
def test_unknown_id_is_not_found_in_its_index(kendra, index_id, family):
    message = f"{family.label} {UNKNOWN} does not exist in index {index_id}."
    for call in (family.describe, family.delete):
        expect_error(lambda call=call: call(kendra, index_id, UNKNOWN),
                     "ResourceNotFoundException", message)


@each_family
def test_a_resource_is_not_found_through_another_index(kendra, index_id, make_index, make, family):
    child = make(family)
    other = make_index("other")
    expect_error(lambda: family.describe(kendra, other, child), "ResourceNotFoundException",
                 f"{family.label} {child} does not exist in index {other}.")


@each_family
def test_every_operation_needs_a_present_index(kendra, files, family):
    message = f"Index {UNKNOWN} does not exist."
    calls = [
        lambda: family.create(kendra, UNKNOWN, files.put(family.sample)),
        lambda: family.describe(kendra, UNKNOWN, UNKNOWN),
        lambda: family.delete(kendra, UNKNOWN, UNKNOWN),
        lambda: family.listed(kendra, UNKNOWN),
    ]
    if family in UPDATABLE:
        calls.append(lambda: family.update(kendra, UNKNOWN, UNKNOWN, Name="x"))
    for call in calls:
        expect_error(call, "ResourceNotFoundException", message)


@each_family
def test_create_is_refused_while_the_index_is_creating(
    kendra, make_index, transition, files, family
):
    index = creating_index(make_index, transition)
    expect_error(lambda: family.create(kendra, index, files.put(family.sample)),
                 "ConflictException", f"Index {index} is CREATING and cannot serve this request.")
    assert family.items(kendra, index) == []


@each_family
def test_delete_passes_the_gate_of_a_creating_index(kendra, make_index, transition, family):
    index = creating_index(make_index, transition)
    expect_error(lambda: family.delete(kendra, index, UNKNOWN), "ResourceNotFoundException",
                 f"{family.label} {UNKNOWN} does not exist in index {index}.")


@each_family
def test_writes_are_refused_while_the_index_is_deleting(
    kendra, make_index, transition, make, files, family
):
    index, child = deleting_index(kendra, make_index, transition, make, family)
    message = f"Index {index} is DELETING and cannot serve this request."
    expect_error(lambda: family.create(kendra, index, files.put(family.sample)),
                 "ConflictException", message)
    expect_error(lambda: family.delete(kendra, index, child), "ConflictException", message)
    if family in UPDATABLE:
        expect_error(lambda: family.update(kendra, index, child, Name="x"),
                     "ConflictException", message)


@each_family
def test_reads_answer_while_the_index_is_deleting(
    kendra, make_index, transition, make, family
):
    index, child = deleting_index(kendra, make_index, transition, make, family)
    assert family.describe(kendra, index, child)["Id"] == child
    assert [item["Id"] for item in family.items(kendra, index)] == [child]


# -- delete ---------------------------------------------------------------------------------


@each_family
def test_delete_goes_deleting_then_the_resource_is_gone(
    kendra, index_id, make, transition, family
):
    child = make(family)
    transition(family.model, progression="manual", times=3)
    assert family.delete(kendra, index_id, child) == {}
    assert family.status(kendra, index_id, child) == "DELETING"  # first advance
    assert [item["Status"] for item in family.items(kendra, index_id)] == ["DELETING"]  # second
    expect_error(lambda: family.describe(kendra, index_id, child), "ResourceNotFoundException",
                 f"{family.label} {child} does not exist in index {index_id}.")
    assert family.items(kendra, index_id) == []


@each_family
def test_deleting_again_changes_nothing_nor_restarts_the_count(
    kendra, index_id, make, transition, family
):
    child = make(family)
    transition(family.model, progression="manual", times=2)
    family.delete(kendra, index_id, child)
    assert family.status(kendra, index_id, child) == "DELETING"
    family.delete(kendra, index_id, child)  # already DELETING: no change
    expect_error(lambda: family.describe(kendra, index_id, child), "ResourceNotFoundException",
                 f"{family.label} {child} does not exist in index {index_id}.")


@each_family
def test_under_immediate_a_deleted_resource_is_absent_at_once(kendra, index_id, make, family):
    child = make(family)
    family.delete(kendra, index_id, child)
    expect_error(lambda: family.delete(kendra, index_id, child), "ResourceNotFoundException",
                 f"{family.label} {child} does not exist in index {index_id}.")


@each_family
def test_a_failed_resource_can_be_deleted_and_then_shows_no_error_message(
    kendra, index_id, files, transition, family
):
    transition(family.model, progression="manual", times=2)
    child = family.create(kendra, index_id, files.path("absent.txt"))
    family.delete(kendra, index_id, child)
    described = family.describe(kendra, index_id, child)
    assert described["Status"] == "DELETING"
    assert "ErrorMessage" not in described
    assert family.items(kendra, index_id) == []


# -- quotas -----------------------------------------------------------------------------------


@each_single
def test_quota_of_one_per_index(kendra, index_id, make_index, make, files, family):
    make(family)
    expect_error(lambda: family.create(kendra, index_id, files.put(family.sample)),
                 "ServiceQuotaExceededException", f"Quota exceeded: at most 1 {family.noun}.")
    assert len(family.items(kendra, index_id)) == 1
    make(family, make_index("another"))  # the quota is per index


@each_single
def test_quota_counts_deleting_and_failed_resources(
    kendra, index_id, make, files, transition, family
):
    """Choice: unlike indices and data sources, every present resource counts."""
    failed = family.create(kendra, index_id, files.path("absent.txt"))
    expect_error(lambda: make(family), "ServiceQuotaExceededException",
                 f"Quota exceeded: at most 1 {family.noun}.")
    transition(family.model, progression="manual", times=1)
    family.delete(kendra, index_id, failed)
    expect_error(lambda: make(family), "ServiceQuotaExceededException",
                 f"Quota exceeded: at most 1 {family.noun}.")
    assert family.items(kendra, index_id) == []  # the advance removes it
    make(family)


# -- ClientToken ------------------------------------------------------------------------------


@each_family
def test_client_token_replays_while_present_then_creates_anew(
    kendra, index_id, make_index, files, family
):
    path = files.put(family.sample)
    first = family.create(kendra, index_id, path, ClientToken="token-1")
    again = family.create(kendra, index_id, files.path("absent.txt"), name="other",
                          ClientToken="token-1")
    assert again == first
    assert [item["Id"] for item in family.items(kendra, index_id)] == [first]
    other_index = make_index("other")
    assert family.create(kendra, other_index, path, ClientToken="token-1") != first
    family.delete(kendra, index_id, first)
    fresh = family.create(kendra, index_id, path, ClientToken="token-1")
    assert fresh != first
    assert [item["Id"] for item in family.items(kendra, index_id)] == [fresh]


@each_single
def test_client_token_replay_answers_before_the_quota(kendra, index_id, files, family):
    path = files.put(family.sample)
    first = family.create(kendra, index_id, path, ClientToken="again")  # the quota is now full
    assert family.create(kendra, index_id, path, ClientToken="again") == first


# -- tags -------------------------------------------------------------------------------------


@each_family
def test_tags_given_on_create_are_listed_on_the_resource_arn(kendra, index_id, files, family):
    tags = [{"Key": "team", "Value": "search"}, {"Key": "Team", "Value": "case"}]
    child = family.create(kendra, index_id, files.put(family.sample), Tags=tags)
    assert kendra.list_tags_for_resource(ResourceARN=family.arn(index_id, child))["Tags"] == tags


@each_family
def test_create_with_an_aws_tag_key_fails_and_creates_nothing(kendra, index_id, files, family):
    expect_error(
        lambda: family.create(kendra, index_id, files.put(family.sample),
                              Tags=[{"Key": "AWS:owner", "Value": "x"}]),
        "ValidationException",
        "Tag keys may not start with aws:.",
    )
    assert family.items(kendra, index_id) == []


@each_family
def test_tag_operations_reach_present_resources_including_deleting_ones(
    kendra, index_id, make, transition, family
):
    child = make(family)
    resource = family.arn(index_id, child)
    kendra.tag_resource(ResourceARN=resource, Tags=[{"Key": "k", "Value": "v"}])
    transition(family.model, progression="manual", times=5)
    family.delete(kendra, index_id, child)
    kendra.untag_resource(ResourceARN=resource, TagKeys=["absent"])
    assert kendra.list_tags_for_resource(ResourceARN=resource)["Tags"] == [
        {"Key": "k", "Value": "v"}
    ]


@each_family
def test_tags_vanish_when_the_resource_is_removed(
    kendra, index_id, make, files, endpoint, family
):
    files.path("bucket-first")  # S3 calls stay the same after each reseed
    reseed(endpoint, 21)
    child = make(family, Tags=[{"Key": "k", "Value": "v"}])
    family.delete(kendra, index_id, child)
    expect_error(lambda: kendra.list_tags_for_resource(ResourceARN=family.arn(index_id, child)),
                 "ResourceUnavailableException",
                 f"Resource {family.arn(index_id, child)} is not available.")
    reseed(endpoint, 21)
    assert make(family) == child  # the same ARN again, without the old tags
    assert kendra.list_tags_for_resource(ResourceARN=family.arn(index_id, child))["Tags"] == []


@each_family
def test_tags_vanish_when_the_index_is_removed(
    kendra, make_index, make, files, endpoint, family
):
    files.path("bucket-first")  # S3 calls stay the same after each reseed
    reseed(endpoint, 22)
    index = make_index("parent")
    child = make(family, index, Tags=[{"Key": "k", "Value": "v"}])
    kendra.delete_index(Id=index)
    reseed(endpoint, 22)
    assert (make_index("parent"), make(family, index)) == (index, child)
    assert kendra.list_tags_for_resource(ResourceARN=family.arn(index, child))["Tags"] == []


# -- Update (thesauri and block lists) --------------------------------------------------------


@each_updatable
def test_update_goes_updating_then_active(kendra, index_id, make, transition, family):
    child = make(family)
    assert family.status(kendra, index_id, child) == "ACTIVE"
    transition(family.model, progression="manual", times=2)
    assert family.update(kendra, index_id, child) == {}
    assert [family.status(kendra, index_id, child) for _ in range(3)] == [
        "UPDATING", "ACTIVE", "ACTIVE"
    ]


@each_updatable
def test_update_replaces_the_given_members_only(kendra, index_id, files, family):
    path = files.put(family.sample)
    child = family.create(kendra, index_id, path, name="before", Description="kept")
    other_path = files.put(family.sample)
    family.update(kendra, index_id, child, Name="after", **{family.path_member: other_path})
    described = family.describe(kendra, index_id, child)
    assert (described["Name"], described["Description"]) == ("after", "kept")
    assert (described[family.path_member], described["RoleArn"]) == (other_path, ROLE)


@each_updatable
@pytest.mark.parametrize("status", ["CREATING", "DELETING"])
def test_update_is_refused_while_creating_or_deleting(
    kendra, index_id, make, transition, family, status
):
    transition(family.model, progression="manual", times=5)
    child = make(family)
    if status == "DELETING":
        family.delete(kendra, index_id, child)
    expect_error(lambda: family.update(kendra, index_id, child, Name="x"), "ConflictException",
                 f"{family.label} {child} is {status} and cannot serve this request.")
    assert family.describe(kendra, index_id, child)["Name"] == "files"


@each_updatable
def test_update_of_an_unknown_id_is_not_found(kendra, index_id, family):
    expect_error(lambda: family.update(kendra, index_id, UNKNOWN, Name="x"),
                 "ResourceNotFoundException",
                 f"{family.label} {UNKNOWN} does not exist in index {index_id}.")


@each_updatable
def test_update_is_refused_while_the_index_is_creating(kendra, make_index, transition, family):
    index = creating_index(make_index, transition)
    expect_error(lambda: family.update(kendra, index, UNKNOWN, Name="x"), "ConflictException",
                 f"Index {index} is CREATING and cannot serve this request.")


@each_updatable
def test_update_rereads_the_file_and_fails_when_it_is_gone(kendra, index_id, files, family):
    path = files.put(family.sample, key="replaced.txt")
    child = family.create(kendra, index_id, path)
    files.s3.delete_object(**{"Bucket": path["Bucket"], "Key": path["Key"]})
    family.update(kendra, index_id, child)
    described = family.describe(kendra, index_id, child)
    assert (described["Status"], described["ErrorMessage"]) == ("FAILED", unreadable(path))


@each_updatable
def test_update_of_a_failed_resource_reads_the_new_file(kendra, index_id, files, family):
    child = family.create(kendra, index_id, files.path("absent.txt"))
    family.update(kendra, index_id, child, **{family.path_member: files.put(family.sample)})
    described = family.describe(kendra, index_id, child)
    assert described["Status"] == "ACTIVE"
    assert "ErrorMessage" not in described
