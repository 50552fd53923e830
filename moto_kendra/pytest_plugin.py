"""pytest plugin (the ``pytest11`` entry point, active wherever moto-kendra is installed).

Kendra is registered with moto at start-up, so tests need no import of their own before
using ``mock_aws``; and three fixtures are ready to use:

- ``kendra``: a boto3 Kendra client in ``us-east-1`` inside a fresh ``mock_aws`` (the
  mock's state is new for each test and gone after it);
- ``kendra_index``: the id of an ACTIVE ``ENTERPRISE_EDITION`` index created in that mock;
- ``kendra_faults``: ``kendra_faults(rules, seed=None)`` sets fault rules
  (:mod:`moto_kendra.faults`) for the one test; they are cleared after it.

A conftest fixture of the same name takes precedence over these.  Each pytest-xdist worker
has its own mock and its own rules, so the fixtures work the same under ``-n``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

import moto_kendra  # noqa: F401  (importing registers Kendra with moto)
from moto_kendra import faults

REGION = "us-east-1"
INDEX_ROLE = "arn:aws:iam::123456789012:role/kendra-index"
_DESCRIBES = 10  # enough for a `manual` transition of up to ten describes


@pytest.fixture
def kendra() -> Iterator[Any]:
    """A boto3 Kendra client (``us-east-1``) inside a fresh ``mock_aws``."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        yield boto3.client("kendra", region_name=REGION)


@pytest.fixture
def kendra_index(kendra: Any) -> str:
    """The id of an ACTIVE ENTERPRISE_EDITION index named ``test-index``.

    The index is ACTIVE at once under the default transitions; under a ``manual``
    transition of ``kendra::index`` it is described until ACTIVE (at most ten times).
    """
    index_id = str(
        kendra.create_index(Name="test-index", Edition="ENTERPRISE_EDITION", RoleArn=INDEX_ROLE)[
            "Id"
        ]
    )
    for _ in range(_DESCRIBES):
        status = kendra.describe_index(Id=index_id)["Status"]
        if status == "ACTIVE":
            return index_id
    pytest.fail(
        f"kendra_index: index {index_id} is {status}, not ACTIVE, after {_DESCRIBES} "
        "DescribeIndex calls; a state-manager transition set for kendra::index holds it."
    )


@pytest.fixture
def kendra_faults() -> Iterator[Callable[..., None]]:
    """``kendra_faults(rules, seed=None)``: fault rules for this test only."""

    def set_rules(rules: list[dict[str, Any]], seed: int | None = None) -> None:
        faults.set(rules, seed=seed)

    yield set_rules
    faults.clear()
