"""The research tier: X-Fact's per-site label maps, traceable, and below the publishers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from factcheck.formats import claimreview
from factcheck.formats.label_map import read_label_map
from factcheck.formats.labels import (
    VOCABULARIES,
    label_key,
    publisher_tables,
    rating_for,
    review_lookup,
    review_source,
    review_unmapped,
)
from factcheck.formats.research_labels import (
    RESEARCH,
    RESEARCH_TABLES,
    load_research_tier,
    research_agreed,
    research_tables,
    research_tier,
)
from factcheck.model.ratings import Rating

TODAY = date(2026, 12, 1)
TIER = research_tier()
ENTRIES = [entry for entries in TIER.entries.values() for entry in entries]
ROOT = Path(__file__).resolve().parent.parent
X_FACT = Path("/work/.mirror/utahnlp+x-fact/repo")  # a clone, where this machine has one


def _review(label: str, url: str, author: str = "Someone") -> dict:
    return {
        "@type": "ClaimReview",
        "claimReviewed": "A claim.",
        "url": url,
        "author": {"@type": "Organization", "name": author},
        "reviewRating": {"@type": "Rating", "alternateName": label},
    }


def _url(table: str) -> str:
    return f"https://{RESEARCH[table].hosts[0]}/some/check/"


def test_the_tier_names_its_source_licence_and_citation():
    assert TIER.name == "X-Fact" and TIER.repository == "https://github.com/utahnlp/x-fact"
    assert re.fullmatch(r"[0-9a-f]{40}", TIER.commit)
    assert TIER.licence == "MIT" and TIER.licence_text.startswith("MIT License")
    assert "Copyright (c) 2021 Utah NLP" in TIER.licence_text
    assert TIER.citation.startswith("@inproceedings{gupta2021xfact,")
    assert "Gupta, Ashim and Srikumar, Vivek" in TIER.citation
    assert len(RESEARCH) == len(TIER.tables) >= 30
    for table in TIER.tables:
        assert table.source == (
            f"{TIER.repository}/blob/{TIER.commit}/{TIER.entries[table.name][0].file}"
        )
        assert table.hosts and not table.publisher  # not a publisher table: its own tier
        assert table.name not in VOCABULARIES


def test_every_entry_follows_the_documented_mapping_of_x_fact_s_english_labels():
    data = json.loads(RESEARCH_TABLES.read_text("utf-8"))
    assert {site["file"] for site in data["sites"]} == {
        f"data/x-fact/label_maps/{site['site']}.txt" for site in data["sites"]
    }
    for entry in ENTRIES:
        mapped = TIER.english[entry.english.lower()]
        shown = (
            entry.rating.value if isinstance(entry.rating, Rating) else f"no rating: {entry.rating}"
        )
        assert shown == mapped, entry
        assert entry.english.lower() not in TIER.english_left_out
        assert len(entry.label.split()) <= data["sentence_words"]  # sentences are left out
    for site in data["sites"]:
        for left in site["left_out"]:
            assert left["why"] and isinstance(left["line"], int), (site["site"], left)


def test_no_research_table_lists_a_label_twice():
    for table in TIER.tables:
        assert len(table.keys) == len(table.labels), table.name


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.table}:{e.line}")
def test_each_entry_resolves_to_its_own_rating_through_the_one_normaliser(entry):
    table = RESEARCH[entry.table]
    for written in (
        entry.label,
        entry.label.upper(),
        f" {entry.label}. ",
        f"Verdict: {entry.label}",
    ):
        written = unicodedata.normalize("NFD", written)
        assert table.lookup(written) == entry.rating, written
    url = _url(entry.table)
    tables = (*publisher_tables([], [url]), *research_tables([url]))
    mine = [t for t in tables if t.publisher and t.lookup(entry.label) is not None]
    expected = mine[0].lookup(entry.label) if mine else entry.rating  # the publisher's first
    assert review_lookup(entry.label, tables) == expected
    record = claimreview.record_from(_review(entry.label, url), today=TODAY, origin="t")
    rating = record["verdict"].get("rating")
    assert rating == (expected.value if isinstance(expected, Rating) else None), entry


def test_a_publisher_s_table_wins_over_the_research_table_of_its_site():
    url = "https://pagellapolitica.it/fact-checking/x"
    assert RESEARCH["xfact-pagellapolitica.it"].lookup("Pinocchio andante") is Rating.FALSE
    record = claimreview.record_from(_review("Pinocchio andante", url), today=TODAY, origin="t")
    assert record["verdict"]["rating"] == "mostly-false"  # Pagella Politica's own definition
    overlaps = 0
    for table in TIER.tables:
        url = _url(table.name)
        for publisher in publisher_tables([], [url]):
            for key in publisher.keys.keys() & table.keys.keys():
                overlaps += 1
                label = table.keys[key]
                own = review_lookup(label, (publisher,))
                record = claimreview.record_from(_review(label, url), today=TODAY, origin="t")
                assert record["verdict"].get("rating") == (
                    own.value if isinstance(own, Rating) else None
                ), (publisher.name, table.name, label)
    assert overlaps >= 10


def test_the_research_table_of_the_site_decides_before_the_fallbacks():
    misbar = "https://misbar.com/factcheck/2021/01/01/x"
    assert rating_for("text", "مضلل") is None  # one site, through X-Fact's "deceptive"
    record = claimreview.record_from(_review("مضلل", misbar), today=TODAY, origin="t")
    assert record["verdict"]["rating"] == "misleading"
    teyit = research_tables(["https://teyit.org/analiz/x"])
    assert review_lookup("Karma", teyit) is Rating.MIXED
    assert rating_for("text", "Karma") is None  # an idiom of one site: not for others
    assert review_source("Karma", teyit) == "xfact-teyit.org"
    assert review_unmapped("Karma") == (
        "label 'Karma' is only in the research table(s) xfact-teyit.org, which decide for "
        "their own site; add it to publisher_labels.json, with the page that defines it, or "
        "to --label-map, to import this row normalized"
    )


def test_a_users_label_map_wins_over_the_research_tier(tmp_path):
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"publishers": {"misbar.com": {"مضلل": "mostly-false"}}}))
    item = _review("مضلل", "https://misbar.com/factcheck/x")
    record = claimreview.record_from(item, today=TODAY, origin="t", labels=read_label_map(path))
    assert record["verdict"]["rating"] == "mostly-false"


def test_research_labels_join_the_fallback_only_by_the_documented_rule():
    agreed = research_agreed()
    assert rating_for("text", "Keliru") is Rating.FALSE  # X-Fact's "false", a general label
    assert review_source("Keliru") == "research agreement"
    assert (
        rating_for("text", "Doğru") is Rating.TRUE and rating_for("text", "YANLIŞ") is Rating.FALSE
    )
    assert label_key("pinocchio andante") not in agreed  # an idiom filed by class, one site
    assert label_key("karma") not in agreed
    assert rating_for("text", "misplaced context") is Rating.MISLEADING  # two sites agree
    # a label the publishers define is theirs: Exagerado is mostly-false in their tables,
    # misleading in X-Fact's four maps
    assert rating_for("text", "Exagerado") is Rating.MOSTLY_FALSE
    assert review_source("Exagerado") == "publishers' agreement"
    publisher_keys = {key for table in VOCABULARIES.values() for key in table.keys}
    assert not publisher_keys & set(agreed)
    for key, rating in agreed.items():
        listed = {e.rating for e in ENTRIES if label_key(e.label) == key}
        assert listed == {rating}, key


def test_a_review_finds_its_site_s_research_table_by_host():
    assert [t.name for t in research_tables(["https://www.misbar.com/x"])] == ["xfact-misbar.com"]
    assert [t.name for t in research_tables(["https://en.politifact.com/x"])] == [
        "xfact-en.politifact.com",
        "xfact-politifact.com",
    ]
    assert research_tables(["https://notmisbar.com/x", "https://misbar.com.evil.example/"]) == ()
    assert research_tables(["http://[::1/x", "", "not a url"]) == ()


def test_a_malformed_tier_file_is_refused(tmp_path):
    data = json.loads(RESEARCH_TABLES.read_text("utf-8"))
    data["sites"][0]["labels"] = [{"label": "x", "english": "x", "rating": "sort of", "line": 1}]
    path = tmp_path / "research.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="no rating nor a reason"):
        load_research_tier(path)
    data["sites"][0]["labels"][0]["rating"] = "false"
    del data["sites"][0]["file"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="malformed research tier"):
        load_research_tier(path)


@pytest.mark.skipif(not X_FACT.is_dir(), reason="no clone of utahnlp/x-fact on this machine")
def test_the_data_file_is_what_the_script_makes_from_x_fact_and_each_line_is_there():
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "research_labels.py"),
            "--repo",
            str(X_FACT),
            "--commit",
            TIER.commit,
            "--check",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for file in {entry.file for entry in ENTRIES}:
        shown = subprocess.run(
            ["git", "-C", str(X_FACT), "show", f"{TIER.commit}:{file}"],
            capture_output=True,
            check=True,
        )
        lines = shown.stdout.decode("utf-8").splitlines()
        for entry in (e for e in ENTRIES if e.file == file):
            raw, _, english = lines[entry.line - 1].partition("\t")
            assert (raw.strip(), english.strip()) == (entry.label, entry.english), entry


def test_the_coverage_page_counts_the_rows_each_tier_normalized():
    import importlib.util

    spec = importlib.util.spec_from_file_location("_hooks_research", ROOT / "docs" / "hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    rows = hooks.label_coverage_rows()
    assert rows
    for row in rows:
        assert sum(row["tiers"].values()) == row["normalized"], row["file"]
        assert set(row["tiers"]) <= set(hooks.TIERS)
    by_file = {row["file"]: row["tiers"] for row in rows}
    assert by_file["fatabyyano-page.html"] == {"publishers' agreement": 1}  # زائف, Bakr Check
    assert by_file["comprova-page.html"] == {"publisher's table": 1}
    page = hooks._label_coverage()
    assert "### By tier" in page and "| research agreement | " in page
