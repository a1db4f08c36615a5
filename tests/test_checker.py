"""Validating folders and datasets: discovery, cross-record rules, links, focus on files."""

from __future__ import annotations

import copy
import os

import pytest

from factcheck import PathNotFoundError, validate
from factcheck.files import datasets_dir

from .conftest import TODAY, make_dataset, write_json


def test_bundled_datasets_are_valid():
    report = validate(today=TODAY)
    assert report.errors == []
    assert report.records >= 40


def test_missing_path_raises_usage_error(tmp_path):
    with pytest.raises(PathNotFoundError):
        validate([tmp_path / "nope.json"])


def test_dataset_name_must_match_folder(tmp_path, record):
    folder = make_dataset(tmp_path, [record], name="demo")
    folder.rename(tmp_path / "renamed")
    report = validate([tmp_path / "renamed"], today=TODAY)
    assert [(f.code, f.path.endswith("dataset.json")) for f in report.findings] == [("FC304", True)]


def test_symlink_out_of_the_dataset_is_refused_and_not_read(tmp_path, record):
    folder = make_dataset(tmp_path, [record])
    outside = write_json(tmp_path / "outside.json", {"secret": True})
    os.symlink(outside, folder / "records" / "linked.json")
    report = validate([folder], today=TODAY)
    assert [f.code for f in report.findings] == ["FC303"]
    assert "linked.json is a link to" in report.findings[0].message
    assert "outside" in report.findings[0].message


def test_non_json_file_in_records_is_a_warning(tmp_path, record):
    folder = make_dataset(tmp_path, [record])
    (folder / "records" / "draft.txt").write_text("notes")
    report = validate([folder], today=TODAY)
    assert [(f.code, f.severity.value) for f in report.findings] == [("FC010", "warning")]


def test_a_file_is_checked_against_its_whole_dataset_and_only_its_findings_shown(tmp_path, record):
    second = copy.deepcopy(record)
    second["id"] = "second"
    folder = make_dataset(tmp_path, [record, second])
    report = validate([folder / "records" / "second.json"], today=TODAY)
    assert [(f.code, f.record) for f in report.findings] == [("FC302", "second")]
    report = validate([folder / "records" / "us-withdrawing-from-iraq.json"], today=TODAY)
    assert [(f.code, f.record) for f in report.findings] == [("FC302", "us-withdrawing-from-iraq")]


def test_folder_of_loose_records_is_checked(tmp_path, record):
    write_json(tmp_path / "loose" / "us-withdrawing-from-iraq.json", record)
    report = validate([tmp_path / "loose"], today=TODAY)
    assert report.files == 1 and report.records == 1 and report.ok


def test_findings_are_sorted_and_positioned(tmp_path, record):
    record["topics"] = ["OK", "bad topic"]
    record["verdict"]["rating"] = "wrong"
    path = write_json(tmp_path / f"{record['id']}.json", record)
    findings = validate([path], today=TODAY).findings
    assert [(f.code, f.line) for f in findings] == sorted((f.code, f.line) for f in findings)
    assert all(f.line and f.column for f in findings)


def test_bundled_dataset_folder_exists():
    assert (datasets_dir() / "iraq-2020" / "dataset.json").is_file()
