"""AVeriTeC JSON → records, on the first real items of its dev.json."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from factcheck.formats import read
from factcheck.formats.averitec import publisher_of
from factcheck.formats.importing import import_dataset
from factcheck.validation.checker import validate

SAMPLE = Path(__file__).parent / "data" / "formats" / "averitec" / "dev.json"
TODAY = date(2026, 11, 25)


def _read(path: Path):
    stream = read("averitec", path, today=TODAY)
    return {r.id: r for r in stream}, [(p.line, p.message) for p in stream.problems]


def test_real_items_convert_and_the_import_validates(tmp_path):
    records, problems = _read(SAMPLE)
    assert problems == [] and list(records) == [f"averitec-dev-{n}" for n in (1, 2, 3)]
    result = import_dataset("averitec", SAMPLE, tmp_path / "averitec-dev", today=TODAY)
    assert result.records == 3 and validate([tmp_path / "averitec-dev"]).errors == []


def test_fields_map_to_the_record():
    records, _ = _read(SAMPLE)
    first = records["averitec-dev-1"]
    assert (first.verdict.label, first.verdict.rating) == ("Refuted", "false")
    assert first.claim.claimant.name == "Unknown"  # speaker is null
    assert first.claim.date == date(2020, 10, 31)  # "31-10-2020"
    assert first.claim.context == "Reported by: Facebook. Claim types: Event/Property Claim."
    assert [s.publisher for s in first.evidence] == ["scoopertino.com", "scoopertino.com"]
    third = records["averitec-dev-3"]
    assert third.claim.claimant.name == "Consulate General Of Pakistan France"
    assert third.claim.appearances[0].publisher == "twitter.com"
    # Unanswerable answers have no URL: three sources from five answers.
    assert len(third.evidence) == 3
    assert "item at line 81" in third.history[0].note
    assert "indiatoday.in" in third.history[0].note


def test_publisher_of_an_archived_page_is_the_original_host():
    archived = "https://web.archive.org/web/20201129141238/https://scoopertino.com/x/"
    assert publisher_of(archived) == "scoopertino.com"
    assert publisher_of("https://www.aljazeera.com/news/1") == "aljazeera.com"


def test_bad_items_are_reported_with_their_line(tmp_path):
    items = json.loads(SAMPLE.read_text("utf-8"))
    bad = [
        items[0],
        {**items[1], "label": "Mostly Made Up"},
        {**items[2], "claim": " "},
        "not an object",
    ]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bad, indent=1), "utf-8")
    records, problems = _read(source)
    assert list(records) == ["averitec-bad-1", "averitec-bad-2"]
    unmapped = records["averitec-bad-2"].verdict  # kept with its label, not normalized
    assert (unmapped.rating, unmapped.label) == (None, "Mostly Made Up")
    lines = source.read_text("utf-8").splitlines()
    starts = [n + 1 for n, text in enumerate(lines) if text in (" {", ' "not an object"')]
    assert [line for line, _ in problems] == starts[2:]
    assert problems[0][1] == "no claim text ('claim')"
    assert problems[1][1] == "item 4 is not a JSON object"
