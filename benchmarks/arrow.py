"""Arrow and Parquet from a release: ``Dataset.to_arrow()`` beside pyarrow reading the file.

    python benchmarks/arrow.py                   # a generated release of 100,000 records
    python benchmarks/arrow.py --records 2000 --repeat 1 --validate-runs 2   # a smoke run

Everything runs in one interpreter, after ``factcheck.load()`` (which is not timed), in
``--repeat`` rounds that run each task once (best and median, wall and CPU time):

- ``Dataset.to_arrow()`` of the release: its ``records.jsonl`` read again, checked against its
  checksum and parsed by Arrow's JSON reader with the explicit schema;
- the same records encoded first, as ``to_arrow()`` does for a filtered dataset (and did for
  every dataset before it read releases directly);
- ``pyarrow.json.read_json`` of the file with the explicit schema, and with none (pyarrow
  infers the types from the data): pyarrow's own speed;
- ``write_parquet_dataset`` (the ``--partition-by claim_year`` export) and reading the folder
  back with DuckDB and Polars, when they are installed.

Then ``factcheck validate`` of the bundled datasets, run ``--validate-runs`` times as a whole
process (start-up included): the mean wall and CPU time of one run. Results go to standard
output as Markdown and, with ``--json FILE``, as JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_release  # noqa: E402


def interleaved(repeat: int, tasks: list[tuple[str, object]]) -> list[dict]:
    """Each task run ``repeat`` times, in rounds (every task once per round), so that a burst
    of load from elsewhere falls on all of them alike. Wall and CPU time (the process's, all
    its threads: on a busy machine it says more about the work done) as best and median."""
    walls: dict[str, list[float]] = {label: [] for label, _ in tasks}
    cpus: dict[str, list[float]] = {label: [] for label, _ in tasks}
    for _ in range(repeat):
        for label, run in tasks:
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            walls[label].append(time.perf_counter() - wall)
            cpus[label].append(time.process_time() - cpu)
    return [
        {
            "task": label,
            "seconds": round(min(walls[label]), 3),
            "median_s": round(statistics.median(walls[label]), 3),
            "cpu_s": round(min(cpus[label]), 3),
            "median_cpu_s": round(statistics.median(cpus[label]), 3),
        }
        for label, _ in tasks
    ]


def arrow_rows(records: int, repeat: int, work: Path) -> list[dict]:
    import pyarrow.json as pa_json

    from factcheck import load
    from factcheck.formats import exporting, tables

    folder = work / "generated"
    write_release(folder, records)
    release = folder / "releases" / "1.0.0"
    jsonl = release / "records.jsonl"
    dataset = load(release)
    everything = dataset[:]  # the same records, without the file: encoded
    explicit = pa_json.ParseOptions(
        explicit_schema=tables.arrow_schema("timestamp"), unexpected_field_behavior="error"
    )

    def read_explicit():
        data = jsonl.read_bytes()
        pa_json.read_json(io.BytesIO(data), parse_options=explicit).cast(tables.arrow_schema())

    assert dataset.to_arrow().equals(everything.to_arrow())
    tasks = [
        ("Dataset.to_arrow() of the release (read directly)", dataset.to_arrow),
        ("Dataset.to_arrow() of the records encoded first (before)", everything.to_arrow),
        ("pyarrow.json.read_json, explicit schema", read_explicit),
        ("pyarrow.json.read_json, types inferred", lambda: pa_json.read_json(jsonl)),
        (
            "export --partition-by claim_year (to_arrow + Parquet)",
            lambda: exporting.write_parquet_dataset(dataset, work / "parquet"),
        ),
    ]
    rows = interleaved(repeat, tasks)
    rows.extend(_readers(work / "parquet", records, repeat))
    megabytes = jsonl.stat().st_size / 1e6
    for row in rows:
        row["records"] = records
        row["jsonl_mb"] = round(megabytes)
    return rows


def _readers(folder: Path, records: int, repeat: int) -> list[dict]:
    tasks: list[tuple[str, object]] = []
    try:
        import duckdb
    except ImportError:
        duckdb = None
    try:
        import polars
    except ImportError:
        polars = None
    if duckdb is not None:
        query = (
            f"SELECT count(*) FROM read_parquet('{folder}/*/*.parquet', hive_partitioning = true,"
            " hive_types = {'claim_year': INTEGER}) WHERE verdict.rating = 'false'"
        )
        tasks.append(("DuckDB: count the false claims", duckdb.sql(query).fetchall))
    if polars is not None:

        def count():
            frame = polars.scan_parquet(folder, hive_schema={"claim_year": polars.Int32})
            rating = polars.col("verdict").struct.field("rating")
            return frame.filter(rating == "false").select(polars.len()).collect()

        tasks.append(("Polars: count the false claims", count))
    return interleaved(repeat, tasks)


def validate_rows(runs: int) -> list[dict]:
    """``factcheck validate`` of the bundled datasets, as a whole process, ``runs`` times."""
    root = HERE.parent
    command = [str(Path(sys.executable).parent / "factcheck"), "validate"]
    start, children = time.perf_counter(), os.times()
    for _ in range(runs):
        subprocess.run(command, cwd=root, check=True, capture_output=True)
    mean = (time.perf_counter() - start) / runs
    after = os.times()
    cpu = (after.children_user + after.children_system) - (
        children.children_user + children.children_system
    )
    probe = (
        "import sys\nfrom factcheck.cli.main import main\n"
        "try:\n    main(['validate'])\nexcept SystemExit:\n    pass\n"
        "print('pydantic' in sys.modules)"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    return [
        {
            "task": "factcheck validate (bundled datasets), one run",
            "runs": runs,
            "seconds": round(mean, 3),
            "cpu_s": round(cpu / runs, 3),
            "imports_pydantic": imported == "True",
        }
    ]


def table(rows: list[dict], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--validate-runs", type=int, default=10)
    parser.add_argument("--json", type=Path, default=None, metavar="FILE")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        arrow = arrow_rows(args.records, args.repeat, Path(work))
    validate = validate_rows(args.validate_runs)
    columns = ["task", "records", "seconds", "median_s", "cpu_s", "median_cpu_s", "jsonl_mb"]
    print(table(arrow, columns))
    print()
    print(table(validate, ["task", "runs", "seconds", "cpu_s", "imports_pydantic"]))
    if args.json:
        args.json.write_text(json.dumps({"arrow": arrow, "validate": validate}, indent=2) + "\n")


if __name__ == "__main__":
    main()
