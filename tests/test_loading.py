"""Loading: list_datasets, load (latest, pinned, dev), load_path, checksums, and no escape."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import pytest

import factcheck
from factcheck import (
    DataError,
    DatasetNotFoundError,
    IntegrityError,
    PathNotFoundError,
    Rating,
    UsageError,
    VersionNotFoundError,
    list_datasets,
    load,
    load_path,
    release,
)
from factcheck.files import datasets_dir

from .conftest import SEED, TODAY, make_dataset, write_json


@pytest.fixture
def root(tmp_path, record) -> Path:
    """A folder of datasets holding ``demo`` with releases 1.0.0 and 1.1.0 and a working copy."""
    make_dataset(tmp_path, [record])
    release("demo", "1.0.0", root=tmp_path, today=TODAY)
    added = copy.deepcopy(record)
    added["id"] = "added-later"
    added["claim"]["text"] = "A claim added in the second release."
    write_json(tmp_path / "demo" / "records" / "added-later.json", added)
    release("demo", "1.1.0", root=tmp_path, today=TODAY)
    return tmp_path


def test_flagship_loads_from_the_latest_release():
    ds = load("iraq-2020")
    assert ds.version == list_datasets()[0].latest
    assert ds.manifest is not None and len(ds) == ds.manifest.records
    seed = ds["us-withdrawing-from-iraq"]
    assert seed.verdict.rating is Rating.FALSE
    assert "no decision whatsoever to leave Iraq" in seed.evidence[0].quote
    assert ds.info.license == "CC-BY-4.0"


def test_latest_pinned_and_dev(root):
    assert (load("demo", root=root).version, len(load("demo", root=root))) == ("1.1.0", 2)
    assert len(load("demo", "1.0.0", root=root)) == 1
    dev = load("demo", "dev", root=root, today=TODAY)
    assert (dev.version, dev.manifest, len(dev)) == ("dev", None, 2)


def test_list_datasets(root):
    (summary,) = list_datasets(root=root)
    assert summary.name == "demo"
    assert summary.versions == ("1.0.0", "1.1.0")
    assert summary.latest == "1.1.0"
    assert summary.records == {"1.0.0": 1, "1.1.0": 2, "dev": 2}
    assert summary.license == "CC-BY-4.0"


def test_unknown_name_lists_what_exists(root):
    message = r"no dataset named 'dmeo'; did you mean 'demo'\? available: demo"
    with pytest.raises(DatasetNotFoundError, match=message):
        load("dmeo", root=root)


def test_unknown_version_lists_what_exists(root):
    with pytest.raises(VersionNotFoundError, match=r"available: 1\.0\.0, 1\.1\.0, dev"):
        load("demo", "2.0.0", root=root)


def test_a_dataset_with_no_release_yet_loads_its_working_copy(tmp_path, record):
    make_dataset(tmp_path, [record])
    assert load("demo", root=tmp_path, today=TODAY).version == "dev"
    assert load(tmp_path / "demo", today=TODAY).version == "dev"


def test_names_and_paths_follow_one_rule(root, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    assert load("demo").version == "1.1.0"  # ./datasets is not here: a bare name, then a path
    assert load("demo@1.0.0").version == "1.0.0"
    assert load("demo", "latest").version == "1.1.0"
    assert load("./demo").version == "1.1.0"
    assert load("demo/releases/1.0.0").version == "1.0.0"
    assert len(load("demo/releases/1.0.0/records.jsonl")) == 1
    with pytest.raises(UsageError, match=r"pins version '1\.0\.0', but version='1\.1\.0'"):
        load("demo@1.0.0", "1.1.0")
    with pytest.raises(UsageError, match="not int"):
        load(5)


@pytest.mark.parametrize(
    "name", ["../demo", "demo/../demo", "/etc", "..", ".", "", "DEMO", "demo\x00", "demo/"]
)
def test_names_cannot_reach_outside(root, name):
    with pytest.raises(DatasetNotFoundError):
        load(name, root=root)


@pytest.mark.parametrize("version", ["../1.0.0", "1.0.0/..", "/tmp", "..", "1.0.0/", "1.0"])
def test_versions_cannot_reach_outside(root, version):
    with pytest.raises(VersionNotFoundError):
        load("demo", version, root=root)


def test_symlinked_dataset_folder_outside_is_refused(root, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    shutil.copytree(root / "demo", outside / "demo")
    os.symlink(outside / "demo", root / "linked")
    with pytest.raises(DatasetNotFoundError, match=r"points outside"):
        load("linked", root=root)


def test_symlinked_release_outside_is_refused(root, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    shutil.copytree(root / "demo" / "releases" / "1.0.0", outside / "9.0.0")
    os.symlink(outside / "9.0.0", root / "demo" / "releases" / "9.0.0")
    with pytest.raises(DatasetNotFoundError, match=r"points outside"):
        load("demo", "9.0.0", root=root)


def test_tampered_records_file_is_named(root):
    path = root / "demo" / "releases" / "1.1.0" / "records.jsonl"
    path.write_bytes(path.read_bytes().replace(b'"rating":"false"', b'"rating":"true"'))
    with pytest.raises(IntegrityError, match=r"1\.1\.0/records\.jsonl: checksum mismatch"):
        load("demo", root=root)
    assert len(load("demo", "1.0.0", root=root)) == 1  # other releases still load


def test_tampered_metadata_and_missing_files_are_named(root):
    folder = root / "demo" / "releases" / "1.0.0"
    (folder / "dataset.json").write_text("{}", encoding="utf-8")
    with pytest.raises(IntegrityError, match=r"1\.0\.0/dataset\.json: checksum mismatch"):
        load("demo", "1.0.0", root=root)
    (folder / "records.jsonl").unlink()
    (folder / "manifest.json").write_text("not json", encoding="utf-8")
    with pytest.raises(DataError, match=r"manifest.json: not a valid release manifest"):
        load_path(folder)


def test_invalid_working_copy_raises_with_report(root):
    path = root / "demo" / "records" / "added-later.json"
    path.write_text(path.read_text("utf-8").replace('"false"', '"wrong"', 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"added-later\.json:\d+:\d+: FC104") as raised:
        load("demo", "dev", root=root, today=TODAY)
    assert raised.value.report.errors[0].code == "FC104"


def test_load_path_variants(root, tmp_path):
    release_dir = root / "demo" / "releases" / "1.1.0"
    assert load_path(release_dir).version == "1.1.0"
    assert load_path(root / "demo", today=TODAY).version == "dev"
    assert [r.id for r in load_path(SEED, today=TODAY)] == ["us-withdrawing-from-iraq"]
    jsonl = load("demo", root=root).to_jsonl(tmp_path / "out.jsonl")
    loaded = load_path(jsonl, today=TODAY)
    assert (loaded.name, loaded.version, len(loaded)) == ("out", None, 2)
    assert len(load_path(root / "demo" / "records", today=TODAY)) == 2


def test_load_path_missing_and_invalid(tmp_path, record):
    with pytest.raises(PathNotFoundError):
        load_path(tmp_path / "nope.jsonl")
    record["id"] = "Not A Slug"
    bad = write_json(tmp_path / "bad.json", record)
    with pytest.raises(DataError, match=r"bad.json"):
        load_path(bad, today=TODAY)


def test_working_copy_with_release_folder_validates(root):
    report = factcheck.validate([root], today=TODAY)
    assert report.ok, report.findings
    assert report.records == 2  # releases are checked by checksum, not counted as records


def test_validate_reports_a_tampered_release_as_fc306(root):
    path = root / "demo" / "releases" / "1.0.0" / "records.jsonl"
    path.write_bytes(path.read_bytes() + b"\n")
    report = factcheck.validate([root], today=TODAY)
    assert [f.code for f in report.findings] == ["FC306"]
    assert report.findings[0].path.endswith("releases/1.0.0/records.jsonl")
    assert report.findings[0].message.startswith("checksum mismatch")


def test_bundled_data_folder_is_inside_the_package_or_checkout():
    assert (datasets_dir() / "iraq-2020" / "dataset.json").is_file()
