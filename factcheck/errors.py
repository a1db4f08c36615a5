"""The exceptions factcheck raises.

::

    FactcheckError                 base of everything below
    ├── UsageError                 a bad argument: a missing path, an unknown name or version
    │   └── PathNotFoundError      a path given to validate, fmt or load does not exist
    └── DataError                  data that cannot be used as asked (see its ``report``)

Problems *in* data are not exceptions: validation returns them as a
:class:`~factcheck.findings.Report`. These exceptions are for calls that cannot go on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import Report


class FactcheckError(Exception):
    """Base class of all factcheck errors."""


class UsageError(FactcheckError):
    """A call or command was given an argument it cannot use."""


class PathNotFoundError(UsageError, FileNotFoundError):
    """A path that was given does not exist."""


class DataError(FactcheckError):
    """Data is invalid where valid data is required; ``report`` holds the findings."""

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report
