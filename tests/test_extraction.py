"""Text extraction from real files: PDF, DOCX, PPTX, XLSX, RTF, HTML titles.

The first part calls :func:`moto_kendra.extraction.extract` on generated files; the
second puts the same files through BatchPutDocument, S3Path and an S3 crawl and searches
them with Query (both modes).
"""

from __future__ import annotations

import io
import random
import zipfile
from typing import Any

import pytest
from document_support import failure, make_bucket, put, put_failures
from file_makers import UNICODE_FONT, docx, pdf, pptx, xlsx, zipped
from fpdf.enums import EncryptionMethod
from pypdf import PdfReader
from support import SERVER_MODE

from moto_kendra.extraction import Extracted, ExtractionError, extract, ooxml, page_at
from moto_kendra.extraction import pdf as pdf_reader

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
PARSED = ["PDF", "MS_WORD", "PPT", "MS_EXCEL", "RTF"]


def unreadable(content_type: str) -> str:
    return f"The document cannot be read as {content_type}."


def reason(blob: bytes, content_type: str) -> str:
    """The reason ``extract`` refuses ``blob``."""
    with pytest.raises(ExtractionError) as refused:
        extract(blob, content_type)
    return str(refused.value)


def page_of(extracted: Extracted, word: str) -> int:
    assert extracted.pages is not None
    return page_at(extracted.pages, extracted.text.index(word))


# -- PDF ------------------------------------------------------------------------------


def test_pdf_pages_are_joined_in_order_and_their_starts_kept() -> None:
    extracted = extract(pdf("alpha page one", "beta  page\ttwo", "", "gamma four"), "PDF")
    assert extracted.text == "alpha page one beta page two gamma four"
    assert extracted.pages == (0, 15, 29, 29)  # the empty third page starts with the fourth
    assert [page_of(extracted, w) for w in ("alpha", "one", "beta", "gamma")] == [1, 1, 2, 4]
    assert extracted.title is None


def test_pdf_with_a_latin_font_encoding_keeps_its_accents() -> None:
    assert extract(pdf("café crème naïve Ærø"), "PDF").text == "café crème naïve Ærø"


@pytest.mark.skipif(not UNICODE_FONT.exists(), reason="needs the DejaVu TrueType font")
def test_pdf_with_an_embedded_unicode_font_reads_through_its_to_unicode_map() -> None:
    assert extract(pdf("Ελληνικά κείμενα кириллица", font=UNICODE_FONT), "PDF").text == (
        "Ελληνικά κείμενα кириллица"
    )


@pytest.mark.parametrize("method", [EncryptionMethod.RC4, EncryptionMethod.AES_128])
def test_pdf_encrypted_with_an_empty_user_password_is_read(method: EncryptionMethod) -> None:
    blob = pdf("sealed words", owner_password="owner", encryption_method=method)
    assert extract(blob, "PDF").text == "sealed words"


def test_pdf_needing_a_password_cannot_be_read() -> None:
    blob = pdf("sealed words", owner_password="owner", user_password="user")
    assert reason(blob, "PDF") == unreadable("PDF")


def test_corrupt_pdfs_cannot_be_read() -> None:
    whole = pdf("some words")
    for blob in (whole[: len(whole) // 2], b"%PDF-1.4\n" + b"\x00garbage" * 50, b"not a pdf"):
        assert reason(blob, "PDF") == unreadable("PDF")


def test_pdf_decoding_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page content streams of one file decode to at most the bound, in all."""
    blob = pdf("first page", "second page")
    sizes = [len(page.get_contents().get_data())
             for page in PdfReader(io.BytesIO(blob)).pages]
    monkeypatch.setattr(pdf_reader, "MAX_UNPACKED_BYTES", sum(sizes))
    assert extract(blob, "PDF").text == "first page second page"
    monkeypatch.setattr(pdf_reader, "MAX_UNPACKED_BYTES", sum(sizes) - 1)
    assert reason(blob, "PDF") == unreadable("PDF")


# -- OOXML ----------------------------------------------------------------------------


def test_docx_paragraphs_and_table_cells_in_document_order() -> None:
    blob = docx("Intro para|graph", [["cell A1", "cell B1"], ["cell A2", ""]], "Closing")
    assert extract(blob, "MS_WORD").text == "Intro paragraph cell A1 cell B1 cell A2 Closing"


def test_docx_elements_match_by_local_name_whatever_the_prefix() -> None:
    assert extract(docx("named", "otherwise", prefix="wx"), "MS_WORD").text == "named otherwise"


def test_pptx_slides_in_numeric_order_whatever_the_zip_order() -> None:
    blob = pptx({10: ["ten"], 2: ["two a", "two|b"], 1: ["one"]})
    assert extract(blob, "PPT").text == "one two a twob ten"


def test_xlsx_shared_strings_numbers_inline_strings_and_empty_cells() -> None:
    shared = ["Region", "Revenue", "North & co"]
    sheets = {
        10: [["i:last sheet"]],
        2: [["s:0", "s:1", ""], ["s:2", "n:1234.5", "b:1"], ["", "i:inline text", "n:-7"]],
    }
    assert extract(xlsx(shared, sheets), "MS_EXCEL").text == (
        "Region Revenue North & co 1234.5 1 inline text -7 last sheet"
    )


@pytest.mark.parametrize(
    ("content_type", "extension"), [("MS_WORD", ".doc"), ("PPT", ".ppt"), ("MS_EXCEL", ".xls")]
)
def test_legacy_ole2_files_are_refused_with_their_own_reason(
    content_type: str, extension: str
) -> None:
    assert reason(OLE2, content_type) == (
        f"Legacy binary {extension} files are not supported; convert them to {extension}x."
    )


@pytest.mark.parametrize(
    ("content_type", "blob"),
    [
        ("MS_WORD", b"PK\x03\x04 not really a zip"),
        ("MS_WORD", zipped({"word/other.xml": "<x/>"})),  # missing part
        ("MS_WORD", zipped({"word/document.xml": "<w:document><w:p>"})),  # malformed XML
        ("PPT", zipped({"ppt/slides/slide1.xml": "<p/>"})),  # no presentation part
        ("MS_EXCEL", zipped({"xl/worksheets/sheet1.xml": "<c/>"})),  # no workbook part
        ("MS_EXCEL", xlsx(["only"], {1: [["s:1"]]})),  # shared string index out of range
    ],
)
def test_ooxml_that_cannot_be_read(content_type: str, blob: bytes) -> None:
    assert reason(blob, content_type) == unreadable(content_type)


def test_ooxml_parts_with_a_document_type_declaration_are_refused() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="x"><w:p><w:t>&b;</w:t></w:p></w:document>'
    )
    external = (
        '<?xml version="1.0"?><!DOCTYPE d SYSTEM "file:///etc/passwd">'
        '<w:document xmlns:w="x"><w:p><w:t>x</w:t></w:p></w:document>'
    )
    for part in (laughs, external):
        assert reason(zipped({"word/document.xml": part}), "MS_WORD") == unreadable("MS_WORD")


def test_ooxml_unpacking_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A zip that unpacks beyond the bound is refused, however small it is."""
    blob = docx("word " * 20_000)
    assert len(blob) < 2_000
    monkeypatch.setattr(ooxml, "MAX_UNPACKED_BYTES", 50_000)
    assert reason(blob, "MS_WORD") == unreadable("MS_WORD")


def test_extraction_stops_once_the_text_outgrows_5_mb() -> None:
    paragraphs = ["é" * 1_000_000] * 3  # 6 MB of UTF-8 in 3 million characters
    assert reason(docx(*paragraphs), "MS_WORD") == "The extracted text is larger than 5 MB."


def test_encrypted_zip_entries_cannot_be_read() -> None:
    blob = bytearray(docx("secret"))
    blob[6] |= 0x01  # the local header's "encrypted" flag
    central = blob.rindex(b"PK\x01\x02")
    blob[central + 8] |= 0x01  # and the central directory's
    with zipfile.ZipFile(io.BytesIO(bytes(blob))) as archive:
        assert archive.infolist()[-1].flag_bits & 0x01
    assert reason(bytes(blob), "MS_WORD") == unreadable("MS_WORD")


# -- RTF ------------------------------------------------------------------------------


def test_rtf_text_without_destinations_and_control_words() -> None:
    blob = (
        rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}{\colortbl;\red0\green0\blue0;}"
        rb"{\stylesheet{\s1 Heading;}}{\info{\title Hidden}}{\*\generator Writer;}"
        rb"\pard\f0\fs24 Caf\'e9 \b bold\b0\par Line\par"
        rb"\line two\tab three \u8364? \u-3913?\uc2\u946 xx end "
        rb"\{braces\} back\\slash {\i nested {\b deep}}"
        b"\n\\bin4 \x00\x01\x02\x03 after}"
    )
    assert extract(blob, "RTF").text == (
        "Café bold Line two three € \uf0b7β end {braces} back\\slash nested deep after"
    )


def test_rtf_must_start_with_its_signature() -> None:
    assert reason(b"plain words", "RTF") == unreadable("RTF")
    assert reason(b" {\\rtf1 late}", "RTF") == unreadable("RTF")


# -- HTML title -----------------------------------------------------------------------


def test_html_title_is_the_first_title_element_and_stays_in_the_body() -> None:
    page = (b"<html><head><script>var t = '<title>no</title>';</script>"
            b"<title> Annual  &amp; Report </title><title>second</title></head>"
            b"<body><p>Body</p></body></html>")
    assert extract(page, "HTML") == Extracted("Annual & Report second Body", "Annual & Report")
    assert extract(b"<title> </title>x", "HTML").title is None
    assert extract(b"<title>never closed", "HTML").title is None
    assert extract(b"<title>only in html</title>", "XML").title is None


# -- never an exception out of extract ------------------------------------------------


def test_mangled_files_give_a_reason_never_an_exception() -> None:
    """Every byte flip, truncation and splice of real files: extracted, or refused."""
    samples = {
        "PDF": pdf("first page", "second page"),
        "MS_WORD": docx("para", [["a", "b"]]),
        "PPT": pptx({1: ["one"], 2: ["two"]}),
        "MS_EXCEL": xlsx(["x"], {1: [["s:0", "n:2"]]}),
        "RTF": rb"{\rtf1{\fonttbl{\f0 A;}}\u946? \'e9 text\par}",
    }
    chance = random.Random(5)
    for content_type, blob in samples.items():
        for _ in range(60):
            mangled = bytearray(blob)
            for _ in range(chance.randint(1, 8)):
                mangled[chance.randrange(len(mangled))] = chance.randrange(256)
            for candidate in (bytes(mangled), blob[: chance.randrange(len(blob))]):
                try:
                    assert isinstance(extract(candidate, content_type), Extracted)
                except ExtractionError as error:
                    assert str(error) in (unreadable(content_type), "The extracted text is "
                                          "larger than 5 MB.")


def test_empty_content_is_an_empty_body_for_every_type() -> None:
    for content_type in [*PARSED, "HTML", None]:
        assert extract(b"", content_type).text == ""


# -- through the service --------------------------------------------------------------


def query(kendra: Any, index_id: str, text: str) -> dict[str, dict[str, Any]]:
    response = kendra.query(IndexId=index_id, QueryText=text, PageSize=100)
    return {item["DocumentId"]: item for item in response["ResultItems"]}


def files() -> dict[str, tuple[str, bytes]]:
    return {
        "report.pdf": ("PDF", pdf("Quarterly figures", "The zanzibar project shipped.")),
        "memo.docx": ("MS_WORD", docx("Memo about the", [["quokka", "budget"]])),
        "deck.pptx": ("PPT", pptx({2: ["second slide narwhal"], 1: ["first"]})),
        "sheet.xlsx": ("MS_EXCEL", xlsx(["axolotl"], {1: [["s:0", "n:42"]]})),
        "note.rtf": ("RTF", rb"{\rtf1{\fonttbl{\f0 A;}}The pangolin\par note}"),
    }


def test_words_inside_compressed_files_are_found_and_pdf_syntax_is_not(
    kendra: Any, index_id: str
) -> None:
    documents = [{"Id": name, "Blob": blob, "ContentType": content_type}
                 for name, (content_type, blob) in files().items()]
    put(kendra, index_id, *documents)
    for word, name in [("zanzibar", "report.pdf"), ("quokka", "memo.docx"),
                       ("narwhal", "deck.pptx"), ("axolotl", "sheet.xlsx"),
                       ("pangolin", "note.rtf")]:
        assert list(query(kendra, index_id, word)) == [name], word
    excerpt = query(kendra, index_id, "zanzibar")["report.pdf"]["DocumentExcerpt"]["Text"]
    assert excerpt == "Quarterly figures The zanzibar project shipped"
    for syntax in ("endobj", "FlateDecode", "stream", "Tj", "xref", "Helvetica", "fonttbl"):
        assert query(kendra, index_id, syntax) == {}, syntax


def test_unreadable_files_fail_with_their_reason(kendra: Any, index_id: str) -> None:
    documents = [
        {"Id": "locked", "Blob": pdf("x", owner_password="o", user_password="u"),
         "ContentType": "PDF"},
        {"Id": "legacy", "Blob": OLE2, "ContentType": "PPT"},
        {"Id": "mislabelled", "Blob": docx("words"), "ContentType": "MS_EXCEL"},
        {"Id": "fine", "Blob": docx("words"), "ContentType": "MS_WORD"},
    ]
    assert put_failures(kendra, index_id, *documents) == [
        failure("locked", unreadable("PDF")),
        failure("legacy", "Legacy binary .ppt files are not supported; convert them to .pptx."),
        failure("mislabelled", unreadable("MS_EXCEL")),
    ]
    assert list(query(kendra, index_id, "words")) == ["fine"]
    bodiless = [{"Id": f"empty-{t}", "ContentType": t, "Title": "bodiless"} for t in PARSED]
    assert put_failures(kendra, index_id, *bodiless) == []


def test_html_title_becomes_the_document_title_unless_one_is_given(
    kendra: Any, index_id: str
) -> None:
    page = b"<html><title>Harbour guide</title><body>Tides and moorings</body></html>"
    put(kendra, index_id,
        {"Id": "untitled", "Blob": page, "ContentType": "HTML"},
        {"Id": "titled", "Blob": page, "ContentType": "HTML", "Title": "Given"})
    found = query(kendra, index_id, "moorings")
    assert {k: v["DocumentTitle"]["Text"] for k, v in found.items()} == {
        "untitled": "Harbour guide", "titled": "Given",
    }
    assert list(query(kendra, index_id, "harbour")) == ["untitled", "titled"]


def test_s3_path_documents_are_extracted_like_blobs(
    kendra: Any, index_id: str, endpoint: str | None
) -> None:
    s3 = make_bucket(endpoint, "files-bucket")
    documents = []
    for name, (content_type, blob) in files().items():
        s3.put_object(Bucket="files-bucket", Key=f"in/{name}", Body=blob)
        documents.append({"Id": name, "ContentType": content_type,
                          "S3Path": {"Bucket": "files-bucket", "Key": f"in/{name}"}})
    put(kendra, index_id, *documents)
    assert list(query(kendra, index_id, "zanzibar")) == ["report.pdf"]
    assert list(query(kendra, index_id, "narwhal")) == ["deck.pptx"]
    assert query(kendra, index_id, "FlateDecode") == {}


def test_s3_crawl_extracts_each_format_and_counts_failures(
    kendra: Any, index_id: str, endpoint: str | None, make_data_source: Any
) -> None:
    s3 = make_bucket(endpoint, "crawl-bucket")
    for name, (_, blob) in files().items():
        s3.put_object(Bucket="crawl-bucket", Key=name, Body=blob)
    s3.put_object(Bucket="crawl-bucket", Key="old.doc", Body=OLE2)
    s3.put_object(Bucket="crawl-bucket", Key="broken.pdf", Body=b"%PDF-1.7 broken")
    source = make_data_source(
        "S3", Configuration={"S3Configuration": {"BucketName": "crawl-bucket"}}
    )
    kendra.describe_data_source(Id=source, IndexId=index_id)  # CREATING -> ACTIVE
    kendra.start_data_source_sync_job(Id=source, IndexId=index_id)
    history = kendra.list_data_source_sync_jobs(Id=source, IndexId=index_id)["History"]
    assert history[0]["Metrics"]["DocumentsAdded"] == "5"
    assert history[0]["Metrics"]["DocumentsFailed"] == "2"
    assert list(query(kendra, index_id, "quokka")) == ["s3://crawl-bucket/memo.docx"]
    assert list(query(kendra, index_id, "axolotl")) == ["s3://crawl-bucket/sheet.xlsx"]


@pytest.mark.skipif(SERVER_MODE, reason="reads the in-process backend")
def test_pdf_documents_keep_their_page_starts(kendra: Any, index_id: str) -> None:
    from moto_kendra.models import kendra_backends

    put(kendra, index_id,
        {"Id": "p", "Blob": pdf("one", "two"), "ContentType": "PDF"},
        {"Id": "t", "Blob": b"one two", "ContentType": "PLAIN_TEXT"})
    documents = kendra_backends["123456789012"]["us-east-1"].indices[index_id].documents
    assert (documents["p"].pages, documents["t"].pages) == ((0, 4), None)
    put(kendra, index_id, {"Id": "p", "Blob": b"now text", "ContentType": "PLAIN_TEXT"})
    assert documents["p"].pages is None
