"""The hostile-input corpus, end to end: each input gets its rule code, a position, exit 1.

The broken-JSON files live in ``tests/data/reading/`` (see its README); the inputs below are
built from the seed record at test time (a 50 MB string is not worth committing). Every case
runs the real command, ``factcheck validate --format json``, and checks the exit status, the
rule code, that the finding has a line and column, and that no traceback was printed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factcheck import release

from .conftest import DATA, TODAY, make_dataset, write_json

Build = Callable[[Path, dict[str, Any]], Path]


def _record_file(change: Callable[[dict[str, Any]], None], name: str | None = None) -> Build:
    """A builder writing the seed record, changed, to its own file."""

    def build(tmp: Path, record: dict[str, Any]) -> Path:
        change(record)
        return write_json(tmp / f"{name or record['id']}.json", record)

    return build


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(record: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = record
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[last] = value

    return change


def _reading(name: str) -> Build:
    return lambda tmp, record: DATA / "reading" / name


def _huge_string(tmp: Path, record: dict[str, Any]) -> Path:
    record["claim"]["text"] = "x" * 50_000_000
    path = tmp / f"{record['id']}.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def _lone_surrogate(tmp: Path, record: dict[str, Any]) -> Path:
    record["claim"]["text"] += " \ud800"  # json.dumps writes it as the escape \ud800
    path = tmp / f"{record['id']}.json"
    path.write_text(json.dumps(record), encoding="ascii")
    return path


def _case_colliding_ids(tmp: Path, record: dict[str, Any]) -> Path:
    folder = make_dataset(tmp, [record])
    upper = dict(record, id="US-withdrawing-from-iraq")
    write_json(folder / "records" / "US-withdrawing-from-iraq.json", upper)
    return folder


def _symlink_out(tmp: Path, record: dict[str, Any]) -> Path:
    folder = make_dataset(tmp / "inside", [record])
    outside = write_json(tmp / "outside" / "secret.json", record)
    os.symlink(outside, folder / "records" / "secret.json")
    return folder


def _dotdot_dataset_name(tmp: Path, record: dict[str, Any]) -> Path:
    folder = make_dataset(tmp, [record])
    info = json.loads((folder / "dataset.json").read_text("utf-8"))
    info["name"] = "../../etc"
    write_json(folder / "dataset.json", info)
    return folder


def _released(tmp: Path, record: dict[str, Any]) -> Path:
    make_dataset(tmp, [record])
    release("demo", "1.0.0", root=tmp, today=TODAY)
    return tmp / "demo"


def _tampered_release(tmp: Path, record: dict[str, Any]) -> Path:
    folder = _released(tmp, record)
    path = folder / "releases" / "1.0.0" / "records.jsonl"
    path.write_bytes(path.read_bytes().replace(b'"rating":"false"', b'"rating":"true"'))
    return folder


def _dotdot_release_version(tmp: Path, record: dict[str, Any]) -> Path:
    folder = _released(tmp, record)
    manifest = folder / "releases" / "1.0.0" / "manifest.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["version"] = "../../1.0.0"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    return folder


CASES: dict[str, tuple[Build, str]] = {
    "empty file": (_reading("empty.json"), "FC002"),
    "whitespace only": (_reading("whitespace.json"), "FC002"),
    "byte order mark": (_reading("bom.json"), "FC003"),
    "UTF-16": (_reading("utf16.json"), "FC004"),
    "invalid UTF-8": (_reading("latin1.json"), "FC004"),
    "truncated JSON": (_reading("truncated.json"), "FC001"),
    "trailing data": (_reading("trailing.json"), "FC007"),
    "duplicate keys, nested too": (_reading("duplicate_keys.json"), "FC005"),
    "NaN and Infinity": (_reading("nan.json"), "FC006"),
    "10,000-deep nesting": (_reading("deep.json"), "FC008"),
    "mixed CR/LF": (_reading("mixed_newlines.json"), "FC001"),
    "number where a string belongs": (_record_file(_set("claim/text", 42)), "FC103"),
    "a 50 MB string": (_huge_string, "FC109"),
    "escaped lone surrogate": (_lone_surrogate, "FC004"),
    "zero-width character": (_record_file(_set("claim/text", "The US\u200bis leaving.")), "FC107"),
    "bidi override": (_record_file(_set("verdict/label", "False\u202e")), "FC107"),
    "homoglyph id (Cyrillic a)": (
        _record_file(_set("id", "us-withdrаwing-from-iraq"), "us-withdrawing-from-iraq"),
        "FC108",
    ),
    "case-colliding ids": (_case_colliding_ids, "FC108"),
    "javascript: URL": (_record_file(_set("evidence/0/url", "javascript:alert(1)")), "FC106"),
    "file: URL": (_record_file(_set("evidence/0/url", "file:///etc/passwd")), "FC106"),
    "data: URL": (_record_file(_set("evidence/0/url", "data:text/html,<b>x</b>")), "FC106"),
    "URL with credentials": (
        _record_file(_set("evidence/0/url", "https://user:pw@example.com/a")),
        "FC106",
    ),
    "impossible date 2020-02-30": (_record_file(_set("claim/date", "2020-02-30")), "FC105"),
    "future date": (_record_file(_set("verdict/reviewed", "2099-01-01")), "FC202"),
    "id is not the file name": (_record_file(lambda r: None, "another-name"), "FC201"),
    "symlink out of the dataset": (_symlink_out, "FC303"),
    "dataset name with ../": (_dotdot_dataset_name, "FC108"),
    "release version with ../": (_dotdot_release_version, "FC307"),
    "tampered release file": (_tampered_release, "FC306"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_gets_its_code_and_position(case, tmp_path, record, run_cli):
    build, code = CASES[case]
    path = build(tmp_path, record)
    exit_code, out, err = run_cli("validate", "--format", "json", str(path))
    assert exit_code == 1, out
    assert "Traceback" not in out + err
    findings = json.loads(out)["findings"]
    matching = [f for f in findings if f["code"] == code]
    assert matching, f"expected {code}, got {[(f['code'], f['message']) for f in findings]}"
    first = matching[0]
    if code not in ("FC011", "FC012", "FC303", "FC306", "FC307"):  # a file or folder as a whole
        assert first["line"] is not None and first["column"] is not None, first
    assert first["message"] and first["hint"]


def test_fmt_reports_a_file_it_cannot_write_and_leaves_it_as_it_was(tmp_path, record, run_cli):
    path = _lone_surrogate(tmp_path, record)
    before = path.read_bytes()
    exit_code, out, err = run_cli("fmt", str(path))
    assert exit_code == 1 and "Traceback" not in out + err
    assert "FC004 \\ud800 is half of a UTF-16 surrogate pair" in out + err
    assert path.read_bytes() == before
