"""Claim search: "has this been checked already?" (see `factcheck.search.engine`).

`factcheck.search` is this subpackage, and calling it runs the search:
`factcheck.search("US troops leaving Iraq")` is `factcheck.search.search(...)`.
`factcheck.search.evaluate` scores the search on labelled queries
(`factcheck.search.evaluation`).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .engine import (
    MIN_SCORE,
    SEMANTIC_MIN_SCORE,
    Hit,
    SearchIndex,
    index_of,
    render_hits,
    search,
)
from .evaluation import Evaluation, Metric, evaluate

__all__ = [
    "MIN_SCORE",
    "SEMANTIC_MIN_SCORE",
    "Evaluation",
    "Hit",
    "Metric",
    "SearchIndex",
    "evaluate",
    "index_of",
    "render_hits",
    "search",
]


class _CallableModule(types.ModuleType):
    """The module type of `factcheck.search`: calling the module calls `search`."""

    def __call__(self, *args: Any, **kwargs: Any) -> list[Hit]:
        return search(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
