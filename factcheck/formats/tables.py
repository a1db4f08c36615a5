"""Records as tables: Arrow, pandas, Hugging Face `datasets`, and flat CSV rows.

The Arrow schema is derived from the record types of `factcheck.model.records`, so the table
always has the record's shape: structs for objects, lists for arrays, `date32` for dates,
strings for text and enums, every optional field nullable.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

import msgspec

from ..escaping import csv_cell
from ..extras import require
from ..model.ratings import Rating
from ..model.records import Record

if TYPE_CHECKING:
    import pandas
    import pyarrow

    import datasets

    from ..store.dataset import Dataset

_DATE = "date"


def _arrow_type(info: msgspec.inspect.Type, pa: Any, date_type: Any) -> Any:
    inspect = msgspec.inspect
    if isinstance(info, inspect.StructType):
        return pa.struct(
            [
                pa.field(f.encode_name, _arrow_type(f.type, pa, date_type), nullable=_optional(f))
                for f in info.fields
            ]
        )
    if isinstance(info, inspect.UnionType):
        (inner,) = [t for t in info.types if not isinstance(t, inspect.NoneType)]
        return _arrow_type(inner, pa, date_type)
    if isinstance(info, inspect.VarTupleType | inspect.ListType):
        return pa.list_(_arrow_type(info.item_type, pa, date_type))
    if isinstance(info, inspect.DateType):
        return date_type
    if isinstance(info, inspect.IntType):
        return pa.int64()
    if isinstance(info, inspect.StrType | inspect.EnumType):
        return pa.string()
    raise TypeError(f"no Arrow type for {info!r}")  # pragma: no cover - a new field type


def _optional(field: msgspec.inspect.Field) -> bool:
    return not field.required


@cache
def arrow_schema(date_type: str = _DATE) -> pyarrow.Schema:
    """The Arrow schema of a table of records (`date_type="timestamp"` for JSON parsing)."""
    pa = require("pyarrow", "to_arrow()")
    dates = pa.date32() if date_type == _DATE else pa.timestamp("s")
    record = _arrow_type(msgspec.inspect.type_info(Record), pa, dates)
    return pa.schema(list(record))


def to_arrow(dataset: Dataset) -> pyarrow.Table:
    """The dataset as an Arrow table (see
    [`factcheck.Dataset.to_arrow`][factcheck.Dataset.to_arrow])."""
    pa_json = require("pyarrow.json", "to_arrow()")
    metadata = {b"factcheck.dataset": dataset.name.encode(), b"factcheck.version": b""}
    if dataset.version:
        metadata[b"factcheck.version"] = dataset.version.encode()
    if not len(dataset):
        return arrow_schema().empty_table().replace_schema_metadata(metadata)
    # Arrow's JSON reader parses the records in C++; it reads dates as timestamps, so the
    # table is read with timestamps and then cast to dates.
    lines = b"\n".join(msgspec.json.encode(record) for record in dataset)
    table = pa_json.read_json(
        io.BytesIO(lines),
        read_options=pa_json.ReadOptions(block_size=1 << 24),
        parse_options=pa_json.ParseOptions(
            explicit_schema=arrow_schema("timestamp"), unexpected_field_behavior="error"
        ),
    )
    return table.cast(arrow_schema()).replace_schema_metadata(metadata)


def to_pandas(dataset: Dataset) -> pandas.DataFrame:
    """The dataset as a flat pandas frame (see
    [`factcheck.Dataset.to_pandas`][factcheck.Dataset.to_pandas])."""
    pd = require("pandas", "to_pandas()")
    require("pyarrow", "to_pandas()")
    table = flatten(to_arrow(dataset))
    frame = table.to_pandas(date_as_object=False)
    frame["verdict.rating"] = pd.Categorical(
        frame["verdict.rating"], categories=[r.value for r in Rating]
    )
    return frame


def flatten(table: pyarrow.Table) -> pyarrow.Table:
    """`table` with every struct column split into one column per field (`claim.text`)."""
    pa = require("pyarrow", "flatten()")
    while any(pa.types.is_struct(field.type) for field in table.schema):
        table = table.flatten()
    return table


def to_hf(dataset: Dataset) -> datasets.Dataset:
    """The dataset as a Hugging Face dataset (see
    [`factcheck.Dataset.to_hf`][factcheck.Dataset.to_hf])."""
    hf = require("datasets", "to_hf()")
    table = to_arrow(dataset)
    return hf.Dataset(hf.table.InMemoryTable(table.replace_schema_metadata(None)))


def csv_columns() -> list[str]:
    """The CSV columns: every scalar field by its path, then the lists (as JSON)."""
    return list(_flat_paths(msgspec.inspect.type_info(Record), ""))


def _flat_paths(info: Any, prefix: str) -> Iterator[str]:
    for field in info.fields:
        kind = field.type
        if isinstance(kind, msgspec.inspect.StructType):
            yield from _flat_paths(kind, f"{prefix}{field.encode_name}.")
        else:
            yield f"{prefix}{field.encode_name}"


def csv_rows(records: Iterable[Record]) -> Iterator[list[str]]:
    """One row of strings per record, in the order of `csv_columns`.

    A text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
    `@`, a tab or a carriage return) starts with `'` instead: see
    [`factcheck.escaping.csv_cell`][factcheck.escaping.csv_cell]. Lists are JSON (they start with
    `[`); numbers, if
    a column ever holds them, are written as numbers.
    """
    columns = [path.split(".") for path in csv_columns()]
    for record in records:
        data = record.to_dict()
        row = []
        for path in columns:
            value: Any = data
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if value is None:
                row.append("")
            elif isinstance(value, list):
                row.append(json.dumps(value, ensure_ascii=False))
            elif isinstance(value, str):
                row.append(csv_cell(value))
            else:
                row.append(str(value))
        yield row
