"""Data sources and their sync jobs: the resources, their statuses and projections.

The operations are in ``datasources.py``; the S3 crawl a sync job runs in ``crawl.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from datetime import datetime
from typing import Any, Protocol, TypeGuard

from .._moto.state import Managed
from ..exceptions import ValidationException
from ..protocol.model import service_model
from .account import Account
from .base import Resource, new_id, next_seq, now

LABEL = "Data source"
# Data sources per index (DELETING not counted), by edition.
DEVELOPER_DATA_SOURCE_QUOTA = 5
DATA_SOURCE_QUOTA = 50  # ENTERPRISE_EDITION, GEN_AI_ENTERPRISE_EDITION
FINISHED = frozenset({"SUCCEEDED", "FAILED", "INCOMPLETE", "ABORTED"})
METRICS = (("DocumentsAdded", "added"), ("DocumentsModified", "modified"),
           ("DocumentsDeleted", "deleted"))
Crawl = Callable[["SyncJob"], None]


class Parent(Protocol):
    """What a data source sees of its index."""

    id: str
    account: Account

    def child_arn(self, kind: str, child_id: str) -> str: ...

    def new_child_id(self) -> str: ...

    def discard_owned(self, source_id: str) -> None: ...


def wire_now() -> datetime:
    """Now, cut to the wire's millisecond precision.

    Choice: a StartTime read back from ListDataSourceSyncJobs is then exactly the
    stored one, so it works as an inclusive StartTimeFilter bound.
    """
    moment = now()
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class SyncJob(Managed):
    """One sync job run; metrics map each document to its last action.

    When the crawl runs (S3 data sources): ``crawl`` is the job's own work of the
    SYNCING -> SYNCING_INDEXING transition, the moment the docs give for a job to finish
    crawling.  A job moves past SYNCING only where it is advanced, at
    ListDataSourceSyncJobs (which advances every job of its data source), so that is
    where its crawl runs, exactly once.  Until then the job reads SYNCING to every
    caller: no other call (a Describe, List, BatchGet, a put or delete naming the job,
    another StartDataSourceSyncJob) moves it or does its crawl.  A job given another
    status first (StopDataSourceSyncJob's STOPPING, ABORTED when its data source goes)
    never crawls.  The crawl's failure is the job's: any error ends it FAILED; it never
    fails the call that advanced the job.
    """

    def __init__(
        self, connector: bool, crawl: Crawl | None = None, taken: Container[str] = ()
    ):
        """``taken``: the execution ids of the source's jobs (a new one draws another)."""
        super().__init__("kendra::sync_job", "connector" if connector else "custom")
        self.force_status("SYNCING")
        self.connector = connector
        self.crawl = crawl  # pending until run (or dropped)
        self.execution_id = new_id(taken)
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

    def advance(self) -> None:
        """ListDataSourceSyncJobs' advance: the one point where a pending crawl runs."""
        super().advance()
        if self.crawl is not None and self.moved_status() != "SYNCING":
            crawl, self.crawl = self.crawl, None  # dropped first: the crawl reads statuses
            try:
                crawl(self)
            except Exception as error:  # the crawl's failure is the job's, never the call's
                self.fail("InternalError", f"The sync job failed: {error}")

    @property  # type: ignore[override]
    def status(self) -> str | None:
        status = "SYNCING" if self.crawl is not None else self.moved_status()
        if status in FINISHED and self.end_time is None:
            self.end_time = wire_now()
        return status

    @status.setter
    def status(self, value: str) -> None:
        """A status set by a call (StopDataSourceSyncJob, a removed data source): a crawl
        not yet run is dropped."""
        self.crawl = None
        self.force_status(value)

    def fail(self, code: str, message: str) -> None:
        """The crawl ends the job FAILED with this ErrorCode and ErrorMessage."""
        self.force_status("FAILED")
        self.error = (code, message)

    def record(self, doc_id: str, action: str) -> None:
        """A document's last action on this job is the one it counts under."""
        self.actions[doc_id] = action

    def summary(self) -> dict[str, Any]:
        status = self.status
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
    """A data source of an index, with its sync jobs."""

    def __init__(
        self, index: Parent, name: str, kind: str, language: str, settings: dict[str, Any]
    ):
        super().__init__("kendra::datasource")
        self.index = index
        self.id = index.new_child_id()
        self.name = name
        self.type = kind
        self.language = language
        self.settings = {k: v for k, v in settings.items() if v is not None}
        self.jobs: dict[str, SyncJob] = {}
        # S3 crawls: object key -> (document Id, crawl.Fingerprint) as last crawled.
        self.crawled: dict[str, tuple[str, tuple[str, str | None, str | None]]] = {}

    @property
    def is_connector(self) -> bool:
        return self.type != "CUSTOM"

    @property
    def arn(self) -> str:
        return self.index.child_arn("data-source", self.id)

    def running_job(self) -> SyncJob | None:
        return next((job for job in self.jobs.values() if job.status == "SYNCING"), None)

    def on_removed(self) -> None:
        """Unfinished jobs end ABORTED (a crawl not yet run is dropped); the documents this
        data source owns go, and its tags."""
        for job in self.jobs.values():
            if job.status not in FINISHED:
                job.status = "ABORTED"
        self.index.discard_owned(self.id)
        self.index.account.untag_all(self.arn)

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


def configuration_member(kind: str) -> str | None:
    """The ``Configuration`` member of a data source type: the member of the model's
    ``DataSourceConfiguration`` whose name without ``Configuration``, upper-cased, is the
    type (``GITHUB`` -> ``GitHubConfiguration``); None for CUSTOM."""
    members = service_model().shape_for("DataSourceConfiguration").members
    return next(
        (name for name in members if name.removesuffix("Configuration").upper() == kind), None
    )


def check_type_configuration(kind: str, configuration: dict[str, Any] | None) -> None:
    """A given Configuration sets exactly one member, the one of the data source's type;
    a TEMPLATE whose template is of ``"type": "S3"`` names its bucket
    (``connectionConfiguration.repositoryEndpointMetadata.BucketName``, a non-empty
    string)."""
    if configuration is None or kind == "CUSTOM":
        return
    member = configuration_member(kind) or ""
    given = [name for name, value in configuration.items() if value is not None]
    if given != [member]:
        raise ValidationException(
            f"Data source type {kind} needs Configuration.{member} and no other member."
        )
    if kind == "TEMPLATE":
        template = configuration[member].get("Template")
        if is_s3_template(template) and not template_bucket(template):
            raise ValidationException(
                "The S3 template needs "
                "connectionConfiguration.repositoryEndpointMetadata.BucketName."
            )


def is_s3_template(template: Any) -> TypeGuard[dict[str, Any]]:
    """Whether a TemplateConfiguration.Template is an S3 connector template."""
    return isinstance(template, dict) and template.get("type") == "S3"


def template_bucket(template: dict[str, Any]) -> str | None:
    """The bucket an S3 template names, or None when it names none (or not as a string)."""
    connection = template.get("connectionConfiguration")
    endpoint = (
        connection.get("repositoryEndpointMetadata") if isinstance(connection, dict) else None
    )
    bucket = endpoint.get("BucketName") if isinstance(endpoint, dict) else None
    return bucket if isinstance(bucket, str) and bucket else None
