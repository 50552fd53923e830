"""LlamaIndex's ``AmazonKendraRetriever`` (package ``llama-index-retrievers-kendra``),
unmodified, against the mock.

How it calls Kendra (``llama_index/retrievers/kendra/base.py``, 0.4.0): it builds its own
boto3 client (``llama_index.core.utilities.aws_utils.get_aws_service_client``: region and
keys, no endpoint argument) and an ``aioboto3`` session for ``aretrieve``; both send
``Query(IndexId, QueryText=query.strip(), **query_config)``. Each result item becomes a
``NodeWithScore`` only if it is a DOCUMENT item (its ``DocumentExcerpt.Text``) or an ANSWER
item (its first additional attribute); QUESTION_ANSWER items are dropped. Node
metadata: ``document_id``, ``title`` (DocumentTitle.Text), ``source`` (DocumentURI); score
from ScoreConfidence (VERY_HIGH 1.0, HIGH .8, MEDIUM .6, LOW .4, NOT_AVAILABLE 0).

In server mode the retriever reaches the server through ``AWS_ENDPOINT_URL_KENDRA`` (the
``kendra_endpoint_env`` fixture), since it takes no endpoint. The ``kendra`` fixture's
response checker is also registered on the retriever's own client.

Expected orders follow the ranking (BM25, k1 1.2, b .75; a document's term frequency and
length count title tokens twice) and the excerpt rule (from 10 tokens before the first query
term, ``...`` marking a cut), worked out from the corpus in conftest.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

pytest.importorskip(
    "llama_index.retrievers.kendra",
    reason="needs the integrations extra (llama-index-retrievers-kendra)",
)

from llama_index.core.schema import QueryBundle  # noqa: E402
from llama_index.retrievers.kendra import AmazonKendraRetriever  # noqa: E402

pytestmark = pytest.mark.usefixtures("kendra_endpoint_env")


@pytest.fixture
def retriever(kendra: Any, handbook: Any) -> Any:
    def factory(**query_config: Any) -> AmazonKendraRetriever:
        made = AmazonKendraRetriever(
            index_id=handbook.index_id, query_config=query_config, region_name="us-east-1"
        )
        # Check what the retriever's own client receives as the fixture's client does.
        client = made._client
        client.meta.events.register("before-parse.kendra", kendra.checker.before_parse)
        client.meta.events.register("after-call.kendra", kendra.checker.after_call)
        return made

    return factory


def ids(nodes: list[Any]) -> list[str]:
    return [n.node.metadata["document_id"] for n in nodes]


def test_query_ranks_documents_by_bm25_and_maps_metadata(kendra, retriever, handbook):
    nodes = retriever().retrieve("vacation days")
    # vacation, day: vacation-policy alone has both. Then "day" only, same idf: sick-leave
    # (2 tokens in 31 weighted tokens) before expense-reports (1 in 22) before laptop-setup
    # (1 in 29: the longer of the two). The FAQ pair "How many vacation days do I get?" comes
    # back too, as a QUESTION_ANSWER item, which this retriever drops (below).
    assert ids(nodes) == ["vacation-policy", "sick-leave", "expense-reports", "laptop-setup"]
    assert [n.score for n in nodes] == [1.0, 0.6, 0.6, 0.6]  # VERY_HIGH, then MEDIUM (1 of 2)
    for node in nodes:
        doc_id = node.node.metadata["document_id"]
        assert node.node.metadata == {
            "document_id": doc_id,
            "title": handbook.title(doc_id),
            "source": handbook.source_uri(doc_id),
        }
    texts = [n.node.get_content() for n in nodes]
    # The first query term is within the first 10 body tokens: the whole body ...
    assert texts[:3] == [
        handbook.whole_body(doc_id) for doc_id in ("vacation-policy", "sick-leave",
                                                   "expense-reports")
    ]
    # ... but laptop-setup's only "day" is its token 20: the excerpt starts 10 tokens earlier.
    assert texts[3] == "...disk encryption and join the corporate VPN on the first day"

    raw = kendra.query(IndexId=handbook.index_id, QueryText="vacation days")
    assert [item["Type"] for item in raw["ResultItems"]] == ["QUESTION_ANSWER"] + ["DOCUMENT"] * 4
    assert kendra.checker.checked >= 2


def test_query_config_is_passed_through(retriever):
    finance = {"EqualsTo": {"Key": "_category", "Value": {"StringValue": "finance"}}}
    assert ids(retriever(AttributeFilter=finance).retrieve("vacation days")) == [
        "expense-reports"
    ]
    assert ids(retriever(PageSize=1).retrieve("VPN password")) == ["vpn-access"]
    nodes = retriever(PageSize=5).retrieve("VPN password")
    assert ids(nodes) == ["vpn-access", "laptop-setup"]
    assert [n.score for n in nodes] == [1.0, 0.6]


def test_user_context_in_query_config(retriever):
    hr = retriever(UserContext={"Groups": ["hr-team"]})
    assert ids(hr.retrieve("salary bands")) == ["salary-bands"]
    other = retriever(UserContext={"UserId": "someone", "Groups": ["engineering"]})
    assert other.retrieve("salary bands") == []


def test_faq_answers_are_dropped(kendra, retriever, handbook):
    """Kendra answers "cafeteria menu" from the FAQ only; this retriever reads no
    QUESTION_ANSWER item, so it returns nothing."""
    raw = kendra.query(IndexId=handbook.index_id, QueryText="cafeteria menu")
    [item] = raw["ResultItems"]
    assert item["Type"] == "QUESTION_ANSWER"
    assert item["DocumentTitle"] == {"Text": ""}  # as the live service returns it
    question = item["AdditionalAttributes"][0]
    assert question["Key"] == "QuestionText"
    assert question["Value"]["TextWithHighlightsValue"]["Text"] == handbook.faq_pairs[0][0]
    assert retriever().retrieve("cafeteria menu") == []


def test_nothing_found(retriever):
    assert retriever().retrieve("quantum chromodynamics") == []


def test_aretrieve_with_aioboto3(live_handbook):
    """The async path: an aioboto3 client of its own, so a real server (``live_handbook``:
    moto's in-process mock cannot answer aiobotocore)."""
    retriever = AmazonKendraRetriever(index_id=live_handbook.index_id, region_name="us-east-1")
    nodes = asyncio.run(retriever.aretrieve(QueryBundle("VPN password")))
    # vpn-access covers both terms, laptop-setup only "VPN".
    assert ids(nodes) == ["vpn-access", "laptop-setup"]
    assert [n.score for n in nodes] == [1.0, 0.6]
    assert nodes[0].node.metadata == {
        "document_id": "vpn-access",
        "title": "VPN access",
        "source": live_handbook.source_uri("vpn-access"),
    }
    assert nodes[0].node.get_content() == live_handbook.whole_body("vpn-access")
    # The sync path, same server, same answer.
    assert ids(retriever.retrieve("VPN password")) == ["vpn-access", "laptop-setup"]
