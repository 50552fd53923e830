"""Access control configurations and principal mappings (Query reads both).

Access control configurations: Create/Describe/Update/Delete and
ListAccessControlConfigurations.  They carry no status: an update takes effect
at once and a deletion removes the configuration at once (documents naming it
fall back to their own lists).  Names need not be unique; there is no quota.

Principal mappings: PutPrincipalMapping, DescribePrincipalMapping,
DeletePrincipalMapping, ListGroupsOlderThanOrderingId, keyed by (GroupId,
DataSourceId or none).  Every Put is processed at once.  Choices where Kendra's
documentation is silent:

- GroupMembers may combine MemberGroups, MemberUsers and S3PathforGroupMembers;
  the members are their union.  Without any of the three: ValidationException
  ``GroupMembers needs MemberGroups, MemberUsers or S3PathforGroupMembers.``
- The S3 file (read from moto's S3 when the Put is processed) is Kendra's
  group-members JSON: an object with optional lists ``memberGroups``
  (``{"groupId", "dataSourceId"?, "type": "GROUP"?}``) and ``memberUsers``
  (``{"userId", "type": "USER"?}``); key names are matched case-insensitively
  (``MemberGroups``/``GroupId`` as in the API also work).  An unreadable object
  or a file of another form does not fail the call: the Put is recorded with
  Status FAILED and a FailureReason (``S3 object s3://<bucket>/<key> cannot be
  read.`` / ``S3 object s3://<bucket>/<key> is not a group members file:
  <reason>.``) and changes no members; a group first put this way exists (with
  no members and no OrderingId, so ListGroupsOlderThanOrderingId skips it).
- A Put whose OrderingId is below the group's current one is recorded as
  SUCCEEDED but changes nothing (it was superseded).  LastUpdatedAt =
  ReceivedAt = the time of the call.
- Only Put checks that DataSourceId names a present data source; Describe,
  Delete and ListGroupsOlderThanOrderingId look the key up as given, so
  mappings of a removed data source can still be read and deleted.
- DeletePrincipalMapping's OrderingId defaults to now in epoch milliseconds,
  like Put's; a Delete below the current OrderingId changes nothing.
"""

from __future__ import annotations

from typing import Any

from .. import safe_json
from ..exceptions import ResourceNotFoundException, ValidationException
from ..pagination import PAGINATION_MODEL, paginate
from .backend import BackendBase
from .base import next_seq, now
from .featured import epoch_ms
from .index import ANY, CHILD_DELETE, WRITE, Index, Kind

CONFIGURATION = "Access control configuration"
MAPPING = "Principal mapping"
SUMMARIES_KEPT = 10
# Members of GroupMembers that name who belongs to the group.
MEMBER_SOURCES = ("MemberGroups", "MemberUsers", "S3PathforGroupMembers")

Member = tuple[str, str | None]  # (GroupId, DataSourceId or None)


# -- access control configurations ----------------------------------------------------
class AccessControlConfiguration:
    """A named ACL that documents reference by Id; Query reads its lists as they are now."""

    removed = False  # deleted configurations leave the collection at once

    def __init__(self, index: Index, settings: dict[str, Any]) -> None:
        self.index = index
        self.id = index.new_child_id()
        self.seq = next_seq()
        self.settings: dict[str, Any] = {}
        self.update(settings)

    def summary(self) -> dict[str, Any]:
        return {"Id": self.id}

    def on_removed(self) -> None:
        """Nothing to undo: configurations carry no tags."""

    def update(self, given: dict[str, Any]) -> None:
        """Given members (Name, Description, the two lists) replace the stored ones."""
        self.settings.update({k: v for k, v in given.items() if v is not None})

    @property
    def access_control_list(self) -> list[dict[str, Any]]:
        return self.settings.get("AccessControlList") or []  # type: ignore[no-any-return]

    @property
    def hierarchical_access_control_list(self) -> list[dict[str, Any]]:
        return self.settings.get("HierarchicalAccessControlList") or []  # type: ignore[no-any-return]

    def describe(self) -> dict[str, Any]:
        return dict(self.settings)


# -- principal mappings ---------------------------------------------------------------
class GroupFileError(Exception):
    """A group-members file of another form."""


def applies(ordering_id: int, current: int | None) -> bool:
    """A Put or Delete takes effect unless its OrderingId is below the applied one."""
    return current is None or ordering_id >= current


class PrincipalMapping:
    """Who belongs to one group; Query expands user contexts with these."""

    def __init__(self, group_id: str, data_source_id: str | None) -> None:
        self.group_id = group_id
        self.data_source_id = data_source_id
        self.member_users: set[str] = set()
        self.member_groups: set[Member] = set()
        self.ordering_id: int | None = None  # of the members applied last
        self.summaries: list[dict[str, Any]] = []  # newest first

    @property
    def list_key(self) -> list[Any]:
        """The ListGroupsOlderThanOrderingId order: OrderingId, then GroupId."""
        return [self.ordering_id, self.group_id]

    def record(self, summary: dict[str, Any]) -> None:
        self.summaries = [summary, *self.summaries][:SUMMARIES_KEPT]

    def apply(self, ordering_id: int, users: set[str], groups: set[Member]) -> None:
        """Replace the members unless a later OrderingId was already applied."""
        if applies(ordering_id, self.ordering_id):
            self.member_users, self.member_groups = users, groups
            self.ordering_id = ordering_id

    def describe(self, index_id: str) -> dict[str, Any]:
        return {
            "IndexId": index_id,
            "DataSourceId": self.data_source_id,
            "GroupId": self.group_id,
            "GroupOrderingIdSummaries": list(self.summaries),
        }


def check_group_members(members: dict[str, Any]) -> None:
    """Checked from the request alone, before the index is looked up: GroupMembers names
    its members somehow."""
    if not any(members.get(key) is not None for key in MEMBER_SOURCES):
        raise ValidationException(
            "GroupMembers needs MemberGroups, MemberUsers or S3PathforGroupMembers."
        )


def _member(entry: Any, kind: str) -> dict[str, Any]:
    """One file entry with lower-cased keys; its ``type``, if given, must be ``kind``."""
    if not isinstance(entry, dict):
        raise GroupFileError(f"each {kind.lower()} entry must be an object")
    fields = {str(key).lower(): value for key, value in entry.items()}
    if fields.get("type", kind) != kind:
        raise GroupFileError(f"a {kind.lower()} entry has a type other than {kind}")
    return fields


def _text(fields: dict[str, Any], key: str, required: bool) -> str | None:
    value = fields.get(key.lower())
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise GroupFileError(f"{key} must be a non-empty string")
    return value


def parse_group_file(data: bytes) -> tuple[set[str], set[Member]]:
    """Users and groups of a group-members JSON file (format in the module docstring)."""
    try:
        content = safe_json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise GroupFileError("not a JSON document") from None
    except safe_json.JsonError as error:
        raise GroupFileError(f"not a JSON document ({error.reason} at line {error.line})") from None
    if not isinstance(content, dict):
        raise GroupFileError("the top level must be an object")
    lists = {str(key).lower(): value for key, value in content.items()}
    users: set[str] = set()
    groups: set[Member] = set()
    for key, kind in (("membergroups", "GROUP"), ("memberusers", "USER")):
        entries = lists.get(key) or []
        if not isinstance(entries, list):
            raise GroupFileError(f"{key} must be a list")
        for entry in entries:
            fields = _member(entry, kind)
            if kind == "USER":
                users.add(str(_text(fields, "userId", True)))
            else:
                groups.add((str(_text(fields, "groupId", True)),
                            _text(fields, "dataSourceId", False)))
    return users, groups


def inline_members(members: dict[str, Any]) -> tuple[set[str], set[Member]]:
    users = {user["UserId"] for user in members.get("MemberUsers") or []}
    groups = {(g["GroupId"], g.get("DataSourceId")) for g in members.get("MemberGroups") or []}
    return users, groups


class AccessOperations(BackendBase):
    """Backend methods for access control configurations and principal mappings."""

    # -- access control configurations ---------------------------------------------------
    def _configuration(
        self, index: Index, config_id: str
    ) -> AccessControlConfiguration:
        return index.access_control_configurations.require(config_id)  # type: ignore[no-any-return]

    def create_access_control_configuration(
        self,
        index_id: str,
        name: str,
        description: str | None = None,
        access_control_list: list[dict[str, Any]] | None = None,
        hierarchical_access_control_list: list[dict[str, Any]] | None = None,
        client_token: str | None = None,
    ) -> dict[str, Any]:
        """CreateAccessControlConfiguration -> ``{Id}``; no status, no quota."""
        replay = self.replay("CreateAccessControlConfiguration", index_id, client_token)
        if replay is not None:
            return {"Id": replay.id}
        index = self.get_index(index_id, WRITE)
        config = AccessControlConfiguration(index, {
            "Name": name,
            "Description": description,
            "AccessControlList": access_control_list,
            "HierarchicalAccessControlList": hierarchical_access_control_list,
        })
        index.access_control_configurations.add(config)
        self.remember("CreateAccessControlConfiguration", index_id, client_token, config)
        return {"Id": config.id}

    def describe_access_control_configuration(
        self, index_id: str, id: str
    ) -> dict[str, Any]:
        """DescribeAccessControlConfiguration: members as stored (absent ones omitted)."""
        index = self.get_index(index_id, ANY)
        return self._configuration(index, id).describe()

    def update_access_control_configuration(
        self,
        index_id: str,
        id: str,
        name: str | None = None,
        description: str | None = None,
        access_control_list: list[dict[str, Any]] | None = None,
        hierarchical_access_control_list: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """UpdateAccessControlConfiguration: given members replace; effective at once."""
        index = self.get_index(index_id, WRITE)
        self._configuration(index, id).update({
            "Name": name,
            "Description": description,
            "AccessControlList": access_control_list,
            "HierarchicalAccessControlList": hierarchical_access_control_list,
        })
        return {}

    def delete_access_control_configuration(
        self, index_id: str, id: str
    ) -> dict[str, Any]:
        """DeleteAccessControlConfiguration: removed at once."""
        index = self.get_index(index_id, CHILD_DELETE)
        self._configuration(index, id)
        del index.access_control_configurations[id]
        return {}

    list_access_control_configurations = BackendBase.child_listing(
        Kind.CONFIGURATION, "AccessControlConfigurations",
        "ListAccessControlConfigurations: ``[{Id}]`` in creation order.",
    )

    # -- principal mappings ------------------------------------------------------------
    def _mapping(
        self, index: Index, group_id: str, data_source_id: str | None
    ) -> PrincipalMapping:
        mapping = index.principal_mappings.get((group_id, data_source_id))
        if mapping is None:
            raise ResourceNotFoundException.child(MAPPING, group_id, index.id)
        return mapping  # type: ignore[no-any-return]

    def _read_members(
        self, members: dict[str, Any]
    ) -> tuple[set[str], set[Member]] | str:
        """The members a Put names, or the FailureReason of an unusable S3 file."""
        users, groups = inline_members(members)
        path = members.get("S3PathforGroupMembers")
        if path is None:
            return users, groups
        uri = f"s3://{path['Bucket']}/{path['Key']}"
        data = self.read_s3_object(path["Bucket"], path["Key"])
        if data is None:
            return f"S3 object {uri} cannot be read."
        try:
            file_users, file_groups = parse_group_file(data)
        except GroupFileError as error:
            return f"S3 object {uri} is not a group members file: {error}."
        return users | file_users, groups | file_groups

    def put_principal_mapping(
        self,
        index_id: str,
        group_id: str,
        group_members: dict[str, Any],
        data_source_id: str | None = None,
        ordering_id: int | None = None,
        role_arn: str | None = None,
    ) -> None:
        """PutPrincipalMapping: processed at once; RoleArn is ignored."""
        check_group_members(group_members)
        received = now()
        index = self.get_index(index_id, WRITE)
        if data_source_id is not None:
            index.data_sources.require(data_source_id)
        ordering = epoch_ms() if ordering_id is None else ordering_id
        members = self._read_members(group_members)
        key = (group_id, data_source_id)
        mapping = index.principal_mappings.get(key) or PrincipalMapping(group_id, data_source_id)
        index.principal_mappings[key] = mapping
        summary: dict[str, Any] = {"ReceivedAt": received, "OrderingId": ordering}
        if isinstance(members, str):
            summary.update(Status="FAILED", FailureReason=members)
        else:
            mapping.apply(ordering, *members)
            summary["Status"] = "SUCCEEDED"
        mapping.record({**summary, "LastUpdatedAt": received})

    def describe_principal_mapping(
        self, index_id: str, group_id: str, data_source_id: str | None = None
    ) -> dict[str, Any]:
        """DescribePrincipalMapping: the latest 10 Put summaries, newest first."""
        index = self.get_index(index_id, ANY)
        return self._mapping(index, group_id, data_source_id).describe(index.id)

    def delete_principal_mapping(
        self,
        index_id: str,
        group_id: str,
        data_source_id: str | None = None,
        ordering_id: int | None = None,
    ) -> None:
        """DeletePrincipalMapping: removes the mapping unless a later Put was applied."""
        index = self.get_index(index_id, WRITE)
        mapping = self._mapping(index, group_id, data_source_id)
        ordering = epoch_ms() if ordering_id is None else ordering_id
        if applies(ordering, mapping.ordering_id):
            del index.principal_mappings[(group_id, data_source_id)]

    @paginate(PAGINATION_MODEL)
    def _list_groups(
        self, index_id: str, data_source_id: str | None, ordering_id: int
    ) -> list[PrincipalMapping]:
        mappings = self.indices[index_id].principal_mappings.values()
        older = [
            m for m in mappings
            if m.data_source_id == data_source_id
            and m.ordering_id is not None
            and m.ordering_id < ordering_id
        ]
        return sorted(older, key=lambda m: m.list_key)

    def list_groups_older_than_ordering_id(
        self,
        index_id: str,
        ordering_id: int,
        data_source_id: str | None = None,
        next_token: str | None = None,
        max_results: int | None = None,
    ) -> dict[str, Any]:
        """ListGroupsOlderThanOrderingId: by OrderingId then GroupId, pages of 10."""
        index = self.get_index(index_id, ANY)
        page, token = self._list_groups(
            index_id=index.id,
            data_source_id=data_source_id,
            ordering_id=ordering_id,
            next_token=next_token,
            max_results=max_results,
        )
        summaries = [{"GroupId": m.group_id, "OrderingId": m.ordering_id} for m in page]
        return {"GroupsSummaries": summaries, "NextToken": token}
