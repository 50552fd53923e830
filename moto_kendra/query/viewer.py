"""Who may see a document: user context, tokens, principal mappings, ACLs.

A query's UserContext resolves to a :class:`Viewer` (:func:`viewer_for`); a
document is shown when the viewer may see its ACL (:func:`visible`).  The ACL is
the lists of the access control configuration the document names, as they are
now, if that configuration is present, else the document's own lists.

Choices where the docs are silent:

- A token is first read as a JSON object; failing that, as a JWT: exactly three
  ``.``-separated segments whose second is strict base64url (padding optional) of
  a UTF-8 JSON object.  On a USER_TOKEN index whose UserTokenConfigurations hold a
  JwtTokenTypeConfiguration, the token must be a JWT passing the checks of
  :mod:`.user_tokens` (signature, expiry, issuer, audience); other tokens are not
  validated.
- The user claim counts only when it is a string; the groups claim is a string or
  a list, whose string elements count (other values are ignored).
- A member group of a principal mapping matches like an ACL principal: by name
  when it is one of the viewer's plain groups, or as (name, its DataSourceId)
  when that is one of the viewer's scoped groups.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..exceptions import ValidationException
from .user_tokens import checked_claims, decode_segment, json_object

if TYPE_CHECKING:
    from ..resources.documents import Document
    from ..resources.index import Index

Scoped = tuple[str, str]  # (group, data source id)
DEFAULT_USER_CLAIM = "username"
DEFAULT_GROUPS_CLAIM = "groups"
_CONTEXT_KEYS = ("Token", "UserId", "Groups", "DataSourceGroups")


class GroupMembers(Protocol):
    """What expansion reads of a principal mapping (``resources/access.py``)."""

    @property
    def member_users(self) -> Collection[str]: ...

    @property
    def member_groups(self) -> Collection[tuple[str, str | None]]: ...


Mappings = Mapping[tuple[str, str | None], GroupMembers]


@dataclass
class Viewer:
    """The resolved user context of one query; ``everyone`` when ACLs are ignored."""

    everyone: bool = False
    user: str | None = None
    groups: set[str] = field(default_factory=set)
    scoped: set[Scoped] = field(default_factory=set)
    mappings: Mappings = field(default_factory=dict)

    def can_see(
        self, acl: list[dict[str, Any]], levels: list[list[dict[str, Any]]], owner: str | None
    ) -> bool:
        """Public documents (no principal anywhere) are visible to all; others when the
        flat list (if non-empty) and every non-empty hierarchical level allow."""
        if self.everyone or (not acl and not any(levels)):
            return True
        if acl and not self.allows(acl, owner):
            return False
        return all(self.allows(level, owner) for level in levels if level)

    def allows(self, principals: Iterable[dict[str, Any]], owner: str | None) -> bool:
        """Some matching principal allows and none denies."""
        verdicts = {p["Access"] for p in principals if self.matches(p, owner)}
        return "ALLOW" in verdicts and "DENY" not in verdicts

    def matches(self, principal: dict[str, Any], owner: str | None) -> bool:
        """USER by name (case-sensitive); GROUP by plain group, or scoped group under the
        principal's DataSourceId, else the document's owner data source."""
        name = principal["Name"]
        if principal["Type"] == "USER":
            return name == self.user
        source = principal.get("DataSourceId") or owner
        return name in self.groups or (source is not None and (name, source) in self.scoped)

    def with_only(self, user: str | None, groups: list[str]) -> Viewer:
        """The viewer a ``_user_id`` / ``_group_ids`` filter leaf stands for: that user or
        those plain groups, expanded through the same principal mappings."""
        probe = Viewer(user=user, groups=set(groups), mappings=self.mappings)
        expand(probe, self.mappings)
        return probe


def token_claims(token: str) -> dict[str, Any]:
    """A token's claims: the JSON object itself, or a JWT's payload."""
    claims = json_object(token)
    if claims is not None:
        return claims
    parts = token.split(".")
    if len(parts) == 3 and parts[1]:
        claims = json_object(decode_segment(parts[1]))
        if claims is not None:
            return claims
    raise ValidationException("The user token cannot be read.")


def jwt_settings(policy: str, configurations: list[dict[str, Any]] | None
                 ) -> dict[str, Any] | None:
    """The JwtTokenTypeConfiguration whose checks a USER_TOKEN index's tokens pass, if any."""
    if policy != "USER_TOKEN":
        return None
    for configuration in configurations or []:
        if configuration.get("JwtTokenTypeConfiguration"):
            return dict(configuration["JwtTokenTypeConfiguration"])
    return None


def claim_fields(configurations: list[dict[str, Any]] | None) -> tuple[str, str]:
    """(user claim, groups claim) from the index's UserTokenConfigurations."""
    for configuration in configurations or []:
        for kind in ("JwtTokenTypeConfiguration", "JsonTokenTypeConfiguration"):
            settings = configuration.get(kind)
            if settings:
                return (
                    settings.get("UserNameAttributeField") or DEFAULT_USER_CLAIM,
                    settings.get("GroupAttributeField") or DEFAULT_GROUPS_CLAIM,
                )
    return DEFAULT_USER_CLAIM, DEFAULT_GROUPS_CLAIM


def _claimed_groups(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {item for item in value if isinstance(item, str)}
    return set()


def has_user_context(context: dict[str, Any] | None) -> bool:
    return any((context or {}).get(key) for key in _CONTEXT_KEYS)


def resolve_viewer(
    context: dict[str, Any] | None,
    policy: str,
    token_configurations: list[dict[str, Any]] | None,
    mappings: Mappings,
) -> Viewer:
    """Turn a UserContext into a :class:`Viewer`.

    ATTRIBUTE_FILTER with no context ignores ACLs; otherwise the viewer holds the
    user, plain groups and scoped groups, expanded through principal mappings.
    """
    context = context or {}
    if policy == "ATTRIBUTE_FILTER" and not has_user_context(context):
        return Viewer(everyone=True, mappings=mappings)
    viewer = Viewer(
        user=context.get("UserId"), groups=set(context.get("Groups") or []), mappings=mappings
    )
    scoped = context.get("DataSourceGroups") or []
    viewer.scoped = {(group["GroupId"], group["DataSourceId"]) for group in scoped}
    if context.get("Token"):
        jwt = jwt_settings(policy, token_configurations)
        token = context["Token"]
        claims = token_claims(token) if jwt is None else checked_claims(token, jwt)
        user_claim, groups_claim = claim_fields(token_configurations)
        user = claims.get(user_claim)
        viewer.user = user if isinstance(user, str) else None
        viewer.groups |= _claimed_groups(claims.get(groups_claim))
    expand(viewer, mappings)
    return viewer


def expand(viewer: Viewer, mappings: Mappings) -> None:
    """Add the groups principal mappings give the viewer, repeated to a fixed point.

    A mapping without DataSourceId adds a plain group, one with a DataSourceId a
    scoped group, when it lists the user in MemberUsers or one of the viewer's
    groups in MemberGroups.
    """
    changed = True
    while changed:
        changed = False
        for (group, source), mapping in mappings.items():
            if (group in viewer.groups) if source is None else ((group, source) in viewer.scoped):
                continue
            member = viewer.user is not None and viewer.user in mapping.member_users
            member = member or any(
                g in viewer.groups or (s is not None and (g, s) in viewer.scoped)
                for g, s in mapping.member_groups
            )
            if member:
                if source is None:
                    viewer.groups.add(group)
                else:
                    viewer.scoped.add((group, source))
                changed = True


def viewer_for(index: Index, context: dict[str, Any] | None) -> Viewer:
    """The viewer of a query's UserContext under the index's policy and token settings."""
    return resolve_viewer(
        context,
        index.settings.get("UserContextPolicy", "ATTRIBUTE_FILTER"),
        index.settings.get("UserTokenConfigurations"),
        index.principal_mappings,
    )


def document_acl(index: Index, document: Document) -> tuple[list[Any], list[Any]]:
    """A document's ACL as (flat list, hierarchical levels' principal lists): its access
    control configuration's lists as they are now, if it names a present one, else its
    own lists."""
    access = document.access
    config = index.access_control_configurations.get(
        access.get("AccessControlConfigurationId") or ""
    )
    if config is not None:
        flat, hierarchy = config.access_control_list, config.hierarchical_access_control_list
    else:
        flat = access.get("AccessControlList") or []
        hierarchy = access.get("HierarchicalAccessControlList") or []
    return flat, [level["PrincipalList"] for level in hierarchy or []]


def visible(index: Index, viewer: Viewer, document: Document) -> bool:
    """Whether the viewer may see the document."""
    if viewer.everyone:
        return True
    acl, levels = document_acl(index, document)
    return viewer.can_see(acl, levels, document.owner)
