"""`factcheck show`: a dataset's summary, or one record's verdict with its sources."""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import Any, TextIO

from ..escaping import json_text, terminal
from ..model.manifest import NOT_NORMALIZED
from ..model.records import Record
from ..store.dataset import Dataset
from ..styling import plural


def show(target: str, out: TextIO, version: str | None = None, format: str = "text") -> int:
    """Print `DATASET` (a summary) or `DATASET:ID` (one verdict); return the exit code.

    `version` defaults to the latest release, or the working copy before the first one.
    `format` is `text` (for people) or `json`: the record's JSON data, as in its file,
    or the summary as an object (`summary_data`); either is escaped for the terminal.
    """
    import difflib
    from pathlib import Path

    from ..errors import UsageError
    from ..store.loading import load

    name, _, record_id = target.rpartition(":") if ":" in target else (target, "", "")
    if Path(target).exists():
        name, record_id = target, ""
    dataset = load(name, version)
    if not record_id:
        out.write(
            json_text(summary_data(dataset)) + "\n" if format == "json" else summarize(dataset)
        )
        return 0
    record = dataset.get(record_id)
    if record is None:
        close = difflib.get_close_matches(record_id, [r.id for r in dataset], n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise UsageError(
            f"no record {record_id!r} in {dataset.name} {dataset.version}; {hint}"
            f"`factcheck show {name}` lists them"
        )
    out.write(json_text(record.to_dict()) + "\n" if format == "json" else render_record(record))
    return 0


def summary_data(dataset: Dataset) -> dict[str, Any]:
    """A dataset's summary as JSON data: name, version, title, counts and the record ids.

    `ratings` counts the rated records; `not_normalized` those whose label maps to no
    rating."""
    ratings = Counter(r.verdict.rating.value for r in dataset if r.verdict.rating is not None)
    return {
        "name": dataset.name,
        "version": dataset.version,
        "title": dataset.info.title if dataset.info else None,
        "records": len(dataset),
        "ratings": dict(ratings.most_common()),
        "not_normalized": len(dataset) - sum(ratings.values()),
        "ids": dataset.ids,
    }


def summarize(dataset: Dataset) -> str:
    """A dataset as readable text: title, version, counts by rating, and one line per record.

    Text from the data passes through [`factcheck.escaping.terminal`][factcheck.escaping.terminal]:
    a control or bidi
    character in a title or an id is shown as its escape, never sent to the terminal.
    """
    t = terminal
    ratings = Counter(_rating(r.verdict) for r in dataset)
    title = f" - {t(dataset.info.title)}" if dataset.info else ""
    lines = [
        f"{t(dataset.name)}{' ' + t(dataset.version) if dataset.version else ''}{title}",
        f"{plural(len(dataset), 'record')}: "
        + ", ".join(f"{k} {v}" for k, v in ratings.most_common()),
        "",
    ]
    lines += [
        f"  {_rating(r.verdict):<13} {r.claim.date or '(no date)'!s:<10}  {t(r.id)}"
        for r in dataset
    ]
    return "\n".join(lines) + "\n"


def _rating(verdict: Any) -> str:
    """The verdict's rating, or `not-normalized` when its label maps to none."""
    return NOT_NORMALIZED if verdict.rating is None else verdict.rating.value


def render_record(record: Record) -> str:
    """A record as readable text: claim, verdict, explanation and sources, wrapped at 88.

    Every text from the record passes through
    [`factcheck.escaping.terminal`][factcheck.escaping.terminal] before it is
    wrapped, so the wrapping counts what is shown and no control character reaches the
    terminal.
    """
    t = terminal
    claim, verdict = record.claim, record.verdict
    said = ", ".join(t(str(part)) for part in (claim.claimant.name, claim.date) if part)
    lines = [t(record.id)]
    lines += _wrap(f"Claim:   {t(claim.text)}", "         ")
    lines += _wrap(f"         {said} ({claim.wording.value})", "         ")
    rated = f"Verdict: {_rating(verdict).upper()} ({t(verdict.label)})"
    lines += _wrap(f"{rated} - {t(verdict.summary)}" if verdict.summary else rated, "         ")
    lines.append("")
    for paragraph in (verdict.explanation or "").split("\n\n"):
        if paragraph:
            lines += _wrap("  " + t(paragraph), "  ")
            lines.append("")
    lines.append("Evidence:" if record.evidence else "Evidence: none")
    for source in record.evidence:
        via = f" via {t(source.syndicated_from)}" if source.syndicated_from else ""
        speaker = f" ({t(source.speaker)})" if source.speaker else ""
        published = f", {source.published}" if source.published else ""
        lines += _wrap(
            f"  [{source.stance.value}] {t(source.publisher)}{via}{published}{speaker}", "    "
        )
        if source.quote:
            lines += _wrap(
                f"    \N{LEFT DOUBLE QUOTATION MARK}{t(source.quote)}"
                "\N{RIGHT DOUBLE QUOTATION MARK}",
                "    ",
            )
        lines.append(f"    {t(source.url)}")
    reviewed = f" {verdict.reviewed}" if verdict.reviewed else ""
    lines.append(f"Reviewed{reviewed} by {t(verdict.reviewer)}")
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str) -> list[str]:
    """`text` wrapped at 88 columns, continuation lines indented; URLs are never broken."""
    return textwrap.wrap(
        text, 88, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    ) or [text]
