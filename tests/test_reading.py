"""The strict reader: every broken file gets its code and exact position, and never raises."""

from __future__ import annotations

import json

import pytest

from factcheck.validation.reading import MAX_DEPTH, read_file, read_json_bytes, read_jsonl_bytes

from .conftest import DATA

READING = DATA / "reading"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.json", [("FC002", 1, 1, "file is empty")]),
        ("whitespace.json", [("FC002", 1, 1, "file holds only white space")]),
        ("utf16.json", [("FC004", 1, 1, "file is encoded as UTF-16 or UTF-32, not UTF-8")]),
        ("latin1.json", [("FC004", 2, 12, "invalid UTF-8 byte sequence e9")]),
        (
            "truncated.json",
            [("FC001", 3, 1, "file ends inside the array opened at line 2, column 8")],
        ),
        ("trailing.json", [("FC007", 2, 1, "extra data after the JSON value: '{'")]),
        (
            "duplicate_keys.json",
            [
                ("FC005", 5, 5, "duplicate key 'c' (first at line 4, column 5)"),
                ("FC005", 7, 3, "duplicate key 'a' (first at line 2, column 3)"),
            ],
        ),
        (
            "nan.json",
            [
                ("FC006", 2, 8, "NaN is not valid JSON"),
                ("FC006", 3, 9, "Infinity is not valid JSON"),
                ("FC006", 3, 19, "-Infinity is not valid JSON"),
            ],
        ),
        ("deep.json", [("FC008", 1, MAX_DEPTH + 1, f"nesting deeper than {MAX_DEPTH} levels")]),
        ("trailing_comma.json", [("FC001", 1, 8, "trailing comma")]),
        ("single_quotes.json", [("FC001", 1, 2, 'expected a key in double quotes, found "\'"')]),
        ("comment.json", [("FC001", 2, 3, "expected a key in double quotes, found '/'")]),
        ("mixed_newlines.json", [("FC001", 3, 8, "expected a value, found 'x'")]),
        ("raw_tab.json", [("FC001", 1, 11, "U+0009 control character inside a string")]),
    ],
)
def test_broken_file_is_reported_with_code_and_position(name, expected):
    result = read_file(READING / name)
    found = [(p.code, p.line, p.column, p.message) for p in result.problems]
    assert found == expected
    assert all(p.hint for p in result.problems)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom_are_recognised(encoding):
    result = read_json_bytes('{"a": 1}'.encode(encoding))
    assert [p.code for p in result.problems] == ["FC004"]


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        (rb'{"a": "\ud83d\ude00 and \ud800"}', [("FC004", 1, 25, "\\ud800")]),
        (rb'{"a": "\udc00"}', [("FC004", 1, 8, "\\udc00")]),
        (rb'{"\ud83d": 1}', [("FC004", 1, 3, "\\ud83d")]),
        (rb'{"a": "\ud83d\ude00 \uD83D\uDE00"}', []),  # whole pairs: two emoji
        (rb'{"a": "\\ud800"}', []),  # an escaped backslash, then plain text
    ],
)
def test_an_escaped_lone_surrogate_is_an_encoding_problem_at_its_escape(raw, found):
    # Half a UTF-16 pair is no character: no UTF-8 file can hold it, so fmt could not write it.
    result = read_json_bytes(raw)
    assert [(p.code, p.line, p.column, p.message.split()[0]) for p in result.problems] == found
    assert bool(result.documents) is not bool(found)


def test_binary_garbage_is_a_syntax_error_not_an_encoding_guess():
    result = read_json_bytes(b"\x00\x01garbage")
    assert [(p.code, p.message) for p in result.problems] == [
        ("FC001", "expected a value, found U+0000 control character")
    ]


def test_bom_is_reported_and_the_rest_still_read():
    result = read_file(READING / "bom.json")
    assert [(p.code, p.line, p.column) for p in result.problems] == [("FC003", 1, 1)]
    assert result.documents[0].data == {"a": 1}


def test_duplicate_keys_still_yield_the_value_so_later_layers_can_report_too():
    result = read_file(READING / "duplicate_keys.json")
    assert result.documents[0].data == {"a": 3, "b": {"c": 2}}


def test_positions_of_values_and_keys_are_exact():
    text = b'{\n  "claim": {\n    "date": "2020-01-06"\n  },\n  "topics": ["a", "b"]\n}\n'
    document = read_json_bytes(text).documents[0]
    assert document.position(("claim", "date")) == (3, 13)
    assert document.position(("claim", "date"), key=True) == (3, 5)
    assert document.position(("topics", 1)) == (5, 19)
    assert document.position(("claim", "missing")) == (2, 12)  # the parent object


def test_columns_count_characters_not_bytes():
    document = read_json_bytes('{"é": "ü", "x": 1}'.encode()).documents[0]
    assert document.position(("x",)) == (1, 17)


def test_jsonl_lines_are_numbered_and_blank_lines_reported():
    result = read_jsonl_bytes(b'{"a": 1}\n\n{"b": \n{"c": [1,]}\r\n')
    assert [(p.code, p.line, p.column) for p in result.problems] == [
        ("FC002", 2, 1),
        ("FC001", 3, 7),
        ("FC001", 4, 9),
    ]
    assert [d.data for d in result.documents] == [{"a": 1}]


def test_jsonl_document_positions_use_file_lines():
    result = read_jsonl_bytes(b'{"a": 1}\n{"b": {"c": 2}}\n')
    assert result.documents[1].position(("b", "c")) == (2, 13)


def test_fast_and_exact_paths_agree_on_valid_json():
    text = json.dumps({"a": [1, 2.5, {"b": None, "c": True}], "d": "\u00e9\\n"})
    document = read_json_bytes(text.encode()).documents[0]
    assert document.data == json.loads(text)


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1])
def test_depth_limit_is_the_same_whichever_path_reads(depth):
    text = ("[" * depth + "]" * depth).encode()
    result = read_json_bytes(text)
    assert bool(result.problems) == (depth > MAX_DEPTH)


def test_huge_string_is_read_without_error():
    big = b'{"a": "' + b"x" * 5_000_000 + b'"}'
    assert len(read_json_bytes(big).documents[0].data["a"]) == 5_000_000
