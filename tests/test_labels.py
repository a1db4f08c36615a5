"""The rating mapping table: one rating per label, loose matching, numbers both ways."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.formats.labels import (
    TEXT_VOCABULARIES,
    VOCABULARIES,
    label_key,
    number_for,
    rating_for,
    rating_for_number,
    unmapped,
)
from factcheck.model.ratings import ORDERED_RATINGS, Rating


def test_a_label_means_the_same_rating_in_every_table_a_free_text_label_is_looked_up_in():
    seen: dict[str, tuple[str, object]] = {}
    for name in TEXT_VOCABULARIES:
        for label, rating in VOCABULARIES[name].labels.items():
            if not isinstance(rating, Rating):
                continue
            earlier = seen.setdefault(label_key(label), (name, rating))
            assert earlier[1] == rating, (
                f"{label!r}: {earlier[0]} says {earlier[1]}, {name} {rating}"
            )


def test_no_table_lists_a_label_twice():
    for vocabulary in VOCABULARIES.values():
        assert len(vocabulary.keys) == len(vocabulary.labels), vocabulary.name


@pytest.mark.parametrize(
    ("vocabulary", "label", "rating"),
    [
        ("liar", "pants-fire", Rating.FALSE),
        ("liar", "barely-true", Rating.MOSTLY_FALSE),
        ("liar", "half-true", Rating.MIXED),
        ("politifact", "Pants on Fire!", Rating.FALSE),
        ("politifact", "HALF TRUE", Rating.MIXED),
        ("snopes", "Mixture", Rating.MIXED),
        ("snopes", "unproven", Rating.UNVERIFIABLE),
        ("truthorfiction", "Fiction!", Rating.FALSE),
        ("truthorfiction", "truth! & fiction!", Rating.MIXED),
        ("truthorfiction", "Reported to be Fiction!", Rating.UNVERIFIABLE),
        ("text", "Truth!", Rating.TRUE),
        ("africacheck", "mostly-correct", Rating.MOSTLY_TRUE),
        ("text", "Exaggerated", Rating.MISLEADING),
        ("text", "in-the-red", Rating.FALSE),
        ("abcfactcheck", "In between", Rating.MIXED),
        ("text", "Partly false", Rating.MIXED),
        ("meta", "ALTERED", Rating.FALSE),
        ("voiceofsandiego", "Huckster Propaganda", Rating.FALSE),
        ("text", "determination: a stretch", Rating.MISLEADING),
        ("text", "Verdict: False", Rating.FALSE),
        ("text", "FactScan Score: True", Rating.TRUE),
        ("fever", "NOT ENOUGH INFO", Rating.UNVERIFIABLE),
        ("fever", "REFUTES", Rating.FALSE),
        ("averitec", "Conflicting Evidence/Cherrypicking", Rating.MIXED),
        ("averitec", "Not Enough Evidence", Rating.UNVERIFIABLE),
        ("claimskg", "MIXTURE", Rating.MIXED),
        ("text", "  mostly   true ", Rating.MOSTLY_TRUE),
        ("text", "Misleading", Rating.MISLEADING),
    ],
)
def test_labels_map_to_their_rating_without_case_or_punctuation(vocabulary, label, rating):
    assert rating_for(vocabulary, label) is rating


def test_a_label_without_a_mapping_is_reported_with_the_reason():
    assert rating_for("snopes", "Outdated") is None
    assert "later events made the original rating irrelevant" in unmapped("snopes", "Outdated")
    assert rating_for("politifact", "Full Flop") is None
    assert "a promise, not the truth of a claim" in unmapped("text", "Promise Broken")
    assert "makes no judgment" in unmapped("text", "Disputed!")
    assert "is not in any table" in unmapped("text", "Mostly Fiction!")
    assert rating_for("text", "Four Pinocchios") is None
    assert unmapped("text", "Four Pinocchios") == (
        "label 'Four Pinocchios' is not in any table of factcheck/formats/labels.py; "
        "add it there, with the page that defines it, to import this row"
    )
    assert "the fever table" in unmapped("fever", "SUPPORTED")


def test_only_known_headings_are_dropped_before_a_label():
    assert label_key("Rating:  Mostly True") == "mostly true"
    assert label_key("Claim: False") == "claim false"  # not a heading: the label is unknown
    assert rating_for("text", "Claim: False") is None
    assert rating_for("text", "Verdict:") is None  # a heading alone is no label


def test_asking_why_a_mapped_label_has_no_rating_is_an_error():
    with pytest.raises(ValueError, match="'Pants on Fire' has a rating in 'politifact': false"):
        unmapped("politifact", "Pants on Fire")


def test_an_unknown_vocabulary_is_an_error_listing_the_known_ones():
    with pytest.raises(KeyError, match="known: politifact, liar"):
        rating_for("gossip", "true")


def test_numbers_map_to_the_ordered_scale_and_back():
    assert [rating_for_number(v) for v in (5, 4, 3, 2, 1)] == list(ORDERED_RATINGS)
    for rating in ORDERED_RATINGS:
        assert rating_for_number(number_for(rating)) is rating
    assert number_for(Rating.MISLEADING) is None
    assert number_for(Rating.UNVERIFIABLE) is None


@pytest.mark.parametrize(
    ("value", "best", "worst"),
    [(-1, 5, 1), (0, 5, 1), (6, 5, 1), (3, 3, 3), (float("nan"), 5, 1), (float("inf"), 5, 1)],
)
def test_a_number_off_its_scale_has_no_rating(value, best, worst):
    assert rating_for_number(value, best, worst) is None


@given(
    st.floats(0, 1),
    st.floats(0, 1),
    st.integers(-10, 10),
    st.integers(1, 100),
    st.booleans(),
)
def test_a_higher_number_never_gives_a_less_true_rating(a, b, worst, span, reversed_scale):
    best = worst + span
    if reversed_scale:  # a scale where lower numbers are better (e.g. best 1, worst 5)
        best, worst = worst, best
    low, high = sorted((a, b))
    lower = rating_for_number(worst + low * (best - worst), best, worst)
    higher = rating_for_number(worst + high * (best - worst), best, worst)
    assert ORDERED_RATINGS.index(higher) <= ORDERED_RATINGS.index(lower)
