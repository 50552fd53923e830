"""The ACL file of an S3 crawl: which principals may see each crawled object.

``AccessControlListConfiguration.KeyPath`` names the file: an ``s3://<bucket>/<key>``
URI, or a key in the data source's bucket.  The file is a UTF-8 JSON list of
``{"keyPrefix": "s3://<bucket>/<prefix>", "aclEntries": [{"Name", "Type", "Access"}]}``
(Type ``USER`` or ``GROUP``, Access ``ALLOW`` or ``DENY``; other members of either
object are ignored).  An object's ACL is the ``aclEntries`` of the longest keyPrefix
that begins its ``s3://<bucket>/<key>``; none begins it: the object is public.

Choices where the docs are silent: equal keyPrefixes keep the later entry of the file;
a Name must be a non-empty string; an empty ``aclEntries`` list makes its objects
public.
"""

from __future__ import annotations

import json
from typing import Any

from .. import safe_json
from .account import Account

PRINCIPAL_TYPES = ("USER", "GROUP")
ACCESS = ("ALLOW", "DENY")


class CrawlFailed(Exception):
    """The crawl cannot run: the job ends FAILED with ``InternalError`` and this message."""


def acl_location(key_path: str, bucket: str) -> tuple[str, str]:
    """(bucket, key) of a KeyPath: an ``s3://`` URI, else a key in ``bucket``."""
    if key_path.startswith("s3://"):
        found, _, key = key_path[len("s3://"):].partition("/")
        return found, key
    return bucket, key_path


class AclFile:
    """The parsed ACL file: keyPrefix -> principals, looked up by longest prefix."""

    def __init__(self, rules: dict[str, list[dict[str, str]]]):
        self.rules = rules
        self.by_length = sorted(rules, key=len, reverse=True)
        # one shared string per keyPrefix: what a crawl remembers of an object's ACL
        self.tokens = {prefix: json.dumps([prefix, acl]) for prefix, acl in rules.items()}

    def _prefix(self, uri: str) -> str | None:
        return next((p for p in self.by_length if uri.startswith(p)), None)

    def acl_for(self, uri: str) -> list[dict[str, str]] | None:
        """The principals of the longest keyPrefix beginning ``uri``; None if none does."""
        prefix = self._prefix(uri)
        return None if prefix is None else self.rules[prefix]

    def token_for(self, uri: str) -> str | None:
        """A string that changes exactly when the ACL the file gives ``uri`` changes."""
        prefix = self._prefix(uri)
        return None if prefix is None else self.tokens[prefix]


def read_acl_file(account: Account, bucket: str, key: str) -> AclFile:
    """Read and check the ACL file at ``s3://<bucket>/<key>``; :class:`CrawlFailed`
    when it cannot be read or is not of the ACL file's shape."""
    uri = f"s3://{bucket}/{key}"
    raw = account.read_s3_object(bucket, key) if key else None
    if raw is None:
        raise CrawlFailed(f"S3 object {uri} cannot be read.")
    entries = safe_json.loads_or_none(raw)
    rules = _rules(entries)
    if rules is None:
        raise CrawlFailed(f"The ACL file {uri} is not valid.")
    return AclFile(rules)


def _rules(entries: Any) -> dict[str, list[dict[str, str]]] | None:
    if not isinstance(entries, list):
        return None
    rules: dict[str, list[dict[str, str]]] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("keyPrefix"), str):
            return None
        principals = entry.get("aclEntries")
        if not isinstance(principals, list) or not all(map(_is_principal, principals)):
            return None
        rules[entry["keyPrefix"]] = [
            {"Name": p["Name"], "Type": p["Type"], "Access": p["Access"]} for p in principals
        ]
    return rules


def _is_principal(principal: Any) -> bool:
    return (
        isinstance(principal, dict)
        and isinstance(principal.get("Name"), str)
        and principal["Name"] != ""
        and principal.get("Type") in PRINCIPAL_TYPES
        and principal.get("Access") in ACCESS
    )
