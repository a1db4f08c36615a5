"""Strict reading of JSON and JSON Lines, with line and column for every problem and value.

Two paths read the same grammar. The fast path is the standard library's C parser with hooks
that reject duplicate keys and `NaN`/`Infinity`; almost every file takes only this path.
When it fails, or when a later layer needs to point at a value, the exact path runs: an
iterative parser (no recursion, so no `RecursionError`) that reports every problem it can
with its position and records where each value and key starts.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from json.decoder import scanstring
from pathlib import Path
from typing import Any

from ..model.characters import describe_char

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects accepted; records need fewer than ten levels."""

Pointer = tuple[str | int, ...]
"""A location inside a JSON document: the keys and indexes leading to a value."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a file's text, found while reading it."""

    code: str
    message: str
    hint: str
    line: int
    column: int


def format_pointer(pointer: Pointer) -> str:
    """Write a pointer as an RFC 6901 JSON Pointer, e.g. `/evidence/0/url`."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in pointer)


class _Lines:
    """Turns offsets in a text into 1-based line and column numbers."""

    def __init__(self, text: str, first_line: int) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.first_line = first_line

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1


class Document:
    """One parsed JSON value, able to point back at the text it came from."""

    __slots__ = ("_index", "data", "first_line", "text")

    def __init__(self, data: Any, text: str, first_line: int = 1) -> None:
        self.data = data
        self.text = text
        self.first_line = first_line
        self._index: _Parsed | None = None

    def position(self, pointer: Pointer = (), *, key: bool = False) -> tuple[int, int]:
        """Line and column where the value at `pointer` starts (or its key, with `key`).

        A pointer that does not exist (a missing field) gives the position of its nearest
        existing parent.
        """
        if self._index is None:
            self._index = _parse(self.text, self.first_line)
        parsed = self._index
        for length in range(len(pointer), -1, -1):
            found = parsed.positions.get(pointer[:length])
            if found is not None:
                value_offset, key_offset = found
                use_key = key and length == len(pointer) and key_offset >= 0
                return parsed.lines.at(key_offset if use_key else value_offset)
        return self.first_line, 1


@dataclass
class ReadResult:
    """The documents read from one file and the problems found in its text."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_file(path: Path) -> ReadResult:
    """Read a `.json` file (one value) or a `.jsonl` file (one value per line)."""
    raw = Path(path).read_bytes()
    if Path(path).suffix == ".jsonl":
        return read_jsonl_bytes(raw)
    return read_json_bytes(raw)


def read_json_bytes(raw: bytes) -> ReadResult:
    """Read bytes holding exactly one JSON value."""
    result = ReadResult()
    text = _decode(raw, result.problems)
    if text is None:
        return result
    if not text.strip(" \t\r\n"):
        what = "is empty" if not text else "holds only white space"
        result.problems.append(
            Problem("FC002", f"file {what}", "write one JSON object: a record", 1, 1)
        )
        return result
    _read_value(text, 1, result)
    return result


def read_jsonl_bytes(raw: bytes) -> ReadResult:
    """Read JSON Lines: one JSON value on each line; blank lines are errors except at the end."""
    result = ReadResult()
    text = _decode(raw, result.problems)
    if text is None:
        return result
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        result.problems.append(Problem("FC002", "file is empty", "write one record per line", 1, 1))
    for number, line in enumerate(lines, start=1):
        read_jsonl_line(line, number, result)
    return result


def read_jsonl_line(line: str, number: int, result: ReadResult) -> None:
    """Read line `number` of a JSON Lines text (without its `\\n`) into `result`."""
    line = line.removesuffix("\r")
    if not line.strip(" \t\r"):
        result.problems.append(
            Problem("FC002", "blank line", "remove it: every line holds one record", number, 1)
        )
        return
    _read_value(line, number, result)


def needs_decoding_check(raw: bytes) -> bool:
    """Whether `raw` starts with a byte-order mark or looks like UTF-16 or UTF-32.

    Such a file is read whole by the exact path, which reports it (FC003, FC004).
    """
    return raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        _looks_utf16_or_32(raw)
    )


def _decode(raw: bytes, problems: list[Problem]) -> str | None:
    if raw.startswith(codecs.BOM_UTF8):
        problems.append(
            Problem(
                "FC003",
                "file starts with a byte-order mark (BOM)",
                "save the file as UTF-8 without BOM",
                1,
                1,
            )
        )
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16_or_32(raw):
        problems.append(
            Problem(
                "FC004",
                "file is encoded as UTF-16 or UTF-32, not UTF-8",
                "save the file as UTF-8",
                1,
                1,
            )
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        bad = raw[error.start : error.end].hex(" ")
        problems.append(
            Problem(
                "FC004",
                f"invalid UTF-8 byte sequence {bad}",
                "save the file as UTF-8; the text may have been written in another encoding",
                line,
                column,
            )
        )
        return None


def _looks_utf16_or_32(raw: bytes) -> bool:
    """RFC 8259 (and 4627, section 3): JSON text starts with two ASCII characters, so in
    UTF-16 or UTF-32 every other one of its first four bytes is zero."""
    head = raw[:4]
    return len(head) == 4 and (head[0] == head[2] == 0 or head[1] == head[3] == 0)


class _Reject(ValueError):
    """Raised by the fast path's hooks; the exact path then says what and where."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _Reject
    return obj


def _reject_constant(name: str) -> Any:
    raise _Reject


def _exact_float(token: str) -> float:
    if _float_lost(token, value := float(token)):
        raise _Reject
    return value


def _float_lost(token: str, value: float) -> bool:
    """Whether the number `token` lies outside what a 64-bit float holds: too large (it
    reads as infinity) or too small (a number that is not zero reads as 0)."""
    if math.isinf(value):
        return True
    return value == 0 and _NONZERO.search(token.partition("e")[0].partition("E")[0]) is not None


def _read_value(text: str, first_line: int, result: ReadResult) -> None:
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_pairs,
            parse_constant=_reject_constant,
            parse_float=_exact_float,
        )
    except (ValueError, RecursionError):
        pass
    else:
        # An escaped surrogate ("\ud83d") goes to the exact path, which reports a lone one.
        # Only text with many brackets can nest deeper than the limit; skip the walk otherwise.
        if not _escapes_a_surrogate(text) and (
            text.count("{") + text.count("[") <= MAX_DEPTH or _depth(data) <= MAX_DEPTH
        ):
            result.documents.append(Document(data, text, first_line))
            return
    parsed = _parse(text, first_line)
    result.problems.extend(parsed.problems)
    # Duplicate keys and NaN leave a complete value behind: check it too, to report everything.
    if all(problem.code in _RECOVERABLE for problem in parsed.problems):
        document = Document(parsed.value, text, first_line)
        document._index = parsed
        result.documents.append(document)


def _escapes_a_surrogate(text: str) -> bool:
    return ("\\ud" in text or "\\uD" in text) and _ESCAPED_SURROGATE.search(text) is not None


def _depth(value: Any) -> int:
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            stack.extend((child, depth + 1) for child in item)
    return deepest


_RECOVERABLE = frozenset({"FC005", "FC006"})
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NONZERO = re.compile("[1-9]")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_SPACE = re.compile(r"[ \t\n\r]*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|-Infinity")
_LITERALS = {"true": True, "false": False, "null": None}
_CONSTANTS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}
_CLOSE = {"{": "}", "[": "]"}


@dataclass
class _Parsed:
    value: Any
    positions: dict[Pointer, tuple[int, int]]
    problems: list[Problem]
    lines: _Lines


class _Frame:
    __slots__ = ("container", "key", "key_offset", "offset", "pointer")

    def __init__(self, container: Any, pointer: Pointer, offset: int) -> None:
        self.container = container
        self.pointer = pointer
        self.offset = offset
        self.key: str | None = None
        self.key_offset = -1


class _Stop(Exception):
    """The text cannot be read past this point."""


def _parse(text: str, first_line: int) -> _Parsed:
    lines = _Lines(text, first_line)
    parsed = _Parsed(None, {}, [], lines)
    with contextlib.suppress(_Stop):
        _Parser(text, parsed).run()
    return parsed


class _Parser:
    """The exact path: an iterative JSON parser that records positions and problems."""

    def __init__(self, text: str, parsed: _Parsed) -> None:
        self.text = text
        self.parsed = parsed
        self.pos = 0
        self.stack: list[_Frame] = []
        self.first_keys: list[dict[str, int]] = []

    def problem(self, code: str, offset: int, message: str, hint: str) -> None:
        line, column = self.parsed.lines.at(offset)
        self.parsed.problems.append(Problem(code, message, hint, line, column))

    def fail(self, offset: int, message: str, hint: str) -> None:
        self.problem("FC001", offset, message, hint)
        raise _Stop

    def skip_space(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def run(self) -> None:
        self.value()
        while self.stack:
            frame = self.stack[-1]
            char = self.peek()
            is_object = isinstance(frame.container, dict)
            closer = "}" if is_object else "]"
            if char == closer:
                self.pos += 1
                self.close()
            elif char == ",":
                comma = self.pos
                self.pos += 1
                if self.peek() in "}]" and self.pos < len(self.text):
                    self.fail(
                        comma, "trailing comma", "remove the comma before the closing bracket"
                    )
                if is_object:
                    self.key()
                self.value()
            elif not char:
                self.unexpected_end()
            else:
                where = "object member" if is_object else "array element"
                self.fail(
                    self.pos,
                    f"expected ',' or '{closer}' after {where}, found {self.describe(self.pos)}",
                    f"add a comma or the closing '{closer}'",
                )
        if self.peek():
            self.problem(
                "FC007",
                self.pos,
                f"extra data after the JSON value: {self.describe(self.pos)}",
                "a .json file holds exactly one value; put one record per line in a .jsonl file",
            )

    def describe(self, offset: int) -> str:
        char = self.text[offset]
        if char.isprintable() and not char.isspace():
            word = _WORD.match(self.text, offset)
            return repr(word.group()) if word else repr(char)
        return describe_char(char)

    def unexpected_end(self) -> None:
        frame = self.stack[-1]
        kind = "object" if isinstance(frame.container, dict) else "array"
        line, column = self.parsed.lines.at(frame.offset)
        closer = "}" if kind == "object" else "]"
        self.fail(
            len(self.text),
            f"file ends inside the {kind} opened at line {line}, column {column}",
            f"add the missing '{closer}' (the file may have been cut short)",
        )

    def key(self) -> None:
        frame = self.stack[-1]
        char = self.peek()
        if char != '"':
            if not char:
                self.unexpected_end()
            hint = "object keys are strings in double quotes"
            if char == "'":
                hint = "use double quotes, not single quotes"
            self.fail(
                self.pos, f"expected a key in double quotes, found {self.describe(self.pos)}", hint
            )
        offset = self.pos
        name = self.string()
        seen = self.first_keys[-1]
        if name in seen:
            line, column = self.parsed.lines.at(seen[name])
            self.problem(
                "FC005",
                offset,
                f"duplicate key {name!r} (first at line {line}, column {column})",
                "remove one of the two: JSON readers silently keep only the last",
            )
        else:
            seen[name] = offset
        if self.peek() != ":":
            if not self.peek():
                self.unexpected_end()
            self.fail(
                self.pos,
                f"expected ':' after key {name!r}, found {self.describe(self.pos)}",
                "write the key, a colon, then the value",
            )
        self.pos += 1
        frame.key = name
        frame.key_offset = offset

    def child_pointer(self) -> tuple[Pointer, int]:
        if not self.stack:
            return (), -1
        frame = self.stack[-1]
        if isinstance(frame.container, dict):
            return (*frame.pointer, frame.key), frame.key_offset
        return (*frame.pointer, len(frame.container)), -1

    def store(self, value: Any) -> None:
        if not self.stack:
            self.parsed.value = value
            return
        frame = self.stack[-1]
        if isinstance(frame.container, dict):
            frame.container[frame.key] = value
        else:
            frame.container.append(value)

    def close(self) -> None:
        frame = self.stack.pop()
        self.first_keys.pop()
        self.store(frame.container)

    def value(self) -> None:
        char = self.peek()
        offset = self.pos
        pointer, key_offset = self.child_pointer()
        self.parsed.positions[pointer] = (offset, key_offset)
        if char in _CLOSE:
            if len(self.stack) >= MAX_DEPTH:
                self.problem(
                    "FC008",
                    offset,
                    f"nesting deeper than {MAX_DEPTH} levels",
                    "records nest only a few levels; flatten the data",
                )
                raise _Stop
            self.pos += 1
            self.stack.append(_Frame({} if char == "{" else [], pointer, offset))
            self.first_keys.append({})
            if self.peek() == _CLOSE[char]:
                self.pos += 1
                self.close()
            elif char == "{":
                self.key()
                self.value()
            elif self.peek():
                self.value()
            else:
                self.unexpected_end()
            return
        if char == '"':
            self.store(self.string())
        elif char == "-" or char.isdigit():
            self.number()
        elif not char:
            if self.stack:
                self.unexpected_end()
            self.fail(offset, "expected a value, found the end of the file", "write a value")
        else:
            word = _WORD.match(self.text, offset)
            name = word.group() if word else ""
            if name in _LITERALS:
                self.pos += len(name)
                self.store(_LITERALS[name])
            elif name in _CONSTANTS:
                self.pos += len(name)
                self.problem(
                    "FC006",
                    offset,
                    f"{name} is not valid JSON",
                    "JSON has no NaN or Infinity: write null, or a string if the text matters",
                )
                self.store(_CONSTANTS[name])
            else:
                self.fail(
                    offset,
                    f"expected a value, found {self.describe(offset)}",
                    self.value_hint(char),
                )

    @staticmethod
    def value_hint(char: str) -> str:
        if char == "'":
            return "strings need double quotes, not single quotes"
        if char == "/":
            return "JSON does not allow comments; remove it"
        if char in "}]":
            return "remove the extra closing bracket, or the comma before it"
        return (
            "a value is a string in double quotes, a number, an object, an array, true, "
            "false or null"
        )

    def string(self) -> str:
        start = self.pos
        try:
            value, self.pos = scanstring(self.text, start + 1, True)
        except json.JSONDecodeError as error:
            self.string_error(start, error)
        if _SURROGATE.search(value):
            self.lone_surrogate(start)
        return value

    def lone_surrogate(self, start: int) -> None:
        """Report the first escape of the string at `start` that is half a surrogate pair."""
        escapes = list(_ESCAPED_SURROGATE.finditer(self.text, start, self.pos))
        i = 0
        while i < len(escapes):
            escape = escapes[i]
            if int(escape.group()[2:], 16) < 0xDC00 and i + 1 < len(escapes):
                second = escapes[i + 1]
                if second.start() == escape.end() and int(second.group()[2:], 16) >= 0xDC00:
                    i += 2  # a whole pair: one character
                    continue
            self.problem(
                "FC004",
                escape.start(),
                f"{escape.group()} is half of a UTF-16 surrogate pair, not a character, and "
                "cannot be written as UTF-8",
                "write the character meant (both halves of the pair, or the character itself), "
                "or remove the escape",
            )
            raise _Stop

    def string_error(self, start: int, error: json.JSONDecodeError) -> None:
        if error.msg.startswith("Unterminated"):
            self.fail(start, "string is never closed", "add the closing double quote")
        offset = error.pos
        char = self.text[offset] if offset < len(self.text) else ""
        if error.msg.startswith("Invalid control"):
            escape = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, f"\\u{ord(char):04x}")
            self.fail(
                offset, f"{describe_char(char)} inside a string", f"write it as the escape {escape}"
            )
        self.fail(
            offset,
            f"invalid escape in string: {error.msg.lower()}",
            'valid escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX',
        )

    def number(self) -> None:
        match = _NUMBER.match(self.text, self.pos)
        if match is None:
            if self.text.startswith("-Infinity", self.pos):
                offset = self.pos
                self.pos += len("-Infinity")
                self.problem(
                    "FC006",
                    offset,
                    "-Infinity is not valid JSON",
                    "JSON has no NaN or Infinity: write null",
                )
                self.store(float("-inf"))
                return
            self.fail(
                self.pos,
                f"invalid number {self.describe(self.pos)}",
                "write a number such as 12, -3.5 or 1e6",
            )
        token = match.group()
        self.pos = match.end()
        if not any(c in token for c in ".eE"):
            try:
                self.store(int(token))
            except ValueError:
                # Python reads at most 4,300 digits; the text around it is still JSON, so read
                # on: the positions of every later value are still wanted (importers use them).
                self.problem(
                    "FC001",
                    match.start(),
                    f"number has too many digits ({len(token.lstrip('-')):,})",
                    "write it as a string",
                )
                self.store(None)
            return
        value = float(token)
        if _float_lost(token, value):
            shown = token if len(token) <= 40 else f"{token[:20]}…{token[-10:]}"
            what = (
                f"too large for a 64-bit float (readers take it as {'-' if value < 0 else ''}"
                "infinity, which JSON cannot write back)"
                if math.isinf(value)
                else "too small for a 64-bit float (readers take it as 0)"
            )
            self.problem(
                "FC006",
                match.start(),
                f"number {shown} is {what}",
                "write a number between -1.8e308 and 1.8e308 (if not 0, no nearer to 0 than "
                "5e-324), or a string if the digits matter",
            )
        self.store(value)
