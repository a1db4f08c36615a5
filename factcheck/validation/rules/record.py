"""FC2xx: meaning within one record, each rule with its check."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from ...model.vocabulary import REQUIREMENTS, Change, Requirement
from ..findings import Severity
from ..reading import Pointer

if TYPE_CHECKING:
    from ...model.models import Record


from .registry import RecordContext, Violation, rule


@rule("FC201", "id-matches-file-name", "record", "rename the file or change the id", reads=("id",))
def id_matches_file_name(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """A record's id differs from its file name.

    **Why**: one record per file, named by its id, makes records easy to find, review and link;
    two names for one record drift apart.

    **Fix**: rename the file to `<id>.json`, or change the id.

    **Example**: `records/iraq-withdrawal.json` holding `"id": "us-withdrawing-from-iraq"`.
    """
    if ctx.file_stem is not None and record.id != ctx.file_stem:
        yield Violation(
            ("id",),
            f"id {record.id!r} differs from the file name {ctx.file_stem + '.json'!r}",
            f"rename the file to {record.id}.json, or set the id to {ctx.file_stem!r}",
        )


def _dates(record: Record) -> Iterator[tuple[Pointer, date]]:
    dates: list[tuple[Pointer, date | None]] = [
        (("claim", "date"), record.claim.date),
        (("verdict", "reviewed"), record.verdict.reviewed),
    ]
    dates += [
        (("claim", "appearances", i, "published"), appearance.published)
        for i, appearance in enumerate(record.claim.appearances)
    ]
    dates += [(("evidence", i, "published"), s.published) for i, s in enumerate(record.evidence)]
    dates += [(("history", i, "date"), entry.date) for i, entry in enumerate(record.history)]
    for pointer, value in dates:
        if value is not None:
            yield pointer, value


@rule(
    "FC202",
    "date-in-future",
    "record",
    "correct the date",
    reads=(
        "claim.date",
        "verdict.reviewed",
        "claim.appearances.published",
        "evidence.published",
        "history.date",
    ),
)
def date_in_future(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """A date lies in the future.

    **Why**: a claim cannot be made, published or reviewed after today; a future date is a
    typo (2029 for 2020) or a swapped day and month.

    **Fix**: correct the date.

    **Example**: `"reviewed": "2202-01-07"`.
    """
    today, claim = ctx.today, record.claim
    if (
        (claim.date is None or claim.date <= today)
        and (record.verdict.reviewed is None or record.verdict.reviewed <= today)
        and all(s.published is None or s.published <= today for s in record.evidence)
        and all(a.published is None or a.published <= today for a in claim.appearances)
        and all(entry.date <= today for entry in record.history)
    ):
        return  # the common case, checked without building the list of dates
    for pointer, value in _dates(record):
        if value > today:
            yield Violation(
                pointer, f"{value.isoformat()} is in the future (today is {ctx.today.isoformat()})"
            )


@rule(
    "FC203",
    "claim-after-review",
    "record",
    "correct claim.date or verdict.reviewed",
    reads=("claim.date", "verdict.reviewed"),
)
def claim_after_review(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """The claim is dated after its review.

    **Why**: a claim must exist before it can be checked; the order shows which date is wrong.

    **Fix**: correct `claim.date` or `verdict.reviewed`.

    **Example**: claim on 2020-01-08, reviewed on 2020-01-07.
    """
    claimed, reviewed = record.claim.date, record.verdict.reviewed
    if claimed is not None and reviewed is not None and claimed > reviewed:
        yield Violation(
            ("claim", "date"),
            f"claim date {record.claim.date} is after the review date {record.verdict.reviewed}",
        )


@rule(
    "FC204",
    "source-after-review",
    "record",
    "correct the date, or update verdict.reviewed and add a history entry",
    reads=("verdict.reviewed", "evidence.published"),
)
def source_after_review(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """A source is dated after the review that cites it.

    **Why**: a verdict can only rest on what was published when it was written. If the record
    was updated with a later source, the review date and history must say so.

    **Fix**: correct the source's date, or move `verdict.reviewed` forward and add a history
    entry describing the update.

    **Example**: a source published 2020-02-10 in a verdict reviewed 2020-01-07.
    """
    reviewed = record.verdict.reviewed
    if reviewed is None:
        return
    for i, source in enumerate(record.evidence):
        if source.published is not None and source.published > reviewed:
            yield Violation(
                ("evidence", i, "published"),
                f"source published {source.published}, after the review date {reviewed}",
            )


@rule(
    "FC205",
    "appearance-before-claim",
    "record",
    "set claim.date to the earliest appearance",
    Severity.WARNING,
    reads=("claim.date", "claim.appearances.published"),
)
def appearance_before_claim(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """The claim appears in a page published before the claim's date.

    **Why**: `claim.date` should be when the claim was first made; an earlier appearance shows
    it is too late.

    **Fix**: set `claim.date` to the earliest known appearance, or correct the page's date.

    **Example**: claim dated 2020-01-07, appearance published 2020-01-06.
    """
    claimed = record.claim.date
    if claimed is None:
        return
    for i, appearance in enumerate(record.claim.appearances):
        if appearance.published is not None and appearance.published < claimed:
            yield Violation(
                ("claim", "appearances", i, "published"),
                f"appearance published {appearance.published}, before the claim date "
                f"{record.claim.date}",
            )


_WIRES = {
    "associated press": "Associated Press",
    "ap": "Associated Press",
    "the associated press": "Associated Press",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "Agence France-Presse",
    "agence france-presse": "Agence France-Presse",
    "agence france presse": "Agence France-Presse",
}
_WIRE_IN_TEXT = re.compile(
    r"\b(associated press|reuters|afp|agence france.presse)\b|\(ap\)|/ ?ap\b"
)
_FILLER = re.compile(r"^the\s+|[\s" + re.escape(string.punctuation) + r"]+")


@lru_cache(maxsize=4096)
def publisher_key(publisher: str, syndicated_from: str | None = None) -> str:
    """The key under which a source counts for independence.

    A wire copy counts as its original publisher; names are compared without case, a leading
    "The", spaces and punctuation, and the usual names of the news agencies are merged.
    """
    name = (syndicated_from or publisher).casefold().strip()
    name = _WIRES.get(name, name).casefold()
    return _FILLER.sub("", name)


_WIRE_KEYS = frozenset(publisher_key(name) for name in _WIRES)


@rule(
    "FC206",
    "independent-publishers",
    "record",
    "add a source from another publisher (a wire copy counts as the agency)",
    reads=("evidence.publisher", "evidence.syndicated_from"),
)
def independent_publishers(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """The evidence comes from too few independent publishers.

    **Why**: a verdict that rests on one outlet repeats that outlet's mistakes. Wire stories
    (AP, Reuters, AFP) republished by many sites are one publisher, however many copies.
    The minimum is the dataset's `policy.min_independent_publishers` (2 by default).

    **Fix**: add a source from another publisher; mark wire copies with `syndicated_from`.

    A verdict that is not normalized (no `verdict.rating`: its label maps to no rating) rates
    nothing on the scale, so the rule does not apply to it.

    **Example**: two Associated Press stories printed by two local stations.
    """
    needed = ctx.policy.min_independent_publishers
    if record.verdict.rating is None:
        return
    groups: dict[str, list[str]] = {}
    for source in record.evidence:
        groups.setdefault(publisher_key(source.publisher, source.syndicated_from), []).append(
            source.publisher
        )
    if len(groups) < needed:
        described = "; ".join(sorted({", ".join(dict.fromkeys(g)) for g in groups.values()}))
        yield Violation(
            ("evidence",),
            f"evidence comes from {len(groups)} independent publisher"
            f"{'' if len(groups) == 1 else 's'} ({described}); at least {needed} required",
        )


@lru_cache(maxsize=4096)
def normalize_url(url: str) -> str:
    """A URL reduced for comparison: lower-case scheme and host, no fragment or final slash."""
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    path = path.split("#", 1)[0].rstrip("/")
    return f"{scheme.lower()}://{host.lower().removeprefix('www.')}{slash}{path}".rstrip("/")


@rule(
    "FC207",
    "repeated-evidence-url",
    "record",
    "remove the repeated source",
    reads=("evidence.url",),
)
def repeated_evidence_url(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """The same page is cited twice in a record's evidence.

    **Why**: a repeated page looks like more evidence than there is.

    **Fix**: keep one entry; if you need two quotes from it, pick the stronger one.

    **Example**: `https://example.com/story` and `https://www.example.com/story/`.
    """
    seen: dict[str, int] = {}
    for i, source in enumerate(record.evidence):
        key = normalize_url(source.url)
        if key in seen:
            yield Violation(
                ("evidence", i, "url"),
                f"evidence[{i}] cites the same page as evidence[{seen[key]}]: {source.url}",
            )
        else:
            seen[key] = i


_WORD = re.compile(r"\w+")


@rule(
    "FC208",
    "empty-quote",
    "record",
    "quote the words of the page that bear on the claim",
    reads=("evidence.quote",),
)
def empty_quote(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """A quote has no words in it.

    **Why**: the quote is what lets a reader check the source quickly; `"..."` shows nothing.

    **Fix**: copy the sentence of the page that supports or refutes the claim.

    **Example**: `"quote": "…"`.
    """
    for i, source in enumerate(record.evidence):
        if source.quote is not None and not _WORD.search(source.quote):
            yield Violation(("evidence", i, "quote"), f"quote {source.quote!r} has no words")


@rule(
    "FC209",
    "long-quote",
    "record",
    "shorten the quote to the words that matter",
    Severity.WARNING,
    reads=("evidence.quote",),
)
def long_quote(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """A quote is longer than 50 words.

    **Why**: quotes are short excerpts under fair use; long ones copy the source's work and
    bury the words that matter.

    **Fix**: keep the sentence that bears on the claim (aim for under 40 words).

    **Example**: a whole paragraph pasted as a quote.
    """
    for i, source in enumerate(record.evidence):
        # Fifty words take well over 100 characters: count only quotes that long.
        quote = source.quote or ""
        count = len(_WORD.findall(quote)) if len(quote) > 100 else 0
        if count > 50:
            yield Violation(("evidence", i, "quote"), f"quote has {count} words (over 50)")


@rule(
    "FC210",
    "history-order",
    "record",
    "list history oldest first, starting with the 'created' entry",
    reads=("history",),
)
def history_order(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """The history does not start with its creation, or is out of date order.

    **Why**: the history is the record's corrections log (IFCN principle 5); readers rely on
    it to see what changed and when.

    **Fix**: put the `created` entry first and the entries in date order.

    **Example**: a `corrected` entry dated before the `created` entry.
    """
    history = record.history
    if history[0].change.value != "created":
        yield Violation(
            ("history", 0, "change"),
            f"first history entry is {history[0].change.value!r}, not 'created'",
        )
    for i in range(1, len(history)):
        if history[i].date < history[i - 1].date:
            yield Violation(
                ("history", i, "date"),
                f"history entry {i} ({history[i].date}) is dated before entry {i - 1} "
                f"({history[i - 1].date})",
            )
        if history[i].change.value == "created":
            yield Violation(("history", i, "change"), "only the first entry may be 'created'")


@rule(
    "FC211",
    "unmarked-wire-copy",
    "record",
    'set syndicated_from to the agency (e.g. "Associated Press")',
    Severity.WARNING,
    reads=("evidence.publisher", "evidence.syndicated_from"),
)
def unmarked_wire_copy(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """A publisher's name mentions a news agency, but the source is not marked as a wire copy.

    **Why**: a copy of an agency story is not independent of other copies of it; without
    `syndicated_from` the independence check cannot tell.

    **Fix**: set `syndicated_from` to the agency, or correct the publisher's name.

    **Example**: `"publisher": "WSLS 10 / Associated Press"` without `syndicated_from`.
    """
    for i, source in enumerate(record.evidence):
        if (
            source.syndicated_from is None
            and _WIRE_IN_TEXT.search(source.publisher.casefold())
            and publisher_key(source.publisher) not in _WIRE_KEYS
        ):
            yield Violation(
                ("evidence", i, "publisher"),
                f"publisher {source.publisher!r} names a news agency but "
                "syndicated_from is not set",
            )


def _absent(record: Record, requirement: Requirement) -> Iterator[Pointer]:
    """Where `record` lacks what `requirement` names: the pointer of each missing place."""
    group, _, field = str(requirement).partition(".")
    if group in ("evidence", "topics") and not field:
        if not getattr(record, group):
            yield (group,)
    elif group in ("evidence", "appearances"):
        items = record.evidence if group == "evidence" else record.claim.appearances
        base: Pointer = ("evidence",) if group == "evidence" else ("claim", "appearances")
        for i, item in enumerate(items):
            if getattr(item, field) is None:
                yield (*base, i, field)
    elif getattr(getattr(record, group), field) is None:
        yield (group, field)


def _has_everything(record: Record) -> bool:
    """Whether `record` has every part a policy can require (the common case, checked fast)."""
    claim, verdict = record.claim, record.verdict
    return (
        claim.date is not None
        and verdict.rating is not None
        and verdict.summary is not None
        and verdict.explanation is not None
        and verdict.reviewed is not None
        and bool(record.evidence)
        and bool(record.topics)
        and all(
            s.title is not None and s.published is not None and s.quote is not None
            for s in record.evidence
        )
        and all(a.title is not None and a.published is not None for a in claim.appearances)
    )


@rule(
    "FC212",
    "required-by-policy",
    "record",
    "add the field; a dataset whose source lacks it may leave it out of policy.require",
    reads=(
        "schema_version",
        "claim.date",
        "claim.appearances",
        "verdict.summary",
        "verdict.explanation",
        "verdict.reviewed",
        "evidence",
        "topics",
    ),
)
def required_by_policy(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """A record lacks a field its dataset's policy requires.

    **Why**: schema 1.1 lets a record omit what its source may not have (a claim's date, a
    verdict's explanation, a quote…), because imported datasets often lack them. A curated
    dataset requires them all, which is the default of `policy.require` in `dataset.json`;
    a record of schema 1.0 always has them. Schema 1.2 adds `verdict.rating` to what a policy
    can require: a verdict whose label maps to no rating (*not normalized*) is kept by an
    import, whose policy does not require a rating, and refused by a curated dataset.

    **Fix**: add the field. If the dataset's source never has it (an import), leave it out of
    `policy.require`, so readers know the dataset does not promise it.

    **Example**: a record without `verdict.explanation` in a dataset with the default policy.
    """
    if _has_everything(record):
        return
    if record.schema_version == "1.0":
        # a missing rating is FC213's: only schema 1.2 allows it, whatever the policy
        required = tuple(r for r in REQUIREMENTS if r is not Requirement.VERDICT_RATING)
        why = "schema 1.0 requires it"
    elif record.schema_version == "1.1":
        required = tuple(r for r in ctx.policy.require if r is not Requirement.VERDICT_RATING)
        why = "the dataset's policy requires it"
    else:
        required, why = tuple(ctx.policy.require), "the dataset's policy requires it"
    for requirement in required:
        for pointer in _absent(record, requirement):
            where = ".".join(str(part) for part in pointer)
            what = "is empty" if pointer[-1] in ("evidence", "topics") else "is missing"
            yield Violation(pointer, f"{where} {what}; {why}")


@rule(
    "FC213",
    "field-of-later-schema",
    "record",
    'write "schema_version": "1.2", or give the verdict a rating and drop claim.key',
    # Whether the verdict has a rating, not which: a refused rating is one the record gives.
    reads=("schema_version", "claim.key"),
)
def field_of_later_schema(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """A record of schema 1.0 or 1.1 uses what only schema 1.2 allows.

    **Why**: schema 1.2 lets a verdict have no `rating` (its label maps to no rating on the
    normalized scale: *not normalized*) and adds `claim.key`, which links the reviews of one
    claim by several publishers. A reader of a 1.0 or 1.1 record counts on a rating being
    there and on no key, so a record that uses either says it follows 1.2.

    **Fix**: set `"schema_version": "1.2"`; or, for a 1.1 record, give `verdict` its
    `rating` and remove `claim.key`.

    **Example**: `"schema_version": "1.1"` with a verdict that has a `label` and no `rating`.
    """
    if record.schema_version not in ("1.0", "1.1"):
        return
    if record.verdict.rating is None:
        yield Violation(
            ("verdict", "rating"),
            f"verdict.rating is missing; a schema {record.schema_version} verdict needs one "
            "(a verdict that is not normalized needs schema 1.2)",
        )
    if record.claim.key is not None:
        yield Violation(
            ("claim", "key"),
            f"claim.key needs schema 1.2; this record says {record.schema_version}",
        )


@lru_cache(maxsize=4096)
def _unmarked_wire(publisher: str) -> bool:
    """Whether FC211 reports a source of `publisher` that is not marked as a wire copy (the
    rule's test, kept for the few names a dataset's publishers take)."""
    return bool(_WIRE_IN_TEXT.search(publisher.casefold())) and (
        publisher_key(publisher) not in _WIRE_KEYS
    )


_EVERY_RULE = frozenset(f"FC2{number:02d}" for number in range(1, 14))
"""The rules `quiet_rules` knows: FC201 to FC213."""
_BUT_REQUIRED = _EVERY_RULE - {"FC212"}
_NONE: frozenset[str] = frozenset()


def quiet_rules(record: Record, ctx: RecordContext) -> frozenset[str]:
    """The codes of the rules of this module that find nothing in `record`, as far as one
    pass over it proves: all of them for the common valid record, none when in doubt.

    Running thirteen rules costs thirteen generators and as many loops over the evidence; a
    valid record, the common case, needs none of that. This pass checks what every rule
    checks, with the same expressions, in one walk over the record. It may only be *sure*:
    a code it returns is one whose rule would yield nothing (a property test runs the rules
    to check it); a rule it is unsure of is left to run, and a rule it does not know (one
    added later) always runs. FC212 is returned only when the record has every part a policy
    can require (then the rule looks no further); otherwise the rule runs and asks the policy.
    """
    claim, verdict = record.claim, record.verdict
    today, claimed, reviewed = ctx.today, claim.date, verdict.reviewed
    rating = verdict.rating
    if ctx.file_stem is not None and record.id != ctx.file_stem:  # FC201
        return _NONE
    if record.schema_version in ("1.0", "1.1") and (rating is None or claim.key is not None):
        return _NONE  # FC213
    if claimed is not None and (claimed > today or (reviewed is not None and claimed > reviewed)):
        return _NONE  # FC202, FC203
    if reviewed is not None and reviewed > today:  # FC202
        return _NONE
    everything = (
        claimed is not None
        and rating is not None
        and verdict.summary is not None
        and verdict.explanation is not None
        and reviewed is not None
        and bool(record.evidence)
        and bool(record.topics)
    )
    for appearance in claim.appearances:
        published = appearance.published
        if published is None:
            everything = False
        elif published > today or (claimed is not None and published < claimed):
            return _NONE  # FC202, FC205
        if appearance.title is None:
            everything = False
    evidence = record.evidence
    groups = set()
    urls = set()
    for source in evidence:
        published, quote, publisher = source.published, source.quote, source.publisher
        if published is None or quote is None or source.title is None:
            everything = False
        if published is not None and (
            published > today or (reviewed is not None and published > reviewed)
        ):
            return _NONE  # FC202, FC204
        if quote is not None and (
            not _WORD.search(quote) or (len(quote) > 100 and len(_WORD.findall(quote)) > 50)
        ):
            return _NONE  # FC208, FC209
        syndicated = source.syndicated_from
        if syndicated is None and _unmarked_wire(publisher):
            return _NONE  # FC211
        groups.add(publisher_key(publisher, syndicated))
        urls.add(normalize_url(source.url))
    if len(urls) != len(evidence):  # FC207
        return _NONE
    if rating is not None and len(groups) < ctx.policy.min_independent_publishers:  # FC206
        return _NONE
    history = record.history
    previous = history[0]
    if previous.change is not Change.CREATED:  # FC210
        return _NONE
    for entry in history[1:]:
        if entry.date < previous.date or entry.change is Change.CREATED:  # FC210
            return _NONE
        previous = entry
    if previous.date > today:  # FC202: the history is in date order, so the last is the latest
        return _NONE
    return _EVERY_RULE if everything else _BUT_REQUIRED
