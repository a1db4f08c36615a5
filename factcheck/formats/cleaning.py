"""What every importer does to a source's values: clean text, safe URLs, ISO dates, slugs.

A record holds no control, zero-width or bidirectional characters, no leading or trailing
white space, URLs in ASCII and dates as `YYYY-MM-DD` (see `factcheck.model.fields`). Sources
are less tidy; these functions turn their values into what a record may hold, or say that
they cannot (`None`), so that an importer never invents a value to fill a gap.
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit, urlunsplit

from ..model.fields import _FORBIDDEN, _FORBIDDEN_MULTILINE, URL_MAX_LENGTH, _url_re

_FORBIDDEN_RE = re.compile(f"[{_FORBIDDEN}]+")
_FORBIDDEN_MULTILINE_RE = re.compile(f"[{_FORBIDDEN_MULTILINE}]+")
# What a text may not start or end with (fields._SPACES, as characters).
_SPACES = (
    " \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_CHUNK = 1 << 20
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
# Characters a URL may hold as they are; everything else is percent-encoded.
_URL_SAFE = "-._~:/?#[]@!$&'()*+,;=%"


def literal(value: object) -> object:
    """`value`, or the `@value` of a JSON-LD value object (`{"@value": "Faux",
    "@language": "fr"}`), which some publishers' markup writes in place of a string."""
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    return value


def line(value: object) -> str | None:
    """`value` as one line of text, or `None` for a missing or blank value.

    Each run of characters a text may not hold (line breaks, tabs, controls, zero-width and
    bidirectional marks) becomes one space, and the ends are trimmed; nothing else changes.
    A JSON-LD value object gives its `@value` (`literal`).
    """
    value = literal(value)
    if not isinstance(value, str):
        return None
    text = _FORBIDDEN_RE.sub(" ", value.replace("\u00ad", "")).strip(_SPACES)
    return text or None


def paragraphs(value: object) -> str | None:
    """`value` as multi-line text: like `line`, but line breaks are kept."""
    value = literal(value)
    if not isinstance(value, str):
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    text = _FORBIDDEN_MULTILINE_RE.sub(" ", text).strip(_SPACES + "\n")
    return text or None


def slug(value: str) -> str:
    """`value` as a slug: ASCII lowercase letters and digits joined by single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return _SLUG_JUNK.sub("-", ascii_text.lower()).strip("-")


def url(value: object) -> str | None:
    """`value` as an absolute http(s) URL in ASCII, or `None` if it cannot be one.

    Non-ASCII characters and spaces are percent-encoded and an internationalized host name is
    written in punycode; a URL with credentials, another scheme, no host name (an IP address
    is not one), a host IDNA cannot encode, or a port that is not 1 to 65535 is refused.
    """
    value = literal(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
        port = parts.port  # ValueError when it is not a number from 0 to 65535
        # UnicodeEncodeError: a lone surrogate, which no URL can hold.
        path = quote(parts.path, safe=_URL_SAFE)
        query = quote(parts.query, safe=_URL_SAFE)
        fragment = quote(parts.fragment, safe=_URL_SAFE)
    except (ValueError, UnicodeError):
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or parts.username or port == 0:
        return None
    netloc = host.lower() + ("" if port is None else f":{port}")
    result = urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))
    if len(result) > URL_MAX_LENGTH or not _url_re.fullmatch(result):
        return None
    return result


def host(url: str) -> str:
    """The host of an absolute URL (as `url` returns it), without a leading `www.`."""
    return url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].lower().removeprefix("www.")


def labelled(*pairs: tuple[str, str | None]) -> str | None:
    """`Name: value.` for each pair with a value, on one line; `None` if none has one."""
    return " ".join(f"{name}: {value}." for name, value in pairs if value) or None


WRITTEN_DATES = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
)
"""Dates written other than in ISO form that cannot be misread: with the month's English
name (*January 6, 2020*, *Jan. 6, 2020*, *6 Jan 2020*), or year first with slashes or dots
(*2020/01/06*, *2020.01.06*): `strptime` codes for `iso_date`. Numbers alone in another
order (*06/01/2020*) are not read: the day and the month cannot be told apart."""


def iso_date(value: object, *formats: str) -> date | None:
    """`value` read as a date in ISO form or one of `formats` (`strptime` codes).

    A datetime string gives its date. Returns `None` if no format reads it: the caller
    leaves the field out rather than guess.
    """
    value = literal(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for form in formats:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def tab_separated(path: Path, columns: int) -> Iterator[tuple[int, list[str] | str]]:
    """Each line of a tab-separated file as its fields, or the reason it cannot be read.

    The research datasets' TSV files quote nothing (a statement may hold or start with `"`),
    so a line is split at its tabs as it is. A byte-order mark opening the file is dropped. A
    line that is not UTF-8, or has fewer than `columns` fields, is reported; blank lines
    are skipped. One line is read at a time.
    """
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError as error:
                byte = raw[error.start]
                yield number, f"not UTF-8 (byte {byte:#04x} at column {error.start + 1})"
                continue
            if not text.strip():
                continue
            fields = text.split("\t")
            if len(fields) < columns:
                yield number, f"expected {columns} tab-separated columns, found {len(fields)}"
                continue
            yield number, fields


class _NotUtf8(Exception):
    """A line of a CSV file that is not UTF-8 (raised inside `comma_separated`)."""


def comma_separated(path: Path) -> Iterator[tuple[int, list[str] | str]]:
    """Each record of a CSV file as its fields, or why the rest of the file cannot be read.

    Quoted fields may hold commas, quotes and line breaks, so each record is given with the
    line it starts on. A byte-order mark opening the file (as spreadsheets write) is dropped.
    A line that is not UTF-8, or a record the `csv` module rejects, ends the reading with
    its line number: after a broken record the file cannot be split into records safely.
    Blank lines are skipped. One record is held at a time.
    """
    line = 0

    def decoded(lines: Iterator[bytes]) -> Iterator[str]:
        nonlocal line
        for raw in lines:
            line += 1
            try:
                yield raw.decode("utf-8-sig" if line == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise _NotUtf8(
                    f"byte {raw[error.start]:#04x} at column {error.start + 1}"
                ) from None

    with path.open("rb") as lines:
        records = csv.reader(decoded(lines))
        start = 1
        while True:
            try:
                fields = next(records)
            except StopIteration:
                return
            except _NotUtf8 as error:
                yield line, f"not UTF-8 ({error}); the rest of the file is not read"
                return
            except csv.Error as error:
                yield start, f"not valid CSV: {error}; the rest of the file is not read"
                return
            if any(field.strip() for field in fields):
                yield start, fields
            start = line + 1


class Unreadable(NamedTuple):
    """Why the rest of a file cannot be read (from `json_array`)."""

    message: str


class Unusable(NamedTuple):
    """A number of a source that Python cannot hold as it is written, kept as its text.

    An integer of more digits than `int` reads from text (4,300 by default), a number beyond
    a float's range (`1e400`, which would read as infinity) and `NaN` or `Infinity` (not
    JSON, but often written): `loads` and `json_array` give one of these instead
    of failing the whole file or handing an importer an infinity. It is no `int`, `float`
    or `str`, so an importer treats it as it treats any value of the wrong type.
    """

    text: str


def _json_int(text: str) -> int | Unusable:
    try:
        return int(text)
    except ValueError:
        return Unusable(text)


def _json_float(text: str) -> float | Unusable:
    number = float(text)
    return number if math.isfinite(number) else Unusable(text)


_JSON_HOOKS: dict[str, Any] = {
    "parse_int": _json_int,
    "parse_float": _json_float,
    "parse_constant": Unusable,
}


def loads(text: str | bytes, *, strict: bool = True) -> Any:
    """`json.loads`, with the numbers Python cannot hold as `Unusable` values
    (`strict=False` lets strings hold raw line breaks, as some pages write them)."""
    return json.loads(text, strict=strict, **_JSON_HOOKS)


_DECODER = json.JSONDecoder(**_JSON_HOOKS)
_PAGE_DECODER = json.JSONDecoder(strict=False, **_JSON_HOOKS)


def value_end(text: str, at: int) -> int:
    """Where the JSON value that starts at offset `at` of `text` ends, as `loads` reads it
    with `strict=False`.

    Raises:
        ValueError: No JSON value starts at `at`.
    """
    return _PAGE_DECODER.raw_decode(text, at)[1]


_MAX_ITEM = 64 << 20
"""The largest item `json_array` decodes: past it, the rest of the file is not read."""


def json_array(
    path: Path, opening: re.Pattern[str], *, spans: bool = False
) -> Iterator[tuple[int, Any]]:
    """Each item of the JSON array that `opening` finds (it ends at the `[`), with the
    line where the item starts; or `(line, Unreadable(why))` when the file cannot be read
    on. With `spans`, each item comes as `(item, its JSON text)`.

    The items are decoded one at a time from a buffer read in 1 MB chunks, so memory stays
    near the size of the largest item, whatever the size of the file. An item cut by the end
    of the buffer is decoded again once the buffer holds as much again as it did, so an item
    of any size costs a few decodes of itself, never one per megabyte; an item over 64 MB
    ends the reading.
    """
    with path.open(encoding="utf-8-sig", errors="strict") as handle:
        try:
            buffer = handle.read(_CHUNK)
            match = opening.search(buffer)
            while match is None and (more := handle.read(_CHUNK)):
                buffer += more
                match = opening.search(buffer)
        except UnicodeDecodeError as error:
            yield 1, Unreadable(f"not UTF-8: {error.reason}")
            return
        if match is None:
            yield 1, Unreadable(f"no JSON array where one was expected ({opening.pattern})")
            return
        line = 1 + buffer.count("\n", 0, match.end())
        pos, eof = match.end(), False
        while True:
            skipped = pos
            while pos < len(buffer) and buffer[pos] in " \t\r\n,":
                pos += 1
            line += buffer.count("\n", skipped, pos)
            if buffer.startswith("]", pos):
                return
            try:
                element, end = _DECODER.raw_decode(buffer, pos)
            except RecursionError:
                yield line, Unreadable("JSON nested too deeply; the rest of the file is not read")
                return
            except json.JSONDecodeError as error:
                pending = len(buffer) - pos
                if not eof and pending < _MAX_ITEM:
                    try:
                        more = handle.read(max(_CHUNK, pending))
                    except UnicodeDecodeError as decode_error:
                        yield line, Unreadable(f"not UTF-8: {decode_error.reason}")
                        return
                    buffer, pos, eof = buffer[pos:] + more, 0, not more
                    continue
                where = line + buffer.count("\n", pos, error.pos)
                message = f"not valid JSON: {error.msg}; the rest of the file is not read"
                if not eof:
                    message = (
                        f"not valid JSON ({error.msg}), or an item larger than "
                        f"{_MAX_ITEM >> 20} MB; the rest of the file is not read"
                    )
                yield where, Unreadable(message)
                return
            yield line, (element, buffer[pos:end]) if spans else element
            line += buffer.count("\n", pos, end)
            pos = end
            if pos > _CHUNK and pos > len(buffer) // 2:
                buffer, pos = buffer[pos:], 0  # drop what was read, keep the buffer small


def history(today: date, title: str, file_name: str, where: str) -> list[dict[str, str]]:
    """The one history entry of an imported record: when, and from which file and row."""
    return [
        {
            "date": today.isoformat(),
            "change": "created",
            "note": f"Imported from {title} ({file_name}, {where}).",
        }
    ]


__all__ = [
    "WRITTEN_DATES",
    "Unreadable",
    "Unusable",
    "comma_separated",
    "history",
    "host",
    "iso_date",
    "json_array",
    "labelled",
    "line",
    "literal",
    "loads",
    "paragraphs",
    "slug",
    "tab_separated",
    "url",
]
