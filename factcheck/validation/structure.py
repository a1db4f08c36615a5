"""The structure layer: validate parsed JSON against the models, and turn pydantic's errors
into findings with rule codes, field names and hints."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..model.models import SCHEMA_VERSION, SCHEMA_VERSIONS, nested_model
from ..styling import plural
from .reading import Pointer
from .rules import RULES

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {
    "string_type": "a string",
    "list_type": "an array",
    "model_type": "an object",
    "dict_type": "an object",
    "int_type": "an integer",
    "bool_type": "true or false",
    "fc_date_type": "a date string YYYY-MM-DD",
}
_CODES = {
    "missing": "FC101",
    "extra_forbidden": "FC102",
    "enum": "FC104",
    "literal_error": "FC104",
    "fc_date": "FC105",
    "fc_url": "FC106",
    "fc_text_empty": "FC107",
    "fc_text_char": "FC107",
    "fc_text_space": "FC107",
    "fc_text_mark": "FC107",
    "fc_slug": "FC108",
    "string_too_long": "FC109",
    "too_short": "FC109",
    "too_long": "FC109",
    "greater_than_equal": "FC109",
    "less_than_equal": "FC109",
    "fc_language": "FC111",
    "fc_null": "FC112",
}
_TEXT_HINTS = {
    "fc_text_empty": "write the text, or leave the field out if it is optional",
    "fc_text_char": "delete the invisible character (retyping the words around it removes it)",
    "fc_text_space": "trim the white space",
    "fc_text_mark": "delete the mark, or put the letter it belongs to before it",
}


@dataclass(frozen=True, slots=True)
class StructureIssue:
    """One structural problem: its code, where it is, what is wrong and how to fix it."""

    code: str
    pointer: Pointer
    message: str
    hint: str
    key: bool = False


def check_structure(model: type[M], data: Any) -> tuple[M | None, list[StructureIssue]]:
    """Validate `data` against `model`; return the instance or every issue found."""
    if not isinstance(data, dict):
        return None, [
            StructureIssue(
                "FC100", (), f"expected an object, found {json_type(data)}", RULES["FC100"].hint
            )
        ]
    version = data.get("schema_version", SCHEMA_VERSION)
    if "schema_version" in model.model_fields and version not in SCHEMA_VERSIONS:
        return None, [
            StructureIssue(
                "FC110",
                ("schema_version",),
                f"schema version {version!r} is not supported (this factcheck reads "
                f"{', '.join(map(repr, SCHEMA_VERSIONS[:-1]))} and {SCHEMA_VERSIONS[-1]!r})",
                RULES["FC110"].hint,
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, [_issue(model, e) for e in error.errors(include_url=False)]


def check_record(
    model: type[M], data: Any
) -> tuple[M | None, list[StructureIssue], Salvaged | None]:
    """`check_structure`, and for data it refuses, what `salvage` makes of it, validating the
    data once."""
    version = data.get("schema_version", SCHEMA_VERSION) if isinstance(data, dict) else None
    if version not in SCHEMA_VERSIONS and "schema_version" in model.model_fields:
        return *check_structure(model, data), None  # not an object, or an unknown version
    try:
        return model.model_validate(data), [], None
    except ValidationError as error:
        errors = error.errors(include_url=False)
    return None, [_issue(model, e) for e in errors], salvage(model, data, errors)


def json_type(value: Any) -> str:
    """Name the JSON type of a parsed value, with the value when it is short."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, list):
        return "an array"
    return "an object"


def dotted(pointer: Pointer) -> str:
    """A pointer as a field path for people, e.g. `evidence[0].url`."""
    out = ""
    for part in pointer:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out or "(record)"


def _issue(model: type[BaseModel], error: Any) -> StructureIssue:
    kind = error["type"]
    pointer: Pointer = tuple(error["loc"])
    field = dotted(pointer)
    code = _CODES.get(kind, "FC103" if kind in _TYPE_NAMES else "FC199")
    hint = RULES[code].hint
    ctx = error.get("ctx") or {}
    if kind == "missing":
        message = f"missing required field {field!r}"
        hint = f"add {pointer[-1]!r} (see the schema reference for an example)"
    elif kind == "extra_forbidden":
        allowed = _fields_at(model, pointer[:-1])
        close = difflib.get_close_matches(str(pointer[-1]), allowed, n=1)
        message = f"unknown field {field!r}"
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else f"remove it; allowed here: {', '.join(allowed)}"
        )
        return StructureIssue(code, pointer, message, hint, key=True)
    elif kind in _TYPE_NAMES:
        message = f"{field}: expected {_TYPE_NAMES[kind]}, found {json_type(error['input'])}"
        hint = f"write {_TYPE_NAMES[kind]}"
    elif kind in ("enum", "literal_error"):
        expected = ctx.get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        if not isinstance(error["input"], str):
            message = f"{field}: expected a string, found {json_type(error['input'])}"
            return StructureIssue("FC103", pointer, message, f"use one of: {', '.join(choices)}")
        message = f"{field}: {error['input']!r} is not one of {', '.join(choices)}"
        close = difflib.get_close_matches(str(error["input"]).lower(), choices, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(choices)}"
    elif kind == "string_too_long":
        message = (
            f"{field}: text is {len(error['input'])} characters, over the limit of "
            f"{ctx.get('max_length')}"
        )
    elif kind == "too_short":
        message = (
            f"{field}: needs at least {plural(ctx.get('min_length') or 0, 'item')}, has "
            f"{ctx.get('actual_length')}"
        )
        hint = "add an item"
    else:
        message = f"{field}: {error['msg']}"
        hint = _TEXT_HINTS.get(kind, hint)
    return StructureIssue(code, pointer, message, hint)


def _fields_at(model: type[BaseModel], pointer: Pointer) -> list[str]:
    """The field names allowed in the object at `pointer`, walking the models."""
    current: Any = model
    for part in pointer:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = nested_model(field.annotation)
        if current is None:
            return []
    return list(current.model_fields)


# Values that stand in for a field the schema refused, so the rest of the record can still go
# through the rules of meaning. A rule that reads a replaced field does not run (see
# `salvage`), so no rule ever judges a stand-in.
_STAND_INS: dict[str, Any] = {
    "fc_date": "2000-01-01",
    "fc_date_type": "2000-01-01",
    "fc_url": "https://stand-in.invalid/",
    "fc_text_empty": "stand-in",
    "fc_text_char": "stand-in",
    "fc_text_space": "stand-in",
    "fc_text_mark": "stand-in",
    "fc_slug": "stand-in",
    "fc_language": "en",
    "string_type": "stand-in",
    "string_too_long": "stand-in",
}
_SALVAGE_ROUNDS = 3


@dataclass(frozen=True, slots=True)
class Salvaged:
    """A record whose refused fields were replaced by stand-ins, and which fields those were."""

    record: Any
    replaced: frozenset[str]
    """The replaced fields as dotted paths without list indices, e.g. `evidence.published`."""


def salvage(model: type[M], data: Any, errors: list[Any] | None = None) -> Salvaged | None:
    """The record of `data` with each field the schema refused replaced by a stand-in value,
    or `None` when a refusal has no stand-in (a missing object, a wrong type, a short list).
    `errors` are pydantic's errors for `data`, when they are known already.

    Unknown fields are dropped; a refused date, URL, text, slug, language or vocabulary value
    is replaced. The rules that read none of the replaced fields can then run on the record,
    so one run reports as much as it can.
    """
    if not isinstance(data, dict):
        return None
    import copy

    current = copy.deepcopy(data)
    replaced: set[str] = set()
    for _ in range(_SALVAGE_ROUNDS):
        if errors is None:
            try:
                return Salvaged(model.model_validate(current), frozenset(replaced))
            except ValidationError as error:
                errors = error.errors(include_url=False)
        for problem in errors:
            if not _stand_in(model, current, problem):
                return None
            if problem["type"] != "extra_forbidden":
                replaced.add(".".join(p for p in problem["loc"] if isinstance(p, str)))
        errors = None
    return None


def _stand_in(model: type[BaseModel], data: Any, problem: Any) -> bool:
    """Replace (or drop) the refused value in `data`; whether that was possible."""
    *parents, last = problem["loc"]
    for part in parents:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return False
    kind = problem["type"]
    if kind == "missing" and isinstance(data, dict) and isinstance(last, str):
        value = _missing_stand_in(model, tuple(parents), last)
        if value is not None:
            data[last] = value
        return value is not None
    if not isinstance(data, dict) or last not in data:
        return False
    if kind in ("extra_forbidden", "fc_null"):
        del data[last]
    elif kind in ("enum", "literal_error"):
        expected = (problem.get("ctx") or {}).get("expected", "")
        data[last] = expected.replace(" or ", ", ").split(",")[0].strip(" '")
    elif kind in _STAND_INS:
        data[last] = _STAND_INS[kind]
    else:
        return False
    return True


def _missing_stand_in(model: type[BaseModel], parents: Pointer, name: str) -> Any:
    """A stand-in for a required text or vocabulary field that is missing, if it is one."""
    current: Any = model
    for part in parents:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        current = nested_model(field.annotation) if field is not None else None
        if current is None:
            return None
    field = current.model_fields.get(name)
    annotation = field.annotation if field is not None else None
    if annotation is str:
        return _STAND_INS["string_type"]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return next(iter(annotation)).value
    return None
