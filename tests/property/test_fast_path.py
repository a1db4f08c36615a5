"""The validator's fast path (factcheck.validation.fast_path) and its exact path agree.

The fast path may only *accept*: whatever it accepts, the exact path (strict reader with
positions, pydantic models) must accept too, and a validation run must report exactly the same
findings whichever path read the records.
"""

from __future__ import annotations

import json
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import validate
from factcheck.model.models import Record
from factcheck.testing import mutated_records, partial_records, records
from factcheck.validation import fast_path as screening
from factcheck.validation import shards
from factcheck.validation.reading import read_json_bytes
from factcheck.validation.structure import check_structure

from ..conftest import SEED, TODAY

_settings = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_seed = SEED.read_bytes()


@contextmanager
def _exact_only():
    """Validation with the fast path turned off: every record goes the exact way."""
    original = screening.screen_record, screening.screen_info
    screening.screen_record = screening.screen_info = lambda raw: None
    try:
        yield
    finally:
        screening.screen_record, screening.screen_info = original


def _reports(name: str, raw: bytes) -> tuple[list, list]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        fast = validate([path], today=TODAY)
        with _exact_only():
            exact = validate([path], today=TODAY)
    return (
        [(f.to_dict(), fast.records) for f in fast.findings],
        [(f.to_dict(), exact.records) for f in exact.findings],
    )


def _exact_accepts(raw: bytes) -> bool:
    result = read_json_bytes(raw)
    if result.problems or not result.documents:
        return False
    return check_structure(Record, result.documents[0].data)[0] is not None


@_settings
@given(records())
def test_the_fast_path_accepts_valid_records(data):
    raw = json.dumps(data, ensure_ascii=False).encode()
    assert screening.screen_record(raw) is not None
    assert screening.screen_record(json.dumps(data, indent=2).encode()) is not None


@_settings
@given(partial_records())
def test_the_fast_path_accepts_records_without_the_optional_parts(data):
    raw = json.dumps(data, ensure_ascii=False).encode()
    assert screening.screen_record(raw) is not None
    assert _exact_accepts(raw)


@_settings
@given(mutated_records())
def test_the_fast_path_never_accepts_a_record_the_models_refuse(case):
    data, _code = case
    for raw in (json.dumps(data, ensure_ascii=False).encode(), json.dumps(data).encode()):
        assert screening.screen_record(raw) is None


@_settings
@given(st.data())
def test_byte_mutations_pass_the_fast_path_only_if_the_exact_path_accepts(data):
    raw = bytearray(_seed)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["replace", "insert", "delete", "copy-line"]))
        if action == "replace":
            raw[at] = data.draw(st.integers(0, 255))
        elif action == "insert":
            raw[at:at] = data.draw(
                st.sampled_from(
                    [b",", b'"', b"\\", b"\\u0000", b"\\u003a", b":", b" ", b"\xc2\xa0", b"\n"]
                )
            )
        elif action == "delete":
            del raw[at]
        else:
            # Repeat a whole line: makes duplicate keys in every shape.
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at)
            end = len(raw) if end < 0 else end + 1
            raw[start:start] = raw[start:end]
    raw = bytes(raw)
    if screening.screen_record(raw) is not None:
        assert _exact_accepts(raw)


@_settings
@given(st.data())
def test_validation_reports_the_same_findings_whichever_path_reads(data):
    record = json.loads(_seed)
    # Semantic mutations reach the rules through the fast path; others reach the exact path.
    mutation = data.draw(
        st.sampled_from(
            ["none", "future", "order", "publisher", "quote", "id", "duplicate-key", "type"]
        )
    )
    if mutation == "future":
        record["verdict"]["reviewed"] = "2099-01-01"
    elif mutation == "order":
        record["claim"]["date"] = "2021-01-01"
    elif mutation == "publisher":
        for source in record["evidence"]:
            source["publisher"] = "Reuters"
    elif mutation == "quote":
        record["evidence"][0]["quote"] = "..."
    elif mutation == "id":
        record["id"] = "another-id"
    elif mutation == "type":
        record["topics"] = "iraq"
    text = json.dumps(record, ensure_ascii=data.draw(st.booleans()), indent=2)
    if mutation == "duplicate-key":
        text = text.replace('"id":', '"id": "x",\n  "id":', 1)
    fast, exact = _reports(SEED.name, text.encode())
    assert fast == exact


@pytest.mark.parametrize("parallel", [False, True])
def test_json_lines_report_the_same_findings_whichever_path_reads(monkeypatch, parallel):
    seed = json.loads(_seed)
    lines = []
    for i in range(60):
        record = json.loads(json.dumps(seed))
        record["id"] = f"record-{i}"
        record["claim"]["text"] = f"Claim number {i}."
        if i % 7 == 3:
            record["verdict"]["reviewed"] = "2099-01-01"
        if i % 11 == 5:
            record["claim"]["text"] = "Claim number 1."
        line = json.dumps(record, ensure_ascii=i % 2 == 0)
        if i % 13 == 4:
            line = line.replace('"id":', '"id": "dup", "id":', 1)
        if i % 17 == 9:
            line = line[:-5]
        lines.append(line)
    lines.insert(30, "")
    raw = ("\n".join(lines) + "\r\n").encode()
    if parallel:
        # Pieces of a few lines, checked by three processes.
        monkeypatch.setattr(shards, "PIECE_BYTES", 4096)
        monkeypatch.setattr(shards, "workers", lambda jobs, size: 3)
    fast, exact = _reports("records.jsonl", raw)
    assert fast == exact
    codes = {finding["code"] for finding, _ in fast}
    assert {"FC001", "FC002", "FC005", "FC202", "FC302"} <= codes


@_settings
@given(partial_records())
def test_the_fast_path_accepts_records_that_spell_out_a_default(data):
    data["claim"].setdefault("appearances", [])
    raw = json.dumps(data, ensure_ascii=False).encode()
    assert screening.screen_record(raw) is not None
    assert _exact_accepts(raw)
