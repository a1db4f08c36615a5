"""The labelled search benchmark (benchmarks/search_queries.json) keeps its own rules.

Format, labels that point at real records (bundled, or imported from the samples under
tests/data/formats/), the minimum counts per kind and split, the stated split rule, no
duplicates, and paraphrases that do not copy the claim they are labelled with.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

import factcheck
from factcheck.formats import read

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "benchmarks" / "search_queries.json"

KINDS = {
    "paraphrase", "question", "negation", "typo", "spelling", "language-es", "language-fr",
    "language-de", "language-ar", "language-pt", "language-it", "language-ru", "language-zh",
    "imported", "keyword", "long", "out-of-scope",
}  # fmt: skip
OUT_OF_SCOPE = "out-of-scope"
FLAGSHIP = "us-withdrawing-from-iraq"

# Function words only: a word that names a thing, a person, a place or an action is content.
# "us" is kept as content: in these claims it is the country.
_STOP_WORDS = """a about after again against all also an and any are as at be been before being both
    but by can could did didn do does doesn don each even every for from had has have he her
    here him his how i if in into is isn it its just let like ll me more most much my no nor
    not of off on once one only or other our out over own re right s said same say says she
    should so some such t than that the their them then there these they this those through
    to too true under until up ve very was wasn we were weren what when where whether which
    while who whom why will with won would you your"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@cache
def benchmark() -> dict:
    return json.loads(QUERIES.read_text("utf-8"))


@cache
def claims(dataset: str) -> dict[str, str]:
    """Record id → claim text, for a dataset of the benchmark."""
    source = benchmark()["datasets"][dataset]
    if source.get("bundled"):
        return {record.id: record.claim.text for record in factcheck.load(dataset)}
    stream = read(source["import"], ROOT / source["path"])
    found = {record.id: record.claim.text for record in stream}
    assert stream.problems == [], f"{dataset}: {source['path']} does not import cleanly"
    return found


def content_words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", folded.replace("'s", ""))
    return {w for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())}


def same_word(a: str, b: str) -> bool:
    """Two words are the same when one is the other inflected: a common stem of ≥ 4 letters
    that covers the shorter one or its first five letters (withdraw/withdrawing, Iraq/Iraqi)."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return True
    return len(short) >= 5 and a[:5] == b[:5]


def shared_share(query: str, claim: str) -> float:
    """The share of the query's content words that also occur in the claim."""
    words, theirs = content_words(query), content_words(claim)
    if not words:
        return 1.0
    shared = [w for w in words if any(same_word(w, t) for t in theirs)]
    return len(shared) / len(words)


def test_the_file_has_the_documented_shape():
    doc = benchmark()
    assert set(doc) == {"description", "datasets", "queries"}
    assert len(doc["description"]) > 200
    for name, source in doc["datasets"].items():
        if source.get("bundled"):
            assert source == {"bundled": True}
            assert name in {summary.name for summary in factcheck.list_datasets()}
        else:
            assert set(source) == {"import", "path"}, name
            assert (ROOT / source["path"]).is_file(), source["path"]
    for query in doc["queries"]:
        assert set(query) == {"query", "dataset", "expected", "split", "kind"}, query
        assert isinstance(query["query"], str) and query["query"] == query["query"].strip()
        assert query["query"], query
        assert query["dataset"] in doc["datasets"], query
        assert query["split"] in {"tune", "test"}, query
        assert query["kind"] in KINDS, query
        assert isinstance(query["expected"], list)
        assert len(set(query["expected"])) == len(query["expected"]), query
        assert (query["expected"] == []) == (query["kind"] == OUT_OF_SCOPE), query


@pytest.mark.parametrize("dataset", sorted(benchmark()["datasets"]))
def test_every_expected_id_is_a_record_of_its_dataset(dataset):
    ids = claims(dataset)
    missing = [
        (query["query"], record)
        for query in benchmark()["queries"]
        if query["dataset"] == dataset
        for record in query["expected"]
        if record not in ids
    ]
    assert missing == []


def test_no_query_is_asked_twice():
    seen = Counter(" ".join(q["query"].casefold().split()) for q in benchmark()["queries"])
    assert [text for text, count in seen.items() if count > 1] == []


def test_counts_meet_the_minimums():
    queries = benchmark()["queries"]
    in_scope = [q for q in queries if q["kind"] != OUT_OF_SCOPE]
    out_of_scope = [q for q in queries if q["kind"] == OUT_OF_SCOPE]
    assert len(in_scope) >= 200
    assert len(out_of_scope) >= 50
    kinds = Counter(q["kind"] for q in queries)
    assert set(kinds) == KINDS
    assert all(count >= 8 for count in kinds.values()), kinds
    assert sum(1 for q in in_scope if q["dataset"] != "iraq-2020") >= 30
    assert sum(1 for q in in_scope if FLAGSHIP in q["expected"]) >= 8
    iraq = claims("iraq-2020")
    covered = {r for q in in_scope if q["dataset"] == "iraq-2020" for r in q["expected"]}
    assert covered == set(iraq), sorted(set(iraq) - covered)
    for split in ("tune", "test"):
        chosen = [q for q in queries if q["split"] == split]
        assert sum(1 for q in chosen if q["kind"] != OUT_OF_SCOPE) >= 100, split
        assert sum(1 for q in chosen if q["kind"] == OUT_OF_SCOPE) >= 25, split


def test_the_split_alternates_within_each_kind_in_file_order():
    """The stated rule: the 1st, 3rd, 5th ... query of a kind is tune, the others test."""
    seen: Counter[str] = Counter()
    for query in benchmark()["queries"]:
        expected = "tune" if seen[query["kind"]] % 2 == 0 else "test"
        assert query["split"] == expected, query
        seen[query["kind"]] += 1


def test_paraphrases_do_not_copy_the_claims_they_are_labelled_with():
    copied = []
    for query in benchmark()["queries"]:
        if query["kind"] != "paraphrase":
            continue
        ids = claims(query["dataset"])
        for record in query["expected"]:
            share = shared_share(query["query"], ids[record])
            if share > 0.5:
                copied.append((query["query"], record, round(share, 2)))
    assert copied == []


def test_the_copy_check_sees_inflections_and_ignores_function_words():
    claim = "The US military is withdrawing from Iraq."
    assert shared_share("Is the US military withdrawing from Iraq?", claim) == 1.0
    assert shared_share("Iraqi withdrawal", claim) == 1.0
    assert shared_share("American soldiers pulling out of Mesopotamia", claim) == 0.0
