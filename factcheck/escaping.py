"""Text from data, escaped for where it goes: the terminal, HTML, Markdown, CSV, JSON-LD.

Records, `dataset.json` and release manifests come from contributions, which are untrusted
(see the Security page). Their text is never cleaned once on the way in; each output escapes it
for its own target, at the point where it is written:

- [`terminal`][factcheck.escaping.terminal]: control, escape and bidi characters become visible
  (`\\x1b`), so data
  cannot move the cursor, recolour or retitle a terminal, or reorder what a reader sees;
- [`html`][factcheck.escaping.html]: HTML-escaped, with the same characters made visible;
- [`markdown_inline`][factcheck.escaping.markdown_inline]: for a Markdown heading or table cell: as
  [`html`][factcheck.escaping.html], and every
  character Markdown (or its `attr_list` extension) gives a meaning is a character reference,
  so the text cannot become a link, an image, an attribute or raw HTML;
- [`csv_cell`][factcheck.escaping.csv_cell]: a text cell a spreadsheet would read as a formula gets
  a leading `'`;
- [`json_ld`][factcheck.escaping.json_ld]: JSON whose `<`, `>` and `&` are `\\u003c`… escapes, safe
  inside
  `<script type="application/ld+json">` and read back as the same strings; the characters
  [`terminal`][factcheck.escaping.terminal] makes visible are `\\u` escapes too;
- `json_text`: JSON for a terminal or a pipe, with those characters as `\\u` escapes.

This module imports no other part of factcheck, so every stage can use it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from typing import Any

_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Control and format characters (bidi overrides, zero-width characters), lone surrogates,
and the line and paragraph separators: nothing a reader sees, or something a terminal obeys."""


@lru_cache(maxsize=4096)
def _visible(char: str) -> str:
    point = ord(char)
    if point < 0x100:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}"


def _unseen(char: str) -> bool:
    return char != "\n" and unicodedata.category(char) in _INVISIBLE


_MAYBE_UNSEEN = re.compile(r"[^\n\x20-\x7e]")
"""The characters worth a look: everything but printable ASCII and the newline."""


def terminal(text: str) -> str:
    """`text` with every control, format and separator character but `\\n` made visible.

    ESC becomes the four characters `\\x1b`, a right-to-left override `\\u202e`, a
    carriage return `\\r` as `\\x0d`: what a terminal would obey is shown instead.
    Printable text, in any script, is unchanged.
    """
    return _MAYBE_UNSEEN.sub(lambda m: _visible(m[0]) if _unseen(m[0]) else m[0], text)


def html(text: str, *, quote: bool = True) -> str:
    """`text` as HTML text or a quoted attribute value: `<`, `>`, `&` (and quotes,
    unless `quote` is false: text between tags needs none) escaped, and the characters
    [`terminal`][factcheck.escaping.terminal] makes visible made visible the same way."""
    from html import escape

    return escape(terminal(text), quote=quote)


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()<>#!|~^:=&]")
"""ASCII punctuation that Markdown, its extensions (attr_list, tables, toc) or HTML may read
as syntax. Each becomes a numeric character reference, which every one of them leaves alone
and a browser shows as the character."""


def markdown_inline(text: str) -> str:
    """`text` for one line of Markdown (a heading, a table cell) that shows it as it is.

    HTML and Markdown syntax in `text` is inert: `[a](javascript:…)` shows as those
    characters, never as a link; a trailing `{: onclick=… }` is text, not attributes. Line
    breaks become spaces (a new line would start a new block).
    """
    shown = terminal(text).replace("\n", " ")
    return _MARKDOWN_SPECIAL.sub(lambda m: f"&#{ord(m[0])};", shown)


def http_url(text: str) -> str | None:
    """`text` if it is an absolute `http`/`https` URL with a host, else `None`.

    For a link built from data: `javascript:`, `data:`, relative and protocol-relative
    addresses are refused; the caller still escapes the URL with [`html`][factcheck.escaping.html].
    """
    from urllib.parse import urlsplit

    if not isinstance(text, str) or text != text.strip() or _MAYBE_UNSEEN.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""


def csv_cell(text: str) -> str:
    """A CSV text cell a spreadsheet shows as text: a leading `'` when it starts a formula.

    `=HYPERLINK(…)`, `+1`, `-2+3`, `@SUM(…)` and cells starting with a tab or carriage
    return are what OWASP names; they get the `'` that spreadsheets read as "this is text"
    (and hide). Numbers are not text cells: write them without this function.
    """
    return f"'{text}" if text.startswith(_FORMULA_START) else text


_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _json_escape(char: str) -> str:
    point = ord(char)
    if point > 0xFFFF:  # JSON spells a character outside the BMP as a surrogate pair
        point -= 0x10000
        return f"\\u{0xD800 + (point >> 10):04x}\\u{0xDC00 + (point & 0x3FF):04x}"
    return f"\\u{point:04x}"


def json_ld(data: Any, *, indent: int | None = None) -> str:
    """`data` as JSON text that cannot end or change a `<script>` element around it.

    `<`, `>` and `&` are written as `\\u` escapes: `</script>` in a value cannot
    close the block, and a JSON parser reads the same strings. So are the characters
    [`terminal`][factcheck.escaping.terminal] makes visible (controls, bidi overrides, the line
    separators U+2028 and
    U+2029, lone surrogates): the page's source shows no invisible text either. Outside its
    strings JSON text is ASCII punctuation and white space, so escaping the whole text is exact.
    """
    text = json.dumps(data, indent=indent, ensure_ascii=False).translate(_JSON_IN_HTML)
    return _MAYBE_UNSEEN.sub(lambda m: _json_escape(m[0]) if _unseen(m[0]) else m[0], text)


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """`data` as JSON for a terminal or a pipe: non-ASCII text as it is, but the characters
    [`terminal`][factcheck.escaping.terminal] makes visible written as `\\u` escapes (JSON escapes
    the C0 controls
    itself), so printing it cannot move the cursor or reorder text. A JSON parser reads the
    same strings."""
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    return _MAYBE_UNSEEN.sub(lambda m: _json_escape(m[0]) if _unseen(m[0]) else m[0], text)
