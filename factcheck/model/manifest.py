"""The manifest of a release: what it holds, the checksum of every file, what changed.

`releases/<version>/manifest.json` looks like:

    {
      "format": "factcheck-release/1",
      "name": "iraq-2020",
      "version": "1.0.0",
      "released": "2026-11-24",
      "schema_version": "1.0",
      "records": 45,
      "ratings": {"false": 5, "true": 18, ...},
      "previous": null,
      "files": {"dataset.json": {"sha256": "…", "bytes": 5123},
                "records.jsonl": {"sha256": "…", "bytes": 98765}},
      "changes": {"added": [...], "removed": [], "changed": [], "rerated": []}
    }
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

import msgspec

from ..errors import DataError, IntegrityError
from .versions import Bump

MANIFEST_FORMAT = "factcheck-release/1"


class _Struct(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class Rerating(_Struct, kw_only=True):
    """A record whose rating changed between two versions."""

    id: str
    before: str = msgspec.field(name="from")
    after: str = msgspec.field(name="to")


class Changes(_Struct, kw_only=True):
    """What changed between two versions of a dataset, by record id (each list sorted)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    """Records present in both versions whose content differs (the rerated ones included)."""
    rerated: tuple[Rerating, ...] = ()
    metadata: bool = False
    """Whether `dataset.json` changed (its description, license, site…): a patch."""

    @property
    def bump(self) -> Bump:
        """The release these changes need: major, minor, patch, or none (see the policy)."""
        if self.removed or self.rerated:
            return Bump.MAJOR
        if self.added:
            return Bump.MINOR
        if self.changed or self.metadata:
            return Bump.PATCH
        return Bump.NONE

    def __bool__(self) -> bool:
        return self.bump != Bump.NONE

    def lines(self) -> list[str]:
        """The changes as readable lines, one per record."""
        rerated = {r.id: r for r in self.rerated}
        out = [f"+ {i}  (added)" for i in self.added]
        out += [f"- {i}  (removed)" for i in self.removed]
        for i in self.changed:
            r = rerated.get(i)
            out.append(f"~ {i}  (rating {r.before} -> {r.after})" if r else f"~ {i}  (changed)")
        if self.metadata:
            out.append("~ dataset.json  (changed)")
        return out


class FileEntry(_Struct, kw_only=True):
    """The checksum and size of one file of a release."""

    sha256: str
    bytes: int


class Manifest(_Struct, kw_only=True):
    """The `manifest.json` of a release."""

    format: Literal["factcheck-release/1"] = MANIFEST_FORMAT
    name: str
    version: str
    released: date
    schema_version: str
    records: int
    ratings: dict[str, int]
    previous: str | None
    files: dict[str, FileEntry]
    changes: Changes
    note: str | msgspec.UnsetType = msgspec.UNSET
    """What the release is about, as its maintainers wrote it (`factcheck release --note`);
    the changelog shows it, e.g. why records were removed."""

    def to_json(self) -> bytes:
        """The manifest file's bytes: indented JSON with a final newline."""
        return msgspec.json.format(msgspec.json.encode(self), indent=2) + b"\n"


def compare(
    old: Mapping[str, Any], new: Mapping[str, Any], *, old_info: Any = None, new_info: Any = None
) -> Changes:
    """The changes from `old` to `new`: two mappings of record id to record, and the two
    versions' `dataset.json` (as data or typed; not compared when either is `None`).

    Records may be typed records or their JSON data; they are compared by their JSON form.
    """
    old_data = {key: _data(value) for key, value in old.items()}
    new_data = {key: _data(value) for key, value in new.items()}
    changed = sorted(i for i in old_data.keys() & new_data.keys() if old_data[i] != new_data[i])
    rerated = [
        Rerating(id=i, before=_rating(old_data[i]), after=_rating(new_data[i]))
        for i in changed
        if _rating(old_data[i]) != _rating(new_data[i])
    ]
    return Changes(
        added=tuple(sorted(new_data.keys() - old_data.keys())),
        removed=tuple(sorted(old_data.keys() - new_data.keys())),
        changed=tuple(changed),
        rerated=tuple(rerated),
        metadata=old_info is not None
        and new_info is not None
        and _data(old_info) != _data(new_info),
    )


def _data(record: Any) -> Any:
    return record.to_dict() if hasattr(record, "to_dict") else record


def _rating(data: Any) -> str:
    return str(data.get("verdict", {}).get("rating"))


def file_entry(data: bytes) -> FileEntry:
    """The manifest entry of a file holding `data`."""
    return FileEntry(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))


def read_manifest(folder: Path) -> Manifest:
    """Read and check the manifest of the release in `folder`.

    Raises:
        DataError: The manifest is missing, not valid JSON, or not a release manifest.
    """
    path = folder / "manifest.json"
    try:
        manifest = msgspec.json.decode(path.read_bytes(), type=Manifest)
    except FileNotFoundError:
        raise DataError(f"{path}: missing; a release folder must hold its manifest") from None
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise DataError(
            f"{path}: not a valid release manifest ({error}); releases are written by "
            "`factcheck release` and never edited"
        ) from None
    if manifest.version != folder.name:
        raise DataError(
            f"{path}: says version {manifest.version!r} but sits in folder {folder.name!r}"
        )
    return manifest


def verify(folder: Path, manifest: Manifest, name: str, data: bytes | None = None) -> bytes:
    """Check one file of the release in `folder` against its manifest; return its bytes.

    Args:
        folder: The release folder.
        manifest: Its manifest.
        name: The file's name in the release (e.g. `records.jsonl`).
        data: The file's bytes if already read (they are then not read again).

    Raises:
        IntegrityError: The file is missing or not listed, or its size or SHA-256 differs from
            the manifest; the message names the file.
    """
    path = folder / name
    entry = manifest.files.get(name)
    if entry is None:
        raise IntegrityError(f"{path}: not listed in the manifest of release {folder.name}")
    if data is None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise IntegrityError(f"{path}: missing from release {folder.name}") from None
    found = file_entry(data)
    if found != entry:
        raise IntegrityError(
            f"{path}: checksum mismatch: the manifest says sha256 {entry.sha256[:16]}… "
            f"({entry.bytes} bytes), the file has {found.sha256[:16]}… ({found.bytes} bytes). "
            "A release never changes: restore the file (`git checkout -- <file>`, or reinstall "
            "the package)"
        )
    return data
