"""Query and Retrieve with query syntax, spell correction, ``_document_title``,
``Format`` and ``_email_id``: the rules as a user of the API sees them."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from relevance_corpus import DOCS as CORPUS
from relevance_corpus import SPELLING_CASES, SYNTAX_CASES, Oracle, load
from support import doc, expect_error

FIELDS = [
    {"Name": "category", "Type": "STRING_VALUE",
     "Search": {"Facetable": True, "Displayable": True, "Sortable": True}},
    {"Name": "year", "Type": "LONG_VALUE", "Search": {"Displayable": True, "Sortable": True}},
    {"Name": "reviewed", "Type": "DATE_VALUE", "Search": {"Displayable": True}},
]


def _doc(doc_id: str, text: str, title: str, category: str, year: int,
         reviewed: datetime) -> dict[str, Any]:
    return doc(doc_id, text, Title=title, Attributes=[
        {"Key": "category", "Value": {"StringValue": category}},
        {"Key": "year", "Value": {"LongValue": year}},
        {"Key": "reviewed", "Value": {"DateValue": reviewed}},
    ])


def _day(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=timezone.utc)


DOCS = [
    _doc("d1", "Employees plan vacation days in advance. Vacation requests go to managers.",
         "Vacation policy", "HR", 2020, _day(2021, 3, 4)),
    _doc("d2", "Book flights for your vacation through the travel portal.",
         "Flights", "Travel", 2021, _day(2021, 12, 31, 23)),
    _doc("d3", "To reset the password open settings. Password reset links expire.",
         "Passwords", "IT", 2022, _day(2022, 1, 1)),
    _doc("d4", "Password rules: reset password every year on the reset password page.",
         "Password rules", "IT", 2019, _day(2019, 6, 1)),
    _doc("d5", "Vacationers share tips for every vacationer.", "Tips", "HR", 2023,
         _day(2023, 1, 1)),
]


@pytest.fixture
def loaded(kendra: Any, index_id: str, put_docs: Any) -> str:
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=FIELDS)
    put_docs(*DOCS)
    return index_id


def query(kendra: Any, index_id: str, text: str, **kwargs: Any) -> dict[str, Any]:
    response = dict(kendra.query(IndexId=index_id, QueryText=text, **kwargs))
    response.pop("ResponseMetadata", None)
    return response


def ids(response: dict[str, Any]) -> list[str]:
    return [item["DocumentId"] for item in response["ResultItems"]]


def marked(text_with_highlights: dict[str, Any]) -> list[str]:
    text = text_with_highlights["Text"]
    return [text[h["BeginOffset"]:h["EndOffset"]] for h in text_with_highlights["Highlights"]]


# -- operators ---------------------------------------------------------------------------
def test_not_removes_the_documents_of_its_right_side(kendra: Any, loaded: str) -> None:
    assert sorted(ids(query(kendra, loaded, "vacation"))) == ["d1", "d2"]
    response = query(kendra, loaded, "vacation NOT flights")
    assert ids(response) == ["d1"]
    assert response["TotalNumberOfResults"] == 1
    assert "Warnings" not in response
    assert response["ResultItems"][0]["ScoreAttributes"]["ScoreConfidence"] == "VERY_HIGH"


def test_and_intersects_and_or_unites(kendra: Any, loaded: str) -> None:
    assert ids(query(kendra, loaded, "vacation AND flights")) == ["d2"]
    both = query(kendra, loaded, "flights OR settings")
    assert sorted(ids(both)) == ["d2", "d3"]
    # each hit matched one of the two positive terms
    assert {i["ScoreAttributes"]["ScoreConfidence"] for i in both["ResultItems"]} == {"MEDIUM"}


def test_and_binds_tighter_than_or_and_parentheses_group(kendra: Any, loaded: str) -> None:
    assert sorted(ids(query(kendra, loaded, "settings OR vacation AND flights"))) == ["d2", "d3"]
    assert ids(query(kendra, loaded, "(settings OR vacation) AND flights")) == ["d2"]


def test_lower_case_operators_are_plain_stop_words(kendra: Any, loaded: str) -> None:
    response = query(kendra, loaded, "vacation not flights")
    assert sorted(ids(response)) == ["d1", "d2"]
    assert "Warnings" not in response


# -- phrases -------------------------------------------------------------------------------
def test_a_phrase_matches_consecutive_positions_with_stop_words(kendra: Any, loaded: str
                                                                ) -> None:
    assert sorted(ids(query(kendra, loaded, "reset password"))) == ["d3", "d4"]
    response = query(kendra, loaded, '"reset the password"')
    assert ids(response) == ["d3"]
    excerpt = response["ResultItems"][0]["DocumentExcerpt"]
    # every token of the occurrence, the stop word too, then the terms elsewhere
    assert marked(excerpt) == ["reset", "the", "password", "Password", "reset"]
    assert [h["Type"] for h in excerpt["Highlights"]] == ["STANDARD"] * 5


def test_a_phrase_is_highlighted_whole_in_the_title(kendra: Any, loaded: str) -> None:
    item = query(kendra, loaded, '"password rules"')["ResultItems"][0]
    assert item["DocumentId"] == "d4"
    assert marked(item["DocumentTitle"]) == ["Password", "rules"]


def test_a_phrase_inside_a_sequence_is_required(kendra: Any, loaded: str) -> None:
    assert ids(query(kendra, loaded, '"reset password" page')) == ["d4"]
    assert ids(query(kendra, loaded, '"password reset"')) == ["d3"]


def test_the_excerpt_centres_on_the_first_highlighted_phrase_token(
        kendra: Any, index_id: str, put_docs: Any) -> None:
    body = " ".join(f"word{n}" for n in range(30)) + " the quick fox " + "tail " * 5
    put_docs(doc("long", body))
    excerpt = query(kendra, index_id, '"the quick fox"')["ResultItems"][0]["DocumentExcerpt"]
    assert excerpt["Text"].startswith("...word20 ")
    assert marked(excerpt) == ["the", "quick", "fox"]


# -- wildcards ---------------------------------------------------------------------------------
def test_a_trailing_wildcard_expands_to_vocabulary_words(kendra: Any, loaded: str) -> None:
    response = query(kendra, loaded, "vacat*")
    assert sorted(ids(response)) == ["d1", "d2", "d5"]
    d5 = next(i for i in response["ResultItems"] if i["DocumentId"] == "d5")
    assert marked(d5["DocumentExcerpt"]) == ["Vacationers", "vacationer"]
    assert ids(query(kendra, loaded, "zebra*")) == []


# -- fields ----------------------------------------------------------------------------------
def test_field_units_filter_and_rank_by_document_id_without_terms(kendra: Any, loaded: str
                                                                  ) -> None:
    response = query(kendra, loaded, "category:IT")
    assert ids(response) == ["d3", "d4"]
    for item in response["ResultItems"]:
        assert item["ScoreAttributes"]["ScoreConfidence"] == "NOT_AVAILABLE"
        assert item["DocumentExcerpt"]["Highlights"] == []
        assert item["DocumentTitle"]["Highlights"] == []
    assert ids(query(kendra, loaded, "category:it")) == []  # exact, case-sensitive


def test_ranges_and_comparisons_on_long_and_date_fields(kendra: Any, loaded: str) -> None:
    assert ids(query(kendra, loaded, "year:[2020 TO 2022]")) == ["d1", "d2", "d3"]
    assert ids(query(kendra, loaded, "year:{2020 TO 2022}")) == ["d2"]
    assert ids(query(kendra, loaded, "year:>=2022")) == ["d3", "d5"]
    assert ids(query(kendra, loaded, "reviewed:2021")) == ["d1", "d2"]  # the whole year
    assert ids(query(kendra, loaded, "reviewed:2021-12-31T23")) == ["d2"]
    assert ids(query(kendra, loaded, "reviewed:>2021")) == ["d3", "d5"]


def test_a_field_unit_with_terms_ranks_by_the_terms(kendra: Any, loaded: str) -> None:
    response = query(kendra, loaded, "password category:IT")
    assert sorted(ids(response)) == ["d3", "d4"]
    assert all(i["ScoreAttributes"]["ScoreConfidence"] == "VERY_HIGH"
               for i in response["ResultItems"])


def test_document_title_is_a_field_for_syntax_filters_and_sorting(kendra: Any, loaded: str
                                                                  ) -> None:
    assert ids(query(kendra, loaded, '_document_title:"Password rules"')) == ["d4"]
    title_filter = {"EqualsTo": {"Key": "_document_title", "Value": {"StringValue": "Tips"}}}
    assert ids(query(kendra, loaded, "vacationer", AttributeFilter=title_filter)) == ["d5"]
    assert ids(query(kendra, loaded, "password", AttributeFilter=title_filter)) == []
    ordered = query(kendra, loaded, "password OR vacation", SortingConfiguration={
        "DocumentAttributeKey": "_document_title", "SortOrder": "ASC"})
    assert ids(ordered) == ["d2", "d4", "d3", "d1"]  # Flights, Password rules, Passwords, ...


def test_document_title_reads_a_stored_attribute_only_without_a_title(
        kendra: Any, index_id: str, put_docs: Any) -> None:
    stored = [{"Key": "_document_title", "Value": {"StringValue": "Stored"}}]
    put_docs(doc("untitled", "shared words", Attributes=stored),
             doc("titled", "shared words", Title="Given", Attributes=stored))
    for title, found in (("Stored", ["untitled"]), ("Given", ["titled"])):
        wanted = {"EqualsTo": {"Key": "_document_title", "Value": {"StringValue": title}}}
        assert ids(query(kendra, index_id, "shared", AttributeFilter=wanted)) == found
        assert ids(query(kendra, index_id, f"shared _document_title:{title}")) == found


def test_document_title_facets_count_titles(kendra: Any, loaded: str) -> None:
    kendra.update_index(Id=loaded, DocumentMetadataConfigurationUpdates=[{
        "Name": "_document_title", "Type": "STRING_VALUE",
        "Search": {"Facetable": True, "Searchable": True, "Displayable": True,
                   "Sortable": True}}])
    response = query(kendra, loaded, "password",
                     Facets=[{"DocumentAttributeKey": "_document_title"}])
    assert response["FacetResults"] == [{
        "DocumentAttributeKey": "_document_title",
        "DocumentAttributeValueType": "STRING_VALUE",
        "DocumentAttributeValueCountPairs": [
            {"DocumentAttributeValue": {"StringValue": "Password rules"}, "Count": 1},
            {"DocumentAttributeValue": {"StringValue": "Passwords"}, "Count": 1},
        ],
    }]


# -- invalid syntax ------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "reason"), [
    ('"reset password', "unbalanced quotation marks"),
    ("(reset password", "unbalanced parentheses"),
    ("reset () password", "unbalanced parentheses"),
    ("AND password", "AND needs an operand on each side"),
    ("password OR", "OR needs an operand on each side"),
    ("password NOT AND reset", "NOT needs an operand on each side"),
    ("pa* password", "a wildcard needs at least 3 characters before a final *"),
    ("pass*word password", "a wildcard needs at least 3 characters before a final *"),
    ("colour:red password", "colour is not an index field"),
    ("year:twenty password", "the value for year is not a valid LONG_VALUE"),
    ("reviewed:2021-12-32 password", "the value for reviewed is not a valid DATE_VALUE"),
    ("category:>IT password", "category is not a LONG_VALUE or DATE_VALUE field"),
])
def test_invalid_syntax_runs_as_plain_text_with_a_warning(kendra: Any, loaded: str, text: str,
                                                          reason: str) -> None:
    response = query(kendra, loaded, text)
    assert response["Warnings"] == [{
        "Code": "QUERY_LANGUAGE_INVALID_SYNTAX",
        "Message": f"The query syntax is not valid ({reason}); the query was run as plain text.",
    }]
    plain = query(kendra, loaded, text.replace("*", " ").replace(":", " ").replace('"', " "))
    assert ids(response) == ids(plain)
    assert "password" in [t.lower() for i in response["ResultItems"]
                          for t in marked(i["DocumentExcerpt"])]


def test_a_query_left_empty_finds_nothing_without_a_warning(kendra: Any, loaded: str) -> None:
    response = query(kendra, loaded, '"the" AND (of)')
    assert (ids(response), response["TotalNumberOfResults"]) == ([], 0)
    assert "Warnings" not in response


# -- Retrieve ---------------------------------------------------------------------------------
def retrieved(kendra: Any, index_id: str, text: str) -> list[tuple[str, str]]:
    items = kendra.retrieve(IndexId=index_id, QueryText=text)["ResultItems"]
    return [(item["DocumentId"], item["ScoreAttributes"]["ScoreConfidence"]) for item in items]


def test_retrieve_accepts_the_syntax(kendra: Any, loaded: str) -> None:
    assert retrieved(kendra, loaded, "vacation NOT flights") == [("d1", "VERY_HIGH")]
    assert retrieved(kendra, loaded, '"reset the password"') == [("d3", "VERY_HIGH")]
    assert retrieved(kendra, loaded, "category:IT") == [("d3", "NOT_AVAILABLE"),
                                                        ("d4", "NOT_AVAILABLE")]


def test_retrieve_runs_invalid_syntax_as_plain_text_silently(kendra: Any, loaded: str) -> None:
    response = kendra.retrieve(IndexId=loaded, QueryText='"reset the password')
    assert "Warnings" not in response
    assert sorted(item["DocumentId"] for item in response["ResultItems"]) == ["d3", "d4"]


# -- spell correction ------------------------------------------------------------------------
SPELL = {"IncludeQuerySpellCheckSuggestions": True}


def test_misspelled_words_are_corrected_from_the_vocabulary(kendra: Any, loaded: str) -> None:
    text = "vacatoin pasword rules"
    response = query(kendra, loaded, text, SpellCorrectionConfiguration=SPELL)
    assert response["SpellCorrectedQueries"] == [{
        "SuggestedQueryText": "vacation password rules",
        "Corrections": [
            {"BeginOffset": 0, "EndOffset": 8, "Term": "vacatoin", "CorrectedTerm": "vacation"},
            {"BeginOffset": 9, "EndOffset": 16, "Term": "pasword", "CorrectedTerm": "password"},
        ],
    }]
    assert ids(response) == ["d4"]  # the results answer the original text


def test_spell_correction_keeps_the_term_as_written_and_skips_syntax(kendra: Any, loaded: str
                                                                     ) -> None:
    text = "Pasword AND category:Flihgts vacatn*"
    response = query(kendra, loaded, text, SpellCorrectionConfiguration=SPELL)
    assert response["SpellCorrectedQueries"] == [{
        "SuggestedQueryText": "password AND category:Flihgts vacatn*",
        "Corrections": [
            {"BeginOffset": 0, "EndOffset": 7, "Term": "Pasword", "CorrectedTerm": "password"},
        ],
    }]


def test_nothing_to_correct_gives_an_empty_list_and_no_request_omits_it(
        kendra: Any, loaded: str) -> None:
    assert query(kendra, loaded, "vacation requests",
                 SpellCorrectionConfiguration=SPELL)["SpellCorrectedQueries"] == []
    assert query(kendra, loaded, "qwxzv", SpellCorrectionConfiguration=SPELL
                 )["SpellCorrectedQueries"] == []  # no word close enough
    assert "SpellCorrectedQueries" not in query(kendra, loaded, "vacatoin")
    assert "SpellCorrectedQueries" not in query(
        kendra, loaded, "vacatoin",
        SpellCorrectionConfiguration={"IncludeQuerySpellCheckSuggestions": False})


# -- _email_id ------------------------------------------------------------------------------
def _email_filter(operator: str = "EqualsTo", value: Any = None) -> dict[str, Any]:
    return {operator: {"Key": "_email_id", "Value": value or {"StringValue": "null"}}}


def test_email_id_filters_only_on_gen_ai_indexes(kendra: Any, make_index: Any,
                                                 put_docs: Any) -> None:
    gen_ai = make_index("gen-ai", Edition="GEN_AI_ENTERPRISE_EDITION")
    put_docs(doc("plain", "quarterly report"), index=gen_ai)
    found = query(kendra, gen_ai, "report", AttributeFilter=_email_filter())
    assert ids(found) == ["plain"]  # null: the documents without an _email_id
    someone = _email_filter(value={"StringValue": "a@example.com"})
    assert ids(query(kendra, gen_ai, "report", AttributeFilter=someone)) == []
    message = "Attribute _email_id is not an index field of a matching type."
    for bad in (_email_filter("ContainsAny", {"StringListValue": ["a@example.com"]}),
                _email_filter(value={"LongValue": 1})):
        expect_error(lambda bad=bad: kendra.query(IndexId=gen_ai, QueryText="report",
                                                  AttributeFilter=bad),
                     "ValidationException", message)
    enterprise = make_index("enterprise")
    expect_error(lambda: kendra.query(IndexId=enterprise, QueryText="report",
                                      AttributeFilter=_email_filter()),
                 "ValidationException", message)


# -- the relevance corpus --------------------------------------------------------------------
@pytest.fixture
def corpus(kendra: Any, index_id: str) -> str:
    load(kendra, index_id)
    return index_id


def test_syntax_hits_rank_by_their_positive_terms(kendra: Any, corpus: str) -> None:
    oracle = Oracle()
    for text, positive, selects in SYNTAX_CASES:
        kept = [d for d in CORPUS if d.language == "en" and selects(d)]
        ranked = oracle.ranking(positive, keep=lambda d, kept=kept: d in kept)
        unscored = sorted(d.id for d in kept if d.id not in ranked)  # no positive term
        response = query(kendra, corpus, text, PageSize=100)
        assert ids(response) == ranked + unscored, text
        assert "Warnings" not in response


def test_spelling_cases_of_the_corpus(kendra: Any, corpus: str) -> None:
    for text, suggested in SPELLING_CASES:
        found = query(kendra, corpus, text, SpellCorrectionConfiguration=SPELL)
        expected = [] if suggested == text else [suggested]
        assert [q["SuggestedQueryText"] for q in found["SpellCorrectedQueries"]] == expected
