"""Sync jobs: their lifecycle, metrics, EndTime and pagination."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from support import doc, expect_error, signed_post

CUSTOM_METRICS = {"DocumentsAdded", "DocumentsModified", "DocumentsDeleted", "DocumentsFailed"}
CONNECTOR_METRICS = CUSTOM_METRICS | {"DocumentsScanned"}
JOB_MEMBERS = {"ExecutionId", "StartTime", "EndTime", "Status", "Metrics"}
DEFAULT_PAGE = 10
UNKNOWN = "0" * 36


@pytest.fixture
def manual_jobs(transition: Any) -> None:
    """Sync jobs move only when advanced twice (so every intermediate status is seen)."""
    transition("kendra::sync_job", progression="manual", times=2)


@pytest.fixture
def held_jobs(transition: Any) -> None:
    """Sync jobs never move on their own."""
    transition("kendra::sync_job", progression="manual", times=99)


@pytest.fixture
def custom(kendra: Any, index_id: str, make_data_source: Any) -> str:
    """An ACTIVE CUSTOM data source."""
    source = make_data_source()
    kendra.describe_data_source(Id=source, IndexId=index_id)
    return str(source)


@pytest.fixture
def connector(kendra: Any, index_id: str, make_data_source: Any) -> str:
    """An ACTIVE connector (WEBCRAWLER: no real crawl, unlike S3) data source."""
    source = make_data_source("WEBCRAWLER")
    kendra.describe_data_source(Id=source, IndexId=index_id)
    return str(source)


def start(kendra: Any, index_id: str, source: str) -> str:
    return str(kendra.start_data_source_sync_job(Id=source, IndexId=index_id)["ExecutionId"])


def stop(kendra: Any, index_id: str, source: str) -> None:
    kendra.stop_data_source_sync_job(Id=source, IndexId=index_id)


def history(kendra: Any, index_id: str, source: str, **kwargs: Any) -> list[dict[str, Any]]:
    response = kendra.list_data_source_sync_jobs(Id=source, IndexId=index_id, **kwargs)
    return list(response["History"])


def job(kendra: Any, index_id: str, source: str, execution_id: str) -> dict[str, Any]:
    """One job as ListDataSourceSyncJobs shows it (this advances every job once)."""
    found = [j for j in history(kendra, index_id, source) if j["ExecutionId"] == execution_id]
    assert len(found) == 1
    return found[0]


def statuses(kendra: Any, index_id: str, source: str, execution_id: str, reads: int) -> list:
    return [job(kendra, index_id, source, execution_id)["Status"] for _ in range(reads)]


def stopped_jobs(kendra: Any, index_id: str, source: str, count: int) -> list[str]:
    """``count`` CUSTOM jobs started one after another, each stopped (SYNCING_INDEXING)."""
    executions = []
    for _ in range(count):
        executions.append(start(kendra, index_id, source))
        stop(kendra, index_id, source)
    return executions


def owned(doc_id: str, source: str, execution: str | None = None, text: str = "t") -> dict:
    attributes = [{"Key": "_data_source_id", "Value": {"StringValue": source}}]
    if execution is not None:
        key = "_data_source_sync_job_execution_id"
        attributes.append({"Key": key, "Value": {"StringValue": execution}})
    return doc(doc_id, text, Attributes=attributes)


def metrics(kendra: Any, index_id: str, source: str, execution: str) -> dict[str, str]:
    return dict(job(kendra, index_id, source, execution)["Metrics"])


def counts(added: int = 0, modified: int = 0, deleted: int = 0) -> dict[str, str]:
    return {
        "DocumentsAdded": str(added),
        "DocumentsModified": str(modified),
        "DocumentsDeleted": str(deleted),
        "DocumentsFailed": "0",
    }


# -- StartDataSourceSyncJob -------------------------------------------------------------


def test_start_returns_only_an_execution_id_of_a_syncing_job(kendra, index_id, custom):
    response = kendra.start_data_source_sync_job(Id=custom, IndexId=index_id)
    response.pop("ResponseMetadata")
    assert set(response) == {"ExecutionId"}
    listed = history(kendra, index_id, custom)
    assert [(j["ExecutionId"], j["Status"]) for j in listed] == [
        (response["ExecutionId"], "SYNCING")
    ]
    assert listed[0]["Metrics"] == counts()


def test_custom_job_is_held_syncing_under_immediate(kendra, index_id, custom):
    execution = start(kendra, index_id, custom)
    assert statuses(kendra, index_id, custom, execution, 3) == ["SYNCING"] * 3
    assert "EndTime" not in job(kendra, index_id, custom, execution)


def test_connector_job_succeeds_at_first_read_under_immediate(kendra, index_id, connector):
    execution = start(kendra, index_id, connector)
    assert statuses(kendra, index_id, connector, execution, 1) == ["SUCCEEDED"]


def test_connector_job_goes_syncing_then_indexing_then_succeeded(
    kendra, index_id, connector, manual_jobs
):
    execution = start(kendra, index_id, connector)
    assert statuses(kendra, index_id, connector, execution, 4) == [
        "SYNCING",
        "SYNCING_INDEXING",
        "SYNCING_INDEXING",
        "SUCCEEDED",
    ]


def test_start_on_creating_data_source_is_a_conflict(
    kendra, index_id, make_data_source, transition
):
    transition("kendra::datasource", progression="manual", times=99)
    source = make_data_source()
    expect_error(
        lambda: start(kendra, index_id, source),
        "ConflictException",
        f"Data source {source} is CREATING and cannot serve this request.",
    )


def test_start_on_deleting_data_source_is_a_conflict(kendra, index_id, custom, transition):
    transition("kendra::datasource", progression="manual", times=99)
    kendra.delete_data_source(Id=custom, IndexId=index_id)
    expect_error(
        lambda: start(kendra, index_id, custom),
        "ConflictException",
        f"Data source {custom} is DELETING and cannot serve this request.",
    )


def test_start_on_updating_data_source_is_allowed(kendra, index_id, custom, transition):
    transition("kendra::datasource", progression="manual", times=99)
    kendra.update_data_source(Id=custom, IndexId=index_id, Description="changing")
    execution = start(kendra, index_id, custom)
    assert [j["ExecutionId"] for j in history(kendra, index_id, custom)] == [execution]


def test_start_under_deleting_index_is_a_conflict(kendra, index_id, custom, transition):
    transition("kendra::index", progression="manual", times=99)
    kendra.delete_index(Id=index_id)
    expect_error(
        lambda: start(kendra, index_id, custom),
        "ConflictException",
        f"Index {index_id} is DELETING and cannot serve this request.",
    )


def test_start_on_unknown_data_source_is_not_found(kendra, index_id):
    expect_error(
        lambda: start(kendra, index_id, "missing"),
        "ResourceNotFoundException",
        f"Data source missing does not exist in index {index_id}.",
    )


def test_start_under_unknown_index_is_not_found(kendra):
    expect_error(
        lambda: start(kendra, UNKNOWN, "any"),
        "ResourceNotFoundException",
        f"Index {UNKNOWN} does not exist.",
    )


def test_start_while_a_job_is_syncing_is_resource_in_use(kendra, index_id, custom):
    running = start(kendra, index_id, custom)
    expect_error(
        lambda: start(kendra, index_id, custom),
        "ResourceInUseException",
        f"Data source {custom} already has a running sync job {running}.",
    )
    assert [j["ExecutionId"] for j in history(kendra, index_id, custom)] == [running]


def test_start_while_a_job_is_stopping_is_resource_in_use(
    kendra, index_id, connector, held_jobs
):
    stopping = start(kendra, index_id, connector)
    stop(kendra, index_id, connector)
    expect_error(
        lambda: start(kendra, index_id, connector),
        "ResourceInUseException",
        f"Data source {connector} already has a running sync job {stopping}.",
    )


def test_syncing_indexing_job_does_not_block_a_new_start(kendra, index_id, custom, held_jobs):
    indexing = start(kendra, index_id, custom)
    stop(kendra, index_id, custom)
    newer = start(kendra, index_id, custom)
    assert [(j["ExecutionId"], j["Status"]) for j in history(kendra, index_id, custom)] == [
        (newer, "SYNCING"),
        (indexing, "SYNCING_INDEXING"),
    ]


def test_jobs_of_other_data_sources_do_not_block(kendra, index_id, make_data_source):
    first, second = make_data_source(), make_data_source()
    start(kendra, index_id, first)
    assert start(kendra, index_id, second)


# -- StopDataSourceSyncJob --------------------------------------------------------------


def test_stop_with_no_job_is_not_found(kendra, index_id, custom):
    expect_error(
        lambda: stop(kendra, index_id, custom),
        "ResourceNotFoundException",
        f"Data source {custom} has no running sync job.",
    )


def test_stop_of_a_stopping_job_is_not_found(kendra, index_id, connector, held_jobs):
    start(kendra, index_id, connector)
    stop(kendra, index_id, connector)
    expect_error(
        lambda: stop(kendra, index_id, connector),
        "ResourceNotFoundException",
        f"Data source {connector} has no running sync job.",
    )


def test_stop_of_a_syncing_indexing_job_is_not_found(kendra, index_id, custom, held_jobs):
    start(kendra, index_id, custom)
    stop(kendra, index_id, custom)
    expect_error(
        lambda: stop(kendra, index_id, custom),
        "ResourceNotFoundException",
        f"Data source {custom} has no running sync job.",
    )


def test_stop_of_a_finished_job_is_not_found(kendra, index_id, connector):
    execution = start(kendra, index_id, connector)
    assert job(kendra, index_id, connector, execution)["Status"] == "SUCCEEDED"
    expect_error(
        lambda: stop(kendra, index_id, connector),
        "ResourceNotFoundException",
        f"Data source {connector} has no running sync job.",
    )


def test_stop_on_unknown_data_source_is_not_found(kendra, index_id):
    expect_error(
        lambda: stop(kendra, index_id, "missing"),
        "ResourceNotFoundException",
        f"Data source missing does not exist in index {index_id}.",
    )


def test_stop_returns_an_empty_response(kendra, index_id, custom):
    start(kendra, index_id, custom)
    response = kendra.stop_data_source_sync_job(Id=custom, IndexId=index_id)
    response.pop("ResponseMetadata")
    assert response == {}


def test_stop_custom_job_goes_syncing_indexing_then_succeeded(
    kendra, index_id, custom, manual_jobs
):
    execution = start(kendra, index_id, custom)
    stop(kendra, index_id, custom)
    assert statuses(kendra, index_id, custom, execution, 3) == [
        "SYNCING_INDEXING",
        "SUCCEEDED",
        "SUCCEEDED",
    ]


def test_stop_connector_job_goes_stopping_then_aborted(kendra, index_id, connector, manual_jobs):
    execution = start(kendra, index_id, connector)
    stop(kendra, index_id, connector)
    assert statuses(kendra, index_id, connector, execution, 3) == [
        "STOPPING",
        "ABORTED",
        "ABORTED",
    ]


def test_stop_is_allowed_while_the_index_is_deleting(kendra, index_id, custom, transition):
    execution = start(kendra, index_id, custom)
    transition("kendra::index", progression="manual", times=99)
    transition("kendra::sync_job", progression="manual", times=99)
    kendra.delete_index(Id=index_id)
    stop(kendra, index_id, custom)
    assert job(kendra, index_id, custom, execution)["Status"] == "SYNCING_INDEXING"


def test_stopped_execution_id_can_no_longer_be_used_by_puts(kendra, index_id, custom):
    execution = start(kendra, index_id, custom)
    stop(kendra, index_id, custom)
    documents = [owned("d", custom, execution)]
    failed = kendra.batch_put_document(IndexId=index_id, Documents=documents)["FailedDocuments"]
    assert failed == [
        {
            "Id": "d",
            "DataSourceId": custom,
            "ErrorCode": "InvalidRequest",
            "ErrorMessage": f"Data source or sync job {execution} is not usable.",
        }
    ]


def test_stopped_execution_id_can_no_longer_be_used_by_deletes(
    kendra, index_id, custom, put_docs
):
    put_docs("d")
    execution = start(kendra, index_id, custom)
    stop(kendra, index_id, custom)
    target = {"DataSourceId": custom, "DataSourceSyncJobId": execution}
    response = kendra.batch_delete_document(
        IndexId=index_id, DocumentIdList=["d"], DataSourceSyncJobMetricTarget=target
    )
    assert response["FailedDocuments"] == [
        {"Id": "d", "ErrorCode": "InvalidRequest",
         "ErrorMessage": f"The sync job {execution} is not running."}
    ]


# -- EndTime ----------------------------------------------------------------------------


def test_end_time_is_set_when_the_job_is_first_read_terminal(
    kendra, index_id, custom, manual_jobs
):
    execution = start(kendra, index_id, custom)
    assert "EndTime" not in job(kendra, index_id, custom, execution)
    stop(kendra, index_id, custom)
    indexing = job(kendra, index_id, custom, execution)
    assert (indexing["Status"], "EndTime" in indexing) == ("SYNCING_INDEXING", False)
    finished = job(kendra, index_id, custom, execution)
    assert finished["Status"] == "SUCCEEDED"
    assert finished["EndTime"] >= finished["StartTime"]
    assert job(kendra, index_id, custom, execution)["EndTime"] == finished["EndTime"]


def test_aborted_job_gets_an_end_time(kendra, index_id, connector, manual_jobs):
    execution = start(kendra, index_id, connector)
    stop(kendra, index_id, connector)
    assert "EndTime" not in job(kendra, index_id, connector, execution)  # STOPPING
    aborted = job(kendra, index_id, connector, execution)
    assert aborted["Status"] == "ABORTED" and aborted["EndTime"] >= aborted["StartTime"]


# -- ListDataSourceSyncJobs -------------------------------------------------------------


def test_list_is_newest_first_with_only_job_members(kendra, index_id, custom, held_jobs):
    executions = stopped_jobs(kendra, index_id, custom, 3)
    listed = history(kendra, index_id, custom)
    assert [j["ExecutionId"] for j in listed] == executions[::-1]
    assert all(set(j) <= JOB_MEMBERS for j in listed)
    assert [j["StartTime"] for j in listed] == sorted((j["StartTime"] for j in listed),
                                                       reverse=True)


def test_list_status_filter_keeps_exact_matches(kendra, index_id, custom, held_jobs):
    indexing = stopped_jobs(kendra, index_id, custom, 2)
    syncing = start(kendra, index_id, custom)
    by_status = {
        status: [j["ExecutionId"] for j in history(kendra, index_id, custom, StatusFilter=status)]
        for status in ("SYNCING", "SYNCING_INDEXING", "SUCCEEDED")
    }
    assert by_status == {
        "SYNCING": [syncing],
        "SYNCING_INDEXING": indexing[::-1],
        "SUCCEEDED": [],
    }


def _raw_history(endpoint: str | None, index_id: str, source: str, **body: Any) -> list[dict]:
    """ListDataSourceSyncJobs over the wire with full-precision (millisecond) bounds;
    boto3 sends whole seconds only."""
    payload = json.dumps({"Id": source, "IndexId": index_id, **body})
    response = signed_post(
        endpoint, payload, target="AWSKendraFrontendService.ListDataSourceSyncJobs"
    )
    assert response.status_code == 200, response.text
    return list(response.json()["History"])


def test_start_time_filter_bounds_are_inclusive(kendra, endpoint, index_id, custom, held_jobs):
    stopped_jobs(kendra, index_id, custom, 3)
    jobs = _raw_history(endpoint, index_id, custom)
    times = {j["ExecutionId"]: j["StartTime"] for j in jobs}
    for bound in sorted(set(times.values())):
        cases = {
            "exact": ({"StartTime": bound, "EndTime": bound}, bound, bound),
            "from": ({"StartTime": bound}, bound, float("inf")),
            "until": ({"EndTime": bound}, float("-inf"), bound),
        }
        for name, (time_filter, low, high) in cases.items():
            got = _raw_history(endpoint, index_id, custom, StartTimeFilter=time_filter)
            expected = [e for e, t in times.items() if low <= t <= high]
            assert [j["ExecutionId"] for j in got] == expected, (name, bound)


def test_start_time_filter_excludes_jobs_outside_the_range(kendra, index_id, custom):
    execution = start(kendra, index_id, custom)
    started = job(kendra, index_id, custom, execution)["StartTime"]
    hour = timedelta(hours=1)
    ranges = {
        "later": {"StartTime": started + hour},
        "earlier": {"EndTime": started - hour},
        "around": {"StartTime": started - hour, "EndTime": started + hour},
        "inverted": {"StartTime": started + hour, "EndTime": started - hour},
    }
    found = {
        name: [j["ExecutionId"] for j in history(kendra, index_id, custom, StartTimeFilter=r)]
        for name, r in ranges.items()
    }
    assert found == {"later": [], "earlier": [], "around": [execution], "inverted": []}


def test_list_pages_by_ten_by_default(kendra, index_id, custom, held_jobs):
    executions = stopped_jobs(kendra, index_id, custom, DEFAULT_PAGE + 2)
    newest_first = executions[::-1]
    first = kendra.list_data_source_sync_jobs(Id=custom, IndexId=index_id)
    assert [j["ExecutionId"] for j in first["History"]] == newest_first[:DEFAULT_PAGE]
    rest = kendra.list_data_source_sync_jobs(
        Id=custom, IndexId=index_id, NextToken=first["NextToken"]
    )
    assert [j["ExecutionId"] for j in rest["History"]] == newest_first[DEFAULT_PAGE:]
    assert "NextToken" not in rest


def test_list_pages_with_max_results(kendra, index_id, custom, held_jobs):
    executions = stopped_jobs(kendra, index_id, custom, 5)
    pages, token = [], None
    while True:
        kwargs = {"NextToken": token} if token else {}
        response = kendra.list_data_source_sync_jobs(
            Id=custom, IndexId=index_id, MaxResults=2, **kwargs
        )
        pages.append([j["ExecutionId"] for j in response["History"]])
        token = response.get("NextToken")
        if token is None:
            break
    newest_first = executions[::-1]
    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:5]]


def test_list_max_results_above_ten_is_invalid(kendra, index_id, custom):
    expect_error(
        lambda: history(kendra, index_id, custom, MaxResults=DEFAULT_PAGE + 1),
        "ValidationException",
        f"1 validation error detected: Value '{DEFAULT_PAGE + 1}' at 'maxResults' failed to "
        f"satisfy constraint: Member must have value less than or equal to {DEFAULT_PAGE}",
    )


def test_list_rejects_a_foreign_next_token(kendra, index_id, custom):
    expect_error(
        lambda: history(kendra, index_id, custom, NextToken="bogus"),
        "ValidationException",
        "Invalid NextToken.",
    )


def test_list_rejects_a_token_issued_for_another_status_filter(
    kendra, index_id, custom, held_jobs
):
    stopped_jobs(kendra, index_id, custom, 2)
    token = kendra.list_data_source_sync_jobs(
        Id=custom, IndexId=index_id, MaxResults=1, StatusFilter="SYNCING_INDEXING"
    )["NextToken"]
    expect_error(
        lambda: history(kendra, index_id, custom, NextToken=token),
        "ValidationException",
        "Invalid NextToken.",
    )


def test_list_of_unknown_data_source_is_not_found(kendra, index_id):
    expect_error(
        lambda: history(kendra, index_id, "missing"),
        "ResourceNotFoundException",
        f"Data source missing does not exist in index {index_id}.",
    )


def test_list_works_on_a_deleting_data_source(kendra, index_id, custom, transition):
    execution = start(kendra, index_id, custom)
    transition("kendra::datasource", progression="manual", times=99)
    kendra.delete_data_source(Id=custom, IndexId=index_id)
    assert [j["ExecutionId"] for j in history(kendra, index_id, custom)] == [execution]


# -- metrics ----------------------------------------------------------------------------


def test_custom_job_emits_exactly_the_four_metrics(kendra, index_id, custom):
    execution = start(kendra, index_id, custom)
    assert metrics(kendra, index_id, custom, execution) == dict.fromkeys(CUSTOM_METRICS, "0")


def test_connector_job_also_emits_documents_scanned(kendra, index_id, connector):
    execution = start(kendra, index_id, connector)
    assert metrics(kendra, index_id, connector, execution) == dict.fromkeys(
        CONNECTOR_METRICS, "0"
    )


def test_puts_naming_the_job_record_added_and_modified(kendra, index_id, custom, put_docs):
    put_docs("existing")
    execution = start(kendra, index_id, custom)
    new_ids = [f"new-{n}" for n in range(9)]
    put_docs(*(owned(d, custom, execution) for d in new_ids), owned("existing", custom, execution))
    assert metrics(kendra, index_id, custom, execution) == counts(
        added=len(new_ids), modified=1
    )


def test_puts_naming_only_the_data_source_record_on_its_syncing_job(
    kendra, index_id, custom, put_docs, held_jobs
):
    older = start(kendra, index_id, custom)
    stop(kendra, index_id, custom)
    running = start(kendra, index_id, custom)
    put_docs(owned("a", custom), owned("b", custom))
    assert metrics(kendra, index_id, custom, running) == counts(added=2)
    assert metrics(kendra, index_id, custom, older) == counts()


def test_puts_naming_a_data_source_without_syncing_job_record_nothing(
    kendra, index_id, custom, put_docs, held_jobs
):
    execution = start(kendra, index_id, custom)
    stop(kendra, index_id, custom)
    put_docs(owned("a", custom))
    assert metrics(kendra, index_id, custom, execution) == counts()


def test_direct_puts_record_on_no_job(kendra, index_id, custom, put_docs):
    execution = start(kendra, index_id, custom)
    put_docs("direct")
    assert metrics(kendra, index_id, custom, execution) == counts()


def test_each_document_counts_once_under_its_last_action(kendra, index_id, custom, put_docs):
    put_docs("old")
    execution = start(kendra, index_id, custom)
    target = {"DataSourceId": custom, "DataSourceSyncJobId": execution}

    def delete(*doc_ids: str) -> None:
        kendra.batch_delete_document(
            IndexId=index_id, DocumentIdList=list(doc_ids), DataSourceSyncJobMetricTarget=target
        )

    put_docs(owned("fresh", custom, execution), owned("gone", custom, execution))
    put_docs(owned("fresh", custom, execution))  # added, then modified: counts as modified
    delete("gone")  # added-then-deleted: deleted only
    delete("old")
    put_docs(owned("old", custom, execution))  # deleted-then-re-put: added
    assert metrics(kendra, index_id, custom, execution) == counts(added=1, modified=1, deleted=1)


def test_metrics_are_decimal_strings_on_the_wire(kendra, endpoint, index_id, custom, put_docs):
    execution = start(kendra, index_id, custom)
    put_docs(*(owned(f"d{n}", custom, execution) for n in range(10)))
    raw = _raw_history(endpoint, index_id, custom)
    assert [j["ExecutionId"] for j in raw] == [execution]
    assert raw[0]["Metrics"] == counts(added=10)

