"""The S3 crawl of a sync job: an S3 data source's bucket, read into its index.

A job runs it once, as it moves past SYNCING (see :class:`~.sources.SyncJob`); every
object goes through the document store's BatchPutDocument rules (``store.py``), the
data source's custom document enrichment included.
Data sources of Type S3 crawl their ``S3Configuration``; TEMPLATE data sources whose
template is of ``"type": "S3"`` crawl the S3Configuration it stands for
(:func:`~.s3_selection.template_configuration`); other templates crawl nothing.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .. import safe_json
from ..attributes import iso_moment
from ..exceptions import SerializationException
from ..protocol.model import node_for, service_model
from ..protocol.validate import readers_for
from .base import REMOVED
from .index import WRITE, Index
from .records import DATA_SOURCE_KEY, SYNC_JOB_KEY
from .s3_acl import AclFile, CrawlFailed, acl_location, read_acl_file
from .s3_selection import S3Selection, key_title, object_url, template_configuration
from .sources import DataSource, SyncJob, is_s3_template, template_bucket
from .store import DocumentRejected, apply_put, over_text_quota, plan_put

CRAWLED_TYPES = ("S3", "TEMPLATE")  # the types whose jobs run :func:`crawl_s3`
# (object ETag, sidecar ETag or None, the ACL file's rule for the object or None)
Fingerprint = tuple[str, str | None, str | None]


class Crawled(NamedTuple):
    """One selected object of a crawl: its document Id and what it was read from."""

    key: str
    doc_id: str
    fingerprint: Fingerprint
    sidecar: str
    metadata: dict[str, Any] | None  # the sidecar as read; None when not read (unchanged)


def crawl_configuration(source: DataSource) -> dict[str, Any] | None:
    """The S3Configuration a data source crawls, or None when it crawls nothing."""
    configuration = source.settings.get("Configuration") or {}
    if source.type == "S3":
        return configuration.get("S3Configuration")
    template = (configuration.get("TemplateConfiguration") or {}).get("Template")
    if source.type == "TEMPLATE" and is_s3_template(template):
        bucket = template_bucket(template)
        return template_configuration(template, bucket) if bucket else None
    return None


def crawl_s3(index: Index, source: DataSource, job: SyncJob) -> None:
    """Crawl the data source's bucket into the index; ``job`` gets the metrics.

    Choices where Kendra's documentation is silent:

    - The Configuration is the one stored when the crawl runs (an UpdateDataSource
      between start and crawl counts).
    - A data source no longer ACTIVE or UPDATING (DELETING), or an index no longer
      ready, when the crawl would run: nothing is crawled and the job ends ABORTED.
    - The ACL file is read (and checked) before the bucket is listed; it is never a
      document.
    - An object is unchanged, and not re-put, when its ETag, its sidecar's ETag (or
      sidecar absence) and the ACL file's entry for it are what the last indexing of
      its document saw, it was the object its document was last indexed from, and the
      document is still there; any difference re-puts it (DocumentsModified).  An
      unchanged object's sidecar is not re-read: its document keeps the Id it had.
    - Objects sharing a document Id (through their sidecars' ``DocumentId``): the last
      in key order is the one put; the others count in DocumentsScanned only.
    - "Gone" = no object of this crawl has the document's Id: deleted, no longer
      matching the prefixes, patterns or extensions, or its sidecar now names another
      Id.  An object that fails keeps its earlier document when its Id is unchanged.
    - Deletions of gone documents run before the puts; objects are put in key order,
      each stored at once (no batch: an object over the text storage quota fails alone).
    """
    if source.status not in ("ACTIVE", "UPDATING") or index.status in WRITE | {REMOVED}:
        job.status = "ABORTED"
        return
    config = crawl_configuration(source)
    if config is None:
        return
    try:
        _crawl(index, source, job, config)
    except CrawlFailed as failure:
        job.fail("InternalError", str(failure))


def _crawl(index: Index, source: DataSource, job: SyncJob, config: dict[str, Any]) -> None:
    """Select, identify (Ids from sidecars), delete the gone, then put the changed."""
    bucket = config["BucketName"]
    acl_file, acl_key = _acl_file(index, config, bucket)
    listing = index.account.list_s3_objects(bucket)
    if listing is None:
        raise CrawlFailed(f"S3 bucket {bucket} cannot be read.")
    selection = S3Selection(config)
    etags = dict(listing.objects)
    selected = [
        (key, content_type) for key, _ in listing.objects
        if key != acl_key and (content_type := selection.content_type(key)) is not None
    ]
    job.scanned = len(selected)
    before, kept = dict(source.crawled), {}
    winners: dict[str, tuple[Crawled, str]] = {}  # document Id -> last object in key order
    for key, content_type in selected:
        sidecar = selection.sidecar(key)
        rule = acl_file.token_for(f"s3://{bucket}/{key}") if acl_file is not None else None
        fingerprint = (etags[key], etags.get(sidecar), rule)
        try:
            found = _identify(index, bucket, key, fingerprint, sidecar, before.get(key))
        except DocumentRejected:
            job.failed += 1
            if key in before:
                kept[key] = before[key]
            continue
        winners[found.doc_id] = (found, content_type)
    _delete_gone(index, source, job, set(winners) | {doc_id for doc_id, _ in kept.values()})
    source.crawled, indexed_from = kept, _indexed_from(before)
    for found, content_type in winners.values():
        last = before.get(found.key)
        if found.metadata is None and index.live_record(found.doc_id) is not None and (
            indexed_from.get(found.doc_id) == found.key
        ):
            source.crawled[found.key] = (found.doc_id, found.fingerprint)
            continue
        try:
            _put(index, source, job, listing.region, found, content_type, acl_file, bucket)
        except DocumentRejected:
            job.failed += 1
            if last is not None and last[0] == found.doc_id:
                source.crawled[found.key] = last
            continue
        source.crawled[found.key] = (found.doc_id, found.fingerprint)


def _acl_file(index: Index, config: dict[str, Any], bucket: str
              ) -> tuple[AclFile | None, str | None]:
    """The ACL file the configuration names (None without one), and its key when it is
    in the crawled bucket (that key is never a document)."""
    key_path = (config.get("AccessControlListConfiguration") or {}).get("KeyPath")
    if not key_path:
        return None, None
    acl_bucket, acl_key = acl_location(key_path, bucket)
    acl_file = read_acl_file(index.account, acl_bucket, acl_key)
    return acl_file, acl_key if acl_bucket == bucket else None


def _indexed_from(before: dict[str, tuple[str, Fingerprint]]) -> dict[str, str]:
    """Document Id -> the object it was last indexed from (the last in key order)."""
    return {doc_id: key for key, (doc_id, _) in sorted(before.items())}


def _identify(index: Index, bucket: str, key: str, fingerprint: Fingerprint, sidecar: str,
              last: tuple[str, Fingerprint] | None) -> Crawled:
    """An object's document Id: as last crawled when it and its sidecar are unchanged,
    else from its sidecar (read now, kept for the put)."""
    if last is not None and last[1] == fingerprint:
        return Crawled(key, last[0], fingerprint, sidecar, None)
    metadata: dict[str, Any] = {}
    if fingerprint[1] is not None:
        metadata = _sidecar_metadata(
            index.account.read_s3_object(bucket, sidecar), f"s3://{bucket}/{sidecar}"
        )
    doc_id = metadata.get("DocumentId")
    if not isinstance(doc_id, str) or not doc_id:
        doc_id = f"s3://{bucket}/{key}"
    return Crawled(key, doc_id, fingerprint, sidecar, metadata)


def _put(index: Index, source: DataSource, job: SyncJob, region: str, found: Crawled,
         content_type: str, acl_file: AclFile | None, bucket: str) -> None:
    """Put one object (and its sidecar) as a BatchPutDocument entry would be put."""
    metadata = found.metadata
    if metadata is None:  # unchanged, but its document must be put again
        metadata = _identify(index, bucket, found.key, found.fingerprint, found.sidecar,
                             None).metadata
    request = _crawled_document(index, source, job, bucket, region, found, content_type,
                                metadata or {}, acl_file)
    attributes = {a["Key"]: a["Value"] for a in request["Attributes"]}
    plan = plan_put(index, request, attributes, [], (source, job),
                    default_title=key_title(found.key))
    if over_text_quota(index, [plan]):
        raise DocumentRejected("The index text storage quota is reached.")
    apply_put(index, plan)


def _delete_gone(index: Index, source: DataSource, job: SyncJob, produced: set[str]) -> None:
    """Start deleting the documents of earlier crawls no object of this one stands for."""
    for doc_id in {doc_id for doc_id, _ in source.crawled.values()} - produced:
        record = index.live_record(doc_id)
        if record is not None and record.owner == source.id:  # no one else may re-put it
            index.start_deleting(record)
            job.record(doc_id, "deleted")


def _crawled_document(
    index: Index,
    source: DataSource,
    job: SyncJob,
    bucket: str,
    region: str,
    found: Crawled,
    content_type: str,
    metadata: dict[str, Any],
    acl_file: AclFile | None,
) -> dict[str, Any]:
    """The BatchPutDocument entry one object (and its sidecar) stands for.

    Built in wire form and read through the model's ``Document`` shape, as a
    request entry would be: wrong JSON kinds or model constraints in the sidecar
    reject the object. Attributes: ``_source_uri`` (unless the sidecar gives one),
    ``_data_source_id``, ``_data_source_sync_job_execution_id``, then the sidecar's
    in file order (its own ``_data_source_id`` / job id are ignored).  The
    AccessControlList is the sidecar's, else the ACL file's for the object.
    """
    uri = f"s3://{bucket}/{found.key}"
    blob = index.account.read_s3_object(bucket, found.key)
    if blob is None:
        raise DocumentRejected(f"S3 object {uri} cannot be read.")
    given = metadata.get("Attributes") or {}
    attributes = [] if "_source_uri" in given else [
        _attribute("_source_uri", {"StringValue": object_url(bucket, region, found.key)})
    ]
    attributes.append(_attribute(DATA_SOURCE_KEY, {"StringValue": source.id}))
    attributes.append(_attribute(SYNC_JOB_KEY, {"StringValue": job.execution_id}))
    for name, value in given.items():
        if name not in (DATA_SOURCE_KEY, SYNC_JOB_KEY):
            field_type = index.fields.get(name, {}).get("Type")
            attributes.append(_attribute(name, _wire_value(name, value, field_type)))
    wire: dict[str, Any] = {"Id": found.doc_id, "Attributes": attributes}
    for member in ("Title", "ContentType", "AccessControlList"):
        if metadata.get(member) is not None:  # null = absent, as on the wire
            wire[member] = metadata[member]
    wire.setdefault("ContentType", content_type)
    acl = acl_file.acl_for(uri) if acl_file is not None else None
    if acl is not None:
        wire.setdefault("AccessControlList", acl)
    request = _read_document(wire, found.doc_id)
    request["Blob"] = blob
    return request


def _attribute(key: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"Key": key, "Value": value}


def _sidecar_metadata(raw: bytes | None, name: str) -> dict[str, Any]:
    """A sidecar in the Kendra metadata file format: a UTF-8 JSON object whose
    ``DocumentId`` (a non-empty string; otherwise ignored), ``Title``, ``ContentType``,
    ``Attributes`` (an object) and ``AccessControlList`` are used; other members are
    ignored."""
    if raw is None:
        raise DocumentRejected(f"S3 object {name} cannot be read.")
    metadata = safe_json.loads_or_none(raw)
    if not isinstance(metadata, dict) or not isinstance(metadata.get("Attributes", {}), dict):
        raise DocumentRejected(f"The metadata file {name} is not a Kendra metadata object.")
    return metadata


def _wire_value(key: str, value: Any, field_type: str | None) -> dict[str, Any]:
    """A sidecar attribute value as a wire ``DocumentAttributeValue``, by its JSON kind.

    A string is a ``DateValue`` when the index field is DATE_VALUE and the string is an
    ISO 8601 date or date-time (``datetime.fromisoformat``, a trailing ``Z`` allowed,
    no offset = UTC), else a ``StringValue``; a number a ``LongValue`` (integral only);
    an array a ``StringListValue`` (strings only). ``true``/``false``, ``null`` and
    objects fit no member (so the object fails). BatchPutDocument's attribute check
    (:func:`.store.check_attributes`) then checks the kind against the index field.
    """
    if isinstance(value, str):
        moment = iso_moment(value) if field_type == "DATE_VALUE" else None
        return {"StringValue": value} if moment is None else {"DateValue": moment.timestamp()}
    if isinstance(value, (int, float)):  # true/false too: the model reader refuses them
        return {"LongValue": value}
    if isinstance(value, list):
        return {"StringListValue": value}
    raise DocumentRejected(f"Attribute {key} is not an index field of a matching type.")


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
