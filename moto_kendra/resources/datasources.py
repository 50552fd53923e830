"""Data sources and sync jobs: Create/Describe/Update/Delete/ListDataSources,
Start/StopDataSourceSyncJob, ListDataSourceSyncJobs.

The resources are in ``sources.py``; the S3 crawl of a sync job in ``crawl.py``.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from ..exceptions import ResourceInUseException, ResourceNotFoundException
from ..pagination import PAGINATION_MODEL, paginate
from .backend import BackendBase
from .base import check_quota, check_tags, pascal_keys
from .crawl import CRAWLED_TYPES, crawl_s3
from .enrichment import ENRICHMENT, check_configuration
from .index import CHILD_DELETE, DEVELOPER, WRITE, Kind
from .sources import (
    DATA_SOURCE_QUOTA,
    DEVELOPER_DATA_SOURCE_QUOTA,
    DataSource,
    SyncJob,
    check_custom,
    check_type_configuration,
)


class DataSourceOperations(BackendBase):
    """Backend methods for data sources and sync jobs."""

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
        """CreateDataSource -> ``{Id}``, CREATING; a connector's Configuration sets the one
        member of its type (see :func:`~.sources.check_type_configuration`)."""
        pascal = pascal_keys(settings)
        check_custom(type, pascal, creating=True)
        check_type_configuration(type, pascal.get("Configuration"))
        check_tags(tags)
        replay = self.replay("CreateDataSource", index_id, client_token)
        if replay is not None:
            return {"Id": replay.id}
        index = self.get_index(index_id, WRITE)
        check_configuration(index, pascal.get(ENRICHMENT))
        present = sum(1 for s in index.data_sources.live() if s.status != "DELETING")
        limit = DEVELOPER_DATA_SOURCE_QUOTA if index.edition == DEVELOPER else DATA_SOURCE_QUOTA
        check_quota(present + 1, limit, "data sources per index")
        source = DataSource(index, name, type, language_code, pascal)
        index.data_sources.add(source)
        self.remember("CreateDataSource", index_id, client_token, source)
        self.tag(source.arn, tags)
        return {"Id": source.id}

    def describe_data_source(self, id: str, index_id: str) -> dict[str, Any]:
        index = self.get_index(index_id)
        return index.data_sources.require(id, advance=True).describe()

    def update_data_source(
        self,
        id: str,
        index_id: str,
        name: str | None = None,
        language_code: str | None = None,
        **settings: Any,
    ) -> None:
        index = self.get_index(index_id, WRITE)
        source = index.data_sources.require(id, frozenset({"CREATING", "DELETING"}))
        pascal = pascal_keys(settings)
        check_custom(source.type, pascal, creating=False)
        check_type_configuration(source.type, pascal.get("Configuration"))
        check_configuration(index, pascal.get(ENRICHMENT))
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
        source = index.data_sources.require(id)
        if source.delete():
            index.data_sources.find(id)

    list_data_sources = BackendBase.child_listing(
        Kind.DATA_SOURCE, "SummaryItems", "ListDataSources: creation order, DELETING included."
    )

    def start_data_source_sync_job(self, id: str, index_id: str) -> dict:
        """StartDataSourceSyncJob: a new job, SYNCING; the job of an S3 data source (or of a
        TEMPLATE one whose template is S3) crawls its bucket as it moves past SYNCING, at
        ListDataSourceSyncJobs (see ``SyncJob``)."""
        index = self.get_index(index_id, WRITE)
        source = index.data_sources.require(id, frozenset({"CREATING", "DELETING", "FAILED"}))
        for job in source.jobs.values():
            if job.status in ("SYNCING", "STOPPING"):
                raise ResourceInUseException.running_job(id, job.execution_id)
        crawl = partial(crawl_s3, index, source) if source.type in CRAWLED_TYPES else None
        job = SyncJob(source.is_connector, crawl, source.jobs)
        source.jobs[job.execution_id] = job
        return {"ExecutionId": job.execution_id}

    def stop_data_source_sync_job(self, id: str, index_id: str) -> None:
        """StopDataSourceSyncJob: CUSTOM -> SYNCING_INDEXING, connector -> STOPPING."""
        index = self.get_index(index_id)
        source = index.data_sources.require(id)
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
        source = index.data_sources.require(id)
        page, token = self._list_sync_jobs(
            index_id=index.id,
            source_id=source.id,
            start_time_filter=start_time_filter,
            status_filter=status_filter,
            next_token=next_token,
            max_results=max_results,
        )
        return {"History": [job.summary() for job in page], "NextToken": token}
