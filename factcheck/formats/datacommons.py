"""The DataCommons fact-check feed: the ClaimReviews that Google's Fact Check Tools collect.

The feed (`https://storage.googleapis.com/datacommons-feeds/factcheck/latest/data.json`,
80 MB and more) is one schema.org `DataFeed`:

    {"@context": "http://schema.org", "@type": "DataFeed", "dateModified": "...",
     "dataFeedElement": [
        {"@type": "DataFeedItem", "dateCreated": "...", "url": "...",
         "item": [{"@type": "ClaimReview", ...}, ...]},
        ...]}

Each `ClaimReview` of each element's `item` list is converted as
[`factcheck.formats.claimreview`][factcheck.formats.claimreview] converts it; other review types
(`MediaReview`) and
elements without items are reported. The elements are decoded one at a time from a buffer
read in 1 MB chunks, so memory stays near the size of the largest element, and every
problem is placed at the line where its element starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from . import claimreview, cleaning
from .label_map import LabelMap

NAME = "datacommons"
TITLE = "DataCommons fact-check feed"

_ARRAY_START = re.compile(r'"dataFeedElement"\s*:\s*\[')


def rows(
    path: Path, *, today: date, labels: LabelMap | None = None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each ClaimReview of the feed `path` as a record dict, or why it is not one.

    Args:
        path: The feed to read.
        today: The import date, for each record's history.
        labels: The user's own label table (`--label-map`), looked up first.
    """
    pages: dict[str, bytes] = {}
    for line, element in cleaning.json_array(path, _ARRAY_START):
        if isinstance(element, cleaning.Unreadable):
            yield line, element.message
            continue
        yield from _element_rows(element, line, path.name, today, pages, labels)


def _element_rows(
    element: Any,
    line: int,
    file_name: str,
    today: date,
    pages: dict[str, bytes],
    labels: LabelMap | None = None,
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    if not isinstance(element, dict):
        yield line, "a dataFeedElement entry is not an object"
        return
    items = element.get("item")
    items = items if isinstance(items, list) else [items]
    reviews = [i for i in items if isinstance(i, dict)]
    if not reviews:
        yield line, "a DataFeedItem without an item (no review)"
        return
    for review in reviews:
        if not claimreview._is_type(review, "ClaimReview"):
            kind = review.get("@type")
            yield line, f"a {kind} is not a ClaimReview; only ClaimReviews are imported"
            continue
        origin = f"{file_name}, line {line}"
        yield (
            line,
            claimreview.record_from(review, today=today, origin=origin, pages=pages, labels=labels),
        )


def dataset_info(path: Path, *, today: date) -> dict[str, Any]:
    """The `dataset.json` of an import of the DataCommons feed `path`."""
    return claimreview.info_for(
        path,
        today,
        title=f"DataCommons fact-check feed ({path.name})",
        description=(
            f"The ClaimReviews of the DataCommons fact-check feed {path.name}, imported with "
            "factcheck. The feed (https://storage.googleapis.com/datacommons-feeds/factcheck/"
            "latest/data.json) gathers the ClaimReview markup that fact-checkers publish, as "
            "collected by Google Fact Check Tools."
        ),
    )
