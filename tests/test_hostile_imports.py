"""Hostile and awkward input to ``factcheck import``, ``fmt`` and ``validate``: every row is
imported or reported, a curated folder is never replaced, and no value crashes an importer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factcheck.formats import read
from factcheck.validation.reading import read_json_bytes

from .conftest import TODAY, make_dataset

DATE = ["--date", TODAY.isoformat()]


def _review(claim: str, url: str | None = "https://checks.example.org/sky", **extra: Any):
    """A ClaimReview as fact-checkers publish it (Google's documented shape)."""
    item: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "author": {"@type": "Organization", "name": "Example Checks"},
        "datePublished": "2020-01-07",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Bob Smith"}},
    }
    if url is not None:
        item["url"] = url
    item.update(extra)
    return item


def _one_line(path: Path, data: Any) -> Path:
    """``data`` as minified JSON on one line, as feeds and APIs serve it."""
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", "utf-8")
    return path


def _record_names(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "records").iterdir())


# -- 1. no row silently lost -------------------------------------------------------------------


def test_the_same_review_twice_on_one_line_is_imported_once_and_reported(tmp_path, run_cli):
    source = _one_line(
        tmp_path / "page.json", [_review("The sky is green."), _review("The sky is green.")]
    )
    target = tmp_path / "page"
    code, out, err = run_cli("import", "claimreview", str(source), "-o", str(target), *DATE)
    assert code == 1
    assert out == f"imported 1 record from {source} (claimreview) into {target}\n"
    [name] = _record_names(target)
    record_id = name.removesuffix(".json")
    assert err == (
        "1 row not imported:\n"
        f"{source}:1: item 2 of the line: id {record_id!r} repeats the row of line 1, item 1; "
        "not imported, since a dataset holds each id once\n"
    )


def test_a_page_reviewing_two_claims_gives_each_its_own_record(tmp_path, run_cli):
    # One article, several claims: each ClaimReview carries the article's URL.
    reviews = [_review("The sky is green."), _review("Grass is blue."), _review("Snow is hot.")]
    source = _one_line(tmp_path / "page.json", reviews)
    target = tmp_path / "page"
    code, out, err = run_cli("import", "claimreview", str(source), "-o", str(target), *DATE)
    assert (code, err) == (0, "")
    assert out.startswith("imported 3 records ")
    names = _record_names(target)
    assert len(names) == 3 and all(name.startswith("sky-") for name in names)
    texts = {
        json.loads((target / "records" / n).read_text("utf-8"))["claim"]["text"] for n in names
    }
    assert texts == {"The sky is green.", "Grass is blue.", "Snow is hot."}
    assert run_cli("validate", str(target))[0] == 0


def test_the_first_claim_of_a_page_keeps_the_id_it_always_had(tmp_path):
    alone = _one_line(tmp_path / "alone.json", [_review("The sky is green.")])
    both = _one_line(
        tmp_path / "both.json", [_review("The sky is green."), _review("Grass is blue.")]
    )
    [first] = list(read("claimreview", alone, today=TODAY))
    assert next(r.id for r in read("claimreview", both, today=TODAY)) == first.id


def test_two_items_sharing_an_identifier_on_one_line_are_both_accounted_for(tmp_path, run_cli):
    reviews = [
        _review("The sky is green.", identifier="sky-2020"),
        _review("Grass is blue.", url="https://checks.example.org/grass", identifier="sky-2020"),
    ]
    source = _one_line(tmp_path / "feed.json", reviews)
    target = tmp_path / "feed"
    code, _, err = run_cli("import", "claimreview", str(source), "-o", str(target), *DATE)
    assert code == 1
    assert _record_names(target) == ["sky-2020.json"]
    assert (
        f"{source}:1: item 2 of the line: id 'sky-2020' repeats the row of line 1, item 1; "
        "not imported" in err
    )


def test_the_same_claim_twice_on_one_line_is_reported(tmp_path):
    reviews = [
        _review("The sky is green.", identifier="sky-a"),
        _review("The sky is green.", identifier="sky-b"),
    ]
    stream = read("claimreview", _one_line(tmp_path / "feed.json", reviews), today=TODAY)
    assert [r.id for r in stream] == ["sky-a"]
    assert stream.count == 1
    assert stream.problems == [
        (
            1,
            "item 2 of the line: the claim repeats the row of line 1, item 1, by the same "
            "reviewer; not imported, since a dataset holds a claim once per reviewer",
        )
    ]


def test_a_repeat_across_lines_names_the_item_it_repeats(tmp_path):
    # Line 1 holds two reviews; line 2 repeats the second of them.
    first = json.dumps(
        [_review("The sky is green."), _review("Grass is blue.", identifier="grass")]
    )
    again = json.dumps(_review("Grass is blue.", identifier="grass"))
    source = tmp_path / "feed.json"
    source.write_text(f'{{"@graph": [{first[1:-1]},\n{again}]}}\n', "utf-8")
    stream = read("claimreview", source, today=TODAY)
    assert len(list(stream)) == 2
    assert stream.problems == [
        (
            2,
            "id 'grass' repeats the row of line 1, item 2; not imported, since a dataset holds "
            "each id once",
        )
    ]


def test_a_feed_element_with_two_reviews_of_one_page_imports_both(tmp_path, run_cli):
    # The DataCommons feed gives every review of an element the element's line.
    element = {
        "@type": "DataFeedItem",
        "dateCreated": "2023-01-26T06:12:47+00:00",
        "url": "https://checks.example.org/sky",
        "item": [
            _review("The sky is green."),
            _review("Grass is blue."),
            _review("Grass is blue."),
        ],
    }
    feed = {"@context": "http://schema.org", "@type": "DataFeed", "dataFeedElement": [element]}
    source = tmp_path / "data.json"
    source.write_text(json.dumps(feed, indent=2), "utf-8")
    target = tmp_path / "feed"
    code, out, err = run_cli("import", "datacommons", str(source), "-o", str(target), *DATE)
    assert code == 1
    assert out.startswith("imported 2 records ")
    assert len(_record_names(target)) == 2
    assert "1 row not imported:\n" in err
    assert f"{source}:5: item 3 of the line: id " in err


# -- 4. numbers round-trip exactly or the file is refused --------------------------------------


def _with_number(tmp_path: Path, record: dict[str, Any], number: str) -> Path:
    """A dataset whose one record holds ``number`` (as written) in an unknown field."""
    folder = make_dataset(tmp_path, [record])
    path = folder / "records" / f"{record['id']}.json"
    text = path.read_text("utf-8").replace('"id":', f'"score": {number},\n  "id":', 1)
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("number", "what"),
    [
        ("1e400", "too large for a 64-bit float (readers take it as infinity, which JSON "
         "cannot write back)"),
        ("-1e400", "too large for a 64-bit float (readers take it as -infinity, which JSON "
         "cannot write back)"),
        ("1.5E+309", "too large for a 64-bit float (readers take it as infinity, which JSON "
         "cannot write back)"),
        ("1e-400", "too small for a 64-bit float (readers take it as 0)"),
    ],
)  # fmt: skip
def test_fmt_refuses_a_number_a_float_cannot_hold_and_leaves_the_file(
    tmp_path, run_cli, record, number, what
):
    path = _with_number(tmp_path, record, number)
    before = path.read_bytes()
    code, _, err = run_cli("fmt", str(path))
    assert code == 1
    assert f"us-withdrawing-from-iraq.json:3:12: FC006 number {number} is {what}\n" in err
    assert path.read_bytes() == before
    assert run_cli("fmt", "--check", str(path))[0] == 1


def test_validate_reports_an_overflowing_number_with_its_position(tmp_path, run_cli, record):
    path = _with_number(tmp_path, record, "1e400")
    code, out, _ = run_cli("validate", "--format", "json", str(path))
    assert code == 1
    found = [
        (f["code"], f["line"], f["column"])
        for f in json.loads(out)["findings"]
        if f["code"] < "FC1"
    ]
    assert found == [("FC006", 3, 12)]


@pytest.mark.parametrize(
    "number", ["0", "0.0", "-0.0", "0e-999", "1e-310", "1.7976931348623157e308"]
)
def test_numbers_a_float_holds_are_not_refused(number):
    result = read_json_bytes(f'{{"a": {number}}}'.encode())
    assert result.problems == []
    assert result.documents[0].data == {"a": float(number)}


def test_fmt_keeps_integers_beyond_64_bits_exactly(tmp_path, run_cli, record):
    huge = str(2**64 + 1)
    path = _with_number(tmp_path, record, f"[{huge}, -{huge}, {'9' * 4300}]")
    path.write_text(path.read_text("utf-8").replace("\n  ", "\n    ", 1), "utf-8")  # not canonical
    code, out, _ = run_cli("fmt", str(path))
    assert code == 0 and out.endswith("1 file reformatted, 0 already canonical\n")
    assert json.loads(path.read_text("utf-8"))["score"] == [
        2**64 + 1,
        -(2**64 + 1),
        int("9" * 4300),
    ]


# -- 3. values Python cannot hold become reported rows, never a traceback ----------------------

_FEVER = Path(__file__).parent / "data" / "formats" / "fever" / "sample.jsonl"
_AVERITEC = Path(__file__).parent / "data" / "formats" / "averitec" / "dev.json"


def _import(run_cli, fmt: str, source: Path, target: Path) -> tuple[int, str, str]:
    return run_cli("import", fmt, str(source), "-o", str(target), *DATE)


def test_a_review_url_with_a_port_out_of_range_is_left_out(tmp_path, run_cli):
    review = _review(
        "The sky is green.",
        url="https://checks.example.org:99999/sky",
        citation=[
            {"@type": "CreativeWork", "url": "https://data.example.org:65536/x"},
            {"@type": "CreativeWork", "url": "https://data.example.org:8443/y"},
        ],
    )
    source = _one_line(tmp_path / "page.json", [review])
    code, _, err = _import(run_cli, "claimreview", source, tmp_path / "page")
    assert (code, err) == (0, "")
    [name] = _record_names(tmp_path / "page")
    record = json.loads((tmp_path / "page" / "records" / name).read_text("utf-8"))
    assert [e["url"] for e in record["evidence"]] == ["https://data.example.org:8443/y"]
    assert record["history"][0]["note"].endswith("no review URL).")


@pytest.mark.parametrize(
    ("rating", "message"),
    [
        ("1e400", "'1e400'"),
        ('"-1e400"', "'-1e400'"),
        ("9" * 5000, "'" + "9" * 20 + "…" + "9" * 10 + "'"),
        ("NaN", "'NaN'"),
    ],
)
def test_a_rating_value_no_float_holds_is_a_reported_row(tmp_path, run_cli, rating, message):
    good = json.dumps(_review("Grass is blue.", url="https://checks.example.org/grass"))
    bad = json.dumps(_review("The sky is green.", reviewRating={"@type": "Rating"}))
    bad = bad.replace('{"@type": "Rating"}', f'{{"@type": "Rating", "ratingValue": {rating}}}')
    source = tmp_path / "feed.json"
    source.write_text(f"[{good},\n{bad}]\n", "utf-8")
    code, out, err = _import(run_cli, "claimreview", source, tmp_path / "feed")
    assert code == 1
    assert out.startswith("imported 1 record ")
    assert err == (
        "1 row not imported:\n"
        f"{source}:2: reviewRating has no alternateName or name, and its ratingValue {message} "
        "is not a number a 64-bit float can hold\n"
    )


@pytest.mark.parametrize(("value", "rating"), [(1e308, "true"), (0, "mixed"), (-1e308, "false")])
def test_a_rating_on_a_scale_as_wide_as_a_float_is_kept_not_guessed(tmp_path, value, rating):
    # No documented scale for this publisher: the number alone rates nothing, at any size;
    # the row is kept, not normalized, with the number as its label.
    scale = {"@type": "Rating", "ratingValue": value, "bestRating": 1e308, "worstRating": -1e308}
    source = _one_line(tmp_path / "page.json", [_review("The sky is green.", reviewRating=scale)])
    stream = read("claimreview", source, today=TODAY)
    (kept,) = list(stream)
    assert stream.problems == [] and kept.verdict.rating is None
    assert stream.not_normalized == 1
    # Where a scale is known, its position is computed exactly: 1e308 - (-1e308) overflows.
    from factcheck.formats.labels import rating_for_number

    assert rating_for_number(value, 1e308, -1e308).value == rating


def test_a_scale_end_no_float_holds_is_not_replaced_by_a_guess(tmp_path):
    # bestRating 1e400 says nothing usable about the scale: 3 is not read as "mixed" on 1-5.
    text = json.dumps([_review("The sky is green.", reviewRating={"@type": "Rating"})])
    text = text.replace('{"@type": "Rating"}', '{"ratingValue": 3, "bestRating": 1e400}')
    (tmp_path / "p.json").write_text(text, "utf-8")
    stream = read("claimreview", tmp_path / "p.json", today=TODAY)
    assert [(r.verdict.label, r.verdict.rating) for r in stream] == [("3", None)]
    assert stream.problems == [] and stream.unmapped_labels() == [("3", 1)]


def test_a_fever_line_with_an_id_of_5000_digits_is_reported_and_the_rest_imported(
    tmp_path, run_cli
):
    lines = _FEVER.read_text("utf-8").splitlines(keepends=True)
    source = tmp_path / "train.jsonl"
    huge = lines[1].replace(lines[1].split(",")[0], '{"id": ' + "9" * 5000, 1)
    source.write_text(lines[0] + huge + lines[2], "utf-8")
    code, out, err = _import(run_cli, "fever", source, tmp_path / "train")
    assert code == 1
    assert out.startswith("imported 2 records ")
    assert err == f"1 row not imported:\n{source}:2: no claim id ('id')\n"


def test_numbers_no_float_holds_in_fields_an_import_does_not_read_change_nothing(tmp_path, run_cli):
    text = _AVERITEC.read_text("utf-8")
    source = tmp_path / "dev.json"
    source.write_text(
        text.replace('"required_reannotation": false', '"required_reannotation": 1e400', 1).replace(
            '"required_reannotation": false', '"required_reannotation": ' + "7" * 4400, 1
        ),
        "utf-8",
    )
    before = _import(run_cli, "averitec", _AVERITEC, tmp_path / "dev-a")
    after = _import(run_cli, "averitec", source, tmp_path / "dev-b")
    assert after[0] == before[0] and after[2] == before[2].replace(str(_AVERITEC), str(source))
    assert _record_names(tmp_path / "dev-a") == _record_names(tmp_path / "dev-b")


def test_a_minified_feed_holding_a_huge_number_is_read_item_by_item(tmp_path, run_cli):
    element = {
        "@type": "DataFeedItem",
        "item": [_review("The sky is green."), _review("Grass is blue.", url="https://c.org/g")],
    }
    feed = {"@type": "DataFeed", "dataFeedElement": [element]}
    text = json.dumps(feed).replace(
        '"@type": "DataFeedItem"', '"@type": "DataFeedItem", "n": ' + "1" * 4400
    )
    source = tmp_path / "data.json"
    source.write_text(text, "utf-8")
    code, out, err = _import(run_cli, "datacommons", source, tmp_path / "feed")
    assert (code, err) == (0, "")
    assert out.startswith("imported 2 records ")


# -- 2. --replace replaces only an unchanged import --------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _replace(run_cli, target: Path, source: Path = _FEVER) -> tuple[int, str, str]:
    return run_cli("import", "fever", str(source), "-o", str(target), "--replace", *DATE)


def _imported(run_cli, tmp_path: Path) -> Path:
    target = tmp_path / "fever-sample"
    assert _import(run_cli, "fever", _FEVER, target)[0] == 0
    return target


def test_an_import_says_so_in_its_dataset_json(tmp_path, run_cli):
    target = _imported(run_cli, tmp_path)
    info = json.loads((target / "dataset.json").read_text("utf-8"))
    records = len(_record_names(target))
    assert info["imported"]["format"] == "fever"
    assert info["imported"]["source"] == "sample.jsonl"
    assert info["imported"]["records"] == records
    assert len(info["imported"]["sha256"]) == 64
    assert run_cli("validate", str(target))[0] == 0
    assert run_cli("fmt", "--check", str(target))[0] == 0


def test_replace_replaces_an_unchanged_import(tmp_path, run_cli):
    target = _imported(run_cli, tmp_path)
    # Reformatting dataset.json loses nothing: the digest reads it in canonical form.
    info = target / "dataset.json"
    info.write_text(json.dumps(json.loads(info.read_text("utf-8")), indent=4), "utf-8")
    smaller = tmp_path / "two.jsonl"
    smaller.write_text("".join(_FEVER.read_text("utf-8").splitlines(keepends=True)[:2]), "utf-8")
    code, _, err = _replace(run_cli, target, smaller)
    assert (code, err) == (0, "")
    assert len(_record_names(target)) == 2
    assert _replace(run_cli, target)[0] == 0  # and the new import can be replaced in turn


def test_replace_refuses_a_dataset_with_releases_and_keeps_them(tmp_path, run_cli):
    target = _imported(run_cli, tmp_path)
    assert run_cli("release", str(target), "1.0.0", *DATE)[0] == 0
    before = _snapshot(target)
    code, out, err = _replace(run_cli, target)
    assert (code, out) == (2, "")
    assert err == (
        f"factcheck: error: {target} holds releases/, the frozen releases of a curated dataset, "
        "which --replace never deletes: import into another folder with -o, or delete "
        f"{target} yourself first (then copy over the records you want)\n"
    )
    assert _snapshot(target) == before


def test_replace_refuses_a_curated_dataset(tmp_path, run_cli, record):
    curated = make_dataset(tmp_path, [record], name="fever-sample")
    before = _snapshot(curated)
    code, out, err = _replace(run_cli, curated)
    assert (code, out) == (2, "")
    assert err == (
        f"factcheck: error: {curated} was not written by `factcheck import` (its dataset.json "
        'has no readable "imported" field): it may be a curated dataset; --replace replaces '
        "only a "
        "folder that `factcheck import` wrote and nobody changed since (or an empty one), so "
        f"that nothing else is lost: import into another folder with -o, or delete {curated} "
        "yourself first\n"
    )
    assert _snapshot(curated) == before


def _edit_a_record(target: Path) -> None:
    path = sorted((target / "records").iterdir())[0]
    data = json.loads(path.read_text("utf-8"))
    data["verdict"]["summary"] = "Checked again by hand."
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")


def _edit_dataset_json(target: Path) -> None:
    path = target / "dataset.json"
    data = json.loads(path.read_text("utf-8"))
    data["title"] = "FEVER, curated"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")


def _add_a_record(target: Path) -> None:
    path = sorted((target / "records").iterdir())[0]
    (target / "records" / "added-by-hand.json").write_bytes(path.read_bytes())


def _remove_a_record(target: Path) -> None:
    sorted((target / "records").iterdir())[0].unlink()


def _add_a_note(target: Path) -> None:
    (target / "NOTES.md").write_text("Which rows we fixed by hand.\n", "utf-8")


def _link_a_record(target: Path) -> None:
    (target / "records" / "linked.json").symlink_to(sorted((target / "records").iterdir())[0])


def _add_a_folder(target: Path) -> None:
    (target / "notes").mkdir()
    (target / "notes" / "fixes.md").write_text("Which rows we fixed by hand.\n", "utf-8")


@pytest.mark.parametrize(
    "change",
    [
        _edit_a_record,
        _edit_dataset_json,
        _add_a_record,
        _remove_a_record,
        _add_a_note,
        _link_a_record,
    ],
)
def test_replace_refuses_an_import_changed_since(tmp_path, run_cli, change):
    target = _imported(run_cli, tmp_path)
    change(target)
    before = _snapshot(target)
    code, out, err = _replace(run_cli, target)
    assert (code, out) == (2, "")
    assert err == (
        f"factcheck: error: {target} was written by `factcheck import` but has changed since "
        "(a record, dataset.json or another file edited, added or removed), and replacing it "
        "would lose that work: import into another folder with -o, or delete "
        f"{target} yourself first\n"
    )
    assert _snapshot(target) == before


def test_removing_imported_from_dataset_json_marks_the_folder_curated(tmp_path, run_cli):
    target = _imported(run_cli, tmp_path)
    path = target / "dataset.json"
    data = json.loads(path.read_text("utf-8"))
    del data["imported"]
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert run_cli("validate", str(target))[0] == 0
    code, _, err = _replace(run_cli, target)
    assert code == 2 and 'has no readable "imported" field' in err


def test_the_summary_counts_repeats_as_one_reason(tmp_path, run_cli):
    # FEVER's training file repeats claims under new ids: past 20 problems, the reasons list
    # counts the repeats together instead of one line per repeated row.
    lines = _FEVER.read_text("utf-8").splitlines(keepends=True)
    source = tmp_path / "train.jsonl"
    source.write_text(lines[0] * 30 + lines[1] * 2, "utf-8")
    code, out, err = _import(run_cli, "fever", source, tmp_path / "train")
    assert code == 1
    assert out.startswith("imported 2 records ")
    assert err.startswith("30 rows not imported:\n")
    assert err.endswith(
        "... and 10 more (--format json lists them all)\n"
        "most frequent reasons:\n"
        "       30  an id repeats an earlier row; not imported, since a dataset holds each id "
        "once\n"
    )


def test_items_after_a_huge_number_keep_their_own_lines(tmp_path):
    reviews = [
        _review("The sky is green.", author={"@type": "Organization", "name": "Example Checks"}),
        _review("Grass is blue.", url="https://checks.example.org/grass"),
    ]
    text = json.dumps(reviews, indent=2).replace('"name": "Example Checks"', '"n": 1', 1)
    source = tmp_path / "page.json"
    source.write_text(
        text.replace('"n": 1', '"name": "Example Checks", "n": ' + "9" * 5000), "utf-8"
    )
    first, second = [n for n, line in enumerate(text.splitlines(), 1) if line == "  {"]
    notes = [r.history[0].note for r in read("claimreview", source, today=TODAY)]
    assert [note.split(", review")[0] for note in notes] == [
        f"Imported from ClaimReview (page.json, line {first}",
        f"Imported from ClaimReview (page.json, line {second}",
    ]


def test_validate_reports_a_huge_integer_and_every_problem_after_it(tmp_path):
    raw = b'{"a": ' + b"9" * 5000 + b', "b": 1e400, "c": NaN}'
    problems = read_json_bytes(raw).problems
    assert [(p.code, p.message, p.column) for p in problems] == [
        ("FC001", "number has too many digits (5,000)", 7),
        (
            "FC006",
            "number 1e400 is too large for a 64-bit float (readers take it as infinity, which "
            "JSON cannot write back)",
            5014,
        ),
        ("FC006", "NaN is not valid JSON", 5026),
    ]


# -- RDFa pages: bounded cost, no network, no row lost ------------------------------------------

_RDFA_REVIEW = (
    '<div vocab="https://schema.org/" typeof="ClaimReview">'
    '<p property="claimReviewed">The sky is green.</p>'
    '<span property="author" typeof="Organization"><span property="name">Example Checks</span>'
    "</span>"
    '<span property="reviewRating" typeof="Rating"><span property="alternateName">False</span>'
    "</span></div>"
)


def _rdfa(tmp_path: Path, body: str) -> tuple[list[Any], list[tuple[int, str]]]:
    pytest.importorskip("extruct")
    page = tmp_path / "page.html"
    page.write_text(f"<html><body>\n{body}\n</body></html>", "utf-8")
    stream = read("claimreview", page, today=TODAY)
    return list(stream), [(p.line, p.message) for p in stream.problems]


def test_two_megabytes_of_rdfa_claimreviews_are_each_reported_not_processed(tmp_path):
    # 40,000 typeof elements: past the bound on RDFa terms, so pyRdfa (half a millisecond an
    # element) never runs, and each ClaimReview it would have read is a reported row
    element = '<div vocab="https://schema.org/" typeof="ClaimReview"></div>\n'
    found, problems = _rdfa(tmp_path, element * 40_000)
    assert found == []
    assert len(problems) == 40_000
    assert [line for line, _ in problems[:3]] == [2, 3, 4]
    assert {message for _, message in problems} == {
        "RDFa not read: more than 5,000 RDFa terms (typeof, property, rel, rev, prefix words) "
        "by line 2502; at most 5,000 are read in a page: give its ClaimReview as JSON-LD, or "
        "split the page"
    }


def test_one_attribute_of_a_million_rdfa_words_is_refused(tmp_path):
    found, problems = _rdfa(
        tmp_path, _RDFA_REVIEW.replace('property="name"', 'property="name' + " a" * 1_000_000 + '"')
    )
    assert found == []
    assert len(problems) == 1 and "more than 5,000 RDFa terms" in problems[0][1]


def test_a_two_megabyte_page_of_unmarked_elements_around_rdfa_is_read(tmp_path):
    # elements that carry, hold and lie in no RDFa are cut before pyRdfa sees them
    filler = '<div class="c"><p>Text <a href="/x">a link</a></p></div>\n' * 20_000
    found, problems = _rdfa(tmp_path, filler + _RDFA_REVIEW + filler)
    assert problems == []
    assert [(r.claim.text, r.verdict.rating) for r in found] == [("The sky is green.", "false")]
    assert "page.html, line 20002," in found[0].history[0].note


def test_rdfa_nested_past_the_parser_s_depth_is_reported(tmp_path):
    deep = "<div>" * 300 + _RDFA_REVIEW + "</div>" * 300
    found, problems = _rdfa(tmp_path, _RDFA_REVIEW + "\n" + deep)
    assert found == []
    assert [line for line, _ in problems] == [2, 3]
    assert problems[0][1] == (
        "RDFa not read: elements nest more than 256 deep at line 3, past where the HTML "
        "parser stops, so RDFa after it would be lost"
    )


def test_rdfa_nodes_that_refer_to_themselves_or_fan_out_are_built_once(tmp_path):
    # a ClaimReview that is its own itemReviewed, and six layers of 15 works each citing
    # every work of the next: 15**6 paths, built once per node and depth
    cycle = _RDFA_REVIEW.replace(
        'typeof="ClaimReview">',
        'typeof="ClaimReview" about="#me"><link property="itemReviewed" href="#me">',
    )
    layers = "".join(
        f'<div about="#w{layer}-{i}" typeof="CreativeWork">'
        + "".join(f'<link property="citation" href="#w{layer + 1}-{j}">' for j in range(15))
        + "</div>"
        for layer in range(6)
        for i in range(15)
    )
    citing = '<link property="citation" href="#w0-0">'
    found, problems = _rdfa(
        tmp_path,
        cycle.replace("</div>", citing + "</div>", 1)
        + f'<div vocab="https://schema.org/">{layers}</div>',
    )
    assert problems == []
    assert [r.claim.text for r in found] == ["The sky is green."]


def test_rdfa_is_read_without_the_network(tmp_path, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("RDFa reading opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = (
        '<link rel="profile" href="http://www.w3.org/1999/xhtml/vocab">'
        '<div vocab="http://vocab.example.org/terms#" prefix="ex: http://prefix.example.org/">'
        '<script type="text/turtle">@prefix s: <http://schema.org/> .</script>'
        + _RDFA_REVIEW
        + "</div>"
    )
    found, problems = _rdfa(tmp_path, page)
    assert (problems, [r.claim.text for r in found]) == ([], ["The sky is green."])


def test_a_page_s_own_place_markers_only_misplace_its_own_rows(tmp_path):
    spoof = '<meta property="http://factcheck.invalid/rdfa#at" content="99">'
    second = _RDFA_REVIEW.replace("The sky is green.", "Water is dry.")
    found, problems = _rdfa(
        tmp_path, _RDFA_REVIEW.replace("</div>", spoof + "</div>", 1) + "\n" + second
    )
    assert problems == []
    assert [r.claim.text for r in found] == ["The sky is green.", "Water is dry."]
    assert ["line 2," in found[0].history[0].note, "line 3," in found[1].history[0].note] == [
        True,
        True,
    ]
