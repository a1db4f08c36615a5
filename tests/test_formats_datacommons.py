"""The DataCommons fact-check feed → records, on a real element of the feed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from factcheck.formats import cleaning, read
from factcheck.formats.importing import import_dataset
from factcheck.validation.checker import validate

FEED = Path(__file__).parent / "data" / "formats" / "datacommons" / "feed.json"
TODAY = date(2026, 11, 25)


def _read(path: Path):
    stream = read("datacommons", path, today=TODAY)
    return list(stream), [(p.line, p.message) for p in stream.problems]


def test_the_real_element_converts_and_the_import_validates(tmp_path):
    (record,), problems = _read(FEED)
    assert problems == []
    assert record.claim.text.startswith("జమ్మూ")
    assert (record.verdict.label, record.verdict.rating, record.verdict.reviewer) == (
        "MISLEADING",
        "misleading",
        "FACTLY",
    )
    assert record.verdict.explanation.startswith("భారత్ జోడో")  # from ratingExplanation
    assert record.claim.appearances[0].publisher == "facebook.com"
    assert "line 6, review https://factly.in/telugu-rahul-gandhi" in record.history[0].note
    result = import_dataset("datacommons", FEED, tmp_path / "dc", today=TODAY)
    assert result.records == 1 and validate([tmp_path / "dc"]).errors == []


def _feed(tmp_path: Path, elements: list, name: str = "feed.json") -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps({"@type": "DataFeed", "dataFeedElement": elements}, indent=1), "utf-8"
    )
    return path


def _element(n: int) -> dict:
    real = json.loads(FEED.read_text("utf-8"))["dataFeedElement"][0]
    review = dict(real["item"][0], claimReviewed=f"Claim number {n}.", url=f"https://f.in/{n}")
    return dict(real, item=[review])


def test_elements_are_streamed_across_chunk_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(cleaning, "_CHUNK", 64)  # many partial reads per element
    path = _feed(tmp_path, [_element(n) for n in range(40)])
    found, problems = _read(path)
    assert problems == []
    assert [r.claim.text for r in found] == [f"Claim number {n}." for n in range(40)]
    lines = path.read_text("utf-8").splitlines()
    starts = [n + 1 for n, text in enumerate(lines) if text == "  {"]
    assert [int(r.history[0].note.split("line ")[1].split(",")[0]) for r in found] == starts


def test_what_is_not_a_claimreview_is_reported(tmp_path):
    media = {"@type": "MediaReview", "url": "https://f.in/m"}
    path = _feed(
        tmp_path, [_element(1), {"@type": "DataFeedItem", "item": None}, {"item": [media]}]
    )
    found, problems = _read(path)
    assert len(found) == 1
    assert [message for _, message in problems] == [
        "a DataFeedItem without an item (no review)",
        "a MediaReview is not a ClaimReview; only ClaimReviews are imported",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"@type": "WebPage"}', (1, "no JSON array where one was expected")),
        ('{"dataFeedElement": [\n {"item": []},\n {"item": [}\n]}', (3, "not valid JSON")),
        ('{"dataFeedElement": [\n {"item": []}', (2, "not valid JSON")),
    ],
)
def test_broken_feeds(tmp_path, text, expected):
    path = tmp_path / "broken.json"
    path.write_text(text, "utf-8")
    _, problems = _read(path)
    line, message = problems[-1]
    assert (line, message[: len(expected[1])]) == expected
