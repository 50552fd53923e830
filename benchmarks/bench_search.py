#!/usr/bin/env python
"""moto-kendra search benchmark: Query/Retrieve scaling, memory with the inverted index,
put throughput on a large index; medians over interleaved rounds, all in one run.

Not a pytest test. Run from anywhere::

    python benchmarks/bench_search.py             # full run: 1k/10k/100k documents (< 10 min)
    python benchmarks/bench_search.py --quick     # smoke run: 1k/10k documents (< 1 minute)
    python benchmarks/bench_search.py --profile   # also cProfile one 2-word Query at the
                                                  # largest size, and per-hit costs

The corpus is generated deterministically (seeded): about 1 KB of English-like text per
document, words drawn from a Zipf-like distribution (s = 1) over a vocabulary of real
English function words followed by a few thousand made-up words whose stem is the word
itself, a 2-4 word title, and a ``_category`` attribute with 10 values of unequal
frequency. Document n is the same in every index, so the 1k index is a prefix of the
10k index, which is a prefix of the 100k index.

Every target prints PASS or FAIL; the exit status is 0 whatever the targets say.
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import datetime
import gc
import io
import itertools
import json
import os
import platform
import pstats
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402  (sets the environment, sys.path and imports moto_kendra)
import boto3  # noqa: E402
import botocore  # noqa: E402
import moto  # noqa: E402
from bench import CLOCKS, ROLE, Case, _short, _trim_pstats, client, interleave, verdict  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402

import moto_kendra  # noqa: E402
from moto_kendra.models import kendra_backends  # noqa: E402
from moto_kendra.search.analysis import STOP_WORDS, stem  # noqa: E402

ROOT = bench.ROOT

# -- targets -----------------------------------------------------------------------------
QUERY_SCALE_MAX = 10.0  # Query, largest / smallest index
QUERY_VS_STATUS_MAX = 25.0  # Query at the largest index / BatchGetDocumentStatus (10 ids)
MEMORY_MAX = 4096  # bytes per stored 1 KB document, inverted index included
PUT_RATIO_MIN = 0.8  # put throughput, largest / smallest index

REGION = "ap-southeast-2"  # apart from bench.py's regions
SEED = 20240611
VOCABULARY = 5000
ZIPF_S = 1.0
TEXT_BYTES = 1024
CATEGORIES = 10
FILTER_CATEGORY = "category-03"
# every 10th document n has ``_view_count`` n / 10 % 200 (the field-range row; only every
# 10th, so that the memory rows stay comparable with runs before that row existed)
VIEW_COUNTS = 200
VIEW_RANGE = "[10 TO 109]"  # half of the documents that have one
DF_BAND = (0.02, 0.08)  # "mid-frequency": expected document frequency between 2% and 8%
# the most frequent English words, most frequent first (all stems of themselves)
FUNCTION_WORDS = (
    "the of and to a in is that for it as was with be by on not he this are or his from "
    "at which but have an they you were her she there one all we their can has been if "
    "more when will would who so no"
).split()


@dataclass(frozen=True)
class Settings:
    sizes: tuple[int, ...]
    memory_sizes: tuple[int, ...]
    rounds: int  # interleaved rounds of the query cases
    inner: int  # calls per case per round
    diag_rounds: int  # interleaved rounds of the stage breakdown at the largest size
    put_rounds: int
    put_inner: int  # batches of 10 per put sample


FULL = Settings(
    sizes=(1_000, 10_000, 100_000), memory_sizes=(10_000, 100_000),
    rounds=40, inner=1, diag_rounds=20, put_rounds=40, put_inner=3,
)
QUICK = Settings(
    sizes=(1_000, 10_000), memory_sizes=(10_000,),
    rounds=10, inner=1, diag_rounds=6, put_rounds=12, put_inner=2,
)


# -- corpus ---------------------------------------------------------------------------------
class Corpus:
    """Deterministic English-like documents; document ``n`` depends only on ``n``."""

    def __init__(self) -> None:
        rng = random.Random(SEED)
        onsets = "b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st tr ch sh th".split()
        vowels = "a e i o u ai ea io ou".split()
        codas = ["", "", "", "n", "r", "l", "m", "nt", "rd", "ck", "x", "ng"]
        words = list(FUNCTION_WORDS)
        seen = set(words) | STOP_WORDS
        while len(words) < VOCABULARY:
            parts = [rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.randint(1, 3))]
            word = "".join(parts) + rng.choice(codas)
            # keep words the analyzer leaves alone, so a word is its own index term
            if len(word) >= 4 and word not in seen and stem(word) == word:
                seen.add(word)
                words.append(word)
        self.words = words
        weights = [1 / (rank + 1) ** ZIPF_S for rank in range(len(words))]
        total = sum(weights)
        # a lookup table of 2**20 slots, each word holding round(p * slots) of them (at
        # least one): drawing a slot uniformly is several times faster than bisecting
        # cumulative weights, at the cost of quantising p to 1/2**20
        slots = 2**20
        counts = [max(1, round(w / total * slots)) for w in weights]
        self.table = [rank for rank, count in enumerate(counts) for _ in range(count)]
        self.probability = [count / len(self.table) for count in counts]
        category_weights = [1 / (c + 1) ** 0.5 for c in range(CATEGORIES)]
        self.category_cum = list(itertools.accumulate(category_weights))
        self.categories = [f"category-{c:02d}" for c in range(CATEGORIES)]
        # the mean tokens per document, measured on a sample, gives each word's expected df
        sample = [self.tokens(n) for n in range(300)]
        texts = [self.text(body) for body, _, _ in sample]
        self.tokens_per_doc = statistics.mean(
            len(text.split()) + len(title)
            for text, (_, title, _) in zip(texts, sample, strict=True))
        self.text_bytes = statistics.mean(len(text) for text in texts)
        band = [
            rank for rank in range(len(FUNCTION_WORDS), len(words))
            if DF_BAND[0] <= self.expected_df(rank) <= DF_BAND[1]
        ]
        picks = random.Random(SEED + 1).sample(band, 5)
        self.query_ranks = picks  # 2-word queries use the first two, 5-word all five

    def expected_df(self, rank: int) -> float:
        return float(1 - (1 - self.probability[rank]) ** self.tokens_per_doc)

    def tokens(self, n: int) -> tuple[list[int], list[int], int]:
        """Word ranks of the body and title of document ``n``, and its category number."""
        rng = random.Random(SEED * 1_000_003 + n)
        body = rng.choices(self.table, k=230)
        title = rng.choices(self.table, k=rng.randint(2, 4))
        category = bisect.bisect(self.category_cum, rng.random() * self.category_cum[-1])
        return body, title, min(category, CATEGORIES - 1)

    def text(self, ranks: list[int]) -> str:
        """Sentences of 6-17 words, cut at the last whole word within TEXT_BYTES."""
        words = self.words
        out: list[str] = []
        size = 0
        i = 0
        while i < len(ranks):
            length = 6 + (ranks[i] * 7 + i) % 12
            sentence = [words[r] for r in ranks[i:i + length]]
            i += length
            chunk = " ".join(sentence).capitalize() + ". "
            if size + len(chunk) > TEXT_BYTES:
                room = TEXT_BYTES - size
                cut = chunk[:room].rsplit(" ", 1)[0] if room > 0 else ""
                if cut:
                    out.append(cut)
                break
            out.append(chunk)
            size += len(chunk)
        return "".join(out).strip()

    def body_ranks(self, body: list[int], text: str) -> list[int]:
        """The ranks that made it into the (cut) text."""
        return body[: len(text.split())]

    def document(self, n: int) -> tuple[str, bytes, set[int], str]:
        """Document ``n`` as its request without the Blob (JSON text), the Blob, the word
        ranks it holds and its category."""
        body, title, category = self.tokens(n)
        text = self.text(body)
        used = set(self.body_ranks(body, text)) | set(title)
        meta = json.dumps({
            "Id": f"doc-{n:07d}",
            "ContentType": "PLAIN_TEXT",
            "Title": " ".join(self.words[r] for r in title).capitalize(),
            "Attributes": [
                {"Key": "_category", "Value": {"StringValue": self.categories[category]}},
                *([{"Key": "_view_count", "Value": {"LongValue": n // 10 % VIEW_COUNTS}}]
                  if n % 10 == 0 else []),
            ],
        })
        return meta, text.encode(), used, self.categories[category]

    def batch(self, numbers: range | list[int]) -> list[dict[str, Any]]:
        return requests([self.document(n)[:2] for n in numbers])


def requests(made: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """BatchPutDocument entries as the HTTP layer passes them: one ``json.loads`` per
    batch (fresh strings for Id, Title and attributes; dict keys shared within the call,
    as json.loads of a real request body makes them) and each Blob as bytes."""
    entries = json.loads("[" + ",".join(meta for meta, _ in made) + "]")
    for entry, (_, blob) in zip(entries, made, strict=True):
        entry["Blob"] = blob
    return list(entries)


def backend() -> Any:
    return kendra_backends[DEFAULT_ACCOUNT_ID][REGION]


@dataclass
class Filled:
    index_id: str
    size: int
    seconds: float
    df: dict[int, int]  # query word rank -> documents containing it
    category_share: float  # share of documents with FILTER_CATEGORY
    memory: dict[str, float] | None  # tracemalloc bytes per document, or None
    top_lines: list[str]


def fill(corpus: Corpus, kendra: Any, size: int, traced: bool,
         log: Callable[[str], None]) -> Filled:
    """Create an index and put ``size`` documents through the backend, 10 at a time.

    The Blobs and the request JSON are generated first; the entries are decoded from
    that JSON inside the put loop, so whatever the store keeps of a request (its Id,
    Title and attribute strings and dicts) is made there, as the HTTP layer makes it.
    With ``traced``, tracemalloc runs over the put loop only and counts the bytes the
    index keeps per document: once as put (documents PROCESSING, pending in the search
    index) and once more after a Query settled them (a Query with spell correction, so
    that the figure includes the spelling and wildcard vocabulary).
    """
    index_id = kendra.create_index(
        Name=f"search-{size}", RoleArn=ROLE, Edition="ENTERPRISE_EDITION"
    )["Id"]
    # room for the put-throughput documents beyond ``size`` (quota: 100k per unit)
    kendra.update_index(Id=index_id, CapacityUnits={
        "StorageCapacityUnits": 1, "QueryCapacityUnits": 0})
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[{  # for the facet row
        "Name": "_category", "Type": "STRING_VALUE",
        "Search": {"Facetable": True, "Searchable": False, "Displayable": False,
                   "Sortable": True}}, {  # tuned, so that query-time overrides apply, with
        "Name": "_created_at", "Type": "DATE_VALUE",  # no effect on any score
        "Relevance": {"Importance": 1, "Freshness": False, "RankOrder": "DESCENDING"}}])
    put = backend().batch_put_document
    chosen = set(corpus.query_ranks)
    df = dict.fromkeys(corpus.query_ranks, 0)
    in_category = 0
    t0 = time.perf_counter()
    made: list[tuple[str, bytes]] = []
    for n in range(size):
        meta, blob, used, category = corpus.document(n)
        for rank in chosen & used:
            df[rank] += 1
        in_category += category == FILTER_CATEGORY
        made.append((meta, blob))
    generated = time.perf_counter() - t0
    gc.collect()
    if traced:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    for start in range(0, size, 10):
        batch = requests(made[start:start + 10])
        failed = put(index_id=index_id, documents=batch)["FailedDocuments"]
        assert not failed, failed[:1]
    del batch
    seconds = time.perf_counter() - t0
    memory = None
    top: list[str] = []
    if traced:
        try:
            made.clear()
            gc.collect()
            as_put = tracemalloc.get_traced_memory()[0]
            # spell correction on: the settled figure includes the vocabulary it builds
            backend().query(index_id=index_id, query_text=corpus.words[corpus.query_ranks[0]],
                            spell_correction_configuration=SPELL)
            gc.collect()
            settled = tracemalloc.get_traced_memory()[0]
            snapshot = tracemalloc.take_snapshot()
        finally:
            tracemalloc.stop()
        memory = {"as put": (as_put - before) / size, "settled": (settled - before) / size}
        top = [
            f"| {_where(stat.traceback[0].filename, stat.traceback[0].lineno)} "
            f"| {stat.size / size:,.0f} | {stat.count / size:.2f} |"
            for stat in snapshot.statistics("lineno")[:10]
            if stat.size / size >= 1
        ]
        del snapshot
    del made
    gc.collect()
    index = backend().indices[index_id]
    assert index.live_documents == size, (index.live_documents, size)
    log(f"  filled {size:,} documents: generated in {generated:.1f} s, put in {seconds:.1f} s"
        + (f" (traced: {memory['as put']:,.0f} B/doc as put, "
           f"{memory['settled']:,.0f} B/doc settled)" if memory else ""))
    return Filled(index_id, size, seconds, df, in_category / size, memory, top)


def _where(path: str, line: int) -> str:
    if Path(path).resolve() == Path(__file__).resolve():
        return f"{_short(path)}:{line} (request strings and dicts the store keeps)"
    return f"{_short(path)}:{line}"


# -- the measured calls ---------------------------------------------------------------------
SYNTAX_KINDS = ("Query 2-word phrase", "Query A AND B", "Query A NOT B", "Query wildcard",
                "Query A AND field range", "Query misspelled + spell correction")
TUNED = "Query 2 words tuned (3 fields)"
COLLAPSED = "Query 2 words collapsed by _category"
QUESTION = "Query a question producing an ANSWER"
TARGETED = ("Query 2 words", "Query 5 words", "Query 2 words + filter",
            "Query 5 words + filter", *SYNTAX_KINDS, QUESTION, TUNED, COLLAPSED)
QUERY_KINDS = (*TARGETED, "Retrieve 2 words", "Query 2 words + sort by _category",
               "Query 2 words + facet on _category")
SPELL = {"IncludeQuerySpellCheckSuggestions": True}
CATEGORY_FILTER = {"EqualsTo": {"Key": "_category", "Value": {"StringValue": FILTER_CATEGORY}}}
# the tuned row's query-time overrides: the title (terms in it), _category (a value map) and
# _language_code (a value map every document meets); the index itself is tuned only on a
# field that changes no score (see fill), so the other rows stay untuned
TUNING_OVERRIDES = [
    {"Name": "_document_title", "Relevance": {"Importance": 5}},
    {"Name": "_category", "Relevance": {"ValueImportanceMap": {FILTER_CATEGORY: 6}}},
    {"Name": "_language_code", "Relevance": {"ValueImportanceMap": {"en": 2}}},
]
COLLAPSE = {"DocumentAttributeKey": "_category"}


def query_texts(corpus: Corpus) -> tuple[str, str]:
    words = [corpus.words[r] for r in corpus.query_ranks]
    return " ".join(words[:2]), " ".join(words)


def syntax_texts(corpus: Corpus) -> dict[str, str]:
    """The QueryText of each syntax row.  The phrase is the first two consecutive words of
    document 0 (in every index) that are both outside the 100 most frequent words, so that
    it occurs and is no stop-word-like pair; the wildcard is the first 4 letters of the
    2-word query's first word; the misspelled query swaps two letters of that word."""
    a, b = (corpus.words[r] for r in corpus.query_ranks[:2])
    body, _, _ = corpus.tokens(0)
    ranks = corpus.body_ranks(body, corpus.text(body))
    pair = next((x, y) for x, y in itertools.pairwise(ranks) if min(x, y) >= 100)
    return {
        "Query 2-word phrase": '"' + " ".join(corpus.words[r] for r in pair) + '"',
        "Query A AND B": f"{a} AND {b}",
        "Query A NOT B": f"{a} NOT {b}",
        "Query wildcard": f"{a[:4]}*",
        "Query A AND field range": f"{a} AND _view_count:{VIEW_RANGE}",
        "Query misspelled + spell correction": f"{a[:2]}{a[3]}{a[2]}{a[4:]} {b}",
    }


def boto3_calls(kendra: Any, index_id: str, two: str, five: str,
                syntax: dict[str, str]) -> dict[str, Callable[[], Any]]:
    def query(kind: str) -> Callable[[], Any]:
        extra = {"SpellCorrectionConfiguration": SPELL} if "spell" in kind else {}
        return lambda: kendra.query(IndexId=index_id, QueryText=syntax[kind], **extra)

    return {
        **{kind: query(kind) for kind in SYNTAX_KINDS},
        "Query 2 words": lambda: kendra.query(IndexId=index_id, QueryText=two),
        "Query 5 words": lambda: kendra.query(IndexId=index_id, QueryText=five),
        "Query 2 words + filter": lambda: kendra.query(
            IndexId=index_id, QueryText=two, AttributeFilter=CATEGORY_FILTER),
        "Query 5 words + filter": lambda: kendra.query(
            IndexId=index_id, QueryText=five, AttributeFilter=CATEGORY_FILTER),
        "Retrieve 2 words": lambda: kendra.retrieve(IndexId=index_id, QueryText=two),
        QUESTION: lambda: kendra.query(IndexId=index_id, QueryText=f"what is {two}?"),
        "Query 2 words + sort by _category": lambda: kendra.query(
            IndexId=index_id, QueryText=two,
            SortingConfiguration={"DocumentAttributeKey": "_category", "SortOrder": "DESC"}),
        "Query 2 words + facet on _category": lambda: kendra.query(
            IndexId=index_id, QueryText=two, Facets=[{"DocumentAttributeKey": "_category"}]),
        TUNED: lambda: kendra.query(
            IndexId=index_id, QueryText=two,
            DocumentRelevanceOverrideConfigurations=TUNING_OVERRIDES),
        COLLAPSED: lambda: kendra.query(
            IndexId=index_id, QueryText=two, CollapseConfiguration=COLLAPSE),
    }


def status_reference(kendra: Any) -> Callable[[], Any]:
    """bench.py's BatchGetDocumentStatus case: 10 ids of a 10-document index, via boto3."""
    index_id = kendra.create_index(Name="search-status", RoleArn=ROLE)["Id"]
    read_ids = bench.ids("r", 10)
    kendra.batch_put_document(IndexId=index_id, Documents=bench.kendra_docs(read_ids))
    info = [{"DocumentId": i} for i in read_ids]
    statuses = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=info)
    assert [s["DocumentStatus"] for s in statuses["DocumentStatusList"]] == ["INDEXED"] * 10
    return lambda: kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=info)


@dataclass
class Answers:
    total: dict[tuple[str, int], int]  # TotalNumberOfResults (Query) / items (Retrieve)


def check_calls(calls: dict[int, dict[str, Callable[[], Any]]]) -> Answers:
    """Each call answers (and the first call settles the index outside the timing)."""
    total = {}
    for size, by_kind in calls.items():
        for kind, call in by_kind.items():
            reply = call()
            items = reply["ResultItems"]
            assert items, (kind, size)
            assert "Warnings" not in reply, (kind, reply["Warnings"])
            if "spell" in kind:
                assert reply["SpellCorrectedQueries"], (kind, size)
            assert kind != QUESTION or items[0]["Type"] == "ANSWER", (kind, size)
            total[(kind, size)] = reply.get("TotalNumberOfResults", len(items))
    return Answers(total)


# -- stage breakdown at the largest size -------------------------------------------------------
def stage_calls(kendra: Any, index_id: str, two: str, five: str
                ) -> dict[str, Callable[[], Any]]:
    """The same 2-word Query cut at landmarks: boto3, backend, find, engine score, top.

    Uses the query package's stages (``find``, ``ranked``) and ``index.search.score``; a stage whose
    internals changed is left out rather than failing the run.
    """
    b = backend()
    index = b.indices[index_id]
    from moto_kendra.search.analysis import query_terms

    calls: dict[str, Callable[[], Any]] = {
        "boto3 Query 2 words": lambda: kendra.query(IndexId=index_id, QueryText=two),
        "boto3 Query 2 words, gc disabled": _without_gc(
            lambda: kendra.query(IndexId=index_id, QueryText=two)),
        "backend.query 2 words": lambda: b.query(index_id=index_id, query_text=two),
        "backend.query 2 words + filter": lambda: b.query(
            index_id=index_id, query_text=two, attribute_filter=CATEGORY_FILTER),
        "backend.query 5 words": lambda: b.query(index_id=index_id, query_text=five),
        "backend.retrieve 2 words": lambda: b.retrieve(index_id=index_id, query_text=two),
        "backend.query 2 words + UserContext (UserId)": lambda: b.query(
            index_id=index_id, query_text=two, user_context={"UserId": "alice"}),
    }
    try:
        from moto_kendra.query.candidates import find
        from moto_kendra.query.ranking import ranked
        from moto_kendra.query.terms import analyse
        from moto_kendra.query.viewer import viewer_for

        viewer = viewer_for(index, None)
        terms2, terms5 = analyse(index, two, False), analyse(index, five, False)
        score2 = [(t,) for t in query_terms(two)]
        score5 = [(t,) for t in query_terms(five)]
        found2 = find(index, terms2, None, viewer)
        found5 = find(index, terms5, None, viewer)
        index.search.score(score2)
        calls.update({
            "find 2 words (score, language, filter, access)":
                lambda: find(index, terms2, None, viewer),
            "find 2 words + filter": lambda: find(index, terms2, CATEGORY_FILTER, viewer),
            "find 5 words": lambda: find(index, terms5, None, viewer),
            "engine score 2 words": lambda: index.search.score(score2),
            "engine score 5 words": lambda: index.search.score(score5),
            "top 100 of the 2-word matches": lambda: ranked(found2, 100, []),
            "top 100 of the 5-word matches": lambda: ranked(found5, 100, []),
        })
    except Exception as error:  # internals moved: keep the public stages
        print(f"stage breakdown: internals unavailable ({error!r})", file=sys.stderr)
    return calls


class FullCollections:
    """Counts generation-2 collections and their thread CPU time (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.tracked = 0
        self._start = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.thread_time()
        else:
            self.times.append(time.thread_time() - self._start)

    def __enter__(self) -> FullCollections:
        self.tracked = len(gc.get_objects())
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_: Any) -> None:
        gc.callbacks.remove(self._callback)

    @property
    def count(self) -> int:
        return len(self.times)

    def median_ms(self) -> float:
        return statistics.median(self.times) * 1e3 if self.times else 0.0

    def total_ms(self) -> float:
        return sum(self.times) * 1e3


def _without_gc(call: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        gc.disable()
        try:
            return call()
        finally:
            gc.enable()
    return run


def profile_query(kendra: Any, index_id: str, two: str) -> str:
    call = lambda: kendra.query(IndexId=index_id, QueryText=two)  # noqa: E731
    call()
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    out = io.StringIO()
    for title, sort, restriction in (
        ("top 20 cumulative", "cumulative", ()),
        ("top 20 by own time (tottime)", "tottime", ()),
    ):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(sort).print_stats(*restriction, 20)
        out.write(f"\n{title}:\n\n```\n{_trim_pstats(stream.getvalue())}```\n")
    return out.getvalue()


# -- put throughput -------------------------------------------------------------------------------
def put_cases(corpus: Corpus, filled: dict[int, Filled], settings: Settings) -> list[Case]:
    """Batches of 10 through ``batch_put_document`` on the smallest and the largest index:
    new documents (the index grows by the measured batches) and re-puts of existing ones."""
    put = backend().batch_put_document
    small, large = min(filled), max(filled)
    cases = []
    batches = settings.put_inner * (settings.put_rounds + 1)
    for size in (small, large):
        index_id = filled[size].index_id
        fresh = iter([corpus.batch(range(size + 10 * k, size + 10 * k + 10))
                      for k in range(batches)])
        # re-put: documents spread over the index, their own content again
        step = max(size // (10 * batches), 1)
        again = itertools.cycle(
            [corpus.batch([(10 * k + j) * step % size for j in range(10)])
             for k in range(batches)])

        def new(index_id: str = index_id, fresh: Any = fresh) -> None:
            assert not put(index_id=index_id, documents=next(fresh))["FailedDocuments"]

        def reput(index_id: str = index_id, again: Any = again) -> None:
            assert not put(index_id=index_id, documents=next(again))["FailedDocuments"]

        cases.append(Case(("put new", str(size)), new))
        cases.append(Case(("put existing", str(size)), reput))
    return cases


def put_mean_rates(cases: list[Case]) -> dict[tuple[str, ...], float]:
    """Documents per second over all samples (mean: includes the rare slow batches,
    e.g. a full garbage collection, that a median leaves out)."""
    return {case.name: 10 / (statistics.fmean(case.samples) / 1e6) for case in cases}


# -- report ---------------------------------------------------------------------------------
def label(size: int) -> str:
    return f"{size // 1000}k"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k/10k documents, few rounds")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile one 2-word Query at the largest size; per-hit costs")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="timer: this thread's CPU time (default) or wall time")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results_search.md",
                        help="Markdown file")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    clock = CLOCKS[args.clock]
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    sizes = settings.sizes
    small, large = sizes[0], sizes[-1]
    ratio_label = f"{label(large)}/{label(small)}"
    report = [
        "# moto-kendra search benchmark",
        "",
        f"- {datetime.datetime.now().isoformat(timespec='seconds')}, "
        f"{'quick' if args.quick else 'full'} run; Python {platform.python_version()}, "
        f"moto {moto.__version__}, boto3 {boto3.__version__}, botocore {botocore.__version__}, "
        f"moto-kendra {moto_kendra.__version__}; {os.cpu_count()} CPUs; "
        f"load average (1/5/15 min) at start {bench.load()}",
        f"- in-process, timed by {'thread CPU time' if args.clock == 'cpu' else 'wall time'}; "
        f"every number is a median over interleaved rounds (round 0 dropped)",
    ]
    oks: list[bool] = []
    profile_text = ""
    with mock_aws():
        log("corpus")
        corpus = Corpus()
        two, five = query_texts(corpus)
        kendra = client("kendra", region=REGION)
        log(f"filling {', '.join(f'{s:,}' for s in sizes)} documents "
            f"(tracemalloc on {', '.join(f'{s:,}' for s in settings.memory_sizes)})")
        filled = {size: fill(corpus, kendra, size, size in settings.memory_sizes, log)
                  for size in sizes}
        status_call = status_reference(kendra)
        syntax = syntax_texts(corpus)
        calls = {size: boto3_calls(kendra, filled[size].index_id, two, five, syntax)
                 for size in sizes}
        answers = check_calls(calls)
        report += [
            f"- corpus: {VOCABULARY:,}-word vocabulary ({len(FUNCTION_WORDS)} English function "
            f"words first), Zipf s = {ZIPF_S}; {corpus.tokens_per_doc:.0f} tokens and "
            f"{corpus.text_bytes:,.0f} text bytes per document on average; `_category` has "
            f"{CATEGORIES} values, the filter value `{FILTER_CATEGORY}` is on "
            f"{filled[large].category_share:.1%} of the documents",
            f"- 2-word query `{two}`, 5-word query `{five}` (words picked by a seeded draw "
            f"among those with expected df {DF_BAND[0]:.0%}-{DF_BAND[1]:.0%})",
            "- syntax rows: " + ", ".join(f"{kind[6:]} `{text}`" for kind, text in
                                          syntax.items()) + f"; `_view_count` = n / 10 % "
            f"{VIEW_COUNTS} on every 10th document n",
            "",
            "## Query words",
            "",
            "| word | vocabulary rank | " + " | ".join(
                f"df at {label(s)} (share)" for s in sizes) + " |",
            "|---|---|" + "---|" * len(sizes),
        ]
        for rank in corpus.query_ranks:
            report.append(f"| {corpus.words[rank]} | {rank + 1} | " + " | ".join(
                f"{filled[s].df[rank]:,} ({filled[s].df[rank] / s:.1%})" for s in sizes) + " |")
        report += ["", "Matches (TotalNumberOfResults for Query, result items for Retrieve):", "",
                   "| call | " + " | ".join(label(s) for s in sizes) + " |",
                   "|---|" + "---|" * len(sizes)]
        for kind in QUERY_KINDS:
            report.append(f"| {kind} | " + " | ".join(
                f"{answers.total[(kind, s)]:,}" for s in sizes) + " |")

        # -- the main interleaved rounds: every size, every call, and the reference
        log(f"query rounds: {settings.rounds} x {len(calls) * len(QUERY_KINDS) + 1} cases")
        cases = [Case(("BatchGetDocumentStatus", "ref"), status_call)]
        for size in sizes:
            for kind, call in calls[size].items():
                cases.append(Case((kind, str(size)), call))
        gc.collect()
        with FullCollections() as full_gc:
            medians = interleave(cases, settings.rounds, settings.inner, clock)
        means = {case.name: statistics.fmean(case.samples) for case in cases}
        status_us = medians[("BatchGetDocumentStatus", "ref")]
        head = (["call"] + [f"{label(s)} docs µs" for s in sizes]
                + [f"{ratio_label} (≤ {QUERY_SCALE_MAX:g} for Query)",
                   f"{label(large)} / BatchGetDocumentStatus (≤ {QUERY_VS_STATUS_MAX:g} "
                   "for Query)", f"{label(large)} mean µs (no target)"])
        table = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for kind in QUERY_KINDS:
            values = [medians[(kind, str(s))] for s in sizes]
            scale, vs_status = values[-1] / values[0], values[-1] / status_us
            cells = [kind] + [f"{v:,.0f}" for v in values]
            if kind in TARGETED:
                ok_scale, ok_status = scale <= QUERY_SCALE_MAX, vs_status <= QUERY_VS_STATUS_MAX
                oks += [ok_scale, ok_status]
                cells += [f"{scale:.1f} {verdict(ok_scale)}",
                          f"{vs_status:.1f} {verdict(ok_status)}"]
            else:
                cells += [f"{scale:.1f} (no target)", f"{vs_status:.1f} (no target)"]
            cells.append(f"{means[(kind, str(large))]:,.0f}")
            table.append("| " + " | ".join(cells) + " |")
        report += [
            "",
            f"## Query and Retrieve (boto3 round trip in-process, median of {settings.rounds} "
            f"interleaved rounds x {settings.inner} call)",
            "",
            f"Reference in the same rounds: BatchGetDocumentStatus (10 ids, bench.py's case) "
            f"= **{status_us:,.0f} µs**, so the Query budget at {label(large)} is "
            f"{QUERY_VS_STATUS_MAX:g} x {status_us:,.0f} = "
            f"{QUERY_VS_STATUS_MAX * status_us:,.0f} µs.",
            "",
            *table,
            "",
            f"Full (generation 2) garbage collections during these rounds: {full_gc.count}, "
            f"{full_gc.median_ms():,.0f} ms CPU each (median), {full_gc.total_ms() / 1e3:.1f} s "
            f"in all, with {full_gc.tracked:,} objects tracked by gc at the start. A full "
            "collection walks every stored document's containers; it lands in whichever call "
            "allocates at the time, which the medians leave out and the mean column shows.",
        ]

        # -- where the time of a 2-word Query goes, at the largest size
        log(f"stage breakdown at {large:,}: {settings.diag_rounds} rounds")
        stages = stage_calls(kendra, filled[large].index_id, two, five)
        stage_cases = [Case((name,), call) for name, call in stages.items()]
        for case in stage_cases:
            case.call()
        gc.collect()
        stage_medians = interleave(stage_cases, settings.diag_rounds, 1, clock)
        whole = stage_medians[("boto3 Query 2 words",)]
        report += [
            "",
            f"## Where a Query's time goes at {large:,} documents (median of "
            f"{settings.diag_rounds} interleaved rounds; no targets)",
            "",
            "| stage | µs | share of the boto3 2-word Query |",
            "|---|---|---|",
        ]
        for (name,), value in stage_medians.items():
            report.append(f"| {name} | {value:,.0f} | {value / whole:.0%} |")

        if args.profile:
            log(f"profile: one 2-word Query at {large:,}")
            profile_text = profile_query(kendra, filled[large].index_id, two)

        # -- memory
        report += [
            "",
            "## Memory per stored document, inverted index included (tracemalloc after gc)",
            "",
            f"| documents | bytes per document as put (≤ {MEMORY_MAX}) | after a Query settled "
            f"them (≤ {MEMORY_MAX}) | beyond the text bytes (settled) |",
            "|---|---|---|---|",
        ]
        for size in settings.memory_sizes:
            memory = filled[size].memory
            assert memory is not None
            ok_put, ok_settled = memory["as put"] <= MEMORY_MAX, memory["settled"] <= MEMORY_MAX
            oks += [ok_put, ok_settled]
            report.append(
                f"| {size:,} | {memory['as put']:,.0f} {verdict(ok_put)} | "
                f"{memory['settled']:,.0f} {verdict(ok_settled)} | "
                f"{memory['settled'] - corpus.text_bytes:,.0f} |")
        biggest = max(settings.memory_sizes)
        report += [
            "",
            f"Where the bytes are at {biggest:,} documents, after the settling Query "
            "(tracemalloc, by line):",
            "",
            "| allocated at | bytes per document | allocations per document |",
            "|---|---|---|",
            *filled[biggest].top_lines,
        ]

        # -- put throughput
        log(f"put throughput: {settings.put_rounds} rounds")
        p_cases = put_cases(corpus, filled, settings)
        gc.collect()
        p_medians = interleave(p_cases, settings.put_rounds, settings.put_inner, clock)
        p_means = put_mean_rates(p_cases)
        report += [
            "",
            f"## Put throughput (backend batch_put_document, batches of 10, median of "
            f"{settings.put_rounds} interleaved rounds x {settings.put_inner} batches)",
            "",
            f"| put | docs/s at {label(small)} | docs/s at {label(large)} | "
            f"{ratio_label} (≥ {PUT_RATIO_MIN}) | mean docs/s at {label(small)} | "
            f"mean docs/s at {label(large)} | mean {ratio_label} |",
            "|---|---|---|---|---|---|---|",
        ]
        for kind in ("put new", "put existing"):
            rate = {s: 10 / (p_medians[(kind, str(s))] / 1e6) for s in (small, large)}
            mean = {s: p_means[(kind, str(s))] for s in (small, large)}
            ratio = rate[large] / rate[small]
            ok = ratio >= PUT_RATIO_MIN
            oks.append(ok)
            report.append(
                f"| {kind} | {rate[small]:,.0f} | {rate[large]:,.0f} | {ratio:.2f} {verdict(ok)} "
                f"| {mean[small]:,.0f} | {mean[large]:,.0f} | {mean[large] / mean[small]:.2f} |")
        grown = settings.put_inner * (settings.put_rounds + 1) * 10
        report += [
            "",
            f"\"put new\" adds {grown:,} documents to each index during the measure; "
            "\"put existing\" re-puts documents spread over the index (remove + add in the "
            "search index). Mean columns include the rare slow batches (a compaction, a full "
            "garbage collection) that the median leaves out.",
            "",
            "| documents | fill time (backend, batches of 10, tracemalloc on where memory "
            "is measured) |",
            "|---|---|",
            *(f"| {s:,} | {f.seconds:.1f} s ({s / f.seconds:,.0f} docs/s"
              f"{', traced' if f.memory else ''}) |" for s, f in filled.items()),
        ]
    report.append("")
    profile = [f"## Profile: one 2-word Query at {large:,} documents (cProfile)", profile_text]
    bench.finish(report, oks, started, profile if profile_text else [], args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
