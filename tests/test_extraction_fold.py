"""Plain-text bodies are folded a piece at a time: the same text as one fold, and a text
over the 5 MB extracted-text limit is refused without folding all of it."""

from __future__ import annotations

import pytest

from moto_kendra.extraction import ExtractionError, extract
from moto_kendra.extraction.common import MAX_TEXT_BYTES, fold


def test_a_long_text_folds_as_one_piece() -> None:
    words = " \t\n ".join(f"w{i}\u00e9" for i in range(400_000))  # several pieces
    text = "\u3000 " + words + "\u2003\r\n end \n"
    assert len(text) > 3 * (1 << 20)
    assert extract(text.encode(), "PLAIN_TEXT").text == fold(text)


def test_a_text_without_ascii_whitespace_is_one_piece() -> None:
    text = "a\u3000" * (1 << 20)
    assert extract(text.encode(), "PLAIN_TEXT").text == fold(text)


def test_folded_text_at_the_limit_is_kept_and_over_it_refused() -> None:
    at_limit = "x" * (MAX_TEXT_BYTES - 2) + "\n\n\n y"  # folds to exactly 5 MB
    assert len(extract(at_limit.encode(), None).text.encode()) == MAX_TEXT_BYTES
    with pytest.raises(ExtractionError, match="^The extracted text is larger than 5 MB.$"):
        extract((at_limit + "z").encode(), None)
    with pytest.raises(ExtractionError, match="^The extracted text is larger than 5 MB.$"):
        extract(b"big " * (22 * 1024 * 1024 // 4), "PLAIN_TEXT")
