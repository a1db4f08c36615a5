"""The characters a text may hold, and how a message names a character.

The classes of forbidden characters, spaces and combining marks, and the two text patterns
built from them (`TEXT_PATTERN` for one line, `MARKDOWN_PATTERN` for Markdown), are shared by
the field types (`fields.py`, which puts them in the models and the JSON Schema) and the
validator's fast path (which proves a whole record clean in one pass over its bytes). The
strict reader and the field types name a forbidden character the same way
(`describe_char`). It needs nothing but `unicodedata`.
"""

from __future__ import annotations

import unicodedata

# Characters no string may contain: C0/C1 controls, soft hyphen, invisible format characters
# (zero-width spaces and joiners, word joiner, BOM), bidirectional marks, embeddings, overrides
# and isolates (the "Trojan Source" characters), line/paragraph separators, lone surrogates.
# Also what looks blank but is not a space: the Hangul fillers, the Braille blank, and the
# tag characters (invisible, and used to smuggle text past readers). Written as characters,
# not escapes, so the generated JSON Schema holds the same set.
FORBIDDEN = (
    r"\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    r"\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\u115f\u1160\u3164\uffa0\u2800\U000e0000-\U000e007f"
)
# The same set without the line feed, for the multi-line (Markdown) fields.
FORBIDDEN_MULTILINE = FORBIDDEN.replace(r"\x00-\x1f", r"\x00-\x09\x0b-\x1f")
# Whitespace a string may hold inside but not at either end.
SPACES = r" \xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Combining marks may not open a text: they attach to the character before them, so a text
# that starts with one (or is nothing but them) has no visible base.
COMBINING = r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
END = r"$(?!\n)"

TEXT_PATTERN = rf"^[^{FORBIDDEN}{SPACES}{COMBINING}](?:[^{FORBIDDEN}]*[^{FORBIDDEN}{SPACES}])?{END}"
MARKDOWN_PATTERN = (
    rf"^[^{FORBIDDEN}{SPACES}{COMBINING}\n](?:[^{FORBIDDEN_MULTILINE}]*"
    rf"[^{FORBIDDEN_MULTILINE}{SPACES}\n])?{END}"
)


def describe_char(char: str) -> str:
    """Name a character for a message, e.g. `U+200B ZERO WIDTH SPACE`."""
    name = unicodedata.name(char, "")
    if not name:
        name = "control character" if unicodedata.category(char) == "Cc" else "unnamed character"
    return f"U+{ord(char):04X} {name}"
