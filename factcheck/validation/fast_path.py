"""The validator's fast path: decode valid data in one pass, hand anything else to the exact path.

Most files that `factcheck validate` sees are valid. For them, the reading and structure
layers come down to one call per record: `msgspec` decodes the JSON straight into typed
objects compiled from the committed JSON Schema (`schemas/*.schema.json`, generated from the
models and kept in sync with them by a test), checking every type, pattern, length, choice,
date and required or unknown field as it goes. The semantic rules then run on those objects.

The fast path never reports anything: it only *accepts*. A record it does not accept goes
through the exact path (the strict reader with positions, then the pydantic models), which
finds and places every problem. So the fast path must never accept what the exact path
rejects; where it cannot be exact it is stricter:

* msgspec refuses everything the strict reader refuses as JSON (`NaN`, a BOM, trailing data,
  invalid UTF-8, raw control characters in strings), and also lone surrogates;
* optional fields have no `null` in their type, so `null` is refused, as the models do;
* msgspec keeps the last of two duplicate keys without a word (msgspec issue #648), so the
  colons of the text are compared with those the decoded record's encoding holds (a key is
  the only colon outside a string; `key_count_matches`), and, when they differ (a field
  written out with its default value, as in `"policy": {"min_independent_publishers": 2}`),
  it looks for a duplicate key itself.

Two things are not in the schema's hands. Patterns of the form `(?:[X]|%hh)*` (URLs) are
rewritten as `(?:[X]++|%hh)*+`, which accepts the same strings without backtracking. And
the text patterns (`TEXT_PATTERN`, `MARKDOWN_PATTERN`: no forbidden character, no space at
either end, no combining mark first), which cost more than the rest of the decoding together
when run once per string, are left out of the decoder and checked for the whole record at
once: a few scans in C of its bytes (`clean_bytes`) prove that no string holds a forbidden
character, and one function generated from the schema (`_summary_function`) looks at the
ends of each text and counts the colons of the record's encoding without encoding it. A
record they cannot clear that way (one with `\\u` escapes, say) has each of its text fields
checked with the pattern itself (`texts_match`), so the decoder accepts exactly what a
decoder with every pattern accepts. Property tests check that both paths agree
(`tests/property/test_fast_path.py`) and that the one pass accepts what the patterns accept
(`tests/property/test_text_pass.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

import msgspec

from ..files import schemas_dir
from ..model.characters import COMBINING, FORBIDDEN, MARKDOWN_PATTERN, SPACES, TEXT_PATTERN
from ..model.ratings import Rating
from ..model.vocabulary import Change, ClaimantType, Requirement, Stance, Wording

_ENUMS = {cls.__name__: cls for cls in (Rating, Change, ClaimantType, Requirement, Stance, Wording)}

_CLASS = r"((?:\\.|[^\]\\])+)"
_ESCAPED_RUN = re.compile(rf"\(\?:\[{_CLASS}\]\|%\[0-9A-Fa-f\]\{{2\}}\)\*")


class _Compiler:
    """Turns the JSON Schema subset the models generate into msgspec types."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.definitions = schema.get("$defs", {})
        self.built: dict[str, Any] = {}
        self.plans: dict[str, _Plan] = {}
        """Where each struct holds text fields (see `texts`), by struct name."""

    def type_of(self, node: dict[str, Any], name: str) -> Any:
        ref = node.get("$ref")
        if ref is not None:
            target = ref.removeprefix("#/$defs/")
            if target not in self.built:
                self.built[target] = self.type_of(self.definitions[target], target)
            return self.built[target]
        if "enum" in node:
            enum = _ENUMS.get(name)
            if enum is None or [m.value for m in enum] != node["enum"]:
                return Literal[tuple(node["enum"])]
            return enum
        if "const" in node:
            return Literal[node["const"]]
        kind = node.get("type")
        if kind == "object":
            return self.struct(node, name)
        if kind == "array":
            item = self.type_of(node["items"], name)
            return _constrained(tuple[item, ...], min_length=node.get("minItems"))
        if kind == "integer":
            return _constrained(int, ge=node.get("minimum"), le=node.get("maximum"))
        if kind == "string" and node.get("format") == "date":
            # msgspec reads exactly YYYY-MM-DD with a real calendar date, as the models do.
            return date
        if kind == "string":
            pattern = node.get("pattern")
            if pattern in _TEXT_PATTERNS:
                pattern = None  # checked for the whole record at once (see `clean_bytes`)
            return _constrained(
                str,
                pattern=None if pattern is None else self.pattern(pattern),
                min_length=node.get("minLength"),
                max_length=node.get("maxLength"),
            )
        raise ValueError(f"cannot compile schema node {node!r}")  # pragma: no cover

    def pattern(self, pattern: str) -> str:
        """The pattern, rewritten to run faster where that keeps what it accepts."""

        # (?:[X]|%hh)* and (?:[X]++|%hh)*+ accept the same strings when '%' is not in X; the
        # second consumes runs at once and never backtracks.
        def possessive(match: re.Match[str]) -> str:
            if re.fullmatch(f"[{match.group(1)}]", "%"):
                return match.group()
            return f"(?:[{match.group(1)}]++|%[0-9A-Fa-f]{{2}})*+"

        return _ESCAPED_RUN.sub(possessive, pattern)

    def struct(self, node: dict[str, Any], name: str) -> type[msgspec.Struct]:
        if node.get("additionalProperties", True) is not False:  # pragma: no cover
            raise ValueError(f"{name}: only closed objects are compiled")
        required = set(node.get("required", ()))
        fields: list[Any] = []
        plan: list[tuple[str, str, Any]] = []
        for field, child in node["properties"].items():
            kind = self.type_of(child, child.get("title", field).replace(" ", ""))
            if field in required:
                fields.append((field, kind))
            else:
                fields.append((field, kind, self.default(kind, child)))
            step = self.text_step(child)
            if step is not None:
                plan.append((field, *step))
        self.plans[name] = tuple(plan)
        return msgspec.defstruct(
            name,
            fields,
            kw_only=True,
            frozen=True,
            forbid_unknown_fields=True,
            omit_defaults=True,
            gc=False,
        )

    def text_step(self, node: dict[str, Any]) -> tuple[str, Any] | None:
        """How `texts` reaches the text fields of a field whose schema is `node`: `("text",
        pattern)`, `("texts", pattern)` for an array of them, `("struct", plan)` and
        `("structs", plan)` for objects that hold some; `None` when it holds none."""
        items = node.get("items") if node.get("type") == "array" else None
        many = items is not None
        target = items if many else node
        ref = target.get("$ref")
        if ref is not None:
            name = ref.removeprefix("#/$defs/")
            plan = self.plans.get(name)
            if not plan:  # not an object, or one without text fields
                return None
            return ("structs" if many else "struct", plan)
        pattern = target.get("pattern")
        if target.get("type") == "string" and pattern in _TEXT_PATTERNS:
            return ("texts" if many else "text", _TEXT_PATTERNS[pattern])
        return None

    def default(self, kind: Any, node: dict[str, Any]) -> Any:
        """The value of an optional field that is left out.

        A scalar defaults to `None` (its type has no `null`, so `null` is refused);
        an array to `()`; an object to the decoding of its schema default (or `{}`), or to
        `None` when it has required fields and no default (dataset.json's `imported`).
        """
        if "$ref" in node and isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            if "default" not in node and any(f.required for f in msgspec.structs.fields(kind)):
                return None
            return msgspec.convert(node.get("default", {}), kind)
        if node.get("type") == "array":
            return msgspec.convert(node.get("default", []), kind)
        return node.get("default")


_Plan = tuple[tuple[str, str, Any], ...]
_TEXT_PATTERNS = {
    TEXT_PATTERN: re.compile(TEXT_PATTERN),
    MARKDOWN_PATTERN: re.compile(MARKDOWN_PATTERN),
}
_MARKDOWN = _TEXT_PATTERNS[MARKDOWN_PATTERN]


def _constrained(kind: Any, **limits: Any) -> Any:
    limits = {key: value for key, value in limits.items() if value is not None}
    return Annotated[kind, msgspec.Meta(**limits)] if limits else kind


class _Decoder:
    """The decoder of one schema, and the types it decodes into."""

    def __init__(self, filename: str) -> None:
        schema = json.loads((schemas_dir() / filename).read_text("utf-8"))
        compiler = _Compiler(schema)
        name = schema.get("title", "Root").title().replace(" ", "")
        self.decoder = msgspec.json.Decoder(compiler.type_of(schema, name))
        self.types = compiler.built
        self.plan = compiler.plans[name]
        """Where the decoded value holds text fields (see `texts`)."""
        texts = {
            struct: frozenset(f for f, kind, _ in plan if kind in ("text", "texts"))
            for struct, plan in compiler.plans.items()
        }
        self.summary = _summary_function(self.decoder.type, texts)
        """The ends of its texts and the colons of its encoding (see `_summary_function`)."""


@cache
def _record_decoder() -> _Decoder:
    return _Decoder("record.schema.json")


@cache
def _info_decoder() -> _Decoder:
    return _Decoder("dataset.schema.json")


_ENCODER = msgspec.json.Encoder()
_FAILED = (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError)


def key_count_matches(raw: bytes, decoded: Any) -> bool:
    """Whether `decoded` holds every key of `raw`: no key was a duplicate.

    Outside strings, a JSON text has a colon exactly after each key; inside strings a colon is
    written as itself (or as the escape `\\u003a`). Re-encoding the decoded value writes a
    colon after each key it kept and every colon of the strings it kept. A duplicate key drops
    a key (and its value's colons), so the text then has more colons than the encoding: equal
    counts prove that no key was a duplicate, at the cost of one encoding.

    The counts also differ, with no duplicate, when the text spells out a field equal to its
    default (the encoder leaves such fields out) or escapes a colon. Then the text is parsed
    again by the standard library, which sees every key of every object, to tell the two
    apart: a file that spells out a default keeps the fast path.
    """
    if b"\\u003" not in raw and raw.count(b":") == _ENCODER.encode(decoded).count(b":"):
        return True
    return _keys_unique(raw)


class _DuplicateKey(Exception):
    """Raised by `_unique_keys` on an object's second use of a key."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> None:
    # Only the keys matter here, so no dict is built (the caller discards the result).
    if len({key for key, _ in pairs}) != len(pairs):
        raise _DuplicateKey


def _keys_unique(raw: bytes) -> bool:
    """Whether no object in `raw` (JSON that msgspec decoded) uses a key twice.

    Keys are compared after unescaping, as the strict reader compares them (`"a"` and
    `"\\u0061"` are the same key). Anything the standard parser refuses counts as not unique,
    which only sends the text to the exact path.
    """
    try:
        json.loads(raw, object_pairs_hook=_unique_keys)
    except (_DuplicateKey, ValueError, RecursionError):
        return False
    return True


def _screen(decoder: _Decoder, raw: bytes) -> Any:
    try:
        decoded = decoder.decoder.decode(raw)
    except _FAILED:
        return None
    skimmed = raw.translate(None, _SKIMMED)
    newlines = clean_bytes(raw, skimmed, raw.isascii())
    if newlines >= 0:
        colons = decoder.summary(decoded)
        if colons >= 0 and (not newlines or _markdown_newlines(decoder, decoded) == newlines):
            # The texts are proven clean. No \\u escape, so every colon is written as itself:
            # the skimmed text holds them all.
            if skimmed.count(b":") == colons:
                return decoded
            return decoded if _keys_unique(raw) else None
    # An escape or a character the bytes cannot clear: the patterns decide, and the colons
    # are counted with the escapes in mind.
    if not texts_match(decoded, decoder.plan):
        return None
    return decoded if key_count_matches(raw, decoded) else None


def screen_record(raw: bytes) -> Any:
    """The record in `raw`, decoded and checked, or `None` if the exact path must look."""
    return _screen(_record_decoder(), raw)


def screen_info(raw: bytes) -> Any:
    """The `dataset.json` in `raw`, decoded and checked, or `None` (see above)."""
    return _screen(_info_decoder(), raw)


def default_policy() -> Any:
    """The editorial policy of records that belong to no dataset (the schema's defaults)."""
    return msgspec.convert({}, _info_decoder().types["Policy"])


# The text patterns, checked for a whole record at once.
#
# The decoder leaves out the text patterns (see the module's docstring), which ask three things
# of a text: no forbidden character (`FORBIDDEN`; Markdown may hold line feeds), no space at
# either end and no combining mark first. For a record the decoder accepted:
#
# * a forbidden character can only be written as itself or as an escape (a raw control
#   character in a string, invalid UTF-8, which every encoded surrogate is, and a lone
#   surrogate escape are refused by the decoder). `clean_bytes` looks for U+007F and for the
#   UTF-8 forms of the forbidden characters above it among the bytes beyond ASCII, and for
#   any escape but `\"`, `\\`, `\/` and `\n` (so no `\uXXXX`, `\t`...); it counts the
#   `\n`, which then are exactly the line feeds of the strings, and which must all be in
#   Markdown fields;
# * the first and last character of each text field are looked at on the decoded record, in
#   the same generated pass that counts the colons of its encoding (`_summary_function`).
#
# What these checks cannot clear (a `\uXXXX` escape, a `\t`...) is checked with the patterns
# themselves (`texts_match`), so the decoder accepts exactly what one with the patterns would.


def _char_ranges(chars: str) -> list[tuple[int, int]]:
    """The code points of a regular-expression character class's contents (`a-z\\x00`), as
    inclusive ranges. Knows what the classes of `characters.py` use: characters, `\\xHH`,
    `\\uHHHH` and `\\UHHHHHHHH` escapes, and ranges between them."""
    widths = {"x": 2, "u": 4, "U": 8}
    ranges: list[tuple[int, int]] = []
    at = 0

    def one() -> int:
        nonlocal at
        if chars[at] != "\\":
            at += 1
            return ord(chars[at - 1])
        width = widths.get(chars[at + 1 : at + 2])
        if width is None:
            raise ValueError(f"unexpected escape in a character class: {chars[at : at + 2]!r}")
        code = int(chars[at + 2 : at + 2 + width], 16)
        at += 2 + width
        return code

    while at < len(chars):
        low = one()
        if chars[at : at + 1] == "-" and at + 1 < len(chars):
            at += 1
            ranges.append((low, one()))
        else:
            ranges.append((low, low))
    return ranges


def _code_points(*classes: str) -> frozenset[int]:
    """The code points of the character classes."""
    return frozenset(
        code
        for chars in classes
        for low, high in _char_ranges(chars)
        for code in range(low, high + 1)
    )


def _utf8_pattern(codes: frozenset[int]) -> bytes:
    """A bytes pattern matching the UTF-8 form of any of `codes` (surrogates, which valid UTF-8
    never holds, are left out), as a tree of their bytes whose every top branch starts with a
    byte."""
    tree: dict[int, Any] = {}
    for code in codes:
        if 0xD800 <= code <= 0xDFFF:
            continue
        node = tree
        for byte in chr(code).encode("utf-8"):
            node = node.setdefault(byte, {})

    def emit(node: dict[int, Any]) -> list[bytes]:
        last = [byte for byte, child in sorted(node.items()) if not child]
        branches = []
        for byte, child in sorted(node.items()):
            if child:
                inner = emit(child)
                inner_text = inner[0] if len(inner) == 1 else b"(?:" + b"|".join(inner) + b")"
                branches.append(b"\\x%02x" % byte + inner_text)
        if last:
            chars = b"".join(b"\\x%02x" % byte for byte in last)
            branches.append(chars if len(last) == 1 else b"[" + chars + b"]")
        return branches

    return b"|".join(emit(tree))


_SKIMMED = bytes(byte for byte in range(0x80) if byte not in b":\\\x7f")
"""What `_screen` deletes from a record's text before looking at it: every ASCII byte but the
colon (whose count `key_count_matches` compares), the backslash and U+007F. What is left is a
few hundred bytes: the colons, the backslashes and every byte beyond ASCII, each character's
bytes still together and in order."""


@cache
def _forbidden_beyond_ascii() -> re.Pattern[bytes]:
    """The UTF-8 forms of the forbidden characters beyond ASCII."""
    return re.compile(_utf8_pattern(frozenset(c for c in _code_points(FORBIDDEN) if c >= 0x80)))


_NOT_QUOTE_ESCAPE = re.compile(rb'\\[^"/]')
"""An escape other than `\\"` and `\\/` (once the escaped backslashes are taken out)."""
_OTHER_ESCAPE = re.compile(rb'\\[^"/n]')
"""An escape other than `\\"`, `\\/` and `\\n` (once the escaped backslashes are taken out)."""


def clean_bytes(raw: bytes, skimmed: bytes, ascii: bool = False) -> int:
    """How many line feeds the strings of `raw`, a JSON text the decoder accepted, hold, if
    its bytes prove that no string holds a forbidden character other than the line feed
    (see the comment above); `-1` when they do not.

    `skimmed` is `raw` without the bytes `_SKIMMED` lists; `ascii` says that `raw` is all
    ASCII, which spares the search for forbidden characters beyond it.
    """
    if b"\x7f" in skimmed:
        return -1
    if not ascii and _forbidden_beyond_ascii().search(skimmed):
        # Each form begins with a leading byte, and the bytes of each character stay
        # together, so a match is a forbidden character of the text.
        return -1
    if b"\\" not in skimmed:
        return 0
    if b"\\\\" in skimmed and b"\\\\" in raw:
        # An escaped backslash is a backslash, which a text may hold. Taken out from the left,
        # as JSON pairs the backslashes of a run, it leaves the other escapes as they were.
        raw = raw.replace(b"\\\\", b"")
    if not _NOT_QUOTE_ESCAPE.search(raw):
        return 0
    if _OTHER_ESCAPE.search(raw):
        return -1
    return raw.count(b"\\n")


_BAD_FIRST = frozenset(map(chr, _code_points(SPACES, COMBINING, "\n")))
"""What a text may not start with, besides the forbidden characters."""
_BAD_LAST = frozenset(map(chr, _code_points(SPACES, "\n")))
"""What a text may not end with, besides the forbidden characters."""


def _shape(kind: Any) -> tuple[str, Any]:
    """What a field's type is, for `_summary_function`: `("struct", class)`, `("array",
    shape of an item)`, `("str", None)`, or `("constant", whether a value holds a colon)` for
    a choice, a number or a date (none of which the encoder writes with a colon)."""
    if get_origin(kind) is Annotated:
        kind = get_args(kind)[0]
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        return ("struct", kind)
    if get_origin(kind) is tuple:
        return ("array", _shape(get_args(kind)[0]))
    if kind is str:
        return ("str", None)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return ("constant", any(":" in str(member.value) for member in kind))
    if get_origin(kind) is Literal:
        return ("constant", any(":" in str(value) for value in get_args(kind)))
    if kind in (int, date):
        return ("constant", False)
    raise ValueError(f"cannot summarize the type {kind!r}")  # pragma: no cover


def _summary_function(root: type, texts: dict[str, frozenset[str]]) -> Callable[[Any], int]:
    """A function of a decoded value of type `root`: `-1` if a text field (`texts` names them,
    by struct) is empty, starts with a space, a combining mark or a line feed, or ends with a
    space or a line feed; else the number of colons its encoding holds, which
    `_screen` compares with its text's (see `key_count_matches`): one per key (the fields
    the encoder writes, those that differ from their default) and those of its strings.

    It is written out from the types as straight-line code (as `dataclasses` writes
    `__init__`): one function with no calls but `str.count`, which costs a fraction of a
    loop over the fields or of an encoding. The source is made of the schema's field names.
    """
    lines = ["def summary(value0, first, last, defaults):", "    colons = 0"]
    defaults: list[Any] = []
    names = iter(range(1, 1 << 20))
    bad_end = "if not text or text[0] in first or text[-1] in last: return -1"

    def string(value: str, text: bool, pad: str) -> None:
        lines.append(f"{pad}text = {value}")
        if text:
            lines.append(pad + bad_end)
        # Most strings hold no colon, and `in` finds that out faster than `count`.
        lines.append(f"{pad}if ':' in text: colons += text.count(':')")

    def struct(value: str, cls: type, pad: str) -> None:
        fields = msgspec.structs.fields(cls)
        lines.append(f"{pad}colons += {sum(field.required for field in fields)}")
        for field in fields:
            if not field.name.isidentifier():  # pragma: no cover - the schema's field names
                raise ValueError(f"cannot summarize the field {field.name!r}")
            item = f"{value}.{field.name}"
            shape, what = _shape(field.type)
            if shape == "constant" and not what and field.required:
                continue  # its key is counted with the required fields
            inner = pad
            if not field.required:
                if field.default is None:
                    lines.append(f"{pad}if {item} is not None:")
                elif field.default == ():
                    lines.append(f"{pad}if {item}:")
                else:
                    defaults.append(field.default)
                    lines.append(f"{pad}if {item} is not defaults[{len(defaults) - 1}]:")
                inner = pad + "    "
                lines.append(f"{inner}colons += 1")
            text = field.name in texts.get(cls.__name__, ())
            if shape == "str":
                string(item, text, inner)
            elif shape == "constant":
                if what:
                    lines.append(f"{inner}colons += str({item}).count(':')")
            elif shape == "struct":
                part = f"value{next(names)}"
                lines.append(f"{inner}{part} = {item}")
                struct(part, what, inner)
            else:
                part = f"value{next(names)}"
                lines.append(f"{inner}for {part} in {item}:")
                deeper = inner + "    "
                if what[0] == "struct":
                    struct(part, what[1], deeper)
                elif what[0] == "str":
                    string(part, text, deeper)
                elif what[1]:
                    lines.append(f"{deeper}colons += str({part}).count(':')")
                else:
                    lines.append(f"{deeper}pass")

    struct("value0", root, "    ")
    lines.append("    return colons")
    space: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<factcheck fast path summary>", "exec"), space)
    summary, frozen = space["summary"], tuple(defaults)
    return lambda value: summary(value, _BAD_FIRST, _BAD_LAST, frozen)


def texts(value: Any, plan: _Plan) -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every text field of the decoded `value`, with the pattern it must match."""
    for name, kind, step in plan:
        item = getattr(value, name)
        if item is None:
            continue
        if kind == "text":
            yield item, step
        elif kind == "texts":
            for text in item:
                yield text, step
        elif kind == "struct":
            yield from texts(item, step)
        else:
            for part in item:
                yield from texts(part, step)


def texts_match(value: Any, plan: _Plan) -> bool:
    """Whether every text field of `value` matches its pattern, as the decoder would check
    it with the patterns in its types."""
    return all(pattern.search(text) for text, pattern in texts(value, plan))


def _markdown_newlines(decoder: _Decoder, decoded: Any) -> int:
    """How many line feeds the Markdown fields of `decoded` hold."""
    return sum(
        text.count("\n") for text, pattern in texts(decoded, decoder.plan) if pattern is _MARKDOWN
    )
