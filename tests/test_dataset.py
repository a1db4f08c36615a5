"""The Dataset object: lookup, filters, tables (Arrow, pandas, HF) and exports."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date

import pytest

from factcheck import MissingExtraError, Rating, UsageError, load, load_path
from factcheck.formats.tables import csv_columns

from .conftest import TODAY


@pytest.fixture(scope="module")
def ds():
    return load("iraq-2020")


def test_sequence_and_lookup(ds):
    assert len(ds) == len(list(ds)) == len(ds.ids)
    assert ds.ids == sorted(ds.ids)
    seed = ds["us-withdrawing-from-iraq"]
    assert ds[ds.ids.index(seed.id)] is seed
    assert "us-withdrawing-from-iraq" in ds and "nope" not in ds
    assert ds.get("nope") is None
    with pytest.raises(KeyError, match=r"no record 'nope' in 'iraq-2020'"):
        ds["nope"]
    head = ds[:3]
    assert (len(head), head.name, head.version) == (3, ds.name, ds.version)
    assert repr(ds) == f"<Dataset 'iraq-2020' version={ds.version!r}: {len(ds)} records>"


def test_records_are_typed(ds):
    seed = ds["us-withdrawing-from-iraq"]
    assert isinstance(seed.claim.date, date)
    assert isinstance(seed.verdict.rating, Rating)
    assert isinstance(seed.evidence[0].published, date)
    with pytest.raises(AttributeError):
        seed.id = "changed"  # records are immutable


def test_filter_by_each_condition(ds):
    false = ds.filter(rating="false")
    assert len(false) == sum(r.verdict.rating is Rating.FALSE for r in ds) > 0
    assert "us-withdrawing-from-iraq" in false
    several = ds.filter(rating=["false", Rating.MOSTLY_FALSE])
    assert {r.verdict.rating for r in several} == {Rating.FALSE, Rating.MOSTLY_FALSE}
    letter = ds.filter(topic="seely-letter")
    assert letter and all("seely-letter" in r.topics for r in letter)
    trump = ds.filter(claimant="TRUMP")
    assert trump and all("trump" in r.claim.claimant.name.lower() for r in trump)
    window = ds.filter(since="2020-01-06", until=date(2020, 1, 7))
    assert window and all(date(2020, 1, 6) <= r.claim.date <= date(2020, 1, 7) for r in window)
    both = ds.filter(rating="false", topic="seely-letter")
    assert set(both.ids) == set(false.ids) & set(letter.ids)
    assert len(ds.filter(lambda r: len(r.evidence) >= 5)) == sum(len(r.evidence) >= 5 for r in ds)


def test_filter_rejects_unknown_values(ds):
    with pytest.raises(UsageError, match=r"unknown rating.*the scale is: true, mostly-true"):
        ds.filter(rating="pants-on-fire")
    with pytest.raises(UsageError, match=r"since='6 Jan' is not a date"):
        ds.filter(since="6 Jan")


def test_to_arrow_mirrors_the_record(ds):
    import pyarrow as pa

    table = ds.to_arrow()
    assert table.num_rows == len(ds)
    assert table.column_names == [
        "schema_version",
        "id",
        "claim",
        "verdict",
        "evidence",
        "topics",
        "history",
    ]
    assert table.schema.field("claim").type.field("date").type == pa.date32()
    evidence = table.schema.field("evidence").type.value_type
    assert evidence.field("published").type == pa.date32()
    assert table.schema.metadata[b"factcheck.version"] == ds.version.encode()
    assert [_present(row) for row in table.to_pylist()] == [_dates(_full(r)) for r in ds]


def _full(record):
    """A record's JSON data with the list it may leave out when empty, as the record has it."""
    data = record.to_dict()
    data["claim"].setdefault("appearances", [])
    return data


def _present(data):
    """Arrow rows without the absent optional fields (which Arrow shows as None)."""
    if isinstance(data, dict):
        return {k: _present(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_present(v) for v in data]
    return data


def _dates(data):
    """JSON data with ISO date strings turned into dates, as Arrow returns them."""
    if isinstance(data, dict):
        return {k: _dates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates(v) for v in data]
    if isinstance(data, str) and len(data) == 10 and data[4] == "-" and data[7] == "-":
        return date.fromisoformat(data)
    return data


def test_to_arrow_of_empty_dataset_has_the_schema(ds):
    table = ds.filter(rating="false", claimant="nobody at all").to_arrow()
    assert table.num_rows == 0 and table.schema.names == ds.to_arrow().schema.names


def test_to_pandas_flat_columns(ds):
    frame = ds.to_pandas()
    assert len(frame) == len(ds)
    assert {"claim.text", "claim.claimant.name", "verdict.rating", "claim.date"} <= set(frame)
    assert str(frame["claim.date"].dtype).startswith("datetime64")
    assert list(frame["verdict.rating"].cat.categories) == [r.value for r in Rating]
    seed = frame.set_index("id").loc["us-withdrawing-from-iraq"]
    assert seed["verdict.rating"] == "false"
    assert seed["evidence"][0]["publisher"] == ds["us-withdrawing-from-iraq"].evidence[0].publisher


def test_to_hf(ds):
    hf = ds.to_hf()
    assert hf.num_rows == len(ds)
    assert hf.features["claim"]["date"].dtype == "date32"
    row = hf[ds.ids.index("us-withdrawing-from-iraq")]
    rating = hf.features["verdict"]["rating"]
    assert rating.names == [r.value for r in Rating]  # the documented scale, in its order
    assert row["verdict"]["rating"] == rating.str2int("false") == 4
    assert rating.int2str(row["verdict"]["rating"]) == "false"


def test_to_hf_carries_the_dataset_card_facts(ds):
    info = ds.to_hf().info
    assert info.description == ds.info.description
    assert info.license == ds.info.license == "CC-BY-4.0"
    assert info.citation == ds.info.citation
    assert info.homepage == ds.info.site
    assert (info.dataset_name, str(info.version)) == ("iraq-2020", ds.version)


def test_to_hf_of_records_without_metadata(tmp_path, record):
    from .conftest import write_json

    write_json(tmp_path / "r" / f"{record['id']}.json", record)
    hf = load(tmp_path / "r", today=TODAY).to_hf()
    assert hf.info.license == "" and hf.info.version is None
    assert hf.features["verdict"]["rating"].int2str(hf[0]["verdict"]["rating"]) == "false"


def test_to_pandas_lists_are_numpy_arrays_and_never_null(ds):
    """What loading.md says the list columns hold."""
    import numpy

    frame = ds.to_pandas()
    for column in ("evidence", "topics", "history", "claim.appearances"):
        assert all(isinstance(cell, numpy.ndarray) for cell in frame[column]), column
    seed = frame.set_index("id").loc["us-withdrawing-from-iraq"]
    assert isinstance(seed["evidence"][0], dict) and isinstance(seed["topics"][0], str)
    without = [r.id for r in ds if not r.claim.appearances]
    assert without, "the dataset should hold a record without appearances"
    assert len(frame.set_index("id").loc[without[0], "claim.appearances"]) == 0


@pytest.mark.parametrize("format", ["jsonl", "csv", "claimreview"])
def test_text_exports_write_to_text_and_binary_file_objects(ds, tmp_path, format):
    import io

    path = ds.export(tmp_path / "out", format)
    text, binary = io.StringIO(newline=""), io.BytesIO()
    assert ds.export(text, format) is text and ds.export(binary, format) is binary
    assert text.getvalue().encode("utf-8") == binary.getvalue() == path.read_bytes()
    assert not text.closed and not binary.closed  # the caller's files stay open


def test_to_csv_and_to_parquet_take_file_objects(ds, tmp_path):
    import io

    import pyarrow.parquet as pq

    with (tmp_path / "a.csv").open("w", encoding="utf-8", newline="") as out:
        ds.to_csv(out)
    assert (tmp_path / "a.csv").read_bytes() == ds.to_csv(tmp_path / "b.csv").read_bytes()
    buffer = io.BytesIO()
    ds.to_parquet(buffer)
    assert pq.read_table(io.BytesIO(buffer.getvalue())).num_rows == len(ds)
    with pytest.raises(UsageError, match="Parquet is binary"):
        ds.to_parquet(io.StringIO())
    with pytest.raises(UsageError, match="give the format with a file object"):
        ds.export(io.BytesIO())
    with pytest.raises(UsageError, match="path must be a str or path, or a file object"):
        ds.export(42, "csv")


def test_export_jsonl_round_trips(ds, tmp_path):
    path = ds.export(tmp_path / "out.jsonl")
    assert path.read_bytes() == (ds.manifest and _release_bytes(ds))
    assert load_path(path, today=TODAY).to_dicts() == ds.to_dicts()


def _release_bytes(ds):
    from factcheck.store.catalog import default_root

    return (default_root() / ds.name / "releases" / ds.version / "records.jsonl").read_bytes()


def test_export_csv(ds, tmp_path):
    path = ds.export(tmp_path / "out.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == csv_columns()
    seed = next(r for r in rows if r["id"] == "us-withdrawing-from-iraq")
    assert seed["verdict.rating"] == "false"
    assert seed["claim.date"] == "2020-01-06"
    assert json.loads(seed["evidence"]) == ds["us-withdrawing-from-iraq"].to_dict()["evidence"]


def test_export_parquet(ds, tmp_path):
    import pyarrow.parquet as pq

    path = ds.export(tmp_path / "out.parquet")
    assert pq.read_table(path).to_pylist() == ds.to_arrow().to_pylist()


def test_export_refuses_unknown_formats_and_writes_nothing(ds, tmp_path):
    with pytest.raises(UsageError, match=r"cannot tell the format of 'out.xlsx'"):
        ds.export(tmp_path / "out.xlsx")
    with pytest.raises(UsageError, match=r"unknown export format 'xml'"):
        ds.export(tmp_path / "out.csv", "xml")
    assert list(tmp_path.iterdir()) == []


def test_failed_export_keeps_the_previous_file(ds, tmp_path, monkeypatch):
    path = tmp_path / "out.csv"
    path.write_text("previous\n", encoding="utf-8")

    def boom(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr("factcheck.model.records.Record.to_dict", boom)
    with pytest.raises(RuntimeError, match=r"disk full"):
        ds.export(path)
    assert path.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


@pytest.mark.parametrize(
    ("method", "module", "extra"),
    [
        ("to_arrow", "pyarrow", "arrow"),
        ("to_pandas", "pandas", "pandas"),
        ("to_hf", "datasets", "hf"),
    ],
)
def test_missing_extra_says_what_to_install(ds, monkeypatch, method, module, extra):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    with pytest.raises(MissingExtraError, match=rf"pip install 'factcheck-datasets\[{extra}\]'"):
        getattr(ds, method)()


def test_a_null_list_becomes_an_empty_list_whatever_its_offsets():
    import pyarrow as pa
    import pyarrow.compute as pc

    from factcheck.formats.tables import _without_null_lists

    values = pa.array([1, 2, 3])
    empty_range = pa.ListArray.from_arrays(
        pa.array([0, 1, 1, 3]), values, mask=pa.array([False, True, False])
    )
    spanning = pa.ListArray.from_arrays(
        pa.array([0, 1, 3, 3]), values, mask=pa.array([False, True, False])
    )
    assert _without_null_lists(empty_range, pa, pc).to_pylist() == [[1], [], [2, 3]]
    assert _without_null_lists(spanning, pa, pc).to_pylist() == [[1], [], []]
    assert _without_null_lists(spanning.slice(1), pa, pc).to_pylist() == [[], []]
