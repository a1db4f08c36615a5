"""schema.org ClaimReview, both ways: records → JSON-LD for fact-check pages, and back.

**Export** ([`to_claimreview`][factcheck.formats.claimreview.to_claimreview]) writes one
`ClaimReview` per record with every property
that Google's fact-check markup documentation requires (`claimReviewed`, `reviewRating`
with `alternateName`, `url`) or recommends (`author`, `datePublished`,
`itemReviewed` as a `Claim` with its `author`, `datePublished`, `appearance` and
`firstAppearance`; the rating's `name`, `ratingValue`, `bestRating` and
`worstRating`), where the record has the data; see
[`REQUIRED`][factcheck.formats.claimreview.REQUIRED] and
[`RECOMMENDED`][factcheck.formats.claimreview.RECOMMENDED].

**Import** (`factcheck import claimreview`) reads JSON-LD as one object, an array, an
`@graph`, or the `<script type="application/ld+json">` blocks of an HTML page (else the
page's microdata, with extruct, else its RDFa, with pyRdfa (`factcheck.formats.rdfa`):
the `[html]` extra); a
`ClaimReview` is found at any depth of the other objects (a `DataFeed`'s items, a listing
API's `data`, an article's `review`), its `@type` a string or a list, and the claims of
a Google Fact Check Tools API response (`claims[].claimReview[]`) are read as ClaimReviews
too. An `{"@id": …}` reference (Yoast's `@graph` writes the author so) is replaced by the
node it names. Every ClaimReview found becomes a record or a reported problem; other types
are skipped. [`record_from`][factcheck.formats.claimreview.record_from] converts one item; the
DataCommons feed reuses it.

The label is looked up in the tables of the review's publisher first, matched from its
`author` and `publisher` (name or URL host) and its `url`
(`factcheck.formats.labels.publisher_tables`), then in the research table of the site
its URL lies on (`factcheck.formats.research_labels.research_tables`), then in the general
tables. A numeric
`ratingValue` is used only when the publisher's table documents its numeric scale.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..extras import require
from ..model.fields import _language_re as _LANGUAGE
from ..model.models import SCHEMA_VERSION
from ..model.ratings import Rating
from . import cleaning
from .label_map import LabelMap
from .labels import Vocabulary, number_for, publisher_tables, review_lookup, review_source
from .research_labels import research_tables

NAME = "claimreview"
TITLE = "ClaimReview"

REQUIRED = ("claimReviewed", "reviewRating", "reviewRating.alternateName", "url")
"""What Google requires of a ClaimReview, as dotted paths."""

RECOMMENDED = (
    "author",
    "author.name",
    "datePublished",
    "itemReviewed",
    "itemReviewed.author",
    "itemReviewed.datePublished",
    "itemReviewed.appearance",
    "itemReviewed.firstAppearance",
    "reviewRating.name",
    "reviewRating.ratingValue",
    "reviewRating.bestRating",
    "reviewRating.worstRating",
)
"""What Google recommends, as dotted paths (present when the record has the data)."""

_PERSON_TYPES = {"person"}


# -- export ------------------------------------------------------------------------------------


def to_claimreview(
    records: Iterable[Any], info: Any = None, *, review_url: str | None = None
) -> list[dict[str, Any]]:
    """The records as schema.org `ClaimReview` JSON-LD objects, one per record.

    Args:
        records: Typed records ([`factcheck.Record`][factcheck.Record]).
        info: The dataset's metadata; unused by the mapping, accepted for symmetry with the
            other exports.
        review_url: Where each fact check is published, as a template with `{id}` (for
            example `https://checks.example.org/{id}`). Google requires `url`, and a
            record does not know the page that will show it; without a template the items
            have no `url`.
    """
    del info
    if review_url is not None:
        _check_review_url(review_url)
    return [_review(record, review_url) for record in records]


def _check_review_url(review_url: Any) -> None:
    """Refuse a `review_url` template that is not a str, has no `{id}` or is no URL.

    Raises:
        UsageError: The message says what is wrong (a bad port, say) and gives an example.
    """
    from urllib.parse import urlsplit

    from ..errors import UsageError

    example = "e.g. https://checks.example.org/{id}"
    if not isinstance(review_url, str):
        raise UsageError(
            f"review_url must be a str, a URL template with {{id}} ({example}), "
            f"not {type(review_url).__name__}"
        )
    sample = review_url.replace("{id}", "id")
    try:
        _ = urlsplit(sample).port  # an out-of-range or non-numeric port raises here
        usable = "{id}" in review_url and cleaning.url(sample) is not None
    except ValueError as error:
        raise UsageError(
            f"review URL {review_url!r} is not a valid URL ({error}); {example}"
        ) from None
    if not usable:
        raise UsageError(
            f"review URL {review_url!r} must be an http(s) URL with {{id}} where each "
            f"record's id goes, {example}"
        )


def _review(record: Any, review_url: str | None) -> dict[str, Any]:
    claim, verdict = record.claim, record.verdict
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label}
    if verdict.rating is not None:  # a verdict not normalized has its label alone
        rating["name"] = str(verdict.rating)
    number = None if verdict.rating is None else number_for(verdict.rating)
    if number is not None:
        rating.update(ratingValue=number, bestRating=5, worstRating=1)
    kind = "Person" if claim.claimant.type in _PERSON_TYPES else "Organization"
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": kind, "name": claim.claimant.name},
    }
    if claim.date is not None:
        item["datePublished"] = claim.date.isoformat()
    if claim.context:
        item["description"] = claim.context
    appearances = [_work(a) for a in claim.appearances]
    if appearances:
        item["appearance"] = appearances
        dated = [a for a in claim.appearances if a.published is not None]
        first = min(dated, key=lambda a: a.published) if dated else claim.appearances[0]
        item["firstAppearance"] = _work(first)
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": record.id,
        "claimReviewed": claim.text,
        "inLanguage": claim.language,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": verdict.reviewer},
        "datePublished": (verdict.reviewed or record.history[0].date).isoformat(),
        "itemReviewed": item,
    }
    if review_url:
        review["url"] = review_url.replace("{id}", record.id)
    if verdict.summary:
        review["description"] = verdict.summary
    if verdict.explanation:
        review["reviewBody"] = verdict.explanation
    if record.topics:
        review["keywords"] = list(record.topics)
    if record.evidence:
        review["citation"] = [_work(source) for source in record.evidence]
    return review


def _work(document: Any) -> dict[str, Any]:
    """An appearance or a source as a schema.org `CreativeWork`."""
    work: dict[str, Any] = {"@type": "CreativeWork", "url": document.url}
    if document.title:
        work["headline"] = document.title
    work["publisher"] = {"@type": "Organization", "name": document.publisher}
    if document.published is not None:
        work["datePublished"] = document.published.isoformat()
    return work


def missing_properties(review: dict[str, Any]) -> list[str]:
    """The required and recommended properties (dotted paths) that `review` lacks."""
    missing = []
    for path in (*REQUIRED, *RECOMMENDED):
        value: Any = review
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value in (None, "", []):
            missing.append(path)
    return missing


# -- import ------------------------------------------------------------------------------------


def rows(
    path: Path, *, today: date, labels: LabelMap | None = None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each ClaimReview in `path` (JSON-LD or HTML) as a record dict, or why it is not one.

    Args:
        path: The file to read.
        today: The import date, for each record's history.
        labels: The user's own label table (`--label-map`), looked up first.
    """
    if path.stat().st_size >= STREAM_AT:
        opening = _opening(path)
        if opening is not None:
            yield from _streamed_rows(path, opening, today, labels)
            return
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield 1, f"not UTF-8 (byte {raw[error.start]:#04x} at offset {error.start})"
        return
    pages: dict[str, bytes] = {}
    if text.lstrip()[:1] != "<":
        yield from _block_rows(text, 1, path.name, today, pages, labels)
        return
    # An HTML page: its JSON-LD scripts, else its microdata. A page's other scripts
    # (a WebSite, an Organization) are no problem; a page with no ClaimReview at all is.
    found = False
    for first_line, block in _html_blocks(text):
        for line, row in _block_rows(block, first_line, path.name, today, pages, labels):
            if row is _NO_ITEM:
                continue
            found = True
            yield line, row
    if not found:
        # microdata, else RDFa: a page whose itemtype names ClaimReview but whose microdata
        # holds no such item may still hold it in RDFa
        microdata = list(_microdata_rows(text, path.name, today, pages, labels))
        rdfa = []
        if all(row == _NO_MICRODATA_ITEM for _, row in microdata):
            rdfa = list(_rdfa_rows(text, path.name, today, pages, labels))
        for line, row in rdfa or microdata:
            found = True
            yield line, row
    if not found:
        yield (
            1,
            (
                'no ClaimReview in the page: no <script type="application/ld+json"> block, '
                "microdata item (itemtype) or RDFa element (typeof) holds one"
            ),
        )


STREAM_AT = 4 << 20
"""Files at least this large, holding an array, a `DataFeed` or an `@graph`, are read
one element at a time (`_streamed_rows`) instead of decoded whole."""

_OPENINGS = (
    re.compile(r"\A\s*\["),
    re.compile(r'"dataFeedElement"\s*:\s*\['),
    re.compile(r'"@graph"\s*:\s*\['),
    re.compile(r'"claims"\s*:\s*\['),
)


def _opening(path: Path) -> re.Pattern[str] | None:
    """Where the elements of a large file's list start, or `None` (an HTML page, an
    object of another shape): the first of `_OPENINGS` in its first megabyte."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20).decode("utf-8-sig", "replace")
    if head.lstrip()[:1] == "<":
        return None
    found = [(m.start(), p) for p in _OPENINGS if (m := p.search(head)) is not None]
    return min(found, key=lambda pair: pair[0])[1] if found else None


def _streamed_rows(
    path: Path, opening: re.Pattern[str], today: date, labels: LabelMap | None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """The ClaimReviews of a large file, one element of its list at a time.

    Each element is decoded alone and its items placed on their own lines, as the whole-file
    path places them; `{"@id": …}` references resolve within the element, and strings may
    not hold raw line breaks (which only the whole-file path forgives).
    """
    from ..validation.reading import Document

    pages: dict[str, bytes] = {}
    found = False
    for line, element in cleaning.json_array(path, opening, spans=True):
        if isinstance(element, cleaning.Unreadable):
            yield line, element.message
            continue
        data, text = element
        document = Document(data, text, line)
        nodes = _nodes(data)
        for pointer, item in _items(data, ()):
            found = True
            # an item that is the element itself is on the element's line: no parse needed
            where = document.position(pointer)[0] if pointer else line
            yield (
                where,
                record_from(
                    _resolved(item, nodes),
                    today=today,
                    origin=f"{path.name}, line {where}",
                    pages=pages,
                    labels=labels,
                ),
            )
    if not found:
        yield 1, 'no ClaimReview item (an object with "@type": "ClaimReview")'


def _block_rows(
    text: str,
    first_line: int,
    file_name: str,
    today: date,
    pages: dict[str, bytes],
    labels: LabelMap | None = None,
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    from ..validation.reading import Document

    text = _unwrapped(text)
    try:
        try:
            data = cleaning.loads(text, strict=False)  # pages write raw line breaks in strings
        except ValueError as first:
            values = _values(text, first)
            if values is not None:
                # Several JSON values one after the other in one script (a plugin's output
                # joined to a theme's): each is read as a block of its own.
                yield from _values_rows(text, values, first_line, file_name, today, pages, labels)
                return
            # A template's trailing comma ({"name": "X",}) is the commonest slip of
            # hand-written markup: read again without it, or report the first error.
            repaired = _without_trailing_commas(text)
            if repaired == text:
                raise
            try:
                data = cleaning.loads(repaired, strict=False)
            except ValueError:
                raise first from None
            text = repaired  # the same lines: only commas were taken out
        items = list(_items(data, ()))
    except ValueError as error:
        line = first_line + getattr(error, "lineno", 1) - 1
        yield line, f"not valid JSON: {getattr(error, 'msg', error)}"
        return
    except RecursionError:
        yield first_line, "not read: JSON nested too deeply"
        return
    document = Document(data, text, first_line)
    nodes = _nodes(data)
    found = False
    for pointer, item in items:
        found = True
        line = document.position(pointer)[0]
        item = _resolved(item, nodes)
        origin = f"{file_name}, line {line}"
        yield line, record_from(item, today=today, origin=origin, pages=pages, labels=labels)
    if not found:
        yield first_line, _NO_ITEM


def _unwrapped(text: str) -> str:
    """A script's JSON without what pages put around it: CDATA or comment guards (also as
    `//<![CDATA[`), a byte-order mark and any Unicode space at either end, a closing `;`.
    The line breaks taken out before it are put back, so line numbers still hold."""
    text = _WRAPPER.sub(lambda guard: "\n" * guard.group().count("\n"), text)
    lead = _LEAD.match(text).end()
    body = text[lead:].rstrip().rstrip("\ufeff").rstrip()
    if body.endswith(";"):
        body = body[:-1].rstrip()
    return "\n" * text.count("\n", 0, lead) + body


_LEAD = re.compile(r"[\s\ufeff]*")


def _values(text: str, error: ValueError) -> list[tuple[int, int]] | None:
    """The spans of the JSON values that `text` holds one after the other (white space, or a
    `;` or `,`, between them), when reading it as one value failed with `error` for the data
    after the first; else `None`. One pass: each value is decoded once."""
    if getattr(error, "msg", "") != "Extra data":
        return None
    spans: list[tuple[int, int]] = []
    at = 0
    while True:
        at = _BETWEEN.match(text, at).end()
        if at >= len(text):
            return spans if len(spans) > 1 else None
        try:
            end = cleaning.value_end(text, at)
        except ValueError:
            return None
        spans.append((at, end))
        at = end


_BETWEEN = re.compile(r"[\s\ufeff;,]*")


def _values_rows(
    text: str,
    spans: list[tuple[int, int]],
    first_line: int,
    file_name: str,
    today: date,
    pages: dict[str, bytes],
    labels: LabelMap | None,
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """`_block_rows` of each value of a block holding several (`_values`)."""
    found = False
    line, counted = first_line, 0
    for start, end in spans:
        line += text.count("\n", counted, start)  # from the last value on: one pass in all
        counted = start
        for row in _block_rows(text[start:end], line, file_name, today, pages, labels):
            if row[1] is not _NO_ITEM:
                found = True
                yield row
    if not found:
        yield first_line, _NO_ITEM


_JSON_TOKEN = re.compile(r'\\.|"|,|[}\]]|[^\s\\",}\]]+')
"""The tokens `_without_trailing_commas` steps through: an escape, a quote, a comma, a closing
bracket, or a run of anything else (white space is skipped). Each match consumes what it
matches, so a hostile block costs one pass."""


def _without_trailing_commas(text: str) -> str:
    """`text` without the commas that stand, outside strings, right before a `}` or `]`."""
    dropped: list[int] = []
    in_string = False
    comma = -1
    for token in _JSON_TOKEN.finditer(text):
        value = token.group()
        if value == '"':
            in_string = not in_string
            comma = -1
        elif in_string:
            continue
        elif value == ",":
            comma = token.start()
        elif value in "}]" and comma >= 0:
            dropped.append(comma)
            comma = -1
        else:
            comma = -1
    if not dropped:
        return text
    parts, start = [], 0
    for at in dropped:
        parts.append(text[start:at])
        start = at + 1
    parts.append(text[start:])
    return "".join(parts)


_NO_ITEM = 'no ClaimReview item (an object with "@type": "ClaimReview")'
"""The row of a JSON document with no ClaimReview in it (an HTML page checks for it by
identity: one script of a page without one is no problem)."""

_TYPED = re.compile(
    r"""\b(itemtype|typeof)\s*=\s*("[^"]{0,2000}"|'[^']{0,2000}'|[^\s"'>]{1,2000})""",
    re.IGNORECASE,
)
"""A microdata `itemtype` or RDFa `typeof` attribute and its value. Each value is matched
once, with no backtracking over long runs, so a hostile page costs one pass."""


def _typed_at(text: str, attribute: str) -> list[int]:
    """Where an `attribute` (`itemtype` or `typeof`) names the ClaimReview type."""
    return [
        match.start()
        for match in _TYPED.finditer(text)
        if match[1].lower() == attribute and re.search(r"ClaimReview\b", match[2], re.I)
    ]


def _microdata_items(text: str) -> tuple[list[int], list[dict[str, Any]] | str]:
    """The lines of a page's `itemtype`s naming ClaimReview, and its microdata ClaimReview
    items (or why they could not be read).

    Read with extruct (the `[html]` extra), in its JSON-LD-like form, so the items are
    then read as JSON-LD items are.
    """
    starts = _typed_at(text, "itemtype")
    if not starts:
        return [], []
    extruct = require("extruct", "Reading microdata ClaimReview markup")
    lines = _lines_at(text, starts)
    try:
        data = extruct.extract(
            text.encode("utf-8"), encoding="UTF-8", syntaxes=["microdata"], uniform=True
        )["microdata"]
        return lines, [item for _, item in _items(data, ())]
    except (ValueError, TypeError, LookupError, RecursionError) as error:
        return lines, f"microdata not read: {type(error).__name__}: {error}"


def _microdata_rows(
    text: str, file_name: str, today: date, pages: dict[str, bytes], labels: LabelMap | None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """The microdata ClaimReviews of an HTML page (as Snopes wrote its verdicts in 2017),
    each at the line of the `itemtype` naming it, in page order."""
    lines, items = _microdata_items(text)
    if not lines:
        return
    if isinstance(items, str):
        yield lines[0], items
        return
    if not items:
        yield lines[0], _NO_MICRODATA_ITEM
        return
    for index, item in enumerate(items):
        where = lines[min(index, len(lines) - 1)]
        origin = f"{file_name}, line {where}"
        yield where, record_from(item, today=today, origin=origin, pages=pages, labels=labels)


def _lines_at(text: str, starts: list[int]) -> list[int]:
    """The line of each offset of `starts` (ascending), in one pass over the text."""
    lines, line, at = [], 1, 0
    for start in starts:
        line += text.count("\n", at, start)
        lines.append(line)
        at = start
    return lines


_NO_MICRODATA_ITEM = (
    "no ClaimReview in the page: an itemtype names ClaimReview, but no microdata item of that "
    "type was read there"
)


def _rdfa_items(text: str) -> tuple[list[int], list[tuple[int, dict[str, Any]]] | str]:
    """The lines of a page's `typeof`s naming ClaimReview, and its RDFa ClaimReview items
    with their lines (or why they could not be read); see `factcheck.formats.rdfa`."""
    from .rdfa import UnreadableRDFa, typed_items

    lines = _lines_at(text, _typed_at(text, "typeof"))
    if not lines:
        return [], []
    try:
        return lines, typed_items(text, "ClaimReview")
    except UnreadableRDFa as error:
        return lines, f"RDFa not read: {error}"


def _rdfa_rows(
    text: str, file_name: str, today: date, pages: dict[str, bytes], labels: LabelMap | None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """The RDFa ClaimReviews of an HTML page, each at the line of its `typeof`, in page
    order. A page whose RDFa cannot be read gives that problem at each `typeof` naming
    ClaimReview, so every ClaimReview it may hold is counted."""
    lines, items = _rdfa_items(text)
    if not lines:
        return
    if isinstance(items, str):
        for line in lines:
            yield line, items
        return
    if not items:
        yield (
            lines[0],
            (
                "no ClaimReview in the page: a typeof names ClaimReview, but no RDFa element "
                'of schema.org\'s ClaimReview type was read (is vocab="https://schema.org/" '
                "set on it or an element around it?)"
            ),
        )
        return
    for line, item in items:
        origin = f"{file_name}, line {line}"
        yield line, record_from(item, today=today, origin=origin, pages=pages, labels=labels)


def _page_items(text: str) -> Iterator[dict[str, Any]]:
    """The ClaimReview items of a small document as `rows` finds them (JSON-LD, else a
    page's microdata, else its RDFa), `@id` references resolved, for the label coverage
    page's tiers. An unreadable block is skipped: `rows` reports it."""
    found = False
    blocks = _html_blocks(text) if text.lstrip()[:1] == "<" else [(1, text)]
    for _, block in blocks:
        block = _unwrapped(block)
        try:
            try:
                data = cleaning.loads(block, strict=False)
            except ValueError as error:
                spans = _values(block, error)
                if spans is None:
                    raise
                data = [cleaning.loads(block[start:end], strict=False) for start, end in spans]
        except (ValueError, RecursionError):
            continue
        nodes = _nodes(data)
        for _, item in _items(data, ()):
            found = True
            yield _resolved(item, nodes)
    if not found and text.lstrip()[:1] == "<":
        items = _microdata_items(text)[1]
        if isinstance(items, list):
            found = bool(items)
            yield from items
    if not found and text.lstrip()[:1] == "<":
        typed = _rdfa_items(text)[1]
        if isinstance(typed, list):
            yield from (item for _, item in typed)


_WRAPPER = re.compile(
    r"^\s*(?:(?://|/\*)[ \t]*)?(?:<!\[CDATA\[|<!--)(?:\s*\*/)?"
    r"|(?:(?://|/\*)[ \t]*)?(?:\]\]>|-->)(?:\s*\*/)?\s*$"
)
"""The CDATA or comment guards some pages put around a script's JSON."""


def _items(data: Any, pointer: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every ClaimReview in a JSON value, at any depth of the objects that are not one.

    A Fact Check Tools API claim (`text`, `claimReview[]`) gives one ClaimReview per
    review, built by `_from_api_claim`.
    """
    if isinstance(data, list):
        for index, value in enumerate(data):
            yield from _items(value, (*pointer, index))
    elif isinstance(data, dict):
        if _is_type(data, "ClaimReview"):
            yield pointer, data
        elif "@type" not in data and isinstance(data.get("claimReview"), list):
            for index, review in enumerate(data["claimReview"]):
                if isinstance(review, dict):
                    yield (*pointer, "claimReview", index), _from_api_claim(data, review)
        else:
            for key, value in data.items():
                if isinstance(value, list | dict):
                    yield from _items(value, (*pointer, key))


def _from_api_claim(claim: dict[str, Any], review: dict[str, Any]) -> dict[str, Any]:
    """One review of a Fact Check Tools API claim as the ClaimReview it was read from.

    The API's names (https://developers.google.com/fact-check/tools/api/reference/rest/
    v1alpha1/claims): `text`, `claimant`, `claimDate`; each review's `publisher`
    (`name`, `site`), `url`, `title`, `reviewDate`, `textualRating` and
    `languageCode`.
    """
    publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
    site = publisher.get("site")
    author: dict[str, Any] = {"@type": "Organization"}
    if publisher.get("name"):
        author["name"] = publisher["name"]
    if isinstance(site, str) and site.strip():
        author["url"] = f"https://{site.strip()}"
    item: dict[str, Any] = {"@type": "Claim", "datePublished": claim.get("claimDate")}
    if claim.get("claimant"):
        item["author"] = {"@type": "Person", "name": claim["claimant"]}
    return {
        "@type": "ClaimReview",
        "claimReviewed": claim.get("text"),
        "author": author,
        "url": review.get("url"),
        "headline": review.get("title"),
        "datePublished": review.get("reviewDate"),
        "inLanguage": review.get("languageCode"),
        "reviewRating": {"@type": "Rating", "alternateName": review.get("textualRating")},
        "itemReviewed": item,
    }


def _nodes(data: Any) -> dict[str, dict[str, Any]]:
    """The nodes of a JSON-LD document by `@id`: those with more than their `@id`."""
    found: dict[str, dict[str, Any]] = {}
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            node_id = value.get("@id")
            if isinstance(node_id, str) and len(value) > 1:
                found.setdefault(node_id, value)
            stack.extend(v for v in value.values() if isinstance(v, list | dict))
    return found


def _resolved(item: dict[str, Any], nodes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`item` with its `{"@id": …}` references replaced by their nodes, two levels deep."""

    def resolve(value: Any, depth: int) -> Any:
        if isinstance(value, list):
            return [resolve(v, depth) for v in value]
        if isinstance(value, dict):
            if set(value) == {"@id"} and isinstance(value["@id"], str):
                return nodes.get(value["@id"], value)
            if depth:
                return {k: resolve(v, depth - 1) for k, v in value.items()}
        return value

    if not nodes:
        return item
    return {key: resolve(value, 1) for key, value in item.items()}


def _is_type(data: dict[str, Any], name: str) -> bool:
    kind = data.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    # "ClaimReview", "https://schema.org/ClaimReview" and "schema:ClaimReview" alike
    return any(isinstance(k, str) and re.split(r"[/:#]", k)[-1] == name for k in kinds)


class _ScriptBlocks(HTMLParser):
    """Collects the text of `<script type="application/ld+json">` elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []
        self._current: list[str] | None = None
        self._line = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type") or ""
        if tag == "script" and kind.split(";")[0].strip().lower() == "application/ld+json":
            self._current, self._line = [], self.getpos()[0]

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.blocks.append((self._line, "".join(self._current)))
            self._current = None


def _html_blocks(text: str) -> list[tuple[int, str]]:
    parser = _ScriptBlocks()
    parser.feed(text)
    parser.close()
    return parser.blocks


def record_from(
    item: dict[str, Any],
    *,
    today: date,
    origin: str,
    pages: dict[str, bytes] | None = None,
    labels: LabelMap | None = None,
    source: str = TITLE,
) -> dict[str, Any] | str:
    """One ClaimReview object as a record dict, or the reason it cannot be one.

    Args:
        item: The `ClaimReview` object.
        today: The import date, for the record's history.
        origin: Where the item was read (file and line), for the history note.
        pages: The ids made so far from review URLs in this file, with a digest of their
            claim, kept up to date by this function. One fact-check page often reviews
            several claims, each in its own ClaimReview with the page's URL: with `pages`,
            the second claim of a page gets an id of its own (from the URL and the claim)
            instead of repeating the first's, while the same review found twice keeps
            one id, so the import reports it as a repeat.
        labels: The user's own label table (`--label-map`), looked up before the
            library's tables.
        source: What the item was read from, for the history note (`ClaimReview`).

    A label that maps to no rating keeps its row: the verdict has the label and no
    `rating` (*not normalized*). The claim gets a `key` made from its normalized text
    (`claim_key`), so the reviews of one claim by several publishers are linked.
    """
    text = _claim_text(item.get("claimReviewed"))
    reviewed_item = _first(item.get("itemReviewed"))
    if text is None and isinstance(reviewed_item, dict) and _is_type(reviewed_item, "Claim"):
        text = _claim_text(reviewed_item.get("text"))  # the Claim's own text, where given
    if text is None:
        return "no claimReviewed: the claim's text is required"
    rating_node = _first(item.get("reviewRating"))
    if isinstance(cleaning.literal(rating_node), str):
        rating_node = {"alternateName": rating_node}  # the label written as the rating itself
    if not isinstance(rating_node, dict):
        return "no reviewRating: a ClaimReview without a rating is not a verdict"
    reviewed = cleaning.iso_date(item.get("datePublished"), *cleaning.WRITTEN_DATES)
    verdict = _verdict(rating_node, _publisher_tables(item, reviewed, labels))
    if isinstance(verdict, str):
        return verdict
    reviewer = _name(item.get("author")) or _name(item.get("publisher"))
    if reviewer is None:
        return "no author name or URL: who made the fact check is required"
    verdict["reviewer"] = reviewer
    if reviewed is not None:
        verdict["reviewed"] = reviewed.isoformat()
    summary = cleaning.line(item.get("description"))
    if summary:
        verdict["summary"] = summary
    explanation = cleaning.paragraphs(item.get("reviewBody")) or cleaning.paragraphs(
        rating_node.get("ratingExplanation")
    )
    if explanation:
        verdict["explanation"] = explanation
    review_url = cleaning.url(item.get("url"))
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": _record_id(item, review_url, text, pages),
        "claim": {
            **_claim(text, _first(item.get("itemReviewed")), item.get("inLanguage")),
            "key": claim_key(text),
        },
        "verdict": verdict,
        "evidence": _citations(item.get("citation")),
        "topics": _keywords(item.get("keywords")),
        "history": cleaning.history(
            today, source, origin, f"review {review_url}" if review_url else "no review URL"
        ),
    }
    return record


def _claim_text(value: Any) -> str | None:
    """`claimReviewed`: a string, or a list of them (The Quint writes one), joined."""
    if isinstance(value, list):
        parts = [part for part in map(cleaning.line, value) if part]
        return "; ".join(parts) or None
    return cleaning.line(value)


def _publisher_tables(
    item: dict[str, Any], reviewed: date | None, labels: LabelMap | None = None
) -> tuple[Vocabulary, ...]:
    """The label tables of the review's publisher, from its author, publisher and URL: the
    user's (`labels`) first, then the library's, then the research tables of the sites
    its URLs lie on."""
    names: list[str] = []
    urls: list[str] = []
    for key in ("author", "publisher"):
        nodes = item.get(key)
        for node in nodes if isinstance(nodes, list) else [nodes]:
            if isinstance(node, str):
                names.append(node)
            elif isinstance(node, dict):
                names += [v for v in (node.get("name"),) if isinstance(v, str)]
                urls += [v for v in (node.get("url"), node.get("@id")) if isinstance(v, str)]
    if isinstance(item.get("url"), str):
        urls.append(item["url"])
    mine = () if labels is None else labels.tables_for(names, urls)
    return (*mine, *publisher_tables(names, urls, day=reviewed), *research_tables(urls))


def _verdict(node: dict[str, Any], tables: tuple[Vocabulary, ...]) -> dict[str, Any] | str:
    """The rating of `reviewRating`: by its label, in the publisher's `tables` first.

    A number decides only where the label does not and the publisher's table documents its
    numeric scale: a 4 of 6 is "Falso" for one publisher and "true" for another.
    """
    alternate = cleaning.line(node.get("alternateName"))
    name = cleaning.line(node.get("name"))
    value = _number(node.get("ratingValue"))
    label = alternate or name or (None if value is None else _number_text(node.get("ratingValue")))
    if label is None:
        unusable = _unusable_number(node.get("ratingValue"))
        if unusable is not None:
            return (
                f"reviewRating has no alternateName or name, and its ratingValue {unusable} is "
                "not a number a 64-bit float can hold"
            )
        return "reviewRating has no alternateName, name or ratingValue"
    rating = None
    if name in _RATINGS:
        rating = Rating(name)  # factcheck's own export writes its rating here
    best, worst = _number(node.get("bestRating")), _number(node.get("worstRating"))
    for text in (alternate, name):
        if rating is None and text is not None:
            found = review_lookup(text, tables)
            rating = found if isinstance(found, Rating) else None
            if rating is not None and _contradicted(rating, text, tables, value, best, worst):
                rating = None
    if rating is None and value is not None:
        numbers = (table.number(value, best, worst) for table in tables if table.numeric)
        rating = next((number for number in numbers if number is not None), None)
    if rating is None:
        return {"label": label}  # not normalized: the row is kept with its label
    return {"rating": str(rating), "label": label}


def _contradicted(
    rating: Rating,
    label: str,
    tables: tuple[Vocabulary, ...],
    value: float | None,
    best: float | None,
    worst: float | None,
) -> bool:
    """Whether a label rated only by other publishers' tables is refuted by the review's numbers.

    A label this review's own tables do not define is rated through the fallbacks (a label
    every publisher table that defines it rates alike; see `review_lookup`), which may rest
    on one publisher's definition. When the review states `ratingValue`, `bestRating` and
    `worstRating`, and the value sits at the other end of its own scale from that rating
    (three quarters of the scale or more apart: `"Inaccurate"` with 1 of 1–5 is not
    mostly-true), the borrowed rating is not used and the row is kept not normalized. The
    numbers only veto; they never rate on a scale nobody documents.
    """
    if value is None or best is None or worst is None or best == worst:
        return False
    if review_source(label, tables) not in _BORROWED:
        return False
    where = rating.score
    if where is None:
        return False
    position = (value - worst) / (best - worst)
    return 0 <= position <= 1 and abs(position - where) >= _CONTRADICTION


_BORROWED = ("publishers' agreement", "research agreement")
_CONTRADICTION = 0.75


def _claim(text: str, item: Any, language: Any) -> dict[str, Any]:
    item = item if isinstance(item, dict) else {}
    claim: dict[str, Any] = {"text": text, "wording": "paraphrase"}
    author = _first(item.get("author"))
    name = _name(author, allow_url=False)
    if name is None or name == "Unknown":
        claim["claimant"] = {"name": "Unknown", "type": "unknown"}
    else:
        person = isinstance(author, dict) and _is_type(author, "Person")
        claim["claimant"] = {"name": name, "type": "person" if person else "organization"}
    said = cleaning.iso_date(item.get("datePublished"), *cleaning.WRITTEN_DATES)
    if said is not None:
        claim["date"] = said.isoformat()
    claim["language"] = _language(language)
    context = cleaning.paragraphs(item.get("description"))
    if context:
        claim["context"] = context
    appearances = (
        _works(item.get("appearance")) + _works(item.get("firstAppearance")) + _source_of(item)
    )
    seen: set[str] = set()
    unique = [a for a in appearances if not (a["url"] in seen or seen.add(a["url"]))]
    if unique:
        claim["appearances"] = unique
    return claim


def _source_of(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The reviewed item's own `url` and `sameAs` URLs as appearances of the claim.

    AFP and others give the post that made the claim as the `url` of `itemReviewed` (a
    `Claim` or a `CreativeWork`), not as an `appearance`. Its publisher is the URL's host
    (the item's `author` is the claimant, often "multiple sources"), its date the item's
    `datePublished`, and its title a `CreativeWork`'s `headline` or `name` (a `Claim`'s
    `name` is the claim, not a title).
    """
    urls = []
    for key in ("url", "sameAs"):
        values = item.get(key)
        urls += [v for v in (values if isinstance(values, list) else [values]) if v]
    work = {"datePublished": item.get("datePublished")}
    if not _is_type(item, "Claim"):
        work["headline"] = item.get("headline") or item.get("name")
    return [document for url in urls for document in _works({**work, "url": url})]


def _works(value: Any) -> list[dict[str, Any]]:
    """CreativeWorks (or bare URLs) as documents: url, title, publisher, published."""
    out = []
    for work in value if isinstance(value, list) else [value]:
        if isinstance(work, str):
            work = {"url": work}
        if not isinstance(work, dict):
            continue
        url = cleaning.url(work.get("url"))
        if url is None:
            continue
        document: dict[str, Any] = {"url": url}
        title = cleaning.line(work.get("headline")) or cleaning.line(work.get("name"))
        if title:
            document["title"] = title
        document["publisher"] = (
            _name(work.get("publisher"), allow_url=False)
            or _name(work.get("author"), allow_url=False)
            or cleaning.host(url)
        )
        published = cleaning.iso_date(work.get("datePublished"), *cleaning.WRITTEN_DATES)
        if published is not None:
            document["published"] = published.isoformat()
        out.append(document)
    return out


def _citations(value: Any) -> list[dict[str, Any]]:
    return [{**work, "stance": "context"} for work in _works(value)]


def _keywords(value: Any) -> list[str]:
    words = value.split(",") if isinstance(value, str) else value
    if not isinstance(words, list):
        return []
    return sorted({cleaning.slug(w) for w in words if isinstance(w, str)} - {""})


def _name(node: Any, *, allow_url: bool = True) -> str | None:
    """An Organization's or Person's name; else, if allowed, its URL's host."""
    node = _first(node)
    if isinstance(node, str):
        return cleaning.line(node)
    if not isinstance(node, dict):
        return None
    name = cleaning.line(node.get("name"))
    if name is None and allow_url:
        url = cleaning.url(node.get("url"))
        name = cleaning.host(url) if url else None
    return name


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _number(value: Any) -> float | None:
    """A rating number (or its text) as a finite float; `None` when it is not one."""
    value = cleaning.literal(value)
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            number = float(value)  # OverflowError: an integer beyond a float's range
        elif isinstance(value, str):
            number = float(value.strip())
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _unusable_number(value: Any) -> str | None:
    """How to show a rating value that is written as a number but is no finite one."""
    value = cleaning.literal(value)
    if isinstance(value, cleaning.Unusable):
        text = value.text
    elif isinstance(value, int | float | str) and not isinstance(value, bool):
        text = value.strip() if isinstance(value, str) else repr(value)
        try:
            float(text)
        except (ValueError, OverflowError):
            return None
    else:
        return None
    return repr(text if len(text) <= 40 else f"{text[:20]}…{text[-10:]}")


def _number_text(value: Any) -> str:
    value = cleaning.literal(value)
    return value.strip() if isinstance(value, str) else json.dumps(value)


def _language(value: Any) -> str:
    value = cleaning.literal(value)
    tag = value.get("name") if isinstance(value, dict) else value
    if isinstance(tag, str) and _LANGUAGE.fullmatch(tag.strip()):
        return tag.strip()
    return "und"


def _record_id(
    item: dict[str, Any], review_url: str | None, text: str, pages: dict[str, bytes] | None
) -> str:
    """The item's `identifier` if it is a slug; else a slug made from its URL or claim.

    The slug is the last part of the review URL's path (or the claim's first words), cut to
    40 characters, with 8 hex digits of a hash of the URL (or claim) to keep it unique. A
    page's second claim (see `pages` in [`record_from`][factcheck.formats.claimreview.record_from])
    hashes the URL and the claim.
    """
    identifier = item.get("identifier")
    if isinstance(identifier, str):
        slug = cleaning.slug(identifier)
        if slug == identifier and len(slug) <= 80:
            return slug
    seed = review_url or text
    base = review_url.rstrip("/").rsplit("/", 1)[-1] if review_url else text
    stem = cleaning.slug(base)[:40].strip("-") or "claimreview"
    made = f"{stem}-{_digest(seed, 4).hex()}"
    if review_url is None or pages is None:
        return made
    claim = _digest(text, 12)
    if pages.setdefault(made, claim) == claim:
        return made
    page_and_claim = "\n".join((review_url, text))
    return f"{stem}-{_digest(page_and_claim, 4).hex()}"


def claim_key(text: str) -> str:
    """The `claim.key` of a claim: `c-` and 16 hex digits of a hash of its text as the
    duplicate-claim rule compares it (Unicode-normalized, case-folded, punctuation as
    spaces). Reviews of the same claim text by several publishers share it; 64 bits keep
    two different claims of a corpus of millions apart."""
    from ..validation.rules import normalize_claim

    return f"c-{_digest(normalize_claim(text), 8).hex()}"


def _digest(text: str, size: int) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=size).digest()


_RATINGS = frozenset(rating.value for rating in Rating)


def dataset_info(path: Path, *, today: date) -> dict[str, Any]:
    """The `dataset.json` of an import of the ClaimReview file `path`."""
    return info_for(
        path,
        today,
        title=f"ClaimReview fact checks ({path.name})",
        description=(
            f"The ClaimReview items of {path.name}, imported with factcheck. ClaimReview "
            "(https://schema.org/ClaimReview) is the structured data fact-checkers publish "
            "on their pages."
        ),
    )


def info_for(path: Path, today: date, *, title: str, description: str) -> dict[str, Any]:
    """The honest `dataset.json` of ClaimReview data: it promises few of the fields."""
    del path
    return {
        "name": "claimreview-import",
        "title": title,
        "description": description,
        "scope": "Whatever fact checks the file holds; ClaimReview data sets no scope.",
        "license": "NOASSERTION",
        "maintainers": [{"name": "The fact-checkers named in each record's verdict.reviewer"}],
        "citation": "Cite each fact check by its publisher and review URL (in its history note).",
        "methodology": {
            "claims": (
                "claimReviewed as the claim's text (a summary by the fact-checker, so wording "
                "is 'paraphrase'); the Claim's author as the claimant."
            ),
            "sources": (
                "The review's citations, if any, with stance 'context': ClaimReview does "
                "not say how a citation bears on the claim, and carries no quotes."
            ),
            "ratings": (
                "reviewRating.alternateName kept verbatim in verdict.label and mapped by "
                "factcheck's tables, the publisher's own scale first; a numeric ratingValue "
                "is used only where the publisher's table documents its numeric scale."
            ),
            "corrections": (
                "Each fact-checker's own; re-import the markup to pick up a correction."
            ),
        },
        "policy": {"min_independent_publishers": 0, "require": []},
        "created": today.isoformat(),
    }
