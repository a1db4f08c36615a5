"""LIAR (Wang, 2017): 12,836 PolitiFact statements with their ratings, as TSV.

`train.tsv`, `valid.tsv` and `test.tsv` have no header and 14 columns, per the
dataset's README: the statement's id (`2635.json`), the label, the statement, its
subjects (comma-separated), the speaker, the speaker's job title, state and party, the
speaker's five counts of earlier ratings, and the context (venue). Fields are never quoted,
although statements contain `"`: the lines are split at their tabs as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..model.models import SCHEMA_VERSION
from . import cleaning
from .label_map import LabelMap
from .labels import verdict_for

NAME = "liar"
TITLE = "LIAR"
COLUMNS = 14


def rows(
    path: Path, *, today: date, labels: LabelMap | None = None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each line of `path` as a record dict, or the reason it cannot be one.

    Args:
        path: The file to read.
        today: The import date, for each record's history.
        labels: The user's own label table (`--label-map`), looked up first.
    """
    for number, fields in cleaning.tab_separated(path, COLUMNS):
        if isinstance(fields, str):
            yield number, fields
        else:
            yield number, _record(fields, path.name, number, today, labels)


def _record(
    fields: list[str], file_name: str, number: int, today: date, labels: LabelMap | None
) -> dict[str, Any] | str:
    identifier, label, statement, subjects, speaker, job, state, party = fields[:8]
    venue = fields[13]
    key = cleaning.slug(identifier.removesuffix(".json"))
    if not key:
        return "no statement id (column 1)"
    text = cleaning.line(statement)
    if text is None:
        return "no statement (column 3)"
    verdict = verdict_for("liar", label, "PolitiFact", labels)
    claim: dict[str, Any] = {
        "text": text,
        "wording": "paraphrase",
        "claimant": {"name": cleaning.line(speaker) or "Unknown", "type": "unknown"},
        "language": "en",
    }
    context = _context(venue, job, state, party)
    if context:
        claim["context"] = context
    topics = sorted({cleaning.slug(s) for s in subjects.split(",")} - {""})
    return {
        "schema_version": SCHEMA_VERSION,
        "id": f"liar-{key}",
        "claim": claim,
        "verdict": verdict,
        "evidence": [],
        "topics": topics,
        "history": cleaning.history(today, TITLE, file_name, f"line {number}"),
    }


def _context(venue: str, job: str, state: str, party: str) -> str | None:
    """What LIAR says of where the statement was made and who its speaker is."""
    return cleaning.labelled(
        ("Venue", cleaning.line(venue)),
        ("Speaker's job title", cleaning.line(job)),
        ("State", cleaning.line(state)),
        ("Party", cleaning.line(party)),
    )


def dataset_info(path: Path, *, today: date) -> dict[str, Any]:
    """The `dataset.json` of an import of the LIAR file `path`."""
    return {
        "name": "liar-import",
        "title": f"LIAR statements ({path.name})",
        "description": (
            f"The statements of the LIAR file {path.name}, imported with factcheck. LIAR "
            "(https://www.cs.ucsb.edu/~william/data/liar_dataset.zip) holds 12,836 short "
            "statements rated by PolitiFact, with their speaker, subjects and venue."
        ),
        "scope": (
            "Statements by US politicians, organizations and viral posts that PolitiFact "
            "rated between 2007 and 2016."
        ),
        "license": "LicenseRef-LIAR-research-only",
        "maintainers": [{"name": "William Yang Wang"}],
        "citation": (
            "@inproceedings{wang-2017-liar,\n"
            "    title = \"{``}Liar, Liar Pants on Fire{''}: A New Benchmark Dataset for Fake "
            'News Detection",\n'
            '    author = "Wang, William Yang",\n'
            '    booktitle = "Proceedings of the 55th Annual Meeting of the Association for '
            'Computational Linguistics (Volume 2: Short Papers)",\n'
            "    month = jul,\n"
            '    year = "2017",\n'
            '    address = "Vancouver, Canada",\n'
            '    publisher = "Association for Computational Linguistics",\n'
            '    url = "https://aclanthology.org/P17-2067",\n'
            '    doi = "10.18653/v1/P17-2067",\n'
            '    pages = "422--426",\n'
            "}"
        ),
        "methodology": {
            "claims": (
                "PolitiFact's wording of each statement, as LIAR gives it (often a paraphrase "
                "beginning 'Says'); the claimant is LIAR's speaker field, a PolitiFact slug "
                "such as 'barack-obama', kept as it is."
            ),
            "sources": (
                "None: LIAR holds no links and no verdict reports. Its README points to "
                "PolitiFact's pages for the full report and the source documents."
            ),
            "ratings": (
                "PolitiFact's Truth-O-Meter label is kept verbatim in verdict.label and mapped "
                "by factcheck's table (pants-fire and false → false, barely-true → "
                "mostly-false, half-true → mixed, mostly-true, true)."
            ),
            "corrections": (
                "LIAR is a fixed research release (v1.0, 2017); PolitiFact may have changed "
                "a rating since. Re-import to update."
            ),
        },
        "policy": {"min_independent_publishers": 0, "require": []},
        "created": today.isoformat(),
    }
