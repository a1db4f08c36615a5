"""Validation at scale gives the serial report: streaming in pieces, on several processes, over
sharded working copies, and through the public shard functions on Dask."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import factcheck
import factcheck.validation as validation
from factcheck.validation import shards

from .conftest import SEED, TODAY, make_dataset, write_json

DOCS = Path(__file__).parent.parent / "docs"
_SEED = json.loads(SEED.read_text("utf-8"))


def _record(i: int, **changes: str) -> dict:
    record = copy.deepcopy(_SEED)
    record["id"] = f"record-{i}"
    record["claim"]["text"] = f"Claim number {i}."
    record.update(changes)
    return record


def _line(i: int, kind: str) -> bytes:
    """Line ``i`` of a JSON Lines file, valid or broken in one of a few ways."""
    record = _record(i)
    if kind == "future":
        record["verdict"]["reviewed"] = "2099-01-01"
    elif kind == "duplicate":
        record["id"], record["claim"]["text"] = "record-0", "Claim number 0."
    elif kind == "rating":
        record["verdict"]["rating"] = "flase"
    text = json.dumps(record, ensure_ascii=i % 2 == 0)
    if kind == "key":
        text = text.replace('"id":', '"id": "dup", "id":', 1)
    elif kind == "cut":
        text = text[:-7]
    elif kind == "blank":
        text = ""
    return text.encode()


def _report(paths, **options) -> dict:
    return factcheck.validate(paths, today=TODAY, **options).to_dict()


_KINDS = st.sampled_from(["ok", "ok", "ok", "future", "duplicate", "rating", "key", "cut", "blank"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kinds=st.lists(_KINDS, min_size=1, max_size=40), jobs=st.integers(1, 3))
def test_reports_are_the_same_for_every_number_of_jobs(tmp_path_factory, kinds, jobs):
    folder = tmp_path_factory.mktemp("jobs")
    path = folder / "records.jsonl"
    path.write_bytes(b"\n".join(_line(i, kind) for i, kind in enumerate(kinds)) + b"\n")
    serial = _report([path], jobs=1)
    with pytest.MonkeyPatch.context() as patch:
        # Pieces of a few lines each, so that every process gets some.
        patch.setattr(shards, "PIECE_BYTES", 3000)
        parallel = _report([path], jobs=jobs)
    assert json.dumps(parallel) == json.dumps(serial)


def test_streaming_in_tiny_pieces_gives_the_report_of_one_piece(tmp_path, monkeypatch):
    kinds = ["ok", "future", "duplicate", "key", "blank", "cut", "rating", "ok"] * 5
    path = tmp_path / "records.jsonl"
    path.write_bytes(b"\r\n".join(_line(i, kind) for i, kind in enumerate(kinds)))
    whole = _report([path], jobs=1)
    monkeypatch.setattr(shards, "PIECE_BYTES", 7)  # far shorter than a line
    assert _report([path], jobs=1) == whole
    assert {"FC001", "FC002", "FC005", "FC202", "FC301", "FC302"} <= {
        finding["code"] for finding in whole["findings"]
    }


def test_invalid_utf8_in_a_later_piece_reports_the_file_for_it_alone(tmp_path, monkeypatch):
    lines = [_line(i, "future") for i in range(30)]
    lines[20] = lines[20].replace(b"Claim number", b"Claim \xff number")
    path = tmp_path / "records.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    monkeypatch.setattr(shards, "PIECE_BYTES", 2000)
    for jobs in (1, 2):
        report = _report([path], jobs=jobs)
        assert [(f["code"], f["line"]) for f in report["findings"]] == [("FC004", 21)]
        assert report["summary"]["records"] == 0


def test_a_byte_order_mark_is_reported_and_the_lines_still_checked(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _line(0, "ok") + b"\n" + _line(1, "future") + b"\n")
    report = _report([path])
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("FC003", 1), ("FC202", 2)]


def _sharded(root: Path) -> Path:
    """A dataset of 30 records: two shards, and loose record files, with a duplicate claim
    across the shards and a duplicate id between a shard and a record file."""
    folder = make_dataset(root, [_record(i) for i in range(25, 30)], name="corpus")
    first = [_record(i) for i in range(0, 12)]
    second = [_record(i) for i in range(12, 25)]
    second[3]["claim"]["text"] = "claim number 5"  # the claim of record-5, in the other shard
    second[5]["id"] = "record-27"  # also records/record-27.json
    for name, part in (("part-0.jsonl", first), ("part-1.jsonl", second)):
        lines = (json.dumps(record, ensure_ascii=False) for record in part)
        (folder / "records" / name).write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def test_a_sharded_dataset_is_checked_across_its_shards_and_files(tmp_path):
    folder = _sharded(tmp_path)
    report = _report([folder], jobs=1)
    found = sorted((f["code"], Path(f["path"]).name, f["line"]) for f in report["findings"])
    assert found == [
        ("FC301", "part-1.jsonl", 6),
        ("FC301", "record-27.json", 3),
        ("FC302", "part-0.jsonl", 6),
        ("FC302", "part-1.jsonl", 4),
    ]
    assert report["summary"]["records"] == 30
    assert report["summary"]["files"] == 1 + 2 + 5
    for jobs in (2, 3):
        assert _report([folder], jobs=jobs) == report


def test_a_sharded_working_copy_loads_like_one_file_per_record(tmp_path):
    records = [_record(i) for i in range(20)]
    curated = make_dataset(tmp_path / "a", records, name="corpus")
    sharded = make_dataset(tmp_path / "b", records[:5], name="corpus")
    lines = "\n".join(json.dumps(r) for r in records[5:]) + "\n"
    (sharded / "records" / "part-0.jsonl").write_text(lines, "utf-8")
    one = factcheck.load(curated, "dev", today=TODAY)
    other = factcheck.load(sharded, "dev", today=TODAY)
    assert [r.id for r in other] == [r.id for r in one]
    assert list(other) == list(one)
    summary = factcheck.list_datasets(root=tmp_path / "b")[0]
    assert summary.records["dev"] == 20


def test_the_shard_functions_give_the_report_of_validate(tmp_path):
    folder = _sharded(tmp_path)
    made = validation.plan([folder], today=TODAY)
    assert [Path(s.path).name for s in made.shards][:2] == ["part-0.jsonl", "part-1.jsonl"]
    results = [validation.check_shard(shard) for shard in made.shards]
    merged = validation.merge(made, reversed(results))  # in any order
    assert merged.to_dict() == _report([folder])
    with pytest.raises(factcheck.UsageError, match="one result for every shard"):
        validation.merge(made, results[1:])


def test_jobs_must_be_a_positive_number(tmp_path, run_cli):
    path = tmp_path / "records.jsonl"
    path.write_bytes(_line(0, "ok") + b"\n")
    with pytest.raises(factcheck.UsageError, match="jobs must be a positive"):
        factcheck.validate([path], jobs=0)
    code, _, err = run_cli("validate", "--jobs", "none", str(path))
    assert code == 2 and "not a positive whole number" in err
    code, out, _ = run_cli("validate", "--jobs", "2", str(path))
    assert code == 0 and "1 record" in out


def test_fmt_gives_the_same_result_for_every_number_of_jobs(tmp_path, monkeypatch):
    from factcheck.validation.formatting import format_files

    records = [_record(i) for i in range(12)]
    folder = make_dataset(tmp_path, records, name="corpus")
    for i in (2, 7):
        path = folder / "records" / f"record-{i}.json"
        path.write_text(json.dumps(records[i]), "utf-8")  # not canonical
    (folder / "records" / "record-9.json").write_text("{", "utf-8")
    checked = format_files([folder], check=True, jobs=1)
    parallel = format_files([folder], check=True, jobs=3)
    assert parallel.changed == checked.changed
    assert [p.name for p in checked.changed] == ["record-2.json", "record-7.json"]
    assert parallel.report.to_dict() == checked.report.to_dict()
    format_files([folder], jobs=3)
    assert not format_files([folder], check=True, jobs=1).changed


def test_the_dask_example_gives_the_report_of_the_cli(tmp_path, monkeypatch, run_cli, capsys):
    pytest.importorskip("dask.distributed")
    page = (DOCS / "scale.md").read_text("utf-8")
    example = re.search(r"```python\n(from dask.*?)```", page, re.S).group(1)
    _sharded(tmp_path / "datasets")
    write_json(tmp_path / "datasets" / "corpus" / "records" / "extra.json", _record(99))
    (tmp_path / "datasets" / "corpus").rename(tmp_path / "datasets" / "big-corpus")
    info = tmp_path / "datasets" / "big-corpus" / "dataset.json"
    info.write_text(info.read_text("utf-8").replace('"corpus"', '"big-corpus"'), "utf-8")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(example, "docs/scale.md", "exec"), namespace)
    assert capsys.readouterr().out == "9 files, 31 records: 5 errors, 0 warnings\n"
    code, out, _ = run_cli("validate", "--format", "json", "datasets/big-corpus")
    assert code == 1
    cli = json.loads(out)
    assert namespace["report"].to_dict() == cli
    codes = sorted(f["code"] for f in cli["findings"])
    assert codes == ["FC201", "FC301", "FC301", "FC302", "FC302"]
