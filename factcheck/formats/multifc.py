"""MultiFC (Augenstein et al., 2019): claims from 26 fact-checking sites, as TSV.

Per the dataset's README, ``train.tsv`` and ``dev.tsv`` have 13 tab-separated columns:
claimID, claim, label, claimURL, reason, categories, speaker, checker, tags, article title,
publish date, claim date, entities; ``test.tsv`` has the same without the label (12
columns). Fields that could not be crawled hold ``None``. A claim's id starts with the code
of its site (``pomt-00001``: PolitiFact), and its label is that site's own: labels are looked
up in all of factcheck's tables (:func:`factcheck.formats.labels.rating_for` with
``"multifc"``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from . import cleaning
from .labels import verdict_for

NAME = "multifc"
TITLE = "MultiFC"
COLUMNS = 13
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d %H:%M:%S")


def rows(path: Path, *, today: date) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each line of ``path`` as a record dict, or the reason it cannot be one."""
    for number, fields in cleaning.tab_separated(path, COLUMNS - 1):
        if isinstance(fields, str):
            yield number, fields
        elif len(fields) == COLUMNS - 1:
            yield (
                number,
                (
                    "no label column: MultiFC's test file has none, and a claim without a "
                    "verdict is not imported"
                ),
            )
        elif len(fields) > COLUMNS:
            yield number, f"expected {COLUMNS} tab-separated columns, found {len(fields)}"
        else:
            yield number, _record(fields, path.name, number, today)


def _value(text: str) -> str | None:
    """A column's value; ``None`` where MultiFC wrote "None" (not crawled)."""
    value = cleaning.line(text)
    return None if value in (None, "None") else value


def _record(fields: list[str], file_name: str, number: int, today: date) -> dict[str, Any] | str:
    claim_id, text, label, claim_url, reason, categories, speaker, checker, tags = fields[:9]
    title, published, said = fields[9:12]
    key = cleaning.slug(claim_id)
    if not key:
        return "no claimID (column 1)"
    claim_text = _value(text)
    if claim_text is None:
        return "no claim (column 2)"
    label_text = _value(label)
    if label_text is None:
        return "no label (column 3)"
    site = key.split("-", 1)[0]
    verdict = verdict_for("multifc", label_text, _value(checker) or f"MultiFC site {site}")
    if isinstance(verdict, str):
        return verdict
    claim: dict[str, Any] = {
        "text": claim_text,
        "wording": "paraphrase",
        "claimant": {"name": _value(speaker) or "Unknown", "type": "unknown"},
    }
    claim_date = cleaning.iso_date(_value(said) or "", *_DATE_FORMATS)
    if claim_date is not None:
        claim["date"] = claim_date.isoformat()
    claim["language"] = "en"
    context = cleaning.labelled(("Categories", _value(categories)), ("Tags", _value(tags)))
    if context:
        claim["context"] = context
    explanation = _value(reason)
    if explanation:
        verdict["explanation"] = explanation
    reviewed = cleaning.iso_date(_value(published) or "", *_DATE_FORMATS)
    if reviewed is not None:
        verdict["reviewed"] = reviewed.isoformat()
    article = cleaning.url(_value(claim_url))
    where = f"line {number}"
    if article:
        where += f", fact check {article}"
    if _value(title):
        where += f", titled {_value(title)!r}"
    return {
        "schema_version": "1.1",
        "id": f"multifc-{key}",
        "claim": claim,
        "verdict": verdict,
        "evidence": [],
        "topics": [],
        "history": cleaning.history(today, TITLE, file_name, where),
    }


def dataset_info(path: Path, *, today: date) -> dict[str, Any]:
    """The ``dataset.json`` of an import of the MultiFC file ``path``."""
    return {
        "name": "multifc-import",
        "title": f"MultiFC claims ({path.name})",
        "description": (
            f"The claims of the MultiFC file {path.name}, imported with factcheck. MultiFC "
            "(https://copenlu.github.io/publication/2019_emnlp_augenstein/) holds 34,918 "
            "claims from 26 English fact-checking websites with their labels and metadata."
        ),
        "scope": "Claims checked by 26 English-language fact-checking websites until 2019.",
        "license": "NOASSERTION",
        "maintainers": [
            {
                "name": "Isabelle Augenstein, Christina Lioma, Dongsheng Wang, Lucas Chaves "
                "Lima, Casper Hansen, Christian Hansen, Jakob Grue Simonsen"
            }
        ],
        "citation": (
            "@inproceedings{conf/emnlp2019/Augenstein,\n"
            "author = {Augenstein, Isabelle and Lioma, Christina and Wang, Dongsheng and "
            "Chaves Lima, Lucas and Hansen, Casper and Hansen, Christian and Grue Simonsen, "
            "Jakob},\n"
            "booktitle = {EMNLP},\n"
            "crossref = {conf/emnlp/2019},\n"
            "publisher = {Association for Computational Linguistics},\n"
            "title = {MultiFC: A Real-World Multi-Domain Dataset for Evidence-Based Fact "
            "Checking of Claims},\n"
            "year = 2019\n"
            "}"
        ),
        "methodology": {
            "claims": (
                "The claim as the fact-checking site stated it (wording 'paraphrase'), with "
                "its speaker, date, categories and tags as MultiFC crawled them."
            ),
            "sources": (
                "None: MultiFC's evidence is search snippets in separate files; the fact "
                "check's own URL is kept in each record's history note."
            ),
            "ratings": (
                "Each site's own label, kept verbatim and looked up in all of factcheck's "
                "tables; labels with no mapping are reported, not imported."
            ),
            "corrections": "The dataset is a fixed research release; re-import to update.",
        },
        "policy": {"min_independent_publishers": 0, "require": []},
        "created": today.isoformat(),
    }
