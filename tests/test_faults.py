"""Fault injection: ``moto_kendra.faults`` in-process, ``/moto-api/kendra/faults`` on the server.

Every test configures faults the way its mode offers (Python API in-process, HTTP against the
server) through the ``faults`` fixture below, and sees them through real boto3 calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from support import ROLE, SERVER_MODE, expect_error
from test_index import client_in_account

from moto_kendra import faults as fault_api

THROTTLE = {"code": "ThrottlingException", "message": "Rate exceeded"}
MOTO_API = "http://motoapi.amazonaws.com"


class Faults:
    """Sets, reads and clears rules through the Python API or the server's HTTP endpoint."""

    def __init__(self, endpoint: str | None) -> None:
        self.url = f"{endpoint or MOTO_API}/moto-api/kendra/faults"
        self.endpoint = endpoint

    def set(self, rules: Any, seed: int | None = None) -> None:
        if self.endpoint is None:
            fault_api.set(rules, seed=seed)
            return
        body = rules if seed is None else {"rules": rules, "seed": seed}
        response = requests.post(self.url, json=body, timeout=30)
        assert response.status_code == 200, response.text
        assert response.json() == rules

    def get(self) -> list[dict[str, Any]]:
        if self.endpoint is None:
            return fault_api.get()
        response = requests.get(self.url, timeout=30)
        assert response.status_code == 200
        return response.json()  # type: ignore[no-any-return]

    def clear(self) -> None:
        if self.endpoint is None:
            fault_api.clear()
        else:
            assert requests.delete(self.url, timeout=30).json() == []

    def moto_api(self, path: str, **kwargs: Any) -> requests.Response:
        return requests.post(f"{self.endpoint or MOTO_API}/moto-api/{path}", timeout=30, **kwargs)


@pytest.fixture
def faults(endpoint: str | None) -> Iterator[Faults]:
    control = Faults(endpoint)
    yield control
    control.clear()


@pytest.fixture
def retrying(endpoint: str | None) -> Callable[[int], Any]:
    """A plain boto3 client (no response checker) with botocore's standard retries."""

    def factory(attempts: int) -> Any:
        config = Config(retries={"mode": "standard", "total_max_attempts": attempts})
        return boto3.client(
            "kendra", region_name="us-east-1", endpoint_url=endpoint, config=config
        )

    return factory


def outcomes(kendra: Any, calls: int) -> list[bool]:
    """For each of ``calls`` ListIndices calls: did it fail?"""
    failed = []
    for _ in range(calls):
        try:
            kendra.list_indices()
            failed.append(False)
        except ClientError:
            failed.append(True)
    return failed


# -- the retry loop -------------------------------------------------------------------------
def test_boto3_retries_two_throttles_then_succeeds(faults, retrying, make_index):
    index_id = make_index()
    faults.set([{"operation": "DescribeIndex", "count": 2, "error": THROTTLE}])
    response = retrying(3).describe_index(Id=index_id)
    assert response["Id"] == index_id
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert faults.get() == []  # the rule retired after its two calls


def test_too_few_retries_see_the_modelled_throttling_exception(faults, retrying):
    faults.set([{"operation": "ListIndices", "count": 2, "error": THROTTLE}])
    client = retrying(2)
    with pytest.raises(client.exceptions.ThrottlingException) as info:
        client.list_indices()
    error = info.value.response["Error"]
    assert error == {"Code": "ThrottlingException", "Message": "Rate exceeded"}
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 1
    assert client.list_indices()["IndexConfigurationSummaryItems"] == []


def test_the_error_goes_out_in_kendras_envelope(faults, kendra):
    """The ``kendra`` fixture checks the envelope: __type, message, ErrorType, request id."""
    faults.set([{"error": {"code": "InternalServerException", "status_code": 500}}])
    expect_error(kendra.list_indices, "InternalServerException", fault_api.DEFAULT_MESSAGE)


def test_a_503_is_retried_like_a_live_one(faults, retrying):
    error = {"code": "ServiceUnavailableException", "message": "Slow down", "status_code": 503}
    faults.set([{"operation": "ListIndices", "count": 1, "error": error}])
    response = retrying(2).list_indices()
    assert response["ResponseMetadata"]["RetryAttempts"] == 1


# -- which calls a rule affects --------------------------------------------------------------
def test_count_affects_the_next_n_matching_calls_then_retires(faults, kendra):
    faults.set([{"operation": "ListIndices", "count": 2, "error": THROTTLE}])
    assert outcomes(kendra, 4) == [True, True, False, False]
    assert faults.get() == []


def test_a_rule_without_count_stays(faults, kendra):
    rule = {"operation": "ListIndices", "error": THROTTLE}
    faults.set([rule])
    assert outcomes(kendra, 3) == [True, True, True]
    assert faults.get() == [rule]


def test_operation_region_and_account_must_all_match(faults, client_for, make_index):
    index_id = make_index()
    faults.set([{
        "operation": "DescribeIndex", "region": "us-east-1", "account_id": "123456789012",
        "error": THROTTLE,
    }])
    kendra = client_for()
    expect_error(lambda: kendra.describe_index(Id=index_id), "ThrottlingException", "Rate exceeded")
    assert kendra.list_indices()["IndexConfigurationSummaryItems"][0]["Id"] == index_id
    expect_error(
        lambda: client_for("eu-west-1").describe_index(Id=index_id),
        "ResourceNotFoundException", f"Index {index_id} does not exist.",
    )
    expect_error(
        lambda: client_in_account(client_for, "111122223333").describe_index(Id=index_id),
        "ResourceNotFoundException", f"Index {index_id} does not exist.",
    )


def test_rules_apply_in_order_and_the_first_error_wins(faults, kendra):
    faults.set([
        {"latency_ms": 0, "count": 1},
        {"error": {"code": "ConflictException", "message": "first"}, "count": 1},
        {"error": {"code": "ThrottlingException", "message": "second"}, "count": 1},
    ])
    expect_error(kendra.list_indices, "ConflictException", "first")
    assert [rule.get("error", {}).get("message") for rule in faults.get()] == ["second"]
    expect_error(kendra.list_indices, "ThrottlingException", "second")
    assert faults.get() == []


def test_a_latency_only_rule_lets_the_call_succeed(faults, kendra):
    faults.set([{"operation": "ListIndices", "latency_ms": 50, "count": 1}])
    assert kendra.list_indices()["IndexConfigurationSummaryItems"] == []
    assert faults.get() == []


@pytest.mark.skipif(SERVER_MODE, reason="the delay is observed on the in-process clock")
def test_latency_sleeps_the_sum_of_the_affecting_rules(faults, kendra, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(fault_api.time, "sleep", slept.append)
    faults.set([{"latency_ms": 250}, {"latency_ms": 100, "error": THROTTLE}])
    expect_error(kendra.list_indices, "ThrottlingException", "Rate exceeded")
    assert slept == [0.35]


# -- probability and seeds -------------------------------------------------------------------
def test_probability_zero_never_and_one_always(faults, kendra):
    faults.set([{"probability": 0, "error": THROTTLE}])
    assert outcomes(kendra, 5) == [False] * 5
    faults.set([{"probability": 1, "error": THROTTLE}])
    assert outcomes(kendra, 5) == [True] * 5


def test_the_same_seed_gives_the_same_faults(faults, kendra):
    rules = [{"operation": "ListIndices", "probability": 0.5, "error": THROTTLE}]
    faults.set(rules, seed=42)
    first = outcomes(kendra, 30)
    assert True in first and False in first
    faults.set(rules, seed=42)
    assert outcomes(kendra, 30) == first
    faults.set(rules, seed=43)
    assert outcomes(kendra, 30) != first


def test_moto_api_seed_seeds_the_faults(faults, kendra):
    rules = [{"operation": "ListIndices", "probability": 0.5, "error": THROTTLE}]
    faults.set(rules)
    runs = []
    for _ in range(2):
        assert faults.moto_api("seed?a=7").status_code == 200
        runs.append(outcomes(kendra, 30))
    assert runs[0] == runs[1] and True in runs[0] and False in runs[0]


def test_probability_and_count_count_only_affected_calls(faults, kendra):
    faults.set([{"probability": 0.5, "count": 3, "error": THROTTLE}], seed=1)
    failed = outcomes(kendra, 40)
    assert failed.count(True) == 3
    assert faults.get() == []


# -- configuration, not state ----------------------------------------------------------------
def test_reset_keeps_the_faults_and_clear_removes_them(faults, kendra):
    rule = {"operation": "ListIndices", "error": THROTTLE}
    faults.set([rule])
    assert faults.moto_api("reset").status_code == 200
    assert faults.get() == [rule]
    expect_error(kendra.list_indices, "ThrottlingException", "Rate exceeded")
    faults.clear()
    assert faults.get() == []
    assert kendra.list_indices()["IndexConfigurationSummaryItems"] == []


MALFORMED = [
    ("Query", "Fault rules must be a JSON list of rule objects."),
    (["Query"], "Fault rule 0: must be a JSON object."),
    ([{"operation": "Query"}], "Fault rule 0: needs 'error', 'latency_ms' or both."),
    (
        [{"latency_ms": 1}, {"operation": "Queryy", "error": THROTTLE}],
        "Fault rule 1: 'operation' 'Queryy' is not a Kendra operation.",
    ),
    (
        [{"error": THROTTLE, "chance": 1}],
        "Fault rule 0: unknown key(s) ['chance']; allowed: ['account_id', 'count', 'error', "
        "'latency_ms', 'operation', 'probability', 'region'].",
    ),
    ([{"region": "", "error": THROTTLE}], "Fault rule 0: 'region' must be a non-empty string."),
    (
        [{"probability": 1.5, "error": THROTTLE}],
        "Fault rule 0: 'probability' must be a number from 0 to 1.",
    ),
    (
        [{"count": 0, "error": THROTTLE}],
        "Fault rule 0: 'count' must be an integer of at least 1.",
    ),
    (
        [{"count": True, "error": THROTTLE}],
        "Fault rule 0: 'count' must be an integer of at least 1.",
    ),
    (
        [{"latency_ms": -1}],
        "Fault rule 0: 'latency_ms' must be a number from 0 to 600000.",
    ),
    ([{"error": "Throttling"}], "Fault rule 0: 'error' must be a JSON object."),
    (
        [{"error": {"message": "no code"}}],
        "Fault rule 0: 'error.code' must be an error name such as 'ThrottlingException'.",
    ),
    (
        [{"error": {"code": "X", "status_code": 200}}],
        "Fault rule 0: 'error.status_code' must be an integer from 400 to 599.",
    ),
    (
        [{"error": {"code": "X", "message": ""}}],
        "Fault rule 0: 'error.message' must be a non-empty string.",
    ),
    (
        [{"error": {"code": "X", "retry": True}}],
        "Fault rule 0: unknown error key(s) ['retry']; allowed: ['code', 'message', "
        "'status_code'].",
    ),
]


@pytest.mark.parametrize(("rules", "message"), MALFORMED)
def test_a_malformed_rule_is_refused_and_the_old_rules_stay(faults, kendra, rules, message):
    old = [{"operation": "ListIndices", "error": THROTTLE}]
    faults.set(old)
    if faults.endpoint is None:
        with pytest.raises(fault_api.FaultRuleError) as info:
            fault_api.set(rules)
        assert str(info.value) == message
    else:
        response = requests.post(faults.url, json=rules, timeout=30)
        assert (response.status_code, response.json()) == (400, {"error": message})
    assert faults.get() == old
    expect_error(kendra.list_indices, "ThrottlingException", "Rate exceeded")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "The body is not JSON."),
        (b'{"rules": [], "seed": "x"}', "'seed' must be an integer."),
        (b'{"rule": []}', 'Send a rule list, or {"rules": [...], "seed": N}.'),
    ],
)
def test_the_endpoint_refuses_a_malformed_body(faults, body, message):
    old = [{"latency_ms": 0}]
    faults.set(old)
    response = requests.post(faults.url, data=body, timeout=30)
    assert (response.status_code, response.json()) == (400, {"error": message})
    assert faults.get() == old


def test_the_endpoint_answers_get_post_and_delete_only(faults):
    response = requests.put(faults.url, json=[], timeout=30)
    assert (response.status_code, response.json()) == (405, {"error": "Use GET, POST or DELETE."})


def test_the_endpoint_accepts_rules_with_a_seed(faults, kendra):
    rules = [{"probability": 0.5, "error": THROTTLE}]
    body = {"rules": rules, "seed": 5}
    response = requests.post(faults.url, json=body, timeout=30)
    assert (response.status_code, response.json()) == (200, rules)
    first = outcomes(kendra, 20)
    requests.post(faults.url, json=body, timeout=30)
    assert outcomes(kendra, 20) == first


def test_faults_create_nothing(faults, kendra):
    """A failed call never reaches the backend: the index is not created."""
    faults.set([{"operation": "CreateIndex", "count": 1, "error": THROTTLE}])
    expect_error(lambda: kendra.create_index(Name="x", RoleArn=ROLE), "ThrottlingException",
                 "Rate exceeded")
    assert kendra.list_indices()["IndexConfigurationSummaryItems"] == []
