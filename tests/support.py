"""Test helpers shared by every test module: the response checker, factories, raw requests."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from typing import Any

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from moto_kendra.protocol import output_violations

SERVER_MODE = os.environ.get("TEST_SERVER_MODE", "false").lower() == "true"
REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/kendra"
ERROR_STATUS = {"InternalServerException": 500}
#: A minimal Configuration per connector type used by the tests (Configuration must set
#: the member of the data source's type).
CONNECTOR_CONFIGURATIONS: dict[str, dict[str, Any]] = {
    "S3": {"S3Configuration": {"BucketName": "bucket"}},
    "WEBCRAWLER": {"WebCrawlerConfiguration": {"Urls": {"SeedUrlConfiguration": {
        "SeedUrls": ["https://example.com/"]}}}},
}


_EMPTY_TITLE = re.compile(
    r"Value '' at 'resultItems\.(\d+)\.member\.documentTitle\.text' failed to satisfy "
    r"constraint: Member must have length greater than or equal to 1"
)


def service_deviation(operation: str, parsed: dict[str, Any], problem: str) -> bool:
    """The one place the live service breaks its own output shape and the mock follows it:
    a QUESTION_ANSWER item of Query has ``DocumentTitle: {Text: ""}`` (the model asks for at
    least one character)."""
    match = _EMPTY_TITLE.fullmatch(problem)
    if operation != "Query" or match is None:
        return False
    items = parsed.get("ResultItems") or []
    position = int(match.group(1)) - 1
    return 0 <= position < len(items) and items[position].get("Type") == "QUESTION_ANSWER"


class ResponseChecker:
    """Checks every response a client receives, raw and parsed, against the botocore model."""

    def __init__(self) -> None:
        self.raw: dict[str, Any] = {}
        self.checked = 0

    def before_parse(self, operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
        self.raw = response_dict

    def after_call(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        operation = model.name
        status = http_response.status_code
        body = self.raw.get("body", b"")
        headers = {k.lower(): v for k, v in http_response.headers.items()}
        assert headers.get("content-type") == "application/x-amz-json-1.1", headers
        assert headers.get("x-amzn-requestid"), headers
        if status >= 300:
            check_error_envelope(status, headers, body)
        else:
            problems = output_violations(operation, body)
            problems += output_violations(operation, parsed, parsed=True)
            problems = [p for p in problems if not service_deviation(operation, parsed, p)]
            assert not problems, f"{operation} response breaks its output shape: {problems}"
        self.checked += 1


def check_error_envelope(status: int, headers: dict[str, str], body: bytes) -> None:
    """The error envelope: exactly {__type, message}, the ErrorType header, 400 unless
    internal."""
    error = json.loads(body)
    code = error["__type"]
    allowed = {"__type", "message"} | ({"ConflictingItems"} if "Featured" in code else set())
    assert set(error) <= allowed and error["message"], error
    assert headers.get("x-amzn-errortype") == code, headers
    assert status == ERROR_STATUS.get(code, 400), (status, error)


_SESSION = boto3.session.Session()  # one session: botocore loads the Kendra model once


def make_client(endpoint: str | None, region: str = REGION, **credentials: str) -> Any:
    client = _SESSION.client(
        "kendra",
        region_name=region,
        endpoint_url=endpoint,
        config=Config(retries={"total_max_attempts": 1}),
        **credentials,
    )
    checker = ResponseChecker()
    client.meta.events.register("before-parse.kendra", checker.before_parse)
    client.meta.events.register("after-call.kendra", checker.after_call)
    client.checker = checker
    return client


def expect_error(call: Callable[[], Any], code: str, message: str) -> ClientError:
    """Run ``call`` and assert it fails with exactly this code and message."""
    with pytest.raises(ClientError) as info:
        call()
    error = info.value.response["Error"]
    assert (error["Code"], error["Message"]) == (code, message)
    return info.value


def signed_post(
    endpoint: str | None,
    body: bytes | str,
    target: str | None = "AWSKendraFrontendService.ListIndices",
    region: str = REGION,
    extra_headers: dict[str, str] | None = None,
    path: str = "/",
) -> requests.Response:
    """A raw, SigV4-signed request (through moto's mock in-process, to the server otherwise);
    ``path`` may carry a query string (``/?Action=...``)."""
    url = (endpoint or f"https://kendra.{region}.amazonaws.com") + path
    headers = {"Content-Type": "application/x-amz-json-1.1", **(extra_headers or {})}
    if target is not None:
        headers["X-Amz-Target"] = target
    request = AWSRequest(method="POST", url=url, data=body, headers=headers)
    SigV4Auth(Credentials("AKIAIOSFODNN7EXAMPLE", "secret"), "kendra", region).add_auth(request)
    return requests.post(url, data=body, headers=dict(request.headers), timeout=30)


def blob(text: str) -> bytes:
    return text.encode()


def doc(doc_id: str, text: str = "hello world", **extra: Any) -> dict[str, Any]:
    return {"Id": doc_id, "Blob": blob(text), "ContentType": "PLAIN_TEXT", **extra}
