"""Documents: BatchPutDocument, BatchGetDocumentStatus, BatchDeleteDocument (spec section 5)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from moto.moto_api._internal.managed_state_model import ManagedState

from ..exceptions import ResourceNotFoundException, ServiceQuotaExceededException
from .base import REMOVED
from .content import ContentError, extract_text
from .index import WRITE, Index

if TYPE_CHECKING:
    from ..models import KendraBackend
    from .datasources import DataSource, SyncJob

_NEW = [("PROCESSING", "INDEXED")]
_REPUT = [("PROCESSING", "UPDATED")]
_DELETION = [("DELETING", REMOVED)]
SEARCHABLE = frozenset({"INDEXED", "UPDATED"})
SYNC_JOB_KEY = "_data_source_sync_job_execution_id"
VALUE_KINDS = {
    "STRING_VALUE": "StringValue",
    "STRING_LIST_VALUE": "StringListValue",
    "LONG_VALUE": "LongValue",
    "DATE_VALUE": "DateValue",
}
STATUS_ATTRIBUTES = {"version", "datasourceid", "jobexecutionid"}


class Document(ManagedState):
    """A stored document. Kept lean: the benchmark counts bytes per document."""

    def __init__(self, doc_id: str, transitions: list[tuple[str | None, str]]):
        super().__init__("kendra::document", transitions)
        self.id = doc_id
        self.text = ""
        self.text_bytes = 0
        self.title: str | None = None
        self.attributes: list[dict[str, Any]] = []
        self.access: dict[str, Any] = {}
        self.owner: str | None = None
        self.language = "en"
        self.content_type: str | None = None

    @property
    def deleting(self) -> bool:
        return self._transitions is _DELETION

    @property
    def searchable(self) -> bool:
        return self.status in SEARCHABLE

    def public_status(self) -> str:
        status = self.status
        if status == REMOVED:
            return "NOT_FOUND"
        return "PROCESSING" if status == "DELETING" else str(status)

    def start_deletion(self) -> None:
        self._transitions = _DELETION
        self.status = "DELETING"
        self._tick = 0

    def on_removed(self) -> None:
        """Nothing to undo: counters dropped the document when its deletion started."""


def _failure(doc_id: str, message: str, data_source_id: str | None = None) -> dict[str, Any]:
    failure = {"Id": doc_id, "ErrorCode": "InvalidRequest", "ErrorMessage": message}
    if data_source_id is not None:
        failure["DataSourceId"] = data_source_id
    return failure


class DocumentRejected(Exception):
    """One BatchPutDocument entry failing its first check (spec 5.2 table)."""


def _reject(message: str) -> DocumentRejected:
    return DocumentRejected(message)


class DocumentOperations:
    """Backend methods for documents."""

    # -- helpers ---------------------------------------------------------------
    def _record(self: "KendraBackend", index: Index, doc_id: str) -> Document | None:
        """The document record, or None when there is none (finished deletions are dropped)."""
        document = index.documents.get(doc_id)
        if document is not None and document.status == REMOVED:
            del index.documents[doc_id]
            return None
        return document

    def _read_content(self: "KendraBackend", document: dict[str, Any]) -> str:
        blob = document.get("Blob")
        s3_path = document.get("S3Path")
        if blob is not None and s3_path is not None:
            raise _reject("Give either Blob or S3Path, not both.")
        if s3_path is not None:
            blob = self.read_s3_object(s3_path["Bucket"], s3_path["Key"])
            if blob is None:
                raise _reject(
                    f"S3 object s3://{s3_path['Bucket']}/{s3_path['Key']} cannot be read."
                )
        try:
            return extract_text(blob or b"", document.get("ContentType"))
        except ContentError as error:
            raise _reject(str(error)) from None

    def _check_attributes(self: "KendraBackend", index: Index, attributes: list[dict]) -> None:
        """Rule 5: unique keys, one value member each, typed index fields only."""
        seen: set[str] = set()
        for attribute in attributes:
            key, value = attribute["Key"], attribute["Value"]
            members = [name for name, member in value.items() if member is not None]
            field = index.fields.get(key)
            kind = "STRING_VALUE" if key == SYNC_JOB_KEY else (field or {}).get("Type")
            if key in seen or len(members) != 1 or kind is None or VALUE_KINDS[kind] != members[0]:
                raise _reject(f"Attribute {key} is not an index field of a matching type.")
            seen.add(key)

    def _owner_and_job(
        self: "KendraBackend", index: Index, attributes: dict[str, Any]
    ) -> tuple["DataSource | None", "SyncJob | None"]:
        """Rule 6: the named data source must be usable, and its named job running."""
        source_id = attributes.get("_data_source_id", {}).get("StringValue")
        job_id = attributes.get(SYNC_JOB_KEY, {}).get("StringValue")
        if source_id is None:
            if job_id is not None:
                raise _reject(f"Data source or sync job {job_id} is not usable.")
            return None, None
        source = self.find_data_source(index, source_id)
        if source is None or source.status not in ("ACTIVE", "UPDATING"):
            raise _reject(f"Data source or sync job {source_id} is not usable.")
        if job_id is None:
            return source, source.running_job()
        job = source.jobs.get(job_id)
        if job is None or job.status != "SYNCING":
            raise _reject(f"Data source or sync job {job_id} is not usable.")
        return source, job

    # -- operations -----------------------------------------------------------
    def batch_put_document(
        self: "KendraBackend",
        index_id: str,
        documents: list[dict[str, Any]],
        role_arn: str | None = None,
        custom_document_enrichment_configuration: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """BatchPutDocument (spec 5.2).

        Choices where the spec is silent: the storage quota counts the text of
        every entry whose content is readable (rules 1-4), before rules 5-10;
        rule 7's message for a direct-put document names the owner ``none``.
        """
        index = self.get_index(index_id, WRITE)
        texts: list[str | DocumentRejected] = []
        for document in documents:
            try:
                texts.append(self._read_content(document))
            except DocumentRejected as rejected:
                texts.append(rejected)
        added = sum(len(t.encode()) for t in texts if isinstance(t, str))
        if index.stored_text_bytes + added > index.text_bytes_quota:
            raise ServiceQuotaExceededException.quota(
                index.text_bytes_quota, "bytes of text per index"
            )
        failed = []
        for document, text in zip(documents, texts):
            attributes = {a["Key"]: a["Value"] for a in document.get("Attributes") or []}
            source_id = attributes.get("_data_source_id", {}).get("StringValue")
            try:
                if isinstance(text, DocumentRejected):
                    raise text
                self._put_one(index, document, text, attributes)
            except DocumentRejected as rejected:
                named = source_id if self.find_data_source(index, source_id) else None
                failed.append(_failure(document["Id"], str(rejected), named))
        return {"FailedDocuments": failed}

    def _put_one(
        self: "KendraBackend",
        index: Index,
        request: dict[str, Any],
        text: str,
        attributes: dict[str, Any],
    ) -> None:
        doc_id = request["Id"]
        self._check_attributes(index, request.get("Attributes") or [])
        source, job = self._owner_and_job(index, attributes)
        existing = self._record(index, doc_id)
        if existing is not None and existing.deleting:
            existing = None
        new_owner = source.id if source else None
        if existing is not None:
            owner = self.find_data_source(index, existing.owner)
            if owner is not None and owner.is_connector and new_owner != owner.id:
                raise _reject(f"Document is owned by data source {owner.id}.")
            if source is not None and source.is_connector and new_owner != existing.owner:
                raise _reject(f"Document is owned by data source {existing.owner or 'none'}.")
        config_id = request.get("AccessControlConfigurationId")
        if config_id is not None and config_id not in index.access_control_configurations:
            raise _reject(f"Access control configuration {config_id} does not exist.")
        if len(request.get("AccessControlList") or []) > 200:
            raise _reject("At most 200 principals are allowed.")
        if existing is None and index.live_documents + 1 > index.document_quota:
            raise _reject("The index document quota is reached.")
        # accepted
        if existing is None:
            document = Document(doc_id, _NEW)
            index.documents[doc_id] = document
            index.live_documents += 1
        else:
            document = existing
            document._transitions = _REPUT
            document.status = "PROCESSING"
            document._tick = 0
            index.stored_text_bytes -= document.text_bytes
        document.text = text
        document.text_bytes = len(text.encode())
        index.stored_text_bytes += document.text_bytes
        document.title = request.get("Title") or None
        document.content_type = request.get("ContentType")
        document.attributes = [
            a for a in request.get("Attributes") or [] if a["Key"] != SYNC_JOB_KEY
        ]
        document.access = {
            key: request[key]
            for key in (
                "AccessControlList",
                "HierarchicalAccessControlList",
                "AccessControlConfigurationId",
            )
            if request.get(key) is not None
        }
        document.owner = new_owner
        language = attributes.get("_language_code", {}).get("StringValue")
        document.language = language or (source.language if source else "en")
        if job is not None:
            job.record(doc_id, "added" if existing is None else "modified")

    def batch_get_document_status(
        self: "KendraBackend", index_id: str, document_info_list: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """BatchGetDocumentStatus (spec 5.3): each distinct document advances once."""
        index = self.get_index(index_id, WRITE)
        statuses, errors = [], []
        advanced: set[str] = set()
        for info in document_info_list:
            doc_id = info["DocumentId"]
            if not _valid_status_attributes(info.get("Attributes")):
                errors.append(_failure(doc_id, "Invalid document attributes."))
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
        self: "KendraBackend",
        index_id: str,
        document_id_list: list[str],
        data_source_sync_job_metric_target: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """BatchDeleteDocument with the full decision table of spec 5.4.

        Unknown ids are accepted silently; deletion runs through
        ``kendra::document`` (PROCESSING, then NOT_FOUND and the record goes).
        """
        index = self.get_index(index_id, WRITE)
        job = None
        if data_source_sync_job_metric_target is not None:
            source_id = data_source_sync_job_metric_target["DataSourceId"]
            source = self.find_data_source(index, source_id)
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
            document = self._record(index, doc_id)
            if document is None or document.deleting:
                continue
            owner = self.find_data_source(index, document.owner)
            if owner is not None and owner.is_connector:
                message = f"Document is owned by data source {owner.id}."
                failed.append(_failure(doc_id, message, owner.id))
                continue
            document.start_deletion()
            index.live_documents -= 1
            index.stored_text_bytes -= document.text_bytes
            if job is not None:
                job.record(doc_id, "deleted")
        return {"FailedDocuments": failed}


def _valid_status_attributes(attributes: list[dict[str, Any]] | None) -> bool:
    """Spec 5.3: only version/dataSourceId/jobExecutionId, string values, the last two together."""
    keys = set()
    for attribute in attributes or []:
        key = attribute["Key"].lower()
        value = attribute["Value"]
        members = [name for name, member in value.items() if member is not None]
        if key not in STATUS_ATTRIBUTES or members != ["StringValue"]:
            return False
        keys.add(key)
    return ("datasourceid" in keys) == ("jobexecutionid" in keys)
