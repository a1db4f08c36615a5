"""How well ``factcheck.search`` finds the record a person is asking about, and says when none.

Run: ``python benchmarks/search_eval.py`` (a base install is enough).

Options:

- ``--misses``: list the test queries whose record is not in the top 5, and the out-of-scope
  queries that got hits;
- ``--tune``: grid-search the ranking's settings on the *tune* split only and print the best
  (copy them into ``factcheck/search/engine.py``);
- ``--split tune|test|all``: the split(s) reported (default: both, each on its own);
- ``--json FILE``: also write the figures as JSON;
- ``--lexical``: the lexical ranking alone, even where the ``semantic`` extra is installed
  (by default it is used when installed, as ``factcheck.search`` does);
- ``--tune-semantic``: choose the semantic ranking's settings on the *tune* split (needs the
  extra);
- ``--tune-crosslingual``: choose ``CROSSLINGUAL_WEIGHT`` on the *tune* split, the other
  settings as they are (needs the extra).

The labelled queries are in ``benchmarks/search_queries.json``: written the way people ask,
each with the ids of the records that answer it (any one counts; none: out of scope), the
dataset it is asked of, a kind and a split. The datasets it names are bundled ones or
imported from the samples of ``tests/data/formats`` into a temporary folder. The metrics and
their 95% bootstrap confidence intervals come from `factcheck.search.evaluate`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import factcheck
from factcheck.search import engine
from factcheck.search.evaluation import QueryResult, score

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).with_name("search_queries.json")


def load_queries(path: Path = QUERIES) -> tuple[list[dict], dict]:
    data = json.loads(path.read_text("utf-8"))
    queries = data["queries"]
    datasets = data.get("datasets") or {data.get("dataset", "iraq-2020"): {"bundled": True}}
    for query in queries:
        query.setdefault("dataset", data.get("dataset", "iraq-2020"))
    return queries, datasets


def open_datasets(specs: dict, folder: Path) -> dict[str, factcheck.Dataset]:
    """The benchmark's datasets by the names the queries use: bundled, or imported."""
    from factcheck.formats.importing import import_dataset

    opened = {}
    for name, spec in specs.items():
        if spec.get("import"):
            target = folder / name
            import_dataset(spec["import"], ROOT / spec["path"], target, progress=False)
            opened[name] = factcheck.load(target, "dev")
        else:
            opened[name] = factcheck.load(spec.get("name", name))
    return opened


def targets(query: dict, opened: dict[str, factcheck.Dataset]) -> list[factcheck.Dataset]:
    names = query["dataset"] if isinstance(query["dataset"], list) else [query["dataset"]]
    return [opened[name] for name in names]


SEMANTIC: bool | None = None
"""Passed to `factcheck.search` as `semantic=`: `None` uses the `semantic` extra when it is
installed; ``--lexical`` sets False."""


def run(queries: list[dict], opened: dict) -> list[QueryResult]:
    """Each query searched in its datasets, as `factcheck.search.evaluate` does."""
    results = []
    for query in queries:
        expected = query["expected"]
        hits = engine.search(
            query["query"], 10, targets(query, opened), weak=True, semantic=SEMANTIC
        )
        results.append(
            QueryResult(
                query["query"],
                frozenset(expected),
                tuple(h.id for h in hits if not h.weak),
                tuple(h.id for h in hits),
            )
        )
    return results


def table(queries: list[dict], results: list[QueryResult], split: str, rows: list) -> None:
    overall = score(results)
    rows.append((split, "all", overall))
    by_kind: dict[str, list[QueryResult]] = defaultdict(list)
    for query, result in zip(queries, results, strict=True):
        by_kind[query.get("kind", "?")].append(result)
    for kind, chosen in sorted(by_kind.items()):
        rows.append((split, kind, score(chosen)))


NAMES = ("success@1", "success@5", "success@10", "MRR", "MAP@5", "lost", "nothing found")


def print_rows(rows: list) -> None:
    print(f"| split | kind | in | out | {' | '.join(NAMES)} |")
    print("|---|---|---|---|" + "---|" * len(NAMES))
    for split, kind, evaluation in rows:
        cells = []
        for name in NAMES:
            metric = evaluation.metrics.get(name)
            cells.append(
                ""
                if metric is None
                else f"{metric.value:.3f} [{metric.low:.2f}, {metric.high:.2f}]"
            )
        print(
            f"| {split} | {kind} | {evaluation.in_scope} | {evaluation.out_of_scope} | "
            + " | ".join(cells)
            + " |"
        )


def objective(evaluation) -> tuple:
    """What tuning maximises: in-scope MRR and success@5 while meeting the out-of-scope
    target (≥ 90% answered "nothing found") and losing at most 5% of in-scope queries."""
    m = evaluation.metrics
    nothing = m["nothing found"].value if "nothing found" in m else 1.0
    lost = m["lost"].value
    penalty = max(0.0, 0.9 - nothing) + max(0.0, lost - 0.05)
    return (
        round(m["success@5"].value + m["MRR"].value - 2 * penalty, 4),
        m["MRR"].value,
        nothing,
    )


GRID = {
    "verdict": (0.25, 0.5, 1.0),
    "SYNONYM_WEIGHT": (0.5, 0.8, 1.0),
    "COVERAGE_POWER": (1.0, 2.0, 3.0),
    "RARITY_POWER": (0.0, 0.5, 1.0),
    "UNKNOWN_WEIGHT": (0.5, 1.0),
}
THRESHOLDS = (0.25, 0.3, 0.32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def accepted(hit, threshold: float) -> bool:
    """Whether a hit of a weak search is a hit at ``threshold``: its match reaches it, its
    claim holds `MIN_CLAIM_SCORE` of the query and it holds the years the query names."""
    claim = 1.0 if hit.claim_score is None else hit.claim_score
    return hit.dated and hit.score >= threshold and claim >= engine.MIN_CLAIM_SCORE


def tune(queries: list[dict], opened: dict) -> None:
    """Grid search on the tune split only. The threshold is applied to each setting's
    ranking with the weak hits shown, so it costs no search of its own."""
    chosen = [q for q in queries if q["split"] == "tune"]
    saved = {name: getattr(engine, name) for name in GRID if name != "verdict"}
    saved_fields = engine.FIELDS
    found = []
    for values in itertools.product(*GRID.values()):
        settings = dict(zip(GRID, values, strict=True))
        for name, value in settings.items():
            if name != "verdict":
                setattr(engine, name, value)
        claim, verdict = saved_fields
        fields = (claim, verdict._replace(weight=settings["verdict"]))
        if fields != engine.FIELDS:
            engine.FIELDS = fields
            engine._INDEXES.clear()
        ranked = [
            engine.search(q["query"], 30, targets(q, opened), weak=True, semantic=False)
            for q in chosen
        ]
        for threshold in THRESHOLDS:
            results = [
                QueryResult(
                    q["query"],
                    frozenset(q["expected"]),
                    tuple(h.id for h in hits if accepted(h, threshold))[:10],
                    tuple(h.id for h in hits)[:10],
                )
                for q, hits in zip(chosen, ranked, strict=True)
            ]
            found.append(
                (objective(score(results, resamples=1)), {**settings, "MIN_SCORE": threshold})
            )
    for name, value in saved.items():
        setattr(engine, name, value)
    engine.FIELDS = saved_fields
    found.sort(key=lambda item: item[0], reverse=True)
    print("objective (S@5+MRR-penalty, MRR, nothing found)  settings   (tune split, best first)")
    for value, settings in found[:25]:
        print(value, settings)


SEMANTIC_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
FUSIONS = ((10, 0.0), (5, 0.25), (10, 0.25), (10, 0.5), (20, 0.25), (10, 1.0))
LOSSES = (0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08)


def _frontier(chosen: list[dict], ranked: list, weight: float) -> list[tuple[float, dict]]:
    """Per threshold (0.10 to 0.60 by 0.01), the metrics of the hits scored with
    `weight` (`SEMANTIC_WEIGHT`) from their match and similarity."""
    points = []
    for step in range(10, 61):
        threshold = step / 100
        results = []
        for q, hits in zip(chosen, ranked, strict=True):
            accepted = []
            for h in hits:
                mix = (1 - weight) * h.match + weight * max(h.similarity, 0.0)
                if h.dated and mix >= threshold and h.claim_score >= engine.MIN_CLAIM_SCORE:
                    accepted.append(h.id)
            results.append(
                QueryResult(
                    q["query"],
                    frozenset(q["expected"]),
                    tuple(accepted)[:10],
                    tuple(h.id for h in hits)[:10],
                )
            )
        points.append((threshold, score(results, resamples=1).metrics))
    return points


def tune_semantic(queries: list[dict], opened: dict) -> None:
    """The semantic ranking's settings, on the tune split only.

    1. The fusion (`FUSION_K`, `FUSION_WEIGHT`): the best MRR with weak hits shown.
    2. `SEMANTIC_WEIGHT`: the most queries out of scope answered "nothing found" at a given
       loss of in-scope ones, averaged over the losses `LOSSES` (the whole trade-off, not one
       point of it: 30 out-of-scope queries make any single point noisy).
    3. `SEMANTIC_MIN_SCORE`: with that weight, the most "nothing found" at a loss of at most
       5% (the issue's bound), the lowest such threshold.
    """
    chosen = [q for q in queries if q["split"] == "tune"]
    saved = engine.FUSION_K, engine.FUSION_WEIGHT
    print("| FUSION_K | FUSION_WEIGHT | success@1 | success@5 | MRR (tune, weak hits shown) |")
    print("|---|---|---|---|---|")
    best = None
    try:
        for k, weight in FUSIONS:
            engine.FUSION_K, engine.FUSION_WEIGHT = k, weight
            ranked = [
                engine.search(q["query"], 30, targets(q, opened), weak=True, semantic=True)
                for q in chosen
            ]
            m = score(
                [
                    QueryResult(q["query"], frozenset(q["expected"]), ids, ids)
                    for q, hits in zip(chosen, ranked, strict=True)
                    for ids in [tuple(h.id for h in hits)[:10]]
                ],
                resamples=1,
            ).metrics
            print(
                f"| {k} | {weight} | {m['success@1'].value:.3f} | {m['success@5'].value:.3f} | "
                f"{m['MRR'].value:.3f} |"
            )
            if best is None or m["MRR"].value > best[0]:
                best = (m["MRR"].value, k, weight, ranked)
    finally:
        engine.FUSION_K, engine.FUSION_WEIGHT = saved
    _, k, fusion_weight, ranked = best
    print(f"\nfusion: FUSION_K = {k}, FUSION_WEIGHT = {fusion_weight}\n")
    print("| SEMANTIC_WEIGHT | mean nothing found at lost ≤ 2…8% | at lost ≤ 5%: threshold, "
          "nothing found, lost, success@5, MRR |")  # fmt: skip
    print("|---|---|---|")
    results = []
    for weight in SEMANTIC_WEIGHTS:
        points = _frontier(chosen, ranked, weight)
        reached = [
            max((m["nothing found"].value for _, m in points if m["lost"].value <= bound + 1e-9),
                default=0.0)
            for bound in LOSSES
        ]  # fmt: skip
        mean = sum(reached) / len(reached)
        allowed = [(t, m) for t, m in points if m["lost"].value <= 0.05 + 1e-9]
        threshold, m = max(allowed, key=lambda p: (p[1]["nothing found"].value, -p[0]))
        results.append((mean, weight, threshold))
        print(
            f"| {weight} | {mean:.3f} | {threshold:.2f}, {m['nothing found'].value:.3f}, "
            f"{m['lost'].value:.3f}, {m['success@5'].value:.3f}, {m['MRR'].value:.3f} |"
        )
    mean, weight, threshold = max(results, key=lambda r: (r[0], -r[1]))
    print(f"\nchosen: SEMANTIC_WEIGHT = {weight}, SEMANTIC_MIN_SCORE = {threshold:.2f}")


CROSSLINGUAL_WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


CROSSLINGUAL_UNKNOWN_WEIGHTS = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
UNREAD_UNKNOWN_WEIGHTS = (0.0, 0.1, 0.25, 0.5)


def tune_crosslingual(queries: list[dict], opened: dict) -> None:
    """The settings for a query in a language no claim is in, on the tune split only, the
    other settings as they are in `factcheck.search.engine`; each the best `objective` (of
    equals, the one nearest the setting for other queries):

    1. `CROSSLINGUAL_UNKNOWN_WEIGHT`, on the lexical ranking;
    2. with it, and the `semantic` extra installed, `CROSSLINGUAL_WEIGHT`: each query's hits
       scored with the weight its language gets (`SearchIndex._semantic_weight`) and kept at
       `SEMANTIC_MIN_SCORE`.
    """
    chosen = [q for q in queries if q["split"] == "tune"]
    saved = (
        engine.CROSSLINGUAL_UNKNOWN_WEIGHT,
        engine.UNREAD_UNKNOWN_WEIGHT,
        engine.CROSSLINGUAL_WEIGHT,
    )

    def lexical(weights: tuple[float, float]) -> list[QueryResult]:
        engine.CROSSLINGUAL_UNKNOWN_WEIGHT, engine.UNREAD_UNKNOWN_WEIGHT = weights
        results = []
        for q in chosen:
            hits = engine.search(q["query"], 10, targets(q, opened), weak=True, semantic=False)
            ids = tuple(h.id for h in hits)
            kept = tuple(h.id for h in hits if not h.weak)
            results.append(QueryResult(q["query"], frozenset(q["expected"]), kept, ids))
        return results

    try:
        unknown = _choose(
            "CROSSLINGUAL_UNKNOWN_WEIGHT, UNREAD_UNKNOWN_WEIGHT (tune, lexical)",
            tuple(itertools.product(CROSSLINGUAL_UNKNOWN_WEIGHTS, UNREAD_UNKNOWN_WEIGHTS)),
            lexical,
            (engine.UNKNOWN_WEIGHT, engine.UNKNOWN_WEIGHT),
        )
        from factcheck.search import semantic

        if not semantic.available():
            return
        engine.CROSSLINGUAL_UNKNOWN_WEIGHT, engine.UNREAD_UNKNOWN_WEIGHT = unknown
        ranked = [
            engine.search(q["query"], 30, targets(q, opened), weak=True, semantic=True)
            for q in chosen
        ]

        def meaning(crosslingual: float) -> list[QueryResult]:
            engine.CROSSLINGUAL_WEIGHT = crosslingual
            results = []
            for q, hits in zip(chosen, ranked, strict=True):
                index = engine.index_of(*targets(q, opened))
                language = index._language(q["query"])
                mixed = index._semantic_weight(language)
                if index._unread(language):
                    # ranked by meaning alone (step 3): as the search gives its hits
                    kept = tuple(h.id for h in hits if not h.weak)
                else:
                    kept = tuple(
                        h.id
                        for h in hits
                        if h.dated
                        and (1 - mixed) * h.match + mixed * max(h.similarity, 0.0)
                        >= engine.SEMANTIC_MIN_SCORE
                        and h.claim_score >= engine.MIN_CLAIM_SCORE
                    )
                ids = tuple(h.id for h in hits)[:10]
                results.append(QueryResult(q["query"], frozenset(q["expected"]), kept[:10], ids))
            return results

        crosslingual = _choose(
            "CROSSLINGUAL_WEIGHT (tune, semantic)",
            CROSSLINGUAL_WEIGHTS,
            meaning,
            engine.SEMANTIC_WEIGHT,
        )
        engine.CROSSLINGUAL_WEIGHT = crosslingual
        _tune_unread(chosen, opened)
    finally:
        (
            engine.CROSSLINGUAL_UNKNOWN_WEIGHT,
            engine.UNREAD_UNKNOWN_WEIGHT,
            engine.CROSSLINGUAL_WEIGHT,
        ) = saved


UNREAD_WEIGHTS = (0.6, 0.7, 0.8, 0.9, 1.0)


def _tune_unread(chosen: list[dict], opened: dict) -> None:
    """3. `UNREAD_WEIGHT` and `UNREAD_MIN_SCORE` together, for the queries in a language the
    tables cannot read (`SearchIndex._unread`): their hits scored and ordered again by
    each weight and kept at each threshold (0.30 to 0.60 by 0.01), the other queries' hits
    as the search gives them; the best `objective`, of equals the highest threshold, then
    the smallest weight."""
    unread = [
        engine.index_of(*targets(q, opened))._unread(
            engine.index_of(*targets(q, opened))._language(q["query"])
        )
        for q in chosen
    ]
    ranked = [
        engine.search(q["query"], 30, targets(q, opened), weak=True, semantic=True) for q in chosen
    ]
    found = []
    for weight in UNREAD_WEIGHTS:
        for step in range(30, 61):
            threshold = step / 100
            results = []
            for q, hits, alone in zip(chosen, ranked, unread, strict=True):
                if alone:
                    scored = sorted(
                        ((1 - weight) * h.match + weight * max(h.similarity, 0.0), n, h)
                        for n, h in enumerate(hits)
                    )
                    scored = [
                        (value, h) for value, n, h in sorted(scored, key=lambda t: (-t[0], t[1]))
                    ]
                    ids = tuple(h.id for _, h in scored)[:10]
                    kept = tuple(h.id for value, h in scored if value >= threshold and h.dated)
                else:
                    ids = tuple(h.id for h in hits)[:10]
                    kept = tuple(h.id for h in hits if not h.weak)
                results.append(QueryResult(q["query"], frozenset(q["expected"]), kept[:10], ids))
            evaluation = score(results, resamples=1)
            found.append((objective(evaluation), threshold, -weight, evaluation.metrics))
    _, threshold, weight, _ = max(found, key=lambda item: item[:3])
    print("| UNREAD_WEIGHT | best UNREAD_MIN_SCORE | success@5 | MRR | lost | nothing found |")
    print("|---|---|---|---|---|---|")
    for each in UNREAD_WEIGHTS:
        best = max((item for item in found if -item[2] == each), key=lambda item: item[:3])
        bm = best[3]
        print(
            f"| {each} | {best[1]:.2f} | {bm['success@5'].value:.3f} | {bm['MRR'].value:.3f} | "
            f"{bm['lost'].value:.3f} | {bm['nothing found'].value:.3f} |"
        )
    print(f"\nchosen: UNREAD_WEIGHT = {-weight}, UNREAD_MIN_SCORE = {threshold:.2f}")


def _choose(name: str, values: tuple, results_for, nearest: Any) -> Any:
    """Print the tune figures of each of `values` (numbers, or tuples of them) and return the
    one of the best `objective` (of equals, the one nearest `nearest`)."""
    print(f"| {name} | success@5 | MRR | lost | nothing found |")
    print("|---|---|---|---|---|")
    found = []
    for value in values:
        evaluation = score(results_for(value), resamples=1)
        m = evaluation.metrics
        print(
            f"| {value} | {m['success@5'].value:.3f} | {m['MRR'].value:.3f} | "
            f"{m['lost'].value:.3f} | {m['nothing found'].value:.3f} |"
        )
        found.append((objective(evaluation), value))
    best = max(value for value, _ in found)

    def distance(value: Any) -> float:
        pairs = zip(value, nearest, strict=True) if isinstance(value, tuple) else [(value, nearest)]
        return sum(abs(a - b) for a, b in pairs)

    chosen = min((v for value, v in found if value == best), key=distance)
    print(f"\nchosen: {name.rsplit(' (', 1)[0]} = {chosen}\n")
    return chosen


def ablation(queries: list[dict], opened: dict) -> None:
    """What each part of the ranking brings: the figures with parts turned off in turn."""
    from factcheck.search import engine as eng

    analyzer = eng._analyzer()
    saved = (eng.SYNONYM_WEIGHT, eng.FUZZY_MIN_SIMILARITY, eng.COMPOUND_MIN_PART,
             analyzer.translations, eng.MIN_SCORE, eng.MIN_CLAIM_SCORE, eng.YEARS,
             eng.CROSSLINGUAL_UNKNOWN_WEIGHT, eng.UNREAD_UNKNOWN_WEIGHT)  # fmt: skip

    def configure(
        synonyms: bool,
        translations: bool,
        typos: bool,
        threshold: bool,
        claim: bool = False,
        years: bool = False,
        foreign: bool = False,
    ) -> None:
        eng.SYNONYM_WEIGHT = saved[0] if synonyms else 0.0
        eng.FUZZY_MIN_SIMILARITY = saved[1] if typos else 2.0
        eng.COMPOUND_MIN_PART = saved[2] if translations else 10**6
        analyzer.translations = saved[3] if translations else {}
        eng.MIN_SCORE = saved[4] if threshold else 0.0
        eng.MIN_CLAIM_SCORE = saved[5] if claim else 0.0
        eng.YEARS = saved[6] if years else (1, 0)  # an empty range: no word is a year
        eng.CROSSLINGUAL_UNKNOWN_WEIGHT = saved[7] if foreign else eng.UNKNOWN_WEIGHT
        eng.UNREAD_UNKNOWN_WEIGHT = saved[8] if foreign else eng.UNKNOWN_WEIGHT

    steps = [
        ("BM25 + aliases only", (False, False, False, False)),
        ("+ typo matching", (False, False, True, False)),
        ("+ synonyms", (True, False, True, False)),
        ("+ translations and compounds", (True, True, True, False)),
        ("+ match threshold", (True, True, True, True)),
        ("+ claim must hold part of the query", (True, True, True, True, True)),
        ("+ a year the query names must be held", (True, True, True, True, True, True)),
        (
            "+ unknown words weigh less in a language no claim is in (shipped)",
            (True, True, True, True, True, True, True),
        ),
    ]
    global SEMANTIC
    from factcheck.search import semantic

    wanted = SEMANTIC
    runs = [(name, switches, False, False) for name, switches in steps]
    if wanted is None and semantic.available():
        runs += [
            ("+ meaning, weak matches shown (the semantic ranking)", steps[3][1], True, False),
            (
                "+ meaning, its threshold, the claim and the year rules",
                steps[-1][1],
                True,
                False,
            ),
            (
                "+ meaning weighs more in a language no claim is in",
                steps[-1][1],
                True,
                True,
            ),
            (
                "+ meaning alone in a language the tables cannot read (semantic extra)",
                steps[-1][1],
                True,
                "unread",
            ),
        ]
    saved_semantic = eng.SEMANTIC_MIN_SCORE
    saved_crosslingual = eng.CROSSLINGUAL_WEIGHT
    saved_read = eng.READ_LANGUAGES
    every = frozenset(semantic.LANGUAGES) | saved_read  # no language is unread
    print("| configuration | split | success@1 | success@5 | MRR | nothing found | lost |")
    print("|---|---|---|---|---|---|---|")
    try:
        for name, switches, meaning, crosslingual in runs:
            configure(*switches)
            SEMANTIC = meaning
            eng.SEMANTIC_MIN_SCORE = saved_semantic if switches[3] else 0.0
            eng.CROSSLINGUAL_WEIGHT = saved_crosslingual if crosslingual else eng.SEMANTIC_WEIGHT
            # Before its line, the semantic ranking weighs a language the tables cannot read
            # as any other (the lexical ranking always does).
            eng.READ_LANGUAGES = every if meaning and crosslingual != "unread" else saved_read
            for split in ("tune", "test"):
                chosen = [q for q in queries if q["split"] == split]
                m = score(run(chosen, opened)).metrics
                print(
                    f"| {name} | {split} | {m['success@1']} | {m['success@5']} | {m['MRR']} | "
                    f"{m['nothing found']} | {m['lost']} |"
                )
    finally:
        configure(True, True, True, True, True, True, True)
        SEMANTIC = wanted
        eng.SEMANTIC_MIN_SCORE = saved_semantic
        eng.CROSSLINGUAL_WEIGHT = saved_crosslingual
        eng.READ_LANGUAGES = saved_read


def frontier(queries: list[dict], opened: dict) -> None:
    """The trade-off the threshold makes: per value of `MIN_SCORE`, what it answers "nothing
    found" to and what it loses (each split on its own; the weak ranking is run once)."""
    print("| MIN_SCORE | split | success@5 | MRR | nothing found | lost |")
    print("|---|---|---|---|---|---|")
    for split in ("tune", "test"):
        chosen = [q for q in queries if q["split"] == split]
        ranked = [
            engine.search(q["query"], 30, targets(q, opened), weak=True, semantic=SEMANTIC)
            for q in chosen
        ]
        for threshold in THRESHOLDS:
            results = [
                QueryResult(
                    q["query"],
                    frozenset(q["expected"]),
                    tuple(h.id for h in hits if accepted(h, threshold))[:10],
                    tuple(h.id for h in hits)[:10],
                )
                for q, hits in zip(chosen, ranked, strict=True)
            ]
            m = score(results, resamples=1).metrics
            print(
                f"| {threshold} | {split} | {m['success@5'].value:.3f} | {m['MRR'].value:.3f} | "
                f"{m['nothing found'].value:.3f} | {m['lost'].value:.3f} |"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list test queries missed")
    parser.add_argument("--tune", action="store_true", help="grid search on the tune split")
    parser.add_argument("--split", choices=("tune", "test", "all", "both"), default="both")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--ablation", action="store_true", help="turn parts off in turn")
    parser.add_argument("--frontier", action="store_true", help="the threshold's trade-off")
    parser.add_argument(
        "--tune-semantic", action="store_true", help="the semantic settings, on the tune split"
    )
    parser.add_argument(
        "--tune-crosslingual",
        action="store_true",
        help="the weight of meaning for queries in another language, on the tune split",
    )
    parser.add_argument(
        "--lexical", action="store_true", help="the lexical ranking alone (semantic=False)"
    )
    args = parser.parse_args(argv)
    global SEMANTIC
    SEMANTIC = False if args.lexical else None

    queries, specs = load_queries(args.queries)
    with tempfile.TemporaryDirectory() as folder:
        opened = open_datasets(specs, Path(folder))
        if args.tune:
            tune(queries, opened)
            return
        if args.ablation:
            ablation(queries, opened)
            return
        if args.frontier:
            frontier(queries, opened)
            return
        if args.tune_semantic:
            tune_semantic(queries, opened)
            return
        if args.tune_crosslingual:
            tune_crosslingual(queries, opened)
            return
        sizes = ", ".join(f"{name} {d.version} ({len(d)} records)" for name, d in opened.items())
        from factcheck.search import semantic

        ranking = "lexical + semantic" if SEMANTIC is None and semantic.available() else "lexical"
        print(f"{len(queries)} queries on {sizes}; ranking: {ranking}\n")
        splits = {"both": ("tune", "test"), "all": ("all",)}.get(args.split, (args.split,))
        rows: list = []
        for split in splits:
            chosen = [q for q in queries if split == "all" or q["split"] == split]
            results = run(chosen, opened)
            table(chosen, results, split, rows)
            if args.misses:
                misses = score(results, resamples=1).misses()
                for result in misses:
                    print(
                        f"  miss: {result.query!r} expected {sorted(result.expected)} "
                        f"got {list(result.found[:3])} (weak: {list(result.found_weak[:3])})"
                    )
        print_rows(rows)
        if args.json:
            args.json.write_text(
                json.dumps(
                    [{"split": s, "kind": k, **evaluation.to_dict()} for s, k, evaluation in rows],
                    indent=2,
                ),
                "utf-8",
            )


if __name__ == "__main__":
    sys.exit(main())
