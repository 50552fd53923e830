"""BatchPutDocument, BatchGetDocumentStatus and body-text extraction, with the job metrics
puts drive and the document storage quota."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from document_support import (
    CUSTOM_METRICS,
    JOB_ID,
    attribute,
    counts,
    delete,
    failure,
    job_metrics,
    make_bucket,
    owned,
    put,
    put_failures,
    start_job,
    statuses,
    text_statistics,
)
from support import ROLE, SERVER_MODE, doc, expect_error

from moto_kendra import extraction
from moto_kendra.resources.index import Index

IN_PROCESS_ONLY = pytest.mark.skipif(
    SERVER_MODE, reason="reads or monkeypatches this process's backend; the server runs in another"
)
MARKUP_TYPES: list[str | None] = ["HTML", "XML", "XSLT"]
TEXT_TYPES: list[str | None] = ["PLAIN_TEXT", "MD", "CSV", "JSON", "XML", "XSLT", "HTML", None]
BINARY_TYPES: list[str | None] = ["PDF", "MS_WORD", "PPT", "RTF", "MS_EXCEL"]
NOT_USABLE = "Data source or sync job {} is not usable."
OWNED_BY = "Document is owned by data source {}."


def typed(doc_id: str, data: bytes, content_type: str | None, **extra: Any) -> dict[str, Any]:
    document = {"Id": doc_id, "Blob": data, **extra}
    if content_type is not None:
        document["ContentType"] = content_type
    return document


def indexed_bytes_of(kendra: Any, index_id: str, data: bytes, content_type: str | None) -> int:
    put(kendra, index_id, typed("d", data, content_type))
    return text_statistics(kendra, index_id)[1]


def extracted_sizes(
    kendra: Any, index_id: str, data: bytes, content_types: list[str | None]
) -> dict[str | None, int]:
    """The IndexedTextBytes one document of ``data`` adds, for each content type."""
    sizes = {}
    for content_type in content_types:
        before = text_statistics(kendra, index_id)[1]
        put(kendra, index_id, typed(f"doc-{content_type}", data, content_type))
        sizes[content_type] = text_statistics(kendra, index_id)[1] - before
    return sizes


def sized(content_types: list[str | None], text: str) -> dict[str | None, int]:
    return dict.fromkeys(content_types, len(text.encode()))


def principals(count: int) -> list[dict[str, str]]:
    return [{"Name": f"user-{n}", "Type": "USER", "Access": "ALLOW"} for n in range(count)]


def read_status(kendra: Any, index_id: str, source_id: str) -> str:
    return str(kendra.describe_data_source(Id=source_id, IndexId=index_id)["Status"])


# -- gating: the index exists and its status allows the call ----------------------------


def _put(kendra: Any, index_id: str) -> Any:
    return kendra.batch_put_document(IndexId=index_id, Documents=[doc("a")])


def _get(kendra: Any, index_id: str) -> Any:
    infos = [{"DocumentId": "a"}]
    return kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=infos)


CALLS = (_put, _get)  # the document operations that take the index's status gate

def test_unknown_index_is_resource_not_found(kendra: Any) -> None:
    missing = "0" * 36
    for call in CALLS:
        expect_error(lambda call=call: call(kendra, missing), "ResourceNotFoundException",
                     f"Index {missing} does not exist.")


def test_index_of_another_region_is_resource_not_found(kendra: Any, client_for: Any) -> None:
    elsewhere = client_for(region="eu-west-1").create_index(Name="i", RoleArn=ROLE)["Id"]
    for call in CALLS:
        expect_error(lambda call=call: call(kendra, elsewhere), "ResourceNotFoundException",
                     f"Index {elsewhere} does not exist.")


def test_creating_index_refuses_document_calls(
    kendra: Any, make_index: Any, transition: Any
) -> None:
    transition("kendra::index", progression="manual", times=1)
    index_id = make_index()
    for call in CALLS:
        expect_error(lambda call=call: call(kendra, index_id), "ConflictException",
                     f"Index {index_id} is CREATING and cannot serve this request.")


def test_deleting_index_refuses_document_calls(
    kendra: Any, index_id: str, transition: Any
) -> None:
    assert kendra.describe_index(Id=index_id)["Status"] == "ACTIVE"
    transition("kendra::index", progression="manual", times=1)
    kendra.delete_index(Id=index_id)
    for call in CALLS:
        expect_error(lambda call=call: call(kendra, index_id), "ConflictException",
                     f"Index {index_id} is DELETING and cannot serve this request.")


# -- BatchPutDocument acceptance and statuses ---------------------------------------------


def test_put_answers_failed_documents_even_when_empty(kendra: Any, index_id: str) -> None:
    response = kendra.batch_put_document(IndexId=index_id, Documents=[doc("a"), doc("b")])
    assert response["FailedDocuments"] == []
    assert statuses(kendra, index_id, "a", "b") == ["INDEXED", "INDEXED"]


def test_document_ids_are_case_sensitive(kendra: Any, index_id: str) -> None:
    put(kendra, index_id, "Doc")
    assert statuses(kendra, index_id, "Doc", "doc", "DOC") == ["INDEXED", "NOT_FOUND", "NOT_FOUND"]


def test_new_document_reads_processing_then_indexed(
    kendra: Any, index_id: str, transition: Any
) -> None:
    transition("kendra::document", progression="manual", times=2)
    put(kendra, index_id, "a")
    assert statuses(kendra, index_id, "a") == ["PROCESSING"]
    assert statuses(kendra, index_id, "a") == ["INDEXED"]


def test_reput_reads_processing_then_updated(kendra: Any, index_id: str, transition: Any) -> None:
    transition("kendra::document", progression="manual", times=1)
    put(kendra, index_id, "a")
    assert statuses(kendra, index_id, "a") == ["INDEXED"]
    transition("kendra::document", progression="manual", times=2)
    put(kendra, index_id, doc("a", "new text"))
    assert statuses(kendra, index_id, "a") == ["PROCESSING"]
    assert statuses(kendra, index_id, "a") == ["UPDATED"]


def test_later_entry_with_same_id_in_one_batch_is_a_reput(
    kendra: Any, index_id: str, transition: Any
) -> None:
    transition("kendra::document", progression="manual", times=1)
    first, second = "first version", "the second version"
    put(kendra, index_id, doc("a", first), doc("a", second))
    assert statuses(kendra, index_id, "a") == ["UPDATED"]
    assert text_statistics(kendra, index_id) == (1, len(second.encode()))


def test_put_while_deletion_pends_creates_a_new_document(
    kendra: Any, index_id: str, transition: Any
) -> None:
    transition("kendra::document", progression="manual", times=2)
    put(kendra, index_id, "a")
    statuses(kendra, index_id, "a")
    assert statuses(kendra, index_id, "a") == ["INDEXED"]
    assert delete(kendra, index_id, "a") == []
    assert statuses(kendra, index_id, "a") == ["PROCESSING"]  # deletion pending
    put(kendra, index_id, "a")
    assert statuses(kendra, index_id, "a") == ["PROCESSING"]
    assert statuses(kendra, index_id, "a") == ["INDEXED"]  # new, not UPDATED nor NOT_FOUND


def test_reput_replaces_the_body_text(kendra: Any, index_id: str) -> None:
    put(kendra, index_id, doc("a", "a rather long first body text"))
    put(kendra, index_id, doc("a", "short"))
    assert text_statistics(kendra, index_id) == (1, len(b"short"))


def test_rejected_entry_does_not_stop_the_rest_of_the_batch(kendra: Any, index_id: str) -> None:
    bad = typed("bad", b"\xff", "PLAIN_TEXT")
    failures = put_failures(kendra, index_id, doc("a"), bad, doc("b"))
    assert failures == [failure("bad", "The document content is not valid UTF-8.")]
    assert statuses(kendra, index_id, "a", "bad", "b") == ["INDEXED", "NOT_FOUND", "INDEXED"]


# -- DescribeIndex's text statistics -------------------------------------------------------


def test_statistics_count_utf8_bytes_of_extracted_text(kendra: Any, index_id: str) -> None:
    texts = ["plain ascii", "crème brûlée ☕", "日本語のテキスト"]
    put(kendra, index_id, *(doc(f"d{n}", text) for n, text in enumerate(texts)))
    assert text_statistics(kendra, index_id) == (len(texts), sum(len(t.encode()) for t in texts))


def test_statistics_skip_processing_documents(kendra: Any, index_id: str, transition: Any) -> None:
    transition("kendra::document", progression="manual", times=1)
    put(kendra, index_id, doc("a", "alpha"))
    assert text_statistics(kendra, index_id) == (0, 0)
    statuses(kendra, index_id, "a")  # -> INDEXED
    assert text_statistics(kendra, index_id) == (1, len(b"alpha"))
    put(kendra, index_id, doc("a", "alphabet"))  # re-put: PROCESSING again
    assert text_statistics(kendra, index_id) == (0, 0)
    statuses(kendra, index_id, "a")  # -> UPDATED
    assert text_statistics(kendra, index_id) == (1, len(b"alphabet"))


def test_statistics_skip_documents_pending_deletion(
    kendra: Any, index_id: str, transition: Any
) -> None:
    put(kendra, index_id, doc("a", "alpha"), doc("b", "beta"))
    assert statuses(kendra, index_id, "a", "b") == ["INDEXED", "INDEXED"]
    transition("kendra::document", progression="manual", times=1)
    assert delete(kendra, index_id, "a") == []
    assert text_statistics(kendra, index_id) == (1, len(b"beta"))


# -- body text extraction ------------------------------------------------------------------


def test_html_script_and_style_elements_are_removed(kendra: Any, index_id: str) -> None:
    page = (
        "<html><head><style type='text/css'>p { color: red; }</style>"
        "<SCRIPT>var tag = '<b>';</SCRIPT></head><body>Hello</body></html>"
    )
    assert indexed_bytes_of(kendra, index_id, page.encode(), "HTML") == len(b"Hello")


def test_markup_tags_become_spaces(kendra: Any, index_id: str) -> None:
    markup = b"<root><p>one</p><p>two</p>three<br/>four</root>"
    expected = "one two three four"  # glued words would be shorter
    assert extracted_sizes(kendra, index_id, markup, MARKUP_TYPES) == sized(MARKUP_TYPES, expected)


def test_markup_character_references_are_decoded_after_tags(kendra: Any, index_id: str) -> None:
    markup = b"<p>caf&eacute; &amp; cr&#232;me &#x263A; &lt;b&gt;</p>"
    expected = "café & crème ☺ <b>"  # an escaped tag is text, not a tag
    assert extracted_sizes(kendra, index_id, markup, MARKUP_TYPES) == sized(MARKUP_TYPES, expected)


def test_script_elements_are_kept_outside_html(kendra: Any, index_id: str) -> None:
    markup = b"<root><script>kept</script><style>also</style></root>"
    xml_types = ["XML", "XSLT"]
    assert extracted_sizes(kendra, index_id, markup, xml_types) == sized(xml_types, "kept also")


def test_non_markup_text_keeps_tags_and_references(kendra: Any, index_id: str) -> None:
    text = "<b>bold</b> &amp;"
    plain_types = ["PLAIN_TEXT", "MD", "CSV", "JSON", None]
    assert extracted_sizes(kendra, index_id, text.encode(), plain_types) == sized(plain_types, text)


def test_whitespace_runs_become_one_space_and_are_trimmed(kendra: Any, index_id: str) -> None:
    text = " \n one \t\t two\r\n\n three\u00a0\u2003four  "
    kinds = ["PLAIN_TEXT", "HTML", "XML"]
    assert extracted_sizes(kendra, index_id, text.encode(), kinds) == sized(
        kinds, "one two three four"
    )


def test_text_types_must_be_valid_utf8(kendra: Any, index_id: str) -> None:
    ids = [f"doc-{content_type}" for content_type in TEXT_TYPES]
    documents = [typed(i, b"ok \xc3\x28 bad", t) for i, t in zip(ids, TEXT_TYPES, strict=True)]
    failures = put_failures(kendra, index_id, *documents)
    assert failures == [failure(i, "The document content is not valid UTF-8.") for i in ids]
    assert statuses(kendra, index_id, *ids) == ["NOT_FOUND"] * len(ids)


def test_binary_types_are_parsed_not_read_as_text(kendra: Any, index_id: str) -> None:
    data = b"\x89\xffbinary\xfe text\x80"
    ids = [f"doc-{content_type}" for content_type in BINARY_TYPES]
    documents = [typed(i, data, t) for i, t in zip(ids, BINARY_TYPES, strict=True)]
    assert put_failures(kendra, index_id, *documents) == [
        failure(i, f"The document cannot be read as {t}.")
        for i, t in zip(ids, BINARY_TYPES, strict=True)
    ]


def test_document_without_body_is_accepted_with_empty_text(kendra: Any, index_id: str) -> None:
    put(kendra, index_id, {"Id": "a", "Title": "only a title"})
    assert statuses(kendra, index_id, "a") == ["INDEXED"]
    assert text_statistics(kendra, index_id) == (1, 0)


# -- S3Path ------------------------------------------------------------------------------


def test_s3_path_reads_the_object_from_moto_s3(
    kendra: Any, index_id: str, endpoint: str | None
) -> None:
    page = "<html><body><h1>From</h1><p>S3 &amp; co</p></body></html>"
    make_bucket(endpoint, "docs-bucket").put_object(
        Bucket="docs-bucket", Key="pages/a.html", Body=page.encode()
    )
    s3_doc = {"Id": "a", "S3Path": {"Bucket": "docs-bucket", "Key": "pages/a.html"},
              "ContentType": "HTML"}
    put(kendra, index_id, s3_doc)
    assert statuses(kendra, index_id, "a") == ["INDEXED"]
    assert text_statistics(kendra, index_id) == (1, len("From S3 & co"))


def test_s3_bucket_may_live_in_another_region(
    kendra: Any, index_id: str, endpoint: str | None
) -> None:
    text = "stored in Ireland"
    make_bucket(endpoint, "eu-bucket", region="eu-west-1").put_object(
        Bucket="eu-bucket", Key="a.txt", Body=text.encode()
    )
    put(kendra, index_id, {"Id": "a", "S3Path": {"Bucket": "eu-bucket", "Key": "a.txt"}})
    assert text_statistics(kendra, index_id) == (1, len(text))


def test_unreadable_s3_object_fails_the_document(
    kendra: Any, index_id: str, endpoint: str | None
) -> None:
    make_bucket(endpoint, "docs-bucket").put_object(Bucket="docs-bucket", Key="a.txt", Body=b"x")
    paths = {"no-bucket": ("no-such-bucket", "a.txt"), "no-key": ("docs-bucket", "missing")}
    documents = [{"Id": i, "S3Path": {"Bucket": b, "Key": k}} for i, (b, k) in paths.items()]
    assert put_failures(kendra, index_id, *documents) == [
        failure(i, f"S3 object s3://{b}/{k} cannot be read.") for i, (b, k) in paths.items()
    ]
    assert statuses(kendra, index_id, *paths) == ["NOT_FOUND"] * len(paths)


def test_s3_object_content_is_checked_like_a_blob(
    kendra: Any, index_id: str, endpoint: str | None
) -> None:
    make_bucket(endpoint, "docs-bucket").put_object(
        Bucket="docs-bucket", Key="bad.txt", Body=b"\xff\xfe"
    )
    failures = put_failures(
        kendra, index_id,
        {"Id": "a", "S3Path": {"Bucket": "docs-bucket", "Key": "bad.txt"}, "ContentType": "MD"},
    )
    assert failures == [failure("a", "The document content is not valid UTF-8.")]


def test_s3_object_is_read_when_the_put_is_processed(
    kendra: Any, index_id: str, endpoint: str | None
) -> None:
    s3 = make_bucket(endpoint, "docs-bucket")
    s3.put_object(Bucket="docs-bucket", Key="a.txt", Body=b"original")
    put(kendra, index_id, {"Id": "a", "S3Path": {"Bucket": "docs-bucket", "Key": "a.txt"}})
    s3.put_object(Bucket="docs-bucket", Key="a.txt", Body=b"changed afterwards, longer")
    assert text_statistics(kendra, index_id) == (1, len(b"original"))


# -- BatchPutDocument's failure table, row by row -----------------------------------------


def test_row1_blob_and_s3_path_together_fail(kendra: Any, index_id: str) -> None:
    both = doc("a", S3Path={"Bucket": "docs-bucket", "Key": "a.txt"})
    failures = put_failures(kendra, index_id, both)
    assert failures == [failure("a", "Give either Blob or S3Path, not both.")]


def test_row2_document_limit_is_50_mb() -> None:
    assert extraction.MAX_DOCUMENT_BYTES == 50 * 1024 * 1024


@IN_PROCESS_ONLY
def test_row2_document_larger_than_limit_fails(
    kendra: Any, index_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = 16  # stands in for 50 MB, so the test sends bytes instead of megabytes
    monkeypatch.setattr(extraction, "MAX_DOCUMENT_BYTES", limit)
    at_limit = typed("fits", b"x" * limit, "PLAIN_TEXT")
    over = typed("over", b" " * (limit + 1), "PLAIN_TEXT")  # blank: its text would be empty
    failures = put_failures(kendra, index_id, at_limit, over)
    assert failures == [failure("over", "The document is larger than 50 MB.")]


@IN_PROCESS_ONLY
def test_row2_is_checked_before_row3(
    kendra: Any, index_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extraction, "MAX_DOCUMENT_BYTES", 4)
    failures = put_failures(kendra, index_id, typed("a", b"\xff" * 5, "PLAIN_TEXT"))
    assert failures == [failure("a", "The document is larger than 50 MB.")]


def test_row4_extracted_text_limit_counts_utf8_bytes_after_extraction(
    kendra: Any, index_id: str
) -> None:
    limit = 5 * 1024 * 1024
    exactly = "é" * (limit // 2)  # 2 bytes each: exactly the limit
    over = "é" * (limit // 2 + 1)  # far fewer characters than the limit, one byte pair over
    blank = "x" + " " * limit + "y"  # raw bytes over the limit, extracted text "x y"
    failures = put_failures(
        kendra, index_id,
        doc("exactly", exactly), doc("over", over), typed("blank", blank.encode(), "PLAIN_TEXT"),
    )
    assert failures == [failure("over", "The extracted text is larger than 5 MB.")]
    assert text_statistics(kendra, index_id) == (2, limit + len(b"x y"))


def test_row4_html_markup_does_not_count_towards_the_text_limit(
    kendra: Any, index_id: str
) -> None:
    limit = 5 * 1024 * 1024
    page = "<p>" + "a" * (limit - 3) + "</p>"  # raw bytes over the limit, text at limit - 3
    assert put_failures(kendra, index_id, typed("a", page.encode(), "HTML")) == []


BAD_ATTRIBUTES = {  # case -> (attributes, the key the message names)
    "duplicate-key": (
        [attribute("_category", StringValue="a"), attribute("_category", StringValue="b")],
        "_category",
    ),
    "two-members": ([attribute("_category", StringValue="a", LongValue=1)], "_category"),
    "no-member": ([attribute("_category")], "_category"),
    "not-a-field": ([attribute("colour", StringValue="red")], "colour"),
    "string-for-long": ([attribute("_view_count", StringValue="12")], "_view_count"),
    "string-for-list": ([attribute("_authors", StringValue="me")], "_authors"),
    "list-for-string": ([attribute("_category", StringListValue=["a"])], "_category"),
    "long-for-date": ([attribute("_created_at", LongValue=1)], "_created_at"),
    "date-for-long": (
        [attribute("_excerpt_page_number", DateValue=datetime(2024, 1, 1))],
        "_excerpt_page_number",
    ),
    "job-id-not-a-string": ([attribute(JOB_ID, LongValue=1)], JOB_ID),
}


def test_row5_attribute_must_be_an_index_field_of_matching_type(
    kendra: Any, index_id: str
) -> None:
    documents = [doc(case, Attributes=attrs) for case, (attrs, _) in BAD_ATTRIBUTES.items()]
    failures = put_failures(kendra, index_id, *documents)
    assert failures == [
        failure(case, f"Attribute {key} is not an index field of a matching type.")
        for case, (_, key) in BAD_ATTRIBUTES.items()
    ]


def test_row5_typed_built_in_and_custom_fields_are_accepted(kendra: Any, index_id: str) -> None:
    kendra.update_index(
        Id=index_id,
        DocumentMetadataConfigurationUpdates=[{"Name": "colour", "Type": "STRING_VALUE"}],
    )
    attributes = [
        attribute("_category", StringValue="news"),
        attribute("_authors", StringListValue=["ann", "bob"]),
        attribute("_view_count", LongValue=3),
        attribute("_created_at", DateValue=datetime(2024, 1, 2, tzinfo=timezone.utc)),
        attribute("colour", StringValue="red"),
    ]
    put(kendra, index_id, doc("a", Attributes=attributes))
    assert statuses(kendra, index_id, "a") == ["INDEXED"]


def test_row5_failure_names_the_data_source_of_this_index(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    bad = owned("a", source, Attributes=[attribute("colour", StringValue="red")])
    failures = put_failures(kendra, index_id, bad)
    assert failures == [
        failure("a", "Attribute colour is not an index field of a matching type.", source)
    ]


def test_row6_unknown_data_source_is_not_usable(kendra: Any, index_id: str) -> None:
    unknown = "no-such-data-source"
    failures = put_failures(kendra, index_id, owned("a", unknown))
    assert failures == [failure("a", NOT_USABLE.format(unknown))]


def test_row6_data_source_of_another_index_is_not_usable(
    kendra: Any, index_id: str, make_index: Any, make_data_source: Any
) -> None:
    other_source = make_data_source(index=make_index("other"))
    failures = put_failures(kendra, index_id, owned("a", other_source))
    assert failures == [failure("a", NOT_USABLE.format(other_source))]  # no DataSourceId


def test_row6_creating_data_source_is_not_usable(
    kendra: Any, index_id: str, make_data_source: Any, transition: Any
) -> None:
    transition("kendra::datasource", progression="manual", times=1)
    source = make_data_source()
    failures = put_failures(kendra, index_id, owned("a", source))
    assert failures == [failure("a", NOT_USABLE.format(source), source)]


def test_row6_deleting_data_source_is_not_usable(
    kendra: Any, index_id: str, make_data_source: Any, transition: Any
) -> None:
    source = make_data_source()
    assert read_status(kendra, index_id, source) == "ACTIVE"
    transition("kendra::datasource", progression="manual", times=1)
    kendra.delete_data_source(Id=source, IndexId=index_id)
    failures = put_failures(kendra, index_id, owned("a", source))
    assert failures == [failure("a", NOT_USABLE.format(source), source)]


def test_row6_updating_data_source_is_usable(
    kendra: Any, index_id: str, make_data_source: Any, transition: Any
) -> None:
    source = make_data_source()
    assert read_status(kendra, index_id, source) == "ACTIVE"
    transition("kendra::datasource", progression="manual", times=2)
    kendra.update_data_source(Id=source, IndexId=index_id, Name="renamed")
    put(kendra, index_id, owned("a", source))
    assert read_status(kendra, index_id, source) == "UPDATING"  # one advance of two


def test_row6_sync_job_without_data_source_is_not_usable(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    lone_job = doc("a", Attributes=[attribute(JOB_ID, StringValue=job)])
    assert put_failures(kendra, index_id, lone_job) == [failure("a", NOT_USABLE.format(job))]


def test_row6_finished_sync_job_is_not_usable(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    kendra.stop_data_source_sync_job(Id=source, IndexId=index_id)
    failures = put_failures(kendra, index_id, owned("a", source, job))
    assert failures == [failure("a", NOT_USABLE.format(job), source)]


def test_row6_sync_job_of_another_data_source_is_not_usable(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source, other = make_data_source(), make_data_source()
    other_job = start_job(kendra, index_id, other)
    failures = put_failures(kendra, index_id, owned("a", source, other_job))
    assert failures == [failure("a", NOT_USABLE.format(other_job), source)]


def test_row6_unknown_sync_job_is_not_usable(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    start_job(kendra, index_id, source)
    unknown = "0" * 36
    failures = put_failures(kendra, index_id, owned("a", source, unknown))
    assert failures == [failure("a", NOT_USABLE.format(unknown), source)]


def test_row7_connector_document_cannot_be_reput_directly(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    s3 = make_data_source("S3")
    put(kendra, index_id, owned("a", s3))
    failures = put_failures(kendra, index_id, doc("a", "hijack"))
    assert failures == [failure("a", OWNED_BY.format(s3))]


def test_row7_connector_document_cannot_be_reput_through_another_data_source(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    s3, custom, web = make_data_source("S3"), make_data_source(), make_data_source("WEBCRAWLER")
    put(kendra, index_id, owned("a", s3))
    failures = put_failures(kendra, index_id, owned("a", custom), owned("a", web))
    assert failures == [failure("a", OWNED_BY.format(s3), custom),
                        failure("a", OWNED_BY.format(s3), web)]


def test_row7_applies_to_an_earlier_entry_of_the_same_batch(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    s3 = make_data_source("S3")
    failures = put_failures(kendra, index_id, owned("a", s3), doc("a", "hijack"))
    assert failures == [failure("a", OWNED_BY.format(s3))]


def test_row7_connector_document_can_be_reput_by_its_owner(
    kendra: Any, index_id: str, make_data_source: Any, transition: Any
) -> None:
    s3 = make_data_source("S3")
    put(kendra, index_id, owned("a", s3))
    transition("kendra::document", progression="manual", times=1)
    put(kendra, index_id, owned("a", s3, Blob=b"second crawl"))
    assert statuses(kendra, index_id, "a") == ["UPDATED"]


def test_row7_custom_document_cannot_be_taken_over_by_a_connector(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    custom, s3 = make_data_source(), make_data_source("S3")
    put(kendra, index_id, owned("a", custom))
    failures = put_failures(kendra, index_id, owned("a", s3))
    assert failures == [failure("a", OWNED_BY.format(custom), s3)]


def test_row7_direct_document_cannot_be_taken_over_by_a_connector(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    s3 = make_data_source("S3")
    put(kendra, index_id, "a")
    failures = put_failures(kendra, index_id, owned("a", s3))
    assert failures == [failure("a", OWNED_BY.format("none"), s3)]  # choice: no owner -> none


def test_row7_custom_and_direct_documents_change_hands_freely(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    first, second = make_data_source(), make_data_source()
    put(kendra, index_id, owned("a", first), "b")
    put(kendra, index_id, owned("a", second), owned("b", first))
    put(kendra, index_id, "a")
    assert statuses(kendra, index_id, "a", "b") == ["UPDATED", "UPDATED"]


def test_reput_replaces_the_owner(kendra: Any, index_id: str, make_data_source: Any) -> None:
    source = make_data_source()
    put(kendra, index_id, owned("moved", source), owned("kept", source), "adopted")
    put(kendra, index_id, "moved", owned("adopted", source))
    kendra.delete_data_source(Id=source, IndexId=index_id)  # removes what it owns
    assert statuses(kendra, index_id, "moved", "kept", "adopted") == [
        "UPDATED", "NOT_FOUND", "NOT_FOUND"
    ]


def test_row8_unknown_access_control_configuration_fails(kendra: Any, index_id: str) -> None:
    config_id = "0123456789abcdef"
    failures = put_failures(kendra, index_id, doc("a", AccessControlConfigurationId=config_id))
    assert failures == [failure("a", f"Access control configuration {config_id} does not exist.")]


def test_row8_existing_access_control_configuration_is_accepted(
    kendra: Any, index_id: str
) -> None:
    config_id = kendra.create_access_control_configuration(
        IndexId=index_id, Name="acl", AccessControlList=principals(1)
    )["Id"]
    put(kendra, index_id, doc("a", AccessControlConfigurationId=config_id))
    kendra.delete_access_control_configuration(IndexId=index_id, Id=config_id)
    assert put_failures(kendra, index_id, doc("b", AccessControlConfigurationId=config_id)) == [
        failure("b", f"Access control configuration {config_id} does not exist.")
    ]


def test_row9_at_most_200_principals(kendra: Any, index_id: str) -> None:
    failures = put_failures(
        kendra, index_id,
        doc("fits", AccessControlList=principals(200)),
        doc("over", AccessControlList=principals(201)),
    )
    assert failures == [failure("over", "At most 200 principals are allowed.")]


def test_first_failing_row_answers(kendra: Any, index_id: str) -> None:
    bad_attribute = [attribute("colour", StringValue="red")]
    s3_path = {"Bucket": "docs-bucket", "Key": "a.txt"}
    documents = [
        doc("rows-1-5-8-9", "x", S3Path=s3_path, Attributes=bad_attribute,
            AccessControlConfigurationId="nope", AccessControlList=principals(201)),
        typed("rows-3-5-6-8-9", b"\xff", "JSON", Attributes=bad_attribute
              + [attribute(JOB_ID, StringValue="job")], AccessControlConfigurationId="nope",
              AccessControlList=principals(201)),
        doc("rows-5-6-8-9", Attributes=bad_attribute + [attribute(JOB_ID, StringValue="job")],
            AccessControlConfigurationId="nope", AccessControlList=principals(201)),
        doc("rows-6-8-9", Attributes=[attribute(JOB_ID, StringValue="job")],
            AccessControlConfigurationId="nope", AccessControlList=principals(201)),
        doc("rows-8-9", AccessControlConfigurationId="nope", AccessControlList=principals(201)),
    ]
    failures = put_failures(kendra, index_id, *documents)
    assert [f["ErrorMessage"] for f in failures] == [
        "Give either Blob or S3Path, not both.",
        "The document content is not valid UTF-8.",
        "Attribute colour is not an index field of a matching type.",
        NOT_USABLE.format("job"),
        "Access control configuration nope does not exist.",
    ]


@pytest.fixture
def small_document_quota(monkeypatch: pytest.MonkeyPatch) -> int:
    """Stand-in for 10,000 (DEVELOPER): the quota property answers 3 in this process."""
    quota = 3
    monkeypatch.setattr(Index, "document_quota", property(lambda self: quota))
    return quota


@IN_PROCESS_ONLY
def test_row10_new_document_beyond_the_quota_fails(
    kendra: Any, index_id: str, small_document_quota: int
) -> None:
    ids = [f"d{n}" for n in range(small_document_quota + 2)]
    failures = put_failures(kendra, index_id, *ids)
    message = "The index document quota is reached."
    assert failures == [failure(i, message) for i in ids[small_document_quota:]]
    assert put_failures(kendra, index_id, "one-more") == [failure("one-more", message)]


@IN_PROCESS_ONLY
def test_row10_reputs_do_not_count_against_the_quota(
    kendra: Any, index_id: str, small_document_quota: int
) -> None:
    ids = [f"d{n}" for n in range(small_document_quota)]
    put(kendra, index_id, *ids)
    put(kendra, index_id, *ids)  # all re-puts: accepted at the quota
    assert statuses(kendra, index_id, *ids) == ["UPDATED"] * len(ids)


@IN_PROCESS_ONLY
def test_row10_same_id_twice_in_one_batch_counts_once(
    kendra: Any, index_id: str, small_document_quota: int
) -> None:
    put(kendra, index_id, *[f"d{n}" for n in range(small_document_quota - 1)])
    put(kendra, index_id, doc("last", "first"), doc("last", "second"))


@IN_PROCESS_ONLY
def test_row10_documents_pending_deletion_do_not_count(
    kendra: Any, index_id: str, small_document_quota: int, transition: Any
) -> None:
    ids = [f"d{n}" for n in range(small_document_quota)]
    put(kendra, index_id, *ids)
    transition("kendra::document", progression="manual", times=1)
    assert delete(kendra, index_id, ids[0]) == []
    put(kendra, index_id, "replacement")
    assert put_failures(kendra, index_id, "one-more") == [
        failure("one-more", "The index document quota is reached.")
    ]


def stored_index(kendra: Any, make_index: Any, edition: str, storage_units: int | None) -> Any:
    """The backend's record of a new index of ``edition``, with ``storage_units`` if given."""
    from moto_kendra.models import kendra_backends

    index_id = make_index(Edition=edition)
    if storage_units is not None:
        kendra.update_index(
            Id=index_id,
            CapacityUnits={"StorageCapacityUnits": storage_units, "QueryCapacityUnits": 0},
        )
    return kendra_backends["123456789012"]["us-east-1"].indices[index_id]


@IN_PROCESS_ONLY
@pytest.mark.parametrize(
    "edition, storage_units, quota",
    [("DEVELOPER_EDITION", None, 10_000), ("ENTERPRISE_EDITION", None, 100_000),
     ("ENTERPRISE_EDITION", 2, 300_000)],
)
def test_row10_document_quota_by_edition_and_storage_units(
    kendra: Any, make_index: Any, edition: str, storage_units: int | None, quota: int
) -> None:
    index = stored_index(kendra, make_index, edition, storage_units)
    assert index.document_quota == quota


# -- storage quota --------------------------------------------------------------------------


@pytest.fixture
def small_text_quota(monkeypatch: pytest.MonkeyPatch) -> int:
    """Stand-in for 3 GiB (DEVELOPER): the storage quota answers 20 bytes in this process."""
    quota = 20
    monkeypatch.setattr(Index, "text_bytes_quota", property(lambda self: quota))
    return quota


@IN_PROCESS_ONLY
def test_batch_over_the_text_storage_quota_is_refused_whole(
    kendra: Any, index_id: str, small_text_quota: int
) -> None:
    first, second = "a" * (small_text_quota // 2), "b" * (small_text_quota // 2 + 1)
    expect_error(
        lambda: kendra.batch_put_document(
            IndexId=index_id, Documents=[doc("a", first), doc("b", second)]
        ),
        "ServiceQuotaExceededException",
        f"Quota exceeded: at most {small_text_quota} bytes of text per index.",
    )
    assert statuses(kendra, index_id, "a", "b") == ["NOT_FOUND", "NOT_FOUND"]


@IN_PROCESS_ONLY
def test_text_storage_quota_allows_exactly_the_quota(
    kendra: Any, index_id: str, small_text_quota: int
) -> None:
    put(kendra, index_id, doc("a", "x" * small_text_quota))
    expect_error(lambda: kendra.batch_put_document(IndexId=index_id, Documents=[doc("b", "y")]),
                 "ServiceQuotaExceededException",
                 f"Quota exceeded: at most {small_text_quota} bytes of text per index.")


@IN_PROCESS_ONLY
def test_text_storage_quota_counts_a_reput_as_a_replacement(
    kendra: Any, index_id: str, small_text_quota: int
) -> None:
    for letter in "xyz":  # each re-put gives back the text it replaces
        put(kendra, index_id, doc("a", letter * small_text_quota))
    assert text_statistics(kendra, index_id) == (1, small_text_quota)


@IN_PROCESS_ONLY
def test_text_storage_quota_ignores_rejected_entries(
    kendra: Any, index_id: str, small_text_quota: int
) -> None:
    rejected = doc("rejected", "r" * small_text_quota, Attributes=[attribute("nope", LongValue=1)])
    failures = put_failures(kendra, index_id, rejected, doc("a", "x" * small_text_quota))
    message = "Attribute nope is not an index field of a matching type."
    assert failures == [failure("rejected", message)]


@IN_PROCESS_ONLY
def test_text_storage_quota_frees_text_of_documents_pending_deletion(
    kendra: Any, index_id: str, small_text_quota: int, transition: Any
) -> None:
    put(kendra, index_id, doc("a", "x" * small_text_quota))
    transition("kendra::document", progression="manual", times=1)
    assert delete(kendra, index_id, "a") == []
    put(kendra, index_id, doc("b", "y" * small_text_quota))


@IN_PROCESS_ONLY
@pytest.mark.parametrize(
    "edition, storage_units, quota",
    [("DEVELOPER_EDITION", None, 3 * 2**30), ("ENTERPRISE_EDITION", None, 30 * 2**30),
     ("ENTERPRISE_EDITION", 1, 60 * 2**30)],
)
def test_text_storage_quota_by_edition_and_storage_units(
    kendra: Any, make_index: Any, edition: str, storage_units: int | None, quota: int
) -> None:
    index = stored_index(kendra, make_index, edition, storage_units)
    assert index.text_bytes_quota == quota


# -- metrics driven by puts -------------------------------------------------------------------


def test_put_naming_a_custom_data_source_adds_to_its_running_job(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, owned("a", source), owned("b", source))
    metrics = job_metrics(kendra, index_id, source, job)
    assert set(metrics) == CUSTOM_METRICS
    assert metrics == counts(added=2)


def test_reput_naming_a_data_source_counts_as_modified(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    put(kendra, index_id, "a")
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, owned("a", source))
    assert job_metrics(kendra, index_id, source, job) == counts(modified=1)


def test_put_naming_a_job_records_on_that_job(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, owned("a", source, job))
    assert job_metrics(kendra, index_id, source, job) == counts(added=1)


def test_document_counts_once_per_job_under_its_last_action(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, owned("a", source), owned("a", source, Blob=b"again"))
    put(kendra, index_id, owned("a", source, Blob=b"third"), owned("b", source))
    assert job_metrics(kendra, index_id, source, job) == counts(added=1, modified=1)


def test_direct_put_records_no_metrics(kendra: Any, index_id: str, make_data_source: Any) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    put(kendra, index_id, "a")
    assert job_metrics(kendra, index_id, source, job) == counts()


def test_put_records_nothing_on_a_finished_job(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    kendra.stop_data_source_sync_job(Id=source, IndexId=index_id)
    put(kendra, index_id, owned("a", source))
    assert job_metrics(kendra, index_id, source, job) == counts()


def test_rejected_puts_leave_documents_failed_at_zero(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    source = make_data_source()
    job = start_job(kendra, index_id, source)
    bad = owned("a", source, Attributes=[attribute("nope", StringValue="x")])
    assert len(put_failures(kendra, index_id, bad)) == 1
    assert job_metrics(kendra, index_id, source, job) == counts()


# -- language (observable through Query) --------------------------------------------------


def query_ids(kendra: Any, index_id: str, text: str, **kwargs: Any) -> list[str]:
    response = kendra.query(IndexId=index_id, QueryText=text, **kwargs)
    return sorted(item["DocumentId"] for item in response["ResultItems"])


def language_filter(code: str) -> dict[str, Any]:
    return {"EqualsTo": attribute("_language_code", StringValue=code)}


def test_document_language_comes_from_attribute_then_owner_then_en(
    kendra: Any, index_id: str, make_data_source: Any
) -> None:
    german = make_data_source(LanguageCode="de")
    put(
        kendra, index_id,
        doc("direct", "shared words"),
        doc("french", "shared words", Attributes=[attribute("_language_code", StringValue="fr")]),
        owned("german", german, Blob=b"shared words"),
        owned("english", german, Blob=b"shared words",
              Attributes=[attribute("_language_code", StringValue="en")]),
    )
    assert query_ids(kendra, index_id, "shared") == ["direct", "english"]
    assert query_ids(kendra, index_id, "shared", AttributeFilter=language_filter("fr")) == [
        "french"
    ]
    assert query_ids(kendra, index_id, "shared", AttributeFilter=language_filter("de")) == [
        "german"
    ]


# -- BatchGetDocumentStatus ------------------------------------------------------------------


def test_status_list_follows_request_order(kendra: Any, index_id: str) -> None:
    put(kendra, index_id, "b", "a")
    response = kendra.batch_get_document_status(
        IndexId=index_id,
        DocumentInfoList=[{"DocumentId": i} for i in ("c", "a", "b")],
    )
    assert response["Errors"] == []
    assert response["DocumentStatusList"] == [
        {"DocumentId": "c", "DocumentStatus": "NOT_FOUND"},
        {"DocumentId": "a", "DocumentStatus": "INDEXED"},
        {"DocumentId": "b", "DocumentStatus": "INDEXED"},
    ]


def test_status_of_never_put_document_is_not_found(kendra: Any, index_id: str) -> None:
    response = kendra.batch_get_document_status(
        IndexId=index_id, DocumentInfoList=[{"DocumentId": "ghost"}]
    )
    assert response["DocumentStatusList"] == [
        {"DocumentId": "ghost", "DocumentStatus": "NOT_FOUND"}
    ]
    assert response["Errors"] == []


def test_status_after_finished_deletion_is_not_found(kendra: Any, index_id: str) -> None:
    put(kendra, index_id, "a")
    assert delete(kendra, index_id, "a") == []
    assert statuses(kendra, index_id, "a") == ["NOT_FOUND"]


def test_status_while_deletion_pends_is_processing(
    kendra: Any, index_id: str, transition: Any
) -> None:
    put(kendra, index_id, "a")
    transition("kendra::document", progression="manual", times=2)
    assert delete(kendra, index_id, "a") == []
    assert statuses(kendra, index_id, "a") == ["PROCESSING"]
    assert statuses(kendra, index_id, "a") == ["NOT_FOUND"]


def test_each_distinct_document_advances_once_per_call(
    kendra: Any, index_id: str, transition: Any
) -> None:
    transition("kendra::document", progression="manual", times=2)
    put(kendra, index_id, "a", "b")
    assert statuses(kendra, index_id, "a", "a", "b", "a") == ["PROCESSING"] * 4
    assert statuses(kendra, index_id, "a", "b") == ["INDEXED", "INDEXED"]


def test_valid_status_attributes_do_not_change_the_answer(kendra: Any, index_id: str) -> None:
    valid = [
        [attribute("version", StringValue="3")],
        [attribute("VERSION", StringValue="3")],
        [attribute("dataSourceId", StringValue="ds"), attribute("jobExecutionId", StringValue="j")],
        [attribute("DATASOURCEID", StringValue="ds"), attribute("jobexecutionid", StringValue="j"),
         attribute("Version", StringValue="1")],
        [],
    ]
    put(kendra, index_id, "a")
    infos = [{"DocumentId": i, "Attributes": attrs} for attrs in valid for i in ("a", "b")]
    response = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=infos)
    assert response["Errors"] == []
    assert response["DocumentStatusList"] == [
        {"DocumentId": "a", "DocumentStatus": "INDEXED"},
        {"DocumentId": "b", "DocumentStatus": "NOT_FOUND"},
    ] * len(valid)


def test_invalid_status_attributes_go_to_errors(kendra: Any, index_id: str) -> None:
    invalid = {
        "unknown-key": [attribute("owner", StringValue="me")],
        "long": [attribute("version", LongValue=3)],
        "list": [attribute("version", StringListValue=["3"])],
        "two-members": [attribute("version", StringValue="3", LongValue=3)],
        "no-member": [attribute("version")],
        "data-source-alone": [attribute("dataSourceId", StringValue="ds")],
        "job-alone": [attribute("JobExecutionId", StringValue="j")],
        "one-bad-among-good": [attribute("version", StringValue="1"),
                               attribute("_category", StringValue="x")],
    }
    put(kendra, index_id, *invalid)
    infos = [{"DocumentId": case, "Attributes": attrs} for case, attrs in invalid.items()]
    response = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=infos)
    assert response["DocumentStatusList"] == []
    assert response["Errors"] == [
        {"DocumentId": case, "ErrorCode": "InvalidRequest",
         "ErrorMessage": "Invalid document attributes."}
        for case in invalid
    ]


def test_every_entry_appears_once_in_exactly_one_list_in_request_order(
    kendra: Any, index_id: str
) -> None:
    put(kendra, index_id, "a", "b")
    bad = [attribute("nope", StringValue="x")]
    infos = [
        {"DocumentId": "a", "Attributes": bad},
        {"DocumentId": "b"},
        {"DocumentId": "c", "Attributes": bad},
        {"DocumentId": "a"},
        {"DocumentId": "c"},
    ]
    response = kendra.batch_get_document_status(IndexId=index_id, DocumentInfoList=infos)
    assert [e["DocumentId"] for e in response["Errors"]] == ["a", "c"]
    assert response["DocumentStatusList"] == [
        {"DocumentId": "b", "DocumentStatus": "INDEXED"},
        {"DocumentId": "a", "DocumentStatus": "INDEXED"},
        {"DocumentId": "c", "DocumentStatus": "NOT_FOUND"},
    ]
