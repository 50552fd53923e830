"""ANSWER results of Query: questions, sentences, candidates, the answer sentence, AnswerText,
the 290-character excerpt, result order and counting.

Expected orders are worked out from the texts (BM25: more occurrences of the same terms in
a body of the same length rank higher; a longer body with the same occurrences lower)."""

from __future__ import annotations

from typing import Any

import pytest
from support import doc

TOP = "TopAnswer"


def query(kendra: Any, index_id: str, text: str, **extra: Any) -> dict[str, Any]:
    return dict(kendra.query(IndexId=index_id, QueryText=text, **extra))


def answers(response: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in response["ResultItems"] if item["Type"] == "ANSWER"]


def answer_text(item: dict[str, Any]) -> dict[str, Any]:
    [attribute] = item["AdditionalAttributes"]
    assert (attribute["Key"], attribute["ValueType"]) == ("AnswerText",
                                                          "TEXT_WITH_HIGHLIGHTS_VALUE")
    return dict(attribute["Value"]["TextWithHighlightsValue"])


def mark(text: str, word: str, base: int = 0, top: bool = False) -> dict[str, Any]:
    """The highlight of the first ``word`` in ``text`` (offsets from ``base``)."""
    begin = text.index(word, base) - base
    return {"BeginOffset": begin, "EndOffset": begin + len(word), TOP: top,
            "Type": "STANDARD"}


def span(text: str, sentence: str) -> dict[str, Any]:
    return mark(text, sentence, top=True)


POLICY = ("Intro line here. Our vacation policy gives days off! Then more text? "
          "Final words")


@pytest.fixture
def policy(kendra: Any, index_id: str, put_docs: Any) -> str:
    put_docs(doc("policy", POLICY, Title="Leave handbook", Attributes=[
        {"Key": "_source_uri", "Value": {"StringValue": "https://example.com/leave"}},
    ]))
    return index_id


# -- question detection ------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Where is the vacation policy?", "vacation policy?", "  vacation policy ?  ",
    "how vacation policy", "WHAT vacation policy", "Is there a vacation policy",
    "are vacation policy", "can vacation policy", "does vacation policy",
    "do vacation policy", "did vacation policy", "should vacation policy",
    "who vacation policy", "when vacation policy", "why vacation policy",
    "which vacation policy",
])
def test_a_question_gets_an_answer(kendra, policy, text):
    assert len(answers(query(kendra, policy, text))) == 1


@pytest.mark.parametrize("text", [
    "vacation policy", "the vacation policy", "vacation? policy", "whom vacation policy",
    "howto vacation policy",
])
def test_other_texts_get_no_answer(kendra, policy, text):
    response = query(kendra, policy, text)
    assert answers(response) == []
    assert [item["Type"] for item in response["ResultItems"]] == ["DOCUMENT"]


def test_a_browse_never_answers(kendra, policy):
    response = kendra.query(IndexId=policy, AttributeFilter={"EqualsTo": {
        "Key": "_language_code", "Value": {"StringValue": "en"}}},
        SortingConfiguration={"DocumentAttributeKey": "_category", "SortOrder": "ASC"})
    assert [item["Type"] for item in response["ResultItems"]] == ["DOCUMENT"]


# -- the item ----------------------------------------------------------------------------


def test_answer_item_shape(kendra, policy):
    """AnswerText runs from the sentence before the answer sentence to the one after it;
    the TopAnswer span comes first, then each query-term token; the excerpt is the text."""
    response = query(kendra, policy, "Where is the vacation policy?")
    [item, document] = response["ResultItems"]
    text = "Intro line here. Our vacation policy gives days off! Then more text?"
    expected_text = {"Text": text, "Highlights": [
        span(text, "Our vacation policy gives days off!"),
        mark(text, "vacation"), mark(text, "policy"),
    ]}
    assert answer_text(item) == expected_text
    assert item["Id"].startswith(response["QueryId"] + "-")
    assert item["FeedbackToken"] == f"{response['QueryId']}.{item['Id']}"
    assert {key: item[key] for key in (
        "Type", "Format", "DocumentId", "DocumentTitle", "DocumentExcerpt", "DocumentURI",
        "DocumentAttributes", "ScoreAttributes")} == {
        "Type": "ANSWER",
        "Format": "TEXT",
        "DocumentId": "policy",
        "DocumentTitle": {"Text": "Leave handbook", "Highlights": []},
        "DocumentExcerpt": expected_text,
        "DocumentURI": "https://example.com/leave",
        "DocumentAttributes": [
            {"Key": "_source_uri", "Value": {"StringValue": "https://example.com/leave"}}],
        "ScoreAttributes": {"ScoreConfidence": "VERY_HIGH"},
    }
    # the answering document keeps its DOCUMENT item
    assert (document["Type"], document["DocumentId"]) == ("DOCUMENT", "policy")
    assert response["TotalNumberOfResults"] == 2


def test_first_and_last_sentences_have_one_neighbour(kendra, index_id, put_docs):
    put_docs(doc("a", "Vacation policy first. Second one. Third one"),
             doc("b", "One more. Another here. Vacation policy last"))
    found = {item["DocumentId"]: answer_text(item)["Text"] for item in answers(
        query(kendra, index_id, "vacation policy?", QueryResultTypeFilter="ANSWER"))}
    assert found == {"a": "Vacation policy first. Second one.",
                     "b": "Another here. Vacation policy last"}


def test_one_sentence_body_is_its_own_answer_text(kendra, index_id, put_docs):
    put_docs(doc("a", "the vacation policy"))
    [item] = answers(query(kendra, index_id, "vacation policy?"))
    text = "the vacation policy"
    assert answer_text(item) == {"Text": text, "Highlights": [
        {"BeginOffset": 0, "EndOffset": len(text), TOP: True, "Type": "STANDARD"},
        mark(text, "vacation"), mark(text, "policy")]}


# -- sentences --------------------------------------------------------------------------


def test_a_full_stop_inside_a_word_or_number_does_not_cut(kendra, index_id, put_docs):
    body = "Pay is 3.5 percent higher.The vacation policy is new. Bye now"
    put_docs(doc("a", body))
    [item] = answers(query(kendra, index_id, "what vacation policy"))
    first = "Pay is 3.5 percent higher.The vacation policy is new."
    assert answer_text(item)["Text"] == body
    assert answer_text(item)["Highlights"][0] == span(body, first)


def test_sentences_without_words_are_dropped(kendra, index_id, put_docs):
    body = "Hello there. ... Vacation policy here. Tail"
    put_docs(doc("a", body))
    [item] = answers(query(kendra, index_id, "vacation policy?"))
    assert answer_text(item)["Text"] == body
    assert answer_text(item)["Highlights"][0] == span(body, "Vacation policy here.")


def test_a_line_break_after_a_cut_ends_the_sentence(kendra, index_id, put_docs):
    body = "Alpha beta!\nVacation policy here?\nGamma"
    put_docs(doc("a", body))
    [item] = answers(query(kendra, index_id, "vacation policy?"))
    assert answer_text(item)["Highlights"][0] == span(body, "Vacation policy here?")


# -- the answer sentence ----------------------------------------------------------------


def test_the_sentence_covering_most_terms_answers_earliest_on_ties(kendra, index_id,
                                                                   put_docs):
    body = "Vacation only. Policy and vacation. Vacation policy again."
    put_docs(doc("a", body))
    [item] = answers(query(kendra, index_id, "vacation policy?"))
    assert answer_text(item)["Highlights"][0] == span(body, "Policy and vacation.")


def test_half_the_terms_is_enough_less_is_not(kendra, index_id, put_docs):
    put_docs(doc("a", "Vacation here. Days there. Carry elsewhere."))
    # 2 terms, a sentence covers 1: 2 x 1 >= 2 answers (MEDIUM: 1 of 2)
    [item] = answers(query(kendra, index_id, "vacation policy?"))
    assert item["ScoreAttributes"] == {"ScoreConfidence": "MEDIUM"}
    # 3 terms, each sentence covers 1: 2 x 1 < 3, no answer
    assert answers(query(kendra, index_id, "vacation days carry?")) == []
    # 4 terms, 3 covered by no sentence: still none
    assert answers(query(kendra, index_id, "vacation days carry extra?")) == []


def test_confidence_bins_use_the_sentence_coverage(kendra, index_id, put_docs):
    put_docs(doc("a", "Alpha beta gamma here. Delta alone."))
    bins = {}
    for text in ("alpha beta gamma delta?", "alpha beta gamma?", "alpha beta zeta omega?"):
        [item] = answers(query(kendra, index_id, text))
        bins[text] = item["ScoreAttributes"]["ScoreConfidence"]
    assert bins == {"alpha beta gamma delta?": "HIGH", "alpha beta gamma?": "VERY_HIGH",
                    "alpha beta zeta omega?": "MEDIUM"}


def test_thesaurus_synonyms_count_for_coverage(kendra, index_id, put_docs, endpoint):
    from file_support import THESAURUS, Files

    THESAURUS.create(kendra, index_id, Files(endpoint).put("holiday, vacation\n"))
    body = "Nothing here. Holiday policy applies. The end"
    put_docs(doc("a", body))
    [item] = answers(query(kendra, index_id, "vacation policy?"))
    assert item["ScoreAttributes"] == {"ScoreConfidence": "VERY_HIGH"}
    assert answer_text(item)["Highlights"] == [
        span(body, "Holiday policy applies."),
        {**mark(body, "Holiday"), "Type": "THESAURUS_SYNONYM"}, mark(body, "policy")]


# -- candidates ---------------------------------------------------------------------------

# Query terms vacation, day, carry. By relevance: d1 (3 of each, 9 tokens), d2 (1 of each,
# 9 tokens), d3 (vacation and day once, 9 tokens), d4 (as d3 but 12 tokens).
CANDIDATES = [
    ("d1", "Vacation vacation vacation. Days days days. Carry carry carry."),  # no answer
    ("d2", "Vacation days carry over. Filler words go here ok."),  # 3 of 3
    ("d3", "Vacation days off. Filler words go here ok now."),  # 2 of 3
    ("d4", "Vacation days. Filler words go here ok more extra stuff yes."),  # 2 of 3, 4th
]


@pytest.fixture
def ranked(index_id: str, put_docs: Any) -> str:
    put_docs(*(doc(doc_id, body, Attributes=[
        {"Key": "_category", "Value": {"StringValue": doc_id}}]) for doc_id, body in CANDIDATES))
    return index_id


def test_query_answers_from_the_first_candidate_with_an_answer_sentence(kendra, ranked):
    response = query(kendra, ranked, "vacation days carry?")
    assert [(item["Type"], item["DocumentId"]) for item in response["ResultItems"]] == [
        ("ANSWER", "d2"), ("DOCUMENT", "d1"), ("DOCUMENT", "d2"), ("DOCUMENT", "d3"),
        ("DOCUMENT", "d4")]
    assert response["TotalNumberOfResults"] == 5


def test_the_answer_filter_gives_one_per_candidate_of_the_first_three(kendra, ranked):
    response = query(kendra, ranked, "vacation days carry?", QueryResultTypeFilter="ANSWER")
    assert [(item["DocumentId"], item["ScoreAttributes"]["ScoreConfidence"])
            for item in response["ResultItems"]] == [("d2", "VERY_HIGH"), ("d3", "MEDIUM")]
    assert response["TotalNumberOfResults"] == 2


def test_other_filters_keep_no_answer(kendra, ranked):
    for kind in ("DOCUMENT", "QUESTION_ANSWER"):
        response = query(kendra, ranked, "vacation days carry?", QueryResultTypeFilter=kind)
        assert answers(response) == []


def test_sort_keys_do_not_change_the_candidates(kendra, ranked):
    response = query(kendra, ranked, "vacation days carry?", SortingConfiguration={
        "DocumentAttributeKey": "_category", "SortOrder": "DESC"})
    assert [(item["Type"], item["DocumentId"]) for item in response["ResultItems"]] == [
        ("ANSWER", "d2"), ("DOCUMENT", "d4"), ("DOCUMENT", "d3"), ("DOCUMENT", "d2"),
        ("DOCUMENT", "d1")]


def test_featured_documents_are_not_candidates(kendra, ranked):
    kendra.create_featured_results_set(
        IndexId=ranked, FeaturedResultsSetName="f", QueryTexts=["vacation days carry?"],
        FeaturedDocuments=[{"Id": "d2"}])
    response = query(kendra, ranked, "vacation days carry?", QueryResultTypeFilter="ANSWER")
    assert [item["DocumentId"] for item in response["ResultItems"]] == ["d3", "d4"]


def test_filtered_out_documents_are_not_candidates(kendra, ranked):
    response = query(kendra, ranked, "vacation days carry?", QueryResultTypeFilter="ANSWER",
                     AttributeFilter={"NotFilter": {"EqualsTo": {
                         "Key": "_category", "Value": {"StringValue": "d2"}}}})
    assert [item["DocumentId"] for item in response["ResultItems"]] == ["d3", "d4"]


def test_answers_come_first_and_page_with_the_rest(kendra, ranked):
    pages = [query(kendra, ranked, "vacation days carry?", PageSize=2, PageNumber=n)
             for n in (1, 2, 3)]
    assert [[(item["Type"], item["DocumentId"]) for item in page["ResultItems"]]
            for page in pages] == [[("ANSWER", "d2"), ("DOCUMENT", "d1")],
                                   [("DOCUMENT", "d2"), ("DOCUMENT", "d3")],
                                   [("DOCUMENT", "d4")]]
    assert {page["TotalNumberOfResults"] for page in pages} == {5}


# -- the 290-character excerpt ------------------------------------------------------------


def test_a_long_answer_excerpt_is_cut_at_287_characters(kendra, index_id, put_docs):
    body = "Vacation " + "word " * 55 + "policy is here."  # "policy" at 284-290
    assert body.index("policy") == 284
    put_docs(doc("a", body))
    [item] = answers(query(kendra, index_id, "vacation policy?"))
    assert answer_text(item)["Text"] == body
    assert item["DocumentExcerpt"] == {"Text": body[:287] + "...", "Highlights": [
        {"BeginOffset": 0, "EndOffset": 287, TOP: True, "Type": "STANDARD"},
        mark(body, "Vacation"),
        {"BeginOffset": 284, "EndOffset": 287, TOP: False, "Type": "STANDARD"},
    ]}


def test_highlights_starting_at_the_cut_are_dropped(kendra, index_id, put_docs):
    body = "Vacation " + "word " * 55 + "xyz policy here."  # "policy" at 288
    put_docs(doc("a", body))
    [item] = answers(query(kendra, index_id, "vacation policy?"))
    assert [h["BeginOffset"] for h in item["DocumentExcerpt"]["Highlights"]] == [0, 0]


def test_an_answer_of_290_characters_is_not_cut(kendra, index_id, put_docs):
    body = "Vacation " + "word " * 55 + "policy"  # 290 characters
    assert len(body) == 290
    put_docs(doc("a", body))
    [item] = answers(query(kendra, index_id, "vacation policy?"))
    assert item["DocumentExcerpt"] == answer_text(item)
    assert item["DocumentExcerpt"]["Text"] == body


# -- PDFs -----------------------------------------------------------------------------------


def test_a_pdf_answer_names_the_page_where_its_sentence_starts(kendra, index_id, put_docs):
    from file_makers import pdf

    put_docs({"Id": "p", "ContentType": "PDF",
              "Blob": pdf("Intro words here.", "The vacation policy is generous. More text.")})
    [item] = answers(query(kendra, index_id, "vacation policy?"))
    page = {"Key": "_excerpt_page_number", "Value": {"LongValue": 2}}
    assert [a for a in item["DocumentAttributes"] if a["Key"] == page["Key"]] == [page]
    [narrowed] = answers(query(kendra, index_id, "vacation policy?",
                               RequestedDocumentAttributes=["_source_uri"]))
    assert narrowed["DocumentAttributes"] == []
