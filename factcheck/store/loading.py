"""Loading datasets: the bundled releases, working copies, and any folder or file of records."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import DataError, IntegrityError
from ..model.layout import (
    DATASET_FILE,
    RECORDS_FILE,
    latest_version,
    record_files,
    release_folder,
    release_versions,
)
from ..model.manifest import read_manifest
from ..model.records import (
    INFO_DECODER,
    RECORD_DECODER,
    DatasetInfo,
    Record,
    decode_lines,
    share_repeated,
)
from ..model.versions import DEV
from ..styling import plural
from .catalog import dataset_folder, dataset_names, locate
from .dataset import Dataset, RecordsFile


@dataclass(frozen=True)
class DatasetSummary:
    """One dataset as [`list_datasets`][factcheck.list_datasets] describes it."""

    name: str
    title: str
    license: str
    versions: tuple[str, ...]
    """Released versions, oldest first."""
    latest: str | None
    """The newest release, which `load(name)` returns; `None` before the first release."""
    records: dict[str, int] = field(default_factory=dict)
    """Number of records per version, `"dev"` (the working copy) included."""


def list_datasets(*, root: str | os.PathLike[str] | None = None) -> list[DatasetSummary]:
    """The bundled datasets (or those in `root`), with their versions and record counts.

    Reads only the metadata and the release manifests, so it is fast.
    """
    root_path = Path(root) if root is not None else None
    summaries = []
    for name in dataset_names(root_path):
        folder = dataset_folder(name, root_path)
        info = _read_info(folder / DATASET_FILE)
        versions = release_versions(folder)
        counts = {v: read_manifest(folder / "releases" / v).records for v in versions}
        counts[DEV] = _count_records(folder)
        summaries.append(
            DatasetSummary(
                name=name,
                title=info.title,
                license=info.license,
                versions=tuple(versions),
                latest=versions[-1] if versions else None,
                records=counts,
            )
        )
    return summaries


def load(
    name: str | os.PathLike[str],
    version: str | None = None,
    *,
    root: str | os.PathLike[str] | None = None,
    today: date | None = None,
    jobs: int | None = None,
) -> Dataset:
    """Load a dataset by name or path.

    What a name or path means is decided by one rule, the same in every command
    (`factcheck.store.catalog.locate`): a bare name is a dataset in `./datasets/` of the folder
    you stand in or a bundled one; anything written as a path is a path.

    Args:
        name: A dataset's name (`"iraq-2020"`, see `list_datasets`), `NAME@VERSION`, or the
            path of a dataset folder, a release folder, a `records.jsonl` or record files.
        version: `None` for the latest release (or, for a dataset with no release yet, its
            working copy), an exact release (`"1.0.0"`) to pin it, `"latest"`, or
            `"dev"` for the working copy (validated first).
        root: A folder of datasets to look names up in, instead of the usual places.
        today: The date that counts as today when validating a working copy.
        jobs: How many processes check the records before they are loaded (the release
            check, or the validation of a working copy): `None` for every core when there
            are at least a few megabytes of records, `1` for this process alone. The
            dataset is the same for every number.

    Returns:
        The `Dataset`. A release passes the same release check as `factcheck validate` first
        (checksums, manifest, records).

    Raises:
        DatasetNotFoundError: No dataset has that name (the message lists those that exist).
        VersionNotFoundError: No such version (the message lists those that exist).
        PathNotFoundError: A path that does not exist.
        IntegrityError: A release fails the release check (the message names the problem).
        DataError: A working copy or record files are invalid (see the error's `report`).
        UsageError: `jobs` is not a positive whole number.
    """
    from ..validation.shards import check_jobs

    check_jobs(jobs)
    located = locate(name, version, root=Path(root) if root is not None else None)
    if located.kind == "release":
        return read_release(located.path, today=today, jobs=jobs)
    if located.kind == "records":
        return _read_records(located.path, today=today, jobs=jobs)
    folder, version = located.path, located.version
    if version == DEV:
        return read_working_copy(folder, today=today, jobs=jobs)
    if version is None:
        _check_sequence(folder)
        version = latest_version(folder)
        if version is None:
            return read_working_copy(folder, today=today, jobs=jobs)
    return read_release(release_folder(folder, version), today=today, jobs=jobs)


def load_path(path: str | os.PathLike[str], *, today: date | None = None) -> Dataset:
    """Load records from a path: `load` for paths, kept for code written before `load` took
    them. A dataset folder gives its working copy (`version="dev"`), as it always did.

    Args:
        path: A release folder (holding `manifest.json`), a dataset folder (holding
            `dataset.json`: its working copy), a folder of record files, a `.json` record
            file or a `.jsonl` file of records.
        today: The date that counts as today when validating.

    Raises:
        PathNotFoundError: `path` does not exist.
        DataError: The records are invalid (the error's `report` holds every finding).
        IntegrityError: A release fails the release check.
    """
    target = Path(path)
    dataset = (target / DATASET_FILE).is_file() and not (target / "manifest.json").is_file()
    return load(target, DEV if dataset else None, today=today)


def read_release(folder: Path, *, today: date | None = None, jobs: int | None = None) -> Dataset:
    """The dataset frozen in a release folder, after the release check that
    `factcheck validate` runs (checksums, manifest, the records themselves), by `jobs`
    processes (see `load`).

    Raises:
        IntegrityError: The release fails the check; the message gives the first problem.
    """
    from ..validation.releases import check_release

    checked = check_release(folder, today=today, keep_records=True, jobs=jobs)
    _refuse_errors(folder, checked.findings)
    manifest = checked.manifest
    assert manifest is not None  # no manifest is an error, refused above
    info = INFO_DECODER.decode(checked.files[DATASET_FILE])
    records = decode_lines(checked.files[RECORDS_FILE])
    dataset = Dataset(
        records, name=manifest.name, version=manifest.version, info=info, manifest=manifest
    )
    listed = manifest.files[RECORDS_FILE]
    dataset._records_file = RecordsFile(folder / RECORDS_FILE, listed.bytes, listed.sha256)
    return dataset


def _refuse_errors(folder: Path, findings: list[Any]) -> None:

    errors = [f for f in findings if f.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more: run `factcheck validate`)" if len(errors) > 1 else ""
        raise IntegrityError(
            f"{first.location}: {first.message} ({first.code}: {first.hint}){more}"
        )


def _check_sequence(folder: Path) -> None:
    """Refuse to pick a dataset's latest release while its release folders are inconsistent
    (a newest release without its manifest would otherwise be skipped silently)."""
    from ..validation.releases import check_release_sequence

    _refuse_errors(folder, check_release_sequence(folder))


def read_working_copy(
    folder: Path, *, today: date | None = None, jobs: int | None = None
) -> Dataset:
    """The working copy of the dataset in `folder` (its `records/`), validated first by
    `jobs` processes (see `load`)."""
    _require_valid(folder, today, jobs)
    info = INFO_DECODER.decode((folder / DATASET_FILE).read_bytes())
    records: list[Record] = []
    for path in record_files(folder):
        data = path.read_bytes()
        if path.suffix == ".jsonl":
            records.extend(decode_lines(data))
        else:
            records.append(RECORD_DECODER.decode(data))
    records = share_repeated(records)
    records.sort(key=lambda record: record.id)
    return Dataset(records, name=info.name, version=DEV, info=info)


def _count_records(folder: Path) -> int:
    """How many records the working copy holds: a `.json` file is one, a shard one per
    line (counted a megabyte at a time)."""
    count = 0
    for path in record_files(folder):
        if path.suffix == ".json":
            count += 1
            continue
        with path.open("rb") as file:
            last = b"\n"
            while block := file.read(1 << 20):
                count += block.count(b"\n")
                last = block[-1:]
            count += last != b"\n"
    return count


def _read_records(target: Path, *, today: date | None, jobs: int | None = None) -> Dataset:
    from ..errors import UsageError
    from ..validation.checker import record_files

    files = record_files([target])
    if not files:
        raise UsageError(
            f"{target} holds no dataset (dataset.json), release (manifest.json) or record "
            "files (.json, .jsonl)"
        )
    _require_valid(target, today, jobs)
    records: list[Record] = []
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".jsonl":
            records.extend(decode_lines(data))
        else:
            records.append(RECORD_DECODER.decode(data))
    return Dataset(share_repeated(records), name=target.stem if target.is_file() else target.name)


def _require_valid(target: Path, today: date | None, jobs: int | None = None) -> None:
    from ..validation.checker import display_path, validate

    report = validate([target], today=today, jobs=jobs)
    if not report.ok:
        first = report.errors[0]
        raise DataError(
            f"{display_path(target)}: {plural(report.error_count, 'error')}, the first: "
            f"{first.location}: {first.code} {first.message} "
            f"(run `factcheck validate {display_path(target)}` for all)",
            report,
        )


def _read_info(path: Path) -> DatasetInfo:
    import msgspec

    try:
        return INFO_DECODER.decode(path.read_bytes())
    except (OSError, msgspec.DecodeError, msgspec.ValidationError) as error:
        raise DataError(
            f"{path}: cannot be read ({error}); run `factcheck validate {path.parent}`"
        ) from None
