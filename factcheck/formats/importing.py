"""`factcheck import`: a file in another format becomes a dataset folder, atomically.

The folder (`dataset.json`, and `records/<id>.json` or, past `SHARD_RECORDS` records,
`records/part-NNNNN.jsonl` shards) is filled in a hidden folder beside the target and renamed
into place at the end, so an interrupted import leaves no half-written dataset: the target is
absent, or the previous one, or the complete new one. Records stream through one at a time,
and at most one shard's worth is held, so memory stays bounded however large the source.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model.layout import DATASET_FILE, RECORDS_DIR, RELEASES_DIR, SHARD_RECORDS
from . import Problem, cleaning, read

if TYPE_CHECKING:
    from .label_map import LabelMap


@dataclass
class ImportResult:
    """What an import wrote and what it could not convert."""

    format: str
    source: Path
    output: Path
    records: int
    problems: list[Problem] = field(default_factory=list)
    written: bool = True
    """Whether `output` was written: not when no row was converted (or the file has none)."""
    not_normalized: int = 0
    """How many of the records have a label that maps to no rating: imported with their
    label and no `verdict.rating`."""
    unmapped_labels: list[tuple[str, int]] = field(default_factory=list)
    """The labels of those records with how many records have each, the most frequent
    first."""

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON data (`factcheck import --format json`)."""
        return {
            "format": self.format,
            "source": str(self.source),
            "output": str(self.output),
            "records": self.records,
            "written": self.written,
            "not_normalized": self.not_normalized,
            "unmapped_labels": [
                {"label": label, "records": count} for label, count in self.unmapped_labels
            ],
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
    label_map: str | os.PathLike[str] | LabelMap | None = None,
    shard_records: int = SHARD_RECORDS,
    jobs: int | None = None,
) -> ImportResult:
    """Convert `source` (a file in `format`) into the dataset folder `output`.

    The dataset is named after the folder. Rows that cannot be converted are reported in the
    result's `problems`, with their line numbers; the folder holds every other row and
    passes `factcheck validate`. A row whose label maps to no rating is imported without
    a rating (not normalized) and counted in the result's `not_normalized`, its label in
    `unmapped_labels`.

    Up to `shard_records` records, each is written as `records/<id>.json` (canonical, as
    `factcheck fmt` writes it). Past that, all of them are written as JSON Lines shards
    `records/part-00000.jsonl`, `part-00001.jsonl`, ... of `shard_records` records each
    (the last one fewer), one compact canonical record a line (as in a release's
    `records.jsonl`), in the order of the source; `factcheck.load()` sorts them by id.

    Args:
        format: One of `factcheck.formats.FORMATS`.
        source: The file to read.
        output: The dataset folder to write; its name must be a slug (`fever-train`).
        replace: Replace `output` if it exists (atomically); otherwise an existing
            `output` is an error and nothing is read. Only an empty folder or one that an
            import wrote and nobody changed since is replaced: its `dataset.json` has the
            `imported` field every import writes, the digest there matches its files, and
            it holds no `releases/`. A curated dataset, a file or another folder never is.
        today: The import date written in each record's history; today by default.
        progress: Show a progress bar on standard error; by default when it is a terminal.
        label_map: The user's own label table (a `.json` or `.csv` file, or a
            `LabelMap`), looked up before the library's
            tables; see `read_label_map`.
        shard_records: Past this many records, write shards of this many records each
            instead of a file per record (`factcheck.model.layout.SHARD_RECORDS` by
            default).
        jobs: How many processes check the converted rows: `None` for every core for a
            source of a megabyte or more (`factcheck.formats.PARALLEL_SOURCE_BYTES`), `1`
            for this process alone. The rows are read in this process, and the folder
            written is the same for every number.

    Raises:
        UsageError: An unknown format, a `today` in the future, a `jobs` that is not a
            positive whole number, a folder name that is not a slug, an existing folder
            without `replace`, or with it a target that is not an unchanged import; a label
            map that cannot be used (every problem with file, line and column).
        PathNotFoundError: `source` does not exist.
    """
    from ..errors import UsageError
    from ..files import atomic_folder
    from ..model.fields import SLUG_PATTERN
    from ..model.models import DatasetInfo
    from ..validation.formatting import canonical_text
    from ..validation.shards import check_jobs
    from ..validation.structure import check_structure

    check_jobs(jobs)
    if isinstance(shard_records, bool) or not isinstance(shard_records, int) or shard_records < 1:
        raise UsageError(f"shard_records={shard_records!r}: give a whole number of at least 1")
    if today is not None and today > date.today():
        raise UsageError(
            f"today={today.isoformat()} is in the future: it is written as each record's "
            "import date, and a history date may not lie ahead (rule FC202)"
        )
    target = Path(output)
    name = target.resolve().name
    if not _is_slug(name, SLUG_PATTERN):
        raise UsageError(
            f"{target}: a dataset is named after its folder, and {name!r} is not a slug; "
            "use lowercase letters, digits and single hyphens, e.g. -o fever-train"
        )
    if target.exists() and not replace:
        raise UsageError(f"{target} already exists; remove it or pass --replace")
    unreplaceable = _unreplaceable(target) if target.exists() or target.is_symlink() else None
    if unreplaceable:
        raise UsageError(unreplaceable)
    stream = read(format, source, today=today, label_map=label_map)
    if not target.parent.is_dir():
        raise UsageError(f"{target.parent}: no such folder for the output")
    bar = _progress_bar(stream.path, progress)
    if bar is not None:
        stream.on_row = lambda line: bar.update(line - bar.n)
    try:
        with atomic_folder(target, replace=replace) as staging:
            records = staging / RECORDS_DIR
            records.mkdir()
            files = _write_records(records, stream, shard_records, jobs)
            if stream.count == 0:
                raise _NothingImported
            info = {**stream.info, "name": name, "topics": sorted(stream.topics)}
            info["imported"] = {
                "format": stream.format,
                "source": cleaning.line(stream.path.name) or "(a file with no printable name)",
                "records": stream.count,
                "sha256": _digest(files, info),
            }
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
    return ImportResult(
        stream.format,
        stream.path,
        target,
        stream.count,
        stream.problems,
        not_normalized=stream.not_normalized,
        unmapped_labels=stream.unmapped_labels(),
    )


def _write_records(records: Path, stream: Any, shard_records: int, jobs: int | None) -> int:
    """Write the stream's records into `records/` and return the sum of their files'
    `_file_hash`: a file per record when there are at most `shard_records`, shards of
    `shard_records` records otherwise. The first `shard_records` are held until it is
    known which (at most that many records in memory); shards are then written a line at
    a time."""
    from itertools import chain, islice

    import msgspec

    held: list[tuple[str, str]] = []  # (id, canonical text): no typed record is kept
    converted = stream.checked(jobs=jobs)
    for _line, record_id, text, _compact in converted:
        held.append((record_id, text))
        if len(held) > shard_records:
            break
    else:
        files = 0
        for record_id, text in held:
            (records / f"{record_id}.json").write_text(text, "utf-8")
            files += _file_hash(f"{RECORDS_DIR}/{record_id}.json", text.encode("utf-8"))
        return files
    # A shard's line is the record as a release writes it (`msgspec.json.encode` of the
    # record): compact, keys in canonical order. The held texts are canonical already, so
    # re-encoding their JSON compactly gives the same bytes.
    encode, decode = msgspec.json.Encoder().encode, msgspec.json.Decoder().decode
    held.reverse()

    def every() -> Any:
        while held:  # the held records first, each let go once it is in a shard
            yield encode(decode(held.pop()[1]))
        for _line, _id, _text, compact in converted:
            yield compact

    files, number, rest = 0, 0, every()
    while first := next(rest, None):
        name = f"part-{number:05d}.jsonl"
        digest = hashlib.sha256(f"{RECORDS_DIR}/{name}".encode() + b"\0")  # as `_file_hash`
        with (records / name).open("wb") as out:  # written line by line: no shard in memory
            for line in chain([first], islice(rest, shard_records - 1)):
                out.write(line + b"\n")
                digest.update(line + b"\n")
        files += int.from_bytes(digest.digest(), "big")
        number += 1
    return files


def _unreplaceable(target: Path) -> str | None:
    """Why `--replace` may not swap `target` out, or `None`.

    An empty folder may be replaced, and a folder an import wrote that nobody has changed
    since: its `dataset.json` has the `imported` field, whose digest matches the files.
    Anything else may hold work that re-importing cannot recreate (curated records, an edited
    `dataset.json`, frozen releases), so it is refused.
    """
    only = (
        "; --replace replaces only a folder that `factcheck import` wrote and nobody changed "
        "since (or an empty one), so that nothing else is lost"
    )
    elsewhere = f": import into another folder with -o, or delete {target} yourself first"
    if target.is_symlink():
        return f"{target} is a symbolic link, not a dataset folder{only}: choose another -o"
    if not target.is_dir():
        return f"{target} is a file, not a dataset folder{only}: choose another -o"
    if not any(target.iterdir()):
        return None
    releases = target / RELEASES_DIR
    if releases.exists() or releases.is_symlink():
        return (
            f"{target} holds {RELEASES_DIR}/, the frozen releases of a curated dataset, which "
            f"--replace never deletes{elsewhere} (then copy over the records you want)"
        )
    info_path = target / DATASET_FILE
    if info_path.is_symlink() or not info_path.is_file():
        return f"{target} is a folder with no dataset.json, not a dataset folder{only}: " + (
            "choose another -o"
        )
    imported = _imported(info_path)
    if imported is None:
        return (
            f"{target} was not written by `factcheck import` (its dataset.json has no "
            f'readable "imported" field): it may be a curated dataset{only}{elsewhere}'
        )
    info, sha256 = imported
    files = _folder_files_hash(target)
    if files is None or _digest(files, info) != sha256:
        return (
            f"{target} was written by `factcheck import` but has changed since (a record, "
            f"dataset.json or another file edited, added or removed), and replacing it would "
            f"lose that work{elsewhere}"
        )
    return None


def _imported(info_path: Path) -> tuple[dict[str, Any], str] | None:
    """The `dataset.json` at `info_path` and the digest of its `imported` field, or
    `None` when it cannot be read or has no such field."""
    from ..validation.reading import read_json_bytes

    read = read_json_bytes(info_path.read_bytes())
    if read.problems or not isinstance(info := read.documents[0].data, dict):
        return None
    imported = info.get("imported")
    sha256 = imported.get("sha256") if isinstance(imported, dict) else None
    return (info, sha256) if isinstance(sha256, str) else None


def _file_hash(relative: str, data: bytes) -> int:
    """One written file's share of an import's digest: a hash of its name and its bytes."""
    digest = hashlib.sha256(relative.encode("utf-8") + b"\0" + data).digest()
    return int.from_bytes(digest, "big")


def _digest(files: int, info: dict[str, Any]) -> str:
    """The digest of an import: of its files (the sum of their `_file_hash`, which needs
    no sorting, so the records stream through) and of its `dataset.json` without
    `imported`, in canonical form (so reformatting changes nothing)."""
    from ..model.models import DatasetInfo
    from ..validation.formatting import canonical_text

    rest = {key: value for key, value in info.items() if key != "imported"}
    digest = hashlib.sha256((files % (1 << 256)).to_bytes(32, "big"))
    digest.update(canonical_text(rest, DatasetInfo).encode("utf-8"))
    return digest.hexdigest()


def _folder_files_hash(folder: Path) -> int | None:
    """The sum of `_file_hash` over the records of `folder`; `None` when the folder
    holds anything an import does not write (another file or folder, a link, a special file),
    which is not followed or read."""
    total = 0
    try:
        for entry in os.scandir(folder):
            if entry.name == DATASET_FILE and entry.is_file(follow_symlinks=False):
                continue
            if entry.name != RECORDS_DIR or not entry.is_dir(follow_symlinks=False):
                return None
        for entry in os.scandir(folder / RECORDS_DIR):
            if not entry.is_file(follow_symlinks=False):
                return None
            data = Path(entry.path).read_bytes()
            total += _file_hash(f"{RECORDS_DIR}/{entry.name}", data)
    except OSError:
        return None  # a folder it cannot list is not one it can vouch for
    return total


class _NothingImported(Exception):
    """No row converted: the staging folder is dropped instead of renamed into place."""


def _is_slug(name: str, pattern: str) -> bool:
    import re

    return re.match(pattern, name) is not None and len(name) <= 80


def _progress_bar(path: Path, wanted: bool | None) -> Any:
    """A tqdm bar over the source's lines, or `None` when not shown (nor for a folder)."""
    if wanted is False or (wanted is None and not sys.stderr.isatty()) or path.is_dir():
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
