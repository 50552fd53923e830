"""The AWS SDK for JavaScript v3 (``@aws-sdk/client-kendra``) against ``moto-kendra-server``.

The SDK is pinned to an exact version in ``package.json``, its dependency tree in
``package-lock.json``; it is installed with ``npm ci`` into ``tests/clients/node_modules``
(git-ignored) and reused while it matches the lockfile. ``kendra_client.mjs`` does the calls
and checks the SDK's own view (Dates, exception classes); this test checks what it prints.
Skipped when ``node`` or ``npm`` is missing; an npm install that fails (or takes longer than
``NPM_TIMEOUT``) fails the test, since CI can reach the npm registry. ``kendra_query.mjs``
(the second test) runs Query with an AttributeFilter and a facet, and the SDK's generated
``paginateListDataSources``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "kendra_client.mjs"
QUERY_SCRIPT = HERE / "kendra_query.mjs"
NPM_TIMEOUT = 300  # seconds
NODE_TIMEOUT = 120
MIN_NODE = 20  # the pinned SDK's `engines.node`

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None,
    reason="node and npm are needed for the AWS SDK for JavaScript v3 test",
)


def _pinned_version() -> str:
    return str(
        json.loads((HERE / "package.json").read_text())["dependencies"]["@aws-sdk/client-kendra"]
    )


def _installed_matches_lock() -> bool:
    """node_modules holds the locked tree (npm records it in node_modules/.package-lock.json)."""
    installed = HERE / "node_modules" / ".package-lock.json"
    if not installed.is_file():
        return False
    locked = json.loads((HERE / "package-lock.json").read_text())["packages"]
    present = json.loads(installed.read_text())["packages"]
    wanted = {path: entry.get("version") for path, entry in locked.items() if path}
    have = {path: entry.get("version") for path, entry in present.items() if path}
    return wanted == have


@pytest.fixture(scope="session")
def sdk_installed() -> float:
    """Install the pinned SDK once (``npm ci``); returns the seconds it took (0 if cached)."""
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=30)
    major = int(node.stdout.strip().lstrip("v").split(".")[0])
    if major < MIN_NODE:
        found = node.stdout.strip()
        pytest.skip(f"@aws-sdk/client-kendra {_pinned_version()} needs node >= {MIN_NODE}: {found}")
    if _installed_matches_lock():
        return 0.0
    started = time.monotonic()
    try:
        result = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT,
        )
    except subprocess.TimeoutExpired as timeout:
        pytest.fail(f"npm ci took longer than {NPM_TIMEOUT} s: {timeout.stderr!r}")
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        output = result.stderr + result.stdout
        pytest.fail(f"npm ci failed ({result.returncode}) after {elapsed:.1f} s:\n{output}")
    installed = json.loads(
        (HERE / "node_modules" / "@aws-sdk" / "client-kendra" / "package.json").read_text()
    )
    assert installed["version"] == _pinned_version()
    return elapsed


def run_script(script: Path, endpoint: str, env: dict[str, str]) -> dict[str, Any]:
    """Run ``node script endpoint``; the JSON object of its last stdout line."""
    result = subprocess.run(
        ["node", str(script), endpoint],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT,
    )
    assert result.returncode == 0, f"node exited {result.returncode}:\n{result.stderr}"
    lines = result.stdout.strip().splitlines()
    assert lines, result.stderr
    output: dict[str, Any] = json.loads(lines[-1])
    return output


def test_javascript_sdk_v3(
    sdk_installed: float,
    kendra_server: str,
    client_env: dict[str, str],
) -> None:
    print(f"npm ci: {sdk_installed:.1f} s (0 = node_modules already matched the lockfile)")
    output = run_script(SCRIPT, kendra_server, client_env)

    assert len(output["indexId"]) == 36
    assert output["status"] == "ACTIVE"
    created = datetime.fromisoformat(output["createdAt"].replace("Z", "+00:00"))
    updated = datetime.fromisoformat(output["updatedAt"].replace("Z", "+00:00"))
    assert created == updated
    assert abs(created.timestamp() - time.time()) < 600
    assert output["putFailed"] == []
    assert output["deleteFailed"] == []
    assert output["statusErrors"] == []
    assert output["documentStatuses"] == [
        {"DocumentId": "js-doc-keep", "DocumentStatus": "INDEXED"},
        {"DocumentId": "js-doc-drop", "DocumentStatus": "NOT_FOUND"},
    ]
    assert output["notFound"] == {
        "name": "ResourceNotFoundException",
        "message": "Index 00000000-0000-0000-0000-000000000000 does not exist.",
        "status": 400,
    }

    # The index the SDK created, seen by boto3: the same instant the SDK parsed into a Date.
    import boto3

    kendra = boto3.client(
        "kendra",
        endpoint_url=kendra_server,
        region_name="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="testing-secret",
    )
    index = kendra.describe_index(Id=output["indexId"])
    assert (index["Name"], index["Status"]) == ("js-sdk-index", "ACTIVE")
    assert index["CreatedAt"] == created and index["UpdatedAt"] == updated


def test_javascript_sdk_v3_query_filter_facet_and_paginator(
    sdk_installed: float,
    kendra_server: str,
    client_env: dict[str, str],
) -> None:
    output = run_script(QUERY_SCRIPT, kendra_server, client_env)

    # "server": guide-install says it twice in its body and once in its title (tf 4); the
    # other three once each (tf 1), so the shortest comes first. Weighted lengths (body
    # tokens + 2 x title tokens): reference-config 6 + 2, guide-upgrade 7 + 2,
    # news-release 7 + 4. news-office never says "server".
    facet = {"key": "_category", "type": "STRING_VALUE"}
    assert output["unfiltered"] == {
        "ids": ["guide-install", "reference-config", "guide-upgrade", "news-release"],
        "categories": ["guides", "reference", "guides", "news"],
        "total": 4,
        # Count descending, then value.
        "facets": [{**facet, "counts": [["guides", 2], ["news", 1], ["reference", 1]]}],
    }
    assert output["filtered"] == {
        "ids": ["guide-install", "guide-upgrade"],
        "categories": ["guides", "guides"],
        "total": 2,
        "facets": [{**facet, "counts": [["guides", 2]]}],
    }
    assert output["notGuides"] == {
        "ids": ["reference-config", "news-release"],
        "categories": ["reference", "news"],
        "total": 2,
        "facets": [{**facet, "counts": [["news", 1], ["reference", 1]]}],
    }

    created = output["created"]
    assert len(set(created)) == 5
    pages = output["pages"]
    assert [page["ids"] for page in pages] == [created[0:2], created[2:4], created[4:]]
    assert [page["names"] for page in pages] == [
        ["source-1", "source-2"], ["source-3", "source-4"], ["source-5"],
    ]
    assert {t for page in pages for t in page["types"]} == {"CUSTOM"}
    assert [page["hasNextToken"] for page in pages] == [True, True, False]
    assert output["pageSizesSent"] == [2, 2, 2]
    assert output["tokensChained"] is True
