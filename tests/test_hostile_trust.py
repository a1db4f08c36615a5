"""What a pull request carries cannot make validation read outside the data, hang, flood the
log, or pass a release that is not what its manifest says (issue 17's first list).

Each test drives the real command, ``factcheck validate``, or ``factcheck.load``.
"""

from __future__ import annotations

import json
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import factcheck
from factcheck import IntegrityError, release
from factcheck.model.manifest import file_entry
from factcheck.validation.findings import FINDINGS_PER_RULE, Finding, Report, Severity
from factcheck.validation.reporters import REPORTERS

from .conftest import TODAY, make_dataset, write_json

SECRET = "TOP-SECRET-TOKEN-4f1c"


def _secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secrets.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"token": SECRET}) + "\n", encoding="utf-8")
    return path


def _validate(run_cli, *paths: Path, fmt: str = "text") -> tuple[int, str]:
    code, out, err = run_cli("validate", "--format", fmt, *map(str, paths))
    assert "Traceback" not in out + err
    return code, out + err


def _codes(out: str) -> list[str]:
    return [f["code"] for f in json.loads(out)["findings"]]


# --- containment ------------------------------------------------------------------------------


def test_a_loose_json_link_to_a_secret_is_refused_and_never_quoted(tmp_path, run_cli):
    folder = tmp_path / "pr"
    folder.mkdir()
    os.symlink(_secret(tmp_path), folder / "claims.json")
    for target in (folder, folder / "claims.json"):
        code, out = _validate(run_cli, target)
        assert code == 1 and "FC303" in out
        assert SECRET not in out


def test_a_record_linked_to_proc_environ_is_refused_unread(tmp_path, record, run_cli, monkeypatch):
    monkeypatch.setenv("FACTCHECK_TEST_SECRET", SECRET)
    folder = make_dataset(tmp_path, [record])
    os.symlink("/proc/self/environ", folder / "records" / "env.json")
    code, out = _validate(run_cli, folder, fmt="json")
    assert code == 1 and "FC303" in _codes(out)
    assert SECRET not in out


@pytest.mark.parametrize("linked", ["records", "dataset.json", "releases"])
def test_a_dataset_part_linked_out_is_refused(tmp_path, record, run_cli, linked):
    folder = make_dataset(tmp_path / "inside", [record])
    release("demo", "1.0.0", root=tmp_path / "inside", today=TODAY)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(folder, elsewhere)
    target = folder / linked
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    os.symlink(elsewhere / linked, target)
    code, out = _validate(run_cli, folder, fmt="json")
    assert code == 1 and "FC303" in _codes(out), out


def test_a_fifo_record_is_refused_without_waiting(tmp_path, record, run_cli):
    folder = make_dataset(tmp_path, [record])
    os.mkfifo(folder / "records" / "pipe.json")
    os.mkfifo(tmp_path / "loose.json")
    code, out = _validate(run_cli, folder, tmp_path / "loose.json", fmt="json")
    assert code == 1
    assert _codes(out).count("FC011") == 2


def test_a_link_to_dev_zero_is_refused(tmp_path, record, run_cli):
    folder = make_dataset(tmp_path, [record])
    os.symlink("/dev/zero", folder / "records" / "zero.json")
    code, out = _validate(run_cli, folder, fmt="json")
    assert code == 1 and "FC303" in _codes(out)


def test_walking_a_folder_skips_virtual_environments_and_hidden_folders(tmp_path, run_cli):
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / ".venv" / "bad.json").write_text("{")
    (tmp_path / "env2").mkdir()
    (tmp_path / "env2" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "env2" / "bad.json").write_text("{")
    for skipped in ("node_modules", "site", ".git"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "bad.json").write_text("{")
    (tmp_path / "checked.json").write_text("{")
    code, out = _validate(run_cli, tmp_path, fmt="json")
    assert code == 1
    assert {Path(f["path"]).name for f in json.loads(out)["findings"]} == {"checked.json"}


def test_a_linked_folder_is_not_entered(tmp_path, run_cli):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "bad.json").write_text("{")
    checked = tmp_path / "checked"
    checked.mkdir()
    (checked / "ok.json").write_text("{")
    os.symlink(outside, checked / "linked")
    _code, out = _validate(run_cli, checked, fmt="json")
    assert {Path(f["path"]).name for f in json.loads(out)["findings"]} == {"ok.json"}


# --- releases ---------------------------------------------------------------------------------


def _released(tmp_path: Path, record: dict) -> Path:
    make_dataset(tmp_path, [record])
    release("demo", "1.0.0", root=tmp_path, today=TODAY)
    return tmp_path / "demo"


def _edit_manifest(folder: Path, change) -> None:
    path = folder / "releases" / "1.0.0" / "manifest.json"
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _reseal(folder: Path, name: str, data: bytes) -> None:
    """Replace a release file and recompute its checksum, as a careful attacker would."""
    (folder / "releases" / "1.0.0" / name).write_bytes(data)
    entry = file_entry(data)

    def change(manifest: dict) -> None:
        manifest["files"][name] = {"sha256": entry.sha256, "bytes": entry.bytes}

    _edit_manifest(folder, change)


@pytest.mark.parametrize(
    "entry", ["../../../../etc/passwd", "/etc/passwd", "sub/records.jsonl", ".hidden"]
)
def test_a_manifest_entry_must_be_a_plain_name_in_its_release(tmp_path, record, run_cli, entry):
    folder = _released(tmp_path, record)
    _edit_manifest(folder, lambda m: m["files"].update({entry: {"sha256": "0" * 64, "bytes": 0}}))
    code, out = _validate(run_cli, folder, fmt="json")
    assert code == 1 and "FC307" in _codes(out)
    assert "root:" not in out  # /etc/passwd was not read
    with pytest.raises(IntegrityError, match="FC307"):
        factcheck.load("demo", root=tmp_path)


def test_invalid_records_with_recomputed_checksums_fail_validate_and_load(
    tmp_path, record, run_cli
):
    folder = _released(tmp_path, record)
    broken = dict(record, verdict=dict(record["verdict"], rating="flase"))
    _reseal(folder, "records.jsonl", json.dumps(broken).encode() + b"\n")
    code, out = _validate(run_cli, folder, fmt="json")
    assert code == 1 and "FC104" in _codes(out)
    with pytest.raises(IntegrityError, match="FC104"):
        factcheck.load("demo", root=tmp_path)


def test_a_manifest_whose_counts_disagree_with_its_records_fails(tmp_path, record, run_cli):
    folder = _released(tmp_path, record)
    _edit_manifest(folder, lambda m: m.update(records=2, ratings={"true": 2}))
    code, out = _validate(run_cli, folder, fmt="json")
    messages = [f["message"] for f in json.loads(out)["findings"] if f["code"] == "FC307"]
    assert code == 1
    assert any("holds 1 record, but its manifest says 2" in m for m in messages)
    assert any("ratings of its records" in m for m in messages)
    with pytest.raises(IntegrityError):
        factcheck.load("demo", version="1.0.0", root=tmp_path)


def test_an_unlisted_file_in_a_release_fails(tmp_path, record, run_cli):
    folder = _released(tmp_path, record)
    (folder / "releases" / "1.0.0" / "extra.jsonl").write_text("{}\n")
    code, out = _validate(run_cli, folder, fmt="json")
    assert code == 1 and "FC307" in _codes(out)


def test_a_deleted_newest_manifest_fails_and_load_does_not_serve_the_older(
    tmp_path, record, run_cli
):
    folder = _released(tmp_path, record)
    second = dict(record, id="second-claim", claim=dict(record["claim"], text="Another claim."))
    write_json(folder / "records" / "second-claim.json", second)
    release("demo", "1.1.0", root=tmp_path, today=TODAY)
    (folder / "releases" / "1.1.0" / "manifest.json").unlink()
    code, out = _validate(run_cli, folder, fmt="json")
    assert code == 1 and "FC307" in _codes(out)
    with pytest.raises(IntegrityError, match=r"no manifest\.json"):
        factcheck.load("demo", root=tmp_path)
    assert len(factcheck.load("demo", version="1.0.0", root=tmp_path)) == 1


def test_fmt_never_touches_a_release(tmp_path, record, run_cli):
    folder = _released(tmp_path, record)
    frozen = folder / "releases" / "1.0.0" / "dataset.json"
    # Not in canonical form (compact), and sealed so: fmt must still leave it alone.
    _reseal(folder, "dataset.json", json.dumps(json.loads(frozen.read_bytes())).encode())
    before = {p: p.read_bytes() for p in (folder / "releases").rglob("*") if p.is_file()}
    for target in (folder, tmp_path, frozen.parent, frozen):
        run_cli("fmt", str(target))
    assert {p: p.read_bytes() for p in before} == before


# --- bounded cost -----------------------------------------------------------------------------


def test_a_file_of_empty_objects_gives_a_capped_report_that_still_counts_everything(
    tmp_path, run_cli
):
    path = tmp_path / "flood.jsonl"
    path.write_bytes(b"{}\n" * 20_000)
    code, out = _validate(run_cli, path, fmt="json")
    report = json.loads(out)
    assert code == 1
    per_code: dict[str, int] = {}
    for finding in report["findings"]:
        per_code[finding["code"]] = per_code.get(finding["code"], 0) + 1
    assert max(per_code.values()) <= FINDINGS_PER_RULE
    not_shown = sum(item["count"] for item in report["not_shown"])
    assert report["summary"]["errors"] == len(report["findings"]) + not_shown
    assert report["summary"]["errors"] >= 20_000
    code, text = _validate(run_cli, path)
    assert "FC013" in text and len(text) < 200_000


def test_duplicate_claim_messages_do_not_grow_with_the_group(tmp_path, record, run_cli):
    folder = make_dataset(tmp_path, [dict(record, id=f"copy-{i}") for i in range(300)])
    _code, out = _validate(run_cli, folder, fmt="json")
    messages = [f["message"] for f in json.loads(out)["findings"] if f["code"] == "FC302"]
    assert messages and max(len(m) for m in messages) < 400
    assert "and 296 more records" in messages[0]


# --- invisible text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "\u3164",  # Hangul filler
        "The US\u115fis leaving.",
        "\u2800\u2800",  # Braille blank
        "The US is leaving.\U000e0041\U000e0042",  # tag characters
        "\u0301\u0301\u0301",  # combining marks only
    ],
)
def test_invisible_or_blank_looking_text_is_fc107(tmp_path, record, run_cli, text):
    record["claim"]["text"] = text
    path = write_json(tmp_path / f"{record['id']}.json", record)
    code, out = _validate(run_cli, path, fmt="json")
    assert code == 1 and "FC107" in _codes(out)


# --- reporters --------------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8"), max_size=30)
_RAW = {"Cc", "Cf", "Zl", "Zp", "Cs"}  # controls, format (bidi, zero-width), separators


@settings(max_examples=200, deadline=None)
@given(path=_text, message=_text, hint=_text, record=_text)
def test_the_text_reporters_never_write_a_raw_control_character(path, message, hint, record):
    import io

    finding = Finding("FC101", Severity.ERROR, message, hint, path or "x", 1, 1, record or None)
    report = Report([finding], files=1, records=1)
    for name in ("text", "github"):
        out = io.StringIO()
        REPORTERS[name](report, out)
        raw = [c for c in out.getvalue() if c != "\n" and unicodedata.category(c) in _RAW]
        assert not raw, (name, out.getvalue())


# --- the Python API ---------------------------------------------------------------------------


def test_validate_takes_one_path_as_well_as_a_list(tmp_path, record):
    path = write_json(tmp_path / f"{record['id']}.json", record)
    assert factcheck.validate(str(path), today=TODAY).records == 1
    assert factcheck.validate(path, today=TODAY).records == 1


@pytest.mark.parametrize(
    ("paths", "today", "message"),
    [
        (5, None, "paths must be a path or a list of paths, not int"),
        (b"datasets", None, "not bytes"),
        ([5], None, "items, not int"),
        (["x.json"], "2026-12-01", "today must be a datetime.date, not str"),
    ],
)
def test_validate_names_the_argument_of_the_wrong_type(paths, today, message):
    with pytest.raises(factcheck.UsageError, match=message):
        factcheck.validate(paths, today=today)


def test_the_limits_the_docs_state_are_the_limits_in_force():
    from factcheck.validation import checker, findings

    text = (Path(__file__).parents[1] / "docs" / "reference" / "rules.md").read_text("utf-8")
    assert f"| a `.json` record file | {checker.RECORD_FILE_LIMIT >> 20} MiB |" in text
    assert f"| `dataset.json` | {checker.INFO_FILE_LIMIT >> 20} MiB |" in text
    assert f"| a `.jsonl` file | {checker.JSONL_FILE_LIMIT >> 30} GiB |" in text
    assert f"| findings of one rule in one file | {findings.FINDINGS_PER_RULE}," in text
    assert f"| findings in one file | {findings.FINDINGS_PER_FILE:,}," in text
    assert f"| findings in one report | {findings.FINDINGS_IN_ALL:,}," in text
