"""The exceptions factcheck raises.

The tree, from the base class down:

    FactcheckError                 base of everything below
    ├── UsageError                 a bad argument: a missing path, an unknown name or version
    │   ├── PathNotFoundError      a path given to validate, fmt or load does not exist
    │   ├── DatasetNotFoundError   no dataset has that name (the message lists those that exist)
    │   ├── VersionNotFoundError   the dataset has no such version (the message lists them)
    │   └── ReleaseError           a release that may not be cut (existing or wrong version)
    ├── DataError                  data that cannot be used as asked (see its report)
    │   └── IntegrityError         a released file does not match its manifest's checksum
    └── MissingExtraError          an optional dependency is not installed (says what to install)

Problems *in* data are not exceptions: validation returns them as a
[`Report`][factcheck.Report]. These exceptions are for calls that cannot go on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .validation.findings import Report


class FactcheckError(Exception):
    """Base class of all factcheck errors."""


class UsageError(FactcheckError):
    """A call or command was given an argument it cannot use."""


class PathNotFoundError(UsageError, FileNotFoundError):
    """A path that was given does not exist."""


class DatasetNotFoundError(UsageError, LookupError):
    """No dataset has the name that was asked for."""


class VersionNotFoundError(UsageError, LookupError):
    """A dataset has no version of the name that was asked for."""


class ReleaseError(UsageError):
    """A release cannot be cut as asked; nothing was written."""


class MissingExtraError(FactcheckError, ImportError):
    """A feature needs an optional dependency that is not installed."""


class DataError(FactcheckError):
    """Data is invalid where valid data is required; `report` holds the findings."""

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


class IntegrityError(DataError):
    """A file of a release differs from the checksum its manifest records."""
