"""Thesauri: their rules and the synonyms they add to Query.  Rules thesauri share with FAQs
and block lists are in test_file_resources.py."""

from __future__ import annotations

from typing import Any

import pytest
from file_support import THESAURUS, Files, bad_line, unreadable
from support import doc

SYNONYMS = "laptop, notebook\n"


@pytest.fixture
def files(endpoint: str | None) -> Files:
    return Files(endpoint)


def create(kendra: Any, index_id: str, path: dict[str, str]) -> str:
    return THESAURUS.create(kendra, index_id, path)


def found(kendra: Any, index_id: str, text: str) -> list[str]:
    items = kendra.query(IndexId=index_id, QueryText=text)["ResultItems"]
    return sorted(item["DocumentId"] for item in items)


def highlighted(item: dict[str, Any]) -> list[tuple[str, str]]:
    excerpt = item["DocumentExcerpt"]
    return [(excerpt["Text"][h["BeginOffset"]:h["EndOffset"]], h["Type"])
            for h in excerpt["Highlights"]]


# -- the file ------------------------------------------------------------------------------


def test_describe_counts_terms_and_rules_of_the_file(kendra, index_id, files):
    body = (
        "# computers\n"
        "\n"
        "laptop, notebook, Notebook\n"
        "automobile => car, motor  vehicle\n"
        "  # indented comment\n"
        "heart attack , myocardial infarction, Motor Vehicle\n"
    )
    thesaurus = create(kendra, index_id, files.put(body))
    described = THESAURUS.describe(kendra, index_id, thesaurus)
    assert described["FileSizeBytes"] == len(body.encode())
    assert described["SynonymRuleCount"] == 3
    # laptop, notebook, automobile, car, motor vehicle, heart attack, myocardial infarction
    assert described["TermCount"] == 7


def test_a_failed_thesaurus_describes_no_file_counts(kendra, index_id, files):
    path = files.path("absent.txt")
    described = THESAURUS.describe(kendra, index_id, create(kendra, index_id, path))
    assert described["ErrorMessage"] == unreadable(path)
    assert not {"FileSizeBytes", "TermCount", "SynonymRuleCount"} & set(described)


ERRORS = {
    "two arrows": ("a, b\nc => d => e\n", 2, "a rule holds more than one =>"),
    "empty term": ("# x\na, , b\n", 2, "a rule has an empty term"),
    "empty left side": ("=> b\n", 1, "a rule has an empty term"),
    "trailing comma": ("a, b,\n", 1, "a rule has an empty term"),
    "not utf-8": (b"a, b\n\n\xc3\x28 => c\n", 3, "not valid UTF-8"),
}


def test_a_malformed_file_fails_naming_the_line(kendra, index_id, files):
    for case, (body, line, reason) in ERRORS.items():
        path = files.put(body)
        thesaurus = create(kendra, index_id, path)
        described = THESAURUS.describe(kendra, index_id, thesaurus)
        assert (described["Status"], described["ErrorMessage"]) == (
            "FAILED", bad_line(path, line, reason)
        ), case
        THESAURUS.delete(kendra, index_id, thesaurus)  # the quota is 1


def test_update_rereads_the_file_and_its_counts(kendra, index_id, files, put_docs):
    put_docs(doc("d", "my notebook is broken"), doc("e", "the car is red"))
    thesaurus = create(kendra, index_id, files.put(SYNONYMS))
    new = files.put("automobile => car\n# only this\n")
    THESAURUS.update(kendra, index_id, thesaurus, SourceS3Path=new)
    described = THESAURUS.describe(kendra, index_id, thesaurus)
    assert (described["TermCount"], described["SynonymRuleCount"]) == (2, 1)
    assert found(kendra, index_id, "laptop") == []
    assert found(kendra, index_id, "automobile") == ["e"]


# -- Query ---------------------------------------------------------------------------------


def test_an_active_thesaurus_widens_matching_with_synonym_highlights(
    kendra, index_id, files, put_docs
):
    put_docs(doc("d", "my notebook is broken"))
    assert found(kendra, index_id, "laptop") == []
    create(kendra, index_id, files.put(SYNONYMS))
    [item] = kendra.query(IndexId=index_id, QueryText="laptop")["ResultItems"]
    assert item["DocumentId"] == "d"
    assert highlighted(item) == [("notebook", "THESAURUS_SYNONYM")]


def test_synonym_terms_match_through_their_stems(kendra, index_id, files, put_docs):
    put_docs(doc("d", "two notebooks"))
    create(kendra, index_id, files.put("Laptops, NOTEBOOK\n"))
    assert found(kendra, index_id, "laptop") == ["d"]


def test_a_term_matched_directly_keeps_the_standard_highlight(kendra, index_id, files, put_docs):
    put_docs(doc("d", "laptop or notebook"))
    create(kendra, index_id, files.put(SYNONYMS))
    [item] = kendra.query(IndexId=index_id, QueryText="laptop")["ResultItems"]
    assert highlighted(item) == [("laptop", "STANDARD"), ("notebook", "THESAURUS_SYNONYM")]


def test_a_one_way_rule_widens_only_its_left_side(kendra, index_id, files, put_docs):
    put_docs(doc("car", "a car dealer"), doc("auto", "an automobile museum"))
    create(kendra, index_id, files.put("automobile => car\n"))
    assert found(kendra, index_id, "automobile") == ["auto", "car"]
    assert found(kendra, index_id, "car") == ["car"]


def test_every_stem_of_a_phrase_is_linked(kendra, index_id, files, put_docs):
    """Choice: matching is per term, so a phrase links each of its stems."""
    put_docs(doc("d", "after a heart attack"))
    create(kendra, index_id, files.put("heart attack, infarction\n"))
    [item] = kendra.query(IndexId=index_id, QueryText="infarction")["ResultItems"]
    assert highlighted(item) == [("heart", "THESAURUS_SYNONYM"), ("attack", "THESAURUS_SYNONYM")]


def test_only_an_active_thesaurus_widens_matching(
    kendra, index_id, files, put_docs, transition
):
    put_docs(doc("d", "my notebook is broken"))
    transition("kendra::thesaurus", progression="manual", times=1)
    thesaurus = create(kendra, index_id, files.put(SYNONYMS))
    assert found(kendra, index_id, "laptop") == []  # CREATING
    assert THESAURUS.status(kendra, index_id, thesaurus) == "ACTIVE"
    assert found(kendra, index_id, "laptop") == ["d"]
    THESAURUS.delete(kendra, index_id, thesaurus)
    assert found(kendra, index_id, "laptop") == []  # DELETING


def test_synonyms_widen_bare_terms_of_a_syntax_query_but_not_phrases(
    kendra, index_id, files, put_docs
):
    put_docs(doc("note", "my notebook is broken"), doc("lap", "my laptop bag"),
             doc("chair", "a broken chair"))
    create(kendra, index_id, files.put(SYNONYMS))
    assert found(kendra, index_id, "broken OR bag") == ["chair", "lap", "note"]
    # NOT's right side matches through synonyms too
    assert found(kendra, index_id, "(broken OR bag) NOT laptop") == ["chair"]
    [item] = kendra.query(IndexId=index_id, QueryText="laptop AND broken")["ResultItems"]
    assert highlighted(item) == [("notebook", "THESAURUS_SYNONYM"), ("broken", "STANDARD")]
    assert found(kendra, index_id, '"my laptop"') == ["lap"]  # a phrase: no synonyms
