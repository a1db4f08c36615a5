"""The models are strict: each bad value is refused with its own code and a clear message."""

from __future__ import annotations

import pytest

from factcheck.model.models import Record
from factcheck.model.ratings import ORDERED_RATINGS, RATING_MEANINGS, Rating
from factcheck.validation.structure import check_structure


def issues_for(data):
    model, issues = check_structure(Record, data)
    assert model is None
    return [(i.code, i.pointer, i.message) for i in issues]


def test_seed_record_is_valid(record):
    model, issues = check_structure(Record, record)
    assert issues == []
    assert model.verdict.rating is Rating.FALSE


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2020-01-06T00:00:00", "'2020-01-06T00:00:00' is not a date in the form YYYY-MM-DD"),
        ("2020-02-30", "'2020-02-30' is not a real calendar date"),
        ("20200106", "'20200106' is not a date in the form YYYY-MM-DD"),
        ("2020-1-6", "'2020-1-6' is not a date in the form YYYY-MM-DD"),
    ],
)
def test_dates_must_be_real_iso_dates(record, value, message):
    record["claim"]["date"] = value
    assert issues_for(record) == [("FC105", ("claim", "date"), f"claim.date: {message}")]


def test_timestamp_is_not_a_date(record):
    record["claim"]["date"] = 1578268800
    assert issues_for(record) == [
        (
            "FC103",
            ("claim", "date"),
            "claim.date: expected a date string YYYY-MM-DD, found the number 1578268800",
        )
    ]


def test_number_is_not_coerced_to_string(record):
    record["claim"]["text"] = 2020
    assert issues_for(record) == [
        ("FC103", ("claim", "text"), "claim.text: expected a string, found the number 2020")
    ]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "is not an http(s) URL"),
        ("file:///etc/passwd", "is not an http(s) URL"),
        ("data:text/html,<b>x</b>", "is not an http(s) URL"),
        ("https://user:secret@example.com/a", "contains credentials (user:password@); remove them"),
        (
            "https://bücher.de/",
            "contains non-ASCII characters; percent-encode them (and use punycode hosts)",
        ),
        ("https://example.com/a b", "contains white space; percent-encode it as %20"),
        ("HTTPS://example.com/", "has an upper-case scheme; write http:// or https://"),
        ("https://", "is not a valid http(s) URL with a domain name"),
        ("https://localhost/x", "is not a valid http(s) URL with a domain name"),
    ],
)
def test_urls_must_be_plain_http_with_a_domain(record, url, reason):
    record["evidence"][0]["url"] = url
    assert issues_for(record) == [
        ("FC106", ("evidence", 0, "url"), f"evidence[0].url: {url!r} {reason}")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Esper\u200b said", "contains U+200B ZERO WIDTH SPACE at character 6"),
        ("abc\u202eevil", "contains U+202E RIGHT-TO-LEFT OVERRIDE at character 4"),
        ("a\u2066b", "contains U+2066 LEFT-TO-RIGHT ISOLATE at character 2"),
        ("line\nbreak", "contains U+000A control character at character 5"),
        (" padded", "starts with white space"),
        ("padded\u00a0", "ends with white space"),
        ("", "is empty"),
    ],
)
def test_invisible_and_untrimmed_text_is_refused(record, text, message):
    record["verdict"]["summary"] = text
    assert issues_for(record) == [("FC107", ("verdict", "summary"), f"verdict.summary: {message}")]


def test_explanation_may_have_paragraphs_but_not_carriage_returns(record):
    record["verdict"]["explanation"] = "One.\n\nTwo."
    assert check_structure(Record, record)[1] == []
    record["verdict"]["explanation"] = "One.\r\nTwo."
    assert issues_for(record)[0][0] == "FC107"


def test_unknown_field_suggests_the_closest_name(record):
    record["verdict"]["reviewr"] = record["verdict"].pop("reviewer")
    _, issues = check_structure(Record, record)
    assert [(i.code, i.pointer, i.hint, i.key) for i in issues] == [
        (
            "FC101",
            ("verdict", "reviewer"),
            "add 'reviewer' (see the schema reference for an example)",
            False,
        ),
        ("FC102", ("verdict", "reviewr"), "did you mean 'reviewer'?", True),
    ]


def test_rating_typo_suggests_the_rating(record):
    record["verdict"]["rating"] = "flase"
    _, issues = check_structure(Record, record)
    assert issues[0].code == "FC104"
    assert issues[0].hint == "did you mean 'false'?"


def test_null_optional_field_is_refused(record):
    record["evidence"][0]["speaker"] = None
    assert issues_for(record) == [
        (
            "FC112",
            ("evidence", 0, "speaker"),
            "evidence[0].speaker: is null; leave the field out instead",
        )
    ]


@pytest.mark.parametrize("bad", ["US-Withdrawal", "a--b", "../etc", "ıraq", "a_b", "-a"])
def test_ids_are_lowercase_ascii_slugs(record, bad):
    record["id"] = bad
    assert issues_for(record)[0][0] == "FC108"


def test_newer_schema_version_is_refused_with_its_own_code(record):
    record["schema_version"] = "2.0"
    assert issues_for(record) == [
        (
            "FC110",
            ("schema_version",),
            "schema version '2.0' is not supported (this factcheck reads '1.0', '1.1' and '1.2')",
        )
    ]


def test_non_object_record(record):
    assert issues_for([record])[0][0] == "FC100"


def test_every_error_is_reported_not_only_the_first(record):
    record["verdict"]["rating"] = "nope"
    record["claim"]["date"] = "x"
    record["history"] = []
    assert sorted(code for code, _, _ in issues_for(record)) == ["FC104", "FC105", "FC109"]


def test_rating_scale_is_documented_and_ordered():
    assert set(RATING_MEANINGS) == set(Rating)
    assert [r.score for r in ORDERED_RATINGS] == [1.0, 0.75, 0.5, 0.25, 0.0]
    assert Rating.MISLEADING.score is None


def _info() -> dict:
    import json

    from factcheck.files import datasets_dir

    return json.loads((datasets_dir() / "iraq-2020" / "dataset.json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("https://checks.example.org/", "must hold {id} once, where a record's id goes"),
        ("https://checks.example.org/{id}/{id}", "must hold {id} once, where a record's id goes"),
        ("https://checks.example.org{id}", "must have {id} in its path, query or fragment"),
        ("javascript:alert('{id}')", "is not an http(s) URL"),
        ("https://checks.example.org/a b/{id}", "contains white space"),
    ],
)
def test_a_record_page_template_must_be_an_http_url_with_id_once(template, reason):
    from factcheck.model.models import DatasetInfo

    info = _info() | {"record_page": template}
    ((code, pointer, message),) = [
        (i.code, i.pointer, i.message) for i in check_structure(DatasetInfo, info)[1]
    ]
    assert (code, pointer) == ("FC106", ("record_page",))
    assert message.startswith(f"record_page: {template!r} {reason}")


def test_a_dataset_names_its_site_and_record_pages_or_leaves_them_out():
    from factcheck.model.models import DatasetInfo

    info = _info()
    checked, issues = check_structure(DatasetInfo, info)
    assert issues == [] and checked.record_page.endswith("/claims/{id}/")
    del info["site"], info["record_page"]
    assert check_structure(DatasetInfo, info)[1] == []
    issues = check_structure(DatasetInfo, info | {"site": "ftp://x.org/"})[1]
    assert [(i.code, i.pointer) for i in issues] == [("FC106", ("site",))]
