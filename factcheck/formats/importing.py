"""``factcheck import``: a file in another format becomes a dataset folder, atomically.

The folder (``dataset.json`` and ``records/<id>.json``) is filled in a hidden folder beside
the target and renamed into place at the end, so an interrupted import leaves no half-written
dataset: the target is absent, or the previous one, or the complete new one. Records stream
through one at a time, so memory stays flat however large the source.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import Problem, read


@dataclass
class ImportResult:
    """What an import wrote and what it could not convert."""

    format: str
    source: Path
    output: Path
    records: int
    problems: list[Problem] = field(default_factory=list)
    written: bool = True
    """Whether ``output`` was written: not when no row was converted (or the file has none)."""

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON data (``factcheck import --format json``)."""
        return {
            "format": self.format,
            "source": str(self.source),
            "output": str(self.output),
            "records": self.records,
            "written": self.written,
            "problems": [{"line": p.line, "message": p.message} for p in self.problems],
        }


def import_dataset(
    format: str,
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    replace: bool = False,
    today: date | None = None,
    progress: bool | None = None,
) -> ImportResult:
    """Convert ``source`` (a file in ``format``) into the dataset folder ``output``.

    The dataset is named after the folder. Rows that cannot be converted are reported in the
    result's ``problems``, with their line numbers; the folder holds every other row and
    passes ``factcheck validate``.

    Args:
        format: One of :data:`factcheck.formats.FORMATS`.
        source: The file to read.
        output: The dataset folder to write; its name must be a slug (``fever-train``).
        replace: Replace ``output`` if it exists (atomically); otherwise an existing
            ``output`` is an error and nothing is read. Only a dataset folder (one holding
            ``dataset.json``) or an empty folder is replaced, never a file or another folder.
        today: The import date written in each record's history; today by default.
        progress: Show a progress bar on standard error; by default when it is a terminal.

    Raises:
        UsageError: An unknown format, a folder name that is not a slug, an existing
            folder without ``replace``, or with it a target that is not a dataset folder.
        PathNotFoundError: ``source`` does not exist.
    """
    from ..errors import UsageError
    from ..files import atomic_folder
    from ..model.fields import SLUG_PATTERN
    from ..model.models import DatasetInfo
    from ..validation.formatting import canonical_text
    from ..validation.structure import check_structure

    target = Path(output)
    name = target.resolve().name
    if not _is_slug(name, SLUG_PATTERN):
        raise UsageError(
            f"{target}: a dataset is named after its folder, and {name!r} is not a slug; "
            "use lowercase letters, digits and single hyphens, e.g. -o fever-train"
        )
    if target.exists() and not replace:
        raise UsageError(f"{target} already exists; remove it or pass --replace")
    unreplaceable = _unreplaceable(target) if target.exists() else None
    if unreplaceable:
        raise UsageError(
            f"{target} {unreplaceable}; --replace replaces only a dataset folder (or an empty "
            "one), so that nothing else is lost: choose another -o"
        )
    stream = read(format, source, today=today)
    if not target.parent.is_dir():
        raise UsageError(f"{target.parent}: no such folder for the output")
    bar = _progress_bar(stream.path, progress)
    if bar is not None:
        stream.on_row = lambda line: bar.update(line - bar.n)
    try:
        with atomic_folder(target, replace=replace) as staging:
            records = staging / "records"
            records.mkdir()
            for _line, text, record in stream.converted():
                (records / f"{record.id}.json").write_text(text, "utf-8")
            if stream.count == 0:
                raise _NothingImported
            info = {**stream.info, "name": name, "topics": sorted(stream.topics)}
            checked, issues = check_structure(DatasetInfo, info)
            if checked is None:
                raise UsageError(
                    f"the {format} importer wrote an invalid dataset.json ({issues[0].message}); "
                    "please report this as a bug"
                )
            (staging / "dataset.json").write_text(canonical_text(info, DatasetInfo), "utf-8")
    except _NothingImported:
        # An empty file, or one of another format, most likely: leave the target as it was.
        return ImportResult(stream.format, stream.path, target, 0, stream.problems, False)
    finally:
        if bar is not None:
            bar.close()
    return ImportResult(stream.format, stream.path, target, stream.count, stream.problems)


def _unreplaceable(target: Path) -> str | None:
    """Why ``--replace`` may not swap ``target`` out, or ``None``: a dataset folder (holding
    ``dataset.json``) or an empty folder may be replaced, nothing else."""
    if target.is_symlink():
        return "is a symbolic link"
    if not target.is_dir():
        return "is a file, not a dataset folder"
    if (target / "dataset.json").is_file() or not any(target.iterdir()):
        return None
    return "is a folder with no dataset.json, not a dataset folder"


class _NothingImported(Exception):
    """No row converted: the staging folder is dropped instead of renamed into place."""


def _is_slug(name: str, pattern: str) -> bool:
    import re

    return re.match(pattern, name) is not None and len(name) <= 80


def _progress_bar(path: Path, wanted: bool | None) -> Any:
    """A tqdm bar over the source's lines, or ``None`` when not shown."""
    if wanted is False or (wanted is None and not sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(total=_count_lines(path), unit=" lines", unit_scale=True, file=sys.stderr)


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


__all__ = ["ImportResult", "import_dataset"]
