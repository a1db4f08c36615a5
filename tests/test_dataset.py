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
    assert [_present(row) for row in table.to_pylist()] == [_dates(r.to_dict()) for r in ds]


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
    assert row["verdict"]["rating"] == "false"


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
