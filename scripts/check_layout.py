"""Check the package's layout limits; exit 1 listing every problem, 0 when there is none.

- No module over 450 lines.
- No function (or method) over 60 lines, decorators and docstring included.
- No import cycle between the package's modules, counting every import: module level,
  inside functions, and under ``if TYPE_CHECKING:``.  ``from . import x`` depends on the
  module ``x`` when ``x`` is a module; importing ``a.b`` depends on ``a.b`` only (a package's
  ``__init__`` runs too, but what it holds is not what the importer uses).

Usage: ``python scripts/check_layout.py [package directory]`` (default ``moto_kendra``).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(name: str, node: ast.ImportFrom | ast.Import, modules: set[str]) -> set[str]:
    """The package modules one import statement of module ``name`` depends on."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in modules}
    if node.level:
        package = name.split(".")
        base = package[: len(package) - node.level]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    found = set()
    for alias in node.names:
        candidate = f"{target}.{alias.name}"
        if candidate in modules:
            found.add(candidate)
        elif target in modules:
            found.add(target)
    return found


def dependencies(root: Path) -> tuple[dict[str, set[str]], dict[str, Path]]:
    paths = {module_name(root, path): path for path in sorted(root.rglob("*.py"))}
    modules = set(paths)
    packages = {name for name, path in paths.items() if path.name == "__init__.py"}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # a package's relative imports resolve against the package itself
        here = f"{name}.__init__" if name in packages else name
        edges: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges |= imported(here, node, modules)
        edges.discard(name)
        graph[name] = edges
    return graph, paths


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def size_problems(paths: dict[str, Path], base: Path) -> list[str]:
    problems = []
    for path in paths.values():
        text = path.read_text(encoding="utf-8")
        shown = path.relative_to(base)
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            problems.append(f"{shown}: {lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(
                        f"{shown}:{first}: function {node.name} has {length} lines"
                        f" (at most {MAX_FUNCTION_LINES})"
                    )
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "moto_kendra").resolve()
    graph, paths = dependencies(root)
    problems = size_problems(paths, root.parent)
    for component in cycles(graph):
        problems.append("import cycle: " + " <-> ".join(component))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} layout problem(s)")
        return 1
    print(f"layout ok: {len(paths)} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
