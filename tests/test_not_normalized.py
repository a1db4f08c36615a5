"""No row lost: a verdict whose label maps to no rating (schema 1.2, not normalized), reviews
of one claim by several publishers linked by claim.key, and a user's own label map."""

from __future__ import annotations

import copy
import json
import math

import pytest

import factcheck
from factcheck import validate
from factcheck.formats import read
from factcheck.formats.importing import import_dataset
from factcheck.formats.label_map import LabelMapError, read_label_map
from factcheck.model.records import RECORD_DECODER

from .conftest import TODAY, make_dataset, write_json


def findings(path):
    return [(f.code, f.pointer, f.message) for f in validate([path], today=TODAY).findings]


def _set_policy(folder, policy):
    path = folder / "dataset.json"
    info = json.loads(path.read_text("utf-8"))
    info["policy"] = policy
    path.write_text(json.dumps(info), "utf-8")


def _unrated(record, version="1.2"):
    record = copy.deepcopy(record)
    record["schema_version"] = version
    del record["verdict"]["rating"]
    record["verdict"]["label"] = "Sin contexto suficiente"
    return record


# -- the record --------------------------------------------------------------------------


def test_a_verdict_without_rating_is_valid_in_an_import_and_needs_no_evidence(tmp_path, record):
    unrated = _unrated(record)
    unrated["evidence"] = unrated["evidence"][:1]  # FC206 is for rated verdicts
    folder = make_dataset(tmp_path, [unrated])
    _set_policy(folder, {"min_independent_publishers": 2, "require": []})
    assert findings(folder) == []


def test_a_curated_dataset_requires_a_rating_by_default(tmp_path, record):
    folder = make_dataset(tmp_path, [_unrated(record)])
    assert findings(folder) == [
        ("FC212", "/verdict/rating", "verdict.rating is missing; the dataset's policy requires it")
    ]


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_an_older_record_must_have_a_rating_and_no_claim_key(tmp_path, record, version):
    folder = make_dataset(tmp_path, [_unrated(record, version)])
    _set_policy(folder, {"min_independent_publishers": 2, "require": []})
    assert findings(folder) == [
        (
            "FC213",
            "/verdict/rating",
            f"verdict.rating is missing; a schema {version} verdict needs one (a verdict that "
            "is not normalized needs schema 1.2)",
        )
    ]
    keyed = copy.deepcopy(record)
    keyed["schema_version"] = version
    keyed["claim"]["key"] = "c-0123456789abcdef"
    write_json(folder / "records" / f"{record['id']}.json", keyed)
    assert findings(folder) == [
        ("FC213", "/claim/key", f"claim.key needs schema 1.2; this record says {version}")
    ]


def test_old_records_still_validate(tmp_path, record):
    for version in ("1.0", "1.1"):
        record["schema_version"] = version
        assert findings(write_json(tmp_path / version / f"{record['id']}.json", record)) == []


# -- several publishers' reviews of one claim ---------------------------------------------------


def _review(record, new_id, reviewer, key="c-5f1d2a3b4c5d6e7f"):
    review = copy.deepcopy(record)
    review["schema_version"] = "1.2"
    review["id"] = new_id
    review["verdict"]["reviewer"] = reviewer
    if key is not None:
        review["claim"]["key"] = key
    return review


def test_reviews_linked_by_claim_key_are_not_duplicate_claims(tmp_path, record):
    one = _review(record, "review-a", "Checker A")
    two = _review(record, "review-b", "Checker B")
    folder = make_dataset(tmp_path, [one, two])
    assert findings(folder) == []
    three = _review(record, "review-c", "checker b")  # the same reviewer twice
    write_json(folder / "records" / "review-c.json", three)
    assert sorted(code for code, _, _ in findings(folder)) == ["FC302", "FC302"]


def test_the_same_claim_without_a_shared_key_is_still_a_duplicate(tmp_path, record):
    one = _review(record, "review-a", "Checker A")
    two = _review(record, "review-b", "Checker B", key=None)
    folder = make_dataset(tmp_path, [one, two])
    assert [code for code, _, _ in findings(folder)] == ["FC302", "FC302"]


def test_reviews_of_gives_every_review_of_the_claim(tmp_path, record):
    other = copy.deepcopy(record)
    other["id"], other["claim"]["text"] = "another-claim", "Another claim entirely."
    records = [
        _review(record, "review-a", "Checker A"),
        _review(record, "review-b", "Checker B"),
        other,
    ]
    ds = factcheck.Dataset([RECORD_DECODER.decode(json.dumps(r)) for r in records], name="demo")
    assert ds.reviews_of("review-b").ids == ["review-a", "review-b"]
    assert ds.reviews_of("another-claim").ids == ["another-claim"]
    with pytest.raises(KeyError):
        ds.reviews_of("no-such-id")


# -- what users see -------------------------------------------------------------------------------


def _dataset(record):
    rated = copy.deepcopy(record)
    unrated = _unrated(record)
    unrated["id"], unrated["claim"]["text"] = "unrated", "Another claim."
    decode = RECORD_DECODER.decode
    return factcheck.Dataset([decode(json.dumps(r)) for r in (rated, unrated)], name="demo")


def test_pandas_and_arrow_show_no_rating_and_statistics_leave_it_out(record):
    pytest.importorskip("pandas")
    ds = _dataset(record)
    frame = ds.to_pandas()
    assert list(frame["verdict.label"]) == ["False", "Sin contexto suficiente"]
    assert frame["verdict.rating"].iloc[0] == "false"
    assert isinstance(frame["verdict.rating"].iloc[1], float)
    assert math.isnan(frame["verdict.rating"].iloc[1])
    assert int(frame["verdict.rating"].value_counts().sum()) == 1  # the rated one
    assert int(frame["verdict.rating"].isna().sum()) == 1
    table = ds.to_arrow()
    assert table.column("verdict").combine_chunks().field("rating").to_pylist() == [
        "false",
        None,
    ]


def test_hugging_face_gives_no_class_to_a_verdict_not_normalized(record):
    pytest.importorskip("datasets")
    hf = _dataset(record).to_hf()
    names = hf.features["verdict"]["rating"].names
    assert [row["verdict"]["rating"] for row in hf] == [names.index("false"), None]


def test_filters_and_summaries(record):
    from factcheck.cli.show import render_record, summarize

    ds = _dataset(record)
    assert ds.filter(normalized=False).ids == ["unrated"]
    assert ds.filter(normalized=True).ids == [record["id"]]
    assert ds.filter(rating="false").ids == [record["id"]]
    assert not ds["unrated"].verdict.normalized
    assert "2 records: false 1, not-normalized 1" in summarize(ds)
    from factcheck.cli.show import summary_data

    assert (summary_data(ds)["ratings"], summary_data(ds)["not_normalized"]) == ({"false": 1}, 1)
    assert "Verdict: NOT-NORMALIZED (Sin contexto suficiente)" in render_record(ds["unrated"])
    (item,) = ds.filter(normalized=False).to_claimreview()
    assert item["reviewRating"] == {"@type": "Rating", "alternateName": "Sin contexto suficiente"}


# -- the import summary and --label-map ------------------------------------------------------


def _items(tmp_path):
    items = [
        {
            "@type": "ClaimReview",
            "claimReviewed": f"Claim {n}.",
            "url": f"https://checks.example.org/{n}",
            "author": {"name": "Example Checks", "url": "https://checks.example.org/"},
            "reviewRating": {"alternateName": label},
        }
        for n, label in enumerate(["Bulo", "Bulo", "Engaño total", "BULO.", "False"])
    ]
    source = tmp_path / "items.json"
    source.write_text(json.dumps(items, indent=1), "utf-8")
    return source


def test_the_import_summary_counts_unmapped_labels_most_frequent_first(tmp_path, run_cli):
    source = _items(tmp_path)
    code, out, err = run_cli(
        "import", "claimreview", str(source), "-o", str(tmp_path / "ds"), "--date", "2026-12-01"
    )
    assert (code, err) == (0, "")
    assert "4 of them (80.0%) not normalized" in out
    lines = out.splitlines()
    start = lines.index("most frequent unmapped labels:")
    assert [line.split(None, 1) for line in lines[start + 1 :]] == [
        ["2", "Bulo"],
        ["1", "Engaño total"],
        ["1", "BULO."],
    ]
    code, out, _ = run_cli(
        "import", "claimreview", str(source), "-o", str(tmp_path / "ds2"), "--format", "json"
    )
    data = json.loads(out)
    assert data["not_normalized"] == 4
    assert data["unmapped_labels"][0] == {"label": "Bulo", "records": 2}


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_a_label_map_rates_the_labels_it_lists(tmp_path, suffix):
    path = tmp_path / f"mine{suffix}"
    if suffix == ".json":
        path.write_text(
            json.dumps(
                {
                    "labels": {"Engaño total": "false"},
                    "publishers": {"checks.example.org": {"bulo": "false"}},
                }
            ),
            "utf-8",
        )
    else:
        path.write_text(
            "label,rating,publisher\nEngaño total,false,\nbulo,false,checks.example.org\n",
            "utf-8",
        )
    result = import_dataset(
        "claimreview", _items(tmp_path), tmp_path / "ds", today=TODAY, label_map=path
    )
    assert (result.records, result.not_normalized) == (5, 0)  # "BULO." is "bulo" normalized
    other = read("claimreview", _items(tmp_path), today=TODAY, label_map=read_label_map(path))
    assert [r.verdict.rating for r in other] == ["false"] * 5
    assert validate([tmp_path / "ds"], today=TODAY).errors == []


def test_a_publisher_label_applies_only_to_that_publisher(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"publishers": {"Other Checks": {"Bulo": "false"}}}), "utf-8")
    stream = read("claimreview", _items(tmp_path), today=TODAY, label_map=path)
    assert [r.verdict.rating for r in stream] == [None, None, None, None, "false"]


def test_a_bad_json_label_map_lists_every_problem_with_its_place(tmp_path, run_cli):
    path = tmp_path / "mine.json"
    path.write_text(
        '{\n  "labels": {"Bulo": "falso", "!!": "false"},\n  "extra": 1,\n'
        '  "publishers": {"x.example": {"Bulo": "false", "bulo": "true"}}\n}\n',
        "utf-8",
    )
    with pytest.raises(LabelMapError) as raised:
        read_label_map(path)
    scale = "true, mostly-true, mixed, mostly-false, false, misleading, unverifiable"
    assert str(raised.value).splitlines() == [
        f"{path}:3:3: unknown key 'extra'; a label map has only \"labels\" (label → rating) "
        'and "publishers" (publisher → labels)',
        f"{path}:2:22: 'falso' is not a rating of the normalized scale; use one of: {scale}",
        f"{path}:2:31: label '!!' has no letter or digit, so it matches nothing; write the "
        "label as the publisher writes it",
        f"{path}:4:49: label 'bulo' is also at {path}:4:32 as 'Bulo' (the same label once "
        "normalized) with another rating (false, here true); keep one",
    ]
    code, _, err = run_cli(
        "import",
        "claimreview",
        str(_items(tmp_path)),
        "-o",
        str(tmp_path / "ds"),
        "--label-map",
        str(path),
    )
    assert code == 2 and f"{path}:3:3: unknown key 'extra'" in err
    assert "Traceback" not in err and not (tmp_path / "ds").exists()


def test_a_bad_csv_label_map_is_placed_by_line_and_column(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text('label,rating\nBulo,false\n"Quoted, label",flase\nOne,false,extra\n', "utf-8")
    with pytest.raises(LabelMapError) as raised:
        read_label_map(path)
    scale = "true, mostly-true, mixed, mostly-false, false, misleading, unverifiable"
    assert str(raised.value).splitlines() == [
        f"{path}:3:17: 'flase' is not a rating of the normalized scale; use one of: {scale}",
        f"{path}:4:1: expected 2 columns (label,rating), found 3; quote a cell that holds a comma",
    ]
    path.write_text("name,value\n", "utf-8")
    with pytest.raises(LabelMapError, match=r"mine.csv:1:1: the header row must be"):
        read_label_map(path)
    with pytest.raises(LabelMapError, match="no such file"):
        read_label_map(tmp_path / "missing.json")
    (tmp_path / "mine.txt").write_text("", "utf-8")
    with pytest.raises(LabelMapError, match=r"a \.json or \.csv file"):
        read_label_map(tmp_path / "mine.txt")


def test_every_format_takes_a_label_map(tmp_path):
    import inspect

    from factcheck.formats import FORMATS, format_module

    for name in FORMATS:
        parameters = inspect.signature(format_module(name).rows).parameters
        assert "labels" in parameters, name


def test_a_datacommons_feed_uses_the_label_map(tmp_path):
    from pathlib import Path

    feed = Path(__file__).parent / "data" / "formats" / "datacommons" / "feed.json"
    (plain,) = read("datacommons", feed, today=TODAY)
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"labels": {plain.verdict.label: "false"}}), "utf-8")
    (mapped,) = read("datacommons", feed, today=TODAY, label_map=path)
    assert (plain.verdict.rating, mapped.verdict.rating) == ("misleading", "false")
