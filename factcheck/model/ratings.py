"""The normalized rating scale.

Five ratings form an ordered scale from `true` to `false`; two more stand outside the
order because they say something other than "how true": `misleading` (true parts, false
impression) and `unverifiable` (the evidence cannot settle it). The reviewer's own wording
always travels beside the rating in `verdict.label`.
"""

from __future__ import annotations

from enum import StrEnum


class Rating(StrEnum):
    """A verdict on the normalized scale. See `RATING_MEANINGS` for each value."""

    TRUE = "true"
    MOSTLY_TRUE = "mostly-true"
    MIXED = "mixed"
    MOSTLY_FALSE = "mostly-false"
    FALSE = "false"
    MISLEADING = "misleading"
    UNVERIFIABLE = "unverifiable"

    @property
    def meaning(self) -> str:
        """What the rating asserts, in one sentence."""
        return RATING_MEANINGS[self]

    @property
    def score(self) -> float | None:
        """Position on the ordered scale, 1.0 (true) to 0.0 (false); `None` outside it."""
        return _SCORES.get(self)


RATING_MEANINGS: dict[Rating, str] = {
    Rating.TRUE: "The claim is accurate and nothing significant is missing.",
    Rating.MOSTLY_TRUE: "The claim is accurate but needs clarification or a minor detail is off.",
    Rating.MIXED: "The claim is partly accurate and partly inaccurate.",
    Rating.MOSTLY_FALSE: "The claim has an element of truth but is wrong on the main point.",
    Rating.FALSE: "The claim is inaccurate.",
    Rating.MISLEADING: (
        "The claim contains accurate elements but gives a false impression "
        "(missing context, framing, or an exaggeration that changes the meaning)."
    ),
    Rating.UNVERIFIABLE: ("The public evidence can neither confirm nor refute the claim."),
}

ORDERED_RATINGS: tuple[Rating, ...] = (
    Rating.TRUE,
    Rating.MOSTLY_TRUE,
    Rating.MIXED,
    Rating.MOSTLY_FALSE,
    Rating.FALSE,
)
"""The ordered part of the scale, from most to least true."""

_SCORES = {rating: 1 - i / (len(ORDERED_RATINGS) - 1) for i, rating in enumerate(ORDERED_RATINGS)}
