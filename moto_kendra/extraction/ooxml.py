"""Office Open XML documents, read from their XML parts with the standard library.

- MS_WORD (.docx), part ``word/document.xml``: each ``p`` element in document order gives
  the concatenation of its ``t`` texts; paragraphs joined by a space (table cells hold
  paragraphs, so their text comes in reading order).
- PPT (.pptx), parts ``ppt/slides/slide<N>.xml`` in ascending numeric N (slide2 before
  slide10): each ``p`` gives the concatenation of its ``t`` texts; paragraphs and slides
  joined by a space. A deck needs ``ppt/presentation.xml`` (it may have no slides).
- MS_EXCEL (.xlsx), parts ``xl/worksheets/sheet<N>.xml`` in ascending N: each cell ``c``
  in document order (row-major) gives, for ``t="s"``, the shared string at index ``v``
  (``xl/sharedStrings.xml``: the concatenated ``t`` texts of that ``si``); for
  ``t="inlineStr"`` the concatenated ``t`` texts of its ``is``; otherwise the ``v`` text as
  written (numbers unformatted). Cells without a value are skipped; cell texts are joined
  by a space. A workbook needs ``xl/workbook.xml``.
- Elements are matched by local name, whatever the namespace prefix. A paragraph inside
  another (a text box) gives its own text, after the enclosing one's.
- Content starting with the OLE2 signature (a legacy ``.doc``, ``.ppt`` or ``.xls``) is
  refused with its own reason. Anything else that cannot be read (not a zip, a missing
  part, malformed XML, a shared-string index out of range, an encrypted entry) cannot be
  read as its ContentType.
- Safety: parts are streamed through expat, which reads no external entity; a part with a
  document type declaration is refused (no entity can expand); all parts read together may
  unpack to at most 100 MB, however small the zip. The cost is linear in what is unpacked.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any
from xml.parsers import expat

from .common import MAX_UNPACKED_BYTES, Extracted, ExtractionError, TextBuilder, unreadable

OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
LEGACY_EXTENSIONS = {"MS_WORD": ".doc", "PPT": ".ppt", "MS_EXCEL": ".xls"}
_CHUNK = 65_536
_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml")
_SHEET = re.compile(r"xl/worksheets/sheet(\d+)\.xml")


def _local(name: str) -> str:
    """The local name of an expat name (``<namespace> <local>`` with our separator)."""
    return name.rpartition(" ")[2]


class _Handler:
    """Receives the elements and text of one part, by local name."""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        raise NotImplementedError

    def end(self, name: str) -> None:
        raise NotImplementedError

    def data(self, text: str) -> None:
        raise NotImplementedError


class _Package:
    """The zip of an OOXML document, with a budget of bytes its parts may unpack to."""

    def __init__(self, blob: bytes, content_type: str):
        self.content_type = content_type
        self.zip = zipfile.ZipFile(io.BytesIO(blob))
        self.names = self.zip.namelist()
        self.unpacked = 0

    def numbered(self, pattern: re.Pattern[str]) -> list[str]:
        """The part names matching ``pattern``, in ascending number order."""
        found = [(int(m.group(1)), m.group(0)) for m in map(pattern.fullmatch, self.names) if m]
        return [name for _, name in sorted(found)]

    def require(self, name: str) -> None:
        if name not in self.names:
            raise unreadable(self.content_type)

    def parse(self, name: str, handler: _Handler) -> None:
        """Stream part ``name`` through ``handler``."""
        self.require(name)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.data
        parser.StartDoctypeDeclHandler = self._refuse
        parser.EntityDeclHandler = self._refuse
        with self.zip.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                self.unpacked += len(chunk)
                if self.unpacked > MAX_UNPACKED_BYTES:
                    raise unreadable(self.content_type)
                parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def _refuse(self, *_: Any) -> None:
        raise unreadable(self.content_type)


class _Texts(_Handler):
    """Collects the text of ``t`` elements inside each ``container`` element and hands
    each container's concatenation to ``emit`` in document order."""

    def __init__(self, container: str, emit: Callable[[str], None]):
        self.container = container
        self.emit = emit
        self.open: list[list[str]] = []  # the texts of each open container, outermost first
        self.done: list[list[str]] = []  # containers in start order, until the outermost ends
        self.in_text = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local == self.container:
            texts: list[str] = []
            self.open.append(texts)
            self.done.append(texts)
        elif local == "t" and self.open:
            self.in_text += 1

    def end(self, name: str) -> None:
        local = _local(name)
        if local == "t" and self.in_text:
            self.in_text -= 1
        elif local == self.container and self.open:
            self.open.pop()
            if not self.open:
                for texts in self.done:
                    self.emit("".join(texts))
                self.done.clear()

    def data(self, text: str) -> None:
        if self.in_text:
            self.open[-1].append(text)


class _Cells(_Handler):
    """The value of each worksheet cell ``c``, handed to ``emit`` in document order."""

    def __init__(self, shared: list[str], emit: Callable[[str], None]):
        self.shared = shared
        self.emit = emit
        self.kind: str | None = None
        self.value: list[str] | None = None  # the v text, once a v starts
        self.inline: list[str] | None = None  # the t texts of an is, once one starts
        self.capture: list[str] | None = None  # where text goes now

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local == "c":
            self.kind = attributes.get("t")
            self.value = self.inline = self.capture = None
        elif local == "v":
            self.value = self.capture = []
        elif local == "is":
            self.inline = []
        elif local == "t" and self.inline is not None:
            self.capture = self.inline

    def end(self, name: str) -> None:
        local = _local(name)
        if local in ("v", "t"):
            self.capture = None
        elif local == "c":
            if self.kind == "s" and self.value is not None:
                self.emit(self.shared[int("".join(self.value))])
            elif self.kind == "inlineStr" and self.inline is not None:
                self.emit("".join(self.inline))
            elif self.kind != "inlineStr" and self.value is not None:
                self.emit("".join(self.value))

    def data(self, text: str) -> None:
        if self.capture is not None:
            self.capture.append(text)


def _word(package: _Package, builder: TextBuilder) -> None:
    package.parse("word/document.xml", _Texts("p", builder.add))


def _slides(package: _Package, builder: TextBuilder) -> None:
    package.require("ppt/presentation.xml")
    for name in package.numbered(_SLIDE):
        package.parse(name, _Texts("p", builder.add))


def _sheets(package: _Package, builder: TextBuilder) -> None:
    package.require("xl/workbook.xml")
    shared: list[str] = []
    if "xl/sharedStrings.xml" in package.names:
        package.parse("xl/sharedStrings.xml", _Texts("si", shared.append))
    for name in package.numbered(_SHEET):
        package.parse(name, _Cells(shared, builder.add))


_READERS = {"MS_WORD": _word, "PPT": _slides, "MS_EXCEL": _sheets}


def extract_ooxml(blob: bytes, content_type: str) -> Extracted:
    """The body text of an MS_WORD, PPT or MS_EXCEL document."""
    if blob.startswith(OLE2_SIGNATURE):
        extension = LEGACY_EXTENSIONS[content_type]
        raise ExtractionError(
            f"Legacy binary {extension} files are not supported; convert them to {extension}x."
        )
    builder = TextBuilder()
    _READERS[content_type](_Package(blob, content_type), builder)
    return Extracted(builder.text())
