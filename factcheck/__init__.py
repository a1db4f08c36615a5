"""factcheck: versioned, schema-validated datasets of fact-checked claims and their verdicts.

The public API is what this module lists in ``__all__``. Names are imported on first use, so
``import factcheck`` stays fast and pulls in neither pydantic nor any heavy library.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "Appearance": "models",
    "Claim": "models",
    "Claimant": "models",
    "DataError": "errors",
    "DatasetInfo": "models",
    "FactcheckError": "errors",
    "Finding": "findings",
    "HistoryEntry": "models",
    "PathNotFoundError": "errors",
    "Rating": "ratings",
    "Record": "models",
    "Report": "findings",
    "Severity": "findings",
    "Source": "models",
    "UsageError": "errors",
    "Verdict": "models",
    "validate": "checker",
}

__all__ = sorted([*_LAZY, "__version__"])

if TYPE_CHECKING:
    from .checker import validate
    from .errors import DataError, FactcheckError, PathNotFoundError, UsageError
    from .findings import Finding, Report, Severity
    from .models import (
        Appearance,
        Claim,
        Claimant,
        DatasetInfo,
        HistoryEntry,
        Record,
        Source,
        Verdict,
    )
    from .ratings import Rating


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
