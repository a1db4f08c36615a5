"""FC3xx: the release files of a dataset: a published release never changes, and its manifest
says what it holds. The checks themselves are in `factcheck.validation.releases`."""

from __future__ import annotations

from collections.abc import Iterator

from .dataset import DatasetKeys, ReleasedKeys, rating_name
from .registry import Violation, documented, rule

documented(
    "FC306",
    "release-unchanged",
    "release",
    "restore the release's files; put corrections in a new release",
    """A file of a published release differs from the checksum in its manifest, or is missing.

    **Why**: a release never changes once cut: users pin a version to get the same data
    forever, and `factcheck.load()` refuses a release whose files do not match.

    **Fix**: restore the file (`git checkout -- <file>`); make the change in `records/` and
    cut a new release with `factcheck release`.

    **Example**: editing a rating inside `releases/1.0.0/records.jsonl`.
    """,
)
documented(
    "FC307",
    "release-manifest",
    "release",
    "restore the release as `factcheck release` wrote it; never edit a release by hand",
    """A release's manifest is missing, unreadable, or disagrees with the release.

    The manifest must be in every release folder, name the release's own version and
    dataset, list every file of the release by a plain name (no folder, no `..`) and no
    other, and give the record count and the count of each rating that the records
    themselves have; each release names the one before it as `previous`. A release folder
    holds regular files only. The same check runs in `factcheck validate` and in
    `factcheck.load()`, so a release that one refuses the other refuses too.

    **Why**: a manifest that says something its records do not (a count, a rating, a file)
    misleads whoever cites the release; a newest release whose manifest was deleted would
    make `load()` silently serve the one before.

    **Fix**: restore the release folder (`git checkout -- releases/<version>`), and put
    changes in a new release.

    **Example**: `"records": 46` in a release of 45 records; `"files": {"../../etc/passwd":
    …}`; `releases/1.1.0/` without `manifest.json`.
    """,
)


@rule("FC308", "correction-recorded", "release", "add a history entry saying what changed and why")
def correction_recorded(keys: DatasetKeys, released: ReleasedKeys) -> Iterator[Violation]:
    """A record whose verdict changed since the latest release has no history entry for it.

    A changed rating needs a new `rerated` entry; a changed label, summary or explanation a
    new `corrected` (or `rerated`) entry, added after the ones the release holds.

    **Why**: a dataset earns trust by how it corrects itself: readers of a release must be
    able to see what changed and why, and the changelog and the corrections log are built
    from these entries.

    **Fix**: append to `history` e.g. `{"date": "2026-12-01", "change": "corrected", "note":
    "The summary now says what the sources show."}`, or `"rerated"` with the old and new
    rating in the note.

    **Example**: changing `verdict.rating` from `false` to `misleading` and nothing else.
    """
    if not len(released):
        return
    for index, exact in enumerate(keys.exact):  # type: ignore[attr-defined]
        before = released.find(exact)
        if before < 0:
            continue
        # The entries after the release's: whether a `rerated` (or `corrected`) is among them.
        count = released.history[before]
        rating, was = keys.rating[index], released.rating[before]  # type: ignore[attr-defined]
        if rating != was and keys.rerated[index] < count:  # type: ignore[attr-defined]
            yield Violation(
                ("history",),
                f"the rating changed from {rating_name(was)} to {rating_name(rating)} since the "
                "latest release, but no `rerated` history entry says so",
                record_index=index,
            )
        elif (
            keys.verdict[index] != released.verdict[before]  # type: ignore[attr-defined]
            and keys.revised[index] < count  # type: ignore[attr-defined]
        ):
            yield Violation(
                ("history",),
                "the verdict (label, summary or explanation) changed since the latest release, "
                "but no `corrected` history entry says so",
                record_index=index,
            )
