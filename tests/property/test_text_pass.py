"""The fast path's one pass over a record's text accepts exactly what the patterns accept.

The decoder of the fast path leaves out the text patterns and checks the texts of a whole
record at once (`fast_path.clean_bytes` on its bytes, then a generated look at each text's
ends and a count of the colons its encoding would hold, which replaces re-encoding it for the
duplicate-key guard). These tests hold it to the decoder it replaces: the same schema compiled
with every pattern in its types, guarded against duplicate keys by re-encoding
(`fast_path.key_count_matches`). Both must accept the same texts and decode them to the same
values, whatever the record holds: bidirectional overrides, zero-width and tag characters,
escaped control characters, lone surrogates, spaces and combining marks at either end, line
feeds in one-line fields, duplicate keys at every depth, keys that are only duplicates once
their escapes are read. And the record rules' one-pass check (`quiet_rules`) may only vouch
for rules that find nothing.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date
from functools import cache
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.files import schemas_dir
from factcheck.model.characters import COMBINING, FORBIDDEN, SPACES
from factcheck.testing import _get, mutated_records, partial_records, records
from factcheck.testing import _set as _put
from factcheck.testing import _string_paths as _strings
from factcheck.validation import fast_path
from factcheck.validation.rules import RecordContext, rules_for
from factcheck.validation.rules.record import quiet_rules

from ..conftest import SEED, TODAY

_settings = settings(max_examples=200, deadline=None)

HOSTILE = [
    "\u202e",  # right-to-left override (Trojan Source)
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte-order mark
    "\U000e0041",  # tag letter A
    "\U000e007f",  # cancel tag
    "\x00",
    "\x1f",
    "\x7f",
    "\x85",
    "\x9f",
    "\xad",  # soft hyphen
    "\u2028",  # line separator
    "\u115f",  # Hangul choseong filler
    "\u2800",  # Braille blank
    "\n",
    "\t",
    "\r",
    " ",
    "\xa0",  # no-break space: fine inside, not at either end
    "\u3000",
    "\u0301",  # combining acute: fine after a letter, not first
    "\u20dd",
    "\ufe2f",
    "\U0001f600",  # an emoji: a surrogate pair when escaped
    "é",
    "日本",
    '"',
    "\\",
    ":",
    "\\u0000",  # the six characters, not the escape
]


@cache
def _reference() -> msgspec.json.Decoder:
    """The record schema compiled with every pattern in its types, as before the one pass."""
    schema = json.loads((schemas_dir() / "record.schema.json").read_text("utf-8"))
    texts = fast_path._TEXT_PATTERNS
    try:
        fast_path._TEXT_PATTERNS = {}  # the compiler then keeps the text patterns
        compiler = fast_path._Compiler(schema)
        return msgspec.json.Decoder(compiler.type_of(schema, "Record"))
    finally:
        fast_path._TEXT_PATTERNS = texts


def _reference_screen(raw: bytes) -> Any:
    try:
        decoded = _reference().decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
        return None
    return decoded if fast_path.key_count_matches(raw, decoded) else None


def _same(raw: bytes) -> tuple[Any, Any]:
    fast, reference = fast_path.screen_record(raw), _reference_screen(raw)
    assert (fast is None) == (reference is None), raw
    if fast is not None:
        assert msgspec.to_builtins(fast) == msgspec.to_builtins(reference)
    return fast, reference


def _escape(char: str) -> str:
    """`char` as JSON escapes (a surrogate pair beyond the first plane)."""
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


class _Writer:
    """Writes JSON data as text in the many ways a file can hold it: escaped or not, compact
    or spaced, with a key written twice in any object."""

    def __init__(self, rng: random.Random, duplicates: float) -> None:
        self.rng = rng
        self.duplicates = duplicates
        self.ascii = rng.random() < 0.3
        self.escapes = rng.random() < 0.3
        self.spaced = rng.random() < 0.3

    def string(self, text: str) -> str:
        rng = self.rng
        written = json.dumps(text, ensure_ascii=self.ascii)
        if self.escapes and rng.random() < 0.3:
            # A character of the text written as an escape, which decodes to the same text.
            inner = json.loads(written)
            if inner:
                at = rng.randrange(len(inner))
                head = json.dumps(inner[:at], ensure_ascii=self.ascii)[:-1]
                tail = json.dumps(inner[at + 1 :], ensure_ascii=self.ascii)[1:]
                written = head + _escape(inner[at]) + tail
        return written

    def value(self, data: Any) -> str:
        rng = self.rng
        colon, comma = (": ", ", ") if self.spaced else (":", ",")
        if isinstance(data, dict):
            pairs = [(self.string(k), self.value(v)) for k, v in data.items()]
            if pairs and rng.random() < self.duplicates:
                key, value = rng.choice(pairs)
                if rng.random() < 0.5:
                    # The same key, once its escapes are read ("\u0061" is "a").
                    name = json.loads(key)
                    key = '"' + "".join(_escape(c) for c in name) + '"'
                if rng.random() < 0.5:
                    value = self.value(rng.choice(list(data.values())))
                pairs.insert(rng.randrange(len(pairs) + 1), (key, value))
            return "{" + comma.join(f"{k}{colon}{v}" for k, v in pairs) + "}"
        if isinstance(data, list):
            return "[" + comma.join(self.value(v) for v in data) + "]"
        if isinstance(data, str):
            return self.string(data)
        return json.dumps(data)


@_settings
@given(st.one_of(records(), partial_records()), st.data())
def test_the_one_pass_accepts_what_the_patterns_accept(record, data):
    rng = data.draw(st.randoms(use_true_random=False))
    for _ in range(data.draw(st.integers(0, 3))):
        paths = _strings(record)
        path = rng.choice(paths)
        text = _get(record, path)
        hostile = rng.choice(HOSTILE)
        where = rng.choice(["start", "middle", "end", "all"])
        if where == "start":
            text = hostile + text
        elif where == "end":
            text = text + hostile
        elif where == "middle":
            at = rng.randrange(len(text) + 1)
            text = text[:at] + hostile + text[at:]
        else:
            text = hostile
        _put(record, path, text)
    writer = _Writer(rng, duplicates=data.draw(st.sampled_from([0.0, 0.05, 0.3])))
    try:
        raw = writer.value(record).encode("utf-8")
    except UnicodeEncodeError:  # pragma: no cover - the hostile strings are all encodable
        return
    _same(raw)


@_settings
@given(records(), st.data())
def test_escaped_surrogates_and_controls_are_checked_as_the_patterns_check_them(record, data):
    paths = _strings(record)
    path = data.draw(st.sampled_from(paths))
    text = _get(record, path)
    escape = data.draw(
        st.sampled_from(
            [f"\\u{c:04x}" for c in [*range(0x20), 0x7F, 0x85, 0xAD, 0x200B, 0x202E, 0xFEFF]]
            + ["\\ud800", "\\udfff", "\\ud83d\\ude00", "\\udb40\\udc41", "\\ud800\\u0041"]
            + ["\\n", "\\t", "\\r", "\\b", "\\f", "\\/", "\\\\", '\\"', "\\u0020", "\\u0301"]
        )
    )
    where = data.draw(st.sampled_from(["start", "middle", "end"]))
    marker = "\x01MARK\x01"
    if where == "start":
        text = marker + text
    elif where == "end":
        text = text + marker
    else:
        text = text[:1] + marker + text[1:]
    _put(record, path, text)
    raw = json.dumps(record, ensure_ascii=data.draw(st.booleans()))
    raw = raw.replace(json.dumps(marker)[1:-1], escape)
    _same(raw.encode("utf-8"))


@_settings
@given(records())
def test_valid_records_take_the_one_pass(record):
    """Not only the same answer: valid records get it without the patterns."""
    raw = json.dumps(record, ensure_ascii=False).encode()
    decoder = fast_path._record_decoder()
    decoded = decoder.decoder.decode(raw)
    skimmed = raw.translate(None, fast_path._SKIMMED)
    assert fast_path.clean_bytes(raw, skimmed, raw.isascii()) >= 0
    assert decoder.summary(decoded) == msgspec.json.encode(decoded).count(b":")
    assert fast_path.screen_record(raw) is not None


def test_duplicate_keys_at_every_depth_are_refused():
    data = json.loads(SEED.read_text("utf-8"))
    compact = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    assert fast_path.screen_record(compact) is not None
    for match in re.finditer(rb'"([a-z_]+)":', compact):
        key = match.group(1).decode()
        # The pair again, right after the first: its value is the next value of the text.
        rest = compact[match.end() :].decode()
        _, end = json.JSONDecoder().raw_decode(rest)
        pair = match.group() + rest[:end].encode()
        for twin in (pair, pair.replace(key.encode(), "".join(_escape(c) for c in key).encode())):
            raw = compact[: match.start()] + twin + b"," + compact[match.start() :]
            json.loads(raw)  # still JSON
            assert _same(raw)[0] is None, twin


def _class_members(chars: str) -> set[int]:
    """Every code point the regular-expression class `[chars]` matches."""
    everything = "".join(map(chr, range(0x110000)))
    return {m.start() for m in re.finditer(f"[{chars}]", everything)}


@pytest.mark.parametrize(
    "chars", [FORBIDDEN, SPACES, COMBINING], ids=["forbidden", "spaces", "marks"]
)
def test_the_classes_are_read_as_re_reads_them(chars):
    assert fast_path._code_points(chars) == _class_members(chars)


def test_every_forbidden_character_is_found_in_the_bytes():
    forbidden = _class_members(FORBIDDEN)
    pattern = fast_path._forbidden_beyond_ascii()
    for code in range(0x80, 0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # no valid UTF-8 holds one (the decoder refuses the bytes)
        raw = ('{"a":"x' + chr(code) + 'y"}').encode()
        skimmed = raw.translate(None, fast_path._SKIMMED)
        assert (pattern.search(skimmed) is not None) == (code in forbidden), hex(code)
    # U+007F is ASCII: found by itself.
    raw = b'{"a":"x\x7fy"}'
    assert fast_path.clean_bytes(raw, raw.translate(None, fast_path._SKIMMED), True) == -1


def _context(record: Any, stem: str | None, today: date, publishers: int) -> RecordContext:
    policy = msgspec.convert(
        {"min_independent_publishers": publishers}, type(fast_path.default_policy())
    )
    return RecordContext(stem, today, policy)


@_settings
@given(
    st.one_of(records(), partial_records(), mutated_records().map(lambda case: case[0])),
    st.sampled_from([None, "another-name", "its-id"]),
    st.dates(date(1990, 1, 1), date(2030, 1, 1)),
    st.integers(1, 4),
)
def test_quiet_rules_only_vouch_for_rules_that_find_nothing(record, stem, today, publishers):
    decoded = fast_path.screen_record(json.dumps(record, ensure_ascii=False).encode())
    if decoded is None:
        return  # the exact path's record: quiet_rules sees only the fast path's
    context = _context(decoded, decoded.id if stem == "its-id" else stem, today, publishers)
    quiet = quiet_rules(decoded, context)
    for rule in rules_for("record"):
        if rule.code in quiet:
            assert list(rule.check(decoded, context)) == [], rule.code


def test_quiet_rules_vouch_for_every_rule_of_a_valid_record():
    """The point of the pass: a valid record runs no rule at all."""
    decoded = fast_path.screen_record(SEED.read_bytes())
    quiet = quiet_rules(decoded, _context(decoded, decoded.id, TODAY, 2))
    assert quiet == {rule.code for rule in rules_for("record")}
