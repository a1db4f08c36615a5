"""How text is shown to people: plural forms, and colour on a terminal.

Colour follows the conventions of command-line tools: `--color always` or `never` decides;
otherwise (`auto`) [`NO_COLOR`](https://no-color.org/) set to anything but the empty string
turns it off, `FORCE_COLOR` set likewise turns it on, `TERM=dumb` turns it off, and else a
stream gets colour only when it is a terminal. Colour wraps text that is already escaped for
the terminal (`factcheck.escaping.terminal`): the escape sequences come from here, never from
data.

This module imports no other part of factcheck, so every stage can use it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal, TextIO

ColorChoice = Literal["auto", "always", "never"]
COLOR_CHOICES: tuple[ColorChoice, ...] = ("auto", "always", "never")

_CODES = {
    "error": "1;31",  # bold red
    "warning": "33",  # yellow
    "ok": "32",  # green
    "added": "32",
    "removed": "31",
    "changed": "33",
    "code": "1",  # bold
    "dim": "2",
}


def plural(count: int, word: str, many: str | None = None) -> str:
    """`count` and `word` in the right number: `1 record`, `2 records`, `0 records`.

    Args:
        count: How many.
        word: The singular form.
        many: The plural form when it is not `word + "s"` (`"entries"`).
    """
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def wants_color(
    stream: TextIO, choice: ColorChoice = "auto", environ: Mapping[str, str] | None = None
) -> bool:
    """Whether output to `stream` gets colour, by `--color` and the environment."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed or detached stream
        return False


class Style:
    """Paints text for one output stream, or leaves it plain.

    Attributes:
        color: Whether this style adds colour.
    """

    def __init__(self, color: bool = False) -> None:
        self.color = color

    @classmethod
    def for_stream(
        cls,
        stream: TextIO,
        choice: ColorChoice = "auto",
        environ: Mapping[str, str] | None = None,
    ) -> Style:
        """The style for `stream`, decided by `wants_color`."""
        return cls(wants_color(stream, choice, environ))

    def paint(self, text: str, role: str) -> str:
        """`text` in the colour of `role` (`error`, `warning`, `ok`, `added`, `removed`,
        `changed`, `code`, `dim`), or unchanged without colour."""
        if not self.color or not text:
            return text
        return f"\x1b[{_CODES[role]}m{text}\x1b[0m"


PLAIN = Style(False)
"""The style that adds nothing: for files, pipes and tests."""
