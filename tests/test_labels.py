"""The rating mapping table: one rating per label, loose matching, numbers both ways."""

from __future__ import annotations

import itertools
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.formats import labels
from factcheck.formats.labels import (
    TEXT_VOCABULARIES,
    VOCABULARIES,
    label_key,
    load_publisher_tables,
    number_for,
    publisher_tables,
    rating_for,
    rating_for_number,
    review_lookup,
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
        "label 'Four Pinocchios' is not in any table of factcheck/formats/labels.py or "
        "publisher_labels.json; "
        "add it there, with the page that defines it, to import this row"
    )
    assert "the fever table" in unmapped("fever", "SUPPORTED")


def test_only_known_headings_are_dropped_before_a_label():
    assert label_key("Rating:  Mostly True") == "mostly true"
    assert label_key("Claim: False") == "claim false"  # not a heading: the label is unknown
    assert label_key("Claim: it is false") == "claim"  # a sentence: its first word, unknown
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


# -- the publishers' tables and the one normaliser -------------------------------------------

PUBLISHER = [table for table in VOCABULARIES.values() if table.publisher]
EVERY_LABEL = [(table.name, label) for table in VOCABULARIES.values() for label in table.labels]


def test_the_bundled_publisher_tables_load_and_are_complete():
    tables = load_publisher_tables()
    assert len(tables) == len(PUBLISHER) >= 50
    assert len({table.name for table in tables}) == len(tables)
    for table in tables:
        assert table.source.startswith(("https://", "http://")), table.name
        assert table.languages and table.title and (table.authors or table.hosts), table.name
        assert set(table.definitions) == set(table.labels), table.name
        if table.valid_from and table.valid_to:
            assert table.valid_from <= table.valid_to, table.name
        assert table.numeric is None or set(table.numeric) == {
            "bestRating",
            "worstRating",
            "values",
        }, table.name


def _variants():
    """A label as the markup may write it: case, slugs, apostrophes, spaces, entities."""
    return st.sampled_from(
        [
            str.upper,
            str.lower,
            str.title,
            lambda s: s.replace(" ", "_"),
            lambda s: s.replace(" ", "-"),
            lambda s: s.replace("'", "’").replace("’", "'"),
            lambda s: unicodedata.normalize("NFD", s),
            lambda s: s.replace(" ", "\u00a0"),
        ]
    )


@settings(max_examples=400)
@given(
    st.sampled_from(EVERY_LABEL),
    st.lists(_variants(), max_size=3, unique=True),
    st.booleans(),
    st.sampled_from(["{}", "  {} \r", "{}.", "Verdict: {}", "Rating:  {}."]),
)
def test_every_key_of_every_table_resolves_to_its_own_rating(entry, changes, escaped, frame):
    """ClaimsKG's table could never match 40 of its 76 keys: here a key and every way the
    markup writes it go through the same normaliser, so each finds its own entry."""
    name, label = entry
    table = VOCABULARIES[name]
    written = label
    for change in changes:
        written = change(written)
    if escaped:  # pages HTML-escape the text as written (entity names are case-sensitive)
        written = written.replace("'", "&#039;").replace("’", "&rsquo;")
    written = frame.format(written)
    assert table.lookup(written) == table.labels[label], (label, written)
    if table.publisher:  # and a review of that publisher finds it, whatever else is loaded
        assert review_lookup(written, (table,)) == table.labels[label]


def test_no_two_tables_of_one_publisher_disagree_where_their_dates_overlap():
    def overlap(a, b):
        start = max(a.valid_from or date.min, b.valid_from or date.min)
        return start <= min(a.valid_to or date.max, b.valid_to or date.max)

    for a, b in itertools.combinations(PUBLISHER, 2):
        if a.publisher != b.publisher or not overlap(a, b):
            continue
        for key in a.keys.keys() & b.keys.keys():
            assert a.labels[a.keys[key]] == b.labels[b.keys[key]], (a.name, b.name, key)


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("não_é_bem_assim", "não é bem assim"),
        ("really_false", "really false"),
        ("C’eri quasi", "c eri quasi"),
        ("C&#039;eri quasi", "c eri quasi"),
        ("Ｆａｌｓｏ", "falso"),  # full-width forms, NFKC
        ("Incorrect \r", "incorrect"),
        ("Falso.", "falso"),
        ("FALSO: As imagens foram retiradas do canal", "falso"),
        ("Misleading - the photo is from 2015", "misleading"),
        ("mostly-true", "mostly true"),
        ("نیمه\u200cدرست", "نیمه درست"),  # the zero-width non-joiner separates
        ("सही सूचना", "सही सूचना"),  # Devanagari vowel signs are letters' marks, kept
        ("Größtenteils richtig", "grösstenteils richtig"),
        ("ASILSIZ HABER", "asilsiz haber"),  # upper-casing loses the dotless ı
        ("Asılsız haber", "asilsiz haber"),
        ("İYİ", "iyi"),  # dotted capital İ case-folds to i and a combining dot
    ],
)
def test_label_key_is_one_normal_form(label, key):
    assert label_key(label) == key


def test_a_review_uses_its_publishers_table_for_the_dates_it_holds():
    (lupa,) = publisher_tables(["Agência Lupa"], day=date(2024, 3, 1))
    assert lupa.name == "lupa"
    assert [t.name for t in publisher_tables([], ["https://piaui.folha.uol.com.br/lupa/x"])] == [
        "lupa"
    ]
    assert publisher_tables([], ["https://piaui.folha.uol.com.br/other/"]) == ()
    assert publisher_tables(["Agência Lupa"], day=date(2020, 8, 31)) == ()  # before its scale
    assert {t.name for t in publisher_tables([], ["https://correctiv.org/faktencheck/x"])} == {
        "correctiv",
        "correctiv-pre2024",
    }
    assert review_lookup("Falta contexto", (lupa,)) is Rating.MISLEADING


def test_a_label_publishers_disagree_on_is_not_rated_for_a_third():
    assert review_lookup("不正確", publisher_tables(["日本ファクトチェックセンター"])) is (
        Rating.MOSTLY_FALSE
    )
    assert review_lookup("不正確", publisher_tables(["ファクトチェック・イニシアティブ"])) is (
        Rating.MIXED
    )
    assert rating_for("text", "不正確") is None
    assert "means different ratings to different publishers" in unmapped("text", "不正確")
    assert rating_for("text", "Falso") is Rating.FALSE  # every table that defines it agrees
    assert rating_for("text", "Falsch") is Rating.FALSE  # Faktenforum defines it


def test_a_publishers_own_reason_for_no_rating_is_not_overruled():
    vera = publisher_tables(["VERA Files"])
    assert review_lookup("Flip-Flop", vera) == (
        "flags a change of stance by a public figure, not a claim's truth"
    )


@pytest.mark.parametrize(
    ("names", "url", "label", "rating"),
    [
        ([], "https://www.aap.com.au/factcheck/some-check/", "Mixture", Rating.MIXED),
        (["AAP FactCheck"], "", "Unproven", Rating.UNVERIFIABLE),
        ([], "https://www.fact-checkghana.com/x/", "True but misleading", Rating.MISLEADING),
        ([], "https://demagog.org.pl/wypowiedzi/x/", "Manipulacja", Rating.MISLEADING),
        (
            [],
            "https://elheraldo.hn/elheraldoplus/factchecking/x",
            "Verdad a medias",
            Rating.MISLEADING,
        ),
        (
            [],
            "https://www.liputan6.com/cek-fakta/read/1/x",
            "Konten Menyesatkan",
            Rating.MISLEADING,
        ),
        (["Climate Feedback"], "", "Accurate", Rating.TRUE),
        (["HKBU Fact Check"], "", "Partially False", Rating.MIXED),
        ([], "https://balobakicheck.com/en/x/", "Partially untrue", Rating.MIXED),
        (["Balobaki Check"], "", "Out of context", Rating.MISLEADING),
        (
            [],
            "https://www.bridgemi.com/michigan-truth-squad/x",
            "MOSTLY INACCURATE",
            Rating.MOSTLY_FALSE,
        ),
        (["Michigan Truth Squad"], "", "Half Accurate", Rating.MIXED),
        ([], "http://www.bamafactcheck.com/x", "A big fat one", Rating.FALSE),
        (["Bama Fact Check"], "", "Truth, but not the whole truth", Rating.MISLEADING),
        ([], "https://211check.org/x/", "Exaggerated", Rating.MISLEADING),
        (["211 Check"], "", "Hoax", Rating.FALSE),
        ([], "https://www.verificat.cat/es/x", "Verdad a medias", Rating.MISLEADING),
        (["Verificat"], "", "No comprobable", Rating.UNVERIFIABLE),
        ([], "https://larepublica.pe/verificador/2023/x", "Impreciso", Rating.UNVERIFIABLE),
        ([], "https://www.faktenforum.org/x", "Irreführend", Rating.MISLEADING),
        (["Faktenforum"], "", "Falsch", Rating.FALSE),
        ([], "https://turnbackhoax.id/2023/01/01/x/", "Hoaks", Rating.FALSE),
        (["Mafindo"], "", "False Context", Rating.MISLEADING),
        ([], "https://teyit.org/analiz/x", "Bağlamdan koparma", Rating.MISLEADING),
        (["Teyit"], "", "ASILSIZ HABER", Rating.FALSE),
        ([], "https://localvoicesliberia.com/x/", "Partially Correct", Rating.MIXED),
        (["Local Voices Liberia"], "", "Exaggerated", Rating.MISLEADING),
        ([], "https://www.divergentes.com/fact-checking/x/", "Poco confiable", Rating.MOSTLY_FALSE),
        (["Divergentes"], "", "Datos escasos", Rating.UNVERIFIABLE),
    ],
)
def test_a_review_finds_the_new_publishers_tables(names, url, label, rating):
    tables = publisher_tables(names, [url] if url else [])
    assert tables, (names, url)
    assert review_lookup(label, tables) is rating


def test_a_newspaper_s_other_sections_are_not_its_fact_check_desk():
    assert publisher_tables([], ["https://elheraldo.hn/deportes/x"]) == ()
    assert publisher_tables([], ["https://www.liputan6.com/news/read/1/x"]) == ()
    assert publisher_tables([], ["https://www.bridgemi.com/michigan-government/x"]) == ()
    assert publisher_tables([], ["https://larepublica.pe/politica/2023/x"]) == ()
    assert publisher_tables([], ["https://www.divergentes.com/opinion/x/"]) == ()


@pytest.mark.parametrize(
    ("names", "url", "label", "rating"),
    [
        ([], "https://www.profil.at/faktiv/faktencheck-x/402000000", "Fiktiv", Rating.FALSE),
        (["faktiv"], "", "Größtenteils falsch", Rating.MOSTLY_FALSE),
        ([], "https://www.fakticke.info/x/", "Falešný nadpis / clickbait", Rating.MISLEADING),
        (["Faktické.info"], "", "Částečně nepravdivé", Rating.MIXED),
        (["Faktické.info"], "", "MANIPULACE", Rating.MISLEADING),
        ([], "https://faktabaari.fi/fakta/x/", "50/50", Rating.UNVERIFIABLE),
        (["Faktabaari"], "", "Väärin", Rating.FALSE),
    ],
)
def test_the_austrian_czech_and_finnish_tables_rate_their_labels(names, url, label, rating):
    tables = publisher_tables(names, [url] if url else [])
    assert tables, (names, url)
    assert review_lookup(label, tables) is rating


def test_a_category_of_several_names_is_found_under_each_and_a_story_format_is_not_rated():
    (fakticke,) = publisher_tables(["Faktické.info"])
    for name in ("Nepravda / falešný citát / hoax", "Nepravda", "Falešný citát", "Hoax"):
        assert review_lookup(name, (fakticke,)) is Rating.FALSE
    assert "narrative" in review_lookup("Mýtus", (fakticke,))
    assert publisher_tables([], ["https://www.profil.at/wirtschaft/x"]) == ()


def test_an_intensifier_before_any_table_label_keeps_its_rating():
    # Every label of every table, strengthened by each intensifier, rates as the label
    # does, unless the strengthened form is itself a label some table defines.
    checked = 0
    for table in labels.VOCABULARIES.values():
        for label, rating in table.labels.items():
            if not isinstance(rating, Rating) or " " in labels.label_key(label):
                continue
            for word in ("völlig", "Totalmente", "really_", "COMPLETELY"):
                strong = f"{word} {label}"
                if labels.review_lookup(f"{label}") != rating:
                    break  # a label other tables rate differently: not this test's case
                if labels._review_lookup(strong, ()) is None:
                    assert labels.review_lookup(strong) == rating, strong
                    checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("label", "rating"),
    [
        ("Völlig falsch.", "false"),
        ("really_false", "false"),
        ("Totalmente falso", "false"),
        ("Very misleading", "misleading"),
        ("completely", None),  # an intensifier alone is no label
        ("Größtenteils falsch", "mostly-false"),  # a hedge is kept: it changes the rating
        ("really not true", "false"),  # the negation stays: "not true" is false
    ],
)
def test_intensifiers_only_strengthen(label, rating):
    found = labels.review_lookup(label)
    assert (str(found) if isinstance(found, Rating) else None) == rating
