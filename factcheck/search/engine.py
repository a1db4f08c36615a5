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
   than *Iraq* in a dataset about Iraq; a word no record contains weighs most, less in a
   query written in a language none of the records is in), a synonym or near spelling
   counting for its weight. Hits are ordered by BM25 times the match, and
   a record whose match is below `MIN_SCORE`, or whose claim itself holds less than
   `MIN_CLAIM_SCORE` of the query (it matches only through its context), is a weak hit:
   left out unless `weak=True`.
   So a query that no record answers gets *no record matches* instead of records that
   share one word with it.
5. **Meaning**, with the `semantic` extra (`factcheck.search.semantic`, used when installed):
   the `SEMANTIC_CANDIDATES` best records by BM25 × match are ordered by reciprocal-rank
   fusion of that order with the order of their similarity in meaning to the query (the
   cosine of the query's and the claim's sentence embeddings), and a hit's score is
   `(1 - SEMANTIC_WEIGHT) × match + SEMANTIC_WEIGHT × similarity` (`CROSSLINGUAL_WEIGHT`
   instead of `SEMANTIC_WEIGHT` for a query in a language none of the claims is in), with
   its own threshold `SEMANTIC_MIN_SCORE` (the claim rule holds too). A query in a language
   the tables cannot read (`SearchIndex._unread`: Portuguese, Russian, Chinese...) is ranked
   by meaning over every claim instead (`UNREAD_WEIGHT`, `UNREAD_MIN_SCORE`). A query whose
   words a record shares but whose meaning it does not (*Who replaced Soleimani?* against
   *the US killed Soleimani*) scores lower. The claims are embedded once per index (and
   kept on disk for released datasets); a query embeds only itself, and a query none of
   whose candidates could become a hit, however close in meaning, does not load the encoder
   at all.

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
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import UsageError
from ..model.manifest import NOT_NORMALIZED
from ..styling import plural
from .lexicon import ALIASES, STOPWORDS
from .text import Analyzer, Slot, query_language, unposted

if TYPE_CHECKING:
    from ..model.records import Record
    from ..store.dataset import Dataset
    from .semantic import RecordVectors, VectorStore

__all__ = [
    "ALIASES",
    "FIELDS",
    "MIN_CLAIM_SCORE",
    "MIN_SCORE",
    "SEMANTIC_MIN_SCORE",
    "Hit",
    "Ranked",
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
    Field("verdict", 0.25, _verdict_text),
)
"""The indexed fields and their weights, chosen on the tune split of the benchmark
(`benchmarks/search_eval.py --tune`)."""

K1 = 1.2
"""BM25's term-frequency saturation."""
B = 0.75
"""BM25's length normalisation."""

SYNONYM_WEIGHT = 0.8
"""The weight of a synonym of a query word, against 1 for the word itself."""

FUZZY_MIN_SIMILARITY = 0.8
"""How close (1 − edit distance with insertions and deletions / total length, as
`rapidfuzz.fuzz.ratio` / 100) an indexed word must be to stand in for an unknown query
word. Its weight is that similarity."""

MAX_QUERY_WORDS = 64
"""Words of a query past this many (stop words aside) are ignored, so that a pasted
document costs no more than a long question."""

MAX_QUERY_CHARS = 2000
"""Characters of a query past this many are ignored (for the same reason)."""

COMPOUND_MIN_PART = 4
"""The shortest part a compound word is split into."""

FUZZY_MIN_LENGTH = 4
"""Query words shorter than this are never replaced by similar words (too many false friends)."""

FUZZY_LIMIT = 3
"""At most this many indexed words stand in for one unknown query word."""

RARITY_POWER = 1.0
"""How much a word's rarity weighs in the match: each query word weighs its idf to this power
(0: every word the same; 1: its idf)."""

UNKNOWN_WEIGHT = 0.5
"""The weight of a query word that no record holds, as a share of the weight of the rarest
possible word: how much a word the records never use lowers the match."""

UNKNOWN_NAME_WEIGHT = 3.0
"""How many times more an unknown word weighs when it is written with a capital inside the
query (a name: a query about a person or place no record mentions is about something else)."""

CROSSLINGUAL_UNKNOWN_WEIGHT = 0.35
"""What `UNKNOWN_WEIGHT` is for a query written in a language that the tables translate
(`READ_LANGUAGES`: Spanish, French, German, Arabic) and that none of the searched claims is
in (`factcheck.search.text.query_language`): many of its words have no translation in the
tables, so that no record holds one says less about what it asks. Chosen on the tune split of
the benchmark (`benchmarks/search_eval.py --tune-crosslingual`)."""

UNREAD_UNKNOWN_WEIGHT = 0.1
"""What `UNKNOWN_WEIGHT` is for a query in a language the tables cannot read (Portuguese,
Italian, Russian, Chinese...) and none of the claims is in: on a base install only its
names and numbers can meet a record. Chosen with `CROSSLINGUAL_UNKNOWN_WEIGHT`."""

MIN_SCORE = 0.32
"""The match (`Hit.score`) a record needs to be a hit rather than a weak one."""

MIN_CLAIM_SCORE = 0.05
"""The share of the query (weighted as in the match) that a hit's claim itself must hold: a
record matching a query only through its context or verdict (*Saddam Hussein* named in the
background of a claim about something else) is a weak hit. Chosen with `MIN_SCORE` on the
tune split of the benchmark."""

YEARS = (1000, 2999)
"""A query word of four digits in this range is a year. A record whose text does not hold
a year the query names, and whose claim was not made nor reviewed in it, is a weak hit:
*Did the US pull out of Afghanistan in 2021?* is not answered by a record of 2020 about
troops leaving Iraq, however many of its words it shares."""

CANDIDATES = 500
"""How many records with the best BM25 scores are weighed for their match."""

COVERAGE_POWER = 2.0
"""How much the match weighs in the order of the hits: by BM25 × match ** this."""

SEMANTIC_CANDIDATES = 30
"""With the `semantic` extra: how many of the best records by BM25 × match are weighed for
their meaning and ordered again (their claims are embedded once per index, see
`factcheck.search.semantic`)."""

SEMANTIC_WEIGHT = 0.3
"""With the `semantic` extra: a hit's score is `(1 - SEMANTIC_WEIGHT) × match +
SEMANTIC_WEIGHT × similarity` (the cosine of the query's and the claim's embeddings, 0 when
negative)."""

SEMANTIC_MIN_SCORE = 0.37
"""With the `semantic` extra: the score a record needs to be a hit (its claim must still
hold `MIN_CLAIM_SCORE` of the query). Chosen with `SEMANTIC_WEIGHT` on the tune split of the
benchmark (`benchmarks/search_eval.py --tune-semantic`)."""

CROSSLINGUAL_WEIGHT = 0.5
"""With the `semantic` extra: what `SEMANTIC_WEIGHT` is for a query written in a language
that none of the searched claims is in and that the encoder reads
(`factcheck.search.text.query_language`, `factcheck.search.semantic.LANGUAGES`): few of its
words have a translation in the tables, so its match says less than an English query's, and
its meaning more. Chosen with the other semantic settings on the tune split."""

READ_LANGUAGES = frozenset({"en", "ar-Latn", *STOPWORDS})
"""The languages whose words the tables translate or stem (`lexicon.STOPWORDS`' and
English): a query in another one is `SearchIndex._unread`."""

UNREAD_WEIGHT = 0.9
"""With the `semantic` extra: what `SEMANTIC_WEIGHT` is for a query in a language that the
tables cannot read and the encoder can (Portuguese, Italian, Russian, Chinese...: a
`SearchIndex._unread` language), whose records are the closest in meaning."""

UNREAD_MIN_SCORE = 0.46
"""With the `semantic` extra: the score a record needs to be a hit for a query in a language
the tables cannot read."""

FUSION_K = 20
"""With the `semantic` extra: the constant of the reciprocal-rank fusion that orders the hits:
`1 / (FUSION_K + lexical rank) + FUSION_WEIGHT / (FUSION_K + rank by similarity)`."""

FUSION_WEIGHT = 0.25
"""With the `semantic` extra: the weight of the rank by similarity in the order of the hits,
against 1 for the lexical rank."""

INDEX_FORMAT = 5
"""Changes whenever the analysis, the tables or the index layout change: an index kept on
disk by another version is rebuilt, not read."""


# -- the index -------------------------------------------------------------------------------


class Ranked(NamedTuple):
    """One record as `SearchIndex.ranked` ranks it."""

    position: int
    """Its position in the index's records."""
    score: float
    """What `Hit.score` is: the match, or with the semantic ranking its mix with the
    similarity."""
    relevance: float
    """What orders the records: BM25 × match ** `COVERAGE_POWER`, or the fused rank."""
    claim: float
    """The share of the query that the record's claim holds (`Hit.claim_score`)."""
    match: float
    """The lexical match (`Hit.match`)."""
    similarity: float | None
    """The similarity in meaning (`Hit.similarity`), `None` without the semantic ranking."""
    weak: bool
    """Below the threshold, a claim holding too little of the query, or not `dated`."""
    dated: bool = True
    """False when the query names a year (`YEARS`) that the record neither holds nor was
    claimed or reviewed in."""


@dataclass(frozen=True, repr=False)
class Hit:
    """One search result."""

    record: Record
    """The full record."""
    score: float
    """How well the record matches the query, from 0 to 1. Without the semantic ranking it
    is the match (`match`): the share of the query's words found in the record, each
    weighted by how rare it is in the searched records (a synonym or a near spelling counts
    for its weight, see `factcheck.search.engine`), and a hit has at least `MIN_SCORE`. With
    it, `(1 - SEMANTIC_WEIGHT) × match + SEMANTIC_WEIGHT × similarity` (`CROSSLINGUAL_WEIGHT`
    for a query in a language none of the searched claims is in), and a hit has at least
    `SEMANTIC_MIN_SCORE`; for a query in a language the tables cannot read, with
    `UNREAD_WEIGHT`, and a hit has at least `UNREAD_MIN_SCORE`. Below the threshold, a weak
    hit."""
    dataset: str
    """The name of the dataset holding the record."""
    version: str | None
    """The dataset's version (`"1.0.0"`, `"dev"`), `None` for records from a path."""
    weak: bool = False
    """True when the score is below the threshold, or when the record's claim itself holds
    less than `MIN_CLAIM_SCORE` of the query (returned only with `weak=True`)."""
    claim_score: float | None = None
    """The share of the query found in the record's claim and claimant alone (the part of
    the match not due to its context or verdict); `None` when not computed."""
    match: float | None = None
    """The lexical match (what `score` is without the semantic ranking); `None` when not
    computed."""
    similarity: float | None = None
    """How close in meaning the record's claim is to the query, from -1 to 1 (the cosine of
    their embeddings); `None` without the semantic ranking (the `semantic` extra)."""
    dated: bool = True
    """False when the query names a year (`YEARS`: *in 2021*) that the record neither holds
    nor was claimed or reviewed in: such a record is a weak hit, whatever its score."""

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
            "match": None if self.match is None else round(self.match, 4),
            "similarity": None if self.similarity is None else round(self.similarity, 4),
            "dated": self.dated,
            "weak": self.weak,
            "rating": None if record.verdict.rating is None else record.verdict.rating.value,
            "label": record.verdict.label,
            "claim": record.claim.text,
            "claimant": record.claim.claimant.name,
            "claim_date": record.claim.date.isoformat() if record.claim.date else None,
            "summary": record.verdict.summary,
            "record": record.to_dict(),
        }


class _Vocabulary(dict[str, int]):
    """Term -> number, numbering new terms as they come."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


class SearchIndex:
    """The search index of a list of records: per term, the records holding it and its weight.

    `search` builds and caches these; build one yourself to search records that are not
    in a `factcheck.Dataset`, or to time the build. `jobs` is how many processes analyse
    the records (`None`: every core from `factcheck.search.terms.PARALLEL_RECORDS` records
    on; `1`: this process alone); the index is the same for every number.
    """

    def __init__(
        self,
        records: Sequence[Record],
        *,
        fields: Sequence[Field] | None = None,
        analyzer: Analyzer | None = None,
        jobs: int | None = None,
    ) -> None:
        import numpy as np

        from .terms import field_terms

        self.records = list(records)
        self.vector_store: VectorStore | None = None
        """Where the claims' embeddings are kept between processes (set by the disk cache)."""
        self.fields = tuple(fields) if fields is not None else FIELDS
        self.analyzer = analyzer or _analyzer()
        n = len(self.records)
        vocabulary = _Vocabulary()
        number = vocabulary.__getitem__
        languages = [record.claim.language or "en" for record in self.records]
        seen: dict[str, set[str]] = {language: set() for language in languages}
        keys, weights = [], []
        # Fields of weight 0 are left out: indexed, their words would count as known.
        indexed = [field for field in self.fields if field.weight > 0]
        analyzed = field_terms(self.records, languages, indexed, self.analyzer, seen, number, jobs)
        for field, (ids, lengths) in zip(indexed, analyzed, strict=True):
            if not ids:
                continue
            length = np.frombuffer(lengths, dtype=np.int64)
            docs = np.repeat(np.arange(n, dtype=np.int64), length)
            # One key per (term, record), in term then record order; its count is the tf.
            key, tf = np.unique(np.frombuffer(ids, dtype=np.int64) * n + docs, return_counts=True)
            doc = key % n
            norm = K1 * (1 - B + B * length[doc] / length.mean())
            keys.append(key)
            weights.append(field.weight * (K1 + 1) * tf / (tf + norm))
        self.terms: dict[str, int] = dict(vocabulary)
        if keys:
            key, where = np.unique(np.concatenate(keys), return_inverse=True)
            weight = np.bincount(where, weights=np.concatenate(weights))
        else:
            key, weight = np.zeros(0, dtype=np.int64), np.zeros(0)
        term = key // max(n, 1)
        offsets = np.searchsorted(term, np.arange(len(self.terms) + 1, dtype=np.int64))
        self.languages = tuple(sorted({"en", *languages}))
        self.words = {
            word: term
            for language, found in sorted(seen.items())
            for word in sorted(found)
            if len(word) >= FUZZY_MIN_LENGTH - 1
            and not word.isdigit()
            and (term := self.analyzer.term_of(word, language))
        }
        self._set_postings(
            offsets.astype(np.int64),
            (key % max(n, 1)).astype(np.int32),
            weight.astype(np.float32),
        )

    def _set_postings(self, offsets: Any, docs: Any, weights: Any) -> None:
        """The postings of every term, end to end (numpy arrays): term `t` holds the records
        `docs[offsets[t]:offsets[t + 1]]`, with the BM25 weights (the fields' weighted
        term-frequency parts, without the idf) at the same positions of `weights`."""
        import numpy as np

        self._offsets, self._docs, self._weights = offsets, docs, weights
        n = len(self.records)
        df = np.diff(offsets)
        self._idf = np.log(1 + (n - df + 0.5) / (df + 0.5))

    def postings(self, term: str) -> tuple[Any, Any]:
        """The positions of the records holding `term`, in order, and its BM25 weight in
        each (without the idf), as numpy arrays."""
        tid = self.terms.get(term)
        if tid is None:
            return self._docs[:0], self._weights[:0]
        start, stop = self._offsets[tid], self._offsets[tid + 1]
        return self._docs[start:stop], self._weights[start:stop]

    def __len__(self) -> int:
        return len(self.records)

    # -- term statistics ---------------------------------------------------------------------

    def idf(self, term: str) -> float:
        """How rare `term` is among the records (BM25's idf; a term no record holds: the
        largest)."""
        tid = self.terms.get(term)
        if tid is not None:
            return float(self._idf[tid])
        n = len(self.records)
        return math.log(1 + (n + 0.5) / 0.5)

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
        """The index terms of the indexed words spelt most like `word` (at least
        `FUZZY_MIN_SIMILARITY`), with their similarity, best first."""
        if len(word) < FUZZY_MIN_LENGTH or word.isdigit():
            return []
        listed, trigrams = self._trigrams
        shared: Counter[int] = Counter()
        for gram in _grams(word):
            shared.update(trigrams.get(gram, ()))
        best: dict[str, float] = {}
        enough = max(1, len(_grams(word)) // 3)
        for position, count in shared.most_common(32):
            if count < enough:
                break
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
        # A query is a claim, not a document: its first words are enough, and bound the work.
        slots = self.analyzer.query(
            query[:MAX_QUERY_CHARS],
            self.languages,
            synonym_weight=SYNONYM_WEIGHT,
            limit=MAX_QUERY_WORDS,
        )
        for slot in slots:
            if not any(term in self.terms for term in slot.exact):
                self._split(slot)
            if not any(term in self.terms for term in slot.exact):
                for other, similarity in self.near(slot.word):
                    slot.add(other, similarity)
        return slots

    def _split(self, slot: Slot) -> None:
        """A compound word no record holds (German *Raketenangriff*) stands for its two
        parts when both are known (*Raketen* and *Angriff*), a linking *s* allowed."""
        word = slot.word
        if len(word) < 2 * COMPOUND_MIN_PART:
            return
        analyzer = self.analyzer
        for cut in range(COMPOUND_MIN_PART, len(word) - COMPOUND_MIN_PART + 1):
            left, right = word[:cut], word[cut:]
            for head in (left, left[:-1]) if left.endswith("s") else (left,):
                heads = [t for t in analyzer.word_terms(head, self.languages) if t in self.terms]
                tails = [t for t in analyzer.word_terms(right, self.languages) if t in self.terms]
                if heads and tails:
                    for term in heads + tails:
                        slot.add(term, 1.0)
                    analyzer.add_synonyms(slot, SYNONYM_WEIGHT)
                    return

    def query_terms(self, query: str) -> dict[str, float]:
        """The indexed terms a query is searched with and their weights."""
        weights: dict[str, float] = {}
        for slot in self.slots(query):
            for term, weight in slot.terms.items():
                if term in self.terms:
                    weights[term] = max(weights.get(term, 0.0), weight)
        return weights

    def _importance(self, slot: Slot, unknown: float = UNKNOWN_WEIGHT) -> float:
        known = [self.idf(term) for term in slot.exact if term in self.terms]
        rarity = max(known) if known else self.idf("")
        if known:
            return rarity**RARITY_POWER
        return rarity**RARITY_POWER * unknown * (UNKNOWN_NAME_WEIGHT if slot.name else 1.0)

    def ranked(
        self,
        query: str,
        k: int,
        *,
        weak: bool = False,
        min_score: float | None = None,
        semantic: bool = False,
    ) -> list[Ranked]:
        """The `k` best records for `query`, best first (`Ranked`: position, score,
        relevance, claim match, ...).

        Without `weak`, only hits: records whose score reaches `min_score` (default
        `MIN_SCORE`, or `SEMANTIC_MIN_SCORE` with `semantic`) and whose claim holds
        `MIN_CLAIM_SCORE` of the query. With `semantic` (the `semantic` extra must be
        installed), the `SEMANTIC_CANDIDATES` best records by BM25 × match are ordered
        again with their similarity in meaning to the query, and scored by the mix of
        match and similarity (see the module's docstring); a query in a language the tables
        cannot read (`_unread`) is ranked by its similarity to every claim instead.
        """
        if not self.records:
            return []
        slots = self.slots(query)
        language = self._language(query)
        if language in self.claim_languages:
            unknown = UNKNOWN_WEIGHT
        elif language in READ_LANGUAGES:
            unknown = CROSSLINGUAL_UNKNOWN_WEIGHT
        else:
            unknown = UNREAD_UNKNOWN_WEIGHT
        importance = [self._importance(slot, unknown) for slot in slots]
        total_importance = sum(importance)
        if not total_importance:
            return []
        if semantic and self._unread(language):
            weighed = (slots, importance, total_importance)
            return self._ranked_by_meaning_alone(query, weighed, k, weak, min_score)
        import numpy as np

        n = len(self.records)
        scores = np.zeros(n)
        for slot in slots:
            terms = [(term, w) for term, w in slot.terms.items() if term in self.terms]
            # A synonym counts at most as much as the query's own word would: a rare synonym
            # is no stronger evidence than the common word it stands in for.
            own = [self.idf(term) for term in slot.exact if term in self.terms]
            cap = max(own) if own else math.inf
            if len(terms) == 1:
                ((term, term_weight),) = terms
                docs, weights = self.postings(term)
                scores[docs] += (term_weight * min(cap, self.idf(term))) * weights
                continue
            # A record holding several of a word's terms counts the best of them.
            best = np.zeros(n)
            for term, term_weight in terms:
                docs, weights = self.postings(term)
                value = (term_weight * min(cap, self.idf(term))) * weights
                best[docs] = np.maximum(best[docs], value)
            scores += best
        candidates = np.flatnonzero(scores)
        if len(candidates) > CANDIDATES:
            candidates = candidates[np.argpartition(-scores[candidates], CANDIDATES - 1)]
            candidates = np.sort(candidates[:CANDIDATES])
        match = self._match(candidates, slots, importance, total_importance)
        if semantic:
            threshold = SEMANTIC_MIN_SCORE if min_score is None else min_score
            weighed = (slots, importance, total_importance)
            weight = self._semantic_weight(language)
            return self._ranked_by_meaning(
                query, candidates, scores, match, weighed, weight, k, weak, threshold
            )
        threshold = MIN_SCORE if min_score is None else min_score
        if not weak:
            keep = match >= threshold
            candidates, match = candidates[keep], match[keep]
        relevance = scores[candidates] * match**COVERAGE_POWER
        # Ties keep the records' order (a dataset's records are sorted by id).
        found = []
        years = _years(slots)
        for i in np.lexsort((candidates, -relevance)):
            claim = self._claim_match(int(candidates[i]), slots, importance, total_importance)
            dated = self._holds_years(int(candidates[i]), years)
            short = bool(match[i] < threshold or claim < MIN_CLAIM_SCORE or not dated)
            if weak or not short:
                lexical = float(match[i])
                found.append(
                    Ranked(
                        int(candidates[i]),
                        lexical,
                        float(relevance[i]),
                        claim,
                        lexical,
                        None,
                        short,
                        dated,
                    )
                )
                if len(found) == k:
                    break
        return found

    def _ranked_by_meaning(
        self,
        query: str,
        candidates: Any,
        scores: Any,
        match: Any,
        weighed: tuple[list[Slot], list[float], float],
        weight: float,
        k: int,
        weak: bool,
        threshold: float,
    ) -> list[Ranked]:
        """`ranked` with the similarity in meaning: the best `SEMANTIC_CANDIDATES` records
        (or `k`, if more) by BM25 × match, ordered by reciprocal-rank fusion of that order and their
        similarity's, scored by `(1 - weight) × match + weight × similarity` (`weight`: the
        query's `_semantic_weight`)."""
        import numpy as np

        relevance = scores[candidates] * match**COVERAGE_POWER
        order = np.lexsort((candidates, -relevance))[: max(SEMANTIC_CANDIDATES, k)]
        positions = [int(p) for p in candidates[order]]
        slots, importance, total = weighed
        claims = [self._claim_match(position, slots, importance, total) for position in positions]
        best = (1 - weight) * match[order] + weight  # at similarity 1
        if not weak and not any(
            claim >= MIN_CLAIM_SCORE and score >= threshold
            for claim, score in zip(claims, best, strict=True)
        ):
            # Not even a claim of the same meaning as the query would make one of them a
            # hit: the encoder is not loaded, the query not embedded.
            return []
        similarity = self.vectors.similarities(unposted(query[:MAX_QUERY_CHARS]), positions)
        lexical_rank = np.arange(1, len(order) + 1)
        meaning_rank = np.empty(len(order), dtype=np.int64)
        meaning_rank[np.argsort(-similarity, kind="stable")] = lexical_rank
        fused = 1 / (FUSION_K + lexical_rank) + FUSION_WEIGHT / (FUSION_K + meaning_rank)
        score = (1 - weight) * match[order] + weight * np.maximum(similarity, 0)
        found = []
        years = _years(slots)
        for i in np.argsort(-fused, kind="stable"):
            position = positions[i]
            claim = claims[i]
            dated = self._holds_years(position, years)
            short = bool(score[i] < threshold or claim < MIN_CLAIM_SCORE or not dated)
            if weak or not short:
                lexical, close = float(match[order[i]]), float(similarity[i])
                found.append(
                    Ranked(
                        position,
                        float(score[i]),
                        float(fused[i]),
                        claim,
                        lexical,
                        close,
                        short,
                        dated,
                    )
                )
                if len(found) == k:
                    break
        return found

    @cached_property
    def claim_languages(self) -> frozenset[str]:
        """The languages the records' claims are written in, as primary language subtags
        (`pt-BR` is `pt`, `zh-Hant` is `zh`; `"en"` where a claim names none)."""
        return frozenset(
            (record.claim.language or "en").split("-")[0].lower() for record in self.records
        )

    def _language(self, query: str) -> str:
        """The language `query` is written in (`factcheck.search.text.query_language`)."""
        return query_language(query[:MAX_QUERY_CHARS])

    def _semantic_weight(self, language: str) -> float:
        """`SEMANTIC_WEIGHT`, or `CROSSLINGUAL_WEIGHT` for a query written in `language`
        (`_language`) when none of the records' claims is in it and the encoder reads it
        (`factcheck.search.semantic.LANGUAGES`)."""
        from .semantic import LANGUAGES

        if language in LANGUAGES and language not in self.claim_languages:
            return CROSSLINGUAL_WEIGHT
        return SEMANTIC_WEIGHT

    def _match(
        self, positions: Any, slots: list[Slot], importance: list[float], total: float
    ) -> Any:
        """The match of the records at `positions` (a numpy array): per query word, the best
        weight of its terms that the record holds, times the word's importance, over the
        query's whole importance."""
        import numpy as np

        credits = np.zeros(len(positions))
        for slot, weight in zip(slots, importance, strict=True):
            credit = np.zeros(len(positions))
            for term, term_weight in slot.terms.items():
                if term in self.terms:
                    credit = np.maximum(credit, self._held(term, positions) * term_weight)
            credits += weight * credit
        return np.minimum(credits / total, 1.0)

    def _unread(self, language: str) -> bool:
        """Whether a query in `language` is one the tables cannot read and the encoder can
        (`UNREAD_WEIGHT`): a language of the encoder's (`factcheck.search.semantic.LANGUAGES`)
        that is neither one the tables translate (`lexicon.STOPWORDS`' languages) nor one of
        the claims'."""
        from .semantic import LANGUAGES

        return (
            language in LANGUAGES
            and language not in READ_LANGUAGES
            and language not in self.claim_languages
        )

    def _ranked_by_meaning_alone(
        self,
        query: str,
        weighed: tuple[list[Slot], list[float], float],
        k: int,
        weak: bool,
        min_score: float | None,
    ) -> list[Ranked]:
        """`ranked` for a query in a language the tables cannot read (`_unread`): the
        `SEMANTIC_CANDIDATES` records (or `k`, if more) whose claims are closest in meaning,
        scored `(1 - UNREAD_WEIGHT) × match + UNREAD_WEIGHT × similarity` and ordered by it;
        a hit reaches `UNREAD_MIN_SCORE` and holds the years the query names (the claim rule,
        which asks the words, does not apply)."""
        import numpy as np

        threshold = UNREAD_MIN_SCORE if min_score is None else min_score
        slots, importance, total = weighed
        similarity = self.vectors.similarities_to_all(unposted(query[:MAX_QUERY_CHARS]))
        count = min(len(similarity), max(SEMANTIC_CANDIDATES, k))
        positions = np.sort(np.argpartition(-similarity, count - 1)[:count])
        close = similarity[positions]
        match = self._match(positions, slots, importance, total)
        score = (1 - UNREAD_WEIGHT) * match + UNREAD_WEIGHT * np.maximum(close, 0)
        years = _years(slots)
        found = []
        for i in np.lexsort((positions, -score)):
            position = int(positions[i])
            dated = self._holds_years(position, years)
            short = bool(score[i] < threshold or not dated)
            if weak or not short:
                claim = self._claim_match(position, slots, importance, total)
                found.append(
                    Ranked(
                        position,
                        float(score[i]),
                        float(score[i]),
                        claim,
                        float(match[i]),
                        float(close[i]),
                        short,
                        dated,
                    )
                )
                if len(found) == k:
                    break
        return found

    @cached_property
    def vectors(self) -> RecordVectors:
        """The embeddings of the records' claims (the `semantic` extra): all embedded the
        first time a query needs them, or read from the disk cache (`vector_store`)."""
        from .semantic import RecordVectors

        return RecordVectors(
            lambda: [record.claim.text for record in self.records],
            getattr(self, "vector_store", None),
        )

    def _claim_match(
        self, position: int, slots: list[Slot], importance: list[float], total: float
    ) -> float:
        """The match of the record at `position` counting only its claim field (its first
        field), found by analysing that text again: a few records per query."""
        record = self.records[position]
        claim = set(self.analyzer(self.fields[0].text(record), record.claim.language or "en"))
        credit = sum(
            weight * max((w for term, w in slot.terms.items() if term in claim), default=0.0)
            for slot, weight in zip(slots, importance, strict=True)
        )
        return min(credit / total, 1.0)

    def _holds_years(self, position: int, years: Sequence[Slot]) -> bool:
        """Whether the record at `position` holds every year of `years` (query words): in
        its indexed text, or as the year its claim was made or reviewed."""
        if not years:
            return True
        record = self.records[position]
        dated = {
            day.year for day in (record.claim.date, record.verdict.reviewed) if day is not None
        }
        for slot in years:
            if int(slot.word) in dated:
                continue
            if not any(self._held(term, [position])[0] for term in slot.terms):
                return False
        return True

    def _held(self, term: str, positions: Any) -> Any:
        """Which of the records at `positions` hold `term`, as a numpy array of booleans."""
        import numpy as np

        docs, _ = self.postings(term)
        if not len(docs):
            return np.zeros(len(positions), dtype=bool)
        where = np.minimum(np.searchsorted(docs, positions), len(docs) - 1)
        return docs[where] == positions

    def top(self, query: str, k: int, *, weak: bool = True) -> list[tuple[Record, float]]:
        """The `k` best records for `query` with their match, best first (weak ones too,
        unless `weak=False`)."""
        return [(self.records[r.position], r.score) for r in self.ranked(query, k, weak=weak)]


def _years(slots: Sequence[Slot]) -> list[Slot]:
    """The query words that are years (`YEARS`)."""
    low, high = YEARS
    return [
        slot
        for slot in slots
        if len(slot.word) == 4 and slot.word.isdigit() and low <= int(slot.word) <= high
    ]


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
    min_score: float | None = None,
    semantic: bool | None = None,
    jobs: int | None = None,
) -> list[Hit]:
    """Find the records whose claim best matches `query`, best first.

    ```pycon
    >>> import factcheck
    >>> hit = factcheck.search("is the US military pulling out of Irak?", k=1)[0]
    >>> hit.record.id, hit.record.verdict.rating.value, hit.score > 0.8
    ('us-withdrawing-from-iraq', 'false', True)
    >>> hits = factcheck.search("Are American soldiers leaving Iraq?", k=5)
    >>> "us-withdrawing-from-iraq" in [hit.id for hit in hits]
    True
    >>> factcheck.search("the moon is made of cheese")
    []
    >>> factcheck.search("the moon is made of cheese", weak=True)[0].weak
    True

    ```

    Args:
        query: The claim or question, in any wording: paraphrases, typos, other spellings
            of names and other languages (Spanish, French, German, Arabic; with the
            `semantic` extra also Portuguese, Italian, Russian, Chinese and the other
            languages its encoder reads) are tolerated, and a pasted post's links, @handles
            and opening *BREAKING:* are left out.
        k: How many hits to return at most.
        datasets: Where to search: `None` for every bundled dataset, or a dataset's name
            or path (as `factcheck.load` takes it), a loaded `factcheck.Dataset`, or a list
            of them.
        version: The version of the datasets given by name (`"1.0.0"`, `"dev"` for the
            working copy); default: the latest release, or the working copy of a dataset that
            has none.
        weak: Also return the records whose match is below the threshold (marked
            `weak`), for a query that no record answers well.
        min_score: The threshold, from 0 to 1 (default `MIN_SCORE`, or `SEMANTIC_MIN_SCORE`
            with the semantic ranking): higher answers "nothing found" more often, to queries
            no record answers and to paraphrases alike (the trade-off is measured on the
            search documentation page).
        semantic: Weigh the meaning of the query too (the `semantic` extra): `None` (the
            default) when the extra is installed (unless the environment variable
            `FACTCHECK_SEARCH_SEMANTIC` is `off`), `True` to require it, `False` for the
            lexical ranking alone.
        jobs: Processes that build the index of a large selection (`None`: every core
            from 20,000 records on; `1`: this process alone); the hits are the same for
            every number.

    Returns:
        Up to `k` hits; an empty list when no record matches enough of the query.

    Raises:
        UsageError: An empty query, a `k` below 1, a `min_score` outside 0 to 1, a
            `datasets` value that is not a name or a dataset, or `jobs` not a positive
            whole number.
        MissingExtraError: `semantic=True` without the `semantic` extra installed.
        DatasetNotFoundError: No dataset has a name that was given.
        VersionNotFoundError: A dataset has no such version.
    """
    if not isinstance(query, str) or not query.strip():
        raise UsageError("the search query is empty; give the claim or question to look for")
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise UsageError(f"k must be a whole number of at least 1, not {k!r}")
    from ..validation.shards import check_jobs

    check_jobs(jobs)
    if min_score is not None and (
        isinstance(min_score, bool)
        or not isinstance(min_score, int | float)
        or not (0 <= min_score <= 1)
    ):
        raise UsageError(f"min_score is a number from 0 to 1, not {min_score!r}")
    if semantic not in (None, True, False):
        raise UsageError(f"semantic is True, False or None, not {semantic!r}")
    meaning = _semantic(semantic)
    chosen = _datasets(datasets, version)
    starts = list(itertools.accumulate((len(dataset) for dataset in chosen), initial=0))
    hits = []
    ranked = index_of(*chosen, jobs=jobs).ranked(
        query, k, weak=weak, min_score=min_score, semantic=meaning
    )
    for found in ranked:
        n = bisect.bisect_right(starts, found.position) - 1
        dataset = chosen[n]
        hits.append(
            Hit(
                dataset[found.position - starts[n]],
                found.score,
                dataset.name,
                dataset.version,
                weak=found.weak,
                claim_score=found.claim,
                match=found.match,
                similarity=found.similarity,
                dated=found.dated,
            )
        )
    return hits


SEMANTIC_ENV = "FACTCHECK_SEARCH_SEMANTIC"
"""Set to `off` (or `0`), this environment variable makes the lexical ranking the default
even where the `semantic` extra is installed (`semantic=True` still uses it)."""


def _semantic(wanted: bool | None) -> bool:
    """Whether a search weighs meaning: as asked, or when the `semantic` extra is installed
    (and `SEMANTIC_ENV` does not turn it off)."""
    import os

    from . import semantic

    if wanted is False:
        return False
    if wanted is None and (
        os.environ.get(SEMANTIC_ENV, "").strip().lower() in ("off", "0", "no", "false")
        or not semantic.available()
    ):
        return False
    if not semantic.available():
        semantic.encoder()  # says which extra installs it
    # The encoder is imported and loaded when a query first needs it.
    return True


def _rating(record: Record) -> str:
    rating = record.verdict.rating
    return NOT_NORMALIZED if rating is None else rating.value


def render_hits(query: str, hits: Sequence[Hit]) -> str:
    """Hits as readable text: per hit, its rating, claim date and id, then claim and claimant,
    and its score (with the semantic ranking: the score, the match and the similarity)."""
    import textwrap

    from ..escaping import terminal

    t = terminal  # record text is data: its control characters are shown, not obeyed
    if not hits:
        weakly = "(`--all` shows the records that match it weakly)"
        return f"no record matches {t(query)!r}\n{weakly}\n" + _unread_hint(query)
    searched = ", ".join(
        dict.fromkeys(f"{hit.dataset} {hit.version or ''}".strip() for hit in hits)
    )
    lines = [f"{plural(len(hits), 'hit')} for {t(query)!r} in {t(searched)}", ""]
    for rank, hit in enumerate(hits, 1):
        record = hit.record
        lines.append(
            f"{rank:>2}. {_rating(record).upper():<12}  "
            f"{record.claim.date or '(no date)'!s:<10}  "
            f"{t(hit.dataset)}:{t(record.id)}"
        )
        lines += textwrap.wrap(
            t(record.claim.text), 88, initial_indent="    ", subsequent_indent="    "
        )
        weak = (", weak" if hit.dated else ", weak: not of the year asked") if hit.weak else ""
        if hit.similarity is None:
            scored = f"match {hit.score:.2f}{weak}"
        else:
            scored = f"score {hit.score:.2f}: match {hit.match:.2f}, meaning {hit.similarity:.2f}"
            scored += weak
        lines.append(f"    by {t(record.claim.claimant.name)}  ({scored})")
    lines += ["", "`factcheck show DATASET:ID` prints a record's verdict and its sources."]
    return "\n".join(lines) + "\n"


_LANGUAGE_NAMES = {
    "pt": "Portuguese", "it": "Italian", "ru": "Russian", "zh": "Chinese", "ja": "Japanese",
    "ko": "Korean", "th": "Thai",
}  # fmt: skip


def _unread_hint(query: str) -> str:
    """A line for a query that found nothing in a language the tables cannot read, where the
    `semantic` extra, which reads it, is not installed; else nothing."""
    from .semantic import available

    language = query_language(query[:MAX_QUERY_CHARS])
    if language not in _LANGUAGE_NAMES or available():  # the names are of unread languages
        return ""
    return (
        f"(a query in {_LANGUAGE_NAMES[language]} is searched by its meaning with the "
        "semantic extra: pip install 'factcheck-datasets[semantic]')\n"
    )


def index_of(*datasets: Dataset, jobs: int | None = None) -> SearchIndex:
    """The search index of the records of `datasets` together, built on first use.

    One index over all the datasets searched at once, so that how rare a word is (which
    weighs in a record's score) is counted over all of them and the scores compare. The index
    is kept in memory while the datasets live (for the last few selections of datasets), and
    on disk for released datasets (`factcheck.search.cache`). `jobs`: processes that
    build it (see `SearchIndex`).
    """
    key = tuple(map(id, datasets))
    with _CACHE_LOCK:
        cached = _INDEXES.get(key)
        if cached is not None and all(
            ref() is dataset for ref, dataset in zip(cached[0], datasets, strict=True)
        ):
            return cached[1]
        from .cache import cached_index

        index = cached_index(
            datasets,
            lambda: SearchIndex([record for dataset in datasets for record in dataset], jobs=jobs),
        )
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
