"""Request bodies, never read past 70 MB: as sent, or ``Content-Encoding: gzip`` ones once
decompressed.

A body larger than :data:`MAX_BODY_BYTES` as sent is refused before it is decoded
(SerializationException ``Request body is larger than 70 MB.``), so no body can hold
more JSON values than 70 MB of text.  A body may be sent gzip-compressed.  It is
decompressed step by step, never to more than
:data:`MAX_BODY_BYTES`: a body that would decompress past that is refused as soon as its
output passes the cap (SerializationException ``Request body is larger than 70 MB once
decompressed.``), so a small "gzip bomb" costs at most the cap in time and memory.

Choice: the cap is the largest body Kendra accepts, a BatchPutDocument carrying the 50 MB
a batch may hold, base64-encoded in JSON (69,905,068 bytes), with room for its other
members: 70 MB (73,400,320 bytes).  Several gzip members one after another are one body
(as ``gzip.decompress`` reads them); anything else that is not gzip (a truncated stream,
a bad checksum, trailing bytes) is a body that is not a JSON object.
"""

from __future__ import annotations

import zlib

from ..exceptions import SerializationException

MAX_BODY_BYTES = 70 * 1024 * 1024
_GZIP = 16 + zlib.MAX_WBITS  # gzip header and trailer, checked
_STEP = 1024 * 1024  # output per decompression step


def gunzipped(body: bytes, content_encoding: str | None) -> bytes:
    """``body`` as sent, or decompressed when ``content_encoding`` is gzip (both capped)."""
    if len(body) > MAX_BODY_BYTES:
        raise SerializationException.too_large()
    if not body or (content_encoding or "").lower() != "gzip":
        return body  # an empty body is ``{}``, however encoded
    try:
        return _decompress(body)
    except zlib.error:
        raise SerializationException.not_an_object() from None


def _decompress(data: bytes) -> bytes:
    out = bytearray()
    while True:  # one gzip member per turn
        member = zlib.decompressobj(_GZIP)
        while not member.eof:
            chunk = member.decompress(data, min(_STEP, MAX_BODY_BYTES + 1 - len(out)))
            out += chunk
            if len(out) > MAX_BODY_BYTES:
                raise SerializationException.too_large(compressed=True)
            data = member.unconsumed_tail
            if not (chunk or data or member.eof):
                raise SerializationException.not_an_object()  # truncated
        data = member.unused_data
        if not data:
            return bytes(out)
