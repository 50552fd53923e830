"""Test doubles for custom document enrichment Lambda hooks.

A Pre- or PostExtractionHookConfiguration names a Lambda function by ARN. moto runs a
Lambda function's code only in Docker, so a test may instead register a Python callable
for that ARN in the process serving Kendra (the ``@mock_aws`` process; a
``moto-kendra-server`` has its own registry)::

    from moto_kendra.enrichment import register_hook

    def add_department(event):
        # event: the hook's event, as Kendra sends it to the function
        return {"version": "v0", "metadataUpdates": [
            {"name": "department", "value": {"stringValue": "legal"}}]}

    register_hook("arn:aws:lambda:us-east-1:123456789012:function:enrich", add_department)

The callable gets the event (a dict) and returns the response (a dict), exactly as the
function would; a registered callable is used instead of moto's Lambda, and an exception
it raises fails the document like a function error. Without a registered callable the
hook invokes the function in moto's Lambda backend (same account and region as the
index). :func:`unregister_hook` and :func:`clear_hooks` undo registrations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Hook = Callable[[dict[str, Any]], Any]

_HOOKS: dict[str, Hook] = {}


def register_hook(lambda_arn: str, hook: Hook) -> None:
    """Serve the Lambda function ``lambda_arn`` with ``hook`` (replacing an earlier one)."""
    _HOOKS[lambda_arn] = hook


def unregister_hook(lambda_arn: str) -> None:
    """Forget the callable registered for ``lambda_arn`` (if any)."""
    _HOOKS.pop(lambda_arn, None)


def clear_hooks() -> None:
    """Forget every registered callable."""
    _HOOKS.clear()


def registered_hook(lambda_arn: str) -> Hook | None:
    """The callable registered for ``lambda_arn``, if any."""
    return _HOOKS.get(lambda_arn)
