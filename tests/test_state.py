"""Saving and loading Kendra's state: ``moto_kendra.state`` in-process,
``/moto-api/kendra/state`` on the server, ``moto-kendra-server --state-file``."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
from typing import Any

import pytest
from fuzz_support import World
from state_support import State, answers, build, new_index, start_server
from support import ROLE, SERVER_MODE, doc, make_client

from moto_kendra.server import split_state_file
from moto_kendra.state import VERSION, StateError
from moto_kendra.state_codec import Encoder


@pytest.fixture
def state(endpoint: str | None) -> State:
    return State(endpoint)


@pytest.fixture
def world(endpoint: str | None, kendra: Any) -> World:
    made = World(endpoint).create()
    build(made)
    return made


def test_round_trip_answers_every_read_the_same(world, state):
    document = state.export()
    json.dumps(document)  # JSON-serialisable as it is
    before = answers(world)
    state.reset()
    assert world.kendra.list_indices()["IndexConfigurationSummaryItems"] == []
    state.load(document)
    assert answers(world) == before


def test_a_loaded_state_exports_the_same_document(world, state):
    document = state.export()
    state.reset()
    state.load(document)
    assert state.export() == document


def test_a_status_mid_transition_stays_so(world, state, transition):
    transition("kendra::index", progression="manual", times=2)
    index = world.kendra.create_index(Name="slow", RoleArn="arn:aws:iam::123456789012:role/k")
    world.kendra.describe_index(Id=index["Id"])  # one advance of the two
    document = state.export()
    state.reset()
    state.load(document)
    assert world.kendra.describe_index(Id=index["Id"])["Status"] == "ACTIVE"  # the second
    state.load(document)
    world.kendra.list_indices()
    listed = world.kendra.list_indices()["IndexConfigurationSummaryItems"]
    assert [item["Status"] for item in listed if item["Id"] == index["Id"]] == ["ACTIVE"]


def test_a_pending_crawl_runs_after_a_load(world, state):
    source = world.ids["data_source"][2]
    world.kendra.start_data_source_sync_job(Id=source, IndexId=world.main)  # its crawl waits
    document = state.export()
    state.reset()
    state.load(document)
    history = world.kendra.list_data_source_sync_jobs(Id=source, IndexId=world.main)["History"]
    assert history[0]["Status"] == "SUCCEEDED"
    assert int(history[0]["Metrics"]["DocumentsScanned"]) > 0  # the crawl ran


def test_resources_created_after_a_load_list_after_the_loaded_ones(world, state):
    document = state.export()
    state.reset()
    state.load(document)
    created = new_index(world)
    listed = world.kendra.list_indices()["IndexConfigurationSummaryItems"]
    assert listed[-1]["Id"] == created and len(listed) == 3


def _refused(state: State, document: Any, message: str) -> None:
    if state.endpoint is None:
        with pytest.raises(StateError) as raised:
            state.load(document)
        assert str(raised.value) == message
    else:
        response = state.load(document)
        assert response is not None and response.status_code == 400
        assert response.json() == {"error": message}


def test_another_format_version_is_refused_and_the_state_stays(world, state):
    document = state.export()
    before = state.export()
    _refused(state, {**document, "version": VERSION + 1},
             f"State format version {VERSION + 1} cannot be loaded: this moto-kendra reads "
             f"version {VERSION}.")
    _refused(state, {"backends": []}, "Not a moto-kendra-state document.")
    assert state.export() == before


def test_a_corrupt_document_is_refused_and_the_state_stays(world, state):
    before = state.export()
    broken = copy.deepcopy(before)
    indices = broken["backends"][0]["indices"]
    first = next(iter(indices.values()))
    first["a"]["documents"] = {"$r": 99_999}
    state.reset()
    new_index(world)
    kept = state.export()
    _refused(state, broken, "The state document is corrupt: KeyError(99999)")
    _refused(state, '{"format": "moto-kendra-state", "version"',
             "The state document is not JSON: Expecting ':' delimiter: line 1 column 42 "
             "(char 41)")
    assert state.export() == kept


def _index_attributes(document: Any) -> list[dict[str, Any]]:
    """The stored attributes of every index in a state document."""
    return [
        index["a"] for backend in document["backends"] for index in backend["indices"].values()
        if isinstance(index, dict) and "a" in index
    ]


def test_query_ids_saved_as_a_plain_set_load_as_the_bounded_set(world, state):
    index_id = new_index(world)
    query_id = world.kendra.query(IndexId=index_id, QueryText="anything")["QueryId"]
    document = state.export()
    saved = [a for a in _index_attributes(document) if query_id in str(a["query_ids"])]
    assert saved[0]["query_ids"]["$o"] == "moto_kendra.resources.query_ids:RecentIds"
    saved[0]["query_ids"] = {"$s": saved[0]["query_ids"]["items"]}  # as a plain set
    state.reset()
    state.load(document)
    world.kendra.submit_feedback(
        IndexId=index_id, QueryId=query_id,
        ClickFeedbackItems=[{"ResultId": "r", "ClickTime": 0}],
    )
    again = [a for a in _index_attributes(state.export()) if query_id in str(a["query_ids"])]
    assert again[0]["query_ids"]["$o"] == "moto_kendra.resources.query_ids:RecentIds"


def test_a_document_cannot_name_a_class_outside_moto_kendra(state, kendra):
    document = {"format": "moto-kendra-state", "version": VERSION, "backends": [{
        "account_id": "123456789012", "region": "us-east-1", "tags": {},
        "indices": {"x": {"$o": "subprocess:Popen", "$i": 0, "a": {}}}, "client_tokens": {},
    }]}
    _refused(state, document, "'subprocess:Popen' is not a moto_kendra class.")


@pytest.mark.skipif(SERVER_MODE, reason="in-process API")
def test_load_takes_a_json_string(world, state):
    document = state.export()
    state.reset()
    state.load(json.dumps(document))
    assert state.export() == document


def test_the_state_file_keeps_indexes_across_a_server_restart(tmp_path):
    path = str(tmp_path / "kendra-state.json")
    process, url = start_server(path)
    try:
        client = make_client(url)
        index = client.create_index(Name="kept", RoleArn=ROLE)["Id"]
        client.batch_put_document(IndexId=index, Documents=[doc("d1", "kept across restarts")])
        first = client.query(IndexId=index, QueryText="restarts")["ResultItems"]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    assert json.loads(open(path, encoding="utf-8").read())["version"] == VERSION
    assert not [name for name in os.listdir(tmp_path) if name != "kendra-state.json"]
    process, url = start_server(path)
    try:
        client = make_client(url)
        assert client.describe_index(Id=index)["Name"] == "kept"
        again = client.query(IndexId=index, QueryText="restarts")["ResultItems"]
        assert [item["DocumentId"] for item in again] == [item["DocumentId"] for item in first]
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0


def test_a_corrupt_state_file_stops_the_server_and_stays(tmp_path):
    path = tmp_path / "kendra-state.json"
    corrupt = '{"format": "moto-kendra-state", "version": 1, "backends": [{}]}'
    path.write_text(corrupt)
    command = [sys.executable, "-m", "moto_kendra.server", "--state-file", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"moto-kendra-server: cannot load {path}: The state document is corrupt: "
        "KeyError('account_id')"
    )
    assert path.read_text() == corrupt


def test_split_state_file_leaves_moto_its_flags():
    assert split_state_file(["-p", "5000", "--state-file", "s.json", "-H", "0.0.0.0"]) == (
        "s.json", ["-p", "5000", "-H", "0.0.0.0"])
    assert split_state_file(["--state-file=a.json", "-r"]) == ("a.json", ["-r"])
    assert split_state_file(["-p", "5000"]) == (None, ["-p", "5000"])


def test_a_document_whose_indexes_are_not_indexes_is_refused(state, kendra):
    document = {"format": "moto-kendra-state", "version": VERSION, "backends": [{
        "account_id": "123456789012", "region": "us-east-1", "tags": {},
        "indices": {"x": "an index"}, "client_tokens": {},
    }]}
    _refused(state, document, "The state document is corrupt: TypeError('indices must map "
             "ids to indexes, client_tokens be a map')")


def test_a_document_naming_an_unknown_region_is_refused(state, kendra):
    index = kendra.create_index(Name="stays", RoleArn=ROLE)["Id"]
    document = {"format": "moto-kendra-state", "version": VERSION, "backends": [{
        "account_id": "123456789012", "region": "mars-west-1", "tags": {},
        "indices": {}, "client_tokens": {},
    }]}
    _refused(state, document, "Unknown region 'mars-west-1'.")
    assert kendra.describe_index(Id=index)["Name"] == "stays"


@pytest.mark.skipif(SERVER_MODE, reason="in-process API")
def test_a_set_of_plain_values_is_saved_in_sorted_order():
    # so a state saved, loaded and saved again is the same document under any string hashing
    words = {"quick", "auto", "zebra", "brown"}
    assert Encoder().value(words) == {"$s": ["auto", "brown", "quick", "zebra"]}
    assert Encoder().value(frozenset({3, 1, 2})) == {"$fs": [1, 2, 3]}
