#!/usr/bin/env python
"""The long fuzz run: the generator of ``tests/test_fuzz.py`` (``tests/fuzz_generator.py``) for
many more cases, in-process (``mock_aws``) and against a ``moto-kendra-server`` subprocess it
starts on 127.0.0.1.  Not a pytest test; always exits 0 unless ``--strict``.

    python benchmarks/fuzz.py                        # >= 10,000 in-process, >= 5,000 on a server
    python benchmarks/fuzz.py --in-process 500 --server 0 --seed 3 --operation CreateFaq
    python benchmarks/fuzz.py --seed 8 --operation CreateFaq --cases 20:30   # replay, shown

Prints, per mode: requests, 5xx, non-JSON answers, answers failing the output shape (or the
error envelope), answers slower than 1 s, health checks failed (the index no longer answering
after a batch), and each distinct failure (operation, status, first line of the error) with
its count, one reproducer (seed, operation, case number) and, where the server logged one,
the exception that caused it.  A reproducer is exact on a fresh world (``tests/test_fuzz.py``,
``--operation``, ``--cases``); in the all-operations run the world also carries what the
earlier batches did, so replay the operation's batch and, if it passes, run the whole round
again with the same seed.  Every batch is bounded in count, every mode in time
(``--max-seconds``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]
for _name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KENDRA", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
    os.environ.pop(_name, None)
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                  AWS_DEFAULT_REGION="us-east-1")

import requests  # noqa: E402
from fuzz_generator import Outcome, make_case, run_batch, run_case  # noqa: E402
from fuzz_support import OPERATIONS, World, health  # noqa: E402
from serverproc import Server  # noqa: E402

import moto_kendra  # noqa: E402,F401  (registers Kendra with moto)


class LastError(logging.Handler):
    """Keeps the exception of the last request moto-kendra logged as failed (in-process)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.last: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            self.last = f"{type(error).__name__}: {str(error)[:160]}"


@dataclass
class Tally:
    mode: str
    requests: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    failures: dict[tuple[str, int, str], list[object]] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, outcome: Outcome, cause: str | None) -> None:
        if outcome.case.kind != "health":
            self.requests += 1
        if outcome.seconds > 1.0:
            self.counts["slow"] += 1
            self.note(outcome, "slow", f"slower than 1 s ({outcome.case.kind})", cause)
        for problem in outcome.problems:
            kind = problem.split(":", 1)[0]
            self.counts["health" if outcome.case.kind == "health" else kind] += 1
            self.note(outcome, kind, problem, cause)

    def note(self, outcome: Outcome, kind: str, problem: str, cause: str | None) -> None:
        key = (outcome.case.operation, outcome.status, f"{kind}|{problem[:140]}")
        entry = self.failures.setdefault(key, [0, outcome.case.reproducer, cause, 0.0])
        entry[0] = int(entry[0]) + 1  # type: ignore[call-overload]
        entry[3] = max(float(entry[3]), outcome.seconds)  # type: ignore[arg-type]

    def report(self) -> None:
        c = self.counts
        print(f"\n== {self.mode}: {self.requests} requests in {self.seconds:.0f} s")
        print(f"   5xx {c['5xx']}  non-JSON {c['non-JSON']}  output shape {c['shape']}  "
              f"error envelope {c['envelope']}  no request id {c['request-id']}  "
              f"no answer {c['no answer']}  slower than 1 s {c['slow']}  "
              f"health checks failed {c['health']}")
        print(f"   distinct failures: {len(self.failures)}")
        for (operation, status, problem), (count, reproducer, cause, slowest) in sorted(
                self.failures.items()):
            print(_printable(f"   - {operation} HTTP {status} x{count} (slowest {slowest:.1f} s): "
                             f"{problem.split('|', 1)[1]}"))
            print(_printable(f"       reproduce: {reproducer}"
                             + (f"\n       cause: {cause}" if cause else "")))


def _printable(text: str) -> str:
    """``text`` with what UTF-8 cannot encode (lone surrogates a case sent) escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def run_mode(tally: Tally, endpoint: str | None, args: argparse.Namespace,
             server: Server | None = None) -> None:
    operations = [args.operation] if args.operation else OPERATIONS
    world = World(endpoint).create()
    handler = LastError()
    logging.getLogger("moto_kendra").addHandler(handler)
    start, batch, target = time.time(), 0, args.server if server else args.in_process
    try:
        while tally.requests < target and time.time() - start < args.max_seconds:
            for operation in operations:
                numbers = range(batch * args.batch, (batch + 1) * args.batch)
                seen = len(server.tracebacks()) if server else 0
                handler.last = None
                for outcome in run_batch(world, args.seed, operation, numbers, args.huge):
                    cause = handler.last
                    if server and outcome.problems:
                        causes = server.tracebacks()[seen:]
                        cause = causes[-1] if causes else None
                    tally.add(outcome, cause if outcome.problems else None)
                if tally.requests >= target or time.time() - start > args.max_seconds:
                    break
            batch += 1
            print(f"   {tally.mode}: {tally.requests} requests, {dict(tally.counts)}",
                  file=sys.stderr)
    finally:
        logging.getLogger("moto_kendra").removeHandler(handler)
        tally.seconds = time.time() - start


def replay(endpoint: str | None, args: argparse.Namespace) -> None:
    """Run cases ``--cases A:B`` of ``--operation`` (then the health check) and show each."""
    first, last = (int(part) for part in args.cases.split(":"))
    world = World(endpoint).create()
    for number in range(first, last):
        case = make_case(args.seed, args.operation, number, args.huge)
        body, headers = case.build(world)
        outcome = run_case(world, case)
        print(f"{case.reproducer} headers={headers} body[:300]={body[:300]!r}")
        print(f"   -> HTTP {outcome.status} in {outcome.seconds:.2f} s {outcome.problems}")
    print(f"health: {health(world) or 'ok'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--in-process", type=int, default=10_000, help="requests (0: skip)")
    parser.add_argument("--server", type=int, default=5_000, help="requests (0: skip)")
    parser.add_argument("--batch", type=int, default=10, help="cases per operation per round")
    parser.add_argument("--operation", choices=OPERATIONS, help="only this operation")
    parser.add_argument("--huge", type=int, default=50_000, help="elements of a huge list")
    parser.add_argument("--max-seconds", type=float, default=1200, help="per mode")
    parser.add_argument("--cases", help="A:B: replay these cases of --operation, in-process "
                        "(with --server N: on a server) and show them")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any failure")
    args = parser.parse_args()
    if args.cases:
        if args.server and args.in_process == 0:
            with Server() as server:
                replay(server.endpoint, args)
        else:
            from moto import mock_aws

            with mock_aws():
                replay(None, args)
        return
    print(f"fuzz seed {args.seed}, {len(OPERATIONS)} operations, {args.batch} cases per batch")
    tallies = []
    if args.in_process:
        from moto import mock_aws

        tally = Tally("in-process")
        with mock_aws():
            run_mode(tally, None, args)
        tally.report()
        tallies.append(tally)
    if args.server:
        tally = Tally("server")
        with Server() as server:
            requests.post(f"{server.endpoint}/moto-api/reset", timeout=30)
            run_mode(tally, server.endpoint, args, server)
        tally.report()
        tallies.append(tally)
    if args.strict and any(t.failures for t in tallies):
        sys.exit(1)


if __name__ == "__main__":
    main()
