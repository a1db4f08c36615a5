"""Writing a dataset to files: JSON Lines, CSV, Parquet (one file, or a folder partitioned by
claim year) and ClaimReview.

Each writer takes a path, which is replaced atomically (written to a temporary file, renamed
into place), or an open file object, which is written to as it is and left open: text or
binary for JSON Lines, CSV and ClaimReview (UTF-8 in a binary file), binary for Parquet. A
partitioned Parquet export takes a folder, written under a temporary name and renamed.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

import msgspec

from ..errors import UsageError
from ..escaping import json_ld
from ..extras import require
from ..files import atomic_folder, atomic_target
from ..store.dataset import PARTITION_KEYS

if TYPE_CHECKING:
    from ..store.dataset import Dataset

_SUFFIXES = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet", ".json": "claimreview"}


def suffix_format(path: Path) -> str | None:
    """The export format a file name's suffix stands for, if any."""
    return _SUFFIXES.get(path.suffix.lower())


def format_of(path: Path) -> str:
    """The export format a file name asks for, from its suffix."""
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        known = ", ".join(f"{s} ({f})" for s, f in _SUFFIXES.items())
        raise UsageError(f"cannot tell the format of {path.name!r} from its suffix; use {known}")
    return found


Target = Path | IO[Any]
"""Where an export goes: a path (replaced atomically) or an open file object."""


def is_text_file(target: Any) -> bool:
    """Whether `target` is a file object that takes `str` (else it takes `bytes`)."""
    if isinstance(target, io.TextIOBase):
        return True
    if isinstance(target, io.IOBase):
        return False
    mode = getattr(target, "mode", None)
    return isinstance(mode, str) and "b" not in mode


@contextmanager
def _binary(target: Target, what: str) -> Iterator[IO[bytes]]:
    if isinstance(target, Path):
        with atomic_target(target) as tmp, tmp.open("wb") as out:
            yield out
    elif is_text_file(target):
        raise UsageError(
            f"{what} is binary: give a file opened in binary mode (open(path, 'wb')) or a path"
        )
    else:
        yield target


@contextmanager
def _text(target: Target) -> Iterator[TextIO]:
    if isinstance(target, Path):
        with atomic_target(target) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
            yield out
    elif is_text_file(target):
        yield target
    else:
        out = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
        try:
            yield out
            out.flush()
        finally:
            out.detach()  # the caller's file stays open


def write_jsonl(dataset: Dataset, target: Target) -> None:
    """The records as canonical JSON Lines: one compact record per line, keys in schema order.

    `target`: a path (replaced atomically) or a text or binary file object."""
    if not isinstance(target, Path) and is_text_file(target):
        for record in dataset:
            target.write(msgspec.json.encode(record).decode() + "\n")
        return
    with _binary(target, "JSON Lines") as out:
        for record in dataset:
            out.write(msgspec.json.encode(record))
            out.write(b"\n")


def write_csv(dataset: Dataset, target: Target) -> None:
    """The records as CSV (UTF-8, a header row, lists as JSON); see `Dataset.to_csv`.

    `target`: a path (replaced atomically), a text file object (open it with
    `newline=""`, as the `csv` module asks) or a binary one (UTF-8 is written).
    Text cells that would start a spreadsheet formula get a leading `'` (see
    `factcheck.formats.tables.csv_rows`).
    """
    from .tables import csv_columns, csv_rows

    with _text(target) as out:
        writer = csv.writer(out)
        writer.writerow(csv_columns())
        writer.writerows(csv_rows(dataset))


def write_parquet(dataset: Dataset, target: Target) -> None:
    """The records as a Parquet file with the schema of `Dataset.to_arrow`.

    `target`: a path (replaced atomically) or a binary file object."""
    parquet = require("pyarrow.parquet", "Parquet export")
    table = dataset.to_arrow()
    with _binary(target, "Parquet") as out:
        parquet.write_table(table, out, compression="zstd")


PARTITION_NULL = "__HIVE_DEFAULT_PARTITION__"
"""The folder value of records without a claim date: Hive's name for null, which Spark,
DuckDB and Polars read back as null."""

ROWS_PER_FILE = 1_000_000
"""Most records in one Parquet file of a partitioned export (`part-0`, `part-1`…)."""

ROWS_PER_GROUP = 100_000
"""Records per row group: a reader's unit of parallel work and of skipping by statistics."""

_PART = re.compile(r"part-(0|[1-9][0-9]{0,8})\.parquet")
_YEAR_FOLDER = re.compile(rf"claim_year=(-?[0-9]{{1,5}}|{PARTITION_NULL})")


def write_parquet_dataset(
    dataset: Dataset, folder: Path, partition_by: str = "claim_year"
) -> list[Path]:
    """The records as a folder of Parquet files, one folder per claim year (Hive style).

    `folder/claim_year=2020/part-0.parquet` holds the records whose claim was made in 2020,
    sorted by id; records without a claim date are in `claim_year=__HIVE_DEFAULT_PARTITION__`.
    Every file has the table schema of `Dataset.to_arrow()` (`schemas/record.arrow.json`)
    and its metadata; the partition value, an `int32` year, is in the folder name only (read
    it with an explicit type: see the Parquet guide). A partition of more than
    `ROWS_PER_FILE` records is split into `part-0`, `part-1`… An empty dataset gives one
    file without rows, so that readers still find the schema.

    The folder is written under a temporary name and renamed into place. An existing folder
    is replaced only if it is empty or holds nothing but such an export.

    Returns:
        The files written, in order.

    Raises:
        UsageError: `partition_by` is not one of `PARTITION_KEYS`; `folder` is a file, a
            link or a folder holding anything else, or its parent does not exist.
    """
    pa = require("pyarrow", "Parquet export")
    pc = require("pyarrow.compute", "Parquet export")
    parquet = require("pyarrow.parquet", "Parquet export")
    if partition_by not in PARTITION_KEYS:
        raise UsageError(
            f"cannot partition by {partition_by!r}; choose one of: {', '.join(PARTITION_KEYS)}"
        )
    folder = Path(folder)
    _check_replaceable(folder)
    table = dataset.to_arrow()
    years = pc.cast(pc.year(pc.struct_field(table.column("claim"), "date")), pa.int32())
    keyed = table.append_column("claim_year", years)
    # Records without a claim date sort last (Arrow's default placement of nulls).
    order = pc.sort_indices(keyed, sort_keys=[("claim_year", "ascending"), ("id", "ascending")])
    keyed = keyed.take(order)
    written: list[Path] = []
    with atomic_folder(folder, replace=True) as staging:
        start = 0
        runs = pc.value_counts(keyed.column("claim_year")).to_pylist() if len(keyed) else []
        for run in runs or [{"values": None, "counts": 0}]:
            year, count = run["values"], run["counts"]
            name = f"claim_year={PARTITION_NULL if year is None else year}"
            (staging / name).mkdir()
            part = keyed.slice(start, count).drop_columns(["claim_year"])
            for number, offset in enumerate(range(0, max(count, 1), ROWS_PER_FILE)):
                target = staging / name / f"part-{number}.parquet"
                with target.open("wb") as out:
                    parquet.write_table(
                        part.slice(offset, ROWS_PER_FILE),
                        out,
                        compression="zstd",
                        row_group_size=ROWS_PER_GROUP,
                    )
                    out.flush()
                    os.fsync(out.fileno())
                written.append(folder / name / target.name)
            start += count
    return written


def _check_replaceable(folder: Path) -> None:
    """Refuse to replace anything but an empty folder or an earlier partitioned export."""
    if not folder.parent.is_dir():
        raise UsageError(f"{folder.parent}: no such folder for the output; create it first")
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return  # atomic_folder refuses it, saying what it is
    if not folder.exists():
        return
    for entry in folder.iterdir():
        ours = (
            _YEAR_FOLDER.fullmatch(entry.name)
            and entry.is_dir()
            and not entry.is_symlink()
            and all(
                _PART.fullmatch(file.name) and file.is_file() and not file.is_symlink()
                for file in entry.iterdir()
            )
        )
        if not ours:
            raise UsageError(
                f"{folder} holds {entry.name}, which is not part of a partitioned Parquet "
                "export: refusing to replace the folder; write to a new or empty folder"
            )


def write_claimreview(dataset: Dataset, target: Target, *, review_url: str | None = None) -> None:
    """The records as a JSON array of schema.org ClaimReview objects.

    `<`, `>` and `&` are written as `\\u003c`, `\\u003e`, `\\u0026` (see
    `factcheck.escaping.json_ld`): the file can be pasted into a
    `<script type="application/ld+json">` block, and a claim holding `</script>` cannot
    end it. A JSON parser reads the same strings. `target`: a path (replaced atomically)
    or a text or binary file object.
    """
    items = dataset.to_claimreview(review_url)
    with _text(target) as out:
        out.write(json_ld(items, indent=2) + "\n")


WRITERS: dict[str, Callable[[Dataset, Target], None]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
    "claimreview": write_claimreview,
}
