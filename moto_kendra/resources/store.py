"""The document store of an index: checking and storing put entries.

BatchPutDocument and the S3 crawl of a sync job both put documents through here (one
rule set, in one order); an entry is first planned against the index as the entries
accepted before it in the same call would leave it, then applied.
"""

from __future__ import annotations

from typing import Any

from ..attributes import VALUE_MEMBER, plain_values
from ..extraction import MAX_DOCUMENT_BYTES, Extracted, ExtractionError
from ..search.engine import indexed_texts
from .enrichment import ENRICHMENT, Enrichment, EnrichmentFailed, enrich_and_extract
from .index import GEN_AI, Index
from .records import DATA_SOURCE_KEY, SYNC_JOB_KEY, Document
from .sources import DataSource, SyncJob

MAX_PRINCIPALS = 200
EMAIL_KEY = "_email_id"
ACCESS_KEYS = ("AccessControlList", "HierarchicalAccessControlList", "AccessControlConfigurationId")


class DocumentRejected(Exception):
    """One BatchPutDocument entry failing its first check (its FailedDocuments entry)."""


def _reject(message: str) -> DocumentRejected:
    return DocumentRejected(message)


class PutPlan:
    """One BatchPutDocument entry that passed every check of :func:`plan_put`, not yet
    stored."""

    def __init__(
        self,
        request: dict[str, Any],
        content: Extracted,
        attributes: dict[str, Any],
        source: DataSource | None,
        job: SyncJob | None,
        new: bool,
        record: Document | None,
        default_title: str | None = None,
    ):
        self.request = request
        self.doc_id: str = request["Id"]
        self.text = content.text
        self.text_bytes = len(content.text.encode())
        self.title = content.title or default_title
        self.pages = content.pages
        self.attributes = attributes
        self.source = source
        self.job = job
        self.new = new  # creates a record (none, or only one pending deletion, before)
        self.record = record  # the live record it replaces, unless an earlier entry did

    @property
    def owner(self) -> str | None:
        return self.source.id if self.source else None


def read_content(
    index: Index, document: dict[str, Any], enrichment: Enrichment | None, crawled: bool
) -> tuple[dict[str, Any], Extracted]:
    """The content checks, in order: Blob or S3Path but not both, the S3 object readable,
    at most 50 MB; then the inline enrichment rules and the pre-extraction hook; then the
    content extractable, with at most 5 MB of text; then the post-extraction hook.

    Returns the entry as enrichment left it, and its extracted content, whose ``title``
    is the document's title."""
    blob = document.get("Blob")
    s3_path = document.get("S3Path")
    if blob is not None and s3_path is not None:
        raise _reject("Give either Blob or S3Path, not both.")
    if s3_path is not None:
        blob = index.account.read_s3_object(s3_path["Bucket"], s3_path["Key"])
        if blob is None:
            raise _reject(
                f"S3 object s3://{s3_path['Bucket']}/{s3_path['Key']} cannot be read."
            )
    if blob is not None and len(blob) > MAX_DOCUMENT_BYTES:
        raise _reject("The document is larger than 50 MB.")
    request = {**document, "Blob": blob or b""}
    from_s3 = crawled or s3_path is not None
    try:
        return enrich_and_extract(index, request, enrichment, from_s3)
    except (ExtractionError, EnrichmentFailed) as error:
        raise _reject(str(error)) from None


def check_attributes(index: Index, attributes: list[dict]) -> None:
    """The attribute check, after the content checks: unique keys, one value member each,
    typed index fields only (plus the sync job id, and on a GEN_AI_ENTERPRISE_EDITION index
    ``_email_id``, as strings)."""
    seen: set[str] = set()
    builtin = {SYNC_JOB_KEY, EMAIL_KEY} if index.edition == GEN_AI else {SYNC_JOB_KEY}
    for attribute in attributes:
        key, value = attribute["Key"], attribute["Value"]
        members = [name for name, member in value.items() if member is not None]
        field = index.fields.get(key)
        kind = "STRING_VALUE" if key in builtin else (field or {}).get("Type")
        if key in seen or len(members) != 1 or kind is None or VALUE_MEMBER[kind] != members[0]:
            raise _reject(f"Attribute {key} is not an index field of a matching type.")
        seen.add(key)


def owner_and_job(
    index: Index, attributes: dict[str, Any]
) -> tuple[DataSource | None, SyncJob | None]:
    """The data source check, after the attribute check: the named data source must be
    usable, and its named job running."""
    source_id = attributes.get(DATA_SOURCE_KEY, {}).get("StringValue")
    job_id = attributes.get(SYNC_JOB_KEY, {}).get("StringValue")
    if source_id is None:
        if job_id is not None:
            raise _reject(f"Data source or sync job {job_id} is not usable.")
        return None, None
    source = index.data_sources.find(source_id)
    if source is None or source.status not in ("ACTIVE", "UPDATING"):
        raise _reject(f"Data source or sync job {source_id} is not usable.")
    if job_id is None:
        return source, source.running_job()
    job = source.jobs.get(job_id)
    if job is None or job.status != "SYNCING":
        raise _reject(f"Data source or sync job {job_id} is not usable.")
    return source, job


def check_ownership(index: Index, owner_id: str | None, source: DataSource | None) -> None:
    """The ownership check, after the data source check, for an Id stored already or put
    earlier in the batch: connector-owned documents stay with their connector, and a
    connector takes over no other document.

    Choice: the message for a direct-put document (no owner) names ``none``.
    """
    new_owner = source.id if source else None
    owner = index.data_sources.find(owner_id)
    if owner is not None and owner.is_connector and new_owner != owner.id:
        raise _reject(f"Document is owned by data source {owner.id}.")
    if source is not None and source.is_connector and new_owner != owner_id:
        raise _reject(f"Document is owned by data source {owner_id or 'none'}.")


def plan_put(
    index: Index,
    request: dict[str, Any],
    attributes: dict[str, Any],
    earlier: list[PutPlan],
    crawler: tuple[DataSource, SyncJob] | None = None,
    enrichment: Enrichment | None = None,
    default_title: str | None = None,
) -> PutPlan:
    """BatchPutDocument's checks of one entry, in order (content, attributes, data source
    and job, ownership, access control configuration, at most 200 principals, document
    quota), against the index as the ``earlier`` accepted entries of the same batch would
    leave it.

    ``crawler``: the data source and job of an S3 crawl putting this entry.
    They stand in for the data source check (:func:`owner_and_job`; the crawl runs once
    its job has moved past SYNCING and checks its data source itself); every other rule
    applies as to a BatchPutDocument, and the data source's stored
    CustomDocumentEnrichmentConfiguration enriches it.
    ``enrichment``: BatchPutDocument's CustomDocumentEnrichmentConfiguration
    (:meth:`Enrichment.of`).
    The attribute check and every later one read the entry as enrichment left it.
    ``default_title``: the title when neither the entry nor its content gives one.
    """
    doc_id = request["Id"]
    if crawler is not None:
        enrichment = Enrichment.of(crawler[0].settings.get(ENRICHMENT))
    enriched, content = read_content(index, request, enrichment, crawler is not None)
    if enrichment is not None:
        request = enriched
        attributes = {a["Key"]: a["Value"] for a in request.get("Attributes") or []}
    check_attributes(index, request.get("Attributes") or [])
    source, job = crawler or owner_and_job(index, attributes)
    previous = next((plan for plan in reversed(earlier) if plan.doc_id == doc_id), None)
    record = None if previous else index.live_record(doc_id)
    exists = previous is not None or record is not None
    if exists:
        owner_id = previous.owner if previous else record.owner if record else None
        check_ownership(index, owner_id, source)
    config_id = request.get("AccessControlConfigurationId")
    if config_id is not None and config_id not in index.access_control_configurations:
        raise _reject(f"Access control configuration {config_id} does not exist.")
    if len(request.get("AccessControlList") or []) > MAX_PRINCIPALS:
        raise _reject(f"At most {MAX_PRINCIPALS} principals are allowed.")
    new_ids = sum(1 for plan in earlier if plan.new)
    if not exists and index.live_documents + new_ids + 1 > index.document_quota:
        raise _reject("The index document quota is reached.")
    return PutPlan(request, content, attributes, source, job, new=not exists, record=record,
                   default_title=default_title)


def over_text_quota(index: Index, plans: list[PutPlan]) -> bool:
    """Whether the body text the index would hold after ``plans`` breaks the storage
    quota (BatchPutDocument and the S3 crawl).

    Choice where Kendra's documentation is silent: only accepted entries count, each Id at its
    last version in the batch, in place of the text of the record it re-puts.
    """
    final = {plan.doc_id: plan.text_bytes for plan in plans}
    replaced = {plan.doc_id: plan.record for plan in reversed(plans)}  # first plan's
    total = index.stored_text_bytes
    for doc_id, text_bytes in final.items():
        record = replaced[doc_id]
        total += text_bytes - (record.text_bytes if record else 0)
    return total > index.text_bytes_quota


def apply_put(index: Index, plan: PutPlan) -> None:
    """Store one accepted entry: a new record (PROCESSING -> INDEXED) or a re-put."""
    request, doc_id = plan.request, plan.doc_id
    existing = None if plan.new else plan.record or index.documents[doc_id]
    if existing is None:
        document = Document(doc_id)
        index.documents[doc_id] = document
        index.live_documents += 1
    else:
        document = existing
        document.start_reput()
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
    index.search.add_texts(
        doc_id, indexed_texts(document.text, document.title, document.attributes, index.fields),
        document, search_values(document),
    )
    if plan.job is not None:
        plan.job.record(doc_id, "added" if existing is None else "modified")



def search_values(document: Document) -> dict[str, Any]:
    """The plain values a document's search columns hold: its attributes and its language."""
    values = plain_values(document.attributes)
    values["_language_code"] = document.language
    return values
