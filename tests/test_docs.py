"""The output shown in the docs is the output the command gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import SEED

DOCS = Path(__file__).parent.parent / "docs"


def test_contributing_guide_shows_real_validate_output(run_cli, tmp_path, monkeypatch):
    page = (DOCS / "contributing.md").read_text("utf-8")
    shown = re.search(r"```text\n(.*?)\n```", page, re.S).group(1)
    record = json.loads(SEED.read_text("utf-8"))
    record["id"] = "us-leaving-iraq"
    record["verdict"]["rating"] = "flase"
    record["evidence"][1]["published"] = "2020-01-32"
    record["claim"]["claimant"]["nmae"] = record["claim"]["claimant"].pop("name")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "us-leaving-iraq.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("validate", "records/us-leaving-iraq.json")
    assert code == 1
    assert out.rstrip("\n") == shown
