"""The output shown in the docs is the output the command gives."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import pytest

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


PYCON = re.compile(r"```pycon\n(.*?)```", re.S)


def _pycon_examples(page: str) -> str:
    return "\n".join(PYCON.findall((DOCS / page).read_text("utf-8")))


@pytest.mark.parametrize(
    "page", sorted(p.name for p in DOCS.glob("*.md") if "```pycon" in p.read_text("utf-8"))
)
def test_pycon_examples_give_the_output_shown(page, tmp_path, monkeypatch):
    """Every ```pycon block of a page runs as a doctest, in order, in one namespace."""
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(_pycon_examples(page), {}, page, str(DOCS / page), 0)
    failures: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=lambda text: failures.append(text))
    assert not failures, "".join(failures)
