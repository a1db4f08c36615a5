"""FC3xx: the release files of a dataset: a published release never changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


from .registry import documented

documented(
    "FC306",
    "release-unchanged",
    "release",
    "restore the release's files; put corrections in a new release",
    """A file of a published release differs from the checksum in its manifest.

    **Why**: a release never changes once cut: users pin a version to get the same data
    forever, and `factcheck.load()` refuses a release whose files do not match.

    **Fix**: restore the file (`git checkout -- <file>`); make the change in `records/` and
    cut a new release with `factcheck release`.

    **Example**: editing a rating inside `releases/1.0.0/records.jsonl`.
    """,
)
