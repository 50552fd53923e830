"""Indexes: CreateIndex, DescribeIndex, UpdateIndex, DeleteIndex, ListIndices.

The Index resource itself (settings, fields, quotas, children) is in ``index.py``.
"""

from __future__ import annotations

from typing import Any

from ..pagination import PAGINATION_MODEL, paginate
from .backend import BackendBase
from .base import check_quota, check_tags, now, pascal_keys
from .children import live
from .index import (
    BUILTIN_NAMES,
    CAPACITY_CHANGES_PER_DAY,
    CAPACITY_UNIT_QUOTA,
    CAPACITY_WINDOW,
    CUSTOM_FIELD_QUOTA,
    INDEX_QUOTA,
    WRITE,
    Index,
    check_capacity_rules,
    check_gen_ai,
    updated_fields,
)


class IndexOperations(BackendBase):
    """Backend methods for indexes."""

    indices: dict[str, Index]

    def create_index(
        self,
        name: str,
        role_arn: str,
        edition: str = "ENTERPRISE_EDITION",
        client_token: str | None = None,
        tags: list[dict[str, str]] | None = None,
        **settings: Any,
    ) -> dict[str, Any]:
        """CreateIndex. Quota: 10 indices per account and region, DELETING not counted."""
        pascal = {"Name": name, "RoleArn": role_arn, **pascal_keys(settings)}
        check_gen_ai(edition, pascal)
        check_tags(tags)
        replay = self.replay("CreateIndex", None, client_token)
        if replay is not None:
            return {"Id": replay.id}
        active = sum(1 for i in live(self.indices) if i.status != "DELETING")
        check_quota(active + 1, INDEX_QUOTA, "indices per account and region")
        index = Index(self.account, edition, pascal)
        self.indices[index.id] = index
        self.remember("CreateIndex", None, client_token, index)
        self.tag(index.arn, tags)
        return {"Id": index.id}

    def describe_index(self, id: str) -> dict[str, Any]:
        index = self.indices.get(id)
        if index is not None:
            index.advance()
        return self.get_index(id).describe()

    def update_index(
        self,
        id: str,
        document_metadata_configuration_updates: list[dict[str, Any]] | None = None,
        capacity_units: dict[str, int] | None = None,
        **settings: Any,
    ) -> None:
        """UpdateIndex: every check runs before anything changes (spec section 4).

        Order: gating (step 8); the GEN_AI rule, field rules and capacity rules
        (step 10, as the spec lists them); then the quotas of section 10 in
        their table order (step 11).  Field-rule messages are this project's
        wording (``Index field <Name>: ...``); the spec only asks that they
        name the field.
        """
        index = self.get_index(id, WRITE)
        pascal = pascal_keys(settings)
        check_gen_ai(index.edition, pascal)
        fields = updated_fields(index, document_metadata_configuration_updates or [])
        if capacity_units is not None:
            check_capacity_rules(index, capacity_units)
        custom = sum(1 for name in fields if name not in BUILTIN_NAMES)
        check_quota(custom, CUSTOM_FIELD_QUOTA, "custom index fields")
        recent = [t for t in index.capacity_changes if now() - t < CAPACITY_WINDOW]
        changed = capacity_units is not None and capacity_units != index.capacity
        if capacity_units is not None:
            check_quota(max(capacity_units.values()), CAPACITY_UNIT_QUOTA, "extra capacity units")
        if changed:
            check_quota(len(recent) + 1, CAPACITY_CHANGES_PER_DAY, "capacity changes per 24 hours")
        # perform
        index.settings.update({k: v for k, v in pascal.items() if v is not None})
        index.fields = fields
        if capacity_units is not None and changed:
            index.capacity = dict(capacity_units)
            index.capacity_changes = recent + [now()]
        index.set_status("UPDATING")

    def delete_index(self, id: str) -> None:
        """DeleteIndex: -> DELETING from any status; already DELETING -> no change."""
        self.get_index(id).delete()

    @paginate(PAGINATION_MODEL)
    def _list_indices(self) -> list[Index]:
        return list(live(self.indices, advance=True))

    def list_indices(
        self, next_token: str | None = None, max_results: int | None = None
    ) -> dict[str, Any]:
        page, token = self._list_indices(next_token=next_token, max_results=max_results)
        return {"IndexConfigurationSummaryItems": [i.summary() for i in page], "NextToken": token}
