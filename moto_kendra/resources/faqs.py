"""FAQs: CreateFaq, DescribeFaq, DeleteFaq, ListFaqs, and the FAQ files they read.

The S3 file is parsed by FileFormat when the FAQ is created.  Choices where Kendra's
documentation is silent (a rejected file puts the FAQ in FAILED, worded
``Line <n> of s3://<bucket>/<key>: <reason>.``):

- Every format: cells and values are trimmed; a pair needs a non-empty question
  and answer; a URL, when given, must be a URL of the model's ``Url`` shape
  (at most 2048 characters) because Query returns it as DocumentURI.
- CSV: records of 2 or 3 columns (question, answer, URL); records whose cells
  are all blank are skipped.  A record is named by the line it starts on.
- CSV_WITH_HEADER: the first non-blank record is the header; it must name
  ``_question`` and ``_answer`` once each, and no column may be unnamed or
  named twice; every record has as many cells as the header.  ``_source_uri``
  is the URL; ``_acl_user_allow``, ``_acl_user_deny``, ``_acl_group_allow`` and
  ``_acl_group_deny`` cells list principals, comma-separated (names trimmed,
  empty names skipped).  Every other column must name an index field (as the
  fields are when the file is read), and a non-empty cell is read by the field's
  type: STRING as is, STRING_LIST comma-separated and trimmed (empty elements
  skipped), LONG ``[+-]?[0-9]+`` within 64 bits, DATE an ISO 8601 date or
  date-time (no offset = UTC).  A bad cell is rejected as
  ``<name> is not a valid <field type>`` (e.g. ``LONG_VALUE``).
- JSON: an object with ``SchemaVersion`` 1 and a ``FaqDocuments`` list of
  objects with string ``Question`` and ``Answer``, an optional ``Attributes``
  object and an optional ``AccessControlList`` of ``{Name, Type, Access}``
  (Type USER or GROUP, Access ALLOW or DENY).  An attribute names an index field
  and its value fits the field: a string for STRING (or an ISO 8601 string for
  DATE), an integer for LONG, a list of strings for STRING_LIST; ``_source_uri``
  is the URL.  Errors name the line where the offending entry or member starts;
  JSON nested deeper than 100 levels is refused at the line of the first bracket
  too deep.
- A principal both allowed and denied (same Name and Type) rejects the pair:
  ``<Name> is both allowed and denied``.  A pair's principals are a flat ACL
  (GROUP principals name plain groups).
- The quota (30 per index) counts every present FAQ, DELETING and FAILED included.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import safe_json
from ..attributes import URL, iso_moment
from .backend import BackendBase
from .files import ChildLookup, FileError, FileResource, decode_text
from .index import CHILD_DELETE, Index, Kind

LABEL = "FAQ"
FAQ_QUOTA = 30
MAX_URL = 2048
SOURCE_URI = "_source_uri"
QUESTION, ANSWER = "_question", "_answer"
CSV_COLUMNS = (2, 3)
# ACL column -> (principal Type, Access)
ACL_COLUMNS = {
    "_acl_user_allow": ("USER", "ALLOW"), "_acl_user_deny": ("USER", "DENY"),
    "_acl_group_allow": ("GROUP", "ALLOW"), "_acl_group_deny": ("GROUP", "DENY"),
}
_LONG = re.compile(r"[+-]?[0-9]{1,19}")
LONG_RANGE = (-(2**63), 2**63 - 1)
Fields = dict[str, dict[str, Any]]


@dataclass
class Pair:
    """One question-answer pair of an FAQ file: its attributes in file order (typed by
    the index's fields) and its principals as a flat ACL."""

    question: str
    answer: str
    uri: str | None = None
    attributes: list[dict[str, Any]] = field(default_factory=list)
    acl: list[dict[str, Any]] = field(default_factory=list)


# -- rules shared by the formats -----------------------------------------------------
def _pair(line: int, question: Any, answer: Any, uri: Any = None,
          attributes: list[dict[str, Any]] | None = None,
          acl: list[dict[str, Any]] | None = None) -> Pair:
    """A pair with a non-empty question and answer, if given a valid URL, and an ACL
    that never both allows and denies one principal."""
    if not isinstance(question, str) or not question.strip():
        raise FileError(line, "the question is empty")
    if not isinstance(answer, str) or not answer.strip():
        raise FileError(line, "the answer is empty")
    verdicts: dict[tuple[str, str], set[str]] = {}
    for principal in acl or []:
        seen = verdicts.setdefault((principal["Name"], principal["Type"]), set())
        seen.add(principal["Access"])
        if len(seen) > 1:
            raise FileError(line, f"{principal['Name']} is both allowed and denied")
    return Pair(question.strip(), answer.strip(), _url(line, uri), attributes or [], acl or [])


def _typed(line: int, name: str, value: Any, fields: Fields, cell: bool) -> dict[str, Any]:
    """The DocumentAttributeValue of a file value for index field ``name``: a CSV cell
    (``cell``: text read by the field's type) or a JSON value (its kind must fit)."""
    if name not in fields:
        raise FileError(line, f"{name} is not an index field")
    kind = fields[name]["Type"]
    typed: Any = None
    if kind == "STRING_VALUE" and isinstance(value, str):
        typed = {"StringValue": value}
    elif kind == "STRING_LIST_VALUE":
        if cell and isinstance(value, str):
            value = [item.strip() for item in value.split(",") if item.strip()]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            typed = {"StringListValue": value}
    elif kind == "LONG_VALUE":
        if cell and isinstance(value, str) and _LONG.fullmatch(value):
            value = int(value)
        if type(value) is int and LONG_RANGE[0] <= value <= LONG_RANGE[1]:
            typed = {"LongValue": value}
    elif kind == "DATE_VALUE" and isinstance(value, str):
        moment = iso_moment(value)
        typed = None if moment is None else {"DateValue": moment}
    if typed is None:
        raise FileError(line, f"{name} is not a valid {kind}")
    return typed


def _acl_cells(row: dict[str, str]) -> list[dict[str, Any]]:
    """The principals of a CSV_WITH_HEADER record's ACL columns, in column order."""
    acl = []
    for column, (kind, access) in ACL_COLUMNS.items():
        for name in row.get(column, "").split(","):
            if name.strip():
                acl.append({"Name": name.strip(), "Type": kind, "Access": access})
    return acl


def _json_acl(line: int, given: Any) -> list[dict[str, Any]]:
    """A JSON entry's AccessControlList: ``[{Name, Type, Access}]``."""
    if given is None:
        return []
    reason = "AccessControlList must be a list of {Name, Type, Access}"
    if not isinstance(given, list):
        raise FileError(line, reason)
    acl = []
    for principal in given:
        if not (isinstance(principal, dict) and isinstance(principal.get("Name"), str)
                and principal["Name"].strip() and principal.get("Type") in ("USER", "GROUP")
                and principal.get("Access") in ("ALLOW", "DENY")):
            raise FileError(line, reason)
        acl.append({"Name": principal["Name"].strip(), "Type": principal["Type"],
                    "Access": principal["Access"]})
    return acl


def _url(line: int, value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or len(value.strip()) > MAX_URL or not URL.fullmatch(
        value.strip()
    ):
        raise FileError(line, "the URL is not valid")
    return value.strip()


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Non-blank CSV records with the line each starts on; unparseable CSV -> FileError."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    start = 1
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            if any(cells):
                records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error:
        raise FileError(start, "not valid CSV") from None
    return records


# -- the three formats ---------------------------------------------------------------
def parse_csv(text: str, fields: Fields) -> list[Pair]:
    """CSV: question, answer and an optional URL per record, no header."""
    pairs = []
    for line, cells in _records(text):
        if len(cells) not in CSV_COLUMNS:
            raise FileError(line, f"expected 2 or 3 columns, found {len(cells)}")
        uri = cells[2] if len(cells) > 2 else None
        pairs.append(_pair(line, cells[0], cells[1], uri))
    return pairs


def _header(line: int, cells: list[str], fields: Fields) -> None:
    for name in (QUESTION, ANSWER):
        if name not in cells:
            raise FileError(line, f"the header names no {name} column")
    seen: set[str] = set()
    for name in cells:
        if not name:
            raise FileError(line, "a header column has no name")
        if name in seen:
            raise FileError(line, f"the header names {name} twice")
        seen.add(name)
        if name not in fields and name not in (QUESTION, ANSWER, *ACL_COLUMNS):
            raise FileError(line, f"{name} is not an index field")


def parse_csv_with_header(text: str, fields: Fields) -> list[Pair]:
    """CSV_WITH_HEADER: a header row naming _question, _answer, _source_uri, ACL columns
    and index fields."""
    records = _records(text)
    if not records:
        return []
    (header_line, header), rows = records[0], records[1:]
    _header(header_line, header, fields)
    skipped = (QUESTION, ANSWER, SOURCE_URI, *ACL_COLUMNS)
    pairs = []
    for line, cells in rows:
        if len(cells) != len(header):
            raise FileError(line, f"expected {len(header)} columns, found {len(cells)}")
        row = dict(zip(header, cells, strict=True))
        attributes = [
            {"Key": name, "Value": _typed(line, name, value, fields, cell=True)}
            for name, value in row.items()
            if name not in skipped and value
        ]
        pairs.append(_pair(line, row[QUESTION], row[ANSWER], row.get(SOURCE_URI), attributes,
                           _acl_cells(row)))
    return pairs


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n\r":
        position += 1
    return position


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _json_lines(text: str) -> tuple[dict[str, int], list[int]]:
    """For a valid JSON object: the line of each top-level member's value, and the line of
    each element of its (last) ``FaqDocuments`` list."""
    decoder = json.JSONDecoder()
    members: dict[str, int] = {}
    entries: list[int] = []
    position = _skip_space(text, 0) + 1  # past "{"
    while text[_skip_space(text, position)] != "}":
        key, position = decoder.raw_decode(text, _skip_space(text, position))
        position = _skip_space(text, _skip_space(text, position) + 1)  # past ":"
        members[key] = _line_at(text, position)
        if key == "FaqDocuments" and text[position] == "[":
            entries, position = _array_lines(decoder, text, position)
        else:
            position = decoder.raw_decode(text, position)[1]
        position = _skip_space(text, position)
        position += text[position] == ","
    return members, entries


def _array_lines(decoder: json.JSONDecoder, text: str, position: int) -> tuple[list[int], int]:
    lines = []
    position += 1  # past "["
    while text[_skip_space(text, position)] != "]":
        position = _skip_space(text, position)
        lines.append(_line_at(text, position))
        position = _skip_space(text, decoder.raw_decode(text, position)[1])
        position += text[position] == ","
    return lines, _skip_space(text, position) + 1


def _json_pair(line: int, entry: Any, fields: Fields) -> Pair:
    if not isinstance(entry, dict):
        raise FileError(line, "a FaqDocuments entry is not an object")
    given = entry.get("Attributes")
    given = {} if given is None else given
    if not isinstance(given, dict):
        raise FileError(line, "Attributes is not an object")
    attributes = [
        {"Key": key, "Value": _typed(line, key, value, fields, cell=False)}
        for key, value in given.items()
        if key != SOURCE_URI
    ]
    return _pair(line, entry.get("Question"), entry.get("Answer"), given.get(SOURCE_URI),
                 attributes, _json_acl(line, entry.get("AccessControlList")))


def parse_json(text: str, fields: Fields) -> list[Pair]:
    """JSON: ``{"SchemaVersion": 1, "FaqDocuments": [{"Question", "Answer", "Attributes"}]}``."""
    try:
        document = safe_json.loads(text)
    except safe_json.JsonError as error:
        raise FileError(error.line, error.reason) from None
    if not isinstance(document, dict):
        raise FileError(1, "the file is not a JSON object")
    members, entry_lines = _json_lines(text)
    if document.get("SchemaVersion") != 1:
        raise FileError(members.get("SchemaVersion", 1), "SchemaVersion must be 1")
    entries = document.get("FaqDocuments")
    if not isinstance(entries, list):
        raise FileError(members.get("FaqDocuments", 1), "FaqDocuments must be a list")
    return [_json_pair(line, entry, fields)
            for line, entry in zip(entry_lines, entries, strict=True)]


PARSERS: dict[str, Callable[[str, Fields], list[Pair]]] = {
    "CSV": parse_csv,
    "CSV_WITH_HEADER": parse_csv_with_header,
    "JSON": parse_json,
}


class Faq(FileResource):
    arn_type = "faq"
    path_member = "S3Path"

    def __init__(self, index: Index, settings: dict[str, Any]) -> None:
        super().__init__(index, "kendra::faq", settings)
        self.pairs: list[Pair] = []

    def parse(self, data: bytes) -> None:
        self.pairs = PARSERS[self.settings["FileFormat"]](decode_text(data), self.index.fields)

    def clear(self) -> None:
        self.pairs = []

    def summary(self) -> dict[str, Any]:
        return {
            "Id": self.id,
            "Name": self.name,
            "Status": self.status,
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
            "FileFormat": self.settings["FileFormat"],
            "LanguageCode": self.settings["LanguageCode"],
        }


FAQS: ChildLookup[Faq] = ChildLookup(
    lambda index: index.faqs, Faq, FAQ_QUOTA, "FAQs per index"
)


class FaqOperations(BackendBase):
    """Backend methods for FAQs."""

    def create_faq(
        self,
        index_id: str,
        name: str,
        s3_path: dict[str, str],
        role_arn: str,
        description: str | None = None,
        tags: list[dict[str, str]] | None = None,
        file_format: str = "CSV",
        client_token: str | None = None,
        language_code: str = "en",
    ) -> dict[str, Any]:
        """CreateFaq -> ``{Id}``; CREATING, then ACTIVE (or FAILED when the file is bad)."""
        return FAQS.create(self, "CreateFaq", index_id, client_token, tags, {
            "Name": name, "Description": description, "S3Path": s3_path, "RoleArn": role_arn,
            "FileFormat": file_format, "LanguageCode": language_code,
        })

    def describe_faq(self, id: str, index_id: str) -> dict[str, Any]:
        """DescribeFaq: the stored members; ErrorMessage only while FAILED."""
        return FAQS.describe(self.get_index(index_id), id)

    def delete_faq(self, id: str, index_id: str) -> None:
        """DeleteFaq -> DELETING (its pairs leave Query and the index statistics)."""
        FAQS.delete(self.get_index(index_id, CHILD_DELETE), id)

    list_faqs = BackendBase.child_listing(
        Kind.FAQ, "FaqSummaryItems", "ListFaqs: creation order, DELETING included."
    )
