"""What validation finds, as data: [`Finding`][factcheck.Finding] and the
[`Report`][factcheck.Report] that holds them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a finding is: errors make validation fail, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, with where it is, what is wrong and how to fix it.

    Attributes:
        code: The stable rule code, e.g. `FC105`.
        severity: Error or warning.
        message: What is wrong.
        hint: How to fix it.
        path: The file, as given on the command line or relative to the working folder.
        line: 1-based line in the file, when known.
        column: 1-based column (in characters), when known.
        record: The id of the record concerned, when known.
        pointer: RFC 6901 JSON Pointer to the value concerned, when there is one.
    """

    code: str
    severity: Severity
    message: str
    hint: str
    path: str
    line: int | None = None
    column: int | None = None
    record: str | None = None
    pointer: str | None = None

    @property
    def location(self) -> str:
        """`path:line:column`, as far as they are known."""
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Order findings by file, position, then code."""
        return (self.path, self.line or 0, self.column or 0, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain JSON-ready data."""
        return asdict(self)


FINDINGS_PER_RULE = 100
"""A report keeps at most this many findings of one rule in one file (rule FC013)."""
FINDINGS_PER_FILE = 1_000
"""A report keeps at most this many findings in one file."""
FINDINGS_IN_ALL = 10_000
"""A report keeps at most this many findings in all."""

OmittedKey = tuple[str, str, Severity]
"""The file, rule code and severity of findings counted but not kept."""


class CappedFindings(list[Finding]):
    """A list of findings that keeps the first ones of each kind and counts the rest.

    At most `FINDINGS_PER_RULE` of one rule in one file and `FINDINGS_PER_FILE`
    in one file are kept (and, with `total`, that many in all); the others only add to
    `omitted`, so memory and output stay bounded however many problems a file has.
    Findings are kept in the order they are added, so the kept set is the first ones found.
    """

    def __init__(self, *, total: int | None = None) -> None:
        super().__init__()
        self.total = total
        self.omitted: Counter[OmittedKey] = Counter()
        self._per_rule: Counter[tuple[str, str]] = Counter()
        self._per_file: Counter[str] = Counter()

    def keeps(self, path: str, code: str) -> bool:
        """Whether a finding of rule `code` in file `path` would be kept now (else it
        would only be counted): a caller can skip building one that would not be."""
        return not (
            self._per_rule[(path, code)] >= FINDINGS_PER_RULE
            or self._per_file[path] >= FINDINGS_PER_FILE
            or (self.total is not None and len(self) >= self.total)
        )

    def append(self, finding: Finding) -> None:
        rule_key = (finding.path, finding.code)
        if not self.keeps(finding.path, finding.code):
            self.omitted[(finding.path, finding.code, finding.severity)] += 1
            return
        self._per_rule[rule_key] += 1
        self._per_file[finding.path] += 1
        super().append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.append(finding)
        omitted = getattr(findings, "omitted", None)
        if omitted:
            self.omitted.update(omitted)

    def __reduce__(self) -> Any:
        # A parallel check sends these back from its workers; pickle's default for a list
        # subclass would append the items before the counters exist.
        return (_restore_capped, (list(self), self.__dict__))


def _restore_capped(items: list[Finding], state: dict[str, Any]) -> CappedFindings:
    capped = CappedFindings()
    capped.__dict__.update(state)
    list.extend(capped, items)
    return capped


@dataclass
class Report:
    """The result of a validation run: its findings, and what was checked.

    Attributes:
        findings: The findings kept, sorted by file and position.
        files: How many files were checked.
        records: How many records were checked.
        omitted: Findings counted but not kept, by (file, rule code, severity): past the
            first 100 of a rule in a file (see rule FC013). They still count as errors.
        rules_not_run: How many record rules (FC2xx) could not run on a record because they
            read a field that has a structure error, summed over the records.
        records_not_fully_checked: How many records with structure errors missed some rules
            (those and the dataset rules across records): fixing them and validating again
            may find more.
    """

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    records: int = 0
    rules_not_run: int = 0
    records_not_fully_checked: int = 0
    omitted: Counter[OmittedKey] = field(default_factory=Counter)
    checked: str | None = None
    """What was checked, when the paths were chosen for the user (e.g. the bundled data)."""

    @property
    def errors(self) -> list[Finding]:
        """The error findings kept (see [`error_count`][factcheck.Report.error_count] for all of
        them)."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The findings worth a look that do not make the data invalid (those kept)."""
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def error_count(self) -> int:
        """Every error found, the omitted ones included."""
        return len(self.errors) + self._omitted(Severity.ERROR)

    @property
    def warning_count(self) -> int:
        """Every warning found, the omitted ones included."""
        return len(self.warnings) + self._omitted(Severity.WARNING)

    def _omitted(self, severity: Severity) -> int:
        return sum(n for (_, _, level), n in self.omitted.items() if level is severity)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return self.error_count == 0

    def counts_by_code(self) -> Counter[str]:
        """How many findings each rule code produced."""
        return Counter(f.code for f in self.findings)

    def summary(self) -> str:
        """One line: files, records, errors and warnings (and how many are not shown)."""
        line = (
            f"{_plural(self.files, 'file')}, {_plural(self.records, 'record')}: "
            f"{_plural(self.error_count, 'error')}, {_plural(self.warning_count, 'warning')}"
        )
        hidden = sum(self.omitted.values())
        if hidden:
            line += f" ({hidden:,} not shown: see FC013)"
        line = f"{line}, in {self.checked}" if self.checked else line
        if self.records_not_fully_checked:
            line += (
                f"; {_plural(self.rules_not_run, 'record rule')} did not run on "
                f"{_plural(self.records_not_fully_checked, 'record')} with structure errors: "
                "fix those and run again"
            )
        return line

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "summary": {
                "files": self.files,
                "records": self.records,
                "errors": self.error_count,
                "warnings": self.warning_count,
                "ok": self.ok,
                "not_shown": sum(self.omitted.values()),
                "checked": self.checked,
                "rules_not_run": self.rules_not_run,
                "records_not_fully_checked": self.records_not_fully_checked,
            },
            "findings": [f.to_dict() for f in self.findings],
            "not_shown": [
                {"path": path, "code": code, "severity": str(severity), "count": count}
                for (path, code, severity), count in sorted(self.omitted.items())
            ],
        }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
