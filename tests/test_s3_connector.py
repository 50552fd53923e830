"""The S3 connector as Kendra runs it: the ACL file, sidecar DocumentId, file-name titles,
S3 templates, and sidecars read through the project's JSON parser."""

from __future__ import annotations

import json
from typing import Any

import pytest
import test_s3_data_source as crawling
from support import ROLE, SERVER_MODE
from test_s3_data_source import (
    BUCKET,
    attributes,
    backend_document,
    metrics,
    put_objects,
    s3_id,
    search,
    sync,
)

from moto_kendra.resources.s3_selection import key_title, template_configuration

s3 = crawling.s3  # the fixtures of the S3 data source tests
s3_source = crawling.s3_source
ALICE = {"UserContext": {"UserId": "alice"}}
BOB = {"UserContext": {"UserId": "bob"}}
ENGINEERS = {"UserContext": {"Groups": ["engineers"]}}


def acl_entry(prefix: str, *principals: tuple[str, str, str]) -> dict[str, Any]:
    return {
        "keyPrefix": prefix,
        "aclEntries": [{"Name": n, "Type": t, "Access": a} for n, t, a in principals],
    }


def failed(crawl: dict[str, Any]) -> tuple[str, str, str]:
    return crawl["Status"], crawl["ErrorCode"], crawl["ErrorMessage"]


# -- the ACL file ------------------------------------------------------------------------


def test_acl_file_longest_key_prefix_wins(kendra, index_id, s3, s3_source):
    acl = [
        acl_entry(f"s3://{BUCKET}/team/", ("engineers", "GROUP", "ALLOW")),
        acl_entry(f"s3://{BUCKET}/team/secret/", ("alice", "USER", "ALLOW")),
    ]
    put_objects(s3, {
        "acl.json": json.dumps(acl),
        "team/plan.txt": "heron plan",
        "team/secret/plan.txt": "heron secret",
        "open.txt": "heron open",
    })
    source = s3_source(AccessControlListConfiguration={"KeyPath": "acl.json"})
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=3, added=3)
    everyone = {s3_id("open.txt")}
    assert set(search(kendra, index_id, "heron", **BOB)) == everyone
    assert set(search(kendra, index_id, "heron", **ENGINEERS)) == everyone | {
        s3_id("team/plan.txt")}
    assert set(search(kendra, index_id, "heron", **ALICE)) == everyone | {
        s3_id("team/secret/plan.txt")}


def test_acl_file_as_an_s3_uri_in_another_bucket_is_never_a_document(
    kendra, index_id, s3, s3_source
):
    s3.create_bucket(Bucket="acls")
    acl = [acl_entry(f"s3://{BUCKET}/", ("alice", "USER", "ALLOW"))]
    put_objects(s3, {"rules/acl.json": json.dumps(acl)}, bucket="acls")
    put_objects(s3, {"a.txt": "plover", "acl.json": "plover in a json file"})
    source = s3_source(AccessControlListConfiguration={"KeyPath": "s3://acls/rules/acl.json"})
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=2, added=2)
    assert search(kendra, index_id, "plover", **BOB) == {}
    assert set(search(kendra, index_id, "plover", **ALICE)) == {
        s3_id("a.txt"), s3_id("acl.json")}


def test_the_acl_file_in_the_bucket_is_not_crawled(kendra, index_id, s3, s3_source):
    put_objects(s3, {"acl.json": json.dumps([acl_entry("s3://x/", ("a", "USER", "ALLOW"))]),
                     "a.txt": "godwit"})
    source = s3_source(AccessControlListConfiguration={"KeyPath": "acl.json"})
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, added=1)


def test_a_changed_acl_file_re_puts_the_objects_whose_acl_changed(
    kendra, index_id, s3, s3_source
):
    acl = [acl_entry(f"s3://{BUCKET}/a", ("alice", "USER", "ALLOW")),
           acl_entry(f"s3://{BUCKET}/b", ("alice", "USER", "ALLOW"))]
    put_objects(s3, {"acl.json": json.dumps(acl), "a.txt": "sandpiper", "b.txt": "sandpiper"})
    source = s3_source(AccessControlListConfiguration={"KeyPath": "acl.json"})
    sync(kendra, index_id, source)
    acl[1] = acl_entry(f"s3://{BUCKET}/b", ("bob", "USER", "ALLOW"))
    put_objects(s3, {"acl.json": json.dumps(acl)})
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=2, modified=1)
    assert set(search(kendra, index_id, "sandpiper", **BOB)) == {s3_id("b.txt")}


def test_a_sidecar_acl_overrides_the_acl_file(kendra, index_id, s3, s3_source):
    acl = [acl_entry(f"s3://{BUCKET}/", ("alice", "USER", "ALLOW"))]
    sidecar = {"AccessControlList": [{"Name": "bob", "Type": "USER", "Access": "ALLOW"}]}
    put_objects(s3, {"acl.json": json.dumps(acl), "a.txt": "curlew",
                     "a.txt.metadata.json": sidecar})
    source = s3_source(AccessControlListConfiguration={"KeyPath": "acl.json"})
    sync(kendra, index_id, source)
    assert set(search(kendra, index_id, "curlew", **BOB)) == {s3_id("a.txt")}
    assert search(kendra, index_id, "curlew", **ALICE) == {}


def test_an_unreadable_acl_file_fails_the_job(kendra, index_id, s3, s3_source):
    put_objects(s3, {"a.txt": "dunlin"})
    source = s3_source(AccessControlListConfiguration={"KeyPath": "missing/acl.json"})
    crawl = sync(kendra, index_id, source)
    assert failed(crawl) == (
        "FAILED", "InternalError", f"S3 object s3://{BUCKET}/missing/acl.json cannot be read."
    )
    assert search(kendra, index_id, "dunlin") == {}


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        b"\xff\xfe",
        json.dumps({"keyPrefix": "s3://b/", "aclEntries": []}),
        json.dumps([{"keyPrefix": 5, "aclEntries": []}]),
        json.dumps([{"keyPrefix": "s3://b/"}]),
        json.dumps([acl_entry("s3://b/", ("a", "ROLE", "ALLOW"))]),
        json.dumps([acl_entry("s3://b/", ("a", "USER", "MAYBE"))]),
        json.dumps([acl_entry("s3://b/", ("", "USER", "ALLOW"))]),
        "[" * 100_000,
    ],
)
def test_an_acl_file_not_of_the_acl_shape_fails_the_job(kendra, index_id, s3, s3_source, body):
    put_objects(s3, {"acl.json": body, "a.txt": "knot"})
    source = s3_source(AccessControlListConfiguration={"KeyPath": f"s3://{BUCKET}/acl.json"})
    crawl = sync(kendra, index_id, source)
    assert failed(crawl) == (
        "FAILED", "InternalError", f"The ACL file s3://{BUCKET}/acl.json is not valid."
    )


# -- sidecar DocumentId ------------------------------------------------------------------


def test_sidecar_document_id_replaces_the_id(kendra, index_id, s3, s3_source):
    put_objects(s3, {"a.txt": "gannet", "a.txt.metadata.json": {"DocumentId": "doc-1"}})
    source = s3_source()
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, added=1)
    assert set(search(kendra, index_id, "gannet")) == {"doc-1"}


@pytest.mark.parametrize("given", ["", 7, None])
def test_a_document_id_that_is_no_non_empty_string_keeps_the_object_id(
    kendra, index_id, s3, s3_source, given
):
    put_objects(s3, {"a.txt": "shag", "a.txt.metadata.json": {"DocumentId": given}})
    sync(kendra, index_id, s3_source())
    assert set(search(kendra, index_id, "shag")) == {s3_id("a.txt")}


def test_a_later_object_with_the_same_id_replaces_the_earlier(kendra, index_id, s3, s3_source):
    put_objects(s3, {
        "a.txt": "skua first", "a.txt.metadata.json": {"DocumentId": "same"},
        "b.txt": "skua second", "b.txt.metadata.json": {"DocumentId": "same"},
    })
    source = s3_source()
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=2, added=1)
    hits = search(kendra, index_id, "skua")
    assert list(hits) == ["same"] and hits["same"]["DocumentExcerpt"]["Text"] == "skua second"
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=2)  # unchanged


def test_a_sidecar_naming_another_id_deletes_the_old_document(kendra, index_id, s3, s3_source):
    put_objects(s3, {"a.txt": "tern"})
    source = s3_source()
    sync(kendra, index_id, source)
    put_objects(s3, {"a.txt.metadata.json": {"DocumentId": "renamed"}})
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, added=1, deleted=1)
    assert set(search(kendra, index_id, "tern")) == {"renamed"}


# -- titles -------------------------------------------------------------------------------


def test_title_sidecar_then_html_title_then_the_file_name(kendra, index_id, s3, s3_source):
    put_objects(s3, {
        "docs/Annual Report.v2.txt": "auk report",
        "page.html": "<html><head><title>Auk page</title></head><body>auk</body></html>",
        "titled.html": "<html><head><title>Not this</title></head><body>auk</body></html>",
        "titled.html.metadata.json": {"Title": "Sidecar title"},
    })
    sync(kendra, index_id, s3_source())
    titles = {doc_id: item["DocumentTitle"]["Text"]
              for doc_id, item in search(kendra, index_id, "auk").items()}
    assert titles == {
        s3_id("docs/Annual Report.v2.txt"): "Annual Report.v2",
        s3_id("page.html"): "Auk page",
        s3_id("titled.html"): "Sidecar title",
    }


def test_key_title_drops_only_the_final_extension():
    assert key_title("docs/Annual Report.v2.pdf") == "Annual Report.v2"
    assert key_title("plain.txt") == "plain"


# -- S3 templates --------------------------------------------------------------------------


def template_source(kendra: Any, index_id: str, extra: dict[str, Any] | None = None,
                    kind: str = "S3", bucket: str = BUCKET) -> str:
    template = {
        "type": kind,
        "connectionConfiguration": {"repositoryEndpointMetadata": {"BucketName": bucket}},
        "additionalProperties": extra or {},
        "syncMode": "FULL_CRAWL",
        "version": "1.0.0",
    }
    source = kendra.create_data_source(
        Name="tpl", IndexId=index_id, Type="TEMPLATE", RoleArn=ROLE,
        Configuration={"TemplateConfiguration": {"Template": template}},
    )["Id"]
    kendra.describe_data_source(Id=source, IndexId=index_id)  # CREATING -> ACTIVE
    return str(source)


def test_an_s3_template_crawls_like_an_s3_data_source(kendra, index_id, s3):
    acl = [acl_entry(f"s3://{BUCKET}/in/", ("alice", "USER", "ALLOW"))]
    put_objects(s3, {
        "acl/acl.json": json.dumps(acl),
        "in/a.txt": "puffin a", "in/skip/b.txt": "puffin b", "in/c.md": "puffin c",
        "in/d.txt": "puffin d", "out/e.txt": "puffin e",
        "meta/in/a.txt.metadata.json": {"Title": "Puffin A"},
    })
    source = template_source(kendra, index_id, {
        "inclusionPrefixes": ["in/"], "exclusionPrefixes": ["in/skip/"],
        "inclusionPatterns": ["**/*.txt", "**/*.md"], "exclusionPatterns": ["**/d.txt"],
        "aclConfigurationFilePath": "acl/acl.json", "metadataFilesPrefix": "meta/",
        "fieldMappings": [{"ignored": True}],
    })
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=2, added=2)
    assert search(kendra, index_id, "puffin", **BOB) == {}
    hits = search(kendra, index_id, "puffin", **ALICE)
    assert set(hits) == {s3_id("in/a.txt"), s3_id("in/c.md")}
    assert hits[s3_id("in/a.txt")]["DocumentTitle"]["Text"] == "Puffin A"
    assert attributes(hits[s3_id("in/c.md")])["_data_source_id"] == source


def test_an_s3_template_without_a_bucket_fails_like_an_s3_source(kendra, index_id):
    source = template_source(kendra, index_id, bucket="no-such-bucket")
    crawl = sync(kendra, index_id, source)
    assert failed(crawl) == ("FAILED", "InternalError", "S3 bucket no-such-bucket cannot be read.")


def test_other_templates_crawl_nothing(kendra, index_id, s3):
    put_objects(s3, {"a.txt": "razorbill"})
    source = template_source(kendra, index_id, kind="JIRA")
    assert sync(kendra, index_id, source)["Metrics"] == metrics()
    assert search(kendra, index_id, "razorbill") == {}


def test_template_properties_of_the_wrong_kind_are_ignored():
    template = {"additionalProperties": {"inclusionPrefixes": "a/", "exclusionPatterns": [
        "x", 5], "aclConfigurationFilePath": 3, "metadataFilesPrefix": ["m"]}}
    assert template_configuration(template, "b") == {
        "BucketName": "b", "ExclusionPatterns": ["x"]}


# -- JSON files go through the project's parser ------------------------------------------------


def test_a_deeply_nested_sidecar_fails_only_its_object(kendra, index_id, s3, s3_source):
    put_objects(s3, {"a.txt": "guillemot", "a.txt.metadata.json": "[" * 100_000,
                     "b.txt": "guillemot"})
    crawl = sync(kendra, index_id, s3_source())
    assert crawl["Metrics"] == metrics(scanned=2, added=1, failed=1)
    assert set(search(kendra, index_id, "guillemot")) == {s3_id("b.txt")}


@pytest.mark.skipif(SERVER_MODE, reason="reads the in-process backend")
def test_crawled_acl_is_stored_on_the_document(kendra, index_id, s3, s3_source):
    acl = [acl_entry(f"s3://{BUCKET}/", ("g", "GROUP", "DENY"), ("u", "USER", "ALLOW"))]
    put_objects(s3, {"acl.json": json.dumps(acl), "a.txt": "eider"})
    sync(kendra, index_id, s3_source(AccessControlListConfiguration={"KeyPath": "acl.json"}))
    assert backend_document(index_id, s3_id("a.txt")).access == {"AccessControlList": [
        {"Name": "g", "Type": "GROUP", "Access": "DENY"},
        {"Name": "u", "Type": "USER", "Access": "ALLOW"},
    ]}
