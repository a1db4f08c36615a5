"""MultiFC TSV → records. No real rows were available (see tests/data/formats/multifc/
SOURCE.md): these tests check the column mapping on constructed rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from factcheck.formats import read
from factcheck.formats.importing import import_dataset
from factcheck.validation.checker import validate

SAMPLE = Path(__file__).parent / "data" / "formats" / "multifc" / "constructed.tsv"
TODAY = date(2026, 11, 25)


def test_columns_map_and_unmapped_site_labels_are_reported(tmp_path):
    stream = read("multifc", SAMPLE, today=TODAY)
    record, headed, unmapped = list(stream)
    assert record.id == "multifc-pomt-00001"
    assert (record.verdict.label, record.verdict.rating) == ("pants on fire!", "false")
    assert record.verdict.reviewer == "MultiFC site pomt"  # checker is None
    assert record.verdict.explanation == "Constructed reason."
    assert record.verdict.reviewed == date(2016, 3, 3)  # "March 3, 2016"
    assert record.claim.claimant.name == "Jane Example"
    assert record.claim.date is None  # "None": not crawled
    assert record.claim.context == "Tags: ['a', 'b']."
    assert "fact check https://www.politifact.com/example/" in record.history[0].note
    # "determination: misleading": the heading is dropped, the label kept as written.
    assert (headed.verdict.label, headed.verdict.rating) == (
        "determination: misleading",
        "misleading",
    )
    # a label no table maps keeps its row, not normalized
    assert (unmapped.verdict.label, unmapped.verdict.rating) == ("spins the facts", None)
    problems = [(p.line, p.message) for p in stream.problems]
    assert [line for line, _ in problems] == [4]
    assert problems[0][1].startswith("no label column")
    result = import_dataset("multifc", SAMPLE, tmp_path / "multifc-sample", today=TODAY)
    assert result.records == 3 and validate([tmp_path / "multifc-sample"]).errors == []
    assert (result.not_normalized, result.unmapped_labels) == (1, [("spins the facts", 1)])


def _problems(stream) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in stream.problems]


def test_a_csv_copy_with_a_header_is_read_by_column_name(tmp_path):
    # The Hugging Face copy (pszemraj/multi_fc) is CSV with a header row, names the claim
    # date "climate", and may carry an unnamed index column; quoted fields may span lines.
    source = tmp_path / "train.csv"
    source.write_text(
        ",claimID,claim,label,claimURL,reason,categories,speaker,checker,tags,"
        "article title,publish date,climate,entities\n"
        '0,tron-00001,"A claim, quoted,\nover two lines.",fiction!,None,None,None,None,'
        'None,None,None,None,"March 3, 2016",None\n'
        "1,tron-00002,Another claim.,mostly fiction!,None,None,None,None,None,None,None,"
        "None,None,None\n",
        encoding="utf-8",
    )
    stream = read("multifc", source, today=TODAY)
    record, unmapped = list(stream)
    assert (unmapped.id, unmapped.verdict.rating) == ("multifc-tron-00002", None)
    assert record.id == "multifc-tron-00001"
    assert record.claim.text == "A claim, quoted, over two lines."
    assert (record.verdict.label, record.verdict.rating) == ("fiction!", "false")
    assert record.claim.date == date(2016, 3, 3)  # from "climate"
    assert "(train.csv, line 2)" in record.history[0].note
    assert _problems(stream) == []  # "mostly fiction!" (line 4) is kept, not normalized


def test_a_tsv_header_row_is_read_not_imported_and_may_reorder_columns(tmp_path):
    source = tmp_path / "dev.tsv"
    source.write_text("Label\tClaim_ID\tclaim\nTruth!\ttron-7\tA claim.\n", encoding="utf-8")
    stream = read("multifc", source, today=TODAY)
    (record,) = list(stream)
    assert (record.id, record.verdict.rating, record.claim.text) == (
        "multifc-tron-7",
        "true",
        "A claim.",
    )
    assert stream.problems == []


def test_a_header_without_the_claim_or_label_column_is_reported(tmp_path):
    no_claim = tmp_path / "a.csv"
    no_claim.write_text("claimID,label\nx-1,true\nx-2,false\n", encoding="utf-8")
    stream = read("multifc", no_claim, today=TODAY)
    assert list(stream) == []
    assert _problems(stream) == [(1, "the header names no claim column")]
    no_label = tmp_path / "test.tsv"
    no_label.write_text("claimID\tclaim\nx-1\tA claim.\n", encoding="utf-8")
    stream = read("multifc", no_label, today=TODAY)
    assert list(stream) == []
    assert _problems(stream)[0][0] == 2
    assert _problems(stream)[0][1].startswith("no label column: the header names none")


def test_a_csv_line_that_is_not_utf8_ends_the_reading_with_its_line(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_bytes(
        b"claimID,claim,label\nx-1,A claim.,true\nx-2,\xff,true\nx-3,Not read.,true\n"
    )
    stream = read("multifc", source, today=TODAY)
    assert [r.id for r in stream] == ["multifc-x-1"]
    assert _problems(stream) == [
        (3, "not UTF-8 (byte 0xff at column 5); the rest of the file is not read")
    ]


def test_a_broken_csv_record_ends_the_reading_where_it_starts(tmp_path):
    source = tmp_path / "broken.csv"
    source.write_text('claimID,claim,label\nx-1,A claim.,true\nx-2,"' + "x" * 200_000 + '",true\n')
    stream = read("multifc", source, today=TODAY)
    assert [r.id for r in stream] == ["multifc-x-1"]
    ((line, message),) = _problems(stream)
    assert line == 3 and message.startswith("not valid CSV: field larger than field limit")


def test_a_header_after_a_byte_order_mark_is_still_a_header(tmp_path):
    # Spreadsheets save CSV as "UTF-8 with BOM": the first cell is then "\ufeffclaimID".
    source = tmp_path / "train.csv"
    source.write_bytes(b"\xef\xbb\xbfclaimID,claim,label\r\ntron-1,A claim.,Fiction!\r\n")
    stream = read("multifc", source, today=TODAY)
    assert [(r.id, r.verdict.rating) for r in stream] == [("multifc-tron-1", "false")]
    assert stream.problems == []
