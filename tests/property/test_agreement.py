"""Property tests: the models and the JSON Schema accept and refuse the same records, and
what the mutations break is always reported with the expected code."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import HealthCheck, given, settings

from factcheck.model.models import Record
from factcheck.model.schema import record_schema
from factcheck.testing import mutated_records, records
from factcheck.validation.reading import read_json_bytes
from factcheck.validation.structure import check_structure

_validator = jsonschema.Draft202012Validator(
    record_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
_settings = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _model_accepts(data) -> bool:
    return check_structure(Record, data)[0] is not None


@_settings
@given(records())
def test_valid_records_pass_both(data):
    assert _model_accepts(data)
    assert list(_validator.iter_errors(data)) == []


@_settings
@given(mutated_records())
def test_mutated_records_fail_both_with_the_expected_code(case):
    data, code = case
    model, issues = check_structure(Record, data)
    assert model is None
    assert code in {issue.code for issue in issues}
    assert not _validator.is_valid(data)


@_settings
@given(records())
def test_read_write_read_is_lossless(data):
    text = json.dumps(data, indent=2, ensure_ascii=False).encode()
    assert read_json_bytes(text).documents[0].data == data
    record = Record.model_validate(data)
    assert record.model_dump(mode="json", exclude_defaults=True) == {
        key: value for key, value in data.items()
    }
