"""A smoke run of the benchmarks: the one documented command works, on 200 records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_and_reports_every_tool(tmp_path):
    for module in ("orjson", "fastjsonschema", "jsonschema_rs", "pandas", "datasets"):
        pytest.importorskip(module)
    out = tmp_path / "results.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--sizes",
            "200",
            "--quick",
            "--repeat",
            "1",
            "--json",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    results = json.loads(out.read_text())
    tools = {row["tool"] for row in results["validation"]}
    assert {"orjson parse (floor)", "factcheck validate (CLI), 1 process", "jsonschema-rs"} <= tools
    assert all(row["records"] == 200 for row in results["validation"])
    full = {row["tool"]: row for row in results["full"]}  # the records with whole texts
    assert set(full) == {
        "orjson parse (floor)",
        "factcheck validate (CLI), 1 process",
        "factcheck validate (CLI), 2 processes",
        "jsonschema-rs",
    }
    assert full["jsonschema-rs"]["kb_per_record"] > 1.5 * results["validation"][0]["kb_per_record"]
    loaders = {row["tool"]: row for row in results["loading"]}
    assert loaders["factcheck.load() (release)"]["records"] == 200
    assert [row["records"] for row in results["importing"]] == [200, 200]  # 1 and 2 processes
    assert {row["what"] for row in results["startup"]} >= {"factcheck --version"}
    assert results["machine"]["versions"]["msgspec"] != "not installed"


def test_generated_records_are_valid_and_deterministic(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import jsonl_bytes
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from factcheck import validate

    path = tmp_path / "records.jsonl"
    path.write_bytes(jsonl_bytes(300))
    assert jsonl_bytes(300) == path.read_bytes()
    assert jsonl_bytes(1000).startswith(path.read_bytes())
    report = validate([path])
    assert report.records == 300
    assert report.findings == []
    whole = tmp_path / "whole.jsonl"
    whole.write_bytes(jsonl_bytes(300, full=True))  # the flagship's texts, not cut
    assert len(whole.read_bytes()) > 1.8 * len(path.read_bytes())
    report = validate([whole])
    assert (report.records, report.findings) == (300, [])
