"""RTF: the text of a Rich Text Format document.

- The content must start with ``{\\rtf``.
- Groups whose first control word is ``\\*``, ``\\fonttbl``, ``\\colortbl``, ``\\stylesheet``
  or ``\\info`` are removed with their content.
- ``\\par``, ``\\line`` and ``\\tab`` become spaces; ``\\'hh`` is that cp1252 character;
  ``\\uN`` is code point N (plus 65536 when negative; UTF-16 surrogate pairs combine), and
  the fallback characters after it are skipped (``\\ucN`` of them, 1 by default);
  ``\\binN`` skips its N bytes of binary data.
- Choice: the escaped characters ``\\\\``, ``\\{`` and ``\\}`` stay as text and ``\\~``
  (non-breaking space) is a space, as RTF readers show them; every other control word and
  symbol, and all group braces, are removed. Bytes outside escapes are read as cp1252.
- One forward scan: linear in the content's size.
"""

from __future__ import annotations

import re

from .common import Extracted, check_size, fold, unreadable

_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word, optional parameter and delimiter
    r"|\\'([0-9a-fA-F]{2})"  # hex escape
    r"|\\(.)"  # control symbol
    r"|([{}])"  # group
    r"|([^\\{}]+)",  # text
    re.DOTALL,
)
_DESTINATIONS = frozenset({"fonttbl", "colortbl", "stylesheet", "info"})
_SPACES = frozenset({"par", "line", "tab"})
_LITERALS = {"\\": "\\", "{": "{", "}": "}", "~": " ", "\n": " ", "\r": " "}


def _text(text: str, skip: int) -> tuple[str, int]:
    """``text`` without its first ``skip`` characters (fallbacks of a ``\\u``), and the
    number still to skip."""
    return text[skip:], max(0, skip - len(text))


def extract_rtf(blob: bytes) -> Extracted:
    if not blob.startswith(b"{\\rtf"):
        raise unreadable("RTF")
    source = blob.decode("latin-1")  # one character per byte, for \binN and cp1252
    out: list[str] = []
    stack: list[tuple[bool, int]] = []  # (hidden, uc) of each enclosing group
    hidden, uc, skip, group_start = False, 1, 0, False
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:  # a lone backslash at the end
            break
        position = match.end()
        word, parameter, hexa, symbol, brace, text = match.groups()
        first, group_start = group_start, False
        if brace == "{":
            stack.append((hidden, uc))
            group_start = True
        elif brace == "}":
            hidden, uc = stack.pop() if stack else (hidden, uc)
            skip = 0
        elif symbol == "*" or (first and word in _DESTINATIONS):
            hidden = hidden or first
        elif word == "bin":
            position += max(0, int(parameter or 0))
        elif hidden:
            continue
        elif word is not None:
            if word == "u" and parameter is not None:
                out.append(chr(int(parameter) % 65536))
                skip = uc
            elif word == "uc" and parameter is not None:
                uc = max(0, int(parameter))
            elif word in _SPACES:
                out.append(" ")
        elif hexa is not None:
            if skip:
                skip -= 1
            else:
                out.append(bytes([int(hexa, 16)]).decode("cp1252", errors="replace"))
        elif symbol is not None:
            if skip:
                skip -= 1
            else:
                out.append(_LITERALS.get(symbol, ""))
        elif text is not None:
            piece, skip = _text(text, skip)
            out.append(piece.replace("\r", "").replace("\n", "").encode("latin-1")
                       .decode("cp1252", errors="replace"))
    joined = "".join(out).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return Extracted(check_size(fold(joined)))
