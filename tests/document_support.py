"""Helpers shared by test_documents.py and test_batch_delete_document.py (documents: put,
status, delete)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import requests
from support import check_error_envelope, doc, signed_post

DATA_SOURCE_ID = "_data_source_id"
JOB_ID = "_data_source_sync_job_execution_id"
CUSTOM_METRICS = {"DocumentsAdded", "DocumentsModified", "DocumentsDeleted", "DocumentsFailed"}


def attribute(key: str, **value: Any) -> dict[str, Any]:
    return {"Key": key, "Value": value}


def owned(doc_id: str, source_id: str, job_id: str | None = None, **extra: Any) -> dict:
    """A document put through data source ``source_id`` (and optionally its job)."""
    attributes = [attribute(DATA_SOURCE_ID, StringValue=source_id)]
    if job_id is not None:
        attributes.append(attribute(JOB_ID, StringValue=job_id))
    return doc(doc_id, Attributes=attributes + extra.pop("Attributes", []), **extra)


def failure(doc_id: str, message: str, data_source_id: str | None = None) -> dict[str, str]:
    """One FailedDocuments entry as BatchPutDocument and BatchDeleteDocument word it."""
    entry = {"Id": doc_id, "ErrorCode": "InvalidRequest", "ErrorMessage": message}
    if data_source_id is not None:
        entry["DataSourceId"] = data_source_id
    return entry


def put_failures(kendra: Any, index_id: str, *documents: Any) -> list[dict[str, Any]]:
    batch = [d if isinstance(d, dict) else doc(d) for d in documents]
    return list(kendra.batch_put_document(IndexId=index_id, Documents=batch)["FailedDocuments"])


def put(kendra: Any, index_id: str, *documents: Any) -> None:
    """Put documents and assert every one was accepted."""
    assert put_failures(kendra, index_id, *documents) == []


def delete(kendra: Any, index_id: str, *doc_ids: str, **target: str) -> list[dict[str, Any]]:
    """BatchDeleteDocument; ``target`` is the DataSourceSyncJobMetricTarget, if any."""
    kwargs: dict[str, Any] = {"IndexId": index_id, "DocumentIdList": list(doc_ids)}
    if target:
        kwargs["DataSourceSyncJobMetricTarget"] = target
    return list(kendra.batch_delete_document(**kwargs)["FailedDocuments"])


def statuses(kendra: Any, index_id: str, *doc_ids: str) -> list[str]:
    """BatchGetDocumentStatus of ``doc_ids`` (advances each distinct document once)."""
    infos = [{"DocumentId": doc_id} for doc_id in doc_ids]
    response = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=infos)
    assert response["Errors"] == []
    return [entry["DocumentStatus"] for entry in response["DocumentStatusList"]]


def text_statistics(kendra: Any, index_id: str) -> tuple[int, int]:
    """(IndexedTextDocumentsCount, IndexedTextBytes) of DescribeIndex."""
    statistics = kendra.describe_index(Id=index_id)["IndexStatistics"]["TextDocumentStatistics"]
    return statistics["IndexedTextDocumentsCount"], statistics["IndexedTextBytes"]


def start_job(kendra: Any, index_id: str, source_id: str) -> str:
    return str(kendra.start_data_source_sync_job(Id=source_id, IndexId=index_id)["ExecutionId"])


def job_metrics(kendra: Any, index_id: str, source_id: str, execution_id: str) -> dict[str, str]:
    history = kendra.list_data_source_sync_jobs(Id=source_id, IndexId=index_id)["History"]
    job = next(job for job in history if job["ExecutionId"] == execution_id)
    return dict(job["Metrics"])


def counts(added: int = 0, modified: int = 0, deleted: int = 0) -> dict[str, str]:
    """The four metrics of a CUSTOM data source's job."""
    return {
        "DocumentsAdded": str(added),
        "DocumentsModified": str(modified),
        "DocumentsDeleted": str(deleted),
        "DocumentsFailed": "0",
    }


_SESSION = boto3.session.Session()  # one session: botocore loads the S3 model once


def s3_client(endpoint: str | None, region: str = "us-east-1") -> Any:
    """An S3 client of the same mock (in-process) or the same server."""
    return _SESSION.client("s3", region_name=region, endpoint_url=endpoint)


def make_bucket(endpoint: str | None, bucket: str, region: str = "us-east-1") -> Any:
    s3 = s3_client(endpoint, region)
    if region == "us-east-1":
        s3.create_bucket(Bucket=bucket)
    else:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    return s3


def raw_error(endpoint: str | None, operation: str, body: dict[str, Any]) -> tuple[str, str]:
    """Send ``body`` unvalidated by botocore; return the error's (code, message)."""
    response: requests.Response = signed_post(
        endpoint, json.dumps(body), target=f"AWSKendraFrontendService.{operation}"
    )
    headers = {key.lower(): value for key, value in response.headers.items()}
    check_error_envelope(response.status_code, headers, response.content)
    error = response.json()
    return error["__type"], error["message"]
