"""Shared fixtures. One switch, as in moto: ``TEST_SERVER_MODE=true`` (or ``--server-mode``)
runs every test against a real ``moto-kendra-server`` subprocess instead of in-process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("AWS_ENDPOINT_URL_KENDRA", None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--server-mode", action="store_true", help="test against moto-kendra-server")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--server-mode"):
        os.environ["TEST_SERVER_MODE"] = "true"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_command(port: int) -> list[str]:
    script = shutil.which("moto-kendra-server")
    base = [script] if script else [sys.executable, "-m", "moto_kendra.server"]
    return base + ["-H", "127.0.0.1", "-p", str(port)]


@pytest.fixture(scope="session")
def endpoint() -> Iterator[str | None]:
    """None in-process; the URL of a freshly started server in server mode."""
    from support import SERVER_MODE

    if not SERVER_MODE:
        yield None
        return
    port = _free_port()
    process = subprocess.Popen(
        _server_command(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("moto-kendra-server did not start")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)


@pytest.fixture(autouse=True)
def aws(endpoint: str | None) -> Iterator[None]:
    """Fresh moto state for every test, in either mode."""
    if endpoint is None:
        from moto import mock_aws

        with mock_aws():
            yield
    else:
        import requests

        requests.post(f"{endpoint}/moto-api/reset", timeout=30)
        yield


@pytest.fixture
def kendra(endpoint: str | None) -> Any:
    from support import make_client

    return make_client(endpoint)


@pytest.fixture
def client_for(endpoint: str | None) -> Any:
    """Another client: ``client_for(region="eu-west-1", aws_access_key_id=...)``."""
    from support import make_client

    def factory(region: str = "us-east-1", **credentials: str) -> Any:
        return make_client(endpoint, region, **credentials)

    return factory


@pytest.fixture
def transition(endpoint: str | None) -> Iterator[Any]:
    """Override a state-manager transition for one test, in-process or over HTTP."""
    import requests
    from moto.moto_api import state_manager

    names: list[str] = []

    def set_transition(model_name: str, **transition: Any) -> None:
        names.append(model_name)
        if endpoint is None:
            state_manager.set_transition(model_name, transition)
        else:
            body = {"model_name": model_name, "transition": transition}
            url = f"{endpoint}/moto-api/state-manager/set-transition"
            requests.post(url, json=body, timeout=30).raise_for_status()

    yield set_transition
    for name in names:
        if endpoint is None:
            state_manager.unset_transition(name)
        else:
            url = f"{endpoint}/moto-api/state-manager/unset-transition"
            requests.post(url, json={"model_name": name}, timeout=30)


@pytest.fixture
def make_index(kendra: Any) -> Any:
    """Create an index (ACTIVE at once under the default transitions); returns its id."""
    from support import ROLE

    def factory(name: str = "test-index", **kwargs: Any) -> str:
        return str(kendra.create_index(Name=name, RoleArn=ROLE, **kwargs)["Id"])

    return factory


@pytest.fixture
def index_id(make_index: Any) -> str:
    return str(make_index())


@pytest.fixture
def make_data_source(kendra: Any, index_id: str) -> Any:
    def factory(kind: str = "CUSTOM", index: str | None = None, **kwargs: Any) -> str:
        from support import CONNECTOR_CONFIGURATIONS, ROLE

        if kind != "CUSTOM":
            kwargs.setdefault("RoleArn", ROLE)
            if "Configuration" not in kwargs:
                kwargs["Configuration"] = CONNECTOR_CONFIGURATIONS[kind]
        result = kendra.create_data_source(
            Name=f"{kind.lower()}-source", IndexId=index or index_id, Type=kind, **kwargs
        )
        return str(result["Id"])

    return factory


@pytest.fixture
def put_docs(kendra: Any, index_id: str) -> Any:
    """Put documents (ids or dicts); asserts none failed; returns the response."""
    from support import doc

    def factory(*documents: Any, index: str | None = None) -> Any:
        batch = [d if isinstance(d, dict) else doc(d) for d in documents]
        response = kendra.batch_put_document(IndexId=index or index_id, Documents=batch)
        assert response["FailedDocuments"] == [], response["FailedDocuments"]
        return response

    return factory
