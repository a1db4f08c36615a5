"""Every command that takes `--jobs` gives the same output for every number of processes:
import, release, load and the search index, on JSON Lines shards and on folders of record
files alike (validate and fmt: `tests/test_scale.py`)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import factcheck
import factcheck.formats as formats
from factcheck.formats.importing import import_dataset
from factcheck.model.records import RECORD_DECODER
from factcheck.search import terms
from factcheck.search.engine import SearchIndex
from factcheck.validation import shards

from .conftest import TODAY, make_dataset

FEVER = Path(__file__).parent / "data" / "formats" / "fever" / "sample.jsonl"
_FEVER_LINES = FEVER.read_text("utf-8").splitlines()
IMPORTED = date(2026, 11, 25)


@pytest.fixture
def small_tasks(monkeypatch):
    """Tasks of a few rows, files or records each, so that every process gets some."""
    monkeypatch.setattr(formats, "_BATCH_ROWS", 3)
    monkeypatch.setattr(shards, "_BATCH_BYTES", 1)
    monkeypatch.setattr(shards, "PIECE_BYTES", 3000)
    monkeypatch.setattr(terms, "_RUN_RECORDS", 7)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path inside it."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _fever_line(n: int, kind: str) -> str:
    """A FEVER line: one of the sample's, a repeat (of an id, or of a claim under a new id),
    or a line that is not JSON."""
    line = _FEVER_LINES[n % len(_FEVER_LINES)]
    if kind == "new":
        data = json.loads(line)
        data["id"] = 5_000_000 + n
        data["claim"] = f"{data['claim'].rstrip('.')} (variant {n})."
        return json.dumps(data)
    if kind == "claim":  # the claim of a sample line, under an id of its own
        data = json.loads(line)
        data["id"] = 6_000_000 + n
        return json.dumps(data)
    if kind == "garbage":
        return "{not json"
    return line  # "same": the sample line itself, a repeated id when it comes twice


_KINDS = st.sampled_from(["new", "new", "new", "same", "claim", "garbage"])


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.tuples(st.integers(0, 29), _KINDS), min_size=1, max_size=40),
    jobs=st.integers(2, 3),
    shard_records=st.sampled_from([5, 1000]),
)
def test_an_import_is_the_same_for_every_number_of_jobs(
    tmp_path_factory, small_tasks, rows, jobs, shard_records
):
    source = tmp_path_factory.mktemp("source") / "train.jsonl"
    source.write_text("\n".join(_fever_line(n, kind) for n, kind in rows) + "\n", "utf-8")
    done = {}
    for count in (1, jobs):
        target = tmp_path_factory.mktemp(f"jobs{count}") / "fever-train"
        result = import_dataset(
            "fever",
            source,
            target,
            today=IMPORTED,
            progress=False,
            shard_records=shard_records,
            jobs=count,
        )
        data = result.to_dict()
        data["output"] = target.name
        done[count] = (data, _files(target) if result.written else None)
    assert done[jobs] == done[1]


def test_a_sharded_import_on_two_processes_is_the_import_on_one(tmp_path, small_tasks):
    source = tmp_path / "train.jsonl"
    kinds = ["same"] * 30 + ["new"] * 10 + ["same", "claim", "garbage"] + ["new"] * 10
    source.write_text("\n".join(_fever_line(n, kind) for n, kind in enumerate(kinds)), "utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = import_dataset(
        "fever", source, tmp_path / "a" / "fever", today=IMPORTED, shard_records=9, jobs=1
    )
    two = import_dataset(
        "fever", source, tmp_path / "b" / "fever", today=IMPORTED, shard_records=9, jobs=2
    )
    assert _files(tmp_path / "b" / "fever") == _files(tmp_path / "a" / "fever")
    assert len(list((tmp_path / "a" / "fever" / "records").glob("part-*.jsonl"))) == 6
    assert one.problems == two.problems and len(one.problems) == 3
    assert [p.line for p in one.problems] == [41, 42, 43]


def _record(i: int) -> dict:
    seed = json.loads((Path(__file__).parent / "data" / "seed" / "us-withdrawing-from-iraq.json")
                      .read_text("utf-8"))  # fmt: skip
    seed["id"] = f"record-{i}"
    seed["claim"]["text"] = f"Claim number {i} about the troops in Iraq."
    return seed


def _working_copy(root: Path) -> Path:
    """A dataset whose records are record files and two JSON Lines shards."""
    folder = make_dataset(root, [_record(i) for i in range(30, 42)], name="corpus")
    for number, part in enumerate((range(0, 14), range(14, 30))):
        lines = (json.dumps(_record(i), ensure_ascii=False) for i in part)
        (folder / "records" / f"part-{number}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def test_a_release_is_the_same_for_every_number_of_jobs(tmp_path, small_tasks):
    made = {}
    for jobs in (1, 2):
        folder = _working_copy(tmp_path / f"jobs{jobs}")
        factcheck.release(folder, "1.0.0", today=TODAY, jobs=jobs)
        (folder / "records" / "part-2.jsonl").write_text(json.dumps(_record(99)) + "\n", "utf-8")
        factcheck.release(folder, "1.1.0", today=TODAY, jobs=jobs, note="One more record.")
        made[jobs] = _files(folder)
    assert made[2] == made[1]
    assert "releases/1.1.0/records.jsonl" in made[1]


def test_a_dataset_loads_the_same_for_every_number_of_jobs(tmp_path, small_tasks):
    folder = _working_copy(tmp_path)
    factcheck.release(folder, "1.0.0", today=TODAY, jobs=1)
    for version in ("dev", "1.0.0"):
        one = factcheck.load(folder, version, today=TODAY, jobs=1)
        two = factcheck.load(folder, version, today=TODAY, jobs=2)
        assert [r.to_dict() for r in two] == [r.to_dict() for r in one]
        assert len(one) == 42
    shard = folder / "records" / "part-1.jsonl"
    assert list(factcheck.load(shard, jobs=2)) == list(factcheck.load(shard, jobs=1))


def test_an_invalid_working_copy_is_refused_alike_for_every_number_of_jobs(tmp_path, small_tasks):
    folder = _working_copy(tmp_path)
    broken = _record(7)
    broken["verdict"]["reviewed"] = "2099-01-01"
    (folder / "records" / "part-3.jsonl").write_text(json.dumps(broken) + "\n", "utf-8")
    messages = []
    for jobs in (1, 2):
        with pytest.raises(factcheck.DataError) as error:
            factcheck.load(folder, "dev", today=TODAY, jobs=jobs)
        messages.append(str(error.value))
    assert messages[0] == messages[1] and "FC301" in messages[0]


def test_a_search_index_is_the_same_for_every_number_of_jobs(small_tasks):
    records = list(factcheck.load("iraq-2020"))
    records += [RECORD_DECODER.decode(json.dumps(_record(i))) for i in range(40)]
    one = SearchIndex(records, jobs=1)
    for jobs in (2, 3):
        other = SearchIndex(records, jobs=jobs)
        assert list(other.terms.items()) == list(one.terms.items())
        assert list(other.words.items()) == list(one.words.items())
        assert other.languages == one.languages
        for name in ("_offsets", "_docs", "_weights"):
            assert getattr(other, name).tobytes() == getattr(one, name).tobytes()
        assert other.top("troops leaving Iraq", 5) == one.top("troops leaving Iraq", 5)


def test_search_takes_jobs(small_tasks, run_cli, monkeypatch):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", "off")
    query = "is the US military pulling out of Iraq?"
    hits = factcheck.search(query, k=1, jobs=2)
    assert [h.id for h in hits] == ["us-withdrawing-from-iraq"]
    code, out, _ = run_cli("search", query, "-k", "1", "--jobs", "2")
    assert code == 0 and "iraq-2020:us-withdrawing-from-iraq" in out


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "2"])
def test_jobs_must_be_a_positive_whole_number_everywhere(tmp_path, bad):
    folder = _working_copy(tmp_path)
    calls = [
        lambda: factcheck.load(folder, "dev", jobs=bad),
        lambda: factcheck.release(folder, "1.0.0", jobs=bad),
        lambda: import_dataset("fever", FEVER, tmp_path / "fever", jobs=bad),
        lambda: factcheck.search("troops", jobs=bad),
        lambda: SearchIndex([], jobs=bad),
    ]
    for call in calls:
        with pytest.raises(factcheck.UsageError, match="jobs must be a positive whole number"):
            call()
    assert not (folder / "releases").exists() and not (tmp_path / "fever").exists()


@pytest.mark.parametrize("command", ["import", "release", "search"])
def test_the_commands_refuse_a_number_of_jobs_that_is_not_one(tmp_path, run_cli, command):
    args = {
        "import": ["import", "fever", str(FEVER), "-o", str(tmp_path / "fever")],
        "release": ["release", str(_working_copy(tmp_path)), "1.0.0"],
        "search": ["search", "troops"],
    }[command]
    code, _, err = run_cli(*args, "--jobs", "0")
    assert code == 2 and "'0' is not a positive whole number of processes" in err


def test_import_and_release_take_jobs_on_the_command_line(tmp_path, run_cli):
    target = tmp_path / "fever-sample"
    code, _, err = run_cli(
        "import", "fever", str(FEVER), "-o", str(target), "--date", "2026-11-25", "-j", "2"
    )
    assert code == 0, err
    copy = tmp_path / "copy" / "fever-sample"
    shutil.copytree(target, copy)
    code, _, err = run_cli("release", str(target), "1.0.0", "--jobs", "2")
    assert code == 0, err
    assert run_cli("release", str(copy), "1.0.0", "--jobs", "1")[0] == 0
    assert _files(copy) == _files(target)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 12), st.integers(0, 2**64 - 1)), max_size=300))
def test_repeated_digests_are_grouped_alike_by_numpy_and_by_sorting(values):
    """Past 50,000 records, the duplicate rules group digests with numpy: the same groups,
    in the same order, as sorting them in Python."""
    from array import array

    from factcheck.validation.rules import dataset

    digests = array("Q", values)
    assert dataset._numpy_digest_groups(digests) == dataset.digest_groups(digests)
