"""Data sources and sync jobs (spec section 6.1-6.3)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from moto.moto_api._internal.managed_state_model import ManagedState

from ..exceptions import (
    ConflictException,
    ResourceInUseException,
    ResourceNotFoundException,
    ValidationException,
)
from ..pagination import PAGINATION_MODEL, paginate
from .base import (
    REMOVED,
    Resource,
    check_quota,
    check_tags,
    live,
    new_id,
    next_seq,
    now,
    pascal_keys,
)
from .index import ANY, CHILD_DELETE, DEVELOPER, WRITE, Index

if TYPE_CHECKING:
    from ..models import KendraBackend

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


def wire_now() -> datetime:
    """Now, cut to the wire's millisecond precision (spec 1.3).

    Choice: a StartTime read back from ListDataSourceSyncJobs is then exactly the
    stored one, so it works as an inclusive StartTimeFilter bound.
    """
    moment = now()
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class SyncJob(ManagedState):
    """One sync job run; metrics map each document to its last action (spec 6.3)."""

    def __init__(self, connector: bool):
        super().__init__("kendra::sync_job", _CONNECTOR_JOB if connector else _CUSTOM_JOB)
        self._status = "SYNCING"
        self.connector = connector
        self.execution_id = new_id()
        self.seq = next_seq()
        self.start_time = wire_now()
        self.end_time: datetime | None = None
        self.actions: dict[str, str] = {}

    @property
    def list_position(self) -> int:
        return -self.seq  # newest first

    @property  # type: ignore[override]
    def status(self) -> str | None:
        status = ManagedState.status.fget(self)  # type: ignore[attr-defined]
        if status in FINISHED and self.end_time is None:
            self.end_time = wire_now()
        return status  # type: ignore[no-any-return]

    @status.setter
    def status(self, value: str) -> None:
        self._status = value
        self._tick = 0

    def record(self, doc_id: str, action: str) -> None:
        """A document's last action on this job is the one it counts under."""
        self.actions[doc_id] = action

    def summary(self) -> dict[str, Any]:
        counts = dict.fromkeys(("added", "modified", "deleted"), 0)
        for action in self.actions.values():
            counts[action] += 1
        metrics = {name: str(counts[action]) for name, action in METRICS}
        metrics["DocumentsFailed"] = "0"
        if self.connector:
            metrics["DocumentsScanned"] = "0"
        status = self.status
        return {
            "ExecutionId": self.execution_id,
            "StartTime": self.start_time,
            "EndTime": self.end_time,
            "Status": status,
            "Metrics": metrics,
        }


class DataSource(Resource):
    label = LABEL

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

    @property
    def is_connector(self) -> bool:
        return self.type != "CUSTOM"

    @property
    def arn(self) -> str:
        return self.index.backend.arn(f"index/{self.index.id}/data-source/{self.id}")

    def running_job(self) -> SyncJob | None:
        return next((job for job in self.jobs.values() if job.status == "SYNCING"), None)

    def on_removed(self) -> None:
        """Unfinished jobs end ABORTED; the documents this data source owns go (spec 6.1)."""
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


class DataSourceOperations:
    """Backend methods for data sources and sync jobs."""

    def find_data_source(
        self: KendraBackend, index: Index, source_id: str | None
    ) -> DataSource | None:
        """The present data source of ``index`` (removing it if its status reads removed)."""
        source = index.data_sources.get(source_id) if source_id else None
        if source is not None and source.status == REMOVED:
            source.on_removed()
            return None
        return source

    def _data_source(
        self: KendraBackend, index: Index, source_id: str, refuse: frozenset[str] = ANY,
        advance: bool = False,
    ) -> DataSource:
        source = index.data_sources.get(source_id)
        if source is not None and advance:
            source.advance()
        source = self.find_data_source(index, source_id)
        if source is None:
            raise ResourceNotFoundException.child(LABEL, source_id, index.id)
        status = source.status
        if status in refuse:
            raise ConflictException.child_status(LABEL, source_id, str(status))
        return source

    def create_data_source(
        self: KendraBackend,
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

    def describe_data_source(self: KendraBackend, id: str, index_id: str) -> dict[str, Any]:
        index = self.get_index(index_id)
        return self._data_source(index, id, advance=True).describe()

    def update_data_source(
        self: KendraBackend,
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

    def delete_data_source(self: KendraBackend, id: str, index_id: str) -> None:
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

    @paginate(PAGINATION_MODEL)
    def _list_data_sources(self: KendraBackend, index_id: str) -> list[DataSource]:
        return list(live(self.indices[index_id].data_sources, advance=True))

    def list_data_sources(
        self: KendraBackend,
        index_id: str,
        next_token: str | None = None,
        max_results: int | None = None,
    ) -> dict[str, Any]:
        index = self.get_index(index_id)
        page, token = self._list_data_sources(
            index_id=index.id, next_token=next_token, max_results=max_results
        )
        return {"SummaryItems": [s.summary() for s in page], "NextToken": token}

    def start_data_source_sync_job(self: KendraBackend, id: str, index_id: str) -> dict:
        index = self.get_index(index_id, WRITE)
        source = self._data_source(index, id, frozenset({"CREATING", "DELETING", "FAILED"}))
        for job in source.jobs.values():
            if job.status in ("SYNCING", "STOPPING"):
                raise ResourceInUseException.running_job(id, job.execution_id)
        job = SyncJob(source.is_connector)
        source.jobs[job.execution_id] = job
        return {"ExecutionId": job.execution_id}

    def stop_data_source_sync_job(self: KendraBackend, id: str, index_id: str) -> None:
        """StopDataSourceSyncJob: CUSTOM -> SYNCING_INDEXING, connector -> STOPPING."""
        index = self.get_index(index_id)
        source = self._data_source(index, id)
        job = source.running_job()
        if job is None:
            raise ResourceNotFoundException.no_running_job(id)
        job.status = "STOPPING" if source.is_connector else "SYNCING_INDEXING"

    @paginate(PAGINATION_MODEL)
    def _list_sync_jobs(
        self: KendraBackend,
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
        self: KendraBackend,
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


