"""The flagship dataset: size, spread of ratings, independent sourcing and the seed verdict."""

from __future__ import annotations

import json
from collections import Counter

from factcheck.files import datasets_dir
from factcheck.model.models import DatasetInfo, Record
from factcheck.validation.rules import publisher_key

FOLDER = datasets_dir() / "iraq-2020"


def _records() -> list[Record]:
    return [
        Record.model_validate_json(p.read_bytes())
        for p in sorted((FOLDER / "records").glob("*.json"))
    ]


def test_dataset_metadata():
    info = DatasetInfo.model_validate(json.loads((FOLDER / "dataset.json").read_text("utf-8")))
    assert info.name == "iraq-2020"
    assert info.license == "CC-BY-4.0"
    assert info.policy.min_independent_publishers == 2


def test_at_least_forty_records_with_a_real_spread_of_ratings():
    ratings = Counter(r.verdict.rating.value for r in _records())
    assert sum(ratings.values()) >= 40
    for rating in ("true", "mostly-true", "false", "misleading", "unverifiable"):
        assert ratings[rating] >= 2, ratings


def test_seed_claim_is_false_on_esper_and_milley():
    seed = next(r for r in _records() if r.id == "us-withdrawing-from-iraq")
    assert seed.verdict.rating.value == "false"
    quotes = " ".join(s.quote for s in seed.evidence)
    assert "no decision whatsoever to leave Iraq" in quotes
    assert {"Mark Esper", "Mark Milley"} <= {s.speaker for s in seed.evidence}


def test_every_record_has_two_independent_publishers():
    for record in _records():
        keys = {publisher_key(s.publisher, s.syndicated_from) for s in record.evidence}
        assert len(keys) >= 2, record.id


def test_claims_fall_in_the_scope_period():
    for record in _records():
        assert "2017-12-01" <= record.claim.date.isoformat() <= "2020-02-29", record.id
