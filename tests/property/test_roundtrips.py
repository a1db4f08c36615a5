"""Round trips: read → write → read loses nothing, formatting is idempotent, and a release
loads back exactly the records it froze."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import load, load_path, release, validate
from factcheck.cli.show import render_record
from factcheck.model.models import DatasetInfo, Record
from factcheck.testing import datasets, mutated_records, partial_records, records, write_dataset
from factcheck.validation.formatting import canonical_text
from factcheck.validation.reading import read_json_bytes
from factcheck.validation.rules import normalize_claim

from ..conftest import TODAY


@settings(max_examples=150, deadline=None)
@given(records())
def test_read_write_read_is_lossless_and_formatting_is_idempotent(data):
    once = canonical_text(data, Record)
    read = read_json_bytes(once.encode("utf-8"))
    assert not read.problems
    assert read.documents[0].data == data
    assert canonical_text(read.documents[0].data, Record) == once


@settings(max_examples=100, deadline=None)
@given(mutated_records())
def test_formatting_never_changes_a_value_even_of_invalid_records(case):
    data, _code = case
    text = canonical_text(data, Record)
    assert json.loads(text) == data
    assert canonical_text(json.loads(text), Record) == text


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=["Cs"])),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"]), max_size=8), inner)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_canonical_text_is_exactly_what_json_dumps_writes(data):
    # canonical_text writes with msgspec for speed; the text must not change because of it.
    assert canonical_text(data, None) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=100, deadline=None)
@given(records())
def test_canonical_text_of_a_record_is_what_json_dumps_writes(data):
    from factcheck.validation.formatting import canonical_order

    expected = json.dumps(canonical_order(data, Record), indent=2, ensure_ascii=False) + "\n"
    assert canonical_text(data, Record) == expected


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(datasets())
def test_release_then_load_gives_back_the_records(tmp_path_factory, dataset):
    root = tmp_path_factory.mktemp("roundtrip")
    folder = write_dataset(root, dataset)
    manifest = release(folder.name, "1.0.0", root=root, today=TODAY)
    loaded = load(folder.name, root=root)
    expected = sorted(dataset["records"], key=lambda r: r["id"])
    assert loaded.to_dicts() == expected
    assert manifest.records == len(expected)
    # Defaults the file leaves out (the policy's, say) are filled in, as the models do.
    info = DatasetInfo.model_validate_json(json.dumps(dataset["dataset.json"]))
    assert loaded.info.to_dict() == info.model_dump(mode="json", exclude_none=True)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    datasets(max_records=1),
    st.lists(
        partial_records(),
        min_size=1,
        max_size=4,
        unique_by=(lambda r: r["id"], lambda r: normalize_claim(r["claim"]["text"])),
    ),
)
def test_records_without_optional_parts_validate_load_and_convert(tmp_path_factory, dataset, rs):
    root = tmp_path_factory.mktemp("partial")
    dataset["records"] = rs
    dataset["dataset.json"]["policy"] = {"min_independent_publishers": 0, "require": []}
    dataset["dataset.json"]["topics"] = sorted({t for r in rs for t in r["topics"]})
    folder = write_dataset(root, dataset)
    report = validate([folder], today=TODAY)
    assert report.ok, [f.message for f in report.findings]
    loaded = load_path(folder)
    assert loaded.to_dicts() == sorted(rs, key=lambda r: r["id"])
    table = loaded.to_arrow()
    assert table.num_rows == len(rs)
    assert all(render_record(record).startswith(record.id) for record in loaded)
