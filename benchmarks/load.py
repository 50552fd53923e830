#!/usr/bin/env python
"""Load and memory run against a ``moto-kendra-server`` subprocess on 127.0.0.1.  Not a pytest
test; always exits 0 unless ``--strict``.

    python benchmarks/load.py                   # 8 threads for 60 s, then the consistency check
    python benchmarks/load.py --seconds 10      # a shorter run
    python benchmarks/load.py --queries 100000  # memory: server RSS after that many Query calls

Load mode: 8 client threads share one index.  Each owns a disjoint range of document ids and
puts, deletes and queries them at random; one thread also updates the index now and then, and
every thread now and then disconnects mid-request (a BatchPutDocument cut off in its body, which
must change nothing, or a Query closed before its answer).  One BatchPutDocument carries a 30 MB
body, and 200 idle connections stay open the whole run.  Each thread tracks the expected set of
its documents (a document is expected present after a 200 put that did not list it as failed,
absent after a 200 delete); at the end BatchGetDocumentStatus and Query must agree: nothing
lost, duplicated or resurrected.  Prints requests/s, p50/p99 latency and the server's RSS
before and after (VmRSS of /proc/<pid>/status).

Query mode (``--queries N``): N Query calls from 8 threads on an index of 100 documents, then
the server's RSS."""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
for _name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KENDRA", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
    os.environ.pop(_name, None)

import requests  # noqa: E402
from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from serverproc import Server  # noqa: E402

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/kendra"
THREADS = 8
IDS_PER_THREAD = 250
CREDENTIALS = Credentials("testing", "testing")


class Client:
    """Raw signed Kendra calls on one keep-alive session; every latency is recorded."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.session = requests.Session()
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def signed(self, operation: str, body: bytes) -> dict[str, str]:
        request = AWSRequest(method="POST", url=self.endpoint + "/", data=body, headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"AWSKendraFrontendService.{operation}"})
        SigV4Auth(CREDENTIALS, "kendra", REGION).add_auth(request)
        return dict(request.headers)

    def call(self, operation: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        body = json.dumps(params).encode()
        headers = self.signed(operation, body)
        start = time.perf_counter()
        response = self.session.post(self.endpoint + "/", data=body, headers=headers, timeout=120)
        self.latencies.append(time.perf_counter() - start)
        data = json.loads(response.content) if response.content else {}
        if response.status_code >= 500:
            self.errors.append(f"{operation} HTTP {response.status_code}: {str(data)[:200]}")
        return response.status_code, data

    def disconnect(self, operation: str, params: dict[str, Any], cut: bool) -> None:
        """Send the request on a fresh socket and close it: mid-body (``cut``) or before the
        answer."""
        body = json.dumps(params).encode()
        headers = self.signed(operation, body)
        host, port = self.endpoint.rsplit("//", 1)[1].split(":")
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        raw = (f"POST / HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Length: {len(body)}\r\n"
               f"{head}\r\n").encode() + (body[: len(body) // 2] if cut else body)
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(raw)


def document(doc_id: str, text: str) -> dict[str, Any]:
    return {"Id": doc_id, "Blob": base64.b64encode(text.encode()).decode(),
            "ContentType": "PLAIN_TEXT"}


def word(doc_id: str) -> str:
    """A word only this document contains."""
    return "uid" + doc_id.replace("-", "x")


@dataclass
class Worker:
    number: int
    client: Client
    index_id: str
    deadline: float
    rng: random.Random
    present: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return [f"t{self.number}-{n}" for n in range(IDS_PER_THREAD)]

    def run(self) -> None:
        actions = [self.put, self.put, self.delete, self.query, self.query, self.cut]
        if self.number == 0:
            actions.append(self.update_index)
        while time.time() < self.deadline:
            action = self.rng.choice(actions)
            self.counts[action.__name__] = self.counts.get(action.__name__, 0) + 1
            try:
                action()
            except (requests.RequestException, OSError, ValueError) as error:
                self.client.errors.append(f"{action.__name__}: {type(error).__name__}: {error}")

    def put(self) -> None:
        chosen = self.rng.sample(self.ids, self.rng.randint(1, 10))
        docs = [document(d, f"loadword {word(d)} text {self.rng.random()}") for d in chosen]
        status, data = self.client.call("BatchPutDocument",
                                        {"IndexId": self.index_id, "Documents": docs})
        if status == 200:
            failed = {f["Id"] for f in data.get("FailedDocuments", [])}
            self.present |= set(chosen) - failed

    def delete(self) -> None:
        chosen = self.rng.sample(self.ids, self.rng.randint(1, 10))
        status, _ = self.client.call("BatchDeleteDocument",
                                     {"IndexId": self.index_id, "DocumentIdList": chosen})
        if status == 200:
            self.present -= set(chosen)

    def query(self) -> None:
        text = self.rng.choice(("loadword", word(self.rng.choice(self.ids)), "text"))
        self.client.call("Query", {"IndexId": self.index_id, "QueryText": text})

    def cut(self) -> None:
        """A put cut off mid-body (must change nothing), or a query left unanswered."""
        if self.rng.random() < 0.5:
            docs = [document(d, "never stored") for d in self.rng.sample(self.ids, 5)]
            self.client.disconnect("BatchPutDocument",
                                   {"IndexId": self.index_id, "Documents": docs}, cut=True)
        else:
            self.client.disconnect("Query", {"IndexId": self.index_id, "QueryText": "loadword"},
                                   cut=False)

    def update_index(self) -> None:
        self.client.call("UpdateIndex", {"Id": self.index_id,
                                         "Description": f"load {self.rng.random()}"})
        time.sleep(0.05)


def big_put(client: Client, index_id: str, present: set[str]) -> str:
    """One BatchPutDocument whose body is about 30 MB."""
    text = ("big " * (22 * 1024 * 1024 // 4))
    start = time.perf_counter()
    status, data = client.call("BatchPutDocument", {"IndexId": index_id, "Documents": [
        document("big-doc", text)]})
    if status == 200 and not data.get("FailedDocuments"):
        present.add("big-doc")
    return f"30 MB BatchPutDocument: HTTP {status} in {time.perf_counter() - start:.1f} s " \
           f"{str(data)[:160]}"


def verify(client: Client, index_id: str, universe: list[str], present: set[str]) -> list[str]:
    """Nothing lost, duplicated or resurrected: BatchGetDocumentStatus for every id, and Query
    for a sample of ids by their own word plus one query for the word all documents share."""
    problems = []
    statuses: dict[str, str] = {}
    for start in range(0, len(universe), 10):
        chunk = universe[start:start + 10]
        for _ in range(3):  # a status advances once per call (PROCESSING -> INDEXED, ...)
            _, data = client.call("BatchGetDocumentStatus", {
                "IndexId": index_id, "DocumentInfoList": [{"DocumentId": d} for d in chunk]})
        for entry in data.get("DocumentStatusList", []):
            statuses[entry["DocumentId"]] = entry["DocumentStatus"]
    for doc_id in universe:
        status = statuses.get(doc_id, "MISSING FROM ANSWER")
        if doc_id in present and status in ("NOT_FOUND", "FAILED", "MISSING FROM ANSWER"):
            problems.append(f"lost: {doc_id} ({status})")
        if doc_id not in present and status != "NOT_FOUND":
            problems.append(f"resurrected: {doc_id} ({status})")
    rng = random.Random(1)
    for doc_id in rng.sample(universe, min(300, len(universe))):
        _, data = client.call("Query", {"IndexId": index_id, "QueryText": word(doc_id)})
        hits = [item["DocumentId"] for item in data.get("ResultItems", [])
                if item.get("Type") == "DOCUMENT"]
        expected = 1 if doc_id in present else 0
        if hits.count(doc_id) != expected:
            problems.append(f"Query {word(doc_id)}: {hits.count(doc_id)} hits, expected {expected}")
    _, data = client.call("Query", {"IndexId": index_id, "QueryText": "loadword", "PageSize": 100})
    hits = [item["DocumentId"] for item in data.get("ResultItems", [])]
    if len(hits) != len(set(hits)):
        problems.append(f"duplicated in Query: {sorted(h for h in hits if hits.count(h) > 1)}")
    problems += [f"resurrected in Query: {h}" for h in hits if h not in present]
    return problems


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def setup(server: Server) -> tuple[Client, str]:
    client = Client(server.endpoint)
    status, data = client.call("CreateIndex", {"Name": "load", "RoleArn": ROLE})
    assert status == 200, data
    return client, data["Id"]


def load_mode(server: Server, seconds: float) -> list[str]:
    client, index_id = setup(server)
    rss_before = server.rss_mb()
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(200)]
    deadline = time.time() + seconds
    workers = [Worker(n, Client(server.endpoint), index_id, deadline, random.Random(n))
               for n in range(THREADS)]
    threads = [threading.Thread(target=w.run) for w in workers]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    present: set[str] = set()
    big = big_put(client, index_id, present)
    for thread in threads:
        thread.join(seconds + 300)
    elapsed = time.perf_counter() - start
    for sock in idle:
        sock.close()
    rss_after = server.rss_mb()
    latencies = [x for w in workers for x in w.client.latencies]
    universe = [d for w in workers for d in w.ids] + ["big-doc"]
    for worker in workers:
        present |= worker.present
    problems = verify(client, index_id, universe, present)
    errors = [e for w in workers for e in w.client.errors] + client.errors
    actions: dict[str, int] = {}
    for worker in workers:
        for name, count in worker.counts.items():
            actions[name] = actions.get(name, 0) + count
    print(f"load: {THREADS} threads, {elapsed:.0f} s, {len(latencies)} answered requests "
          f"({len(latencies) / elapsed:.0f}/s), actions {actions}")
    print(f"latency p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
          f"max {max(latencies, default=0) * 1000:.0f} ms")
    print(big)
    print(f"server RSS before {rss_before:.0f} MB, after {rss_after:.0f} MB "
          f"({len(present)} documents expected present)")
    print(f"client errors / 5xx: {len(errors)}" + "".join(f"\n  {e}" for e in errors[:20]))
    print(f"consistency: {len(problems)} problems" + "".join(f"\n  {p}" for p in problems[:30]))
    return errors + problems


def query_mode(server: Server, queries: int) -> list[str]:
    client, index_id = setup(server)
    docs = [document(f"q-{n}", f"memory word{n % 7} text {n}") for n in range(100)]
    for start in range(0, 100, 10):
        client.call("BatchPutDocument", {"IndexId": index_id, "Documents": docs[start:start + 10]})
    rss_before = server.rss_mb()
    counter = iter(range(queries))
    lock = threading.Lock()
    clients = [Client(server.endpoint) for _ in range(THREADS)]

    def run(own: Client) -> None:
        rng = random.Random(id(own))
        while True:
            with lock:
                number = next(counter, None)
                if number is None:
                    return
                if number and number % 10_000 == 0:
                    print(f"   {number} queries: server RSS {server.rss_mb():.0f} MB",
                          file=sys.stderr)
            own.call("Query", {"IndexId": index_id,
                               "QueryText": f"word{rng.randrange(7)} text {rng.randrange(10**6)}"})

    start = time.perf_counter()
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies = [x for c in clients for x in c.latencies]
    errors = [e for c in clients for e in c.errors]
    rate = len(latencies) / elapsed
    print(f"queries: {len(latencies)} Query calls in {elapsed:.0f} s ({rate:.0f}/s), "
          f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms")
    print(f"server RSS before {rss_before:.0f} MB, after {server.rss_mb():.0f} MB; "
          f"5xx {len(errors)}")
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the load run")
    parser.add_argument("--queries", type=int, default=0,
                        help="memory mode: this many Query calls instead of the load run")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any problem")
    args = parser.parse_args()
    with Server() as server:
        if args.queries:
            problems = query_mode(server, args.queries)
        else:
            problems = load_mode(server, args.seconds)
    if args.strict and problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
