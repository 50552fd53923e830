"""Loading a saved state vs putting the same documents with BatchPutDocument.

A script, not a test; it always exits 0.  In one run, in-process under ``mock_aws``:

1. ``put``: ``--docs`` documents (default 100,000; about 300 bytes of text and two
   attributes each) put through a boto3 client with BatchPutDocument, 10 per call;
2. the state is exported and written to a file (not timed);
3. ``load``: after moto's reset, ``moto_kendra.state.load_file`` reads, parses and loads
   the file (timed: file read, JSON parse, rebuild of the search index).

It prints both wall times and their ratio (target: put / load >= 5), and checks that a
Query answers the same after the load.

    python benchmarks/bench_state.py [--docs N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402,F401  (sets the environment, sys.path and imports moto_kendra)
import boto3  # noqa: E402
import requests  # noqa: E402
from moto import mock_aws  # noqa: E402

from moto_kendra import state  # noqa: E402

WORDS = ("lantern harbour beacon meadow river granite orchard willow summit canyon "
         "glacier prairie thunder ember falcon quartz").split()
TARGET = 5.0


def document(n: int) -> dict[str, object]:
    text = " ".join(WORDS[(n * 7 + i) % len(WORDS)] for i in range(40)) + f" item{n}"
    return {
        "Id": f"doc-{n}", "Title": f"Document {n}", "ContentType": "PLAIN_TEXT",
        "Blob": text.encode(),
        "Attributes": [{"Key": "_category", "Value": {"StringValue": f"c{n % 20}"}},
                       {"Key": "_version", "Value": {"StringValue": "1"}}],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    args = parser.parse_args()
    with mock_aws():
        kendra = boto3.client("kendra", region_name="us-east-1")
        index_id = kendra.create_index(Name="bench", RoleArn=bench.ROLE)["Id"]
        start = time.perf_counter()
        for first in range(0, args.docs, 10):
            batch = [document(n) for n in range(first, min(first + 10, args.docs))]
            kendra.batch_put_document(IndexId=index_id, Documents=batch)
        put_seconds = time.perf_counter() - start
        print(f"put:  {args.docs} documents in {put_seconds:.1f} s", file=sys.stderr)
        query = {"IndexId": index_id, "QueryText": "granite orchard item7"}
        before = [item["DocumentId"] for item in kendra.query(**query)["ResultItems"]]
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "state.json")
        state.save_file(path)
        size = os.path.getsize(path)
        requests.post("http://motoapi.amazonaws.com/moto-api/reset", timeout=60)
        start = time.perf_counter()
        state.load_file(path)
        load_seconds = time.perf_counter() - start
        after = [item["DocumentId"] for item in kendra.query(**query)["ResultItems"]]
        os.unlink(path)
        os.rmdir(folder)
    ratio = put_seconds / load_seconds
    verdict = "PASS" if ratio >= TARGET and after == before else "FAIL"
    print("| documents | BatchPutDocument | state file | load | put / load | target |")
    print("|---|---|---|---|---|---|")
    print(f"| {args.docs:,} | {put_seconds:.1f} s | {size / 2**20:.0f} MB | "
          f"{load_seconds:.1f} s | {ratio:.1f} | >= {TARGET:.0f} {verdict} |")
    if after != before:
        print("Query answered differently after the load.")


if __name__ == "__main__":
    main()
