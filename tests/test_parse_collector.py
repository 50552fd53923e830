"""The cyclic collector is paused only while a large body is parsed, then restored."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator

import pytest

from moto_kendra.exceptions import SerializationException
from moto_kendra.protocol import parse_request
from moto_kendra.protocol.collector import PAUSE_FROM, collector_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _large_body(valid: bool = True) -> bytes:
    attributes = [{"Key": f"k{i}", "Value": {"StringValue": "v"}} for i in range(20_000)]
    body = json.dumps({"IndexId": "i" * 36, "DocumentInfoList": [
        {"DocumentId": "d", "Attributes": attributes}
    ]}).encode()
    assert len(body) >= PAUSE_FROM
    return body if valid else body[:-1]


def test_the_collector_is_off_during_a_large_parse_and_on_after(collector_on: None) -> None:
    with collector_paused(PAUSE_FROM):
        assert not gc.isenabled()
        with collector_paused(PAUSE_FROM):  # another thread's parse
            assert not gc.isenabled()
        assert not gc.isenabled()  # still one parse under way
    assert gc.isenabled()


def test_a_small_body_leaves_the_collector_alone(collector_on: None) -> None:
    with collector_paused(PAUSE_FROM - 1):
        assert gc.isenabled()


def test_a_failed_parse_restores_the_collector(collector_on: None) -> None:
    with pytest.raises(SerializationException):
        parse_request("BatchGetDocumentStatus", _large_body(valid=False))
    assert gc.isenabled()
    parsed = parse_request("BatchGetDocumentStatus", _large_body())
    assert len(parsed["DocumentInfoList"][0]["Attributes"]) == 20_000
    assert gc.isenabled()


def test_a_collector_switched_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        parse_request("BatchGetDocumentStatus", _large_body())
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
