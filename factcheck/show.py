"""``factcheck show``: a dataset's summary, or one record's verdict with its sources."""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import TextIO

from .errors import DataError, UsageError
from .models import Record


def _records(name: str) -> list[Record]:
    from .checker import validate
    from .files import datasets_dir
    from .reading import read_file

    root = datasets_dir()
    available = sorted(p.parent.name for p in root.glob("*/dataset.json"))
    if name not in available:
        raise UsageError(f"no dataset named {name!r}; available: {', '.join(available)}")
    folder = root / name
    report = validate([folder])
    if not report.ok:
        raise DataError(
            f"dataset {name!r} has {len(report.errors)} error(s); run "
            f"`factcheck validate {folder}`",
            report,
        )
    return [
        Record.model_validate(doc.data)
        for path in sorted((folder / "records").glob("*.json"))
        for doc in read_file(path).documents
    ]


def show(target: str, out: TextIO) -> int:
    """Print ``DATASET`` (a summary) or ``DATASET:ID`` (one verdict); return the exit code."""
    name, _, record_id = target.partition(":")
    try:
        records = _records(name)
    except DataError as error:
        out.write(f"factcheck: {error}\n")
        return 1
    if not record_id:
        ratings = Counter(r.verdict.rating.value for r in records)
        out.write(f"{name}: {len(records)} records\n")
        out.write("  " + ", ".join(f"{k} {v}" for k, v in ratings.most_common()) + "\n")
        for record in records:
            out.write(f"  {record.verdict.rating.value:<13} {record.id}\n")
        return 0
    by_id = {r.id: r for r in records}
    if record_id not in by_id:
        raise UsageError(f"no record {record_id!r} in {name!r}; try `factcheck show {name}`")
    out.write(render_record(by_id[record_id]))
    return 0


def render_record(record: Record) -> str:
    """A record as readable text: claim, verdict, explanation and sources."""
    claim, verdict = record.claim, record.verdict
    lines = [
        f"{record.id}",
        f"Claim:   {claim.text}",
        f"         {claim.claimant.name}, {claim.date} ({claim.wording.value})",
        f"Verdict: {verdict.rating.value.upper()} ({verdict.label}) - {verdict.summary}",
        "",
    ]
    for paragraph in verdict.explanation.split("\n\n"):
        lines.extend(textwrap.wrap(paragraph, 88, initial_indent="  ", subsequent_indent="  "))
        lines.append("")
    lines.append("Evidence:")
    for source in record.evidence:
        via = f" via {source.syndicated_from}" if source.syndicated_from else ""
        speaker = f" ({source.speaker})" if source.speaker else ""
        lines.append(
            f"  [{source.stance.value}] {source.publisher}{via}, {source.published}{speaker}"
        )
        lines.extend(
            textwrap.wrap(
                f"\N{LEFT DOUBLE QUOTATION MARK}{source.quote}\N{RIGHT DOUBLE QUOTATION MARK}",
                86,
                initial_indent="    ",
                subsequent_indent="    ",
            )
        )
        lines.append(f"    {source.url}")
    lines.append(f"Reviewed {verdict.reviewed} by {verdict.reviewer}")
    return "\n".join(lines) + "\n"
