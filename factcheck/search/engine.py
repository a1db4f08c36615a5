"""Claim search: "has this been checked already?" across the bundled or loaded datasets.

[`search`][factcheck.search.search] ranks records for a query written the way people ask: a
question, a
paraphrase, a typo'd or differently spelled name. Ranking is lexical and runs offline:

1. **Analysis.** Text is folded to lower case without accents, abbreviations lose their dots
   (`U.S.` → `us`), words in `ALIASES` (demonyms, other spellings of names and
   places: `America`, `American`, `US` and `United States`; `Irak` and `Iraqi`) are
   mapped to one term, stop words are dropped and the rest is stemmed (Snowball, English), so
   `withdrawal` and `withdrawing` meet.
2. **BM25 per field.** Each record is indexed in two fields (`FIELDS`): the claim with
   its claimant, and the verdict's summary with the claim's context and topics. A record's
   score is the weighted sum of its BM25 scores in the fields (computed with `bm25s`).
3. **Typos and spellings.** A query word that no record contains is replaced by the indexed
   words closest to it in edit distance (`rapidfuzz`), weighted by their similarity, so
   `Suleimani` finds `Soleimani` and `parliment` finds `parliament`.

The index is built on the first search of a selection of datasets and kept in memory while
its [`Dataset`][factcheck.Dataset] objects live (the datasets loaded by name are kept too). The
records of all the datasets searched at once share one index, so their scores compare.

This needs the `search` extra: `pip install 'factcheck-datasets[search]'`.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import UsageError
from ..extras import require

if TYPE_CHECKING:
    import numpy

    from ..model.records import Record
    from ..store.dataset import Dataset

__all__ = ["ALIASES", "FIELDS", "Hit", "SearchIndex", "index_of", "render_hits", "search"]


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
    text: Any  # Callable[[Record], str]


FIELDS: tuple[Field, ...] = (
    Field("claim", 1.0, _claim_text),
    Field("verdict", 1.0, _verdict_text),
)
"""The indexed fields and their weights, chosen on the tuning queries of the benchmark
(`benchmarks/search_eval.py --tune`). Indexing the sources' titles and quotes as a third
field did not find more records there and tripled the time to build the index."""

FUZZY_MIN_SIMILARITY = 80.0
"""How close (`rapidfuzz.fuzz.ratio`, 0-100) an indexed word must be to stand in for an
unknown query word."""

FUZZY_MIN_LENGTH = 4
"""Query words shorter than this are never replaced by similar words (too many false friends)."""

FUZZY_LIMIT = 3
"""At most this many indexed words stand in for one unknown query word."""

# -- analysis --------------------------------------------------------------------------------

ALIASES: dict[str, str] = {
    # The United States, however it is written; "us" is mostly the country in claims.
    **dict.fromkeys(
        ["us", "usa", "america", "american", "americans", "unitedstates", "estadounidense"],
        "usa",
    ),
    **dict.fromkeys(["iraqi", "iraqis", "irak", "irakien", "iraki", "iraquí", "iraqui"], "iraq"),
    **dict.fromkeys(["iranian", "iranians", "iranien"], "iran"),
    **dict.fromkeys(["teheran"], "tehran"),
    **dict.fromkeys(["baghdad", "bagdad"], "baghdad"),
    **dict.fromkeys(["ukrainian", "ukrainians", "ukraine", "ukrainien"], "ukraine"),
    **dict.fromkeys(["canadian", "canadians"], "canada"),
    **dict.fromkeys(["saudi", "saudis"], "saudi"),
    **dict.fromkeys(["isis", "isil", "daesh", "daech", "islamicstate"], "isis"),
    **dict.fromkeys(["arbil", "irbil", "hewler"], "erbil"),
    **dict.fromkeys(["qassem", "qasem", "qassim", "qasim", "kassem", "ghassem"], "qasem"),
    **dict.fromkeys(["suleimani", "soleymani", "sulaimani", "solejmani"], "soleimani"),
    **dict.fromkeys(["mohandes", "muhandes", "mohandis"], "muhandis"),
    **dict.fromkeys(["adil", "adel"], "adel"),
}
"""Words (after folding) mapped to one term, in records and queries alike: the United States,
demonyms of the countries in the data, and spellings of names and places that edit distance
alone does not join."""

_CANONICAL = frozenset(ALIASES.values())
_PHRASE = re.compile(r"\b(?:united states|islamic state)\b")  # written as one word
# A word, or an abbreviation written with dots (U.S., U.S.A.), which loses them.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def _fold(text: str) -> str:
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    text = text.casefold()
    if "united states" in text or "islamic state" in text:
        text = _PHRASE.sub(_join_phrase, text)
    return text


def _join_phrase(match: re.Match[str]) -> str:
    return match.group().replace(" ", "")


class Analyzer:
    """Turns text into index terms: fold, split, alias, drop stop words, stem."""

    def __init__(self) -> None:
        stemmer_module = require("Stemmer", "search")
        stopwords_module = require("bm25s.stopwords", "search")
        self._stem = stemmer_module.Stemmer("english").stemWord
        # "ain" is a word in "Ain al-Asad", not a contraction here.
        self._stopwords = frozenset(stopwords_module.STOPWORDS_EN_PLUS) - {"ain"}
        self._terms: dict[str, str] = {}  # folded word -> term; "" for a stop word

    def term(self, word: str) -> str:
        """The index term of one folded word; `""` for a stop word."""
        term = self._terms.get(word)
        if term is None:
            undotted = word.replace(".", "")  # U.S. -> us
            alias = ALIASES.get(undotted, undotted)
            if alias in self._stopwords or (len(alias) == 1 and not alias.isdigit()):
                term = ""
            elif alias in _CANONICAL:
                term = alias
            else:
                term = self._stem(alias)
            self._terms[word] = term
        return term

    def __call__(self, text: str) -> list[str]:
        """The index terms of `text`, in order."""
        words = _WORD.findall(_fold(text))
        # Known words are mapped in C: after a few records, nearly every word is known.
        terms = list(map(self._terms.get, words))
        if None in terms:
            terms = [
                self.term(word) if term is None else term
                for word, term in zip(words, terms, strict=True)
            ]
        return list(filter(None, terms))


class _Vocabulary(dict[str, int]):
    """Term -> column number, numbering new terms as they come."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


# -- the index -------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Hit:
    """One search result."""

    record: Record
    """The full record."""
    score: float
    """How well the record matches; higher is better. Only comparable within one search."""
    dataset: str
    """The name of the dataset holding the record."""
    version: str | None
    """The dataset's version (`"1.0.0"`, `"dev"`), `None` for records from a path."""

    @property
    def id(self) -> str:
        """The record's id."""
        return self.record.id

    def __repr__(self) -> str:
        where = f"{self.dataset} {self.version}" if self.version else self.dataset
        return f"<Hit {self.record.id!r} in {where}, score {self.score:.2f}>"

    def to_dict(self) -> dict[str, Any]:
        """The hit as JSON data: where it is, its score, the claim and verdict, the record."""
        record = self.record
        return {
            "dataset": self.dataset,
            "version": self.version,
            "id": record.id,
            "score": round(self.score, 4),
            "rating": record.verdict.rating.value,
            "label": record.verdict.label,
            "claim": record.claim.text,
            "claimant": record.claim.claimant.name,
            "claim_date": record.claim.date.isoformat() if record.claim.date else None,
            "summary": record.verdict.summary,
            "record": record.to_dict(),
        }


class SearchIndex:
    """The search index of one dataset: one BM25 index per field of `FIELDS`.

    [`search`][factcheck.search.search] builds and caches these; build one yourself to search
    records that are not
    in a [`Dataset`][factcheck.Dataset], or to time the build.
    """

    def __init__(
        self,
        records: Sequence[Record],
        *,
        fields: Sequence[Field] = FIELDS,
        analyzer: Analyzer | None = None,
    ) -> None:
        bm25s = require("bm25s", "search")
        self.records = list(records)
        self.fields = tuple(fields)
        self.analyzer = analyzer or _analyzer()
        self._indexes = []
        for field in self.fields:
            vocabulary = _Vocabulary()
            number = vocabulary.__getitem__
            columns = [
                list(map(number, self.analyzer(field.text(record)))) for record in self.records
            ]
            index = bm25s.BM25()
            if self.records:
                index.index(
                    (columns, dict(vocabulary)), create_empty_token=False, show_progress=False
                )
            else:
                index.vocab_dict = {}
            self._indexes.append(index)

    def __len__(self) -> int:
        return len(self.records)

    @cached_property
    def vocabulary(self) -> list[str]:
        """Every indexed term (the candidates for replacing an unknown query word)."""
        words: set[str] = set()
        for index in self._indexes:
            words.update(getattr(index, "vocab_dict", {}))
        words.discard("")
        return sorted(words)

    @cached_property
    def _known(self) -> frozenset[str]:
        return frozenset(self.vocabulary)

    def query_terms(self, query: str) -> dict[str, float]:
        """The weighted terms a query is searched with, typo'd words replaced by near ones."""
        rapidfuzz = require("rapidfuzz.process", "search")
        fuzz, process = require("rapidfuzz.fuzz", "search"), rapidfuzz

        weights: dict[str, float] = {}
        for term in self.analyzer(query):
            if term in self._known:
                weights[term] = weights.get(term, 0.0) + 1.0
                continue
            if len(term) < FUZZY_MIN_LENGTH:
                continue
            near = process.extract(
                term,
                self.vocabulary,
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_MIN_SIMILARITY,
                limit=FUZZY_LIMIT,
            )
            for word, similarity, _ in near:
                weights[word] = max(weights.get(word, 0.0), similarity / 100.0)
        return weights

    def scores(self, query: str) -> numpy.ndarray:
        """The score of every record for `query` (0 for records sharing no term with it)."""
        import numpy as np

        total = np.zeros(len(self.records), dtype=np.float32)
        terms = self.query_terms(query)
        for field, index in zip(self.fields, self._indexes, strict=True):
            if not self.records or field.weight == 0:
                continue
            data = index.scores["data"]
            indices = index.scores["indices"]
            indptr = index.scores["indptr"]
            for term, weight in terms.items():
                column = index.vocab_dict.get(term)
                if column is None:
                    continue
                start, stop = indptr[column], indptr[column + 1]
                total[indices[start:stop]] += field.weight * weight * data[start:stop]
        return total

    def ranked(self, query: str, k: int) -> list[tuple[int, float]]:
        """The positions of the `k` best records for `query` and their scores, best first."""
        import numpy as np

        scores = self.scores(query)
        matching = np.flatnonzero(scores > 0)
        if len(matching) > k:
            matching = matching[np.argpartition(-scores[matching], k - 1)[:k]]
        # Ties keep the records' order (a dataset's records are sorted by id).
        order = sorted(matching.tolist(), key=lambda n: (-float(scores[n]), n))
        return [(n, float(scores[n])) for n in order]

    def top(self, query: str, k: int) -> list[tuple[Record, float]]:
        """The `k` best records for `query` with their scores, best first."""
        return [(self.records[n], score) for n, score in self.ranked(query, k)]


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
) -> list[Hit]:
    """Find the records whose claim best matches `query`, best first.

    >>> import factcheck
    >>> hit = factcheck.search("Is the US pulling its troops out of Iraq?", k=1)[0]
    >>> hit.record.id, hit.record.verdict.rating.value
    ('us-withdrawing-from-iraq', 'false')

    Args:
        query: The claim or question, in any wording: typos and other spellings of names are
            tolerated.
        k: How many hits to return at most.
        datasets: Where to search: `None` for every bundled dataset, or a dataset's name,
            a loaded [`Dataset`][factcheck.Dataset], or a list of them.
        version: The version of the datasets given by name (`"1.0.0"`, `"dev"` for the
            working copy); default: the latest release, or the working copy of a dataset that
            has none.

    Returns:
        Up to `k` hits; records sharing no word with the query are never returned.

    Raises:
        UsageError: An empty query, a `k` below 1, or a `datasets` value that is not a name
            or a dataset.
        DatasetNotFoundError: No bundled dataset has a name that was given.
        VersionNotFoundError: A dataset has no such version.
        MissingExtraError: The `search` extra is not installed.
    """
    if not isinstance(query, str) or not query.strip():
        raise UsageError("the search query is empty; give the claim or question to look for")
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise UsageError(f"k must be a whole number of at least 1, not {k!r}")
    chosen = _datasets(datasets, version)
    starts = list(itertools.accumulate((len(dataset) for dataset in chosen), initial=0))
    hits = []
    for position, score in index_of(*chosen).ranked(query, k):
        n = bisect.bisect_right(starts, position) - 1
        dataset = chosen[n]
        hits.append(Hit(dataset[position - starts[n]], score, dataset.name, dataset.version))
    return hits


def render_hits(query: str, hits: Sequence[Hit]) -> str:
    """Hits as readable text: per hit, its rating, claim date and id, then claim and claimant."""
    import textwrap

    from ..escaping import terminal

    if not hits:
        return f"no record matches {query!r}\n"
    searched = ", ".join(
        dict.fromkeys(f"{hit.dataset} {hit.version or ''}".strip() for hit in hits)
    )
    t = terminal  # record text is data: its control characters are shown, not obeyed
    lines = [f"{len(hits)} hit(s) for {query!r} in {t(searched)}", ""]
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
        lines.append(f"    by {t(record.claim.claimant.name)}  (score {hit.score:.2f})")
    lines += ["", "`factcheck show DATASET:ID` prints a record's verdict and its sources."]
    return "\n".join(lines) + "\n"


def index_of(*datasets: Dataset) -> SearchIndex:
    """The search index of the records of `datasets` together, built on first use.

    One index over all the datasets searched at once, so that how rare a word is (which
    weighs in a record's score) is counted over all of them and the scores compare. The index
    is kept in memory while the datasets live (for the last few selections of datasets).
    """
    key = tuple(map(id, datasets))
    with _CACHE_LOCK:
        cached = _INDEXES.get(key)
        if cached is not None and all(
            ref() is dataset for ref, dataset in zip(cached[0], datasets, strict=True)
        ):
            return cached[1]
        index = SearchIndex([record for dataset in datasets for record in dataset])
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
    from ..store.dataset import Dataset

    if selection is None:
        from ..store.loading import list_datasets

        return [_load(summary.name, version) for summary in list_datasets()]
    if isinstance(selection, str | Dataset):
        selection = [selection]
    chosen: list[Dataset] = []
    try:
        items = list(selection)
    except TypeError:
        raise UsageError(_NOT_A_DATASET.format(selection)) from None
    for item in items:
        if isinstance(item, Dataset):
            chosen.append(item)
        elif isinstance(item, str):
            chosen.append(_load(item, version))
        else:
            raise UsageError(_NOT_A_DATASET.format(item))
    # A dataset named twice is searched once.
    return list({id(dataset): dataset for dataset in chosen}.values())


_NOT_A_DATASET = (
    "datasets= takes a dataset's name, a loaded Dataset or a list of them, not {!r}; "
    "see factcheck.list_datasets() for the names"
)


def _load(name: str, version: str | None) -> Dataset:
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
