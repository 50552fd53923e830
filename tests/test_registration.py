"""Registration with moto, accounts and regions, reset, seeding and the moto-api endpoints,
and the state-manager models."""

from __future__ import annotations

import gzip
import importlib
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from moto import mock_aws, settings
from moto.core.responses import ActionAuthenticatorMixin  # moto.core.authorization >= 5.1
from moto.moto_api import state_manager
from support import ROLE, SERVER_MODE, expect_error, make_client

import moto_kendra
from moto_kendra._moto import registration as _moto

OTHER_ACCOUNT = "111111111111"
# The state-manager models registered on import.
SPEC_MODELS = [
    "kendra::index",
    "kendra::datasource",
    "kendra::document",
    "kendra::sync_job",
    "kendra::faq",
    "kendra::thesaurus",
    "kendra::query_suggestions_block_list",
    "kendra::experience",
    "kendra::featured_results_set",
]
IMMEDIATE = {"progression": "immediate"}


def moto_api(endpoint: str | None, path: str, **kwargs: Any) -> requests.Response:
    """POST to moto's own API: the server's, or (in-process) the mocked motoapi host."""
    base = endpoint or "http://motoapi.amazonaws.com"
    response = requests.post(f"{base}/moto-api/{path}", timeout=30, **kwargs)
    response.raise_for_status()
    return response


def get_transition(endpoint: str | None, model_name: str) -> Any:
    base = endpoint or "http://motoapi.amazonaws.com"
    # moto reads the raw query string: the name must not be percent-encoded
    url = f"{base}/moto-api/state-manager/get-transition?model_name={model_name}"
    response = requests.get(url, timeout=30)
    response.raise_for_status()
    return response.json()


def index_ids(client: Any) -> list[str]:
    return [item["Id"] for item in client.list_indices()["IndexConfigurationSummaryItems"]]


def create(client: Any, name: str = "scoped") -> str:
    return str(client.create_index(Name=name, RoleArn=ROLE)["Id"])


def absent(client: Any, index_id: str) -> None:
    call = lambda: client.describe_index(Id=index_id)  # noqa: E731
    expect_error(call, "ResourceNotFoundException", f"Index {index_id} does not exist.")


def other_service(name: str, endpoint: str | None, **credentials: str) -> Any:
    return boto3.client(name, region_name="us-east-1", endpoint_url=endpoint, **credentials)


# -- registration ------------------------------------------------------------------------


def kendra_patterns() -> list[Any]:
    from moto import backend_index

    return [pattern for name, pattern in backend_index.backend_url_patterns if name == "kendra"]


def test_registering_again_leaves_one_url_pattern() -> None:
    from moto.moto_server import werkzeug_app

    hook = getattr(werkzeug_app, "decompress_request_body", None)  # moto >= 5.1
    importlib.reload(moto_kendra)
    moto_kendra.register()
    importlib.reload(_moto)  # forgets that it registered: the seams must still be set once
    _moto.register()
    _moto.register()
    assert len(kendra_patterns()) == 1
    assert getattr(werkzeug_app, "decompress_request_body", None) is hook


def test_import_makes_kendra_a_moto_service() -> None:
    from moto.backends import get_backend

    from moto_kendra.models import kendra_backends

    (pattern,) = kendra_patterns()
    assert pattern.match("https://kendra.eu-west-1.amazonaws.com")
    assert get_backend("kendra") is kendra_backends  # type: ignore[call-overload]


@pytest.mark.parametrize("model_name", SPEC_MODELS)
def test_import_registers_each_state_model_with_immediate_default(model_name: str) -> None:
    assert model_name in state_manager.get_registered_models()
    assert state_manager.get_transition(model_name) == IMMEDIATE


def test_other_moto_services_still_work(endpoint: str | None, kendra: Any) -> None:
    s3 = other_service("s3", endpoint)
    s3.create_bucket(Bucket="kendra-neighbour")
    dynamodb = other_service("dynamodb", endpoint)
    dynamodb.create_table(
        TableName="neighbour",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    index_id = create(kendra)
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["kendra-neighbour"]
    assert dynamodb.list_tables()["TableNames"] == ["neighbour"]
    assert index_ids(kendra) == [index_id]


@pytest.mark.skipif(SERVER_MODE, reason="an address on amazonaws.com reaches only the mock")
def test_plain_request_to_the_kendra_url_reaches_the_plugin(kendra: Any) -> None:
    index_id = create(kendra)
    response = requests.post(
        "https://kendra.us-east-1.amazonaws.com/",
        data=b"{}",
        headers={"X-Amz-Target": "AWSKendraFrontendService.ListIndices"},
        timeout=30,
    )
    assert response.status_code == 200
    listed = response.json()["IndexConfigurationSummaryItems"]
    assert [item["Id"] for item in listed] == [index_id]


@pytest.mark.skipif(SERVER_MODE, reason="the forms of mock_aws exist only in-process")
class TestMockAwsForms:
    """Each way of starting ``mock_aws`` serves Kendra (the suite's own mock is left out)."""

    @pytest.fixture(autouse=True)
    def aws(self) -> Iterator[None]:
        yield

    def test_decorator_serves_kendra(self) -> None:
        @mock_aws
        def scenario() -> tuple[str, list[str]]:
            client = make_client(None)
            index_id = create(client)
            return index_id, index_ids(client)

        index_id, listed = scenario()
        assert listed == [index_id]

    def test_context_manager_serves_kendra(self) -> None:
        with mock_aws():
            client = make_client(None)
            index_id = create(client)
            assert index_ids(client) == [index_id]

    def test_class_decorator_serves_kendra(self) -> None:
        @mock_aws
        class Scenario:
            def test_create(self) -> tuple[str, list[str]]:
                client = make_client(None)
                index_id = create(client)
                return index_id, index_ids(client)

        index_id, listed = Scenario().test_create()
        assert listed == [index_id]

    def test_start_and_stop_serve_kendra_and_stop_start_clears_it(self) -> None:
        mock = mock_aws()
        mock.start()
        try:
            client = make_client(None)
            index_id = create(client)
            assert index_ids(client) == [index_id]
        finally:
            mock.stop()
        mock.start()
        try:
            assert index_ids(make_client(None)) == []
        finally:
            mock.stop()


# -- accounts and regions ------------------------------------------------------------------


def test_state_is_per_region(kendra: Any, client_for: Any) -> None:
    index_id = create(kendra)
    europe = client_for(region="eu-west-1")
    assert index_ids(europe) == []
    absent(europe, index_id)
    europe_id = create(europe)
    assert index_ids(europe) == [europe_id]
    assert index_ids(kendra) == [index_id]


def test_every_region_name_is_served(kendra: Any, client_for: Any) -> None:
    fake = client_for(region="xx-fake-1")
    index_id = create(fake)
    assert index_ids(fake) == [index_id]
    assert fake.describe_index(Id=index_id)["Status"] == "ACTIVE"
    assert index_ids(kendra) == []


def with_account_header(client: Any, account: str) -> Any:
    def add_header(request: Any, **_: Any) -> None:
        request.headers["x-moto-account-id"] = account

    client.meta.events.register("before-sign.kendra", add_header)
    return client


def test_account_header_selects_the_account(kendra: Any, client_for: Any) -> None:
    index_id = create(kendra)
    other = with_account_header(client_for(), OTHER_ACCOUNT)
    assert index_ids(other) == []
    absent(other, index_id)
    other_id = create(other)
    assert index_ids(other) == [other_id]
    assert index_ids(kendra) == [index_id]


@pytest.mark.skipif(SERVER_MODE, reason="the server reads its own environment, not the tests'")
def test_moto_account_id_variable_selects_the_account(
    kendra: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_id = create(kendra)
    monkeypatch.setenv("MOTO_ACCOUNT_ID", OTHER_ACCOUNT)
    assert index_ids(kendra) == []
    other_id = create(kendra)
    assert index_ids(kendra) == [other_id]
    monkeypatch.delenv("MOTO_ACCOUNT_ID")
    assert index_ids(kendra) == [index_id]


def test_assumed_role_credentials_select_the_roles_account(
    endpoint: str | None, kendra: Any, client_for: Any
) -> None:
    index_id = create(kendra)
    sts = other_service("sts", endpoint)
    role = f"arn:aws:iam::{OTHER_ACCOUNT}:role/x"
    credentials = sts.assume_role(RoleArn=role, RoleSessionName="kendra-test")["Credentials"]
    assumed = client_for(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    assert index_ids(assumed) == []
    absent(assumed, index_id)
    own_id = create(assumed)
    assert index_ids(assumed) == [own_id]
    assert index_ids(kendra) == [index_id]
    arn = f"arn:aws:kendra:us-east-1:{OTHER_ACCOUNT}:index/{own_id}"
    assumed.tag_resource(ResourceARN=arn, Tags=[{"Key": "owner", "Value": OTHER_ACCOUNT}])
    assert assumed.list_tags_for_resource(ResourceARN=arn)["Tags"] == [
        {"Key": "owner", "Value": OTHER_ACCOUNT}
    ]


# -- reset, seeding and the state manager over HTTP ----------------------------------------


def test_reset_clears_kendra_state_in_every_account_and_region(
    endpoint: str | None, kendra: Any, client_for: Any
) -> None:
    index_id = create(kendra)
    europe = client_for(region="eu-west-1")
    other = with_account_header(client_for(), OTHER_ACCOUNT)
    create(europe)
    create(other)
    moto_api(endpoint, "reset")
    assert index_ids(kendra) == index_ids(europe) == index_ids(other) == []
    absent(kendra, index_id)


def test_reset_keeps_state_manager_transitions(
    endpoint: str | None, kendra: Any, transition: Any
) -> None:
    manual = {"progression": "manual", "times": 1000}
    transition("kendra::index", **manual)
    moto_api(endpoint, "reset")
    assert get_transition(endpoint, "kendra::index") == manual
    assert get_transition(endpoint, "kendra::datasource") == IMMEDIATE
    assert kendra.describe_index(Id=create(kendra))["Status"] == "CREATING"


def test_seed_makes_created_ids_repeat_but_not_request_ids(
    endpoint: str | None, kendra: Any
) -> None:
    moto_api(endpoint, "seed", params={"a": "42"})
    first = kendra.create_index(Name="seeded", RoleArn=ROLE)
    moto_api(endpoint, "reset")
    moto_api(endpoint, "seed", params={"a": "42"})
    second = kendra.create_index(Name="seeded", RoleArn=ROLE)
    assert first["Id"] == second["Id"]
    assert first["ResponseMetadata"]["RequestId"] != second["ResponseMetadata"]["RequestId"]


def test_get_transition_shows_the_immediate_default(endpoint: str | None) -> None:
    assert get_transition(endpoint, "kendra::index") == IMMEDIATE


def test_set_and_unset_transition_over_http_drive_kendra(endpoint: str | None, kendra: Any) -> None:
    manual = {"progression": "manual", "times": 2}
    moto_api(
        endpoint,
        "state-manager/set-transition",
        json={"model_name": "kendra::index", "transition": manual},
    )
    try:
        assert get_transition(endpoint, "kendra::index") == manual
        index_id = create(kendra, "manual")
        statuses = [kendra.describe_index(Id=index_id)["Status"] for _ in range(manual["times"])]
        assert statuses == ["CREATING"] * (manual["times"] - 1) + ["ACTIVE"]
    finally:
        moto_api(endpoint, "state-manager/unset-transition", json={"model_name": "kendra::index"})
    assert get_transition(endpoint, "kendra::index") == IMMEDIATE
    assert kendra.describe_index(Id=create(kendra, "immediate"))["Status"] == "ACTIVE"


# -- moto's IAM enforcement, in Kendra's error envelope -------------------------------------


@pytest.fixture
def enforce_iam(endpoint: str | None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Turn on moto's IAM checks after ``free`` unchecked requests (either mode).

    In-process the settings are patched as moto's ``set_initial_no_auth_action_count``
    does: the mocked ``/moto-api/reset-auth`` is shadowed by ``/moto-api/reset``.
    """

    def enable(free: int) -> None:
        if endpoint is None:
            monkeypatch.setattr(settings, "INITIAL_NO_AUTH_ACTION_COUNT", free)
            monkeypatch.setattr(ActionAuthenticatorMixin, "request_count", 0)
        else:
            moto_api(endpoint, "reset-auth", data=str(free).encode())

    yield enable
    if endpoint is not None:
        moto_api(endpoint, "reset-auth", data=b"inf")


def iam_user(endpoint: str | None, name: str, *allowed: str) -> tuple[str, dict[str, str]]:
    """A user (its ARN and credentials) whose only policy allows the ``allowed`` actions."""
    iam = other_service("iam", endpoint)
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    if allowed:
        statement = {"Effect": "Allow", "Action": list(allowed), "Resource": "*"}
        document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
        iam.put_user_policy(UserName=name, PolicyName="kendra", PolicyDocument=document)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return arn, {
        "aws_access_key_id": key["AccessKeyId"],
        "aws_secret_access_key": key["SecretAccessKey"],
    }


def test_iam_denial_is_access_denied_exception(
    endpoint: str | None, client_for: Any, enforce_iam: Any
) -> None:
    enforce_iam(3)  # create_user, put_user_policy, create_access_key
    arn, credentials = iam_user(endpoint, "reader", "kendra:ListIndices")
    reader = client_for(**credentials)
    assert index_ids(reader) == []
    message = f"User: {arn} is not authorized to perform: kendra:CreateIndex"
    expect_error(lambda: create(reader), "AccessDeniedException", message)


def test_unknown_access_key_keeps_motos_code_in_the_envelope(
    endpoint: str | None, client_for: Any, enforce_iam: Any
) -> None:
    enforce_iam(0)
    stranger = client_for(aws_access_key_id="AKIAUNKNOWN000000000", aws_secret_access_key="x")
    message = "The security token included in the request is invalid."
    expect_error(lambda: index_ids(stranger), "InvalidClientTokenId", message)


def test_wrong_secret_keeps_motos_code_in_the_envelope(
    endpoint: str | None, client_for: Any, enforce_iam: Any
) -> None:
    enforce_iam(2)  # create_user, create_access_key
    _, credentials = iam_user(endpoint, "forger")
    forger = client_for(**{**credentials, "aws_secret_access_key": "wrong"})
    error = expect_error(
        lambda: index_ids(forger),
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. "
        "Check your AWS Secret Access Key and signing method. "
        "Consult the service documentation for details.",
    )
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_signature_of_a_gzip_body_is_checked_over_the_bytes_as_sent(
    endpoint: str | None, enforce_iam: Any
) -> None:
    enforce_iam(3)  # create_user, put_user_policy, create_access_key
    _, credentials = iam_user(endpoint, "zipper", "kendra:ListIndices")
    url = (endpoint or "https://kendra.us-east-1.amazonaws.com") + "/"
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "Content-Encoding": "gzip",
        "X-Amz-Target": "AWSKendraFrontendService.ListIndices",
    }
    body = gzip.compress(b"{}")
    request = AWSRequest(method="POST", url=url, data=body, headers=headers)
    keys = Credentials(credentials["aws_access_key_id"], credentials["aws_secret_access_key"])
    SigV4Auth(keys, "kendra", "us-east-1").add_auth(request)
    response = requests.post(url, data=body, headers=dict(request.headers), timeout=30)
    assert response.status_code == 200, response.content
    assert response.json() == {"IndexConfigurationSummaryItems": []}
