"""JSON Schema (draft 2020-12) generated from the models, and the check that keeps `schemas/`
(these and the Arrow schema of `factcheck.model.arrow`) in sync."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from .arrow import ARROW_SCHEMA_FILE, render_arrow_schema
from .models import SCHEMA_VERSION, DatasetInfo, Record, nested_model

DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Generator(GenerateJsonSchema):
    """Optional fields may be left out but are never `null`: show them as their inner type."""

    def nullable_schema(self, schema: Any) -> Any:
        return self.generate_inner(schema["schema"])

    def get_default_value(self, schema: Any) -> Any:
        # A default made by a factory (an empty list, the full `policy.require`) is a default
        # all the same: the schema states it, and the validator's fast path, compiled from the
        # schema, fills in the same value as the models.
        factory = schema.get("default_factory")
        if factory is not None and not schema.get("default_factory_takes_data"):
            return factory()
        return super().get_default_value(schema)

    def default_schema(self, schema: Any) -> Any:
        generated = super().default_schema(schema)
        if generated.get("default", ...) is None:
            del generated["default"]
        return generated


@dataclass(frozen=True)
class SchemaFile:
    """One generated schema: its file name and the model it describes."""

    filename: str
    model: type[BaseModel]

    @property
    def schema_id(self) -> str:
        """The schema's `$id`: a URN naming the schema and its version."""
        stem = self.filename.removesuffix(".schema.json")
        return f"urn:factcheck:schema:{stem}:{SCHEMA_VERSION}"

    def generate(self) -> dict[str, Any]:
        """Build the schema document from the model."""
        body = self.model.model_json_schema(schema_generator=_Generator)
        _describe_references(self.model, body)
        return {"$schema": DIALECT, "$id": self.schema_id, **body}

    def render(self) -> str:
        """The schema as the exact text committed in `schemas/`."""
        return json.dumps(self.generate(), indent=2, ensure_ascii=False) + "\n"


def _describe_references(model: type[BaseModel], schema: dict[str, Any]) -> None:
    """Give fields that point at another model (`$ref`) their own description.

    pydantic leaves such a property as a bare `$ref`; the field's description says what
    the nested object means *here* (e.g. `claim` vs `verdict`), so it belongs beside it.
    """
    definitions = schema.get("$defs", {})
    pending = [(model, schema)]
    while pending:
        current, current_schema = pending.pop()
        for name, field in current.model_fields.items():
            prop = current_schema.get("properties", {}).get(name)
            if prop is None:
                continue
            if "$ref" in prop and field.description and "description" not in prop:
                prop["description"] = field.description
            nested = nested_model(field.annotation)
            if nested is not None and nested.__name__ in definitions:
                pending.append((nested, definitions[nested.__name__]))


SCHEMA_FILES = (
    SchemaFile("record.schema.json", Record),
    SchemaFile("dataset.schema.json", DatasetInfo),
)


def record_schema() -> dict[str, Any]:
    """The JSON Schema of a record, as a dictionary."""
    return SCHEMA_FILES[0].generate()


def dataset_schema() -> dict[str, Any]:
    """The JSON Schema of `dataset.json`, as a dictionary."""
    return SCHEMA_FILES[1].generate()


def generated_files() -> dict[str, str]:
    """Every file of `schemas/` by name, with the text generated for it: the JSON Schemas
    and the Arrow schema of a table of records (`factcheck.model.arrow`)."""
    files = {schema_file.filename: schema_file.render() for schema_file in SCHEMA_FILES}
    files[ARROW_SCHEMA_FILE] = render_arrow_schema()
    return files


def _stale(directory: Path) -> list[tuple[Path, str]]:
    """Each schema file that is missing or differs from the models, with its new text."""
    out = []
    for filename, text in generated_files().items():
        target = directory / filename
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            out.append((target, text))
    return out


def write_schemas(directory: Path) -> list[Path]:
    """Write every out-of-date schema file into `directory`; return the files written."""
    from ..files import atomic_write_text

    directory.mkdir(parents=True, exist_ok=True)
    stale = _stale(directory)
    for target, text in stale:
        atomic_write_text(target, text)
    return [target for target, _ in stale]


def stale_schemas(directory: Path) -> list[Path]:
    """The schema files in `directory` that are missing or differ from the models."""
    return [target for target, _ in _stale(directory)]
