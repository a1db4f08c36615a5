"""Google Fact Check Tools API responses: `claims:search` results and `pages` listings.

The API (https://developers.google.com/fact-check/tools/api/, version `v1alpha1`; its
discovery document gives each field) answers two requests whose responses people save and
share:

- `claims:search` (`FactCheckedClaimSearchResponse`): `claims[]`, each claim with its
  `text`, `claimant`, `claimDate` and one or more `claimReview[]`, each review with
  its `publisher` (`name`, `site`), `url`, `title`, `reviewDate`,
  `textualRating` and `languageCode`; and `nextPageToken`;
- `pages` (`ListClaimReviewMarkupPagesResponse`): `claimReviewMarkupPages[]`, each page
  with its `pageUrl`, `publishDate`, `claimReviewAuthor` (`name`) and
  `claimReviewMarkups[]`, each the fields of one `ClaimReview` (`claimReviewed`,
  `claimDate`, `claimAuthor`, `claimFirstAppearance`, `claimAppearances`, `url`,
  `rating` with `textualRating`, `ratingValue`, `bestRating`, `worstRating`,
  `ratingExplanation`).

The input is one response (a `.json` file), several responses as JSON Lines (one page of
results per line, as a paging script appends them), or a folder of such files, read in name
order. Each review becomes one record, converted as `factcheck.formats.claimreview`
converts a ClaimReview; the several reviews of one API claim become several records that
share their `claim.key`. A file of 4 MB or more is read one claim (or page) at a time, so memory
stays flat whatever the size of the dump.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from . import claimreview, cleaning
from .label_map import LabelMap

NAME = "factchecktools"
TITLE = "Google Fact Check Tools API"
READS_FOLDERS = True
"""A folder of response files (one page each) is read as one input."""

STREAM_AT = 4 << 20
"""Files at least this large are read one claim at a time instead of decoded whole."""

_LISTS = re.compile(r'"(claims|claimReviewMarkupPages)"\s*:\s*\[')
_CLAIMS = re.compile(r'"claims"\s*:\s*\[')
_PAGES = re.compile(r'"claimReviewMarkupPages"\s*:\s*\[')
_SUFFIXES = (".json", ".jsonl")


def rows(
    path: Path, *, today: date, labels: LabelMap | None = None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each review of the responses in `path` as a record dict, or why it is not one.

    Args:
        path: A response file (`.json`), JSON Lines of responses (`.jsonl`), or a folder
            of them.
        today: The import date, for each record's history.
        labels: The user's own label table (`--label-map`), looked up first.
    """
    pages: dict[str, bytes] = {}
    if path.is_dir():
        listed = sorted(p for p in path.iterdir() if p.suffix in _SUFFIXES)
        if not listed:
            yield 1, f"no .json or .jsonl file in the folder {path.name}"
        for file in listed:
            # Links are not followed and special files not opened, but they are said.
            if file.is_symlink():
                yield 1, f"{file.name}: not read: a symbolic link; copy the file in instead"
                continue
            if not file.is_file():
                yield 1, f"{file.name}: not read: not a regular file"
                continue
            for line, row in _file_rows(file, today, pages, labels):
                yield line, row if isinstance(row, dict) else f"{file.name}: {row}"
        return
    yield from _file_rows(path, today, pages, labels)


def _file_rows(
    path: Path, today: date, pages: dict[str, bytes], labels: LabelMap | None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    if path.suffix == ".jsonl":
        yield from _lines(path, today, pages, labels)
    elif path.stat().st_size >= STREAM_AT:
        yield from _streamed(path, today, pages, labels)
    else:
        try:
            text = path.read_bytes().decode("utf-8-sig")
            data = cleaning.loads(text)
        except UnicodeDecodeError as error:
            yield 1, f"not UTF-8 (byte offset {error.start})"
            return
        except ValueError as error:
            yield getattr(error, "lineno", 1), f"not valid JSON: {getattr(error, 'msg', error)}"
            return
        except RecursionError:
            yield 1, "not read: JSON nested too deeply"
            return
        from ..validation.reading import Document

        document = Document(data, text)
        yield from _response_rows(
            data, lambda pointer: document.position(pointer)[0], path.name, today, pages, labels
        )


def _lines(
    path: Path, today: date, pages: dict[str, bytes], labels: LabelMap | None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """JSON Lines: one response per line, read one line at a time."""
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                data = cleaning.loads(
                    raw.rstrip(b"\r\n").decode("utf-8-sig" if number == 1 else "utf-8")
                )
            except UnicodeDecodeError as error:
                yield (
                    number,
                    f"not UTF-8 (byte {raw[error.start]:#04x} at column {error.start + 1})",
                )
                continue
            except ValueError as error:
                yield (
                    number,
                    f"not valid JSON at column {getattr(error, 'colno', 1)}: "
                    + str(getattr(error, "msg", error)),
                )
                continue
            except RecursionError:
                yield number, "not read: JSON nested too deeply"
                continue
            yield from _response_rows(
                data, lambda pointer, n=number: n, path.name, today, pages, labels
            )


def _streamed(
    path: Path, today: date, pages: dict[str, bytes], labels: LabelMap | None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """A large response: its `claims` (or `claimReviewMarkupPages`) one at a time."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20).decode("utf-8-sig", "replace")
    found = _LISTS.search(head)
    kind = found is not None and found[1] == "claimReviewMarkupPages"
    for line, item in cleaning.json_array(path, _PAGES if kind else _CLAIMS):
        if isinstance(item, cleaning.Unreadable):
            yield line, item.message
        elif kind:
            yield from _page_rows(item, line, path.name, today, pages, labels)
        else:
            yield from _claim_rows(item, line, path.name, today, pages, labels)


def _response_rows(
    data: Any,
    line_of: Callable[[tuple[Any, ...]], int],
    file_name: str,
    today: date,
    pages: dict[str, bytes],
    labels: LabelMap | None,
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """The reviews of one decoded response, each placed at the line of its claim or page
    (`line_of` gives the line of a JSON pointer)."""
    line = line_of(())
    if not isinstance(data, dict):
        yield (
            line,
            (
                "a Fact Check Tools response is a JSON object with claims[] or "
                "claimReviewMarkupPages[]"
            ),
        )
        return
    listed = next((name for name in ("claims", "claimReviewMarkupPages") if name in data), None)
    if listed is not None:
        entries = data[listed]
        if not isinstance(entries, list):
            yield line, f"{listed} is not a list"
            return
        rows = _claim_rows if listed == "claims" else _page_rows
        for i, entry in enumerate(entries):
            yield from rows(entry, line_of((listed, i)), file_name, today, pages, labels)
    elif isinstance(data.get("claimReviewMarkups"), list):  # one page, as pages.get gives it
        yield from _page_rows(data, line, file_name, today, pages, labels)
    elif isinstance(data.get("claimReview"), list):  # one claim, as saved alone
        yield from _claim_rows(data, line, file_name, today, pages, labels)
    elif data:  # an empty response ({}) is a search that found nothing
        yield (
            line,
            ("no claims[] or claimReviewMarkupPages[]: not a claims:search or pages response"),
        )


def _claim_rows(
    claim: Any,
    line: int,
    file_name: str,
    today: date,
    pages: dict[str, bytes],
    labels: LabelMap | None,
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """One API claim: a record per review, all sharing the claim's key."""
    yield from _reviews(
        claim, ("claims", "claim", "claimReview"), claimreview._from_api_claim,
        line, file_name, today, pages, labels,
    )  # fmt: skip


def _page_rows(
    page: Any,
    line: int,
    file_name: str,
    today: date,
    pages: dict[str, bytes],
    labels: LabelMap | None,
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """One `ClaimReviewMarkupPage`: a record per markup, with the page's URL, date and
    author where the markup has none of its own."""
    yield from _reviews(
        page, ("claimReviewMarkupPages", "page", "claimReviewMarkups"), _from_markup,
        line, file_name, today, pages, labels,
    )  # fmt: skip


def _reviews(
    node: Any,
    names: tuple[str, str, str],
    item: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]],
    line: int,
    file_name: str,
    today: date,
    pages: dict[str, bytes],
    labels: LabelMap | None,
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """A record for each review that `node` lists, made by `item(node, review)`; or why a
    part is not one. `names`: the list `node` is an entry of, what `node` is, and its list
    of reviews, as messages name them."""
    outer, noun, field = names
    if not isinstance(node, dict):
        yield line, f"a {outer}[] entry is not an object"
        return
    reviews = node.get(field)
    if not isinstance(reviews, list) or not reviews:
        yield line, f"a {noun} without {field}[]: no review to import"
        return
    origin = f"{file_name}, line {line}"
    for review in reviews:
        if not isinstance(review, dict):
            yield line, f"a {field}[] entry is not an object"
            continue
        yield (
            line,
            claimreview.record_from(
                item(node, review),
                today=today,
                origin=origin,
                pages=pages,
                labels=labels,
                source=TITLE,
            ),
        )


def _from_markup(page: dict[str, Any], markup: dict[str, Any]) -> dict[str, Any]:
    """A `ClaimReviewMarkup` of a page as the ClaimReview it stands for (the API documents
    each field's ClaimReview property)."""
    rating = markup.get("rating") if isinstance(markup.get("rating"), dict) else {}
    author_node = page.get("claimReviewAuthor")
    author: dict[str, Any] = {"@type": "Organization"}
    if isinstance(author_node, dict) and author_node.get("name"):
        author["name"] = author_node["name"]
    url = markup.get("url") or page.get("pageUrl")
    if isinstance(url, str):
        author["url"] = url
    claimant = markup.get("claimAuthor") if isinstance(markup.get("claimAuthor"), dict) else {}
    item: dict[str, Any] = {"@type": "Claim", "datePublished": markup.get("claimDate")}
    if claimant.get("name"):
        item["author"] = {"@type": "Person", "name": claimant["name"]}
    if markup.get("claimFirstAppearance"):
        item["firstAppearance"] = markup["claimFirstAppearance"]
    if isinstance(markup.get("claimAppearances"), list):
        item["appearance"] = markup["claimAppearances"]
    return {
        "@type": "ClaimReview",
        "claimReviewed": markup.get("claimReviewed"),
        "author": author,
        "url": url,
        "datePublished": page.get("publishDate"),
        "reviewRating": {
            "@type": "Rating",
            "alternateName": rating.get("textualRating"),
            "ratingValue": rating.get("ratingValue"),
            "bestRating": rating.get("bestRating"),
            "worstRating": rating.get("worstRating"),
            "ratingExplanation": rating.get("ratingExplanation"),
        },
        "itemReviewed": item,
    }


def dataset_info(path: Path, *, today: date) -> dict[str, Any]:
    """The `dataset.json` of an import of the Fact Check Tools responses `path`."""
    return claimreview.info_for(
        path,
        today,
        title=f"Fact Check Tools API results ({path.name})",
        description=(
            f"The reviews in the Google Fact Check Tools API responses of {path.name}, "
            "imported with factcheck. The API "
            "(https://developers.google.com/fact-check/tools/api/) serves the "
            "ClaimReview markup that fact-checkers publish; each review is one record, and "
            "the reviews of one claim share their claim.key."
        ),
    )
