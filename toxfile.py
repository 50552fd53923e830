"""tox's inline plugin (tox 4 loads ``toxfile.py`` beside ``tox.ini`` by itself).

Lets a plain ``pip install tox && tox`` find the CPython 3.10-3.13 that pyenv has installed,
whichever version pyenv has selected: the ``bin`` directory of the newest installed patch
release of each is appended to ``PATH`` for tox's interpreter discovery (pyenv's shims,
earlier on ``PATH``, only answer for the selected versions).  Interpreters already on ``PATH``
keep precedence; without pyenv nothing changes, and an interpreter that is truly absent is
skipped (``skip_missing_interpreters``).

The virtualenv-pyenv discovery plugin does not serve here: tox (4.6x) hands virtualenv
``VIRTUALENV_PYTHON=<0`` as its last-resort spec, which virtualenv-pyenv 0.7 refuses outright
("major version component is required"), so every env was skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from tox.plugin import impl

SERIES = re.compile(r"3\.(1[0-3])\.(\d+)")


def pyenv_bins(root: Path) -> list[str]:
    """The ``bin`` directories of the newest 3.10.x-3.13.x under ``root/versions``."""
    newest: dict[int, tuple[int, Path]] = {}
    versions = root / "versions"
    if not versions.is_dir():
        return []
    for version in versions.iterdir():
        match = SERIES.fullmatch(version.name)
        if match is None or not (version / "bin").is_dir():
            continue
        minor, patch = int(match[1]), int(match[2])
        if minor not in newest or patch > newest[minor][0]:
            newest[minor] = (patch, version / "bin")
    return [str(newest[minor][1]) for minor in sorted(newest)]


@impl
def tox_add_core_config(core_conf: Any, state: Any) -> None:
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    path = os.environ.get("PATH", "").split(os.pathsep)
    extra = [directory for directory in pyenv_bins(root) if directory not in path]
    if extra:
        os.environ["PATH"] = os.pathsep.join([*path, *extra])
