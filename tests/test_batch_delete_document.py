"""BatchDeleteDocument: each of its checks in order (model validation, the index, the metric
target's data source, the target job, each distinct document), the decision tables for the
target job and for each document, and the job metrics a delete drives."""

from __future__ import annotations

from typing import Any

from document_support import (
    CUSTOM_METRICS,
    counts,
    delete,
    failure,
    job_metrics,
    owned,
    put,
    raw_error,
    start_job,
    statuses,
    text_statistics,
)
from support import ROLE, doc, expect_error

NOT_RUNNING = "The sync job {} is not running."
OWNED_BY = "Document is owned by data source {}."


def constraint_error(value: str, path: str, phrase: str) -> str:
    """One violation, worded as the model validation words it."""
    violation = f"Value {value} at '{path}' failed to satisfy constraint: Member must {phrase}"
    return f"1 validation error detected: {violation}"


# -- checked first: model validation, nothing deleted -----------------------------------


def test_more_than_ten_ids_fail_validation_and_delete_nothing(kendra: Any, index_id: str) -> None:
    ids = [f"d{n}" for n in range(11)]
    put(kendra, index_id, *ids[:10])
    expect_error(
        lambda: kendra.batch_delete_document(IndexId=index_id, DocumentIdList=ids),
        "ValidationException",
        constraint_error(f"'[{', '.join(ids)}]'", "documentIdList",
                         "have length less than or equal to 10"),
    )
    assert statuses(kendra, index_id, *ids[:10]) == ["INDEXED"] * 10


def test_empty_id_list_fails_validation(
    kendra: Any, index_id: str, endpoint: str | None
) -> None:
    body = {"IndexId": index_id, "DocumentIdList": []}
    assert raw_error(endpoint, "BatchDeleteDocument", body) == (
        "ValidationException",
        constraint_error("'[]'", "documentIdList", "have length greater than or equal to 1"),
    )


def test_id_over_2048_characters_fails_validation_and_deletes_nothing(
    kendra: Any, index_id: str
) -> None:
    longest, too_long = "x" * 2048, "y" * 2049
    put(kendra, index_id, "a", longest)
    expect_error(
        lambda: delete(kendra, index_id, "a", too_long),
        "ValidationException",
        constraint_error(f"'{too_long[:200]}...(cut)'", "documentIdList.2.member",
                         "have length less than or equal to 2048"),
    )
    assert statuses(kendra, index_id, "a", longest) == ["INDEXED", "INDEXED"]
    assert delete(kendra, index_id, "a", longest) == []
    assert statuses(kendra, index_id, "a", longest) == ["NOT_FOUND", "NOT_FOUND"]


def test_metric_target_without_data_source_id_fails_validation_and_deletes_nothing(
    kendra: Any, index_id: str, endpoint: str | None
) -> None:
    put(kendra, index_id, "a")
    body = {
        "IndexId": index_id,
        "DocumentIdList": ["a"],
        "DataSourceSyncJobMetricTarget": {"DataSourceSyncJobId": "job"},
    }
    assert raw_error(endpoint, "BatchDeleteDocument", body) == (
        "ValidationException",
        constraint_error("null", "dataSourceSyncJobMetricTarget.dataSourceId", "not be null"),
    )
    assert statuses(kendra, index_id, "a") == ["INDEXED"]


# -- checked second: the index ------------------------------------------------------------


def test_unknown_index_is_resource_not_found(kendra: Any) -> None:
    missing = "f" * 36
    expect_error(lambda: delete(kendra, missing, "a"), "ResourceNotFoundException",
                 f"Index {missing} does not exist.")


def test_index_of_another_region_is_resource_not_found(kendra: Any, client_for: Any) -> None:
    ireland = client_for(region="eu-west-1")
    elsewhere = ireland.create_index(Name="i", RoleArn=ROLE)["Id"]
    put(ireland, elsewhere, "a")
    expect_error(lambda: delete(kendra, elsewhere, "a"), "ResourceNotFoundException",
                 f"Index {elsewhere} does not exist.")
    assert statuses(ireland, elsewhere, "a") == ["INDEXED"]


def test_creating_index_is_conflict(kendra: Any, make_index: Any, transition: Any) -> None:
    transition("kendra::index", progression="manual", times=1)
    index_id = make_index()
    expect_error(lambda: delete(kendra, index_id, "a"), "ConflictException",
                 f"Index {index_id} is CREATING and cannot serve this request.")


def test_deleting_index_is_conflict(kendra: Any, index_id: str, transition: Any) -> None:
    put(kendra, index_id, "a")
    transition("kendra::index", progression="manual", times=1)
    kendra.delete_index(Id=index_id)
    expect_error(lambda: delete(kendra, index_id, "a"), "ConflictException",
                 f"Index {index_id} is DELETING and cannot serve this request.")


def test_index_status_is_checked_before_the_metric_target(
    kendra: Any, make_index: Any, transition: Any
) -> None:
    transition("kendra::index", progression="manual", times=1)
    index_id = make_index()
    expect_error(lambda: delete(kendra, index_id, "a", DataSourceId="no-such-source"),
                 "ConflictException",
                 f"Index {index_id} is CREATING and cannot serve this request.")


# -- checked third: the metric target's data source -----------------------------------------


def test_data_source_of_another_index_is_resource_not_found(
    kendra: Any, index_id: str, make_index: Any, make_data_source: Any
) -> None:
    other_index = make_index("other")
    other_source = make_data_source(index=other_index)
    job = start_job(kendra, other_index, other_source)
    put(kendra, index_id, "a")
    expect_error(
        lambda: delete(kendra, index_id, "a", DataSourceId=other_source, DataSourceSyncJobId=job),
        "ResourceNotFoundException",
        f"Data source {other_source} does not exist in index {index_id}.",
    )
    assert statuses(kendra, index_id, "a") == ["INDEXED"]
    assert job_metrics(kendra, other_index, other_source, job) == counts()


def test_unknown_data_source_is_resource_not_found(kendra: Any, index_id: str) -> None:
    expect_error(lambda: delete(kendra, index_id, "a", DataSourceId="no-such-source"),
                 "ResourceNotFoundException",
                 f"Data source no-such-source does not exist in index {index_id}.")


def test_removed_data_source_is_resource_not_found(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    put(kendra, index_id, "a")
    kendra.delete_data_source(Id=source, IndexId=index_id)  # removed at once under immediate
    expect_error(lambda: delete(kendra, index_id, "a", DataSourceId=source),
                 "ResourceNotFoundException",
                 f"Data source {source} does not exist in index {index_id}.")
    assert statuses(kendra, index_id, "a") == ["INDEXED"]


# -- checked fourth: the target job --------------------------------------------------------


def test_given_running_job_gets_the_metrics(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, "a", "b")
    assert delete(kendra, index_id, "a", "b", DataSourceId=source, DataSourceSyncJobId=job) == []
    metrics = job_metrics(kendra, index_id, source, job)
    assert set(metrics) == CUSTOM_METRICS  # a CUSTOM job emits exactly four metrics
    assert metrics == counts(deleted=2)
    assert statuses(kendra, index_id, "a", "b") == ["NOT_FOUND", "NOT_FOUND"]


def assert_every_id_fails(
    kendra: Any, index_id: str, source: str, job: str, s3_source: str
) -> None:
    """The target job's failing rows: every submitted Id in FailedDocuments, nothing deleted."""
    put(kendra, index_id, "direct", owned("connector", s3_source))
    ids = ["direct", "never-put", "connector"]
    failures = delete(kendra, index_id, *ids, DataSourceId=source, DataSourceSyncJobId=job)
    assert failures == [failure(i, NOT_RUNNING.format(job)) for i in ids]  # no DataSourceId
    assert statuses(kendra, index_id, *ids) == ["INDEXED", "NOT_FOUND", "INDEXED"]


def test_given_stopped_job_fails_every_id(
    kendra: Any, index_id: str, make_data_source: Any, transition: Any
) -> None:
    source, s3_source = make_data_source(), make_data_source("S3")
    job = start_job(kendra, index_id, source)
    transition("kendra::sync_job", progression="manual", times=1)
    kendra.stop_data_source_sync_job(Id=source, IndexId=index_id)  # SYNCING_INDEXING, held
    assert_every_id_fails(kendra, index_id, source, job, s3_source)
    history = kendra.list_data_source_sync_jobs(Id=source, IndexId=index_id)["History"]
    assert history[0]["Metrics"] == counts()


def test_given_finished_job_fails_every_id(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source, s3_source = make_data_source(), make_data_source("S3")
    job = start_job(kendra, index_id, source)
    kendra.stop_data_source_sync_job(Id=source, IndexId=index_id)
    assert kendra.list_data_source_sync_jobs(Id=source, IndexId=index_id)["History"][0][
        "Status"] == "SUCCEEDED"
    assert_every_id_fails(kendra, index_id, source, job, s3_source)
    assert job_metrics(kendra, index_id, source, job) == counts()


def test_given_job_of_another_data_source_fails_every_id(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source, other, s3_source = make_data_source(), make_data_source(), make_data_source("S3")
    start_job(kendra, index_id, source)
    other_job = start_job(kendra, index_id, other)
    assert_every_id_fails(kendra, index_id, source, other_job, s3_source)
    assert job_metrics(kendra, index_id, other, other_job) == counts()


def test_given_job_that_never_existed_fails_every_id(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source, s3_source = make_data_source(), make_data_source("S3")
    running = start_job(kendra, index_id, source)
    assert_every_id_fails(kendra, index_id, source, "no-such-job", s3_source)
    assert job_metrics(kendra, index_id, source, running) == counts()


def test_omitted_job_gives_the_metrics_to_the_syncing_job(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, "a")
    assert delete(kendra, index_id, "a", DataSourceId=source) == []
    assert job_metrics(kendra, index_id, source, job) == counts(deleted=1)


def test_omitted_job_and_none_syncing_deletes_without_metrics(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    finished = start_job(kendra, index_id, source)
    kendra.stop_data_source_sync_job(Id=source, IndexId=index_id)
    put(kendra, index_id, "a")
    assert delete(kendra, index_id, "a", DataSourceId=source) == []
    assert statuses(kendra, index_id, "a") == ["NOT_FOUND"]
    assert job_metrics(kendra, index_id, source, finished) == counts()


def test_no_metric_target_deletes_without_metrics(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, "a")
    assert delete(kendra, index_id, "a") == []
    assert statuses(kendra, index_id, "a") == ["NOT_FOUND"]
    assert job_metrics(kendra, index_id, source, job) == counts()


# -- checked last: each distinct document ---------------------------------------------------


def test_never_put_document_is_accepted_silently_without_metrics(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    response = kendra.batch_delete_document(
        IndexId=index_id, DocumentIdList=["ghost"],
        DataSourceSyncJobMetricTarget={"DataSourceId": source},
    )
    assert response["FailedDocuments"] == []
    assert job_metrics(kendra, index_id, source, job) == counts()


def test_finished_deletion_is_accepted_silently_without_metrics(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    put(kendra, index_id, "a")
    assert delete(kendra, index_id, "a") == []
    assert statuses(kendra, index_id, "a") == ["NOT_FOUND"]
    job = start_job(kendra, index_id, source)
    assert delete(kendra, index_id, "a", DataSourceId=source) == []
    assert job_metrics(kendra, index_id, source, job) == counts()


def test_pending_deletion_is_left_unchanged_without_metrics(
    kendra: Any, index_id: str, make_data_source: Any, transition: Any
) -> None:
    source = make_data_source()
    put(kendra, index_id, "a")
    transition("kendra::document", progression="manual", times=2)
    assert delete(kendra, index_id, "a") == []
    assert statuses(kendra, index_id, "a") == ["PROCESSING"]  # one of two advances
    job = start_job(kendra, index_id, source)
    assert delete(kendra, index_id, "a", DataSourceId=source) == []
    assert statuses(kendra, index_id, "a") == ["NOT_FOUND"]  # the count was not restarted
    assert job_metrics(kendra, index_id, source, job) == counts()


def test_connector_owned_document_is_not_deleted(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    s3_source = make_data_source("S3")
    put(kendra, index_id, owned("a", s3_source), "b")
    assert delete(kendra, index_id, "a", "b") == [
        failure("a", OWNED_BY.format(s3_source), s3_source)
    ]
    assert statuses(kendra, index_id, "a", "b") == ["INDEXED", "NOT_FOUND"]


def test_connector_owned_document_is_kept_whatever_the_target_names(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    s3_source, custom = make_data_source("S3"), make_data_source()
    job = start_job(kendra, index_id, custom)
    put(kendra, index_id, owned("a", s3_source))
    expected = [failure("a", OWNED_BY.format(s3_source), s3_source)]
    assert delete(kendra, index_id, "a", DataSourceId=s3_source) == expected
    assert delete(kendra, index_id, "a", DataSourceId=custom) == expected
    assert delete(kendra, index_id, "a", DataSourceId=custom, DataSourceSyncJobId=job) == expected
    assert statuses(kendra, index_id, "a") == ["INDEXED"]
    assert job_metrics(kendra, index_id, custom, job) == counts()


def test_processing_document_deletion_shows_processing_then_not_found(
    kendra: Any, index_id: str, transition: Any
) -> None:
    transition("kendra::document", progression="manual", times=2)
    put(kendra, index_id, "a")
    assert statuses(kendra, index_id, "a") == ["PROCESSING"]  # still being indexed
    assert delete(kendra, index_id, "a") == []
    assert statuses(kendra, index_id, "a") == ["PROCESSING"]  # deletion pending
    assert statuses(kendra, index_id, "a") == ["NOT_FOUND"]


def test_finished_deletion_removes_the_record(
    kendra: Any, index_id: str, transition: Any
) -> None:
    transition("kendra::document", progression="manual", times=1)
    put(kendra, index_id, "a")
    assert statuses(kendra, index_id, "a") == ["INDEXED"]
    assert delete(kendra, index_id, "a") == []
    assert statuses(kendra, index_id, "a") == ["NOT_FOUND"]
    put(kendra, index_id, "a")
    assert statuses(kendra, index_id, "a") == ["INDEXED"]  # new, not a re-put (UPDATED)


def test_direct_document_is_not_found_at_once_under_immediate(
    kendra: Any, index_id: str
) -> None:
    put(kendra, index_id, doc("a", "alpha"), doc("b", "beta"))
    assert delete(kendra, index_id, "a") == []
    assert statuses(kendra, index_id, "a", "b") == ["NOT_FOUND", "INDEXED"]
    assert text_statistics(kendra, index_id) == (1, len(b"beta"))


def test_custom_owned_document_is_deleted_and_counted(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    owner, target = make_data_source(), make_data_source()
    put(kendra, index_id, owned("a", owner))
    job = start_job(kendra, index_id, target)
    assert delete(kendra, index_id, "a", DataSourceId=target) == []
    assert statuses(kendra, index_id, "a") == ["NOT_FOUND"]
    assert job_metrics(kendra, index_id, target, job) == counts(deleted=1)


def test_repeated_ids_in_one_request_are_no_ops(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source, s3_source = make_data_source(), make_data_source("S3")
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, "a", owned("s", s3_source))
    failures = delete(kendra, index_id, "a", "s", "a", "s", "a", DataSourceId=source)
    assert failures == [failure("s", OWNED_BY.format(s3_source), s3_source)]
    assert job_metrics(kendra, index_id, source, job) == counts(deleted=1)


# -- metrics -------------------------------------------------------------------------------


def test_documents_deleted_counts_each_document_once_per_sync(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, "a", "b")
    assert delete(kendra, index_id, "a", DataSourceId=source) == []
    put(kendra, index_id, "a")  # a direct put: no metric
    assert delete(kendra, index_id, "a", "b", DataSourceId=source) == []
    assert job_metrics(kendra, index_id, source, job) == counts(deleted=2)


def test_added_then_deleted_counts_as_deleted_only(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, owned("a", source))
    assert job_metrics(kendra, index_id, source, job) == counts(added=1)
    assert delete(kendra, index_id, "a", DataSourceId=source) == []
    assert job_metrics(kendra, index_id, source, job) == counts(deleted=1)


def test_deleted_then_reput_counts_as_added(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    put(kendra, index_id, "a")
    job = start_job(kendra, index_id, source)
    assert delete(kendra, index_id, "a", DataSourceId=source) == []
    put(kendra, index_id, owned("a", source))
    assert job_metrics(kendra, index_id, source, job) == counts(added=1)


def test_deleted_while_pending_then_reput_counts_as_added(
    kendra: Any, index_id: str, make_data_source: Any, transition: Any
) -> None:
    source = make_data_source()
    put(kendra, index_id, "a")
    job = start_job(kendra, index_id, source)
    transition("kendra::document", progression="manual", times=1)
    assert delete(kendra, index_id, "a", DataSourceId=source) == []  # deletion still pending
    put(kendra, index_id, owned("a", source))
    assert job_metrics(kendra, index_id, source, job) == counts(added=1)
