"""Custom document enrichment Lambda hooks: failures (no function in moto's Lambda),
the in-process test doubles of ``moto_kendra.enrichment``, a real moto Lambda run (with
Docker), and enrichment on S3 crawls."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from document_support import attribute, failure, make_bucket
from enrichment_support import (
    FLAGGED,
    HOOK_ARN,
    add_fields,
    custom_attributes,
    enriched_put,
    hook,
    inline,
    shown,
    target,
)
from support import SERVER_MODE, doc

from moto_kendra.enrichment import clear_hooks, register_hook, unregister_hook

BUCKET = "cde-bucket"
HOOK_FAILED = f"Enrichment Lambda function {HOOK_ARN} failed."
IN_PROCESS_ONLY = pytest.mark.skipif(
    SERVER_MODE, reason="a registered callable lives in the process serving Kendra"
)


@pytest.fixture
def fields_index(kendra: Any, index_id: str) -> str:
    add_fields(kendra, index_id)
    return index_id


@pytest.fixture
def bucket(endpoint: str | None) -> Any:
    return make_bucket(endpoint, BUCKET)


@pytest.fixture
def events() -> Iterator[list[dict[str, Any]]]:
    """The events the registered hooks received; registrations undone afterwards."""
    seen: list[dict[str, Any]] = []
    yield seen
    clear_hooks()


def key_of(index_id: str, doc_id: str, part: str) -> str:
    return f"kendra-cde/{index_id}/{hashlib.sha256(doc_id.encode()).hexdigest()}/{part}"


# -- failures (no Docker needed: moto's Lambda has no such function) -------------------------


@pytest.mark.parametrize("member", ["PreExtractionHookConfiguration",
                                    "PostExtractionHookConfiguration"])
def test_a_hook_without_its_function_fails_the_document(
    kendra: Any, fields_index: str, bucket: Any, member: str
) -> None:
    config = {member: hook()}
    assert enriched_put(kendra, fields_index, config, "a", "b") == [
        failure("a", HOOK_FAILED), failure("b", HOOK_FAILED)
    ]
    assert kendra.query(IndexId=fields_index, QueryText="hello")["ResultItems"] == []


def test_a_hook_whose_condition_is_false_is_skipped(kendra: Any, fields_index: str) -> None:
    config = {"InlineConfigurations": [inline(tgt=target("flag", StringValue="yes"))],
              "PreExtractionHookConfiguration": hook(key="dept", operator="Exists"),
              "PostExtractionHookConfiguration": hook(key="flag", operator="NotExists")}
    assert enriched_put(kendra, fields_index, config, "a") == []
    document = doc("b", Attributes=[attribute("dept", StringValue="hr")])
    assert enriched_put(kendra, fields_index, config, document) == [failure("b", HOOK_FAILED)]
    assert FLAGGED in custom_attributes(shown(kendra, fields_index, "a"))


def test_the_pre_extraction_hook_runs_before_the_content_checks(
    kendra: Any, fields_index: str
) -> None:
    bad_text = doc("a", ContentType="PLAIN_TEXT")
    bad_text["Blob"] = b"\xff\xfe"
    pre = {"PreExtractionHookConfiguration": hook()}
    post = {"PostExtractionHookConfiguration": hook()}
    assert enriched_put(kendra, fields_index, pre, bad_text) == [failure("a", HOOK_FAILED)]
    assert enriched_put(kendra, fields_index, post, bad_text) == [
        failure("a", "The document content is not valid UTF-8.")
    ]


def test_a_failed_hook_names_the_data_source(
    kendra: Any, fields_index: str, make_data_source: Any
) -> None:
    source = make_data_source()
    kendra.describe_data_source(Id=source, IndexId=fields_index)
    owned = doc("a", Attributes=[attribute("_data_source_id", StringValue=source)])
    config = {"PreExtractionHookConfiguration": hook()}
    assert enriched_put(kendra, fields_index, config, owned) == [
        failure("a", HOOK_FAILED, source)
    ]


# -- the in-process test double ---------------------------------------------------------------


@IN_PROCESS_ONLY
def test_pre_extraction_hook_gets_the_blob_and_replaces_content_and_metadata(
    kendra: Any, fields_index: str, events: list[dict[str, Any]]
) -> None:
    def enrich(event: dict[str, Any]) -> dict[str, Any]:
        events.append(event)
        return {"version": "v0",
                "dataBlobStringEncodedInBase64": base64.b64encode(b"hello rewritten").decode(),
                "metadataUpdates": [
                    {"name": "dept", "value": {"stringValue": "legal"}},
                    {"key": "rank", "value": {"integerValue": 3}},
                    {"name": "when", "value": {"dateValue": "2024-01-01T00:00:00Z"}},
                    {"name": "_document_title", "value": {"stringValue": "Hooked"}},
                ]}

    register_hook(HOOK_ARN, enrich)
    when = datetime(2023, 5, 1, 12, tzinfo=timezone.utc)
    document = doc("a", "original text", Attributes=[
        attribute("dept", StringValue="hr"), attribute("when", DateValue=when),
        attribute("tags", StringListValue=["x"]),
    ])
    config = {"PreExtractionHookConfiguration": hook()}
    assert enriched_put(kendra, fields_index, config, document) == []
    assert events == [{"version": "v0",
                       "dataBlobStringEncodedInBase64": base64.b64encode(b"original text").decode(),
                       "metadata": {"attributes": [
                           {"name": "dept", "value": {"stringValue": "hr"}},
                           {"name": "when", "value": {"dateValue": "2023-05-01T12:00:00Z"}},
                           {"name": "tags", "value": {"stringListValue": ["x"]}},
                       ]}}]
    item = shown(kendra, fields_index, "a", "rewritten")
    assert item["DocumentTitle"]["Text"] == "Hooked"
    assert custom_attributes(item) == [
        attribute("dept", StringValue="legal"),
        attribute("when", DateValue=datetime(2024, 1, 1, tzinfo=timezone.utc)),
        attribute("tags", StringListValue=["x"]), attribute("rank", LongValue=3),
    ]


@IN_PROCESS_ONLY
def test_s3_content_reaches_the_pre_hook_through_its_bucket(
    kendra: Any, fields_index: str, bucket: Any, events: list[dict[str, Any]]
) -> None:
    bucket.put_object(Bucket=BUCKET, Key="in/a.txt", Body=b"hello from s3")
    bucket.put_object(Bucket=BUCKET, Key="out/new.txt", Body=b"hello replaced")

    def enrich(event: dict[str, Any]) -> dict[str, Any]:
        stored = bucket.get_object(Bucket=event["s3Bucket"], Key=event["s3ObjectKey"])
        events.append({**event, "raw": stored["Body"].read()})
        return {"version": "v0", "s3ObjectKey": "out/new.txt"}

    register_hook(HOOK_ARN, enrich)
    document = {"Id": "a", "S3Path": {"Bucket": BUCKET, "Key": "in/a.txt"},
                "ContentType": "PLAIN_TEXT"}
    assert enriched_put(kendra, fields_index,
                        {"PreExtractionHookConfiguration": hook()}, document) == []
    assert events == [{"version": "v0", "s3Bucket": BUCKET,
                       "s3ObjectKey": key_of(fields_index, "a", "raw"),
                       "metadata": {"attributes": []}, "raw": b"hello from s3"}]
    assert shown(kendra, fields_index, "a", "replaced")["DocumentExcerpt"]["Text"] == (
        "hello replaced"
    )


@IN_PROCESS_ONLY
@pytest.mark.parametrize("member", ["textContent", "text_content"])
def test_post_extraction_hook_reads_and_replaces_the_body(
    kendra: Any, fields_index: str, bucket: Any, events: list[dict[str, Any]], member: str
) -> None:
    def enrich(event: dict[str, Any]) -> dict[str, Any]:
        stored = bucket.get_object(Bucket=event["s3Bucket"], Key=event["s3ObjectKey"])
        events.append({**event, "structured": json.loads(stored["Body"].read())})
        body = {member: {"documentBodyText": "hello   after\nextraction"}}
        bucket.put_object(Bucket=BUCKET, Key="post/a.json", Body=json.dumps(body).encode())
        return {"version": "v0", "s3ObjectKey": "post/a.json",
                "metadataUpdates": [{"name": "flag", "value": {"stringValue": "yes"}}]}

    register_hook(HOOK_ARN, enrich)
    html = doc("a", "<p>hello <b>before</b></p>", ContentType="HTML")
    assert enriched_put(kendra, fields_index,
                        {"PostExtractionHookConfiguration": hook()}, html) == []
    assert events == [{"version": "v0", "s3Bucket": BUCKET,
                       "s3ObjectKey": key_of(fields_index, "a", "structured"),
                       "metadata": {"attributes": []},
                       "structured": {"textContent": {"documentBodyText": "hello before"}}}]
    item = shown(kendra, fields_index, "a", "extraction")
    assert item["DocumentExcerpt"]["Text"] == "hello after extraction"
    assert custom_attributes(item) == [FLAGGED]


BAD_RESPONSES = [
    ["not", "an", "object"],
    {"dataBlobStringEncodedInBase64": "***"},
    {"dataBlobStringEncodedInBase64": 5},
    {"s3ObjectKey": "missing/object"},
    {"metadataUpdates": {"name": "dept"}},
    {"metadataUpdates": [{"value": {"stringValue": "x"}}]},
    {"metadataUpdates": [{"name": "dept", "value": {"stringValue": "x", "longValue": 1}}]},
    {"metadataUpdates": [{"name": "rank", "value": {"longValue": "7"}}]},
    {"metadataUpdates": [{"name": "when", "value": {"dateValue": "yesterday"}}]},
    {"metadataUpdates": [{"name": "tags", "value": {"stringListValue": [1]}}]},
    {"metadataUpdates": [{"name": "_document_title", "value": {"longValue": 1}}]},
]


@IN_PROCESS_ONLY
@pytest.mark.parametrize("response", BAD_RESPONSES)
def test_a_response_of_another_shape_fails_the_document(
    kendra: Any, fields_index: str, bucket: Any, events: list, response: Any
) -> None:
    register_hook(HOOK_ARN, lambda event: response)
    assert enriched_put(kendra, fields_index, {"PreExtractionHookConfiguration": hook()},
                        "a") == [failure("a", HOOK_FAILED)]


@IN_PROCESS_ONLY
def test_post_hook_failures_fail_the_document(
    kendra: Any, fields_index: str, bucket: Any, events: list
) -> None:
    bucket.put_object(Bucket=BUCKET, Key="post/bad.json", Body=b'{"textContent": {}}')
    post = {"PostExtractionHookConfiguration": hook()}
    register_hook(HOOK_ARN, lambda event: {"s3ObjectKey": "post/bad.json"})
    assert enriched_put(kendra, fields_index, post, "a") == [failure("a", HOOK_FAILED)]
    register_hook(HOOK_ARN, lambda event: {})  # no s3ObjectKey: the body stays
    missing_bucket = {"PostExtractionHookConfiguration": hook(bucket="no-such-bucket")}
    assert enriched_put(kendra, fields_index, missing_bucket, "b") == [
        failure("b", HOOK_FAILED)
    ]
    assert enriched_put(kendra, fields_index, post, "c") == []
    assert shown(kendra, fields_index, "c")["DocumentExcerpt"]["Text"] == "hello world"


@IN_PROCESS_ONLY
def test_a_raising_double_fails_and_an_unregistered_one_falls_back_to_lambda(
    kendra: Any, fields_index: str, events: list
) -> None:
    def broken(event: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("boom")

    register_hook(HOOK_ARN, broken)
    config = {"PreExtractionHookConfiguration": hook()}
    assert enriched_put(kendra, fields_index, config, "a") == [failure("a", HOOK_FAILED)]
    register_hook(HOOK_ARN, lambda event: {})
    assert enriched_put(kendra, fields_index, config, "b") == []
    unregister_hook(HOOK_ARN)
    assert enriched_put(kendra, fields_index, config, "c") == [failure("c", HOOK_FAILED)]


@IN_PROCESS_ONLY
def test_hook_updates_are_checked_by_rule_five(
    kendra: Any, fields_index: str, events: list
) -> None:
    register_hook(HOOK_ARN, lambda event: {"metadataUpdates": [
        {"name": "rank", "value": {"stringValue": "high"}}]})
    config = {"PreExtractionHookConfiguration": hook()}
    assert enriched_put(kendra, fields_index, config, "a") == [
        failure("a", "Attribute rank is not an index field of a matching type.")
    ]


@IN_PROCESS_ONLY
def test_inline_rules_run_before_the_hooks(
    kendra: Any, fields_index: str, events: list[dict[str, Any]]
) -> None:
    register_hook(HOOK_ARN, lambda event: events.append(event) or {})
    config = {"InlineConfigurations": [inline(tgt=target("flag", StringValue="yes"))],
              "PreExtractionHookConfiguration": hook(key="flag", operator="Exists")}
    assert enriched_put(kendra, fields_index, config, "a") == []
    assert events[0]["metadata"] == {"attributes": [
        {"name": "flag", "value": {"stringValue": "yes"}}
    ]}


# -- a real moto Lambda function (needs Docker) ------------------------------------------------


def _docker_available() -> bool:
    try:
        import docker

        docker.from_env().ping()
    except Exception:
        return False
    return True


HANDLER = '''
import base64
def lambda_handler(event, context):
    text = base64.b64decode(event["dataBlobStringEncodedInBase64"]).decode()
    return {"version": "v0",
            "dataBlobStringEncodedInBase64": base64.b64encode(text.upper().encode()).decode(),
            "metadataUpdates": [{"name": "flag", "value": {"stringValue": "yes"}}]}
'''


@pytest.mark.skipif(not _docker_available(), reason="moto runs Lambda code only in Docker")
def test_a_real_moto_lambda_function_enriches(
    kendra: Any, fields_index: str, endpoint: str | None
) -> None:
    import boto3

    options = {"region_name": "us-east-1", "endpoint_url": endpoint}
    iam = boto3.client("iam", **options)
    role = iam.create_role(RoleName="cde", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("lambda_function.py", HANDLER)
    arn = boto3.client("lambda", **options).create_function(
        FunctionName="enrich", Runtime="python3.11", Role=role,
        Handler="lambda_function.lambda_handler", Code={"ZipFile": code.getvalue()},
    )["FunctionArn"]
    config = {"PreExtractionHookConfiguration": hook(arn=arn)}
    assert enriched_put(kendra, fields_index, config, doc("a", "hello lambda")) == []
    item = shown(kendra, fields_index, "a")
    assert item["DocumentExcerpt"]["Text"] == "HELLO LAMBDA"
    assert custom_attributes(item) == [FLAGGED]


# -- S3 crawls ---------------------------------------------------------------------------------


def _crawl(kendra: Any, index_id: str, make_data_source: Any, config: dict[str, Any]
           ) -> dict[str, Any]:
    """An S3 data source over BUCKET with ``config`` stored, synced once: its job."""
    source = make_data_source("S3", Configuration={"S3Configuration": {"BucketName": BUCKET}},
                              CustomDocumentEnrichmentConfiguration=config)
    kendra.describe_data_source(Id=source, IndexId=index_id)  # CREATING -> ACTIVE
    execution = kendra.start_data_source_sync_job(Id=source, IndexId=index_id)["ExecutionId"]
    history = kendra.list_data_source_sync_jobs(Id=source, IndexId=index_id)["History"]
    return dict(next(j for j in history if j["ExecutionId"] == execution))


def test_a_crawl_applies_its_data_sources_inline_rules(
    kendra: Any, fields_index: str, bucket: Any, make_data_source: Any
) -> None:
    bucket.put_object(Bucket=BUCKET, Key="a.txt", Body=b"hello crawl")
    config = {"InlineConfigurations": [
        inline(condition_on_uri(), target("flag", StringValue="yes"))
    ]}
    job = _crawl(kendra, fields_index, make_data_source, config)
    assert job["Metrics"]["DocumentsAdded"] == "1"
    assert FLAGGED in custom_attributes(shown(kendra, fields_index, f"s3://{BUCKET}/a.txt"))


def condition_on_uri() -> dict[str, Any]:
    return {"ConditionDocumentAttributeKey": "_source_uri", "Operator": "Contains",
            "ConditionOnValue": {"StringValue": "a.txt"}}


def test_a_crawled_document_failing_its_hook_counts_as_failed(
    kendra: Any, fields_index: str, bucket: Any, make_data_source: Any
) -> None:
    bucket.put_object(Bucket=BUCKET, Key="a.txt", Body=b"hello crawl")
    job = _crawl(kendra, fields_index, make_data_source,
                 {"PostExtractionHookConfiguration": hook()})
    assert (job["Metrics"]["DocumentsAdded"], job["Metrics"]["DocumentsFailed"]) == ("0", "1")


@IN_PROCESS_ONLY
def test_a_crawled_object_reaches_the_pre_hook_through_s3(
    kendra: Any, fields_index: str, bucket: Any, make_data_source: Any,
    events: list[dict[str, Any]],
) -> None:
    bucket.put_object(Bucket=BUCKET, Key="a.txt", Body=b"hello crawl")
    register_hook(HOOK_ARN, lambda event: events.append(event) or {})
    _crawl(kendra, fields_index, make_data_source, {"PreExtractionHookConfiguration": hook()})
    doc_id = f"s3://{BUCKET}/a.txt"
    assert events[0]["s3ObjectKey"] == key_of(fields_index, doc_id, "raw")
    assert "dataBlobStringEncodedInBase64" not in events[0]
