"""HTTP side of Kendra: one pipeline for all 66 operations.

request -> target -> JSON body -> validation (botocore model) -> backend
-> serialization (botocore model).  The action comes only from
``X-Amz-Target`` and the input only from ``json.loads`` of the body; moto's
query-string parsing of bodies is bypassed (``use_raw_body``).
"""

from __future__ import annotations

import gzip
import logging
import uuid
import zlib
from typing import Any

from moto.core.exceptions import HTTPException
from moto.core.responses import BaseResponse
from moto.core.utils import camelcase_to_underscores

from ._moto import backend_for
from .exceptions import (
    AccessDeniedException,
    InternalServerException,
    InvalidRequestException,
    KendraError,
    SerializationException,
    UnknownOperationException,
)
from .models import KendraBackend
from .protocol import OPERATION_NAMES, parse_request, serialize_response

log = logging.getLogger(__name__)

TARGET_PREFIX = "AWSKendraFrontendService."
CONTENT_TYPE = "application/x-amz-json-1.1"
_METHODS = {name: camelcase_to_underscores(name) for name in OPERATION_NAMES}


def _kwargs(params: dict[str, Any]) -> dict[str, Any]:
    """Top-level PascalCase members become the backend method's keyword arguments."""
    return {camelcase_to_underscores(key): value for key, value in params.items()}


def _raw_bytes(request: Any) -> bytes:
    """The request body as sent: werkzeug requests (the server, and ``requests`` calls
    in-process) are read without form parsing; botocore's prepared requests carry ``body``."""
    if hasattr(request, "get_data"):
        return bytes(request.get_data(parse_form_data=False))
    body = request.body
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode("utf-8")
    return bytes(body or b"")


def _gunzipped(body: bytes, headers: Any) -> bytes:
    """Undo ``Content-Encoding: gzip``; a body that is not gzip is not a JSON object."""
    if (headers.get("Content-Encoding") or "").lower() != "gzip":
        return body
    try:
        return gzip.decompress(body)
    except (OSError, EOFError, zlib.error):
        raise SerializationException.not_an_object() from None


class _RawRequest:
    """The parts of a request that moto's ``setup_class`` reads, with a plain byte body."""

    def __init__(self, request: Any, body: bytes) -> None:
        self.body = body
        self.method = request.method
        self.headers = request.headers


class KendraResponse(BaseResponse):
    """Dispatches AWSKendraFrontendService.* requests to :class:`KendraBackend`."""

    def __init__(self) -> None:
        super().__init__(service_name="kendra")

    @property
    def kendra_backend(self) -> KendraBackend:
        return backend_for(self.current_account, self.region)

    def _dispatch(self, request: Any, full_url: str, headers: Any) -> Any:
        request_id = str(uuid.uuid4())  # not from moto's seeded generator (spec 1.3)
        try:
            operation = self._operation(headers)
            self._setup(request, full_url, headers)
            self._authorize()
            params = parse_request(operation, self.body)
            method = getattr(self.kendra_backend, _METHODS[operation], None)
            if method is None:
                raise InvalidRequestException(
                    f"Operation {operation} is not implemented by moto-kendra yet."
                )
            body = serialize_response(operation, method(**_kwargs(params)))
            return 200, self._headers(request_id), body
        except KendraError as error:
            return self._error(error, request_id)
        except HTTPException as error:  # moto's own auth/signature errors
            return self._error(self._from_moto(error), request_id)
        except Exception as error:  # never a traceback or an HTML page
            log.exception("moto-kendra failed on a request")
            return self._error(InternalServerException(f"Internal error: {error!r}"), request_id)

    @staticmethod
    def _operation(headers: Any) -> str:
        target = headers.get("X-Amz-Target") or headers.get("x-amz-target")
        if not target:
            raise UnknownOperationException.operation("(missing X-Amz-Target)")
        prefix, _, name = target.rpartition(".")
        if prefix + "." != TARGET_PREFIX or name not in _METHODS:
            raise UnknownOperationException.operation(name)
        return name

    def _setup(self, request: Any, full_url: str, headers: Any) -> None:
        """moto's request set-up, fed the body exactly as sent (spec 1.1).

        Given the real request, ``setup_class`` reads a body that parses as a form with a
        ``key`` field, or as a multipart form with a file, as that field or file; Kendra
        takes the bytes as sent, whatever the ``Content-Type``.  A gzip body is decoded
        here, once (moto's server leaves Kendra's bodies alone, see ``_moto.py``).
        """
        body = _gunzipped(_raw_bytes(request), headers)
        self.allow_request_decompression = False
        self.setup_class(_RawRequest(request, body), full_url, headers, use_raw_body=True)

    def _authorize(self) -> None:
        self._authenticate_and_authorize_normal_action()

    @staticmethod
    def _from_moto(error: HTTPException) -> KendraError:
        code = getattr(error, "error_type", None) or "AccessDeniedException"
        message = getattr(error, "message", None) or str(error.description or code)
        if code in ("AccessDenied", "AccessDeniedException"):
            return AccessDeniedException(message)
        converted = KendraError(message)
        converted.error_code = code
        converted.code = error.code or 400
        return converted

    @staticmethod
    def _headers(request_id: str) -> dict[str, str]:
        return {"Content-Type": CONTENT_TYPE, "x-amzn-RequestId": request_id}

    def _error(self, error: KendraError, request_id: str) -> tuple[int, dict[str, str], str]:
        headers = self._headers(request_id)
        headers["x-amzn-ErrorType"] = error.error_code
        return error.code, headers, error.to_body()
