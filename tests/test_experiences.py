"""Experiences, experience entities and personas, GetSnapshots: their rules, gating on the
index status, ClientToken idempotency, pagination, the `experiences per index` quota."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from file_support import FAQ, UNKNOWN, Files
from support import REGION, ROLE, expect_error

MODEL = "kendra::experience"
INTERVALS = (
    "THIS_WEEK", "ONE_WEEK_AGO", "TWO_WEEKS_AGO", "THIS_MONTH", "ONE_MONTH_AGO", "TWO_MONTHS_AGO"
)


def create(kendra: Any, index_id: str, name: str = "experience", **extra: Any) -> str:
    return str(kendra.create_experience(IndexId=index_id, Name=name, **extra)["Id"])


def describe(kendra: Any, index_id: str, experience: str) -> dict[str, Any]:
    return kendra.describe_experience(IndexId=index_id, Id=experience)


def listed(kendra: Any, index_id: str, **extra: Any) -> dict[str, Any]:
    return kendra.list_experiences(IndexId=index_id, **extra)


def endpoints(experience: str) -> list[dict[str, str]]:
    endpoint = f"https://{experience}.experience.kendra.{REGION}.amazonaws.com/"
    return [{"EndpointType": "HOME", "Endpoint": endpoint}]


def not_found(experience: str, index_id: str) -> str:
    return f"Experience {experience} does not exist in index {index_id}."


def entity_ids(count: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(count)]


def users(ids: list[str], kind: str = "USER") -> list[dict[str, str]]:
    return [{"EntityId": entity_id, "EntityType": kind} for entity_id in ids]


def associate(kendra: Any, index_id: str, experience: str, ids: list[str]) -> dict[str, Any]:
    return kendra.associate_entities_to_experience(
        IndexId=index_id, Id=experience, EntityList=users(ids)
    )


def entities(kendra: Any, index_id: str, experience: str, **extra: Any) -> dict[str, Any]:
    return kendra.list_experience_entities(IndexId=index_id, Id=experience, **extra)


def set_personas(kendra: Any, index_id: str, experience: str, **personas: str) -> Any:
    given = [{"EntityId": e, "Persona": p} for e, p in personas.items()]
    return kendra.associate_personas_to_entities(IndexId=index_id, Id=experience, Personas=given)


def personas(kendra: Any, index_id: str, experience: str, **extra: Any) -> dict[str, Any]:
    return kendra.list_entity_personas(IndexId=index_id, Id=experience, **extra)


def failed(response: dict[str, Any]) -> list[dict[str, str]]:
    return list(response.get("FailedEntityList", []))


def deleting_index(kendra: Any, index_id: str, transition: Any) -> None:
    kendra.describe_index(Id=index_id)  # ACTIVE
    transition("kendra::index", progression="manual", times=99)
    kendra.delete_index(Id=index_id)


# -- Create / Describe ----------------------------------------------------------------


def test_create_then_describe_shows_stored_members_and_the_home_endpoint(kendra, index_id):
    configuration = {"UserIdentityConfiguration": {"IdentityAttributeName": "email"}}
    experience = create(kendra, index_id, "portal", RoleArn=ROLE, Description="Staff search",
                        Configuration=configuration)
    described = describe(kendra, index_id, experience)
    created = described.pop("CreatedAt")
    assert described.pop("UpdatedAt") == created
    described.pop("ResponseMetadata")
    assert described == {
        "Id": experience, "IndexId": index_id, "Name": "portal", "RoleArn": ROLE,
        "Description": "Staff search", "Configuration": configuration, "Status": "ACTIVE",
        "Endpoints": endpoints(experience),
    }


def test_a_creating_experience_has_no_endpoints_until_it_reads_active(kendra, index_id,
                                                                        transition):
    transition(MODEL, progression="manual", times=2)
    experience = create(kendra, index_id)
    first = describe(kendra, index_id, experience)
    assert first["Status"] == "CREATING" and "Endpoints" not in first
    [summary] = listed(kendra, index_id)["SummaryItems"]
    assert summary["Status"] == "ACTIVE" and summary["Endpoints"] == endpoints(experience)
    kendra.delete_experience(IndexId=index_id, Id=experience)
    deleting = describe(kendra, index_id, experience)
    assert (deleting["Status"], deleting["Endpoints"]) == ("DELETING", endpoints(experience))
    expect_error(lambda: describe(kendra, index_id, experience), "ResourceNotFoundException",
                 not_found(experience, index_id))


def test_unknown_index_and_unknown_experience_are_resource_not_found(kendra, index_id):
    expect_error(lambda: create(kendra, UNKNOWN), "ResourceNotFoundException",
                 f"Index {UNKNOWN} does not exist.")
    expect_error(lambda: kendra.get_snapshots(IndexId=UNKNOWN, Interval="THIS_WEEK",
                                              MetricType="QUERIES_BY_COUNT"),
                 "ResourceNotFoundException", f"Index {UNKNOWN} does not exist.")
    missing = "no-such-experience"
    [entity] = entity_ids(1)
    for call in (
        lambda: describe(kendra, index_id, missing),
        lambda: kendra.update_experience(IndexId=index_id, Id=missing, Name="x"),
        lambda: kendra.delete_experience(IndexId=index_id, Id=missing),
        lambda: associate(kendra, index_id, missing, [entity]),
        lambda: kendra.disassociate_entities_from_experience(
            IndexId=index_id, Id=missing, EntityList=users([entity])),
        lambda: entities(kendra, index_id, missing),
        lambda: set_personas(kendra, index_id, missing, **{entity: "OWNER"}),
        lambda: kendra.disassociate_personas_from_entities(
            IndexId=index_id, Id=missing, EntityIds=[entity]),
        lambda: personas(kendra, index_id, missing),
    ):
        expect_error(call, "ResourceNotFoundException", not_found(missing, index_id))


def test_configuration_must_name_present_data_sources_then_faqs(kendra, index_id,
                                                                make_data_source, endpoint):
    source = make_data_source()
    faq = FAQ.create(kendra, index_id, Files(endpoint).put(FAQ.sample))
    missing_source, missing_faq = "a" * 36, "b" * 36

    def config(sources: list[str], faqs: list[str]) -> dict[str, Any]:
        return {"ContentSourceConfiguration": {"DataSourceIds": sources, "FaqIds": faqs}}

    expect_error(lambda: create(kendra, index_id, Configuration=config(
        [source, missing_source], [missing_faq])), "ResourceNotFoundException",
        f"Data source {missing_source} does not exist in index {index_id}.")
    expect_error(lambda: create(kendra, index_id, Configuration=config([source], [missing_faq])),
                 "ResourceNotFoundException",
                 f"FAQ {missing_faq} does not exist in index {index_id}.")
    assert listed(kendra, index_id)["SummaryItems"] == []
    experience = create(kendra, index_id, Configuration=config([source], [faq]))
    assert describe(kendra, index_id, experience)["Configuration"] == config([source], [faq])
    expect_error(lambda: kendra.update_experience(
        IndexId=index_id, Id=experience, Name="renamed", Configuration=config([missing_source],
                                                                              [faq])),
        "ResourceNotFoundException",
        f"Data source {missing_source} does not exist in index {index_id}.")
    assert describe(kendra, index_id, experience)["Name"] == "experience"


def test_a_removed_faq_or_data_source_no_longer_counts_as_present(kendra, index_id,
                                                                   make_data_source, endpoint):
    source = make_data_source()
    faq = FAQ.create(kendra, index_id, Files(endpoint).put(FAQ.sample))
    kendra.delete_data_source(IndexId=index_id, Id=source)
    FAQ.delete(kendra, index_id, faq)
    expect_error(lambda: create(kendra, index_id, Configuration={
        "ContentSourceConfiguration": {"FaqIds": [faq]}}), "ResourceNotFoundException",
        f"FAQ {faq} does not exist in index {index_id}.")
    expect_error(lambda: create(kendra, index_id, Configuration={
        "ContentSourceConfiguration": {"DataSourceIds": [source]}}), "ResourceNotFoundException",
        f"Data source {source} does not exist in index {index_id}.")


# -- index gating ---------------------------------------------------------------------


def test_a_creating_index_refuses_create_but_answers_reads(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=99)
    index = make_index("creating")
    expect_error(lambda: create(kendra, index), "ConflictException",
                 f"Index {index} is CREATING and cannot serve this request.")
    assert listed(kendra, index)["SummaryItems"] == []
    snapshot = kendra.get_snapshots(IndexId=index, Interval="THIS_WEEK",
                                    MetricType="QUERIES_BY_COUNT")
    assert snapshot["SnapshotsData"] == []


def test_a_deleting_index_refuses_create_update_delete_but_not_reads_or_entities(
    kendra, index_id, transition
):
    experience = create(kendra, index_id)
    deleting_index(kendra, index_id, transition)
    message = f"Index {index_id} is DELETING and cannot serve this request."
    for call in (
        lambda: create(kendra, index_id),
        lambda: kendra.update_experience(IndexId=index_id, Id=experience, Name="x"),
        lambda: kendra.delete_experience(IndexId=index_id, Id=experience),
    ):
        expect_error(call, "ConflictException", message)
    assert describe(kendra, index_id, experience)["Status"] == "ACTIVE"
    [entity] = entity_ids(1)
    assert failed(associate(kendra, index_id, experience, [entity])) == []


def test_an_updating_index_accepts_update_and_delete(kendra, index_id, transition):
    experience = create(kendra, index_id)
    transition("kendra::index", progression="manual", times=99)
    transition(MODEL, progression="manual", times=99)
    kendra.update_index(Id=index_id, Description="now updating")
    assert kendra.describe_index(Id=index_id)["Status"] == "UPDATING"
    kendra.update_experience(IndexId=index_id, Id=experience, Name="renamed")
    kendra.delete_experience(IndexId=index_id, Id=experience)
    described = describe(kendra, index_id, experience)
    assert (described["Name"], described["Status"]) == ("renamed", "DELETING")


# -- Update / Delete ------------------------------------------------------------------


def test_update_replaces_given_members_at_once_and_moves_updated_at(kendra, index_id):
    experience = create(kendra, index_id, "before", Description="kept", RoleArn=ROLE)
    before = describe(kendra, index_id, experience)
    configuration = {"ContentSourceConfiguration": {"DirectPutContent": True}}
    kendra.update_experience(IndexId=index_id, Id=experience, Name="after",
                             Configuration=configuration)
    after = describe(kendra, index_id, experience)
    assert (after["Name"], after["Description"], after["RoleArn"], after["Status"]) == (
        "after", "kept", ROLE, "ACTIVE")
    assert after["Configuration"] == configuration
    assert after["CreatedAt"] == before["CreatedAt"]
    assert after["UpdatedAt"] > before["UpdatedAt"]


def test_delete_goes_deleting_once_and_the_experience_is_then_removed(kendra, index_id,
                                                                       transition):
    experience = create(kendra, index_id)
    describe(kendra, index_id, experience)
    transition(MODEL, progression="manual", times=99)
    assert kendra.delete_experience(IndexId=index_id, Id=experience)["ResponseMetadata"]
    first = describe(kendra, index_id, experience)
    kendra.delete_experience(IndexId=index_id, Id=experience)  # already DELETING: no change
    second = describe(kendra, index_id, experience)
    assert first["Status"] == second["Status"] == "DELETING"
    assert first["UpdatedAt"] == second["UpdatedAt"] > first["CreatedAt"]
    [summary] = listed(kendra, index_id)["SummaryItems"]
    assert summary["Status"] == "DELETING"


def test_under_immediate_a_deleted_experience_is_gone(kendra, index_id):
    experience = create(kendra, index_id)
    kendra.delete_experience(IndexId=index_id, Id=experience)
    expect_error(lambda: describe(kendra, index_id, experience), "ResourceNotFoundException",
                 not_found(experience, index_id))
    assert listed(kendra, index_id)["SummaryItems"] == []


def test_a_deleting_experience_refuses_update_and_entity_writes(kendra, index_id, transition):
    experience = create(kendra, index_id)
    [entity] = entity_ids(1)
    associate(kendra, index_id, experience, [entity])
    transition(MODEL, progression="manual", times=99)
    kendra.delete_experience(IndexId=index_id, Id=experience)
    message = f"Experience {experience} is DELETING and cannot serve this request."
    for call in (
        lambda: kendra.update_experience(IndexId=index_id, Id=experience, Name="x"),
        lambda: associate(kendra, index_id, experience, entity_ids(1)),
        lambda: kendra.disassociate_entities_from_experience(
            IndexId=index_id, Id=experience, EntityList=users([entity])),
        lambda: set_personas(kendra, index_id, experience, **{entity: "OWNER"}),
        lambda: kendra.disassociate_personas_from_entities(
            IndexId=index_id, Id=experience, EntityIds=[entity]),
    ):
        expect_error(call, "ConflictException", message)
    assert [e["EntityId"] for e in entities(kendra, index_id, experience)["SummaryItems"]] == [
        entity]


# -- List, quota, ClientToken -----------------------------------------------------------


def test_list_is_in_creation_order_with_summary_members_and_pages(kendra, index_id):
    created = [create(kendra, index_id, f"exp-{n}") for n in range(3)]
    first = listed(kendra, index_id, MaxResults=2)
    assert [item["Id"] for item in first["SummaryItems"]] == created[:2]
    item = first["SummaryItems"][0]
    assert set(item) == {"Name", "Id", "CreatedAt", "Status", "Endpoints"}
    assert (item["Name"], item["Status"]) == ("exp-0", "ACTIVE")
    rest = listed(kendra, index_id, MaxResults=2, NextToken=first["NextToken"])
    assert [item["Id"] for item in rest["SummaryItems"]] == created[2:]
    assert "NextToken" not in rest
    assert [item["Id"] for item in listed(kendra, index_id)["SummaryItems"]] == created


def test_a_foreign_next_token_is_invalid(kendra, index_id, make_index):
    for n in range(2):
        create(kendra, index_id, f"exp-{n}")
    token = listed(kendra, index_id, MaxResults=1)["NextToken"]
    other = make_index("other")
    expect_error(lambda: listed(kendra, other, NextToken=token), "ValidationException",
                 "Invalid NextToken.")


def test_quota_of_50_experiences_per_index(kendra, index_id, make_index):
    created = [create(kendra, index_id, f"exp-{n}") for n in range(50)]
    expect_error(lambda: create(kendra, index_id), "ServiceQuotaExceededException",
                 "Quota exceeded: at most 50 experiences per index.")
    assert len(listed(kendra, index_id)["SummaryItems"]) == 50
    create(kendra, make_index("other"))  # per index
    kendra.delete_experience(IndexId=index_id, Id=created[0])  # removed at once (immediate)
    create(kendra, index_id)


def test_client_token_replays_while_present_then_creates_anew(kendra, index_id):
    first = create(kendra, index_id, "one", ClientToken="token-1")
    assert create(kendra, index_id, "other-name", ClientToken="token-1") == first
    assert [item["Id"] for item in listed(kendra, index_id)["SummaryItems"]] == [first]
    kendra.delete_experience(IndexId=index_id, Id=first)
    again = create(kendra, index_id, "one", ClientToken="token-1")
    assert again != first


# -- entities --------------------------------------------------------------------------


def test_associate_lists_entities_and_reports_already_associated(kendra, index_id):
    experience = create(kendra, index_id)
    user, group = entity_ids(2)
    response = kendra.associate_entities_to_experience(
        IndexId=index_id, Id=experience,
        EntityList=users([user]) + users([group], "GROUP"))
    assert "FailedEntityList" not in response
    again = associate(kendra, index_id, experience, [group, user, group])
    message = "Entity {} is already associated with experience {}."
    assert failed(again) == [
        {"EntityId": e, "ErrorMessage": message.format(e, experience)}
        for e in (group, user, group)
    ]
    listing = entities(kendra, index_id, experience)
    assert listing["SummaryItems"] == [
        {"EntityId": user, "EntityType": "USER"}, {"EntityId": group, "EntityType": "GROUP"}]
    assert "NextToken" not in listing


def test_disassociate_reports_unassociated_and_drops_the_persona(kendra, index_id):
    experience = create(kendra, index_id)
    kept, dropped, stranger = entity_ids(3)
    associate(kendra, index_id, experience, [kept, dropped])
    set_personas(kendra, index_id, experience, **{dropped: "OWNER", kept: "VIEWER"})
    response = kendra.disassociate_entities_from_experience(
        IndexId=index_id, Id=experience, EntityList=users([dropped, stranger]))
    assert failed(response) == [{
        "EntityId": stranger,
        "ErrorMessage": f"Entity {stranger} is not associated with experience {experience}.",
    }]
    assert [e["EntityId"] for e in entities(kendra, index_id, experience)["SummaryItems"]] == [
        kept]
    assert [p["EntityId"] for p in personas(kendra, index_id, experience)["SummaryItems"]] == [
        kept]


def test_failed_entity_list_holds_at_most_25_items(kendra, index_id):
    experience = create(kendra, index_id)
    strangers = entity_ids(40)
    response = kendra.disassociate_entities_from_experience(
        IndexId=index_id, Id=experience, EntityList=users(strangers))
    assert [f["EntityId"] for f in failed(response)] == strangers[:25]


def test_list_experience_entities_always_pages_by_10(kendra, index_id, make_index):
    experience = create(kendra, index_id)
    other = create(kendra, index_id, "other")
    ids = entity_ids(23)
    associate(kendra, index_id, experience, ids[:20])
    associate(kendra, index_id, experience, ids[20:])
    associate(kendra, index_id, other, ids[:11])
    seen: list[str] = []
    tokens: list[str] = []
    pages = []
    while True:
        page = entities(kendra, index_id, experience, **({"NextToken": tokens[-1]} if tokens
                                                           else {}))
        pages.append(len(page["SummaryItems"]))
        seen += [item["EntityId"] for item in page["SummaryItems"]]
        if "NextToken" not in page:
            break
        tokens.append(page["NextToken"])
    assert (pages, seen) == ([10, 10, 3], ids)
    expect_error(lambda: entities(kendra, index_id, other, NextToken=tokens[0]),
                 "ValidationException", "Invalid NextToken.")


# -- personas ----------------------------------------------------------------------------


def test_personas_need_an_associated_entity_and_are_set_then_replaced(kendra, index_id):
    experience = create(kendra, index_id)
    owner, viewer, stranger = entity_ids(3)
    associate(kendra, index_id, experience, [owner, viewer])
    response = set_personas(kendra, index_id, experience,
                            **{owner: "OWNER", stranger: "VIEWER", viewer: "VIEWER"})
    assert failed(response) == [{
        "EntityId": stranger,
        "ErrorMessage": f"Entity {stranger} is not associated with experience {experience}.",
    }]
    [first_owner, first_viewer] = personas(kendra, index_id, experience)["SummaryItems"]
    assert (first_owner["EntityId"], first_owner["Persona"]) == (owner, "OWNER")
    assert (first_viewer["EntityId"], first_viewer["Persona"]) == (viewer, "VIEWER")
    assert first_owner["CreatedAt"] == first_owner["UpdatedAt"]
    assert "FailedEntityList" not in set_personas(kendra, index_id, experience,
                                                  **{owner: "VIEWER"})
    [replaced, same] = personas(kendra, index_id, experience)["SummaryItems"]
    assert (replaced["EntityId"], replaced["Persona"]) == (owner, "VIEWER")
    assert replaced["CreatedAt"] == first_owner["CreatedAt"]
    assert replaced["UpdatedAt"] > first_owner["UpdatedAt"]
    assert same == first_viewer


def test_disassociate_personas_reports_entities_without_one(kendra, index_id):
    experience = create(kendra, index_id)
    owner, bare = entity_ids(2)
    associate(kendra, index_id, experience, [owner, bare])
    set_personas(kendra, index_id, experience, **{owner: "OWNER"})
    response = kendra.disassociate_personas_from_entities(
        IndexId=index_id, Id=experience, EntityIds=[owner, bare, owner])
    message = "Entity {} has no persona in experience {}."
    assert failed(response) == [
        {"EntityId": e, "ErrorMessage": message.format(e, experience)} for e in (bare, owner)]
    assert personas(kendra, index_id, experience)["SummaryItems"] == []
    assert [e["EntityId"] for e in entities(kendra, index_id, experience)["SummaryItems"]] == [
        owner, bare]


def test_list_entity_personas_pages_with_max_results(kendra, index_id):
    experience = create(kendra, index_id)
    ids = entity_ids(3)
    associate(kendra, index_id, experience, ids)
    set_personas(kendra, index_id, experience, **{e: "VIEWER" for e in ids})
    first = personas(kendra, index_id, experience, MaxResults=2)
    assert [p["EntityId"] for p in first["SummaryItems"]] == ids[:2]
    rest = personas(kendra, index_id, experience, MaxResults=2, NextToken=first["NextToken"])
    assert [p["EntityId"] for p in rest["SummaryItems"]] == ids[2:]
    assert "NextToken" not in rest


# -- GetSnapshots --------------------------------------------------------------------------


def month_start(year: int, month: int, back: int) -> datetime:
    """The 1st 00:00 UTC of the month ``back`` months before (year, month)."""
    count = year * 12 + (month - 1) - back
    return datetime(count // 12, count % 12 + 1, 1, tzinfo=timezone.utc)


def expected_start_end(interval: str, at: datetime) -> tuple[datetime, datetime | None]:
    """The window seen at ``at``; None as the end means "now"."""
    day = datetime(at.year, at.month, at.day, tzinfo=timezone.utc)
    monday = day - timedelta(days=at.isoweekday() - 1)
    if interval == "THIS_WEEK":
        return monday, None
    if interval == "THIS_MONTH":
        return month_start(at.year, at.month, 0), None
    if interval.endswith("WEEK_AGO") or interval.endswith("WEEKS_AGO"):
        back = 1 if interval == "ONE_WEEK_AGO" else 2
        return monday - timedelta(days=7 * back), monday - timedelta(days=7 * (back - 1))
    back = 1 if interval == "ONE_MONTH_AGO" else 2
    return month_start(at.year, at.month, back), month_start(at.year, at.month, back - 1)


def check_window(response: dict[str, Any], interval: str, before: datetime,
                 after: datetime) -> None:
    """The response's window is the one seen at ``before`` or at ``after`` (a week or month
    may begin during the call); a THIS_* window ends between the two."""
    assert (response["SnapshotsDataHeader"], response["SnapshotsData"]) == ([], [])
    assert "NextToken" not in response
    window = response["SnapShotTimeFilter"]
    start, end = window["StartTime"], window["EndTime"]
    candidates = {expected_start_end(interval, moment) for moment in (before, after)}
    assert any(start == s and (e is None or end == e) for s, e in candidates), (
        window, candidates)
    if interval.startswith("THIS_"):
        slack = timedelta(milliseconds=1)
        assert before - slack <= end <= after + slack


@pytest.mark.parametrize("interval", INTERVALS)
def test_get_snapshots_returns_the_utc_calendar_window_and_no_data(kendra, index_id, interval):
    before = datetime.now(timezone.utc)
    response = kendra.get_snapshots(IndexId=index_id, Interval=interval,
                                    MetricType="QUERIES_BY_COUNT")
    check_window(response, interval, before, datetime.now(timezone.utc))


@pytest.mark.parametrize("interval", ["ONE_WEEK_AGO", "THIS_MONTH"])
def test_get_snapshots_is_one_page_whatever_max_results_and_next_token(kendra, index_id,
                                                                       interval):
    before = datetime.now(timezone.utc)
    response = kendra.get_snapshots(IndexId=index_id, Interval=interval,
                                    MetricType="DOCS_BY_CLICK_COUNT", MaxResults=1,
                                    NextToken="not-a-token")
    check_window(response, interval, before, datetime.now(timezone.utc))
