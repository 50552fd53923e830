#!/usr/bin/env python
"""moto-kendra benchmark: ratios of medians over interleaved rounds, all measured in one run.

Not a pytest test. Run from anywhere::

    python benchmarks/bench.py            # full run (< 10 minutes)
    python benchmarks/bench.py --quick    # smoke run (< 1 minute)
    python benchmarks/bench.py --profile  # also cProfile two in-process operations

What is measured (see benchmarks/README.md):

- floor: the same boto3 call, with the HTTP send replaced by a canned copy of our own
  reply (client-side serialize + sign + parse only; no mock can beat it);
- ours: the call served by moto-kendra in-process (``mock_aws``) and by
  ``python -m moto_kendra.server`` with 1 and 4 client threads;
- peer: moto's own DynamoDB operation of matching work, in-process and on a plain
  ``python -m moto.server``;
- scaling of BatchDeleteDocument / BatchGetDocumentStatus with the index size, and
  tracemalloc bytes per stored 1 KB document.

Every target prints PASS or FAIL; the exit status is 0 whatever the targets say.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import io
import math
import os
import platform
import pstats
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

for _name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KENDRA", "AWS_ENDPOINT_URL_DYNAMODB",
              "AWS_PROFILE", "AWS_SESSION_TOKEN"):
    os.environ.pop(_name, None)
os.environ["AWS_ACCESS_KEY_ID"] = "testing"
os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
os.environ["AWS_DEFAULT_REGION"] = "us-east-1"

import boto3  # noqa: E402
import botocore  # noqa: E402
import moto  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.core.models import botocore_stubber  # noqa: E402
from serverproc import free_port, wait_until_listening  # noqa: E402

import moto_kendra  # noqa: E402  (registers Kendra with moto)
from moto_kendra.models import kendra_backends  # noqa: E402
from moto_kendra.responses import KendraResponse  # noqa: E402

SITE = str(Path(moto.__file__).resolve().parents[1]) + os.sep  # site-packages, for short paths

# -- targets -----------------------------------------------------------------------------
FLOOR_MAX = 2.5  # ours / floor
PEER_MAX = 0.8  # ours / peer
SCALE_MAX = 1.2  # largest / smallest index, per batch operation
MEMORY_MAX = 4096  # bytes per stored 1 KB document
SERVER_MIN = 1.0  # ours / peer, calls per second

REGION = "us-east-1"
SCALE_REGION = "us-west-2"  # scaling indexes live apart from the main table's ListIndices
MEMORY_REGION = "eu-west-1"
ROLE = f"arn:aws:iam::{DEFAULT_ACCOUNT_ID}:role/kendra-bench"
OPERATIONS = (
    "ListIndices",
    "DescribeIndex",
    "BatchPutDocument",
    "BatchDeleteDocument",
    "BatchGetDocumentStatus",
)
PEERS = {
    "ListIndices": "ListTables",
    "DescribeIndex": "DescribeTable",
    "BatchPutDocument": "BatchWriteItem (10 puts, 1 KB)",
    "BatchDeleteDocument": "BatchWriteItem (10 deletes)",
    "BatchGetDocumentStatus": "BatchGetItem (10 keys)",
}


@dataclass(frozen=True)
class Settings:
    rounds: int  # in-process interleaved rounds
    inner: int  # calls per case per round (a sample is their mean)
    server_rounds: int
    server_calls: int  # calls per throughput sample (divisible by 4)
    scale_sizes: tuple[int, ...]
    scale_rounds: int
    memory_sizes: tuple[int, ...]
    profile_calls: int


FULL = Settings(
    rounds=120, inner=5, server_rounds=8, server_calls=100,
    scale_sizes=(1_000, 10_000, 100_000), scale_rounds=80,
    memory_sizes=(10_000, 100_000), profile_calls=400,
)
QUICK = Settings(
    rounds=12, inner=3, server_rounds=2, server_calls=24,
    scale_sizes=(1_000, 10_000), scale_rounds=12,
    memory_sizes=(1_000, 10_000), profile_calls=100,
)


# -- payloads -------------------------------------------------------------------------------
_WORDS = (
    "kendra index document search relevance answer query passage field facet source sync "
    "crawler boost ranking excerpt title body language token "
).split()


def text_1k(doc_id: str) -> str:
    """Exactly 1024 bytes of ASCII words; the extracted text keeps every byte."""
    words, size, i = [doc_id], len(doc_id), 0
    while size < 1024:
        word = _WORDS[(i * 7 + len(doc_id)) % len(_WORDS)]
        words.append(word)
        size += 1 + len(word)
        i += 1
    text = " ".join(words)[:1023]
    return text + "x" * (1024 - len(text))


def kendra_docs(ids: list[str]) -> list[dict[str, Any]]:
    return [{"Id": i, "Blob": text_1k(i).encode(), "ContentType": "PLAIN_TEXT"} for i in ids]


def ddb_puts(ids: list[str]) -> list[dict[str, Any]]:
    return [{"PutRequest": {"Item": {"pk": {"S": i}, "body": {"S": text_1k(i)}}}} for i in ids]


def ddb_deletes(ids: list[str]) -> list[dict[str, Any]]:
    return [{"DeleteRequest": {"Key": {"pk": {"S": i}}}} for i in ids]


def ids(prefix: str, n: int, start: int = 0) -> list[str]:
    return [f"{prefix}{k:06d}" for k in range(start, start + n)]


# -- clients ----------------------------------------------------------------------------------
def client(service: str, endpoint: str | None = None, region: str = REGION) -> Any:
    """Every measured client is made the same way (own session, default config)."""
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region
    )
    return session.client(service, endpoint_url=endpoint)


class CannedRaw:
    """The raw body botocore reads from an AWSResponse (``stream()`` is all it needs)."""

    def __init__(self, body: bytes):
        self.body = body

    def stream(self, **_: Any) -> Any:
        yield self.body


def capture_reply(kendra: Any, call: Callable[[], Any]) -> tuple[int, dict[str, str], bytes]:
    """Our real reply to ``call``: status, headers and body bytes."""
    box: dict[str, Any] = {}

    def grab(http_response: Any, **_: Any) -> None:
        box["reply"] = http_response

    kendra.meta.events.register("after-call.kendra", grab)
    try:
        call()
    finally:
        kendra.meta.events.unregister("after-call.kendra", grab)
    reply = box["reply"]
    return reply.status_code, dict(reply.headers.items()), bytes(reply.content)


def floor_client(replies: dict[str, tuple[int, dict[str, str], bytes]]) -> Any:
    """A Kendra client whose send returns a canned copy of our reply, never touching moto.

    moto adds its stubber to botocore's BUILTIN_HANDLERS, so every client has it; this
    client drops it (botocore calls every before-send handler, so returning first would
    not be enough while ``mock_aws`` is active).
    """
    floor = client("kendra")
    floor.meta.events.unregister("before-send", botocore_stubber)

    def send(request: Any, event_name: str, **_: Any) -> AWSResponse:
        status, headers, body = replies[event_name.rsplit(".", 1)[-1]]
        return AWSResponse(request.url, status, headers, CannedRaw(body))  # type: ignore[arg-type]

    floor.meta.events.register("before-send.kendra", send)
    return floor


class DispatchCounter:
    """Counts KendraResponse._dispatch calls (proves the floor never reaches moto-kendra)."""

    def __init__(self) -> None:
        self.count = 0
        self._original = KendraResponse._dispatch

    def __enter__(self) -> DispatchCounter:
        original = self._original

        def counting(this: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return original(this, *args, **kwargs)

        KendraResponse._dispatch = counting  # type: ignore[method-assign,assignment]
        return self

    def __exit__(self, *_: Any) -> None:
        KendraResponse._dispatch = self._original  # type: ignore[method-assign]


# -- timing -----------------------------------------------------------------------------------
@dataclass
class Case:
    name: tuple[str, ...]
    call: Callable[[], Any]
    setup: Callable[[], Any] | None = None  # untimed, before every call
    samples: list[float] = field(default_factory=list)


CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.thread_time, "wall": time.perf_counter}


def timer_overhead(clock: Callable[[], float]) -> float:
    """Seconds one ``clock(); clock()`` pair adds to a measurement (subtracted from samples)."""
    pairs = []
    for _ in range(2000):
        t0 = clock()
        pairs.append(clock() - t0)
    return statistics.median(pairs)


def interleave(
    cases: list[Case], rounds: int, inner: int, clock: Callable[[], float]
) -> dict[tuple[str, ...], float]:
    """Median µs per call of each case; one sample per case per round, round-robin.

    The case order rotates every round so no case always follows the same neighbour.
    Round 0 is a warm-up and is dropped. ``clock`` is this thread's CPU time by default:
    in-process calls do no I/O, so it is their wall time minus other processes' turns.
    """
    overhead = timer_overhead(clock)
    for r in range(rounds + 1):
        shift = r % len(cases)
        for case in cases[shift:] + cases[:shift]:
            total = 0.0
            for _ in range(inner):
                if case.setup is not None:
                    case.setup()
                t0 = clock()
                case.call()
                total += clock() - t0 - overhead
            if r:
                case.samples.append(total / inner * 1e6)
    return {case.name: statistics.median(case.samples) for case in cases}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def ratio_cell(value: float, ok: bool) -> str:
    return f"{value:.2f} {verdict(ok)}"


# -- in-process: ours, floor, peer ---------------------------------------------------------------
class InProcess:
    """The five operations, their DynamoDB peers and floors, under one ``mock_aws``."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.kendra = client("kendra")
        self.ddb = client("dynamodb")
        k, d = self.kendra, self.ddb
        self.read_index = k.create_index(Name="bench-read", RoleArn=ROLE)["Id"]
        self.write_index = k.create_index(Name="bench-write", RoleArn=ROLE)["Id"]
        self.read_ids = ids("r", 10)
        self.put_ids = ids("p", 10)
        self.delete_ids = ids("d", 10)
        k.batch_put_document(IndexId=self.read_index, Documents=kendra_docs(self.read_ids))
        for table in ("bench-read", "bench-write"):
            d.create_table(
                TableName=table,
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
        d.batch_write_item(RequestItems={"bench-read": ddb_puts(self.read_ids)})
        self.put_docs = kendra_docs(self.put_ids)
        self.delete_docs = kendra_docs(self.delete_ids)
        self.status_info = [{"DocumentId": i} for i in self.read_ids]
        self.ddb_put_items = ddb_puts(self.put_ids)
        self.ddb_delete_puts = ddb_puts(self.delete_ids)
        self.ddb_deletes = ddb_deletes(self.delete_ids)
        self.ddb_keys = [{"pk": {"S": i}} for i in self.read_ids]

    # the calls, each with its kwargs fixed (the floor client makes the very same requests)
    def kendra_calls(self, k: Any) -> dict[str, Callable[[], Any]]:
        return {
            "ListIndices": lambda: k.list_indices(),
            "DescribeIndex": lambda: k.describe_index(Id=self.read_index),
            "BatchPutDocument": lambda: k.batch_put_document(
                IndexId=self.write_index, Documents=self.put_docs
            ),
            "BatchDeleteDocument": lambda: k.batch_delete_document(
                IndexId=self.write_index, DocumentIdList=self.delete_ids
            ),
            "BatchGetDocumentStatus": lambda: k.batch_get_document_status(
                IndexId=self.read_index, DocumentInfoList=self.status_info
            ),
        }

    def kendra_setups(self) -> dict[str, Callable[[], Any]]:
        k = self.kendra
        return {
            "BatchDeleteDocument": lambda: k.batch_put_document(
                IndexId=self.write_index, Documents=self.delete_docs
            )
        }

    def peer_calls(self) -> dict[str, Callable[[], Any]]:
        d = self.ddb
        return {
            "ListIndices": lambda: d.list_tables(),
            "DescribeIndex": lambda: d.describe_table(TableName="bench-read"),
            "BatchPutDocument": lambda: d.batch_write_item(
                RequestItems={"bench-write": self.ddb_put_items}
            ),
            "BatchDeleteDocument": lambda: d.batch_write_item(
                RequestItems={"bench-write": self.ddb_deletes}
            ),
            "BatchGetDocumentStatus": lambda: d.batch_get_item(
                RequestItems={"bench-read": {"Keys": self.ddb_keys}}
            ),
        }

    def peer_setups(self) -> dict[str, Callable[[], Any]]:
        d = self.ddb
        return {
            "BatchDeleteDocument": lambda: d.batch_write_item(
                RequestItems={"bench-write": self.ddb_delete_puts}
            )
        }

    def check(self) -> None:
        """Each measured call does its real work (no failures, deletes really delete)."""
        k, d = self.kendra, self.ddb
        ours, peer = self.kendra_calls(k), self.peer_calls()
        assert not ours["BatchPutDocument"]()["FailedDocuments"]
        self.kendra_setups()["BatchDeleteDocument"]()
        assert not ours["BatchDeleteDocument"]()["FailedDocuments"]
        gone = k.batch_get_document_status(
            IndexId=self.write_index, DocumentInfoList=[{"DocumentId": i} for i in self.delete_ids]
        )["DocumentStatusList"]
        assert {s["DocumentStatus"] for s in gone} == {"NOT_FOUND"}, gone
        statuses = ours["BatchGetDocumentStatus"]()["DocumentStatusList"]
        assert [s["DocumentStatus"] for s in statuses] == ["INDEXED"] * 10, statuses
        described = ours["DescribeIndex"]()
        count = described["IndexStatistics"]["TextDocumentStatistics"]["IndexedTextDocumentsCount"]
        assert count == 10, described["IndexStatistics"]
        assert len(ours["ListIndices"]()["IndexConfigurationSummaryItems"]) == 2
        assert not peer["BatchPutDocument"]()["UnprocessedItems"]
        self.peer_setups()["BatchDeleteDocument"]()
        assert not peer["BatchDeleteDocument"]()["UnprocessedItems"]
        assert len(peer["BatchGetDocumentStatus"]()["Responses"]["bench-read"]) == 10
        assert d.describe_table(TableName="bench-read")["Table"]["ItemCount"] == 10
        assert len(peer["ListIndices"]()["TableNames"]) == 2

    def floor(self) -> Any:
        """Capture our real replies once, then a client that replays them."""
        ours = self.kendra_calls(self.kendra)
        replies = {}
        for operation in OPERATIONS:
            if operation in self.kendra_setups():
                self.kendra_setups()[operation]()
            replies[operation] = capture_reply(self.kendra, ours[operation])
            assert replies[operation][0] == 200, replies[operation]
        floor = floor_client(replies)
        with DispatchCounter() as counter:
            for call in self.kendra_calls(floor).values():
                call()
        assert counter.count == 0, "the floor client reached moto-kendra"
        with DispatchCounter() as counter:
            ours["ListIndices"]()
        assert counter.count == 1, "the dispatch counter does not see our calls"
        return floor

    def measure(self, clock: Callable[[], float]) -> dict[tuple[str, ...], float]:
        self.check()
        floor = self.floor()
        cases = []
        ours, setups = self.kendra_calls(self.kendra), self.kendra_setups()
        floors = self.kendra_calls(floor)
        peers, peer_setups = self.peer_calls(), self.peer_setups()
        for operation in OPERATIONS:
            cases.append(Case(("floor", operation), floors[operation]))
            cases.append(Case(("ours", operation), ours[operation], setups.get(operation)))
            cases.append(Case(("peer", operation), peers[operation], peer_setups.get(operation)))
        gc.collect()
        return interleave(cases, self.settings.rounds, self.settings.inner, clock)

    def profile(self, calls: int) -> str:
        ours = self.kendra_calls(self.kendra)
        out = io.StringIO()
        for operation in ("BatchPutDocument", "BatchGetDocumentStatus"):
            call = ours[operation]
            call()
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(calls):
                call()
            profiler.disable()
            stats = pstats.Stats(profiler)
            out.write(f"\n### {operation} (in-process, {calls} calls under cProfile)\n\n")
            out.write(phase_table(stats, operation, calls))
            for title, restriction in (
                ("top 15 cumulative", ()),
                ("top 15 cumulative inside the mock (moto and moto_kendra only)", ("moto",)),
            ):
                stream = io.StringIO()
                listing = pstats.Stats(profiler, stream=stream)
                listing.sort_stats("cumulative").print_stats(*restriction, 15)
                out.write(f"\n{title}:\n\n```\n{_trim_pstats(stream.getvalue())}```\n")
        return out.getvalue()


# (label, file suffix or "", function name, depth); a file suffix of "" matches any file
PHASES: tuple[tuple[str, str, str, int], ...] = (
    ("moto: botocore_stubber (URL routing + dispatch)", "moto/core/botocore_stubber.py",
     "process_request", 0),
    ("ours: KendraResponse._dispatch", "moto_kendra/responses.py", "_dispatch", 1),
    ("moto: BaseResponse.setup_class", "moto/core/responses.py", "setup_class", 2),
    ("moto: IAM bookkeeping (get_current_account, mark_account_as_visited)",
     "moto/iam/models.py", "get_account_id_from|mark_account_as_visited", 3),
    ("moto: authenticate/authorize", "", "_authenticate_and_authorize_normal_action", 2),
    ("ours: parse_request (JSON + validation)", "moto_kendra/protocol/validate.py",
     "parse_request", 2),
    ("ours: backend method", "moto_kendra/resources/documents.py", "{method}", 2),
    ("ours: extract (decode + whitespace fold)", "moto_kendra/extraction/markup.py",
     "extract_markup", 3),
    ("moto: state manager (ManagedState.status)",
     "moto/moto_api/_internal/managed_state_model.py", "status", 3),
    ("ours: serialize_response", "moto_kendra/protocol/serialize.py", "serialize_response", 2),
)
BACKEND_METHODS = {
    "BatchPutDocument": "batch_put_document",
    "BatchGetDocumentStatus": "batch_get_document_status",
}


def phase_table(stats: pstats.Stats, operation: str, calls: int) -> str:
    """Where one call's time goes: cumulative µs per call of the landmark functions."""
    entries = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]

    def cumulative(suffix: str, names: str) -> float:
        wanted = set(names.format(method=BACKEND_METHODS[operation]).split("|"))
        return sum(
            ct for (path, _, name), (_, _, _, ct, _) in entries.items()
            if name in wanted and path.replace(os.sep, "/").endswith(suffix)
        )

    mock = cumulative("moto/core/botocore_stubber.py", "process_request")
    rows = [
        ("whole boto3 call", total, 0),
        ("client side: botocore serialize + sign + parse (call minus mock)", total - mock, 1),
    ]
    lines = ["| phase | µs per call (profiled) | share of the call |", "|---|---|---|"]
    for label, suffix, names, depth in PHASES:
        rows.append((label, cumulative(suffix, names), depth + 1))
    for label, seconds, depth in rows:
        indent = "&nbsp;&nbsp;" * depth + ("└ " if depth else "")
        lines.append(
            f"| {indent}{label} | {seconds / calls * 1e6:,.0f} | {seconds / total:.0%} |"
        )
    return "cProfile inflates deep call trees; read the shares, not the µs.\n\n" + "\n".join(
        lines
    ) + "\n"


def _trim_pstats(text: str) -> str:
    lines = text.strip("\n").splitlines()
    start = next((i for i, line in enumerate(lines) if "function calls" in line), 0)
    keep = [_short(line) for line in lines[start:]]
    return "\n".join(line for line in keep if line.strip() and "List reduced" not in line) + "\n"


# -- server mode -------------------------------------------------------------------------------
class Server:
    """A server subprocess (ours or moto's own), stopped by its own process handle."""

    def __init__(self, module: str):
        self.port = free_port()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        ))
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, "-H", "127.0.0.1", "-p", str(self.port)],
            cwd=str(ROOT), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.endpoint = f"http://127.0.0.1:{self.port}"
        if wait_until_listening(self.process, self.port, module):
            return
        self.stop()
        raise RuntimeError(f"{module} did not start")

    def cpu_seconds(self) -> float | None:
        """User + system CPU of the server process, all threads (Linux /proc, 10 ms ticks)."""
        try:
            with open(f"/proc/{self.process.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def run_threads(jobs: list[Callable[[], Any]]) -> float:
    """Run one job per thread, released together; seconds until the last one ends."""
    barrier = threading.Barrier(len(jobs) + 1)
    errors: list[BaseException] = []

    def worker(job: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            job()
        except BaseException as error:  # reported after the join
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    barrier.wait()
    t0 = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise errors[0]
    return elapsed


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


class ServerSide:
    """State and calls for one server: Kendra on ours, DynamoDB on moto's own."""

    THREADS = (1, 4)

    def __init__(self, kind: str, server: Server, settings: Settings):
        self.kind = kind
        self.server = server
        self.calls = settings.server_calls
        service = "kendra" if kind == "ours" else "dynamodb"
        self.clients = [client(service, server.endpoint) for _ in range(max(self.THREADS))]
        main = self.clients[0]
        self.read_ids = ids("r", 10)
        self.put_ids = ids("p", 10)
        self.delete_ids = ids("s", self.calls * 10)  # every delete call deletes 10 fresh ids
        if kind == "ours":
            self.read_index = main.create_index(Name="bench-read", RoleArn=ROLE)["Id"]
            self.write_index = main.create_index(Name="bench-write", RoleArn=ROLE)["Id"]
            main.batch_put_document(IndexId=self.read_index, Documents=kendra_docs(self.read_ids))
            self.put_docs = kendra_docs(self.put_ids)
            self.status_info = [{"DocumentId": i} for i in self.read_ids]
        else:
            for table in ("bench-read", "bench-write"):
                main.create_table(
                    TableName=table,
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                    BillingMode="PAY_PER_REQUEST",
                )
            main.batch_write_item(RequestItems={"bench-read": ddb_puts(self.read_ids)})
            self.put_items = ddb_puts(self.put_ids)
            self.keys = [{"pk": {"S": i}} for i in self.read_ids]
        self.delete_batches = _chunks(self.delete_ids, 10)

    def call(self, c: Any, operation: str, batch: int) -> Any:
        """One call of ``operation`` on client ``c``; ``batch`` picks the delete ids."""
        if self.kind == "ours":
            if operation == "ListIndices":
                return c.list_indices()
            if operation == "DescribeIndex":
                return c.describe_index(Id=self.read_index)
            if operation == "BatchPutDocument":
                return c.batch_put_document(IndexId=self.write_index, Documents=self.put_docs)
            if operation == "BatchDeleteDocument":
                return c.batch_delete_document(
                    IndexId=self.write_index, DocumentIdList=self.delete_batches[batch]
                )
            return c.batch_get_document_status(
                IndexId=self.read_index, DocumentInfoList=self.status_info
            )
        if operation == "ListIndices":
            return c.list_tables()
        if operation == "DescribeIndex":
            return c.describe_table(TableName="bench-read")
        if operation == "BatchPutDocument":
            return c.batch_write_item(RequestItems={"bench-write": self.put_items})
        if operation == "BatchDeleteDocument":
            return c.batch_write_item(
                RequestItems={"bench-write": ddb_deletes(self.delete_batches[batch])}
            )
        return c.batch_get_item(RequestItems={"bench-read": {"Keys": self.keys}})

    def refill(self) -> None:
        """Put back every id the delete calls delete (untimed), spread over the clients."""
        if self.kind == "ours":
            batches = [kendra_docs(b) for b in self.delete_batches]

            def put(c: Any, mine: list[Any]) -> None:
                for docs in mine:
                    failed = c.batch_put_document(IndexId=self.write_index, Documents=docs)
                    assert not failed["FailedDocuments"], failed
        else:
            batches = [ddb_puts(b) for b in _chunks(self.delete_ids, 25)]

            def put(c: Any, mine: list[Any]) -> None:
                for items in mine:
                    left = c.batch_write_item(RequestItems={"bench-write": items})
                    assert not left["UnprocessedItems"], left

        share = len(self.clients)
        run_threads([
            partial(put, c, batches[n::share]) for n, c in enumerate(self.clients)
        ])

    def throughput(self, operation: str, threads: int) -> tuple[float, float]:
        """Calls per second for ``self.calls`` calls split over ``threads`` clients,
        and the server process's CPU µs per call (NaN where /proc is not there)."""
        if operation == "BatchDeleteDocument":
            self.refill()
        per_thread = self.calls // threads

        def job(n: int) -> Callable[[], None]:
            c = self.clients[n]
            first = n * per_thread

            def run() -> None:
                for b in range(first, first + per_thread):
                    self.call(c, operation, b)

            return run

        cpu0 = self.server.cpu_seconds()
        elapsed = run_threads([job(n) for n in range(threads)])
        cpu1 = self.server.cpu_seconds()
        calls = per_thread * threads
        cpu = (cpu1 - cpu0) / calls * 1e6 if cpu0 is not None and cpu1 is not None else math.nan
        return calls / elapsed, cpu

    def check(self) -> None:
        c = self.clients[0]
        for operation in OPERATIONS:
            if operation == "BatchDeleteDocument":
                self.refill()
            reply = self.call(c, operation, 0)
            assert not reply.get("FailedDocuments") and not reply.get("UnprocessedItems"), reply
        if self.kind == "ours":
            gone = c.batch_get_document_status(
                IndexId=self.write_index,
                DocumentInfoList=[{"DocumentId": i} for i in self.delete_batches[0]],
            )["DocumentStatusList"]
            assert {s["DocumentStatus"] for s in gone} == {"NOT_FOUND"}, gone
            statuses = self.call(c, "BatchGetDocumentStatus", 0)["DocumentStatusList"]
            assert [s["DocumentStatus"] for s in statuses] == ["INDEXED"] * 10, statuses
        else:
            got = self.call(c, "BatchGetDocumentStatus", 0)["Responses"]["bench-read"]
            assert len(got) == 10, got


def measure_servers(settings: Settings, log: Callable[[str], None]) -> dict[tuple[str, ...], float]:
    """Median calls/s per (side, operation, threads) over interleaved rounds; the key
    with a fourth member "cpu" holds the median server CPU µs per call."""
    servers = {"ours": Server("moto_kendra.server"), "peer": Server("moto.server")}
    try:
        sides = {kind: ServerSide(kind, s, settings) for kind, s in servers.items()}
        for side in sides.values():
            side.check()
        keys = [
            (kind, operation, threads)
            for operation in OPERATIONS
            for threads in ServerSide.THREADS
            for kind in ("ours", "peer")
        ]
        samples: dict[tuple[Any, ...], list[tuple[float, float]]] = {key: [] for key in keys}
        for r in range(settings.server_rounds + 1):  # round 0 warms up
            shift = (r * 3) % len(keys)
            for kind, operation, threads in keys[shift:] + keys[:shift]:
                sample = sides[kind].throughput(operation, threads)
                if r:
                    samples[(kind, operation, threads)].append(sample)
            if r:
                log(f"  server round {r}/{settings.server_rounds} done")
        result: dict[tuple[str, ...], float] = {}
        for (kind, operation, threads), values in samples.items():
            result[(kind, operation, str(threads))] = statistics.median(v[0] for v in values)
            result[(kind, operation, str(threads), "cpu")] = statistics.median(
                v[1] for v in values
            )
        return result
    finally:
        for server in servers.values():
            server.stop()


# -- scaling and memory ----------------------------------------------------------------------------
def backend(region: str) -> Any:
    return kendra_backends[DEFAULT_ACCOUNT_ID][region]


def fill_backend(region: str, index_id: str, doc_ids: list[str]) -> None:
    """BatchPutDocument on the backend, 10 at a time, Blob as bytes (what the HTTP layer passes)."""
    put = backend(region).batch_put_document
    for batch in _chunks(doc_ids, 10):
        failed = put(index_id=index_id, documents=kendra_docs(batch))["FailedDocuments"]
        assert not failed, failed[:1]


def fill_boto3(kendra: Any, index_id: str, doc_ids: list[str]) -> None:
    for batch in _chunks(doc_ids, 10):
        failed = kendra.batch_put_document(IndexId=index_id, Documents=kendra_docs(batch))
        assert not failed["FailedDocuments"], failed


def rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


@dataclass
class ScaleResult:
    medians: dict[tuple[str, ...], float]
    fills: list[str]


def measure_scaling(
    settings: Settings, log: Callable[[str], None], clock: Callable[[], float]
) -> ScaleResult:
    kendra = client("kendra", region=SCALE_REGION)
    fills: list[str] = []
    indexes: dict[int, str] = {}
    boto3_rate = 0.0  # documents per second through boto3
    for size in settings.scale_sizes:
        index_id = kendra.create_index(Name=f"bench-{size}", RoleArn=ROLE)["Id"]
        indexes[size] = index_id
        doc_ids = ids("x", size)
        projected = size / boto3_rate if boto3_rate else 0.0
        rss0 = rss_bytes()
        t0 = time.perf_counter()
        if not boto3_rate or projected <= 20:
            fill_boto3(kendra, index_id, doc_ids)
            how = "boto3 BatchPutDocument x10"
        else:
            fill_backend(SCALE_REGION, index_id, doc_ids)
            how = "backend batch_put_document x10"
        elapsed = time.perf_counter() - t0
        rss = rss_bytes() - rss0
        if how.startswith("boto3"):
            boto3_rate = size / elapsed
            note = ""
        else:
            note = f"; through boto3 it would take about {projected:.0f} s"
        fills.append(
            f"| {size:,} | {how} | {elapsed:.1f} s ({size / elapsed:,.0f} docs/s{note}) "
            f"| {rss / size:,.0f} |"
        )
        log(f"  filled {size:,} documents in {elapsed:.1f} s via {how}")
    cases = []
    for size, index_id in indexes.items():
        step = size // 10
        delete_ids = [f"x{k:06d}" for k in range(0, size, step)][:10]
        status_info = [{"DocumentId": f"x{k:06d}"} for k in range(step // 2, size, step)][:10]
        delete_docs = kendra_docs(delete_ids)
        reply = kendra.batch_delete_document(IndexId=index_id, DocumentIdList=delete_ids)
        assert not reply["FailedDocuments"]
        statuses = kendra.batch_get_document_status(
            IndexId=index_id, DocumentInfoList=[{"DocumentId": i} for i in delete_ids]
        )["DocumentStatusList"]
        assert {s["DocumentStatus"] for s in statuses} == {"NOT_FOUND"}, statuses
        statuses = kendra.batch_get_document_status(
            IndexId=index_id, DocumentInfoList=status_info
        )["DocumentStatusList"]
        assert {s["DocumentStatus"] for s in statuses} == {"INDEXED"}, statuses

        def put_back(index_id: str = index_id, docs: list[Any] = delete_docs) -> None:
            kendra.batch_put_document(IndexId=index_id, Documents=docs)

        def delete(index_id: str = index_id, doc_ids: list[str] = delete_ids) -> None:
            kendra.batch_delete_document(IndexId=index_id, DocumentIdList=doc_ids)

        def get(index_id: str = index_id, info: list[Any] = status_info) -> None:
            kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=info)

        cases.append(Case(("BatchDeleteDocument", str(size)), delete, put_back))
        cases.append(Case(("BatchGetDocumentStatus", str(size)), get))
    gc.collect()
    medians = interleave(cases, settings.scale_rounds, settings.inner, clock)
    for index_id in indexes.values():  # free the memory before the memory section
        backend(SCALE_REGION).indices.pop(index_id, None)
    gc.collect()
    return ScaleResult(medians, fills)


@dataclass
class MemoryResult:
    per_document: dict[int, float]
    top_lines: list[str]


def measure_memory(settings: Settings, log: Callable[[str], None]) -> MemoryResult:
    """tracemalloc bytes per stored 1 KB document (after gc.collect), one fresh index per size,
    measured once a Query has posted the documents' terms.

    The Blob bytes exist before the baseline and are freed after; the ids and request
    dicts are made inside the traced region, so whatever the store keeps of a request
    (its id string, ...) is counted and nothing else of it is.
    """
    kendra = client("kendra", region=MEMORY_REGION)
    put = backend(MEMORY_REGION).batch_put_document
    result: dict[int, float] = {}
    top: list[str] = []
    for size in settings.memory_sizes:
        index_id = kendra.create_index(Name=f"memory-{size}", RoleArn=ROLE)["Id"]
        blobs = [text_1k(f"m{k:06d}").encode() for k in range(size)]
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for start in range(0, size, 10):
                documents = [
                    {"Id": f"m{k:06d}", "Blob": blobs[k], "ContentType": "PLAIN_TEXT"}
                    for k in range(start, min(start + 10, size))
                ]
                assert not put(index_id=index_id, documents=documents)["FailedDocuments"]
            del documents
            # a search posts the documents' terms (a put leaves that to the first read)
            backend(MEMORY_REGION).query(index_id=index_id, query_text="stored")
            gc.collect()
            after = tracemalloc.get_traced_memory()[0]
            snapshot = tracemalloc.take_snapshot()
        finally:
            tracemalloc.stop()
        index = backend(MEMORY_REGION).indices[index_id]
        assert len(index.documents) == size and index.live_documents == size
        result[size] = (after - before) / size
        log(f"  {size:,} documents: {result[size]:,.0f} bytes per document")
        top = [
            f"| {_where(stat.traceback[0].filename, stat.traceback[0].lineno)} "
            f"| {stat.size / size:,.0f} | {stat.count / size:.2f} |"
            for stat in snapshot.statistics("lineno")[:8]
            if stat.size / size >= 1
        ]
        del blobs, index, snapshot
        backend(MEMORY_REGION).indices.pop(index_id, None)
        gc.collect()
    return MemoryResult(result, top)


def _where(path: str, line: int) -> str:
    if Path(path).resolve() == Path(__file__).resolve():
        return "the request's Id string (made by the benchmark, kept by the store)"
    return f"{_short(path)}:{line}"


def _short(path: str) -> str:
    return path.replace(str(ROOT) + os.sep, "").replace(SITE, "")


# -- report ----------------------------------------------------------------------------------------
def main_table(
    inproc: dict[tuple[str, ...], float], server: dict[tuple[str, ...], float] | None
) -> tuple[list[str], list[bool]]:
    head = (
        "| operation | floor µs | ours in-process µs | ours/floor (≤ 2.5) | peer | peer µs "
        "| ours/peer (≤ 0.8) | server 1 thread calls/s | server 4 threads calls/s "
        "| peer server 1 thread calls/s | peer server 4 threads calls/s "
        "| server ours/peer 1 thread (≥ 1) | server ours/peer 4 threads (≥ 1) |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    oks = []
    for operation in OPERATIONS:
        floor, ours, peer = (inproc[(k, operation)] for k in ("floor", "ours", "peer"))
        f_ok, p_ok = ours / floor <= FLOOR_MAX, ours / peer <= PEER_MAX
        oks += [f_ok, p_ok]
        cells = [
            operation, f"{floor:,.0f}", f"{ours:,.0f}", ratio_cell(ours / floor, f_ok),
            PEERS[operation], f"{peer:,.0f}", ratio_cell(ours / peer, p_ok),
        ]
        if server is None:
            cells += ["–"] * 6
        else:
            s = {(k, t): server[(k, operation, t)] for k in ("ours", "peer") for t in ("1", "4")}
            s1, s4 = s[("ours", "1")] / s[("peer", "1")], s[("ours", "4")] / s[("peer", "4")]
            oks += [s1 >= SERVER_MIN, s4 >= SERVER_MIN]
            cells += [
                f"{s[('ours', '1')]:,.0f}", f"{s[('ours', '4')]:,.0f}",
                f"{s[('peer', '1')]:,.0f}", f"{s[('peer', '4')]:,.0f}",
                ratio_cell(s1, s1 >= SERVER_MIN), ratio_cell(s4, s4 >= SERVER_MIN),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines, oks


def server_cpu_table(server: dict[tuple[str, ...], float]) -> list[str]:
    """Server-process CPU per call: less noisy than calls/s on a busy machine (no target)."""
    lines = [
        "Server process CPU µs per call (/proc utime+stime over a sample, 10 ms ticks; "
        "informational, less sensitive to other load than calls/s):",
        "",
        "| operation | ours 1 thread | peer 1 thread | ours/peer | ours 4 threads "
        "| peer 4 threads | ours/peer |",
        "|---|---|---|---|---|---|---|",
    ]
    for operation in OPERATIONS:
        cells = [operation]
        for threads in ("1", "4"):
            ours = server[("ours", operation, threads, "cpu")]
            peer = server[("peer", operation, threads, "cpu")]
            cells += [f"{ours:,.0f}", f"{peer:,.0f}", f"{ours / peer:.2f}" if peer else "–"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def scaling_table(result: ScaleResult, sizes: tuple[int, ...]) -> tuple[list[str], list[bool]]:
    small, large = sizes[0], sizes[-1]
    label = f"{large // 1000}k/{small // 1000}k"
    head = ["operation"] + [f"{s // 1000}k docs µs" for s in sizes] + [f"{label} (≤ {SCALE_MAX})"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    oks = []
    for operation in ("BatchDeleteDocument", "BatchGetDocumentStatus"):
        values = [result.medians[(operation, str(s))] for s in sizes]
        ratio = values[-1] / values[0]
        oks.append(ratio <= SCALE_MAX)
        cells = [operation] + [f"{v:,.0f}" for v in values] + [ratio_cell(ratio, oks[-1])]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| documents | filled with | fill time | RSS growth per document (bytes; "
              "small fills reuse freed memory) |",
              "|---|---|---|---|", *result.fills]
    return lines, oks


def memory_table(result: MemoryResult) -> tuple[list[str], list[bool]]:
    memory = result.per_document
    lines = [
        f"| stored 1 KB documents | tracemalloc bytes per document (≤ {MEMORY_MAX}) "
        "| beyond the 1,024 text bytes |",
        "|---|---|---|",
    ]
    oks = []
    for size, per_doc in memory.items():
        oks.append(per_doc <= MEMORY_MAX)
        lines.append(
            f"| {size:,} | {per_doc:,.0f} {verdict(oks[-1])} | {per_doc - 1024:,.0f} |"
        )
    lines += [
        "",
        f"Where the bytes are at {max(memory):,} documents (tracemalloc, by line):",
        "",
        "| allocated at | bytes per document | allocations per document |",
        "|---|---|---|",
        *result.top_lines,
    ]
    return lines, oks


def load() -> str:
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few rounds, 1k/10k scaling only")
    parser.add_argument("--profile", action="store_true", help="cProfile two operations")
    parser.add_argument("--no-server", action="store_true", help="skip the server section")
    parser.add_argument(
        "--clock", choices=sorted(CLOCKS), default="cpu",
        help="in-process timer: this thread's CPU time (default; robust on a busy machine) "
        "or wall time",
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks" / "results.md", help="Markdown file"
    )
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    clock = CLOCKS[args.clock]
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    load_before = load()
    report = [
        "# moto-kendra benchmark",
        "",
        f"- {datetime.datetime.now().isoformat(timespec='seconds')}, "
        f"{'quick' if args.quick else 'full'} run; Python {platform.python_version()}, "
        f"moto {moto.__version__}, boto3 {boto3.__version__}, botocore {botocore.__version__}, "
        f"moto-kendra {moto_kendra.__version__}; {os.cpu_count()} CPUs; "
        f"load average (1/5/15 min) at start {load_before}",
        f"- in-process: median of {settings.rounds} interleaved rounds x {settings.inner} calls "
        f"per case, timed by {'thread CPU time' if args.clock == 'cpu' else 'wall time'}; "
        f"server: wall time, median of {settings.server_rounds} interleaved rounds of "
        f"{settings.server_calls} calls per case",
        "- floor: the same boto3 call with the send replaced by a canned copy of our reply "
        "(serialize + sign + parse); peer: moto's own DynamoDB operation of matching work",
        "",
    ]
    oks: list[bool] = []
    with mock_aws():
        log("in-process: ours, floor and DynamoDB peer")
        inproc_side = InProcess(settings)
        inproc = inproc_side.measure(clock)
        profile_text = inproc_side.profile(settings.profile_calls) if args.profile else ""
        server = None
        if not args.no_server:
            log("server: moto_kendra.server and moto.server, 1 and 4 client threads")
            server = measure_servers(settings, log)
        table, table_oks = main_table(inproc, server)
        oks += table_oks
        report += ["## Operations", "", *table, ""]
        log("operations:\n" + "\n".join(table))  # a long run shows them before it ends
        if server is not None:
            report += [*server_cpu_table(server), ""]
        log(f"scaling: {', '.join(f'{s:,}' for s in settings.scale_sizes)} documents")
        scale = measure_scaling(settings, log, clock)
        table, table_oks = scaling_table(scale, settings.scale_sizes)
        oks += table_oks
        report += ["## Scaling with the index size (in-process)", "", *table, ""]
        log(f"memory: {', '.join(f'{s:,}' for s in settings.memory_sizes)} documents")
        memory = measure_memory(settings, log)
        table, table_oks = memory_table(memory)
        oks += table_oks
        report += ["## Memory per stored document", "", *table, ""]
    finish(report, oks, started, ["## Profile", profile_text] if profile_text else [],
           args.output)
    return 0


def finish(report: list[str], oks: list[bool], started: float, tail: list[str],
           output: Path) -> None:
    """Close a report (the PASS count, then ``tail``), print it and write it to ``output``."""
    report += [
        f"**{sum(oks)} of {len(oks)} targets PASS**; load average at end {load()}; "
        f"run took {time.perf_counter() - started:.0f} s.",
        "",
        *tail,
    ]
    text = "\n".join(report)
    print(text)
    output.write_text(text, encoding="utf-8")
    print(f"[{time.perf_counter() - started:6.1f} s] written to {output}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
