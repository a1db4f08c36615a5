"""What validation finds, as data: :class:`Finding` and the :class:`Report` that holds them."""

from __future__ import annotations

from collections import Counter
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
        code: The stable rule code, e.g. ``FC105``.
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
        """``path:line:column``, as far as they are known."""
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


@dataclass
class Report:
    """The result of a validation run: every finding, and what was checked."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    records: int = 0

    @property
    def errors(self) -> list[Finding]:
        """The findings that make the data invalid."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The findings worth a look that do not make the data invalid."""
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def counts_by_code(self) -> Counter[str]:
        """How many findings each rule code produced."""
        return Counter(f.code for f in self.findings)

    def summary(self) -> str:
        """One line: files, records, errors and warnings."""
        return (
            f"{_plural(self.files, 'file')}, {_plural(self.records, 'record')}: "
            f"{_plural(len(self.errors), 'error')}, {_plural(len(self.warnings), 'warning')}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "summary": {
                "files": self.files,
                "records": self.records,
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "ok": self.ok,
            },
            "findings": [f.to_dict() for f in self.findings],
        }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
