#!/usr/bin/env python
"""moto-kendra thesaurus benchmark: parsing a Solr synonym file is linear in its size.

Not a pytest test. Run from a checkout::

    python benchmarks/bench_thesaurus.py           # 1 MB file of 100,000 terms, 5 rounds
    python benchmarks/bench_thesaurus.py --rounds 3

Three files are parsed by the thesaurus parser (``parse_synonyms``):

- *many rules*: about 1 MB, 100,000 distinct terms in rules of 2 to 8 terms, a tenth of
  them one-way (``a, b => c``);
- *one rule*: one equivalence rule holding every one of the 100,000 terms (a pairwise
  expansion would be 10^10 links);
- *2,000 synonyms*: the 13 KB file of one rule of 2,000 synonyms that once took 8-14 s.

Each is timed against a baseline measured in the same rounds: a plain pass over the same
text that splits it into lines and terms (``str.split``) and lower-cases every term, the
least any parser must do (the parser also stems every term, which dominates its cost).
Each number is a median of CPU time (the process's, so a busy machine distorts it less).
Targets: each 1 MB file well under 2 s; the 2,000-synonym file under 0.1 s; linearity: the
one-rule file (as a ratio to its baseline) at most 1.5 times the many-rules file of the
same size and terms (a parse quadratic in a rule's size would be thousands of times).
Then one query term of the one-rule file is expanded, to show expansion is bounded.

Every target prints PASS or FAIL; the exit status is 0 whatever the targets say.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from moto_kendra.resources.thesauri import MAX_EXPANSION, parse_synonyms  # noqa: E402

TERMS = 100_000
TARGET_SECONDS = 2.0
TARGET_LINEAR = 1.5  # one rule of 100,000 terms / 100,000 terms in small rules (same size)


def made_up_terms(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct made-up words (their stem is the word itself), some two-word."""
    rng = random.Random(seed)
    letters = "bcdfghjklmnpqrstvwxz"
    terms: list[str] = []
    for number in range(count):
        word = "".join(rng.choice(letters) for _ in range(5)) + f"{number:x}"
        terms.append(word if number % 5 else f"{word} q{number:x}")
    return terms


def many_rules(terms: list[str]) -> str:
    rng = random.Random(11)
    lines, position = [], 0
    while position < len(terms):
        size = rng.randint(2, 8)
        group = terms[position:position + size]
        position += size
        if len(group) > 2 and rng.random() < 0.1:
            lines.append(", ".join(group[:-1]) + " => " + group[-1])
        else:
            lines.append(", ".join(group))
    return "\n".join(lines) + "\n"


def baseline(text: str) -> int:
    """The least a parser does: lines, terms, lower-cased."""
    count = 0
    for line in text.split("\n"):
        for term in line.replace("=>", ",").split(","):
            count += bool(term.strip().lower())
    return count


def median_seconds(call: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        call()
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    terms = made_up_terms(TERMS)
    files = {
        "many rules": many_rules(terms),
        "one rule": ", ".join(terms) + "\n",
        "2,000 synonyms": ", ".join(terms[:2000]) + "\n",
    }
    print("| file | bytes | terms | baseline s | parse s | ratio to baseline | target |")
    print("|---|---|---|---|---|---|---|")
    ratios = {}
    for name, text in files.items():
        base = median_seconds(lambda text=text: baseline(text), rounds)
        took = median_seconds(lambda text=text: parse_synonyms(text), rounds)
        parsed = parse_synonyms(text)
        ratios[name] = took / base
        limit = TARGET_SECONDS if len(text) >= 1_000_000 else 0.1
        check = f"< {limit:g} s: {verdict(took < limit)}"
        print(f"| {name} | {len(text):,} | {len(parsed.terms):,} | {base:.4f} | {took:.4f} "
              f"| {ratios[name]:.1f} | {check} |")
    growth = ratios["one rule"] / ratios["many rules"]
    print(f"\nLinearity: one 100,000-term rule / 100,000 terms in small rules = "
          f"{growth:.2f} (target <= {TARGET_LINEAR:g}): {verdict(growth <= TARGET_LINEAR)}")
    synonyms = parse_synonyms(files["one rule"])
    stem = next(iter(synonyms.by_stem))
    took = median_seconds(lambda: synonyms.get(stem), rounds)
    expanded = len(synonyms.get(stem) or ())
    print(f"Expansion of one query term in the one-rule file: {expanded} stems in "
          f"{took * 1000:.3f} ms (bound {MAX_EXPANSION}): {verdict(expanded <= MAX_EXPANSION)}")


if __name__ == "__main__":
    main()
