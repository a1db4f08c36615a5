"""Every validation rule: its stable code, name, summary, documentation and, for the semantic
rules, the check itself.

Codes by layer:

* ``FC0xx`` reading: the file's bytes and JSON syntax;
* ``FC1xx`` structure: the record schema (the models);
* ``FC2xx`` meaning within one record;
* ``FC3xx`` meaning across the records and files of a dataset.

A rule's documentation is its docstring, with the sections *Why*, *Fix* and *Example*; the
documentation site renders it, so the two never drift.
"""

from __future__ import annotations

import inspect
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .findings import Severity
from .reading import Pointer
from .vocabulary import REQUIREMENTS, Requirement

if TYPE_CHECKING:
    from .models import Policy, Record

Layer = Literal["reading", "structure", "record", "dataset"]


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule's finding before it is placed in a file: which value, and what is wrong."""

    pointer: Pointer
    message: str
    hint: str = ""
    key: bool = False
    record_index: int | None = None


@dataclass(frozen=True, slots=True)
class RecordContext:
    """What a record rule may know beyond the record itself."""

    file_stem: str | None
    today: date
    policy: Policy


@dataclass(frozen=True)
class Rule:
    """A validation rule."""

    code: str
    name: str
    summary: str
    layer: Layer
    severity: Severity
    doc: str
    hint: str
    check: Callable[..., Iterable[Violation]] | None = None


RULES: dict[str, Rule] = {}


def _register(rule: Rule) -> Rule:
    if rule.code in RULES:
        raise ValueError(f"rule code {rule.code} registered twice")
    RULES[rule.code] = rule
    return rule


def documented(
    code: str, name: str, layer: Layer, hint: str, doc: str, severity: Severity = Severity.ERROR
) -> None:
    """Register a rule checked by the reader or the models (it has no check function)."""
    doc = inspect.cleandoc(doc)
    summary, _, body = doc.partition("\n\n")
    _register(Rule(code, name, summary, layer, severity, body, hint))


def rule(
    code: str, name: str, layer: Layer, hint: str, severity: Severity = Severity.ERROR
) -> Callable[[Callable[..., Iterable[Violation]]], Callable[..., Iterable[Violation]]]:
    """Register a semantic check; its docstring's first line is the rule's summary."""

    def decorate(check: Callable[..., Iterable[Violation]]) -> Callable[..., Iterable[Violation]]:
        doc = inspect.cleandoc(check.__doc__ or "")
        summary, _, body = doc.partition("\n\n")
        _register(Rule(code, name, summary, layer, severity, body, hint, check))
        return check

    return decorate


def rules_for(layer: Layer) -> list[Rule]:
    """The rules of one layer, in code order."""
    return sorted((r for r in RULES.values() if r.layer == layer), key=lambda r: r.code)


# --- reading ---------------------------------------------------------------------------------

documented(
    "FC001",
    "json-syntax",
    "reading",
    "see the message; fix the JSON at that position",
    """
    The file is not valid JSON.

    **Why**: nothing else can be checked until the file parses; other tools would reject it too.

    **Fix**: correct the JSON at the line and column given. Common causes: a trailing comma, a
    missing comma or bracket, single quotes, a comment, or a raw tab or newline inside a string.

    **Example**: `{"id": "x",}` — remove the comma before `}`.
    """,
)
documented(
    "FC002",
    "empty-file",
    "reading",
    "write one JSON object: a record",
    """
    The file, or a line of a JSON Lines file, is empty.

    **Why**: an empty file is almost always a mistake (an interrupted write or a placeholder).

    **Fix**: write the record into it, or delete the file. In `.jsonl` files remove blank lines.

    **Example**: a zero-byte `records/new-claim.json`.
    """,
)
documented(
    "FC003",
    "byte-order-mark",
    "reading",
    "save the file as UTF-8 without BOM",
    """
    The file starts with a UTF-8 byte-order mark.

    **Why**: RFC 8259 forbids a BOM in JSON exchanged between systems; many parsers reject it.

    **Fix**: save the file as "UTF-8" rather than "UTF-8 with BOM", or run `factcheck fmt`
    once the file is otherwise valid.

    **Example**: bytes `EF BB BF` before the first `{`.
    """,
)
documented(
    "FC004",
    "encoding",
    "reading",
    "save the file as UTF-8",
    """
    The file is not valid UTF-8 (for example UTF-16, or Latin-1 text), or a string holds an
    escaped lone surrogate: `\\ud800` on its own is half of a UTF-16 pair, not a character.

    **Why**: JSON files must be UTF-8; a wrong encoding corrupts names and quotes silently,
    and half a surrogate pair cannot be written in UTF-8 at all (RFC 8259, section 8.2: what
    software does with one is unpredictable), so `factcheck fmt` could not write it back.

    **Fix**: re-save the file as UTF-8 in your editor; write an escaped character with both
    halves of its pair (`\\ud83d\\ude00`) or as itself.

    **Example**: byte `E9` (é in Latin-1) on its own; `"\\ud800"`.
    """,
)
documented(
    "FC005",
    "duplicate-key",
    "reading",
    "remove one of the two keys",
    """
    An object has the same key twice.

    **Why**: JSON readers keep only one of the values, silently, and not all the same one: what
    a reviewer reads may not be what a program loads.

    **Fix**: keep one key and merge or delete the other.

    **Example**: `{"id": "a", "id": "b"}`.
    """,
)
documented(
    "FC006",
    "non-finite-number",
    "reading",
    "write null or a real number",
    """
    The file contains `NaN`, `Infinity` or `-Infinity`.

    **Why**: these are not JSON; Python writes them by default, other languages cannot read them.

    **Fix**: replace them with a real value.

    **Example**: `{"score": NaN}`.
    """,
)
documented(
    "FC007",
    "trailing-data",
    "reading",
    "keep one JSON value per file",
    """
    There is more text after the JSON value.

    **Why**: readers either fail or ignore the rest, so data may be lost silently.

    **Fix**: remove the extra text; put several records in a `.jsonl` file, one per line.

    **Example**: `{"id": "a"} {"id": "b"}` in a `.json` file.
    """,
)
documented(
    "FC008",
    "nesting-too-deep",
    "reading",
    "flatten the data",
    """
    Arrays and objects nest deeper than 64 levels.

    **Why**: records nest only a few levels; very deep nesting is a sign of a broken or hostile
    file, and crashes recursive readers.

    **Fix**: remove the extra nesting.

    **Example**: `[[[[…]]]]` ten thousand levels deep.
    """,
)
documented(
    "FC009",
    "unreadable-file",
    "reading",
    "check the file's permissions",
    """
    The file could not be read.

    **Why**: a file that cannot be read cannot be validated.

    **Fix**: check that the file exists and that you may read it.

    **Example**: a record file with mode `000`.
    """,
)
documented(
    "FC010",
    "not-a-record-file",
    "reading",
    "rename it to .json, or move it out",
    """
    A file in a `records/` folder is not a `.json` file and was not checked.

    **Why**: a record saved as `.txt` or `.JSON` would silently be left out of the dataset.

    **Fix**: give it the `.json` extension, or move it out of the `records/` folder.

    **Example**: `records/new-claim.txt`.
    """,
    Severity.WARNING,
)

# --- structure -------------------------------------------------------------------------------

documented(
    "FC100",
    "not-an-object",
    "structure",
    "write the record as a JSON object { … }",
    """
    The file's value is not a JSON object.

    **Why**: a record, and `dataset.json`, are objects with named fields.

    **Fix**: wrap the fields in `{ }`.

    **Example**: a file holding `[ {...} ]` instead of `{...}`.
    """,
)
documented(
    "FC101",
    "missing-field",
    "structure",
    "add the field",
    """
    A required field is missing.

    **Why**: every record must carry its claim, verdict, evidence, topics and history so that
    readers can judge it.

    **Fix**: add the field; the schema reference lists each field with an example.

    **Example**: a `verdict` without `rating`.
    """,
)
documented(
    "FC102",
    "unknown-field",
    "structure",
    "remove it, or correct its spelling",
    """
    A field that the schema does not define.

    **Why**: unknown fields are usually misspellings of real ones (`claimnat`), whose values
    would otherwise be lost without a word.

    **Fix**: correct the spelling (the message suggests the closest field) or remove it.

    **Example**: `"sumary": "…"` in a verdict.
    """,
)
documented(
    "FC103",
    "wrong-type",
    "structure",
    "write a value of the expected type",
    """
    A value has the wrong JSON type.

    **Why**: nothing is coerced: `2020` is not the string `"2020"`, and a single object is not
    a list of one.

    **Fix**: write the value as the type the message names.

    **Example**: `"topics": "iraq"` instead of `"topics": ["iraq"]`.
    """,
)
documented(
    "FC104",
    "invalid-choice",
    "structure",
    "use one of the listed values",
    """
    A value is not one of the allowed choices.

    **Why**: ratings, stances and types come from fixed vocabularies so that datasets can be
    compared and filtered.

    **Fix**: use one of the values listed in the message; keep your own wording in
    `verdict.label`.

    **Example**: `"rating": "pants-on-fire"` — use `false`, with `"label": "Pants on Fire"`.
    """,
)
documented(
    "FC105",
    "invalid-date",
    "structure",
    "write the date as YYYY-MM-DD",
    """
    A date is not a real calendar date written `YYYY-MM-DD`.

    **Why**: one unambiguous format sorts correctly and cannot be misread (`01/02/2020`).
    Times and timestamps are not dates.

    **Fix**: write the date as `YYYY-MM-DD`, e.g. `2020-01-06`.

    **Example**: `"2020-02-30"`, `"2020-01-06T00:00:00"`, `1578268800`.
    """,
)
documented(
    "FC106",
    "invalid-url",
    "structure",
    "use the page's full https:// address",
    """
    A URL is not an absolute http(s) address with a domain name.

    **Why**: sources must be pages readers can open; `javascript:`, `file:` and `data:` URLs can
    be dangerous, and credentials must never be published.

    **Fix**: copy the address from the browser; percent-encode spaces and non-ASCII characters.

    **Example**: `javascript:alert(1)`, `https://user:pass@example.com/`.
    """,
)
documented(
    "FC107",
    "invalid-text",
    "structure",
    "retype or trim the text",
    """
    A string is empty, has white space at either end, or contains control, zero-width or
    bidirectional-override characters.

    **Why**: invisible characters can hide or reorder text for a reviewer ("Trojan Source")
    and make equal claims compare unequal.

    **Fix**: trim the string and delete the invisible character (retype the words around it).
    Only `context` and `explanation` may contain line breaks.

    **Example**: `"Esper\\u200b"`, `" leading space"`.
    """,
)
documented(
    "FC108",
    "invalid-slug",
    "structure",
    "use lowercase letters, digits and single hyphens, e.g. us-withdrawing-from-iraq",
    """
    An id or topic is not a lowercase slug.

    **Why**: ids are file names and URLs; lowercase ASCII slugs avoid collisions between
    `Iraq` and `iraq`, and between look-alike letters from other scripts.

    **Fix**: use `a-z`, `0-9` and single hyphens.

    **Example**: `"US_Withdrawal"` — write `us-withdrawal`.
    """,
)
documented(
    "FC109",
    "wrong-length",
    "structure",
    "shorten the value, or add items",
    """
    A string is too long, a list has too few items, or a number is out of range.

    **Why**: limits keep records readable and keep hostile input (a 50 MB string) out.

    **Fix**: see the limit in the message.

    **Example**: `"evidence": []`.
    """,
)
documented(
    "FC110",
    "unsupported-schema-version",
    "structure",
    'set schema_version to "1.1", or upgrade factcheck',
    """
    The record declares a schema version this version of factcheck does not read.

    **Why**: fields change meaning between major versions; guessing would mislead.

    **Fix**: write `"schema_version": "1.1"` (or `"1.0"`), or upgrade factcheck if the record
    is newer.

    **Example**: `"schema_version": "2.0"`.
    """,
)
documented(
    "FC111",
    "invalid-language",
    "structure",
    "use a language tag such as en or pt-BR",
    """
    A language is not a BCP 47 tag.

    **Why**: tags let tools pick the right tokenizer, translator or font.

    **Fix**: use the tag, not the name: `en`, not `English`.

    **Example**: `"language": "English"`.
    """,
)
documented(
    "FC112",
    "null-value",
    "structure",
    "leave the field out instead of writing null",
    """
    An optional field is written as `null`.

    **Why**: one way to say "absent" keeps records canonical and diffs small.

    **Fix**: delete the field.

    **Example**: `"speaker": null`.
    """,
)
documented(
    "FC199",
    "invalid-value",
    "structure",
    "see the message",
    """
    A value breaks the schema in another way.

    **Why**: the schema describes what every tool may rely on.

    **Fix**: follow the message.

    **Example**: any other schema error.
    """,
)


# --- meaning within a record ------------------------------------------------------------------


@rule("FC201", "id-matches-file-name", "record", "rename the file or change the id")
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


@rule("FC202", "date-in-future", "record", "correct the date")
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


@rule("FC203", "claim-after-review", "record", "correct claim.date or verdict.reviewed")
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
)
def independent_publishers(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """The evidence comes from too few independent publishers.

    **Why**: a verdict that rests on one outlet repeats that outlet's mistakes. Wire stories
    (AP, Reuters, AFP) republished by many sites are one publisher, however many copies.
    The minimum is the dataset's `policy.min_independent_publishers` (2 by default).

    **Fix**: add a source from another publisher; mark wire copies with `syndicated_from`.

    **Example**: two Associated Press stories printed by two local stations.
    """
    needed = ctx.policy.min_independent_publishers
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


@rule("FC207", "repeated-evidence-url", "record", "remove the repeated source")
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


@rule("FC208", "empty-quote", "record", "quote the words of the page that bear on the claim")
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
    "FC209", "long-quote", "record", "shorten the quote to the words that matter", Severity.WARNING
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
    """Where ``record`` lacks what ``requirement`` names: the pointer of each missing place."""
    group, _, field = requirement.value.partition(".")
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
    """Whether ``record`` has every part a policy can require (the common case, checked fast)."""
    claim, verdict = record.claim, record.verdict
    return (
        claim.date is not None
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
)
def required_by_policy(record: Record, ctx: RecordContext) -> Iterator[Violation]:
    """A record lacks a field its dataset's policy requires.

    **Why**: schema 1.1 lets a record omit what its source may not have (a claim's date, a
    verdict's explanation, a quote…), because imported datasets often lack them. A curated
    dataset requires them all, which is the default of `policy.require` in `dataset.json`;
    a record of schema 1.0 always has them.

    **Fix**: add the field. If the dataset's source never has it (an import), leave it out of
    `policy.require`, so readers know the dataset does not promise it.

    **Example**: a record without `verdict.explanation` in a dataset with the default policy.
    """
    if _has_everything(record):
        return
    if record.schema_version == "1.0":
        required, why = REQUIREMENTS, "schema 1.0 requires it"
    else:
        required, why = tuple(ctx.policy.require), "the dataset's policy requires it"
    for requirement in required:
        for pointer in _absent(record, requirement):
            where = ".".join(str(part) for part in pointer)
            what = "is empty" if pointer[-1] in ("evidence", "topics") else "is missing"
            yield Violation(pointer, f"{where} {what}; {why}")


# --- meaning across a dataset ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatasetEntry:
    """What dataset rules see of a record: the keys they compare, and where it came from.

    Only these few fields are kept for the whole dataset, so the cross-record pass stays
    small however large the records are.
    """

    id: str
    claim: str
    topics: tuple[str, ...]
    path: Path

    @classmethod
    def of(cls, record: Record, path: Path) -> DatasetEntry:
        """The entry for ``record``, read from ``path``."""
        return cls(record.id, record.claim.text, tuple(record.topics), path)


class _PunctuationAsSpace(dict[int, str]):
    """A ``str.translate`` table turning punctuation, symbols and separators into spaces.

    Each character is classified once, on first sight, so translating runs in C.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = " " if unicodedata.category(char)[0] in "PSZ" else char
        self[code] = value
        return value


_PUNCTUATION_AS_SPACE = _PunctuationAsSpace()


def normalize_claim(text: str) -> str:
    """A claim's text as compared for duplicates: NFKC, casefolded, punctuation as spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.translate(_PUNCTUATION_AS_SPACE).split())


@rule("FC301", "duplicate-id", "dataset", "give one of the records another id")
def duplicate_id(entries: list[DatasetEntry], info: Any) -> Iterator[Violation]:
    """Two records in a dataset have the same id (compared without case).

    **Why**: ids identify records in releases, links and citations; on case-insensitive file
    systems `Claim.json` and `claim.json` are the same file.

    **Fix**: rename one record.

    **Example**: two lines of a `.jsonl` file with `"id": "us-withdrawing-from-iraq"`.
    """
    yield from _duplicates(entries, lambda e: e.id.casefold(), ("id",), "id {id!r} is also used by")


@rule("FC302", "duplicate-claim", "dataset", "merge the two records, or reword the claim")
def duplicate_claim(entries: list[DatasetEntry], info: Any) -> Iterator[Violation]:
    """The same claim text is recorded twice in a dataset.

    Texts are compared after Unicode normalization, without case, punctuation or extra spaces.

    **Why**: two verdicts on one claim split the evidence and may contradict each other.

    **Fix**: merge them into one record; if they are different claims, say how in the text.

    **Example**: "The US is withdrawing from Iraq." and "the US is withdrawing from Iraq".
    """
    yield from _duplicates(
        entries,
        lambda e: normalize_claim(e.claim),
        ("claim", "text"),
        "the same claim is also recorded in",
    )


def _duplicates(
    entries: list[DatasetEntry], key: Callable[[DatasetEntry], str], pointer: Pointer, message: str
) -> Iterator[Violation]:
    """One violation for every record that shares its key with another, naming the others."""
    groups: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        groups.setdefault(key(entry), []).append(index)
    for members in groups.values():
        for index in members if len(members) > 1 else ():
            others = ", ".join(_where(entries[i]) for i in members if i != index)
            text = message.format(id=entries[index].id)
            yield Violation(pointer, f"{text} {others}", record_index=index)


documented(
    "FC303",
    "file-outside-dataset",
    "dataset",
    "copy the file into the dataset instead",
    """A record file is a link to a file outside the dataset's folder.

    **Why**: a dataset is a self-contained folder; a link out of it can pull in files that
    are not reviewed with the dataset, or not shipped with it.

    **Fix**: replace the link with the file itself.

    **Example**: `records/x.json -> /etc/passwd`.
    """,
)


documented(
    "FC304",
    "dataset-name-matches-folder",
    "dataset",
    "rename the folder or the dataset",
    """A dataset's `name` differs from its folder's name.

    **Why**: `factcheck.load(name)` finds a dataset by its folder; two names confuse users.

    **Fix**: make `name` in `dataset.json` and the folder name the same.

    **Example**: folder `iraq-2020` with `"name": "iraq2020"`.
    """,
)


documented(
    "FC306",
    "release-unchanged",
    "dataset",
    "restore the release's files; put corrections in a new release",
    """A file of a published release differs from the checksum in its manifest.

    **Why**: a release never changes once cut: users pin a version to get the same data
    forever, and `factcheck.load()` refuses a release whose files do not match.

    **Fix**: restore the file (`git checkout -- <file>`); make the change in `records/` and
    cut a new release with `factcheck release`.

    **Example**: editing a rating inside `releases/1.0.0/records.jsonl`.
    """,
)


@rule(
    "FC305",
    "undeclared-topic",
    "dataset",
    "add the topic to dataset.json, or fix it",
    Severity.WARNING,
)
def undeclared_topic(entries: list[DatasetEntry], info: Any) -> Iterator[Violation]:
    """A record uses a topic that its dataset's `topics` list does not declare.

    **Why**: a fixed topic list keeps filters reliable (`soleimani` vs `soleimani-strike`).

    **Fix**: use a declared topic, or add the new one to `dataset.json`.

    **Example**: `"topics": ["iraq-parliment"]`.
    """
    declared = set(getattr(info, "topics", None) or ())
    if not declared:
        return
    for index, entry in enumerate(entries):
        for i, topic in enumerate(entry.topics):
            if topic not in declared:
                yield Violation(
                    ("topics", i),
                    f"topic {topic!r} is not declared in dataset.json",
                    record_index=index,
                )


def _where(entry: DatasetEntry) -> str:
    return f"{entry.path.name} (id {entry.id!r})"
