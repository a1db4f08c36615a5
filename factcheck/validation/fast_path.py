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
* msgspec keeps the last of two duplicate keys without a word (msgspec issue #648), so
  `key_count_matches` compares the colons of the text with those of the decoded record,
  and, when they differ (a field written out with its default value, as in
  `"policy": {"min_independent_publishers": 2}`), looks for a duplicate key itself.

Two things are not in the schema's hands. Patterns of the form `(?:[X]|%hh)*` (URLs) are
rewritten as `(?:[X]++|%hh)*+`, which accepts the same strings without backtracking. And
property tests (`tests/property/test_fast_path.py`) check that both paths agree.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal

import msgspec

from ..files import schemas_dir
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
        for field, child in node["properties"].items():
            kind = self.type_of(child, child.get("title", field).replace(" ", ""))
            if field in required:
                fields.append((field, kind))
            else:
                fields.append((field, kind, self.default(kind, child)))
        return msgspec.defstruct(
            name,
            fields,
            kw_only=True,
            frozen=True,
            forbid_unknown_fields=True,
            omit_defaults=True,
            gc=False,
        )

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
