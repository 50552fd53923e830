"""S3 data sources: the crawl of a sync job, with its metrics and the BatchPutDocument checks
it reuses."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from document_support import delete, failure, make_bucket, s3_client, statuses
from support import SERVER_MODE, doc, expect_error

from moto_kendra.resources.s3_selection import S3_CONTENT_TYPES, glob_regex, object_url

BUCKET = "kendra-crawl"
OWNED_BY = "Document is owned by data source {}."
TEXT_TYPES = {"PLAIN_TEXT", "MD", "CSV", "JSON"}  # must be valid UTF-8
MARKUP_TYPES = {"HTML", "XML"}  # valid UTF-8, tags stripped
BINARY_TYPES = {"PDF", "MS_WORD", "PPT", "MS_EXCEL", "RTF"}  # parsed: plain text fails
in_process_only = pytest.mark.skipif(SERVER_MODE, reason="reads the in-process backend")


# -- helpers ---------------------------------------------------------------------------


@pytest.fixture
def s3(endpoint: str | None) -> Any:
    """An S3 client of the same mock, with the bucket ``BUCKET`` created."""
    return make_bucket(endpoint, BUCKET)


@pytest.fixture
def s3_source(kendra: Any, index_id: str, make_data_source: Any) -> Any:
    """An ACTIVE S3 data source; keyword arguments go into its S3Configuration."""

    def factory(bucket: str = BUCKET, language: str | None = None, **config: Any) -> str:
        extra = {"LanguageCode": language} if language else {}
        configuration = {"S3Configuration": {"BucketName": bucket, **config}}
        source = str(make_data_source("S3", Configuration=configuration, **extra))
        kendra.describe_data_source(Id=source, IndexId=index_id)  # CREATING -> ACTIVE
        return source

    return factory


def put_objects(s3: Any, objects: dict[str, Any], bucket: str = BUCKET) -> None:
    for key, body in objects.items():
        data = json.dumps(body) if isinstance(body, dict) else body
        s3.put_object(Bucket=bucket, Key=key, Body=data.encode() if isinstance(data, str) else data)


def start(kendra: Any, index_id: str, source: str) -> str:
    return str(kendra.start_data_source_sync_job(Id=source, IndexId=index_id)["ExecutionId"])


def job(kendra: Any, index_id: str, source: str, execution: str) -> dict[str, Any]:
    """The job as ListDataSourceSyncJobs shows it (this advances, and may crawl)."""
    history = kendra.list_data_source_sync_jobs(Id=source, IndexId=index_id)["History"]
    return dict(next(j for j in history if j["ExecutionId"] == execution))


def sync(kendra: Any, index_id: str, source: str) -> dict[str, Any]:
    """Start a job and read it once: under ``immediate`` it has crawled and finished."""
    return job(kendra, index_id, source, start(kendra, index_id, source))


def metrics(scanned: int = 0, added: int = 0, modified: int = 0, deleted: int = 0,
            failed: int = 0) -> dict[str, str]:
    return {
        "DocumentsAdded": str(added),
        "DocumentsModified": str(modified),
        "DocumentsDeleted": str(deleted),
        "DocumentsFailed": str(failed),
        "DocumentsScanned": str(scanned),
    }


def s3_id(key: str, bucket: str = BUCKET) -> str:
    return f"s3://{bucket}/{key}"


def search(kendra: Any, index_id: str, text: str, **kwargs: Any) -> dict[str, dict[str, Any]]:
    """Query results by DocumentId."""
    response = kendra.query(IndexId=index_id, QueryText=text, PageSize=100, **kwargs)
    return {item["DocumentId"]: item for item in response["ResultItems"]}


def attributes(item: dict[str, Any]) -> dict[str, Any]:
    return {a["Key"]: next(iter(a["Value"].values())) for a in item["DocumentAttributes"]}


def backend_document(index_id: str, doc_id: str) -> Any:
    from moto_kendra.models import kendra_backends

    return kendra_backends["123456789012"]["us-east-1"].indices[index_id].documents[doc_id]


# -- the crawl: what becomes a document -------------------------------------------------


def test_every_object_becomes_a_searchable_document_owned_by_the_data_source(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {"guide.txt": "penguins swim", "notes/more.md": "penguins waddle"})
    source = s3_source()
    crawl = sync(kendra, index_id, source)
    assert crawl["Status"] == "SUCCEEDED" and "ErrorCode" not in crawl
    assert crawl["Metrics"] == metrics(scanned=2, added=2)
    hits = search(kendra, index_id, "penguin")
    assert set(hits) == {s3_id("guide.txt"), s3_id("notes/more.md")}
    for key in ("guide.txt", "notes/more.md"):
        item = hits[s3_id(key)]
        url = object_url(BUCKET, "us-east-1", key)
        assert item["DocumentURI"] == url
        assert attributes(item) == {"_source_uri": url, "_data_source_id": source}
        assert item["DocumentTitle"]["Text"] == key.split("/")[-1].split(".")[0]  # file name
    # owned by the data source: BatchDeleteDocument may not remove it
    assert delete(kendra, index_id, s3_id("guide.txt")) == [
        failure(s3_id("guide.txt"), OWNED_BY.format(source), source)
    ]


def test_documents_are_searchable_only_once_indexed(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, transition: Any
) -> None:
    transition("kendra::document", progression="manual", times=1)
    put_objects(s3, {"a.txt": "glacier"})
    source = s3_source()
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, added=1)
    assert search(kendra, index_id, "glacier") == {}  # PROCESSING
    assert statuses(kendra, index_id, s3_id("a.txt")) == ["INDEXED"]
    assert list(search(kendra, index_id, "glacier")) == [s3_id("a.txt")]


def test_source_uri_is_path_style_in_the_bucket_region_with_the_key_as_is(
    kendra: Any, index_id: str, endpoint: str | None, s3_source: Any
) -> None:
    s3 = make_bucket(endpoint, "far-bucket", region="eu-west-1")
    put_objects(s3, {"a b/ü.txt": "fjord", "c/ü.txt": "fjord"}, bucket="far-bucket")
    source = s3_source(bucket="far-bucket")
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=2, added=2)
    hits = search(kendra, index_id, "fjord")
    spaced = hits[s3_id("a b/ü.txt", "far-bucket")]
    url = "https://s3.eu-west-1.amazonaws.com/far-bucket/a b/ü.txt"
    assert attributes(spaced)["_source_uri"] == url
    assert url == object_url("far-bucket", "eu-west-1", "a b/ü.txt")
    assert "DocumentURI" not in spaced  # a space makes it no URL of the model's Url shape
    plain = hits[s3_id("c/ü.txt", "far-bucket")]
    assert plain["DocumentURI"] == "https://s3.eu-west-1.amazonaws.com/far-bucket/c/ü.txt"


def test_object_url_in_china_regions() -> None:
    url = object_url("b", "cn-north-1", "k.txt")
    assert url == "https://s3.cn-north-1.amazonaws.com.cn/b/k.txt"


def test_content_type_follows_the_extension_table(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    """Every extension the crawl knows, any case: markup is stripped, text types need UTF-8,
    parsed types fail on anything that is not their format."""
    extensions = list(S3_CONTENT_TYPES) + [".TXT", ".Html"]
    objects: dict[str, Any] = {}
    for n, ext in enumerate(extensions):
        objects[f"valid/{n}{ext}"] = "alpha <i>beta</i> gamma"
        objects[f"invalid/{n}{ext}"] = b"alpha \xff"
    put_objects(s3, objects)
    source = s3_source()
    kinds = [S3_CONTENT_TYPES[ext.lower()] for ext in extensions]
    failing = len(kinds) + sum(1 for kind in kinds if kind in BINARY_TYPES)
    crawl = sync(kendra, index_id, source)
    assert crawl["Metrics"] == metrics(
        scanned=2 * len(kinds), added=2 * len(kinds) - failing, failed=failing
    )
    hits = search(kendra, index_id, "alpha")
    for n, (ext, kind) in enumerate(zip(extensions, kinds, strict=True)):
        assert s3_id(f"invalid/{n}{ext}") not in hits, ext
        if kind in BINARY_TYPES:
            assert s3_id(f"valid/{n}{ext}") not in hits, ext
            continue
        excerpt = hits[s3_id(f"valid/{n}{ext}")]["DocumentExcerpt"]["Text"]
        stripped = kind in MARKUP_TYPES
        assert excerpt == ("alpha beta gamma" if stripped else "alpha <i>beta</i> gamma"), ext
        if not SERVER_MODE:
            assert backend_document(index_id, s3_id(f"valid/{n}{ext}")).content_type == kind


def test_other_extensions_folders_and_sidecars_are_not_documents(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {
        "photo.png": "kelp", "README": "kelp", "folder/": "", "dir.txt/file": "kelp",
        "docs/.txt": "kelp", "kept.json": '{"text": "kelp"}',
        "kept.json.metadata.json": {"Title": "kelp"}, "stray.metadata.json": {"Title": "kelp"},
    })
    source = s3_source()
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, added=1)
    assert list(search(kendra, index_id, "kelp")) == [s3_id("kept.json")]


# -- selection: prefixes and patterns ---------------------------------------------------


KEYS = ["a.txt", "b.md", "docs/c.txt", "docs/sub/d.txt", "docs/internal-e.txt", "other/f.txt"]


@pytest.mark.parametrize(
    ("config", "selected"),
    [
        ({}, KEYS),
        ({"InclusionPrefixes": ["docs/"]}, ["docs/c.txt", "docs/sub/d.txt", "docs/internal-e.txt"]),
        ({"InclusionPrefixes": ["other", "b"]}, ["b.md", "other/f.txt"]),
        ({"InclusionPatterns": ["*.txt"]}, ["a.txt"]),
        ({"InclusionPatterns": ["**/*.txt"]},
         ["a.txt", "docs/c.txt", "docs/sub/d.txt", "docs/internal-e.txt", "other/f.txt"]),
        ({"InclusionPatterns": ["docs/*"]}, ["docs/c.txt", "docs/internal-e.txt"]),
        ({"InclusionPatterns": ["docs/**"]},
         ["docs/c.txt", "docs/sub/d.txt", "docs/internal-e.txt"]),
        ({"InclusionPatterns": ["*.md", "other/*"]}, ["b.md", "other/f.txt"]),
        ({"ExclusionPatterns": ["**/*internal*"]},
         ["a.txt", "b.md", "docs/c.txt", "docs/sub/d.txt", "other/f.txt"]),
        ({"InclusionPrefixes": ["docs/"], "InclusionPatterns": ["**/?.txt"],
          "ExclusionPatterns": ["docs/sub/**"]}, ["docs/c.txt"]),
        ({"InclusionPatterns": ["**/*.txt"], "ExclusionPatterns": ["**/*.txt"]}, []),
    ],
)
def test_prefixes_and_patterns_select_objects(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, config: dict, selected: list[str]
) -> None:
    put_objects(s3, {key: "coral" for key in KEYS})
    source = s3_source(**config)
    count = len(selected)
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=count, added=count)
    assert set(search(kendra, index_id, "coral")) == {s3_id(key) for key in selected}


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("*.txt", ["a.txt", ".txt"], ["d/a.txt", "a.txt.bak"]),
        ("**/*.txt", ["a.txt", "d/a.txt", "d/e/a.txt"], ["a.md", "d/a.md"]),
        ("**.txt", ["a.txt", "d/e/a.txt"], ["a.md"]),
        ("d/**", ["d/a", "d/e/f"], ["d", "x/d/a"]),
        ("file?.txt", ["file1.txt"], ["file.txt", "file12.txt", "file/.txt"]),
        ("[ab]*.md", ["a.md", "bz.md"], ["c.md", "/a.md"]),
        ("[!ab]*.md", ["c.md"], ["a.md", "/.md"]),
        ("{docs,faq}/*.txt", ["docs/a.txt", "faq/b.txt"], ["misc/a.txt", "{docs,faq}/a.txt"]),
        ("a[.txt", ["a[.txt"], ["a.txt"]),
        ("a+b(c).txt", ["a+b(c).txt"], ["aab(c).txt"]),
        ("*.TXT", ["A.TXT"], ["a.txt"]),
    ],
)
def test_glob_semantics(pattern: str, matches: list[str], misses: list[str]) -> None:
    regex = glob_regex(pattern)
    assert [key for key in matches if not regex.fullmatch(key)] == []
    assert [key for key in misses if regex.fullmatch(key)] == []


# -- sidecars -----------------------------------------------------------------------------


@pytest.fixture
def custom_fields(kendra: Any, index_id: str) -> None:
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[
        {"Name": "topics", "Type": "STRING_LIST_VALUE"},
        {"Name": "pages", "Type": "LONG_VALUE"},
        {"Name": "reviewed", "Type": "DATE_VALUE"},
    ])


def test_sidecar_under_the_metadata_prefix_supplies_title_attributes_and_type(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, custom_fields: None
) -> None:
    sidecar = {
        "Title": "Walrus facts",
        "ContentType": "HTML",
        "Attributes": {
            "_category": "animals",
            "topics": ["arctic", "mammals"],
            "pages": 12,
            "_created_at": "2024-02-03T04:05:06Z",
            "reviewed": "2024-05-06",
            "_source_uri": "https://example.com/walrus",
            "_data_source_id": "not-this-one",
        },
    }
    put_objects(s3, {
        "animals/walrus.txt": "<b>walrus</b> tusks",
        "meta/animals/walrus.txt.metadata.json": sidecar,
        "animals/walrus.txt.metadata.json": {"Title": "beside the object: not read"},
    })
    source = s3_source(DocumentsMetadataConfiguration={"S3Prefix": "meta/"})
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, added=1)
    item = search(kendra, index_id, "walrus")[s3_id("animals/walrus.txt")]
    assert item["DocumentTitle"]["Text"] == "Walrus facts"
    assert item["DocumentExcerpt"]["Text"] == "walrus tusks"  # HTML from the sidecar
    assert item["DocumentURI"] == "https://example.com/walrus"
    assert attributes(item) == {
        "_data_source_id": source,
        "_category": "animals",
        "topics": ["arctic", "mammals"],
        "pages": 12,
        "_created_at": datetime(2024, 2, 3, 4, 5, 6, tzinfo=timezone.utc),
        "reviewed": datetime(2024, 5, 6, tzinfo=timezone.utc),
        "_source_uri": "https://example.com/walrus",
    }


@pytest.mark.parametrize("prefix", ["meta", "meta/"])
def test_metadata_prefix_is_joined_with_one_slash(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, prefix: str
) -> None:
    put_objects(s3, {"x.txt": "tern", "meta/x.txt.metadata.json": {"Title": "Terns"}})
    source = s3_source(DocumentsMetadataConfiguration={"S3Prefix": prefix})
    sync(kendra, index_id, source)
    assert search(kendra, index_id, "tern")[s3_id("x.txt")]["DocumentTitle"]["Text"] == "Terns"


def test_without_a_metadata_prefix_the_sidecar_sits_beside_the_object(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {"d/x.txt": "puffin", "d/x.txt.metadata.json": {"Title": "Puffins"}})
    source = s3_source()
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, added=1)
    assert search(kendra, index_id, "puffin")[s3_id("d/x.txt")]["DocumentTitle"]["Text"] == (
        "Puffins"
    )


def test_sidecar_access_control_list_limits_who_sees_the_document(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    acl = [{"Name": "alice", "Type": "USER", "Access": "ALLOW"}]
    put_objects(s3, {
        "secret.txt": "narwhal", "secret.txt.metadata.json": {"AccessControlList": acl},
        "open.txt": "narwhal",
    })
    sync(kendra, index_id, s3_source())
    alice = search(kendra, index_id, "narwhal", UserContext={"UserId": "alice"})
    bob = search(kendra, index_id, "narwhal", UserContext={"UserId": "bob"})
    assert set(alice) == {s3_id("secret.txt"), s3_id("open.txt")}
    assert set(bob) == {s3_id("open.txt")}


def test_sidecar_language_code_and_data_source_language(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {"de.txt": "robbe", "en.txt": "robbe",
                     "en.txt.metadata.json": {"Attributes": {"_language_code": "en"}}})
    sync(kendra, index_id, s3_source(language="de"))
    assert list(search(kendra, index_id, "robbe")) == [s3_id("en.txt")]


@pytest.mark.parametrize(
    "sidecar",
    [
        {"Attributes": {"unknown_field": "x"}},  # attribute check: not an index field
        {"Attributes": {"pages": "12"}},  # attribute check: a string for a LONG field
        {"Attributes": {"reviewed": "last tuesday"}},  # not ISO 8601: a string, DATE field
        {"Attributes": {"_created_at": 1700000000}},  # a number for a DATE field
        {"Attributes": {"topics": "arctic"}},  # a string for a STRING_LIST field
        {"Attributes": {"pages": 1.5}},  # LONG must be integral
        {"Attributes": {"_category": True}},
        {"Attributes": {"_category": None}},
        {"Attributes": {"_category": ""}},  # model: StringValue length >= 1
        {"Attributes": {"topics": ["a", 1]}},
        {"Attributes": ["_category"]},
        {"Title": 7},
        {"ContentType": "DOCX"},
        {"AccessControlList": [{"Name": "alice", "Type": "ROBOT", "Access": "ALLOW"}]},
        {"AccessControlList": [{"Name": f"u{n}", "Type": "USER", "Access": "ALLOW"}
                               for n in range(201)]},  # over 200 principals
        b"{not json",
        b'["a list"]',
        b'{"Title": "\xff"}',
    ],
)
def test_object_with_an_unusable_sidecar_fails(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, custom_fields: None, sidecar: Any
) -> None:
    put_objects(s3, {"bad.txt": "skua", "bad.txt.metadata.json": sidecar, "good.txt": "skua"})
    crawl = sync(kendra, index_id, s3_source())
    assert crawl["Status"] == "SUCCEEDED"
    assert crawl["Metrics"] == metrics(scanned=2, added=1, failed=1)
    assert list(search(kendra, index_id, "skua")) == [s3_id("good.txt")]


# -- content checks -----------------------------------------------------------------------


def test_objects_failing_a_content_check_count_as_failed_on_every_crawl(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {"bad.txt": b"\xff\xfe", "good.txt": "gannet"})
    source = s3_source()
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=2, added=1, failed=1)
    assert statuses(kendra, index_id, s3_id("bad.txt")) == ["NOT_FOUND"]
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=2, failed=1)


def test_a_failing_new_version_keeps_the_earlier_document(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {"a.txt": "cormorant"})
    source = s3_source()
    sync(kendra, index_id, source)
    put_objects(s3, {"a.txt": b"\xff"})
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, failed=1)
    assert list(search(kendra, index_id, "cormorant")) == [s3_id("a.txt")]
    put_objects(s3, {"a.txt": "cormorant again"})  # fixed: the next crawl modifies it
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, modified=1)


def test_text_over_five_megabytes_fails(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {"big.txt": "a " * 2_621_441, "small.txt": "a b"})  # 5 MB + 1 of text
    crawl = sync(kendra, index_id, s3_source())
    assert crawl["Metrics"] == metrics(scanned=2, added=1, failed=1)


def test_a_document_of_another_owner_is_not_taken_over(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {"mine.txt": "heron", "direct.txt": "heron"})
    put = kendra.batch_put_document(IndexId=index_id, Documents=[doc(s3_id("direct.txt"))])
    assert put["FailedDocuments"] == []
    crawl = sync(kendra, index_id, s3_source())
    assert crawl["Metrics"] == metrics(scanned=2, added=1, failed=1)  # owner kept
    hits = search(kendra, index_id, "heron")
    assert list(hits) == [s3_id("mine.txt")]
    assert search(kendra, index_id, "hello")[s3_id("direct.txt")]  # the direct put stays


@in_process_only
def test_an_object_over_the_text_storage_quota_fails_alone(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto_kendra.resources.index import Index

    monkeypatch.setattr(Index, "text_bytes_quota", property(lambda self: 12))
    put_objects(s3, {"a.txt": "ten bytes!", "b.txt": "xx", "c.txt": "more"})
    crawl = sync(kendra, index_id, s3_source())
    assert crawl["Metrics"] == metrics(scanned=3, added=2, failed=1)  # c: 10 + 2 + 4 > 12


# -- re-crawls: unchanged, modified, deleted ----------------------------------------------


def test_recrawl_counts_only_what_changed(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, transition: Any
) -> None:
    put_objects(s3, {
        "same.txt": "osprey", "edited.txt": "osprey", "meta.txt": "osprey", "gone.txt": "osprey",
        "meta.txt.metadata.json": {"Title": "Old"},
    })
    source = s3_source()
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=4, added=4)
    put_objects(s3, {"edited.txt": "osprey dives", "new.txt": "osprey",
                     "meta.txt.metadata.json": {"Title": "New"}, "same.txt": "osprey"})
    s3.delete_object(Bucket=BUCKET, Key="gone.txt")
    transition("kendra::document", progression="manual", times=1)
    crawl = sync(kendra, index_id, source)
    assert crawl["Metrics"] == metrics(scanned=4, added=1, modified=2, deleted=1)
    ids = [s3_id(k) for k in ("same.txt", "edited.txt", "meta.txt", "new.txt", "gone.txt")]
    assert statuses(kendra, index_id, *ids) == [
        "INDEXED", "UPDATED", "UPDATED", "INDEXED", "NOT_FOUND"
    ]
    assert search(kendra, index_id, "osprey")[s3_id("meta.txt")]["DocumentTitle"]["Text"] == "New"


def test_removing_a_sidecar_modifies_the_document(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {"a.txt": "eider", "a.txt.metadata.json": {"Title": "Eiders"}})
    source = s3_source()
    sync(kendra, index_id, source)
    s3.delete_object(Bucket=BUCKET, Key="a.txt.metadata.json")
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, modified=1)
    assert search(kendra, index_id, "eider")[s3_id("a.txt")]["DocumentTitle"]["Text"] == "a"


def test_objects_no_longer_selected_are_deleted(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {"keep/a.txt": "tern", "drop/b.txt": "tern"})
    source = s3_source()
    sync(kendra, index_id, source)
    kendra.update_data_source(Id=source, IndexId=index_id, Configuration={
        "S3Configuration": {"BucketName": BUCKET, "InclusionPrefixes": ["keep/"]}
    })
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, deleted=1)
    assert list(search(kendra, index_id, "tern")) == [s3_id("keep/a.txt")]


def test_a_delete_marker_in_a_versioned_bucket_means_the_object_is_gone(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    put_objects(s3, {"v.txt": "shag", "w.txt": "shag"})
    source = s3_source()
    sync(kendra, index_id, source)
    s3.delete_object(Bucket=BUCKET, Key="v.txt")
    assert sync(kendra, index_id, source)["Metrics"] == metrics(scanned=1, deleted=1)
    assert list(search(kendra, index_id, "shag")) == [s3_id("w.txt")]


def test_documents_another_crawler_or_put_owns_are_never_deleted(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    put_objects(s3, {"a.txt": "gull"})
    first, second = s3_source(), s3_source()
    sync(kendra, index_id, first)
    assert sync(kendra, index_id, second)["Metrics"] == metrics(scanned=1, failed=1)
    s3.delete_object(Bucket=BUCKET, Key="a.txt")
    assert sync(kendra, index_id, second)["Metrics"] == metrics()  # never indexed it
    assert statuses(kendra, index_id, s3_id("a.txt")) == ["INDEXED"]
    assert sync(kendra, index_id, first)["Metrics"] == metrics(deleted=1)


# -- the job: when the crawl runs, failures ------------------------------------------------


def test_crawl_runs_once_when_the_job_first_reads_past_syncing(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, transition: Any
) -> None:
    transition("kendra::sync_job", progression="manual", times=2)
    put_objects(s3, {"a.txt": "plover"})
    source = s3_source()
    execution = start(kendra, index_id, source)
    put_objects(s3, {"b.txt": "plover"})  # still SYNCING: the crawl will see it
    first = job(kendra, index_id, source, execution)
    assert (first["Status"], first["Metrics"]) == ("SYNCING", metrics())
    assert search(kendra, index_id, "plover") == {}
    second = job(kendra, index_id, source, execution)
    assert (second["Status"], second["Metrics"]) == (
        "SYNCING_INDEXING", metrics(scanned=2, added=2)
    )
    put_objects(s3, {"c.txt": "plover"})  # after the crawl: not seen by this job
    for _ in range(3):
        later = job(kendra, index_id, source, execution)
        assert later["Metrics"] == metrics(scanned=2, added=2)
    assert later["Status"] == "SUCCEEDED" and later["EndTime"]
    assert set(search(kendra, index_id, "plover")) == {s3_id("a.txt"), s3_id("b.txt")}


def test_a_stopped_job_never_crawls(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, transition: Any
) -> None:
    transition("kendra::sync_job", progression="manual", times=1)
    put_objects(s3, {"a.txt": "dunlin"})
    source = s3_source()
    execution = start(kendra, index_id, source)
    kendra.stop_data_source_sync_job(Id=source, IndexId=index_id)
    stopped = job(kendra, index_id, source, execution)
    assert (stopped["Status"], stopped["Metrics"]) == ("ABORTED", metrics())
    assert statuses(kendra, index_id, s3_id("a.txt")) == ["NOT_FOUND"]


def test_missing_bucket_fails_the_job(kendra: Any, index_id: str, s3_source: Any) -> None:
    source = s3_source(bucket="no-such-bucket")
    crawl = sync(kendra, index_id, source)
    assert crawl["Status"] == "FAILED" and crawl["EndTime"]
    assert (crawl["ErrorCode"], crawl["ErrorMessage"]) == (
        "InternalError", "S3 bucket no-such-bucket cannot be read."
    )
    assert crawl["Metrics"] == metrics()
    described = kendra.describe_data_source(Id=source, IndexId=index_id)
    assert described["Status"] == "ACTIVE"  # only the job fails


def test_missing_bucket_fails_when_the_job_moves_past_syncing(
    kendra: Any, index_id: str, s3_source: Any, transition: Any
) -> None:
    transition("kendra::sync_job", progression="manual", times=2)
    source = s3_source(bucket="no-such-bucket")
    execution = start(kendra, index_id, source)
    syncing = job(kendra, index_id, source, execution)
    assert syncing["Status"] == "SYNCING" and "ErrorCode" not in syncing
    seen = [job(kendra, index_id, source, execution) for _ in range(3)]
    assert [j["Status"] for j in seen] == ["FAILED"] * 3  # at once, and for good
    assert all(j["ErrorCode"] == "InternalError" for j in seen)


def test_other_jobs_carry_no_error_members(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    source = s3_source()
    assert sync(kendra, index_id, source)["Status"] == "SUCCEEDED"
    s3.delete_bucket(Bucket=BUCKET)
    assert sync(kendra, index_id, source)["Status"] == "FAILED"
    history = kendra.list_data_source_sync_jobs(Id=source, IndexId=index_id)["History"]
    assert [("ErrorCode" in j, "ErrorMessage" in j) for j in history] == [
        (True, True), (False, False)
    ]


def test_the_configuration_read_is_the_one_stored_when_the_crawl_runs(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, transition: Any
) -> None:
    transition("kendra::sync_job", progression="manual", times=1)
    put_objects(s3, {"a/x.txt": "snipe", "b/y.txt": "snipe"})
    source = s3_source(InclusionPrefixes=["a/"])
    execution = start(kendra, index_id, source)
    kendra.update_data_source(Id=source, IndexId=index_id, Configuration={
        "S3Configuration": {"BucketName": BUCKET, "InclusionPrefixes": ["b/"]}
    })
    assert job(kendra, index_id, source, execution)["Metrics"] == metrics(scanned=1, added=1)
    assert list(search(kendra, index_id, "snipe")) == [s3_id("b/y.txt")]


def test_a_crawl_due_while_the_data_source_is_deleting_aborts_the_job(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, transition: Any
) -> None:
    put_objects(s3, {"a.txt": "curlew"})
    source = s3_source()
    transition("kendra::sync_job", progression="manual", times=1)
    transition("kendra::datasource", progression="manual", times=99)
    execution = start(kendra, index_id, source)
    kendra.delete_data_source(Id=source, IndexId=index_id)  # stays DELETING
    aborted = job(kendra, index_id, source, execution)
    assert (aborted["Status"], aborted["Metrics"]) == ("ABORTED", metrics())
    assert statuses(kendra, index_id, s3_id("a.txt")) == ["NOT_FOUND"]


def test_other_connectors_do_not_crawl(
    kendra: Any, index_id: str, s3: Any, make_data_source: Any
) -> None:
    put_objects(s3, {"a.txt": "avocet"})
    source = make_data_source("WEBCRAWLER")
    crawl = sync(kendra, index_id, source)
    assert (crawl["Status"], crawl["Metrics"]) == ("SUCCEEDED", metrics())
    assert search(kendra, index_id, "avocet") == {}


# -- no hidden work: only ListDataSourceSyncJobs moves a job to its crawl ------------------


def test_no_other_call_does_the_crawl(kendra: Any, index_id: str, s3: Any, s3_source: Any) -> None:
    put_objects(s3, {"a.txt": "original"})
    source = s3_source()
    execution = start(kendra, index_id, source)
    a_txt = s3_id("a.txt")
    kendra.describe_data_source(Id=source, IndexId=index_id)
    kendra.list_data_sources(IndexId=index_id)
    kendra.describe_index(Id=index_id)
    assert statuses(kendra, index_id, a_txt) == ["NOT_FOUND"]
    assert delete(kendra, index_id, "absent", DataSourceId=source) == []  # names the job
    assert search(kendra, index_id, "original") == {}
    put_objects(s3, {"a.txt": "changed", "b.txt": "changed"})  # changed after all those calls
    crawled = job(kendra, index_id, source, execution)
    assert (crawled["Status"], crawled["Metrics"]) == ("SUCCEEDED", metrics(scanned=2, added=2))
    assert set(search(kendra, index_id, "changed")) == {a_txt, s3_id("b.txt")}
    assert search(kendra, index_id, "original") == {}


def test_a_job_awaiting_its_crawl_is_running_until_listed(
    kendra: Any, index_id: str, s3: Any, s3_source: Any
) -> None:
    source = s3_source()
    execution = start(kendra, index_id, source)
    expect_error(
        lambda: kendra.start_data_source_sync_job(Id=source, IndexId=index_id),
        "ResourceInUseException",
        f"Data source {source} already has a running sync job {execution}.",
    )
    assert job(kendra, index_id, source, execution)["Status"] == "SUCCEEDED"
    assert start(kendra, index_id, source) != execution


@in_process_only
def test_a_crawl_that_breaks_fails_its_job_not_the_call(
    kendra: Any, index_id: str, s3: Any, s3_source: Any, monkeypatch: Any
) -> None:
    from moto_kendra.resources import crawl

    def broken(config: Any) -> Any:
        raise RuntimeError("selection broke")

    monkeypatch.setattr(crawl, "S3Selection", broken)
    put_objects(s3, {"a.txt": "sanderling"})
    crawled = sync(kendra, index_id, s3_source())
    assert (crawled["Status"], crawled["ErrorCode"], crawled["ErrorMessage"]) == (
        "FAILED", "InternalError", "The sync job failed: selection broke"
    )
    assert crawled["EndTime"] and search(kendra, index_id, "sanderling") == {}


# -- the S3 listing helper (models.py) ------------------------------------------------------


@in_process_only
def test_list_s3_objects_gives_keys_and_etags_in_key_order(endpoint: str | None) -> None:
    from moto_kendra.models import kendra_backends

    s3 = s3_client(endpoint, "ap-south-1")
    s3.create_bucket(Bucket="listing", CreateBucketConfiguration={
        "LocationConstraint": "ap-south-1"})
    put_objects(s3, {"b/2": "x", "a": "y", "b/1": "z"}, bucket="listing")
    backend = kendra_backends["123456789012"]["us-east-1"]
    etags = {k: s3.head_object(Bucket="listing", Key=k)["ETag"] for k in ("a", "b/1", "b/2")}
    listing = backend.list_s3_objects("listing")
    assert listing is not None and listing.region == "ap-south-1"
    assert listing.objects == [(k, etags[k]) for k in ("a", "b/1", "b/2")]
    assert backend.list_s3_objects("listing", "b/").objects == [
        (k, etags[k]) for k in ("b/1", "b/2")
    ]
    assert backend.list_s3_objects("absent-bucket") is None
