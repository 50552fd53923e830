"""Helpers for tests/test_state.py: a rich Kendra state and every read of it.

``State`` saves and loads through ``moto_kendra.state`` in-process and through
``/moto-api/kendra/state`` against the server; ``answers`` makes every Describe/List call
(and Query, Retrieve, GetQuerySuggestions) over a ``World``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from typing import Any

import requests
from file_support import reseed, strip
from fuzz_support import World, upload_files
from support import ROLE

from moto_kendra import state as state_api

MOTO_API = "http://motoapi.amazonaws.com"


class State:
    """Export, load and reset, the way the mode offers."""

    def __init__(self, endpoint: str | None) -> None:
        self.endpoint = endpoint
        self.url = f"{endpoint or MOTO_API}/moto-api/kendra/state"

    def export(self) -> dict[str, Any]:
        if self.endpoint is None:
            return state_api.export()
        response = requests.get(self.url, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def load(self, document: Any) -> requests.Response | None:
        """Load; in server mode, the response (any status) is returned for the test."""
        if self.endpoint is None:
            state_api.load(document)
            return None
        body = document if isinstance(document, (str, bytes)) else None
        return requests.post(self.url, data=body, json=None if body else document, timeout=60)

    def reset(self) -> None:
        """moto's reset, then the S3 objects again (S3 is not Kendra's state)."""
        requests.post(f"{self.endpoint or MOTO_API}/moto-api/reset", timeout=30)
        upload_files(self.endpoint)


def build(world: World) -> dict[str, Any]:
    """More than the fuzz world holds: a searchable custom field, attributes, ACLs, tags,
    query suggestions settings and log, a finished crawl, a deletion."""
    kendra, index = world.kendra, world.main
    kendra.update_index(Id=index, DocumentMetadataConfigurationUpdates=[
        {"Name": "team", "Type": "STRING_VALUE", "Search": {"Searchable": True,
                                                           "Facetable": True}},
    ])
    documents = [
        {"Id": f"team-{n}", "Title": f"Handbook {n}", "ContentType": "PLAIN_TEXT",
         "Blob": b"vacation policy and travel rules %d" % n,
         "Attributes": [{"Key": "team", "Value": {"StringValue": f"sales{n % 2}"}}],
         "AccessControlList": [{"Name": "alice", "Type": "USER", "Access": "ALLOW"}]}
        for n in range(6)
    ]
    assert kendra.batch_put_document(IndexId=index, Documents=documents)["FailedDocuments"] == []
    kendra.batch_delete_document(IndexId=index, DocumentIdList=["team-5"])
    kendra.update_query_suggestions_config(IndexId=index, MinimumNumberOfQueryingUsers=1,
                                           MinimumQueryCount=1)
    for text in ("vacation policy", "travel rules", "vacation policy"):
        kendra.query(IndexId=index, QueryText=text)
    sources = world.ids["data_source"]
    kendra.start_data_source_sync_job(Id=sources[1], IndexId=index)
    kendra.list_data_source_sync_jobs(Id=sources[1], IndexId=index)  # the crawl runs
    arn = world.ids["arn"][0]
    kendra.tag_resource(ResourceARN=arn, Tags=[{"Key": "team", "Value": "search"}])
    kendra.tag_resource(ResourceARN=f"{arn}/data-source/{sources[0]}",
                        Tags=[{"Key": "owner", "Value": "crawler"}])
    return {"index": index, "sources": sources}


def answers(world: World) -> dict[str, Any]:
    """Every read of the world's resources, in a fixed order (moto's id generator seeded
    first, so the ids a call draws afresh, such as QueryId, repeat too)."""
    kendra, index, ids = world.kendra, world.main, world.ids
    reseed(world.endpoint, 11)
    out: dict[str, Any] = {"indices": kendra.list_indices(), "index": kendra.describe_index(
        Id=index), "sources": kendra.list_data_sources(IndexId=index)}
    for source in ids["data_source"]:
        out[f"source {source}"] = kendra.describe_data_source(Id=source, IndexId=index)
        out[f"jobs {source}"] = kendra.list_data_source_sync_jobs(Id=source, IndexId=index)
        arn = f"{ids['arn'][0]}/data-source/{source}"
        out[f"tags {source}"] = kendra.list_tags_for_resource(ResourceARN=arn)
    out["tags"] = kendra.list_tags_for_resource(ResourceARN=ids["arn"][0])
    for kind, lister, describer in (
        ("faq", "list_faqs", "describe_faq"),
        ("thesaurus", "list_thesauri", "describe_thesaurus"),
        ("block_list", "list_query_suggestions_block_lists",
         "describe_query_suggestions_block_list"),
        ("experience", "list_experiences", "describe_experience"),
        ("access", "list_access_control_configurations",
         "describe_access_control_configuration"),
    ):
        out[lister] = getattr(kendra, lister)(IndexId=index)
        for child in ids[kind]:
            out[f"{kind} {child}"] = getattr(kendra, describer)(IndexId=index, Id=child)
    out["featured"] = kendra.list_featured_results_sets(IndexId=index)
    for child in ids["featured"]:
        out[f"featured {child}"] = kendra.describe_featured_results_set(
            IndexId=index, FeaturedResultsSetId=child)
    experience = ids["experience"][0]
    out["entities"] = kendra.list_experience_entities(IndexId=index, Id=experience)
    out["personas"] = kendra.list_entity_personas(IndexId=index, Id=experience)
    for group in ("group-0", "group-1"):
        out[group] = kendra.describe_principal_mapping(IndexId=index, GroupId=group)
    out["groups"] = kendra.list_groups_older_than_ordering_id(IndexId=index, OrderingId=5)
    out["suggestions config"] = kendra.describe_query_suggestions_config(IndexId=index)
    out["suggestions"] = kendra.get_query_suggestions(IndexId=index, QueryText="vaca")
    documents = [{"DocumentId": f"team-{n}"} for n in range(6)]
    out["statuses"] = kendra.batch_get_document_status(IndexId=index,
                                                       DocumentInfoList=documents)
    for text in ("vacation", "hello world", "sales0", "what is up", "car"):
        out[f"query {text}"] = kendra.query(
            IndexId=index, QueryText=text, UserContext={"UserId": "alice"},
            Facets=[{"DocumentAttributeKey": "team"}])
        out[f"retrieve {text}"] = kendra.retrieve(IndexId=index, QueryText=text,
                                                  UserContext={"UserId": "alice"})
    return {key: strip(value) for key, value in out.items()}


def new_index(world: World) -> str:
    """An index created after a load (its place in ListIndices follows the loaded ones)."""
    return str(world.kendra.create_index(Name="after", RoleArn=ROLE)["Id"])


def start_server(state_file: str) -> tuple[subprocess.Popen[bytes], str]:
    """``moto-kendra-server --state-file state_file`` on a free port, once it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    script = shutil.which("moto-kendra-server")
    base = [script] if script else [sys.executable, "-m", "moto_kendra.server"]
    command = [*base, "-H", "127.0.0.1", "-p", str(port), "--state-file", state_file]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("moto-kendra-server did not start")
