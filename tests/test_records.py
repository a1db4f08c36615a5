"""The typed records (msgspec) mirror the pydantic models field for field."""

from __future__ import annotations

import json
import typing

import msgspec
import pytest
from hypothesis import given, settings
from pydantic import BaseModel

from factcheck.model import models, records
from factcheck.model.models import nested_model
from factcheck.testing import records as record_data

PAIRS = [
    (models.Record, records.Record),
    (models.Claim, records.Claim),
    (models.Claimant, records.Claimant),
    (models.Appearance, records.Appearance),
    (models.Source, records.Source),
    (models.Verdict, records.Verdict),
    (models.HistoryEntry, records.HistoryEntry),
    (models.DatasetInfo, records.DatasetInfo),
    (models.Maintainer, records.Maintainer),
    (models.Methodology, records.Methodology),
    (models.Policy, records.Policy),
    (models.Imported, records.Imported),
]


@pytest.mark.parametrize(("model", "struct"), PAIRS, ids=lambda c: c.__name__)
def test_same_fields_in_the_same_order_with_the_same_requiredness(model, struct):
    info = msgspec.inspect.type_info(struct)
    assert [f.name for f in info.fields] == list(model.model_fields)
    for field in info.fields:
        assert field.required == model.model_fields[field.name].is_required(), field.name


@pytest.mark.parametrize(("model", "struct"), PAIRS, ids=lambda c: c.__name__)
def test_nested_types_correspond(model: type[BaseModel], struct):
    hints = typing.get_type_hints(struct)
    for name, field in model.model_fields.items():
        inner = nested_model(field.annotation)
        if inner is not None:
            assert (inner, _struct_in(hints[name])) in PAIRS, name


def _struct_in(hint):
    if isinstance(hint, type) and issubclass(hint, msgspec.Struct):
        return hint
    for arg in typing.get_args(hint):
        if (found := _struct_in(arg)) is not None:
            return found
    return None


@settings(max_examples=60, deadline=None)
@given(record_data())
def test_every_valid_record_decodes_and_encodes_back_unchanged(data):
    models.Record.model_validate(data)
    typed = records.RECORD_DECODER.decode(json.dumps(data).encode())
    assert typed.to_dict() == data
