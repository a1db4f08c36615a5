"""FEVER (Thorne et al., 2018): claims checked against Wikipedia, as JSON Lines.

Each line of `train.jsonl`, `shared_task_dev.jsonl`, `paper_dev.jsonl`… is one claim:

    {"id": 137334, "verifiable": "VERIFIABLE", "label": "SUPPORTS",
     "claim": "Fox 2000 Pictures released the film Soul Food.",
     "evidence": [[[289914, 283015, "Soul_Food_-LRB-film-RRB-", 0]], ...]}

`evidence` lists evidence sets, each a list of `[annotation id, evidence id, Wikipedia
page, sentence number]`; a `NOT ENOUGH INFO` claim has `[annotation id, null, null,
null]`. The file is read one line at a time, so memory stays flat for the 145,449 lines of
`train.jsonl`. Fields other than these (a pipeline's `predicted_pages`…) are ignored.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..model.models import SCHEMA_VERSION
from . import cleaning
from .label_map import LabelMap
from .labels import verdict_for

NAME = "fever"
TITLE = "FEVER"

_BRACKETS = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "-COLON-": ":",
}
_STANCE = {"SUPPORTS": "supports", "REFUTES": "refutes"}
ANNOTATORS = "FEVER annotators"


def rows(
    path: Path, *, today: date, labels: LabelMap | None = None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each line of `path` as a record dict, or the reason it cannot be one.

    Args:
        path: The file to read.
        today: The import date, for each record's history.
        labels: The user's own label table (`--label-map`), looked up first.
    """
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                item = cleaning.loads(raw.rstrip(b"\r\n"))
            except json.JSONDecodeError as error:
                what = error.msg.removesuffix(" at").lower()
                yield number, f"not JSON at column {error.colno}: {what}"
                continue
            except RecursionError:
                yield number, "not read: JSON nested too deeply"
                continue
            except UnicodeDecodeError as error:
                byte = raw[error.start]
                yield number, f"not UTF-8 (byte {byte:#04x} at column {error.start + 1})"
                continue
            yield number, _record(item, path.name, number, today, labels)


def _record(
    item: Any, file_name: str, number: int, today: date, labels: LabelMap | None
) -> dict[str, Any] | str:
    if not isinstance(item, dict):
        return f"a FEVER line is a JSON object, not {type(item).__name__}"
    identifier = item.get("id")
    if isinstance(identifier, bool) or not isinstance(identifier, int | str):
        return "no claim id ('id')"
    text = cleaning.line(item.get("claim"))
    if text is None:
        return "no claim text ('claim')"
    label = item.get("label")
    if not isinstance(label, str) or not label.strip():
        return "no label: FEVER's test file has none, and a claim without a verdict is not imported"
    verdict = verdict_for("fever", label, ANNOTATORS, labels)
    evidence = _evidence(item.get("evidence"), _STANCE.get(label.strip().upper()))
    if isinstance(evidence, str):
        return evidence
    return {
        "schema_version": SCHEMA_VERSION,
        "id": cleaning.slug(f"fever-{identifier}"),
        "claim": {
            "text": text,
            "wording": "verbatim",
            "claimant": {"name": ANNOTATORS, "type": "unknown"},
            "language": "en",
        },
        "verdict": verdict,
        "evidence": evidence,
        "topics": [],
        "history": cleaning.history(today, TITLE, file_name, f"line {number}"),
    }


def _evidence(sets: Any, stance: str | None) -> list[dict[str, Any]] | str:
    """One source per Wikipedia page named in any evidence set, in order of appearance."""
    if not isinstance(sets, list):
        return "no evidence list ('evidence')"
    pages: dict[str, None] = {}
    for evidence_set in sets:
        if not isinstance(evidence_set, list):
            return "an evidence set is not a list"
        for entry in evidence_set:
            if not isinstance(entry, list) or len(entry) != 4:
                return "an evidence entry is not [annotation id, evidence id, page, sentence]"
            page = cleaning.line(entry[2])
            if page is not None:
                pages.setdefault(page)
    if pages and stance is None:
        return "a NOT ENOUGH INFO claim names evidence pages"
    return [_source(page, stance) for page in pages]


def _source(page: str, stance: str | None) -> dict[str, Any]:
    title = page
    for token, char in _BRACKETS.items():
        title = title.replace(token, char)
    title = unicodedata.normalize("NFC", title)
    return {
        "url": "https://en.wikipedia.org/wiki/" + quote(title, safe="()!$&'*+,;=:@-._~"),
        "title": cleaning.line(title.replace("_", " ")) or title,
        "publisher": "Wikipedia",
        "stance": stance,
    }


def dataset_info(path: Path, *, today: date) -> dict[str, Any]:
    """The `dataset.json` of an import of the FEVER file `path`."""
    return {
        "name": "fever-import",
        "title": f"FEVER claims ({path.name})",
        "description": (
            f"The claims of the FEVER file {path.name}, imported with factcheck. FEVER "
            "(Fact Extraction and VERification, https://fever.ai/dataset/fever.html) holds "
            "185,445 claims written by annotators who altered sentences from Wikipedia, each "
            "labelled SUPPORTS, REFUTES or NOT ENOUGH INFO against Wikipedia."
        ),
        "scope": (
            "Synthetic claims about the subjects of English Wikipedia pages (2017 dump), "
            "judged against Wikipedia alone; not claims that anyone made in public."
        ),
        "license": "CC-BY-SA-3.0",
        "maintainers": [
            {"name": "James Thorne, Andreas Vlachos, Christos Christodoulopoulos, Arpit Mittal"}
        ],
        "citation": (
            "@inproceedings{Thorne18Fever,\n"
            "    author = {Thorne, James and Vlachos, Andreas and Christodoulopoulos, "
            "Christos and Mittal, Arpit},\n"
            "    title = {{FEVER}: a Large-scale Dataset for Fact Extraction and "
            "{VERification}},\n"
            "    booktitle = {NAACL-HLT},\n"
            "    year = {2018}\n"
            "}"
        ),
        "methodology": {
            "claims": (
                "Annotators wrote each claim from a sentence of a Wikipedia page, often "
                "altering it (negation, substitution, paraphrase); the claimant is recorded as "
                "'FEVER annotators'."
            ),
            "sources": (
                "The Wikipedia pages of the annotators' evidence sets, one source per page, "
                "without the sentence text (the FEVER file holds only page titles and sentence "
                "numbers) and without dates."
            ),
            "ratings": (
                "FEVER's label is kept verbatim in verdict.label and mapped by factcheck's "
                "table: SUPPORTS → true, REFUTES → false, NOT ENOUGH INFO → unverifiable, "
                "meaning supported or refuted by Wikipedia."
            ),
            "corrections": (
                "The dataset is a fixed research release; corrections are FEVER's own "
                "(https://fever.ai). Re-import a corrected file to update."
            ),
        },
        "policy": {"min_independent_publishers": 0, "require": ["evidence.title"]},
        "created": today.isoformat(),
    }
