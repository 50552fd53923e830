"""Query syntax at engine level: recognition, grammar, invalid syntax and its reasons, counting
and removal, field values, and evaluation of a tree over the inverted index (boolean
operators, phrases by position, wildcards, field units, positive terms).  Unit tests of
``moto_kendra.search.syntax``, ``values`` and ``boolean``; the same in both modes."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from moto_kendra.search.engine import SearchIndex, weigh
from moto_kendra.search.syntax import (
    MAX_NESTING,
    Field,
    Phrase,
    Seq,
    Term,
    Wildcard,
    parse,
    skipped_spans,
    uses_syntax,
)
from moto_kendra.search.values import date_span

FIELDS = {
    "category": "STRING_VALUE",
    "tags": "STRING_LIST_VALUE",
    "count": "LONG_VALUE",
    "created": "DATE_VALUE",
    "_document_title": "STRING_VALUE",
}
UTC = timezone.utc


def tree(text: str) -> Any:
    parsed = parse(text, FIELDS)
    assert parsed.syntax and parsed.error is None, parsed
    return parsed.tree


def reason(text: str) -> str | None:
    parsed = parse(text, FIELDS)
    assert parsed.syntax
    return parsed.error


def shape(node: Any) -> Any:
    """A tree without offsets, to compare structure."""
    if isinstance(node, Term):
        return node.stem
    if isinstance(node, Wildcard):
        return ("*", node.prefix)
    if isinstance(node, Phrase):
        return ('"', node.stems)
    if isinstance(node, Field):
        return (node.name, node.bounds)
    if isinstance(node, Seq):
        return tuple(shape(unit) for unit in node.units)
    name = type(node).__name__.upper()
    return (name, *(shape(part) for part in node.parts))


# -- recognition ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    'say "hello"', "(vacation)", "vacation)", "vacation AND flights", "x OR y", "x NOT y",
    "vacat*", "category:HR", 'category:"Human Resources"', "created:[2020 TO 2021]",
    "count:{1 TO 5}", "a_b-c:1", "AND",
])
def test_syntax_is_recognised(text: str) -> None:
    assert uses_syntax(text)


@pytest.mark.parametrize("text", [
    "vacation and flights or not hotels", "ANDROID ORACLE NOTE", "name: value", "a.b:c",
    "plain words only", "-category:x", "",
])
def test_plain_text_has_no_syntax_and_keeps_the_plain_path(text: str) -> None:
    assert uses_syntax(text) is False
    assert parse(text, FIELDS).syntax is False


def test_lower_case_operators_are_plain_stop_words() -> None:
    assert parse("vacation not flights", FIELDS).syntax is False


# -- grammar -----------------------------------------------------------------------------------


def test_juxtaposition_binds_tighter_than_not_then_and_then_or() -> None:
    assert shape(tree("b c NOT d AND e OR f")) == (
        "OR", ("AND", ("NOT", ("b", "c"), ("d",)), ("e",)), ("f",))


def test_operators_are_left_associative_and_flattened() -> None:
    assert shape(tree("b NOT c NOT d")) == ("NOT", ("b",), ("c",), ("d",))
    assert shape(tree("b AND c AND d")) == ("AND", ("b",), ("c",), ("d",))


def test_parentheses_group() -> None:
    assert shape(tree("b AND (c OR d)")) == ("AND", ("b",), (("OR", ("c",), ("d",)),))


def test_units() -> None:
    parsed = tree('Vacat* "Reset the Passwords" category:HR e-mail')
    assert parsed.units[0] == Wildcard("vacat", 0, 6)
    assert parsed.units[1] == Phrase(("reset", "the", "password"), ("reset", "password"), 7, 28)
    assert isinstance(parsed.units[2], Field) and parsed.units[2].bounds.equals == "HR"
    assert [unit.stem for unit in parsed.units[3:]] == ["e", "mail"]


def test_terms_drop_stop_words() -> None:
    assert shape(tree("how AND reset")) == ("reset",)


def test_deep_parentheses_are_bounded_and_invalid_past_the_bound() -> None:
    inside = "(" * MAX_NESTING + "x" + ")" * MAX_NESTING
    assert shape(tree(inside)) is not None
    deeper = "(" * (MAX_NESTING + 1) + "x" + ")" * (MAX_NESTING + 1)
    assert reason(deeper) == f"parentheses nested deeper than {MAX_NESTING} levels"
    assert reason("(" * 5000 + "x" + ")" * 5000) is not None  # no recursion error


def test_long_inputs_parse() -> None:
    text = " AND ".join(["x"] * 2000) + " " + "category:[a " * 500
    assert parse(text, FIELDS).syntax


# -- invalid syntax ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ('"reset password', "unbalanced quotation marks"),
    ('category:"HR', "unbalanced quotation marks"),
    ("(x", "unbalanced parentheses"),
    ("x)", "unbalanced parentheses"),
    (")x(", "unbalanced parentheses"),
    ("x () y", "unbalanced parentheses"),
    ("AND x", "AND needs an operand on each side"),
    ("x OR", "OR needs an operand on each side"),
    ("NOT x", "NOT needs an operand on each side"),
    ("x AND OR y", "AND needs an operand on each side"),
    ("(AND x)", "AND needs an operand on each side"),
    ("(x NOT) y", "NOT needs an operand on each side"),
    ("va*", "a wildcard needs at least 3 characters before a final *"),
    ("va*c", "a wildcard needs at least 3 characters before a final *"),
    ("vac**", "a wildcard needs at least 3 characters before a final *"),
    ("e-ma*", "a wildcard needs at least 3 characters before a final *"),
    ("nope:1", "nope is not an index field"),
    ("count:1.5", "the value for count is not a valid LONG_VALUE"),
    ("count:[1 TO x]", "the value for count is not a valid LONG_VALUE"),
    ("count:[1 TO 5}", "the value for count is not a valid LONG_VALUE"),
    ("count:[1 5]", "the value for count is not a valid LONG_VALUE"),
    ("created:2021-12-32", "the value for created is not a valid DATE_VALUE"),
    ("created:2021-02-29", "the value for created is not a valid DATE_VALUE"),
    ("created:2021-01-01T24", "the value for created is not a valid DATE_VALUE"),
    ("created:0000", "the value for created is not a valid DATE_VALUE"),
    ("created:>2021-1", "the value for created is not a valid DATE_VALUE"),
    ("category:>b", "category is not a LONG_VALUE or DATE_VALUE field"),
    ("tags:[a TO b]", "tags is not a LONG_VALUE or DATE_VALUE field"),
])
def test_each_reason(text: str, expected: str) -> None:
    assert reason(text) == expected


def test_quotes_come_first_then_parentheses_then_left_to_right() -> None:
    assert reason('nope:1 (x "y') == "unbalanced quotation marks"
    assert reason("nope:1 AND (x") == "unbalanced parentheses"
    assert reason("nope:1 AND va*") == "nope is not an index field"
    assert reason("va* nope:1") == "a wildcard needs at least 3 characters before a final *"
    assert reason("x AND count:x") == "the value for count is not a valid LONG_VALUE"
    assert reason("OR count:x") == "OR needs an operand on each side"


def test_an_invalid_query_has_no_tree() -> None:
    assert parse("x AND", FIELDS).tree is None


# -- field values ------------------------------------------------------------------------------


def span(text: str) -> tuple[datetime, datetime]:
    found = date_span(text)
    assert found is not None
    return found


def test_dates_name_spans_at_their_precision() -> None:
    assert span("2021") == (datetime(2021, 1, 1, tzinfo=UTC), datetime(2022, 1, 1, tzinfo=UTC))
    assert span("2021-12") == (datetime(2021, 12, 1, tzinfo=UTC),
                               datetime(2022, 1, 1, tzinfo=UTC))
    assert span("2021-02-28") == (datetime(2021, 2, 28, tzinfo=UTC),
                                  datetime(2021, 3, 1, tzinfo=UTC))
    assert span("2021-02-28T23") == (datetime(2021, 2, 28, 23, tzinfo=UTC),
                                     datetime(2021, 3, 1, tzinfo=UTC))
    assert span("86400") == (datetime(1970, 1, 2, tzinfo=UTC),
                             datetime(1970, 1, 2, 0, 0, 1, tzinfo=UTC))
    assert span("9999")[1] == datetime.max.replace(tzinfo=UTC)
    assert span("9" * 40) == (datetime.max.replace(tzinfo=UTC),) * 2


def field_bounds(text: str) -> Any:
    unit = tree(text).units[0]
    assert isinstance(unit, Field)
    return unit.bounds


@pytest.mark.parametrize(("text", "low", "low_in", "high", "high_in"), [
    ("count:5", 5, True, 5, True), ("count:>5", 5, False, None, True),
    ("count:>=-5", -5, True, None, True), ("count:<+5", None, True, 5, False),
    ("count:<=5", None, True, 5, True), ("count:[1 TO 5]", 1, True, 5, True),
    ("count:{1 TO 5}", 1, False, 5, False),
])
def test_long_values(text: str, low: Any, low_in: bool, high: Any, high_in: bool) -> None:
    bounds = field_bounds(text)
    assert (bounds.low, bounds.low_inclusive, bounds.high, bounds.high_inclusive) == (
        low, low_in, high, high_in)


def d(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "low", "high"), [
    ("created:2021", d(2021, 1, 1), d(2022, 1, 1)),
    ("created:>2021", d(2022, 1, 1), None),
    ("created:>=2021-06", d(2021, 6, 1), None),
    ("created:<2021-06-15", None, d(2021, 6, 15)),
    ("created:<=2021-06-15T10", None, d(2021, 6, 15, 11)),
    ("created:[2020 TO 2021-06]", d(2020, 1, 1), d(2021, 7, 1)),
    ("created:{2020 TO 2021-06}", d(2021, 1, 1), d(2021, 6, 1)),
])
def test_date_values_compare_as_spans(text: str, low: Any, high: Any) -> None:
    bounds = field_bounds(text)
    assert (bounds.low, bounds.high) == (low, high)
    assert bounds.low_inclusive and (high is None or not bounds.high_inclusive)


def test_string_values_are_exact_with_or_without_quotes() -> None:
    assert field_bounds('category:"Human Resources"').equals == "Human Resources"
    assert field_bounds("category:HR").equals == "HR"
    assert field_bounds("_document_title:Guide").equals == "Guide"


# -- counting and removal --------------------------------------------------------------------


def test_thirty_tokens_count_in_text_order_and_later_units_go() -> None:
    words = " ".join(f"w{n}" for n in range(35))
    kept = tree(f"({words})").units[0]
    assert [unit.stem for unit in kept.units] == [f"w{n}" for n in range(30)]


def test_the_api_reference_example_counts_three() -> None:
    parsed = tree("Timeoff AND October AND category:HR")
    assert shape(parsed)[0] == "AND" and len(parsed.parts) == 3


def test_a_unit_with_a_counted_token_past_the_thirtieth_goes_whole() -> None:
    words = " ".join(f"w{n}" for n in range(28))
    parsed = tree(f'{words} gamma* "alpha beta" z')  # the phrase counts 30th and 31st
    assert isinstance(parsed.units[-1], Wildcard)
    assert len(parsed.units) == 29


def test_stop_words_do_not_count_and_field_value_tokens_do() -> None:
    words = " ".join(f"w{n}" for n in range(28))
    parsed = tree(f"the {words} category:\"b c\" z")
    assert isinstance(parsed.units[-1], Field)  # 28 + 2: z is the 31st


def test_empty_units_seqs_and_operands_are_removed() -> None:
    assert tree('"the of" OR x') == Seq((Term("x", 12, 13),))
    assert shape(tree("x AND (the OR of)")) == ("x",)
    assert tree("the NOT x") is None  # A NOT B without A goes whole
    assert shape(tree("x NOT the")) == ("x",)
    assert tree("the AND of") is None


# -- evaluation ----------------------------------------------------------------------------------


DOCS = {
    "d1": ("Vacation policy: book flights early.", "Vacation guide",
           {"category": "HR", "count": 3, "created": d(2021, 6, 15, 10)}),
    "d2": ("Vacation days accrue monthly.", None,
           {"category": "HR", "count": 5, "created": d(2021, 12, 31, 23)}),
    "d3": ("Flights and hotels for business travel.", "Travel",
           {"category": "Finance", "tags": ["travel", "Flights"], "count": 10}),
    "d4": ("How do I reset the password? Reset the password here.", "Passwords", {}),
    "d5": ("The password reset page is not here. Vacuuming staff.", None,
           {"created": d(2022, 1, 1)}),
}


def index() -> SearchIndex:
    engine = SearchIndex()
    fields = {"tags": {"Search": {"Searchable": True}}}
    for doc_id, (body, title, values) in DOCS.items():
        attributes = [{"Key": key, "Value": {"StringListValue": value}}
                      for key, value in values.items() if key == "tags"]
        engine.add(doc_id, weigh(body, title, attributes, fields), doc_id, values)
    engine.settle(lambda item: True)
    return engine


def hits(text: str, engine: SearchIndex | None = None) -> list[str]:
    matches, _ = (engine or index()).search(tree(text))
    return sorted(str((engine or ENGINE).doc_ids[slot]) for slot in matches.scores)


ENGINE = index()


@pytest.mark.parametrize(("text", "expected"), [
    ("vacation NOT flights", ["d2"]),
    ("vacation AND flights", ["d1"]),
    ("vacation OR hotels", ["d1", "d2", "d3"]),
    ("(vacation OR hotels) NOT policy", ["d2", "d3"]),
    ("vacation NOT flights NOT monthly", []),
    ('"reset the password"', ["d4"]),
    ('"password reset"', ["d4", "d5"]),  # "password? Reset" in d4: punctuation is no gap
    ('"reset password"', []),  # not at consecutive positions
    ('"policy book"', ["d1"]),  # punctuation between tokens is no gap
    ('"vacation guide"', ["d1"]),  # within the title
    ('"guide vacation"', []),
    ('"early vacation"', []),  # body end and title start are different texts
    ('"travel flights"', []),  # two list elements are different texts
    ('"business travel"', ["d3"]),
    ("vacat*", ["d1", "d2"]),
    ("vac*", ["d1", "d2", "d5"]),
    ("zzz*", []),
    ("category:HR", ["d1", "d2"]),
    ("category:hr", []),
    ("tags:Flights", ["d3"]),
    ("count:>=5", ["d2", "d3"]),
    ("count:{3 TO 10}", ["d2"]),
    ("count:[3 TO 10]", ["d1", "d2", "d3"]),
    ("created:2021-06-15", ["d1"]),
    ("created:>2021", ["d5"]),
    ("created:<=2021-12", ["d1", "d2"]),
    ("_document_title:Travel", ["d3"]),
    ("category:HR flights", ["d1", "d2"]),  # a required unit: bare terms only rank
    ("(flights hotels)", ["d1", "d3"]),  # only optional units: any of them
])
def test_evaluation(text: str, expected: list[str]) -> None:
    assert hits(text, ENGINE) == expected


def test_positive_terms_leave_out_the_right_side_of_not_and_fields() -> None:
    _, selection = ENGINE.search(tree('vacat* "reset the password" NOT flights category:HR'))
    assert selection.terms == ["vacation", "reset", "password"]
    assert selection.phrases == [("reset", "the", "password")]


def test_hits_without_a_positive_term_score_zero_and_others_bm25() -> None:
    matches, selection = ENGINE.search(tree("category:HR flights"))
    assert selection.terms == ["flight"]
    by_id = {ENGINE.doc_ids[slot]: score for slot, score in matches.scores.items()}
    assert by_id["d2"] == 0.0 and by_id["d1"] > 0.0


def test_synonyms_match_terms_but_not_phrases() -> None:
    synonyms = {"holiday": {"vacation"}}  # sets, as the thesaurus gives them
    matches, _ = ENGINE.search(tree("holiday NOT flights"), synonyms)
    assert [ENGINE.doc_ids[slot] for slot in matches.scores] == ["d2"]
    matches, _ = ENGINE.search(tree('"holiday days"'), synonyms)
    assert matches.scores == {}


def test_an_empty_query_has_no_hits() -> None:
    matches, selection = ENGINE.search(None)
    assert matches.scores == {} and selection.terms == []


def test_wildcards_expand_to_the_twenty_most_frequent_words() -> None:
    engine = SearchIndex()
    for n in range(25):
        body = " ".join(f"pre{m:02d}" for m in range(n + 1))  # pre00 in all, pre24 in one
        engine.add(f"d{n}", weigh(body, None, [], {}), None, {})
    engine.settle(lambda item: True)
    expanded = engine.lexicon().expand("pre")
    assert expanded == [f"pre{m:02d}" for m in range(20)]
    _, selection = engine.search(tree("pre*"))
    assert selection.terms == [f"pre{m:02d}" for m in range(20)]


def test_wildcard_ties_go_in_code_point_order() -> None:
    engine = SearchIndex()
    engine.add("d", weigh("abcz abcb Abca", None, [], {}), None, {})
    engine.settle(lambda item: True)
    assert engine.lexicon().expand("abc") == ["abca", "abcb", "abcz"]


def test_documents_not_yet_searchable_are_no_hits_and_not_in_the_vocabulary() -> None:
    engine = SearchIndex()
    engine.add("d1", weigh("vacation", None, [], {}), "ready", {"count": 1})
    engine.add("d2", weigh("vacationing", None, [], {}), "pending", {"count": 1})
    engine.settle(lambda item: item == "ready")
    assert engine.lexicon().expand("vac") == ["vacation"]
    matches, _ = engine.search(tree("count:1"))
    assert [engine.doc_ids[slot] for slot in matches.scores] == ["d1"]


def test_skipped_spans_cover_operators_field_words_and_wildcards() -> None:
    text = 'recieve AND category:"a b" vacat* x'
    assert skipped_spans(text) == ((8, 11), (12, 26), (27, 33))
    assert skipped_spans("plain text") == ()


def test_values_of_another_type_fail_a_field_unit_and_naive_dates_are_utc() -> None:
    engine = SearchIndex()
    naive = datetime(2021, 5, 1)
    engine.add("d1", weigh("x", None, [], {}), None, {"count": "7", "created": naive})
    engine.add("d2", weigh("x", None, [], {}), None, {"count": True, "created": "2021"})
    engine.add("d3", weigh("x", None, [], {}), None, {"count": 7, "created": d(2021, 5, 1)})
    engine.settle(lambda item: True)
    for text, expected in (("count:>=1", ["d3"]), ("created:2021", ["d1", "d3"]),
                           ("(x) count:7", ["d3"]), ("(x) created:2021-05", ["d1", "d3"])):
        matches, _ = engine.search(tree(text))
        assert sorted(str(engine.doc_ids[slot]) for slot in matches.scores) == expected, text
