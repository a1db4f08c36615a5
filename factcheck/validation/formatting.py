"""The canonical form of record and dataset files, and `factcheck fmt`.

Canonical means: keys in the order the models declare them (unknown keys after, as found),
two-space indentation, UTF-8 without escapes for non-ASCII text, LF line ends, one final
newline. Formatting never changes a value, so it is safe on any file that parses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import msgspec
from pydantic import BaseModel

from ..model.models import nested_model
from .findings import Report
from .reading import read_json_bytes


def canonical_order(data: Any, model: type[BaseModel] | None) -> Any:
    """Reorder the keys of `data` (recursively) to follow `model`'s field order."""
    return _ordered(data, model, [])


def canonical_text(data: Any, model: type[BaseModel] | None) -> str:
    """The canonical text of a record or dataset file holding `data`.

    msgspec writes it (about eight times faster than `json.dumps` with an indent, which
    runs in pure Python); its output is the same as `json.dumps(indent=2,
    ensure_ascii=False)` except in how floats are spelled (`1e16` for `1e+16`), so data
    holding a float, which no valid record does, goes through `json.dumps`.
    """
    floats: list[float] = []
    ordered = _ordered(data, model, floats)
    if floats:
        return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"
    return msgspec.json.format(msgspec.json.encode(ordered), indent=2).decode("utf-8") + "\n"


def _ordered(data: Any, model: type[BaseModel] | None, floats: list[float]) -> Any:
    """`canonical_order`, noting in `floats` any float it passes."""
    if isinstance(data, dict):
        if model is None:
            return {key: _ordered(value, None, floats) for key, value in data.items()}
        ordered: dict[str, Any] = {}
        for name, inner in _fields(model):
            if name in data:
                ordered[name] = _ordered(data[name], inner, floats)
        for name, value in data.items():
            if name not in ordered:
                ordered[name] = _ordered(value, None, floats)
        return ordered
    if isinstance(data, list):
        return [_ordered(item, model, floats) for item in data]
    if isinstance(data, float):
        floats.append(data)
    return data


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, type[BaseModel] | None], ...]:
    """Each field of `model` in declared order, with the model nested in it, if any."""
    return tuple((name, nested_model(info.annotation)) for name, info in model.model_fields.items())


@dataclass
class FormatResult:
    """What `fmt` did or would do: the files not in canonical form, and unreadable ones."""

    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    report: Report = field(default_factory=Report)


def format_files(paths: list[Path] | None = None, *, check: bool = False) -> FormatResult:
    """Rewrite record and `dataset.json` files in canonical form (or, with `check`, only
    say which differ). Files that do not parse are reported and left untouched.

    Args:
        paths: Files or folders: the `.json` files among those `factcheck validate` would
            check (`checked_files`); never anything in `releases/`. `None` formats the
            bundled datasets.
        check: Do not write; only report which files would change.
    """
    from ..files import atomic_write_text, datasets_dir
    from ..model.models import DatasetInfo, Record
    from .checker import (
        RECORD_FILE_LIMIT,
        checked_files,
        display_path,
        problem_finding,
        read_or_report,
    )

    result = FormatResult()
    for path, within in checked_files(paths or [datasets_dir()]):
        if path.suffix != ".json":
            continue  # JSON Lines shards are data written by tools, one record per line
        shown = display_path(path)
        result.report.files += 1
        raw = read_or_report(
            path, shown, result.report.findings, within=within, limit=RECORD_FILE_LIMIT
        )
        if raw is None:
            continue
        read = read_json_bytes(raw)
        if read.problems:
            result.report.findings.extend(problem_finding(p, shown) for p in read.problems)
            continue
        model = DatasetInfo if path.name == "dataset.json" else Record
        text = canonical_text(read.documents[0].data, model)
        if text.encode("utf-8") == raw:
            result.unchanged.append(path)
            continue
        result.changed.append(path)
        if not check:
            atomic_write_text(path, text)
    return result
