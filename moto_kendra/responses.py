"""HTTP side of Kendra: one pipeline for all 66 operations.

request -> target -> JSON body -> validation (botocore model) -> backend
-> serialization (botocore model).  The action comes only from
``X-Amz-Target`` and the input only from ``json.loads`` of the body as sent;
moto's query-string and form parsing of bodies is bypassed (``_setup``).
"""

from __future__ import annotations

import gzip
import logging
import uuid
import zlib
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from moto.core.exceptions import HTTPException
from moto.core.responses import BaseResponse
from moto.core.utils import camelcase_to_underscores
from moto.utilities.utils import get_partition

from . import faults
from ._moto import backend_for, note_visit
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


# member name -> keyword; the names are the model's (validated input carries no others)
_snake_case = lru_cache(maxsize=1024)(camelcase_to_underscores)


def _kwargs(params: dict[str, Any]) -> dict[str, Any]:
    """Top-level PascalCase members become the backend method's keyword arguments."""
    return {_snake_case(key): value for key, value in params.items()}


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


class KendraResponse(BaseResponse):
    """Dispatches AWSKendraFrontendService.* requests to :class:`KendraBackend`."""

    def __init__(self) -> None:
        super().__init__(service_name="kendra")

    @property
    def kendra_backend(self) -> KendraBackend:
        return backend_for(self.current_account, self.region)

    def _dispatch(self, request: Any, full_url: str | None = None, headers: Any = None) -> Any:
        request_id = str(uuid.uuid4())  # not from moto's seeded generator (spec 1.3)
        if full_url is None:  # moto >= 5.2.4 may leave both to the request itself
            full_url = getattr(request, "raw_url", None) or request.url
        if headers is None:
            headers = request.headers
        try:
            operation = self._operation(headers)
            self._setup(request, full_url, headers)
            faults.inject(operation, self.current_account, self.region)
            self._authorize()
            params = parse_request(operation, _gunzipped(self.body, self.headers))
            backend = self.kendra_backend
            method = getattr(backend, _METHODS[operation], None)
            if method is None:
                raise InvalidRequestException(
                    f"Operation {operation} is not implemented by moto-kendra yet."
                )
            with backend.lock:  # the answer is read and written whole (server threads)
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
        """The request state that moto's account resolution and IAM checks read.

        moto's own ``setup_class`` is not used: its shape changed within 5.x (5.2.4 hands
        it a normalised request), and it reads bodies as forms, uploaded files or query
        strings.  Kendra takes the bytes as sent, whatever the ``Content-Type`` (spec
        1.1); a gzip body is decoded once, after the IAM check (moto's server leaves
        Kendra's bodies alone, see ``_moto.py``).
        """
        body = _raw_bytes(request)
        self.uri = full_url
        self.parsed_url = urlparse(full_url)
        if "host" not in request.headers:  # IAM's signature check signs the host header
            try:
                request.headers["host"] = self.parsed_url.netloc
            except TypeError:  # werkzeug's read-only headers: they read the WSGI environ
                request.environ["HTTP_HOST"] = self.parsed_url.netloc
        self.headers = request.headers
        self.path = self.raw_path = self.parsed_url.path or "/"
        self.method = request.method
        self.body = self.raw_body = body  # as sent: IAM checks its signature (moto 5.0: body)
        self.querystring = self.data = {}
        self.region = self.get_region_from_url(request, full_url)
        self.partition = get_partition(self.region)
        self.access_key = self.get_access_key()
        self.current_account = self.get_current_account()
        self.response_headers = {}
        note_visit(self.current_account, self.access_key, self.region)

    def _authorize(self) -> None:
        self._authenticate_and_authorize_normal_action()

    @staticmethod
    def _from_moto(error: HTTPException) -> KendraError:
        """moto's own errors in Kendra's envelope (spec 1.4): an IAM denial becomes
        AccessDeniedException, signature errors keep their codes.  All answer 400, as every
        client error does here (moto sends them with 403)."""
        code = getattr(error, "error_type", None) or "AccessDeniedException"
        message = getattr(error, "message", None) or str(error.description or code)
        if code in ("AccessDenied", "AccessDeniedException"):
            return AccessDeniedException(message)
        converted = KendraError(message)
        converted.error_code = code
        return converted

    @staticmethod
    def _headers(request_id: str) -> dict[str, str]:
        return {"Content-Type": CONTENT_TYPE, "x-amzn-RequestId": request_id}

    def _error(self, error: KendraError, request_id: str) -> tuple[int, dict[str, str], str]:
        headers = self._headers(request_id)
        headers["x-amzn-ErrorType"] = error.error_code
        return error.code, headers, error.to_body()
