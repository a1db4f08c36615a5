"""Hostile text in data reaches every output inert: the site, CSV, JSON-LD, the terminal.

A contribution can put any text in records, ``dataset.json`` and release manifests. A
release's ``records.jsonl`` is checked against its manifest's checksums, not validated again,
so the tests below write hostile text there (with checksums that match) to reach the printers
the way a pull request could. Each output escapes for its target at the point of output.
"""

from __future__ import annotations

import csv
import json
import os
import re
import stat
import subprocess
import sys
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import factcheck
from factcheck import UsageError, release
from factcheck.escaping import csv_cell, html, json_ld, markdown_inline, terminal
from factcheck.files import atomic_folder, atomic_write_bytes, atomic_write_text
from factcheck.model.manifest import Changes, Manifest, file_entry
from factcheck.model.records import Record

from .conftest import TODAY, make_dataset, write_json

ROOT = Path(__file__).resolve().parents[1]

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202e\r\x00"
"""A terminal title change, a screen clear, a C1 CSI, a right-to-left override, CR and NUL."""

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![x](http://evil.example/x.png)",
    "<img src=x onerror=alert(1)>",
    'text {: onmouseover="alert(1)" }',
    '<a href="javascript:alert(1)">a</a>',
    "```\n<script>alert(2)</script>\n```",
    "&lt;script&gt;alert(3)&lt;/script&gt;",
    "<!-- x --><style>body{display:none}</style>",
    "<http://evil.example/> <javascript:alert(4)>",
    "*[a]: abbr {#id .cls onclick=alert(5)}",
    "| x | y |\n|---|---|\n| <b>z</b> |",
    "\n\n# heading\n\n    code\n\n- item\n\n> quote\n\n<div onclick=alert(6)>d</div>",
    ESCAPES,
]


# -- fixtures: a dataset whose release carries hostile text ----------------------------------


@pytest.fixture
def demo(tmp_path, monkeypatch, record):
    """The folder of ``demo``, the only bundled dataset (a copy of the seed record)."""
    import shutil

    import factcheck.files

    root = tmp_path / "data"
    folder = make_dataset(root / "datasets", [record])
    shutil.copytree(ROOT / "schemas", root / "schemas")
    monkeypatch.setattr(factcheck.files, "data_root", lambda: root)
    return folder


def _tampered_release(folder: Path, change_record: Any, change_info: Any = None) -> None:
    """Release ``folder`` as 1.0.0, then change its records (and ``dataset.json``) the way a
    pull request could: any text, with the manifest's checksums made to match."""
    release(folder, "1.0.0", today=TODAY)
    frozen = folder / "releases" / "1.0.0"
    manifest = json.loads((frozen / "manifest.json").read_text("utf-8"))
    lines = [
        json.loads(line) for line in (frozen / "records.jsonl").read_text("utf-8").splitlines()
    ]
    for data in lines:
        change_record(data)
    files = {"records.jsonl": "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in lines)}
    if change_info is not None:
        info = json.loads((frozen / "dataset.json").read_text("utf-8"))
        change_info(info)
        files["dataset.json"] = json.dumps(info, ensure_ascii=False)
    for name, text in files.items():
        data = text.encode("utf-8")
        (frozen / name).write_bytes(data)
        manifest["files"][name] = msgspec.to_builtins(file_entry(data))
    (frozen / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _hostile_record(data: dict[str, Any]) -> None:
    data["claim"]["text"] = f"Claim {ESCAPES} end"
    data["claim"]["claimant"]["name"] = f"Name{ESCAPES}"
    data["verdict"]["label"] = f"Label{ESCAPES}"
    data["verdict"]["summary"] = f"Summary{ESCAPES}"
    data["verdict"]["explanation"] = f"First{ESCAPES}\n\nSecond\x1b[0m"
    data["verdict"]["reviewer"] = f"Reviewer{ESCAPES}"
    for source in data["evidence"]:
        source["publisher"] += ESCAPES
        source["quote"] = f"Quote{ESCAPES}"


@pytest.fixture
def hostile_release(demo):
    """The bundled dataset ``demo`` whose release 1.0.0 holds escape sequences everywhere."""
    folder = demo

    def title(info: dict[str, Any]) -> None:
        info["title"] = f"Title{ESCAPES}"

    _tampered_release(folder, _hostile_record, title)
    return folder


def _no_raw_controls(text: str) -> None:
    raw = [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    assert not raw, f"raw control characters {raw!r} in {text!r}"


# -- 4. the terminal -----------------------------------------------------------------------


def _unchecked(folder: Path) -> factcheck.Dataset:
    """The tampered release as typed records, decoded without the release check (which
    refuses it): what the renderers would get if anything let such text through."""
    from factcheck.model.records import INFO_DECODER, decode_lines

    frozen = folder / "releases" / "1.0.0"
    records = decode_lines((frozen / "records.jsonl").read_bytes())
    info = INFO_DECODER.decode((frozen / "dataset.json").read_bytes())
    return factcheck.Dataset(records, name="demo", version="1.0.0", info=info)


def test_show_refuses_a_release_with_escape_sequences_and_prints_none(hostile_release, run_cli):
    code, out, err = run_cli("show", "demo:us-withdrawing-from-iraq")
    assert code == 1 and "FC107" in err
    _no_raw_controls(out + err)


def test_show_prints_a_record_s_escape_sequences_as_visible_text(hostile_release):
    from factcheck.cli.show import render_record

    out = render_record(_unchecked(hostile_release)[0])
    _no_raw_controls(out)
    assert r"Claim:   Claim \x1b]0;owned\x07\x1b[2J\x9b31m\u202e\x0d\x00 end" in out
    assert r"Second\x1b[0m" in out
    assert r"Reviewer\x1b]0;owned" in out


def test_show_prints_a_dataset_s_title_as_visible_text(hostile_release):
    from factcheck.cli.show import summarize

    out = summarize(_unchecked(hostile_release))
    _no_raw_controls(out)
    assert out.startswith(r"demo 1.0.0 - Title\x1b]0;owned\x07")


def test_list_prints_a_title_from_the_working_copy_as_visible_text(demo, run_cli):
    folder = demo
    info = json.loads((folder / "dataset.json").read_text("utf-8"))
    info["title"] = f"Title{ESCAPES}"
    write_json(folder / "dataset.json", info)
    code, out, err = run_cli("list")
    assert code == 0, err
    _no_raw_controls(out)
    assert r"Title\x1b]0;owned" in out


def test_search_hits_print_a_claim_s_escape_sequences_as_visible_text(hostile_release):
    from factcheck.search.engine import Hit, render_hits

    record = _unchecked(hostile_release)[0]
    shown = render_hits("withdrawing", [Hit(record, 1.0, "demo", "1.0.0")])
    _no_raw_controls(shown)
    assert r"\x1b]0;owned" in shown


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\x1b", r"\x1b"),
        ("\x07", r"\x07"),
        ("\r", r"\x0d"),
        ("\t", r"\x09"),
        ("\x00", r"\x00"),
        ("\x7f", r"\x7f"),
        ("\x9b", r"\x9b"),
        ("\u202e", r"\u202e"),
        ("\u2066", r"\u2066"),
        ("\u200b", r"\u200b"),
        ("\u2028", r"\u2028"),
        ("\ud800", r"\ud800"),
    ],
)
def test_terminal_shows_a_control_character_as_its_escape(char, shown):
    assert terminal(f"a{char}b") == f"a{shown}b"


def test_terminal_keeps_newlines_and_printable_text_in_any_script():
    text = "Line one\nسليماني — Сулеймани — 索莱曼尼 “quoted” é"
    assert terminal(text) == text


@given(st.text())
def test_terminal_never_lets_a_control_character_through(text):
    shown = terminal(text)
    _no_raw_controls(shown)
    assert not any(unicodedata.category(c) == "Cs" for c in shown)
    assert terminal(shown) == shown  # what it shows is plain text: escaping again changes nothing
    assert shown.count("\n") == text.count("\n")


# -- 1. the documentation site -------------------------------------------------------------


def _cards():
    from .test_docs import _docs_module

    return _docs_module("dataset_cards")


def _site_markdown(text: str) -> str:
    """Markdown rendered with the site's own extensions, as mkdocs renders a card."""
    markdown = pytest.importorskip("markdown", reason="the dev extra renders Markdown")
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        configs[name] = options or {}
    return markdown.markdown(text, extensions=names, extension_configs=configs)


class _Elements(HTMLParser):
    """Every element and attribute of an HTML text, and its text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


_CARD_TAGS = {
    *("h1", "h2", "h3", "p", "a", "code", "strong", "em", "br", "ul", "li", "span"),
    *("table", "thead", "tbody", "tr", "th", "td", "div", "pre"),
    *("svg", "title", "line", "rect", "text"),
}
"""What a card is made of: no script, image, frame, form, style or other active element."""


def _assert_inert(page: str) -> None:
    """No element, attribute or link in ``page`` that data could have made active."""
    assert "<script" not in page.lower()
    _no_raw_controls(page)
    for tag, attrs in _Elements(page).elements:
        assert tag in _CARD_TAGS, f"<{tag} {attrs}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}={value!r}>"
            assert name in {
                *("id", "class", "href", "title", "style", "role", "viewbox", "width"),
                *("height", "xmlns", "aria-label", "x", "y", "x1", "x2", "y1", "y2", "rx"),
                *("fill", "stroke", "stroke-opacity", "stroke-dasharray", "text-anchor"),
                "dominant-baseline",
            }, f"<{tag} {name}={value!r}>"
        href = attrs.get("href")
        if href is not None:
            assert urlsplit(href).scheme in ("", "http", "https"), href
            assert not href.lower().lstrip().startswith(("javascript", "data", "vbscript")), href
        style = attrs.get("style")
        if style is not None:
            assert re.fullmatch(
                r"--rating-colour:#[0-9a-f]{6}|text-align: right;|"
                r"max-width:100%;height:auto;font-size:15px",
                style,
            ), style


def _card_html(info: dict[str, Any], records: list[dict[str, Any]], releases=()) -> str:
    cards = _cards()
    return _site_markdown(cards.render_card(cards.DatasetDocs("demo", info, records, [*releases])))


def _hostile_manifest(text: str) -> Manifest:
    return Manifest(
        name=text,
        version=text,
        released=date(2020, 1, 7),
        schema_version=text,
        records=1,
        ratings={},
        previous=None,
        files={},
        changes=Changes(added=(text,)),
    )


def _hostile_info(text: str) -> dict[str, Any]:
    return {
        "title": text,
        "license": text,
        "description": f"{text}\n\nSecond `{text}` **{text}** *{text}*",
        "scope": text,
        "citation": text,
        "topics": [text],
        "maintainers": [
            {"name": text, "email": text, "url": text},
            {"name": "Kind", "url": "javascript:alert(1)"},
        ],
        "methodology": {text: text, "claims": f"`{text}`"},
        "policy": {"min_independent_publishers": text},
    }


def _hostile_records(record: dict[str, Any], text: str) -> list[dict[str, Any]]:
    record["claim"]["text"] = text
    record["claim"]["date"] = text
    record["id"] = text
    record["topics"] = [text]
    other = json.loads(json.dumps(record))
    other["verdict"]["rating"] = text
    return [record, other]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_a_card_shows_hostile_text_as_text(text, record):
    page = _card_html(
        _hostile_info(text), _hostile_records(record, text), [_hostile_manifest(text)]
    )
    _assert_inert(page)
    shown = "".join(_Elements(page).text)
    visible = terminal(text.replace("\n", " "))
    assert visible.split()[0] in shown  # the text is there, to be read, not run


def test_a_card_links_a_maintainer_s_https_url_and_not_a_javascript_one(record):
    info = {
        "maintainers": [
            {"name": "A", "url": "https://a.example/team?x=1&y=<2>"},
            {"name": "B", "url": "javascript:alert(1)"},
            {"name": "C", "url": "//evil.example/"},
        ]
    }
    page = _card_html(info, [record])
    links = [a["href"] for tag, a in _Elements(page).elements if tag == "a" and "href" in a]
    assert "https://a.example/team?x=1&y=<2>" in links
    assert not any("alert" in link or "evil" in link for link in links)
    assert "<li>B (javascript:alert(1))</li>" in page
    assert "<li>C (//evil.example/)</li>" in page


def test_a_citation_cannot_close_its_code_block(record):
    info = {"citation": "@misc{x,\n````\n```\n<script>alert(1)</script>\n}"}
    page = _card_html(info, [record])
    _assert_inert(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<pre>") == 2  # the load example and the citation, nothing spilled


def test_an_honest_card_keeps_its_code_spans_and_emphasis(sandbox):
    cards = _cards()
    card = cards.render_card(cards.read_dataset(sandbox / "datasets" / "iraq-2020"))
    page = _site_markdown(card)
    _assert_inert(page)
    assert "rated <code>unverifiable</code>, not left out;" in page
    assert "<p><strong>Sources.</strong> Each verdict cites" in page
    assert "marked with <code>syndicated_from</code>." in page
    assert (
        '<td><a href="iraq-2020/claims/us-withdrawing-from-iraq.md">The US military is '
        "withdrawing from Iraq.</a><br><code>us-withdrawing-from-iraq</code></td>"
    ) in page
    assert '<h1 id="the-usiraqiran-crisis-of-january-2020">' in page


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A copy of the bundled data (as in test_docs)."""
    import shutil

    import factcheck.files

    for folder in ("datasets", "schemas"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.setattr(factcheck.files, "data_root", lambda: tmp_path)
    return tmp_path


_PIECES = st.sampled_from(
    [
        *("<", ">", "&", '"', "'", "`", "```", "*", "_", "[", "]", "(", ")", "!", "{", "}", ":"),
        *("=", "|", "#", "\\", "\n", "\n\n", "    ", "-", "<script>", "</p>", "{: ", "on", "x="),
        *("onclick=", "javascript:", "http://e.x/i.png", "<img src=x ", "&#60;", "&lt;", "\x1b"),
        *("\x00", "\r", "\t", "\u202e", "\x85", "\u2028", "\x02klzzwxh:0\x03", "<!--", "-->"),
    ]
)
_HOSTILE_TEXT = st.lists(_PIECES | st.text(max_size=4), max_size=12).map("".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_HOSTILE_TEXT, other=_HOSTILE_TEXT)
def test_a_card_never_lets_markup_or_control_characters_through(text, other, record):
    info = _hostile_info(text)
    info["description"] = f"{other}\n\n{text}"
    info["citation"] = other
    page = _card_html(info, _hostile_records(record, other), [_hostile_manifest(text)])
    _assert_inert(page)


@given(st.text())
def test_html_and_markdown_inline_escape_every_markup_character(text):
    for escaped in (html(text), markdown_inline(text)):
        assert "<" not in escaped and ">" not in escaped
        _no_raw_controls(escaped.replace("\n", ""))
    assert not re.search(r"[`*_\[\]{}|!\\\n]", markdown_inline(text))


def _build_site(tmp_path: Path, info: dict[str, Any], records: list[dict[str, Any]]) -> Path:
    """The real mkdocs build of a copy of the docs with one hostile dataset."""
    import shutil

    pytest.importorskip("mkdocstrings", reason="the docs extra builds the site")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    write_json(tmp_path / "datasets" / "demo" / "dataset.json", info)
    for data in records:
        write_json(tmp_path / "datasets" / "demo" / "records" / f"{len(data['id'])}.json", data)
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return site


def test_the_built_site_shows_hostile_data_inert(tmp_path, record):
    info = _hostile_info("<script>alert(1)</script> {: onmouseover=alert(2) }")
    info["name"] = "demo"
    info["description"] = "\n\n".join(HOSTILE)
    records = _hostile_records(record, "[x](javascript:alert(3)) <img src=x onerror=alert(4)>")
    site = _build_site(tmp_path, info, records)
    for page in (site / "datasets" / "demo" / "index.html", site / "datasets" / "index.html"):
        text = page.read_text("utf-8")
        for tag, attrs in _Elements(text).elements:
            for name, value in attrs.items():
                assert not name.startswith("on"), (page, tag, name, value)
                # a heading's id (and its permalink) is a slug of its text: letters and dashes
                slug = re.fullmatch(r"#?[\w-]*", value or "")
                assert slug or "alert" not in (value or ""), (page, tag, name, value)
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S | re.I)
        assert not any("alert" in script for script in scripts), page
        assert "<script>alert(1)</script>" in "".join(_Elements(text).text)  # shown, as text
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    for entry in index["docs"]:
        assert "<script" not in entry["text"].lower() and "<img" not in entry["text"].lower()
        assert "<script" not in entry["title"].lower()


# -- 2. CSV ----------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_csv_cell_that_starts_a_formula_starts_with_a_quote(formula):
    assert csv_cell(formula) == "'" + formula
    assert csv_cell("Plain text =1") == "Plain text =1"
    assert csv_cell("") == ""


def _released_with(folder: Path, change_record: Any) -> None:
    """Change the working copy's records as a pull request could (text that validates),
    then release it as 1.0.0."""
    for path in (folder / "records").glob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        change_record(data)
        write_json(path, data)
    release(folder, "1.0.0", today=TODAY)


def test_exported_csv_neutralises_formulas_in_every_text_cell(demo, run_cli, tmp_path):
    folder = demo

    def formulas(data: dict[str, Any]) -> None:
        # Tabs and carriage returns cannot reach a valid record (FC107): csv_cell's own
        # test covers them.
        data["claim"]["text"] = FORMULAS[0]
        data["claim"]["claimant"]["name"] = FORMULAS[1]
        data["verdict"]["label"] = FORMULAS[2]
        data["verdict"]["summary"] = FORMULAS[3]
        data["verdict"]["reviewer"] = "=1"
        data["claim"]["context"] = "@cmd"

    _released_with(folder, formulas)
    code, _, err = run_cli("export", "demo", "-o", str(tmp_path / "out.csv"))
    assert code == 0, err
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        header, row = list(csv.reader(handle))
    cells = dict(zip(header, row, strict=True))
    assert cells["claim.text"] == "'" + FORMULAS[0]
    assert cells["claim.claimant.name"] == "'+1+1"
    assert cells["verdict.label"] == "'-2+3"
    assert cells["verdict.summary"] == "'@SUM(A1:A2)"
    assert cells["verdict.reviewer"] == "'=1"
    assert cells["claim.context"] == "'@cmd"
    assert cells["claim.date"] == "2020-01-06"  # dates, enums and lists are left as they are
    assert cells["evidence"].startswith("[")
    for value in row:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_csv_rows_quote_only_text_cells(record):
    from factcheck.formats.tables import csv_rows

    record["claim"]["text"] = "-5"
    (row,) = csv_rows([msgspec.json.decode(json.dumps(record), type=Record)])
    assert "'-5" in row
    assert "2020-01-06" in row


# -- 3. ClaimReview JSON-LD ------------------------------------------------------------------


def test_exported_claimreview_cannot_end_the_script_block_it_is_pasted_in(demo, run_cli, tmp_path):
    from factcheck.formats.claimreview import _html_blocks

    folder = demo
    breakout = '</script><script>alert(1)</script> <!-- & "q" > <'

    def hostile(data: dict[str, Any]) -> None:
        data["claim"]["text"] = breakout
        data["verdict"]["explanation"] = breakout

    _released_with(folder, hostile)
    out = tmp_path / "items.json"
    code, _, err = run_cli("export", "demo", "-o", str(out), "--review-url", "https://x.org/{id}")
    assert code == 0, err
    text = out.read_text("utf-8")
    assert not set("<>&") & set(text)
    assert r"\u003c/script\u003e" in text
    items = json.loads(text)
    assert items == factcheck.load("demo").to_claimreview("https://x.org/{id}")
    assert items[0]["claimReviewed"] == breakout
    page = f'<html><script type="application/ld+json">{text}</script><p>after</p></html>'
    (block,) = _html_blocks(page)
    assert json.loads(block[1]) == items


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_ld_reads_back_equal_and_holds_no_markup_characters(data):
    text = json_ld(data, indent=2)
    assert json.loads(text) == data
    assert not set("<>&") & set(text)


# -- 5. writes replace only regular files ----------------------------------------------------


def test_export_refuses_to_replace_a_symlink(tmp_path, run_cli):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(outside)
    code, _, err = run_cli("export", "iraq-2020", "-o", str(link))
    assert code == 2
    assert err == (
        f"factcheck: error: {link} is a symbolic link, not a regular file: refusing to replace "
        "it; write to another path or remove it first\n"
    )
    assert link.is_symlink() and outside.read_text("utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "outside.txt"]


def test_export_refuses_a_dangling_symlink(tmp_path, run_cli):
    link = tmp_path / "out.jsonl"
    link.symlink_to(tmp_path / "nowhere")
    code, _, err = run_cli("export", "iraq-2020", "-o", str(link))
    assert code == 2 and "is a symbolic link" in err and "\n" not in err.rstrip("\n")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_export_refuses_to_replace_a_fifo(tmp_path, run_cli):
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    code, _, err = run_cli("export", "iraq-2020", "-o", str(fifo))
    assert code == 2
    assert err == (
        f"factcheck: error: {fifo} is a FIFO, not a regular file: refusing to replace it; "
        "write to another path or remove it first\n"
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_export_to_a_new_path_and_over_a_regular_file_still_works(tmp_path, run_cli):
    out = tmp_path / "out.jsonl"
    assert run_cli("export", "iraq-2020", "-o", str(out))[0] == 0
    out.chmod(0o640)
    assert run_cli("export", "iraq-2020", "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_bytes().count(b"\n") == len(factcheck.load("iraq-2020"))


@pytest.mark.parametrize("write", [atomic_write_bytes, atomic_write_text])
def test_every_atomic_writer_refuses_a_symlink(tmp_path, write):
    target = tmp_path / "target"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(UsageError, match="is a symbolic link, not a regular file"):
        write(link, b"new" if write is atomic_write_bytes else "new")
    assert target.read_text("utf-8") == "old" and link.is_symlink()


def test_an_atomic_folder_refuses_to_replace_a_symlink_to_a_folder(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "keep").write_text("x", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    with (
        pytest.raises(UsageError, match="is a symbolic link, not a folder"),
        atomic_folder(link, replace=True),
    ):
        pass
    assert link.is_symlink() and (real / "keep").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


# -- 6. crashes become usage errors ----------------------------------------------------------


@pytest.mark.parametrize(
    "template", ["https://example.com:99999/{id}", "https://example.com:port/{id}"]
)
def test_export_with_a_bad_port_in_the_review_url_is_a_usage_error(template, tmp_path, run_cli):
    code, _, err = run_cli(
        "export", "iraq-2020", "-o", str(tmp_path / "x.json"), "--review-url", template
    )
    assert code == 2
    assert "Traceback" not in err
    assert err.startswith(f"factcheck: error: review URL {template!r} is not a valid URL (Port")
    assert not (tmp_path / "x.json").exists()


@pytest.fixture(scope="module")
def ds():
    return factcheck.load("iraq-2020")


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda ds: ds.filter(rating=123), "rating must be a rating (str) or a list of them"),
        (lambda ds: ds.filter(rating=[1]), "rating must be a rating (str)"),
        (lambda ds: ds.filter(rating=b"false"), "rating must be"),
        (lambda ds: ds.filter(topic=5), "topic must be a topic slug (str)"),
        (lambda ds: ds.filter(claimant=5), "claimant must be a str, not int 5"),
        (lambda ds: ds.filter(since=5), "since=5 is not a date"),
        (lambda ds: ds.filter(until=[2020]), "until=[2020] is not a date"),
        (lambda ds: ds.filter(since=__import__("datetime").datetime(2020, 1, 1)), "since="),
        (lambda ds: ds.filter(5), "predicate must be a function of a record, not int 5"),
        (lambda ds: ds.get(5), "record_id must be a record id (str), not int 5"),
        (lambda ds: ds.to_claimreview(review_url=5), "review_url must be a str"),
        (lambda ds: ds.to_claimreview(["https://x.org/{id}"]), "review_url must be a str"),
        (lambda ds: ds.export(5), "path must be a str or path, or a file object, not int 5"),
        (lambda ds: ds.export("x.json", format=5), "format must be a str, not int 5"),
        (lambda ds: ds.export("x.json", review_url=5), "review_url must be a str, not int 5"),
        (
            lambda ds: ds.to_csv(None),
            "path must be a str or path, or a file object, not NoneType None",
        ),
        (lambda ds: ds.to_jsonl(3.5), "path must be a str or path"),
        (lambda ds: ds.to_parquet([]), "path must be a str or path"),
        (lambda ds: factcheck.Dataset(5, name="x"), "records must be an iterable of Record"),
        (lambda ds: factcheck.Dataset(["a"], name="x"), "records must be Record objects"),
        (lambda ds: factcheck.Dataset([], name=5), "name must be a str, not int 5"),
        (lambda ds: factcheck.Dataset([], name="x", version=1), "version must be a str or None"),
    ],
)
def test_a_wrong_argument_type_is_a_usage_error_naming_it(ds, call, named, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as raised:
        call(ds)
    assert named in str(raised.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("key", [1.5, None, True, ["us-withdrawing-from-iraq"], b"id"])
def test_indexing_by_a_wrong_type_is_a_type_error_naming_the_types(ds, key):
    with pytest.raises(TypeError, match=r"indexed by a record id \(str\), a position \(int\)"):
        ds[key]


def test_the_right_types_still_work(ds):
    assert ds["us-withdrawing-from-iraq"].id == "us-withdrawing-from-iraq"
    assert ds[0] is ds[-len(ds)]
    assert len(ds[1:3]) == 2
    assert len(ds.filter(rating=("false", "true"))) == len(ds.filter(rating="false")) + len(
        ds.filter(rating="true")
    )
    assert ds.filter(topic={"seely-letter"}).ids == ds.filter(topic="seely-letter").ids
    assert ds.get("missing") is None
    assert ds.filter(since=date(2020, 1, 6), until="2020-01-06")
