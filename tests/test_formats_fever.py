"""FEVER JSON Lines → records, on real rows of ``paper_dev.jsonl`` (tests/data/formats/fever)."""

from __future__ import annotations

import json
import tracemalloc
from datetime import date
from pathlib import Path

from factcheck.formats import read

SAMPLE = Path(__file__).parent / "data" / "formats" / "fever" / "sample.jsonl"
TODAY = date(2026, 11, 25)


def _records(path: Path) -> tuple[dict[str, object], list[tuple[int, str]]]:
    stream = read("fever", path, today=TODAY)
    records = {record.id: record for record in stream}
    return records, [(p.line, p.message) for p in stream.problems]


def test_every_real_row_converts():
    records, problems = _records(SAMPLE)
    assert problems == []
    assert len(records) == len(SAMPLE.read_text("utf-8").splitlines()) == 30


def test_a_refuted_claim_cites_its_wikipedia_pages_once_each():
    records, _ = _records(SAMPLE)
    record = records["fever-111897"]
    assert record.claim.text == "Telemundo is a English-language television network."
    assert (record.verdict.rating, record.verdict.label) == ("false", "REFUTES")
    assert [(s.url, s.title, s.stance) for s in record.evidence] == [
        ("https://en.wikipedia.org/wiki/Telemundo", "Telemundo", "refutes"),
        (
            "https://en.wikipedia.org/wiki/Hispanic_and_Latino_Americans",
            "Hispanic and Latino Americans",
            "refutes",
        ),
    ]
    assert record.history[0].note == "Imported from FEVER (sample.jsonl, line 5)."


def test_bracket_tokens_and_decomposed_accents_become_real_page_titles():
    records, _ = _records(SAMPLE)
    (soul_food,) = records["fever-137334"].evidence
    assert soul_food.title == "Soul Food (film)"
    assert soul_food.url == "https://en.wikipedia.org/wiki/Soul_Food_(film)"
    (bolivar,) = records["fever-197381"].evidence
    assert bolivar.title == "Simón Bolívar"  # NFC, as Wikipedia writes it
    assert bolivar.url == "https://en.wikipedia.org/wiki/Sim%C3%B3n_Bol%C3%ADvar"


def test_not_enough_info_is_unverifiable_with_no_evidence():
    records, _ = _records(SAMPLE)
    record = records["fever-91198"]
    assert (record.verdict.rating, record.verdict.label) == ("unverifiable", "NOT ENOUGH INFO")
    assert record.evidence == ()
    assert record.claim.date is None and record.verdict.summary is None


def test_bad_rows_are_reported_with_their_line(tmp_path):
    good = SAMPLE.read_text("utf-8").splitlines()[2]
    source = tmp_path / "bad.jsonl"
    rows = [
        good,
        '{"id": 1, "claim": "Unlabelled, as in the shared task test file."}',
        '{"id": 2, "label": "PANTS ON FIRE", "claim": "A label FEVER does not use.", '
        '"evidence": []}',
        '{"id": 3, "label": "SUPPORTS", "claim": "   ", "evidence": []}',
        "[1, 2]",
        '{"id": 4, "label": "SUPPORTS", "claim": "Cut off',
        '{"id": 5, "label": "SUPPORTS", "claim": "Bad evidence.", "evidence": [[["x"]]]}',
    ]
    source.write_text("\n".join(rows) + "\n", "utf-8")
    records, problems = _records(source)
    assert list(records) == ["fever-137334", "fever-2"]
    # a label FEVER does not use keeps its row: not normalized, the label verbatim
    assert (records["fever-2"].verdict.rating, records["fever-2"].verdict.label) == (
        None,
        "PANTS ON FIRE",
    )
    assert [line for line, _ in problems] == [2, 4, 5, 6, 7]
    messages = dict(problems)
    assert "no label" in messages[2]
    assert "no claim text" in messages[4]
    assert "not list" in messages[5]
    assert messages[6] == "not JSON at column 41: unterminated string starting"
    assert "evidence entry" in messages[7]


def test_a_large_file_streams_in_bounded_memory(tmp_path):
    """Memory grows only by the duplicate check's keys, not with the records read.

    8,000 lines here; FEVER's train.jsonl has 145,449, for which the same growth per row
    comes to well under 50 MB (the records themselves would take over 200 MB).
    """
    base = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines()]
    source = tmp_path / "train.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for n in range(8_000):
            row = dict(base[n % len(base)], id=n, claim=f"{base[n % len(base)]['claim']} #{n}")
            out.write(json.dumps(row) + "\n")
    stream = read("fever", source, today=TODAY)
    tracemalloc.start()
    count = 0
    for count, _record in enumerate(stream, start=1):
        if count == 1_000:
            tracemalloc.reset_peak()
            baseline = tracemalloc.get_traced_memory()[0]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 8_000 and stream.problems == []
    # An id and a 12-byte claim hash per row, in two dicts: a few hundred bytes a row.
    assert (peak - baseline) / (count - 1_000) < 400
