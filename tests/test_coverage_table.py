"""scripts/coverage_table.py: the README's operation table and its Notes column, drawn from
botocore's model and docs/differences.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "coverage_table.py"
_spec = importlib.util.spec_from_file_location("coverage_table", SCRIPT)
assert _spec is not None and _spec.loader is not None
coverage_table = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(coverage_table)

OPERATIONS = ["CreateFaq", "DescribeFaq", "Query", "Retrieve"]
PAGE = """# Differences

## Emulated exactly

### Shapes

*Operations: every operation, Query.*

## Approximated

### Ranking

*Operations: Query,
Retrieve.*

## Not emulated

### Files

*Operations: `*Faq`.*
"""


def test_notes_link_each_operation_to_the_limit_sections_naming_it():
    notes = coverage_table.differences(PAGE, OPERATIONS)
    assert notes == {
        "CreateFaq": [("Files", "files")],
        "DescribeFaq": [("Files", "files")],
        "Query": [("Ranking", "ranking")],
        "Retrieve": [("Ranking", "ranking")],
    }
    assert coverage_table.notes_cell([]) == "[exact](docs/differences.md#emulated-exactly)"
    assert coverage_table.notes_cell(notes["Query"]) == "[Ranking](docs/differences.md#ranking)"


def test_a_section_naming_no_operation_is_an_error():
    with pytest.raises(ValueError) as raised:
        coverage_table.differences(PAGE.replace("`*Faq`", "Qeury"), OPERATIONS)
    assert str(raised.value) == "Files: 'Qeury' names no Kendra operation"


def test_anchors_are_githubs():
    assert coverage_table.anchor("Connectors that cannot crawl offline") == (
        "connectors-that-cannot-crawl-offline"
    )
    assert coverage_table.anchor("AWS around Kendra (S3, IAM)") == "aws-around-kendra-s3-iam"


def test_the_readme_table_is_up_to_date():
    assert coverage_table.main(["--check"]) == 0
