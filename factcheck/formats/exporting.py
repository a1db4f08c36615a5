"""Writing a dataset to files: JSON Lines, CSV, Parquet and ClaimReview, always atomically."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

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


def write_jsonl(dataset: Dataset, path: Path) -> None:
    """The records as canonical JSON Lines: one compact record per line, keys in schema order."""
    with atomic_target(path) as tmp, tmp.open("wb") as out:
        for record in dataset:
            out.write(msgspec.json.encode(record))
            out.write(b"\n")


def write_csv(dataset: Dataset, path: Path) -> None:
    """The records as CSV (UTF-8, a header row, lists as JSON); see `Dataset.to_csv`.

    Text cells that would start a spreadsheet formula get a leading `'` (see
    `factcheck.formats.tables.csv_rows`).
    """
    from .tables import csv_columns, csv_rows

    with atomic_target(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(csv_columns())
        writer.writerows(csv_rows(dataset))


def write_parquet(dataset: Dataset, path: Path) -> None:
    """The records as a Parquet file with the schema of `Dataset.to_arrow`."""
    parquet = require("pyarrow.parquet", "Parquet export")
    table = dataset.to_arrow()
    with atomic_target(path) as tmp:
        parquet.write_table(table, tmp, compression="zstd")


def write_claimreview(dataset: Dataset, path: Path, *, review_url: str | None = None) -> None:
    """The records as a JSON array of schema.org ClaimReview objects.

    `<`, `>` and `&` are written as `\\u003c`, `\\u003e`, `\\u0026` (see
    [`factcheck.escaping.json_ld`][factcheck.escaping.json_ld]): the file can be pasted into a
    `<script type="application/ld+json">` block, and a claim holding `</script>` cannot
    end it. A JSON parser reads the same strings.
    """
    items = dataset.to_claimreview(review_url)
    with atomic_target(path) as tmp:
        tmp.write_text(json_ld(items, indent=2) + "\n", encoding="utf-8")


WRITERS: dict[str, Callable[[Dataset, Path], None]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
    "claimreview": write_claimreview,
}
