"""The index terms of many records, on every core: the part of building a search index
that costs the most (folding, splitting and stemming each field of each record).

`field_terms` gives, for each indexed field, the term numbers of every record end to end
and each record's number of terms, exactly as one process analysing the records in order
would give them: terms are numbered in the order they first appear (field by field, record
by record). Several processes each analyse a run of records and number its terms locally;
the runs are then renumbered, in order, into the one vocabulary.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.records import Record
    from .engine import Field
    from .text import Analyzer

PARALLEL_RECORDS = 20_000
"""With the default number of jobs, the terms of at least this many records are computed by
several processes (an index of 20,000 records takes a few seconds to build on one core;
starting processes costs a few hundredths)."""
_RUN_RECORDS = 5_000
"""Records analysed by one task of a worker."""


def field_terms(
    records: Sequence[Record],
    languages: Sequence[str],
    fields: Sequence[Field],
    analyzer: Analyzer,
    seen: dict[str, set[str]],
    number: Callable[[str], int],
    jobs: int | None = None,
) -> list[tuple[array, array]]:
    """For each of `fields`: the numbers (by `number`) of the terms of every record, end
    to end, and how many terms each record has. The words met are added to `seen` (by
    language).

    Args:
        records: The records to analyse.
        languages: The language of each record.
        fields: The fields to analyse, in order.
        analyzer: The analyzer.
        seen: The words met so far in each language; updated.
        number: Numbers a term (a new term gets the next number).
        jobs: Processes to analyse with: `None` for every core from `PARALLEL_RECORDS`
            records on, `1` for this process alone. The result is the same for every number.
    """
    from ..validation.shards import check_jobs, fork_map, workers

    check_jobs(jobs)
    count = workers(jobs, 1 if len(records) >= PARALLEL_RECORDS else 0, enough=1)
    runs = [
        (start, min(start + _RUN_RECORDS, len(records)))
        for start in range(0, len(records), _RUN_RECORDS)
    ]
    if count == 1 or len(runs) < 2:
        return [_serial(records, languages, field, analyzer, seen, number) for field in fields]
    import numpy as np

    runs_done = list(fork_map(_run_terms, runs, count, (records, languages, fields, analyzer)))
    done = []
    # Field by field, run by run: the order in which one process meets the terms.
    for position in range(len(fields)):
        ids, lengths = array("q"), array("q")
        for run in runs_done:
            terms, local, counts = run[0][position]
            mapping = np.fromiter(map(number, terms), dtype=np.int64, count=len(terms))
            ids.frombytes(mapping[np.frombuffer(local, dtype=np.int64)].tobytes())
            lengths.frombytes(counts)
        done.append((ids, lengths))
    for run in runs_done:
        for language, found in run[1].items():
            seen[language].update(found)
    return done


def _serial(
    records: Sequence[Record],
    languages: Sequence[str],
    field: Field,
    analyzer: Analyzer,
    seen: dict[str, set[str]],
    number: Callable[[str], int],
) -> tuple[array, array]:
    ids, lengths = array("q"), array("q")
    for record, language in zip(records, languages, strict=True):
        terms = analyzer(field.text(record), language, seen=seen[language])
        lengths.append(len(terms))
        ids.extend(map(number, terms))
    return ids, lengths


def _run_terms(
    run: tuple[int, int], share: tuple[Any, ...]
) -> tuple[list[tuple[list[str], bytes, bytes]], dict[str, set[str]]]:
    """In a worker: the terms of records `run[0]` to `run[1]`, numbered within the run
    (for each field: the terms in order of first appearance, the local numbers, the counts
    per record), and the words met in each language."""
    records, languages, fields, analyzer = share
    start, stop = run
    seen: dict[str, set[str]] = {language: set() for language in languages[start:stop]}
    out = []
    for field in fields:
        local: dict[str, int] = {}
        ids, lengths = _serial(
            records[start:stop], languages[start:stop], field, analyzer, seen, _numbering(local)
        )
        out.append((list(local), ids.tobytes(), lengths.tobytes()))
    return out, seen


def _numbering(vocabulary: dict[str, int]) -> Callable[[str], int]:
    """Numbers terms in `vocabulary` in the order they first come."""

    def number(term: str) -> int:
        found = vocabulary.get(term)
        if found is None:
            found = vocabulary[term] = len(vocabulary)
        return found

    return number
