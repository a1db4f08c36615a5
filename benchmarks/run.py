"""The performance benchmarks of factcheck, side by side with the tools people would use instead.

One command runs everything (35 minutes on 2 quiet cores, most of it the million records)::

    pip install -e ".[bench]"
    python benchmarks/run.py --docs               # 10k, 100k and 1M; rewrites docs/performance.md
    python benchmarks/run.py --sizes 200 --quick  # a smoke run (the test suite does this)

The data is deterministic (``benchmarks/generate.py``): valid records of about 1.9 kB built from
the flagship dataset, as compact JSON Lines, like a release's ``records.jsonl``. Every task runs
in a fresh interpreter, so start-up and imports are included (factcheck's bytecode is written
first, as a wheel install does), and is timed as a whole process
(best of ``--repeat`` runs); peak memory is the process's maximum resident set size. The
floor is orjson parsing every line, in a fresh interpreter too. Results go to standard output
as Markdown and, with ``--json FILE``, as JSON.
"""

from __future__ import annotations

import argparse
import compileall
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

from generate import FLAGSHIP, Generator, write_fever, write_jsonl, write_release  # noqa: E402

SCHEMA = HERE.parent / "schemas" / "record.schema.json"
BIN = Path(sys.executable).parent
VALIDATORS = [
    ("orjson parse (floor)", ["task", "orjson"]),
    ("factcheck validate (CLI), 1 process", ["cli", "factcheck", "validate", "--jobs", "1"]),
    ("factcheck validate (CLI), 2 processes", ["cli", "factcheck", "validate", "--jobs", "2"]),
    ("jsonschema-rs", ["task", "jsonschema-rs"]),
    ("fastjsonschema", ["task", "fastjsonschema"]),
    ("pydantic, line by line", ["task", "pydantic"]),
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
    "dask",
    "distributed",
    "pandas",
    "pyarrow",
    "datasets",
]


def run_process(command: list[str], expect: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """Run ``command``; return its wall time (s), peak resident memory (MB) and output.

    The peak comes from GNU time, which starts the command from a small process: a child
    forked straight from this (large) runner would count the runner's memory as its own. It
    is the largest of the command's processes (its workers included), not their sum; the CPU
    time of all of them is kept in ``LAST_CPU``.
    """
    with tempfile.NamedTemporaryFile("r") as usage:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M %U %S", "-o", usage.name, *command],
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        peak_kb, user, system = usage.read().split()[-3:]
    if done.returncode not in expect:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    LAST_CPU[command[-1]] = float(user) + float(system)
    return elapsed, int(peak_kb) / 1024, done.stdout


LAST_CPU: dict[str, float] = {}


def best(command: list[str], repeat: int) -> tuple[float, float, str, float]:
    """The fastest of ``repeat`` runs: wall time, peak MB, output, and its CPU seconds."""
    runs = []
    for _ in range(repeat):
        seconds, peak, out = run_process(command)
        runs.append((seconds, peak, out, LAST_CPU[command[-1]]))
    if command[1:2] == [str(HERE / "tools.py")]:
        result = json.loads(runs[0][2].strip().splitlines()[-1])
        if result["valid"] != result["records"]:
            raise RuntimeError(f"{command[2]}: {result} - every generated record is valid")
    LAST_TIMES[:] = sorted(run[0] for run in runs)
    return min(runs, key=lambda run: run[0])


LAST_TIMES: list[float] = []
"""The wall times of the runs of the last `best`, fastest first."""


def median() -> float:
    """The median wall time of the runs of the last `best`."""
    import statistics

    return round(statistics.median(LAST_TIMES), 3)


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


FULL_TOOLS = ["orjson", "factcheck", "jsonschema-rs"]
"""The tools run on the records with whole texts (``--parts full``), as ``--tools`` names them:
a part of their label."""


def validation(
    sizes: list[int],
    work: Path,
    repeat: int,
    quick: bool,
    tools: list[str] | None = None,
    *,
    full: bool = False,
) -> list[dict]:
    """Every validator on one JSON Lines file of each size; ``full``: records with the
    flagship's texts whole (about 3.8 kB), not cut (about 1.9 kB)."""
    rows = []
    for size in sizes:
        path = work / f"records-{'full-' if full else ''}{size}.jsonl"
        written = write_jsonl(path, size, full=full)
        megabytes = written / 1e6
        floor = None
        runs = repeat if size < 1_000_000 else 1
        for label, how in VALIDATORS:
            if tools and not any(name in label for name in tools):
                continue
            if full and not any(name in label for name in FULL_TOOLS):
                continue
            if how[0] == "cli":
                if how[1] == "check-jsonschema":
                    if size > 10_000 or quick:
                        continue  # about 700 records/s: measured up to 10k
                    files = split_records(path, work / f"split-{size}")
                    command = [str(BIN / how[1]), *how[2:], *files]
                else:
                    command = [str(BIN / how[1]), *how[2:], str(path)]
            else:
                if how[1] == "jsonschema" and size > 10_000 and not quick:
                    continue  # about 1,000 records/s; measured up to 10k
                command = task(how[1], path)
            seconds, peak, _, cpu = best(command, runs)
            floor = floor or seconds
            rows.append(
                {
                    "tool": label,
                    "records": size,
                    "kb_per_record": round(written / size / 1000, 1),
                    "seconds": round(seconds, 3),
                    "median_s": median(),
                    "records_per_s": round(size / seconds),
                    "mb_per_s": round(megabytes / seconds, 1),
                    "x_floor": round(seconds / floor, 2),
                    "cpu_us_per_record": round(cpu / size * 1e6, 1),
                    "peak_mb": round(peak),
                }
            )
    return rows


DUPLICATED = (0, 3, 2)
"""Which records the sharded dataset repeats in its last shard, as the record at this share
of the dataset (0: its first record; 3: a third of the way in; 2: half way): duplicate ids and
claims across shards, for the CLI and Dask to find alike."""


def write_shards(folder: Path, size: int, shard: int) -> int:
    """``folder/records/part-NNNNN.jsonl``: ``size`` generated records, ``shard`` a file, and
    the records of ``DUPLICATED`` again at the end; written a shard at a time (a million
    records never sit in memory). Return the number of records written."""
    generator = Generator()
    repeated = [0 if share == 0 else size // share for share in DUPLICATED]
    numbers = [*range(size), *repeated]
    for number, first in enumerate(range(0, len(numbers), shard)):
        lines = (
            json.dumps(generator.record(i), ensure_ascii=False, separators=(",", ":")).encode()
            for i in numbers[first : first + shard]
        )
        (folder / "records" / f"part-{number:05d}.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    return len(numbers)


def sharded(size: int, work: Path, shard: int = 10_000) -> list[dict]:
    """A dataset of ``size`` records in ``records/*.jsonl`` shards of ``shard`` records, with
    records repeated across shards (``DUPLICATED``): the CLI and the Dask example of
    docs/scale.md, whose report must be the CLI's."""
    folder = work / "datasets" / "sharded"
    (folder / "records").mkdir(parents=True)
    write_release(work / "info" / "sharded", 1)
    (folder / "dataset.json").write_bytes((work / "info" / "sharded" / "dataset.json").read_bytes())
    records = write_shards(folder, size, shard)
    shards = len(list((folder / "records").iterdir()))
    rows = []
    cli = [str(BIN / "factcheck"), "validate", "--format", "json"]
    commands = [
        ("factcheck validate (CLI), 1 process", [*cli, "-j", "1"]),
        ("factcheck validate (CLI), 2 processes", [*cli, "-j", "2"]),
        ("Dask LocalCluster, 2 worker processes", [sys.executable, str(HERE / "tools.py"), "dask"]),
    ]
    reports = []
    for label, command in commands:
        seconds, peak, out = run_process([*command, str(folder)], expect=(0, 1))
        cpu = LAST_CPU[str(folder)]
        if label.startswith("Dask"):
            lines = out.strip().splitlines()
            summary, report = lines[0], json.loads(lines[1])["report"]
        else:
            report = json.loads(out)
            summary = (
                f"{report['summary']['records']} records: {report['summary']['errors']} errors"
            )
        reports.append(report)
        rows.append(
            {
                "tool": label,
                "records": records,
                "shards": shards,
                "seconds": round(seconds, 3),
                "records_per_s": round(records / seconds),
                "cpu_us_per_record": round(cpu / records * 1e6, 1),
                "peak_mb": round(peak),
                "same_report": reports[0] == report,
                "summary": summary,
            }
        )
    if not all(row["same_report"] for row in rows):
        raise RuntimeError("the reports of the sharded dataset differ: " + repr(rows))
    duplicates = {f["code"] for f in reports[0]["findings"]}
    if not {"FC301", "FC302"} <= duplicates:
        raise RuntimeError(f"the duplicates across shards were not all found: {duplicates}")
    return rows


def loading(size: int, work: Path, repeat: int) -> list[dict]:
    release_root = work / "datasets"
    folder = release_root / "generated"
    write_release(folder, size)
    jsonl = folder / "releases" / "1.0.0" / "records.jsonl"
    megabytes = jsonl.stat().st_size / 1e6
    floor_seconds, _, _, _ = best(task("orjson", jsonl), repeat)
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
        seconds, peak, out, _ = best(task(name, path), repeat)
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
    seconds, peak, out, _ = best(task("load", FLAGSHIP), repeat)
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
    """``factcheck import fever`` of ``size`` FEVER-shaped lines into a dataset folder, with 1
    and 2 processes; the two folders must be the same."""
    source = work / "fever.jsonl"
    megabytes = write_fever(source, size) / 1e6
    rows, written = [], []
    for jobs in (1, 2):
        target = work / f"jobs-{jobs}" / "fever"
        target.parent.mkdir(exist_ok=True)
        command = [str(BIN / "factcheck"), "import", "fever", str(source), "-o", str(target)]
        command += ["--replace", "--date", "2026-11-25", "--jobs", str(jobs)]
        seconds, peak, _, _ = best(command, repeat)
        middle = median()
        files = sorted((target / "records").iterdir())
        count = sum(1 if f.suffix == ".json" else f.read_bytes().count(b"\n") for f in files)
        if count != size:
            raise RuntimeError(f"factcheck import wrote {count} records of {size}")
        written.append([(f.name, f.read_bytes()) for f in files])
        rows.append(
            {
                "tool": f"factcheck import fever (CLI), {jobs} process{'es' if jobs > 1 else ''}",
                "records": size,
                "seconds": round(seconds, 3),
                "median_s": middle,
                "records_per_s": round(size / seconds),
                "source_mb": round(megabytes, 1),
                "peak_mb": round(peak),
            }
        )
    if written[0] != written[1]:
        raise RuntimeError("factcheck import wrote different records with 1 and 2 processes")
    return rows


def startup(repeat: int) -> list[dict]:
    commands = [
        ("python -c pass (bare interpreter)", [sys.executable, "-c", "pass"]),
        ("python -c 'import factcheck'", [sys.executable, "-c", "import factcheck"]),
        ("factcheck --version", [str(BIN / "factcheck"), "--version"]),
    ]
    rows = []
    for label, command in commands:
        seconds, peak, _, _ = best(command, max(repeat, 5))
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


VALIDATION_COLUMNS = [
    "tool",
    "records",
    "kb_per_record",
    "seconds",
    "median_s",
    "records_per_s",
    "mb_per_s",
    "x_floor",
    "cpu_us_per_record",
    "peak_mb",
]
SHARDED_COLUMNS = [
    "tool",
    "records",
    "shards",
    "seconds",
    "records_per_s",
    "cpu_us_per_record",
    "peak_mb",
    "same_report",
]
LOADING_COLUMNS = ["tool", "records", "seconds", "records_per_s", "x_floor", "peak_mb", "held_mb"]
IMPORT_COLUMNS = ["tool", "records", "seconds", "median_s", "records_per_s", "source_mb", "peak_mb"]
DOCS = HERE.parent / "docs" / "performance.md"
START, END = "<!-- benchmark results: start -->", "<!-- benchmark results: end -->"


def markdown(results: dict) -> str:
    """The results as the Markdown that docs/performance.md shows between its markers."""
    info = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in info["versions"].items() if v != "not installed")
    parts = [
        f"Measured on {info['date']} on {info['cpu']} ({info['cores']} cores), "
        f"Python {info['python']}, {info['platform']}; load average while it ran: "
        f"{info.get('load', 'not measured')}. Versions: {versions}.",
        "#### Start-up",
        table(results["startup"], ["what", "ms", "peak_mb"]),
    ]
    if results.get("validation"):
        parts += [
            "#### Validation: one JSON Lines file",
            table(results["validation"], VALIDATION_COLUMNS),
        ]
    if results.get("full"):
        parts += [
            "#### Validation: records with whole texts (the flagship's, not cut)",
            table(results["full"], VALIDATION_COLUMNS),
        ]
    if results.get("sharded"):
        parts += [
            "#### Validation: a sharded dataset (`records/*.jsonl`, 10,000 records a shard)",
            table(results["sharded"], SHARDED_COLUMNS),
        ]
    if results.get("loading"):
        parts += ["#### Loading", table(results["loading"], LOADING_COLUMNS)]
    if results.get("importing"):
        parts += ["#### Importing", table(results["importing"], IMPORT_COLUMNS)]
    return "\n\n".join(parts)


def write_docs(results: dict, page: Path = DOCS) -> None:
    """Replace the results between the markers of ``page`` with those of this run."""
    text = page.read_text("utf-8")
    before, _, rest = text.partition(START)
    _, found, after = rest.partition(END)
    if not found:
        raise SystemExit(f"{page} has no {START} ... {END} block to fill")
    page.write_text(f"{before}{START}\n\n{markdown(results)}\n\n{END}{after}", "utf-8")


def combined(runs: list[dict]) -> dict:
    """Several runs' results as one: the first's machine, every run's validation rows (by
    size), the other parts from the run that has them; the load of each run is kept."""
    merged: dict = {"machine": dict(runs[0]["machine"]), "validation": []}
    merged["machine"]["load"] = "; ".join(run["machine"].get("load", "?") for run in runs)
    for run in runs:
        merged["validation"] += run.get("validation", [])
        for part in ("startup", "full", "sharded", "loading", "importing"):
            if run.get(part) and not merged.get(part):
                merged[part] = run[part]
    merged["validation"].sort(key=lambda row: row["records"])
    floors = {
        row["records"]: row["seconds"]
        for row in merged["validation"]
        if row["tool"].startswith("orjson")
    }
    for row in merged["validation"]:
        if row["records"] in floors:
            row["x_floor"] = round(row["seconds"] / floors[row["records"]], 2)
    return merged


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def compiled() -> None:
    """Write the bytecode of factcheck's modules, as pip does when it installs a wheel.

    An editable install (``pip install -e``) leaves only sources, and where
    ``PYTHONDONTWRITEBYTECODE`` is set every process compiles them again (about 0.1 s of
    each start on this machine); the peers, installed from wheels, start from their
    bytecode. ``compileall`` writes it whatever that variable says."""
    import factcheck

    compileall.compile_dir(Path(factcheck.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per task; the best counts")
    parser.add_argument("--quick", action="store_true", help="skip the slow CLIs (smoke run)")
    parser.add_argument(
        "--load-size",
        type=int,
        default=None,
        help="records to load and import (default: the largest size up to 100,000)",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--parts",
        nargs="+",
        choices=["validation", "full", "sharded", "loading", "importing"],
        default=["validation", "full", "sharded", "loading", "importing"],
        help="run only these parts (default: all)",
    )
    parser.add_argument(
        "--tools", nargs="+", help="validate with only the tools whose label holds one of these"
    )
    parser.add_argument(
        "--docs", action="store_true", help="write the results into docs/performance.md"
    )
    parser.add_argument(
        "--docs-from",
        type=Path,
        nargs="+",
        metavar="JSON",
        help="write docs/performance.md from these results (of runs made with --json), run "
        "nothing; their validation rows are put together",
    )
    args = parser.parse_args()
    if args.docs_from:
        write_docs(combined([json.loads(p.read_text()) for p in args.docs_from]))
        return
    compiled()
    load_size = args.load_size or max(s for s in [*args.sizes, 0] if s <= 100_000) or 100_000
    results: dict = {}

    def stage(name: str, run) -> None:
        """Run one part; keep what is done so far in ``--json`` (a long run can be read
        before it ends)."""
        results[name] = run()
        loads.append(_load())
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n")

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        loads = [_load()]
        stage("machine", machine)
        stage("startup", lambda: startup(args.repeat))
        parts = {
            "validation": lambda: validation(args.sizes, work, args.repeat, args.quick, args.tools),
            "full": lambda: validation(
                [size for size in args.sizes if size >= 100_000] or args.sizes[-1:],
                work,
                args.repeat,
                args.quick,
                args.tools,
                full=True,
            ),
            "sharded": lambda: sharded(max(args.sizes), work),
            "loading": lambda: loading(load_size, work, args.repeat),
            "importing": lambda: importing(load_size, work, args.repeat),
        }
        for name in args.parts:
            stage(name, parts[name])
        results["machine"]["load"] = " → ".join(loads)
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    if args.docs:
        write_docs(results)


if __name__ == "__main__":
    main()
