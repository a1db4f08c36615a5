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


def format_files(
    paths: list[Path] | None = None, *, check: bool = False, jobs: int | None = None
) -> FormatResult:
    """Rewrite record and `dataset.json` files in canonical form (or, with `check`, only
    say which differ). Files that do not parse are reported and left untouched.

    Args:
        paths: Files or folders: the `.json` files among those `factcheck validate` would
            check (`checked_files`); never anything in `releases/`. `None` formats the
            bundled datasets.
        check: Do not write; only report which files would change.
        jobs: Processes to format with (`None`: every core when there are many files;
            `1`: this process only). The result is the same for every number.
    """
    from ..files import datasets_dir
    from .checker import checked_files
    from .shards import PARALLEL_BYTES, workers

    result = FormatResult()
    # JSON Lines shards are data written by tools, one record per line: left as they are.
    files = [(p, w) for p, w in checked_files(paths or [datasets_dir()]) if p.suffix == ".json"]
    count = workers(jobs, PARALLEL_BYTES if len(files) >= _PARALLEL_FILES else 0)
    if count > 1 and len(files) > 1:
        import multiprocessing

        size = max(1, min(256, len(files) // (count * 4)))
        batches = [files[i : i + size] for i in range(0, len(files), size)]
        with multiprocessing.get_context("fork").Pool(count) as pool:
            done = [
                o
                for batch in pool.imap(_format_batch, [(b, check) for b in batches])
                for o in batch
            ]
    else:
        done = _format_batch((files, check))
    for (path, _), (changed, findings) in zip(files, done, strict=True):
        result.report.files += 1
        result.report.findings.extend(findings)
        if changed is True:
            result.changed.append(path)
        elif changed is False:
            result.unchanged.append(path)
    return result


_PARALLEL_FILES = 2_000
"""With the default number of jobs, files are formatted by several processes from this many
files on (a file takes about a tenth of a millisecond)."""


def _format_batch(
    task: tuple[list[tuple[Path, Path | None]], bool],
) -> list[tuple[bool | None, list[Any]]]:
    """Format each file of a batch: whether it changed (`None`: not read), its findings."""
    files, check = task
    return [_format_one(path, within, check) for path, within in files]


def _format_one(path: Path, within: Path | None, check: bool) -> tuple[bool | None, list[Any]]:
    from ..files import atomic_write_text
    from ..model.models import DatasetInfo, Record
    from .checker import RECORD_FILE_LIMIT, display_path, problem_finding, read_or_report

    shown = display_path(path)
    findings: list[Any] = []
    raw = read_or_report(path, shown, findings, within=within, limit=RECORD_FILE_LIMIT)
    if raw is None:
        return None, findings
    read = read_json_bytes(raw)
    if read.problems:
        return None, [problem_finding(p, shown) for p in read.problems]
    model = DatasetInfo if path.name == "dataset.json" else Record
    text = canonical_text(read.documents[0].data, model)
    if text.encode("utf-8") == raw:
        return False, findings
    if not check:
        atomic_write_text(path, text)
    return True, findings
