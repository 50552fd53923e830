"""Model-driven fuzzing: for every Kendra operation, seeded valid and invalid requests (see
``fuzz_generator``) sent raw and signed, in-process and against the server.  Every answer must be
well formed (below 500, a request id, the JSON error envelope or a body that passes the output
shape) and, after each operation's batch, the index must still answer.

``FUZZ_SEED`` (default 8) and ``FUZZ_CASES`` (cases per operation, default 6) change the run;
a failure names the seed, operation and case number that reproduce it
(``benchmarks/fuzz.py --seed S --operation OP`` replays more of them)."""

from __future__ import annotations

import os

import pytest
from fuzz_generator import run_batch
from fuzz_support import OPERATIONS, World

SEED = int(os.environ.get("FUZZ_SEED", "8"))
CASES = int(os.environ.get("FUZZ_CASES", "6"))


def test_every_operation_is_fuzzed() -> None:
    assert len(OPERATIONS) == 66


@pytest.mark.parametrize("operation", OPERATIONS)
def test_fuzz(endpoint: str | None, operation: str) -> None:
    world = World(endpoint).create()
    outcomes = run_batch(world, SEED, operation, range(CASES))
    failures = [outcome.describe() for outcome in outcomes if outcome.problems]
    assert not failures, "\n".join(failures)
