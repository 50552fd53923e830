"""FAQs: their rules, DescribeIndex's IndexedQuestionAnswersCount, QUESTION_ANSWER results
in Query, the FAQ quota.
Rules FAQs share with thesauri and block lists are in test_file_resources.py."""

from __future__ import annotations

from typing import Any

import pytest
from file_support import FAQ, Files, bad_line
from support import expect_error

PAIRS = "What is Kendra?,A search service.\nHow do I reset my password?,Use the reset link.\n"


@pytest.fixture
def files(endpoint: str | None) -> Files:
    return Files(endpoint)


def create(kendra: Any, index_id: str, path: dict[str, str], **extra: Any) -> str:
    return FAQ.create(kendra, index_id, path, **extra)


def answers_count(kendra: Any, index_id: str) -> int:
    statistics = kendra.describe_index(Id=index_id)["IndexStatistics"]
    return int(statistics["FaqStatistics"]["IndexedQuestionAnswersCount"])


def outcome(kendra: Any, index_id: str, faq: str) -> tuple[str, str | None]:
    described = FAQ.describe(kendra, index_id, faq)
    return described["Status"], described.get("ErrorMessage")


def question_answers(kendra: Any, index_id: str, text: str) -> list[dict[str, Any]]:
    items = kendra.query(IndexId=index_id, QueryText=text)["ResultItems"]
    return [item for item in items if item["Type"] == "QUESTION_ANSWER"]


def question_of(item: dict[str, Any]) -> str:
    """A QUESTION_ANSWER item's question (its QuestionText; its DocumentTitle is empty)."""
    [question] = [a for a in item["AdditionalAttributes"] if a["Key"] == "QuestionText"]
    return str(question["Value"]["TextWithHighlightsValue"]["Text"])


def add_fields(kendra: Any, index_id: str, **kinds: str) -> None:
    """Declare index fields ``name=TYPE`` (facetable and displayable)."""
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[
        {"Name": name, "Type": kind, "Search": {"Facetable": True, "Displayable": True}}
        for name, kind in kinds.items()
    ])


# -- stored members -----------------------------------------------------------------------


def test_file_format_defaults_to_csv_and_language_code_to_en(kendra, index_id, files):
    faq = create(kendra, index_id, files.put(PAIRS))
    described = FAQ.describe(kendra, index_id, faq)
    assert (described["FileFormat"], described["LanguageCode"]) == ("CSV", "en")
    [summary] = FAQ.items(kendra, index_id)
    assert (summary["FileFormat"], summary["LanguageCode"]) == ("CSV", "en")


def test_file_format_and_language_code_are_stored_as_given(kendra, index_id, files):
    body = '{"SchemaVersion": 1, "FaqDocuments": []}'
    faq = create(kendra, index_id, files.put(body), FileFormat="JSON", LanguageCode="fr")
    described = FAQ.describe(kendra, index_id, faq)
    assert (described["FileFormat"], described["LanguageCode"]) == ("JSON", "fr")
    [summary] = FAQ.items(kendra, index_id)
    assert (summary["FileFormat"], summary["LanguageCode"]) == ("JSON", "fr")


def test_list_is_in_creation_order_and_pages_with_next_token(kendra, index_id, files):
    path = files.put(PAIRS)
    created = [create(kendra, index_id, path, name=f"faq-{n}") for n in range(3)]
    first = FAQ.listed(kendra, index_id, MaxResults=2)
    assert [item["Id"] for item in first["FaqSummaryItems"]] == created[:2]
    rest = FAQ.listed(kendra, index_id, MaxResults=2, NextToken=first["NextToken"])
    assert [item["Id"] for item in rest["FaqSummaryItems"]] == created[2:]
    assert "NextToken" not in rest


def test_a_foreign_next_token_is_invalid(kendra, index_id, make_index, files):
    path = files.put(PAIRS)
    for n in range(2):
        create(kendra, index_id, path, name=f"faq-{n}")
    token = FAQ.listed(kendra, index_id, MaxResults=1)["NextToken"]
    other = make_index("other")
    expect_error(lambda: FAQ.listed(kendra, other, NextToken=token), "ValidationException",
                 "Invalid NextToken.")


def test_quota_of_30_faqs_per_index(kendra, index_id, files):
    path = files.put(PAIRS)
    for n in range(30):
        create(kendra, index_id, path, name=f"faq-{n}")
    expect_error(lambda: create(kendra, index_id, path), "ServiceQuotaExceededException",
                 "Quota exceeded: at most 30 FAQs per index.")
    assert len(FAQ.listed(kendra, index_id)["FaqSummaryItems"]) == 30


# -- CSV ------------------------------------------------------------------------------------


def test_csv_records_become_pairs_skipping_blank_lines(kendra, index_id, files):
    body = 'Q one,A one\n\n"Q two, with a comma","A two\nspans lines",https://example.com/2\n'
    faq = create(kendra, index_id, files.put(body))
    assert outcome(kendra, index_id, faq) == ("ACTIVE", None)
    assert answers_count(kendra, index_id) == 2


CSV_ERRORS = {
    "one column": ("Q1,A1\nQ2\n", 2, "expected 2 or 3 columns, found 1"),
    "four columns": ("Q1,A1\nQ2,A2,https://x.example,extra\n", 2,
                     "expected 2 or 3 columns, found 4"),
    "empty question": ("Q1,A1\n  ,A2\n", 2, "the question is empty"),
    "empty answer": ("Q1,\n", 1, "the answer is empty"),
    "bad url": ("Q1,A1,not a url\n", 1, "the URL is not valid"),
    "line after a multi-line record": ('"Q1\nmore",A1\nQ2,\n', 3, "the answer is empty"),
    "unterminated quote": ('Q1,A1\nQ2,"A2\n', 2, "not valid CSV"),
    "text after a closing quote": ('"Q1"x,A1\n', 1, "not valid CSV"),
    "not utf-8": (b"Q1,A1\nQ2,\xff\n", 2, "not valid UTF-8"),
}


def check_failures(kendra: Any, index_id: str, files: Files, cases: dict[str, Any],
                   **extra: Any) -> None:
    """Each case's file puts its FAQ in FAILED with an ErrorMessage naming the line."""
    for case, (body, line, reason) in cases.items():
        path = files.put(body)
        faq = create(kendra, index_id, path, **extra)
        assert outcome(kendra, index_id, faq) == ("FAILED", bad_line(path, line, reason)), case
    assert answers_count(kendra, index_id) == 0


def test_malformed_csv_fails_naming_the_line(kendra, index_id, files):
    check_failures(kendra, index_id, files, CSV_ERRORS)


def test_a_byte_order_mark_is_not_part_of_the_first_question(kendra, index_id, files):
    create(kendra, index_id, files.put("\ufeffWhat is Kendra?,A search service.\n"))
    [item] = question_answers(kendra, index_id, "kendra")
    assert question_of(item) == "What is Kendra?"


# -- CSV_WITH_HEADER ------------------------------------------------------------------------


def test_csv_with_header_reads_columns_by_name(kendra, index_id, files):
    add_fields(kendra, index_id, team="STRING_VALUE")
    body = (
        "team,_answer,_question,_source_uri\n"
        "search,Use the reset link.,How do I reset my password?,https://example.com/reset\n"
        ",A search service.,What is Kendra?,\n"
    )
    faq = create(kendra, index_id, files.put(body), FileFormat="CSV_WITH_HEADER")
    assert outcome(kendra, index_id, faq) == ("ACTIVE", None)
    assert answers_count(kendra, index_id) == 2
    [item] = question_answers(kendra, index_id, "reset password")
    assert question_of(item) == "How do I reset my password?"
    assert item["DocumentURI"] == "https://example.com/reset"
    assert item["DocumentAttributes"] == [
        {"Key": "_source_uri", "Value": {"StringValue": "https://example.com/reset"}},
        {"Key": "team", "Value": {"StringValue": "search"}},
    ]


def test_csv_with_header_and_no_rows_has_no_pairs(kendra, index_id, files):
    faq = create(kendra, index_id, files.put("_question,_answer\n"), FileFormat="CSV_WITH_HEADER")
    assert outcome(kendra, index_id, faq) == ("ACTIVE", None)
    assert answers_count(kendra, index_id) == 0


HEADER_ERRORS = {
    "no answer column": ("_question,answer\nQ,A\n", 1, "the header names no _answer column"),
    "no question column": ("\n_answer,x\nA,B\n", 2, "the header names no _question column"),
    "column named twice": ("_question,_answer,_category,_category\nQ,A,x,y\n", 1,
                           "the header names _category twice"),
    "unnamed column": ("_question,,_answer\nQ,x,A\n", 1, "a header column has no name"),
    "short row": ("_question,_answer,_category\nQ,A,x\nQ2,A2\n", 3,
                  "expected 3 columns, found 2"),
    "bad source uri": ("_question,_answer,_source_uri\nQ,A,ftp:/x\n", 2, "the URL is not valid"),
    "empty answer": ("_question,_answer\nQ,\n", 2, "the answer is empty"),
}


def test_malformed_csv_with_header_fails_naming_the_line(kendra, index_id, files):
    check_failures(kendra, index_id, files, HEADER_ERRORS, FileFormat="CSV_WITH_HEADER")


# -- JSON -----------------------------------------------------------------------------------


def test_json_faq_documents_become_pairs(kendra, index_id, files):
    add_fields(kendra, index_id, team="STRING_VALUE", year="LONG_VALUE",
               tags="STRING_LIST_VALUE")
    body = """{
      "SchemaVersion": 1,
      "FaqDocuments": [
        {"Question": "How do I reset my password?", "Answer": "Use the reset link.",
         "Attributes": {"_source_uri": "https://example.com/reset", "team": "search",
                        "year": 2024, "tags": ["a", "b"]}},
        {"Question": "What is Kendra?", "Answer": "A search service."}
      ]
    }"""
    faq = create(kendra, index_id, files.put(body), FileFormat="JSON")
    assert outcome(kendra, index_id, faq) == ("ACTIVE", None)
    assert answers_count(kendra, index_id) == 2
    [item] = question_answers(kendra, index_id, "reset password")
    assert item["DocumentURI"] == "https://example.com/reset"
    assert item["DocumentAttributes"] == [
        {"Key": "_source_uri", "Value": {"StringValue": "https://example.com/reset"}},
        {"Key": "team", "Value": {"StringValue": "search"}},
        {"Key": "year", "Value": {"LongValue": 2024}},
        {"Key": "tags", "Value": {"StringListValue": ["a", "b"]}},
    ]


def _entries(*entries: str) -> str:
    return '{\n  "SchemaVersion": 1,\n  "FaqDocuments": [\n' + ",\n".join(entries) + "\n  ]\n}"


GOOD = '    {"Question": "q", "Answer": "a"}'
JSON_ERRORS = {
    "not json": ('{\n  "SchemaVersion": 1,\n  "FaqDocuments": [}\n', 3, "not valid JSON"),
    "not an object": ("[]", 1, "the file is not a JSON object"),
    "schema version 2": ('{\n  "SchemaVersion": 2,\n  "FaqDocuments": []\n}', 2,
                         "SchemaVersion must be 1"),
    "no schema version": ('{"FaqDocuments": []}', 1, "SchemaVersion must be 1"),
    "documents not a list": ('{\n  "SchemaVersion": 1,\n  "FaqDocuments": {}\n}', 3,
                             "FaqDocuments must be a list"),
    "no documents": ('{"SchemaVersion": 1}', 1, "FaqDocuments must be a list"),
    "entry not an object": (_entries(GOOD, '    "q"'), 5,
                            "a FaqDocuments entry is not an object"),
    "entry without answer": (_entries(GOOD, GOOD, '    {"Question": "q2"}'), 6,
                             "the answer is empty"),
    "question not a string": (_entries('    {"Question": 7, "Answer": "a"}'), 4,
                              "the question is empty"),
    "attributes not an object": (_entries('    {"Question": "q", "Answer": "a",\n'
                                          '     "Attributes": []}'), 4,
                                 "Attributes is not an object"),
    "unsupported attribute": (_entries(GOOD, '    {"Question": "q", "Answer": "a",'
                                       ' "Attributes": {"n": 1.5}}'), 5,
                              "n is not an index field"),
    "bad source uri": (_entries('    {"Question": "q", "Answer": "a",'
                                ' "Attributes": {"_source_uri": "x y"}}'), 4,
                       "the URL is not valid"),
}


def test_malformed_json_fails_naming_the_line(kendra, index_id, files):
    check_failures(kendra, index_id, files, JSON_ERRORS, FileFormat="JSON")


# -- the index and Query --------------------------------------------------------------------


def test_index_statistics_count_the_pairs_of_active_faqs_only(
    kendra, index_id, files, transition
):
    transition("kendra::faq", progression="manual", times=1)
    faq = create(kendra, index_id, files.put(PAIRS))
    assert answers_count(kendra, index_id) == 0  # CREATING
    assert FAQ.status(kendra, index_id, faq) == "ACTIVE"
    assert answers_count(kendra, index_id) == 2
    FAQ.delete(kendra, index_id, faq)
    assert answers_count(kendra, index_id) == 0  # DELETING


def test_an_active_faq_yields_question_answer_results_in_query(kendra, index_id, files):
    body = "How do I reset my password?,Use the reset link.,https://example.com/reset\n"
    create(kendra, index_id, files.put(body))
    response = kendra.query(IndexId=index_id, QueryText="reset password")
    [item] = response["ResultItems"]
    assert response["TotalNumberOfResults"] == 1
    assert item["Type"] == "QUESTION_ANSWER"
    assert item["DocumentTitle"] == {"Text": ""}
    assert item["DocumentExcerpt"]["Text"] == "Use the reset link."
    assert item["DocumentURI"] == "https://example.com/reset"
    texts = {a["Key"]: a["Value"]["TextWithHighlightsValue"]["Text"]
             for a in item["AdditionalAttributes"]}
    assert texts == {"QuestionText": "How do I reset my password?",
                     "AnswerText": "Use the reset link."}


def test_only_active_faqs_answer_queries(kendra, index_id, files, transition):
    transition("kendra::faq", progression="manual", times=1)
    faq = create(kendra, index_id, files.put(PAIRS))
    assert question_answers(kendra, index_id, "reset password") == []  # CREATING
    FAQ.describe(kendra, index_id, faq)
    assert len(question_answers(kendra, index_id, "reset password")) == 1
    FAQ.delete(kendra, index_id, faq)
    assert question_answers(kendra, index_id, "reset password") == []  # DELETING



def test_a_faq_turning_active_later_answers_next_to_the_first(kendra, index_id, files):
    first = create(kendra, index_id, files.put(PAIRS))
    assert len(question_answers(kendra, index_id, "reset password")) == 1
    create(kendra, index_id, files.put("Where do I reset a router?,Hold the button.\n"))
    found = question_answers(kendra, index_id, "reset password router")
    assert sorted(question_of(item) for item in found) == [
        "How do I reset my password?", "Where do I reset a router?"
    ]
    FAQ.delete(kendra, index_id, first)
    found = question_answers(kendra, index_id, "reset password router")
    assert [question_of(item) for item in found] == ["Where do I reset a router?"]
