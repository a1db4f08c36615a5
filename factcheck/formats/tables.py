"""Records as tables: Arrow, pandas, Hugging Face `datasets`, and flat CSV rows.

The Arrow schema is derived from the record types of `factcheck.model.records` (see
`factcheck.model.arrow`, which also publishes it as `schemas/record.arrow.json`), so the
table always has the record's shape: structs for objects, lists for arrays, `date32` for
dates, strings for text and enums, every optional field nullable.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

import msgspec

from ..escaping import csv_cell
from ..extras import require
from ..model.arrow import arrow_fields
from ..model.ratings import Rating
from ..model.records import Record

if TYPE_CHECKING:
    import pandas
    import pyarrow

    import datasets

    from ..store.dataset import Dataset

_DATE = "date"


def _pyarrow_type(field: dict[str, Any], pa: Any, date_type: Any) -> Any:
    kind = field["type"]["name"]
    if kind == "struct":
        return pa.struct([_pyarrow_field(child, pa, date_type) for child in field["children"]])
    if kind == "list":
        (item,) = field["children"]
        return pa.list_(_pyarrow_field(item, pa, date_type))
    if kind == "date":
        return date_type
    if kind == "int":
        return pa.int64()
    if kind == "utf8":
        return pa.string()
    raise TypeError(f"no pyarrow type for {field!r}")  # pragma: no cover - see model.arrow


def _pyarrow_field(field: dict[str, Any], pa: Any, date_type: Any) -> Any:
    return pa.field(field["name"], _pyarrow_type(field, pa, date_type), nullable=field["nullable"])


@cache
def arrow_schema(date_type: str = _DATE) -> pyarrow.Schema:
    """The Arrow schema of a table of records (`date_type="timestamp"` for JSON parsing).

    Built from `factcheck.model.arrow.arrow_fields`, the one definition of the table's shape,
    which `schemas/record.arrow.json` publishes.
    """
    pa = require("pyarrow", "to_arrow()")
    dates = pa.date32() if date_type == _DATE else pa.timestamp("s")
    return pa.schema([_pyarrow_field(field, pa, dates) for field in arrow_fields()])


def table_metadata(dataset: Dataset) -> dict[bytes, bytes]:
    """The metadata of a dataset's table: its name and version (empty for no version)."""
    return {
        b"factcheck.dataset": dataset.name.encode(),
        b"factcheck.version": (dataset.version or "").encode(),
    }


def to_arrow(dataset: Dataset) -> pyarrow.Table:
    """The dataset as an Arrow table (see
    [`factcheck.Dataset.to_arrow`][factcheck.Dataset.to_arrow]).

    A whole release is read straight from its `records.jsonl` by Arrow's JSON reader (the
    file is read once more and must still have the checksum the release check verified); any
    other dataset (a working copy, a slice, a filter), or a release whose file changed, is
    encoded from its records first. Both give the same table.
    """
    metadata = table_metadata(dataset)
    if not len(dataset):
        return arrow_schema().empty_table().replace_schema_metadata(metadata)
    table = _read_release_file(dataset)
    if table is None:
        table = _read_lines(b"\n".join(msgspec.json.encode(record) for record in dataset))
    return table.replace_schema_metadata(metadata)


def _read_lines(lines: bytes) -> pyarrow.Table:
    """Canonical record lines as a table. Arrow's JSON reader parses them in C++ with the
    explicit schema (an unknown field is an error, nothing is inferred); it reads dates only
    as timestamps, so they are read as timestamps and cast to dates."""
    pa = require("pyarrow", "to_arrow()")
    pa_json = require("pyarrow.json", "to_arrow()")
    table = pa_json.read_json(
        pa.BufferReader(lines),
        read_options=pa_json.ReadOptions(block_size=1 << 24),
        parse_options=pa_json.ParseOptions(
            explicit_schema=arrow_schema("timestamp"), unexpected_field_behavior="error"
        ),
    )
    return _empty_lists(table.cast(arrow_schema()))


def _read_release_file(dataset: Dataset) -> pyarrow.Table | None:
    """The table of a whole release read from its records file, or `None` to encode the
    records instead: not a whole release, or the file changed since it was loaded."""
    from ..files import Refused, read_regular_file

    source = dataset._records_file
    if source is None:
        return None
    try:
        data = read_regular_file(source.path, within=source.path.parent, limit=source.bytes)
    except (OSError, Refused):
        return None
    if len(data) != source.bytes or hashlib.sha256(data).hexdigest() != source.sha256:
        return None
    try:
        table = _read_lines(data)
    except ValueError:  # pyarrow.ArrowInvalid: whatever Arrow cannot read is encoded instead
        return None
    if table.num_rows != len(dataset):
        return None
    return table


def _empty_lists(table: pyarrow.Table) -> pyarrow.Table:
    """`table` with an empty list where a record's list field is empty, never a null.

    A record leaves a list that holds nothing (`claim.appearances`) out of its JSON, which
    the JSON reader reads as null; the record's field is an empty list, and so is the cell.
    """
    pa = require("pyarrow", "to_arrow()")
    pc = require("pyarrow.compute", "to_arrow()")
    for position, column in enumerate(table.schema):
        if not pa.types.is_struct(column.type):
            continue
        kinds = list(column.type)
        lists = [i for i, kind in enumerate(kinds) if pa.types.is_list(kind.type)]
        if not lists:
            continue
        chunks = []
        for chunk in table.column(position).chunks:
            children = chunk.flatten()
            for i in lists:
                children[i] = _without_null_lists(children[i], pa, pc)
            chunks.append(pa.StructArray.from_arrays(children, fields=kinds, mask=chunk.is_null()))
        table = table.set_column(position, column, pa.chunked_array(chunks, column.type))
    return table


def _without_null_lists(lists: Any, pa: Any, pc: Any) -> Any:
    """`lists` (a list array) with every null an empty list.

    The JSON reader gives a null list an empty range of values, so the same offsets and
    values make the array without copying them; other arrays are filled (slower, same result).
    """
    if not lists.null_count:
        return lists
    offsets = lists.offsets
    held = pc.sum(pc.list_value_length(lists)).as_py() or 0
    if offsets[len(offsets) - 1].as_py() - offsets[0].as_py() == held:
        return pa.ListArray.from_arrays(offsets, lists.values, type=lists.type)
    return pc.fill_null(lists, pa.scalar([], lists.type))


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


def rating_names() -> list[str]:
    """The class names of `verdict.rating` in `to_hf`: the rating scale in its documented
    order (`factcheck.model.ratings.Rating`), so class `0` is `true`."""
    return [rating.value for rating in Rating]


def hf_features() -> Any:
    """The Hugging Face features of `to_hf`: those of the Arrow schema, with
    `verdict.rating` a `ClassLabel` on the rating scale (`rating_names`)."""
    hf = require("datasets", "to_hf()")
    features = hf.Features.from_arrow_schema(arrow_schema())
    features["verdict"]["rating"] = hf.ClassLabel(names=rating_names())
    return features


def to_hf(dataset: Dataset) -> datasets.Dataset:
    """The dataset as a Hugging Face dataset (see `factcheck.Dataset.to_hf`)."""
    hf = require("datasets", "to_hf()")
    features = hf_features()
    table = _rating_classes(to_arrow(dataset).replace_schema_metadata(None))
    meta = dataset.info
    info = hf.DatasetInfo(
        description=meta.description if meta else "",
        citation=meta.citation if meta else "",
        homepage=(meta.site or "") if meta else "",
        license=meta.license if meta else "",
        features=features,
        dataset_name=dataset.name,
        version=_hf_version(dataset.version),
    )
    return hf.Dataset(hf.table.InMemoryTable(table), info=info)


def _rating_classes(table: pyarrow.Table) -> pyarrow.Table:
    """`table` with `verdict.rating` as its class number on the scale (`rating_names`),
    the storage of a `ClassLabel`; only that column is rebuilt, the others are shared."""
    pa = require("pyarrow", "to_hf()")
    pc = require("pyarrow.compute", "to_hf()")
    names = pa.array(rating_names())
    position = table.schema.get_field_index("verdict")
    kinds = list(table.schema.field(position).type)
    rating = [kind.name for kind in kinds].index("rating")
    kinds[rating] = pa.field("rating", pa.int64(), nullable=kinds[rating].nullable)
    chunks = []
    for chunk in table.column(position).chunks:
        children = chunk.flatten()
        # Every rating is on the scale (the records are typed); a verdict that is not
        # normalized has none, and its class stays null: an unlabelled example, not a class.
        children[rating] = pc.index_in(children[rating], value_set=names).cast(pa.int64())
        chunks.append(pa.StructArray.from_arrays(children, fields=kinds, mask=chunk.is_null()))
    verdict = pa.field("verdict", pa.struct(kinds), nullable=table.schema.field(position).nullable)
    return table.set_column(position, verdict, pa.chunked_array(chunks, verdict.type))


def _hf_version(version: str | None) -> Any:
    """A release's version for `DatasetInfo.version` (`None` for a working copy)."""
    from ..model.versions import Version

    try:
        Version.parse(version or "")
    except ValueError:
        return None
    return version


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
