"""Indexes: CreateIndex, DescribeIndex, UpdateIndex, DeleteIndex, ListIndices.

With the rules only these operations apply (UpdateIndex's field and capacity rules, the
quotas); the Index resource itself (settings, fields, storage quotas, children) is in
``index.py``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..exceptions import ValidationException
from ..pagination import PAGINATION_MODEL, paginate
from .backend import BackendBase
from .base import check_quota, check_tags, now, pascal_keys
from .children import live
from .index import BUILTIN_NAMES, DEVELOPER, GEN_AI, WRITE, Index

INDEX_QUOTA = 10
CUSTOM_FIELD_QUOTA = 500
CAPACITY_UNIT_QUOTA = 100
CAPACITY_CHANGES_PER_DAY = 5
CAPACITY_WINDOW = timedelta(hours=24)


def check_gen_ai(edition: str, params: dict[str, Any]) -> None:
    """GEN_AI indexes take no user tokens or group resolution."""
    if edition != GEN_AI:
        return
    if (
        params.get("UserContextPolicy") == "USER_TOKEN"
        or params.get("UserTokenConfigurations")
        or params.get("UserGroupResolutionConfiguration")
    ):
        raise ValidationException(
            "This setting is not supported for GEN_AI_ENTERPRISE_EDITION indices."
        )


def _field_error(name: str, reason: str) -> ValidationException:
    return ValidationException(f"Index field {name}: {reason}.")


def search_defaults(kind: str) -> dict[str, bool]:
    """the Search flags a field update leaves out."""
    return {
        "Displayable": True,
        "Facetable": False,
        "Searchable": kind in ("STRING_VALUE", "STRING_LIST_VALUE"),
        "Sortable": False,
    }


def merged_field(current: dict[str, Any] | None, update: dict[str, Any]) -> dict[str, Any]:
    """The field an UpdateIndex field update (an upsert by Name) leaves behind.

    Search flags the update leaves out take their defaults, for a new field and
    an existing one alike.  Relevance: given, it replaces the
    stored one; left out, the stored one stays (Kendra's documentation is silent; keeps the built-in
    importances the ranking reads when only Search flags are changed).
    """
    kind = update["Type"]
    field: dict[str, Any] = {"Name": update["Name"], "Type": kind}
    relevance = update.get("Relevance")
    if relevance is None and current is not None:
        relevance = current.get("Relevance")
    if relevance:
        field["Relevance"] = dict(relevance)
    field["Search"] = {**search_defaults(kind), **(update.get("Search") or {})}
    return field


def check_field_update(fields: dict[str, dict[str, Any]], update: dict[str, Any]) -> None:
    """One field update's rules against the fields so far, in the order they are checked."""
    name, kind = update["Name"], update["Type"]
    current = fields.get(name)
    fresh_date = _fresh_date_field(fields)
    relevance = update.get("Relevance") or {}
    if current is not None and current["Type"] != kind:
        raise _field_error(name, f"the type {current['Type']} cannot change to {kind}")
    if current is None and name.startswith("_"):
        raise _field_error(name, "names starting with _ are reserved for built-in fields")
    if kind != "DATE_VALUE" and ("Freshness" in relevance or "Duration" in relevance):
        raise _field_error(name, "Freshness and Duration apply only to DATE_VALUE fields")
    if kind not in ("DATE_VALUE", "LONG_VALUE") and "RankOrder" in relevance:
        raise _field_error(name, "RankOrder applies only to DATE_VALUE and LONG_VALUE fields")
    if kind != "STRING_VALUE" and "ValueImportanceMap" in relevance:
        raise _field_error(name, "ValueImportanceMap applies only to STRING_VALUE fields")
    if relevance.get("Freshness") is True and fresh_date not in (None, name):
        raise _field_error(name, f"Freshness is already set on the DATE_VALUE field {fresh_date}")


def _fresh_date_field(fields: dict[str, dict[str, Any]]) -> str | None:
    """The DATE_VALUE field with Freshness true, if any (at most one exists)."""
    return next(
        (
            name
            for name, field in fields.items()
            if field["Type"] == "DATE_VALUE" and (field.get("Relevance") or {}).get("Freshness")
        ),
        None,
    )


def updated_fields(index: Index, updates: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The index fields after ``updates`` (in request order; the first broken rule answers)."""
    fields = dict(index.fields)
    for update in updates:
        check_field_update(fields, update)
        fields[update["Name"]] = merged_field(fields.get(update["Name"]), update)
    return fields


def check_capacity_rules(index: Index, units: dict[str, int]) -> None:
    """The ValidationException rules of CapacityUnits.

    "What is in use" counts the records not pending deletion and, beyond the
    document count, their body-text bytes: lowering storage below either would
    leave the index over its storage quota.
    """
    if index.edition == DEVELOPER:
        raise ValidationException("Capacity units cannot be changed on a DEVELOPER_EDITION index.")
    storage = units["StorageCapacityUnits"]
    if (
        index.live_documents > index.documents_allowed(storage)
        or index.stored_text_bytes > index.text_bytes_allowed(storage)
    ):
        raise ValidationException("Storage capacity units cannot go below what is in use.")


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
        index = Index(self.account, edition, pascal, self.indices)
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
        """UpdateIndex: every check runs before anything changes.

        Order: the index status; the GEN_AI rule, field rules and capacity rules;
        then the quotas (indexes, fields, capacity units, capacity changes a day).
        Field-rule messages are this project's wording (``Index field <Name>:
        ...``): each names the field.
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
