"""HTTP side of Kendra: one pipeline for all 66 operations.

request -> target -> JSON body -> validation (botocore model) -> backend
-> serialization (botocore model).  The action comes only from
``X-Amz-Target`` and the input only from ``json.loads`` of the body as sent;
moto's query-string and form parsing of bodies is bypassed (``_moto.requests``).
"""

from __future__ import annotations

import logging
import random
from functools import lru_cache
from typing import Any

from . import faults
from ._moto.registration import backend_for
from ._moto.requests import HTTPException, MotoResponse, camelcase_to_underscores, kendra_error
from .exceptions import (
    InternalServerException,
    InvalidRequestException,
    KendraError,
    UnknownOperationException,
)
from .models import KendraBackend
from .protocol import OPERATION_NAMES, parse_request, serialize_response
from .protocol.encoding import gunzipped

log = logging.getLogger(__name__)

TARGET_PREFIX = "AWSKendraFrontendService."
CONTENT_TYPE = "application/x-amz-json-1.1"
_METHODS = {name: camelcase_to_underscores(name) for name in OPERATION_NAMES}


_REQUEST_IDS = random.Random()  # seeded by the OS, apart from moto's seeded generator
_VERSION_4 = (0xF000 << 64 | 0xC000 << 48, 0x4000 << 64 | 0x8000 << 48)  # clear, set


def new_request_id() -> str:
    """A new ``x-amzn-RequestId``: a random version-4 UUID. Never drawn from moto's seeded
    generator, so a seeded run still gets fresh request ids and the same resource ids."""
    clear, set_ = _VERSION_4
    digits = f"{_REQUEST_IDS.getrandbits(128) & ~clear | set_:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


# member name -> keyword; the names are the model's (validated input carries no others)
_snake_case = lru_cache(maxsize=1024)(camelcase_to_underscores)


def _kwargs(params: dict[str, Any]) -> dict[str, Any]:
    """Top-level PascalCase members become the backend method's keyword arguments."""
    return {_snake_case(key): value for key, value in params.items()}


class KendraResponse(MotoResponse):
    """Dispatches AWSKendraFrontendService.* requests to :class:`KendraBackend`."""

    @property
    def kendra_backend(self) -> KendraBackend:
        return backend_for(self.current_account, self.region)

    def _dispatch(self, request: Any, full_url: str | None = None, headers: Any = None) -> Any:
        request_id = new_request_id()
        if full_url is None:  # moto >= 5.2.4 may leave both to the request itself
            full_url = getattr(request, "raw_url", None) or request.url
        if headers is None:
            headers = request.headers
        try:
            operation = self._operation(headers)
            self.setup(request, full_url)
            faults.inject(operation, self.current_account, self.region)
            self.authorize()
            sent = gunzipped(self.body, self.headers.get("Content-Encoding"))
            params = parse_request(operation, sent)
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
            return self._error(kendra_error(error), request_id)
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

    @staticmethod
    def _headers(request_id: str) -> dict[str, str]:
        return {"Content-Type": CONTENT_TYPE, "x-amzn-RequestId": request_id}

    def _error(self, error: KendraError, request_id: str) -> tuple[int, dict[str, str], str]:
        headers = self._headers(request_id)
        headers["x-amzn-ErrorType"] = error.error_code
        return error.code, headers, error.to_body()
