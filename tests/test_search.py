"""Claim search: ranking, wording, languages, "nothing found", datasets, the disk cache,
evaluation, errors and the CLI."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
import warnings

import pytest

import factcheck
from factcheck.errors import DatasetNotFoundError, UsageError
from factcheck.search import cache, engine, evaluation, text
from factcheck.search.engine import MIN_SCORE, Hit, SearchIndex, index_of, search
from factcheck.search.evaluation import QueryResult, evaluate, score
from factcheck.search.text import Analyzer, query_language

from .conftest import SEED, TODAY, make_dataset

FLAGSHIP = "us-withdrawing-from-iraq"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """Each test has its own index cache, and starts with no index in memory. These tests pin
    the lexical ranking (its match, thresholds and output: what a base install runs), so the
    semantic extra is off by default here; tests/test_search_semantic.py tests it."""
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(engine.SEMANTIC_ENV, "off")
    engine._INDEXES.clear()


def ids(query: str, k: int = 5, **kwargs) -> list[str]:
    return [hit.id for hit in search(query, k=k, **kwargs)]


def top_id(query: str, **kwargs) -> str:
    return search(query, k=1, **kwargs)[0].record.id


def _record(record_id: str, claim: str, language: str = "en") -> dict:
    record = json.loads(SEED.read_text("utf-8"))
    record["id"] = record_id
    record["claim"]["text"] = claim
    record["claim"]["language"] = language
    return record


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
    found = {
        analyze(text)[0]
        for text in ("US", "U.S.", "USA", "America", "American", "United States", "Estados Unidos")
    }
    assert found == {"usa"}


def test_word_forms_meet_after_stemming():
    analyze = Analyzer()
    assert analyze("withdrawal") == analyze("withdrawing") == analyze("withdraw")
    assert analyze("Iraqi") == analyze("Irak") == analyze("Iraq") == analyze("العراق")


def test_accents_vowel_marks_and_case_do_not_matter():
    analyze = Analyzer()
    assert analyze("SOLEIMANÍ Téhéran") == analyze("soleimani teheran")
    assert text.words("أمريكا") == text.words("امريكا")


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("about 5,000 troops", ["about", "5000", "troops"]),
        ("roughly five thousand troops", ["roughly", "5000", "troops"]),
        ("5 thousand troops", ["5000", "troops"]),
        ("cinco mil soldados", ["5000", "soldados"]),
        ("EE.UU. envía 3.000 soldados", ["eeuu", "envia", "3000", "soldados"]),
        ("twenty two rockets", ["22", "rockets"]),
        ("1,250,000 people", ["1250000", "people"]),
        # A decimal, a list and a version are not thousands.
        ("1.5 million", ["1", "5", "million"]),
        ("in 2020, 3 times", ["in", "2020", "3", "times"]),
    ],
)
def test_numbers_meet_however_they_are_written(written, digits):
    assert text.words(written) == digits


def test_a_capital_stands_for_its_country_as_a_synonym_not_an_alias():
    analyzer = Analyzer()
    (tehran,) = analyzer.query("Tehran", synonym_weight=engine.SYNONYM_WEIGHT)
    assert tehran.exact == {"tehran"} and tehran.terms["iran"] == engine.SYNONYM_WEIGHT
    # Two capitals are not synonyms of each other.
    assert "baghdad" not in tehran.terms


def test_arabic_adjective_endings_in_latin_letters_meet_the_listed_form():
    analyzer = Analyzer()
    assert analyzer.word_terms("irhabiya", ["en"]) == analyzer.word_terms("irhabi", ["en"])
    assert "terrorist" in analyzer.word_terms("irhabiyya", ["en"])
    assert analyzer.word_terms("amrikiyya", ["en"]) == ["usa"]
    # An unknown word keeps its ending.
    assert analyzer.word_terms("zzzziya", ["en"]) == ["zzzziya"]


def test_a_phrase_in_the_plural_is_the_phrase():
    assert text.words("the black boxes") == ["the", "blackbox"]
    assert text.words("a black box") == ["a", "blackbox"]


def test_a_query_word_also_searches_its_synonyms_at_a_lower_weight():
    slot = Analyzer().query("soldiers", synonym_weight=engine.SYNONYM_WEIGHT)[0]
    assert slot.terms["soldier"] == 1.0
    assert slot.terms["troop"] == engine.SYNONYM_WEIGHT < 1.0
    assert slot.exact == {"soldier"}


def test_a_word_in_synonym_groups_of_different_meanings_is_detected():
    senses = Analyzer().senses
    # "shot": a vaccine shot and a plane shot down; groups sharing nothing else.
    assert len(senses["shot"]) == 2
    # "arrest" sits in two groups of one meaning (they share "detain" too): not ambiguous.
    assert "arrest" not in senses


def test_a_word_of_several_meanings_does_not_bridge_its_synonym_groups():
    analyzer = Analyzer()
    weight = engine.SYNONYM_WEIGHT
    vaccine = analyzer.query("vaccine", synonym_weight=weight)[0]
    # "jab" means only a vaccine; "shot" may be a shot-down plane in a record.
    assert vaccine.terms["jab"] == weight
    assert vaccine.terms["shot"] == weight * text.AMBIGUOUS_SYNONYM_SHARE < weight
    assert "crash" not in vaccine.terms and "down" not in vaccine.terms
    # The rest of the query picks the meaning of the ambiguous word itself.
    shot = analyzer.query("vaccine shot", synonym_weight=weight)[1]
    assert shot.word == "shot" and "jab" in shot.terms and "crash" not in shot.terms
    alone = analyzer.query("shot", synonym_weight=weight)[0]
    assert {"jab", "crash"} <= set(alone.terms)


def test_only_a_capital_letter_makes_a_name():
    analyzer = Analyzer()
    assert [(s.word, s.name) for s in analyzer.query("was Soleimani killed")] == [
        ("soleimani", True),
        ("killed", False),
    ]
    # Arabic has no capitals: no Arabic word is taken for a name.
    assert not any(s.name for s in analyzer.query("هل انسحبت إيران من الاتفاق النووي"))


def test_a_paraphrase_sharing_no_content_word_finds_the_record():
    # "pulling out"/"withdrawing", "soldiers"/"military", "America"/"US"
    assert FLAGSHIP in ids("is america pulling its soldiers out of irak?", k=5)


@pytest.mark.parametrize(
    "query",
    [
        "¿Estados Unidos retira sus tropas de Irak?",
        "Les États-Unis retirent-ils leurs troupes d'Irak ?",
        "Ziehen die USA ihre Truppen aus dem Irak ab?",
        "انسحاب القوات الأمريكية من العراق",
        "insihab al-quwat al-amrikiya min al-iraq",
    ],
)
def test_queries_in_other_languages_find_the_english_record(query):
    assert FLAGSHIP in ids(query, k=3)


def test_function_words_of_a_language_are_dropped_only_in_that_language():
    analyzer = Analyzer()
    # German "die" is "the": dropped in a German query, a word in an English one.
    assert "die" not in {s.word for s in analyzer.query("Ziehen die USA ihre Truppen ab")}
    assert "die" in {s.word for s in analyzer.query("did soldiers die")}


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("¿Estados Unidos retira sus tropas de Irak?", "es"),
        ("Les États-Unis retirent-ils leurs troupes d'Irak ?", "fr"),
        ("Ziehen die USA ihre Truppen aus dem Irak ab?", "de"),
        ("هل انسحبت القوات الأمريكية من العراق؟", "ar"),
        ("Soleimani قتل في بغداد", "ar"),  # most letters Arabic: a name in Latin letters
        ("insihab al-quwat al-amrikiya min al-iraq wa hal", "ar-Latn"),
        ("США выводят войска из Ирака?", "ru"),
        ("美国正在从伊拉克撤军吗？", "zh"),
        ("米軍はイラクから撤退していますか？", "ja"),  # kana and Chinese characters
        ("미군이 이라크에서 철수하고 있습니까?", "ko"),
        ("As tropas americanas estão saindo do Iraque?", "pt"),
        ("Gli Stati Uniti stanno ritirando le truppe dall'Iraq?", "it"),
        ("is the US leaving Iraq?", "en"),
        ("Qassem Soleimani est mort", "en"),  # one French function word is not enough
        ("did soldiers die in the war", "en"),  # German "die", "war": English words too
        ("", "en"),
    ],
)
def test_the_language_of_a_query_is_told_by_its_letters_and_function_words(query, language):
    assert query_language(query) == language


def test_words_of_a_query_in_another_language_that_no_record_holds_weigh_less(monkeypatch):
    # Most words of a Spanish query have no translation in the tables: that no record
    # holds them says less than it does of an English query's words.
    query = "Trump dice que las tropas no saldrán de Irak hasta que le paguen la base aérea"
    answer = "trump-iraq-air-base-cost-billions-pay-us-back"
    assert engine.CROSSLINGUAL_UNKNOWN_WEIGHT < engine.UNKNOWN_WEIGHT
    top = search(query, k=1, datasets="iraq-2020", semantic=False)
    assert [hit.id for hit in top] == [answer]
    monkeypatch.setattr(engine, "CROSSLINGUAL_UNKNOWN_WEIGHT", engine.UNKNOWN_WEIGHT)
    weak = search(query, k=5, datasets="iraq-2020", semantic=False, weak=True)
    assert [hit.weak for hit in weak if hit.id == answer] == [True]
    assert weak[0].score < top[0].score


@pytest.mark.parametrize(
    ("post", "left"),
    [
        ("BREAKING: US troops leaving Iraq https://t.co/abc123XyZ", "US troops leaving Iraq  "),
        ("JUST IN - troops leave Iraq, via @Reuters", "troops leave Iraq, via  "),
        ("see www.example.com/x?a=1 now", "see   now"),
        ("breaking the nuclear deal", "breaking the nuclear deal"),  # no tag: a word
        ("US: troops leave", "US: troops leave"),  # not a news tag
        ("write to a@b.com", "write to a@b.com"),  # an address is not a handle
    ],
)
def test_a_pasted_post_loses_its_links_handles_and_news_tag(post, left):
    assert text.unposted(post) == left


def test_a_pasted_post_is_searched_for_its_words():
    post = "BREAKING: US troops leaving Iraq!!! 🇺🇸 https://t.co/abc123XyZ #Iraq #WW3 @someone"
    words_only = "US troops leaving Iraq Iraq WW3"
    hits = search(post, k=3, datasets="iraq-2020", semantic=False)
    assert hits and not any(hit.weak for hit in hits)
    same = search(words_only, k=3, datasets="iraq-2020", semantic=False)
    assert [hit.id for hit in hits] == [hit.id for hit in same]
    # "#WW3" is a word no record holds, not a name: written "WW3", it would weigh as one.
    assert hits[0].score > same[0].score
    slots = {slot.word: slot for slot in Analyzer().query("troops #WW3")}
    assert not slots["ww3"].name
    assert {slot.word: slot for slot in Analyzer().query("troops WW3")}["ww3"].name


def test_records_in_another_language_are_found_in_their_language_and_in_english(tmp_path):
    folder = make_dataset(
        tmp_path,
        [
            _record(
                "es-retirada", "Estados Unidos anuncia la retirada de sus tropas de Irak.", "es"
            ),
            _record("es-vacunas", "Las vacunas contienen microchips.", "es"),
        ],
        name="es-demo",
    )
    spanish = factcheck.load(folder, "dev", today=TODAY)
    assert ids("retiradas de tropas", datasets=spanish)[0] == "es-retirada"  # Spanish stems
    assert ids("US troops withdrawal from Iraq", datasets=spanish)[0] == "es-retirada"
    assert ids("vaccines microchip", datasets=spanish) == ["es-vacunas"]


# -- "nothing found" and the score --------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["the moon is made of cheese", "zzzxqv", "bananas are radioactive"],
)
def test_a_query_no_record_answers_finds_nothing(query):
    assert search(query) == []


def test_weak_hits_are_shown_on_request_and_marked():
    weak = search("the moon is made of cheese", weak=True)
    assert weak
    assert all(hit.weak and hit.score < MIN_SCORE for hit in weak)
    assert "weak" in repr(weak[0])


def test_a_record_matching_only_through_its_context_is_a_weak_hit():
    # Saddam Hussein is named in the context of a record about the cost of a base, not in
    # any claim: a question about him is answered "nothing found".
    query = "did Saddam Hussein hide chemical weapons?"
    assert search(query, datasets="iraq-2020") == []
    top = search(query, k=1, datasets="iraq-2020", weak=True)[0]
    assert top.score >= MIN_SCORE  # the record holds enough of the query, its claim not
    assert top.claim_score is not None and top.claim_score < engine.MIN_CLAIM_SCORE
    assert top.weak


def test_a_hit_is_weak_exactly_when_its_match_or_its_claim_falls_short():
    for hit in search("Iran missile attack on US bases in Iraq", k=30, weak=True):
        short = hit.score < MIN_SCORE or hit.claim_score < engine.MIN_CLAIM_SCORE
        assert hit.weak == short
        assert 0 <= hit.claim_score <= hit.score + 1e-9


def test_scores_are_matches_between_0_and_1_and_hits_clear_the_threshold():
    hits = search("Iran missile attack on US bases in Iraq", k=5)
    assert len(hits) == 5
    assert all(MIN_SCORE <= hit.score <= 1.0 and not hit.weak for hit in hits)
    exact = search("The US military is withdrawing from Iraq.", k=1)[0]
    assert (exact.id, exact.score) == (FLAGSHIP, 1.0)


def test_the_threshold_can_be_chosen():
    query = "Iran missile attack on US bases in Iraq"
    strict = search(query, k=50, min_score=0.9)
    lenient = search(query, k=50, min_score=0.1)
    assert strict and all(hit.score >= 0.9 for hit in strict)
    assert len(lenient) > len(strict)
    with pytest.raises(UsageError, match="min_score is a number from 0 to 1"):
        search(query, min_score=1.5)


def test_a_word_no_record_holds_lowers_the_match():
    with_unknown = search("US military withdrawing from Iraq zebra", k=1, weak=True)[0]
    without = search("US military withdrawing from Iraq", k=1)[0]
    assert with_unknown.id == without.id == FLAGSHIP
    assert with_unknown.score < without.score


# -- what a hit carries ------------------------------------------------------------------


def test_a_hit_has_the_full_record_its_dataset_and_version():
    hit = search("Esper: no decision whatsoever to leave Iraq", k=1)[0]
    assert hit.record.id == "esper-no-decision-to-leave-iraq"
    assert hit.dataset == "iraq-2020"
    assert hit.version == factcheck.list_datasets()[0].latest
    assert repr(hit).startswith("<Hit 'esper-no-decision-to-leave-iraq' in iraq-2020 ")


def test_hit_to_dict_is_json_with_the_record():
    data = search("Trudeau Iranian missile", k=1)[0].to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["id"] == "trudeau-ps752-iranian-missile-intelligence"
    assert data["rating"] == "true"
    assert data["weak"] is False
    assert data["record"]["id"] == data["id"]


# -- choosing the datasets --------------------------------------------------------------


def test_datasets_by_name_by_path_by_object_or_all_give_the_same_hits():
    dataset = factcheck.load("iraq-2020")
    query = "Trump sanctions on Iraq"
    expected = ids(query, k=3)
    assert ids(query, k=3, datasets="iraq-2020") == expected
    assert ids(query, k=3, datasets=[dataset]) == expected
    assert ids(query, k=3, datasets=dataset) == expected
    folder = factcheck.files.datasets_dir() / "iraq-2020"
    assert ids(query, k=3, datasets=folder) == expected
    assert ids(query, k=3, datasets=str(folder)) == expected


def test_the_working_copy_can_be_searched():
    hit = search("Seely letter", k=1, datasets="iraq-2020", version="dev")[0]
    assert hit.version == "dev"


def test_several_datasets_are_searched_together(tmp_path):
    folder = make_dataset(
        tmp_path, [_record("moon-made-of-cheese", "The moon is made of green cheese.")], "moon"
    )
    moon = factcheck.load(folder, "dev", today=TODAY)
    hits = search("is the moon made of cheese?", datasets=[moon, "iraq-2020"])
    assert [(h.dataset, h.id) for h in hits] == [("moon", "moon-made-of-cheese")]
    hits = search("Soleimani killed at Baghdad airport", datasets=[moon, "iraq-2020"])
    assert hits and {h.dataset for h in hits} == {"iraq-2020"}


def test_unknown_dataset_name_is_a_clear_error():
    with pytest.raises(DatasetNotFoundError, match=r"no dataset named 'nope'; .*iraq-2020"):
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


def test_an_imported_dataset_is_searched_without_warnings(tmp_path):
    from factcheck.formats.importing import import_dataset

    from .conftest import DATA

    target = tmp_path / "liar-sample"
    import_dataset("liar", DATA / "formats" / "liar" / "train.tsv", target, progress=False)
    liar = factcheck.load(target, "dev")
    claim = liar[0].claim.text
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert search(claim, k=1, datasets=liar)[0].id == liar[0].id
        search("zzzxqv qqq", datasets=liar, weak=True)


# -- the index --------------------------------------------------------------------------------


def test_the_index_is_built_once_per_selection_of_datasets():
    dataset = factcheck.load("iraq-2020")
    assert index_of(dataset) is index_of(dataset)
    assert len(index_of(dataset)) == len(dataset)
    assert index_of(dataset, dataset) is not index_of(dataset)


def test_a_dataset_named_twice_is_searched_once():
    found = ids("Soleimani", k=50, datasets=["iraq-2020", "iraq-2020"])
    assert len(found) == len(set(found))


def test_a_huge_query_is_bounded_and_answered():
    query = " ".join(f"word{n} Soleimani" for n in range(20_000))
    index = index_of(factcheck.load("iraq-2020"))
    assert len(index.slots(query)) <= engine.MAX_QUERY_WORDS
    search(query, weak=True)  # returns, quickly


def test_an_empty_index_finds_nothing():
    assert SearchIndex([]).top("Soleimani", 5) == []


def test_typos_are_never_corrected_into_numbers():
    index = index_of(factcheck.load("iraq-2020"))
    assert not any(word.isdigit() for word in index.vocabulary)
    assert index.near("2021") == []
    assert ("soleimani", pytest.approx(16 / 18)) in index.near("soleimany")


def test_importing_factcheck_does_not_import_the_search_libraries():
    modules = ("numpy", "snowballstemmer", "factcheck.search.engine")
    code = f"import factcheck, sys; print(sorted(m for m in {modules!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- the index on disk -----------------------------------------------------------------------


def _cached_files(tmp_path):
    return sorted((tmp_path / "cache").glob("*.idx"))


def test_the_index_of_a_release_is_kept_on_disk_and_read_back(tmp_path, monkeypatch):
    dataset = factcheck.load("iraq-2020")
    built = index_of(dataset)
    (path,) = _cached_files(tmp_path)
    engine._INDEXES.clear()

    def no_build():
        raise AssertionError("the cached index should have been read")

    read = cache.cached_index([dataset], no_build)
    assert read is not built
    assert read.terms == built.terms and read.words == built.words
    query = "is the US leaving Iraq?"
    assert read.ranked(query, 10, weak=True) == built.ranked(query, 10, weak=True)
    assert path.stat().st_size > 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-9] + bytes([data[-9] ^ 0xFF]) + data[-8:],  # a flipped byte
        lambda data: b"not an index at all",
        lambda data: b"",
    ],
)
def test_a_damaged_cache_file_is_rebuilt_and_replaced(tmp_path, damage):
    dataset = factcheck.load("iraq-2020")
    good = index_of(dataset)
    (path,) = _cached_files(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    calls = []

    def build():
        calls.append(1)
        return good

    assert cache.cached_index([dataset], build) is good
    assert calls == [1]
    assert cache.read(path, cache._key([dataset]), list(dataset)) is not None  # rewritten


def test_a_cache_file_of_other_records_is_not_used(tmp_path):
    dataset = factcheck.load("iraq-2020")
    index_of(dataset)
    (path,) = _cached_files(tmp_path)
    assert cache.read(path, "0" * 64, list(dataset)) is None  # another selection's key
    assert cache.read(path, cache._key([dataset]), list(dataset)[:-1]) is None


def test_a_part_of_a_release_has_its_own_index(tmp_path):
    dataset = factcheck.load("iraq-2020")
    first, second = dataset[:10], dataset[10:20]
    assert cache._key([first]) != cache._key([second]) != cache._key([dataset])
    index_of(first)
    engine._INDEXES.clear()
    assert [r.id for r in index_of(second).records] == second.ids


def test_working_copies_are_not_cached_and_caching_can_be_turned_off(tmp_path, monkeypatch):
    index_of(factcheck.load("iraq-2020", "dev"))
    assert _cached_files(tmp_path) == []
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", "off")
    index_of(factcheck.load("iraq-2020"))
    assert cache.cache_dir() is None


def test_the_cache_lives_in_the_user_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("FACTCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "factcheck" / "search"


# -- evaluation -----------------------------------------------------------------------------


def test_evaluate_scores_ranks_and_out_of_scope_queries():
    result = evaluate(
        [
            ("The US military is withdrawing from Iraq.", FLAGSHIP),
            {"query": "the moon is made of cheese", "expected": []},
            ("bananas are radioactive", [], "iraq-2020"),
        ],
        datasets="iraq-2020",
    )
    assert (result.in_scope, result.out_of_scope) == (1, 2)
    assert result["success@1"].value == result["MRR"].value == 1.0
    assert result["MAP@5"].value == 1.0
    assert result["nothing found"].value == 1.0
    assert result["lost"].value == 0.0


def test_metrics_and_their_intervals_follow_the_definitions():
    def r(expected, found, weak=()):
        return QueryResult("q", frozenset(expected), tuple(found), tuple(found) + tuple(weak))

    results = [
        r({"a"}, ["a", "x"]),  # rank 1
        r({"a"}, ["x", "y", "a"]),  # rank 3
        r({"a", "b"}, ["a", "x", "b"]),  # AP@5 = (1/1 + 2/3) / 2
        r({"a"}, [], weak=["a"]),  # lost to the threshold
        r(set(), []),  # out of scope, nothing found
        r(set(), ["x"]),  # out of scope, answered
    ]
    result = score(results, resamples=200, seed=1)
    assert result["success@1"].value == 0.5
    assert result["success@5"].value == 0.75
    assert result["MRR"].value == pytest.approx((1 + 1 / 3 + 1) / 4)
    assert result["MAP@5"].value == pytest.approx((1 + 1 / 3 + (1 + 2 / 3) / 2) / 4)
    assert result["lost"].value == 0.25
    assert result["nothing found"].value == 0.5
    for metric in result.metrics.values():
        assert metric.low <= metric.value <= metric.high
    again = score(results, resamples=200, seed=1)
    assert again.metrics == result.metrics  # a fixed seed: the same intervals
    assert [m.expected for m in result.misses()] == [frozenset({"a"}), frozenset()]


@pytest.mark.parametrize("pair", ["just a string", ("q",), ("", "id"), ("q", 5)])
def test_evaluate_refuses_what_is_not_a_labelled_query(pair):
    with pytest.raises(UsageError, match=r"labelled query|expected records"):
        evaluate([pair])


def test_the_search_docstring_examples_run():
    for module in (engine, evaluation):
        finder = doctest.DocTestFinder()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        tests = [t for t in finder.find(module) if t.examples]
        assert tests, module.__name__
        for test in tests:
            runner.run(test)
        assert runner.failures == 0, module.__name__


# -- the command ---------------------------------------------------------------------------


def test_cli_prints_rating_date_id_claim_claimant_and_match(run_cli):
    code, out, err = run_cli("search", "did trump say no americans were harmed?", "-k", "2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("2 hits for 'did trump say no americans were harmed?' in iraq-2020 ")
    assert lines[2].split() == [
        "1.",
        "MOSTLY-FALSE",
        "2020-01-08",
        "iraq-2020:trump-no-americans-harmed-in-iran-missile-attack",
    ]
    assert (
        lines[3].strip() == "No Americans were harmed in last night's attack by the Iranian regime."
    )
    assert lines[4].strip().startswith("by Donald Trump, President of the United States  (match ")


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
        "match",
        "similarity",
        "dated",
        "weak",
        "rating",
        "label",
        "claim",
        "claimant",
        "claim_date",
        "summary",
        "record",
    }
    assert first["id"] == "soleimani-planned-attacks-on-four-us-embassies"
    assert first["match"] == first["score"] and first["similarity"] is None  # lexical here
    assert first["record"]["claim"]["text"] == first["claim"]


def test_a_year_the_record_does_not_hold_makes_it_a_weak_hit():
    # The flagship claim was made in January 2020: asked about 2021, every word but the
    # year matches, and it is still not an answer.
    assert FLAGSHIP not in ids("is the US withdrawing from Iraq in 2021?")
    (weak,) = [
        h for h in search("is the US withdrawing from Iraq in 2021?", weak=True) if h.id == FLAGSHIP
    ]
    assert weak.weak and not weak.dated and weak.score >= MIN_SCORE
    # the year it was made in, or a number that is not a year, does not count against it
    assert ids("is the US withdrawing from Iraq in 2020?")[:1] == [FLAGSHIP]
    hit = search("is the US withdrawing from Iraq in 2020?", k=1)[0]
    assert hit.dated and not hit.weak
    assert "2020" not in hit.record.claim.text  # held by its date, not its words
    assert all(h.dated for h in search("is the US withdrawing 5000 troops?", k=10, weak=True))
    shown = engine.render_hits("in 2021?", [weak])
    assert "weak: not of the year asked" in shown


def test_cli_no_hits_says_so_and_all_shows_the_weak_ones(run_cli):
    code, out, _ = run_cli("search", "the moon is made of cheese")
    assert code == 0
    assert out.splitlines()[0] == "no record matches 'the moon is made of cheese'"
    code, out, _ = run_cli("search", "the moon is made of cheese", "--all", "-k", "2")
    assert code == 0
    assert out.startswith("2 hits for 'the moon is made of cheese'")
    assert out.count(", weak)") == 2


def test_cli_searches_several_datasets_by_name_and_path(run_cli, tmp_path):
    folder = make_dataset(
        tmp_path, [_record("moon-made-of-cheese", "The moon is made of green cheese.")], "moon"
    )
    code, out, err = run_cli(
        "search", "moon cheese", "--dataset", str(folder), "--dataset", "iraq-2020",
        "--version", "dev", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    assert [(h["dataset"], h["id"]) for h in json.loads(out)["hits"]] == [
        ("moon", "moon-made-of-cheese")
    ]


def test_cli_unknown_dataset_exits_2_with_the_names_that_exist(run_cli):
    code, out, err = run_cli("search", "Soleimani", "--dataset", "nope")
    assert code == 2
    assert out == ""
    assert "no dataset named 'nope'" in err and "iraq-2020" in err
    assert "Traceback" not in err


def test_cli_bad_k_exits_2(run_cli):
    code, _, err = run_cli("search", "Soleimani", "-k", "0")
    assert code == 2
    assert "k must be a whole number of at least 1" in err


def test_hits_print_record_text_escaped():
    record = factcheck.load("iraq-2020")[0]
    shown = engine.render_hits("a\x1b[31m", [Hit(record, 1.0, "demo\x1b]0;x", "1.0.0")])
    assert "\x1b" not in shown
