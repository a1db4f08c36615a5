"""The canonical form of record and dataset files, and ``factcheck fmt``.

Canonical means: keys in the order the models declare them (unknown keys after, as found),
two-space indentation, UTF-8 without escapes for non-ASCII text, LF line ends, one final
newline. Formatting never changes a value, so it is safe on any file that parses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .findings import Report
from .models import nested_model
from .reading import read_json_bytes


def canonical_order(data: Any, model: type[BaseModel] | None) -> Any:
    """Reorder the keys of ``data`` (recursively) to follow ``model``'s field order."""
    if isinstance(data, list):
        return [canonical_order(item, model) for item in data]
    if not isinstance(data, dict) or model is None:
        return data
    ordered: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in data:
            ordered[name] = canonical_order(data[name], nested_model(info.annotation))
    for name, value in data.items():
        if name not in ordered:
            ordered[name] = value
    return ordered


def canonical_text(data: Any, model: type[BaseModel] | None) -> str:
    """The canonical text of a record or dataset file holding ``data``."""
    return json.dumps(canonical_order(data, model), indent=2, ensure_ascii=False) + "\n"


@dataclass
class FormatResult:
    """What ``fmt`` did or would do: the files not in canonical form, and unreadable ones."""

    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    report: Report = field(default_factory=Report)


def format_files(paths: list[Path] | None = None, *, check: bool = False) -> FormatResult:
    """Rewrite record and ``dataset.json`` files in canonical form (or, with ``check``, only
    say which differ). Files that do not parse are reported and left untouched.

    Args:
        paths: Files or folders; folders are searched for ``dataset.json`` and the ``.json``
            files of ``records/`` folders. ``None`` formats the bundled datasets.
        check: Do not write; only report which files would change.
    """
    from .checker import display_path, problem_finding
    from .errors import PathNotFoundError
    from .files import atomic_write_text, datasets_dir
    from .models import DatasetInfo, Record

    result = FormatResult()
    for path in _format_targets(paths or [datasets_dir()]):
        if not path.exists():
            raise PathNotFoundError(f"no such file or directory: {path}")
        raw = path.read_bytes()
        read = read_json_bytes(raw)
        result.report.files += 1
        if read.problems:
            shown = display_path(path)
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


def _format_targets(paths: list[Path]) -> list[Path]:
    targets: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            targets.extend(sorted(path.rglob("dataset.json")))
            targets.extend(p for p in sorted(path.rglob("records/*.json")) if p.is_file())
        else:
            targets.append(path)
    return list(dict.fromkeys(targets))
