"""The files of a dataset folder: what each is called, and where its releases are.

    <dataset>/dataset.json
    <dataset>/records/<id>.json  or  records/*.jsonl shards (or both)
    <dataset>/releases/<version>/manifest.json, records.jsonl, dataset.json

A version only ever selects among the release folders that exist, and the folder it names must
resolve inside the dataset, so no `../`, absolute path or symbolic link leads elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DatasetNotFoundError, VersionNotFoundError
from .versions import DEV, sort_versions

DATASET_FILE = "dataset.json"
RECORDS_DIR = "records"
RELEASES_DIR = "releases"
MANIFEST_FILE = "manifest.json"
RECORDS_FILE = "records.jsonl"
PARQUET_FILE = "records.parquet"
RECORD_SUFFIXES = (".json", ".jsonl")
"""The record files of `records/`: one record per `.json` file (curated datasets, one
reviewable diff per record), or shards of many records, one per line, in `.jsonl` files
(imported corpora). Every command reads both alike, and a dataset may mix them."""
SHARD_RECORDS = 10_000
"""Past this many records, `factcheck import` writes `records/part-NNNNN.jsonl` shards of
this many records each instead of a file per record: a file per record costs the file system
more than the records (tens of microseconds per file to create, list and open), and shards
also spread over the cores and machines of a check (one shard is the unit of work)."""


def record_files(folder: Path) -> list[Path]:
    """The record files in the `records/` of the dataset in `folder`, in name order:
    `.json` records and `.jsonl` shards, hidden files left out."""
    records = folder / RECORDS_DIR
    if not records.is_dir():
        return []
    return sorted(
        path
        for path in records.iterdir()
        if path.suffix in RECORD_SUFFIXES and not path.name.startswith(".")
    )


def release_versions(folder: Path) -> list[str]:
    """The released versions of the dataset in `folder`, oldest first."""
    releases = folder / RELEASES_DIR
    if not releases.is_dir():
        return []
    return sort_versions(
        [p.name for p in releases.iterdir() if p.is_dir() and (p / MANIFEST_FILE).is_file()]
    )


def release_folder(folder: Path, version: str) -> Path:
    """The folder of release `version` of the dataset in `folder`.

    Raises:
        VersionNotFoundError: There is no such release; the message lists those that exist.
    """
    versions = release_versions(folder)
    if not isinstance(version, str) or version not in versions:
        listed = ", ".join([*versions, DEV])
        raise VersionNotFoundError(
            f"dataset {folder.name!r} has no version {version!r}; available: {listed}"
        )
    return inside(folder / RELEASES_DIR / version, folder, f"release {version!r}")


def latest_version(folder: Path) -> str | None:
    """The newest release of the dataset in `folder`, or `None` when it has none."""
    versions = release_versions(folder)
    return versions[-1] if versions else None


def inside(path: Path, root: Path, what: str) -> Path:
    """`path`, after checking that it resolves inside `root`."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise DatasetNotFoundError(
            f"{what} points outside its folder ({path} -> {resolved}); refusing to read it"
        )
    return path
