"""The Fact Check Tools API format: claims:search responses (a file, JSON Lines, a folder of
pages) and pages listings; several publishers' reviews of one claim are linked records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from factcheck.formats import claimreview, datacommons, factchecktools, read
from factcheck.formats.importing import import_dataset
from factcheck.validation.checker import validate

DATA = Path(__file__).parent / "data" / "formats" / "factchecktools"
REAL = Path(__file__).parent / "data" / "formats" / "claimreview" / "real"
TODAY = date(2026, 12, 1)


def _read(path: Path):
    stream = read("factchecktools", path, today=TODAY)
    return list(stream), [(p.line, p.message) for p in stream.problems], stream


def _without_history(records):
    """The records as data, but for the history note, which names the file and line read."""
    return [{**r.to_dict(), "history": None} for r in records]


def test_a_claims_search_response_gives_one_record_per_review():
    records, problems, stream = _read(DATA / "claims-search.json")
    assert problems == []
    bridge, puente, tax, vaccine = records
    assert (bridge.verdict.reviewer, bridge.verdict.rating, bridge.claim.language) == (
        "Example Checks",
        "false",
        "en",
    )
    assert bridge.claim.claimant.name == "Social media posts"
    assert bridge.claim.date == date(2023, 5, 2) and bridge.verdict.reviewed == date(2023, 5, 4)
    assert "https://checks.example.org/fact-check/river-bridge-photo/" in bridge.history[0].note
    # one API claim, two publishers: two records, linked by their claim key
    assert (puente.verdict.reviewer, puente.verdict.label) == ("Verifica Ejemplo", "Engañoso")
    assert bridge.claim.key == puente.claim.key != tax.claim.key
    assert bridge.claim.text == puente.claim.text
    # a label no table maps: kept, not normalized, counted
    assert (tax.verdict.rating, tax.verdict.normalized) == (None, False)
    assert stream.not_normalized == 1
    assert stream.unmapped_labels() == [("Exaggerated, the tax rose 12%", 1)]
    assert vaccine.claim.claimant.name == "Unknown"  # no claimant in the response


@pytest.mark.parametrize("name", ["claims-search.jsonl", "pages"])
def test_json_lines_of_pages_and_a_folder_of_pages_read_as_the_whole_response(name):
    whole, _, _ = _read(DATA / "claims-search.json")
    paged, problems, _ = _read(DATA / name)
    assert problems == []
    assert _without_history(paged) == _without_history(whole)


def test_a_pages_listing_gives_one_record_per_markup():
    records, problems, _ = _read(DATA / "markup-pages.json")
    assert problems == []
    first, second = records
    assert (first.verdict.reviewer, first.verdict.rating) == ("Example Checks", "false")
    assert first.verdict.reviewed == date(2024, 3, 1)  # the page's publishDate
    assert first.verdict.explanation == "The education office denied it."
    assert first.claim.claimant.name == "A viral message"
    assert [a.url for a in first.claim.appearances] == ["https://social.example.com/posts/1"]
    assert "school-closures/#minister" in second.history[0].note  # the markup's own url
    assert second.verdict.rating is None  # a sentence as a rating: kept, not normalized


def test_real_api_responses_are_read():
    (urdu,), problems, _ = _read(DATA / "vishvasnews-urdu-claim.json")
    assert problems == [] and urdu.verdict.reviewer == "vishvasnews.com"
    assert urdu.claim.language == "ur" and urdu.verdict.rating == "false"
    records, problems, _ = _read(REAL / "factchecktools-claims-search-assam-floods.json")
    assert problems == [] and len(records) == 10
    assert {r.verdict.reviewer for r in records} >= {"Alt News", "FACTLY", "The Quint"}


def test_the_same_response_reads_alike_as_claimreview():
    # the claimreview format also finds API claims; both formats make the same records
    ours, _, _ = _read(DATA / "claims-search.json")
    theirs = list(read("claimreview", DATA / "claims-search.json", today=TODAY))
    assert _without_history(ours) == _without_history(theirs)
    assert ours[0].history[0].note.startswith("Imported from Google Fact Check Tools API (")


def test_the_import_validates_and_keeps_linked_reviews(tmp_path):
    result = import_dataset("factchecktools", DATA / "pages", tmp_path / "fct", today=TODAY)
    assert (result.records, result.problems, result.not_normalized) == (4, [], 1)
    assert validate([tmp_path / "fct"]).errors == []  # linked reviews are no duplicate claims
    import factcheck

    ds = factcheck.load_path(tmp_path / "fct")
    linked = ds.reviews_of("river-bridge-photo-b74c3f0c")
    by_reviewer = {r.verdict.reviewer: r.verdict.rating for r in linked}
    assert by_reviewer == {"Example Checks": "false", "Verifica Ejemplo": "misleading"}
    assert list(ds.reviews_of("water-tax-21eb429a").ids) == ["water-tax-21eb429a"]


def test_bad_responses_are_reported(tmp_path):
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "a.json").write_text('{"claims": [{"text": "No reviews."}, 7]}', "utf-8")
    (folder / "b.jsonl").write_text('{"claims": []}\n{"claims": [\n[]\n{}\n', "utf-8")
    (folder / "c.json").write_text('{"items": []}', "utf-8")
    (folder / "notes.txt").write_text("not read", "utf-8")
    records, problems, _ = _read(folder)
    assert records == []
    assert problems == [
        (1, "a.json: a claim without claimReview[]: no review to import"),
        (1, "a.json: a claims[] entry is not an object"),
        (2, "b.jsonl: not valid JSON at column 13: Expecting value"),
        (
            3,
            "b.jsonl: a Fact Check Tools response is a JSON object with claims[] or "
            "claimReviewMarkupPages[]",
        ),
        (
            1,
            "c.json: no claims[] or claimReviewMarkupPages[]: not a claims:search or pages "
            "response",
        ),
    ]


def test_an_empty_folder_is_reported(tmp_path):
    _, problems, _ = _read(tmp_path)
    assert problems == [(1, f"no .json or .jsonl file in the folder {tmp_path.name}")]


def test_a_link_or_a_special_file_in_a_folder_is_reported_not_read(tmp_path):
    import os
    import shutil

    shutil.copy(DATA / "claims-search.json", tmp_path / "a.json")
    secret = tmp_path.parent / f"{tmp_path.name}-secret.json"
    secret.write_text('{"claims": [{"text": "SECRET", "claimReview": []}]}', encoding="utf-8")
    (tmp_path / "b.json").symlink_to(secret)
    os.mkfifo(tmp_path / "c.json")
    records, problems, _ = _read(tmp_path)
    assert records and not any("SECRET" in json.dumps(r.to_dict()) for r in records)
    assert (1, "b.json: not read: a symbolic link; copy the file in instead") in problems
    assert (1, "c.json: not read: not a regular file") in problems


# -- streaming: a large input is read one element at a time, with the same records -----------


def _records_and_problems(stream):
    return [r.to_dict() for r in stream], list(stream.problems)


@pytest.mark.parametrize(
    ("module", "fmt", "path"),
    [
        (factchecktools, "factchecktools", DATA / "claims-search.json"),
        (factchecktools, "factchecktools", DATA / "markup-pages.json"),
        (factchecktools, "factchecktools", REAL / "factchecktools-claims-search-assam-floods.json"),
        (claimreview, "claimreview", Path(__file__).parent / "data/formats/claimreview/graph.json"),
        (
            claimreview,
            "claimreview",
            Path(__file__).parent / "data/formats/claimreview/schema-org-examples.json",
        ),
        (claimreview, "claimreview", REAL / "datacommons-feeditem-dpa.json"),
        (claimreview, "claimreview", REAL / "newtral-claimreview-api-page.json"),
        (claimreview, "claimreview", Path(__file__).parent / "data/formats/datacommons/feed.json"),
    ],
    ids=lambda v: getattr(v, "name", None) or str(v),
)
def test_streaming_gives_the_records_of_the_whole_file_path(monkeypatch, module, fmt, path):
    whole = _records_and_problems(read(fmt, path, today=TODAY))
    monkeypatch.setattr(module, "STREAM_AT", 0)
    streamed = _records_and_problems(read(fmt, path, today=TODAY))
    assert streamed == whole
    assert whole[0]  # the sample has records


def test_a_claimreview_array_streams_with_the_same_lines(monkeypatch, tmp_path):
    items = [
        {
            "@type": "ClaimReview",
            "claimReviewed": f"Claim number {n}.",
            "url": f"https://checks.example.org/{n}",
            "author": {"name": "Example Checks"},
            "reviewRating": {"alternateName": "False" if n % 2 else "Not a known label"},
        }
        for n in range(6)
    ]
    items.insert(3, {"@type": "ClaimReview", "claimReviewed": "No rating."})
    source = tmp_path / "array.json"
    source.write_text(json.dumps(items, indent=2), "utf-8")
    whole = _records_and_problems(read("claimreview", source, today=TODAY))
    monkeypatch.setattr(claimreview, "STREAM_AT", 0)
    assert _records_and_problems(read("claimreview", source, today=TODAY)) == whole
    assert len(whole[0]) == 6 and len(whole[1]) == 1
    assert [r["verdict"].get("rating") for r in whole[0]] == [None, "false"] * 3
    assert datacommons.NAME == "datacommons"  # the feed streams already (cleaning.json_array)


def test_an_item_cut_by_the_buffer_is_decoded_a_few_times_not_once_per_chunk(monkeypatch, tmp_path):
    from factcheck.formats import cleaning

    calls = []
    real = cleaning._DECODER.raw_decode

    class Counting:
        def raw_decode(self, text, pos):
            calls.append(len(text) - pos)
            return real(text, pos)

    monkeypatch.setattr(cleaning, "_DECODER", Counting())
    monkeypatch.setattr(cleaning, "_CHUNK", 1 << 10)
    big = {"text": "x" * (1 << 16)}  # 64 chunks long
    source = tmp_path / "big.json"
    source.write_text('{"claims": [' + json.dumps(big) + "]}", "utf-8")
    import re

    items = list(cleaning.json_array(source, re.compile(r'"claims"\s*:\s*\[')))
    assert [item for _, item in items] == [big]
    assert len(calls) <= 10  # the buffer doubles: log2(64) + a few, not 64 decodes
