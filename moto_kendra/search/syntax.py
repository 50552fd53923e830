"""Query syntax: QueryText parsed once into a small tree.

**Recognition.** A *word* is a maximal run of characters other than whitespace, ``(``, ``)``
and ``"``.  Text uses syntax when it holds ``"``, ``(`` or ``)``, a word exactly ``AND``,
``OR`` or ``NOT`` (upper case only), a word holding ``*``, or a *field word*
``name:rest`` (name ``[A-Za-z0-9_][A-Za-z0-9_-]*``, rest non-empty; ``name:"..."`` and
``name:[a TO b]`` / ``name:{a TO b}`` are one field word, spaces included).  Other text is
plain (:func:`parse` says so at once and the plain-word search runs unchanged).

**Grammar**, precedence low to high: OR, AND, NOT, juxtaposition; parentheses group::

    query := and ("OR" and)*   and := not ("AND" not)*   not := seq ("NOT" seq)*
    seq   := unit+             unit := term | wildcard | phrase | field | "(" query ")"

**Invalid syntax** (the first found: quotes, then parentheses, then left to right) gives a
reason and no tree; the caller then runs the text as plain words.  Parentheses may nest at
most :data:`MAX_NESTING` levels (deeper is invalid, so parsing never recurses without
bound).  Parsing is linear in the text.

**Counting and removal.** At most 30 tokens count, in text order: bare terms, non-stop phrase
tokens, one per wildcard and the non-stop tokens of field values.  A unit with a counted token
past the 30th is removed, as is a term or phrase without non-stop tokens; then a seq or group
left empty; an operator left with one operand becomes that operand (``A NOT B`` without A
goes whole).  A valid query left empty has the tree ``None`` and no hits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from .analysis import MAX_QUERY_TERMS, STOP_WORDS, tokenize
from .values import BadValue, Bounds, bounds

MAX_NESTING = 32
OPERATORS = ("AND", "OR", "NOT")
_RECOGNISE = re.compile(
    r'["()*]|(?<![^\s()"])(?:(?:AND|OR|NOT)(?![^\s()"])|[A-Za-z0-9_][A-Za-z0-9_-]*:[^\s()"])'
)
_WORD = re.compile(r'[^\s()"]+')
_FIELD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*:")
_RANGE_END = re.compile(r'[\]}"()]')
_TOKEN = re.compile(r"[^\W_]+")


# -- the tree ------------------------------------------------------------------------------
class Term(NamedTuple):
    """A bare term: one non-stop token's stem; optional inside a seq that has a required
    unit."""

    stem: str
    start: int
    end: int


class Wildcard(NamedTuple):
    """``prefix*``: matches the stems of the vocabulary words the prefix expands to."""

    prefix: str  # lower-cased
    start: int
    end: int


class Phrase(NamedTuple):
    """``"..."``: its stems at consecutive positions (stop words keep their positions)."""

    stems: tuple[str, ...]
    content: tuple[str, ...]  # the stems of its non-stop tokens, in order
    start: int
    end: int


class Field(NamedTuple):
    """``name:value``: documents whose attribute ``name`` (of type ``kind``) is accepted by
    ``bounds``; a document lacking the attribute fails."""

    name: str
    kind: str
    bounds: Bounds
    start: int
    end: int


class Seq(NamedTuple):
    """Juxtaposed units: the documents satisfying every required unit (phrase, field,
    group), or, without one, those holding one of its bare terms or wildcard words."""

    units: tuple[Node, ...]


class And(NamedTuple):
    parts: tuple[Node, ...]  # intersection


class Or(NamedTuple):
    parts: tuple[Node, ...]  # union


class Not(NamedTuple):
    parts: tuple[Node, ...]  # the first part minus every later one


Node = Term | Wildcard | Phrase | Field | Seq | And | Or | Not
OPTIONAL = (Term, Wildcard)


class Parsed(NamedTuple):
    """What :func:`parse` found.  ``syntax`` False: plain text.  ``error``: the reason the
    syntax is invalid (run the text as plain words).  Otherwise ``tree`` (None: no hits).
    ``skipped``: [start, end) spans of operator words, field words and wildcards."""

    syntax: bool
    error: str | None = None
    tree: Node | None = None
    skipped: tuple[tuple[int, int], ...] = ()


class _Lexeme(NamedTuple):
    kind: str  # "(", ")", "OP", "WORD", "PHRASE", "FIELD"
    text: str  # the word, operator, phrase content or field value
    start: int
    end: int
    name: str = ""  # a field's name
    quoted: bool = False  # a field value written in quotes


class SyntaxProblem(Exception):
    """Invalid syntax, with the reason the caller reports."""


def uses_syntax(text: str) -> bool:
    return _RECOGNISE.search(text) is not None


def parse(text: str, fields: Mapping[str, str]) -> Parsed:
    """Parse QueryText; ``fields`` maps each index field name to its type (``STRING_VALUE``,
    ``STRING_LIST_VALUE``, ``LONG_VALUE`` or ``DATE_VALUE``)."""
    if not uses_syntax(text):
        return Parsed(False)
    lexemes, balanced = _lex(text)
    skipped = tuple((lexeme.start, lexeme.end) for lexeme in lexemes if _skipped(lexeme))
    try:
        if not balanced:
            raise SyntaxProblem("unbalanced quotation marks")
        _check_parentheses(lexemes)
        _check_units(lexemes, fields)
    except SyntaxProblem as problem:
        return Parsed(True, str(problem), None, skipped)
    return Parsed(True, None, _Builder(lexemes, fields).tree(), skipped)


def skipped_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the operator words, field words and wildcards of ``text`` (none when the
    text is plain), which spell checking leaves alone."""
    if not uses_syntax(text):
        return ()
    return tuple((lexeme.start, lexeme.end) for lexeme in _lex(text)[0] if _skipped(lexeme))


def _skipped(lexeme: _Lexeme) -> bool:
    return lexeme.kind in ("OP", "FIELD") or (lexeme.kind == "WORD" and "*" in lexeme.text)


# -- lexing ----------------------------------------------------------------------------------
def _lex(text: str) -> tuple[list[_Lexeme], bool]:
    """The lexemes of ``text`` and whether its quotes pair up (an unpaired quote opens a
    phrase running to the end)."""
    lexemes: list[_Lexeme] = []
    balanced = text.count('"') % 2 == 0
    range_end = (-1, -1)  # the last search for a range's end: (from, found at)
    at, size = 0, len(text)
    while at < size:
        char = text[at]
        if char.isspace():
            at += 1
        elif char in "()":
            lexemes.append(_Lexeme(char, char, at, at + 1))
            at += 1
        elif char == '"':
            close = text.find('"', at + 1)
            if close < 0:
                close = size
            lexemes.append(_Lexeme("PHRASE", text[at + 1:close], at, min(close + 1, size)))
            at = close + 1
        else:
            lexeme, range_end = _lex_word(text, at, range_end)
            lexemes.append(lexeme)
            at = lexeme.end
    return lexemes, balanced


def _lex_word(text: str, at: int,
              range_end: tuple[int, int]) -> tuple[_Lexeme, tuple[int, int]]:
    """The word (or field word) starting at ``at``.  ``range_end`` caches the last search
    for the end of a bracket range, so that no character is scanned twice for it."""
    match = _WORD.match(text, at)
    assert match is not None
    word, end = match.group(), match.end()
    field = _FIELD.match(word)
    if field is None:
        return _Lexeme("OP" if word in OPERATORS else "WORD", word, at, end), range_end
    name, value_at = word[:field.end() - 1], at + field.end()
    if value_at == end and end < len(text) and text[end] == '"':
        close = text.find('"', end + 1)
        if close < 0:  # unbalanced: the value runs to the end
            close = len(text)
        return (_Lexeme("FIELD", text[end + 1:close], at, min(close + 1, len(text)), name, True),
                range_end)
    if value_at == end:
        return _Lexeme("WORD", word, at, end), range_end
    if text[value_at] in "[{":
        if range_end[0] <= value_at <= range_end[1]:
            found = range_end[1]
        else:
            stop = _RANGE_END.search(text, value_at)
            found = stop.start() if stop else len(text)
            range_end = (value_at, found)
        if found < len(text) and text[found] in "]}":
            rest = _WORD.match(text, found + 1)
            end = rest.end() if rest else found + 1
    return _Lexeme("FIELD", text[value_at:end], at, end, name), range_end


# -- checks ------------------------------------------------------------------------------------
def _check_parentheses(lexemes: list[_Lexeme]) -> None:
    depth = 0
    previous = ""
    for lexeme in lexemes:
        if lexeme.kind == "(":
            depth += 1
            if depth > MAX_NESTING:
                raise SyntaxProblem(f"parentheses nested deeper than {MAX_NESTING} levels")
        elif lexeme.kind == ")":
            depth -= 1
            if depth < 0 or previous == "(":
                raise SyntaxProblem("unbalanced parentheses")
        previous = lexeme.kind
    if depth:
        raise SyntaxProblem("unbalanced parentheses")


_ENDS_OPERAND = ("WORD", "PHRASE", "FIELD", ")")
_STARTS_OPERAND = ("WORD", "PHRASE", "FIELD", "(")


def _check_units(lexemes: list[_Lexeme], fields: Mapping[str, str]) -> None:
    """Operators, wildcards and field words, left to right."""
    for position, lexeme in enumerate(lexemes):
        if lexeme.kind == "OP":
            before = lexemes[position - 1].kind if position else ""
            after = lexemes[position + 1].kind if position + 1 < len(lexemes) else ""
            if before not in _ENDS_OPERAND or after not in _STARTS_OPERAND:
                raise SyntaxProblem(f"{lexeme.text} needs an operand on each side")
        elif lexeme.kind == "WORD" and "*" in lexeme.text:
            _check_wildcard(lexeme.text)
        elif lexeme.kind == "FIELD":
            _field_bounds(lexeme, fields)


def _check_wildcard(word: str) -> None:
    if ":" in word and word.endswith("*") and word.count("*") == 1:
        return  # not a wildcard (it has a colon): a plain term
    prefix = word[:-1]
    if (not word.endswith("*") or "*" in prefix or len(prefix) < 3
            or not _TOKEN.fullmatch(prefix)):
        raise SyntaxProblem("a wildcard needs at least 3 characters before a final *")


def _is_wildcard(word: str) -> bool:
    return word.endswith("*") and ":" not in word


def _field_bounds(lexeme: _Lexeme, fields: Mapping[str, str]) -> Bounds:
    kind = fields.get(lexeme.name)
    if kind is None:
        raise SyntaxProblem(f"{lexeme.name} is not an index field")
    try:
        return bounds(kind, lexeme.text, lexeme.quoted)
    except BadValue as problem:
        if problem.ordered:
            raise SyntaxProblem(
                f"{lexeme.name} is not a LONG_VALUE or DATE_VALUE field") from None
        raise SyntaxProblem(f"the value for {lexeme.name} is not a valid {kind}") from None


# -- building the tree ---------------------------------------------------------------------------
class _Builder:
    """Recursive descent over checked lexemes (recursion bounded by the nesting limit),
    counting tokens in text order and removing what the counting rules remove."""

    def __init__(self, lexemes: list[_Lexeme], fields: Mapping[str, str]) -> None:
        self.lexemes = lexemes
        self.fields = fields
        self.at = 0
        self.counted = 0

    def tree(self) -> Node | None:
        return self._query()

    def _peek(self, kind: str, text: str | None = None) -> bool:
        if self.at >= len(self.lexemes):
            return False
        lexeme = self.lexemes[self.at]
        return lexeme.kind == kind and (text is None or lexeme.text == text)

    def _chain(self, operator: str, below: str) -> list[Node | None]:
        parts = [getattr(self, below)()]
        while self._peek("OP", operator):
            self.at += 1
            parts.append(getattr(self, below)())
        return parts

    def _query(self) -> Node | None:
        return _joined(Or, self._chain("OR", "_and"))

    def _and(self) -> Node | None:
        return _joined(And, self._chain("AND", "_not"))

    def _not(self) -> Node | None:
        parts = self._chain("NOT", "_seq")
        if parts[0] is None:
            return None
        rest = tuple(part for part in parts[1:] if part is not None)
        return Not((parts[0], *rest)) if rest else parts[0]

    def _seq(self) -> Node | None:
        units: list[Node] = []
        while self.at < len(self.lexemes):
            lexeme = self.lexemes[self.at]
            if lexeme.kind == "(":
                self.at += 1
                group = self._query()
                self.at += 1  # the checked closing parenthesis
                if group is not None:
                    units.append(group)
            elif lexeme.kind in ("WORD", "PHRASE", "FIELD"):
                self.at += 1
                units.extend(self._units(lexeme))
            else:
                break
        return Seq(tuple(units)) if units else None

    def _count(self, tokens: int) -> bool:
        """Count ``tokens`` more; whether they all fall within the limit."""
        self.counted += tokens
        return self.counted <= MAX_QUERY_TERMS

    def _units(self, lexeme: _Lexeme) -> list[Node]:
        if lexeme.kind == "FIELD":
            counted = len(_content_tokens(lexeme.text))
            if not self._count(counted):
                return []
            return [Field(lexeme.name, self.fields[lexeme.name],
                          _field_bounds(lexeme, self.fields), lexeme.start, lexeme.end)]
        if lexeme.kind == "PHRASE":
            tokens = list(tokenize(lexeme.text))
            content = tuple(token.stem for token in tokens
                            if lexeme.text[token.start:token.end].lower() not in STOP_WORDS)
            if not self._count(len(content)) or not content:
                return []
            return [Phrase(tuple(token.stem for token in tokens), content, lexeme.start,
                           lexeme.end)]
        if _is_wildcard(lexeme.text):
            prefix = lexeme.text[:-1].lower()
            return [Wildcard(prefix, lexeme.start, lexeme.end)] if self._count(1) else []
        units: list[Node] = []
        for token in tokenize(lexeme.text):
            if lexeme.text[token.start:token.end].lower() in STOP_WORDS:
                continue
            if self._count(1):
                units.append(Term(token.stem, lexeme.start + token.start,
                                  lexeme.start + token.end))
        return units


def _content_tokens(text: str) -> list[str]:
    return [word for word in (w.lower() for w in _TOKEN.findall(text)) if word not in STOP_WORDS]


def _joined(kind: type[And] | type[Or], parts: list[Node | None]) -> Node | None:
    kept = tuple(part for part in parts if part is not None)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else kind(kept)


# -- reading a tree ---------------------------------------------------------------------------
def positive_units(node: Node | None) -> list[Term | Wildcard | Phrase]:
    """The bare terms, wildcards and phrases not inside the right operand of a NOT, in text
    order (their stems, with wildcard expansions, are the query's ranking terms)."""
    found: list[Term | Wildcard | Phrase] = []
    stack: list[Node] = [] if node is None else [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (Term, Wildcard, Phrase)):
            found.append(current)
        elif isinstance(current, Seq):
            stack.extend(reversed(current.units))
        elif isinstance(current, Not):
            stack.append(current.parts[0])
        elif isinstance(current, (And, Or)):
            stack.extend(reversed(current.parts))
    return found


def bare_stems(node: Node | None) -> list[str]:
    """The stems of every bare term of the tree (a NOT's right side included), in text
    order: the stems whose thesaurus synonyms the evaluation may use."""
    found: list[str] = []
    stack: list[Node] = [] if node is None else [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Term):
            found.append(current.stem)
        elif isinstance(current, Seq):
            stack.extend(reversed(current.units))
        elif isinstance(current, (And, Or, Not)):
            stack.extend(reversed(current.parts))
    return found
