"""Claim search: ranking, robustness to wording, datasets selection, errors and the CLI."""

from __future__ import annotations

import json
import sys

import pytest

import factcheck
from factcheck.errors import DatasetNotFoundError, MissingExtraError, UsageError
from factcheck.search.engine import Analyzer, SearchIndex, index_of, search

from .conftest import SEED, TODAY, make_dataset

pytest.importorskip("bm25s")

FLAGSHIP = "us-withdrawing-from-iraq"


def top_id(query: str, **kwargs) -> str:
    return search(query, k=1, **kwargs)[0].record.id


# -- robustness to how people write --------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Suleimani embassies", "soleimani-planned-attacks-on-four-us-embassies"),
        (
            "was there an imminent threat from soleimany",
            "soleimani-plotting-imminent-sinister-attacks",
        ),
        (
            "iraqi parliment orders american soldiers to leave",
            "iraq-parliament-ordered-us-troops-to-leave",
        ),
        ("no americans harmd in the atack", "trump-no-americans-harmed-in-iran-missile-attack"),
        ("milly unsigned draft leter", "milley-seely-letter-unsigned-draft-mistake"),
    ],
)
def test_typos_and_other_spellings_of_names_find_the_record(query, expected):
    assert top_id(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "Qassem Soleimani killed at Baghdad airport",
        "Qasem Suleimani killed at Bagdad airport",
        "Kassem Soleymani killed at Baghdad airport",
        "abu mahdi al muhandes killed",
    ],
)
def test_transliterations_of_a_name_find_the_same_record(query):
    assert top_id(query) == "us-strike-killed-soleimani-and-muhandis-baghdad"


def test_us_america_and_united_states_are_one_term():
    analyze = Analyzer()
    terms = {
        analyze(text)[0] for text in ("US", "U.S.", "USA", "America", "American", "United States")
    }
    assert terms == {"usa"}


def test_word_forms_meet_after_stemming():
    analyze = Analyzer()
    assert analyze("withdrawal") == analyze("withdrawing") == analyze("withdraw")
    assert analyze("Iraqi") == analyze("Irak") == analyze("Iraq")


def test_accents_and_case_do_not_matter():
    analyze = Analyzer()
    assert analyze("SOLEIMANÍ Téhéran") == analyze("soleimani teheran")


def test_a_question_finds_the_flagship_claim():
    assert top_id("did america withdraw from irak") == FLAGSHIP


def test_a_query_sharing_no_word_with_any_record_finds_nothing():
    assert search("zzzxqv", datasets="iraq-2020") == []


def test_hits_are_ranked_best_first_and_limited_to_k():
    hits = search("Iran missile attack on US bases in Iraq", k=5)
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.score > 0 for h in hits)


# -- what a hit carries ------------------------------------------------------------------


def test_a_hit_has_the_full_record_its_dataset_and_version():
    hit = search("Esper: no decision whatsoever to leave Iraq", k=1)[0]
    assert hit.record.id == "esper-no-decision-to-leave-iraq"
    assert hit.record.claim.claimant.name == "Mark Esper, US Secretary of Defense"
    assert hit.dataset == "iraq-2020"
    assert hit.version == factcheck.list_datasets()[0].latest
    assert repr(hit).startswith("<Hit 'esper-no-decision-to-leave-iraq' in iraq-2020 ")


def test_hit_to_dict_is_json_with_the_record():
    data = search("Trudeau Iranian missile", k=1)[0].to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["id"] == "trudeau-ps752-iranian-missile-intelligence"
    assert data["rating"] == "true"
    assert data["claim_date"] == "2020-01-09"
    assert data["record"]["id"] == data["id"]


# -- choosing the datasets --------------------------------------------------------------


def test_datasets_by_name_by_object_or_all_give_the_same_hits():
    dataset = factcheck.load("iraq-2020")
    query = "Trump sanctions on Iraq"
    ids = [h.record.id for h in search(query, k=3)]
    assert [h.record.id for h in search(query, k=3, datasets="iraq-2020")] == ids
    assert [h.record.id for h in search(query, k=3, datasets=[dataset])] == ids
    assert [h.record.id for h in search(query, k=3, datasets=dataset)] == ids


def test_the_working_copy_can_be_searched():
    hit = search("Seely letter", k=1, datasets="iraq-2020", version="dev")[0]
    assert hit.version == "dev"


def test_a_loaded_dataset_from_any_path_can_be_searched(tmp_path):
    record = json.loads(SEED.read_text("utf-8"))
    record["id"] = "moon-made-of-cheese"
    record["claim"]["text"] = "The moon is made of green cheese."
    folder = make_dataset(tmp_path, [record], name="moon")
    moon = factcheck.load_path(folder, today=TODAY)
    hits = search("is the moon made of cheese?", datasets=[moon, "iraq-2020"])
    assert (hits[0].dataset, hits[0].record.id) == ("moon", "moon-made-of-cheese")


def test_unknown_dataset_name_is_a_clear_error():
    with pytest.raises(
        DatasetNotFoundError, match=r"no dataset named 'nope'; available: iraq-2020"
    ):
        search("anything", datasets="nope")


@pytest.mark.parametrize("datasets", [42, [42], [None]])
def test_a_datasets_value_that_is_no_dataset_is_a_usage_error(datasets):
    with pytest.raises(UsageError, match="datasets= takes a dataset's name"):
        search("anything", datasets=datasets)


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_is_a_usage_error(query):
    with pytest.raises(UsageError, match="the search query is empty"):
        search(query)


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_k_must_be_a_positive_whole_number(k):
    with pytest.raises(UsageError, match="k must be a whole number of at least 1"):
        search("Soleimani", k=k)


# -- the index ------------------------------------------------------------------------------


def test_the_index_is_built_once_per_selection_of_datasets():
    dataset = factcheck.load("iraq-2020")
    assert index_of(dataset) is index_of(dataset)
    assert len(index_of(dataset)) == len(dataset)
    assert index_of(dataset, dataset) is not index_of(dataset)


def test_a_dataset_named_twice_is_searched_once():
    hits = search("Soleimani", k=50, datasets=["iraq-2020", "iraq-2020"])
    ids = [hit.record.id for hit in hits]
    assert len(ids) == len(set(ids))


def test_an_empty_index_finds_nothing():
    assert SearchIndex([]).top("Soleimani", 5) == []


def test_importing_factcheck_does_not_import_the_search_libraries():
    import subprocess

    modules = ("bm25s", "numpy", "rapidfuzz", "factcheck.search.engine")
    code = f"import factcheck, sys; print(sorted(m for m in {modules!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_missing_extra_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "bm25s", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'factcheck-datasets\[search\]'"):
        SearchIndex([])


# -- the command ---------------------------------------------------------------------------


def test_cli_prints_rating_date_id_claim_and_claimant(run_cli):
    code, out, err = run_cli("search", "did trump say no americans were harmed?", "-k", "2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(
        "2 hit(s) for 'did trump say no americans were harmed?' in iraq-2020 "
    )
    assert lines[2].split() == [
        "1.",
        "MOSTLY-FALSE",
        "2020-01-08",
        "iraq-2020:trump-no-americans-harmed-in-iran-missile-attack",
    ]
    assert (
        lines[3].strip() == "No Americans were harmed in last night's attack by the Iranian regime."
    )
    assert lines[4].strip().startswith("by Donald Trump, President of the United States  (score ")


def test_cli_json_output_shape(run_cli):
    code, out, _ = run_cli("search", "Suleimani embassies", "-k", "3", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "Suleimani embassies"
    assert len(data["hits"]) == 3
    first = data["hits"][0]
    assert set(first) == {
        "dataset",
        "version",
        "id",
        "score",
        "rating",
        "label",
        "claim",
        "claimant",
        "claim_date",
        "summary",
        "record",
    }
    assert first["id"] == "soleimani-planned-attacks-on-four-us-embassies"
    assert first["record"]["claim"]["text"] == first["claim"]


def test_cli_no_hits_says_so(run_cli):
    code, out, _ = run_cli("search", "zzzxqv")
    assert (code, out) == (0, "no record matches 'zzzxqv'\n")


def test_cli_unknown_dataset_exits_2_with_the_names_that_exist(run_cli):
    code, out, err = run_cli("search", "Soleimani", "--dataset", "nope")
    assert code == 2
    assert out == ""
    assert "no dataset named 'nope'; available: iraq-2020" in err
    assert "Traceback" not in err


def test_cli_bad_k_exits_2(run_cli):
    code, _, err = run_cli("search", "Soleimani", "-k", "0")
    assert code == 2
    assert "k must be a whole number of at least 1" in err
