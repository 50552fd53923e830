"""The S3 crawl of a sync job: an S3 data source's bucket, read into its index.

A job runs it once, as it moves past SYNCING (see :class:`~.sources.SyncJob`); every
object goes through the document store's BatchPutDocument rules (``store.py``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache
from typing import Any

from .. import safe_json
from ..exceptions import SerializationException
from ..protocol.model import node_for, service_model
from ..protocol.validate import readers_for
from .base import REMOVED
from .index import WRITE, Index
from .records import DATA_SOURCE_KEY, SYNC_JOB_KEY
from .s3_selection import S3Selection, object_url
from .sources import DataSource, SyncJob
from .store import DocumentRejected, apply_put, over_text_quota, plan_put


def crawl_s3(index: Index, source: DataSource, job: SyncJob) -> None:
    """Crawl the data source's bucket into the index; ``job`` gets the metrics.

    Choices where the spec is silent:

    - The Configuration is the one stored when the crawl runs (an UpdateDataSource
      between start and crawl counts). Without ``S3Configuration`` the job ends FAILED,
      ``InvalidRequest``, ``The data source has no S3Configuration.``
    - A data source no longer ACTIVE or UPDATING (DELETING), or an index no longer
      ready, when the crawl would run: nothing is crawled and the job ends ABORTED.
    - An object is unchanged, and not re-put, when its ETag and its sidecar's ETag (or
      sidecar absence) are what the last indexing of its document saw and the document
      is still there; any difference re-puts it (DocumentsModified).
    - "Gone" = not selected by this crawl: deleted, or no longer matching the prefixes,
      patterns or extensions. An object that fails keeps its earlier document (if
      any); only the objects it was last indexed from count as unchanged.
    - Deletions of gone documents run before the puts; objects are put in key order,
      each stored at once (no batch: an object over the text storage quota fails alone).
    """
    if source.status not in ("ACTIVE", "UPDATING") or index.status in WRITE | {REMOVED}:
        job.status = "ABORTED"
        return
    config = (source.settings.get("Configuration") or {}).get("S3Configuration")
    if not config:
        job.fail("InvalidRequest", "The data source has no S3Configuration.")
        return
    bucket = config["BucketName"]
    listing = index.account.list_s3_objects(bucket)
    if listing is None:
        job.fail("InternalError", f"S3 bucket {bucket} cannot be read.")
        return
    etags = dict(listing.objects)
    selection = S3Selection(config)
    chosen: dict[str, tuple[str, str]] = {}  # document Id -> (key, ContentType)
    for key, _ in listing.objects:
        content_type = selection.content_type(key)
        if content_type is not None:
            chosen[f"s3://{bucket}/{key}"] = (key, content_type)
    job.scanned = len(chosen)
    _delete_gone(index, source, job, chosen)
    for doc_id, (key, content_type) in chosen.items():
        sidecar = selection.sidecar(key)
        fingerprint = (etags[key], etags.get(sidecar))
        record = index.live_record(doc_id)
        if record is not None and source.crawled.get(doc_id) == fingerprint:
            continue
        try:
            request = _crawled_document(
                index, source, job, bucket, listing.region, key, content_type,
                sidecar if fingerprint[1] is not None else None,
            )
            attributes = {a["Key"]: a["Value"] for a in request["Attributes"]}
            plan = plan_put(index, request, attributes, [], (source, job))
            if over_text_quota(index, [plan]):
                raise DocumentRejected("The index text storage quota is reached.")
        except DocumentRejected:
            job.failed += 1
            continue
        apply_put(index, plan)
        source.crawled[doc_id] = fingerprint

def _delete_gone(index: Index, source: DataSource, job: SyncJob, chosen: dict[str, Any]) -> None:
    """Start deleting the documents of earlier crawls whose objects this one did not select."""
    for doc_id in [doc_id for doc_id in source.crawled if doc_id not in chosen]:
        del source.crawled[doc_id]
        record = index.live_record(doc_id)
        if record is not None:  # still this data source's: no one else may re-put it
            index.start_deleting(record)
            job.record(doc_id, "deleted")


def _crawled_document(
    index: Index,
    source: DataSource,
    job: SyncJob,
    bucket: str,
    region: str,
    key: str,
    content_type: str,
    sidecar: str | None,
) -> dict[str, Any]:
    """The BatchPutDocument entry one object (and its sidecar) stands for.

    Built in wire form and read through the model's ``Document`` shape, as a
    request entry would be: wrong JSON kinds or model constraints in the sidecar
    reject the object. Attributes: ``_source_uri`` (unless the sidecar gives one),
    ``_data_source_id``, ``_data_source_sync_job_execution_id``, then the sidecar's
    in file order (its own ``_data_source_id`` / job id are ignored).
    """
    doc_id = f"s3://{bucket}/{key}"
    blob = index.account.read_s3_object(bucket, key)
    if blob is None:
        raise DocumentRejected(f"S3 object {doc_id} cannot be read.")
    metadata = _sidecar_metadata(
        index.account.read_s3_object(bucket, sidecar), f"s3://{bucket}/{sidecar}"
    ) if sidecar is not None else {}
    given = metadata.get("Attributes") or {}
    attributes = [] if "_source_uri" in given else [
        _attribute("_source_uri", {"StringValue": object_url(bucket, region, key)})
    ]
    attributes.append(_attribute(DATA_SOURCE_KEY, {"StringValue": source.id}))
    attributes.append(_attribute(SYNC_JOB_KEY, {"StringValue": job.execution_id}))
    for name, value in given.items():
        if name not in (DATA_SOURCE_KEY, SYNC_JOB_KEY):
            field_type = index.fields.get(name, {}).get("Type")
            attributes.append(_attribute(name, _wire_value(name, value, field_type)))
    wire: dict[str, Any] = {"Id": doc_id, "Attributes": attributes}
    for member in ("Title", "ContentType", "AccessControlList"):
        if metadata.get(member) is not None:  # null = absent, as on the wire
            wire[member] = metadata[member]
    wire.setdefault("ContentType", content_type)
    request = _read_document(wire, doc_id)
    request["Blob"] = blob
    return request


def _attribute(key: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"Key": key, "Value": value}


def _sidecar_metadata(raw: bytes | None, name: str) -> dict[str, Any]:
    """A sidecar in the Kendra metadata file format: a UTF-8 JSON object whose
    ``Title``, ``ContentType``, ``Attributes`` (an object) and ``AccessControlList`` are
    used; other members (``DocumentId`` among them) are ignored."""
    if raw is None:
        raise DocumentRejected(f"S3 object {name} cannot be read.")
    try:
        metadata = safe_json.loads(raw.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError included
        metadata = None
    if not isinstance(metadata, dict) or not isinstance(metadata.get("Attributes", {}), dict):
        raise DocumentRejected(f"The metadata file {name} is not a Kendra metadata object.")
    return metadata


def _wire_value(key: str, value: Any, field_type: str | None) -> dict[str, Any]:
    """A sidecar attribute value as a wire ``DocumentAttributeValue``, by its JSON kind.

    A string is a ``DateValue`` when the index field is DATE_VALUE and the string is an
    ISO 8601 date or date-time (``datetime.fromisoformat``, a trailing ``Z`` allowed,
    no offset = UTC), else a ``StringValue``; a number a ``LongValue`` (integral only);
    an array a ``StringListValue`` (strings only). ``true``/``false``, ``null`` and
    objects fit no member (so the object fails). BatchPutDocument rule 5 then checks the
    kind against the index field.
    """
    if isinstance(value, str):
        instant = _iso_instant(value) if field_type == "DATE_VALUE" else None
        return {"StringValue": value} if instant is None else {"DateValue": instant}
    if isinstance(value, (int, float)):  # true/false too: the model reader refuses them
        return {"LongValue": value}
    if isinstance(value, list):
        return {"StringListValue": value}
    raise DocumentRejected(f"Attribute {key} is not an index field of a matching type.")


def _iso_instant(text: str) -> float | None:
    """Epoch seconds of an ISO 8601 date or date-time; None if ``text`` is not one."""
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


@cache
def _document_reader() -> Any:
    """The model's exact reader of a ``Document`` (type and constraint checks; natives out)."""
    return readers_for(node_for(service_model().shape_for("Document")))[1]


def _read_document(wire: dict[str, Any], doc_id: str) -> dict[str, Any]:
    violations: list[str] = []
    try:
        request: dict[str, Any] = _document_reader()(wire, "", violations)
    except SerializationException as error:
        raise DocumentRejected(f"Document {doc_id}: {error.message}") from None
    if violations:
        raise DocumentRejected(f"Document {doc_id}: {'; '.join(violations)}")
    return request
