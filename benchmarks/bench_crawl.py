#!/usr/bin/env python
"""moto-kendra S3 crawl benchmark: a sync job crawling 10,000 small text objects of moto's
S3, against reading the same objects through moto's S3 backend and putting them with
BatchPutDocument, side by side in one run.

Not a pytest test. Run from a checkout::

    python benchmarks/bench_crawl.py            # 10,000 objects, 3 rounds
    python benchmarks/bench_crawl.py --quick    # 1,000 objects, 2 rounds

Cases, each on a fresh index (created and deleted untimed around every sample), medians
over interleaved rounds (bench.py's method):

- ``crawl``: StartDataSourceSyncJob, then the ListDataSourceSyncJobs call that runs the
  crawl (every object listed, read, extracted and indexed), checked SUCCEEDED with every
  object added;
- ``read + put``: ``get_object`` of moto's S3 backend for every object, then
  BatchPutDocument of the texts as PLAIN_TEXT, 10 documents per call (the API's limit).

Reports documents per second of the crawl. Target: crawl / baseline <= 2. The target
prints PASS or FAIL; the exit status is 0 whatever it says.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402  (sets the environment, sys.path and imports moto_kendra)
from bench import CLOCKS, ROLE, Case, client, interleave, verdict  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.s3.models import s3_backends  # noqa: E402

TARGET = 2.0
BUCKET = "bench-crawl"
BATCH = 10


def object_text(seed: int) -> bytes:
    """About 200 bytes of English-like words, different for every object."""
    chance = random.Random(seed)
    return " ".join(chance.choice(bench._WORDS) for _ in range(30)).encode()


class Bench:
    """The bucket, and a fresh index (with an S3 data source) for every sample."""

    def __init__(self, objects: int):
        self.kendra = client("kendra")
        self.keys = [f"docs/{n:05}.txt" for n in range(objects)]
        s3 = client("s3")
        s3.create_bucket(Bucket=BUCKET)
        backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
        for n, key in enumerate(self.keys):
            backend.put_object(BUCKET, key, object_text(n))
        self.index = self.source = ""

    def fresh(self) -> None:
        if self.index:
            self.kendra.delete_index(Id=self.index)
        self.index = self.kendra.create_index(Name="bench-crawl", RoleArn=ROLE)["Id"]
        self.kendra.describe_index(Id=self.index)  # CREATING -> ACTIVE
        self.source = self.kendra.create_data_source(
            Name="s3", IndexId=self.index, Type="S3", RoleArn=ROLE,
            Configuration={"S3Configuration": {"BucketName": BUCKET}},
        )["Id"]
        self.kendra.describe_data_source(Id=self.source, IndexId=self.index)

    def crawl(self) -> None:
        self.kendra.start_data_source_sync_job(Id=self.source, IndexId=self.index)
        [job] = self.kendra.list_data_source_sync_jobs(
            Id=self.source, IndexId=self.index)["History"]
        assert job["Status"] == "SUCCEEDED", job
        assert job["Metrics"]["DocumentsAdded"] == str(len(self.keys)), job["Metrics"]

    def read_and_put(self) -> None:
        backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
        documents = [
            {"Id": f"s3://{BUCKET}/{key}", "Blob": bytes(backend.get_object(BUCKET, key).value),
             "ContentType": "PLAIN_TEXT"}
            for key in self.keys
        ]
        for start in range(0, len(documents), BATCH):
            failed = self.kendra.batch_put_document(
                IndexId=self.index, Documents=documents[start:start + BATCH])["FailedDocuments"]
            assert not failed, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 objects, 2 rounds")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu")
    args = parser.parse_args(argv)
    objects, rounds = (1000, 2) if args.quick else (10_000, 3)
    with mock_aws():
        run = Bench(objects)
        cases = [
            Case(("crawl",), run.crawl, setup=run.fresh),
            Case(("baseline",), run.read_and_put, setup=run.fresh),
        ]
        medians = interleave(cases, rounds, 1, CLOCKS[args.clock])
    ours, base = medians[("crawl",)], medians[("baseline",)]
    ratio = ours / base
    print(f"{objects} text objects of about 200 bytes; medians of {rounds} rounds "
          f"({args.clock} time)")
    print("| case | crawl (s) | read + BatchPutDocument (s) | crawl / baseline | "
          "crawl documents/s | target |")
    print("|---|---|---|---|---|---|")
    print(f"| S3 crawl of {objects} objects | {ours / 1e6:.2f} | {base / 1e6:.2f} | "
          f"{ratio:.2f} | {objects / (ours / 1e6):,.0f} | <= {TARGET} {verdict(ratio <= TARGET)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
