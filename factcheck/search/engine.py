"""Claim search: "has this been checked already?" across the bundled or loaded datasets.

`search` ranks records for a query written the way people ask: a question, a paraphrase,
a typo'd or differently spelled name, another language. It runs offline, in pure Python, on a
base install:

1. **Analysis** (`factcheck.search.text`): folding, one term per name
   (`factcheck.search.lexicon.ALIASES`), stop words, Snowball stemming in the record's
   language.
2. **Query expansion** (`factcheck.search.text.Analyzer.query`): each query word searches
   its own terms, its translations (`lexicon.TRANSLATIONS`) and, at `SYNONYM_WEIGHT`, its
   synonyms (`lexicon.SYNONYMS`); a word no record contains searches the indexed words
   closest to it in spelling (`FUZZY_MIN_SIMILARITY`), so *Suleimani* finds *Soleimani*.
3. **BM25 over two fields** (`FIELDS`): the claim with its claimant, and the verdict's
   summary with the claim's context and topics. Per query word, the best of its terms counts.
4. **The match** (`Hit.score`, 0 to 1): the share of the query that the record contains,
   each word weighted by how rare it is in the searched records (a rare name weighs more
   than *Iraq* in a dataset about Iraq; a word no record contains weighs most), a synonym
   or near spelling counting for its weight. Hits are ordered by BM25 times the match, and
   a record whose match is below `MIN_SCORE` is a weak hit: left out unless ``weak=True``.
   So a query that no record answers gets *no record matches* instead of records that
   share one word with it.

The index is built on the first search of a selection of datasets and kept in memory while
their `Dataset` objects live; the index of released datasets is also kept on disk (see
`factcheck.search.cache`), so a new process does not build it again.
"""

from __future__ import annotations

import bisect
import itertools
import math
import threading
import weakref
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import UsageError
from .lexicon import ALIASES
from .text import Analyzer, Slot

if TYPE_CHECKING:
    from ..model.records import Record
    from ..store.dataset import Dataset

__all__ = [
    "ALIASES",
    "FIELDS",
    "MIN_SCORE",
    "Hit",
    "SearchIndex",
    "index_of",
    "render_hits",
    "search",
]


# -- what is indexed -------------------------------------------------------------------------


def _claim_text(record: Record) -> str:
    return f"{record.claim.text}\n{record.claim.claimant.name}"


def _verdict_text(record: Record) -> str:
    parts = [record.verdict.summary or "", record.claim.context or "", " ".join(record.topics)]
    return "\n".join(parts)


class Field(NamedTuple):
    """A part of a record that is indexed on its own, and the weight of its score."""

    name: str
    weight: float
    text: Callable[[Record], str]


FIELDS: tuple[Field, ...] = (
    Field("claim", 1.0, _claim_text),
    Field("verdict", 0.5, _verdict_text),
)
"""The indexed fields and their weights, chosen on the tune split of the benchmark
(``benchmarks/search_eval.py --tune``)."""

K1 = 1.2
"""BM25's term-frequency saturation."""
B = 0.75
"""BM25's length normalisation."""

SYNONYM_WEIGHT = 0.5
"""The weight of a synonym of a query word, against 1 for the word itself."""

FUZZY_MIN_SIMILARITY = 0.8
"""How close (1 − edit distance with insertions and deletions / total length, as
``rapidfuzz.fuzz.ratio`` / 100) an indexed word must be to stand in for an unknown query
word. Its weight is that similarity."""

FUZZY_MIN_LENGTH = 4
"""Query words shorter than this are never replaced by similar words (too many false friends)."""

FUZZY_LIMIT = 3
"""At most this many indexed words stand in for one unknown query word."""

UNKNOWN_WEIGHT = 1.0
"""The weight of a query word that no record holds, as a share of the weight of the rarest
possible word: how much a word the records never use lowers the match."""

MIN_SCORE = 0.5
"""The match (`Hit.score`) a record needs to be a hit rather than a weak one."""

COVERAGE_POWER = 1.0
"""How much the match weighs in the order of the hits: by BM25 × match ** this."""

INDEX_FORMAT = 3
"""Changes whenever the analysis, the tables or the index layout change: an index kept on
disk by another version is rebuilt, not read."""


# -- the index -------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Hit:
    """One search result."""

    record: Record
    """The full record."""
    score: float
    """How much of the query the record matches, from 0 to 1: the share of the query's words
    found in the record, each weighted by how rare it is in the searched records (a synonym
    or a near spelling counts for its weight, see `factcheck.search.engine`). A hit has at
    least `MIN_SCORE`; below it, a weak hit."""
    dataset: str
    """The name of the dataset holding the record."""
    version: str | None
    """The dataset's version (``"1.0.0"``, ``"dev"``), ``None`` for records from a path."""
    weak: bool = False
    """True when the match is below `MIN_SCORE` (returned only with ``weak=True``)."""

    @property
    def id(self) -> str:
        """The record's id."""
        return self.record.id

    def __repr__(self) -> str:
        where = f"{self.dataset} {self.version}" if self.version else self.dataset
        weak = ", weak" if self.weak else ""
        return f"<Hit {self.record.id!r} in {where}, score {self.score:.2f}{weak}>"

    def to_dict(self) -> dict[str, Any]:
        """The hit as JSON data: where it is, its score, the claim and verdict, the record."""
        record = self.record
        return {
            "dataset": self.dataset,
            "version": self.version,
            "id": record.id,
            "score": round(self.score, 4),
            "weak": self.weak,
            "rating": record.verdict.rating.value,
            "label": record.verdict.label,
            "claim": record.claim.text,
            "claimant": record.claim.claimant.name,
            "claim_date": record.claim.date.isoformat() if record.claim.date else None,
            "summary": record.verdict.summary,
            "record": record.to_dict(),
        }


class Postings(NamedTuple):
    """The records holding one term, in order, and the term's BM25 weight in each."""

    docs: array  # array('i')
    weights: array  # array('f'): the fields' weighted BM25 term-frequency parts, without idf


class SearchIndex:
    """The search index of a list of records: per term, the records holding it and its weight.

    `search` builds and caches these; build one yourself to search records that are not
    in a `factcheck.Dataset`, or to time the build.
    """

    def __init__(
        self,
        records: Sequence[Record],
        *,
        fields: Sequence[Field] | None = None,
        analyzer: Analyzer | None = None,
    ) -> None:
        self.records = list(records)
        self.fields = tuple(fields) if fields is not None else FIELDS
        self.analyzer = analyzer or _analyzer()
        self.terms: dict[str, int] = {}
        self.postings: list[Postings] = []
        languages: set[str] = {"en"}
        raw: list[list[tuple[array, array]]] = []  # per field, per term: (docs, term counts)
        lengths: list[array] = []
        analyze = self.analyzer
        seen: dict[str, set[str]] = {}
        for field in self.fields:
            by_term: list[tuple[array, array]] = []
            field_lengths = array("i")
            number = self.terms.setdefault
            for doc, record in enumerate(self.records):
                language = record.claim.language or "en"
                languages.add(language)
                terms = analyze(field.text(record), language, seen=seen.setdefault(language, set()))
                field_lengths.append(len(terms))
                for term, count in Counter(terms).items():
                    tid = number(term, len(self.terms))
                    while tid >= len(by_term):
                        by_term.append((array("i"), array("i")))
                    docs, counts = by_term[tid]
                    docs.append(doc)
                    counts.append(count)
            raw.append(by_term)
            lengths.append(field_lengths)
        self.languages = tuple(sorted(languages))
        self._weigh(raw, lengths)
        self.words = {
            word: term
            for language, found in sorted(seen.items())
            for word in sorted(found)
            if len(word) >= FUZZY_MIN_LENGTH - 1
            and not word.isdigit()
            and (term := analyze.term_of(word, language))
        }

    def _weigh(self, raw: list[list[tuple[array, array]]], lengths: list[array]) -> None:
        """BM25 weights of every (term, record), the fields added up with their weights."""
        n_terms = len(self.terms)
        norms = []
        for field_lengths in lengths:
            average = (sum(field_lengths) / len(field_lengths)) if field_lengths else 0.0
            norms.append(
                [K1 * (1 - B + B * length / average) if average else K1 for length in field_lengths]
            )
        postings = []
        for tid in range(n_terms):
            parts = [
                (field.weight, by_term[tid], norm)
                for field, by_term, norm in zip(self.fields, raw, norms, strict=True)
                if tid < len(by_term) and by_term[tid][0] and field.weight > 0
            ]
            if len(parts) == 1:
                weight, (docs, counts), norm = parts[0]
                factor = weight * (K1 + 1)
                weights = array(
                    "f", [factor * c / (c + norm[d]) for d, c in zip(docs, counts, strict=True)]
                )
                postings.append(Postings(array("i", docs), weights))
                continue
            total: dict[int, float] = {}
            for weight, (docs, counts), norm in parts:
                factor = weight * (K1 + 1)
                for d, c in zip(docs, counts, strict=True):
                    total[d] = total.get(d, 0.0) + factor * c / (c + norm[d])
            order = sorted(total)
            postings.append(Postings(array("i", order), array("f", map(total.__getitem__, order))))
        self.postings = postings

    def __len__(self) -> int:
        return len(self.records)

    # -- term statistics ---------------------------------------------------------------------

    def idf(self, term: str) -> float:
        """How rare ``term`` is among the records (BM25's idf; a term no record holds: the
        largest)."""
        tid = self.terms.get(term)
        df = len(self.postings[tid].docs) if tid is not None else 0
        n = len(self.records)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    @cached_property
    def vocabulary(self) -> dict[str, str]:
        """Every indexed word that a misspelt query word may stand for (words of digits
        excluded: a typo is not corrected into a number), and its term."""
        return self.words

    @cached_property
    def _trigrams(self) -> tuple[list[str], dict[str, list[int]]]:
        """The words of `vocabulary` and, per trigram, the positions of those holding it."""
        listed = sorted(self.vocabulary)
        index: dict[str, list[int]] = {}
        for position, word in enumerate(listed):
            for gram in _grams(word):
                index.setdefault(gram, []).append(position)
        return listed, index

    def near(self, word: str) -> list[tuple[str, float]]:
        """The index terms of the indexed words spelt most like ``word`` (at least
        `FUZZY_MIN_SIMILARITY`), with their similarity, best first."""
        if len(word) < FUZZY_MIN_LENGTH or word.isdigit():
            return []
        listed, trigrams = self._trigrams
        shared: Counter[int] = Counter()
        for gram in _grams(word):
            shared.update(trigrams.get(gram, ()))
        best: dict[str, float] = {}
        for position, _ in shared.most_common(64):
            other = listed[position]
            longest = len(word) + len(other)
            if abs(len(word) - len(other)) > longest * (1 - FUZZY_MIN_SIMILARITY):
                continue
            similarity = 2 * _common(word, other) / longest
            term = self.vocabulary[other]
            if similarity >= FUZZY_MIN_SIMILARITY and similarity > best.get(term, 0.0):
                best[term] = similarity
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:FUZZY_LIMIT]

    # -- ranking -----------------------------------------------------------------------------

    def slots(self, query: str) -> list[Slot]:
        """The query's words and the index terms standing for each (typos resolved)."""
        slots = self.analyzer.query(query, self.languages, synonym_weight=SYNONYM_WEIGHT)
        for slot in slots:
            if not any(term in self.terms for term in slot.exact):
                for other, similarity in self.near(slot.word):
                    slot.add(other, similarity)
        return slots

    def query_terms(self, query: str) -> dict[str, float]:
        """The indexed terms a query is searched with and their weights."""
        weights: dict[str, float] = {}
        for slot in self.slots(query):
            for term, weight in slot.terms.items():
                if term in self.terms:
                    weights[term] = max(weights.get(term, 0.0), weight)
        return weights

    def _importance(self, slot: Slot) -> float:
        known = [self.idf(term) for term in slot.exact if term in self.terms]
        return max(known) if known else UNKNOWN_WEIGHT * self.idf("")

    def ranked(
        self, query: str, k: int, *, weak: bool = False
    ) -> list[tuple[int, float, float]]:
        """The ``k`` best records for ``query``, best first: (position, match, relevance).

        Without ``weak``, only records whose match reaches `MIN_SCORE`.
        """
        if not self.records:
            return []
        slots = self.slots(query)
        importance = [self._importance(slot) for slot in slots]
        total_importance = sum(importance)
        if not total_importance:
            return []
        scores: dict[int, float] = {}
        credits: dict[int, float] = {}
        for slot, weight in zip(slots, importance, strict=True):
            best: dict[int, float] = {}
            credit: dict[int, float] = {}
            for term, term_weight in slot.terms.items():
                tid = self.terms.get(term)
                if tid is None:
                    continue
                docs, weights = self.postings[tid]
                factor = term_weight * self.idf(term)
                get = best.get
                for d, w in zip(docs, weights, strict=True):
                    value = factor * w
                    if value > get(d, 0.0):
                        best[d] = value
                        if credit.get(d, 0.0) < term_weight:
                            credit[d] = term_weight
                    elif credit.get(d, 0.0) < term_weight:
                        credit[d] = term_weight
            for d, value in best.items():
                scores[d] = scores.get(d, 0.0) + value
                credits[d] = credits.get(d, 0.0) + weight * credit[d]
        results = []
        for d, value in scores.items():
            match = min(1.0, credits[d] / total_importance)
            if weak or match >= MIN_SCORE:
                results.append((d, match, value * match**COVERAGE_POWER))
        # Ties keep the records' order (a dataset's records are sorted by id).
        results.sort(key=lambda item: (-item[2], item[0]))
        return results[:k]

    def top(self, query: str, k: int, *, weak: bool = True) -> list[tuple[Record, float]]:
        """The ``k`` best records for ``query`` with their match, best first (weak ones too,
        unless ``weak=False``)."""
        return [(self.records[d], match) for d, match, _ in self.ranked(query, k, weak=weak)]


def _grams(term: str) -> set[str]:
    padded = f"^{term}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _common(a: str, b: str) -> int:
    """The length of the longest common subsequence of two short words."""
    previous = [0] * (len(b) + 1)
    for char in a:
        current = [0]
        for j, other in enumerate(b):
            current.append(previous[j] + 1 if char == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


# -- search ----------------------------------------------------------------------------------

_LOADED: dict[tuple[str, str | None], Dataset] = {}
_INDEXES: dict[tuple[int, ...], tuple[tuple[weakref.ref[Dataset], ...], SearchIndex]] = {}
_MAX_INDEXES = 8
_CACHE_LOCK = threading.Lock()


def search(
    query: str,
    k: int = 10,
    datasets: str | Dataset | Iterable[str | Dataset] | None = None,
    *,
    version: str | None = None,
    weak: bool = False,
) -> list[Hit]:
    """Find the records whose claim best matches ``query``, best first.

    ```pycon
    >>> import factcheck
    >>> hit = factcheck.search("Is the US pulling its troops out of Iraq?", k=1)[0]
    >>> hit.record.id, hit.record.verdict.rating.value
    ('us-withdrawing-from-iraq', 'false')
    >>> factcheck.search("the moon is made of cheese")
    []

    ```

    Args:
        query: The claim or question, in any wording: paraphrases, typos, other spellings
            of names and other languages (Spanish, French, German, Arabic) are tolerated.
        k: How many hits to return at most.
        datasets: Where to search: ``None`` for every bundled dataset, or a dataset's name
            or path (as `factcheck.load` takes it), a loaded `factcheck.Dataset`, or a list
            of them.
        version: The version of the datasets given by name (``"1.0.0"``, ``"dev"`` for the
            working copy); default: the latest release, or the working copy of a dataset that
            has none.
        weak: Also return the records whose match is below `MIN_SCORE` (marked
            ``weak``), for a query that no record answers well.

    Returns:
        Up to ``k`` hits; an empty list when no record matches enough of the query.

    Raises:
        UsageError: An empty query, a ``k`` below 1, or a ``datasets`` value that is not a name
            or a dataset.
        DatasetNotFoundError: No dataset has a name that was given.
        VersionNotFoundError: A dataset has no such version.
    """
    if not isinstance(query, str) or not query.strip():
        raise UsageError("the search query is empty; give the claim or question to look for")
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise UsageError(f"k must be a whole number of at least 1, not {k!r}")
    chosen = _datasets(datasets, version)
    starts = list(itertools.accumulate((len(dataset) for dataset in chosen), initial=0))
    hits = []
    for position, match, _ in index_of(*chosen).ranked(query, k, weak=weak):
        n = bisect.bisect_right(starts, position) - 1
        dataset = chosen[n]
        hits.append(
            Hit(
                dataset[position - starts[n]],
                match,
                dataset.name,
                dataset.version,
                weak=match < MIN_SCORE,
            )
        )
    return hits


def render_hits(query: str, hits: Sequence[Hit]) -> str:
    """Hits as readable text: per hit, its rating, claim date and id, then claim and claimant."""
    import textwrap

    from ..escaping import terminal

    t = terminal  # record text is data: its control characters are shown, not obeyed
    if not hits:
        return (
            f"no record matches {t(query)!r}\n"
            "(`--all` shows the records that match it weakly)\n"
        )
    searched = ", ".join(
        dict.fromkeys(f"{hit.dataset} {hit.version or ''}".strip() for hit in hits)
    )
    lines = [f"{len(hits)} hit(s) for {t(query)!r} in {t(searched)}", ""]
    for rank, hit in enumerate(hits, 1):
        record = hit.record
        lines.append(
            f"{rank:>2}. {record.verdict.rating.value.upper():<12}  "
            f"{record.claim.date or '(no date)'!s:<10}  "
            f"{t(hit.dataset)}:{t(record.id)}"
        )
        lines += textwrap.wrap(
            t(record.claim.text), 88, initial_indent="    ", subsequent_indent="    "
        )
        weak = ", weak" if hit.weak else ""
        lines.append(f"    by {t(record.claim.claimant.name)}  (match {hit.score:.2f}{weak})")
    lines += ["", "`factcheck show DATASET:ID` prints a record's verdict and its sources."]
    return "\n".join(lines) + "\n"


def index_of(*datasets: Dataset) -> SearchIndex:
    """The search index of the records of ``datasets`` together, built on first use.

    One index over all the datasets searched at once, so that how rare a word is (which
    weighs in a record's score) is counted over all of them and the scores compare. The index
    is kept in memory while the datasets live (for the last few selections of datasets), and
    on disk for released datasets (`factcheck.search.cache`).
    """
    key = tuple(map(id, datasets))
    with _CACHE_LOCK:
        cached = _INDEXES.get(key)
        if cached is not None and all(
            ref() is dataset for ref, dataset in zip(cached[0], datasets, strict=True)
        ):
            return cached[1]
        from .cache import cached_index

        index = cached_index(datasets, lambda: SearchIndex(
            [record for dataset in datasets for record in dataset]
        ))
        # Forget the oldest selection and those whose datasets are gone.
        for old_key, (refs, _) in list(_INDEXES.items()):
            if any(ref() is None for ref in refs):
                del _INDEXES[old_key]
        while len(_INDEXES) >= _MAX_INDEXES:
            del _INDEXES[next(iter(_INDEXES))]
        _INDEXES[key] = (tuple(map(weakref.ref, datasets)), index)
        return index


def _datasets(
    selection: str | Dataset | Iterable[str | Dataset] | None, version: str | None
) -> list[Dataset]:
    import os

    from ..store.dataset import Dataset

    if selection is None:
        from ..store.loading import list_datasets

        return [_load(summary.name, version) for summary in list_datasets()]
    if isinstance(selection, str | os.PathLike | Dataset):
        selection = [selection]
    chosen: list[Dataset] = []
    try:
        items = list(selection)
    except TypeError:
        raise UsageError(_NOT_A_DATASET.format(selection)) from None
    for item in items:
        if isinstance(item, Dataset):
            chosen.append(item)
        elif isinstance(item, str | os.PathLike):
            chosen.append(_load(item, version))
        else:
            raise UsageError(_NOT_A_DATASET.format(item))
    # A dataset named twice is searched once.
    return list({id(dataset): dataset for dataset in chosen}.values())


_NOT_A_DATASET = (
    "datasets= takes a dataset's name or path, a loaded Dataset or a list of them, not {!r}; "
    "see factcheck.list_datasets() for the names"
)


def _load(name: Any, version: str | None) -> Dataset:
    from ..store.catalog import locate
    from ..store.loading import load

    located = locate(name, version)
    key = (str(located.path.resolve()), located.version)
    dataset = _LOADED.get(key)
    if dataset is None:
        dataset = load(name, version)
        with _CACHE_LOCK:
            dataset = _LOADED.setdefault(key, dataset)
    return dataset


_ANALYZER: Analyzer | None = None


def _analyzer() -> Analyzer:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = Analyzer()
    return _ANALYZER
