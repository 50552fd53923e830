"""Memory of an index's query history: RSS after many Query calls.

A script, not a test; it always exits 0.  One index holding a few documents gets
``--queries`` (default 150,000) Query calls through the backend, each with a
distinct QueryText that finds a document (so every call is logged for query
suggestions and issues a QueryId).  It reports, at checkpoints, the process RSS
and the lengths of the query log and of the known QueryIds.  Both are bounded at
100,000 entries (``moto_kendra.query.log``), so RSS should stop growing once the
checkpoints pass 100,000 queries.

    python benchmarks/bench_query_log.py [--queries N]
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402,F401  (sets the environment, sys.path and imports moto_kendra)
import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402

from moto_kendra.models import kendra_backends  # noqa: E402

REGION = "ap-northeast-3"


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux ``/proc``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=150_000)
    args = parser.parse_args()
    with mock_aws():
        kendra = boto3.client("kendra", region_name=REGION)
        index_id = kendra.create_index(Name="log", RoleArn=bench.ROLE)["Id"]
        backend = kendra_backends[DEFAULT_ACCOUNT_ID][REGION]
        documents = [{"Id": f"d{n}", "Blob": f"lantern harbour beacon {n}".encode(),
                      "ContentType": "PLAIN_TEXT"} for n in range(10)]
        backend.batch_put_document(index_id=index_id, documents=documents)
        index = backend.indices[index_id]
        checkpoints = sorted({args.queries // 4, args.queries // 2, 100_000, args.queries})
        print("| queries | RSS MB | query log entries | known QueryIds |")
        print("|---|---|---|---|")
        gc.collect()
        print(f"| 0 | {rss_mb():.0f} | 0 | 0 |")
        for number in range(1, args.queries + 1):
            backend.query(index_id=index_id, query_text=f"lantern {number}")
            if number in checkpoints:
                gc.collect()
                print(f"| {number:,} | {rss_mb():.0f} | {len(index.query_log):,} | "
                      f"{len(index.query_ids):,} |", flush=True)


if __name__ == "__main__":
    main()
