"""Pagination declared once per list operation (``PAGINATION_MODEL`` beside the backend).

Shaped like moto's ``@paginate`` but with Kendra's cursor semantics, which
moto's paginator cannot give: a token marks the position *after the last item
returned* (moto's marks the next item and fails once that item is deleted), so
tokens survive deletions.

Tokens are tamper-evident: ``<base64 JSON position>.<MAC>``, the MAC an HMAC-SHA256
under a key drawn once per process over the position, the operation and its list
parameters (``MaxResults`` aside).  A token is accepted only if this process issued it
for the same operation and parameters; anything else (edited, truncated, from another
call or from an earlier server process) raises ``ValidationException: Invalid
NextToken.`` before any item is read, so no token can reach the list comparison.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import inspect
import json
import secrets
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from . import safe_json
from .exceptions import ValidationException

T = TypeVar("T")

# Every paginated backend method: its default page size and the attribute that
# strictly increases along the list it returns.
PAGINATION_MODEL: dict[str, dict[str, Any]] = {
    "_list_indices": {"limit_default": 100, "position": "seq"},
    "_list_children": {"limit_default": 100, "position": "seq"},  # an index's children
    "_list_sync_jobs": {"limit_default": 10, "position": "list_position"},
    "_list_experience_entities": {"limit_default": 10, "position": "seq"},
    "_list_entity_personas": {"limit_default": 100, "position": "seq"},
    "_list_groups": {"limit_default": 10, "position": "list_key"},  # [OrderingId, GroupId]
}


_KEY = secrets.token_bytes(32)  # per process: a restarted server rejects older tokens
_MAC_BYTES = 16


def _digest(method: str, params: dict[str, Any]) -> bytes:
    """What a token is bound to: the list method and its parameters, canonically."""
    return json.dumps([method, params], sort_keys=True, default=str).encode()


def _mac(digest: bytes, payload: str) -> str:
    mac = hmac.new(_KEY, digest + b"\0" + payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:_MAC_BYTES]).decode().rstrip("=")


def invalid_token() -> ValidationException:
    return ValidationException("Invalid NextToken.")


def paginate(model: dict[str, dict[str, Any]]) -> Callable[[Callable[..., Sequence[T]]], Any]:
    """Decorate a backend method returning the full, ordered list of items.

    ``model[method]`` names ``limit_default`` and ``position`` (an attribute
    that strictly increases along the returned list).  The decorated method
    takes ``next_token``/``max_results`` and returns ``(page, next_token)``.
    """

    def decorator(func: Callable[..., Sequence[T]]) -> Callable[..., tuple[list[T], str | None]]:
        config = model[func.__name__]
        position = config["position"]
        signature = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> tuple[list[T], str | None]:
            token = kwargs.pop("next_token", None)
            limit = kwargs.pop("max_results", None) or config["limit_default"]

            def digest() -> bytes:  # only a call that reads or issues a token needs it
                return _digest(func.__name__, _parameters(signature, args, kwargs))

            after = _decode(token, digest()) if token is not None else None
            items = func(*args, **kwargs)
            if after is not None:
                items = [item for item in items if getattr(item, position) > after]
            page = list(items[:limit])
            next_token = None
            if len(items) > limit:
                next_token = _encode(digest(), getattr(page[-1], position))
            return page, next_token

        return wrapper

    return decorator


def _parameters(
    signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """The list parameters a token is bound to: every argument but ``self``, however passed."""
    arguments = signature.bind(*args, **kwargs).arguments
    return {name: value for name, value in list(arguments.items())[1:]}


def _encode(digest: bytes, after: Any) -> str:
    raw = json.dumps(after, separators=(",", ":"), ensure_ascii=False)
    payload = base64.urlsafe_b64encode(raw.encode()).decode()
    return f"{payload}.{_mac(digest, payload)}"


def _decode(token: str, digest: bytes) -> Any:
    """The position of a token this process issued for ``digest``; else Invalid NextToken."""
    payload, dot, mac = token.rpartition(".")
    if not dot or not hmac.compare_digest(mac.encode(), _mac(digest, payload).encode()):
        raise invalid_token()
    try:  # issued by us, so well-formed; checked all the same
        after = safe_json.loads(base64.urlsafe_b64decode(payload.encode()).decode())
    except (ValueError, binascii.Error, UnicodeError):
        raise invalid_token() from None
    if not _is_position(after):
        raise invalid_token()
    return after


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_position(value: Any) -> bool:
    """A number, or a composite sort key: a non-empty list of numbers and strings."""
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, str) or _is_number(v) for v in value)
    return _is_number(value)
