"""Spell correction at engine level: the vocabulary (body words, document frequencies, the
df threshold), kept up to date as documents are put and deleted; the edit-distance walk
(checked against a brute-force distance); checked words; correction choice and ties;
offsets and the suggested text.  Unit tests of ``moto_kendra.search.lexicon`` and
``spelling``; the same in both modes."""

from __future__ import annotations

import random

import pytest

from moto_kendra.search.engine import SearchIndex, weigh
from moto_kendra.search.lexicon import Lexicon, _walk
from moto_kendra.search.spelling import Correction, Speller, suggested_text


def osa(a: str, b: str) -> int:
    """Restricted Damerau-Levenshtein distance, the textbook table."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        table[i][0] = i
    for j in range(len(b) + 1):
        table[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1,
                              table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


def test_the_walk_finds_exactly_the_words_within_the_distance() -> None:
    draw = random.Random(7)
    vocabulary = sorted({"".join(draw.choice("abcde") for _ in range(draw.randint(1, 7)))
                         for _ in range(600)})
    for _ in range(60):
        word = "".join(draw.choice("abcde") for _ in range(draw.randint(1, 8)))
        for limit in (1, 2):
            expected = sorted((osa(word, other), other) for other in vocabulary
                              if osa(word, other) <= limit)
            assert sorted(_walk(vocabulary, word, limit)) == expected


def test_a_swap_of_neighbours_is_one_edit() -> None:
    assert _walk(["receive"], "recieve", 1) == [(1, "receive")]
    # restricted: no edit inside a swapped pair (ca -> ac -> abc would be 2 unrestricted)
    assert osa("ca", "abc") == 3
    assert _walk(["abc"], "ca", 2) == []


def engine_of(*bodies: str, titles: tuple[str, ...] = ()) -> SearchIndex:
    engine = SearchIndex()
    for n, body in enumerate(bodies):
        title = titles[n] if n < len(titles) else None
        engine.add(f"d{n}", weigh(body, title, [], {}), n, {})
    engine.settle(lambda item: True)
    return engine


def speller(engine: SearchIndex) -> Speller:
    return Speller(engine.lexicon())


def test_the_vocabulary_holds_body_words_with_document_frequencies() -> None:
    engine = engine_of("Password password reset", "password policy", titles=("Vacation",))
    lexicon = engine.lexicon()
    assert lexicon.body_df == {"password": 2, "reset": 1, "policy": 1}
    assert lexicon.df["vacation"] == 1  # titles count for wildcards only
    assert speller(engine).correct("vacatoin") is None


def test_the_vocabulary_follows_puts_and_deletes() -> None:
    engine = engine_of("password")
    assert speller(engine).correct("passwrod") == "password"
    engine.add("d1", weigh("passport", None, [], {}), 1, {})
    engine.settle(lambda item: True)
    assert engine.lexicon().body_df["passport"] == 1
    engine.remove("d0")
    assert "password" not in engine.lexicon().body_df
    assert speller(engine).correct("passwrod") is None
    engine.add("d1", weigh("pasword", None, [], {}), 1, {})  # a re-put replaces the words
    engine.settle(lambda item: True)
    assert dict(engine.lexicon().body_df) == {"pasword": 1}
    assert engine.lexicon().prefixed("pass") == []


def test_the_vocabulary_survives_compaction_and_many_deletes() -> None:
    engine = engine_of(*[f"word{n} common" for n in range(200)])
    assert engine.lexicon().body_df["common"] == 200
    for n in range(150):
        engine.remove(f"d{n}")
    lexicon = engine.lexicon()
    assert lexicon.body_df["common"] == 50 and lexicon.documents == 50
    assert "word3" not in lexicon.body_df and lexicon.body_df["word160"] == 1


def test_documents_not_yet_searchable_wait() -> None:
    engine = SearchIndex()
    engine.add("d0", weigh("password", None, [], {}), "ready", {})
    engine.add("d1", weigh("passport", None, [], {}), "pending", {})
    engine.settle(lambda item: item == "ready")
    assert dict(engine.lexicon().body_df) == {"password": 1}
    engine.settle(lambda item: True)
    assert dict(engine.lexicon().body_df) == {"password": 1, "passport": 1}


def test_words_below_the_document_frequency_threshold_are_not_in_the_vocabulary() -> None:
    lexicon = Lexicon()
    lexicon.count([("common",)] * 19_999 + [("rare common",)])
    spell = Speller(lexicon)
    assert spell.least == 2  # ceil(0.0001 x 20,000)
    assert spell.known("common") and not spell.known("rare")
    assert spell.correct("rarr") is None


@pytest.mark.parametrize(("word", "checked"), [
    ("passwrod", True), ("Passwrod", True), ("ab", False), ("a" * 31, False),
    ("pass2word", False), ("the", False), ("would", False), ("password", False),
    ("passwords", False),  # its stem is a word of V
    ("policies", False),  # a word of V (policy) stems like it
    ("resetting", False),  # its stem reset is a word of V
])
def test_checked_words(word: str, checked: bool) -> None:
    spell = speller(engine_of("password policy reset"))
    assert spell.needs_checking(word) is checked


def test_short_words_get_one_edit_and_longer_words_two() -> None:
    spell = speller(engine_of("cart password"))
    assert spell.correct("cxrt") == "cart"
    assert spell.correct("cxxt") is None  # 4 characters: at most 1
    assert spell.correct("pxsswxrd") == "password"
    assert spell.correct("pxsxwxrd") is None


def test_ties_go_to_the_higher_df_then_code_point_order() -> None:
    spell = speller(engine_of("bat", "cat", "cat", "hat"))
    assert spell.correct("xat") == "cat"
    spell = speller(engine_of("bat hat"))
    assert spell.correct("xat") == "bat"
    spell = speller(engine_of("password", "passwords passwords"))
    assert spell.correct("passwrds") == "passwords"  # distance 1 beats distance 2


def test_corrections_carry_offsets_and_the_written_term() -> None:
    spell = speller(engine_of("reset your password on the portal"))
    text = "How do I Resett my pasword-portl?"
    corrections = spell.corrections(text)
    assert corrections == [
        Correction(9, 15, "Resett", "reset"),
        Correction(19, 26, "pasword", "password"),
        Correction(27, 32, "portl", "portal"),
    ]
    assert suggested_text(text, corrections) == "How do I reset my password-portal?"


def test_operator_words_field_words_and_wildcards_are_not_checked() -> None:
    spell = speller(engine_of("password portal category"))
    text = 'pasword AND categry:"pasword" portl* (pasword)'
    assert [c.begin for c in spell.corrections(text)] == [0, 38]


def test_nothing_to_correct_gives_no_corrections() -> None:
    spell = speller(engine_of("password"))
    assert spell.corrections("password zzzzzzzz") == []
    assert suggested_text("x", []) == "x"


def test_a_count_of_many_documents_at_once_matches_counting_them_one_by_one() -> None:
    documents = [(f"common word{n % 300} body{n}", f"title{n % 7} common") for n in range(700)]
    at_once, one_by_one = Lexicon(), Lexicon()
    at_once.count(documents)
    for document in documents:
        one_by_one.count([document])
    assert at_once.body_df == one_by_one.body_df and at_once.body_df["common"] == 700
    assert dict(at_once.df) == dict(one_by_one.df) and at_once.df["title3"] == 100
    assert at_once.prefixed("title") == one_by_one.prefixed("title") == [
        f"title{n}" for n in range(7)]
    at_once.count(documents[:650], -1)
    assert at_once.documents == 50 and "body0" not in at_once.body_df
    assert at_once.prefixed("body") == sorted(f"body{n}" for n in range(650, 700))
