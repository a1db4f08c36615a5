"""The one table that maps other rating vocabularies to the normalized scale.

Fact-checkers and research datasets each rate claims in their own words. Importers look a
label up here; the original label is always kept verbatim in ``verdict.label``, and a label
that is not in the table is reported, never guessed. The table is printed in the docs
(``docs/formats/ratings.md``), with the page that defines each vocabulary.

Labels are compared without case, punctuation or repeated spaces, so ``"Pants on Fire!"``,
``"pants-on-fire"`` and ``"PANTS ON FIRE"`` are one label, and without a heading such as
``"Verdict:"`` before them. A label that a vocabulary defines
but that says nothing about truth (Snopes' "Outdated", PolitiFact's Flip-O-Meter) is listed
with no rating and the reason, so the report says why it was not mapped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache

from ..model.ratings import ORDERED_RATINGS, Rating

T, MT, MX, MF, F = ORDERED_RATINGS
MISLEADING, UNVERIFIABLE = Rating.MISLEADING, Rating.UNVERIFIABLE


_SEPARATORS = re.compile(r"[\W_]+")
HEADINGS = ("verdict", "rating", "ruling", "determination", "conclusion", "factscan score")
"""Words that may stand before a label with a colon (``"Verdict: False"``), as crawled pages
and some ClaimReview markup write them; they are not part of the label."""
_HEADING = re.compile(rf"^\s*(?:{'|'.join(HEADINGS)})\s*:\s*(?=\S)")


def label_key(label: str) -> str:
    """``label`` as compared: case-folded, punctuation and runs of spaces made one space.

    A heading of :data:`HEADINGS` before the label is dropped: ``"Determination: False"``
    is ``"false"``.
    """
    return _SEPARATORS.sub(" ", _HEADING.sub("", label.casefold())).strip()


@dataclass(frozen=True)
class Vocabulary:
    """The labels of one rating scheme and the rating each maps to."""

    name: str
    """Short name, as given to :func:`rating_for` (``"politifact"``)."""
    title: str
    """Who uses the scheme, for people."""
    source: str
    """The page that defines the labels (empty for factcheck's own scale)."""
    labels: dict[str, Rating | str]
    """Label → rating, or → the reason the label has no rating."""
    note: str = ""
    """How the mapping was chosen, where it is not one-to-one."""
    keys: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", {label_key(label): label for label in self.labels})

    def lookup(self, label: str) -> Rating | str | None:
        """The rating of ``label``, the reason it has none, or ``None`` if it is unknown."""
        found = self.keys.get(label_key(label))
        return None if found is None else self.labels[found]


_NOT_A_CLAIM = "rates a change of position or a promise, not the truth of a claim"

VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        Vocabulary(
            "politifact",
            "PolitiFact's Truth-O-Meter",
            "http://wral.com/story/how-we-determine-truth-o-meter-ratings/18769075/",
            {
                "True": T,
                "Mostly True": MT,
                "Half True": MX,
                "Mostly False": MF,
                "Barely True": MF,
                "False": F,
                "Pants on Fire": F,
                "Full Flop": _NOT_A_CLAIM,
                "Half Flip": _NOT_A_CLAIM,
                "No Flip": _NOT_A_CLAIM,
                "Promise Kept": _NOT_A_CLAIM,
                "Compromise": _NOT_A_CLAIM,
                "Promise Broken": _NOT_A_CLAIM,
                "Stalled": _NOT_A_CLAIM,
                "In the Works": _NOT_A_CLAIM,
                "Not Yet Rated": _NOT_A_CLAIM,
                "No Action": _NOT_A_CLAIM,
            },
            "Half True (partially accurate, leaving out important details) is `mixed`. "
            "Barely True is the former name of Mostly False. Pants on Fire (not accurate and "
            "ridiculous) is `false`: the scale has no degree beyond false. The Flip-O-Meter "
            "(No Flip to Full Flop) and the promise meters (Not Yet Rated, once No Action, to "
            "Promise Kept), listed on https://www.politifact.com/about/, rate consistency and "
            "promises, so they have no rating.",
        ),
        Vocabulary(
            "liar",
            "LIAR (Wang, 2017), PolitiFact's labels as written in its files",
            "https://aclanthology.org/P17-2067/",
            {
                "true": T,
                "mostly-true": MT,
                "half-true": MX,
                "barely-true": MF,
                "false": F,
                "pants-fire": F,
            },
            "The six Truth-O-Meter labels, with Barely True under its old name.",
        ),
        Vocabulary(
            "snopes",
            "Snopes",
            "https://www.snopes.com/fact-check-ratings/",
            {
                "True": T,
                "Mostly True": MT,
                "Mixture": MX,
                "Mostly False": MF,
                "False": F,
                "Unproven": UNVERIFIABLE,
                "Unfounded": UNVERIFIABLE,
                "Outdated": "is used when later events made the original rating irrelevant",
                "Research in Progress": "marks a check with no published conclusion yet",
            },
            "Unproven (evidence inconclusive) and Unfounded (no evidence found for it) are "
            "`unverifiable`. Snopes' other labels (Miscaptioned, Misattributed, Scam…) are not "
            "in the table yet: each needs its published definition before it is mapped.",
        ),
        Vocabulary(
            "truthorfiction",
            "TruthOrFiction.com",
            "https://www.truthorfiction.com/fact-check-ratings/",
            {
                "Truth!": T,
                "Fiction!": F,
                "Truth! & Fiction!": MX,
                "Unproven!": UNVERIFIABLE,
                "Reported to be Truth!": UNVERIFIABLE,
                "Reported to be Fiction!": UNVERIFIABLE,
                "Disputed!": "marks a controversy on which the site makes no judgment",
                "Previously Truth! Now Ended!": "marks a story that was true but is now outdated",
                "Previously Truth! Now Resolved!": (
                    "marks a story that was true but is now outdated"
                ),
                "Pending Investigation!": "marks a rumor still being investigated",
            },
            "Reported to be Truth! and Reported to be Fiction! mean the site found a single "
            "source of unknown or questionable credibility: `unverifiable`, with the label "
            "kept. Disputed! (the site takes no side) has no rating. Labels that MultiFC holds "
            "but the ratings page does not define, such as Mostly Fiction!, are not mapped.",
        ),
        Vocabulary(
            "africacheck",
            "Africa Check",
            "https://africacheck.org/how-we-fact-check/how-we-rate-claims",
            {
                "Correct": T,
                "Mostly Correct": MT,
                "Unproven": UNVERIFIABLE,
                "Misleading": MISLEADING,
                "Exaggerated": MISLEADING,
                "Understated": MISLEADING,
                "Incorrect": F,
            },
            "Exaggerated (the claim exaggerates the facts) and Understated (it understates them) "
            "get the facts' direction right and their size wrong: `misleading`, whose meaning "
            "includes an exaggeration that changes the meaning; the label is kept. The page "
            "defines each rating in this order, Correct to Incorrect; the label names are as "
            "MultiFC records them.",
        ),
        Vocabulary(
            "abcfactcheck",
            "RMIT ABC Fact Check",
            "https://www.abc.net.au/news/factcheck/about",
            {"In the Green": T, "In Between": MX, "In the Red": F},
            "Every verdict falls into one of three colour categories, green a positive ruling "
            "and red a negative one. They are coarse: `true` and `false` here mean the claim "
            "held up or did not, as for ClaimsKG's TRUE and FALSE; the verdict's own wording "
            "is kept in the label.",
        ),
        Vocabulary(
            "voiceofsandiego",
            "Voice of San Diego's San Diego Fact Check",
            "https://www.voiceofsandiego.org/category/fact/",
            {
                "True": T,
                "Mostly True": MT,
                "A Stretch": MISLEADING,
                "Unfounded": UNVERIFIABLE,
                "Misleading": MISLEADING,
                "False": F,
                "Huckster Propaganda": F,
            },
            "A Stretch (an element of truth, but critical context is absent that may "
            "significantly alter the impression) is `misleading`. Huckster Propaganda (not only "
            "inaccurate but knowingly made) is `false`: the scale has no degree beyond false. "
            "MultiFC writes these labels after a heading, as `determination: a stretch`.",
        ),
        Vocabulary(
            "meta",
            "The ratings of Meta's third-party fact-checking programme (Facebook, Instagram)",
            "https://transparency.fb.com/features/content-ratings-fact-checkers-use/",
            {"False": F, "Partly False": MX, "Altered": F},
            "Partly False (some factual inaccuracies, or a mix of true and false information) "
            "is `mixed`. Altered (images, audio or video manipulated in ways that could mislead) "
            "is `false`: the content is not what it is presented as. Meta's other ratings are not "
            "in the table yet: their definitions have not been read from Meta's page.",
        ),
        Vocabulary(
            "fever",
            "FEVER (Thorne et al., 2018)",
            "https://fever.ai/dataset/fever.html",
            {"SUPPORTS": T, "REFUTES": F, "NOT ENOUGH INFO": UNVERIFIABLE},
            "FEVER judges a claim against Wikipedia alone: `true` and `false` here mean "
            "supported or refuted by Wikipedia.",
        ),
        Vocabulary(
            "averitec",
            "AVeriTeC (Schlichtkrull et al., 2023)",
            "https://fever.ai/dataset/averitec.html",
            {
                "Supported": T,
                "Refuted": F,
                "Not Enough Evidence": UNVERIFIABLE,
                "Conflicting Evidence/Cherrypicking": MX,
            },
            "Conflicting Evidence/Cherrypicking joins two cases, evidence both ways and true "
            "but cherry-picked: it maps to `mixed`, the nearer of `mixed` and `misleading` for "
            "the first; the label itself is kept.",
        ),
        Vocabulary(
            "claimskg",
            "ClaimsKG's normalized ratings (Tchechmedjiev et al., 2019)",
            "https://data.gesis.org/claimskg/site",
            {
                "TRUE": T,
                "FALSE": F,
                "MIXTURE": MX,
                "OTHER": "groups every label ClaimsKG could not place on its scale",
            },
        ),
        Vocabulary(
            "factcheck",
            "factcheck's own scale, values and labels",
            "",
            {rating.value: rating for rating in Rating},
        ),
    )
}

TEXT_VOCABULARIES = ("factcheck", *(name for name in VOCABULARIES if name != "factcheck"))
"""The tables ``rating_for("text", label)`` tries, in order, for a free-text label: every
table, factcheck's own scale first."""


def rating_for(vocabulary: str, label: str) -> Rating | None:
    """The normalized rating of ``label`` in ``vocabulary``, or ``None`` if it has none.

    Args:
        vocabulary: A key of :data:`VOCABULARIES`, or ``"text"`` (also ``"multifc"`` and
            ``"claimreview"``) for a free-text label: every table is tried in the order of
            :data:`TEXT_VOCABULARIES`.
        label: The label as the source wrote it.

    Raises:
        KeyError: ``vocabulary`` is not a known vocabulary.
    """
    found = _lookup(vocabulary, label)
    return found if isinstance(found, Rating) else None


def unmapped(vocabulary: str, label: str) -> str:
    """Why ``label`` has no rating: the message an importer reports for its row.

    Raises:
        ValueError: ``label`` has a rating (ask :func:`rating_for` first).
    """
    found = _lookup(vocabulary, label)
    if isinstance(found, Rating):
        raise ValueError(f"label {label!r} has a rating in {vocabulary!r}: {found.value}")
    if isinstance(found, str):
        return f"label {label!r} has no rating on the normalized scale: it {found}"
    tables = "any table" if len(_tables(vocabulary)) > 1 else f"the {vocabulary} table"
    return (
        f"label {label!r} is not in {tables} of factcheck/formats/labels.py; "
        "add it there, with the page that defines it, to import this row"
    )


@cache
def _tables(vocabulary: str) -> tuple[Vocabulary, ...]:
    if vocabulary in ("text", "multifc", "claimreview"):
        return tuple(VOCABULARIES[name] for name in TEXT_VOCABULARIES)
    if vocabulary not in VOCABULARIES:
        known = ", ".join([*VOCABULARIES, "text"])
        raise KeyError(f"unknown rating vocabulary {vocabulary!r}; known: {known}")
    return (VOCABULARIES[vocabulary],)


def _lookup(vocabulary: str, label: str) -> Rating | str | None:
    reason: str | None = None
    for table in _tables(vocabulary):
        found = table.lookup(label)
        if isinstance(found, Rating):
            return found
        reason = reason or found
    return reason


def verdict_for(vocabulary: str, label: str, reviewer: str) -> dict[str, str] | str:
    """The ``verdict`` of an imported record (rating, the label verbatim, reviewer), or, when
    ``label`` has no rating in ``vocabulary``, the :func:`unmapped` message for its row."""
    rating = rating_for(vocabulary, label)
    if rating is None:
        return unmapped(vocabulary, label)
    return {"rating": str(rating), "label": label, "reviewer": reviewer}


def rating_for_number(value: float, best: float = 5, worst: float = 1) -> Rating | None:
    """The rating of a numeric ClaimReview ``ratingValue`` on a ``worst``–``best`` scale.

    The value's position on its scale is rounded to the nearest of the five ordered ratings:
    on the usual 1–5 scale, 5 is ``true``, 3 ``mixed`` and 1 ``false``. ``None`` when the scale
    is empty or the value lies outside it (many publishers write ``-1`` or ``0`` for "not on
    the scale"), so the caller falls back on the label.
    """
    numbers = (value, best, worst)
    if not all(isinstance(n, int | float) and math.isfinite(n) for n in numbers):
        return None
    if best == worst or not min(best, worst) <= value <= max(best, worst):
        return None
    # Exact fractions: with floats, a scale such as -1e308 to 1e308 overflows to inf - inf.
    value_, best_, worst_ = map(Fraction, numbers)
    position = (value_ - worst_) / (best_ - worst_)  # 0 at worst, 1 at best
    return ORDERED_RATINGS[round((1 - position) * (len(ORDERED_RATINGS) - 1))]


def number_for(rating: Rating) -> int | None:
    """The ``ratingValue`` of ``rating`` on a 1–5 scale (5 = true), ``None`` off the scale."""
    if rating not in ORDERED_RATINGS:
        return None
    return len(ORDERED_RATINGS) - ORDERED_RATINGS.index(rating)


__all__ = [
    "HEADINGS",
    "TEXT_VOCABULARIES",
    "VOCABULARIES",
    "Vocabulary",
    "label_key",
    "number_for",
    "rating_for",
    "rating_for_number",
    "unmapped",
    "verdict_for",
]
