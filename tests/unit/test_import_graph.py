"""The package's import graph is a DAG: what two modules both need moves below both.

Every import counts, at module level, under ``if TYPE_CHECKING:`` and inside functions: a lazy import only
hides a cycle, it does not remove it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import constructs_lambda

PACKAGE = "constructs_lambda"
PACKAGE_DIR = Path(constructs_lambda.__file__).parent


def _module_name(path: Path, package_dir: Path) -> str:
    parts = path.relative_to(package_dir.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The package's modules ``node`` (in ``module``) imports."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".")
            # A package's ``from . import x`` is relative to itself, a module's to its parent.
            base = base[: len(base) - node.level + (1 if is_package else 0)]
            stem = ".".join([*base, *([node.module] if node.module else [])])
        else:
            stem = node.module or ""
        # ``from pkg import name`` imports the submodule pkg.name when there is one, else pkg itself.
        # (The parent package, always imported first, is no edge: every submodule would cycle with it.)
        names = [f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in known else stem for alias in node.names]
    return {name for name in names if name in known and name != module}


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports anywhere in its source."""
    files = {_module_name(path, package_dir): path for path in sorted(package_dir.rglob("*.py"))}
    known = set(files)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges |= _targets(node, module, is_package, known)
        graph[module] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as ``[a, b, ..., a]``, or ``None`` when it is a DAG."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)) is not None:
            return cycle
    return None


def test_the_package_import_graph_is_a_dag() -> None:
    """No module of constructs_lambda imports itself back through others, lazily or not."""
    # GIVEN every module of the package and every intra-package import in it
    graph = import_graph(PACKAGE_DIR)
    # WHEN looking for a cycle
    cycle = find_cycle(graph)
    # THEN there is none
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_the_graph_sees_lazy_type_checking_and_relative_package_imports(tmp_path: Path) -> None:
    """Imports inside functions, under TYPE_CHECKING and ``from . import x`` are edges; a cycle is named."""
    # GIVEN a package whose modules import each other only lazily or for typing
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("from . import _a\nfrom ._a import A\n")
    (package / "_a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ._b import B\n"
    )
    (package / "_b.py").write_text("def f() -> None:\n    from . import _c\n")
    (package / "_c.py").write_text("import os\n\ndef g() -> None:\n    from constructs_lambda._a import A\n")
    (package / "_d.py").write_text("from constructs_lambda import A\n")
    # WHEN the graph is built
    graph = import_graph(package)
    # THEN every such import is an edge, and the cycle they form is found
    assert graph == {
        PACKAGE: {f"{PACKAGE}._a"},
        f"{PACKAGE}._a": {f"{PACKAGE}._b"},
        f"{PACKAGE}._b": {f"{PACKAGE}._c"},
        f"{PACKAGE}._c": {f"{PACKAGE}._a"},
        f"{PACKAGE}._d": {PACKAGE},
    }
    assert find_cycle(graph) == [f"{PACKAGE}._a", f"{PACKAGE}._b", f"{PACKAGE}._c", f"{PACKAGE}._a"]
