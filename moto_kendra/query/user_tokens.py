"""The checks of a JWT user token sent to an index with a JwtTokenTypeConfiguration.

In order, the first failure answering with a ValidationException:

1. the token is three ``.``-separated base64url segments (padding optional), the
   first two UTF-8 JSON objects (header and claims) -> ``The user token is not a JWT.``
2. KeyLocation SECRET_MANAGER: the header's ``alg`` is HS256, HS384 or HS512 (a
   missing or non-string ``alg`` is shown as JSON, e.g. ``null``); the secret
   SecretManagerArn names is read from moto's Secrets Manager (the ARN's account and
   region) and its SecretString must be a JSON key set ``{"keys": [{"kty": "oct",
   "k": <base64url secret>, "kid"?, "alg"?}, ...]}`` holding at least one usable oct
   key; the third segment must decode to the HMAC-SHA-256/384/512 of
   ``<segment 1>.<segment 2>`` under some oct key whose ``kid`` is absent or equals
   the header's and whose ``alg`` is absent or equals the header's.  KeyLocation URL:
   the keys cannot be fetched offline, so the signature is not checked.
3. a numeric ``exp`` not after the request time -> expired; a numeric ``nbf`` after it
   -> not valid yet (non-numeric values are ignored).
4. Issuer given: the ``iss`` claim equals it.
5. ClaimRegex given: the ``aud`` claim (a string, or a list with some string) fully
   matches it; a ClaimRegex that is not a valid regular expression matches nothing.

The claims then give the user and groups as any token's do.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from typing import Any

from .. import safe_json
from .._moto.secrets import read_secret_string
from ..exceptions import ValidationException
from ..resources.base import now

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")
HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def decode_segment(segment: str) -> bytes | None:
    """The bytes of one strict base64url segment (padding optional), or None."""
    if not _BASE64URL.fullmatch(segment):
        return None
    bare = segment.rstrip("=")
    try:
        return base64.urlsafe_b64decode(bare + "=" * (-len(bare) % 4))
    except (binascii.Error, ValueError):
        return None


def json_object(data: bytes | str | None) -> dict[str, Any] | None:
    """A JSON object from UTF-8 text, or None."""
    if data is None:
        return None
    try:
        value = safe_json.loads(data.decode() if isinstance(data, bytes) else data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def checked_claims(token: str, settings: dict[str, Any]) -> dict[str, Any]:
    """The claims of a JWT that passes every check (see the module docstring)."""
    parts = token.split(".")
    header = claims = signature = None
    if len(parts) == 3:
        header, claims = (json_object(decode_segment(part)) for part in parts[:2])
        signature = decode_segment(parts[2])
    if header is None or claims is None or signature is None:
        raise ValidationException("The user token is not a JWT.")
    if settings.get("KeyLocation") == "SECRET_MANAGER":
        _check_signature(header, f"{parts[0]}.{parts[1]}".encode(), signature,
                         settings.get("SecretManagerArn") or "")
    _check_claims(claims, settings)
    return claims


def _check_signature(header: dict[str, Any], signed: bytes, signature: bytes,
                     arn: str) -> None:
    algorithm = header.get("alg")
    if algorithm not in HASHES:
        shown = algorithm if isinstance(algorithm, str) else json.dumps(algorithm)
        raise ValidationException(f"The user token algorithm {shown} is not supported.")
    keys = _secret_keys(arn)
    for key in keys:
        if key.get("kid") not in (None, header.get("kid")):
            continue
        if key.get("alg") not in (None, algorithm):
            continue
        expected = hmac.new(key["secret"], signed, HASHES[algorithm]).digest()
        if hmac.compare_digest(expected, signature):
            return
    raise ValidationException("The user token signature is not valid.")


def _secret_keys(arn: str) -> list[dict[str, Any]]:
    """The oct keys of the secret's JSON key set, each with its decoded ``secret``."""
    key_set = json_object(read_secret_string(arn) if arn else None) or {}
    entries = key_set.get("keys")
    keys = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("kty") == "oct" and isinstance(
            entry.get("k"), str
        ):
            secret = decode_segment(entry["k"])
            if secret is not None:
                keys.append({"kid": entry.get("kid"), "alg": entry.get("alg"),
                             "secret": secret})
    if not keys:
        raise ValidationException(f"The user token secret {arn} cannot be read.")
    return keys


def _seconds(value: Any) -> float | None:
    """A numeric claim's value (JSON numbers only, not booleans), else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _check_claims(claims: dict[str, Any], settings: dict[str, Any]) -> None:
    at = now().timestamp()
    expires, starts = _seconds(claims.get("exp")), _seconds(claims.get("nbf"))
    if expires is not None and expires <= at:
        raise ValidationException("The user token has expired.")
    if starts is not None and starts > at:
        raise ValidationException("The user token is not valid yet.")
    issuer = settings.get("Issuer")
    if issuer is not None and claims.get("iss") != issuer:
        raise ValidationException("The user token issuer does not match.")
    pattern = settings.get("ClaimRegex")
    if pattern is not None and not _audience_matches(claims.get("aud"), pattern):
        raise ValidationException("The user token audience does not match ClaimRegex.")


def _audience_matches(audience: Any, pattern: str) -> bool:
    try:
        compiled = re.compile(pattern)
    except re.error:
        return False
    values = audience if isinstance(audience, list) else [audience]
    return any(isinstance(value, str) and compiled.fullmatch(value) for value in values)
