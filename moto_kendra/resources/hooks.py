"""Custom document enrichment Lambda hooks: the pre- and post-extraction events, their
responses, and the S3 objects they exchange content through.

A hook runs when its InvocationCondition holds (none: always). It calls the callable
registered for its LambdaArn (:mod:`moto_kendra.enrichment`), else invokes that function
in moto's Lambda backend, synchronously, with the event as JSON payload.

- Attributes travel as ``{"name": <key>, "value": {"stringValue" | "longValue" |
  "stringListValue" | "dateValue"}}`` (dates ISO 8601 in UTC); a response may also use
  ``key`` for ``name`` and ``integerValue`` for ``longValue``. Each ``metadataUpdates``
  entry sets or replaces an attribute (``_document_title``: the title).
- Pre-extraction event: ``{"version": "v0", "dataBlobStringEncodedInBase64": <content>,
  "metadata": {"attributes": [...]}}``; content read from S3 (S3Path, or an S3 crawl)
  is first written to the hook's ``S3Bucket`` at ``kendra-cde/<IndexId>/<sha256 hex of
  the DocumentId>/raw`` and the event carries ``s3Bucket`` and ``s3ObjectKey`` instead.
  The response's ``dataBlobStringEncodedInBase64``, or the object at its
  ``s3ObjectKey`` in that bucket, is the new content (neither: unchanged).
- Post-extraction event: ``{"version": "v0", "s3Bucket", "s3ObjectKey", "metadata"}``,
  the object ``kendra-cde/<IndexId>/<sha256 hex>/structured`` holding
  ``{"textContent": {"documentBodyText": <body>}}``. The JSON object at the response's
  ``s3ObjectKey`` gives the new body in ``textContent.documentBodyText`` (also read
  under ``text_content``), whitespace folded and held to the 5 MB extracted-text limit;
  no ``s3ObjectKey``: the body is unchanged. A changed PDF body has no page numbers.
- No such callable or function, an exception or function error, a response of another
  shape, or an S3 object that cannot be written or read fails the document with
  ``Enrichment Lambda function <LambdaArn> failed.``
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import datetime, timezone
from typing import Any

from .._moto.lambdas import HookInvocationError, invoke_function, write_object
from ..attributes import plain
from ..enrichment import registered_hook
from ..extraction import Extracted
from ..extraction.common import check_size, fold
from .conditions import holds
from .index import Index

TITLE = "_document_title"
EVENT_MEMBERS = {
    "StringValue": "stringValue", "LongValue": "longValue",
    "StringListValue": "stringListValue", "DateValue": "dateValue",
}


class EnrichedDocument:
    """A document as enrichment changes it: raw content, attributes (in order), title."""

    def __init__(self, blob: bytes, attributes: list[dict[str, Any]], title: str | None,
                 index_id: str, doc_id: str, from_s3: bool):
        self.blob = blob
        self.attributes = attributes
        self.positions = _first_positions(attributes)
        self.title = title
        self.title_given = title is not None  # a title given, set or deleted beats HTML's
        self.index_id = index_id
        self.doc_id = doc_id
        self.from_s3 = from_s3

    def value(self, key: str) -> dict[str, Any] | None:
        if key == TITLE:
            return {"StringValue": self.title} if self.title else None
        position = self.positions.get(key)
        return None if position is None else self.attributes[position]["Value"]  # type: ignore[no-any-return]

    def set(self, key: str, value: dict[str, Any]) -> None:
        """Replace the (first) attribute of ``key`` in place, else append one."""
        if key == TITLE:
            self.title, self.title_given = plain(value), True
            return
        position = self.positions.get(key)
        if position is None:
            self.positions[key] = len(self.attributes)
            self.attributes.append({"Key": key, "Value": value})
        else:
            self.attributes[position] = {"Key": key, "Value": value}

    def delete(self, key: str) -> None:
        """Remove every attribute of ``key``."""
        if key == TITLE:
            self.title, self.title_given = None, True
        if key in self.positions:
            self.attributes = [a for a in self.attributes if a["Key"] != key]
            self.positions = _first_positions(self.attributes)


def _first_positions(attributes: list[dict[str, Any]]) -> dict[str, int]:
    """Each key's first position in ``attributes``."""
    positions: dict[str, int] = {}
    for n, attribute in enumerate(attributes):
        positions.setdefault(attribute["Key"], n)
    return positions


class HookFailed(Exception):
    """A hook failed: the document fails with this message."""


class _BadResponse(Exception):
    """The hook's response or S3 objects are not what a hook must give."""


def _failed(arn: str) -> HookFailed:
    return HookFailed(f"Enrichment Lambda function {arn} failed.")


def run_pre_extraction(index: Index, document: EnrichedDocument, hook: dict | None) -> None:
    """The pre-extraction hook (if configured and its condition holds) on ``document``."""
    if not _should_run(document, hook):
        return
    assert hook is not None
    arn, bucket = hook["LambdaArn"], hook["S3Bucket"]
    try:
        event: dict[str, Any] = {"version": "v0"}
        if document.from_s3:
            key = _object_key(document, "raw")
            _write(index, bucket, key, document.blob)
            event.update(s3Bucket=bucket, s3ObjectKey=key)
        else:
            event["dataBlobStringEncodedInBase64"] = base64.b64encode(document.blob).decode()
        event["metadata"] = {"attributes": _event_attributes(document)}
        response = _call(index, arn, event)
        blob, updates = _pre_response(index, bucket, response)
        _apply_updates(document, updates)
    except (_BadResponse, HookInvocationError):
        raise _failed(arn) from None
    if blob is not None:
        document.blob = blob


def run_post_extraction(
    index: Index, document: EnrichedDocument, content: Extracted, hook: dict | None
) -> Extracted:
    """The post-extraction hook (if configured and its condition holds): ``content`` with
    the body the hook gives (and ``document`` with its metadata updates)."""
    if not _should_run(document, hook):
        return content
    assert hook is not None
    arn, bucket = hook["LambdaArn"], hook["S3Bucket"]
    try:
        key = _object_key(document, "structured")
        structured = {"textContent": {"documentBodyText": content.text}}
        _write(index, bucket, key, json.dumps(structured).encode())
        event = {"version": "v0", "s3Bucket": bucket, "s3ObjectKey": key,
                 "metadata": {"attributes": _event_attributes(document)}}
        response = _call(index, arn, event)
        body = _post_response(index, bucket, response)
        _apply_updates(document, response.get("metadataUpdates"))
    except (_BadResponse, HookInvocationError):
        raise _failed(arn) from None
    title = document.title if document.title_given else content.title
    if body is None or body == content.text:
        return Extracted(content.text, title, content.pages)
    return Extracted(check_size(fold(body)), title, None)


def _should_run(document: EnrichedDocument, hook: dict | None) -> bool:
    return hook is not None and holds(document, hook.get("InvocationCondition"))


def _object_key(document: EnrichedDocument, part: str) -> str:
    digest = hashlib.sha256(document.doc_id.encode()).hexdigest()
    return f"kendra-cde/{document.index_id}/{digest}/{part}"


def _write(index: Index, bucket: str, key: str, data: bytes) -> None:
    account = index.account
    if not write_object(account.account_id, account.partition, bucket, key, data):
        raise _BadResponse(f"s3://{bucket}/{key} cannot be written")


def _read(index: Index, bucket: str, key: Any) -> bytes:
    if not isinstance(key, str):
        raise _BadResponse("s3ObjectKey is not a string")
    data = index.account.read_s3_object(bucket, key)
    if data is None:
        raise _BadResponse(f"s3://{bucket}/{key} cannot be read")
    return data


def _call(index: Index, arn: str, event: dict[str, Any]) -> dict[str, Any]:
    """The hook's response: the registered callable's, else moto Lambda's."""
    hook = registered_hook(arn)
    if hook is not None:
        try:
            response = hook(event)
        except Exception as error:  # the double's "function error"
            raise HookInvocationError(str(error)) from None
    else:
        account = index.account
        response = invoke_function(account.account_id, account.region_name, arn, event)
    if not isinstance(response, dict):
        raise _BadResponse("the response is not an object")
    return response


def _pre_response(index: Index, bucket: str, response: dict[str, Any]) -> tuple[bytes | None, Any]:
    encoded = response.get("dataBlobStringEncodedInBase64")
    blob = None
    if encoded is not None:
        if not isinstance(encoded, str):
            raise _BadResponse("dataBlobStringEncodedInBase64 is not a string")
        try:
            blob = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise _BadResponse("dataBlobStringEncodedInBase64 is not base64") from None
    elif response.get("s3ObjectKey") is not None:
        blob = _read(index, bucket, response["s3ObjectKey"])
    return blob, response.get("metadataUpdates")


def _post_response(index: Index, bucket: str, response: dict[str, Any]) -> str | None:
    if response.get("s3ObjectKey") is None:
        return None
    try:
        structured = json.loads(_read(index, bucket, response["s3ObjectKey"]))
    except ValueError:
        raise _BadResponse("the structured object is not JSON") from None
    if not isinstance(structured, dict):
        raise _BadResponse("the structured object is not an object")
    content = structured.get("textContent", structured.get("text_content"))
    body = content.get("documentBodyText") if isinstance(content, dict) else None
    if not isinstance(body, str):
        raise _BadResponse("no textContent.documentBodyText")
    return body


def _event_attributes(document: EnrichedDocument) -> list[dict[str, Any]]:
    return [
        {"name": a["Key"], "value": _event_value(a["Value"])} for a in document.attributes
    ]


def _event_value(value: dict[str, Any]) -> dict[str, Any]:
    for member, name in EVENT_MEMBERS.items():
        if value.get(member) is not None:
            item = plain(value)
            if isinstance(item, datetime):
                item = item.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
            return {name: item}
    return {}


def _apply_updates(document: EnrichedDocument, updates: Any) -> None:
    """A response's ``metadataUpdates``: each entry sets or replaces an attribute."""
    if updates is None:
        return
    if not isinstance(updates, list):
        raise _BadResponse("metadataUpdates is not a list")
    for update in updates:
        if not isinstance(update, dict):
            raise _BadResponse("a metadata update is not an object")
        key = update.get("name", update.get("key"))
        if not isinstance(key, str) or not key:
            raise _BadResponse("a metadata update has no name")
        value = _attribute_value(update.get("value"))
        if key == TITLE and "StringValue" not in value:
            raise _BadResponse("a title must be a stringValue")
        document.set(key, value)


def _attribute_value(value: Any) -> dict[str, Any]:
    """An event attribute value as a DocumentAttributeValue (exactly one member)."""
    if not isinstance(value, dict) or len(value) != 1:
        raise _BadResponse("an attribute value must set one member")
    (name, item), = value.items()
    if name == "stringValue" and isinstance(item, str):
        return {"StringValue": item}
    if name in ("longValue", "integerValue") and type(item) is int:
        return {"LongValue": item}
    if name == "stringListValue" and isinstance(item, list) and all(
        isinstance(x, str) for x in item
    ):
        return {"StringListValue": item}
    if name == "dateValue" and isinstance(item, str):
        try:
            moment = datetime.fromisoformat(item.replace("Z", "+00:00"))
        except ValueError:
            raise _BadResponse("dateValue is not ISO 8601") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return {"DateValue": moment}
    raise _BadResponse(f"{name} is not an attribute value")
