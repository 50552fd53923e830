"""Documents: BatchPutDocument, BatchGetDocumentStatus, BatchDeleteDocument (spec section 5)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from moto.moto_api._internal.managed_state_model import ManagedState

from ..exceptions import ResourceNotFoundException, ServiceQuotaExceededException
from ..extraction import Extracted, ExtractionError, extract
from ..search.engine import weigh
from ..search.filters import VALUE_MEMBER
from ..search.present import plain_values
from .backend import BackendBase
from .base import REMOVED
from .index import WRITE, Index

if TYPE_CHECKING:
    from .datasources import DataSource, SyncJob

Transitions = list[tuple[str | None, str]]
_NEW: Transitions = [("PROCESSING", "INDEXED")]
_REPUT: Transitions = [("PROCESSING", "UPDATED")]
_DELETION: Transitions = [("DELETING", REMOVED)]
SEARCHABLE = frozenset({"INDEXED", "UPDATED"})
DATA_SOURCE_KEY = "_data_source_id"
SYNC_JOB_KEY = "_data_source_sync_job_execution_id"
MAX_PRINCIPALS = 200
ACCESS_KEYS = ("AccessControlList", "HierarchicalAccessControlList", "AccessControlConfigurationId")
STATUS_ATTRIBUTES = {"version", "datasourceid", "jobexecutionid"}


class Document(ManagedState):
    """A stored document. Kept lean: the benchmark counts bytes per document."""

    def __init__(self, doc_id: str, transitions: Transitions):
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
        self.pages: tuple[int, ...] | None = None  # PDF: offset in text where each page starts

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


def _status_error(doc_id: str, message: str) -> dict[str, Any]:
    """A BatchGetDocumentStatus ``Errors`` entry (keyed ``DocumentId``, not ``Id``)."""
    return {"DocumentId": doc_id, "ErrorCode": "InvalidRequest", "ErrorMessage": message}


class DocumentRejected(Exception):
    """One BatchPutDocument entry failing its first check (spec 5.2 table)."""


def _reject(message: str) -> DocumentRejected:
    return DocumentRejected(message)


class _PutPlan:
    """One BatchPutDocument entry that passed rules 1-10, not yet stored."""

    def __init__(
        self,
        request: dict[str, Any],
        content: Extracted,
        attributes: dict[str, Any],
        source: DataSource | None,
        job: SyncJob | None,
        new: bool,
        record: Document | None,
    ):
        self.request = request
        self.doc_id: str = request["Id"]
        self.text = content.text
        self.text_bytes = len(content.text.encode())
        self.title = request.get("Title") or content.title
        self.pages = content.pages
        self.attributes = attributes
        self.source = source
        self.job = job
        self.new = new  # creates a record (none, or only one pending deletion, before)
        self.record = record  # the live record it replaces, unless an earlier entry did

    @property
    def owner(self) -> str | None:
        return self.source.id if self.source else None


class DocumentOperations(BackendBase):
    """Backend methods for documents."""

    # -- helpers ---------------------------------------------------------------
    def _record(self, index: Index, doc_id: str) -> Document | None:
        """The document record, or None when there is none (finished deletions are dropped)."""
        document = index.documents.get(doc_id)
        if document is not None and document.status == REMOVED:
            del index.documents[doc_id]
            return None
        return document

    def _read_content(self, document: dict[str, Any]) -> Extracted:
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
            return extract(blob or b"", document.get("ContentType"))
        except ExtractionError as error:
            raise _reject(str(error)) from None

    def _check_attributes(self, index: Index, attributes: list[dict]) -> None:
        """Rule 5: unique keys, one value member each, typed index fields only."""
        seen: set[str] = set()
        for attribute in attributes:
            key, value = attribute["Key"], attribute["Value"]
            members = [name for name, member in value.items() if member is not None]
            field = index.fields.get(key)
            kind = "STRING_VALUE" if key == SYNC_JOB_KEY else (field or {}).get("Type")
            if key in seen or len(members) != 1 or kind is None or VALUE_MEMBER[kind] != members[0]:
                raise _reject(f"Attribute {key} is not an index field of a matching type.")
            seen.add(key)

    def _owner_and_job(
        self, index: Index, attributes: dict[str, Any]
    ) -> tuple[DataSource | None, SyncJob | None]:
        """Rule 6: the named data source must be usable, and its named job running."""
        source_id = attributes.get(DATA_SOURCE_KEY, {}).get("StringValue")
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

    def _live_record(self, index: Index, doc_id: str) -> Document | None:
        """The record a put would replace: None when absent or pending deletion."""
        document = self._record(index, doc_id)
        return None if document is None or document.deleting else document

    def _check_ownership(
        self, index: Index, owner_id: str | None, source: DataSource | None
    ) -> None:
        """Rule 7: connector-owned documents stay with their connector, and a connector
        takes over no other document.

        Choice: the message for a direct-put document (no owner) names ``none``.
        """
        new_owner = source.id if source else None
        owner = self.find_data_source(index, owner_id)
        if owner is not None and owner.is_connector and new_owner != owner.id:
            raise _reject(f"Document is owned by data source {owner.id}.")
        if source is not None and source.is_connector and new_owner != owner_id:
            raise _reject(f"Document is owned by data source {owner_id or 'none'}.")

    def _plan_put(
        self,
        index: Index,
        request: dict[str, Any],
        attributes: dict[str, Any],
        earlier: list[_PutPlan],
        crawler: tuple[DataSource, SyncJob] | None = None,
    ) -> _PutPlan:
        """Rules 1-10 of spec 5.2 for one entry, in order, against the index as the
        ``earlier`` accepted entries of the same batch would leave it.

        ``crawler``: the data source and job of an S3 crawl (spec 6.4) putting this entry.
        They stand in for rule 6 (the crawl runs once its job has moved past SYNCING and
        checks its data source itself); every other rule applies as to a BatchPutDocument.
        """
        doc_id = request["Id"]
        content = self._read_content(request)
        self._check_attributes(index, request.get("Attributes") or [])
        source, job = crawler or self._owner_and_job(index, attributes)
        previous = next((plan for plan in reversed(earlier) if plan.doc_id == doc_id), None)
        record = None if previous else self._live_record(index, doc_id)
        exists = previous is not None or record is not None
        if exists:
            owner_id = previous.owner if previous else record.owner if record else None
            self._check_ownership(index, owner_id, source)
        config_id = request.get("AccessControlConfigurationId")
        if config_id is not None and config_id not in index.access_control_configurations:
            raise _reject(f"Access control configuration {config_id} does not exist.")
        if len(request.get("AccessControlList") or []) > MAX_PRINCIPALS:
            raise _reject(f"At most {MAX_PRINCIPALS} principals are allowed.")
        new_ids = sum(1 for plan in earlier if plan.new)
        if not exists and index.live_documents + new_ids + 1 > index.document_quota:
            raise _reject("The index document quota is reached.")
        return _PutPlan(request, content, attributes, source, job, new=not exists, record=record)

    def _over_text_quota(self, index: Index, plans: list[_PutPlan]) -> bool:
        """Whether the body text the index would hold after ``plans`` breaks the storage
        quota (spec 5.2, 10; BatchPutDocument and the S3 crawl).

        Choice where the spec is silent: only accepted entries count, each Id at its
        last version in the batch, in place of the text of the record it re-puts.
        """
        final = {plan.doc_id: plan.text_bytes for plan in plans}
        replaced = {plan.doc_id: plan.record for plan in reversed(plans)}  # first plan's
        total = index.stored_text_bytes
        for doc_id, text_bytes in final.items():
            record = replaced[doc_id]
            total += text_bytes - (record.text_bytes if record else 0)
        return total > index.text_bytes_quota

    def _apply_put(self, index: Index, plan: _PutPlan) -> None:
        """Store one accepted entry: a new record (PROCESSING -> INDEXED) or a re-put."""
        request, doc_id = plan.request, plan.doc_id
        existing = None if plan.new else plan.record or index.documents[doc_id]
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
        document.text = plan.text
        document.text_bytes = plan.text_bytes
        index.stored_text_bytes += document.text_bytes
        document.title = plan.title
        document.pages = plan.pages
        document.content_type = request.get("ContentType")
        document.attributes = [
            a for a in request.get("Attributes") or [] if a["Key"] != SYNC_JOB_KEY
        ]
        document.access = {key: request[key] for key in ACCESS_KEYS if request.get(key) is not None}
        document.owner = plan.owner
        language = plan.attributes.get("_language_code", {}).get("StringValue")
        document.language = language or (plan.source.language if plan.source else "en")
        values = plain_values(document.attributes)
        values["_language_code"] = document.language
        index.search.add(
            doc_id, weigh(document.text, document.title, document.attributes, index.fields),
            document, values,
        )
        if plan.job is not None:
            plan.job.record(doc_id, "added" if existing is None else "modified")

    # -- operations -----------------------------------------------------------
    def batch_put_document(
        self,
        index_id: str,
        documents: list[dict[str, Any]],
        role_arn: str | None = None,
        custom_document_enrichment_configuration: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """BatchPutDocument (spec 5.2): check every entry, then the storage quota for
        the whole call, then store; nothing is stored when the quota refuses the call.
        ``RoleArn`` and ``CustomDocumentEnrichmentConfiguration`` are ignored."""
        index = self.get_index(index_id, WRITE)
        plans: list[_PutPlan] = []
        failed = []
        for request in documents:
            attributes = {a["Key"]: a["Value"] for a in request.get("Attributes") or []}
            try:
                plans.append(self._plan_put(index, request, attributes, plans))
            except DocumentRejected as rejected:
                source_id = attributes.get(DATA_SOURCE_KEY, {}).get("StringValue")
                named = source_id if self.find_data_source(index, source_id) else None
                failed.append(_failure(request["Id"], str(rejected), named))
        if self._over_text_quota(index, plans):
            raise ServiceQuotaExceededException.quota(
                index.text_bytes_quota, "bytes of text per index"
            )
        for plan in plans:
            self._apply_put(index, plan)
        return {"FailedDocuments": failed}

    def batch_get_document_status(
        self, index_id: str, document_info_list: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """BatchGetDocumentStatus (spec 5.3): each distinct document advances once.

        Choice where the spec is silent: an entry answered in ``Errors`` does not
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
        """BatchDeleteDocument with the full decision table of spec 5.4.

        Unknown ids are accepted silently; deletion runs through
        ``kendra::document`` (PROCESSING, then NOT_FOUND and the record goes).
        Choice where the spec is silent: when the named sync job is not running,
        FailedDocuments holds one entry per submitted Id, repeats included.
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
            index.start_deleting(document)
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
