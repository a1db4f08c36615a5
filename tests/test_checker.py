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


# -- rules on records with structure errors ------------------------------------------------


def test_rules_that_read_only_sound_fields_run_on_a_record_with_structure_errors(tmp_path, record):
    record["verdict"]["rating"] = "flase"
    record["evidence"][0]["published"] = "2020-01-32"
    record["evidence"][2]["url"] = record["evidence"][1]["url"]
    path = write_json(tmp_path / f"{record['id']}.json", record)
    report = validate([path], today=TODAY)
    assert [f.code for f in report.findings] == ["FC104", "FC105", "FC207"]
    # FC202 and FC204 read the evidence's dates; FC212 the optional fields: they did not run.
    # FC206 and FC213 ask only whether the verdict has a rating, which a refused one is.
    assert (report.rules_not_run, report.records_not_fully_checked) == (3, 1)
    assert report.summary() == (
        "1 file, 1 record: 3 errors, 0 warnings; 3 record rules did not run on 1 record with "
        "structure errors: fix those and run again"
    )
    assert report.to_dict()["summary"]["rules_not_run"] == 3


def test_a_rule_that_reads_a_refused_field_does_not_judge_a_stand_in(tmp_path, record):
    record["verdict"]["reviewed"] = "2020-13-07"  # claim-after-review cannot tell
    record["claim"]["claimant"]["nmae"] = record["claim"]["claimant"].pop("name")
    record["evidence"] = record["evidence"][:1]  # one publisher: FC206 still judges that
    path = write_json(tmp_path / f"{record['id']}.json", record)
    report = validate([path], today=TODAY)
    codes = [f.code for f in report.findings]
    assert codes == ["FC101", "FC102", "FC105", "FC206"]
    assert not any("stand-in" in f.message for f in report.findings)
    assert report.records_not_fully_checked == 1


def test_a_record_no_rule_can_read_is_counted_as_not_checked(tmp_path):
    path = tmp_path / "not-a-record.json"
    path.write_text("[1, 2]\n", encoding="utf-8")
    report = validate([path], today=TODAY)
    assert [f.code for f in report.findings] == ["FC100"]
    from factcheck.validation.rules import rules_for

    every = len(rules_for("record"))
    assert report.rules_not_run == every and report.records_not_fully_checked == 1


def test_valid_data_has_no_rule_left_out():
    report = validate(today=TODAY)
    assert report.ok and report.rules_not_run == 0
    assert "did not run" not in report.summary()


def test_every_record_rule_names_the_fields_it_reads():
    from factcheck.model.models import Record, nested_model
    from factcheck.validation.rules import rules_for

    for rule in rules_for("record"):
        assert rule.reads, rule.code
        for path in rule.reads:
            model = Record
            for part in path.split("."):
                assert model is not None and part in model.model_fields, (rule.code, path)
                model = nested_model(model.model_fields[part].annotation)
