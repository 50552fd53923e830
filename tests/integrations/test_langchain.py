"""LangChain's ``AmazonKendraRetriever`` (package ``langchain-aws``), unmodified, against the mock.

How it calls Kendra (``langchain_aws/retrievers/kendra.py``, the same from 1.0 to 1.9):
``Retrieve(IndexId, QueryText=query.strip()[:999], PageSize=top_k[, AttributeFilter]
[, UserContext])``; only when that returns no ``ResultItems`` does it send the very same
arguments to ``Query`` and use its ``ResultItems`` (any type). It keeps the first ``top_k``
items, turns each into a ``Document`` (page content ``Document Title: <title>\\nDocument
Excerpt: \\n<excerpt>\\n``; metadata ``result_id``, ``document_id``, ``source`` (DocumentURI),
``title``, ``excerpt`` (a passage's Content, a document's DocumentExcerpt, a FAQ answer),
``document_attributes``, ``score`` (ScoreConfidence) and, for Query items only, ``type``),
then drops those whose ScoreConfidence maps below ``min_score_confidence`` (NOT_AVAILABLE 0,
LOW .25, MEDIUM .5, HIGH .75, VERY_HIGH 1). ``min_score_confidence`` has no default: it must
be passed, None included. So ``min_score_confidence`` filters after the Retrieve/Query choice
and cannot make it fall back; the real fallback is a query that no document matches but a
FAQ question does (Retrieve reads documents only, Query also answers from FAQs).

Expected results follow Retrieve's passage order (document coverage, then the passage's
distinct query terms, then its query-term tokens, descending; then DocumentId) and confidence
from coverage (all terms VERY_HIGH, half MEDIUM), worked out from the corpus in conftest.py.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("langchain_aws", reason="needs the integrations extra (langchain-aws)")

from langchain_aws.retrievers import AmazonKendraRetriever  # noqa: E402


@pytest.fixture
def retriever(kendra: Any, handbook: Any) -> Any:
    """A retriever on the handbook index using the checked ``kendra`` client."""

    def factory(**options: Any) -> AmazonKendraRetriever:
        options.setdefault("min_score_confidence", None)
        return AmazonKendraRetriever(index_id=handbook.index_id, client=kendra, **options)

    return factory


def calls(kendra: Any) -> list[str]:
    """The Kendra operations ``kendra`` sends from now on (a list that grows)."""
    sent: list[str] = []
    kendra.meta.events.register(
        "before-call.kendra", lambda model, **_: sent.append(model.name)
    )
    return sent


def ids(documents: list[Any]) -> list[str]:
    return [d.metadata["document_id"] for d in documents]


def test_retrieve_passages_in_coverage_order_with_metadata(kendra, retriever, handbook):
    sent = calls(kendra)
    documents = retriever(top_k=3).invoke("vacation days")
    # Query terms: vacation, day. Coverage 2: vacation-policy. Coverage 1 ("day" only):
    # sick-leave (2 tokens), expense-reports and laptop-setup (1 each, by DocumentId).
    assert ids(documents) == ["vacation-policy", "sick-leave", "expense-reports"]
    assert sent == ["Retrieve"]  # results, so no fallback

    first = documents[0]
    metadata = dict(first.metadata)
    assert metadata.pop("result_id")
    assert metadata == {
        "document_id": "vacation-policy",
        "source": handbook.source_uri("vacation-policy"),
        "title": "Vacation policy",
        "excerpt": handbook.whole_body("vacation-policy"),  # the passage's Content
        "document_attributes": {
            "_category": "hr",
            "_source_uri": handbook.source_uri("vacation-policy"),
        },
        "score": "VERY_HIGH",
    }  # no "type": a Retrieve item
    assert first.page_content == (
        "Document Title: Vacation policy\nDocument Excerpt: \n"
        f"{handbook.whole_body('vacation-policy')}\n"
    )
    assert [d.metadata["score"] for d in documents] == ["VERY_HIGH", "MEDIUM", "MEDIUM"]
    assert [d.metadata["title"] for d in documents] == [
        "Vacation policy", "Sick leave", "Expense reports",
    ]
    assert [d.metadata["source"] for d in documents] == [
        handbook.source_uri(doc_id) for doc_id in ids(documents)
    ]
    assert kendra.checker.checked >= 1


def test_top_k_is_the_page_size(kendra, retriever):
    sent = calls(kendra)
    assert ids(retriever(top_k=1).invoke("vacation days")) == ["vacation-policy"]
    # Default top_k 3; the fourth passage (laptop-setup) is not asked for.
    assert len(retriever().invoke("vacation days")) == 3
    assert sent == ["Retrieve", "Retrieve"]


def test_min_score_confidence_drops_medium_passages(kendra, retriever):
    sent = calls(kendra)
    documents = retriever(top_k=4, min_score_confidence=0.75).invoke("vacation days")
    assert ids(documents) == ["vacation-policy"]  # the three MEDIUM (0.5) ones go
    assert sent == ["Retrieve"]  # filtered afterwards: Retrieve had results, no fallback
    documents = retriever(top_k=4, min_score_confidence=0.5).invoke("vacation days")
    assert ids(documents) == ["vacation-policy", "sick-leave", "expense-reports", "laptop-setup"]


def test_attribute_filter_is_sent_to_retrieve(kendra, retriever):
    # first, day: sick-leave and laptop-setup cover both (3 and 2 term tokens), then
    # vacation-policy (3 "days") and expense-reports (1).
    assert ids(retriever(top_k=4).invoke("first day")) == [
        "sick-leave", "laptop-setup", "vacation-policy", "expense-reports",
    ]
    it_only = {"EqualsTo": {"Key": "_category", "Value": {"StringValue": "it"}}}
    sent = calls(kendra)
    documents = retriever(top_k=4, attribute_filter=it_only).invoke("first day")
    assert ids(documents) == ["laptop-setup"]
    assert documents[0].metadata["score"] == "VERY_HIGH"
    assert documents[0].metadata["document_attributes"]["_category"] == "it"
    assert sent == ["Retrieve"]


def faq_id(kendra: Any, handbook: Any) -> str:
    [summary] = kendra.list_faqs(IndexId=handbook.index_id)["FaqSummaryItems"]
    return str(summary["Id"])


def test_falls_back_to_query_for_a_faq_answer(kendra, retriever, handbook):
    """No document says "cafeteria" or "menu": Retrieve returns nothing, and Query answers
    from the FAQ with a QUESTION_ANSWER item as the live service shapes it (empty title,
    DocumentId ``<FaqId>-<n>``, the answer as excerpt, confidence from the question's
    coverage)."""
    sent = calls(kendra)
    documents = retriever().invoke("cafeteria menu")
    assert sent == ["Retrieve", "Query"]
    [answer] = documents
    question, text, url = handbook.faq_pairs[0]
    metadata = dict(answer.metadata)
    assert metadata.pop("result_id")
    assert metadata == {
        "type": "QUESTION_ANSWER",  # a Query item
        "document_id": f"{faq_id(kendra, handbook)}-1",
        "source": url,
        "title": "",
        "excerpt": text,
        "document_attributes": {"_source_uri": url},
        "score": "VERY_HIGH",  # the question covers both terms
    }
    assert answer.page_content == f"Document Excerpt: \n{text}\n"


def test_faq_answers_pass_min_score_confidence_by_their_coverage(kendra, retriever):
    """"cafeteria lunch": the question covers 1 of 2 terms, so MEDIUM (never LOW): kept at
    0.5, dropped at 0.75; "cafeteria menu" covers both (VERY_HIGH)."""
    sent = calls(kendra)
    [medium] = retriever(min_score_confidence=0.5).invoke("cafeteria lunch")
    assert (medium.metadata["type"], medium.metadata["score"]) == ("QUESTION_ANSWER", "MEDIUM")
    assert retriever(min_score_confidence=0.75).invoke("cafeteria lunch") == []
    [high] = retriever(min_score_confidence=0.5).invoke("cafeteria menu")
    assert high.metadata["score"] == "VERY_HIGH"
    assert sent == ["Retrieve", "Query"] * 3


class RetrieveFindsNothing:
    """The checked ``kendra`` client, except that Retrieve returns no passage (the reply of
    a real Retrieve call with its ResultItems emptied). The retriever sends Query only when
    Retrieve finds nothing, so this is how its Query branch, where ANSWER items are read,
    runs on an index whose documents Retrieve would find."""

    def __init__(self, kendra: Any) -> None:
        self._kendra = kendra

    def retrieve(self, **params: Any) -> dict[str, Any]:
        return {**self._kendra.retrieve(**params), "ResultItems": []}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._kendra, name)


def test_query_branch_returns_answer_passages_and_faq_answers(kendra, handbook):
    """"How many vacation days do I get?" is a question (terms many, vacation, day, get).
    vacation-policy ranks first; its first sentence covers vacation and day (2 of 4, so
    MEDIUM), and its AnswerText runs to the end of the next sentence. The FAQ question covers
    all 4 terms (VERY_HIGH). Order: ANSWER, QUESTION_ANSWER, DOCUMENT."""
    client = RetrieveFindsNothing(kendra)
    sent = calls(kendra)

    def retriever(threshold: float) -> AmazonKendraRetriever:
        return AmazonKendraRetriever(index_id=handbook.index_id, client=client,
                                     min_score_confidence=threshold)

    documents = retriever(0.5).invoke("How many vacation days do I get?")
    assert [(d.metadata["type"], d.metadata["score"]) for d in documents] == [
        ("ANSWER", "MEDIUM"), ("QUESTION_ANSWER", "VERY_HIGH"), ("DOCUMENT", "MEDIUM")]
    answer = documents[0]
    text = ("Employees earn vacation days every month. Unused vacation days carry over to "
            "the next year, up to ten days.")
    metadata = dict(answer.metadata)
    assert metadata.pop("result_id")
    assert metadata == {
        "type": "ANSWER",
        "document_id": "vacation-policy",
        "source": handbook.source_uri("vacation-policy"),
        "title": "Vacation policy",
        "excerpt": text,  # the AnswerText
        "document_attributes": {"_category": "hr",
                                "_source_uri": handbook.source_uri("vacation-policy")},
        "score": "MEDIUM",
    }
    assert answer.page_content == f"Document Title: Vacation policy\nDocument Excerpt: \n{text}\n"
    assert documents[1].metadata["excerpt"] == handbook.faq_pairs[1][1]
    [faq_answer] = retriever(0.75).invoke("How many vacation days do I get?")
    assert faq_answer.metadata["type"] == "QUESTION_ANSWER"
    assert sent == ["Retrieve", "Query"] * 2


def test_nothing_found_calls_both_and_returns_nothing(kendra, retriever):
    sent = calls(kendra)
    assert retriever().invoke("quantum chromodynamics") == []
    assert sent == ["Retrieve", "Query"]


def test_user_context_hides_documents_of_other_groups(kendra, retriever):
    # The index's default UserContextPolicy is ATTRIBUTE_FILTER: ACLs apply once a user
    # context is given. salary-bands allows the group hr-team only.
    assert ids(retriever().invoke("salary bands")) == ["salary-bands"]
    hr = retriever(user_context={"Groups": ["hr-team"]})
    assert ids(hr.invoke("salary bands")) == ["salary-bands"]
    sent = calls(kendra)
    engineering = retriever(user_context={"Groups": ["engineering"]})
    assert engineering.invoke("salary bands") == []
    assert sent == ["Retrieve", "Query"]  # both honour the context
    # Public documents stay visible to everyone.
    assert ids(engineering.invoke("VPN password")) == ["vpn-access", "laptop-setup"]


def test_retriever_builds_its_own_client(handbook, endpoint):
    """No client passed: langchain-aws builds one from the region (credentials from the
    environment) and, in server mode, the endpoint URL."""
    retriever = AmazonKendraRetriever(
        index_id=handbook.index_id,
        region_name="us-east-1",
        endpoint_url=endpoint,
        min_score_confidence=None,
    )
    documents = retriever.invoke("VPN password")
    # vpn-access covers both terms, laptop-setup only "VPN".
    assert ids(documents) == ["vpn-access", "laptop-setup"]
    assert [d.metadata["score"] for d in documents] == ["VERY_HIGH", "MEDIUM"]


async def _ainvoke(retriever: Any, text: str) -> list[Any]:
    return list(await retriever.ainvoke(text))


def test_ainvoke_runs_the_sync_client_in_an_executor(kendra, retriever):
    """LangChain's async path runs the same boto3 calls in a thread pool."""
    import asyncio

    documents = asyncio.run(_ainvoke(retriever(top_k=2), "vacation days"))
    assert ids(documents) == ["vacation-policy", "sick-leave"]
