"""The Arrow schema of a table of records, derived from the typed records, and its JSON form.

Every table factcheck makes (`Dataset.to_arrow()`, the Parquet exports and a release's
`records.parquet`) has this schema, built from [`factcheck.model.records.Record`][factcheck.Record]
field
for field: an object is a `struct`, an array a `list`, a date a `date32` (days), text and
closed vocabularies `utf8`; a field that a record may leave out is nullable, a required one
is not. Nothing is inferred from the data.

The schema is published as `schemas/record.arrow.json`, in the JSON form that Arrow's
implementations use for their integration tests (a `fields` list of `name`, `nullable`,
`type` and `children`), so readers in any language can check a file against it without
pyarrow. `factcheck schema` writes the file and `factcheck schema --check` fails when it no
longer matches the records. This module needs no pyarrow; `factcheck.formats.tables` turns the
description into a `pyarrow.Schema`.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from .records import Record

ARROW_SCHEMA_FILE = "record.arrow.json"
"""The file name of the published Arrow schema, in `schemas/`."""

LIST_ITEM = "item"
"""The name of a list's item field (pyarrow's, Spark's and DuckDB's default)."""


def arrow_fields() -> list[dict[str, Any]]:
    """The fields of a table of records, as Arrow integration-JSON `Field` objects."""
    info = msgspec.inspect.type_info(Record)
    assert isinstance(info, msgspec.inspect.StructType)
    return _struct_fields(info)


def arrow_schema_document() -> dict[str, Any]:
    """The Arrow schema as the JSON document published in `schemas/record.arrow.json`."""
    return {"fields": arrow_fields()}


def render_arrow_schema() -> str:
    """The exact text committed as `schemas/record.arrow.json`."""
    return json.dumps(arrow_schema_document(), indent=2) + "\n"


def _struct_fields(info: msgspec.inspect.StructType) -> list[dict[str, Any]]:
    return [_field(f.encode_name, f.type, nullable=not f.required) for f in info.fields]


def _field(name: str, info: msgspec.inspect.Type, *, nullable: bool) -> dict[str, Any]:
    inspect = msgspec.inspect
    if isinstance(info, inspect.UnionType):
        # Only `T | None` occurs in a record: the field is T, and nullable.
        (inner,) = [t for t in info.types if not isinstance(t, inspect.NoneType)]
        return _field(name, inner, nullable=True)
    children: list[dict[str, Any]] = []
    if isinstance(info, inspect.StructType):
        kind: dict[str, Any] = {"name": "struct"}
        children = _struct_fields(info)
    elif isinstance(info, inspect.VarTupleType | inspect.ListType):
        kind = {"name": "list"}
        children = [_field(LIST_ITEM, info.item_type, nullable=True)]
    elif isinstance(info, inspect.DateType):
        kind = {"name": "date", "unit": "DAY"}
    elif isinstance(info, inspect.IntType):
        kind = {"name": "int", "bitWidth": 64, "isSigned": True}
    elif isinstance(info, inspect.StrType | inspect.EnumType):
        kind = {"name": "utf8"}
    else:  # pragma: no cover - a new kind of field needs its Arrow type here
        raise TypeError(f"no Arrow type for the record field {name!r} ({info!r})")
    return {"name": name, "nullable": nullable, "type": kind, "children": children}
