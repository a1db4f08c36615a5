"""MultiFC (Augenstein et al., 2019): claims from 26 fact-checking sites, as TSV or CSV.

Per the dataset's README, `train.tsv` and `dev.tsv` have 13 tab-separated columns:
claimID, claim, label, claimURL, reason, categories, speaker, checker, tags, article title,
publish date, claim date, entities; `test.tsv` has the same without the label (12
columns). Fields that could not be crawled hold `None`. A claim's id starts with the code
of its site (`pomt-00001`: PolitiFact), and its label is that site's own: labels are looked
up in all of factcheck's tables
([`factcheck.formats.labels.rating_for`][factcheck.formats.labels.rating_for] with
`"multifc"`). The Hugging Face copy (`pszemraj/multi_fc`) is CSV with a header row; it
is read by column name.
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

NAME = "multifc"
TITLE = "MultiFC"
COLUMN_NAMES = (
    "claimID",
    "claim",
    "label",
    "claimURL",
    "reason",
    "categories",
    "speaker",
    "checker",
    "tags",
    "article title",
    "publish date",
    "claim date",
    "entities",
)
"""The columns of MultiFC's `train.tsv` and `dev.tsv`, in order (its README)."""
COLUMNS = len(COLUMN_NAMES)
_DATE_FORMATS = (*cleaning.WRITTEN_DATES, "%Y-%m-%d %H:%M:%S")
# A header cell, compared without case, spaces or underscores, → the column it names. The
# Hugging Face copy (pszemraj/multi_fc) names the claim date "climate".
_HEADER = {name.casefold().replace(" ", ""): name for name in COLUMN_NAMES} | {
    "climate": "claim date"
}


def rows(
    path: Path, *, today: date, labels: LabelMap | None = None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each row of `path` as a record dict, or the reason it cannot be one.

    `path` is MultiFC's TSV (no quoting, columns in `COLUMN_NAMES` order) or, when
    its name ends in `.csv`, a CSV copy such as the one on Hugging Face. Either may start
    with a header row naming the columns; then the columns are found by name, in any order,
    and columns with other names are ignored.

    Args:
        path: The file to read.
        today: The import date, for each record's history.
        labels: The user's own label table (`--label-map`), looked up first.
    """
    is_csv = path.suffix.casefold() == ".csv"
    source = cleaning.comma_separated(path) if is_csv else cleaning.tab_separated(path, 1)
    header: dict[str, int] | None = None
    first = True
    for number, fields in source:
        if isinstance(fields, str):
            yield number, fields
            continue
        if first and "claimID" in map(_column_name, fields):
            header = _header_columns(fields)
            first = False
            missing = [name for name in ("claimID", "claim") if name not in header]
            if missing:
                yield number, f"the header names no {' or '.join(missing)} column"
                return
            continue
        first = False
        values = _by_name(fields, header, "comma" if is_csv else "tab")
        yield (
            number,
            values
            if isinstance(values, str)
            else _record(values, path.name, number, today, labels),
        )


def _column_name(cell: str) -> str | None:
    """The MultiFC column a header cell names (`"Claim_ID"` → `"claimID"`), if any."""
    return _HEADER.get(cell.strip().casefold().replace(" ", "").replace("_", ""))


def _header_columns(cells: list[str]) -> dict[str, int]:
    """Column name → position, for the header cells that name one of MultiFC's columns."""
    named: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = _column_name(cell)
        if name is not None and name not in named:
            named[name] = position
    return named


def _by_name(fields: list[str], header: dict[str, int] | None, kind: str) -> dict[str, str] | str:
    """The row's values by column name, or why its columns do not fit."""
    if header is None:
        if len(fields) == COLUMNS - 1:
            return (
                "no label column: MultiFC's test file has none, and a claim without a "
                "verdict is not imported"
            )
        if len(fields) != COLUMNS:
            return f"expected {COLUMNS} {kind}-separated columns, found {len(fields)}"
        return dict(zip(COLUMN_NAMES, fields, strict=True))
    needed = max(header.values()) + 1
    if len(fields) < needed:
        return (
            f"expected {needed} {kind}-separated columns as the header names, found {len(fields)}"
        )
    if "label" not in header:
        return (
            "no label column: the header names none (MultiFC's test file has none), and a "
            "claim without a verdict is not imported"
        )
    return {name: fields[position] for name, position in header.items()}


def _value(text: str) -> str | None:
    """A column's value; `None` where MultiFC wrote "None" (not crawled)."""
    value = cleaning.line(text)
    return None if value in (None, "None") else value


def _record(
    values: dict[str, str],
    file_name: str,
    number: int,
    today: date,
    labels: LabelMap | None = None,
) -> dict[str, Any] | str:
    def value(column: str) -> str | None:
        return _value(values.get(column, "None"))

    key = cleaning.slug(values["claimID"])
    if not key:
        return "no claimID (column 'claimID' is empty)"
    claim_text, label_text = value("claim"), value("label")
    if claim_text is None:
        return "no claim (column 'claim' is empty or None)"
    if label_text is None:
        return "no label (column 'label' is empty or None)"
    site = key.split("-", 1)[0]
    verdict = verdict_for("multifc", label_text, value("checker") or f"MultiFC site {site}", labels)
    claim: dict[str, Any] = {
        "text": claim_text,
        "wording": "paraphrase",
        "claimant": {"name": value("speaker") or "Unknown", "type": "unknown"},
    }
    claim_date = cleaning.iso_date(value("claim date") or "", *_DATE_FORMATS)
    if claim_date is not None:
        claim["date"] = claim_date.isoformat()
    claim["language"] = "en"
    context = cleaning.labelled(("Categories", value("categories")), ("Tags", value("tags")))
    if context:
        claim["context"] = context
    explanation = value("reason")
    if explanation:
        verdict["explanation"] = explanation
    reviewed = cleaning.iso_date(value("publish date") or "", *_DATE_FORMATS)
    if reviewed is not None:
        verdict["reviewed"] = reviewed.isoformat()
    article, title = cleaning.url(value("claimURL")), value("article title")
    where = f"line {number}"
    if article:
        where += f", fact check {article}"
    if title:
        where += f", titled {title!r}"
    return {
        "schema_version": SCHEMA_VERSION,
        "id": f"multifc-{key}",
        "claim": claim,
        "verdict": verdict,
        "evidence": [],
        "topics": [],
        "history": cleaning.history(today, TITLE, file_name, where),
    }


def dataset_info(path: Path, *, today: date) -> dict[str, Any]:
    """The `dataset.json` of an import of the MultiFC file `path`."""
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
