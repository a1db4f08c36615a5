"""The performance benchmarks of factcheck, side by side with the tools people would use instead.

One command runs everything (about 10 minutes on 2 cores)::

    pip install -e ".[bench]"
    python benchmarks/run.py                      # 1k, 10k and 100k records
    python benchmarks/run.py --sizes 200 --quick  # a smoke run (the test suite does this)

The data is deterministic (``benchmarks/generate.py``): valid records of about 1.9 kB built from
the flagship dataset, as compact JSON Lines, like a release's ``records.jsonl``. Every task runs
in a fresh interpreter, so start-up and imports are included, and is timed as a whole process
(best of ``--repeat`` runs); peak memory is the process's maximum resident set size. The
floor is orjson parsing every line, in a fresh interpreter too. Results go to standard output
as Markdown and, with ``--json FILE``, as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import FLAGSHIP, write_fever, write_jsonl, write_release  # noqa: E402

SCHEMA = HERE.parent / "schemas" / "record.schema.json"
BIN = Path(sys.executable).parent
VALIDATORS = [
    ("orjson parse (floor)", ["task", "orjson"]),
    ("factcheck validate (CLI)", ["cli", "factcheck", "validate"]),
    ("jsonschema-rs", ["task", "jsonschema-rs"]),
    ("fastjsonschema", ["task", "fastjsonschema"]),
    ("jsonschema + formats", ["task", "jsonschema"]),
    ("check-jsonschema (CLI)", ["cli", "check-jsonschema", "--schemafile", str(SCHEMA)]),
]
LOADERS = [
    ("factcheck.load() (release)", "load", "release"),
    ("factcheck.load_path() (JSONL, validated)", "load_path", "jsonl"),
    ("pandas.read_json(lines=True)", "pandas", "jsonl"),
    ("pyarrow.json.read_json", "pyarrow", "jsonl"),
    ('datasets.load_dataset("json")', "hf", "jsonl"),
    ("Dataset.to_arrow()", "to_arrow", "release"),
    ("Dataset.to_pandas()", "to_pandas", "release"),
]
PACKAGES = [
    "factcheck-datasets",
    "msgspec",
    "pydantic",
    "orjson",
    "jsonschema",
    "jsonschema-rs",
    "fastjsonschema",
    "check-jsonschema",
    "pandas",
    "pyarrow",
    "datasets",
]


def run_process(command: list[str], expect: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """Run ``command``; return its wall time (s), peak resident memory (MB) and output.

    The peak comes from GNU time, which starts the command from a small process: a child
    forked straight from this (large) runner would count the runner's memory as its own.
    """
    with tempfile.NamedTemporaryFile("r") as usage:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", usage.name, *command],
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        peak_kb = int(usage.read().split()[-1])
    if done.returncode not in expect:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return elapsed, peak_kb / 1024, done.stdout


def best(command: list[str], repeat: int) -> tuple[float, float, str]:
    runs = [run_process(command) for _ in range(repeat)]
    if command[1:2] == [str(HERE / "tools.py")]:
        result = json.loads(runs[0][2].strip().splitlines()[-1])
        if result["valid"] != result["records"]:
            raise RuntimeError(f"{command[2]}: {result} - every generated record is valid")
    return min(runs, key=lambda run: run[0])


def task(name: str, path: Path) -> list[str]:
    return [sys.executable, str(HERE / "tools.py"), name, str(path), str(SCHEMA)]


def split_records(jsonl: Path, folder: Path) -> list[str]:
    """One .json file per record, for the tools that read only whole JSON files."""
    folder.mkdir()
    files = []
    for number, line in enumerate(jsonl.read_bytes().splitlines()):
        file = folder / f"record-{number}.json"
        file.write_bytes(line)
        files.append(str(file))
    return files


def validation(sizes: list[int], work: Path, repeat: int, quick: bool) -> list[dict]:
    rows = []
    for size in sizes:
        path = work / f"records-{size}.jsonl"
        megabytes = write_jsonl(path, size) / 1e6
        floor = None
        for label, how in VALIDATORS:
            if how[0] == "cli":
                if how[1] == "check-jsonschema":
                    if size > 10_000 or quick:
                        continue  # about 2,500 records/s: the issue measures it on 10k
                    files = split_records(path, work / f"split-{size}")
                    command = [str(BIN / how[1]), *how[2:], *files]
                else:
                    command = [str(BIN / how[1]), *how[2:], str(path)]
            else:
                if how[1] == "jsonschema" and size > 10_000 and not quick:
                    continue  # about 4,000 records/s; measured up to 10k
                command = task(how[1], path)
            seconds, peak, _ = best(command, repeat)
            floor = floor or seconds
            rows.append(
                {
                    "tool": label,
                    "records": size,
                    "seconds": round(seconds, 3),
                    "records_per_s": round(size / seconds),
                    "mb_per_s": round(megabytes / seconds, 1),
                    "x_floor": round(seconds / floor, 2),
                    "peak_mb": round(peak),
                }
            )
    return rows


def loading(size: int, work: Path, repeat: int) -> list[dict]:
    release_root = work / "datasets"
    folder = release_root / "generated"
    write_release(folder, size)
    jsonl = folder / "releases" / "1.0.0" / "records.jsonl"
    megabytes = jsonl.stat().st_size / 1e6
    floor_seconds, _, _ = best(task("orjson", jsonl), repeat)
    rows = [
        {
            "tool": "orjson parse (floor)",
            "records": size,
            "seconds": round(floor_seconds, 3),
            "records_per_s": round(size / floor_seconds),
            "x_floor": 1.0,
            "jsonl_mb": round(megabytes),
        }
    ]
    flagship = FLAGSHIP / "releases"
    for label, name, source in LOADERS:
        path = folder if source == "release" else jsonl
        seconds, peak, out = best(task(name, path), repeat)
        held = json.loads(out.strip().splitlines()[-1])["held_mb"]
        rows.append(
            {
                "tool": label,
                "records": size,
                "seconds": round(seconds, 3),
                "records_per_s": round(size / seconds),
                "x_floor": round(seconds / floor_seconds, 2),
                "peak_mb": round(peak),
                "held_mb": held,
                "jsonl_mb": round(megabytes),
            }
        )
    seconds, peak, out = best(task("load", FLAGSHIP), repeat)
    count = len((flagship / "1.0.0" / "records.jsonl").read_bytes().splitlines())
    rows.append(
        {
            "tool": "factcheck.load('iraq-2020'), the flagship",
            "records": count,
            "seconds": round(seconds, 3),
            "peak_mb": round(peak),
            "held_mb": json.loads(out.strip().splitlines()[-1])["held_mb"],
        }
    )
    return rows


def importing(size: int, work: Path, repeat: int) -> list[dict]:
    """``factcheck import fever`` of ``size`` FEVER-shaped lines into a dataset folder."""
    source = work / "fever.jsonl"
    megabytes = write_fever(source, size) / 1e6
    command = [str(BIN / "factcheck"), "import", "fever", str(source), "-o", str(work / "fever")]
    command += ["--replace", "--date", "2026-11-25"]
    seconds, peak, _ = best(command, repeat)
    written = len(list((work / "fever" / "records").iterdir()))
    if written != size:
        raise RuntimeError(f"factcheck import wrote {written} records of {size}")
    return [
        {
            "tool": "factcheck import fever (CLI)",
            "records": size,
            "seconds": round(seconds, 3),
            "records_per_s": round(size / seconds),
            "source_mb": round(megabytes, 1),
            "peak_mb": round(peak),
        }
    ]


def startup(repeat: int) -> list[dict]:
    commands = [
        ("python -c pass (bare interpreter)", [sys.executable, "-c", "pass"]),
        ("python -c 'import factcheck'", [sys.executable, "-c", "import factcheck"]),
        ("factcheck --version", [str(BIN / "factcheck"), "--version"]),
    ]
    rows = []
    for label, command in commands:
        seconds, peak, _ = best(command, max(repeat, 5))
        rows.append({"what": label, "ms": round(seconds * 1000), "peak_mb": round(peak)})
    return rows


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "versions": versions,
    }


def table(rows: list[dict], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(c, "")) for c in columns) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per task; the best counts")
    parser.add_argument("--quick", action="store_true", help="skip the slow CLIs (smoke run)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        results = {
            "machine": machine(),
            "startup": startup(args.repeat),
            "validation": validation(args.sizes, work, args.repeat, args.quick),
            "loading": loading(max(args.sizes), work, args.repeat),
            "importing": importing(max(args.sizes), work, args.repeat),
        }
    print(f"Machine: {json.dumps(results['machine'], indent=1)}\n")
    print(table(results["startup"], ["what", "ms", "peak_mb"]) + "\n")
    print(
        table(
            results["validation"],
            ["tool", "records", "seconds", "records_per_s", "mb_per_s", "x_floor", "peak_mb"],
        )
        + "\n"
    )
    print(
        table(
            results["loading"],
            ["tool", "records", "seconds", "records_per_s", "x_floor", "peak_mb", "held_mb"],
        )
        + "\n"
    )
    print(
        table(
            results["importing"],
            ["tool", "records", "seconds", "records_per_s", "source_mb", "peak_mb"],
        )
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
