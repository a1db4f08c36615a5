"""Cutting releases (`factcheck release`) and comparing versions (`factcheck diff`).

A release freezes a dataset's working copy into `releases/<version>/`: `records.jsonl`
(canonical records sorted by id, one per line), a copy of `dataset.json`, and
`manifest.json` (see `factcheck.model.manifest`). The folder is written under a temporary name
and renamed into place, so a failed or interrupted release leaves nothing behind.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import msgspec

from ..errors import DatasetNotFoundError, ReleaseError
from ..files import atomic_folder
from ..model.layout import DATASET_FILE, PARQUET_FILE, RECORDS_FILE, RELEASES_DIR, release_versions
from ..model.manifest import Changes, FieldChange, Manifest, compare, field_changes, file_entry
from ..model.models import SCHEMA_VERSION
from ..model.ratings import Rating
from ..model.versions import DEV, Bump, Version
from .catalog import locate
from .changelog import write_changelog
from .dataset import Dataset
from .loading import load, read_working_copy


def resolve_dataset(dataset: str | os.PathLike[str], root: Path | None = None) -> Path:
    """The folder of `dataset`, a name or a path, by the rule of
    `factcheck.store.catalog.locate` (the same as every other command's).

    Raises:
        DatasetNotFoundError: Nothing has that name, or the path is not a dataset folder.
    """
    located = locate(dataset, root=root)
    if located.kind != "dataset":
        raise DatasetNotFoundError(
            f"{located.path} is not a dataset folder (it has no {DATASET_FILE}); give a "
            "dataset's name (see `factcheck list`) or its folder"
        )
    return located.path


def release(
    dataset: str | os.PathLike[str],
    version: str,
    *,
    today: date | None = None,
    root: Path | None = None,
    parquet: bool = False,
    note: str | None = None,
    jobs: int | None = None,
) -> Manifest:
    """Freeze the working copy of `dataset` as release `version`; return its manifest.

    Args:
        dataset: A bundled dataset's name or the path of a dataset folder.
        version: The new version, `MAJOR.MINOR.PATCH`: the next version of the size the
            changes need (see [`factcheck.model.versions`][factcheck.model.versions]).
        today: The release date (default: today).
        root: A folder of datasets to use instead of the bundled one.
        parquet: Also write `records.parquet` (the table of `Dataset.to_arrow()`), for
            engines such as DuckDB or Spark; needs the `arrow` extra.
        note: What the release is about, kept in its manifest and shown in the changelog
            (say why records were removed: the records that remain say why they changed).
        jobs: How many processes check the working copy and the previous release (`None`:
            every core when there are at least a few megabytes of records; `1`: this
            process alone). The release is the same for every number.

    The dataset's `CHANGELOG.md` is regenerated from all its releases afterwards.

    Raises:
        ReleaseError: The version exists, is not a version, is not the next one, or is too
            small a step for the changes (or nothing changed). Nothing is written.
        DataError: The working copy is invalid. Nothing is written.
        UsageError: `jobs` is not a positive whole number. Nothing is written.
    """
    from ..validation.shards import check_jobs

    check_jobs(jobs)
    folder = resolve_dataset(dataset, root)
    try:
        new = Version.parse(version)
    except ValueError as error:
        raise ReleaseError(str(error)) from None
    versions = release_versions(folder)
    if version in versions:
        raise ReleaseError(
            f"{folder.name} {version} is already released; a release never changes, so cut "
            "a new version"
        )
    released = today or date.today()
    working = read_working_copy(folder, today=released, jobs=jobs)
    previous = versions[-1] if versions else None
    changes = _changes(folder, previous, working, jobs)
    if previous is None:
        if new == Version(0, 0, 0):
            raise ReleaseError("the first release must be greater than 0.0.0 (e.g. 0.1.0, 1.0.0)")
    else:
        _check_step(Version.parse(previous), new, changes)
    if note is not None and (not isinstance(note, str) or not note.strip()):
        raise ReleaseError("a release note must be some text (or leave it out)")
    extra = {PARQUET_FILE: _parquet_bytes(working, new)} if parquet else {}
    _write(folder, working, new, released, previous, changes, extra, note)
    write_changelog(folder)
    return msgspec.json.decode(
        (folder / RELEASES_DIR / version / "manifest.json").read_bytes(), type=Manifest
    )


def _changes(folder: Path, previous: str | None, working: Dataset, jobs: int | None) -> Changes:
    new = {record.id: record for record in working}
    if previous is None:
        return compare({}, new)
    old = load(folder.name, previous, root=folder.parent, jobs=jobs)
    return compare(
        {record.id: record for record in old}, new, old_info=old.info, new_info=working.info
    )


def _check_step(previous: Version, new: Version, changes: Changes) -> None:
    if new <= previous:
        raise ReleaseError(f"{new} is not greater than the latest release, {previous}")
    needed = previous.effective(changes.bump)
    if needed == Bump.NONE:
        raise ReleaseError(f"nothing changed since {previous}; there is nothing to release")
    step = previous.step_to(new)
    if step < needed:
        raise ReleaseError(
            f"the changes since {previous} need a {needed.name.lower()} release "
            f"({_reason(changes)}): use {previous.bumped(changes.bump)}, not {new}"
        )
    expected = previous.stepped(step)
    if new != expected:
        raise ReleaseError(f"{new} skips versions: the next {step.name.lower()} is {expected}")


def _reason(changes: Changes) -> str:
    parts = []
    if changes.removed:
        parts.append(f"{len(changes.removed)} removed")
    if changes.rerated:
        parts.append(f"{len(changes.rerated)} rerated")
    if changes.added:
        parts.append(f"{len(changes.added)} added")
    if changes.changed and not changes.rerated:
        parts.append(f"{len(changes.changed)} changed")
    if not parts:
        return "dataset.json changed"
    count = len(changes.removed) + len(changes.added) + len(changes.changed)
    return ", ".join(parts) + (" record" if count == 1 else " records")


def _parquet_bytes(working: Dataset, version: Version) -> bytes:
    import io

    from ..extras import require

    parquet = require("pyarrow.parquet", "a Parquet release")
    table = working.to_arrow()
    # The table is cut from the working copy, but the file is the release's: say which.
    metadata = {**table.schema.metadata, b"factcheck.version": str(version).encode()}
    buffer = io.BytesIO()
    parquet.write_table(table.replace_schema_metadata(metadata), buffer, compression="zstd")
    return buffer.getvalue()


def _write(
    folder: Path,
    working: Dataset,
    version: Version,
    released: date,
    previous: str | None,
    changes: Changes,
    extra: dict[str, bytes],
    note: str | None,
) -> None:
    releases = folder / RELEASES_DIR
    releases.mkdir(exist_ok=True)
    records = b"".join(msgspec.json.encode(record) + b"\n" for record in working)
    info = (folder / DATASET_FILE).read_bytes()
    ratings = Counter(r.verdict.rating.value for r in working if r.verdict.rating is not None)
    manifest = Manifest(
        name=folder.name,
        version=str(version),
        released=released,
        schema_version=SCHEMA_VERSION,
        records=len(working),
        ratings={r.value: ratings[r.value] for r in Rating if ratings[r.value]},
        previous=previous,
        files={
            DATASET_FILE: file_entry(info),
            RECORDS_FILE: file_entry(records),
            **{name: file_entry(data) for name, data in extra.items()},
        },
        changes=changes,
        note=note.strip() if note else msgspec.UNSET,
    )
    with atomic_folder(releases / str(version)) as staging:
        for name, data in (
            (DATASET_FILE, info),
            (RECORDS_FILE, records),
            *extra.items(),
            ("manifest.json", manifest.to_json()),
        ):
            with (staging / name).open("wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())


def diff(
    dataset: str | os.PathLike[str],
    old: str,
    new: str = DEV,
    *,
    root: Path | None = None,
    today: date | None = None,
) -> Changes:
    """The changes between two versions of a dataset (`"dev"` is the working copy)."""
    return compare_versions(dataset, old, new, root=root, today=today).changes


@dataclass(frozen=True)
class Comparison:
    """Two versions of a dataset compared record by record (see `compare_versions`).

    Attributes:
        changes: The records added, removed, changed and rerated, as a manifest lists them.
        fields: For each changed record, the fields that differ, in the record's order.
        records: How many records the newer version holds.
    """

    changes: Changes
    fields: dict[str, list[FieldChange]]
    records: int


def compare_versions(
    dataset: str | os.PathLike[str],
    old: str,
    new: str = DEV,
    *,
    root: Path | None = None,
    today: date | None = None,
) -> Comparison:
    """Compare two versions of a dataset (`"dev"` is the working copy), down to the fields
    of each changed record: what `factcheck diff` prints."""
    folder = resolve_dataset(dataset, root)
    before, after = (
        load(folder.name, version, root=folder.parent, today=today) for version in (old, new)
    )
    old_records = {r.id: r for r in before}
    new_records = {r.id: r for r in after}
    changes = compare(old_records, new_records, old_info=before.info, new_info=after.info)
    fields = {i: field_changes(old_records[i], new_records[i]) for i in changes.changed}
    return Comparison(changes, fields, len(after))
