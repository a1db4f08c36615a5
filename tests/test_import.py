"""``factcheck import``: the output folder, its atomic replacement, exit codes and reports.

The format modules are tested one by one in ``test_formats_<name>.py``; here the command and
:func:`factcheck.formats.importing.import_dataset` are tested through one real format (FEVER,
its real sample rows in ``tests/data/formats/fever/``).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

import factcheck
from factcheck.cli.main import main
from factcheck.errors import PathNotFoundError, UsageError
from factcheck.formats import FORMATS, read
from factcheck.formats.importing import import_dataset
from factcheck.validation.checker import validate

SAMPLES = Path(__file__).parent / "data" / "formats"
FEVER = SAMPLES / "fever" / "sample.jsonl"
TODAY = date(2026, 11, 25)


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines(keepends=True)


def _exit_code(argv: list[str]) -> int:
    """What ``factcheck ARGV`` exits with (usage errors leave through SystemExit)."""
    try:
        return main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_every_format_has_a_module_with_the_contract():
    for name in FORMATS:
        module = __import__(f"factcheck.formats.{name}", fromlist=["rows"])
        assert name == module.NAME
        assert callable(module.rows) and callable(module.dataset_info)
        assert module.TITLE


def test_imported_folder_validates_and_loads(tmp_path):
    target = tmp_path / "fever-sample"
    result = import_dataset("fever", FEVER, target, today=TODAY)
    files = sorted(p.name for p in (target / "records").iterdir())
    assert result.records == len(files) > 0
    assert len(files) + len(result.problems) == len(_lines(FEVER))
    report = validate([target])
    assert report.errors == [], report.summary()
    dataset = factcheck.load_path(target)
    assert len(dataset) == result.records
    info = json.loads((target / "dataset.json").read_text("utf-8"))
    assert info["name"] == "fever-sample"
    assert info["topics"] == sorted({t for r in dataset for t in r.topics})
    assert all(r.history[0].date == TODAY for r in dataset)


def test_a_row_that_cannot_be_converted_is_reported_and_the_rest_imported(tmp_path, capsys):
    lines = _lines(FEVER)
    source = tmp_path / "mixed.jsonl"
    source.write_text(lines[0] + "{not json\n" + "".join(lines[1:]), "utf-8")
    target = tmp_path / "mixed"
    code = main(["import", "fever", str(source), "-o", str(target)])
    captured = capsys.readouterr()
    assert code == 1
    assert f"{source}:2: " in captured.err
    assert "1 row not imported" in captured.err
    imported = len(list((target / "records").iterdir()))
    assert f"imported {imported} records" in captured.out
    assert validate([target]).errors == []


def test_json_output_lists_every_problem(tmp_path, capsys):
    source = tmp_path / "bad.jsonl"
    source.write_text(_lines(FEVER)[0] + "[]\n{}\n", "utf-8")
    code = main(["import", "fever", str(source), "-o", str(tmp_path / "bad"), "--format", "json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 1
    assert result["format"] == "fever" and result["records"] == 1
    assert [p["line"] for p in result["problems"]] == [2, 3]
    assert all(p["message"] for p in result["problems"])


def test_an_existing_folder_is_refused_and_left_alone(tmp_path, capsys):
    target = tmp_path / "fever-sample"
    import_dataset("fever", FEVER, target, today=TODAY)
    before = _files(target)
    code = _exit_code(["import", "fever", str(FEVER), "-o", str(target)])
    assert code == 2
    assert "already exists; remove it or pass --replace" in capsys.readouterr().err
    assert _files(target) == before


def test_replace_swaps_the_folder_in(tmp_path):
    target = tmp_path / "fever-sample"
    earlier = import_dataset("fever", FEVER, target, today=TODAY)  # an import, unchanged since
    stale = sorted(p.name for p in (target / "records").iterdir())
    first = _lines(FEVER)[:2]
    source = tmp_path / "two.jsonl"
    source.write_text("".join(first), "utf-8")
    result = import_dataset("fever", source, target, replace=True, today=TODAY)
    names = sorted(p.name for p in (target / "records").iterdir())
    assert len(names) == result.records == 2 - len(result.problems) < earlier.records
    assert set(stale) - set(names)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fever-sample", "two.jsonl"]


def test_replace_never_swaps_out_a_file_or_a_folder_that_is_not_a_dataset(tmp_path, capsys):
    a_file, a_folder = tmp_path / "notes", tmp_path / "papers"
    a_file.write_text("mine", "utf-8")
    (a_folder / "drafts").mkdir(parents=True)
    (a_folder / "drafts" / "paper.tex").write_text("mine too", "utf-8")
    for target, why in [(a_file, "is a file"), (a_folder, "is a folder with no dataset.json")]:
        assert _exit_code(["import", "fever", str(FEVER), "-o", str(target), "--replace"]) == 2
        assert f"{target} {why}, not a dataset folder; --replace" in capsys.readouterr().err
    assert a_file.read_text("utf-8") == "mine"
    assert (a_folder / "drafts" / "paper.tex").read_text("utf-8") == "mine too"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert import_dataset("fever", FEVER, empty, replace=True, today=TODAY).records > 0


@pytest.mark.parametrize("name", ["FEVER train", "fever_train", "-fever", "fever--train"])
def test_folder_name_must_be_a_slug(tmp_path, name):
    with pytest.raises(UsageError, match="not a slug"):
        import_dataset("fever", FEVER, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_usage_errors_exit_2_without_a_traceback(tmp_path, capsys):
    missing = str(tmp_path / "missing.jsonl")
    assert _exit_code(["import", "fever", missing, "-o", str(tmp_path / "x")]) == 2
    assert "missing.jsonl: no such file" in capsys.readouterr().err
    assert _exit_code(["import", "csv", str(FEVER), "-o", str(tmp_path / "x")]) == 2
    assert "invalid choice: 'csv'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_read_reports_an_unknown_format_and_a_missing_file(tmp_path):
    with pytest.raises(
        UsageError,
        match="unknown format 'csv'; choose one of: liar, fever, multifc, averitec, ",
    ):
        read("csv", FEVER)
    with pytest.raises(PathNotFoundError, match="no such file"):
        read("fever", tmp_path / "missing.jsonl")
    with pytest.raises(PathNotFoundError, match="is a folder; give the file to read"):
        read("fever", tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_as_not_a_regular_file_without_being_opened(tmp_path, capsys):
    fifo = tmp_path / "rows.jsonl"
    os.mkfifo(fifo)  # opening it would block: the check must not open it
    with pytest.raises(PathNotFoundError, match="not a regular file"):
        read("fever", fifo)
    assert _exit_code(["import", "fever", str(fifo), "-o", str(tmp_path / "x")]) == 2
    assert "rows.jsonl: not a regular file (a FIFO" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_a_repeated_row_is_a_problem_not_a_second_record(tmp_path):
    first = _lines(FEVER)[0]
    source = tmp_path / "twice.jsonl"
    source.write_text(first + first, "utf-8")
    stream = read("fever", source, today=TODAY)
    assert len(list(stream)) == 1
    assert [(p.line, "repeats the row of line 1" in p.message) for p in stream.problems] == [
        (2, True)
    ]


def test_a_file_of_another_format_writes_nothing(tmp_path, capsys):
    target = tmp_path / "wrong"
    readme = Path(__file__).parents[1] / "README.md"
    assert main(["import", "fever", str(readme), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"nothing imported: no row of {readme} could be read as fever" in err
    assert f"{readme}:1: not JSON at column 1: expecting value" in err
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_an_empty_file_writes_nothing_and_exits_1(tmp_path, capsys):
    source, target = tmp_path / "empty.jsonl", tmp_path / "empty"
    source.write_text("\n\n", "utf-8")
    assert main(["import", "fever", str(source), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err == f"nothing imported: {source} holds no fever rows; {target} was not written\n"
    assert not target.exists()


@pytest.mark.parametrize(
    ("format", "name"),
    [("fever", "deep.jsonl"), ("claimreview", "deep.json"), ("averitec", "deep.json")],
)
def test_deeply_nested_json_is_a_problem_not_a_crash(tmp_path, format, name):
    source = tmp_path / name
    source.write_text("[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    stream = read(format, source, today=TODAY)
    assert list(stream) == []
    assert [p.line for p in stream.problems] == [1]
    assert "nested too deeply" in stream.problems[0].message


@pytest.mark.parametrize(
    ("format", "sample"),
    [
        ("liar", "liar/train.tsv"),
        ("fever", "fever/sample.jsonl"),
        ("multifc", "multifc/constructed.tsv"),
        ("averitec", "averitec/dev.json"),
        ("claimreview", "claimreview/graph.json"),
        ("datacommons", "datacommons/feed.json"),
    ],
)
def test_a_byte_order_mark_opening_the_file_changes_nothing(tmp_path, format, sample):
    # Spreadsheets and Windows editors save "UTF-8 with BOM"; the records must be the same.
    source = SAMPLES / sample
    marked = tmp_path / source.name
    marked.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    plain, with_mark = read(format, source, today=TODAY), read(format, marked, today=TODAY)
    assert list(with_mark) == list(plain) != []
    assert with_mark.problems == plain.problems


def test_many_problems_are_summed_up_by_reason(tmp_path, capsys):
    source = tmp_path / "odd.jsonl"
    source.write_text("x\n" * 25 + "[1]\n" * 5, "utf-8")
    assert main(["import", "fever", str(source), "-o", str(tmp_path / "odd")]) == 1
    err = capsys.readouterr().err
    assert "30 rows not imported:" in err and "... and 10 more" in err
    assert err.endswith(
        "most frequent reasons:\n"
        "       25  not JSON at column 1: expecting value\n"
        "        5  a FEVER line is a JSON object, not list\n"
    )


def test_a_large_import_is_written_as_shards_that_load_like_files(tmp_path):
    """Past `shard_records`, the import writes JSON Lines shards of that many records (the
    last fewer), in source order; they validate, load as the same records in the same (id)
    order as a file-per-record import, and release."""
    files = tmp_path / "fever-files"
    shards = tmp_path / "fever-shards"
    one = import_dataset("fever", FEVER, files, today=TODAY)
    many = import_dataset("fever", FEVER, shards, today=TODAY, shard_records=7)
    assert one.records == many.records == 30
    names = sorted(p.name for p in (shards / "records").iterdir())
    assert names == [f"part-{n:05d}.jsonl" for n in range(5)]
    counts = [len(_lines(shards / "records" / name)) for name in names]
    assert counts == [7, 7, 7, 7, 2]
    assert all(p.suffix == ".json" for p in (files / "records").iterdir())
    # Each line is the record as a release writes it: compact canonical JSON.
    by_file = {p.stem: p.read_text("utf-8") for p in (files / "records").iterdir()}
    shard_ids = []
    for name in names:
        for line in _lines(shards / "records" / name):
            data = json.loads(line)
            pretty = by_file[data["id"]]
            assert data == json.loads(pretty)
            assert list(data) == list(json.loads(pretty))  # keys in canonical order
            compact = json.dumps(json.loads(pretty), ensure_ascii=False, separators=(",", ":"))
            assert line == compact + "\n"
            shard_ids.append(data["id"])
    assert shard_ids == [r.id for r in read("fever", FEVER, today=TODAY)]  # source order
    report = validate([shards])
    assert report.errors == [] and report.warnings == [], report.summary()
    assert report.records == 30
    loaded_files = factcheck.load(files, "dev")
    loaded_shards = factcheck.load(shards, "dev")
    assert loaded_shards.ids == loaded_files.ids == sorted(loaded_files.ids)
    assert [r.to_dict() for r in loaded_shards] == [r.to_dict() for r in loaded_files]
    manifest = factcheck.release(shards, "1.0.0", today=TODAY)
    assert manifest.records == 30
    released = factcheck.load(shards, "1.0.0")
    assert [r.to_dict() for r in released] == [r.to_dict() for r in loaded_files]
    assert validate([shards]).errors == []


def test_exactly_shard_records_records_stay_one_file_each(tmp_path):
    target = tmp_path / "fever-sample"
    result = import_dataset("fever", FEVER, target, today=TODAY, shard_records=30)
    names = [p.name for p in (target / "records").iterdir()]
    assert result.records == len(names) == 30 and all(n.endswith(".json") for n in names)


def test_a_sharded_import_is_replaced_only_while_unchanged(tmp_path, capsys):
    target = tmp_path / "fever-sample"
    import_dataset("fever", FEVER, target, today=TODAY, shard_records=7)
    again = import_dataset("fever", FEVER, target, replace=True, today=TODAY, shard_records=7)
    assert again.records == 30
    shard = target / "records" / "part-00004.jsonl"
    shard.write_text(shard.read_text("utf-8").splitlines(keepends=True)[0], "utf-8")
    before = _files(target)
    assert _exit_code(["import", "fever", str(FEVER), "-o", str(target), "--replace"]) == 2
    assert "has changed since" in capsys.readouterr().err
    assert _files(target) == before


@pytest.mark.parametrize("bad", [0, -1, True, 2.5])
def test_shard_records_must_be_a_positive_whole_number(tmp_path, bad):
    with pytest.raises(UsageError, match="shard_records="):
        import_dataset("fever", FEVER, tmp_path / "fever-sample", shard_records=bad)
    assert not (tmp_path / "fever-sample").exists()


def test_the_command_takes_shard_records(tmp_path, capsys):
    target = tmp_path / "fever-sample"
    argv = ["import", "fever", str(FEVER), "-o", str(target), "--date", TODAY.isoformat()]
    assert _exit_code([*argv, "--shard-records", "10"]) == 0
    assert sorted(p.name for p in (target / "records").iterdir()) == [
        "part-00000.jsonl",
        "part-00001.jsonl",
        "part-00002.jsonl",
    ]
    capsys.readouterr()
    assert _exit_code([*argv, "--replace", "--shard-records", "0"]) == 2
    assert "'0' is not a positive whole number of records" in capsys.readouterr().err


def test_the_docs_state_the_shard_size_the_import_uses():
    from factcheck.model.layout import SHARD_RECORDS

    docs = Path(__file__).parent.parent / "docs"
    for page in ("scale.md", "formats/index.md"):
        text = (docs / page).read_text("utf-8")
        assert f"{SHARD_RECORDS:,} records" in text and "part-00000.jsonl" in text, page
