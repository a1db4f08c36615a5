"""Reporters: render a [`Report`][factcheck.Report] for people (`text`), tools
(`json`) or GitHub Actions (`github`). Adding a format means adding one function here."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..escaping import terminal
from ..files import open_regular_file
from ..styling import PLAIN, Style
from .findings import Report, Severity
from .rules import RULES, rule_url

Reporter = Callable[[Report, TextIO], None]
REPORTERS: dict[str, Reporter] = {}


def reporter(name: str) -> Callable[[Reporter], Reporter]:
    """Register a reporter under the name `--format` accepts."""

    def register(function: Reporter) -> Reporter:
        REPORTERS[name] = function
        return function

    return register


class _Excerpts:
    """The lines of the files findings point at, for showing context: each file is read once,
    a megabyte at a time, keeping only the lines some finding is on (a JSON Lines file of
    millions of records is never held whole)."""

    def __init__(self, report: Report) -> None:
        self.wanted: dict[str, set[int]] = {}
        for finding in report.findings:
            if finding.line is not None and finding.column is not None:
                self.wanted.setdefault(finding.path, set()).add(finding.line)
        self.files: dict[str, dict[int, str] | None] = {}

    def line(self, path: str, number: int) -> str | None:
        if path not in self.files:
            self.files[path] = self._read(path, self.wanted.get(path, {number}))
        lines = self.files[path]
        if lines is None or number not in lines:
            return None
        return lines[number].rstrip("\r")

    @staticmethod
    def _read(path: str, wanted: set[int]) -> dict[int, str] | None:
        try:
            # The same refusals as validation: never quote a link out or a special file.
            fd = open_regular_file(Path(path), limit=_EXCERPT_FILE_LIMIT)
        except (OSError, RuntimeError, ValueError):
            return None
        found: dict[int, str] = {}
        targets = sorted(wanted)
        try:
            # `pending` holds the start of line `number` (only if that line is wanted).
            number, pending, at = 1, b"", 0
            while at < len(targets) and (block := os.read(fd, 1 << 20)):
                data = pending + block
                newlines = data.count(b"\n")
                if number + newlines <= targets[at]:  # the next wanted line is not complete
                    cut = data.rfind(b"\n")
                    number += newlines
                    data = data[cut + 1 :] if cut >= 0 else data
                    pending = data if number in wanted else b""
                    continue
                parts = data.split(b"\n")
                pending = parts.pop()
                for part in parts:
                    if number in wanted:
                        found[number] = part.decode("utf-8", "replace")
                    number += 1
                pending = pending if number in wanted else b""
                while at < len(targets) and targets[at] < number:
                    at += 1
            if pending and number in wanted:
                found[number] = pending.decode("utf-8", "replace")
        except OSError:
            return None
        finally:
            os.close(fd)
        return found


_EXCERPT_FILE_LIMIT = 4 << 30


def _excerpt(line: str, column: int, width: int = 100) -> tuple[str, int]:
    """Cut a long line to a window around `column`; return it and the caret's offset."""
    line = "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in line)
    start = max(0, min(column - 1 - width // 2, len(line) - width))
    shown = line[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(line) else ""
    return prefix + shown + suffix, column - 1 - start + len(prefix)


@reporter("text")
def text_report(report: Report, out: TextIO, *, style: Style = PLAIN) -> None:
    """For people: `path:line:col: CODE message`, the line with a caret, a hint, and the
    rule's documentation; `style` colours it for a terminal."""
    excerpts = _Excerpts(report)
    for finding in report.findings:
        warning = finding.severity is Severity.WARNING
        severity = " (warning)" if warning else ""
        record = f" [{terminal(finding.record)}]" if finding.record else ""
        code = style.paint(f"{finding.code}{severity}", "warning" if warning else "error")
        # File names, messages and ids come from the data: shown with controls made visible.
        out.write(
            f"{style.paint(terminal(finding.location), 'code')}: {code} "
            f"{_one_line(finding.message)}{record}\n"
        )
        if finding.line is not None and finding.column is not None:
            line = excerpts.line(finding.path, finding.line)
            if line is not None and line.strip():
                shown, caret = _excerpt(line, finding.column)
                gutter = f"{finding.line:>5} | "
                out.write(f"{gutter}{shown}\n{' ' * (len(gutter) + caret)}^\n")
        out.write(f"  hint: {_one_line(finding.hint)}\n")
        out.write(style.paint(f"  docs: {rule_url(finding.code)}", "dim") + "\n")
    for line in _not_shown(report):
        out.write(line + "\n")
    verdict = style.paint("OK", "ok") if report.ok else style.paint("FAILED", "error")
    out.write(f"{verdict}: {report.summary()}\n")


def _one_line(text: str) -> str:
    return terminal(text).replace("\n", "\\n")


_NOT_SHOWN_LINES = 100


def _not_shown(report: Report) -> list[str]:
    """One line per file and rule whose findings were counted but not kept (FC013)."""
    items = sorted(report.omitted.items())
    lines = [
        f"{terminal(path)}: FC013 {count:,} more {code} finding{'s' if count > 1 else ''} not shown"
        for (path, code, _), count in items[:_NOT_SHOWN_LINES]
    ]
    if len(items) > _NOT_SHOWN_LINES:
        rest = sum(count for _, count in items[_NOT_SHOWN_LINES:])
        lines.append(f"FC013 {rest:,} more findings in other files or rules not shown")
    return lines


@reporter("json")
def json_report(report: Report, out: TextIO) -> None:
    """For tools: the report as one JSON document (summary and findings)."""
    json.dump(report.to_dict(), out, indent=2, ensure_ascii=False)
    out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(terminal(text)).replace(":", "%3A").replace(",", "%2C")


@reporter("github")
def github_report(report: Report, out: TextIO) -> None:
    """For GitHub Actions: workflow commands that annotate the lines of a pull request."""
    for finding in report.findings:
        level = "error" if finding.severity is Severity.ERROR else "warning"
        props = [f"file={_escape_property(finding.path)}"]
        if finding.line is not None:
            props.append(f"line={finding.line}")
            if finding.column is not None:
                props.append(f"col={finding.column}")
        title = f"{finding.code} {RULES[finding.code].name}"
        props.append(f"title={_escape_property(title)}")
        record = f" [{finding.record}]" if finding.record else ""
        message = f"{finding.message}{record}\nhint: {finding.hint}\ndocs: {rule_url(finding.code)}"
        out.write(f"::{level} {','.join(props)}::{_escape_data(terminal(message))}\n")
    for line in _not_shown(report):
        out.write(f"::warning title=FC013 report-capped::{_escape_data(line)}\n")
    out.write(f"{'OK' if report.ok else 'FAILED'}: {report.summary()}\n")
