"""Documents: BatchPutDocument, BatchGetDocumentStatus, BatchDeleteDocument."""

from __future__ import annotations

from typing import Any

from ..exceptions import ResourceNotFoundException, ServiceQuotaExceededException
from .backend import BackendBase
from .enrichment import Enrichment, check_configuration
from .index import WRITE
from .records import DATA_SOURCE_KEY, Document
from .store import DocumentRejected, PutPlan, apply_put, over_text_quota, plan_put

__all__ = ["Document", "DocumentOperations"]  # Document: the record, kept importable here

STATUS_ATTRIBUTES = {"version", "datasourceid", "jobexecutionid"}


def _failure(doc_id: str, message: str, data_source_id: str | None = None) -> dict[str, Any]:
    failure = {"Id": doc_id, "ErrorCode": "InvalidRequest", "ErrorMessage": message}
    if data_source_id is not None:
        failure["DataSourceId"] = data_source_id
    return failure


def _status_error(doc_id: str, message: str) -> dict[str, Any]:
    """A BatchGetDocumentStatus ``Errors`` entry (keyed ``DocumentId``, not ``Id``)."""
    return {"DocumentId": doc_id, "ErrorCode": "InvalidRequest", "ErrorMessage": message}


class DocumentOperations(BackendBase):
    """Backend methods for documents."""

    # -- operations -----------------------------------------------------------
    def batch_put_document(
        self,
        index_id: str,
        documents: list[dict[str, Any]],
        role_arn: str | None = None,
        custom_document_enrichment_configuration: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """BatchPutDocument: check every entry, then the storage quota for
        the whole call, then store; nothing is stored when the quota refuses the call.
        ``RoleArn`` is ignored; ``CustomDocumentEnrichmentConfiguration`` is checked
        first and enriches every entry (``enrichment.py``)."""
        index = self.get_index(index_id, WRITE)
        check_configuration(index, custom_document_enrichment_configuration)
        enrichment = Enrichment.of(custom_document_enrichment_configuration)
        plans: list[PutPlan] = []
        failed = []
        for request in documents:
            attributes = {a["Key"]: a["Value"] for a in request.get("Attributes") or []}
            try:
                plans.append(plan_put(index, request, attributes, plans, enrichment=enrichment))
            except DocumentRejected as rejected:
                source_id = attributes.get(DATA_SOURCE_KEY, {}).get("StringValue")
                named = source_id if index.data_sources.find(source_id) else None
                failed.append(_failure(request["Id"], str(rejected), named))
        if over_text_quota(index, plans):
            raise ServiceQuotaExceededException.quota(
                index.text_bytes_quota, "bytes of text per index"
            )
        for plan in plans:
            apply_put(index, plan)
        return {"FailedDocuments": failed}

    def batch_get_document_status(
        self, index_id: str, document_info_list: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """BatchGetDocumentStatus: each distinct document advances once.

        Choice where Kendra's documentation is silent: an entry answered in ``Errors`` does not
        advance its document (a later valid entry for the same Id still does).
        """
        index = self.get_index(index_id, WRITE)
        statuses, errors = [], []
        advanced: set[str] = set()
        for info in document_info_list:
            doc_id = info["DocumentId"]
            if not _valid_status_attributes(info.get("Attributes")):
                errors.append(_status_error(doc_id, "Invalid document attributes."))
                continue
            document = index.documents.get(doc_id)
            status = "NOT_FOUND"
            if document is not None:
                if doc_id not in advanced:
                    document.advance()
                    advanced.add(doc_id)
                status = document.public_status()
                if status == "NOT_FOUND":
                    del index.documents[doc_id]
            statuses.append({"DocumentId": doc_id, "DocumentStatus": status})
        return {"DocumentStatusList": statuses, "Errors": errors}

    def batch_delete_document(
        self,
        index_id: str,
        document_id_list: list[str],
        data_source_sync_job_metric_target: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """BatchDeleteDocument: each id's outcome by its record, owner and the named sync job.

        Unknown ids are accepted silently; deletion runs through
        ``kendra::document`` (PROCESSING, then NOT_FOUND and the record goes).
        Choice where Kendra's documentation is silent: when the named sync job is not running,
        FailedDocuments holds one entry per submitted Id, repeats included.
        """
        index = self.get_index(index_id, WRITE)
        job = None
        if data_source_sync_job_metric_target is not None:
            source_id = data_source_sync_job_metric_target["DataSourceId"]
            source = index.data_sources.find(source_id)
            if source is None:
                raise ResourceNotFoundException.child("Data source", source_id, index_id)
            job_id = data_source_sync_job_metric_target.get("DataSourceSyncJobId")
            if job_id is None:
                job = source.running_job()
            else:
                job = source.jobs.get(job_id)
                if job is None or job.status != "SYNCING":
                    message = f"The sync job {job_id} is not running."
                    return {"FailedDocuments": [_failure(i, message) for i in document_id_list]}
        failed = []
        for doc_id in dict.fromkeys(document_id_list):
            document = index.record(doc_id)
            if document is None or document.deleting:
                continue
            owner = index.data_sources.find(document.owner)
            if owner is not None and owner.is_connector:
                message = f"Document is owned by data source {owner.id}."
                failed.append(_failure(doc_id, message, owner.id))
                continue
            index.start_deleting(document)
            if job is not None:
                job.record(doc_id, "deleted")
        return {"FailedDocuments": failed}


def _valid_status_attributes(attributes: list[dict[str, Any]] | None) -> bool:
    """only version/dataSourceId/jobExecutionId, string values, the last two together."""
    keys = set()
    for attribute in attributes or []:
        key = attribute["Key"].lower()
        value = attribute["Value"]
        members = [name for name, member in value.items() if member is not None]
        if key not in STATUS_ATTRIBUTES or members != ["StringValue"]:
            return False
        keys.add(key)
    return ("datasourceid" in keys) == ("jobexecutionid" in keys)
