"""The AWS CLI v1 (``awscli`` from PyPI) against ``moto-kendra-server``.

Run as ``python -m awscli`` with the interpreter running pytest, so it is the awscli installed
alongside these tests (the tox env's extra ``clients``). An ``aws`` found on PATH is not used:
it may be CLI v2 (other blob and timestamp defaults) or a pyenv shim for another Python.

Blobs in CLI v1: a blob member inside ``--documents`` (inline JSON, shorthand or
``file://x.json``) is taken as **raw text**: the CLI encodes the string as UTF-8 and
base64-encodes it for the wire, so ``"Blob": "hello"`` stores the text ``hello``, and text that
is already base64 is encoded a second time (stored as the base64 text itself).
``--cli-binary-format`` is CLI v2 only (v1 rejects it as an unknown option), and ``fileb://``
applies to top-level blob parameters only, so v1 cannot send non-UTF-8 bytes in a document.
Timestamps: CLI v1 prints them as they came on the wire (epoch seconds) unless the config sets
``cli_timestamp_format = iso8601``.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("awscli") is None,
    reason="the AWS CLI v1 (`awscli`, extra `clients`) is not installed in this Python",
)

ROLE = "arn:aws:iam::123456789012:role/kendra"
UNKNOWN_ID = "0" * 8 + "-0000-0000-0000-" + "0" * 12  # 36 characters, never issued
TOO_LONG_ID = UNKNOWN_ID + "0"  # 37 characters


class Cli:
    """``aws kendra <args>`` against the server; ``run`` returns the CompletedProcess."""

    def __init__(self, endpoint: str, env: dict[str, str]) -> None:
        self.endpoint = endpoint
        self.env = env

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "awscli", "kendra", *args]
        command += ["--endpoint-url", self.endpoint, "--region", "us-east-1", "--output", "json"]
        return subprocess.run(
            command, env=env or self.env, capture_output=True, text=True, timeout=120
        )

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Any:
        """Run and return the parsed JSON output; the command must succeed."""
        result = self.run(*args, env=env)
        assert result.returncode == 0, (args, result.returncode, result.stderr)
        return json.loads(result.stdout) if result.stdout.strip() else None

    def create_index(self, name: str = "cli-index") -> str:
        index_id = self("create-index", "--name", name, "--role-arn", ROLE)["Id"]
        assert isinstance(index_id, str) and len(index_id) == 36
        return str(index_id)


@pytest.fixture
def cli(kendra_server: str, client_env: dict[str, str]) -> Cli:
    return Cli(kendra_server, client_env)


def recent(epoch_seconds: Any) -> datetime:
    """A wire timestamp: a JSON number of epoch seconds (at most 3 decimals), close to now."""
    assert isinstance(epoch_seconds, (int, float)) and not isinstance(epoch_seconds, bool)
    assert round(epoch_seconds, 3) == epoch_seconds, epoch_seconds
    moment = datetime.fromtimestamp(epoch_seconds, timezone.utc)
    assert abs(time.time() - epoch_seconds) < 600, moment
    return moment


def test_create_describe_list_index(cli: Cli) -> None:
    index_id = cli.create_index("cli-index")

    index = cli("describe-index", "--id", index_id)
    assert index["Id"] == index_id
    assert index["Name"] == "cli-index"
    assert index["Status"] == "ACTIVE"
    assert index["Edition"] == "ENTERPRISE_EDITION"
    assert index["RoleArn"] == ROLE
    assert index["UserContextPolicy"] == "ATTRIBUTE_FILTER"
    assert recent(index["CreatedAt"]) == recent(index["UpdatedAt"])
    names = [field["Name"] for field in index["DocumentMetadataConfigurations"]]
    assert names[:2] == ["_authors", "_category"] and len(names) == 14

    second_id = cli.create_index("cli-index-2")
    listed = cli("list-indices")["IndexConfigurationSummaryItems"]
    assert [item["Id"] for item in listed] == [index_id, second_id]
    assert listed[0] == {
        "Name": "cli-index",
        "Id": index_id,
        "Edition": "ENTERPRISE_EDITION",
        "CreatedAt": index["CreatedAt"],
        "UpdatedAt": index["UpdatedAt"],
        "Status": "ACTIVE",
    }


def test_iso8601_timestamps(cli: Cli, client_env: dict[str, str], tmp_path: Path) -> None:
    """botocore's timestamp parser reads the wire numbers (``cli_timestamp_format``)."""
    index_id = cli.create_index()
    raw = cli("describe-index", "--id", index_id)

    config = tmp_path / "iso-config"
    config.write_text("[default]\ncli_timestamp_format = iso8601\n")
    iso = cli(
        "describe-index", "--id", index_id, env={**client_env, "AWS_CONFIG_FILE": str(config)}
    )
    for key in ("CreatedAt", "UpdatedAt"):
        parsed = datetime.fromisoformat(iso[key])
        assert parsed.tzinfo is not None, iso[key]
        assert parsed == recent(raw[key]), (iso[key], raw[key])


def test_put_delete_and_status(cli: Cli) -> None:
    index_id = cli.create_index()
    documents = [
        {
            "Id": "doc-keep",
            "Title": "Kept",
            "Blob": "a document that stays",
            "ContentType": "PLAIN_TEXT",
        },
        {
            "Id": "doc-drop",
            "Title": "Dropped",
            "Blob": "a document that goes",
            "ContentType": "PLAIN_TEXT",
        },
    ]
    put = cli("batch-put-document", "--index-id", index_id, "--documents", json.dumps(documents))
    assert put == {"FailedDocuments": []}

    deleted = cli("batch-delete-document", "--index-id", index_id, "--document-id-list", "doc-drop")
    assert deleted == {"FailedDocuments": []}

    statuses = cli(
        "batch-get-document-status",
        "--index-id",
        index_id,
        "--document-info-list",
        "DocumentId=doc-keep",
        "DocumentId=doc-drop",
    )
    assert statuses == {
        "Errors": [],
        "DocumentStatusList": [
            {"DocumentId": "doc-keep", "DocumentStatus": "INDEXED"},
            {"DocumentId": "doc-drop", "DocumentStatus": "NOT_FOUND"},
        ],
    }
    stats = cli("describe-index", "--id", index_id)["IndexStatistics"]["TextDocumentStatistics"]
    assert stats == {
        "IndexedTextDocumentsCount": 1,
        "IndexedTextBytes": len("a document that stays"),
    }


def test_blob_is_raw_text(cli: Cli, tmp_path: Path) -> None:
    """CLI v1 sends a blob string's UTF-8 bytes, base64-encoded (see the module docstring)."""
    index_id = cli.create_index()
    text = "héllo wörld ✓"
    already_base64 = base64.b64encode(b"hello").decode()  # "aGVsbG8=": not decoded by the CLI
    path = tmp_path / "documents.json"
    path.write_text(
        json.dumps([{"Id": "unicode", "Blob": text}, {"Id": "b64", "Blob": already_base64}]),
        encoding="utf-8",
    )
    put = cli("batch-put-document", "--index-id", index_id, "--documents", f"file://{path}")
    assert put == {"FailedDocuments": []}
    stats = cli("describe-index", "--id", index_id)["IndexStatistics"]["TextDocumentStatistics"]
    # The server stores the text as given: the UTF-8 text, and the base64 string itself.
    assert stats["IndexedTextDocumentsCount"] == 2
    assert stats["IndexedTextBytes"] == len(text.encode()) + len(already_base64)

    # Shorthand syntax works too.
    shorthand = "Id=short,Blob=plain words,ContentType=PLAIN_TEXT"
    assert cli("batch-put-document", "--index-id", index_id, "--documents", shorthand) == {
        "FailedDocuments": []
    }
    stats = cli("describe-index", "--id", index_id)["IndexStatistics"]["TextDocumentStatistics"]
    assert stats["IndexedTextBytes"] == len(text.encode()) + len(already_base64) + len(
        "plain words"
    )


def assert_cli_error(
    result: subprocess.CompletedProcess[str], operation: str, code: str, message: str
) -> None:
    # CLI v1 exits 255 on a service error (CLI v2: 254).
    assert result.returncode in (254, 255), (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ""
    assert code in result.stderr
    assert f"An error occurred ({code}) when calling the {operation} operation: {message}" in (
        result.stderr
    ), result.stderr


def test_unknown_index_is_resource_not_found(cli: Cli) -> None:
    result = cli.run("describe-index", "--id", UNKNOWN_ID)
    assert_cli_error(
        result, "DescribeIndex", "ResourceNotFoundException", f"Index {UNKNOWN_ID} does not exist."
    )


@pytest.mark.parametrize(
    ("args", "operation", "path"),
    [
        (("describe-index", "--id"), "DescribeIndex", "id"),
        (
            ("batch-delete-document", "--document-id-list", "doc", "--index-id"),
            "BatchDeleteDocument",
            "indexId",
        ),
    ],
    ids=["describe-index", "batch-delete-document"],
)
def test_too_long_id_is_validation_error(
    cli: Cli, args: tuple[str, ...], operation: str, path: str
) -> None:
    # botocore checks minimum lengths client-side but not maximums: the server answers.
    result = cli.run(*args, TOO_LONG_ID)
    message = (
        f"1 validation error detected: Value '{TOO_LONG_ID}' at '{path}' failed to satisfy "
        "constraint: Member must have length less than or equal to 36"
    )
    assert_cli_error(result, operation, "ValidationException", message)
