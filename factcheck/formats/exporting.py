"""Writing a dataset to files: JSON Lines, CSV, Parquet and ClaimReview.

Each writer takes a path, which is replaced atomically (written to a temporary file, renamed
into place), or an open file object, which is written to as it is and left open: text or
binary for JSON Lines, CSV and ClaimReview (UTF-8 in a binary file), binary for Parquet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

import msgspec

from ..errors import UsageError
from ..escaping import json_ld
from ..extras import require
from ..files import atomic_target

if TYPE_CHECKING:
    from ..store.dataset import Dataset

_SUFFIXES = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet", ".json": "claimreview"}


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
