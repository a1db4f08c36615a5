"""The Arrow schema (one definition, published, in step with the models), to_arrow() of a
release read straight from its file, and Parquet partitioned by claim year."""

from __future__ import annotations

import datetime
import json
import sys
import types
import typing
from pathlib import Path

import msgspec
import pytest
from pydantic import BaseModel

from factcheck import UsageError, load
from factcheck.files import schemas_dir
from factcheck.formats import exporting, tables
from factcheck.model import models
from factcheck.model.arrow import ARROW_SCHEMA_FILE, arrow_schema_document
from factcheck.model.manifest import file_entry
from factcheck.model.records import RECORD_DECODER
from factcheck.store.dataset import Dataset
from factcheck.store.releases import release

from .conftest import TODAY, make_dataset

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pads = pytest.importorskip("pyarrow.dataset")

ROOT = Path(__file__).resolve().parent.parent


# The schema -----------------------------------------------------------------------------------


def _integration_json(field) -> dict:
    """A pyarrow field in Arrow's integration-test JSON form, written independently of
    factcheck.model.arrow (which derives it from the records)."""
    kind, children = field.type, []
    if pa.types.is_struct(kind):
        name = {"name": "struct"}
        children = [_integration_json(kind.field(i)) for i in range(kind.num_fields)]
    elif pa.types.is_list(kind):
        name = {"name": "list"}
        children = [_integration_json(kind.value_field)]
    elif pa.types.is_date32(kind):
        name = {"name": "date", "unit": "DAY"}
    elif pa.types.is_int64(kind):
        name = {"name": "int", "bitWidth": 64, "isSigned": True}
    elif pa.types.is_string(kind):
        name = {"name": "utf8"}
    else:
        raise AssertionError(f"unexpected Arrow type {kind}")
    return {"name": field.name, "nullable": field.nullable, "type": name, "children": children}


def test_the_published_arrow_schema_is_the_schema_of_the_tables():
    committed = json.loads((schemas_dir() / ARROW_SCHEMA_FILE).read_text("utf-8"))
    assert committed == arrow_schema_document()
    assert committed == {"fields": [_integration_json(f) for f in tables.arrow_schema()]}


def _model_of(annotation) -> tuple[str, typing.Any]:
    """What an annotation of the pydantic models is, as ("struct", model), ("list", item),
    ("date", None) or ("utf8", None), with ``Annotated`` and ``| None`` taken off."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (annotation,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _model_of(annotation)
    if typing.get_origin(annotation) is list:
        return "list", typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "struct", annotation
    if annotation is datetime.date:
        return "date", None
    if annotation is int:
        return "int", None
    return "utf8", None


def _check_against_model(model: type[BaseModel], fields: list[dict], where: str) -> None:
    assert [f["name"] for f in fields] == list(model.model_fields), where
    for (name, info), field in zip(model.model_fields.items(), fields, strict=True):
        here = f"{where}.{name}"
        assert field["nullable"] == (not info.is_required()), here
        _check_type(info.annotation, field, here)


def _check_type(annotation, field: dict, where: str) -> None:
    kind, inner = _model_of(annotation)
    assert field["type"]["name"] == kind, where
    if kind == "struct":
        _check_against_model(inner, field["children"], where)
    elif kind == "list":
        (item,) = field["children"]
        _check_type(inner, item, f"{where}[]")
    elif kind == "date":
        assert field["type"] == {"name": "date", "unit": "DAY"}, where


def test_the_arrow_schema_has_every_field_of_the_models_with_its_type():
    """A field added to the models (the source of truth) and missing here fails this test."""
    _check_against_model(models.Record, arrow_schema_document()["fields"], "record")


def test_nested_parts_are_structs_and_lists_and_dates_are_date32():
    schema = tables.arrow_schema()
    assert pa.types.is_struct(schema.field("claim").type)
    assert schema.field("claim").type.field("date").type == pa.date32()
    assert schema.field("verdict").type.field("reviewed").type == pa.date32()
    evidence = schema.field("evidence").type
    assert pa.types.is_list(evidence) and pa.types.is_struct(evidence.value_type)
    assert evidence.value_type.field("published").type == pa.date32()
    assert not schema.field("id").nullable and schema.field("claim").type.field("date").nullable


# to_arrow() of a release ---------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0.0", "2.0.0", "2.0.1"])
def test_to_arrow_of_a_bundled_release_reads_its_file_and_equals_the_encoded_records(version):
    ds = load("iraq-2020", version)
    assert tables._read_release_file(ds) is not None  # the direct path is taken
    direct, encoded = ds.to_arrow(), ds[:].to_arrow()
    assert tables._read_release_file(ds[:]) is None  # a slice is encoded
    assert direct.equals(encoded)
    assert direct.schema.metadata == encoded.schema.metadata
    assert direct.schema.metadata[b"factcheck.version"] == version.encode()


def test_to_arrow_of_a_generated_release_equals_the_encoded_records(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import write_release
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    write_release(tmp_path / "generated", 500)
    ds = load(tmp_path / "generated" / "releases" / "1.0.0")
    assert tables._read_release_file(ds) is not None
    assert ds.to_arrow().equals(ds[:].to_arrow())
    assert ds.to_arrow().num_rows == 500


@pytest.fixture
def demo(tmp_path, record):
    second = json.loads(json.dumps(record))
    second["id"] = "second-claim"
    second["claim"]["text"] = "A second, different claim about Iraq."
    folder = make_dataset(tmp_path, [record, second])
    release("demo", "1.0.0", root=tmp_path, today=TODAY)
    return folder


def test_to_arrow_encodes_the_records_when_the_file_changed_after_loading(demo):
    ds = load("demo", root=demo.parent)
    expected = ds[:].to_arrow()
    records = demo / "releases" / "1.0.0" / "records.jsonl"
    lines = records.read_bytes().splitlines(keepends=True)
    records.write_bytes(lines[0])  # one record fewer: not what was loaded and checked
    assert tables._read_release_file(ds) is None
    assert ds.to_arrow().equals(expected)
    records.unlink()
    records.symlink_to(demo / "dataset.json")
    assert tables._read_release_file(ds) is None
    assert ds.to_arrow().equals(expected)


def test_a_release_that_spells_out_empty_appearances_gives_the_table_of_its_records(demo):
    """Written out or left out, an empty list is an empty list in the table."""
    folder = demo / "releases" / "1.0.0"
    lines = []
    for line in (folder / "records.jsonl").read_bytes().splitlines():
        data = json.loads(line)
        data["claim"]["appearances"] = []
        lines.append(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    data = b"\n".join(lines) + b"\n"
    (folder / "records.jsonl").write_bytes(data)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["files"]["records.jsonl"] = msgspec.to_builtins(file_entry(data))
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    ds = load("demo", root=demo.parent)
    table = ds.to_arrow()
    assert table.equals(ds[:].to_arrow())
    appearances = table.column("claim").combine_chunks().field("appearances")
    assert appearances.to_pylist() == [[], []]


# Partitioned Parquet -------------------------------------------------------------------------


def _partitioning():
    return pads.partitioning(pa.schema([("claim_year", pa.int32())]), flavor="hive")


def _read_folder(folder: Path):
    return pads.dataset(folder, format="parquet", partitioning=_partitioning()).to_table()


@pytest.fixture(scope="module")
def iraq():
    return load("iraq-2020")


def test_a_partitioned_export_holds_every_record_once_by_the_year_of_its_claim(iraq, tmp_path):
    out = tmp_path / "iraq"
    written = exporting.write_parquet_dataset(iraq, out)
    years = sorted({r.claim.date.year for r in iraq})
    assert [p.parent.name for p in written] == [f"claim_year={y}" for y in years]
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == sorted(
        p.relative_to(out) for p in written
    )
    table = _read_folder(out)
    assert table.num_rows == len(iraq)
    rows = sorted(table.to_pylist(), key=lambda row: row["id"])
    expected = iraq.to_arrow().to_pylist()
    assert [{k: v for k, v in row.items() if k != "claim_year"} for row in rows] == expected
    assert all(row["claim_year"] == row["claim"]["date"].year for row in rows)


def test_each_file_carries_the_arrow_schema_and_the_dataset_s_metadata(iraq, tmp_path):
    for path in exporting.write_parquet_dataset(iraq, tmp_path / "iraq"):
        file = pq.ParquetFile(path)
        assert b"ARROW:schema" in file.metadata.metadata  # readers need not infer types
        schema = file.schema_arrow
        assert schema.remove_metadata().equals(tables.arrow_schema())
        assert schema.metadata[b"factcheck.dataset"] == b"iraq-2020"
        assert schema.metadata[b"factcheck.version"] == iraq.version.encode()
        ids = file.read(columns=["id"]).column("id").to_pylist()
        assert ids == sorted(ids)


def test_records_without_a_claim_date_are_in_the_null_partition(iraq, tmp_path):
    undated = [
        msgspec.structs.replace(r, claim=msgspec.structs.replace(r.claim, date=None))
        for r in list(iraq)[:5]
    ]
    ds = Dataset([*undated, *list(iraq)[5:]], name="mixed", version="dev")
    written = exporting.write_parquet_dataset(ds, tmp_path / "mixed")
    assert written[-1].parent.name == "claim_year=__HIVE_DEFAULT_PARTITION__"
    table = _read_folder(tmp_path / "mixed")
    nulls = [row for row in table.to_pylist() if row["claim_year"] is None]
    assert sorted(row["id"] for row in nulls) == sorted(r.id for r in undated)
    assert table.num_rows == len(ds)


def test_a_large_partition_is_split_into_numbered_files(iraq, tmp_path, monkeypatch):
    monkeypatch.setattr(exporting, "ROWS_PER_FILE", 10)
    written = exporting.write_parquet_dataset(iraq, tmp_path / "iraq")
    in_2020 = sum(r.claim.date.year == 2020 for r in iraq)
    files = [p.name for p in written if p.parent.name == "claim_year=2020"]
    assert files == [f"part-{n}.parquet" for n in range(-(-in_2020 // 10))]
    assert _read_folder(tmp_path / "iraq").num_rows == len(iraq)


def test_an_empty_dataset_gives_one_file_with_the_schema(iraq, tmp_path):
    empty = iraq.filter(claimant="nobody at all")
    (path,) = exporting.write_parquet_dataset(empty, tmp_path / "none")
    file = pq.ParquetFile(path)
    assert file.metadata.num_rows == 0
    assert file.schema_arrow.remove_metadata().equals(tables.arrow_schema())


def test_an_earlier_export_is_replaced_and_any_other_folder_is_left_alone(iraq, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    iraq.to_parquet(out, partition_by="claim_year")  # an empty folder may be filled
    stale = out / "claim_year=1999"
    stale.mkdir()
    (stale / "part-0.parquet").write_bytes(b"old")
    iraq.export(out, partition_by="claim_year")
    assert not stale.exists() and _read_folder(out).num_rows == len(iraq)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError, match=r"mine holds notes.txt, which is not part of a "):
        iraq.export(mine, partition_by="claim_year")
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    link = tmp_path / "link"
    link.symlink_to(out, target_is_directory=True)
    with pytest.raises(UsageError, match=r"link is a symbolic link"):
        iraq.export(link, partition_by="claim_year")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"partition_by": "rating"}, r"cannot partition by 'rating'; choose one of: claim_year"),
        (
            {"format": "csv", "partition_by": "claim_year"},
            r"partition_by writes a folder of Parquet files; it does not apply to the csv",
        ),
        ({"partition_by": 2020}, r"partition_by must be a str, not int 2020"),
    ],
)
def test_a_wrong_partitioning_is_refused(iraq, tmp_path, kwargs, message):
    with pytest.raises(UsageError, match=message):
        iraq.export(tmp_path / "out", **kwargs)
    assert not (tmp_path / "out").exists()


def test_a_partitioned_export_is_refused_a_name_that_says_another_format(iraq, tmp_path):
    with pytest.raises(UsageError, match=r"it does not apply to the csv format"):
        iraq.export(tmp_path / "out.csv", partition_by="claim_year")
    assert not (tmp_path / "out.csv").exists()
    iraq.export(tmp_path / "out.parquet", partition_by="claim_year")
    assert (tmp_path / "out.parquet" / "claim_year=2020" / "part-0.parquet").is_file()


def test_a_release_s_parquet_copy_has_the_same_schema(tmp_path, record):
    make_dataset(tmp_path, [record])
    release("demo", "1.0.0", root=tmp_path, today=TODAY, parquet=True)
    schema = pq.read_schema(tmp_path / "demo" / "releases" / "1.0.0" / "records.parquet")
    assert schema.remove_metadata().equals(tables.arrow_schema())
    assert schema.metadata[b"factcheck.version"] == b"1.0.0"  # not the working copy's "dev"


def test_the_command_writes_a_partitioned_folder(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("export", "iraq-2020", "--partition-by", "claim_year", "-o", "pq")
    assert (code, err) == (0, "")
    version = load("iraq-2020").version
    assert out == f"wrote 84 records of iraq-2020 {version} to pq/, one folder per claim_year\n"
    assert _read_folder(tmp_path / "pq").num_rows == 84
    code, _, err = run_cli(
        "export", "iraq-2020", "--partition-by", "claim_year", "--format", "csv", "-o", "x"
    )
    assert code == 2 and "does not apply to the csv format" in err


def test_records_decode_from_the_parquet_rows(iraq, tmp_path):
    """The rows are the records: a row (dates as ISO text, nulls left out) decodes back."""
    exporting.write_parquet_dataset(iraq, tmp_path / "iraq")
    table = pads.dataset(tmp_path / "iraq", format="parquet").to_table()

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, datetime.date) else value

    decoded = {
        row["id"]: RECORD_DECODER.decode(msgspec.json.encode(plain(row)))
        for row in table.to_pylist()
    }
    assert [decoded[record.id] for record in iraq] == list(iraq)


def test_the_arrow_benchmark_runs(tmp_path):
    """A smoke run of benchmarks/arrow.py (the real run is 100,000 records, not in CI)."""
    import subprocess

    out = tmp_path / "arrow.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "arrow.py"),
            *("--records", "300", "--repeat", "1", "--validate-runs", "1", "--json", str(out)),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    results = json.loads(out.read_text())
    tasks = {row["task"]: row for row in results["arrow"]}
    assert tasks["Dataset.to_arrow() of the release (read directly)"]["records"] == 300
    assert results["validate"][0]["imports_pydantic"] is False


def test_a_partitioned_export_cannot_go_to_standard_output(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("export", "iraq-2020", "--partition-by", "claim_year", "-o", "-")
    assert (code, out) == (2, "")
    assert "--partition-by writes a folder of files: give it with -o, not -" in err
