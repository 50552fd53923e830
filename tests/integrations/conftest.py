"""Fixtures for the integration tests: real retrievers (LangChain, LlamaIndex), unmodified,
against the mock, on a small handbook corpus written here.

Needs the ``integrations`` extra (``pip install -e '.[test,integrations]'``; tox env
``integrations``); the other tox envs pass ``--ignore=tests/integrations``, and each test
module skips itself when its client library is missing. The parent ``tests/conftest.py``
gives every test fresh moto state (its autouse ``aws`` fixture: ``mock_aws`` in-process, a
reset server with ``--server-mode``) and the ``kendra`` client, whose responses are checked
against the botocore output shapes; ``--server-mode`` works here too.

Expected orders in the tests are worked out from the wording below and the ranking rules,
never read back from the mock. Token counts that they rely on are noted next to each text
(tokens: runs of letters/digits, so ``doctor's`` is two; ``days`` and ``day`` share the stem
``day``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from support import ROLE, make_client

BUCKET = "handbook-faqs"
HANDBOOK = "https://handbook.example.com"
HR_ONLY = [{"Name": "hr-team", "Type": "GROUP", "Access": "ALLOW"}]

# (Id, Title, body, _category)
CORPUS: list[tuple[str, str, str, str]] = [
    (
        # 30 tokens; "vacation" x3, "days" x3 (stem day), first "vacation" is token 2.
        "vacation-policy",
        "Vacation policy",
        "Employees earn vacation days every month. Unused vacation days carry over to the "
        "next year, up to ten days. Request vacation through the leave portal at least two "
        "weeks ahead.",
        "hr",
    ),
    (
        # 27 tokens; "first" token 6, "day" token 7, "days" token 23.
        "sick-leave",
        "Sick leave",
        "Sick leave is paid from the first day. Tell your manager before your shift starts "
        "and send a doctor's note after three days of sick leave.",
        "hr",
    ),
    (
        "parental-leave",
        "Parental leave",
        "New parents receive sixteen weeks of paid parental leave. Parental leave can begin "
        "before the birth or adoption of a child.",
        "hr",
    ),
    (
        # 18 tokens; "days" x1 (token 5).
        "expense-reports",
        "Expense reports",
        "Submit expense reports within thirty days of the purchase. Attach receipts for every "
        "expense above twenty five dollars.",
        "finance",
    ),
    (
        "travel-booking",
        "Booking business travel",
        "Book flights and hotels through the travel desk. Economy class applies to flights "
        "shorter than six hours.",
        "finance",
    ),
    (
        # 21 tokens; "VPN" token 16, "first" token 19, "day" token 20 (the last).
        "laptop-setup",
        "Setting up your laptop",
        "Your laptop arrives with the operating system installed. Turn on disk encryption "
        "and join the corporate VPN on the first day.",
        "it",
    ),
    (
        # "VPN" x2 in the body and once in the title, "password" x1.
        "vpn-access",
        "VPN access",
        "Connect to the VPN before opening internal tools. If the VPN client fails, restart "
        "it and check your password.",
        "it",
    ),
    (
        # Visible to the group hr-team only (when a user context is given).
        "salary-bands",
        "Salary bands",
        "Salary bands list the pay range of every role and are reviewed each spring.",
        "hr",
    ),
]
CATEGORIES = {doc_id: category for doc_id, _, _, category in CORPUS}

# Question, answer, URL. No document holds "cafeteria" or "menu".
FAQ_PAIRS = [
    ("Where is the cafeteria menu posted?", "On the intranet home page every Monday.",
     "https://intranet.example.com/cafeteria"),
    ("How many vacation days do I get?", "Twenty five days a year.",
     f"{HANDBOOK}/hr/vacation#allowance"),
]


def source_uri(doc_id: str) -> str:
    return f"{HANDBOOK}/{CATEGORIES[doc_id]}/{doc_id}"


@dataclass(frozen=True)
class Handbook:
    """The corpus as the tests see it (test modules take it from the ``handbook`` fixture,
    not by importing this conftest)."""

    index_id: str
    faq_pairs: list[tuple[str, str, str]] = field(default_factory=lambda: list(FAQ_PAIRS))

    def title(self, doc_id: str) -> str:
        return next(title for i, title, _, _ in CORPUS if i == doc_id)

    def body(self, doc_id: str) -> str:
        return next(body for i, _, body, _ in CORPUS if i == doc_id)

    def whole_body(self, doc_id: str) -> str:
        """A short body as Query's excerpt and Retrieve's passage give it: from the first
        token's start to the last token's end (so without the closing full stop)."""
        return self.body(doc_id).rstrip(".")

    def source_uri(self, doc_id: str) -> str:
        return source_uri(doc_id)

    def category(self, doc_id: str) -> str:
        return CATEGORIES[doc_id]


def _document(doc_id: str, title: str, body: str, category: str) -> dict[str, Any]:
    document: dict[str, Any] = {
        "Id": doc_id,
        "Title": title,
        "Blob": body.encode(),
        "ContentType": "PLAIN_TEXT",
        "Attributes": [
            {"Key": "_category", "Value": {"StringValue": category}},
            {"Key": "_source_uri", "Value": {"StringValue": source_uri(doc_id)}},
        ],
    }
    if doc_id == "salary-bands":
        document["AccessControlList"] = HR_ONLY
    return document


def _put_faq(kendra: Any, endpoint: str | None, index_id: str) -> None:
    s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=endpoint)
    s3.create_bucket(Bucket=BUCKET)
    body = "".join(f"{q},{a},{url}\n" for q, a, url in FAQ_PAIRS)
    s3.put_object(Bucket=BUCKET, Key="faq.csv", Body=body.encode())
    faq_id = kendra.create_faq(
        IndexId=index_id,
        Name="handbook-faq",
        RoleArn=ROLE,
        S3Path={"Bucket": BUCKET, "Key": "faq.csv"},
    )["Id"]
    described = kendra.describe_faq(IndexId=index_id, Id=faq_id)
    assert described["Status"] == "ACTIVE", described


def load_handbook(kendra: Any, endpoint: str | None, index_id: str) -> Handbook:
    """Put the eight documents and an ACTIVE FAQ of two pairs into ``index_id``."""
    documents = [_document(*entry) for entry in CORPUS]
    response = kendra.batch_put_document(IndexId=index_id, Documents=documents)
    assert response["FailedDocuments"] == []
    _put_faq(kendra, endpoint, index_id)
    return Handbook(index_id)


@pytest.fixture
def handbook(kendra: Any, endpoint: str | None, index_id: str) -> Handbook:
    """The handbook index, in this test's mock (in-process, or the server)."""
    return load_handbook(kendra, endpoint, index_id)


@pytest.fixture
def kendra_endpoint_env(endpoint: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """For retrievers that build their own boto3 client and take no endpoint: in server
    mode, point boto3 (and aioboto3) at the server through ``AWS_ENDPOINT_URL_KENDRA``."""
    if endpoint is not None:
        monkeypatch.setenv("AWS_ENDPOINT_URL_KENDRA", endpoint)


# -- a real server for clients that moto's in-process mock cannot serve ------------------
# moto's in-process mock answers botocore's before-send hook with a plain botocore response;
# aiobotocore (under aioboto3) awaits its content and fails ("object bytes can't be used in
# 'await' expression"). Async clients therefore talk to a moto-kendra-server: the one of
# --server-mode, else one started here (only when a test asks for it). mock_aws leaves
# requests to 127.0.0.1 alone.


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(endpoint: str | None) -> Iterator[str]:
    if endpoint is not None:
        yield endpoint
        return
    port = _free_port()
    script = shutil.which("moto-kendra-server")
    command = [script] if script else [sys.executable, "-m", "moto_kendra.server"]
    process = subprocess.Popen(
        [*command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto-kendra-server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.fixture
def live_handbook(live_server: str, monkeypatch: pytest.MonkeyPatch) -> Handbook:
    """The handbook index on ``live_server`` (reset first), with ``AWS_ENDPOINT_URL_KENDRA``
    pointing there for clients that build themselves."""
    import requests

    session = requests.Session()
    session.trust_env = False  # no proxy for 127.0.0.1
    session.post(f"{live_server}/moto-api/reset", timeout=30).raise_for_status()
    monkeypatch.setenv("AWS_ENDPOINT_URL_KENDRA", live_server)
    kendra = make_client(live_server)
    index_id = kendra.create_index(Name="live-handbook", RoleArn=ROLE)["Id"]
    assert kendra.describe_index(Id=index_id)["Status"] == "ACTIVE"
    return load_handbook(kendra, live_server, index_id)
