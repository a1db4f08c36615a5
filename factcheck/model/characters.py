"""How a message names a character: its code point and Unicode name.

Shared by the strict reader and the field types, so both stages describe a forbidden character
the same way; it needs nothing but `unicodedata`.
"""

from __future__ import annotations

import unicodedata


def describe_char(char: str) -> str:
    """Name a character for a message, e.g. `U+200B ZERO WIDTH SPACE`."""
    name = unicodedata.name(char, "")
    if not name:
        name = "control character" if unicodedata.category(char) == "Cc" else "unnamed character"
    return f"U+{ord(char):04X} {name}"
