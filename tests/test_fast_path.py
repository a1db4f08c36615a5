"""The fast path accepts files that spell out a default, and still refuses duplicate keys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import validate
from factcheck.files import datasets_dir
from factcheck.model.vocabulary import REQUIREMENTS, Requirement
from factcheck.validation import fast_path

from .conftest import SEED, TODAY, make_dataset, write_json

INFO = datasets_dir() / "iraq-2020" / "dataset.json"


def _info(**policy) -> dict:
    data = json.loads(INFO.read_text("utf-8"))
    data["policy"] = policy
    return data


@pytest.mark.parametrize(
    "policy",
    [
        {"min_independent_publishers": 2},
        {"require": [r.value for r in REQUIREMENTS]},
        {"min_independent_publishers": 2, "require": [r.value for r in REQUIREMENTS]},
        {},
    ],
    ids=["min-publishers", "require", "both", "empty"],
)
def test_a_dataset_file_that_spells_out_the_default_policy_takes_the_fast_path(policy):
    raw = json.dumps(_info(**policy), indent=2, ensure_ascii=False).encode()
    info = fast_path.screen_info(raw)
    assert info is not None
    assert info.policy == fast_path.default_policy()


def test_the_fast_path_s_default_policy_is_the_models():
    from factcheck.model.models import Policy

    fast, model = fast_path.default_policy(), Policy()
    assert fast.min_independent_publishers == model.min_independent_publishers
    assert fast.require == tuple(model.require) == REQUIREMENTS
    assert all(isinstance(requirement, Requirement) for requirement in fast.require)


@pytest.mark.parametrize(
    "policy",
    [None, {}, {"min_independent_publishers": 2}, {"require": ["claim.date"]}],
    ids=["absent", "empty", "spelled-out-default", "listed"],
)
def test_a_dataset_s_policy_is_enforced_the_same_whichever_path_reads_it(
    tmp_path, record, monkeypatch, policy
):
    """A schema 1.1 record without a claim date, in a dataset whose policy requires one."""
    record["schema_version"] = "1.1"
    del record["claim"]["date"]
    folder = make_dataset(tmp_path, [record])
    info = json.loads((folder / "dataset.json").read_text("utf-8"))
    if policy is None:
        info.pop("policy", None)
    else:
        info["policy"] = policy
    write_json(folder / "dataset.json", info)
    assert fast_path.screen_info((folder / "dataset.json").read_bytes()) is not None
    fast = [f.to_dict() for f in validate([folder], today=TODAY).findings]
    monkeypatch.setattr(fast_path, "screen_info", lambda raw: None)
    exact = [f.to_dict() for f in validate([folder], today=TODAY).findings]
    assert fast == exact
    assert [(f["code"], f["message"]) for f in fast] == [
        ("FC212", "claim.date is missing; the dataset's policy requires it")
    ]


def test_the_bundled_dataset_file_takes_the_fast_path():
    assert fast_path.screen_info(INFO.read_bytes()) is not None


@pytest.mark.parametrize(
    "text",
    [
        # The last value is the default, so the encoding leaves the key out: the colon counts
        # differ for two reasons at once, and the duplicate must still be seen.
        '"policy": {"min_independent_publishers": 3, "min_independent_publishers": 2}',
        '"policy": {"min_independent_publishers": 2}, "policy": {}',
        '"policy": {"min_independent_publishers": 2, "min_independent_publishers": 2}',
        '"policy": {"min_independent_\\u0070ublishers": 2, "min_independent_publishers": 2}',
    ],
)
def test_a_duplicate_key_beside_a_spelled_out_default_goes_to_the_exact_path(text):
    data = _info()
    del data["policy"]
    raw = json.dumps(data, indent=2, ensure_ascii=False).encode()
    raw = raw.replace(b'\n  "created"', f'\n  {text},\n  "created"'.encode(), 1)
    json.loads(raw)  # still JSON: only the duplicate is wrong
    assert fast_path.screen_info(raw) is None


def test_a_record_that_spells_out_empty_appearances_takes_the_fast_path():
    data = json.loads(SEED.read_text("utf-8"))
    data["claim"]["appearances"] = []
    raw = json.dumps(data, indent=2).encode()
    assert fast_path.screen_record(raw) is not None
    duplicated = raw.replace(b'"appearances": []', b'"appearances": [], "appearances": []')
    assert fast_path.screen_record(duplicated) is None


def test_an_escaped_colon_keeps_the_fast_path_and_cannot_hide_a_duplicate():
    data = json.loads(SEED.read_text("utf-8"))
    data["claim"]["context"] = "Said at 10:30: nothing decided."
    raw = json.dumps(data, indent=2).encode().replace(b"10:30:", b"10\\u003a30\\u003a")
    assert fast_path.screen_record(raw) is not None
    hidden = raw.replace(b'"id":', b'"id": "x", "id":', 1)
    assert fast_path.screen_record(hidden) is None


def test_validating_the_bundled_datasets_does_not_import_pydantic():
    """The point of the fast path: valid data is checked without the models' import."""
    code = (
        "import sys\n"
        "from factcheck.cli.main import main\n"
        "try:\n    main(['validate'])\nexcept SystemExit as exit:\n    assert exit.code == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.splitlines()[-1] == "[]", result.stdout + result.stderr
