"""The generated JSON Schema: well formed, documented, and in step with the models."""

from __future__ import annotations

import json

import jsonschema
import pytest

from factcheck.files import schemas_dir
from factcheck.model.schema import SCHEMA_FILES, dataset_schema, record_schema


@pytest.mark.parametrize("schema_file", SCHEMA_FILES, ids=lambda s: s.filename)
def test_schema_is_valid_draft_2020_12_with_an_id(schema_file):
    schema = schema_file.generate()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:factcheck:schema:")


def _properties(schema):
    yield from schema.get("properties", {}).items()
    for definition in schema.get("$defs", {}).values():
        yield from definition.get("properties", {}).items()


@pytest.mark.parametrize("schema", [record_schema(), dataset_schema()], ids=["record", "dataset"])
def test_every_field_has_a_description(schema):
    for name, prop in _properties(schema):
        assert prop.get("description"), name


def test_every_scalar_field_has_an_example():
    for name, prop in _properties(record_schema()):
        if "$ref" not in prop and prop.get("type") != "array":
            assert prop.get("examples"), name


def test_committed_schema_files_match_the_models():
    for schema_file in SCHEMA_FILES:
        committed = json.loads((schemas_dir() / schema_file.filename).read_text("utf-8"))
        assert committed == schema_file.generate()


def test_optional_fields_are_not_nullable_in_the_schema():
    source = record_schema()["$defs"]["Source"]["properties"]
    assert source["speaker"]["type"] == "string"
    assert "default" not in source["speaker"]
