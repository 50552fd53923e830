"""Kendra in moto's own ``/moto-api``: the dashboard data, and the routes under a
``ThreadedMotoServer`` started after ``import moto_kendra``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import boto3
import requests
from support import ROLE, doc

MOTO_API = "http://motoapi.amazonaws.com"
DASHBOARD_MODELS = [
    "AccessControlConfiguration", "DataSource", "Document", "Experience", "Faq",
    "FeaturedResultsSet", "Index", "QuerySuggestionsBlockList", "Thesaurus",
]


def dashboard(endpoint: str | None) -> dict[str, Any]:
    response = requests.get(f"{endpoint or MOTO_API}/moto-api/data.json", timeout=30)
    assert response.status_code == 200
    return response.json()["kendra"]  # type: ignore[no-any-return]


def test_the_dashboard_has_every_kendra_model(endpoint):
    assert dashboard(endpoint) == {name: [] for name in DASHBOARD_MODELS}


def test_the_dashboard_lists_kendras_resources(endpoint, kendra, index_id, put_docs):
    put_docs(doc("d1"))
    source = kendra.create_data_source(Name="src", IndexId=index_id, Type="CUSTOM")["Id"]
    data = dashboard(endpoint)
    index = kendra.describe_index(Id=index_id)
    [entry] = data["Index"]
    assert entry["Id"] == index_id and entry["Name"] == "test-index" and entry["Status"] == "ACTIVE"
    assert (entry["AccountId"], entry["Region"], entry["IndexId"]) == (
        "123456789012", "us-east-1", index_id,
    )
    shown = datetime.fromisoformat(entry["CreatedAt"])  # the API rounds to milliseconds
    assert abs(shown - index["CreatedAt"]) < timedelta(milliseconds=1)
    assert [(d["Id"], d["Status"], d["IndexId"]) for d in data["Document"]] == [
        ("d1", "INDEXED", index_id)
    ]
    assert [(s["Id"], s["Name"], s["Type"]) for s in data["DataSource"]] == [
        (source, "src", "CUSTOM")
    ]


def test_the_dashboard_drops_deleted_resources(endpoint, kendra, index_id, put_docs):
    put_docs(doc("d1"), doc("d2"))
    kendra.batch_delete_document(IndexId=index_id, DocumentIdList=["d1"])
    assert [d["Id"] for d in dashboard(endpoint)["Document"]] == ["d2"]
    kendra.delete_index(Id=index_id)
    assert dashboard(endpoint) == {name: [] for name in DASHBOARD_MODELS}


def test_a_threaded_moto_server_serves_kendra_and_its_routes() -> None:
    from moto.server import ThreadedMotoServer

    import moto_kendra  # noqa: F401  (already imported by the plugin; what a user writes)

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        rules = [{"operation": "ListIndices", "count": 1, "error": {"code": "ThrottlingException"}}]
        response = requests.post(f"{url}/moto-api/kendra/faults", json=rules, timeout=30)
        assert response.json() == rules
        client = boto3.client("kendra", region_name="us-east-1", endpoint_url=url)
        assert client.list_indices()["ResponseMetadata"]["RetryAttempts"] == 1
        assert requests.get(f"{url}/moto-api/kendra/faults", timeout=30).json() == []
        client.create_index(Name="threaded", RoleArn=ROLE)
        data = requests.get(f"{url}/moto-api/data.json", timeout=30).json()["kendra"]
        assert [entry["Name"] for entry in data["Index"]] == ["threaded"]
    finally:
        requests.delete(f"{url}/moto-api/kendra/faults", timeout=30)
        server.stop()
