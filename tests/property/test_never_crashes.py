"""The reader and the validator never raise, whatever bytes they are given."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import validate
from factcheck.formats import read as read_format
from factcheck.validation.reading import read_json_bytes, read_jsonl_bytes

from ..conftest import SEED, TODAY

_seed = SEED.read_bytes()


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300))
def test_reader_never_raises_on_bytes(raw):
    for read in (read_json_bytes, read_jsonl_bytes):
        result = read(raw)
        assert result.documents or result.problems or not raw.strip()


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_reader_agrees_with_json_module_on_mutated_records(data):
    raw = bytearray(_seed)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at : at + 1] = data.draw(
            st.sampled_from([b"", b",", b"}", b'"', b"\\", b"\x00", b"\xff", b"]", b"NaN", b"1"])
        )
    result = read_json_bytes(bytes(raw))
    try:
        expected = json.loads(bytes(raw))
    except (ValueError, RecursionError):
        assert result.problems
    else:
        if not result.problems:
            assert result.documents[0].data == expected


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_validate_never_raises_on_any_file(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "fuzz.json"
    path.write_bytes(raw)
    report = validate([path], today=TODAY)
    assert report.files == 1


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.sampled_from([".json", ".jsonl"]))
def test_validate_never_raises_on_any_text(tmp_path_factory, text, suffix):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"fuzz{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    report = validate([path], today=TODAY)
    assert report.files == 1
    assert text.strip() == "" or report.findings or report.records


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_validate_never_raises_on_mutated_real_records(tmp_path_factory, data):
    raw = bytearray(_seed)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at : at + data.draw(st.integers(0, 3))] = data.draw(st.binary(max_size=3))
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / SEED.name).write_bytes(bytes(raw))
    report = validate([folder / SEED.name], today=TODAY)
    assert report.files == 1


_SAMPLES = Path(__file__).parents[1] / "data" / "formats"
_IMPORT_SAMPLES = {
    "liar": "liar/train.tsv",
    "fever": "fever/sample.jsonl",
    "multifc": "multifc/constructed.tsv",
    "averitec": "averitec/dev.json",
    "claimreview": "claimreview/google-example.html",
    "datacommons": "datacommons/feed.json",
}


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(sorted(_IMPORT_SAMPLES)), st.data())
def test_importers_turn_any_damage_to_a_real_sample_into_records_or_problems(fmt, data):
    # Byte-level damage to each format's real sample: flipped, inserted and deleted bytes.
    raw = bytearray((_SAMPLES / _IMPORT_SAMPLES[fmt]).read_bytes())
    for _ in range(data.draw(st.integers(1, 12))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at : at + data.draw(st.integers(0, 40))] = data.draw(st.binary(max_size=4))
    suffix = data.draw(st.sampled_from([Path(_IMPORT_SAMPLES[fmt]).suffix, ".csv"]))
    folder = Path(tempfile.mkdtemp())
    path = folder / f"damaged{suffix}"
    path.write_bytes(bytes(raw))
    stream = read_format(fmt, path, today=TODAY)
    records = list(stream)
    assert all(isinstance(problem.line, int) and problem.message for problem in stream.problems)
    assert stream.count == len(records)
    shutil.rmtree(folder)
