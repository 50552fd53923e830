"""Thesauri: Create/Describe/Update/Delete Thesaurus, ListThesauri.

The S3 file is in Solr synonym format, read on create and on every update.
Choices where Kendra's documentation is silent (a rejected file puts the thesaurus in FAILED,
worded ``Line <n> of s3://<bucket>/<key>: <reason>.``):

- Lines are trimmed; blank lines and lines starting with ``#`` are skipped.
  Every other line is one rule: ``a, b, c`` (each term matches the others) or
  ``a, b => c, d`` (each left term also matches every right term).  A rule
  with more than one ``=>`` or an empty term is rejected.
- A term may be a phrase; matching works on single query terms, so every stem
  of a source phrase is linked to every stem of its targets (a stem is never
  linked to itself).
- Parsing is linear in the file size (rules are not expanded pairwise); a query
  term expands to at most 100 stems, read from at most 100 rules in file order.
- TermCount = distinct terms (lower-cased, inner whitespace collapsed);
  SynonymRuleCount = rules; FileSizeBytes = the file's size in bytes.  The
  three are omitted while the thesaurus is FAILED.
- A failed re-read on update puts the thesaurus in FAILED (not
  ACTIVE_BUT_UPDATE_FAILED), as for every unreadable file.
- The quota (1 per index) counts every present thesaurus, DELETING and FAILED included.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..search.analysis import stems
from .backend import BackendBase
from .files import (
    ChildLookup,
    FileError,
    FileResource,
    decode_text,
    source_settings,
    text_lines,
)
from .index import CHILD_DELETE, WRITE, Index, Kind

LABEL = "Thesaurus"
THESAURUS_QUOTA = 1
ONE_WAY = "=>"
#: The most stems one query term expands to, and the most rules a lookup reads.
MAX_EXPANSION = 100


def _terms(line: int, side: str) -> list[str]:
    """The comma-separated terms of one side of a rule, lower-cased; none may be empty."""
    terms = [" ".join(term.split()).lower() for term in side.split(",")]
    if not all(terms):
        raise FileError(line, "a rule has an empty term")
    return terms


class _Rule:
    """One rule as parsed: the stems of each term, and (one-way) the stems it leads to."""

    __slots__ = ("terms", "targets", "counts")

    def __init__(self, terms: list[frozenset[str]], targets: frozenset[str] | None) -> None:
        self.terms = terms
        self.targets = targets  # None: an equivalence rule
        self.counts: dict[str, int] = {}  # stem -> how many terms of the rule hold it
        if targets is None:
            for term in terms:
                for stem in term:
                    self.counts[stem] = self.counts.get(stem, 0) + 1

    def others(self, stem: str, term: int) -> Iterator[str]:
        """The stems ``stem`` (of term ``term``) also matches by this rule: a one-way rule's
        targets; else the stems of the rule's other terms (never ``stem`` itself)."""
        if self.targets is not None:
            yield from (target for target in self.targets if target != stem)
            return
        own = self.terms[term]
        for other, count in self.counts.items():
            if other != stem and (count > 1 or other not in own):
                yield other


class Synonyms(Mapping[str, set[str]]):
    """What a Solr synonym file says, as a read-only map stem -> the stems it also matches.

    Parsing is linear in the file: each rule is kept once, with its terms' stems, and each
    stem points at the rules it appears in; nothing is expanded pairwise.  A lookup
    expands at most :data:`MAX_EXPANSION` stems, from at most :data:`MAX_EXPANSION` rules
    (in file order), so the work a query term costs is bounded whatever the file holds.
    """

    def __init__(self) -> None:
        self.rules: list[_Rule] = []
        self.by_stem: dict[str, list[tuple[int, int]]] = {}  # stem -> (rule, term) pairs
        self.terms: set[str] = set()

    def add_rule(self, line: int, text: str) -> None:
        sides = [_terms(line, side) for side in text.split(ONE_WAY)]
        if len(sides) > 2:
            raise FileError(line, f"a rule holds more than one {ONE_WAY}")
        sources = [frozenset(stems(term)) for term in sides[0]]
        targets = None
        if len(sides) == 2:
            targets = frozenset(stem for term in sides[1] for stem in stems(term))
        number = len(self.rules)
        self.rules.append(_Rule(sources, targets))
        for position, term_stems in enumerate(sources):
            for stem in term_stems:
                self.by_stem.setdefault(stem, []).append((number, position))
        self.terms.update(term for side in sides for term in side)

    def __getitem__(self, stem: str) -> set[str]:
        found: set[str] = set()
        for number, term in self.by_stem[stem][:MAX_EXPANSION]:
            for other in self.rules[number].others(stem, term):
                found.add(other)
                if len(found) >= MAX_EXPANSION:
                    return found
        if not found:
            raise KeyError(stem)
        return found

    def __iter__(self) -> Iterator[str]:
        return (stem for stem in self.by_stem if stem in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def parse_synonyms(text: str) -> Synonyms:
    synonyms = Synonyms()
    for number, raw in enumerate(text_lines(text), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            synonyms.add_rule(number, line)
    return synonyms


class Thesaurus(FileResource):
    arn_type = "thesaurus"
    path_member = "SourceS3Path"

    def __init__(self, index: Index, settings: dict[str, Any]) -> None:
        super().__init__(index, "kendra::thesaurus", settings)
        self.content = Synonyms()

    @property
    def synonyms(self) -> Mapping[str, set[str]]:
        """Query-term stem -> the stems it also matches (read by Query)."""
        return self.content

    def parse(self, data: bytes) -> None:
        self.content = parse_synonyms(decode_text(data))

    def clear(self) -> None:
        self.content = Synonyms()

    def describe(self) -> dict[str, Any]:
        result = self.common()
        if self.file_size is not None:
            result["FileSizeBytes"] = self.file_size
            result["TermCount"] = len(self.content.terms)
            result["SynonymRuleCount"] = len(self.content.rules)
        return result

    def summary(self) -> dict[str, Any]:
        return {
            "Id": self.id,
            "Name": self.name,
            "Status": self.status,
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
        }


THESAURI: ChildLookup[Thesaurus] = ChildLookup(
    lambda index: index.thesauri, Thesaurus, THESAURUS_QUOTA, "thesauri per index"
)


class ThesaurusOperations(BackendBase):
    """Backend methods for thesauri."""

    def create_thesaurus(
        self,
        index_id: str,
        name: str,
        role_arn: str,
        source_s3_path: dict[str, str],
        description: str | None = None,
        tags: list[dict[str, str]] | None = None,
        client_token: str | None = None,
    ) -> dict[str, Any]:
        """CreateThesaurus -> ``{Id}``; CREATING, then ACTIVE (or FAILED when the file is bad)."""
        settings = source_settings(name, description, role_arn, source_s3_path)
        return THESAURI.create(self, "CreateThesaurus", index_id, client_token, tags, settings)

    def describe_thesaurus(self, id: str, index_id: str) -> dict[str, Any]:
        """DescribeThesaurus: stored members plus FileSizeBytes, TermCount, SynonymRuleCount."""
        return THESAURI.describe(self.get_index(index_id), id)

    def update_thesaurus(
        self,
        id: str,
        index_id: str,
        name: str | None = None,
        description: str | None = None,
        role_arn: str | None = None,
        source_s3_path: dict[str, str] | None = None,
    ) -> None:
        """UpdateThesaurus: refused while CREATING or DELETING; -> UPDATING, file re-read."""
        settings = source_settings(name, description, role_arn, source_s3_path)
        THESAURI.update(self.get_index(index_id, WRITE), id, settings)

    def delete_thesaurus(self, id: str, index_id: str) -> None:
        """DeleteThesaurus -> DELETING; its synonyms stop applying at once."""
        THESAURI.delete(self.get_index(index_id, CHILD_DELETE), id)

    list_thesauri = BackendBase.child_listing(
        Kind.THESAURUS, "ThesaurusSummaryItems", "ListThesauri: creation order, DELETING included."
    )
