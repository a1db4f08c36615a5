"""The docs site's page per verdict and corrections log: complete, linked, and inert.

``docs/dataset_cards.py`` writes them from the working copy; the JSON-LD each page embeds is
the record's item of ``Dataset.to_claimreview()``, and hostile values in a record reach the
page as text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import factcheck
from factcheck.escaping import json_ld, terminal
from factcheck.model.manifest import Changes, Manifest

from .test_docs import _docs_module
from .test_hostile_outputs import (
    _HOSTILE_TEXT,
    HOSTILE,
    _Elements,
    _no_raw_controls,
    _site_markdown,
)

ROOT = Path(__file__).resolve().parents[1]
IRAQ = ROOT / "datasets" / "iraq-2020"
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["site_url"]


def _cards():
    return _docs_module("dataset_cards")


@pytest.fixture(scope="module")
def iraq():
    return _cards().read_dataset(IRAQ)


def _json_ld(page: str) -> list[Any]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


# -- the dataset names its pages ---------------------------------------------------------------


def test_dataset_json_names_the_addresses_the_site_gives_its_pages(iraq):
    cards = _cards()
    assert iraq.info["site"] == cards.card_url(SITE_URL, "iraq-2020")
    assert iraq.info["record_page"] == cards.page_template(SITE_URL, "iraq-2020")
    assert iraq.info["record_page"] == (
        "https://factcheck-datasets.github.io/factcheck/datasets/iraq-2020/claims/{id}/"
    )


def test_a_dataset_json_naming_other_pages_than_the_site_s_is_a_build_warning(iraq, caplog):
    from types import SimpleNamespace

    cards = _cards()
    other = cards.DatasetDocs(
        "iraq-2020", {**iraq.info, "record_page": "https://x.org/{id}"}, [], []
    )
    config = SimpleNamespace(site_url=SITE_URL, use_directory_urls=True)
    with caplog.at_level("WARNING", logger="mkdocs.plugins.factcheck"):
        cards._check_site(other, config)
        cards._check_site(iraq, config)
    (warning,) = caplog.records
    assert "record_page is 'https://x.org/{id}', but this site publishes it at" in (
        warning.getMessage()
    )


# -- every record has a page, and the card links it ----------------------------------------------


def test_every_record_of_the_working_copy_has_a_page_the_card_links(iraq):
    cards = _cards()
    ids = [path.stem for path in sorted((IRAQ / "records").glob("*.json"))]
    assert list(cards.pages_of(iraq)) == ids
    card = cards.render_card(iraq)
    for record_id in ids:
        assert f"](iraq-2020/claims/{record_id}.md)<br><code>" in card
        assert cards.verdict_uri("iraq-2020", record_id) == (
            f"datasets/iraq-2020/claims/{record_id}.md"
        )
    assert "[corrections log](iraq-2020/corrections.md)" in card


def test_a_record_whose_id_is_not_a_slug_gets_no_page_and_no_link(record):
    cards = _cards()
    record["id"] = "../../../index"
    data = cards.DatasetDocs("demo", {}, [record], [])
    assert cards.pages_of(data) == {}
    assert "claims/" not in cards.render_card(data)


def test_the_json_ld_of_every_page_is_the_record_s_exported_claimreview(iraq):
    cards = _cards()
    exported = {i["identifier"]: i for i in factcheck.load("iraq-2020", "dev").to_claimreview()}
    for record_id, record in cards.pages_of(iraq).items():
        (item,) = _json_ld(cards.render_verdict(iraq, record))
        assert item == exported[record_id]
        assert item["url"] == f"{SITE_URL}datasets/iraq-2020/claims/{record_id}/"


def test_a_verdict_page_shows_the_claim_verdict_sources_quotes_history_and_citation(iraq):
    cards = _cards()
    record = cards.pages_of(iraq)["us-withdrawing-from-iraq"]
    page = _site_markdown(cards.render_verdict(iraq, record))
    _assert_inert_page(page)
    text = " ".join("".join(_Elements(page).text).split())
    assert "The US military is withdrawing from Iraq." in text
    assert "false The claim is inaccurate." in text
    assert "The reviewer's label: False" in text
    assert "(social)" in text and "2020-01-06" in text and "paraphrase" in text
    assert "syndicated from Reuters · 2020-01-06 · stance: refutes" in text
    sources = record["evidence"] + record["claim"]["appearances"]
    links = {a["href"] for tag, a in _Elements(page).elements if tag == "a"}
    for source in sources:
        assert source["url"] in links
        assert " ".join(source["quote"].split()) in text
    assert page.count("<blockquote>") == len(sources)
    for entry in record["history"]:
        assert " ".join(entry["note"].split()) in text
    page_url = f"{SITE_URL}datasets/iraq-2020/claims/us-withdrawing-from-iraq/"
    assert f'<a href="{page_url}">{page_url}</a>' in page
    assert "@misc{factcheck_iraq_2020," in text
    assert '<a href="../../iraq-2020.md">' in page  # mkdocs turns it into the card's address


def test_the_built_site_has_every_verdict_page_at_its_record_page_address(tmp_path, iraq):
    pytest.importorskip("mkdocstrings", reason="the docs extra builds the site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    path = urlsplit(iraq.info["record_page"]).path.removeprefix(urlsplit(SITE_URL).path)
    for record_id in _cards().pages_of(iraq):
        page = (tmp_path / path.replace("{id}", record_id) / "index.html").read_text("utf-8")
        (item,) = _json_ld(page)
        assert item["identifier"] == record_id
        assert item["url"] == iraq.info["record_page"].replace("{id}", record_id)
    card = (tmp_path / "datasets" / "iraq-2020" / "index.html").read_text("utf-8")
    assert 'href="claims/us-withdrawing-from-iraq/"' in card
    log = (tmp_path / "datasets" / "iraq-2020" / "corrections" / "index.html").read_text("utf-8")
    assert 'href="../claims/' in log
    nav = (tmp_path / "index.html").read_text("utf-8")
    assert "iraq-2020: corrections" in nav and "iraq-2020/claims/" not in nav  # not in the sidebar


# -- the corrections log ---------------------------------------------------------------------


def _entry(day: str, change: str, note: str) -> dict[str, str]:
    return {"date": day, "change": change, "note": note}


def test_the_corrections_log_lists_corrections_newest_first_and_removed_records(record):
    cards = _cards()
    other = json.loads(json.dumps(record))
    other["id"] = "other-claim"
    record["history"] = [
        _entry("2020-01-07", "created", "First published."),
        _entry("2020-02-01", "corrected", "Fixed a date."),
        _entry("2020-03-01", "updated", "Added a source."),
    ]
    other["history"] = [
        _entry("2020-01-08", "created", "First published."),
        _entry("2020-04-01", "rerated", "Now false."),
    ]
    removed = Manifest(
        name="demo",
        version="2.0.0",
        released=date(2020, 5, 1),
        schema_version="1.1",
        records=2,
        ratings={},
        previous="1.0.0",
        files={},
        changes=Changes(removed=("gone-claim",)),
    )
    data = cards.DatasetDocs("demo", {"title": "Demo"}, [record, other], [removed])
    assert cards.corrections(data) == [
        ("2020-04-01", "other-claim", "rerated", "Now false."),
        ("2020-02-01", "us-withdrawing-from-iraq", "corrected", "Fixed a date."),
    ]
    log = cards.render_corrections(data)
    claim = record["claim"]["text"]
    assert log.index(
        f"- **2020-04-01**, rerated: [{claim}](claims/other-claim.md) (<code>other-claim</code>)"
        "<br>Now false."
    ) < log.index(
        f"- **2020-02-01**, corrected: [{claim}](claims/us-withdrawing-from-iraq.md) "
        "(<code>us-withdrawing-from-iraq</code>)<br>Fixed a date."
    )
    assert "Added a source" not in log
    assert "**2.0.0**, released 2020-05-01 (from 1.0.0): <code>gone-claim</code>" in log
    _assert_inert_page(_site_markdown(log), scripts=0)


def test_the_corrections_log_holds_every_correction_of_the_working_copy(iraq):
    cards = _cards()
    log = cards.render_corrections(iraq)
    count = 0
    for record in iraq.records:
        for entry in record["history"]:
            if entry["change"] in ("corrected", "rerated"):
                count += 1
                assert f"(claims/{record['id']}.md)" in log
    assert count and len(cards.corrections(iraq)) == count
    days = [day for day, *_ in cards.corrections(iraq)]
    assert days == sorted(days, reverse=True)


# -- hostile values ------------------------------------------------------------------------------

_PAGE_TAGS = {
    *("h1", "h2", "h3", "p", "a", "code", "strong", "em", "br", "span", "div", "pre"),
    *("table", "thead", "tbody", "tr", "th", "td", "blockquote", "script", "ul", "li"),
}
"""What a verdict page is made of: one script (the JSON-LD), no image, frame, form or style."""


def _assert_inert_page(page: str, *, scripts: int = 1) -> None:
    """No element, attribute or link in ``page`` that data could have made active; exactly
    ``scripts`` scripts, each a JSON-LD block."""
    _no_raw_controls(page)
    found = 0
    for tag, attrs in _Elements(page).elements:
        assert tag in _PAGE_TAGS, f"<{tag} {attrs}>"
        if tag == "script":
            found += 1
            assert attrs == {"type": "application/ld+json"}, attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}={value!r}>"
            assert name in {"id", "class", "href", "title", "style", "scope", "type"}, (
                f"<{tag} {name}={value!r}>"
            )
        href = attrs.get("href")
        if href is not None:
            assert urlsplit(href).scheme in ("", "http", "https"), href
            assert not href.lower().lstrip().startswith(("javascript", "data", "vbscript")), href
        style = attrs.get("style")
        if style is not None:
            assert re.fullmatch(r"--rating-colour:#[0-9a-f]{6}", style), style
    assert found == scripts == page.lower().count("<script")
    assert page.lower().count("</script") == scripts


def _hostile_record(record: dict[str, Any], text: str) -> dict[str, Any]:
    """Every text of the record is ``text``; its id, dates and vocabularies stay valid."""
    claim, verdict = record["claim"], record["verdict"]
    claim["text"] = claim["context"] = claim["claimant"]["name"] = text
    verdict["label"] = verdict["summary"] = verdict["explanation"] = verdict["reviewer"] = text
    for document in [*record["evidence"], *claim["appearances"]]:
        document.update(title=text, publisher=text, syndicated_from=text, quote=text)
        document["url"] = "javascript:alert(1)"
        if "speaker" in document:
            document["speaker"] = text
    for entry in record["history"]:
        entry["note"] = text
    return record


def _hostile_page(record: dict[str, Any], text: str, info: Any = None) -> tuple[str, dict]:
    cards = _cards()
    info = info if info is not None else {"title": text, "citation": text}
    data = cards.DatasetDocs("demo", info, [record], [])
    markdown = cards.render_verdict(data, record, "https://x.org/{id}/")
    return _site_markdown(markdown), cards.claimreview_item(record, "https://x.org/{id}/")


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_a_verdict_page_shows_hostile_text_as_text(text, record):
    page, item = _hostile_page(_hostile_record(record, text), text)
    _assert_inert_page(page)
    assert _json_ld(page) == [item]  # the JSON-LD reads back as the exported item
    assert item["claimReviewed"] == text
    shown = "".join(_Elements(page).text)
    assert terminal(text.replace("\n", " ")).split()[0] in shown
    links = [a["href"] for tag, a in _Elements(page).elements if tag == "a"]
    assert all(link.startswith(("#", "../", "https://x.org/")) for link in links), links


def test_a_record_that_does_not_decode_gets_its_page_without_json_ld(record):
    record["claim"]["date"] = "<script>alert(1)</script>"
    record["verdict"]["rating"] = "</script><script>alert(2)"
    page, item = _hostile_page(record, "x")
    assert item is None
    _assert_inert_page(page, scripts=0)
    assert "not a rating of the factcheck scale" in page


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_HOSTILE_TEXT, other=_HOSTILE_TEXT)
def test_a_verdict_page_never_lets_markup_or_control_characters_through(text, other, record):
    hostile = _hostile_record(json.loads(json.dumps(record)), text)
    hostile["verdict"]["explanation"] = f"{other}\n\n{text}"
    page, item = _hostile_page(hostile, other, {"title": other, "citation": text})
    # a lone surrogate cannot be decoded into a typed record: such a page has no JSON-LD
    _assert_inert_page(page, scripts=int(item is not None))
    assert _json_ld(page) == ([item] if item else [])


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_ld_writes_every_invisible_character_as_an_escape(data):
    text = json_ld(data, indent=2)
    assert json.loads(text) == data
    _no_raw_controls(text)
    assert not any(unicodedata.category(c) == "Cs" for c in text)
