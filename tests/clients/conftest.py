"""Fixtures for the independent-client tests: a real ``moto-kendra-server`` subprocess.

These tests drive the server with clients that are not boto3 (the AWS CLI v1, the AWS SDK
for JavaScript v3), each in its own process, so they always need a server, whatever
``--server-mode``/``TEST_SERVER_MODE`` say. pytest also loads the parent ``tests/conftest.py``;
this file overrides its ``endpoint`` and its autouse ``aws`` fixture, so no in-process
``mock_aws`` is started and no second server is spawned for these tests, and nothing here
needs the parent's fixtures. The tox env ``clients`` runs this directory; the other envs run
``pytest --ignore=tests/clients``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

REGION = "us-east-1"
START_TIMEOUT = 60  # seconds for the server to accept connections

# A local opener that ignores HTTP(S)_PROXY: the server is on 127.0.0.1.
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_command(port: int) -> list[str]:
    """The console script when installed (tox), else ``python -m moto_kendra.server``."""
    script = shutil.which("moto-kendra-server")
    base = [script] if script else [sys.executable, "-m", "moto_kendra.server"]
    return base + ["-H", "127.0.0.1", "-p", str(port)]


def _server_env() -> dict[str, str]:
    env = dict(os.environ)
    # Running from a source checkout (nothing pip-installed): make `-m moto_kendra.server`
    # import the same package these tests see, whatever the subprocess's working directory.
    spec = importlib.util.find_spec("moto_kendra")
    if spec is not None and spec.origin is not None:
        source_root = str(Path(spec.origin).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (source_root, env.get("PYTHONPATH", "")) if p
        )
    return env


def _tail(log: IO[bytes]) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode(errors="replace")[-4000:]


def reset(endpoint: str) -> None:
    """``POST /moto-api/reset``: clears all moto state, Kendra's included."""
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", data=b"", method="POST")
    with _LOCAL.open(request, timeout=30) as response:
        assert response.status == 200, response.status


@pytest.fixture(scope="session")
def kendra_server() -> Iterator[str]:
    """Start ``moto-kendra-server`` on a free port for the session; yields its URL."""
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            server_command(port),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=_server_env(),
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"moto-kendra-server exited with {process.returncode}:\n{_tail(log)}"
                    )
                try:
                    reset(endpoint)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"moto-kendra-server did not answer on {endpoint} within "
                            f"{START_TIMEOUT} s:\n{_tail(log)}"
                        ) from None
                    time.sleep(0.1)
            yield endpoint
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


@pytest.fixture(scope="session")
def endpoint(kendra_server: str) -> str:
    """Overrides ``tests/conftest.py``: here every test talks to ``kendra_server``."""
    return kendra_server


@pytest.fixture(autouse=True)
def aws(kendra_server: str) -> Iterator[None]:
    """Overrides the parent's autouse fixture: fresh server state for every test."""
    reset(kendra_server)
    yield


@pytest.fixture
def client_env(tmp_path: Path) -> dict[str, str]:
    """Environment for a client subprocess: fake credentials, isolated config.

    Any AWS_* variable of the calling shell (profiles, endpoint overrides, real keys) is
    dropped; the config and credentials files are empty files of this test's own.
    """
    config = tmp_path / "aws-config"
    config.write_text("[default]\n")
    credentials = tmp_path / "aws-credentials"
    credentials.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AWS_")}
    no_proxy = ",".join(p for p in ("127.0.0.1", "localhost", os.environ.get("NO_PROXY", "")) if p)
    env.update(
        {
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "testing-secret",
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
            "AWS_EC2_METADATA_DISABLED": "true",
            "NO_PROXY": no_proxy,
            "no_proxy": no_proxy,
        }
    )
    return env
