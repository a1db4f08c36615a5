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
    """Whether ``claim.text`` is the claimant's exact words or a paraphrase."""

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
