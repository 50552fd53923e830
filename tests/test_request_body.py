"""Request bodies are never read past 70 MB; gzip-encoded ones are decompressed step by step.

A body larger than :data:`MAX_BODY_BYTES` as sent, or one that decompresses to more, is
refused with SerializationException (the latter as soon as its output passes the cap); one
at the cap is served.
"""

from __future__ import annotations

import gzip
import zlib
from typing import Any

import pytest
from support import check_error_envelope, signed_post

from moto_kendra.protocol.encoding import MAX_BODY_BYTES

TOO_LARGE = "Request body is larger than 70 MB once decompressed."
NOT_AN_OBJECT = "Request body is not a valid JSON object."
GZIP = {"Content-Encoding": "gzip"}


def _gzip_of(head: bytes, spaces: int, tail: bytes) -> bytes:
    """gzip of ``head + b" " * spaces + tail``, built without holding the spaces."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [packer.compress(head)]
    block = b" " * (1 << 20)
    for start in range(0, spaces, len(block)):
        parts.append(packer.compress(block[: min(len(block), spaces - start)]))
    parts.append(packer.compress(tail))
    parts.append(packer.flush())
    return b"".join(parts)


def _answer(endpoint: str | None, body: bytes, operation: str = "ListIndices") -> Any:
    response = signed_post(
        endpoint, body, f"AWSKendraFrontendService.{operation}", extra_headers=GZIP
    )
    if response.status_code != 200:
        headers = {key.lower(): value for key, value in response.headers.items()}
        check_error_envelope(response.status_code, headers, response.content)
    return response.status_code, response.json()


def test_a_body_past_the_cap_as_sent_is_refused_before_it_is_read(endpoint: str | None) -> None:
    body = b'{"MaxResults": 5' + b" " * (MAX_BODY_BYTES - len(b'{"MaxResults": 5}') + 1) + b"}"
    response = signed_post(endpoint, body, "AWSKendraFrontendService.ListIndices")
    headers = {key.lower(): value for key, value in response.headers.items()}
    check_error_envelope(response.status_code, headers, response.content)
    assert (response.status_code, response.json()) == (
        400, {"__type": "SerializationException", "message": "Request body is larger than 70 MB."}
    )


def test_a_body_at_the_cap_as_sent_is_served(endpoint: str | None) -> None:
    body = b'{"MaxResults": 5' + b" " * (MAX_BODY_BYTES - len(b'{"MaxResults": 5}')) + b"}"
    response = signed_post(endpoint, body, "AWSKendraFrontendService.ListIndices")
    assert (response.status_code, response.json()) == (200, {"IndexConfigurationSummaryItems": []})


def test_a_body_decompressing_past_the_cap_is_refused(endpoint: str | None) -> None:
    bomb = _gzip_of(b"{", MAX_BODY_BYTES, b"}")  # one byte over the cap
    assert len(bomb) < MAX_BODY_BYTES // 500
    assert _answer(endpoint, bomb) == (
        400, {"__type": "SerializationException", "message": TOO_LARGE}
    )


def test_a_body_of_many_gzip_members_past_the_cap_is_refused(endpoint: str | None) -> None:
    member = _gzip_of(b"", MAX_BODY_BYTES // 4, b"")
    body = gzip.compress(b"{") + member * 4 + gzip.compress(b"}")
    assert _answer(endpoint, body) == (
        400, {"__type": "SerializationException", "message": TOO_LARGE}
    )


def test_a_body_decompressing_to_the_cap_is_served(endpoint: str | None) -> None:
    body = _gzip_of(b'{"MaxResults": 5', MAX_BODY_BYTES - len(b'{"MaxResults": 5}'), b"}")
    assert _answer(endpoint, body) == (200, {"IndexConfigurationSummaryItems": []})


@pytest.mark.parametrize(
    "body",
    [gzip.compress(b'{"MaxResults":') + gzip.compress(b" 5}"), gzip.compress(b""), b""],
    ids=["members", "empty-gzip", "empty"],
)
def test_gzip_members_one_after_another_are_one_body(endpoint: str | None, body: bytes) -> None:
    assert _answer(endpoint, body) == (200, {"IndexConfigurationSummaryItems": []})


@pytest.mark.parametrize(
    "body",
    [
        gzip.compress(b"{}") + b"junk",  # trailing bytes that are not gzip
        gzip.compress(b"{}")[:-1],  # truncated trailer
        gzip.compress(b"{}")[:-8] + b"\0" * 8,  # wrong checksum and length
    ],
    ids=["trailing", "truncated", "checksum"],
)
def test_a_body_that_is_not_gzip_is_not_an_object(endpoint: str | None, body: bytes) -> None:
    assert _answer(endpoint, body) == (
        400, {"__type": "SerializationException", "message": NOT_AN_OBJECT}
    )
