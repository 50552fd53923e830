#!/usr/bin/env python
"""moto-kendra engine benchmark for query syntax and spelling: the search engine's own cost
(no boto3, no request handling) of each kind of syntax query and of spell correction on
indexes of 1k/10k/100k documents, and the memory the vocabulary adds.

Not a pytest test.  Run from anywhere::

    python benchmarks/bench_syntax.py            # 1k/10k/100k documents
    python benchmarks/bench_syntax.py --quick    # 1k/10k documents

It reuses ``bench_search.py``'s corpus and fill (the same documents, put through the
backend), then times ``SearchIndex.search`` on parsed trees, the plain-word
``SearchIndex.score`` as the reference, and ``Speller.corrections``, in interleaved rounds
(medians, round 0 dropped).  The field-range case reads a synthetic LONG column (the slot
number) added to the engine for the benchmark, since the corpus has no LONG attribute.
No targets: the issue's targets (100k/1k <= 10) apply to whole Query calls, measured by
``bench_search.py`` through boto3, where a call's fixed cost dominates at 1k; engine-only
ratios grow with the hits.  Each row also shows its cost against the plain-word score on the
same index.  The exit status is 0.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_search  # noqa: E402  (sets up the environment like bench.py)
from bench import CLOCKS, Case, client, interleave  # noqa: E402
from bench_search import REGION, Corpus, backend, fill  # noqa: E402
from moto import mock_aws  # noqa: E402

from moto_kendra.search.spelling import Speller  # noqa: E402
from moto_kendra.search.syntax import parse  # noqa: E402

FIELDS = {"_category": "STRING_VALUE", "_rank": "LONG_VALUE"}


def cases_for(engine: Any, words: list[str], size: int) -> dict[str, Any]:
    a, b = words[0], words[1]
    misspelled = f"{a[:2]}{a[3]}{a[2]}{a[4:]} {b}"  # two letters swapped
    texts = {
        "plain 2 words (score)": None,
        "phrase of 2 words": f'"{a} {b}"',
        "A AND B": f"{a} AND {b}",
        "A NOT B": f"{a} NOT {b}",
        "wildcard": f"{a[:4]}*",
        "field range + word": f"_rank:[{size // 4} TO {size // 2}] {a}",
        "field value + word": f"_category:category-03 {a}",
    }
    calls: dict[str, Any] = {}
    for kind, text in texts.items():
        if text is None:
            calls[kind] = lambda: engine.score([(a,), (b,)])
            continue
        parsed = parse(text, FIELDS)
        assert parsed.syntax and parsed.error is None, (text, parsed)
        calls[kind] = lambda tree=parsed.tree: engine.search(tree)
    calls[f"spelling `{misspelled}`"] = lambda: Speller(engine.lexicon()).corrections(misspelled)
    return calls


def lexicon_memory(engine: Any, size: int) -> tuple[float, float]:
    """Bytes per document the vocabulary adds, and the seconds its first build takes
    (the build runs untraced, then the bytes are counted on a second, traced build)."""
    t0 = time.perf_counter()
    engine.lexicon()
    seconds = time.perf_counter() - t0
    engine._lexicon = None
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    engine.lexicon()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / size, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args(argv)
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    lines = [f"load average at start {bench_search.bench.load()}", ""]
    with mock_aws():
        corpus = Corpus()
        words = [corpus.words[rank] for rank in corpus.query_ranks]
        kendra = client("kendra", region=REGION)
        engines = {}
        memory = {}
        for size in sizes:
            filled = fill(corpus, kendra, size, False, log)
            index = backend().indices[filled.index_id]
            backend().query(index_id=filled.index_id, query_text=words[0])  # settle
            engine = index.search
            engine._columns["_rank"] = list(range(len(engine.doc_ids)))
            memory[size] = lexicon_memory(engine, size)
            engines[size] = engine
        cases = [Case((kind, str(size)), call)
                 for size in sizes for kind, call in cases_for(engines[size], words, size).items()]
        log(f"rounds: {args.rounds} x {len(cases)} cases")
        medians = interleave(cases, args.rounds, 1, CLOCKS["cpu"])
        hits = {size: {kind: _hits(call()) for kind, call in
                       cases_for(engines[size], words, size).items()} for size in sizes}
    small, large = sizes[0], sizes[-1]
    plain = "plain 2 words (score)"
    lines += ["| engine call | " + " | ".join(f"{s:,} docs µs" for s in sizes)
              + f" | {large // 1000}k/{small // 1000}k | / plain score at {large:,}"
              f" | hits at {large:,} |",
              "|---|" + "---|" * len(sizes) + "---|---|---|"]
    for kind in cases_for(engines[small], words, small):
        row = [medians[(kind, str(size))] for size in sizes]
        versus = row[-1] / medians[(plain, str(large))]
        lines.append(f"| {kind} | " + " | ".join(f"{v:,.0f}" for v in row)
                     + f" | {row[-1] / row[0]:.1f} | {versus:.2f} | {hits[large][kind]} |")
    lines += ["", "| documents | vocabulary bytes per document | first build s |",
              "|---|---|---|"]
    lines += [f"| {size:,} | {memory[size][0]:,.0f} | {memory[size][1]:.2f} |"
              for size in sizes]
    lines.append(f"\nload average at end {bench_search.bench.load()}")
    print("\n".join(lines))
    return 0


def _hits(found: Any) -> Any:
    if isinstance(found, tuple):
        return len(found[0].scores)
    if isinstance(found, list):
        return len(found)
    return len(found.scores)


if __name__ == "__main__":
    sys.exit(main())
