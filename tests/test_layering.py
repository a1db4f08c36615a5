"""The package reads as its pipeline: every module-level import points down the stages.

base (errors, escaping, extras, files) → model → validation → store → formats → search → cli,
and the package's own front (``factcheck/__init__``, ``testing``, the compatibility module
``models``) on top. A higher convenience (``Dataset.export``) may import upward inside a
function, where it runs only when called; at module level (``TYPE_CHECKING`` blocks aside) it
may not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "factcheck"
STAGES = ("base", "model", "validation", "store", "formats", "search", "cli", "front")
BASE = {"errors", "escaping", "extras", "files", "styling"}
FRONT = {"__init__", "__main__", "testing", "models"}


def _stage(module: str) -> str:
    """The stage of a dotted module name inside factcheck (``validation.rules.record``)."""
    first = module.split(".")[0]
    if first in BASE or not first:
        # The package root is loaded before any of its modules and imports nothing itself
        # (its names are lazy), so `from .. import __version__` is no circle.
        return "base"
    if first in FRONT:
        return "front"
    assert first in STAGES, f"factcheck.{module} belongs to no stage; add it to STAGES"
    return first


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str) -> bool:
    where = PACKAGE.joinpath(*dotted.split("."))
    return where.with_suffix(".py").is_file() or where.is_dir()


def _module_level_imports(source: str, name: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, imported module inside factcheck) for each import run when the module loads."""
    tree = ast.parse(source)
    package = [p for p in (name.split(".") if is_package else name.split(".")[:-1]) if p]
    found: list[tuple[int, str]] = []

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue  # for type checkers only: never runs
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - (node.level - 1)]
                    target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                    if node.module is None:
                        for alias in node.names:
                            member = f"{target}.{alias.name}".strip(".")
                            found.append((node.lineno, member if _is_module(member) else target))
                    else:
                        found.append((node.lineno, target))
                elif node.module and node.module.split(".")[0] == "factcheck":
                    found.append((node.lineno, node.module.removeprefix("factcheck").strip(".")))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "factcheck":
                        found.append((node.lineno, alias.name.removeprefix("factcheck").strip(".")))
            elif isinstance(node, ast.If | ast.Try | ast.With):
                for block in ("body", "orelse", "finalbody", "handlers"):
                    for child in getattr(node, block, []):
                        visit(child.body if isinstance(child, ast.ExceptHandler) else [child])

    visit(tree.body)
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_level_imports_point_down_the_pipeline(path: Path) -> None:
    here = STAGES.index(_stage(_name(path)))
    upward = [
        f"line {line}: imports factcheck.{target} ({_stage(target)})"
        for line, target in _module_level_imports(
            path.read_text(encoding="utf-8"), _name(path), path.name == "__init__.py"
        )
        if STAGES.index(_stage(target)) > here
    ]
    assert not upward, f"{path.relative_to(PACKAGE)} ({_stage(_name(path))}) " + "; ".join(upward)


def test_every_module_belongs_to_a_stage_folder_or_the_base() -> None:
    loose = {p.stem for p in PACKAGE.glob("*.py")}
    assert loose == BASE | FRONT


def test_an_upward_import_is_seen_and_a_function_level_one_is_not() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from ..store.dataset import Dataset\n"
        "if TYPE_CHECKING:\n    from ..cli import main\n"
        "def f():\n    from ..formats import tables\n"
    )
    imports = _module_level_imports(source, "model.example", is_package=False)
    assert imports == [(2, "store.dataset")]
    assert _stage("store.dataset") == "store"


def _contributing_map() -> set[str]:
    """The module paths the map in CONTRIBUTING.md lists, as ``folder/name.py``."""
    text = (PACKAGE.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("```text\nfactcheck/\n", 1)[1].split("```", 1)[0]
    listed: set[str] = set()
    folders: dict[int, str] = {}  # indentation → the folder a line at that depth opens
    for line in block.splitlines():
        indent = len(line) - len(line.lstrip())
        first = line.split()[0]
        folders = {depth: name for depth, name in folders.items() if depth < indent}
        if first.endswith("/"):
            folders[indent] = first
            continue
        prefix = "".join(name for _, name in sorted(folders.items()))
        listed.update(prefix + word for word in line.split() if word.endswith(".py"))
    return listed


def test_the_map_in_contributing_lists_every_module_and_no_other() -> None:
    actual = {
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py" or p.parent.name == "formats"
    } - {"__main__.py"}
    assert _contributing_map() == actual
