"""``_excerpt_page_number``: the page of a PDF result's excerpt core (both modes)."""

from __future__ import annotations

from typing import Any

from document_support import attribute, put
from file_makers import pdf

PAGE = "_excerpt_page_number"
FILLER = " ".join(f"filler{n}" for n in range(30))


def pdf_doc(doc_id: str, *pages: str, **extra: Any) -> dict[str, Any]:
    return {"Id": doc_id, "Blob": pdf(*pages), "ContentType": "PDF", **extra}


def padded(*words: str) -> list[str]:
    """Pages each ending in one of ``words`` after 30 filler words, so that the excerpt
    core (from ten tokens before the term) starts on the term's page."""
    return [f"{FILLER} {word}" for word in words]


def item(kendra: Any, index_id: str, text: str, **extra: Any) -> dict[str, Any]:
    items = kendra.query(IndexId=index_id, QueryText=text, **extra)["ResultItems"]
    assert len(items) == 1, items
    return dict(items[0])


def page_of(kendra: Any, index_id: str, text: str, **extra: Any) -> Any:
    shown = item(kendra, index_id, text, **extra)["DocumentAttributes"]
    return next((a["Value"] for a in shown if a["Key"] == PAGE), None)


def test_the_page_of_the_excerpt_follows_the_stored_attributes(
    kendra: Any, index_id: str
) -> None:
    source = attribute("_source_uri", StringValue="https://example.com/a.pdf")
    put(kendra, index_id, pdf_doc("a", *padded("alpha", "beta", "gamma"),
                                  Attributes=[source]))
    assert item(kendra, index_id, "gamma")["DocumentAttributes"] == [
        source, attribute(PAGE, LongValue=3)
    ]
    assert page_of(kendra, index_id, "alpha") == {"LongValue": 1}
    assert page_of(kendra, index_id, "beta") == {"LongValue": 2}


def test_the_page_is_where_the_excerpt_core_starts(kendra: Any, index_id: str) -> None:
    put(kendra, index_id, pdf_doc("a", FILLER, "beta on page two"))
    excerpt = item(kendra, index_id, "beta")["DocumentExcerpt"]["Text"]
    assert excerpt.startswith("...filler20 ")  # ten tokens before the term: page one
    assert page_of(kendra, index_id, "beta") == {"LongValue": 1}
    assert page_of(kendra, index_id, "two") == {"LongValue": 1}
    put(kendra, index_id, pdf_doc("b", "short", FILLER + " delta"))
    assert page_of(kendra, index_id, "delta") == {"LongValue": 2}


def test_requested_attributes_can_leave_the_page_out(kendra: Any, index_id: str) -> None:
    source = attribute("_source_uri", StringValue="https://example.com/a.pdf")
    put(kendra, index_id, pdf_doc("a", *padded("alpha", "beta"), Attributes=[source]))
    assert item(kendra, index_id, "beta", RequestedDocumentAttributes=["_source_uri"])[
        "DocumentAttributes"] == [source]
    assert item(kendra, index_id, "beta", RequestedDocumentAttributes=[PAGE])[
        "DocumentAttributes"] == [attribute(PAGE, LongValue=2)]


def test_no_page_for_other_types_or_a_pdf_without_text(kendra: Any, index_id: str) -> None:
    put(kendra, index_id,
        {"Id": "text", "Blob": b"alpha text", "ContentType": "PLAIN_TEXT"},
        pdf_doc("empty", "", "", Title="alpha empty"))
    items = kendra.query(IndexId=index_id, QueryText="alpha")["ResultItems"]
    assert sorted(i["DocumentId"] for i in items) == ["empty", "text"]
    assert all(i["DocumentAttributes"] == [] for i in items)


def test_the_page_replaces_a_stored_page_attribute_on_pdfs_only(
    kendra: Any, index_id: str
) -> None:
    stored = attribute(PAGE, LongValue=9)
    put(kendra, index_id, pdf_doc("a", *padded("alpha", "beta"), Attributes=[stored]),
        {"Id": "b", "Blob": b"gamma", "ContentType": "PLAIN_TEXT", "Attributes": [stored]})
    assert item(kendra, index_id, "beta")["DocumentAttributes"] == [attribute(PAGE, LongValue=2)]
    assert item(kendra, index_id, "gamma")["DocumentAttributes"] == [stored]
