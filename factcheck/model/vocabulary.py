"""The closed vocabularies of a record besides its rating: claimant, wording, stance, change.

Kept apart from the models so that loaded records can use them without importing pydantic.
"""

from __future__ import annotations

from enum import StrEnum


class ClaimantType(StrEnum):
    """What kind of source made the claim."""

    PERSON = "person"
    ORGANIZATION = "organization"
    DOCUMENT = "document"
    MEDIA = "media"
    SOCIAL = "social"
    UNKNOWN = "unknown"


class Wording(StrEnum):
    """Whether `claim.text` is the claimant's exact words or a paraphrase."""

    VERBATIM = "verbatim"
    PARAPHRASE = "paraphrase"


class Stance(StrEnum):
    """How a source bears on the claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class Change(StrEnum):
    """The kind of change a history entry records."""

    CREATED = "created"
    CORRECTED = "corrected"
    RERATED = "rerated"
    UPDATED = "updated"


class Requirement(StrEnum):
    """An optional part of a record that a dataset's policy can require (`policy.require`).

    Schema 1.1 lets these be absent, because the sources an imported dataset comes from often
    lack them (FEVER has no claim dates, LIAR no evidence links). A curated dataset requires
    them all, which is the default; a record of schema 1.0 always has them. Schema 1.2 adds
    `verdict.rating`: an imported review whose label maps to no rating keeps its row
    without one (not normalized), and a curated dataset requires it by default.
    """

    CLAIM_DATE = "claim.date"
    APPEARANCES_TITLE = "appearances.title"
    APPEARANCES_PUBLISHED = "appearances.published"
    VERDICT_RATING = "verdict.rating"
    VERDICT_SUMMARY = "verdict.summary"
    VERDICT_EXPLANATION = "verdict.explanation"
    VERDICT_REVIEWED = "verdict.reviewed"
    EVIDENCE = "evidence"
    EVIDENCE_TITLE = "evidence.title"
    EVIDENCE_PUBLISHED = "evidence.published"
    EVIDENCE_QUOTE = "evidence.quote"
    TOPICS = "topics"


REQUIREMENTS: tuple[Requirement, ...] = tuple(Requirement)
"""Every requirement, in a fixed order: the default policy of a dataset."""
