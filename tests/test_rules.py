"""Semantic rules: each fires on the case it exists for, at the right place, and only there."""

from __future__ import annotations

import copy
import json

import pytest

from factcheck import validate
from factcheck.validation.rules import RULES, normalize_url, publisher_key

from .conftest import TODAY, make_dataset, write_json


def findings(path):
    return [(f.code, f.pointer, f.message) for f in validate([path], today=TODAY).findings]


def codes(path):
    return [f.code for f in validate([path], today=TODAY).findings]


def test_every_rule_is_documented():
    for rule in RULES.values():
        assert rule.summary and rule.hint, rule.code
        assert "**Why**" in rule.doc and "**Fix**" in rule.doc and "**Example**" in rule.doc


def test_valid_record_has_no_findings(tmp_path, record):
    assert findings(write_json(tmp_path / f"{record['id']}.json", record)) == []


def test_id_must_match_file_name(tmp_path, record):
    path = write_json(tmp_path / "other-name.json", record)
    assert findings(path) == [
        (
            "FC201",
            "/id",
            "id 'us-withdrawing-from-iraq' differs from the file name 'other-name.json'",
        )
    ]


def test_future_date(tmp_path, record):
    record["evidence"][0]["published"] = "2027-01-01"
    record["verdict"]["reviewed"] = "2027-01-02"
    record["history"][0]["date"] = "2027-01-02"
    result = codes(write_json(tmp_path / f"{record['id']}.json", record))
    assert result == ["FC202", "FC202", "FC202"]


def test_claim_after_review(tmp_path, record):
    record["claim"]["date"] = "2026-11-25"
    record["claim"]["appearances"] = []
    assert (
        "FC203",
        "/claim/date",
        "claim date 2026-11-25 is after the review date 2026-11-24",
    ) in findings(write_json(tmp_path / f"{record['id']}.json", record))


def test_source_after_review(tmp_path, record):
    record["verdict"]["reviewed"] = "2020-01-07"
    record["history"][0]["date"] = "2020-01-07"
    for source in record["evidence"]:
        source["published"] = "2020-01-06"
    record["evidence"][1]["published"] = "2020-02-10"
    assert findings(write_json(tmp_path / f"{record['id']}.json", record)) == [
        (
            "FC204",
            "/evidence/1/published",
            "source published 2020-02-10, after the review date 2020-01-07",
        )
    ]


def test_wire_copies_count_once(tmp_path, record):
    ap = copy.deepcopy(record["evidence"][1])
    record["evidence"] = [ap, {**ap, "url": "https://www.wsls.com/news/x", "publisher": "WSLS 10"}]
    assert findings(write_json(tmp_path / f"{record['id']}.json", record)) == [
        (
            "FC206",
            "/evidence",
            "evidence comes from 1 independent publisher (Trumbull Times, "
            "WSLS 10); at least 2 required",
        )
    ]


def test_agency_names_are_merged():
    assert (
        publisher_key("The Associated Press")
        == publisher_key("AP")
        == publisher_key("KLFY", "Associated Press")
    )
    assert publisher_key("Reuters") != publisher_key("Agence France-Presse")


def test_dataset_policy_sets_the_minimum(tmp_path, record):
    record["evidence"] = record["evidence"][:1]
    folder = make_dataset(tmp_path, [record])
    assert codes(folder) == ["FC206"]
    info = (
        (folder / "dataset.json")
        .read_text()
        .replace('"min_independent_publishers": 2', '"min_independent_publishers": 1')
    )
    (folder / "dataset.json").write_text(info)
    assert codes(folder) == []


def _set_policy(folder, policy):
    path = folder / "dataset.json"
    info = json.loads(path.read_text("utf-8"))
    info["policy"] = policy
    path.write_text(json.dumps(info), "utf-8")


def test_policy_requires_every_optional_field_by_default(tmp_path, record):
    record["schema_version"] = "1.1"
    del record["verdict"]["explanation"]
    del record["evidence"][1]["quote"]
    record["topics"] = []
    folder = make_dataset(tmp_path, [record])
    assert [(c, p, m) for c, p, m in findings(folder)] == [
        (
            "FC212",
            "/verdict/explanation",
            "verdict.explanation is missing; the dataset's policy requires it",
        ),
        (
            "FC212",
            "/evidence/1/quote",
            "evidence.1.quote is missing; the dataset's policy requires it",
        ),
        ("FC212", "/topics", "topics is empty; the dataset's policy requires it"),
    ]
    _set_policy(folder, {"min_independent_publishers": 2, "require": ["evidence.quote"]})
    assert codes(folder) == ["FC212"]
    _set_policy(folder, {"min_independent_publishers": 2, "require": []})
    assert codes(folder) == []


def test_a_schema_1_0_record_must_have_every_field_whatever_the_policy(tmp_path, record):
    record["schema_version"] = "1.0"
    del record["claim"]["date"]
    folder = make_dataset(tmp_path, [record])
    _set_policy(folder, {"min_independent_publishers": 2, "require": []})
    assert findings(folder) == [
        ("FC212", "/claim/date", "claim.date is missing; schema 1.0 requires it")
    ]


def test_an_unknown_requirement_is_refused(tmp_path, record):
    folder = make_dataset(tmp_path, [record])
    _set_policy(folder, {"require": ["claim.dat"]})
    assert codes(folder) == ["FC104"]


def test_repeated_evidence_url(tmp_path, record):
    record["evidence"][3]["url"] = (
        record["evidence"][0]["url"].replace("https://www.", "https://") + "#top"
    )
    assert findings(write_json(tmp_path / f"{record['id']}.json", record)) == [
        (
            "FC207",
            "/evidence/3/url",
            f"evidence[3] cites the same page as evidence[0]: {record['evidence'][3]['url']}",
        )
    ]


def test_normalize_url_ignores_case_www_fragment_and_slash():
    assert normalize_url("HTTPS://WWW.Example.com/a/#x") == normalize_url("https://example.com/a")


def test_quote_without_words(tmp_path, record):
    record["evidence"][0]["quote"] = "…"
    assert codes(write_json(tmp_path / f"{record['id']}.json", record)) == ["FC208"]


def test_long_quote_is_a_warning(tmp_path, record):
    record["evidence"][0]["quote"] = " ".join(["word"] * 51)
    report = validate([write_json(tmp_path / f"{record['id']}.json", record)], today=TODAY)
    assert [f.code for f in report.warnings] == ["FC209"]
    assert report.ok


def test_history_must_start_with_creation_in_order(tmp_path, record):
    record["history"] = [
        {"date": "2026-11-24", "change": "corrected", "note": "Fixed a date."},
        {"date": "2026-11-20", "change": "created", "note": "First published."},
    ]
    assert codes(write_json(tmp_path / f"{record['id']}.json", record)) == [
        "FC210",
        "FC210",
        "FC210",
    ]


def test_unmarked_wire_copy_is_a_warning(tmp_path, record):
    record["evidence"][1].pop("syndicated_from", None)
    record["evidence"][1]["publisher"] = "WSLS 10 / Associated Press"
    report = validate([write_json(tmp_path / f"{record['id']}.json", record)], today=TODAY)
    assert [(f.code, f.pointer) for f in report.findings] == [("FC211", "/evidence/1/publisher")]


def test_appearance_before_claim_is_a_warning(tmp_path, record):
    record["claim"]["date"] = "2020-01-07"
    report = validate([write_json(tmp_path / f"{record['id']}.json", record)], today=TODAY)
    assert [(f.code, f.severity.value) for f in report.findings] == [("FC205", "warning")]


@pytest.mark.parametrize("new_id", ["us-withdrawing-from-iraq", "other-id"])
def test_duplicate_ids_and_claims_across_a_jsonl_file(tmp_path, record, new_id):
    import json

    second = copy.deepcopy(record)
    second["id"] = new_id
    second["claim"]["text"] = "THE US military is  withdrawing from Iraq!"
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(second) + "\n")
    found = validate([path], today=TODAY).findings
    expected = ["FC302"] if new_id == "other-id" else ["FC301", "FC302"]
    assert sorted((f.code, f.line) for f in found) == sorted(
        (code, line) for code in expected for line in (1, 2)
    )
    assert "records.jsonl" in found[0].message
