#!/usr/bin/env python
"""moto-kendra ingestion benchmark: BatchPutDocument of real PDFs and .docx files against
their libraries' own extraction plus a plain-text put, side by side in one run.

Not a pytest test. Run from a checkout (needs fpdf2, from the ``test`` extra, to write
the PDFs)::

    python benchmarks/bench_ingest.py            # full run (< 1 minute)
    python benchmarks/bench_ingest.py --quick    # smoke run
    python benchmarks/bench_ingest.py --profile  # also cProfile the PDF put

Cases, each one call per sample, medians over interleaved rounds (bench.py's method):

- ``ours PDF``: one BatchPutDocument of 10 one-page PDFs (about 2 KB of text each);
- ``pypdf + text put``: ``pypdf.PdfReader(...).pages[i].extract_text()`` over the same 10
  files, then one BatchPutDocument of the extracted texts as PLAIN_TEXT;
- ``ours DOCX``: one BatchPutDocument of 10 .docx files of the same text;
- ``zipfile + XML + text put``: ``zipfile`` reads ``word/document.xml`` of each,
  ``xml.etree.ElementTree`` parses it and joins the text of its ``t`` elements, then one
  plain-text BatchPutDocument.

- ``ours CDE``: one BatchPutDocument of 10 plain-text documents (the same texts, a title
  and eight attributes each) with a CustomDocumentEnrichmentConfiguration of 10 inline
  rules (conditions with nine operators; targets set values of keys the documents
  carry, so both sides store as much); ``baseline``: the same call without it.

Target: ours / baseline <= 1.5 for PDF and DOCX, <= 1.2 for inline enrichment. Every
target prints PASS or FAIL; the exit status is 0 whatever the targets say.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import bench  # noqa: E402  (sets the environment, sys.path and imports moto_kendra)
from bench import CLOCKS, ROLE, Case, _trim_pstats, client, interleave, verdict  # noqa: E402
from file_makers import docx, pdf  # noqa: E402
from moto import mock_aws  # noqa: E402
from pypdf import PdfReader  # noqa: E402

TARGET = 1.5
CDE_TARGET = 1.2
FILES = 10


def enrichment_rules() -> dict[str, Any]:
    """10 inline rules over built-in fields, mixing operators, targets and deletions."""
    def rule(key: str, operator: str, value: Any, target: str, **set_to: Any) -> dict:
        condition = {"ConditionDocumentAttributeKey": key, "Operator": operator}
        if value is not None:
            condition["ConditionOnValue"] = value
        found = {"TargetDocumentAttributeKey": target}
        if set_to:
            found["TargetDocumentAttributeValue"] = set_to
        else:
            found["TargetDocumentAttributeValueDeletion"] = True
        return {"Condition": condition, "Target": found}

    return {"InlineConfigurations": [
        rule("_category", "Equals", {"StringValue": "news"}, "_category", StringValue="press"),
        rule("_authors", "Contains", {"StringValue": "ann"}, "_version", StringValue="2"),
        rule("_source_uri", "BeginsWith", {"StringValue": "https://"}, "_file_type",
             StringValue="web"),
        rule("_version", "Exists", None, "_document_title", StringValue="Versioned"),
        rule("_category", "NotEquals", {"StringValue": "x"}, "_authors",
             StringListValue=["ann", "bob"]),
        rule("_file_type", "GreaterThan", {"StringValue": "a"}, "_language_code",
             StringValue="en"),
        rule("_authors", "NotContains", {"StringValue": "zed"}, "_tenant_id",
             StringValue="t1"),
        rule("_document_title", "LessThan", {"StringValue": "Z"}, "_category",
             StringValue="doc"),
        rule("_view_count", "GreaterThanOrEquals", {"LongValue": 0}, "_view_count",
             LongValue=1),
        rule("_tenant_id", "Equals", {"StringValue": "none"}, "_tenant_id"),
    ]}


def attributed(texts: list[str]) -> list[dict[str, Any]]:
    """Documents carrying every key the rules set, so that enriched and plain documents
    store as many attributes (the benchmark measures the rules, not extra attributes)."""
    def string(key: str, value: str) -> dict[str, Any]:
        return {"Key": key, "Value": {"StringValue": value}}

    return [{"Id": f"cde-{n}", "Blob": text.encode(), "ContentType": "PLAIN_TEXT",
             "Title": "Report", "Attributes": [
                 string("_category", "news"),
                 {"Key": "_authors", "Value": {"StringListValue": ["ann"]}},
                 string("_source_uri", f"https://x.test/{n}"), string("_version", "1"),
                 string("_file_type", "txt"), string("_tenant_id", "t0"),
                 string("_language_code", "en"),
                 {"Key": "_view_count", "Value": {"LongValue": 0}},
             ]} for n, text in enumerate(texts)]


def page_text(seed: int) -> str:
    """About 2 KB of English-like words, different for every file."""
    chance = random.Random(seed)
    words = bench._WORDS
    return " ".join(chance.choice(words) for _ in range(300))


def pypdf_text(blob: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(blob)).pages)


def docx_text(blob: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    return " ".join(node.text or "" for node in root.iter() if node.tag.endswith("}t"))


def documents(blobs: list[bytes], content_type: str) -> list[dict[str, Any]]:
    return [{"Id": f"{content_type}-{n}", "Blob": blob, "ContentType": content_type}
            for n, blob in enumerate(blobs)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few rounds")
    parser.add_argument("--profile", action="store_true", help="cProfile the PDF put")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu")
    args = parser.parse_args(argv)
    rounds, inner = (5, 2) if args.quick else (15, 4)
    texts = [page_text(n) for n in range(FILES)]
    pdfs = [pdf(text) for text in texts]
    docxs = [docx(*[" ".join(text.split()[i:i + 30]) for i in range(0, 300, 30)])
             for text in texts]
    with mock_aws():
        kendra = client("kendra")
        index = kendra.create_index(Name="bench-ingest", RoleArn=ROLE)["Id"]
        ours_pdf, ours_docx = documents(pdfs, "PDF"), documents(docxs, "MS_WORD")
        plain = attributed(texts)

        def put(batch: list[dict[str, Any]], **enrichment: Any) -> None:
            failed = kendra.batch_put_document(
                IndexId=index, Documents=batch, **enrichment)["FailedDocuments"]
            assert not failed, failed

        def baseline(blobs: list[bytes], read: Any, prefix: str) -> None:
            put([{"Id": f"{prefix}-{n}", "Blob": read(blob).encode(), "ContentType": "PLAIN_TEXT"}
                 for n, blob in enumerate(blobs)])

        cases = [
            Case(("pdf", "ours"), lambda: put(ours_pdf)),
            Case(("pdf", "baseline"), lambda: baseline(pdfs, pypdf_text, "pdf-text")),
            Case(("docx", "ours"), lambda: put(ours_docx)),
            Case(("docx", "baseline"), lambda: baseline(docxs, docx_text, "docx-text")),
            Case(("cde", "ours"), lambda: put(
                plain, CustomDocumentEnrichmentConfiguration=enrichment_rules())),
            Case(("cde", "baseline"), lambda: put(plain)),
        ]
        medians = interleave(cases, rounds, inner, CLOCKS[args.clock])
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(lambda: [put(ours_pdf) for _ in range(5)])
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
            print(_trim_pstats(out.getvalue()))
    print(f"10 files per call; medians of {rounds} rounds x {inner} calls ({args.clock} time)")
    print("| files | ours (ms) | baseline (ms) | ours / baseline | target |")
    print("|---|---|---|---|---|")
    for kind, label, target in (
        ("pdf", "10 one-page PDFs vs pypdf extract_text + text put", TARGET),
        ("docx", "10 .docx vs zipfile + ElementTree + text put", TARGET),
        ("cde", "10 text documents with 10 inline enrichment rules vs none", CDE_TARGET),
    ):
        ours, base = medians[(kind, "ours")], medians[(kind, "baseline")]
        ratio = ours / base
        print(f"| {label} | {ours / 1000:.2f} | {base / 1000:.2f} | {ratio:.2f} | "
              f"<= {target} {verdict(ratio <= target)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
