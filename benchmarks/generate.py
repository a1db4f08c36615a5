"""Deterministic benchmark data: valid fact-check records of about 1.9 kB (4 kB with
``--full``), built from the flagship dataset's real records.

Record ``i`` is always the same record, whatever the count, so the 1k set is the start of the
10k set, which is the start of the 100k set. Every record passes every check (no errors, no
warnings): ids and claims are unique, evidence comes from two to four independent publishers
and never post-dates the review, topics are declared.

    python benchmarks/generate.py 100000 out.jsonl       # a JSON Lines file
    python benchmarks/generate.py 100000 out.jsonl --full  # the same, texts kept whole
    python benchmarks/generate.py 100000 out/ --release  # a dataset folder with release 1.0.0
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

from factcheck.files import datasets_dir
from factcheck.model.manifest import Manifest, file_entry
from factcheck.model.ratings import Rating
from factcheck.validation.rules import publisher_key

FLAGSHIP = datasets_dir() / "iraq-2020"
RELEASE = FLAGSHIP / "releases" / "1.0.0"
NAME = "generated"


def _flagship() -> list[dict[str, Any]]:
    lines = (RELEASE / "records.jsonl").read_bytes().splitlines()
    return [json.loads(line) for line in lines]


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word and stripped (stays a valid text)."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "."


class Generator:
    """Makes record ``i`` from the flagship's records, deterministically.

    By default the texts are cut so that a record is about 1.9 kB; with ``full`` they are kept
    whole, as the flagship's records hold them (about 4 kB a record, the flagship's own mean
    is 4.2 kB)."""

    def __init__(self, *, full: bool = False) -> None:
        self.full = full
        self.bases = _flagship()
        self.pool = [source for record in self.bases for source in record["evidence"]]
        self.topics = sorted({topic for record in self.bases for topic in record["topics"]})

    def record(self, i: int) -> dict[str, Any]:
        """Record number ``i``."""
        rng = random.Random(i)
        base = self.bases[i % len(self.bases)]
        claim = dict(base["claim"])
        claim["text"] = f"{self._cut(claim['text'], 140).rstrip('.')} (case {i})."
        claim.pop("appearances", None)
        if "context" in claim:
            claim["context"] = self._cut(claim["context"], 90)
        evidence = self._evidence(rng, base)
        verdict = dict(base["verdict"])
        verdict["summary"] = self._cut(verdict["summary"], 120)
        verdict["explanation"] = self._cut(verdict["explanation"], 120)
        reviewed = max([verdict["reviewed"], claim["date"]] + [s["published"] for s in evidence])
        verdict["reviewed"] = reviewed
        record = {
            "schema_version": "1.0",
            "id": f"{base['id'][:60]}-{i}",
            "claim": claim,
            "verdict": verdict,
            "evidence": evidence,
            "topics": sorted(rng.sample(self.topics, rng.randint(1, 3))),
            "history": [{"date": reviewed, "change": "created", "note": "First published."}],
        }
        return record

    def _cut(self, text: str, limit: int) -> str:
        """``text`` cut to ``limit`` characters, or whole with ``full``."""
        return text if self.full else _cut(text, limit)

    def _evidence(self, rng: random.Random, base: dict[str, Any]) -> list[dict[str, Any]]:
        wanted = 4 if self.full else rng.randint(2, 3)
        chosen: list[dict[str, Any]] = []
        keys: set[str] = set()
        urls: set[str] = set()
        candidates = list(base["evidence"]) + rng.sample(self.pool, 8)
        for source in candidates:
            key = publisher_key(source["publisher"], source.get("syndicated_from"))
            if key in keys or source["url"] in urls:
                continue
            source = dict(source)
            source["quote"] = self._cut(source["quote"], 90)
            source["title"] = self._cut(source["title"], 60)
            if not self.full:
                source.pop("speaker", None)
            chosen.append(source)
            keys.add(key)
            urls.add(source["url"])
            if len(chosen) == wanted:
                break
        return chosen


def jsonl_bytes(count: int, *, full: bool = False) -> bytes:
    """``count`` records as JSON Lines (compact, as a release stores them); ``full``: see
    `Generator`."""
    generator = Generator(full=full)
    return b"".join(
        json.dumps(generator.record(i), ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        for i in range(count)
    )


def write_jsonl(path: Path, count: int, *, full: bool = False) -> int:
    """Write ``count`` records to ``path``; return its size in bytes."""
    data = jsonl_bytes(count, full=full)
    path.write_bytes(data)
    return len(data)


FEVER_SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "formats" / "fever"


def write_fever(path: Path, count: int) -> int:
    """``count`` lines shaped like FEVER's ``train.jsonl``, from the real sample lines in
    ``tests/data/formats/fever/``: each line keeps its label and evidence, gets a new id and a
    claim made unique by a number. Return the file's size in bytes."""
    sample = [
        json.loads(line) for line in (FEVER_SAMPLE / "sample.jsonl").read_bytes().splitlines()
    ]
    with path.open("wb") as out:
        for i in range(count):
            item = dict(sample[i % len(sample)])
            item["id"] = 1_000_000 + i
            item["claim"] = f"{item['claim'].rstrip('.')} (generated {i})."
            out.write(json.dumps(item, ensure_ascii=False).encode() + b"\n")
    return path.stat().st_size


def write_release(folder: Path, count: int, version: str = "1.0.0") -> Path:
    """A dataset folder ``folder`` (named ``generated``) holding only release ``version``.

    The release is written as ``factcheck release`` writes one (records sorted by id, the
    manifest with checksums), without going through 100,000 record files.
    """
    import msgspec

    from factcheck.model.manifest import Changes
    from factcheck.model.records import RECORD_DECODER

    generator = Generator()
    info = json.loads((FLAGSHIP / "dataset.json").read_text("utf-8"))
    info["name"] = folder.name
    info["topics"] = generator.topics
    info_bytes = (json.dumps(info, indent=2, ensure_ascii=False) + "\n").encode()
    records = sorted(
        (RECORD_DECODER.decode(json.dumps(generator.record(i)).encode()) for i in range(count)),
        key=lambda record: record.id,
    )
    data = b"".join(msgspec.json.encode(record) + b"\n" for record in records)
    ratings: dict[str, int] = {}
    for record in records:
        ratings[record.verdict.rating.value] = ratings.get(record.verdict.rating.value, 0) + 1
    manifest = Manifest(
        name=folder.name,
        version=version,
        released=__import__("datetime").date(2026, 11, 24),
        schema_version="1.0",
        records=len(records),
        ratings={r.value: ratings[r.value] for r in Rating if r.value in ratings},
        previous=None,
        files={"dataset.json": file_entry(info_bytes), "records.jsonl": file_entry(data)},
        changes=Changes(added=tuple(record.id for record in records)),
    )
    release = folder / "releases" / version
    release.mkdir(parents=True, exist_ok=True)
    (folder / "dataset.json").write_bytes(info_bytes)
    (folder / "records").mkdir(exist_ok=True)
    (release / "dataset.json").write_bytes(info_bytes)
    (release / "records.jsonl").write_bytes(data)
    (release / "manifest.json").write_bytes(manifest.to_json())
    return release


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    if "--release" in sys.argv:
        print(write_release(target, count))
    else:
        size = write_jsonl(target, count, full="--full" in sys.argv)
        print(f"{size / count:.0f} bytes per record")
