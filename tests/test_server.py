"""Server mode: moto's ThreadedMotoServer and ``python -m moto_kendra.server``.

These tests start their own servers, so they run the same in both modes.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from moto.server import ThreadedMotoServer
from support import ROLE, doc, make_client, signed_post

import moto_kendra  # noqa: F401  (registers Kendra before the server is built)

THREADS = 8
DOCS_PER_THREAD = 6
STATUS_BATCH = 10  # BatchGetDocumentStatus accepts at most 10 ids


@pytest.fixture(scope="module")
def threaded_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def threaded(threaded_server: str) -> str:
    requests.post(f"{threaded_server}/moto-api/reset", timeout=30).raise_for_status()
    return threaded_server


def test_threaded_moto_server_serves_kendra_after_import(threaded: str) -> None:
    client = make_client(threaded)
    index_id = client.create_index(Name="threaded", RoleArn=ROLE)["Id"]
    listed = client.list_indices()["IndexConfigurationSummaryItems"]
    assert [item["Id"] for item in listed] == [index_id]
    assert client.describe_index(Id=index_id)["Status"] == "ACTIVE"


def test_server_module_help_exits_zero() -> None:
    command = [sys.executable, "-m", "moto_kendra.server", "--help"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "--port" in result.stdout and "--host" in result.stdout


def thread_work(endpoint: str, index_id: str, thread: int) -> tuple[set[str], set[str]]:
    """Put this thread's documents one by one, then delete every other one."""
    client = make_client(endpoint)
    ids = [f"thread-{thread}-doc-{n}" for n in range(DOCS_PER_THREAD)]
    for doc_id in ids:
        response = client.batch_put_document(IndexId=index_id, Documents=[doc(doc_id)])
        assert not response.get("FailedDocuments"), response
    deleted = set(ids[::2])
    for doc_id in sorted(deleted):
        response = client.batch_delete_document(IndexId=index_id, DocumentIdList=[doc_id])
        assert not response.get("FailedDocuments"), response
    return set(ids) - deleted, deleted


def test_concurrent_puts_and_deletes_are_all_accounted_for(threaded: str) -> None:
    client = make_client(threaded)
    index_id = client.create_index(Name="concurrent", RoleArn=ROLE)["Id"]
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(thread_work, threaded, index_id, n) for n in range(THREADS)]
        results = [future.result() for future in futures]
    expected = {doc_id: "INDEXED" for kept, _ in results for doc_id in kept}
    expected.update({doc_id: "NOT_FOUND" for _, deleted in results for doc_id in deleted})
    assert len(expected) == THREADS * DOCS_PER_THREAD
    ids = sorted(expected)
    seen: dict[str, str] = {}
    for start in range(0, len(ids), STATUS_BATCH):
        batch = [{"DocumentId": doc_id} for doc_id in ids[start : start + STATUS_BATCH]]
        response = client.batch_get_document_status(IndexId=index_id, DocumentInfoList=batch)
        assert not response.get("Errors"), response
        for status in response["DocumentStatusList"]:
            assert status["DocumentId"] not in seen
            seen[status["DocumentId"]] = status["DocumentStatus"]
    assert seen == expected
    statistics = client.describe_index(Id=index_id)["IndexStatistics"]
    kept = sum(len(kept) for kept, _ in results)
    assert statistics["TextDocumentStatistics"]["IndexedTextDocumentsCount"] == kept


WRITERS = 4
ROUNDS = 3
BATCH = 10
BATCHES = 4  # per round: 40 documents put, then all deleted (compactions on the way)


def churn(endpoint: str, index_id: str, writer: int) -> None:
    """Put and delete this writer's documents again and again; each text names its id."""
    client = make_client(endpoint)
    for round_ in range(ROUNDS):
        ids = [f"w{writer}-r{round_}-d{n:02d}" for n in range(BATCH * BATCHES)]
        for start in range(0, len(ids), BATCH):
            documents = [doc(doc_id, f"churn {doc_id}", Title=f"title {doc_id}")
                         for doc_id in ids[start:start + BATCH]]
            response = client.batch_put_document(IndexId=index_id, Documents=documents)
            assert not response.get("FailedDocuments"), response
        client.batch_get_document_status(  # makes them searchable (immediate progression)
            IndexId=index_id, DocumentInfoList=[{"DocumentId": doc_id} for doc_id in ids[:1]])
        for start in range(0, len(ids), BATCH):
            response = client.batch_delete_document(
                IndexId=index_id, DocumentIdList=ids[start:start + BATCH])
            assert not response.get("FailedDocuments"), response


def read_while(endpoint: str, index_id: str, writing: Any) -> int:
    """Query until the writers finish; every item's title and excerpt are its own."""
    client = make_client(endpoint)
    checked = 0
    while not writing.done() or checked == 0:
        response = client.query(IndexId=index_id, QueryText="churn", PageSize=100)
        for item in response["ResultItems"]:
            assert item["DocumentTitle"]["Text"] == f"title {item['DocumentId']}"
            assert item["DocumentExcerpt"]["Text"] == f"churn {item['DocumentId']}"
            checked += 1
        assert response["TotalNumberOfResults"] >= len(response["ResultItems"])
    return checked


@pytest.fixture
def eager_switching() -> Iterator[None]:
    """The threaded server runs in this process: switch threads as often as possible."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


def test_queries_during_puts_deletes_and_compactions_see_whole_documents(
    threaded: str, eager_switching: None
) -> None:
    client = make_client(threaded)
    index_id = client.create_index(Name="churn", RoleArn=ROLE)["Id"]
    with ThreadPoolExecutor(WRITERS + 2) as pool:
        writers = [pool.submit(churn, threaded, index_id, n) for n in range(WRITERS)]

        class Writing:
            @staticmethod
            def done() -> bool:
                return all(writer.done() for writer in writers)

        readers = [pool.submit(read_while, threaded, index_id, Writing) for _ in range(2)]
        for writer in writers:
            writer.result()
        for reader in readers:
            reader.result()
    assert client.query(IndexId=index_id, QueryText="churn")["TotalNumberOfResults"] == 0


def test_server_answers_bad_requests_in_the_envelope_and_keeps_serving(threaded: str) -> None:
    gzip_header = {"Content-Encoding": "gzip"}
    response = signed_post(threaded, b"\x1f\x8b broken", extra_headers=gzip_header)
    assert response.status_code == 400
    assert response.json() == {
        "__type": "SerializationException",
        "message": "Request body is not a valid JSON object.",
    }
    assert make_client(threaded).list_indices()["IndexConfigurationSummaryItems"] == []


def test_server_mode_client_reaches_kendra_with_any_region(threaded: str) -> None:
    regions = ["us-east-1", "eu-west-1", "xx-fake-1"]
    created = {}
    for region in regions:
        client = make_client(threaded, region)
        created[region] = client.create_index(Name=region, RoleArn=ROLE)["Id"]
    for region in regions:
        listed = make_client(threaded, region).list_indices()["IndexConfigurationSummaryItems"]
        assert [item["Id"] for item in listed] == [created[region]]


def test_server_keeps_state_between_clients(threaded: str) -> None:
    index_id = make_client(threaded).create_index(Name="shared", RoleArn=ROLE)["Id"]
    other: Any = make_client(threaded)
    assert other.describe_index(Id=index_id)["Name"] == "shared"
