"""Releases: cutting them, refusing bad ones, diffs, and proof that published ones never change."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

import factcheck
from factcheck import DataError, ReleaseError, diff, load, release
from factcheck.files import datasets_dir
from factcheck.model.layout import release_versions
from factcheck.model.manifest import read_manifest, verify
from factcheck.model.versions import Bump, Version

from .conftest import TODAY, make_dataset, write_json


@pytest.fixture
def demo(tmp_path, record) -> Path:
    """A dataset ``demo`` with two records and its first release, 1.0.0."""
    other = copy.deepcopy(record)
    other["id"] = "second-claim"
    other["claim"]["text"] = "A second, different claim about the letter."
    folder = make_dataset(tmp_path, [record, other])
    release("demo", "1.0.0", root=tmp_path, today=TODAY)
    return folder


def _edit(folder: Path, record_id: str, change) -> None:
    """Change a record as the corrections policy asks: a changed verdict gets its history
    entry (FC308), ``rerated`` when the rating changed."""
    path = folder / "records" / f"{record_id}.json"
    data = json.loads(path.read_text("utf-8"))
    before = copy.deepcopy(data["verdict"])
    change(data)
    if data["verdict"] != before:
        kind = "rerated" if data["verdict"]["rating"] != before["rating"] else "corrected"
        data["history"].append({"date": TODAY.isoformat(), "change": kind, "note": "Test."})
    write_json(path, data)


def test_release_writes_records_dataset_and_manifest(demo):
    folder = demo / "releases" / "1.0.0"
    assert sorted(p.name for p in folder.iterdir()) == [
        "dataset.json",
        "manifest.json",
        "records.jsonl",
    ]
    manifest = read_manifest(folder)
    assert (manifest.version, manifest.released, manifest.records) == ("1.0.0", TODAY, 2)
    assert manifest.changes.added == ("second-claim", "us-withdrawing-from-iraq")
    assert manifest.previous is None
    lines = (folder / "records.jsonl").read_bytes().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [
        "second-claim",
        "us-withdrawing-from-iraq",
    ]
    for name in manifest.files:
        verify(folder, manifest, name)


def test_release_lines_are_canonical_records(demo, record):
    line = (demo / "releases" / "1.0.0" / "records.jsonl").read_bytes().splitlines()[1]
    assert json.loads(line) == record
    assert list(json.loads(line)) == list(record)  # keys in schema order
    assert b"\\u" not in line  # UTF-8, not escapes


def test_existing_version_is_refused_and_nothing_changes(demo):
    before = (demo / "releases" / "1.0.0" / "manifest.json").read_bytes()
    with pytest.raises(ReleaseError, match=r"already released"):
        release("demo", "1.0.0", root=demo.parent, today=TODAY)
    assert (demo / "releases" / "1.0.0" / "manifest.json").read_bytes() == before


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("v1.1.0", "not a version"),
        ("1.1", "not a version"),
        ("01.1.0", "not a version"),
        ("../../etc", "not a version"),
        ("0.9.0", "not greater than the latest release, 1.0.0"),
    ],
)
def test_bad_versions_are_refused_with_nothing_written(demo, version, message):
    _edit(demo, "second-claim", lambda d: d["topics"].append("us-troops-iraq"))
    with pytest.raises(ReleaseError, match=message):
        release("demo", version, root=demo.parent, today=TODAY)
    assert release_versions(demo) == ["1.0.0"]
    assert [p.name for p in (demo / "releases").iterdir()] == ["1.0.0"]


def test_rerating_needs_a_major_release(demo):
    _edit(demo, "second-claim", lambda d: d["verdict"].update(rating="mixed"))
    with pytest.raises(ReleaseError, match=r"need a major release \(1 rerated.*use 2\.0\.0"):
        release("demo", "1.1.0", root=demo.parent, today=TODAY)
    manifest = release("demo", "2.0.0", root=demo.parent, today=TODAY)
    assert [(r.id, r.before, r.after) for r in manifest.changes.rerated] == [
        ("second-claim", "false", "mixed")
    ]
    assert manifest.previous == "1.0.0"


def test_adding_a_record_is_minor_and_versions_may_not_skip(demo, record):
    third = copy.deepcopy(record)
    third["id"] = "third-claim"
    third["claim"]["text"] = "A third claim, also about the letter."
    write_json(demo / "records" / "third-claim.json", third)
    with pytest.raises(ReleaseError, match=r"need a minor release"):
        release("demo", "1.0.1", root=demo.parent, today=TODAY)
    with pytest.raises(ReleaseError, match=r"skips versions: the next minor is 1.1.0"):
        release("demo", "1.2.0", root=demo.parent, today=TODAY)
    assert release("demo", "1.1.0", root=demo.parent, today=TODAY).changes.added == ("third-claim",)


def test_a_typo_fix_is_a_patch_and_no_change_is_refused(demo):
    with pytest.raises(ReleaseError, match=r"nothing changed since 1.0.0"):
        release("demo", "1.0.1", root=demo.parent, today=TODAY)
    _edit(demo, "second-claim", lambda d: d["verdict"].update(summary="Corrected wording."))
    manifest = release("demo", "1.0.1", root=demo.parent, today=TODAY)
    assert manifest.changes.changed == ("second-claim",)
    assert manifest.changes.bump is Bump.PATCH


def test_invalid_working_copy_is_refused(demo):
    _edit(demo, "second-claim", lambda d: d["verdict"].update(rating="pants-on-fire"))
    with pytest.raises(DataError, match=r"FC104 verdict.rating") as raised:
        release("demo", "2.0.0", root=demo.parent, today=TODAY)
    assert raised.value.report is not None and not raised.value.report.ok
    assert release_versions(demo) == ["1.0.0"]


def test_diff_between_versions_and_working_copy(demo):
    _edit(demo, "second-claim", lambda d: d["verdict"].update(rating="true"))
    (demo / "records" / "us-withdrawing-from-iraq.json").unlink()
    changes = diff(demo, "1.0.0", "dev", today=TODAY)
    assert changes.removed == ("us-withdrawing-from-iraq",)
    assert changes.changed == ("second-claim",)
    assert changes.bump is Bump.MAJOR
    assert changes.lines() == [
        "- us-withdrawing-from-iraq  (removed)",
        "~ second-claim  (rating false -> true)",
    ]


def test_before_1_0_breaking_changes_are_minor():
    assert Version(0, 3, 1).bumped(Bump.MAJOR) == Version(0, 4, 0)
    assert Version(0, 3, 1).bumped(Bump.MINOR) == Version(0, 3, 2)
    assert Version(1, 3, 1).bumped(Bump.MAJOR) == Version(2, 0, 0)
    assert Version.parse("1.10.0") > Version.parse("1.9.9")


def test_interrupted_release_leaves_nothing(demo, monkeypatch):
    _edit(demo, "second-claim", lambda d: d["verdict"].update(summary="Corrected wording."))

    def fail(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr("factcheck.store.releases.os.rename", fail)
    with pytest.raises(KeyboardInterrupt):
        release("demo", "1.0.1", root=demo.parent, today=TODAY)
    assert [p.name for p in (demo / "releases").iterdir()] == ["1.0.0"]


def test_bundled_releases_match_their_manifests():
    for folder in sorted(datasets_dir().glob("*/releases/*")):
        manifest = read_manifest(folder)
        assert {*manifest.files, "manifest.json"} == {p.name for p in folder.iterdir()}
        for name in manifest.files:
            verify(folder, manifest, name)
        assert len(load(folder.parent.parent.name, folder.name)) == manifest.records


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=datasets_dir(), capture_output=True, text=True, check=True
    ).stdout


def test_no_published_release_ever_changed():
    """Every release file was added once and never modified or deleted in the git history."""
    if shutil.which("git") is None or not (datasets_dir().parent / ".git").exists():
        pytest.skip("not a git checkout")
    if _git("rev-parse", "--is-shallow-repository").strip() == "true":
        pytest.skip("shallow clone: the history is incomplete")
    log = _git("log", "--format=", "--name-status", "--", "*/releases/*")
    for line in log.splitlines():
        if line.strip():
            status, _, path = line.partition("\t")
            assert status == "A", f"release file {path} was changed after release ({status})"
    # and no committed release file is modified or deleted in the working tree (new, untracked
    # releases are fine)
    status = _git("status", "--porcelain", "--", "*/releases/*").splitlines()
    assert [line for line in status if not line.startswith("??")] == []


def test_release_date_defaults_to_today(demo):
    _edit(demo, "second-claim", lambda d: d["verdict"].update(summary="Corrected wording."))
    manifest = release("demo", "1.0.1", root=demo.parent, today=None)
    assert manifest.released == date.today()


def test_parquet_release_is_checksummed_and_matches_the_records(demo):
    import pyarrow.parquet as pq

    _edit(demo, "second-claim", lambda d: d["verdict"].update(summary="Corrected wording."))
    manifest = release("demo", "1.0.1", root=demo.parent, today=TODAY, parquet=True)
    folder = demo / "releases" / "1.0.1"
    assert set(manifest.files) == {"dataset.json", "records.jsonl", "records.parquet"}
    verify(folder, manifest, "records.parquet")
    table = pq.read_table(folder / "records.parquet")
    assert table.to_pylist() == load("demo", root=demo.parent).to_arrow().to_pylist()


def test_release_writes_a_changelog_from_the_manifests_with_notes_and_history(tmp_path, record):
    folder = make_dataset(tmp_path, [record])
    release("demo", "1.0.0", root=tmp_path, today=TODAY)
    corrected = copy.deepcopy(record)
    corrected["verdict"]["summary"] = "Described by US officials as a draft sent in error."
    corrected["history"].append(
        {"date": TODAY.isoformat(), "change": "corrected", "note": "Summary says what is known."}
    )
    write_json(folder / "records" / f"{record['id']}.json", corrected)
    release("demo", "1.0.1", root=tmp_path, today=TODAY, note="First corrections.")
    text = (folder / "CHANGELOG.md").read_text("utf-8")
    assert text.index("## 1.0.1") < text.index("## 1.0.0")
    assert "First corrections." in text
    assert f"- `{record['id']}`: Summary says what is known." in text
    assert read_manifest(folder / "releases" / "1.0.1").note == "First corrections."
    assert not hasattr(read_manifest(folder / "releases" / "1.0.0").note, "strip")  # unset


@pytest.mark.parametrize(
    ("change", "entry", "needed"),
    [
        (("rating", "misleading"), "rerated", "no `rerated` history entry"),
        (("summary", "A clearer summary."), "corrected", "no `corrected` history entry"),
    ],
)
def test_a_changed_verdict_needs_its_history_entry_at_validate_and_release(
    tmp_path, record, change, entry, needed
):
    folder = make_dataset(tmp_path, [record])
    release("demo", "1.0.0", root=tmp_path, today=TODAY)
    changed = copy.deepcopy(record)
    changed["verdict"][change[0]] = change[1]
    path = write_json(folder / "records" / f"{record['id']}.json", changed)
    report = factcheck.validate([folder], today=TODAY)
    [finding] = report.findings
    assert (finding.code, finding.pointer) == ("FC308", "/history") and needed in finding.message
    assert finding.line is not None
    with pytest.raises(DataError, match="FC308"):
        release("demo", "2.0.0", root=tmp_path, today=TODAY)
    changed["history"].append({"date": TODAY.isoformat(), "change": entry, "note": "Why."})
    write_json(path, changed)
    assert factcheck.validate([folder], today=TODAY).ok
    release("demo", "2.0.0", root=tmp_path, today=TODAY)


def test_field_changes_name_each_field_that_differs(record):
    import copy

    from factcheck.model.manifest import field_changes

    new = copy.deepcopy(record)
    new["verdict"]["rating"] = "mostly-false"
    new["evidence"][0]["quote"] = "A shorter quote."  # the same source (its URL), edited
    new["evidence"].append({**record["evidence"][0], "url": "https://example.org/a"})
    new["evidence"].append({**record["evidence"][0], "url": "https://example.org/b"})
    new["topics"] = [*record["topics"], "new-topic"]
    del new["claim"]["context"]
    described = [change.describe() for change in field_changes(record, new)]
    assert described == [
        f"claim.context: {record['claim']['context'][:39]}… → (none)",
        "verdict.rating: false → mostly-false",
        "evidence: 2 added, 1 changed",
        "topics: 1 added (new-topic)",
    ]
    assert field_changes(record, copy.deepcopy(record)) == []


def test_field_changes_of_a_reordered_list(record):
    import copy

    from factcheck.model.manifest import field_changes

    new = copy.deepcopy(record)
    new["evidence"].reverse()
    (change,) = field_changes(record, new)
    assert change.describe() == "evidence: reordered"
    assert change.to_dict() == {
        "path": "evidence",
        "added": 0,
        "removed": 0,
        "changed": 0,
        "reordered": True,
    }


@pytest.mark.parametrize("chunk", [7, 1 << 20], ids=["small-pieces", "one-piece"])
def test_release_check_hashes_in_pieces_and_still_finds_tampering(demo, monkeypatch, chunk):
    """The check hashes each listed file a piece at a time (here also 7 bytes at a time):
    an intact release is clean, keeps no records.jsonl unless asked, and a byte changed in
    records.jsonl (same size) or a line added (another size) is FC306 and refuses to load."""
    from factcheck.errors import IntegrityError
    from factcheck.validation import releases as checking

    monkeypatch.setattr(checking, "_CHUNK", chunk)
    folder = demo / "releases" / "1.0.0"
    records = folder / "records.jsonl"
    original = records.read_bytes()
    assert len(original) > 3 * 7
    clean = checking.check_release(folder, today=TODAY)
    assert clean.ok and clean.findings == [] and clean.records == 2
    assert clean.verified == {"dataset.json", "records.jsonl"}
    assert "records.jsonl" not in clean.files
    kept = checking.check_release(folder, today=TODAY, keep_records=True)
    assert kept.files["records.jsonl"] == original
    assert kept.files["dataset.json"] == (folder / "dataset.json").read_bytes()
    assert [r.id for r in load(demo, "1.0.0")] == ["second-claim", "us-withdrawing-from-iraq"]
    at = original.index(b"letter")
    for tampered in (original[:at] + b"L" + original[at + 1 :], original + original[:40]):
        records.write_bytes(tampered)
        checked = checking.check_release(folder, today=TODAY)
        assert not checked.ok
        [finding] = [f for f in checked.findings if f.code == "FC306"]
        assert finding.path.endswith("releases/1.0.0/records.jsonl")
        assert "checksum mismatch" in finding.message
        assert f"({len(tampered)} bytes)" in finding.message
        assert "records.jsonl" not in checked.verified and checked.records == 0
        with pytest.raises(IntegrityError, match=r"1\.0\.0/records\.jsonl: checksum mismatch"):
            load(demo, "1.0.0")


def test_release_check_refuses_an_oversized_or_special_records_file(demo, monkeypatch):
    """The pieces are read with the safe opener's refusals: over the limit is FC012, a
    FIFO in place of records.jsonl is FC011 (opened without blocking), neither read."""
    import os

    from factcheck.validation import releases as checking

    folder = demo / "releases" / "1.0.0"
    monkeypatch.setitem(checking._LIMITS, "records.jsonl", 10)
    assert [f.code for f in checking.check_release(folder, today=TODAY).findings] == ["FC012"]
    monkeypatch.undo()
    (folder / "records.jsonl").unlink()
    os.mkfifo(folder / "records.jsonl")
    assert [f.code for f in checking.check_release(folder, today=TODAY).findings] == ["FC011"]
