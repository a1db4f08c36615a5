"""Validation: find the files, read them, check structure and rules, collect a report."""

from __future__ import annotations

import gc
import itertools
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import PathNotFoundError, UsageError
from ..files import Refused, read_regular_file, refuse_link_out
from .findings import FINDINGS_IN_ALL, CappedFindings, Finding, Report
from .reading import (
    Document,
    Pointer,
    Problem,
    ReadResult,
    format_pointer,
    needs_decoding_check,
    read_json_bytes,
    read_jsonl_bytes,
    read_jsonl_line,
)
from .rules import RULES, DatasetEntry, RecordContext, Violation, rules_for

if TYPE_CHECKING:
    from .structure import Salvaged, StructureIssue

DATASET_FILE = "dataset.json"
RECORDS_DIR = "records"
RELEASES_DIR = "releases"

RECORD_FILE_LIMIT = 64 << 20
"""The largest `.json` record file read, in bytes (rule FC012)."""
JSONL_FILE_LIMIT = 4 << 30
"""The largest `.jsonl` file read, in bytes."""
INFO_FILE_LIMIT = 1 << 20
"""The largest `dataset.json` read, in bytes."""

SKIPPED_FOLDERS = frozenset({"node_modules", "site", "__pycache__", "venv", "env"})
"""Folders a search for data never enters, besides hidden ones and virtual environments."""


@dataclass
class _Unit:
    """Files checked together: a dataset folder, or loose record files."""

    root: Path | None
    files: list[Path] = field(default_factory=list)
    focus: set[Path] | None = None  # report only on these files; None = all
    within: dict[Path, Path] = field(default_factory=dict)  # loose file → the folder searched
    release: Path | None = None  # a release folder, checked by the release check alone


def validate(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    *,
    today: date | None = None,
) -> Report:
    """Validate record files, JSON Lines files and dataset folders.

    Args:
        paths: A path, or a list of paths: files (`.json`, `.jsonl`, `dataset.json`)
            and folders. A folder is searched
            for datasets (folders holding `dataset.json`) and loose record files. A file
            inside a dataset is checked against the whole dataset (for duplicate ids and
            claims), and only its own findings are reported. `None` checks the bundled
            datasets.
        today: The date that counts as today for the "not in the future" rule (default: the
            current date).

    Returns:
        A [`Report`][factcheck.Report] with every finding, sorted by file and position.

    Raises:
        PathNotFoundError: A path does not exist.
        UsageError: `paths` is not a path or a list of paths, or `today` is not a date.
    """
    from ..files import datasets_dir

    targets = _paths(paths) if paths is not None else [datasets_dir()]
    if today is not None and (not isinstance(today, date) or isinstance(today, datetime)):
        raise UsageError(f"today must be a datetime.date, not {type(today).__name__}")
    report = Report()
    checker = _Checker(today or date.today(), report)
    # Validation makes no reference cycles worth collecting, but millions of small objects
    # that would make the cycle collector walk the growing lists of entries over and over.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for unit in _plan(targets):
            checker.check_unit(unit)
    finally:
        if collecting:
            gc.enable()
    report.findings.sort(key=lambda f: f.sort_key)
    return report


def _paths(paths: Any) -> list[Path]:
    """`paths` as a list of paths: one path (a string or path-like) or an iterable of them."""
    if isinstance(paths, str | os.PathLike):
        return [Path(paths)]
    if isinstance(paths, bytes) or not isinstance(paths, Iterable):
        raise UsageError(f"paths must be a path or a list of paths, not {type(paths).__name__}")
    targets = []
    for item in paths:
        if not isinstance(item, str | os.PathLike):
            raise UsageError(
                f"paths must hold str or os.PathLike items, not {type(item).__name__}: {item!r}"
            )
        targets.append(Path(item))
    return targets


def _plan(targets: list[Path]) -> list[_Unit]:
    datasets: dict[Path, _Unit] = {}
    releases: dict[Path, _Unit] = {}
    loose = _Unit(None)
    for target in targets:
        if not target.exists() and not target.is_symlink():
            raise PathNotFoundError(f"no such file or directory: {target}")
        release = release_of(target)
        if release is not None:
            releases.setdefault(release, _Unit(None, release=release))
            continue
        if target.name == RELEASES_DIR and (target.parent / DATASET_FILE).is_file():
            target = target.parent  # a dataset's releases/: the dataset, releases and all
        if target.is_dir() and not target.is_symlink():
            roots, files = _walk(target)
            for root in roots:
                datasets.setdefault(root, _Unit(root)).focus = None
            loose.files.extend(p for p in files if not any(p.is_relative_to(r) for r in roots))
            loose.within.update((p, target) for p in files)
            continue
        root = _dataset_root(target)
        if root is None:
            loose.files.append(target)
            continue
        unit = datasets.setdefault(root, _Unit(root, focus=set()))
        if unit.focus is not None:
            unit.focus.add(target.absolute())
    units = [datasets[root] for root in sorted(datasets)]
    units += [releases[folder] for folder in sorted(releases)]
    if loose.files:
        units.append(loose)
    return units


def release_of(path: Path) -> Path | None:
    """The release folder `path` is, or lies in (`<dataset>/releases/<version>`)."""
    for folder in (path, *path.parents):
        if folder.parent.name == RELEASES_DIR and (folder.parent.parent / DATASET_FILE).is_file():
            return folder
    return None


def skipped_folder(folder: Path) -> bool:
    """Whether a search for data skips `folder`: hidden, a virtual environment, a build
    output or dependency folder (`SKIPPED_FOLDERS`)."""
    return (
        folder.name.startswith(".")
        or folder.name in SKIPPED_FOLDERS
        or (folder / "pyvenv.cfg").is_file()
    )


def _walk(top: Path) -> tuple[list[Path], list[Path]]:
    """The dataset folders and the loose `.json`/`.jsonl` files under `top`.

    Links to folders are not entered (a link out of `top` could lead anywhere, a link
    inside it to a loop); linked files are listed, and refused when read if they lead out.
    A dataset's `releases/` is checked with its dataset, not as loose records.
    """
    roots: list[Path] = []
    files: list[Path] = []
    for folder, subfolders, names in os.walk(top, followlinks=False):
        here = Path(folder)
        subfolders[:] = sorted(name for name in subfolders if not skipped_folder(here / name))
        if DATASET_FILE in names:
            roots.append(here)
            subfolders[:] = [name for name in subfolders if name != RELEASES_DIR]
        files.extend(here / name for name in sorted(names) if name.endswith((".json", ".jsonl")))
    return sorted(roots), sorted(files)


def _in_release(path: Path) -> bool:
    """Whether `path` lies in a dataset's `releases/` (checked by checksum, not as records)."""
    return any(
        part.name == RELEASES_DIR and (part.parent / DATASET_FILE).is_file()
        for part in path.parents
    )


def _dataset_root(path: Path) -> Path | None:
    """The dataset a file belongs to: its folder if it is dataset.json, or records/'s parent."""
    if path.name == DATASET_FILE:
        return path.parent
    parent = path.parent
    if parent.name == RECORDS_DIR and (parent.parent / DATASET_FILE).is_file():
        return parent.parent
    return None


def display_path(path: Path) -> str:
    """A path as people read it: relative to the working folder when it is inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def make_finding(
    code: str,
    shown: str,
    message: str,
    hint: str = "",
    line: int | None = None,
    column: int | None = None,
    record_id: str | None = None,
    pointer: Pointer | None = None,
) -> Finding:
    """A finding of rule `code`, with the rule's severity and, by default, its hint."""
    rule = RULES[code]
    return Finding(
        code,
        rule.severity,
        message,
        hint or rule.hint,
        shown,
        line,
        column,
        record_id,
        None if pointer is None else format_pointer(pointer),
    )


def problem_finding(problem: Problem, shown: str) -> Finding:
    """A reading problem as a finding in the file shown as `shown`."""
    return make_finding(
        problem.code, shown, problem.message, problem.hint, problem.line, problem.column
    )


class _Located(Protocol):
    """Something that can say where a value of a record starts in its file."""

    def position(self, pointer: Pointer = (), *, key: bool = False) -> tuple[int, int]: ...


class _Place:
    """Where a record the fast path accepted sits in its file: a range of bytes.

    The text is read again, and parsed for positions, only if a finding must point into it.
    """

    __slots__ = ("_document", "end", "first_line", "path", "start")

    def __init__(self, path: Path, start: int, end: int, first_line: int) -> None:
        self.path = path
        self.start = start
        self.end = end
        self.first_line = first_line
        self._document: Document | None = None

    def position(self, pointer: Pointer = (), *, key: bool = False) -> tuple[int, int]:
        if self._document is None:
            try:
                with self.path.open("rb") as file:
                    file.seek(self.start)
                    text = file.read(self.end - self.start).decode("utf-8", "replace")
            except OSError:
                text = ""
            self._document = Document(None, text, self.first_line)
        return self._document.position(pointer, key=key)


@dataclass
class _FileCheck:
    """What checking the records of one file needs to know, and what it found.

    Workers of a parallel check fill one each; `places` holds a fast record's byte range
    and line as a tuple (cheap to send back), or the exact path's `Document`.
    """

    path: Path
    shown: str
    context: RecordContext
    findings: CappedFindings = field(default_factory=CappedFindings)
    entries: list[DatasetEntry] = field(default_factory=list)
    places: list[tuple[int, int, int] | Document] = field(default_factory=list)
    records: int = 0
    undecodable: bool = False
    rules_not_run: int = 0
    records_not_fully_checked: int = 0

    def fast_record(self, record: Any, raw: bytes, start: int, end: int, line: int) -> None:
        """A record the fast path accepted: run the record rules, keep its dataset entry."""
        self.records += 1
        document: Document | None = None
        for rule in _record_rules():
            for violation in rule.check(record, self.context):  # type: ignore[misc]
                if document is None:
                    document = Document(None, raw[start:end].decode("utf-8"), line)
                self.findings.append(
                    _finding(rule.code, violation, document, self.shown, record.id)
                )
        self.entries.append(DatasetEntry.of(record, self.path))
        self.places.append((start, end, line))

    def exact(self, result: ReadResult) -> None:
        """Records read by the exact path: every problem, with positions."""
        from ..model.models import Record
        from .structure import check_record

        shown = self.shown
        self.findings.extend(problem_finding(p, shown) for p in result.problems)
        for document in result.documents:
            self.records += 1
            data = document.data
            record_id = data.get("id") if isinstance(data, dict) else None
            record_id = record_id if isinstance(record_id, str) else None
            record, issues, partial = check_record(Record, data)
            for issue in issues:
                self.findings.append(_structure_finding(issue, document, shown, record_id))
            if record is None:
                self._refused(partial, document, record_id)
                continue
            for rule in _record_rules():
                for violation in rule.check(record, self.context):  # type: ignore[misc]
                    self.findings.append(_finding(rule.code, violation, document, shown, record.id))
            self.entries.append(DatasetEntry.of(record, self.path))
            # From here on only positions are needed: free the parsed data.
            document.data = None
            self.places.append(document)

    def _refused(self, partial: Salvaged | None, document: Document, record_id: str | None) -> None:
        """A record with structure errors: the record rules that read none of the refused
        fields still run on the rest; the others are counted, for the summary to say so."""
        rules = _record_rules()
        runnable = (
            [] if partial is None else [r for r in rules if not r.reads_any(partial.replaced)]
        )
        for rule in runnable:
            for violation in rule.check(partial.record, self.context):  # type: ignore[union-attr]
                self.findings.append(
                    _finding(rule.code, violation, document, self.shown, record_id)
                )
        if len(runnable) < len(rules):
            self.rules_not_run += len(rules) - len(runnable)
            self.records_not_fully_checked += 1

    def lines(self, raw: bytes, start: int, stop: int, number: int) -> None:
        """Check the lines of JSON Lines `raw` from byte `start` (line `number`) to
        `stop`, each by the fast path if it can, else by the exact path."""
        from .fast_path import screen_record

        while start < stop:
            newline = raw.find(b"\n", start, stop)
            if newline < 0:
                newline = stop
            end = newline - 1 if newline > start and raw[newline - 1] == 0x0D else newline
            record = screen_record(raw[start:end]) if end > start else None
            if record is not None:
                self.fast_record(record, raw, start, end, number)
            else:
                try:
                    text = raw[start:newline].decode("utf-8")
                except UnicodeDecodeError:
                    self.undecodable = True
                    return
                result = ReadResult()
                read_jsonl_line(text, number, result)
                self.exact(result)
            start = newline + 1
            number += 1


_PARALLEL_BYTES = 8 << 20
"""JSON Lines files at least this large are checked by several processes, when there are
several cores: below it, starting a process costs more than it saves."""
_SHARED: dict[str, Any] = {}


def _workers() -> int:
    """How many processes may check one file: the usable cores, where `fork` is safe."""
    import sys

    if sys.platform != "linux":
        return 1
    return min(len(os.sched_getaffinity(0)), 8)


def _check_chunk(start: int, stop: int, number: int) -> _FileCheck:
    """Run in a forked worker: check one range of the file the parent has in `_SHARED`."""
    check = _FileCheck(_SHARED["path"], _SHARED["shown"], _SHARED["context"])
    check.lines(_SHARED["raw"], start, stop, number)
    # The context is the parent's own; what goes back is only what was found.
    check.context = None  # type: ignore[assignment]
    return check


def _check_jsonl(raw: bytes, path: Path, shown: str, context: RecordContext) -> list[_FileCheck]:
    """Check a JSON Lines file by the fast path, on several cores when it is large."""
    workers = _workers() if len(raw) >= _PARALLEL_BYTES else 1
    bounds = [0]
    for k in range(1, workers):
        cut = raw.find(b"\n", len(raw) * k // workers)
        if cut < 0 or cut + 1 <= bounds[-1]:
            break
        bounds.append(cut + 1)
    bounds.append(len(raw))
    chunks = [(a, b, 1 + raw.count(b"\n", 0, a)) for a, b in itertools.pairwise(bounds)]
    if len(chunks) == 1:
        check = _FileCheck(path, shown, context)
        check.lines(raw, 0, len(raw), 1)
        return [check]
    import multiprocessing

    _SHARED.update(raw=raw, path=path, shown=shown, context=context)
    try:
        # Forked workers see the file's bytes without copying them; this process checks
        # the first range meanwhile.
        with multiprocessing.get_context("fork").Pool(len(chunks) - 1) as pool:
            pending = pool.starmap_async(_check_chunk, chunks[1:])
            first = _check_chunk(*chunks[0])
            return [first, *pending.get()]
    finally:
        _SHARED.clear()


@cache
def _record_rules() -> list[Any]:
    return rules_for("record")


def _structure_finding(
    issue: StructureIssue, document: Document, shown: str, record_id: str | None
) -> Finding:
    line, column = document.position(issue.pointer, key=issue.key)
    return make_finding(
        issue.code, shown, issue.message, issue.hint, line, column, record_id, issue.pointer
    )


def _finding(
    code: str, violation: Violation, located: _Located, shown: str, record_id: str | None
) -> Finding:
    line, column = located.position(violation.pointer, key=violation.key)
    return make_finding(
        code, shown, violation.message, violation.hint, line, column, record_id, violation.pointer
    )


class _Checker:
    def __init__(self, today: date, report: Report) -> None:
        self.today = today
        self.report = report

    def check_unit(self, unit: _Unit) -> None:
        from .fast_path import default_policy

        if unit.release is not None:
            self._check_release(unit.release)
            return
        from .releases import release_findings

        focus = unit.focus
        info = None
        latest = None
        files = list(unit.files)
        found = CappedFindings()
        if unit.root is not None:
            info_path = unit.root / DATASET_FILE
            info = self._check_info(info_path, found)
            files = self._record_files(unit.root, found)
            release_found, latest = release_findings(unit.root, today=self.today)
            found.extend(release_found)
        policy = info.policy if info is not None else default_policy()
        entries: list[DatasetEntry] = []
        located: list[_Located] = []
        for path in files:
            within = unit.root if unit.root is not None else unit.within.get(path)
            self._check_record_file(path, within, policy, found, entries, located)
        self._dataset_rules(entries, located, info, found)
        if latest is not None and latest.entries:
            released = {entry.id: entry for entry in latest.entries}
            self._release_rules(released, entries, located, found)
        omitted = found.omitted
        kept: list[Finding] = found
        if focus is not None:
            shown_focus = {display_path(p) for p in focus}
            kept = [f for f in found if f.path in shown_focus]
            omitted = Counter({k: n for k, n in omitted.items() if k[0] in shown_focus})
        room = FINDINGS_IN_ALL - len(self.report.findings)
        self.report.findings.extend(kept[:room])
        for finding in kept[room:]:
            omitted[(finding.path, finding.code, finding.severity)] += 1
        self.report.omitted.update(omitted)

    def _check_release(self, folder: Path) -> None:
        from .releases import check_release

        checked = check_release(folder, today=self.today)
        self.report.files += 1 + len(checked.manifest.files if checked.manifest else ())
        self.report.records += checked.records
        room = FINDINGS_IN_ALL - len(self.report.findings)
        self.report.findings.extend(checked.findings[:room])
        self.report.omitted.update(getattr(checked.findings, "omitted", {}))

    def _dataset_rules(
        self, entries: list[DatasetEntry], located: list[_Located], info: Any, found: list[Finding]
    ) -> None:
        for rule in rules_for("dataset"):
            if rule.check is None:
                continue
            for violation in rule.check(entries, info):
                index = violation.record_index
                entry = entries[index]
                found.append(
                    _finding(
                        rule.code, violation, located[index], display_path(entry.path), entry.id
                    )
                )

    def _release_rules(
        self,
        released: dict[str, DatasetEntry],
        entries: list[DatasetEntry],
        located: list[_Located],
        found: list[Finding],
    ) -> None:
        """The rules comparing the working copy with its latest release (FC308)."""
        for rule in rules_for("release"):
            if rule.check is None:
                continue
            for violation in rule.check(entries, released):
                index = violation.record_index
                entry = entries[index]
                found.append(
                    _finding(
                        rule.code, violation, located[index], display_path(entry.path), entry.id
                    )
                )

    def _check_info(self, path: Path, found: list[Finding]) -> Any:
        from .fast_path import screen_info

        self.report.files += 1
        shown = display_path(path)
        raw = read_or_report(path, shown, found, within=path.parent, limit=INFO_FILE_LIMIT)
        if raw is None:
            return None
        info = screen_info(raw)
        located: _Located
        if info is not None:
            located = _Place(path, 0, len(raw), 1)
        else:
            info, located = self._check_info_exactly(raw, shown, found)
            if info is None:
                return None
        if info.name != path.parent.name:
            found.append(
                _finding(
                    "FC304",
                    Violation(
                        ("name",),
                        f"dataset name {info.name!r} differs from its folder {path.parent.name!r}",
                    ),
                    located,
                    shown,
                    None,
                )
            )
        return info

    def _check_info_exactly(self, raw: bytes, shown: str, found: list[Finding]) -> Any:
        from ..model.models import DatasetInfo
        from .structure import check_structure

        result = read_json_bytes(raw)
        found.extend(problem_finding(p, shown) for p in result.problems)
        if not result.documents:
            return None, None
        document = result.documents[0]
        info, issues = check_structure(DatasetInfo, document.data)
        for issue in issues:
            found.append(_structure_finding(issue, document, shown, None))
        return info, document

    def _record_files(self, root: Path, found: list[Finding]) -> list[Path]:
        records = root / RECORDS_DIR
        try:
            refuse_link_out(records, root)
        except Refused as refused:
            found.append(make_finding("FC303", display_path(records), str(refused)))
            return []
        if not records.is_dir():
            return []
        files = []
        for path in sorted(records.iterdir()):
            shown = display_path(path)
            if path.name.startswith("."):
                continue
            if path.suffix == ".json" and (path.is_symlink() or path.is_file()):
                files.append(path)  # a link is refused when read if it leads out
            elif path.suffix == ".json" and path.exists() and not path.is_dir():
                found.append(
                    make_finding("FC011", shown, f"{path.name} is not a regular file; not read")
                )
            else:
                found.append(
                    make_finding(
                        "FC010",
                        shown,
                        f"{path.name} is not a .json record file and was not checked",
                    )
                )
        return files

    def _check_record_file(
        self,
        path: Path,
        within: Path | None,
        policy: Any,
        found: list[Finding],
        entries: list[DatasetEntry],
        located: list[_Located],
    ) -> None:
        from .fast_path import screen_record

        self.report.files += 1
        shown = display_path(path)
        jsonl = path.suffix == ".jsonl"
        limit = JSONL_FILE_LIMIT if jsonl else RECORD_FILE_LIMIT
        raw = read_or_report(path, shown, found, within=within, limit=limit)
        if raw is None:
            return
        stem = path.stem if path.suffix == ".json" else None
        context = RecordContext(stem, self.today, policy)
        checks: list[_FileCheck] = []
        if raw and not needs_decoding_check(raw):
            if jsonl:
                checks = _check_jsonl(raw, path, shown, context)
            else:
                record = screen_record(raw)
                if record is not None:
                    check = _FileCheck(path, shown, context)
                    check.fast_record(record, raw, 0, len(raw), 1)
                    checks = [check]
        if not checks or any(check.undecodable for check in checks):
            # Not UTF-8, a byte-order mark, an empty file, or a .json file that the fast path
            # did not accept: the exact path reads the whole file.
            check = _FileCheck(path, shown, context)
            check.exact(read_jsonl_bytes(raw) if jsonl else read_json_bytes(raw))
            checks = [check]
        for check in checks:
            self.report.records += check.records
            self.report.rules_not_run += check.rules_not_run
            self.report.records_not_fully_checked += check.records_not_fully_checked
            found.extend(check.findings)
            entries.extend(check.entries)
            located.extend(
                _Place(path, *place) if isinstance(place, tuple) else place
                for place in check.places
            )


def record_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The record files (`.json` and `.jsonl`) that validating `paths` would check."""
    files: list[Path] = []
    for unit in _plan([Path(p) for p in paths]):
        if unit.root is not None and unit.focus is not None:
            files.extend(sorted(p for p in unit.focus if p.parent.name == RECORDS_DIR))
        elif unit.root is not None:
            records = unit.root / RECORDS_DIR
            files.extend(sorted(records.glob("*.json")) if records.is_dir() else [])
        else:
            files.extend(unit.files)
    return files


def read_or_report(
    path: Path,
    shown: str,
    found: list[Finding],
    *,
    within: Path | None,
    limit: int,
    missing: str | None = None,
) -> bytes | None:
    """The file's bytes, read with `files.read_regular_file`'s refusals; or `None` after a
    finding saying why not: FC303 a link out, FC011 a special file, FC012 too large, FC009
    unreadable — or, for a file that is not there, `missing`'s rule when given."""
    try:
        return read_regular_file(path, within=within, limit=limit)
    except Refused as refused:
        code = {"link": "FC303", "special": "FC011", "size": "FC012"}[refused.kind]
        found.append(make_finding(code, shown, f"{refused}; not read"))
    except FileNotFoundError as error:
        if missing is not None:
            found.append(make_finding(missing, shown, f"{path.name} is missing"))
        else:
            found.append(make_finding("FC009", shown, f"cannot read the file: {error.strerror}"))
    except OSError as error:
        found.append(
            make_finding("FC009", shown, f"cannot read the file: {error.strerror or error}")
        )
    except (RuntimeError, ValueError) as error:  # a link loop; a NUL in a name
        found.append(make_finding("FC009", shown, f"cannot read the file: {error}"))
    return None


def checked_files(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, Path | None]]:
    """Every file validating `paths` reads, with the folder it must lie in: each dataset's
    `dataset.json` and record files, and the loose `.json`/`.jsonl` files (releases are
    not listed: nothing but `factcheck release` writes them). `factcheck fmt` formats these,
    so the two commands always see the same files."""
    files: list[tuple[Path, Path | None]] = []
    for unit in _plan(_paths(paths)):
        if unit.release is not None:
            continue
        if unit.root is None:
            files.extend((path, unit.within.get(path)) for path in unit.files)
            continue
        if unit.focus is not None:
            files.extend((path, unit.root) for path in sorted(unit.focus))
            continue
        files.append((unit.root / DATASET_FILE, unit.root))
        records = unit.root / RECORDS_DIR
        if records.is_dir() and not records.is_symlink():
            files.extend(
                (path, unit.root)
                for path in sorted(records.iterdir())
                if path.suffix in (".json", ".jsonl") and not path.name.startswith(".")
            )
    return files


def check_records_file(
    path: Path, within: Path, policy: Any, today: date, report: Report
) -> list[DatasetEntry]:
    """Check one file of records on its own (a release's `records.jsonl`): every layer,
    the dataset rules across its records included. Fills `report`; returns the entries."""
    checker = _Checker(today, report)
    found = CappedFindings()
    entries: list[DatasetEntry] = []
    located: list[_Located] = []
    checker._check_record_file(path, within, policy, found, entries, located)
    checker._dataset_rules(entries, located, None, found)
    report.findings.extend(found)
    report.omitted.update(found.omitted)
    return entries
