"""Validation: find the files, read them, check structure and rules, collect a report."""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import PathNotFoundError, UsageError
from ..files import Refused, read_regular_file, refuse_link_out
from ..model.layout import RECORD_SUFFIXES
from .findings import FINDINGS_IN_ALL, CappedFindings, Finding, Report
from .reading import Document, Pointer, Problem, format_pointer, read_json_bytes
from .rules import RULES, DatasetKeys, ReleasedKeys, Violation, rules_for
from .rules.dataset import PER_RECORD

if TYPE_CHECKING:
    from .shards import Shard, ShardResult
    from .structure import StructureIssue

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
    jobs: int | None = None,
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
        jobs: How many processes check the records: `None` for every core when there are
            at least a few megabytes to check, `1` for this process alone. The report is
            the same for every number.

    Returns:
        A `Report` with every finding, sorted by file and position.

    Raises:
        PathNotFoundError: A path does not exist.
        UsageError: `paths` is not a path or a list of paths, `today` is not a date, or
            `jobs` is not a positive number.
    """
    from .shards import run_shards

    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise UsageError(f"jobs must be a positive whole number, not {jobs!r}")
    # Validation makes no reference cycles worth collecting, but millions of small objects
    # that would make the cycle collector walk them over and over.
    collecting = gc.isenabled()
    gc.disable()
    try:
        made = plan(paths, today=today, jobs=jobs)
        return merge(made, run_shards(made.shards, jobs))
    finally:
        if collecting:
            gc.enable()


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
    """Where a record sits in its file: the byte it starts at, and its line.

    The text is read again, and parsed for positions, only if a finding must point into it
    or name the record (the rules across records keep nothing else of a record).
    """

    __slots__ = ("_document", "first_line", "jsonl", "path", "start", "within")

    def __init__(self, path: Path, start: int, first_line: int, within: Path | None) -> None:
        self.path = path
        self.start = start
        self.first_line = first_line
        self.within = within
        self.jsonl = path.suffix == ".jsonl"
        self._document: Document | None = None

    def text(self) -> str:
        """The record's text, read again from its file (empty if it cannot be read)."""
        if self._document is None:
            self._document = Document(None, self._read(), self.first_line)
        return self._document.text

    def _read(self) -> str:
        from ..files import open_regular_file

        try:
            fd = open_regular_file(self.path, within=self.within, limit=JSONL_FILE_LIMIT)
        except (OSError, RuntimeError, ValueError):
            return ""
        try:
            chunks: list[bytes] = []
            offset = self.start
            while chunk := os.pread(fd, 1 << 16, offset):
                offset += len(chunk)
                end = chunk.find(b"\n") if self.jsonl else -1
                if end >= 0:
                    chunks.append(chunk[:end])
                    break
                chunks.append(chunk)
                if offset - self.start > RECORD_FILE_LIMIT and not self.jsonl:
                    break
        except OSError:
            return ""
        finally:
            os.close(fd)
        raw = b"".join(chunks)
        if self.jsonl:
            raw = raw.removesuffix(b"\r")
        return raw.decode("utf-8", "replace")

    def position(self, pointer: Pointer = (), *, key: bool = False) -> tuple[int, int]:
        self.text()
        assert self._document is not None
        return self._document.position(pointer, key=key)

    def recall(self) -> tuple[str | None, str | None]:
        """The record's id and claim text, as read again."""
        import msgspec

        try:
            data = msgspec.json.decode(self.text())
        except msgspec.DecodeError:
            return None, None
        if not isinstance(data, dict):
            return None, None
        claim = data.get("claim")
        text = claim.get("text") if isinstance(claim, dict) else None
        ident = data.get("id")
        return (
            ident if isinstance(ident, str) else None,
            text if isinstance(text, str) else None,
        )


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


@dataclass
class _UnitPlan:
    """One dataset (or group of loose files, or release folder) of a plan: what was found
    before its records are read, and what the rules across its records need."""

    root: Path | None
    focus: set[Path] | None
    head: CappedFindings = field(default_factory=CappedFindings)
    info: Any = None
    released: ReleasedKeys | None = None
    release: Any = None  # a release folder's CheckedRelease, for a release unit
    files: int = 0


@dataclass
class Plan:
    """What validating some paths checks: the record files as shards, and for each dataset
    what its `dataset.json` and releases say (checked when the plan is made).

    Attributes:
        today: The date that counts as today.
        shards: Every record file to check; run `check_shard` on each (anywhere: in this
            process, on every core, on a cluster) and give the results to `merge`.
    """

    today: date
    shards: list[Shard] = field(default_factory=list)
    units: list[_UnitPlan] = field(default_factory=list)


def plan(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    *,
    today: date | None = None,
    jobs: int | None = None,
) -> Plan:
    """Plan the validation of `paths` (as `validate` takes them): check each dataset's
    `dataset.json` and releases, and list its record files as shards.

    Args:
        paths: Files and folders, or `None` for the bundled datasets.
        today: The date that counts as today (default: the current date).
        jobs: Processes that check the records of releases (see `validate`).

    Raises:
        PathNotFoundError: A path does not exist.
        UsageError: `paths` or `today` is not what it should be.
    """
    from ..files import datasets_dir

    targets = _paths(paths) if paths is not None else [datasets_dir()]
    if today is not None and (not isinstance(today, date) or isinstance(today, datetime)):
        raise UsageError(f"today must be a datetime.date, not {type(today).__name__}")
    made = Plan(today or date.today())
    for unit in _plan(targets):
        _plan_unit(made, unit, jobs)
    return made


def _plan_unit(made: Plan, unit: _Unit, jobs: int | None) -> None:
    from .fast_path import default_policy
    from .releases import check_release, release_findings
    from .shards import Shard, policy_data

    number = len(made.units)
    planned = _UnitPlan(unit.root, unit.focus)
    made.units.append(planned)
    if unit.release is not None:
        planned.release = check_release(unit.release, today=made.today, jobs=jobs)
        return
    files = list(unit.files)
    if unit.root is not None:
        planned.info = _check_info(unit.root / DATASET_FILE, planned.head)
        planned.files += 1
        files = _record_files(unit.root, planned.head)
        release_found, latest = release_findings(unit.root, today=made.today, jobs=jobs)
        planned.head.extend(release_found)
        if latest is not None and latest.released is not None and len(latest.released):
            planned.released = latest.released
    info = planned.info
    policy = policy_data(info.policy if info is not None else default_policy())
    topics = tuple(getattr(info, "topics", None) or ()) or None
    for path in files:
        within = unit.root if unit.root is not None else unit.within.get(path)
        made.shards.append(
            Shard(
                path,
                display_path(path),
                within,
                made.today,
                policy,
                topics,
                unit=number,
                index=len(made.shards),
                compare=planned.released is not None,
            )
        )


def merge(made: Plan, results: Iterable[ShardResult]) -> Report:
    """The report of a plan, from the results of `check_shard` on its shards (in any order).

    Runs the rules across records (duplicate ids and claims, corrections since the latest
    release) once over the keys of every shard of each dataset. The records a finding is
    about are read again from their files to place and name them, so the files must be
    readable where `merge` runs.

    Raises:
        UsageError: `results` does not hold one result for every shard of the plan.
    """
    ordered = sorted(results, key=lambda result: result.index)
    if [result.index for result in ordered] != list(range(len(made.shards))):
        raise UsageError("merge needs exactly one result for every shard of the plan")
    by_unit: dict[int, list[ShardResult]] = {}
    for result in ordered:
        by_unit.setdefault(result.unit, []).append(result)
    report = Report()
    collecting = gc.isenabled()
    gc.disable()
    try:
        for number, unit in enumerate(made.units):
            _merge_unit(made, unit, by_unit.get(number, []), report)
    finally:
        if collecting:
            gc.enable()
    report.findings.sort(key=lambda f: f.sort_key)
    return report


def _merge_unit(made: Plan, unit: _UnitPlan, results: list[ShardResult], report: Report) -> None:
    if unit.release is not None:
        checked = unit.release
        report.files += 1 + len(checked.manifest.files if checked.manifest else ())
        report.records += checked.records
        room = FINDINGS_IN_ALL - len(report.findings)
        report.findings.extend(checked.findings[:room])
        report.omitted.update(getattr(checked.findings, "omitted", {}))
        return
    report.files += unit.files + len(results)
    found = CappedFindings()
    found.extend(unit.head)
    later = CappedFindings()
    # One shard's keys are used as they are; several are put in one table, each freed
    # once copied.
    keys = results[0].keys if len(results) == 1 else DatasetKeys()
    shards: list[Shard] = []
    for result in results:
        report.records += result.records
        report.rules_not_run += result.rules_not_run
        report.records_not_fully_checked += result.records_not_fully_checked
        found.extend(result.findings)
        later.extend(result.later)
        if keys is not result.keys:
            keys.extend(result.keys)
            result.keys = DatasetKeys()
        shards.extend([made.shards[result.index]] * len(keys.paths[len(shards) :]))
    _cross_record_rules(keys, shards, unit, found, later)
    omitted = found.omitted
    kept: list[Finding] = found
    if unit.focus is not None:
        shown_focus = {display_path(p) for p in unit.focus}
        kept = [f for f in found if f.path in shown_focus]
        omitted = Counter({k: n for k, n in omitted.items() if k[0] in shown_focus})
    room = FINDINGS_IN_ALL - len(report.findings)
    report.findings.extend(kept[:room])
    for finding in kept[room:]:
        omitted[(finding.path, finding.code, finding.severity)] += 1
    report.omitted.update(omitted)


def _cross_record_rules(
    keys: DatasetKeys,
    shards: list[Shard],
    unit: _UnitPlan,
    found: CappedFindings,
    later: CappedFindings,
) -> None:
    """The dataset rules and the rules against the latest release, over `keys`; `later`
    holds the findings of the dataset rules checked per record, reported in rule order."""
    from functools import lru_cache

    @lru_cache(maxsize=4096)
    def place(index: int) -> _Place:
        shard = shards[keys.file[index]]  # type: ignore[attr-defined]
        start, line = keys.start[index], keys.line[index]  # type: ignore[attr-defined]
        return _Place(shard.path, start, line, shard.within)

    keys.recall = lambda index: place(index).recall()

    def add(code: str, violation: Violation) -> None:
        index = violation.record_index
        assert index is not None
        shown = keys.shown[keys.file[index]]  # type: ignore[attr-defined]
        if not found.keeps(shown, code):
            found.omitted[(shown, code, RULES[code].severity)] += 1
            return
        located = place(index)
        found.append(_finding(code, violation, located, shown, located.recall()[0]))

    for rule in rules_for("dataset"):
        if rule.code in PER_RECORD:
            found.extend(later)
        elif rule.check is not None:
            for violation in rule.check(keys, unit.info):
                add(rule.code, violation)
    if unit.released is not None:
        for rule in rules_for("release"):
            if rule.check is not None:
                for violation in rule.check(keys, unit.released):
                    add(rule.code, violation)


def _check_info(path: Path, found: list[Finding]) -> Any:
    from .fast_path import screen_info

    shown = display_path(path)
    raw = read_or_report(path, shown, found, within=path.parent, limit=INFO_FILE_LIMIT)
    if raw is None:
        return None
    info = screen_info(raw)
    located: _Located
    if info is not None:
        located = Document(None, raw.decode("utf-8"), 1)
    else:
        info, located = _check_info_exactly(raw, shown, found)
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


def _check_info_exactly(raw: bytes, shown: str, found: list[Finding]) -> Any:
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


def _record_files(root: Path, found: list[Finding]) -> list[Path]:
    """The record files of a dataset: `records/*.json` and `records/*.jsonl` shards, in
    name order; anything else in `records/` is reported."""
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
        record_file = path.suffix in RECORD_SUFFIXES
        if record_file and (path.is_symlink() or path.is_file()):
            files.append(path)  # a link is refused when read if it leads out
        elif record_file and path.exists() and not path.is_dir():
            found.append(
                make_finding("FC011", shown, f"{path.name} is not a regular file; not read")
            )
        else:
            found.append(
                make_finding(
                    "FC010",
                    shown,
                    f"{path.name} is not a .json record file or .jsonl shard and was not checked",
                )
            )
    return files


def record_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The record files (`.json` and `.jsonl`) that validating `paths` would check."""
    files: list[Path] = []
    for unit in _plan([Path(p) for p in paths]):
        if unit.root is not None and unit.focus is not None:
            files.extend(sorted(p for p in unit.focus if p.parent.name == RECORDS_DIR))
        elif unit.root is not None:
            records = unit.root / RECORDS_DIR
            if records.is_dir():
                files.extend(sorted(p for p in records.iterdir() if p.suffix in RECORD_SUFFIXES))
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
    finding saying why not (see `unreadable_finding`)."""
    try:
        return read_regular_file(path, within=within, limit=limit)
    except (OSError, RuntimeError, ValueError) as error:
        found.append(unreadable_finding(error, path, shown, missing))
    return None


def unreadable_finding(
    error: Exception, path: Path, shown: str, missing: str | None = None
) -> Finding:
    """Why a file was not read, as a finding: FC303 a link out, FC011 a special file, FC012
    too large, FC009 unreadable — or, for a file that is not there, `missing`'s rule when
    given."""
    if isinstance(error, Refused):
        code = {"link": "FC303", "special": "FC011", "size": "FC012"}[error.kind]
        return make_finding(code, shown, f"{error}; not read")
    if isinstance(error, FileNotFoundError):
        if missing is not None:
            return make_finding(missing, shown, f"{path.name} is missing")
        return make_finding("FC009", shown, f"cannot read the file: {error.strerror}")
    if isinstance(error, OSError):
        return make_finding("FC009", shown, f"cannot read the file: {error.strerror or error}")
    # A link loop; a NUL in a name.
    return make_finding("FC009", shown, f"cannot read the file: {error}")


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
    path: Path,
    within: Path,
    policy: Any,
    today: date,
    report: Report,
    *,
    jobs: int | None = None,
) -> DatasetKeys:
    """Check one file of records on its own (a release's `records.jsonl`): every layer,
    the dataset rules across its records included. Fills `report`; returns the keys of
    its records."""
    from .shards import Shard, policy_data, run_shards

    made = Plan(today)
    unit = _UnitPlan(None, None)
    made.units.append(unit)
    shown = display_path(path)
    made.shards.append(Shard(path, shown, within, today, policy_data(policy), compare=True))
    results = run_shards(made.shards, jobs)
    found = CappedFindings()
    later = CappedFindings()
    keys = DatasetKeys(compare=True)
    for result in results:
        report.files += 1
        report.records += result.records
        report.rules_not_run += result.rules_not_run
        report.records_not_fully_checked += result.records_not_fully_checked
        found.extend(result.findings)
        later.extend(result.later)
        keys.extend(result.keys)
    _cross_record_rules(keys, made.shards * len(keys.paths), unit, found, later)
    report.findings.extend(found)
    report.omitted.update(found.omitted)
    return keys
