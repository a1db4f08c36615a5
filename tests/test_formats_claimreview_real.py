"""Real ClaimReview markup from 35 publishers in 11 languages (tests/data/formats/
claimreview/real, provenance in its SOURCE.md): every item is read, whatever its shape
(JSON-LD, a feed or API response, microdata), and the share whose label is normalized is
measured."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from factcheck.formats import claimreview, cleaning, labels, read
from factcheck.formats.labels import Vocabulary, publisher_tables
from factcheck.model.ratings import Rating

REAL = Path(__file__).parent / "data" / "formats" / "claimreview" / "real"
TODAY = date(2026, 12, 1)
FILES = sorted(p for p in REAL.iterdir() if p.name != "SOURCE.md")

UNMAPPED = Counter(
    {
        "ये तस्वीर अफ्रीका में ग़ुलामों के खरीद-फ़रोख़्त करने वाले की है": 1,  # AFP Hindi: a sentence
        "não_é_bem_assim": 1,  # Aos Fatos: its table has only VERDADEIRO so far
        "Reker hat diesen Satz nie gesagt. «Völliger Unsinn», heißt es dazu aus der "
        "Pressestelle der Stadt Köln.": 1,  # dpa: a sentence with no verdict word
        "The Health Desk Experts said Current data shows that roughly 10% of infected "
        "people do not have measurable antibodies once they recover from COVID-19.": 1,
        "Unreliable Source": 1,  # UnFake.us: a user's annotation, no published scale
        "Inaccurate": 1,  # Climate Feedback: only VERA Files defines it; 1 of 1-5 vetoes it
        "Wrong, for the umpteenth time": 1,  # PolitiFact (API): an article's own wording
        "Exaggerates the number": 1,  # PolitiFact (API): likewise
        "Not really, charts say": 1,  # PolitiFact 2017: likewise
        "C’est plus compliqué": 1,  # Le Monde: no published definition found
    }
)
"""The labels of the real markup that no table maps, each for a reason a table would fix."""


def _declared_items() -> dict[str, int]:
    """The item count SOURCE.md gives each file (``| `file` | … | items | shapes |``)."""
    counts = {}
    for line in (REAL / "SOURCE.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].startswith("`") and re.match(r"\d+", cells[5]):
            counts[cells[0].strip("`")] = int(re.match(r"\d+", cells[5]).group())
    return counts


def _import(path: Path):
    stream = read("claimreview", path, today=TODAY)
    return list(stream), list(stream.problems)


def test_source_md_names_every_file_and_its_items():
    assert set(_declared_items()) == {p.name for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_item_of_every_real_file_is_read(path):
    records, problems = _import(path)
    assert problems == []  # no row is lost, not even for a label no table maps
    assert len(records) == _declared_items()[path.name]


def test_the_share_of_real_items_normalized():
    records = 0
    unmapped: Counter[str] = Counter()
    for path in FILES:
        found, lost = _import(path)
        assert lost == []
        records += len(found)
        for record in found:  # kept, not normalized: the label verbatim, no rating
            if record.verdict.rating is None:
                unmapped[unicodedata.normalize("NFC", record.verdict.label)] += 1
    # 74: 58, AFP Factual's "pilotos" review (afp-factual-all-page.html, SOURCE.md section
    # 6) and the 15 items of section 7 (two API responses, three ClaimReview objects).
    assert records == sum(_declared_items().values()) == 74
    # 86 % (64 of 74): see docs/formats/coverage.md. Fatabyyano's زائف is rated by the
    # publishers' agreement (Bakr Check's table; X-Fact's Misbar map says "false" too); the
    # API's "Missing context" by Meta's general table; 20 Minutes' "really_false" and
    # CORRECTIV's "Völlig falsch." without their intensifier; the Taiwan FactCheck Center's
    # 錯誤 and 證據不足 by its (weak) table.
    assert records - sum(unmapped.values()) == 64
    assert unmapped == Counter({unicodedata.normalize("NFC", k): n for k, n in UNMAPPED.items()})


def _only(path: str):
    (record,) = _import(REAL / path)[0]
    return record


def test_the_awkward_shapes_are_read():
    assert _only("thequint-page.html").claim.text == (  # claimReviewed as a list
        "Last Tweets of Sushant Singh Rajput shared on 14 June"
    )
    assert _only("thip-media-page.html").verdict.reviewer == "Aditi Gangal"  # author by @id
    assert _only("comprova-page.html").verdict.rating == "false"  # "FALSO: As imagens…"
    assert _only("efe-verifica-page.html").verdict.rating == "false"  # "Falso."
    pilots = _only("afp-factual-all-page.html")  # datePublished "2022-06-28 21:14"
    assert (pilots.verdict.rating, pilots.verdict.reviewed) == ("false", date(2022, 6, 28))
    assert pilots.claim.claimant.name == "Varias fuentes"
    assert _only("africacheck-old-page.html").verdict.rating == "false"  # "Incorrect \r"
    (dpa,) = _import(REAL / "datacommons-feeditem-dpa.json")[0]  # a DataFeedItem's item
    assert "Reker hat diesen Satz nie gesagt" in dpa.verdict.label
    assert not dpa.verdict.normalized  # a sentence with no verdict word: kept, not rated
    api, _ = _import(REAL / "factchecktools-claims-search-assam-floods.json")
    assert len(api) == 10
    assert {r.verdict.reviewer for r in api} >= {"Alt News", "FACTLY", "The Quint"}
    assert _only("factchecktools-claim-vishvasnews-urdu.json").verdict.reviewer == (
        "vishvasnews.com"  # the API's publisher has only a site
    )
    assert len(_import(REAL / "newtral-claimreview-api-page.json")[0]) == 2  # {"data": […]}
    # WebPage.mainEntity (an Article) .review: found at depth, its author named
    harvey = _only("climatefeedback-harvey-page.html")
    assert harvey.verdict.reviewer == "Climate Feedback"
    assert harvey.claim.text.startswith("[climate scientists] say that aspects of the case")
    trump, _ = _import(REAL / "factchecktools-claims-search-trump-reinstated.json")
    assert {r.verdict.reviewer for r in trump} == {"PolitiFact", "USA Today", "AFP Fact Check"}
    one_url = [r for r in trump if r.verdict.label.startswith(("Wrong,", "Exaggerates"))]
    assert len({r.id for r in one_url}) == 2  # one article, two claims: two records
    sinhala = _only("factcrescendo-srilanka-claimreview.json")  # author: only a URL
    assert sinhala.verdict.reviewer == "srilanka.factcrescendo.com"
    assert sinhala.verdict.rating == "misleading"
    full_fact = _import(REAL / "fullfact-page.html")[0]  # two scripts, two claims, one URL
    assert [r.verdict.rating for r in full_fact] == ["true", "true"]  # "Correct. This was…"
    assert len({r.id for r in full_fact}) == 2


AFP = sorted(p for p in FILES if p.name.startswith("afp-"))


@pytest.mark.parametrize("path", AFP, ids=lambda p: p.name)
def test_afp_s_itemreviewed_url_is_an_appearance_of_the_claim(path):
    # AFP gives the post that made the claim as itemReviewed.url, not as an appearance
    (item,) = claimreview._page_items(path.read_text("utf-8"))
    source = item["itemReviewed"]["url"]
    (record,), _ = _import(path)
    if cleaning.url(source) is None:  # AFP Hindi's: a Facebook URL of 2,194 characters
        assert len(source) > cleaning.URL_MAX_LENGTH
        assert record.claim.appearances == ()
        return
    (appearance,) = [a for a in record.claim.appearances if a.url == source]
    assert appearance.publisher == re.sub(r"^www\.", "", source.split("/")[2])
    assert appearance.published == record.claim.date  # the item's datePublished


def test_an_afp_appearance_as_its_page_gives_it():
    (record,), _ = _import(REAL / "afp-checamos-page.html")
    (appearance,) = record.claim.appearances
    assert (appearance.url, appearance.publisher, appearance.published, appearance.title) == (
        "https://twitter.com/CatinhaZen/status/1266839666889809923",
        "twitter.com",
        date(2020, 5, 30),
        None,  # a CreativeWork with no headline or name
    )


def test_microdata_pages_are_read():
    """Snopes (2017) and UnFake.us wrote ClaimReview as microdata, with no JSON-LD."""
    stem_cells = _only("snopes-stemcells-microdata.html")
    assert stem_cells.verdict.reviewer == "Snopes"
    assert (stem_cells.verdict.label, stem_cells.verdict.rating) == ("Mostly True", "mostly-true")
    assert stem_cells.verdict.reviewed == date(2016, 12, 8)
    assert stem_cells.claim.text.startswith("During pregnancy, if the mother suffers organ")
    assert _only("snopes-jimmyjohn-microdata.html").verdict.rating == "true"  # label "true"
    annotation = _only("unfake-us-microdata.html")
    assert annotation.verdict.reviewer == "UnFake.us user vinay"
    assert annotation.verdict.label == "Unreliable Source"
    assert not annotation.verdict.normalized


def test_a_borrowed_label_is_not_used_against_the_reviews_own_numbers():
    # "Inaccurate" is rated mostly-true only through VERA Files' table (the publishers'
    # agreement); this Climate Feedback review, headlined "Rush Limbaugh falsely claims…",
    # gives it 1 on its own 1-5 scale: the row is kept, with its label, not normalized.
    record = _only("climatefeedback-limbaugh-page.html")
    assert record.verdict.label == "Inaccurate"
    assert record.verdict.rating is None


def test_numbers_do_not_decide_on_an_undocumented_scale():
    # Lupa wrote 4 of 6 with "Falso" (mixed, read as a number on a 1–6 scale); Animal
    # Político 2 of 7 with "Falso". The label decides.
    assert _only("lupa-page.html").verdict.rating == "false"
    assert _only("animalpolitico-page.html").verdict.rating == "false"


def test_a_documented_numeric_scale_decides_when_the_label_does_not(monkeypatch):
    scale = Vocabulary(
        "numbered",
        "A publisher that documents its numbers",
        "https://numbered.example/ratings",
        {"Pinocchio": Rating.FALSE},
        publisher="numbered",
        languages=("en",),
        hosts=("numbered.example",),
        numeric={"bestRating": 1, "worstRating": 4, "values": {"1": "true", "4": "false"}},
    )
    tables = {**labels._all_tables(), "numbered": scale}
    monkeypatch.setattr(labels, "_all_tables", lambda: tables)
    item = {
        "@type": "ClaimReview",
        "claimReviewed": "A claim.",
        "author": {"name": "Numbered", "url": "https://numbered.example/"},
        "reviewRating": {"ratingValue": 4, "bestRating": 1, "worstRating": 4},
    }
    assert publisher_tables([], ["https://numbered.example/"]) == (scale,)
    record = claimreview.record_from(item, today=TODAY, origin="t")
    assert record["verdict"]["rating"] == "false"  # 4 is its worst, "lower is truer"
    other = {**item, "reviewRating": {"ratingValue": 4, "bestRating": 5, "worstRating": 1}}
    assert "rating" not in claimreview.record_from(other, today=TODAY, origin="t")["verdict"]
    stranger = {**item, "author": {"name": "Someone else"}}
    kept = claimreview.record_from(stranger, today=TODAY, origin="t")
    assert kept["verdict"] == {"label": "4", "reviewer": "Someone else"}  # not normalized
    assert json.dumps(record)  # a plain record dict


def test_the_label_coverage_page_shows_what_the_importer_does():
    """docs/formats/coverage.md is built from the same files: its figures are the importer's."""
    hooks = _docs_hooks()
    rows = {row["file"]: row for row in hooks.label_coverage_rows()}
    assert set(rows) == {p.name for p in FILES}
    for path in FILES:
        records, problems = _import(path)
        row = rows[path.name]
        rated = [r for r in records if r.verdict.rating is not None]
        assert (row["rows"], row["normalized"]) == (len(records) + len(problems), len(rated))
        assert row["publisher"] != "?" and row["language"] != "?", path.name
    page = unicodedata.normalize("NFC", hooks._label_coverage())
    total = sum(r["rows"] for r in rows.values())
    done = sum(r["normalized"] for r in rows.values())
    assert f"**{done} of {total} rows" in page
    for label in UNMAPPED:
        assert unicodedata.normalize("NFC", " ".join(label.split())) in page
    assert "<!-- factcheck:label-coverage -->" in (DOCS / "formats" / "coverage.md").read_text()


DOCS = Path(__file__).parent.parent / "docs"


def _docs_hooks():
    import importlib.util
    import sys

    if "_docs_hooks" not in sys.modules:
        spec = importlib.util.spec_from_file_location("_docs_hooks", DOCS / "hooks.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["_docs_hooks"] = module
        spec.loader.exec_module(module)
    return sys.modules["_docs_hooks"]
