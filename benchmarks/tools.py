"""One benchmark task, run in a fresh interpreter so that start-up and imports count.

    python benchmarks/tools.py TASK FILE [SCHEMA]

prints one JSON line: {"records": N, "valid": V, "held_mb": M}. ``held_mb`` is the growth of
the resident memory while the loaded data is held (loading tasks only). The runner
(``benchmarks/run.py``) times the whole process and reads its peak memory.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    import resource

    return pages * resource.getpagesize() / 1e6


def _lines(path: str) -> list[bytes]:
    return Path(path).read_bytes().splitlines()


def _schema(path: str, adapt=None) -> dict:
    schema = json.loads(Path(path).read_text("utf-8"))
    return schema if adapt is None else _patterns(schema, adapt)


def _patterns(node, adapt):
    if isinstance(node, dict):
        return {k: adapt(v) if k == "pattern" else _patterns(v, adapt) for k, v in node.items()}
    if isinstance(node, list):
        return [_patterns(item, adapt) for item in node]
    return node


def _for_fastjsonschema(pattern: str) -> str:
    # fastjsonschema rewrites every "$" as "\Z", also inside a character class, where
    # Python's re refuses it: escape that one, and give it the plain "$" it expects at the end.
    return pattern.replace("$(?!\\n)", "$").replace("!$&", "!\\$&")


def _for_jsonschema_rs(pattern: str) -> str:
    # Rust's regex cannot name surrogates; Rust strings cannot hold them anyway.
    return pattern.replace("\\ud800-\\udfff", "")


def orjson_floor(path: str, schema: str) -> tuple[int, int]:
    import orjson

    lines = _lines(path)
    for line in lines:
        orjson.loads(line)
    return len(lines), len(lines)


def jsonschema_formats(path: str, schema: str) -> tuple[int, int]:
    import jsonschema
    import orjson

    validator = jsonschema.Draft202012Validator(
        _schema(schema), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    lines = _lines(path)
    valid = sum(not any(validator.iter_errors(orjson.loads(line))) for line in lines)
    return len(lines), valid


def fastjsonschema_(path: str, schema: str) -> tuple[int, int]:
    import fastjsonschema
    import orjson

    validate = fastjsonschema.compile(_schema(schema, _for_fastjsonschema))
    lines = _lines(path)
    valid = 0
    for line in lines:
        try:
            validate(orjson.loads(line))
            valid += 1
        except fastjsonschema.JsonSchemaException:
            pass
    return len(lines), valid


def jsonschema_rs(path: str, schema: str) -> tuple[int, int]:
    import jsonschema_rs
    import orjson

    validator = jsonschema_rs.validator_for(
        _schema(schema, _for_jsonschema_rs), validate_formats=True
    )
    lines = _lines(path)
    valid = sum(validator.is_valid(orjson.loads(line)) for line in lines)
    return len(lines), valid


def factcheck_validate(path: str, schema: str) -> tuple[int, int]:
    from factcheck import validate

    report = validate([path])
    return report.records, report.records if report.ok else 0


def pydantic_lines(path: str, schema: str) -> tuple[int, int]:
    import pydantic

    from factcheck.model.models import Record

    lines = _lines(path)
    valid = 0
    for line in lines:
        try:
            Record.model_validate_json(line)
            valid += 1
        except pydantic.ValidationError:
            pass
    return len(lines), valid


def dask_validate(path: str, schema: str) -> tuple[int, int]:
    """The example of docs/scale.md, on the dataset folder ``path``."""
    from dask.distributed import Client, LocalCluster

    import factcheck.validation as validation

    plan = validation.plan(path)
    with LocalCluster(n_workers=2, processes=True) as cluster, Client(cluster) as client:
        futures = client.map(validation.check_shard, plan.shards, pure=False)
        report = validation.merge(plan, client.gather(futures))
    print(report.summary())
    # The whole report, for the runner to compare with the CLI's (`--format json`).
    print(json.dumps({"report": report.to_dict()}, ensure_ascii=False))
    return report.records, report.records if report.ok else 0


def load_path(path: str, schema: str) -> tuple[int, int]:
    import factcheck

    before = _rss_mb()
    dataset = factcheck.load_path(path)
    _held(before, dataset)
    return len(dataset), len(dataset)


def load_release(path: str, schema: str) -> tuple[int, int]:
    import factcheck

    folder = Path(path)
    before = _rss_mb()
    dataset = factcheck.load(folder.name, root=folder.parent)
    _held(before, dataset)
    return len(dataset), len(dataset)


def pandas_read_json(path: str, schema: str) -> tuple[int, int]:
    import pandas

    before = _rss_mb()
    frame = pandas.read_json(path, lines=True)
    _held(before, frame)
    return len(frame), len(frame)


def pyarrow_read_json(path: str, schema: str) -> tuple[int, int]:
    import pyarrow.json

    before = _rss_mb()
    table = pyarrow.json.read_json(path)
    _held(before, table)
    return table.num_rows, table.num_rows


def hf_load_dataset(path: str, schema: str) -> tuple[int, int]:
    import tempfile

    import datasets

    datasets.disable_progress_bars()
    with tempfile.TemporaryDirectory() as cache:
        before = _rss_mb()
        dataset = datasets.load_dataset("json", data_files=path, split="train", cache_dir=cache)
        _held(before, dataset)
        return len(dataset), len(dataset)


def _converted(path: str, convert: str) -> int:
    """Load the release in ``path``, then hold ``Dataset.<convert>()``; its row count."""
    import factcheck

    folder = Path(path)
    dataset = factcheck.load(folder.name, root=folder.parent)
    before = _rss_mb()
    result = getattr(dataset, convert)()
    _held(before, result)
    return len(result)


def to_arrow(path: str, schema: str) -> tuple[int, int]:
    rows = _converted(path, "to_arrow")
    return rows, rows


def to_pandas(path: str, schema: str) -> tuple[int, int]:
    rows = _converted(path, "to_pandas")
    return rows, rows


_HELD: dict[str, float] = {}


def _held(before: float, keep: object) -> None:
    _HELD["held_mb"] = round(_rss_mb() - before, 1)
    _HELD["keep"] = id(keep)  # the object stays alive until the process ends


TASKS = {
    "orjson": orjson_floor,
    "jsonschema": jsonschema_formats,
    "fastjsonschema": fastjsonschema_,
    "jsonschema-rs": jsonschema_rs,
    "factcheck-validate-api": factcheck_validate,
    "pydantic": pydantic_lines,
    "dask": dask_validate,
    "load_path": load_path,
    "load": load_release,
    "pandas": pandas_read_json,
    "pyarrow": pyarrow_read_json,
    "hf": hf_load_dataset,
    "to_arrow": to_arrow,
    "to_pandas": to_pandas,
}

if __name__ == "__main__":
    task, file = sys.argv[1], sys.argv[2]
    records, valid = TASKS[task](file, sys.argv[3] if len(sys.argv) > 3 else "")
    print(json.dumps({"records": records, "valid": valid, "held_mb": _HELD.get("held_mb")}))
