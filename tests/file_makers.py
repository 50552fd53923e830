"""Real document files written by the tests: PDFs with fpdf2, OOXML zips, RTF by hand."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from fpdf import FPDF

#: A Unicode TrueType font for PDFs with a CID (Identity-H) font encoding, when installed.
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def pdf(*pages: str, font: Path | None = None, **encryption: Any) -> bytes:
    """A PDF of one page per text (compressed streams, as fpdf2 writes by default);
    ``font`` embeds a TrueType font; ``encryption`` goes to ``set_encryption``."""
    writer = FPDF()
    if font is not None:
        writer.add_font("unicode", fname=str(font))
    for text in pages:
        writer.add_page()
        writer.set_font("unicode" if font else "helvetica", size=12)
        if text:
            writer.multi_cell(0, 10, text)
    if encryption:
        writer.set_encryption(**encryption)
    return bytes(writer.output())


def zipped(parts: dict[str, str | bytes]) -> bytes:
    """A zip of ``parts`` (name -> content), deflated, written in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _runs(text: str, prefix: str = "w") -> str:
    """One paragraph's runs: ``|`` in ``text`` splits it into separate ``t`` runs."""
    return "".join(f"<{prefix}:r><{prefix}:t xml:space=\"preserve\">{escape(run)}</{prefix}:t>"
                   f"</{prefix}:r>" for run in text.split("|"))


def docx(*blocks: str | list[list[str]], prefix: str = "w") -> bytes:
    """A .docx whose body holds paragraphs (strings) and tables (rows of cell texts)."""
    body = []
    for block in blocks:
        if isinstance(block, str):
            body.append(f"<{prefix}:p>{_runs(block, prefix)}</{prefix}:p>")
            continue
        rows = "".join(
            f"<{prefix}:tr>" + "".join(
                f"<{prefix}:tc><{prefix}:p>{_runs(cell, prefix)}</{prefix}:p></{prefix}:tc>"
                for cell in row
            ) + f"</{prefix}:tr>" for row in block
        )
        body.append(f"<{prefix}:tbl>{rows}</{prefix}:tbl>")
    document = (f'{XML_HEAD}<{prefix}:document xmlns:{prefix}="{W}"><{prefix}:body>'
                f'{"".join(body)}</{prefix}:body></{prefix}:document>')
    return zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": document})


def pptx(slides: dict[int, list[str]]) -> bytes:
    """A .pptx with slide<N>.xml parts written in the dict's order (not the slides')."""
    parts: dict[str, str | bytes] = {"[Content_Types].xml": "<Types/>",
                                     "ppt/presentation.xml": f'<p:presentation xmlns:p="{P}"/>'}
    for number, paragraphs in slides.items():
        texts = "".join(f"<a:p>{_runs(text, 'a')}</a:p>" for text in paragraphs)
        parts[f"ppt/slides/slide{number}.xml"] = (
            f'{XML_HEAD}<p:sld xmlns:p="{P}" xmlns:a="{A}"><p:cSld><p:spTree><p:sp><p:txBody>'
            f"{texts}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
        )
    return zipped(parts)


def xlsx(shared: list[str], sheets: dict[int, list[list[str]]]) -> bytes:
    """A .xlsx; each cell is raw ``<c>`` inner XML plus attributes, given as
    ``'s:<index>'`` (shared string), ``'n:<number>'``, ``'i:<text>'`` (inline string),
    ``'b:<0|1>'`` (boolean) or ``''`` (a cell without a value)."""
    strings = "".join(f"<si><t>{escape(text)}</t></si>" for text in shared)
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": "<Types/>",
        "xl/workbook.xml": f'<workbook xmlns="{S}"/>',
        "xl/sharedStrings.xml": f'{XML_HEAD}<sst xmlns="{S}">{strings}</sst>',
    }
    for number, rows in sheets.items():
        cells = "".join("<row>" + "".join(_cell(cell) for cell in row) + "</row>" for row in rows)
        parts[f"xl/worksheets/sheet{number}.xml"] = (
            f'{XML_HEAD}<worksheet xmlns="{S}"><sheetData>{cells}</sheetData></worksheet>'
        )
    return zipped(parts)


def _cell(cell: str) -> str:
    kind, _, value = cell.partition(":")
    if kind == "s":
        return f'<c r="A1" t="s"><v>{value}</v></c>'
    if kind == "n":
        return f'<c r="A1"><f>SUM(B1:B2)</f><v>{value}</v></c>'
    if kind == "i":
        return f'<c r="A1" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    if kind == "b":
        return f'<c r="A1" t="b"><v>{value}</v></c>'
    return '<c r="A1" s="1"/>'
