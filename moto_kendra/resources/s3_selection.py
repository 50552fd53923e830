"""Which objects of a bucket an S3 crawl indexes: prefixes, globs, extensions, sidecars."""

from __future__ import annotations

import posixpath
import re
from functools import cache
from typing import Any

#: The ContentType of each crawled extension (compared lower-cased).
S3_CONTENT_TYPES = {
    ".txt": "PLAIN_TEXT", ".html": "HTML", ".htm": "HTML", ".md": "MD", ".csv": "CSV",
    ".json": "JSON", ".xml": "XML", ".pdf": "PDF", ".doc": "MS_WORD", ".docx": "MS_WORD",
    ".ppt": "PPT", ".pptx": "PPT", ".xls": "MS_EXCEL", ".xlsx": "MS_EXCEL", ".rtf": "RTF",
}
SIDECAR_SUFFIX = ".metadata.json"


class S3Selection:
    """Which objects of the bucket a crawl indexes, and where their sidecars are.

    - ``InclusionPrefixes``: the key starts with one of them (plain string prefixes);
      none given = every key.  ``ExclusionPrefixes`` (S3 templates' ``exclusionPrefixes``):
      a key starting with one of them is skipped.
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
        self.excluded_prefixes: list[str] = config.get("ExclusionPrefixes") or []
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
        if any(key.startswith(prefix) for prefix in self.excluded_prefixes):
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
    """``_source_uri`` of a crawled object: its path-style https URL in the bucket's
    region, the key as it is (not percent-encoded), e.g.
    ``https://s3.us-east-1.amazonaws.com/docs/a b/c.txt``.  Choice: China regions end
    ``amazonaws.com.cn``, as their S3 endpoints do."""
    domain = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return f"https://s3.{region}.{domain}/{bucket}/{key}"


def key_title(key: str) -> str:
    """A crawled object's title when neither its sidecar nor its HTML gives one: the key's
    last segment without its final extension (``docs/Annual Report.v2.pdf`` ->
    ``Annual Report.v2``)."""
    return posixpath.splitext(posixpath.basename(key))[0]


#: S3 template ``additionalProperties`` that hold a list of strings, by the
#: S3Configuration member they stand for.
_TEMPLATE_LISTS = {
    "inclusionPrefixes": "InclusionPrefixes",
    "exclusionPrefixes": "ExclusionPrefixes",
    "inclusionPatterns": "InclusionPatterns",
    "exclusionPatterns": "ExclusionPatterns",
}


def template_configuration(template: dict[str, Any], bucket: str) -> dict[str, Any]:
    """An S3 template read as the S3Configuration it stands for.

    From ``additionalProperties``: ``inclusionPrefixes``, ``exclusionPrefixes``,
    ``inclusionPatterns``, ``exclusionPatterns`` (lists; their string elements count),
    ``aclConfigurationFilePath`` (as ``AccessControlListConfiguration.KeyPath``) and
    ``metadataFilesPrefix`` (as ``DocumentsMetadataConfiguration.S3Prefix``), each used
    when it is of that JSON kind and ignored otherwise; every other member
    (fieldMappings, syncMode, version, ...) is ignored.
    """
    extra = template.get("additionalProperties")
    extra = extra if isinstance(extra, dict) else {}
    config: dict[str, Any] = {"BucketName": bucket}
    for name, member in _TEMPLATE_LISTS.items():
        values = extra.get(name)
        if isinstance(values, list):
            config[member] = [value for value in values if isinstance(value, str)]
    acl_path, metadata_prefix = extra.get("aclConfigurationFilePath"), extra.get(
        "metadataFilesPrefix")
    if isinstance(acl_path, str) and acl_path:
        config["AccessControlListConfiguration"] = {"KeyPath": acl_path}
    if isinstance(metadata_prefix, str) and metadata_prefix:
        config["DocumentsMetadataConfiguration"] = {"S3Prefix": metadata_prefix}
    return config
