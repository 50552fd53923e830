"""Enrichment hooks through moto's own Lambda and S3: invoking a function, and the S3
objects a hook exchanges content through.

Every use of moto's Lambda backend is here. moto runs a function's code only in
Docker; without it (or with any other failure) the invocation reports an error.
"""

from __future__ import annotations

import json
from typing import Any


class HookInvocationError(Exception):
    """The function does not exist, could not run, or reported a function error."""


def invoke_function(account_id: str, region: str, arn: str, event: dict[str, Any]) -> Any:
    """Invoke the Lambda function ``arn`` of moto's Lambda backend synchronously with
    ``event`` as its JSON payload; its decoded JSON result, or :class:`HookInvocationError`."""
    from moto.awslambda.models import lambda_backends

    headers: dict[str, str] = {}
    try:
        backend = lambda_backends[account_id][region]
        payload = backend.invoke(arn, None, json.dumps(event), {}, headers)
    except Exception as error:  # unknown function, Docker missing, ...: the hook fails
        raise HookInvocationError(str(error)) from None
    if headers.get("x-amz-function-error") or payload is None:
        raise HookInvocationError("function error")
    try:
        return json.loads(payload)
    except ValueError:
        raise HookInvocationError("the result is not JSON") from None


def write_object(account_id: str, partition: str, bucket: str, key: str, data: bytes) -> bool:
    """Put an object into a bucket of moto's own S3 in this account; False if it fails."""
    from moto.s3.models import s3_backends

    try:
        s3_backends[account_id][partition].put_object(bucket, key, data)
    except Exception:  # missing bucket: the caller words the failure
        return False
    return True
