"""Validation, by layer: strict reading with positions (`reading`), the fast path for the
common valid record (`fast_path`), the schema (`structure`), the rules (`rules`), the checker
that runs them over files and folders (`checker`), record files checked as shards anywhere
(`shards`), the release check (`releases`), the findings and their reporters, and the
canonical formatter (`formatting`).

Imports only `factcheck.model` and the base modules below it.

The functions for running a validation on other machines are here too (see the page on
scale): `plan` lists the shards, `check_shard` checks one, `merge` makes the report.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_LAZY = {
    "Plan": "checker",
    "Shard": "shards",
    "ShardResult": "shards",
    "check_shard": "shards",
    "merge": "checker",
    "plan": "checker",
}

__all__ = ["Plan", "Shard", "ShardResult", "check_shard", "merge", "plan"]

if TYPE_CHECKING:
    from .checker import Plan, merge, plan
    from .shards import Shard, ShardResult, check_shard


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
