"""Every Kendra error, declared once with its message template.

Each class carries the wire code (``__type``) and the HTTP status.  Message
templates live in the ``@classmethod`` constructors so that one rule has one
place that words it.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.exceptions import JsonRESTError

#: The most characters of one client value an error message quotes; longer values are cut.
QUOTE_LIMIT = 200
CUT_MARK = "...(cut)"
#: The most violations one ValidationException lists (the count stays exact).
LISTED_VIOLATIONS = 100


def quoted(text: str) -> str:
    """``text`` as an error message quotes it: at most :data:`QUOTE_LIMIT` characters, a
    longer value cut there and marked with :data:`CUT_MARK`, so error bodies stay small."""
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + CUT_MARK


class Violations(list):  # type: ignore[type-arg]
    """The violation list of one request: keeps the first :data:`LISTED_VIOLATIONS`
    messages and counts the rest, so a huge invalid input cannot build a huge message."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def append(self, message: str) -> None:
        self.total += 1
        if len(self) < LISTED_VIOLATIONS:
            super().append(message)


class KendraError(JsonRESTError):
    """Base of all Kendra errors: ``{"__type", "message"}`` in a JSON 1.1 envelope."""

    code = 400
    error_code = "InternalServerException"

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(self.error_code, message)
        self.message = message
        self.extra = extra

    def to_body(self) -> str:
        return json.dumps({"__type": self.error_code, "message": self.message, **self.extra})


class InternalServerException(KendraError):
    code = 500
    error_code = "InternalServerException"


class UnknownOperationException(KendraError):
    error_code = "UnknownOperationException"

    @classmethod
    def operation(cls, name: str) -> UnknownOperationException:
        return cls(f"Operation {quoted(name)} is not supported.")


class SerializationException(KendraError):
    error_code = "SerializationException"

    @classmethod
    def not_an_object(cls) -> SerializationException:
        return cls("Request body is not a valid JSON object.")

    @classmethod
    def too_many_values(cls, limit: int) -> SerializationException:
        return cls(f"Request body holds more than {limit:,} JSON values.")

    @classmethod
    def too_large(cls, compressed: bool = False) -> SerializationException:
        """A body over the 70 MB cap, as sent or (``compressed``) once decompressed."""
        after = " once decompressed" if compressed else ""
        return cls(f"Request body is larger than 70 MB{after}.")

    @classmethod
    def wrong_type(cls, path: str, kind: str) -> SerializationException:
        return cls(f"Value at '{quoted(path)}' has the wrong JSON type; expected {kind}.")

    @classmethod
    def bad_base64(cls, path: str) -> SerializationException:
        return cls(f"Value at '{quoted(path)}' is not valid base64.")


class ValidationException(KendraError):
    error_code = "ValidationException"

    @classmethod
    def constraints(cls, violations: list[str]) -> ValidationException:
        """``<N> validation errors detected: <e1>; <e2>; ...``: every violation, or for a
        :class:`Violations` list the first :data:`LISTED_VIOLATIONS` and ``... and <M> more``."""
        count = getattr(violations, "total", len(violations))
        noun = "error" if count == 1 else "errors"
        listed = "; ".join(violations)
        if count > len(violations):
            listed += f"; ... and {count - len(violations)} more"
        return cls(f"{count} validation {noun} detected: " + listed)

    @classmethod
    def filter_depth(cls, limit: int = 2) -> ValidationException:
        """An AttributeFilter nested deeper than ``limit`` (leaf 0, composite 1 + deepest child)."""
        return cls(f"AttributeFilter depth is limited to {limit}.")

    @classmethod
    def facet_nesting(cls) -> ValidationException:
        """A facet inside a nested facet."""
        return cls("Facets can be nested only one level.")


class ResourceNotFoundException(KendraError):
    error_code = "ResourceNotFoundException"

    @classmethod
    def index(cls, index_id: str) -> ResourceNotFoundException:
        return cls(f"Index {index_id} does not exist.")

    @classmethod
    def child(cls, label: str, child_id: str, index_id: str) -> ResourceNotFoundException:
        return cls(f"{label} {child_id} does not exist in index {index_id}.")

    @classmethod
    def no_running_job(cls, data_source_id: str) -> ResourceNotFoundException:
        return cls(f"Data source {data_source_id} has no running sync job.")


class ConflictException(KendraError):
    error_code = "ConflictException"

    @classmethod
    def index_status(cls, index_id: str, status: str) -> ConflictException:
        return cls(f"Index {index_id} is {status} and cannot serve this request.")

    @classmethod
    def child_status(cls, label: str, child_id: str, status: str) -> ConflictException:
        return cls(f"{label} {child_id} is {status} and cannot serve this request.")


class ResourceInUseException(KendraError):
    error_code = "ResourceInUseException"

    @classmethod
    def running_job(cls, data_source_id: str, execution_id: str) -> ResourceInUseException:
        return cls(f"Data source {data_source_id} already has a running sync job {execution_id}.")


class ServiceQuotaExceededException(KendraError):
    error_code = "ServiceQuotaExceededException"

    @classmethod
    def quota(cls, limit: int, noun: str) -> ServiceQuotaExceededException:
        return cls(f"Quota exceeded: at most {limit} {noun}.")


class ResourceUnavailableException(KendraError):
    error_code = "ResourceUnavailableException"

    @classmethod
    def resource(cls, arn: str) -> ResourceUnavailableException:
        return cls(f"Resource {arn} is not available.")

    @classmethod
    def query(cls, query_id: str) -> ResourceUnavailableException:
        return cls(f"Query {query_id} is not available.")


class AccessDeniedException(KendraError):
    error_code = "AccessDeniedException"


class ThrottlingException(KendraError):
    error_code = "ThrottlingException"


class InvalidRequestException(KendraError):
    error_code = "InvalidRequestException"

    @classmethod
    def route(cls, method: str, path: str) -> InvalidRequestException:
        return cls(
            f"Kendra operations are served by POST /, not {quoted(method)} {quoted(path)}."
        )


class InvalidSignatureException(KendraError):
    error_code = "InvalidSignatureException"

    @classmethod
    def region(cls, region: str) -> InvalidSignatureException:
        return cls(f"Credential should be scoped to a valid region, not '{quoted(region)}'.")

    @classmethod
    def scope(cls) -> InvalidSignatureException:
        return cls(
            "Authorization header requires a Credential of the form "
            "<key>/<date>/<region>/kendra/aws4_request."
        )


class MissingAuthenticationTokenException(KendraError):
    error_code = "MissingAuthenticationTokenException"

    @classmethod
    def missing(cls) -> MissingAuthenticationTokenException:
        return cls(
            "Missing Authentication Token: sign the request with SigV4; "
            "its credential scope names the region."
        )


class ResourceAlreadyExistException(KendraError):
    error_code = "ResourceAlreadyExistException"


class FeaturedResultsConflictException(KendraError):
    error_code = "FeaturedResultsConflictException"
