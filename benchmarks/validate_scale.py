"""How ``factcheck validate`` scales: time and peak traced memory at 1k, 10k and 100k records.

Run: ``python benchmarks/validate_scale.py [N ...]``. Records are copies of the flagship
seed record with distinct ids and claims, written as one JSON Lines file per size.
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

from factcheck import validate
from factcheck.files import datasets_dir

SEED = datasets_dir() / "iraq-2020" / "records" / "us-withdrawing-from-iraq.json"


def write_records(path: Path, count: int) -> int:
    seed = json.loads(SEED.read_text("utf-8"))
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            record = copy.deepcopy(seed)
            record["id"] = f"record-{i}"
            record["claim"]["text"] = f"Claim number {i} about the withdrawal."
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def main(sizes: list[int]) -> None:
    print(f"{'records':>8} {'MB':>7} {'seconds':>8} {'records/s':>10} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for count in sizes:
            path = Path(folder) / f"records-{count}.jsonl"
            size = write_records(path, count)
            start = time.perf_counter()
            report = validate([path], today=date(2026, 11, 24))
            elapsed = time.perf_counter() - start
            # Memory in a second run: tracing allocations slows the code it measures.
            tracemalloc.start()
            validate([path], today=date(2026, 11, 24))
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert report.ok, report.summary()
            print(
                f"{count:>8} {size / 1e6:>7.1f} {elapsed:>8.2f} {count / elapsed:>10.0f} "
                f"{peak / 1e6:>8.1f}"
            )


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1_000, 10_000, 100_000])
