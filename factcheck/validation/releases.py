"""The release check: one function decides whether a release is what its manifest says.

`factcheck validate` reports what `check_release` and `check_release_sequence`
find; `factcheck.load()` refuses a release for which they find an error. So the two always
agree: a release that validates loads, and one that does not validate does not load.

A release folder is checked in full:

* the manifest is a regular file that parses, names the folder's version and its dataset;
* every file it lists has a plain name (no folder, no `..`, no hidden file) and is a regular
  file in the folder with the listed size and SHA-256 (hashed a megabyte at a time, so memory
  stays bounded however large `records.jsonl` is); no other file is there;
* the records (`records.jsonl`) pass validation like a working copy's, and their count and
  their ratings are the ones the manifest gives;
* across the releases of a dataset, every release folder has a manifest and a version name,
  and each manifest names the release before it as `previous`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from ..files import Refused, open_regular_file, read_regular_file, refuse_link_out
from ..model.layout import (
    DATASET_FILE,
    MANIFEST_FILE,
    RECORDS_FILE,
    RELEASES_DIR,
)
from ..model.manifest import FileEntry, Manifest
from ..model.versions import sort_versions
from ..styling import plural
from .checker import (
    INFO_FILE_LIMIT,
    JSONL_FILE_LIMIT,
    RECORD_FILE_LIMIT,
    display_path,
    make_finding,
    read_or_report,
    unreadable_finding,
)
from .findings import CappedFindings, Finding, Report, Severity

if TYPE_CHECKING:
    from .rules import ReleasedKeys

_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_LIMITS = {RECORDS_FILE: JSONL_FILE_LIMIT, DATASET_FILE: INFO_FILE_LIMIT}
_CHUNK = 1 << 20
"""Listed files are read and hashed this many bytes at a time."""


@dataclass
class CheckedRelease:
    """What checking one release found, and the bytes it verified (for a loader to use).

    Attributes:
        manifest: The manifest, when it could be read.
        files: The bytes of `dataset.json` when it matched its checksum, and of
            `records.jsonl` when it did and `check_release` was asked to keep them
            (`keep_records`); other files are verified without being kept.
        verified: The names of the listed files that matched their checksum.
        findings: Every problem found, errors and warnings.
        records: How many records the release's records file holds.
    """

    folder: Path
    manifest: Manifest | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    verified: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=CappedFindings)
    records: int = 0
    released: ReleasedKeys | None = None
    """The keys of the released records that the working copy is compared with (FC308)."""

    @property
    def ok(self) -> bool:
        """True when no error was found."""
        return not any(f.severity is Severity.ERROR for f in self.findings)


def check_release(
    folder: Path,
    *,
    today: date | None = None,
    jobs: int | None = None,
    keep_records: bool = False,
) -> CheckedRelease:
    """Check the release in `folder` (`<dataset>/releases/<version>`) in full.

    Each listed file is hashed as it is read, a megabyte at a time, so checking a release
    holds no whole `records.jsonl` in memory unless `keep_records` asks for it.

    Args:
        folder: The release folder.
        today: The date that counts as today for the rules on the records.
        jobs: Processes that check the records (see `factcheck.validate`).
        keep_records: Keep the verified bytes of `records.jsonl` in the result's `files`
            (for a loader, which then decodes exactly the bytes that were checked).

    Returns:
        What was found, with the names of the files that matched their checksum and the
        verified bytes of `dataset.json` (and of `records.jsonl` with `keep_records`).
    """
    result = CheckedRelease(folder)
    shown = display_path(folder)
    found = result.findings
    dataset = folder.parent.parent
    manifest = _read_manifest(folder, found)
    result.manifest = manifest
    if manifest is None:
        return result
    if manifest.name != dataset.name:
        found.append(
            make_finding(
                "FC307",
                shown,
                f"the manifest names dataset {manifest.name!r}, but the release is in "
                f"{dataset.name!r}",
            )
        )
    for name in sorted(manifest.files):
        if not _PLAIN_NAME.fullmatch(name) or name == MANIFEST_FILE:
            found.append(
                make_finding(
                    "FC307", shown, f"the manifest lists {name!r}, which is not a plain file name"
                )
            )
            continue
        keep = name == DATASET_FILE or (keep_records and name == RECORDS_FILE)
        listed = _hash_listed(folder, name, found, keep)
        if listed is None:
            continue
        actual, data = listed
        entry = manifest.files[name]
        if actual != entry:
            found.append(
                make_finding(
                    "FC306",
                    display_path(folder / name),
                    f"checksum mismatch: the manifest says sha256 {entry.sha256[:16]}… "
                    f"({entry.bytes} bytes), the file has {actual.sha256[:16]}… "
                    f"({actual.bytes} bytes)",
                )
            )
            continue
        result.verified.add(name)
        if data is not None:
            result.files[name] = data
    for path in sorted(folder.iterdir()):
        if path.name != MANIFEST_FILE and path.name not in manifest.files:
            found.append(
                make_finding(
                    "FC307",
                    display_path(path),
                    f"{path.name} is in release {folder.name} but not listed in its manifest",
                )
            )
    for required in (DATASET_FILE, RECORDS_FILE):
        if required not in manifest.files:
            found.append(make_finding("FC307", shown, f"the manifest does not list {required}"))
    if RECORDS_FILE in result.verified:
        _check_records(result, manifest, today or date.today(), jobs)
    return result


def check_release_sequence(dataset: Path) -> list[Finding]:
    """Problems with the set of releases of `dataset`: a release folder without a manifest
    or a version name, a link out, and manifests whose `previous` breaks the sequence."""
    releases = dataset / RELEASES_DIR
    found: list[Finding] = []
    try:
        refuse_link_out(releases, dataset)
    except Refused as refused:
        return [make_finding("FC303", display_path(releases), f"{refused}; not read")]
    if not releases.is_dir():
        return found
    versions = []
    for path in sorted(releases.iterdir()):
        shown = display_path(path)
        if path.name.startswith("."):
            continue
        if path.is_symlink() or not path.is_dir():
            found.append(
                make_finding("FC307", shown, f"{path.name} in releases/ is not a release folder")
            )
        elif not _VERSION.fullmatch(path.name):
            found.append(
                make_finding(
                    "FC307", shown, f"release folder {path.name!r} is not named as a version"
                )
            )
        elif not (path / MANIFEST_FILE).is_file():
            found.append(
                make_finding(
                    "FC307",
                    shown,
                    f"release {path.name} has no {MANIFEST_FILE}: a release folder must hold "
                    "its manifest (without it, loading would serve an older release)",
                )
            )
        else:
            versions.append(path.name)
    previous = None
    for version in sort_versions(versions):
        try:
            raw = read_regular_file(
                releases / version / MANIFEST_FILE, within=dataset, limit=RECORD_FILE_LIMIT
            )
            said = msgspec.json.decode(raw, type=Manifest).previous
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            said = previous  # reported by check_release
        if said != previous:
            found.append(
                make_finding(
                    "FC307",
                    display_path(releases / version / MANIFEST_FILE),
                    f"release {version} names {said!r} as the release before it, "
                    f"but the one before it is {previous!r}",
                )
            )
        previous = version
    return found


def release_findings(
    dataset: Path, *, today: date | None = None, jobs: int | None = None
) -> tuple[list[Finding], CheckedRelease | None]:
    """Everything `check_release_sequence` and `check_release` of each release
    find for `dataset` (what `factcheck validate` reports about its releases), and the
    check of the latest release (`None` when there is none), whose entries the rules that
    compare the working copy with it use."""
    found = check_release_sequence(dataset)
    latest = None
    releases = dataset / RELEASES_DIR
    if releases.is_dir() and not releases.is_symlink():
        versions = [
            path.name
            for path in releases.iterdir()
            if _VERSION.fullmatch(path.name) and (path / MANIFEST_FILE).is_file()
        ]
        for version in sort_versions(versions):
            latest = check_release(releases / version, today=today, jobs=jobs)
            found.extend(latest.findings)
    return found, latest


def _read_manifest(folder: Path, found: list[Finding]) -> Manifest | None:
    path = folder / MANIFEST_FILE
    shown = display_path(path)
    raw = read_or_report(
        path, shown, found, within=folder, limit=RECORD_FILE_LIMIT, missing="FC307"
    )
    if raw is None:
        return None
    try:
        manifest = msgspec.json.decode(raw, type=Manifest)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        found.append(make_finding("FC307", shown, f"not a valid release manifest: {error}"))
        return None
    if manifest.version != folder.name:
        found.append(
            make_finding(
                "FC307",
                shown,
                f"the manifest says version {manifest.version!r}, but sits in folder "
                f"{folder.name!r}",
            )
        )
    return manifest


def _hash_listed(
    folder: Path, name: str, found: list[Finding], keep: bool
) -> tuple[FileEntry, bytes | None] | None:
    """The manifest entry that the listed file `name` has (its SHA-256 and size), computed
    over pieces read with `files.open_regular_file`'s refusals, and its bytes when `keep`;
    or `None` after a finding saying why it was not read (FC306 when it is missing)."""
    path = folder / name
    limit = _LIMITS.get(name, JSONL_FILE_LIMIT)
    digest, size, chunks = hashlib.sha256(), 0, []
    try:
        fd = open_regular_file(path, within=folder, limit=limit)
        try:
            while chunk := os.read(fd, min(_CHUNK, limit + 1 - size)):
                size += len(chunk)
                if size > limit:
                    raise Refused("size", f"{path.name} grew past the limit of {limit:,} bytes")
                digest.update(chunk)
                if keep:
                    chunks.append(chunk)
        finally:
            os.close(fd)
    except (OSError, RuntimeError, ValueError) as error:
        found.append(unreadable_finding(error, path, display_path(path), "FC306"))
        return None
    entry = FileEntry(sha256=digest.hexdigest(), bytes=size)
    return entry, b"".join(chunks) if keep else None


def _check_records(
    result: CheckedRelease, manifest: Manifest, today: date, jobs: int | None
) -> None:
    """Validate the release's records like a working copy's; compare counts and ratings."""
    from .checker import check_records_file
    from .fast_path import default_policy, screen_info
    from .rules import ReleasedKeys
    from .rules.dataset import RATINGS, UNRATED

    raw_info = result.files.get(DATASET_FILE)
    info = screen_info(raw_info) if raw_info is not None else None
    if info is None and raw_info is not None:
        info = _exact_info(raw_info)
    policy = info.policy if info is not None else default_policy()
    path = result.folder / RECORDS_FILE
    report = Report()
    keys = check_records_file(path, result.folder, policy, today, report, jobs=jobs)
    result.released = ReleasedKeys(keys)
    result.findings.extend(report.findings)
    result.findings.omitted.update(report.omitted)  # type: ignore[attr-defined]
    result.records = report.records
    shown = display_path(path)
    if report.records != manifest.records:
        result.findings.append(
            make_finding(
                "FC307",
                shown,
                f"holds {plural(report.records, 'record')}, but its manifest says "
                f"{manifest.records}",
            )
        )
    if len(keys) == report.records:
        ratings = Counter(
            {RATINGS[code]: n for code, n in Counter(keys.rating).items() if code != UNRATED}
        )
        if ratings != Counter(manifest.ratings):
            said = ", ".join(f"{k} {v}" for k, v in sorted(manifest.ratings.items()))
            has = ", ".join(f"{k} {v}" for k, v in sorted(ratings.items()))
            result.findings.append(
                make_finding(
                    "FC307",
                    shown,
                    f"the ratings of its records ({has}) differ from its manifest's ({said})",
                )
            )


def _exact_info(raw: bytes) -> Any:
    """The release's `dataset.json` read by the exact path, for its policy (`None` if it
    is not valid: the records are then checked with the default policy)."""
    from ..model.models import DatasetInfo
    from .reading import read_json_bytes
    from .structure import check_structure

    read = read_json_bytes(raw)
    if read.problems or not read.documents:
        return None
    info, _ = check_structure(DatasetInfo, read.documents[0].data)
    return info
