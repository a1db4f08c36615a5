"""Score the search on your own labelled queries: `evaluate`.

The metrics are those of claim-retrieval benchmarks (CLEF CheckThat! Task 2, SemEval-2025
Task 7), computed on the hits `factcheck.search` returns by default, so the "nothing found"
threshold is part of what is measured:

- **success@k**: the share of in-scope queries with an expected record among the first k hits;
- **MRR**: the mean of 1 / the rank of the first expected record among the first 10 hits
  (0 when it is not there);
- **MAP@5**: the mean, over in-scope queries, of the average precision of the first 5 hits
  (the precision at each rank holding an expected record, added up and divided by the number
  of expected records, at most 5);
- **nothing found**: the share of out-of-scope queries (those expecting no record) that get
  no hit;
- **lost**: the share of in-scope queries whose expected record is among the first 10
  records when weak hits are shown, but not among the hits: what the threshold costs.

Each comes with a 95% confidence interval: the 2.5th and 97.5th percentiles of the metric over
bootstrap resamples of the queries (1,000 by default, with a fixed seed, so a run repeats).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError

__all__ = ["Evaluation", "Metric", "QueryResult", "evaluate"]

K = 10


@dataclass(frozen=True)
class Metric:
    """A metric's value over the queries and its bootstrap confidence interval."""

    value: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"


@dataclass(frozen=True)
class QueryResult:
    """How one labelled query fared."""

    query: str
    expected: frozenset[str]
    """The ids (or `DATASET:ID`) of the records that answer it; empty: out of scope."""
    found: tuple[str, ...]
    """The ids of the hits, best first (`DATASET:ID` when the labels name datasets)."""
    found_weak: tuple[str, ...]
    """The same with weak hits shown (`weak=True`)."""

    @property
    def in_scope(self) -> bool:
        return bool(self.expected)

    @property
    def rank(self) -> int | None:
        """The 1-based rank of the first expected record among the hits, or None."""
        for rank, found in enumerate(self.found, 1):
            if found in self.expected:
                return rank
        return None

    def average_precision(self, k: int = 5) -> float:
        hits = 0
        total = 0.0
        for rank, found in enumerate(self.found[:k], 1):
            if found in self.expected:
                hits += 1
                total += hits / rank
        return total / min(len(self.expected), k) if self.expected else 0.0

    @property
    def lost(self) -> bool:
        """The expected record is found with weak hits shown, but is not a hit."""
        return self.rank is None and any(found in self.expected for found in self.found_weak)


def _success(k: int):
    return lambda r: 1.0 if r.rank is not None and r.rank <= k else 0.0


_IN_SCOPE = {
    "success@1": _success(1),
    "success@5": _success(5),
    "success@10": _success(10),
    "MRR": lambda r: 1.0 / r.rank if r.rank is not None else 0.0,
    "MAP@5": lambda r: r.average_precision(5),
    "lost": lambda r: 1.0 if r.lost else 0.0,
}
_OUT_OF_SCOPE = {"nothing found": lambda r: 0.0 if r.found else 1.0}


@dataclass
class Evaluation:
    """The metrics of a set of labelled queries (see `factcheck.search.evaluation`)."""

    results: list[QueryResult]
    metrics: dict[str, Metric] = field(default_factory=dict)
    """By name: `success@1`, `success@5`, `success@10`, `MRR`, `MAP@5`, `lost`
    (over in-scope queries) and `nothing found` (over out-of-scope ones); a name is missing
    when there is no query of its kind."""

    @property
    def in_scope(self) -> int:
        """How many queries expect a record."""
        return sum(r.in_scope for r in self.results)

    @property
    def out_of_scope(self) -> int:
        """How many queries expect none."""
        return len(self.results) - self.in_scope

    def __getitem__(self, name: str) -> Metric:
        return self.metrics[name]

    def misses(self, k: int = 5) -> list[QueryResult]:
        """The in-scope queries with no expected record in the first `k` hits, and the
        out-of-scope ones that got hits."""
        return [
            r
            for r in self.results
            if (r.in_scope and (r.rank is None or r.rank > k)) or (not r.in_scope and r.found)
        ]

    def to_dict(self) -> dict[str, Any]:
        """The counts and metrics as JSON data."""
        return {
            "queries": len(self.results),
            "in_scope": self.in_scope,
            "out_of_scope": self.out_of_scope,
            "metrics": {
                name: {"value": m.value, "low": m.low, "high": m.high}
                for name, m in self.metrics.items()
            },
        }

    def __str__(self) -> str:
        lines = [f"{self.in_scope} in-scope and {self.out_of_scope} out-of-scope queries"]
        lines += [f"{name:>14}: {metric}" for name, metric in self.metrics.items()]
        return "\n".join(lines)


def evaluate(
    pairs: Iterable[Any],
    datasets: Any = None,
    *,
    version: str | None = None,
    resamples: int = 1000,
    seed: int = 0,
    semantic: bool | None = None,
) -> Evaluation:
    """Search each labelled query and score the hits (metrics: `factcheck.search.evaluation`).

    ```pycon
    >>> from factcheck.search import evaluate
    >>> result = evaluate([
    ...     ("did america pull its soldiers out of irak?", "us-withdrawing-from-iraq"),
    ...     ("bananas are radioactive", []),
    ... ], datasets="iraq-2020")
    >>> result["success@5"].value, result["nothing found"].value
    (1.0, 1.0)

    ```

    Args:
        pairs: The labelled queries: `(query, expected)` pairs, where `expected` is a
            record id, a list of ids (any one counts as found) or an empty list for a query
            that no record answers; or `(query, expected, datasets)` to search a query in
            its own datasets; or mappings with the keys `query`, `expected` and
            optionally `dataset`. An id may be written `DATASET:ID` to name its dataset.
        datasets: Where to search the queries that name none (as `factcheck.search` takes it).
        version: The version of the datasets given by name.
        resamples: How many bootstrap resamples give the confidence intervals.
        seed: The seed of the resampling.
        semantic: The ranking, as `factcheck.search` takes it (`None`: the semantic one when
            the `semantic` extra is installed; `False`: the words alone), so that both can be
            scored on the same queries.

    Returns:
        The `Evaluation`: per-query results and the metrics with their intervals.

    Raises:
        UsageError: A pair that is not a labelled query.
    """
    from .engine import search

    results = []
    for pair in pairs:
        query, expected, where = _pair(pair, datasets)
        qualified = any(":" in e for e in expected)
        weak_hits = search(query, K, where, version=version, weak=True, semantic=semantic)

        def name(hit: Any, qualified: bool = qualified) -> str:
            return f"{hit.dataset}:{hit.id}" if qualified else hit.id

        results.append(
            QueryResult(
                query,
                frozenset(expected),
                tuple(name(h) for h in weak_hits if not h.weak),
                tuple(name(h) for h in weak_hits),
            )
        )
    return score(results, resamples=resamples, seed=seed)


def score(results: Sequence[QueryResult], *, resamples: int = 1000, seed: int = 0) -> Evaluation:
    """The metrics of query results already computed (what `evaluate` returns)."""
    evaluation = Evaluation(list(results))
    rng = random.Random(seed)
    for metrics, chosen in (
        (_IN_SCOPE, [r for r in results if r.in_scope]),
        (_OUT_OF_SCOPE, [r for r in results if not r.in_scope]),
    ):
        if not chosen:
            continue
        values = {name: [metric(r) for r in chosen] for name, metric in metrics.items()}
        n = len(chosen)
        samples = [[rng.randrange(n) for _ in range(n)] for _ in range(resamples)]
        for name, per_query in values.items():
            means = sorted(sum(per_query[i] for i in sample) / n for sample in samples)
            low = means[int(0.025 * (resamples - 1))] if means else 0.0
            high = means[int(0.975 * (resamples - 1))] if means else 0.0
            evaluation.metrics[name] = Metric(sum(per_query) / n, low, high)
    return evaluation


def _pair(pair: Any, datasets: Any) -> tuple[str, list[str], Any]:
    if isinstance(pair, Mapping):
        query, expected, where = pair.get("query"), pair.get("expected"), pair.get("dataset")
    elif isinstance(pair, Sequence) and not isinstance(pair, str) and len(pair) in (2, 3):
        query, expected = pair[0], pair[1]
        where = pair[2] if len(pair) == 3 else None
    else:
        raise UsageError(
            f"a labelled query is (query, expected ids) or a mapping with 'query' and "
            f"'expected', not {pair!r}"
        )
    if not isinstance(query, str) or not query.strip():
        raise UsageError(f"a labelled query needs a non-empty query, not {query!r}")
    if isinstance(expected, str):
        expected = [expected]
    if not isinstance(expected, list | tuple | set | frozenset) or not all(
        isinstance(e, str) for e in expected
    ):
        raise UsageError(
            f"the expected records of {query!r} are an id or a list of ids, not {expected!r}"
        )
    return query, list(expected), where if where is not None else datasets
