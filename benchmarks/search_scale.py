"""How ``factcheck.search`` scales: index build, query latency and the second start, for a
generated release of 150,000 records.

Run: ``python benchmarks/search_scale.py [COUNT]`` (default 150,000; a base install is
enough). It writes a release of COUNT records made by ``benchmarks/generate.py`` into a
temporary folder, then runs two fresh processes one after the other, each of which loads the
release (the release check included), runs every query of ``benchmarks/search_queries.json``
and reports:

- the load time, the first search (in the first process: building the index and writing it to
  the disk cache; in the second: reading it from there), and the index's size on disk;
- the median and 95th percentile of the query latency over the queries (the first excluded),
  and the same for the typo queries alone (which scan the vocabulary for near spellings).

The goals (issue 20): build ≤ 60 s on a 2-core machine, p95 ≤ 50 ms.

``--semantic`` times the search with the ``semantic`` extra (which must be installed): the
first search of the first process also embeds every claim (once; the vectors are written
beside the index in the disk cache, and the second process reads them), and each query
embeds only itself. Without it, the lexical ranking is timed (what a base install runs).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, sys, time
start = time.perf_counter()
import factcheck
from factcheck.search import engine
dataset = factcheck.load(sys.argv[1])
loaded = time.perf_counter() - start
queries = json.loads(open(sys.argv[2], encoding="utf-8").read())["queries"]
semantic = sys.argv[3] == "semantic"
start, cpu = time.perf_counter(), time.process_time()
factcheck.search(queries[0]["query"], datasets=dataset, semantic=semantic)
first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
index = engine.index_of(dataset)
times, cpus, typos = [], [], []
for query in queries[1:]:
    start, cpu = time.perf_counter(), time.process_time()
    index.ranked(query["query"], 10, semantic=semantic)
    elapsed = time.perf_counter() - start
    times.append(elapsed)
    cpus.append(time.process_time() - cpu)
    if query.get("kind") in ("typo", "spelling"):
        typos.append(elapsed)
print(json.dumps({"records": len(dataset), "loaded": loaded, "first": first,
                  "first_cpu": first_cpu, "terms": len(index.terms), "times": times,
                  "cpus": cpus, "typos": typos}))
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    sys.path.insert(0, str(HERE))
    import generate

    args = [arg for arg in sys.argv[1:] if arg != "--semantic"]
    mode = "semantic" if "--semantic" in sys.argv[1:] else "lexical"
    count = int(args[0]) if args else 150_000
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        release = generate.write_release(Path(folder) / "generated", count)
        print(f"wrote {count} records in {time.perf_counter() - start:.1f} s: {release}")
        env = {**os.environ, "FACTCHECK_CACHE_DIR": str(Path(folder) / "cache")}
        for run in ("first process (builds the index)", "second process (reads the cache)"):
            out = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CHILD,
                    str(release),
                    str(HERE / "search_queries.json"),
                    mode,
                ],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            if out.stderr.strip():
                print(out.stderr, file=sys.stderr)
            data = json.loads(out.stdout)
            cache = Path(folder) / "cache"
            size = sum(p.stat().st_size for p in cache.glob("*.idx"))
            vectors = sum(p.stat().st_size for p in cache.glob("*.vectors"))
            times, typos = data["times"], data["typos"]
            cpus = data["cpus"]
            print(
                f"{run}, {mode}: load {data['loaded']:.1f} s, first search {data['first']:.2f} s "
                f"({data['first_cpu']:.2f} s of CPU), "
                f"index on disk {size / 1e6:.0f} MB, {data['terms']} terms, "
                f"claims' vectors on disk {vectors / 1e6:.0f} MB; "
                f"{len(times)} queries: median {statistics.median(times) * 1000:.1f} ms, "
                f"p95 {percentile(times, 0.95) * 1000:.1f} ms, "
                f"max {max(times) * 1000:.1f} ms (CPU time: median "
                f"{statistics.median(cpus) * 1000:.1f} ms, "
                f"p95 {percentile(cpus, 0.95) * 1000:.1f} ms); "
                f"typo and spelling queries ({len(typos)}): "
                f"median {statistics.median(typos) * 1000:.1f} ms, "
                f"p95 {percentile(typos, 0.95) * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
