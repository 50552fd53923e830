"""Text analysis: tokens and their offsets, the stemmer rule by rule, stop words,
query terms.  Unit tests of ``moto_kendra.search.analysis``; the same in both modes."""

from __future__ import annotations

import pytest

from moto_kendra.search.analysis import (
    MAX_QUERY_TERMS,
    STOP_WORDS,
    Token,
    query_terms,
    stem,
    stems,
    tokenize,
)

SPEC_STOP_WORDS = (
    "a, about, above, after, again, all, am, an, and, any, are, as, at, be, been, before, being, "
    "below, between, both, but, by, can, could, did, do, does, doing, down, during, each, few, "
    "for, from, further, had, has, have, having, he, her, here, hers, herself, him, himself, "
    "his, how, i, if, in, into, is, it, its, itself, just, me, more, most, my, myself, no, nor, "
    "not, now, of, on, only, or, other, our, ours, ourselves, out, over, own, same, she, should, "
    "so, some, such, than, that, the, their, theirs, them, themselves, then, there, these, they, "
    "this, those, through, to, too, under, until, up, very, was, we, were, what, when, where, "
    "which, while, who, whom, why, will, with, would, you, your, yours, yourself, yourselves"
).split(", ")


# -- tokens ------------------------------------------------------------------------------------


def spans(text: str) -> list[tuple[str, int, int]]:
    return [(text[t.start:t.end], t.start, t.end) for t in tokenize(text)]


def test_tokens_are_runs_of_letters_and_digits_with_exclusive_end_offsets() -> None:
    text = "Hello, world-42!"
    assert spans(text) == [("Hello", 0, 5), ("world", 7, 12), ("42", 13, 15)]


def test_underscore_separates_tokens() -> None:
    assert [word for word, _, _ in spans("snake_case__name")] == ["snake", "case", "name"]


def test_unicode_letters_and_digits_belong_to_tokens() -> None:
    text = "Café naïve Ωmega ٣٤"
    assert spans(text) == [("Café", 0, 4), ("naïve", 5, 10), ("Ωmega", 11, 16), ("٣٤", 17, 19)]


def test_tokens_are_lower_cased_then_stemmed_but_offsets_point_into_the_original() -> None:
    text = "  PATIENTS\tPolicies"
    assert list(tokenize(text)) == [Token("patient", 2, 10), Token("policy", 11, 19)]


def test_text_without_letters_or_digits_has_no_tokens() -> None:
    assert list(tokenize(" ,.;-_!? ")) == []
    assert stems("") == []


# -- stemmer -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [("patients", "patient"), ("policies", "policy"), ("boxes", "box"), ("running", "run"),
     ("created", "creat"), ("create", "creat")],
)
def test_spec_examples(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word", ["its", "was", "bus", "ies", "eds"])
def test_tokens_of_three_characters_or_fewer_are_unchanged(word: str) -> None:
    assert stem(word) == word


@pytest.mark.parametrize(("word", "expected"), [("policies", "policy"), ("flies", "fly")])
def test_ies_becomes_y_when_longer_than_four(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_ies_of_length_four_only_loses_its_s() -> None:
    assert stem("ties") == "tie"


def test_sses_drops_es() -> None:
    # the plain -s rule would leave "asse" (four characters: the final-e rule keeps the e)
    assert stem("asses") == "ass"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("boxes", "box"), ("fezes", "fez"), ("aches", "ach"), ("ashes", "ash")],
)
def test_es_after_x_z_ch_sh_is_dropped(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_es_after_another_letter_only_loses_its_s() -> None:
    assert stem("tapes") == "tape"


@pytest.mark.parametrize("word", ["glass", "status", "analysis"])
def test_final_s_stays_after_ss_us_is(word: str) -> None:
    assert stem(word) == word


def test_final_s_is_dropped_otherwise() -> None:
    assert stem("patients") == "patient"
    assert stem("1990s") == "1990"


@pytest.mark.parametrize(("word", "expected"), [("string", "str"), ("jumping", "jump")])
def test_ing_is_dropped_when_three_characters_remain(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word", ["bring", "sing"])
def test_ing_stays_when_fewer_than_three_characters_would_remain(word: str) -> None:
    assert stem(word) == word


@pytest.mark.parametrize(("word", "expected"), [("played", "play"), ("jumped", "jump")])
def test_ed_is_dropped_when_three_characters_remain(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word", ["bled", "need"])
def test_ed_stays_when_fewer_than_three_characters_would_remain(word: str) -> None:
    assert stem(word) == word


@pytest.mark.parametrize(
    ("word", "expected"),
    [("running", "run"), ("stopped", "stop"), ("added", "ad"), ("hopping", "hop")],
)
def test_a_doubled_final_letter_is_undoubled_after_ing_or_ed(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("seeing", "see"), ("skiing", "ski"), ("falling", "fall"), ("passed", "pass"),
     ("buzzed", "buzz"), ("rolled", "roll")],
)
def test_doubled_vowels_y_l_s_z_are_kept(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word", ["butt", "staff", "egg"])
def test_doubled_letters_stay_when_no_ing_or_ed_was_dropped(word: str) -> None:
    assert stem(word) == word


@pytest.mark.parametrize(
    ("word", "expected"), [("create", "creat"), ("horse", "hors"), ("creating", "creat")]
)
def test_final_e_is_dropped_from_results_longer_than_four(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word", ["make", "tape"])
def test_final_e_stays_on_results_of_four_characters(word: str) -> None:
    assert stem(word) == word


def test_rules_chain_plural_then_suffix_then_e() -> None:
    assert stem("horses") == "hors"  # -s, then the final e of "horse"
    assert stem("agreed") == "agre"  # -ed leaves four characters: the e stays


# -- stop words and query terms ----------------------------------------------------------------


def test_stop_word_list_is_the_spec_list() -> None:
    assert STOP_WORDS == frozenset(SPEC_STOP_WORDS)


@pytest.mark.parametrize("word", SPEC_STOP_WORDS)
def test_each_stop_word_is_dropped_from_query_terms(word: str) -> None:
    assert query_terms(f"{word} insulin") == ["insulin"]


def test_stop_words_match_whatever_their_case() -> None:
    assert query_terms("The Patients AND Their policies") == ["patient", "policy"]


def test_words_outside_the_list_are_kept_and_stop_words_stay_in_documents() -> None:
    assert query_terms("whereas insulin") == ["wherea", "insulin"]
    assert stems("the patient") == ["the", "patient"]
    assert stems("how do I reset my password") == ["how", "do", "i", "reset", "my", "password"]


def test_a_question_is_scored_on_its_content_words() -> None:
    assert query_terms("how do I reset my password") == ["reset", "password"]
    assert query_terms("What should we do about it, and where?") == []


def test_only_stop_words_gives_no_terms() -> None:
    assert query_terms("to be or not to be") == []


def test_query_terms_are_stems_deduplicated_in_first_occurrence_order() -> None:
    assert query_terms("boxes patient Box patients policies box") == ["box", "patient", "policy"]


def test_only_the_first_thirty_distinct_terms_are_kept() -> None:
    words = [f"term{number}" for number in range(MAX_QUERY_TERMS + 5)]
    repeated = " ".join(words[:10] + words)  # repeats do not use up the limit
    assert MAX_QUERY_TERMS == 30
    assert query_terms(repeated) == words[:30]


@pytest.mark.parametrize(
    "text",
    [
        "Hello, World! The patients' policies_were RUNNING fast: 3.14 x2",
        "tab\there\nnew-line 'quoted' (brackets) [x] {y} a_b_c under_score",
        "Ünïcödé İstanbul straße — ünd 中文 ok",
        "\x00\x01control\x7fchars\x1f",
        "",
    ],
)
def test_stems_for_indexing_are_the_stems_of_tokenize(text):
    """The indexing tokenizer (with an ASCII fast path) finds exactly tokenize's tokens."""
    assert stems(text) == [token.stem for token in tokenize(text)]


def test_the_stem_cache_stays_bounded_and_keeps_learning(monkeypatch: pytest.MonkeyPatch) -> None:
    from moto_kendra.search import analysis

    monkeypatch.setattr(analysis, "MAX_CACHED_STEMS", 4)
    monkeypatch.setattr(analysis, "_STEMS", {})
    words = ["running", "cities", "boxes", "walked", "houses", "stopping"]
    assert analysis.stems(" ".join(words)) == [analysis._stem(word) for word in words]
    assert len(analysis._STEMS) <= 4
    assert "stopping" in analysis._STEMS  # the newest word is cached after a reset
