"""Who may see a document: user context, tokens, principal mappings, ACLs (spec 8.3 rule 3)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..exceptions import ValidationException

Scoped = tuple[str, str]  # (group, data source id)


@dataclass
class Viewer:
    """The resolved user context of one query; ``everyone`` when ACLs are ignored."""

    everyone: bool = False
    user: str | None = None
    groups: set[str] = field(default_factory=set)
    scoped: set[Scoped] = field(default_factory=set)

    def can_see(self, acl: list[dict[str, Any]], levels: list[list[dict[str, Any]]],
                owner: str | None) -> bool:
        """Public documents are visible to all; others when every list allows."""
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
        name = principal["Name"]
        if principal["Type"] == "USER":
            return name == self.user
        source = principal.get("DataSourceId") or owner
        return name in self.groups or (source is not None and (name, source) in self.scoped)

    def with_only(self, user: str | None, groups: list[str]) -> Viewer:
        """A viewer for the ``_user_id`` / ``_group_ids`` filter leaves."""
        return Viewer(user=user, groups=set(groups))


def token_claims(token: str) -> dict[str, Any]:
    """A JWT's payload, or the JSON object itself; anything else cannot be read."""
    candidates = [token]
    parts = token.split(".")
    if len(parts) >= 2:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        try:
            candidates.insert(0, base64.urlsafe_b64decode(padded).decode())
        except (binascii.Error, ValueError, UnicodeError):
            pass
    for candidate in candidates:
        try:
            claims = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(claims, dict):
            return claims
    raise ValidationException("The user token cannot be read.")


def _claim_fields(configurations: list[dict[str, Any]] | None) -> tuple[str, str]:
    for configuration in configurations or []:
        for kind in ("JwtTokenTypeConfiguration", "JsonTokenTypeConfiguration"):
            settings = configuration.get(kind)
            if settings:
                return (
                    settings.get("UserNameAttributeField") or "username",
                    settings.get("GroupAttributeField") or "groups",
                )
    return "username", "groups"


def resolve_viewer(
    context: dict[str, Any] | None,
    policy: str,
    token_configurations: list[dict[str, Any]] | None,
    mappings: dict[tuple[str, str | None], Any],
) -> Viewer:
    """Turn a UserContext into a :class:`Viewer` (steps of spec 8.3 rule 3)."""
    context = context or {}
    has_context = any(context.get(k) for k in ("Token", "UserId", "Groups", "DataSourceGroups"))
    if policy == "ATTRIBUTE_FILTER" and not has_context:
        return Viewer(everyone=True)
    viewer = Viewer(user=context.get("UserId"), groups=set(context.get("Groups") or []))
    scoped = context.get("DataSourceGroups") or []
    viewer.scoped = {(g["GroupId"], g["DataSourceId"]) for g in scoped}
    if context.get("Token"):
        claims = token_claims(context["Token"])
        user_field, group_field = _claim_fields(token_configurations)
        user = claims.get(user_field)
        viewer.user = str(user) if user is not None else None
        groups = claims.get(group_field) or []
        viewer.groups |= {groups} if isinstance(groups, str) else {str(g) for g in groups}
    expand(viewer, mappings)
    return viewer


def expand(viewer: Viewer, mappings: dict[tuple[str, str | None], Any]) -> None:
    """Add the groups principal mappings give the viewer, repeated to a fixed point."""
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
