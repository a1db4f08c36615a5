"""The typed records a loaded dataset holds.

These classes mirror the pydantic models of `factcheck.model.models` field for field (a test
keeps them in step) but are `msgspec` structs: decoding a release into them is several
times faster than validating pydantic models, and 100,000 of them fit in about a third of the
memory. They carry no validation of their own: a release was validated when it was cut and its
checksums are verified when it is loaded; the working copy is validated before it is decoded.

Records are immutable. Dates are `datetime.date`, closed vocabularies are enums
([`Rating`][factcheck.Rating], `Stance`…), and optional
fields are `None` when absent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from .ratings import Rating
from .vocabulary import REQUIREMENTS, Change, ClaimantType, Requirement, Stance, Wording


class _Struct(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """Base of every record part: immutable, keyword-only, unknown fields rejected."""

    def to_dict(self) -> dict[str, Any]:
        """This part as JSON data: as in its file (ISO dates, enum values, lists, no `None`)."""
        return msgspec.json.decode(msgspec.json.encode(self))


class Claimant(_Struct, kw_only=True, omit_defaults=True):
    """Who made the claim."""

    name: str
    type: ClaimantType


class _Document(_Struct, kw_only=True, omit_defaults=True):
    """A published page: where it is, what it is called, who published it and when."""

    url: str
    title: str | None = None
    publisher: str
    syndicated_from: str | None = None
    published: date | None = None


class Appearance(_Document, kw_only=True, omit_defaults=True):
    """A page where the claim was made or spread."""

    quote: str | None = None


class Source(_Document, kw_only=True, omit_defaults=True):
    """A published source used as evidence for the verdict."""

    quote: str | None = None
    stance: Stance
    speaker: str | None = None


class Claim(_Struct, kw_only=True, omit_defaults=True):
    """The claim that was checked."""

    text: str
    wording: Wording
    claimant: Claimant
    date: date | None = None
    language: str
    context: str | None = None
    appearances: tuple[Appearance, ...] = ()
    key: str | None = None


class Verdict(_Struct, kw_only=True, omit_defaults=True):
    """The rating of the claim and the reasoning behind it."""

    rating: Rating | None = None
    label: str
    summary: str | None = None
    explanation: str | None = None
    reviewed: date | None = None
    reviewer: str

    @property
    def normalized(self) -> bool:
        """Whether the label maps to a rating of the normalized scale (`rating` is set)."""
        return self.rating is not None


class HistoryEntry(_Struct, kw_only=True):
    """One dated change to the record."""

    date: date
    change: Change
    note: str


class Record(_Struct, kw_only=True):
    """One claim, one verdict on it, and the evidence for the verdict."""

    schema_version: str
    id: str
    claim: Claim
    verdict: Verdict
    evidence: tuple[Source, ...]
    topics: tuple[str, ...]
    history: tuple[HistoryEntry, ...]


class Maintainer(_Struct, kw_only=True, omit_defaults=True):
    """A person or team responsible for a dataset."""

    name: str
    url: str | None = None


class Methodology(_Struct, kw_only=True):
    """How the dataset was made."""

    claims: str
    sources: str
    ratings: str
    corrections: str


class Policy(_Struct, kw_only=True):
    """Editorial rules of a dataset that the validator enforces."""

    min_independent_publishers: int = 2
    require: tuple[Requirement, ...] = REQUIREMENTS


class Imported(_Struct, kw_only=True):
    """What `factcheck import` wrote (the `imported` field of an imported dataset)."""

    format: str
    source: str
    records: int
    sha256: str


class DatasetInfo(_Struct, kw_only=True):
    """The metadata of a dataset (its `dataset.json`)."""

    name: str
    title: str
    description: str
    scope: str
    license: str
    maintainers: tuple[Maintainer, ...]
    topics: tuple[str, ...] = ()
    citation: str
    site: str | None = None
    record_page: str | None = None
    methodology: Methodology
    policy: Policy = Policy()
    created: date
    imported: Imported | None = None

    def to_dict(self) -> dict[str, Any]:
        """The metadata as JSON data: as in its file, defaults filled in, no `None` (an
        unset optional field, such as a curated dataset's `imported`, is left out)."""
        data = super().to_dict()
        for name in ("site", "record_page", "imported"):
            if data[name] is None:
                del data[name]
        return data

    def page_of(self, record_id: str) -> str | None:
        """The address of the record `record_id`'s page (from `record_page`), if known."""
        return None if self.record_page is None else self.record_page.replace("{id}", record_id)


RECORD_DECODER = msgspec.json.Decoder(Record)
"""Decodes one record's JSON into a [`Record`][factcheck.Record]."""

INFO_DECODER = msgspec.json.Decoder(DatasetInfo)
"""Decodes a `dataset.json` into a [`DatasetInfo`][factcheck.DatasetInfo]."""


_CHUNK = 1 << 22


def decode_lines(data: bytes) -> list[Record]:
    """The records of a JSON Lines document, one per non-empty line.

    The document is decoded a few megabytes at a time, sharing repeated values
    (`share_repeated`) after each part, so the memory freed by sharing is reused for the
    next part rather than left as holes between the records.
    """
    records: list[Record] = []
    shared: dict[Any, Any] = {}
    view, start = memoryview(data), 0
    while start < len(data):
        end = data.find(b"\n", start + _CHUNK)
        end = len(data) if end < 0 else end + 1
        records += share_repeated(RECORD_DECODER.decode_lines(view[start:end]), shared)
        start = end
    return records


def share_repeated(records: list[Record], shared: dict[Any, Any] | None = None) -> list[Record]:
    """Make equal values of the fields that repeat across records one object; return `records`.

    Publishers, topics, claimants, labels, languages, reviewers and history notes take a few
    distinct values across a dataset, but decoding makes a new string for each occurrence.
    Sharing them, as a categorical column would, cuts the memory of a large dataset by about
    a fifth. Records are immutable, so sharing equal strings changes nothing a user can see;
    this runs once, on freshly decoded records, before anyone holds them. `shared` carries
    the values seen so far from one batch of records to the next.
    """
    one = ({} if shared is None else shared).setdefault
    put = msgspec.structs.force_setattr
    for record in records:
        put(record, "schema_version", one(record.schema_version, record.schema_version))
        put(record, "topics", one(record.topics, record.topics))
        claim, verdict = record.claim, record.verdict
        put(claim, "language", one(claim.language, claim.language))
        put(claim.claimant, "name", one(claim.claimant.name, claim.claimant.name))
        put(verdict, "label", one(verdict.label, verdict.label))
        put(verdict, "reviewer", one(verdict.reviewer, verdict.reviewer))
        for document in (*record.evidence, *claim.appearances):
            put(document, "publisher", one(document.publisher, document.publisher))
            if document.syndicated_from is not None:
                put(
                    document,
                    "syndicated_from",
                    one(document.syndicated_from, document.syndicated_from),
                )
        for entry in record.history:
            put(entry, "note", one(entry.note, entry.note))
    return records


__all__ = [
    "Appearance",
    "Claim",
    "Claimant",
    "DatasetInfo",
    "HistoryEntry",
    "Maintainer",
    "Methodology",
    "Policy",
    "Record",
    "Source",
    "Verdict",
    "decode_lines",
    "share_repeated",
]
