"""Constrained field types shared by the record and dataset models.

Each type is defined once, with one regular expression that both the pydantic model (through a
validator with a precise message) and the generated JSON Schema (through `pattern`) use, so
the two cannot disagree. Patterns are written for both Python's `re` and ECMA-262: no
look-behind, and `$(?!\\n)` because Python's `$` also matches before a final newline.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .characters import (
    COMBINING,
    END,
    FORBIDDEN,
    FORBIDDEN_MULTILINE,
    MARKDOWN_PATTERN,
    SPACES,
    TEXT_PATTERN,
    describe_char,
)

# The character classes and the text patterns live with the characters (`characters.py`,
# which needs no pydantic), so that the validator's fast path can read them too.
_FORBIDDEN = FORBIDDEN
_FORBIDDEN_MULTILINE = FORBIDDEN_MULTILINE
_SPACES = SPACES
_COMBINING = COMBINING
_END = END

SLUG_PATTERN = rf"^[a-z0-9]+(?:-[a-z0-9]+)*{_END}"
LANGUAGE_PATTERN = rf"^[a-z]{{2,3}}(?:-[A-Za-z0-9]{{2,8}})*{_END}"
DATE_PATTERN = rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{_END}"
SCHEMA_VERSION_PATTERN = rf"^1\.[0-9]+{_END}"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TLD = r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_URL_CHAR = r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})"
URL_PATTERN = rf"^https?://(?:{_LABEL}\.)+{_TLD}(?::[0-9]{{1,5}})?(?:[/?#]{_URL_CHAR}*)?{_END}"
URL_TEMPLATE_PATTERN = (
    rf"^https?://(?:{_LABEL}\.)+{_TLD}(?::[0-9]{{1,5}})?[/?#]{_URL_CHAR}*\{{id\}}{_URL_CHAR}*{_END}"
)
URL_MAX_LENGTH = 2048

_text_re = re.compile(TEXT_PATTERN)
_markdown_re = re.compile(MARKDOWN_PATTERN)
_slug_re = re.compile(SLUG_PATTERN)
_language_re = re.compile(LANGUAGE_PATTERN)
_date_re = re.compile(DATE_PATTERN)
_url_re = re.compile(URL_PATTERN)
_url_template_re = re.compile(URL_TEMPLATE_PATTERN)
_forbidden_re = re.compile(f"[{_FORBIDDEN}]")
_forbidden_multiline_re = re.compile(f"[{_FORBIDDEN_MULTILINE}]")
_space_re = re.compile(f"[{_SPACES}\n]")
_combining_re = re.compile(f"[{_COMBINING}]")


def _check_text(value: str, pattern: re.Pattern[str], forbidden: re.Pattern[str]) -> str:
    if pattern.fullmatch(value):
        return value
    if not value:
        raise PydanticCustomError("fc_text_empty", "is empty")
    bad = forbidden.search(value)
    if bad:
        raise PydanticCustomError(
            "fc_text_char",
            "contains {char} at character {index}",
            {"char": describe_char(bad.group()), "index": bad.start() + 1},
        )
    if _combining_re.match(value):
        raise PydanticCustomError(
            "fc_text_mark",
            "starts with the combining mark {char}, which has no character to attach to",
            {"char": describe_char(value[0])},
        )
    end = "starts" if _space_re.match(value[0]) else "ends"
    raise PydanticCustomError("fc_text_space", "{end} with white space", {"end": end})


def _check_line(value: str) -> str:
    return _check_text(value, _text_re, _forbidden_re)


def _check_markdown(value: str) -> str:
    return _check_text(value, _markdown_re, _forbidden_multiline_re)


def _check_slug(value: str) -> str:
    if not _slug_re.fullmatch(value):
        raise PydanticCustomError(
            "fc_slug",
            "{value} is not a lowercase slug (letters a-z, digits, single hyphens between)",
            {"value": repr(value)},
        )
    return value


def _check_language(value: str) -> str:
    if not _language_re.fullmatch(value):
        raise PydanticCustomError(
            "fc_language",
            "{value} is not a language tag such as 'en' or 'pt-BR'",
            {"value": repr(value)},
        )
    return value


def _check_url(value: str) -> str:
    if _url_re.fullmatch(value):
        return value
    raise PydanticCustomError(
        "fc_url", "{value} {reason}", {"value": repr(value), "reason": _url_problem(value)}
    )


def _url_problem(value: str) -> str:
    """Why `value`, which the URL pattern refused, is not a valid URL."""
    scheme, sep, rest = value.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return "is not an http(s) URL"
    if scheme != scheme.lower():
        return "has an upper-case scheme; write http:// or https://"
    if "@" in rest.split("/", 1)[0]:
        return "contains credentials (user:password@); remove them"
    if any(ord(c) > 127 for c in value):
        return "contains non-ASCII characters; percent-encode them (and use punycode hosts)"
    if any(c.isspace() for c in value):
        return "contains white space; percent-encode it as %20"
    return "is not a valid http(s) URL with a domain name"


def _check_url_template(value: str) -> str:
    if _url_template_re.fullmatch(value):
        return value
    if value.count("{id}") != 1:
        reason = "must hold {id} once, where a record's id goes (https://example.org/checks/{id}/)"
    elif not _url_re.fullmatch(value.replace("{id}", "id")):
        reason = _url_problem(value.replace("{id}", "id"))
    else:
        reason = "must have {id} in its path, query or fragment, after the host"
    # The same error type as a URL's, so the validator reports it as the same finding.
    raise PydanticCustomError(
        "fc_url", "{value} {reason}", {"value": repr(value), "reason": reason}
    )


def _parse_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("fc_date_type", "must be a date string YYYY-MM-DD")
    if not _date_re.fullmatch(value):
        raise PydanticCustomError(
            "fc_date", "{value} is not a date in the form YYYY-MM-DD", {"value": repr(value)}
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "fc_date", "{value} is not a real calendar date", {"value": repr(value)}
        ) from None


def _reject_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("fc_null", "is null; leave the field out instead")
    return value


NotNull = BeforeValidator(_reject_null)
"""Marks an optional field that may be left out but never written as `null`."""


def _string_schema(pattern: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "pattern": pattern, **extra}


Line = Annotated[
    str,
    Field(strict=True, max_length=1000),
    AfterValidator(_check_line),
    WithJsonSchema(_string_schema(TEXT_PATTERN, minLength=1, maxLength=1000)),
]
"""One line of text: trimmed, no control, zero-width or bidi characters, at most 1000 chars."""

Markdown = Annotated[
    str,
    Field(strict=True, max_length=20000),
    AfterValidator(_check_markdown),
    WithJsonSchema(_string_schema(MARKDOWN_PATTERN, minLength=1, maxLength=20000)),
]
"""Multi-line Markdown text: like `Line`, but line feeds are allowed inside."""

Slug = Annotated[
    str,
    Field(strict=True, max_length=80),
    AfterValidator(_check_slug),
    WithJsonSchema(_string_schema(SLUG_PATTERN, minLength=1, maxLength=80)),
]
"""A lowercase ASCII slug such as `us-withdrawing-from-iraq`."""

Language = Annotated[
    str,
    Field(strict=True, max_length=35),
    AfterValidator(_check_language),
    WithJsonSchema(_string_schema(LANGUAGE_PATTERN, maxLength=35)),
]
"""A BCP 47 language tag such as `en` or `pt-BR`."""

Url = Annotated[
    str,
    Field(strict=True, max_length=URL_MAX_LENGTH),
    AfterValidator(_check_url),
    WithJsonSchema(_string_schema(URL_PATTERN, format="uri", maxLength=URL_MAX_LENGTH)),
]
"""An absolute http(s) URL in ASCII, with a domain name and without credentials."""

UrlTemplate = Annotated[
    str,
    Field(strict=True, max_length=URL_MAX_LENGTH),
    AfterValidator(_check_url_template),
    WithJsonSchema(
        _string_schema(URL_TEMPLATE_PATTERN, maxLength=URL_MAX_LENGTH),
    ),
]
"""A `Url` with `{id}` once in its path, query or fragment, where a record's id goes:
`https://example.org/checks/{id}/`. A record id is a slug, so the URL it makes is valid."""

IsoDate = Annotated[
    date,
    BeforeValidator(_parse_date),
    WithJsonSchema(_string_schema(DATE_PATTERN, format="date")),
]
"""A calendar date written `YYYY-MM-DD`; nothing else (no times, no timestamps)."""
