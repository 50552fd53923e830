"""The layout limits check (scripts/check_layout.py): sizes, and import cycles of every kind."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def load_check() -> Any:
    spec = importlib.util.spec_from_file_location("check_layout", ROOT / "scripts/check_layout.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_layout"] = module
    spec.loader.exec_module(module)
    return module


def write(package: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_cycles_through_type_checking_and_function_imports_are_found(
    tmp_path: Path, capsys: Any
) -> None:
    package = tmp_path / "pkg"
    write(package, {
        "__init__.py": "",
        "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import B\n",
        "b.py": "from . import c\nB = 1\n",
        "c.py": "def f():\n    from .a import x\n",
        "sub/__init__.py": "from .d import D\n",
        "sub/d.py": "from ..a import x\nD = 1\n",
    })
    assert load_check().main([str(package)]) == 1
    out = capsys.readouterr().out
    assert "import cycle: pkg.a <-> pkg.b <-> pkg.c" in out
    assert "pkg.sub" not in out  # a one-way import through a package is no cycle


def test_long_modules_and_functions_are_reported(tmp_path: Path, capsys: Any) -> None:
    package = tmp_path / "pkg"
    body = "".join(f"    x{i} = {i}\n" for i in range(60))
    write(package, {"__init__.py": "", "big.py": "\n" * 451, "f.py": f"def long():\n{body}"})
    assert load_check().main([str(package)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "pkg/big.py: 451 lines (at most 450)",
        "pkg/f.py:1: function long has 61 lines (at most 60)",
    ]


def test_moto_kendra_has_no_import_cycle(capsys: Any) -> None:
    load_check().main([str(ROOT / "moto_kendra")])
    assert "import cycle" not in capsys.readouterr().out
