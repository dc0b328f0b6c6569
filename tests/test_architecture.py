"""The package graph: every module imports, no import cycle, and a long module says why it is long."""
from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("qa", "corpus", "embeddings")
LONG_MODULE = 500  # lines; a longer module says "500 lines" in its docstring, with the reason


def modules() -> dict[str, Path]:
    """Every module of the packages, by dotted name (a package by its own name), with its file."""
    out = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that `name` imports anywhere in its file (top level, inside functions, under
    TYPE_CHECKING: a cycle through a late import is still a cycle). `from p import x` counts as an import of
    p.x when that is a module, else of p; a package's submodule does not depend on the package's __init__."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            for a in node.names:
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base)
    return {m for m in found if m in known and m != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_cycle_finder_finds_a_cycle_and_nothing_else():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_relative_and_submodule_imports_are_resolved(tmp_path):
    (tmp_path / "pkg").mkdir()
    mod = tmp_path / "pkg" / "mod.py"
    mod.write_text("from . import other\nfrom .base import thing\nimport pkg.deep.leaf\n"
                   "def f():\n    from pkg import util\n")
    known = {"pkg", "pkg.mod", "pkg.other", "pkg.base", "pkg.deep.leaf"}
    assert imports("pkg.mod", mod, known) == {"pkg.other", "pkg.base", "pkg.deep.leaf", "pkg"}


def test_every_module_imports():
    for pkg in PACKAGES:
        package = importlib.import_module(pkg)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{pkg}."):
            importlib.import_module(info.name)


def test_no_import_cycle():
    mods = modules()
    graph = {name: imports(name, path, set(mods)) for name, path in mods.items()}
    assert cycles(graph) == []


@pytest.mark.parametrize("path", sorted([*(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")), ROOT / "app.py"]),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_a_long_module_says_why(path):
    text = path.read_text(encoding="utf-8")
    if text.count("\n") > LONG_MODULE:
        doc = ast.get_docstring(ast.parse(text)) or ""
        assert "500 lines" in doc, f"{path.relative_to(ROOT)} is longer than {LONG_MODULE} lines: split it, or say why " \
                                   "at its top"
