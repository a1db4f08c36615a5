"""The registry of rules: each rule is registered once, with its code, name, summary, hint,
documentation and, for the rules of meaning, the check itself."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from ..findings import Severity
from ..reading import Pointer

if TYPE_CHECKING:
    from ...model.models import Policy


Layer = Literal["reading", "structure", "record", "dataset", "release"]

DOCS_URL = "https://factcheck-datasets.github.io/factcheck/"
"""The documentation site (`site_url` in `mkdocs.yml`; a test keeps them equal)."""
RULES_PAGE = "reference/rules/"
"""The rules page on the site; each rule's section is anchored by its code in lower case."""


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule's finding before it is placed in a file: which value, and what is wrong."""

    pointer: Pointer
    message: str
    hint: str = ""
    key: bool = False
    record_index: int | None = None


@dataclass(frozen=True, slots=True)
class RecordContext:
    """What a record rule may know beyond the record itself."""

    file_stem: str | None
    today: date
    policy: Policy


@dataclass(frozen=True)
class Rule:
    """A validation rule."""

    code: str
    name: str
    summary: str
    layer: Layer
    severity: Severity
    doc: str
    hint: str
    check: Callable[..., Iterable[Violation]] | None = None
    reads: tuple[str, ...] | None = None
    """The record fields a record rule reads (dotted, without list indices, e.g.
    `evidence.published`); `None` for all of them. A record whose structure errors touch none
    of them still goes through the rule (see `reads_any`)."""

    def reads_any(self, fields: Iterable[str]) -> bool:
        """Whether the rule reads one of `fields` (or a part of one, or a field inside one)."""
        if self.reads is None:
            return True
        return any(
            f == r or f.startswith(f"{r}.") or r.startswith(f"{f}.")
            for f in fields
            for r in self.reads
        )

    @property
    def url(self) -> str:
        """The rule's section of the documentation site, e.g. `…/reference/rules/#fc206`."""
        return rule_url(self.code)


def rule_url(code: str) -> str:
    """The documentation of the rule `code` on the site (its section of the rules page)."""
    return f"{DOCS_URL}{RULES_PAGE}#{code.lower()}"


RULES: dict[str, Rule] = {}


def _register(rule: Rule) -> Rule:
    if rule.code in RULES:
        raise ValueError(f"rule code {rule.code} registered twice")
    RULES[rule.code] = rule
    return rule


def documented(
    code: str, name: str, layer: Layer, hint: str, doc: str, severity: Severity = Severity.ERROR
) -> None:
    """Register a rule checked by the reader or the models (it has no check function)."""
    doc = inspect.cleandoc(doc)
    summary, _, body = doc.partition("\n\n")
    _register(Rule(code, name, summary, layer, severity, body, hint))


def rule(
    code: str,
    name: str,
    layer: Layer,
    hint: str,
    severity: Severity = Severity.ERROR,
    *,
    reads: tuple[str, ...] | None = None,
) -> Callable[[Callable[..., Iterable[Violation]]], Callable[..., Iterable[Violation]]]:
    """Register a semantic check; its docstring's first line is the rule's summary. `reads`
    names the record fields it reads, so it can run on a record whose other fields the schema
    refused."""

    def decorate(check: Callable[..., Iterable[Violation]]) -> Callable[..., Iterable[Violation]]:
        doc = inspect.cleandoc(check.__doc__ or "")
        summary, _, body = doc.partition("\n\n")
        _register(Rule(code, name, summary, layer, severity, body, hint, check, reads))
        return check

    return decorate


def rules_for(layer: Layer) -> list[Rule]:
    """The rules of one layer, in code order."""
    return sorted((r for r in RULES.values() if r.layer == layer), key=lambda r: r.code)
