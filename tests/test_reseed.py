"""Re-seeding moto's id generator never makes a create replace a stored resource.

After ``/moto-api/seed`` the generator repeats ids it gave before; a drawn id that a stored
resource of the same collection already has is drawn again, so ids stay repeatable and
nothing is lost (in-process and against the server).
"""

from __future__ import annotations

from typing import Any

from file_support import reseed
from moto.moto_api._internal.moto_random import MotoRandom
from support import ROLE, doc


def draws(seed: int, count: int) -> list[str]:
    generator = MotoRandom()
    generator.seed(seed)
    return [str(generator.uuid4()) for _ in range(count)]


def _statuses(kendra: Any, index_id: str, *doc_ids: str) -> list[str]:
    answer = kendra.batch_get_document_status(
        IndexId=index_id, DocumentInfoList=[{"DocumentId": d} for d in doc_ids]
    )
    assert answer["Errors"] == []
    return [status["DocumentStatus"] for status in answer["DocumentStatusList"]]


def test_reseeding_never_replaces_an_index(endpoint: str | None, kendra: Any) -> None:
    reseed(endpoint, 42)
    first = kendra.create_index(Name="first", RoleArn=ROLE)["Id"]
    put = kendra.batch_put_document(IndexId=first, Documents=[doc("kept", "lantern")])
    assert put["FailedDocuments"] == []
    reseed(endpoint, 42)
    second = kendra.create_index(Name="second", RoleArn=ROLE)["Id"]
    assert [first, second] == draws(42, 2)  # the colliding draw was drawn again
    names = {s["Id"]: s["Name"] for s in kendra.list_indices()["IndexConfigurationSummaryItems"]}
    assert names == {first: "first", second: "second"}
    assert kendra.describe_index(Id=first)["Name"] == "first"
    assert _statuses(kendra, first, "kept") == ["INDEXED"]
    hits = kendra.query(IndexId=first, QueryText="lantern")["ResultItems"]
    assert [hit["DocumentId"] for hit in hits] == ["kept"]


def test_reseeding_never_replaces_a_child(endpoint: str | None, kendra: Any,
                                          index_id: str) -> None:
    reseed(endpoint, 7)
    first = kendra.create_data_source(IndexId=index_id, Name="first", Type="CUSTOM")["Id"]
    reseed(endpoint, 7)
    second = kendra.create_data_source(IndexId=index_id, Name="second", Type="CUSTOM")["Id"]
    assert [first, second] == draws(7, 2)
    listed = kendra.list_data_sources(IndexId=index_id)["SummaryItems"]
    assert {s["Id"]: s["Name"] for s in listed} == {first: "first", second: "second"}
    assert kendra.describe_data_source(Id=first, IndexId=index_id)["Name"] == "first"


def test_reseeding_draws_a_child_id_unused_by_any_kind(endpoint: str | None, kendra: Any,
                                                       index_id: str) -> None:
    reseed(endpoint, 9)
    source = kendra.create_data_source(IndexId=index_id, Name="source", Type="CUSTOM")["Id"]
    reseed(endpoint, 9)
    featured = kendra.create_featured_results_set(
        IndexId=index_id, FeaturedResultsSetName="featured"
    )["FeaturedResultsSet"]["FeaturedResultsSetId"]
    assert [source, featured] == draws(9, 2)
    assert kendra.describe_data_source(Id=source, IndexId=index_id)["Name"] == "source"


def test_reseeding_never_replaces_a_sync_job(endpoint: str | None, kendra: Any,
                                             make_data_source: Any, transition: Any) -> None:
    source = make_data_source()
    index_id = kendra.list_indices()["IndexConfigurationSummaryItems"][0]["Id"]
    reseed(endpoint, 11)
    first = kendra.start_data_source_sync_job(Id=source, IndexId=index_id)["ExecutionId"]
    kendra.stop_data_source_sync_job(Id=source, IndexId=index_id)
    reseed(endpoint, 11)
    second = kendra.start_data_source_sync_job(Id=source, IndexId=index_id)["ExecutionId"]
    assert [first, second] == draws(11, 2)
    jobs = kendra.list_data_source_sync_jobs(Id=source, IndexId=index_id)["History"]
    assert sorted(job["ExecutionId"] for job in jobs) == sorted([first, second])
