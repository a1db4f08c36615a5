"""Every validation rule: its stable code, name, summary, documentation and, for the semantic
rules, the check itself.

Codes by layer:

* `FC0xx` reading: the file's bytes and JSON syntax;
* `FC1xx` structure: the record schema (the models);
* `FC2xx` meaning within one record;
* `FC3xx` meaning across the records and files of a dataset, and its releases.

A rule's documentation is its docstring, with the sections *Why*, *Fix* and *Example*; the
documentation site renders it, so the two never drift.
"""

from __future__ import annotations

# Importing each layer's module registers its rules (RULES is complete once this runs).
from . import dataset, reading, record, release, structure  # noqa: F401  (registration)
from .dataset import DatasetKeys, ReleasedKeys, normalize_claim
from .record import normalize_url, publisher_key
from .registry import (
    DOCS_URL,
    RULES,
    Layer,
    RecordContext,
    Rule,
    Violation,
    documented,
    rule,
    rule_url,
    rules_for,
)

__all__ = [
    "DOCS_URL",
    "RULES",
    "DatasetKeys",
    "Layer",
    "RecordContext",
    "ReleasedKeys",
    "Rule",
    "Violation",
    "documented",
    "normalize_claim",
    "normalize_url",
    "publisher_key",
    "rule",
    "rule_url",
    "rules_for",
]
