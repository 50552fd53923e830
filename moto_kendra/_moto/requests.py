"""moto's request seams: the response base class, its request state, IAM, moto's errors.

moto's own ``setup_class`` is not used: its shape changed within 5.x (5.2.4 hands it a
normalised request), and it reads bodies as forms, uploaded files or query strings.
Kendra takes the bytes as sent, whatever the ``Content-Type``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from moto.core.exceptions import HTTPException
from moto.core.responses import BaseResponse
from moto.core.utils import camelcase_to_underscores
from moto.utilities.utils import get_partition

from ..exceptions import AccessDeniedException, KendraError
from .registration import SERVICE_NAME

__all__ = ["HTTPException", "MotoResponse", "camelcase_to_underscores", "kendra_error"]


def raw_bytes(request: Any) -> bytes:
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


class MotoResponse(BaseResponse):
    """moto's ``BaseResponse``, set up from a request the way Kendra reads requests."""

    def __init__(self) -> None:
        super().__init__(service_name=SERVICE_NAME)

    def setup(self, request: Any, full_url: str) -> None:
        """The request state that moto's account resolution and IAM checks read.

        The body is kept as sent (IAM checks its signature); a gzip body is decoded
        later, after the IAM check (moto's server leaves Kendra's bodies alone, see
        ``registration``).
        """
        body = raw_bytes(request)
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
        self._note_visit()

    def get_access_key(self) -> str:
        """moto's reading of the request's access key, made once per request (moto's
        account lookup asks for it again)."""
        return self.__dict__.get("access_key") or super().get_access_key()

    def _note_visit(self) -> None:
        """Record the access key's use with moto's IAM, as moto's own request set-up does."""
        from moto.iam.models import mark_account_as_visited

        mark_account_as_visited(
            account_id=self.current_account, access_key=self.access_key,
            service=SERVICE_NAME, region=self.region,
        )

    def authorize(self) -> None:
        """moto's IAM check (a no-op unless ``INITIAL_NO_AUTH_ACTION_COUNT`` enables it)."""
        self._authenticate_and_authorize_normal_action()


def kendra_error(error: HTTPException) -> KendraError:
    """moto's own errors in Kendra's envelope: an IAM denial becomes AccessDeniedException,
    signature errors keep their codes.  All answer 400, as every client error does here
    (moto sends them with 403)."""
    code = getattr(error, "error_type", None) or "AccessDeniedException"
    message = getattr(error, "message", None) or str(error.description or code)
    if code in ("AccessDenied", "AccessDeniedException"):
        return AccessDeniedException(message)
    converted = KendraError(message)
    converted.error_code = code
    return converted
