"""Validation: find the files, read them, check structure and rules, collect a report."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import PathNotFoundError
from .findings import Finding, Report
from .reading import Document, Pointer, Problem, format_pointer, read_file
from .rules import RULES, DatasetEntry, RecordContext, Violation, rules_for
from .structure import StructureIssue, check_structure

DATASET_FILE = "dataset.json"
RECORDS_DIR = "records"
RELEASES_DIR = "releases"


@dataclass
class _Unit:
    """Files checked together: a dataset folder, or loose record files."""

    root: Path | None
    files: list[Path] = field(default_factory=list)
    focus: set[Path] | None = None  # report only on these files; None = all


def validate(
    paths: Iterable[str | os.PathLike[str]] | None = None, *, today: date | None = None
) -> Report:
    """Validate record files, JSON Lines files and dataset folders.

    Args:
        paths: Files (``.json``, ``.jsonl``, ``dataset.json``) and folders. A folder is searched
            for datasets (folders holding ``dataset.json``) and loose record files. A file
            inside a dataset is checked against the whole dataset (for duplicate ids and
            claims), and only its own findings are reported. ``None`` checks the bundled
            datasets.
        today: The date that counts as today for the "not in the future" rule (default: the
            current date).

    Returns:
        A :class:`~factcheck.findings.Report` with every finding, sorted by file and position.

    Raises:
        PathNotFoundError: A path does not exist.
    """
    from .files import datasets_dir

    targets = [Path(p) for p in paths] if paths is not None else [datasets_dir()]
    report = Report()
    checker = _Checker(today or date.today(), report)
    for unit in _plan(targets):
        checker.check_unit(unit)
    report.findings.sort(key=lambda f: f.sort_key)
    return report


def _plan(targets: list[Path]) -> list[_Unit]:
    datasets: dict[Path, _Unit] = {}
    loose = _Unit(None)
    for target in targets:
        if not target.exists() and not target.is_symlink():
            raise PathNotFoundError(f"no such file or directory: {target}")
        if target.is_dir():
            roots = sorted({p.parent for p in target.rglob(DATASET_FILE) if not _in_release(p)})
            for root in roots:
                datasets.setdefault(root, _Unit(root)).focus = None
            for path in sorted(target.rglob("*")):
                if (
                    path.suffix in (".json", ".jsonl")
                    and path.is_file()
                    and not any(path.is_relative_to(root) for root in roots)
                    and not _in_release(path)
                ):
                    loose.files.append(path)
            continue
        root = _dataset_root(target)
        if root is None:
            loose.files.append(target)
            continue
        unit = datasets.setdefault(root, _Unit(root, focus=set()))
        if unit.focus is not None:
            unit.focus.add(target.absolute())
    units = [datasets[root] for root in sorted(datasets)]
    if loose.files:
        units.append(loose)
    return units


def _in_release(path: Path) -> bool:
    """Whether ``path`` lies in a dataset's ``releases/`` (checked by checksum, not as records)."""
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
    """A finding of rule ``code``, with the rule's severity and, by default, its hint."""
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
    """A reading problem as a finding in the file shown as ``shown``."""
    return make_finding(
        problem.code, shown, problem.message, problem.hint, problem.line, problem.column
    )


class _Checker:
    def __init__(self, today: date, report: Report) -> None:
        self.today = today
        self.report = report

    def check_unit(self, unit: _Unit) -> None:
        from .models import DatasetInfo, Policy

        focus = unit.focus
        info = None
        files = list(unit.files)
        found: list[Finding] = []
        if unit.root is not None:
            info_path = unit.root / DATASET_FILE
            info = self._check_info(info_path, found)
            files = self._record_files(unit.root, found)
            found.extend(_release_findings(unit.root))
        policy = info.policy if isinstance(info, DatasetInfo) else Policy()
        entries: list[DatasetEntry] = []
        located: list[tuple[Document, str]] = []
        for path in files:
            self._check_record_file(path, policy, found, entries, located)
        for rule in rules_for("dataset"):
            if rule.check is None:
                continue
            for violation in rule.check(entries, info):
                index = violation.record_index
                document, shown = located[index]
                found.append(
                    self._finding(rule.code, violation, document, shown, entries[index].id)
                )
        if focus is not None:
            shown_focus = {display_path(p) for p in focus}
            found = [f for f in found if f.path in shown_focus]
        self.report.findings.extend(found)

    def _check_info(self, path: Path, found: list[Finding]) -> Any:
        from .models import DatasetInfo

        self.report.files += 1
        document = self._read(path, found, expect_one=True)
        if document is None:
            return None
        info, issues = check_structure(DatasetInfo, document.data)
        shown = display_path(path)
        for issue in issues:
            found.append(self._structure_finding(issue, document, shown, None))
        if info is not None and info.name != path.parent.name:
            found.append(
                self._finding(
                    "FC304",
                    Violation(
                        ("name",),
                        f"dataset name {info.name!r} differs from its folder {path.parent.name!r}",
                    ),
                    document,
                    shown,
                    None,
                )
            )
        return info

    def _record_files(self, root: Path, found: list[Finding]) -> list[Path]:
        records = root / RECORDS_DIR
        if not records.is_dir():
            return []
        files = []
        real_root = root.resolve()
        for path in sorted(records.iterdir()):
            shown = display_path(path)
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                found.append(
                    make_finding(
                        "FC303",
                        shown,
                        f"{path.name} links to {os.readlink(path)}, outside the dataset folder",
                    )
                )
            elif path.suffix != ".json" or not path.is_file():
                if not path.name.startswith("."):
                    found.append(
                        make_finding(
                            "FC010",
                            shown,
                            f"{path.name} is not a .json record file and was not checked",
                        )
                    )
            else:
                files.append(path)
        return files

    def _read(self, path: Path, found: list[Finding], expect_one: bool = False) -> Any:
        shown = display_path(path)
        try:
            result = read_file(path)
        except OSError as error:
            found.append(
                make_finding("FC009", shown, f"cannot read the file: {error.strerror or error}")
            )
            return None
        found.extend(problem_finding(p, shown) for p in result.problems)
        if expect_one:
            return result.documents[0] if result.documents else None
        return result.documents

    def _check_record_file(
        self,
        path: Path,
        policy: Any,
        found: list[Finding],
        entries: list[DatasetEntry],
        located: list[tuple[Document, str]],
    ) -> None:
        from .models import Record

        self.report.files += 1
        documents = self._read(path, found)
        if not documents:
            return
        shown = display_path(path)
        stem = path.stem if path.suffix == ".json" else None
        context = RecordContext(stem, self.today, policy)
        for document in documents:
            self.report.records += 1
            data = document.data
            record_id = data.get("id") if isinstance(data, dict) else None
            record_id = record_id if isinstance(record_id, str) else None
            record, issues = check_structure(Record, data)
            for issue in issues:
                found.append(self._structure_finding(issue, document, shown, record_id))
            if record is None:
                continue
            for rule in rules_for("record"):
                for violation in rule.check(record, context):  # type: ignore[misc]
                    found.append(self._finding(rule.code, violation, document, shown, record.id))
            entries.append(DatasetEntry.of(record, path))
            # From here on only positions are needed: free the parsed data.
            document.data = None
            located.append((document, shown))

    def _structure_finding(
        self, issue: StructureIssue, document: Document, shown: str, record_id: str | None
    ) -> Finding:
        line, column = document.position(issue.pointer, key=issue.key)
        return make_finding(
            issue.code, shown, issue.message, issue.hint, line, column, record_id, issue.pointer
        )

    def _finding(
        self, code: str, violation: Violation, document: Document, shown: str, record_id: str | None
    ) -> Finding:
        line, column = document.position(violation.pointer, key=violation.key)
        return make_finding(
            code,
            shown,
            violation.message,
            violation.hint,
            line,
            column,
            record_id,
            violation.pointer,
        )


def record_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The record files (``.json`` and ``.jsonl``) that validating ``paths`` would check."""
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


def _release_findings(root: Path) -> list[Finding]:
    """FC306 for every release of the dataset at ``root`` whose files fail their checksums."""
    from .catalog import release_versions
    from .errors import DataError
    from .manifest import read_manifest, verify

    found = []
    for version in release_versions(root):
        folder = root / RELEASES_DIR / version
        try:
            manifest = read_manifest(folder)
            for name in manifest.files:
                verify(folder, manifest, name)
        except DataError as error:
            found.append(make_finding("FC306", display_path(folder), str(error)))
    return found
