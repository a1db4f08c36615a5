"""AVeriTeC (Schlichtkrull, Guo and Vlachos, 2023): real-world claims with question-answer
evidence from the web, as a JSON array.

`train.json` and `dev.json` are arrays of objects with, per the dataset's README, the
claim, its label (`Supported`, `Refuted`, `Not Enough Evidence`, `Conflicting
Evidence/Cherrypicking`), a justification, `claim_date` (`D-M-YYYY`), the speaker, the
claim's original URL, the fact-checking article it was taken from, the reporting source, a
location, claim types, and `questions` whose `answers` carry a `source_url`. The items
have no id: a record's id is the file's name and the item's 1-based position. The array is
read one item at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..model.models import SCHEMA_VERSION
from . import cleaning
from .label_map import LabelMap
from .labels import verdict_for

NAME = "averitec"
TITLE = "AVeriTeC"
ANNOTATORS = "AVeriTeC annotators"

_ARRAY = re.compile(r"\A\s*\[")
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(https?://.*)$")


def rows(
    path: Path, *, today: date, labels: LabelMap | None = None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each item of `path` as a record dict, or the reason it cannot be one.

    Args:
        path: The file to read.
        today: The import date, for each record's history.
        labels: The user's own label table (`--label-map`), looked up first.
    """
    stem = cleaning.slug(path.stem) or "file"
    for number, (line, item) in enumerate(cleaning.json_array(path, _ARRAY), start=1):
        if isinstance(item, cleaning.Unreadable):
            yield line, item.message
        elif not isinstance(item, dict):
            yield line, f"item {number} is not a JSON object"
        else:
            yield line, _record(item, f"averitec-{stem}-{number}", path.name, line, today, labels)


def _record(
    item: dict[str, Any],
    identifier: str,
    file_name: str,
    line: int,
    today: date,
    labels: LabelMap | None = None,
) -> dict[str, Any] | str:
    text = cleaning.line(item.get("claim"))
    if text is None:
        return "no claim text ('claim')"
    label = item.get("label")
    if not isinstance(label, str) or not label.strip():
        return "no label: a claim without a verdict is not imported"
    verdict = verdict_for("averitec", label, ANNOTATORS, labels)
    speaker = cleaning.line(item.get("speaker"))
    claim: dict[str, Any] = {
        "text": text,
        "wording": "paraphrase",
        "claimant": {"name": speaker or "Unknown", "type": "unknown"},
    }
    said = cleaning.iso_date(item.get("claim_date"), "%d-%m-%Y")
    if said is not None:
        claim["date"] = said.isoformat()
    claim["language"] = "en"
    context = _context(item)
    if context:
        claim["context"] = context
    original = cleaning.url(item.get("original_claim_url"))
    if original:
        claim["appearances"] = [{"url": original, "publisher": publisher_of(original)}]
    justification = cleaning.paragraphs(item.get("justification"))
    if justification:
        verdict["explanation"] = justification
    article = cleaning.url(item.get("fact_checking_article"))
    where = f"item at line {line}" + (f", fact-checking article {article}" if article else "")
    return {
        "schema_version": SCHEMA_VERSION,
        "id": identifier,
        "claim": claim,
        "verdict": verdict,
        "evidence": _evidence(item.get("questions")),
        "topics": [],
        "history": cleaning.history(today, TITLE, file_name, where),
    }


def _context(item: dict[str, Any]) -> str | None:
    kinds = item.get("claim_types")
    names = [k for k in map(cleaning.line, kinds) if k] if isinstance(kinds, list) else []
    return cleaning.labelled(
        ("Reported by", cleaning.line(item.get("reporting_source"))),
        ("Location", cleaning.line(item.get("location_ISO_code"))),
        ("Claim types", ", ".join(names)),
    )


def _evidence(questions: Any) -> list[dict[str, Any]]:
    """One source per distinct answer URL, in order; unanswerable answers have none."""
    urls: dict[str, None] = {}
    for question in questions if isinstance(questions, list) else []:
        answers = question.get("answers") if isinstance(question, dict) else None
        for answer in answers if isinstance(answers, list) else []:
            if isinstance(answer, dict):
                url = cleaning.url(answer.get("source_url"))
                if url:
                    urls.setdefault(url)
    return [{"url": url, "publisher": publisher_of(url), "stance": "context"} for url in urls]


def publisher_of(url: str) -> str:
    """The host a URL's page comes from; for a Wayback Machine copy, the archived page's."""
    archived = _ARCHIVED.match(url)
    return cleaning.host(archived.group(1) if archived else url)


def dataset_info(path: Path, *, today: date) -> dict[str, Any]:
    """The `dataset.json` of an import of the AVeriTeC file `path`."""
    return {
        "name": "averitec-import",
        "title": f"AVeriTeC claims ({path.name})",
        "description": (
            f"The claims of the AVeriTeC file {path.name}, imported with factcheck. AVeriTeC "
            "(https://fever.ai/dataset/averitec.html) holds real-world claims taken from "
            "fact-checking articles, each annotated with questions, answers from web "
            "sources, a verdict and a justification."
        ),
        "scope": (
            "Claims checked by fact-checking organizations, mostly from 2016 to 2021, "
            "re-annotated by the AVeriTeC team with evidence found on the web."
        ),
        "license": "CC-BY-NC-4.0",
        "maintainers": [{"name": "Michael Sejr Schlichtkrull, Zhijiang Guo, Andreas Vlachos"}],
        "citation": (
            "@inproceedings{\n"
            "    schlichtkrull2023averitec,\n"
            "    title={{AV}eri{T}e{C}: A Dataset for Real-world Claim Verification with "
            "Evidence from the Web},\n"
            "    author={Michael Sejr Schlichtkrull and Zhijiang Guo and Andreas Vlachos},\n"
            "    booktitle={Thirty-seventh Conference on Neural Information Processing Systems "
            "Datasets and Benchmarks Track},\n"
            "    year={2023},\n"
            "    url={https://openreview.net/forum?id=fKzSz0oyaI}\n"
            "}"
        ),
        "methodology": {
            "claims": (
                "The claim as AVeriTeC's annotators wrote it from a fact-checking article "
                "(wording 'paraphrase'); speaker, claim date (the annotators' best estimate), "
                "reporting source, location and claim types kept."
            ),
            "sources": (
                "The distinct source URLs of the annotators' answers, stance 'context' (an "
                "answer supports no side by itself); publisher is the page's host, the "
                "archived page's for Wayback Machine copies. The questions and answers are "
                "not kept."
            ),
            "ratings": (
                "AVeriTeC's label kept verbatim and mapped by factcheck's table: Supported → "
                "true, Refuted → false, Not Enough Evidence → unverifiable, Conflicting "
                "Evidence/Cherrypicking → mixed."
            ),
            "corrections": ("The dataset is a fixed research release; re-import a corrected file."),
        },
        "policy": {"min_independent_publishers": 0, "require": []},
        "created": today.isoformat(),
    }
