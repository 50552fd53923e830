"""Kendra's wire protocol, driven by botocore's ``kendra`` model.

- :func:`parse_request`: the request checks that need no state (JSON object, JSON
  types, model constraints).
- :func:`serialize_response`: the body of a success response.
- :func:`output_violations`: a strict check of a response against its output shape.

Every shape is compiled once (per process) into small closures; nothing walks the
botocore model per request.
"""

from __future__ import annotations

from .check import output_violations
from .model import OPERATION_NAMES, service_model
from .serialize import serialize_response
from .validate import parse_request

__all__ = [
    "OPERATION_NAMES",
    "output_violations",
    "parse_request",
    "serialize_response",
    "service_model",
]
