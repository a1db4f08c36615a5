"""LIAR TSV → records, on real lines of its ``train.tsv`` (tests/data/formats/liar)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from factcheck.formats import read
from factcheck.formats.importing import import_dataset
from factcheck.validation.checker import validate

SAMPLE = Path(__file__).parent / "data" / "formats" / "liar" / "train.tsv"
TODAY = date(2026, 11, 25)


def _read(path: Path):
    stream = read("liar", path, today=TODAY)
    records = {record.id: record for record in stream}
    return records, [(p.line, p.message) for p in stream.problems]


def test_every_real_line_converts_and_the_import_validates(tmp_path):
    records, problems = _read(SAMPLE)
    assert problems == [] and len(records) == 17
    result = import_dataset("liar", SAMPLE, tmp_path / "liar-train", today=TODAY)
    assert result.records == 17
    assert validate([tmp_path / "liar-train"]).errors == []


def test_unquoted_fields_with_quotes_are_read_as_they_are():
    records, _ = _read(SAMPLE)
    starts_with_quote = records["liar-153"].claim.text
    assert starts_with_quote.startswith("\"I'm the only person on this stage")
    assert starts_with_quote.endswith('since Watergate."')
    assert records["liar-324"].claim.text == (
        'Hillary Clinton agrees with John McCain "by voting to give George Bush the benefit '
        'of the doubt on Iran."'
    )


def test_columns_map_to_the_record():
    records, _ = _read(SAMPLE)
    record = records["liar-2635"]
    assert record.claim.claimant.name == "dwayne-bohac"
    assert (record.verdict.label, record.verdict.rating, record.verdict.reviewer) == (
        "false",
        "false",
        "PolitiFact",
    )
    assert record.topics == ("abortion",)
    assert record.claim.context == (
        "Venue: a mailer. Speaker's job title: State representative. State: Texas. "
        "Party: republican."
    )
    assert records["liar-10540"].topics == ("energy", "history", "job-accomplishments")
    assert records["liar-2940"].verdict.rating == "false"  # pants-fire
    assert records["liar-8705"].verdict.rating == "mostly-false"  # barely-true
    # Empty job and state columns are left out, not written as empty text.
    assert records["liar-1123"].claim.context == "Venue: a news release. Party: none."


def test_bad_lines_are_reported_with_their_number(tmp_path):
    good = SAMPLE.read_bytes().splitlines(keepends=True)[0]
    source = tmp_path / "bad.tsv"
    source.write_bytes(
        good
        + b"1.json\tfalse\ttoo few columns\n"
        + b"2.json\tfour-pinocchios\tA label LIAR does not use.\ta\tb\tc\td\te\t0\t0\t0\t0\t0\tf\n"
        + b"3.json\ttrue\t\xe9t\xe9 in Latin-1\ta\tb\tc\td\te\t0\t0\t0\t0\t0\tf\n"
        + b"4.json\ttrue\t   \ta\tb\tc\td\te\t0\t0\t0\t0\t0\tf\n"
    )
    records, problems = _read(source)
    assert list(records) == ["liar-2635", "liar-2"]
    # a label LIAR does not use keeps its row: not normalized, the label verbatim
    assert records["liar-2"].verdict.rating is None
    assert records["liar-2"].verdict.label == "four-pinocchios"
    assert [line for line, _ in problems] == [2, 4, 5]
    messages = dict(problems)
    assert messages[2] == "expected 14 tab-separated columns, found 3"
    assert messages[4] == "not UTF-8 (byte 0xe9 at column 13)"
    assert messages[5] == "no statement (column 3)"
