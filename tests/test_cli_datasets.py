"""The dataset commands: list, show, export, release and diff."""

from __future__ import annotations

import json

import pytest

from factcheck import list_datasets, load
from factcheck.files import datasets_dir

from .conftest import make_dataset


@pytest.fixture
def demo_root(tmp_path, record, monkeypatch):
    """Point the bundled-datasets folder at a temporary one holding dataset ``demo``."""
    make_dataset(tmp_path, [record])
    monkeypatch.setattr("factcheck.store.catalog.default_root", lambda: tmp_path)
    return tmp_path


def test_list_text_and_json(run_cli):
    code, out, _ = run_cli("list")
    assert code == 0
    header, row = out.splitlines()[:2]
    assert header.split() == ["NAME", "LATEST", "RECORDS", "VERSIONS", "LICENSE", "TITLE"]
    latest = list_datasets()[0].latest
    assert row.startswith(f"iraq-2020  {latest}")
    code, out, _ = run_cli("list", "--format", "json")
    (entry,) = [d for d in json.loads(out) if d["name"] == "iraq-2020"]
    assert entry["latest"] == latest and entry["records"][latest] == len(load("iraq-2020"))


def test_show_flagship_verdict(run_cli):
    code, out, _ = run_cli("show", "iraq-2020:us-withdrawing-from-iraq")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "us-withdrawing-from-iraq"
    assert lines[1] == "Claim:   The US military is withdrawing from Iraq."
    assert any(line.startswith("Verdict: FALSE (False) - ") for line in lines)
    assert "no decision whatsoever to leave Iraq" in out
    assert max(len(line) for line in lines if "://" not in line) <= 88


def test_show_dataset_summary(run_cli):
    code, out, _ = run_cli("show", "iraq-2020", "--version", "dev")
    assert code == 0
    assert out.startswith("iraq-2020 dev - ")
    assert "  false         2020-01-06  us-withdrawing-from-iraq" in out.splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "iraq-2020:nope"], "no record 'nope' in iraq-2020"),
        (["show", "nope"], "no dataset named 'nope'; available: iraq-2020"),
        (["show", "./no/such/folder:x"], "no such file or directory: no/such/folder"),
        (["show", "iraq-2020", "--version", "../dev"], "has no version '../dev'"),
        (["export", "iraq-2020", "-o", "x.xlsx"], "cannot tell the format of 'x.xlsx'"),
    ],
)
def test_usage_errors_exit_2_without_traceback(run_cli, args, message):
    code, _out, err = run_cli(*args)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_export_each_format(run_cli, tmp_path):
    for name in ("out.jsonl", "out.csv", "out.parquet"):
        code, out, _ = run_cli("export", "iraq-2020", "-o", str(tmp_path / name))
        assert code == 0 and out.startswith("wrote ")
        assert (tmp_path / name).stat().st_size > 0
    code, _, _ = run_cli(
        "export", "iraq-2020", "--version", "dev", "--format", "jsonl", "-o", str(tmp_path / "x")
    )
    working = len(list((datasets_dir() / "iraq-2020" / "records").glob("*.json")))
    assert code == 0 and len((tmp_path / "x").read_text("utf-8").splitlines()) == working


def test_release_and_diff_commands(run_cli, demo_root, record):
    code, out, _ = run_cli("release", "demo", "0.1.0", "--date", "2026-11-24")
    assert code == 0
    assert out.splitlines() == [
        "released demo 0.1.0 (1 record) in " + str(demo_root / "demo" / "releases" / "0.1.0"),
        "  (the first release): 1 added, 0 corrected, 0 rerated, 0 removed, 0 unchanged",
    ]
    code, out, _ = run_cli("diff", "demo", "0.1.0")
    assert (code, out.splitlines()[-1]) == (
        0,
        "0 added, 0 corrected, 0 rerated, 0 removed, 1 unchanged: no changes",
    )

    path = demo_root / "demo" / "records" / "us-withdrawing-from-iraq.json"
    data = json.loads(path.read_text("utf-8"))
    data["verdict"]["rating"] = "mixed"
    data["history"].append({"date": "2026-11-24", "change": "rerated", "note": "false -> mixed"})
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, _ = run_cli("diff", "demo", "0.1.0", "dev")
    assert code == 1
    assert out.splitlines() == [
        "~ us-withdrawing-from-iraq  (rating false -> mixed)",
        "    verdict.rating: false → mixed",
        "    history: 1 added",
        "0 added, 0 corrected, 1 rerated, 0 removed, 0 unchanged: a major release",
    ]
    code, out, _ = run_cli("diff", "demo", "0.1.0", "--format", "json")
    shown = json.loads(out)
    assert shown["rerated"] == [{"id": "us-withdrawing-from-iraq", "from": "false", "to": "mixed"}]
    assert shown["fields"]["us-withdrawing-from-iraq"] == [
        {"path": "verdict.rating", "from": "false", "to": "mixed"},
        {"path": "history", "added": 1, "removed": 0, "changed": 0},
    ]
    assert shown["unchanged"] == 0
    assert run_cli("diff", "demo", "0.1.0", "--quiet") == (1, "", "")
    code, _, err = run_cli("release", "demo", "0.1.1", "--date", "2026-11-24")
    assert code == 2 and "need a minor release (1 rerated record): use 0.2.0" in err
    code, _, err = run_cli("release", "demo", "0.1.0")
    assert code == 2 and "already released" in err
    code, out, _ = run_cli("release", "demo", "0.2.0", "--date", "2026-11-24", "--verbose")
    assert (code, out.splitlines()[1:]) == (
        0,
        [
            "  since 0.1.0: 0 added, 0 corrected, 1 rerated, 0 removed, 0 unchanged",
            "  ~ us-withdrawing-from-iraq  (rating false -> mixed)",
        ],
    )


def test_release_summary_counts_each_kind_of_change(run_cli, tmp_path, record):
    """Counts by change in the summary; the per-record list only with --verbose."""
    records = []
    for n in range(4):
        data = json.loads(json.dumps(record))
        data["id"] = f"claim-{n}"
        data["claim"]["text"] = f"Claim number {n} about the Iraq withdrawal letter."
        records.append(data)
    folder = make_dataset(tmp_path, records)
    assert run_cli("release", str(folder), "1.0.0", "--date", "2026-11-24")[0] == 0
    corrected = folder / "records" / "claim-0.json"
    data = json.loads(corrected.read_text("utf-8"))
    data["verdict"]["summary"] += " Reworded."
    data["history"].append({"date": "2026-11-25", "change": "corrected", "note": "Reworded."})
    corrected.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    (folder / "records" / "claim-1.json").unlink()
    added = json.loads(json.dumps(records[2]))
    added["id"] = "claim-9"
    added["claim"]["text"] = "Another claim about the Iraq withdrawal letter."
    (folder / "records" / "claim-9.json").write_text(json.dumps(added, indent=2) + "\n", "utf-8")
    code, out, _ = run_cli("release", str(folder), "2.0.0", "--date", "2026-11-25")
    assert code == 0
    assert out.splitlines()[1] == (
        "  since 1.0.0: 1 added, 1 corrected, 0 rerated, 1 removed, 2 unchanged"
    )
    assert len(out.splitlines()) == 2  # no per-record list without --verbose
    code, out, _ = run_cli("diff", str(folder), "1.0.0", "2.0.0")
    lines = out.splitlines()
    assert lines[:3] == ["+ claim-9  (added)", "- claim-1  (removed)", "~ claim-0  (changed)"]
    before, after = record["verdict"]["summary"], data["verdict"]["summary"]
    start = len(before) - 10  # the first difference in view, 10 characters after the cut
    assert lines[3] == f"    verdict.summary: …{before[start:]} → …{after[start:]}"
    assert lines[4:] == [
        "    history: 1 added",
        "1 added, 1 corrected, 0 rerated, 1 removed, 2 unchanged: a major release",
    ]
    path = folder / "records" / "claim-2.json"
    path.write_text(path.read_text("utf-8").replace("Claim number 2", "Claim no. 2"), "utf-8")
    code, out, _ = run_cli("release", str(folder), "2.0.1", "--quiet", "--date", "2026-11-25")
    assert (code, out) == (0, "")


def test_diff_lines_escape_data_and_colour_only_marks():
    """Validation refuses control and bidi characters in records; the diff escapes them all
    the same (defence in depth), and colour codes come from the tool, never from data."""
    from factcheck.cli.main import _change_lines
    from factcheck.model.manifest import Changes, FieldChange
    from factcheck.styling import Style

    changes = Changes(changed=("a\x1b[2Jb",))
    fields = {"a\x1b[2Jb": [FieldChange("claim.claimant.name", "Seely", "Seely \u202eevil")]}
    plain = _change_lines(changes, fields, Style(False))
    assert plain == [
        "~ a\\x1b[2Jb  (changed)",
        "    claim.claimant.name: Seely → Seely \\u202eevil",
    ]
    coloured = _change_lines(changes, fields, Style(True))
    assert coloured[0] == "\x1b[33m~ a\\x1b[2Jb  (changed)\x1b[0m"
    assert coloured[0].count("\x1b") == 2 and "\u202e" not in "".join(coloured)


def test_release_of_invalid_records_exits_1_with_the_report(run_cli, demo_root):
    path = demo_root / "demo" / "records" / "us-withdrawing-from-iraq.json"
    path.write_text(path.read_text("utf-8").replace('"false"', '"wrong"', 1), encoding="utf-8")
    code, _out, err = run_cli("release", "demo", "1.0.0")
    assert code == 1
    assert "FC104 verdict.rating: 'wrong' is not one of" in err
    assert not (demo_root / "demo" / "releases" / "1.0.0").exists()


def test_tampered_release_exits_1_naming_the_file(run_cli, demo_root):
    assert run_cli("release", "demo", "1.0.0", "--date", "2026-11-24")[0] == 0
    path = demo_root / "demo" / "releases" / "1.0.0" / "records.jsonl"
    path.write_bytes(path.read_bytes().replace(b"Esper", b"Espen"))
    code, _, err = run_cli("show", "demo:us-withdrawing-from-iraq")
    assert code == 1
    assert "releases/1.0.0/records.jsonl: checksum mismatch" in err
    code, out, _ = run_cli("validate", str(demo_root))
    assert code == 1 and "FC306" in out
