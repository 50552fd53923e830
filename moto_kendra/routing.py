"""Server routing of ``moto-kendra-server``: every Kendra request reaches Kendra.

moto's server picks a service from the ``Host`` header, the credential scope and the
body; a Kendra request it cannot place (an empty or odd region in the scope, no
``Authorization`` header) went to another service or to an HTML error page.
:class:`KendraRouting` wraps moto's WSGI application: a request carrying
``X-Amz-Target: AWSKendraFrontendService.*`` is answered by Kendra's own application, or
refused in Kendra's JSON error envelope (HTTP 400, ``x-amzn-RequestId``) when

- it is not ``POST /`` (a query string is allowed): ``InvalidRequestException``;
- it has no ``Authorization`` header: ``MissingAuthenticationTokenException``.  A
  signature is required because, behind a server, its credential scope is the only
  place a request names its region (in-process, the URL's region serves);
- its ``Authorization`` header has no ``Credential=<key>/<date>/<region>/<service>/...``
  scope, or the region is not a region name (lower-case letters and digits in
  dash-separated words, at most 50 characters: ``us-east-1``, ``local``):
  ``InvalidSignatureException``.

Every other request goes to moto's application unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .exceptions import (
    InvalidRequestException,
    InvalidSignatureException,
    KendraError,
    MissingAuthenticationTokenException,
)
from .responses import CONTENT_TYPE, TARGET_PREFIX, new_request_id

REGION = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_REGION = 50
_CREDENTIAL = re.compile(r"Credential=([^,]*)")

WSGIApp = Callable[[dict[str, Any], Any], Iterable[bytes]]


class KendraRouting:
    """WSGI middleware in front of moto's server application (see the module docstring)."""

    def __init__(self, app: Any, kendra_app: Callable[[], WSGIApp]) -> None:
        self.app = app
        self.kendra_app = kendra_app  # Kendra's own application, built on first use

    def __getattr__(self, name: str) -> Any:  # moto's server sets and reads ``debug``
        return getattr(self.app, name)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET") or ""
        if not target.startswith(TARGET_PREFIX):
            return self.app(environ, start_response)  # type: ignore[no-any-return]
        try:
            check_route(environ)
        except KendraError as error:
            return _error(error, start_response)
        return self.kendra_app()(environ, start_response)


def check_route(environ: dict[str, Any]) -> None:
    """The routing rules of the module docstring, in that order."""
    method = environ.get("REQUEST_METHOD") or ""
    path = environ.get("PATH_INFO") or "/"
    if method != "POST" or path != "/":
        raise InvalidRequestException.route(method, path)
    authorization = environ.get("HTTP_AUTHORIZATION")
    if not authorization:
        raise MissingAuthenticationTokenException.missing()
    credential = _CREDENTIAL.search(authorization)
    scope = credential.group(1).split("/") if credential else []
    if len(scope) < 5:
        raise InvalidSignatureException.scope()
    region = scope[2]
    if len(region) > MAX_REGION or REGION.fullmatch(region) is None:
        raise InvalidSignatureException.region(region)


def _error(error: KendraError, start_response: Any) -> list[bytes]:
    body = error.to_body().encode("utf-8")
    start_response(
        f"{error.code} Bad Request",
        [
            ("Content-Type", CONTENT_TYPE),
            ("Content-Length", str(len(body))),
            ("x-amzn-RequestId", new_request_id()),
            ("x-amzn-ErrorType", error.error_code),
        ],
    )
    return [body]
