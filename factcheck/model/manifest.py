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
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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

    @property
    def corrected(self) -> tuple[str, ...]:
        """The changed records whose rating stayed the same (the others were rerated)."""
        rerated = {r.id for r in self.rerated}
        return tuple(i for i in self.changed if i not in rerated)

    def counts(self, records: int) -> str:
        """The changes counted by kind, for a version of `records` records:
        `1 added, 2 corrected, 0 rerated, 0 removed, 40 unchanged` (and whether
        `dataset.json` changed)."""
        unchanged = records - len(self.added) - len(self.changed)
        line = (
            f"{len(self.added):,} added, {len(self.corrected):,} corrected, "
            f"{len(self.rerated):,} rerated, {len(self.removed):,} removed, "
            f"{unchanged:,} unchanged"
        )
        return line + ("; dataset.json changed" if self.metadata else "")

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


@dataclass(frozen=True, slots=True)
class FieldChange:
    """How one field of a record differs between two versions (see `field_changes`).

    A value (`verdict.rating`, `claim.text`) has `before` and `after` (`None` when
    absent); a list (`evidence`, `topics`, `history`, `claim.appearances`) counts the
    items `added`, `removed` and `changed` (a source or appearance is the same item when
    its URL is), and for a list of strings names them in `items_added` / `items_removed`.
    """

    path: str
    before: Any = None
    after: Any = None
    added: int = 0
    removed: int = 0
    changed: int = 0
    items_added: tuple[str, ...] = ()
    items_removed: tuple[str, ...] = ()
    reordered: bool = False
    """A list holding the same items in another order."""

    @property
    def is_list(self) -> bool:
        """Whether the field is a list (counted) rather than a value (shown)."""
        return bool(self.added or self.removed or self.changed or self.reordered)

    def describe(self, width: int = 40) -> str:
        """One line for people, not yet escaped for the terminal:
        `verdict.rating: mostly-false → false` or `evidence: 2 added, 1 changed`.

        Long values are cut to `width` characters, marked `…`, around their first difference.
        """
        if not self.is_list:
            start = _first_difference(self.before, self.after, width)
            before, after = (_shown(v, width, start) for v in (self.before, self.after))
            return f"{self.path}: {before} → {after}"
        parts = ["reordered"] if self.reordered else []
        for count, what, items in (
            (self.added, "added", self.items_added),
            (self.removed, "removed", self.items_removed),
            (self.changed, "changed", ()),
        ):
            if count:
                named = f" ({', '.join(_shown(i, width) for i in items)})" if items else ""
                parts.append(f"{count} {what}{named}")
        return f"{self.path}: {', '.join(parts)}"

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data: `path` and `from`/`to`, or the counts."""
        if not self.is_list:
            return {"path": self.path, "from": _jsonable(self.before), "to": _jsonable(self.after)}
        out: dict[str, Any] = {"path": self.path}
        out.update(added=self.added, removed=self.removed, changed=self.changed)
        if self.reordered:
            out["reordered"] = True
        if self.items_added or self.items_removed:
            out.update(items_added=list(self.items_added), items_removed=list(self.items_removed))
        return out


def field_changes(old: Any, new: Any) -> list[FieldChange]:
    """The fields that differ between two versions of one record, in the record's order.

    Records may be typed records or their JSON data. Objects are compared field by field
    (`claim.claimant.name`); lists are compared as a whole per field. The work is linear
    in the size of the two records.
    """
    return list(_walk(_data(old), _data(new), ""))


def _walk(old: Any, new: Any, prefix: str) -> Iterator[FieldChange]:
    if isinstance(old, dict) and isinstance(new, dict):
        keys = list(old) + [k for k in new if k not in old]
        for key in keys:
            if old.get(key) != new.get(key):
                yield from _walk(old.get(key), new.get(key), f"{prefix}{key}.")
        return
    path = prefix[:-1]
    if isinstance(old, list | None) and isinstance(new, list | None) and (old or new):
        yield _list_change(path, old or [], new or [])
    else:
        yield FieldChange(path, before=old, after=new)


def _list_change(path: str, old: list[Any], new: list[Any]) -> FieldChange:
    def key(item: Any) -> str:
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            return "url:" + item["url"]
        return json.dumps(item, sort_keys=True, ensure_ascii=False)

    before = {key(item): item for item in old}
    after = {key(item): item for item in new}
    old_keys, new_keys = Counter(key(i) for i in old), Counter(key(i) for i in new)
    added, removed = new_keys - old_keys, old_keys - new_keys
    changed = sum(1 for k in before.keys() & after.keys() if before[k] != after[k])
    if not (added or removed or changed):
        return FieldChange(path, reordered=True)
    strings = all(isinstance(i, str) for i in (*old, *new))
    return FieldChange(
        path,
        added=sum(added.values()),
        removed=sum(removed.values()),
        changed=changed,
        items_added=tuple(after[k] for k in added) if strings else (),
        items_removed=tuple(before[k] for k in removed) if strings else (),
    )


def _first_difference(before: Any, after: Any, width: int) -> int:
    """Where to start showing two long texts so that the first difference is in view."""
    if not (isinstance(before, str) and isinstance(after, str)):
        return 0
    same = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    return max(0, same - width // 4) if same > width // 2 else 0


def _shown(value: Any, width: int, start: int = 0) -> str:
    """`value` on one line, at most `width` characters from `start`, cuts marked `…`."""
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("\n", " ")  # one line: a new line in a value shows as a space
    if start:
        text = "…" + text[start:]
    return text if len(text) <= width else text[: width - 1] + "…"


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _data(record: Any) -> Any:
    return record.to_dict() if hasattr(record, "to_dict") else record


def _rating(data: Any) -> str:
    """The record's rating, or `not-normalized` for a verdict without one (schema 1.2)."""
    rating = data.get("verdict", {}).get("rating")
    return NOT_NORMALIZED if rating is None else str(rating)


NOT_NORMALIZED = "not-normalized"
"""How a verdict without a rating (its label maps to none) is named where a rating is shown."""


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
