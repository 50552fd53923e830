"""Write the README's table of Kendra operations and whether moto-kendra implements each.

The operations come from botocore's Kendra model, nothing is kept by hand: an operation is
implemented iff ``moto_kendra.models.KendraBackend`` has a method of its snake_case name.
The table replaces whatever stands between ``<!-- coverage-start -->`` and
``<!-- coverage-end -->`` in README.md.

    python scripts/coverage_table.py           # rewrite README.md
    python scripts/coverage_table.py --check   # exit 1 if README.md is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

START = "<!-- coverage-start -->"
END = "<!-- coverage-end -->"
ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def render_table() -> str:
    """The text that belongs between the markers (without them)."""
    # The checkout's backend, even where an older moto-kendra is installed.
    sys.path.insert(0, str(ROOT))
    import botocore.session
    from botocore import xform_name

    from moto_kendra.models import KendraBackend

    model = botocore.session.get_session().get_service_model("kendra")
    operations = sorted(model.operation_names)
    rows = []
    done = 0
    for operation in operations:
        method = xform_name(operation)
        implemented = callable(getattr(KendraBackend, method, None))
        done += implemented
        rows.append(f"| {operation} | `{method}` | {'yes' if implemented else 'no'} |")
    lines = [
        f"{done} of {len(operations)} operations of the Kendra API ({model.api_version}, "
        "as botocore models it) are implemented.",
        "",
        "| Operation | boto3 method | Implemented |",
        "| --- | --- | --- |",
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
