"""Write the README's table of Kendra operations and whether moto-kendra implements each.

The operations come from botocore's Kendra model, nothing is kept by hand: an operation is
implemented iff ``moto_kendra.models.KendraBackend`` has a method of its snake_case name.
The Notes column links each operation to the sections of ``docs/differences.md`` that name
it under "Approximated" or "Not emulated" (each section ends with an ``*Operations: ...*``
line: operation names, ``Prefix*`` globs, or ``every operation``, which is not repeated on
every row), else to "Emulated exactly".  A name there that matches no operation of the
model is an error.  The table replaces whatever stands between ``<!-- coverage-start -->``
and ``<!-- coverage-end -->`` in README.md.

    python scripts/coverage_table.py           # rewrite README.md
    python scripts/coverage_table.py --check   # exit 1 if README.md is out of date
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import sys
from pathlib import Path

START = "<!-- coverage-start -->"
END = "<!-- coverage-end -->"
ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DIFFERENCES = ROOT / "docs" / "differences.md"
DIFFERENCES_LINK = "docs/differences.md"
EXACT = "Emulated exactly"
EVERY = "every operation"


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def differences(text: str, operations: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Operation -> the (heading, anchor) of each limit section of ``text`` naming it."""
    notes: dict[str, list[tuple[str, str]]] = {name: [] for name in operations}
    part = heading = ""
    for block in re.split(r"\n(?=#)", text):
        title = block.splitlines()[0]
        if title.startswith("## "):
            part = title[3:].strip()
        elif title.startswith("### "):
            heading = title[4:].strip()
        found = re.search(r"^\*Operations: (.*?)\.\*$", block, re.MULTILINE | re.DOTALL)
        if found is None or part == EXACT:
            continue
        for item in re.split(r",\s*", " ".join(found.group(1).split())):
            pattern = item.strip().strip("`")
            if pattern == EVERY:
                continue
            matched = fnmatch.filter(operations, pattern)
            if not matched:
                raise ValueError(f"{heading}: {pattern!r} names no Kendra operation")
            for name in matched:
                notes[name].append((heading, anchor(heading)))
    return notes


def notes_cell(limits: list[tuple[str, str]]) -> str:
    if not limits:
        return f"[exact]({DIFFERENCES_LINK}#{anchor(EXACT)})"
    return ", ".join(f"[{title}]({DIFFERENCES_LINK}#{link})" for title, link in limits)


def render_table() -> str:
    """The text that belongs between the markers (without them)."""
    # The checkout's backend, even where an older moto-kendra is installed.
    sys.path.insert(0, str(ROOT))
    import botocore.session
    from botocore import xform_name

    from moto_kendra.models import KendraBackend

    model = botocore.session.get_session().get_service_model("kendra")
    operations = sorted(model.operation_names)
    limits = differences(DIFFERENCES.read_text(encoding="utf-8"), operations)
    rows = []
    done = 0
    for operation in operations:
        method = xform_name(operation)
        implemented = callable(getattr(KendraBackend, method, None))
        done += implemented
        rows.append(
            f"| {operation} | `{method}` | {'yes' if implemented else 'no'} "
            f"| {notes_cell(limits[operation])} |"
        )
    lines = [
        f"{done} of {len(operations)} operations of the Kendra API ({model.api_version}, "
        "as botocore models it) are implemented. Notes link to what the mock approximates "
        f"or leaves out ([Differences from real Kendra]({DIFFERENCES_LINK})).",
        "",
        "| Operation | boto3 method | Implemented | Notes |",
        "| --- | --- | --- | --- |",
        *rows,
    ]
    return "\n".join(lines)


def rewrite(text: str, table: str) -> str:
    """``text`` with the part between the markers replaced by ``table``."""
    start = text.find(START)
    end = text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"README.md needs {START} followed by {END}")
    return f"{text[: start + len(START)]}\n{table}\n{text[end:]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if README.md is out of date; change nothing"
    )
    parser.add_argument("--readme", type=Path, default=README, help="default: %(default)s")
    args = parser.parse_args(argv)

    current = args.readme.read_text(encoding="utf-8")
    try:
        wanted = rewrite(current, render_table())
    except ValueError as error:
        print(f"{args.readme}: {error}", file=sys.stderr)
        return 2
    if wanted == current:
        print(f"{args.readme}: coverage table is up to date")
        return 0
    if args.check:
        print(
            f"{args.readme}: coverage table is out of date; run python scripts/coverage_table.py",
            file=sys.stderr,
        )
        return 1
    args.readme.write_text(wanted, encoding="utf-8")
    print(f"{args.readme}: coverage table rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
