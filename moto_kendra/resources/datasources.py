"""Data sources and sync jobs (spec section 6.1-6.3), and the S3 crawl (spec 6.4)."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from datetime import datetime, timezone
from functools import cache, partial
from typing import Any
from urllib.parse import quote

from moto.moto_api._internal.managed_state_model import ManagedState

from ..exceptions import (
    ResourceInUseException,
    ResourceNotFoundException,
    SerializationException,
    ValidationException,
)
from ..pagination import PAGINATION_MODEL, paginate
from ..protocol.model import node_for, service_model
from ..protocol.validate import readers_for
from .base import (
    REMOVED,
    Resource,
    check_quota,
    check_tags,
    find_child,
    live,
    new_id,
    next_seq,
    now,
    pascal_keys,
    present_child,
)
from .documents import DATA_SOURCE_KEY, SYNC_JOB_KEY, DocumentOperations, DocumentRejected
from .index import ANY, CHILD_DELETE, DEVELOPER, WRITE, Index

LABEL = "Data source"
_CONNECTOR_JOB: list[tuple[str | None, str]] = [
    ("SYNCING", "SYNCING_INDEXING"),
    ("SYNCING_INDEXING", "SUCCEEDED"),
    ("STOPPING", "ABORTED"),
]
# CUSTOM jobs: SYNCING has no transition, it is held until StopDataSourceSyncJob.
_CUSTOM_JOB: list[tuple[str | None, str]] = [("SYNCING_INDEXING", "SUCCEEDED")]
# Spec section 10: data sources per index (DELETING not counted), by edition.
DEVELOPER_DATA_SOURCE_QUOTA = 5
DATA_SOURCE_QUOTA = 50  # ENTERPRISE_EDITION, GEN_AI_ENTERPRISE_EDITION
FINISHED = frozenset({"SUCCEEDED", "FAILED", "INCOMPLETE", "ABORTED"})
METRICS = (("DocumentsAdded", "added"), ("DocumentsModified", "modified"),
           ("DocumentsDeleted", "deleted"))
# Statuses a job reads before its crawl (SYNCING) or instead of one (stopped).
NOT_CRAWLED = frozenset({"SYNCING", "STOPPING", "ABORTED"})
Crawl = Callable[["SyncJob"], None]


def wire_now() -> datetime:
    """Now, cut to the wire's millisecond precision (spec 1.3).

    Choice: a StartTime read back from ListDataSourceSyncJobs is then exactly the
    stored one, so it works as an inclusive StartTimeFilter bound.
    """
    moment = now()
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class SyncJob(ManagedState):
    """One sync job run; metrics map each document to its last action (spec 6.3).

    ``crawl`` (S3 data sources, spec 6.4) runs exactly once, on the first read of the
    status past SYNCING (SYNCING_INDEXING, or SUCCEEDED at once under ``immediate``);
    a job stopped before that (STOPPING, ABORTED) never crawls.  The crawl may end the
    job FAILED (or ABORTED) on that same read.
    """

    def __init__(self, connector: bool, crawl: Crawl | None = None):
        super().__init__("kendra::sync_job", _CONNECTOR_JOB if connector else _CUSTOM_JOB)
        self._status = "SYNCING"
        self.connector = connector
        self.crawl = crawl  # pending until run (or dropped)
        self.execution_id = new_id()
        self.seq = next_seq()
        self.start_time = wire_now()
        self.end_time: datetime | None = None
        self.actions: dict[str, str] = {}
        self.scanned = 0  # DocumentsScanned of a crawl
        self.failed = 0  # DocumentsFailed: objects a crawl could not index
        self.error: tuple[str, str] | None = None  # (ErrorCode, ErrorMessage) of a FAILED crawl

    @property
    def list_position(self) -> int:
        return -self.seq  # newest first

    @property  # type: ignore[override]
    def status(self) -> str | None:
        status = ManagedState.status.fget(self)  # type: ignore[attr-defined]
        if self.crawl is not None and status != "SYNCING":
            crawl, self.crawl = self.crawl, None  # dropped first: the crawl reads statuses too
            if status not in NOT_CRAWLED:
                crawl(self)
                status = self._status
        if status in FINISHED and self.end_time is None:
            self.end_time = wire_now()
        return status  # type: ignore[no-any-return]

    @status.setter
    def status(self, value: str) -> None:
        self._status = value
        self._tick = 0

    def fail(self, code: str, message: str) -> None:
        """The crawl ends the job FAILED with this ErrorCode and ErrorMessage (spec 6.4)."""
        self._status = "FAILED"
        self.error = (code, message)

    def record(self, doc_id: str, action: str) -> None:
        """A document's last action on this job is the one it counts under."""
        self.actions[doc_id] = action

    def summary(self) -> dict[str, Any]:
        status = self.status  # first: this read may run the crawl
        counts = dict.fromkeys(("added", "modified", "deleted"), 0)
        for action in self.actions.values():
            counts[action] += 1
        metrics = {name: str(counts[action]) for name, action in METRICS}
        metrics["DocumentsFailed"] = str(self.failed)
        if self.connector:
            metrics["DocumentsScanned"] = str(self.scanned)
        summary = {
            "ExecutionId": self.execution_id,
            "StartTime": self.start_time,
            "EndTime": self.end_time,
            "Status": status,
            "Metrics": metrics,
        }
        if self.error is not None:  # set only with FAILED, a final status
            summary["ErrorCode"], summary["ErrorMessage"] = self.error
        return summary


class DataSource(Resource):
    collection = "data_sources"  # the Index attribute holding it (ClientToken replay)

    def __init__(
        self, index: Index, name: str, kind: str, language: str, settings: dict[str, Any]
    ):
        super().__init__(
            "kendra::datasource",
            [("CREATING", "ACTIVE"), ("UPDATING", "ACTIVE"), ("DELETING", REMOVED)],
        )
        self.index = index
        self.id = new_id()
        self.name = name
        self.type = kind
        self.language = language
        self.settings = {k: v for k, v in settings.items() if v is not None}
        self.jobs: dict[str, SyncJob] = {}
        # S3 crawls: document Id -> (object ETag, sidecar ETag or None) as last indexed.
        self.crawled: dict[str, tuple[str, str | None]] = {}

    @property
    def is_connector(self) -> bool:
        return self.type != "CUSTOM"

    @property
    def arn(self) -> str:
        return self.index.backend.arn(f"index/{self.index.id}/data-source/{self.id}")

    def running_job(self) -> SyncJob | None:
        return next((job for job in self.jobs.values() if job.status == "SYNCING"), None)

    def on_removed(self) -> None:
        """Unfinished jobs end ABORTED; the documents this data source owns go (spec 6.1).

        A crawl that this status read would run finds the data source or index gone and
        ends its job ABORTED without crawling (:meth:`DataSourceOperations._crawl_s3`).
        """
        for job in self.jobs.values():
            if job.status not in FINISHED:
                job.status = "ABORTED"
        index = self.index
        for doc_id, document in list(index.documents.items()):
            if document.owner == self.id:
                index.discard(doc_id)
        index.data_sources.pop(self.id, None)
        index.backend.tagger.delete_all_tags_for_resource(self.arn)

    def describe(self) -> dict[str, Any]:
        return {
            **self.settings,
            "Id": self.id,
            "IndexId": self.index.id,
            "Name": self.name,
            "Type": self.type,
            "Status": self.status,
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
            "LanguageCode": self.language,
        }

    def summary(self) -> dict[str, Any]:
        return {
            "Name": self.name,
            "Id": self.id,
            "Type": self.type,
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
            "Status": self.status,
            "LanguageCode": self.language,
        }


def check_custom(kind: str, settings: dict[str, Any], creating: bool) -> None:
    """CUSTOM takes no Configuration/RoleArn/Schedule; connectors need Configuration and RoleArn."""
    if kind == "CUSTOM":
        if any(settings.get(key) is not None for key in ("Configuration", "RoleArn", "Schedule")):
            raise ValidationException(
                "CUSTOM data sources take no Configuration, RoleArn or Schedule."
            )
    elif creating and (settings.get("Configuration") is None or settings.get("RoleArn") is None):
        raise ValidationException("This data source type needs Configuration and RoleArn.")


class DataSourceOperations(DocumentOperations):
    """Backend methods for data sources and sync jobs."""

    def find_data_source(
        self, index: Index, source_id: str | None
    ) -> DataSource | None:
        """The present data source of ``index`` (removing it if its status reads removed)."""
        return find_child(index.data_sources, source_id) if source_id else None

    def _data_source(
        self, index: Index, source_id: str, refuse: frozenset[str] = ANY,
        advance: bool = False,
    ) -> DataSource:
        return present_child(index.data_sources, source_id, LABEL, index.id, refuse, advance)

    def create_data_source(
        self,
        name: str,
        index_id: str,
        type: str,
        language_code: str = "en",
        tags: list[dict[str, str]] | None = None,
        client_token: str | None = None,
        **settings: Any,
    ) -> dict[str, Any]:
        """CreateDataSource (spec 6.1); Configuration is stored as given, unchecked."""
        pascal = pascal_keys(settings)
        check_custom(type, pascal, creating=True)
        check_tags(tags)
        replay = self.replay("CreateDataSource", index_id, client_token)
        if replay is not None:
            return {"Id": replay.id}
        index = self.get_index(index_id, WRITE)
        present = sum(1 for s in live(index.data_sources) if s.status != "DELETING")
        limit = DEVELOPER_DATA_SOURCE_QUOTA if index.edition == DEVELOPER else DATA_SOURCE_QUOTA
        check_quota(present + 1, limit, "data sources per index")
        source = DataSource(index, name, type, language_code, pascal)
        index.data_sources[source.id] = source
        self.remember("CreateDataSource", index_id, client_token, source)
        self.tag(source.arn, tags)
        return {"Id": source.id}

    def describe_data_source(self, id: str, index_id: str) -> dict[str, Any]:
        index = self.get_index(index_id)
        return self._data_source(index, id, advance=True).describe()

    def update_data_source(
        self,
        id: str,
        index_id: str,
        name: str | None = None,
        language_code: str | None = None,
        **settings: Any,
    ) -> None:
        index = self.get_index(index_id, WRITE)
        source = self._data_source(index, id, frozenset({"CREATING", "DELETING"}))
        pascal = pascal_keys(settings)
        check_custom(source.type, pascal, creating=False)
        source.settings.update({k: v for k, v in pascal.items() if v is not None})
        source.name = name or source.name
        source.language = language_code or source.language
        source.set_status("UPDATING")

    def delete_data_source(self, id: str, index_id: str) -> None:
        """DeleteDataSource: -> DELETING; already DELETING -> no change.

        Choice: the new status is read once at once, so under ``immediate`` the data
        source is removed by this call (its jobs aborted, its documents gone) rather
        than at whatever lookup happens to read it next; under ``manual`` it stays
        DELETING until advanced.
        """
        index = self.get_index(index_id, CHILD_DELETE)
        source = self._data_source(index, id)
        if source.status != "DELETING":
            source.set_status("DELETING")
            self.find_data_source(index, id)

    def list_data_sources(
        self,
        index_id: str,
        next_token: str | None = None,
        max_results: int | None = None,
    ) -> dict[str, Any]:
        return self.list_children(index_id, "data_sources", "SummaryItems", next_token, max_results)

    def start_data_source_sync_job(self, id: str, index_id: str) -> dict:
        index = self.get_index(index_id, WRITE)
        source = self._data_source(index, id, frozenset({"CREATING", "DELETING", "FAILED"}))
        for job in source.jobs.values():
            if job.status in ("SYNCING", "STOPPING"):
                raise ResourceInUseException.running_job(id, job.execution_id)
        crawl = partial(self._crawl_s3, source) if source.type == "S3" else None
        job = SyncJob(source.is_connector, crawl)
        source.jobs[job.execution_id] = job
        return {"ExecutionId": job.execution_id}

    def stop_data_source_sync_job(self, id: str, index_id: str) -> None:
        """StopDataSourceSyncJob: CUSTOM -> SYNCING_INDEXING, connector -> STOPPING."""
        index = self.get_index(index_id)
        source = self._data_source(index, id)
        job = source.running_job()
        if job is None:
            raise ResourceNotFoundException.no_running_job(id)
        job.status = "STOPPING" if source.is_connector else "SYNCING_INDEXING"

    @paginate(PAGINATION_MODEL)
    def _list_sync_jobs(
        self,
        index_id: str,
        source_id: str,
        start_time_filter: dict[str, datetime] | None,
        status_filter: str | None,
    ) -> list[SyncJob]:
        jobs = list(self.indices[index_id].data_sources[source_id].jobs.values())
        for job in jobs:
            job.advance()
        low = (start_time_filter or {}).get("StartTime")
        high = (start_time_filter or {}).get("EndTime")
        return [
            job
            for job in sorted(jobs, key=lambda j: j.list_position)
            if (status_filter is None or job.status == status_filter)
            and (low is None or job.start_time >= low)
            and (high is None or job.start_time <= high)
        ]

    def list_data_source_sync_jobs(
        self,
        id: str,
        index_id: str,
        next_token: str | None = None,
        max_results: int | None = None,
        start_time_filter: dict[str, datetime] | None = None,
        status_filter: str | None = None,
    ) -> dict[str, Any]:
        index = self.get_index(index_id)
        source = self._data_source(index, id)
        page, token = self._list_sync_jobs(
            index_id=index.id,
            source_id=source.id,
            start_time_filter=start_time_filter,
            status_filter=status_filter,
            next_token=next_token,
            max_results=max_results,
        )
        return {"History": [job.summary() for job in page], "NextToken": token}

    # -- S3 crawl (spec 6.4) ------------------------------------------------------------
    def _crawl_s3(self, source: DataSource, job: SyncJob) -> None:
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
        index = source.index
        if source.status not in ("ACTIVE", "UPDATING") or index.status in WRITE | {REMOVED}:
            job.status = "ABORTED"
            return
        config = (source.settings.get("Configuration") or {}).get("S3Configuration")
        if not config:
            job.fail("InvalidRequest", "The data source has no S3Configuration.")
            return
        bucket = config["BucketName"]
        listing = self.list_s3_objects(bucket)
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
        for doc_id in [doc_id for doc_id in source.crawled if doc_id not in chosen]:
            del source.crawled[doc_id]
            record = self._live_record(index, doc_id)
            if record is not None:  # still this data source's: no one else may re-put it
                index.start_deleting(record)
                job.record(doc_id, "deleted")
        for doc_id, (key, content_type) in chosen.items():
            sidecar = selection.sidecar(key)
            fingerprint = (etags[key], etags.get(sidecar))
            record = self._live_record(index, doc_id)
            if record is not None and source.crawled.get(doc_id) == fingerprint:
                continue
            try:
                request = self._crawled_document(
                    source, job, bucket, listing.region, key, content_type,
                    sidecar if fingerprint[1] is not None else None,
                )
                attributes = {a["Key"]: a["Value"] for a in request["Attributes"]}
                plan = self._plan_put(index, request, attributes, [], (source, job))
                if self._over_text_quota(index, [plan]):
                    raise DocumentRejected("The index text storage quota is reached.")
            except DocumentRejected:
                job.failed += 1
                continue
            self._apply_put(index, plan)
            source.crawled[doc_id] = fingerprint

    def _crawled_document(
        self,
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
        blob = self.read_s3_object(bucket, key)
        if blob is None:
            raise DocumentRejected(f"S3 object {doc_id} cannot be read.")
        metadata = _sidecar_metadata(
            self.read_s3_object(bucket, sidecar), f"s3://{bucket}/{sidecar}"
        ) if sidecar is not None else {}
        given = metadata.get("Attributes") or {}
        attributes = [] if "_source_uri" in given else [
            _attribute("_source_uri", {"StringValue": object_url(bucket, region, key)})
        ]
        attributes.append(_attribute(DATA_SOURCE_KEY, {"StringValue": source.id}))
        attributes.append(_attribute(SYNC_JOB_KEY, {"StringValue": job.execution_id}))
        for name, value in given.items():
            if name not in (DATA_SOURCE_KEY, SYNC_JOB_KEY):
                field_type = source.index.fields.get(name, {}).get("Type")
                attributes.append(_attribute(name, _wire_value(name, value, field_type)))
        wire: dict[str, Any] = {"Id": doc_id, "Attributes": attributes}
        for member in ("Title", "ContentType", "AccessControlList"):
            if metadata.get(member) is not None:  # null = absent, as on the wire
                wire[member] = metadata[member]
        wire.setdefault("ContentType", content_type)
        request = _read_document(wire, doc_id)
        request["Blob"] = blob
        return request


# -- S3 crawl helpers (spec 6.4) ---------------------------------------------------------

#: Spec 6.4: the ContentType of each crawled extension (compared lower-cased).
S3_CONTENT_TYPES = {
    ".txt": "PLAIN_TEXT", ".html": "HTML", ".htm": "HTML", ".md": "MD", ".csv": "CSV",
    ".json": "JSON", ".xml": "XML", ".pdf": "PDF", ".doc": "MS_WORD", ".docx": "MS_WORD",
    ".ppt": "PPT", ".pptx": "PPT", ".xls": "MS_EXCEL", ".xlsx": "MS_EXCEL", ".rtf": "RTF",
}
SIDECAR_SUFFIX = ".metadata.json"


class S3Selection:
    """Which objects of the bucket a crawl indexes, and where their sidecars are.

    - ``InclusionPrefixes``: the key starts with one of them (plain string prefixes);
      none given = every key.
    - ``InclusionPatterns`` / ``ExclusionPatterns``: globs matched against the whole
      key, case-sensitively (:func:`glob_regex`); the key must match an inclusion
      pattern if any is given, and no exclusion pattern (exclusion wins).
    - The extension (after the last ``.`` of the last path segment, compared
      lower-cased) must be in :data:`S3_CONTENT_TYPES`.
    - A key ending in ``.metadata.json`` is a sidecar, never a document (wherever it is).
    - The sidecar of ``<key>`` is ``<S3Prefix>/<key>.metadata.json`` (trailing ``/`` of
      S3Prefix not doubled), or ``<key>.metadata.json`` beside the object when no
      ``DocumentsMetadataConfiguration.S3Prefix`` is given.
    """

    def __init__(self, config: dict[str, Any]):
        self.prefixes: list[str] = config.get("InclusionPrefixes") or []
        self.include = [glob_regex(p) for p in config.get("InclusionPatterns") or []]
        self.exclude = [glob_regex(p) for p in config.get("ExclusionPatterns") or []]
        prefix = (config.get("DocumentsMetadataConfiguration") or {}).get("S3Prefix")
        self.metadata_prefix = prefix.rstrip("/") + "/" if prefix else ""

    def content_type(self, key: str) -> str | None:
        """The ContentType of a selected object; None if the crawl skips ``key``."""
        if key.endswith(SIDECAR_SUFFIX):
            return None
        if self.prefixes and not any(key.startswith(prefix) for prefix in self.prefixes):
            return None
        if self.include and not any(pattern.fullmatch(key) for pattern in self.include):
            return None
        if any(pattern.fullmatch(key) for pattern in self.exclude):
            return None
        return S3_CONTENT_TYPES.get(posixpath.splitext(key)[1].lower())

    def sidecar(self, key: str) -> str:
        return f"{self.metadata_prefix}{key}{SIDECAR_SUFFIX}"


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as a regular expression over a whole S3 key (``/`` separates segments).

    ``*`` matches any run of characters within one segment (never ``/``); ``**`` any run
    including ``/``, and ``**/`` zero or more whole segments (``**/*.txt`` matches
    ``a.txt`` and ``x/y/a.txt``); ``?`` one character other than ``/``; ``[abc]``,
    ``[a-z]``, ``[!abc]`` one character of (not of) the set, never ``/``; ``{a,b}`` either
    alternative (not nested). Anything else, an unclosed ``[`` or ``{`` included, is
    literal.
    """
    return re.compile(_glob_body(pattern, braces=True), re.DOTALL)


def _glob_body(pattern: str, braces: bool) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        i += 1
        if char == "*":
            if pattern.startswith("*", i):
                i += 1
                if pattern.startswith("/", i):
                    i += 1
                    out.append("(?:.*/)?")
                else:
                    out.append(".*")
            else:
                out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := pattern.find("]", i + 1)) != -1:
            body = pattern[i:end]
            i = end + 1
            negate = body.startswith("!")
            body = body[1:] if negate else body
            escaped = body.replace("\\", "\\\\").replace("^", "\\^").replace("[", "\\[")
            out.append(f"(?!/)[{'^' if negate else ''}{escaped}]")
        elif char == "{" and braces and (end := pattern.find("}", i)) != -1:
            options = pattern[i:end].split(",")
            i = end + 1
            out.append("(?:" + "|".join(_glob_body(o, braces=False) for o in options) + ")")
        else:
            out.append(re.escape(char))
    return "".join(out)


def object_url(bucket: str, region: str, key: str) -> str:
    """``_source_uri`` of a crawled object: its virtual-hosted-style https URL in the
    bucket's region, the key percent-encoded (``/`` kept), e.g.
    ``https://docs.s3.us-east-1.amazonaws.com/a%20b/c.txt``; China regions end
    ``amazonaws.com.cn``."""
    domain = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return f"https://{bucket}.s3.{region}.{domain}/{quote(key, safe='/')}"


def _attribute(key: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"Key": key, "Value": value}


def _sidecar_metadata(raw: bytes | None, name: str) -> dict[str, Any]:
    """A sidecar in the Kendra metadata file format: a UTF-8 JSON object whose
    ``Title``, ``ContentType``, ``Attributes`` (an object) and ``AccessControlList`` are
    used; other members (``DocumentId`` among them) are ignored."""
    if raw is None:
        raise DocumentRejected(f"S3 object {name} cannot be read.")
    try:
        metadata = json.loads(raw.decode("utf-8"))
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
    objects fit no member (so the object fails). Rule 5 of spec 5.2 then checks the
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
    """The model's exact reader of a ``Document`` (spec 2.1/2.2 checks, natives out)."""
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
