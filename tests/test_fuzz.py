"""Model-driven fuzzing: for every Kendra operation, seeded valid and invalid requests (see
``fuzz_generator``) sent raw and signed, in-process and against the server.  Every answer must be
well formed (below 500, a request id, the JSON error envelope or a body that passes the output
shape) and, after each operation's batch, the index must still answer.

Each operation gets a fresh index with its resources (the S3 files are uploaded once per
module, and every index is deleted after its test), so its cases are independent of the other
operations.  ``FUZZ_SEED`` (default 8) and ``FUZZ_CASES`` (cases per operation, default 6)
change the run; a failure names the seed, operation and case number that reproduce it
(``python benchmarks/fuzz.py --seed S --operation OP --cases N:N+1`` replays and shows it)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests
from fuzz_generator import run_batch
from fuzz_support import OPERATIONS, World, upload_files

SEED = int(os.environ.get("FUZZ_SEED", "8"))
CASES = int(os.environ.get("FUZZ_CASES", "6"))


@pytest.fixture(scope="module")
def account(endpoint: str | None) -> Iterator[None]:
    """Fresh moto state for the module, with the fuzzer's S3 files."""
    if endpoint is None:
        from moto import mock_aws

        with mock_aws():
            upload_files(None)
            yield
    else:
        requests.post(f"{endpoint}/moto-api/reset", timeout=30)
        upload_files(endpoint)
        yield


@pytest.fixture
def aws(account: None) -> None:
    """Replaces the per-test reset: the module's state is kept, the indexes are not."""


def test_every_operation_is_fuzzed() -> None:
    assert len(OPERATIONS) == 66


@pytest.mark.parametrize("operation", OPERATIONS)
def test_fuzz(endpoint: str | None, operation: str) -> None:
    world = World(endpoint).create(files=False)
    try:
        outcomes = run_batch(world, SEED, operation, range(CASES))
    finally:
        world.remove()
    failures = [outcome.describe() for outcome in outcomes if outcome.problems]
    assert not failures, "\n".join(failures)
