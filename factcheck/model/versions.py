"""Dataset versions: semantic versioning applied to data.

A dataset's version is `MAJOR.MINOR.PATCH`. What each part means for data:

- **major**: a change that can alter a user's results: a record removed, or a rating changed;
- **minor**: records added (every existing record keeps its id and rating);
- **patch**: corrections that change no rating: typos, better sources, clearer wording.

Before 1.0.0 a dataset is still being built: a change that would need a major release needs a
minor one, and anything else a patch, as semantic versioning allows for `0.y.z`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

DEV = "dev"
"""The version name of a dataset's working copy (its `records/` folder)."""

_SEMVER = re.compile(r"(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})")


class Bump(IntEnum):
    """How large a release a set of changes needs."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3


@dataclass(frozen=True, order=True)
class Version:
    """A `MAJOR.MINOR.PATCH` dataset version; versions compare numerically."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        """Parse `"1.2.3"`; raise `ValueError` with the reason for anything else."""
        match = _SEMVER.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(
                f"{text!r} is not a version: write MAJOR.MINOR.PATCH, e.g. 1.0.0 "
                "(numbers without leading zeros, no 'v' prefix or suffix)"
            )
        return cls(*(int(part) for part in match.groups()))

    @classmethod
    def is_valid(cls, text: str) -> bool:
        """Whether `text` is a `MAJOR.MINOR.PATCH` version."""
        return isinstance(text, str) and _SEMVER.fullmatch(text) is not None

    def bumped(self, bump: Bump) -> Version:
        """The smallest version after this one that a release of size `bump` may use."""
        return self.stepped(self.effective(bump))

    def stepped(self, bump: Bump) -> Version:
        """The next version one step of size `bump` away (`0.1.0` → minor → `0.2.0`),
        with no adjustment for versions before 1.0.0 (see `bumped`)."""
        if bump == Bump.MAJOR:
            return Version(self.major + 1, 0, 0)
        if bump == Bump.MINOR:
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def effective(self, bump: Bump) -> Bump:
        """`bump` as it applies after this version (one step smaller before 1.0.0)."""
        if self.major == 0 and bump > Bump.PATCH:
            return Bump(bump - 1)
        return bump

    def step_to(self, other: Version) -> Bump:
        """The size of the step from this version to a later `other`."""
        if other.major != self.major:
            return Bump.MAJOR
        if other.minor != self.minor:
            return Bump.MINOR
        return Bump.PATCH

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def sort_versions(names: list[str]) -> list[str]:
    """The valid version names among `names`, oldest first."""
    return [str(v) for v in sorted(Version.parse(n) for n in names if Version.is_valid(n))]
