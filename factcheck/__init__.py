"""factcheck: versioned, schema-validated datasets of fact-checked claims and their verdicts.

The public API is what this module lists in `__all__`. Names are imported on first use, so
`import factcheck` stays fast and pulls in neither pydantic nor any heavy library.

    >>> import factcheck
    >>> ds = factcheck.load("iraq-2020")
    >>> ds["us-withdrawing-from-iraq"].verdict.rating
    <Rating.FALSE: 'false'>

The record classes exported here ([`Record`][factcheck.Record], [`Claim`][factcheck.Claim]…) are the
typed records a
loaded dataset holds (`factcheck.model.records`); the pydantic models that define and validate
the schema are in `factcheck.model.models`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

_LAZY = {
    "Appearance": "model.records",
    "Changes": "model.manifest",
    "Claim": "model.records",
    "Claimant": "model.records",
    "DataError": "errors",
    "Dataset": "store.dataset",
    "DatasetInfo": "model.records",
    "DatasetNotFoundError": "errors",
    "DatasetSummary": "store.loading",
    "FactcheckError": "errors",
    "Finding": "validation.findings",
    "HistoryEntry": "model.records",
    "IntegrityError": "errors",
    "Manifest": "model.manifest",
    "MissingExtraError": "errors",
    "PathNotFoundError": "errors",
    "Rating": "model.ratings",
    "Record": "model.records",
    "ReleaseError": "errors",
    "Report": "validation.findings",
    "Severity": "validation.findings",
    "Source": "model.records",
    "UsageError": "errors",
    "Verdict": "model.records",
    "VersionNotFoundError": "errors",
    "diff": "store.releases",
    "list_datasets": "store.loading",
    "load": "store.loading",
    "load_path": "store.loading",
    "release": "store.releases",
    "search": "search",
    "validate": "validation.checker",
}

__all__ = sorted([*_LAZY, "__version__"])

if TYPE_CHECKING:
    from .errors import (
        DataError,
        DatasetNotFoundError,
        FactcheckError,
        IntegrityError,
        MissingExtraError,
        PathNotFoundError,
        ReleaseError,
        UsageError,
        VersionNotFoundError,
    )
    from .model.manifest import Changes, Manifest
    from .model.ratings import Rating
    from .model.records import (
        Appearance,
        Claim,
        Claimant,
        DatasetInfo,
        HistoryEntry,
        Record,
        Source,
        Verdict,
    )
    from .search import search
    from .store.dataset import Dataset
    from .store.loading import DatasetSummary, list_datasets, load, load_path
    from .store.releases import diff, release
    from .validation.checker import validate
    from .validation.findings import Finding, Report, Severity


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    imported = import_module(f".{module}", __name__)
    # factcheck.search is the search subpackage itself, callable as the search function.
    value = imported if module == name else getattr(imported, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
