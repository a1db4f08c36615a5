"""The reader and the validator never raise, whatever bytes they are given."""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import validate
from factcheck.formats import read as read_format
from factcheck.formats.cleaning import url
from factcheck.model.fields import URL_MAX_LENGTH, _url_re
from factcheck.validation.reading import read_json_bytes, read_jsonl_bytes

from ..conftest import SEED, TODAY

_seed = SEED.read_bytes()


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300))
def test_reader_never_raises_on_bytes(raw):
    for read in (read_json_bytes, read_jsonl_bytes):
        result = read(raw)
        assert result.documents or result.problems or not raw.strip()


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_reader_agrees_with_json_module_on_mutated_records(data):
    raw = bytearray(_seed)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at : at + 1] = data.draw(
            st.sampled_from([b"", b",", b"}", b'"', b"\\", b"\x00", b"\xff", b"]", b"NaN", b"1"])
        )
    result = read_json_bytes(bytes(raw))
    try:
        expected = json.loads(bytes(raw))
    except (ValueError, RecursionError):
        assert result.problems
    else:
        if not result.problems:
            assert result.documents[0].data == expected


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_validate_never_raises_on_any_file(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "fuzz.json"
    path.write_bytes(raw)
    report = validate([path], today=TODAY)
    assert report.files == 1


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.sampled_from([".json", ".jsonl"]))
def test_validate_never_raises_on_any_text(tmp_path_factory, text, suffix):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"fuzz{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    report = validate([path], today=TODAY)
    assert report.files == 1
    assert text.strip() == "" or report.findings or report.records


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_validate_never_raises_on_mutated_real_records(tmp_path_factory, data):
    raw = bytearray(_seed)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at : at + data.draw(st.integers(0, 3))] = data.draw(st.binary(max_size=3))
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / SEED.name).write_bytes(bytes(raw))
    report = validate([folder / SEED.name], today=TODAY)
    assert report.files == 1


_SAMPLES = Path(__file__).parents[1] / "data" / "formats"
_IMPORT_SAMPLES = {
    "liar": "liar/train.tsv",
    "fever": "fever/sample.jsonl",
    "multifc": "multifc/constructed.tsv",
    "averitec": "averitec/dev.json",
    "claimreview": "claimreview/google-example.html",
    "datacommons": "datacommons/feed.json",
}


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(sorted(_IMPORT_SAMPLES)), st.data())
def test_importers_turn_any_damage_to_a_real_sample_into_records_or_problems(fmt, data):
    # Byte-level damage to each format's real sample: flipped, inserted and deleted bytes.
    raw = bytearray((_SAMPLES / _IMPORT_SAMPLES[fmt]).read_bytes())
    for _ in range(data.draw(st.integers(1, 12))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at : at + data.draw(st.integers(0, 40))] = data.draw(st.binary(max_size=4))
    suffix = data.draw(st.sampled_from([Path(_IMPORT_SAMPLES[fmt]).suffix, ".csv"]))
    folder = Path(tempfile.mkdtemp())
    path = folder / f"damaged{suffix}"
    path.write_bytes(bytes(raw))
    stream = read_format(fmt, path, today=TODAY)
    records = list(stream)
    assert all(isinstance(problem.line, int) and problem.message for problem in stream.problems)
    assert stream.count == len(records)
    shutil.rmtree(folder)


# Values at the edges of what Python holds, written into real rows of every format: the
# importers must turn each into a record, a cleaned value or a reported row, never raise.
_HOSTILE_NUMBERS = [  # JSON number text, written into the file as it is
    "1e400", "-1e400", "1e308", "-1e308", "1.7976931348623157e308", "1e-400", "4.9e-324",
    "-0", "0", "18446744073709551616", "-9223372036854775809", "9" * 4301, "-" + "9" * 5000,
    "1" + "0" * 4299, "NaN", "Infinity", "-Infinity",
]  # fmt: skip
_HOSTILE_URLS = [
    "https://example.com:99999/x", "https://example.com:65536/", "https://example.com:0/",
    "https://example.com:-1/", "https://example.com:80:80/", "https://example.com:+80/",
    "https://example.com: 80/", "https://example.com:٨٠/", "http://[::1]/x", "http://[::1/x",
    "https://[fe80::1%25eth0]:8080/", "http://[v1.fe]/", "http://127.0.0.1:8080/",
    "https://xn--/x", "https://xn--zz.com/", "https://a..b.com/", "https://" + "a" * 64 + ".com/",
    "https://" + "ä" * 70 + ".com/", "https://\u0300.com/", "https://ex\u00adample.com/",
    "https://\ufffd.com/", "https://e\u200dx.com/", "https://ex.com/\ud800", "https://\udcff.org/",
    "https://user:pw@example.com/", "https://%zz/", "https://example.com/" + "a" * 5000,
    "javascript:alert(1)//https://example.com", "https:///x", "https://", "//example.com/x",
    "https://example.com\\@evil.com/", "https://exa mple.com/", "https://١٢٣.com/",
]  # fmt: skip
_HOSTILE_TEXT = [
    "", " ", "\u0000", "\ud800", "\udfff lone", "\u202e\u2066", "\u00ad", "x" * 100_000,
    "\U0001f600" * 1000, "Ǆ" * 200, "1e400", "9" * 5000, "NaN", "0000-00-00", "9999-99-99",
    "+275760-09-13", "2020-02-30", "2020-01-01T25:00:00", "10000-01-01", "-0001-01-01",
]  # fmt: skip
_hostile_value = st.one_of(
    st.sampled_from(_HOSTILE_URLS),
    st.sampled_from(_HOSTILE_TEXT),
    st.sampled_from(_HOSTILE_NUMBERS).map(lambda text: _Raw(text)),
    st.sampled_from([None, True, [], {}, [None], {"@type": "Rating"}]),
    st.text(max_size=30),
)
# Keys the importers read, placed anywhere: a hostile value is worth most where it is read.
_READ_KEYS = [
    "url", "claimReviewed", "reviewRating", "ratingValue", "bestRating", "worstRating",
    "alternateName", "name", "author", "publisher", "datePublished", "itemReviewed",
    "appearance", "firstAppearance", "citation", "keywords", "inLanguage", "identifier",
    "description", "reviewBody", "headline", "item", "@type", "id", "claim", "label",
    "evidence", "speaker", "claim_date", "original_claim_url", "fact_checking_article",
    "questions", "answers", "source_url", "justification",
]  # fmt: skip
_JSON_SAMPLES = {
    "fever": "fever/sample.jsonl",
    "averitec": "averitec/dev.json",
    "claimreview": "claimreview/schema-org-examples.json",
    "datacommons": "datacommons/feed.json",
}


class _Raw(str):
    """JSON text written into the file as it is (numbers JSON allows but Python cannot hold)."""


def _objects(value, found):
    if isinstance(value, dict):
        found.append(value)
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            _objects(item, found)
    return found


def _dumps(value, indent, raws):
    def placeholder(raw):
        raws.append(str(raw))
        return f"@@raw{len(raws) - 1}@@"

    def swap(item):
        if isinstance(item, _Raw):
            return placeholder(item)
        if isinstance(item, dict):
            return {key: swap(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [swap(inner) for inner in item]
        return item

    text = json.dumps(swap(value), indent=indent, ensure_ascii=False)
    for index, raw in enumerate(raws):
        text = text.replace(f'"@@raw{index}@@"', raw)
    return text


def _write_hostile_json(fmt, data, path):
    sample = (_SAMPLES / _JSON_SAMPLES[fmt]).read_text("utf-8")
    documents = [json.loads(line) for line in sample.splitlines()] if fmt == "fever" else [
        json.loads(sample)
    ]  # fmt: skip
    for _ in range(data.draw(st.integers(1, 6))):
        target = data.draw(st.sampled_from(_objects(documents, [])))
        key = data.draw(st.sampled_from(sorted(set(target) | set(_READ_KEYS))))
        target[key] = copy.deepcopy(data.draw(_hostile_value))  # never a shared {}
    indent = data.draw(st.sampled_from([None, 2]))
    if fmt == "fever":
        text = "".join(_dumps(document, None, []) + "\n" for document in documents)
    else:
        text = _dumps(documents[0], indent, [])
    path.write_text(text, "utf-8", errors="surrogatepass")


_TSV_SAMPLES = {"liar": "liar/train.tsv", "multifc": "multifc/constructed.tsv"}


def _write_hostile_tsv(fmt, data, path):
    rows = [
        line.split("\t") for line in (_SAMPLES / _TSV_SAMPLES[fmt]).read_text("utf-8").splitlines()
    ]
    for _ in range(data.draw(st.integers(1, 6))):
        row = data.draw(st.sampled_from(rows))
        column = data.draw(st.integers(0, len(row) - 1))
        value = data.draw(st.one_of(_hostile_value.filter(lambda v: isinstance(v, str))))
        row[column] = "".join(c for c in value if c not in "\t\r\n")
    text = "".join("\t".join(row) + "\n" for row in rows)
    path.write_text(text, "utf-8", errors="surrogatepass")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted({**_JSON_SAMPLES, **_TSV_SAMPLES})), st.data())
def test_importers_turn_hostile_values_in_real_rows_into_records_or_problems(fmt, data):
    folder = Path(tempfile.mkdtemp())
    path = folder / Path({**_JSON_SAMPLES, **_TSV_SAMPLES}[fmt]).name
    if fmt in _JSON_SAMPLES:
        _write_hostile_json(fmt, data, path)
    else:
        _write_hostile_tsv(fmt, data, path)
    stream = read_format(fmt, path, today=TODAY)
    records = list(stream)
    assert all(isinstance(problem.line, int) and problem.message for problem in stream.problems)
    assert stream.count == len(records)
    assert len({record.id for record in records}) == len(records)
    shutil.rmtree(folder)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.sampled_from(_HOSTILE_URLS),
        st.builds(
            "".join,
            st.lists(
                st.one_of(
                    st.sampled_from(["https://", "http://", "[", "]", ":", "99999", "::1", "@"]),
                    st.sampled_from(["xn--", ".", "/", "%", "ä", "\u0300", "\ud800", "example"]),
                    st.text(max_size=5),
                ),
                max_size=12,
            ),
        ),
    )
)
def test_url_cleaning_never_raises_and_gives_only_urls_a_record_accepts(value):
    cleaned = url(value)
    assert cleaned is None or (len(cleaned) <= URL_MAX_LENGTH and _url_re.fullmatch(cleaned))
