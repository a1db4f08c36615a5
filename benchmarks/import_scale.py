"""How fast, and in how much memory, large ClaimReview-family inputs import (not run in CI).

For each of the three streaming inputs (a ClaimReview JSON array, a DataCommons feed, a
Fact Check Tools ``claims:search`` dump as one JSON file) at 10,000, 100,000 and 250,000
items, a generated file is imported by ``factcheck.formats.importing.import_dataset`` in a
fresh Python process, which reports items per second and its peak resident memory
(``ru_maxrss``). The items are generated: 40 publishers, one label in eight that no table
maps (kept, not normalized), one claim in five reviewed by a second publisher (linked by
``claim.key``), claim texts of 60 to 400 characters.

Run: ``python benchmarks/import_scale.py [--sizes 10000,100000,250000] [--formats ...]``.
The target is a peak under 300 MB whatever the size.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_LABELS = ["False", "Mostly False", "Misleading", "True", "Half True", "Falso", "Faux", "Fake"]
_UNMAPPED = ["Exaggerated claim about the numbers", "Needs more context here", "Satire"]
_CHILD = r"""
import json, resource, sys, time
from datetime import date
from factcheck.formats.importing import import_dataset
start = time.perf_counter()
result = import_dataset(sys.argv[1], sys.argv[2], sys.argv[3], today=date(2026, 12, 1),
                        progress=False)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"records": result.records, "problems": len(result.problems),
                  "not_normalized": result.not_normalized, "seconds": elapsed,
                  "peak_mb": peak}))
"""


def _review(rng: random.Random, n: int, publisher: int, text: str) -> dict:
    label = rng.choice(_UNMAPPED) if n % 8 == 0 else rng.choice(_LABELS)
    return {
        "@type": "ClaimReview",
        "url": f"https://checker{publisher}.example.org/fact-check/{n}",
        "claimReviewed": text,
        "datePublished": f"2024-0{1 + n % 9}-1{n % 10}",
        "author": {"@type": "Organization", "name": f"Checker {publisher}"},
        "reviewRating": {"@type": "Rating", "alternateName": label},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": f"Claimant {n % 997}"},
            "datePublished": "2024-01-01",
        },
    }


def _claims(count: int, seed: int = 7):
    """(n, claim text, reviews as (n, publisher)) until ``count`` reviews are made."""
    rng = random.Random(seed)
    made = n = 0
    while made < count:
        words = rng.randint(10, 60)
        text = f"Claim {n}: " + " ".join(f"w{rng.randint(0, 50_000)}" for _ in range(words))
        publishers = [n % 40] if n % 5 or made + 1 == count else [n % 40, (n + 1) % 40]
        yield rng, n, text, publishers
        made += len(publishers)
        n += 1


def _write_array(path: Path, opening: str, items, closing: str) -> None:
    """Write `opening`, the JSON of each of `items` (a generator: never all in memory),
    separated by commas, and `closing`."""
    with path.open("w", encoding="utf-8") as out:
        out.write(opening)
        for i, item in enumerate(items):
            out.write(("" if i == 0 else ",\n") + json.dumps(item))
        out.write(closing)


def write_claimreview(path: Path, count: int) -> None:
    reviews = (
        _review(rng, n * 2 + p, p, text)
        for rng, n, text, publishers in _claims(count)
        for p in publishers
    )
    _write_array(path, "[\n", reviews, "\n]\n")


def write_datacommons(path: Path, count: int) -> None:
    elements = (
        {
            "@type": "DataFeedItem",
            "dateCreated": "2024-01-02T00:00:00Z",
            "item": [_review(rng, n * 2 + p, p, text) for p in publishers],
        }
        for rng, n, text, publishers in _claims(count)
    )
    opening = '{"@context": "http://schema.org", "@type": "DataFeed", "dataFeedElement": [\n'
    _write_array(path, opening, elements, "\n]}\n")


def _api_claim(rng, n: int, text: str, publishers: list[int]) -> dict:
    reviews = []
    for p in publishers:
        review = _review(rng, n * 2 + p, p, text)
        reviews.append(
            {
                "publisher": {"name": f"Checker {p}", "site": f"checker{p}.example.org"},
                "url": review["url"],
                "title": f"Fact check {n}",
                "reviewDate": review["datePublished"] + "T00:00:00Z",
                "textualRating": review["reviewRating"]["alternateName"],
                "languageCode": "en",
            }
        )
    return {
        "text": text,
        "claimant": f"Claimant {n % 997}",
        "claimDate": "2024-01-01T00:00:00Z",
        "claimReview": reviews,
    }


def write_factchecktools(path: Path, count: int) -> None:
    claims = (_api_claim(*claim) for claim in _claims(count))
    _write_array(path, '{"claims": [\n', claims, '\n], "nextPageToken": "CAo"}\n')


WRITERS = {
    "claimreview": write_claimreview,
    "datacommons": write_datacommons,
    "factchecktools": write_factchecktools,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,250000")
    parser.add_argument("--formats", default=",".join(WRITERS))
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(
        f"{'format':<15} {'items':>8} {'file MB':>8} {'records':>8} {'items/s':>8} {'peak MB':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="factcheck-import-scale-") as folder:
        root = Path(folder)
        for name in args.formats.split(","):
            for size in sizes:
                source = root / f"{name}-{size}.json"
                WRITERS[name](source, size)
                target = root / f"{name}-{size}-out"
                started = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, "-c", _CHILD, name, str(source), str(target)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                wall = time.perf_counter() - started
                report = json.loads(done.stdout.strip().splitlines()[-1])
                rate = size / report["seconds"]
                print(
                    f"{name:<15} {size:>8} {source.stat().st_size / 1e6:>8.1f} "
                    f"{report['records']:>8} {rate:>8.0f} {report['peak_mb']:>8.1f}"
                    f"   (not normalized {report['not_normalized']}, problems "
                    f"{report['problems']}, wall {wall:.0f} s)",
                    flush=True,
                )
                shutil.rmtree(target, ignore_errors=True)
                source.unlink()


if __name__ == "__main__":
    main()
