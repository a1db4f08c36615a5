"""ClaimReview both ways: export meets Google's fact-check markup; import reads real markup;
record → ClaimReview → record keeps what ClaimReview can carry."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

import factcheck
from factcheck.cli.main import main
from factcheck.errors import UsageError
from factcheck.formats import claimreview, read
from factcheck.formats.importing import import_dataset
from factcheck.model.records import Record
from factcheck.testing import records
from factcheck.validation.checker import validate

SAMPLES = Path(__file__).parent / "data" / "formats" / "claimreview"
TODAY = date(2026, 12, 1)
PAGE = "https://checks.example.org/{id}"


def _read(path: Path):
    stream = read("claimreview", path, today=TODAY)
    return list(stream), [(p.line, p.message) for p in stream.problems]


# -- export -----------------------------------------------------------------------------------


def _lacks(record, path: str) -> bool:
    """Whether ``record`` has no data for the recommended property ``path``."""
    claim, verdict = record.claim, record.verdict
    return {
        "itemReviewed.datePublished": claim.date is None,
        "itemReviewed.appearance": not claim.appearances,
        "itemReviewed.firstAppearance": not claim.appearances,
        "reviewRating.ratingValue": verdict.rating in ("misleading", "unverifiable"),
        "reviewRating.bestRating": verdict.rating in ("misleading", "unverifiable"),
        "reviewRating.worstRating": verdict.rating in ("misleading", "unverifiable"),
    }.get(path, False)


def test_every_exported_item_has_what_google_requires_and_recommends():
    dataset = factcheck.load("iraq-2020")
    items = dataset.to_claimreview(PAGE)
    assert len(items) == len(dataset)
    for record, item in zip(dataset, items, strict=True):
        missing = claimreview.missing_properties(item)
        assert not set(missing) & set(claimreview.REQUIRED), (record.id, missing)
        assert all(_lacks(record, path) for path in missing), (record.id, missing)
        assert item["url"] == f"https://checks.example.org/{record.id}"
        assert item["@context"] == "https://schema.org" and item["@type"] == "ClaimReview"
        assert item["itemReviewed"]["@type"] == "Claim"
        assert item["reviewRating"]["alternateName"] == record.verdict.label


def test_the_flagship_verdict_as_claimreview():
    item = factcheck.load("iraq-2020").to_claimreview(PAGE)
    (flagship,) = [i for i in item if i["identifier"] == "us-withdrawing-from-iraq"]
    assert flagship["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "name": "false",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert [c["publisher"]["name"] for c in flagship["citation"]][:2] == [
        "The Jerusalem Post",
        "Trumbull Times",
    ]


def test_a_review_url_without_id_is_refused():
    with pytest.raises(UsageError, match=r"must be an http\(s\) URL with \{id\}"):
        factcheck.load("iraq-2020").to_claimreview("https://checks.example.org/")


def test_export_command_writes_json_ld_that_imports_back(tmp_path, capsys):
    out = tmp_path / "iraq.json"
    assert main(["export", "iraq-2020", "-o", str(out), "--review-url", PAGE]) == 0
    items = json.loads(out.read_text("utf-8"))
    released = len(factcheck.load("iraq-2020"))
    assert len(items) == released and all("url" in item for item in items)
    result = import_dataset("claimreview", out, tmp_path / "iraq-again", today=TODAY)
    assert (result.records, result.problems) == (released, [])
    assert validate([tmp_path / "iraq-again"]).errors == []
    again = factcheck.load_path(tmp_path / "iraq-again")
    assert again["us-withdrawing-from-iraq"].verdict.rating == "false"


# -- import -----------------------------------------------------------------------------------


def test_google_documentation_example_page():
    (record,), problems = _read(SAMPLES / "google-example.html")
    assert problems == []
    assert record.claim.text == "The world is flat"
    assert (record.verdict.label, record.verdict.rating) == ("False", "false")
    assert record.verdict.reviewer == "Example.com science watch"
    assert (record.claim.claimant.name, record.claim.claimant.type) == (
        "Square World Society",
        "organization",
    )
    assert record.claim.date == date(2024, 6, 20)
    (appearance,) = record.claim.appearances
    assert (appearance.url, appearance.publisher, appearance.published) == (
        "https://example.com/news/a122121",
        "Skeptical News",
        date(2024, 6, 22),
    )
    assert appearance.title == "Square Earth - Flat earthers for the Internet age"
    assert "review https://example.com/news/science/worldisflat.html" in record.history[0].note


def test_graph_gives_the_same_record_as_the_page():
    (from_page,), _ = _read(SAMPLES / "google-example.html")
    (from_graph,), problems = _read(SAMPLES / "graph.json")
    assert problems == []
    strip = msgspec.structs.replace
    assert strip(from_graph, history=()) == strip(from_page, history=())


def test_schema_org_examples_an_array_with_their_quirks():
    found, problems = _read(SAMPLES / "schema-org-examples.json")
    (perry,) = found
    # The author has a url but no name: the reviewer is its host.
    assert perry.verdict.reviewer == "politifact.com"
    # alternateName "True" decides, though ratingValue 1 of 6 would say otherwise.
    assert (perry.verdict.label, perry.verdict.rating) == ("True", "true")
    assert (perry.claim.claimant.name, perry.claim.claimant.type) == ("Rich Perry", "person")
    assert perry.claim.text.startswith('More than 3,000 homicides were committed by "illegal')
    # The second example has no reviewRating: reported at the line where it starts.
    assert problems == [
        (37, "no reviewRating: a ClaimReview without a rating is not a verdict"),
    ]


def test_an_unknown_label_or_a_number_on_an_undocumented_scale_is_kept_not_normalized(tmp_path):
    items = [
        {
            "@type": "ClaimReview",
            "claimReviewed": "A claim rated with an unknown word.",
            "author": {"name": "Checker"},
            "reviewRating": {"alternateName": "Four Pinocchios"},
        },
        {
            "@type": "ClaimReview",
            "claimReviewed": "A claim rated with a number only.",
            "author": {"name": "Checker"},
            "reviewRating": {"ratingValue": "2", "bestRating": 5, "worstRating": 1},
        },
    ]
    source = tmp_path / "items.json"
    source.write_text(json.dumps(items, indent=1), "utf-8")
    found, problems = _read(source)
    # "Checker" has no table declaring what its numbers mean: 2 of 5 is not guessed, and
    # neither row is lost: each keeps its label, with no rating.
    assert problems == []
    assert [(r.verdict.label, r.verdict.rating) for r in found] == [
        ("Four Pinocchios", None),
        ("2", None),
    ]
    assert [r.verdict.normalized for r in found] == [False, False]


def test_broken_inputs_are_reported(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>No markup here.</p></body></html>", "utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('[\n  {"@type": "ClaimReview",\n  "claimReviewed": }\n]', "utf-8")
    other = tmp_path / "other.json"
    other.write_text('{"@type": "NewsArticle", "headline": "Not a fact check"}', "utf-8")
    assert _read(page) == (
        [],
        [
            (
                1,
                'no ClaimReview in the page: no <script type="application/ld+json"> block, '
                "microdata item (itemtype) or RDFa element (typeof) holds one",
            )
        ],
    )
    assert _read(broken)[1][0][0] == 3
    assert "not valid JSON" in _read(broken)[1][0][1]
    assert _read(other)[1] == [(1, 'no ClaimReview item (an object with "@type": "ClaimReview")')]


_REVIEW = (
    '{"@type": "ClaimReview", "claimReviewed": "A claim.", "author": {"name": "Checker"}, '
    '"reviewRating": {"alternateName": "False"}}'
)


def test_a_pages_other_scripts_are_no_problem(tmp_path):
    # Whole pages carry a WebSite or Organization block beside the ClaimReview (Climate
    # Feedback's did): only a page with no ClaimReview at all is reported.
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><script type="application/ld+json">{"@type": "Organization", '
        '"name": "Checker"}</script>\n<script type="application/ld+json">'
        + _REVIEW
        + "</script></head></html>",
        "utf-8",
    )
    found, problems = _read(page)
    assert problems == []
    assert [r.claim.text for r in found] == ["A claim."]


_MICRODATA_PAGE = """<html><body>
<p>Before the review.</p>
<article itemscope itemtype="http://schema.org/ClaimReview">
  <span itemprop="author" itemscope itemtype="http://schema.org/Organization">
    <meta itemprop="name" content="Checker"></span>
  <p itemprop="claimReviewed">A claim in microdata.</p>
  <span itemprop="reviewRating" itemscope itemtype="http://schema.org/Rating">
    <meta itemprop="alternateName" content="False"></span>
</article>
<div itemscope itemtype="https://schema.org/ClaimReview">
  <p itemprop="reviewBody">A review with no claim.</p></div>
</body></html>"""


def test_microdata_claimreview_is_read_and_its_rows_kept(tmp_path):
    pytest.importorskip("extruct")
    page = tmp_path / "page.html"
    page.write_text(_MICRODATA_PAGE, "utf-8")
    found, problems = _read(page)
    assert [(r.claim.text, r.verdict.reviewer, r.verdict.rating) for r in found] == [
        ("A claim in microdata.", "Checker", "false")
    ]
    assert "page.html, line 3," in found[0].history[0].note  # the line of its itemtype
    assert problems == [(10, "no claimReviewed: the claim's text is required")]  # reported


def test_microdata_without_the_extra_names_the_extra(tmp_path, monkeypatch):
    from factcheck.errors import MissingExtraError

    def missing(module, feature):
        raise MissingExtraError(f"{feature} needs {module}: pip install 'factcheck-datasets[html]'")

    monkeypatch.setattr(claimreview, "require", missing)
    page = tmp_path / "page.html"
    page.write_text(_MICRODATA_PAGE, "utf-8")
    with pytest.raises(MissingExtraError, match=r"factcheck-datasets\[html\]"):
        _read(page)
    from factcheck.extras import _EXTRA_OF

    assert _EXTRA_OF["extruct"] == "html"


def test_hostile_itemtype_words_are_one_row(tmp_path):
    pytest.importorskip("extruct")
    # "itemtype" words with no element behind them, a megabyte of them: one pass, one row
    hostile = tmp_path / "hostile.html"
    hostile.write_text("<p>" + "itemtype=ClaimReview " * 50_000 + "</p>", "utf-8")
    found, problems = _read(hostile)
    assert found == []
    assert [line for line, _ in problems] == [1]
    assert "no microdata item of that type was read" in problems[0][1]


# -- RDFa -------------------------------------------------------------------------------------

# A synthetic page. schema.org's own ClaimReview example (schemaorg/schemaorg,
# data/ext/pending/issue-1061-examples.txt at 49a2c46afdbd, "This would be part of a page
# such as http://www.politifact.com/texas/statements/2014/jul/23/rick-perry/...") is given
# as JSON-LD only, its RDFa "TODO": _SCHEMA_ORG_JSON_LD is that example as published, and
# _SCHEMA_ORG_RDFA the same item written in RDFa by hand for these tests.
_SCHEMA_ORG_JSON_LD = """<script type="application/ld+json">
{
    "@context": "http://schema.org",
    "@type": ["Review", "ClaimReview"],
    "datePublished": "2014-07-23",
    "url": "http://www.politifact.com/texas/statements/2014/jul/23/rick-perry/rick-perry-claim-about-3000-homicides-illegal-immi/",
    "author": {
        "@type": "Organization",
        "url": "http://www.politifact.com/",
        "sameAs": "https://twitter.com/politifact"
    },
    "claimReviewed": "More than 3,000 homicides were committed by \\"illegal aliens\\" over the past six years.",
    "claimReviewSiteLogo": "http://static.politifact.com/mediapage/jpgs/politifact-logo-big.jpg",
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 6
    },
    "itemReviewed": {
        "@type": "CreativeWork",
        "author": {
            "@type": "Person",
            "name": "Rich Perry",
            "title": "Former Governor of Texas",
            "image": "https://upload.wikimedia.org/wikipedia/commons/thumb/1/15/Gov._Perry_CPAC_February_2015.jpg/440px-Gov._Perry_CPAC_February_2015.jpg",
            "sameAs": [
                "https://en.wikipedia.org/wiki/Rick_Perry",
                "https://rickperry.org/"
            ]
        },
        "datePublished": "2014-07-17",
        "name": "The St. Petersburg Times interview [...]"
    }
}
</script>"""  # noqa: E501 - as schema.org publishes it

_SCHEMA_ORG_RDFA = """<html><body>
<p>A synthetic page: schema.org's ClaimReview example, written in RDFa.</p>
<div vocab="http://schema.org/" typeof="Review ClaimReview">
  <meta property="datePublished" content="2014-07-23">
  <link property="url" href="http://www.politifact.com/texas/statements/2014/jul/23/rick-perry/rick-perry-claim-about-3000-homicides-illegal-immi/">
  <div property="author" typeof="Organization">
    <link property="url" href="http://www.politifact.com/">
    <link property="sameAs" href="https://twitter.com/politifact">
  </div>
  <h1 property="claimReviewed">More than 3,000 homicides were committed by "illegal aliens" over the past six years.</h1>
  <img property="claimReviewSiteLogo" src="http://static.politifact.com/mediapage/jpgs/politifact-logo-big.jpg">
  <div property="reviewRating" typeof="Rating">
    <span property="ratingValue">1</span> of <span property="bestRating">6</span>
  </div>
  <div property="itemReviewed" typeof="CreativeWork">
    <div property="author" typeof="Person">
      <span property="name">Rich Perry</span>, <span property="title">Former Governor of Texas</span>
      <img property="image" src="https://upload.wikimedia.org/wikipedia/commons/thumb/1/15/Gov._Perry_CPAC_February_2015.jpg/440px-Gov._Perry_CPAC_February_2015.jpg">
      <link property="sameAs" href="https://en.wikipedia.org/wiki/Rick_Perry">
      <link property="sameAs" href="https://rickperry.org/">
    </div>
    <time property="datePublished" datetime="2014-07-17">July 17, 2014</time>
    <cite property="name">The St. Petersburg Times interview [...]</cite>
  </div>
</div>
</body></html>"""  # noqa: E501 - the example's URLs


def _rdfa_page(tmp_path, text: str, name: str = "rdfa.html") -> Path:
    pytest.importorskip("extruct")
    page = tmp_path / name
    page.write_text(text, "utf-8")
    return page


def test_rdfa_claimreview_gives_the_record_its_json_ld_gives(tmp_path):
    json_ld = _rdfa_page(tmp_path, f"<html><head>{_SCHEMA_ORG_JSON_LD}</head></html>", "j.html")
    (from_json_ld,), problems = _read(json_ld)
    assert problems == []
    (record,), problems = _read(_rdfa_page(tmp_path, _SCHEMA_ORG_RDFA))
    assert problems == []
    assert record.claim.text.startswith('More than 3,000 homicides were committed by "illegal')
    assert (record.claim.claimant.name, record.claim.claimant.type) == ("Rich Perry", "person")
    assert (record.claim.date, record.verdict.reviewed) == (date(2014, 7, 17), date(2014, 7, 23))
    assert record.verdict.reviewer == "politifact.com"  # the author's URL: it has no name
    assert "rdfa.html, line 3," in record.history[0].note  # the line of its typeof
    strip = msgspec.structs.replace
    assert strip(record, history=()) == strip(from_json_ld, history=())


_RDFA_FORMS = """<html><head><title>Three RDFa ClaimReviews</title></head><body>
<article vocab="https://schema.org/" typeof="ClaimReview">
  <h1 property="claimReviewed">The first claim.</h1>
  <span property="author" typeof="Organization"><span property="name">Checker</span></span>
  <span property="reviewRating" typeof="Rating"><b property="alternateName">False</b></span>
  <div property="itemReviewed" typeof="Claim">
    <span property="author" typeof="Person"><span property="name">A Speaker</span></span>
    <span property="appearance" typeof="CreativeWork"><link property="url" href="https://a.example/1"></span>
    <link property="url" href="https://a.example/1">
    <link property="sameAs" href="https://b.example/2">
  </div>
</article>
<aside><p>Other text, <em>unmarked</em>.</p></aside>
<article prefix="s: http://schema.org/" typeof="s:ClaimReview">
  <p property="s:claimReviewed">The second claim.</p>
  <span property="s:author">Checker Two</span>
  <span property="s:reviewRating" typeof="s:Rating"><meta property="s:alternateName" content="True"></span>
</article>
<article typeof="schema:ClaimReview"><p property="schema:reviewBody">No claim here.</p></article>
</body></html>"""  # noqa: E501


def test_rdfa_items_are_read_in_page_order_at_their_lines_whatever_the_form(tmp_path):
    found, problems = _read(_rdfa_page(tmp_path, _RDFA_FORMS))
    # https vocab, a declared prefix, and the initial context's schema: prefix alike
    assert [(r.claim.text, r.verdict.reviewer, r.verdict.rating) for r in found] == [
        ("The first claim.", "Checker", "false"),
        ("The second claim.", "Checker Two", "true"),
    ]
    assert ["line 2," in found[0].history[0].note, "line 14," in found[1].history[0].note] == [
        True,
        True,
    ]
    first = found[0].claim
    assert (first.claimant.name, first.claimant.type) == ("A Speaker", "person")
    # itemReviewed's own url and sameAs are appearances, the repeated one kept once
    assert [(a.url, a.publisher) for a in first.appearances] == [
        ("https://a.example/1", "a.example"),
        ("https://b.example/2", "b.example"),
    ]
    assert problems == [(19, "no claimReviewed: the claim's text is required")]  # kept


def test_rdfa_is_read_only_when_json_ld_and_microdata_hold_no_claimreview(tmp_path):
    both = _RDFA_FORMS.replace(
        "<head>", '<head><script type="application/ld+json">' + _REVIEW + "</script>"
    )
    found, problems = _read(_rdfa_page(tmp_path, both))
    assert ([r.claim.text for r in found], problems) == (["A claim."], [])
    with_microdata = _MICRODATA_PAGE.replace("</body>", _RDFA_FORMS.split("<body>")[1])
    found, _ = _read(_rdfa_page(tmp_path, with_microdata))
    assert [r.claim.text for r in found] == ["A claim in microdata."]
    # an itemtype naming ClaimReview with no item behind it does not hide the RDFa
    stray = _RDFA_FORMS.replace("<aside>", '<aside data-x="itemtype=ClaimReview">')
    found, _ = _read(_rdfa_page(tmp_path, stray))
    assert [r.claim.text for r in found] == ["The first claim.", "The second claim."]


def test_rdfa_without_schema_org_vocabulary_is_reported(tmp_path):
    page = _rdfa_page(
        tmp_path,
        '<html><body>\n<div typeof="ClaimReview"><p property="claimReviewed">A claim.</p></div>'
        "</body></html>",
    )
    assert _read(page) == (
        [],
        [
            (
                2,
                "no ClaimReview in the page: a typeof names ClaimReview, but no RDFa element of "
                'schema.org\'s ClaimReview type was read (is vocab="https://schema.org/" set on '
                "it or an element around it?)",
            )
        ],
    )


def test_rdfa_typed_on_the_html_element_is_reported_not_lost(tmp_path):
    # pyRdfa ignores a typeof on the root element (docs/formats/claimreview.md#rdfa-pages)
    page = _rdfa_page(
        tmp_path,
        '<html vocab="https://schema.org/" typeof="ClaimReview"><body>\n'
        '<p property="claimReviewed">A claim.</p></body></html>',
    )
    found, problems = _read(page)
    assert found == []
    assert [line for line, _ in problems] == [1]
    assert "a typeof names ClaimReview, but no RDFa element" in problems[0][1]


def test_rdfa_label_coverage_reads_the_same_items(tmp_path):
    pytest.importorskip("extruct")
    items = list(claimreview._page_items(_RDFA_FORMS))
    assert [item.get("claimReviewed") for item in items] == [
        "The first claim.",
        "The second claim.",
        None,
    ]
    assert items[0]["reviewRating"] == {"@type": "Rating", "alternateName": "False"}


def test_rdfa_without_the_extra_names_the_extra(tmp_path, monkeypatch):
    from factcheck.errors import MissingExtraError
    from factcheck.formats import rdfa

    def missing(module, feature):
        raise MissingExtraError(f"{feature} needs {module}: pip install 'factcheck-datasets[html]'")

    monkeypatch.setattr(rdfa, "require", missing)
    with pytest.raises(MissingExtraError, match=r"RDFa ClaimReview.*factcheck-datasets\[html\]"):
        _read(_rdfa_page(tmp_path, _RDFA_FORMS))
    from factcheck.extras import _EXTRA_OF

    assert _EXTRA_OF["pyRdfa"] == _EXTRA_OF["rdflib"] == "html"


# -- round trip -------------------------------------------------------------------------------


def _carried(record) -> dict:
    """The fields of a record that ClaimReview carries (see docs/formats/claimreview.md)."""
    claim, verdict = record.claim, record.verdict

    def document(d):
        return (d.url, d.title, d.publisher, d.published)

    return {
        "id": record.id,
        "text": claim.text,
        "claimant": claim.claimant.name,
        "person": claim.claimant.type == "person",
        "date": claim.date,
        "language": claim.language,
        "context": claim.context,
        "appearances": sorted({document(a) for a in claim.appearances}, key=str),
        "rating": verdict.rating,
        "label": verdict.label,
        "summary": verdict.summary,
        "explanation": verdict.explanation,
        "reviewer": verdict.reviewer,
        "reviewed": verdict.reviewed or record.history[0].date,
        "evidence": [document(s) for s in record.evidence],
        "topics": sorted(record.topics),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_round_trip_keeps_what_claimreview_carries(data):
    record = msgspec.json.decode(msgspec.json.encode(data), type=Record)
    (item,) = claimreview.to_claimreview([record], review_url=PAGE)
    back = claimreview.record_from(json.loads(json.dumps(item)), today=TODAY, origin="t")
    assert isinstance(back, dict), back
    again = msgspec.json.decode(msgspec.json.encode(back), type=Record)
    assert _carried(again) == _carried(record)


def test_exported_items_take_their_url_from_the_dataset_s_record_page():
    dev = factcheck.load("iraq-2020", "dev")
    template = dev.info.record_page
    assert template == (
        "https://factcheck-datasets.github.io/factcheck/datasets/iraq-2020/claims/{id}/"
    )
    items = dev.to_claimreview()
    assert [item["url"] for item in items] == [template.replace("{id}", r.id) for r in dev]
    assert not {p for i in items for p in claimreview.missing_properties(i)} & set(
        claimreview.REQUIRED
    )
    assert dev.info.page_of("us-withdrawing-from-iraq") == template.replace(
        "{id}", "us-withdrawing-from-iraq"
    )


def test_a_review_url_overrides_the_dataset_s_record_page():
    items = factcheck.load("iraq-2020", "dev").to_claimreview(PAGE)
    assert all(item["url"] == PAGE.replace("{id}", item["identifier"]) for item in items)


def test_export_gives_every_item_its_page_and_needs_no_note(tmp_path, run_cli):
    out = tmp_path / "iraq.json"
    code, _, err = run_cli("export", "iraq-2020", "--version", "dev", "-o", str(out))
    assert (code, err) == (0, "")
    items = json.loads(out.read_text("utf-8"))
    assert all(item["url"].endswith(f"/claims/{item['identifier']}/") for item in items)
    code, _, err = run_cli(
        "export", "iraq-2020", "--version", "dev", "-o", str(out), "--review-url", PAGE
    )
    assert code == 0 and all("checks.example.org" in i["url"] for i in json.loads(out.read_text()))


def test_a_release_cut_before_its_dataset_named_its_pages_exports_no_url(tmp_path, run_cli):
    out = tmp_path / "iraq.json"
    code, _, err = run_cli("export", "iraq-2020", "--version", "1.0.0", "-o", str(out))
    assert code == 0
    assert not any("url" in item for item in json.loads(out.read_text("utf-8")))
    assert err.startswith("note: without --review-url (or record_page in the dataset's")


def test_guarded_scripts_raw_line_breaks_and_prefixed_types_are_read(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<script type="application/ld+json">/* <![CDATA[ */ {"@context": "https://schema.org",'
        ' "@type": "schema:ClaimReview", "claimReviewed": "A claim\non two lines.",'
        ' "author": {"name": "Checker"}, "reviewRating": {"alternateName": "False"}}'
        " /* ]]> */</script>",
        "utf-8",
    )
    ((record,), problems) = _read(page)
    assert problems == [] and record.claim.text == "A claim on two lines."


def _rated(label: str, **numbers: object) -> str | None:
    item = {
        "@type": "ClaimReview",
        "url": "https://unknown-publisher.example/check/1",
        "claimReviewed": "A claim.",
        "author": {"@type": "Organization", "name": "Unknown Publisher"},
        "datePublished": "2024-05-01",
        "reviewRating": {"@type": "Rating", "alternateName": label, **numbers},
    }
    record = claimreview.record_from(item, today=TODAY, origin="t")
    assert isinstance(record, dict), record
    assert record["verdict"]["label"] == label  # the row is kept either way
    return record["verdict"].get("rating")


@pytest.mark.parametrize(
    ("numbers", "rating"),
    [
        ({}, "mostly-true"),  # no numbers: the publishers' agreement decides
        ({"ratingValue": 4, "bestRating": 5, "worstRating": 1}, "mostly-true"),
        ({"ratingValue": 2, "bestRating": 5, "worstRating": 1}, "mostly-true"),  # half a scale
        ({"ratingValue": 1, "bestRating": 5, "worstRating": 1}, None),  # the other end
        ({"ratingValue": "5", "bestRating": "1", "worstRating": "5"}, None),  # reversed scale
        ({"ratingValue": 1, "bestRating": 5}, "mostly-true"),  # worst not stated: no veto
        ({"ratingValue": 9, "bestRating": 5, "worstRating": 1}, "mostly-true"),  # off the scale
    ],
)
def test_a_borrowed_rating_is_vetoed_only_by_numbers_at_the_other_end(numbers, rating):
    # "Inaccurate" is defined by one publisher (VERA Files, mostly-true); for another
    # publisher it is rated through the publishers' agreement, unless the review's own
    # numbers put it at the other end of its scale.
    from factcheck.formats.labels import review_source

    assert review_source("Inaccurate") == "publishers' agreement"
    assert _rated("Inaccurate", **numbers) == rating


def test_a_general_table_label_is_not_vetoed_by_numbers():
    # "False" is in the general tables: the numbers (undocumented) never overrule it.
    assert _rated("False", ratingValue=5, bestRating=5, worstRating=1) == "false"


def test_json_ld_value_objects_are_read_as_their_values():
    # {"@value": ..., "@language": ...} stands for a string or number in JSON-LD.
    def value(text, **more):
        return {"@value": text, **more}

    item = {
        "@type": "ClaimReview",
        "url": value("https://unknown-publisher.example/check/2"),
        "claimReviewed": value("Un affirmation.", **{"@language": "fr"}),
        "author": {"@type": "Organization", "name": value("Unknown Publisher")},
        "datePublished": value("2024-05-01", **{"@type": "Date"}),
        "inLanguage": value("fr"),
        "reviewRating": {
            "@type": "Rating",
            "alternateName": value("Faux", **{"@language": "fr"}),
            "ratingValue": value(1),
        },
    }
    record = claimreview.record_from(item, today=TODAY, origin="t")
    assert isinstance(record, dict), record
    assert record["claim"]["text"] == "Un affirmation."
    assert record["claim"]["language"] == "fr"
    assert record["verdict"]["label"] == "Faux" and record["verdict"]["rating"] == "false"
    assert record["verdict"]["reviewer"] == "Unknown Publisher"
    assert record["verdict"]["reviewed"] == "2024-05-01"
    assert "unknown-publisher.example" in record["history"][0]["note"]


def _item(**fields):
    return {
        "@type": "ClaimReview",
        "url": "https://unknown-publisher.example/check/3",
        "claimReviewed": "A claim.",
        "author": {"@type": "Organization", "name": "Unknown Publisher"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        **fields,
    }


@pytest.mark.parametrize(
    ("written", "reviewed"),
    [
        ("January 6, 2020", "2020-01-06"),
        ("Jan 6, 2020", "2020-01-06"),
        ("Jan. 6, 2020", "2020-01-06"),
        ("6 January 2020", "2020-01-06"),
        ("2020-01-06T10:00:00.000Z", "2020-01-06"),
        ("2020-01-06T10:00:00+0530", "2020-01-06"),
        ("2020/01/06", "2020-01-06"),  # year first: cannot be misread
        ("2020.01.06", "2020-01-06"),
        ("06/01/2020", None),  # 6 January or June 1: not guessed
    ],
)
def test_a_date_written_with_its_month_s_name_is_read(written, reviewed):
    record = claimreview.record_from(_item(datePublished=written), today=TODAY, origin="t")
    assert record["verdict"].get("reviewed") == reviewed


def test_a_claim_given_only_as_the_reviewed_claim_s_text_is_read():
    claim = {"@type": "Claim", "text": "The claim, as the Claim's text."}
    record = claimreview.record_from(
        _item(claimReviewed=None, itemReviewed=claim), today=TODAY, origin="t"
    )
    assert record["claim"]["text"] == "The claim, as the Claim's text."
    # A reviewed work's name is a title, not a claim: the row is refused, with the reason.
    work = {"@type": "CreativeWork", "name": "A Facebook post"}
    refused = claimreview.record_from(
        _item(claimReviewed=None, itemReviewed=work), today=TODAY, origin="t"
    )
    assert refused == "no claimReviewed: the claim's text is required"


def test_a_trailing_comma_of_hand_written_markup_is_forgiven_and_nothing_else(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<script type="application/ld+json">\n{"@context": "https://schema.org",\n'
        ' "@type": "ClaimReview", "claimReviewed": "A claim, with commas, }",\n'
        ' "author": {"name": "Checker",}, "reviewRating": {"alternateName": "False",},\n}\n'
        "</script>\n"
        '<script type="application/ld+json">\n{"@type": "ClaimReview",\n'
        ' "claimReviewed": "Broken" "author": {"name": "X"},}\n</script>',
        "utf-8",
    )
    ((record,), problems) = _read(page)
    assert record.claim.text == "A claim, with commas, }"  # the string is left as it is
    assert record.verdict.rating == "false"
    # Another mistake is reported where it is, as before.
    assert problems == [(9, "not valid JSON: Expecting ',' delimiter")]


def test_dropping_trailing_commas_leaves_a_string_that_never_ends_as_it_is():
    hostile = '"\\"' * 200_000  # a string that never ends, escapes all along
    assert claimreview._without_trailing_commas(hostile) == hostile
    assert claimreview._without_trailing_commas("[1,]" * 3) == "[1]" * 3


_SCRIPT_JSON = (
    '{"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "A claim.",\n'
    ' "author": {"name": "Checker"}, "reviewRating": {"alternateName": "False"}}'
)


@pytest.mark.parametrize(
    "script",
    [
        f"//<![CDATA[\n{_SCRIPT_JSON}\n//]]>",  # a guard written as line comments
        f"// <!--\n{_SCRIPT_JSON}\n// -->",
        f"\ufeff{_SCRIPT_JSON}",  # a byte-order mark inside the script
        f"\u00a0\n{_SCRIPT_JSON}\u00a0",  # non-breaking spaces around it
        f"{_SCRIPT_JSON};",  # a closing semicolon, as in JavaScript
    ],
)
def test_what_pages_put_around_a_script_s_json_is_no_error(tmp_path, script):
    page = tmp_path / "page.html"
    page.write_text(f'<html><script type="application/ld+json">{script}</script></html>', "utf-8")
    ((record,), problems) = _read(page)
    assert problems == [] and record.verdict.rating == "false"


def test_several_json_values_in_one_script_are_each_read_at_their_lines(tmp_path):
    page = tmp_path / "page.html"
    second = _SCRIPT_JSON.replace("A claim.", "Another claim.").replace("False", "True")
    page.write_text(
        '<script type="application/ld+json">\n'
        '{"@type": "Organization", "name": "Checker"}\n'
        f"{_SCRIPT_JSON}\n{second}\n"
        '{"@type": "ClaimReview", "claimReviewed": "No rating"}\n</script>',
        "utf-8",
    )
    records, problems = _read(page)
    assert [(r.claim.text, r.verdict.rating) for r in records] == [
        ("A claim.", "false"),
        ("Another claim.", "true"),
    ]
    # The Organization is no problem; the broken review is reported at its own line.
    assert problems == [(7, "no reviewRating: a ClaimReview without a rating is not a verdict")]


def test_json_values_that_do_not_follow_one_another_cleanly_stay_an_error(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(f'<script type="application/ld+json">{_SCRIPT_JSON} oops</script>', "utf-8")
    records, problems = _read(page)
    assert records == [] and problems == [(2, "not valid JSON: Extra data")]


def test_a_rating_given_as_its_label_alone_is_read():
    record = claimreview.record_from(_item(reviewRating="False"), today=TODAY, origin="t")
    assert (record["verdict"]["rating"], record["verdict"]["label"]) == ("false", "False")
