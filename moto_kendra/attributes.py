"""DocumentAttributeValue forms shared by documents, FAQs, featured results and Query.

A DocumentAttributeValue sets exactly one member; :func:`plain` turns it into the
Python value that filters, sorting, facets and the search engine's columns read, and
:func:`wire` turns a plain value back into the member a facet result carries.  A
``_source_uri`` becomes a result's DocumentURI only when it matches the model's
``Url`` shape (:func:`document_uri`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from .protocol.model import compile_pattern, service_model

# field type -> the DocumentAttributeValue member a value of that type sets
VALUE_MEMBER = {
    "STRING_VALUE": "StringValue",
    "STRING_LIST_VALUE": "StringListValue",
    "LONG_VALUE": "LongValue",
    "DATE_VALUE": "DateValue",
}
URL_CHARS = 2048


def _url_pattern() -> re.Pattern[str]:
    """The model's ``Url`` pattern, compiled as the protocol layer compiles it (Java ``\\s``)."""
    pattern = compile_pattern(service_model().shape_for("Url").metadata["pattern"])
    assert pattern is not None
    return pattern


URL = _url_pattern()


def document_uri(uri: Any) -> str | None:
    """DocumentURI: a ``_source_uri`` value that is a URL of the model's ``Url`` shape."""
    if isinstance(uri, str) and len(uri) <= URL_CHARS and URL.fullmatch(uri):
        return uri
    return None


def source_uri(attributes: dict[str, Any]) -> str | None:
    """:func:`document_uri` of the ``_source_uri`` in ``{key: plain value}``."""
    return document_uri(attributes.get("_source_uri"))


def plain(value: dict[str, Any]) -> Any:
    """A DocumentAttributeValue as a Python value (the one member it sets)."""
    for member in ("StringValue", "StringListValue", "LongValue", "DateValue"):
        item = value.get(member)
        if item is not None:
            if isinstance(item, datetime) and item.tzinfo is None:
                return item.replace(tzinfo=timezone.utc)
            return item
    return None


def plain_values(attributes: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """``{key: plain value}`` of DocumentAttributes."""
    return {attribute["Key"]: plain(attribute["Value"]) for attribute in attributes}


def wire(kind: str, item: Any) -> dict[str, Any]:
    """The DocumentAttributeValue of one plain value of a field of type ``kind`` (an element
    of a STRING_LIST value is a ``StringValue``)."""
    member = {"STRING_VALUE": "StringValue", "STRING_LIST_VALUE": "StringValue",
              "LONG_VALUE": "LongValue", "DATE_VALUE": "DateValue"}[kind]
    return {member: item}


def iso_moment(text: str) -> datetime | None:
    """An ISO 8601 date or date-time (a trailing ``Z`` allowed, no offset = UTC), as
    metadata files and FAQ files write DATE values; None if ``text`` is not one."""
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
