"""Claim search: "has this been checked already?" (see `factcheck.search.engine`).

`factcheck.search` is this subpackage, and calling it runs the search:
`factcheck.search("US troops leaving Iraq")` is `factcheck.search.search(...)`.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .engine import Hit, SearchIndex, index_of, render_hits, search

__all__ = ["Hit", "SearchIndex", "index_of", "render_hits", "search"]


class _CallableModule(types.ModuleType):
    """The module type of `factcheck.search`: calling the module calls `search`."""

    def __call__(self, *args: Any, **kwargs: Any) -> list[Hit]:
        return search(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
