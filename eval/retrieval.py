"""Retrieval evaluation on QA sets with gold passages: the hybrid retriever against a naive baseline.

    python -m eval.retrieval --dataset jsquad            # ../shared/data/jsquad/valid_*.jsonl
    python -m eval.retrieval --dataset jaquad            # ../shared/data/jaquad/dev_*.jsonl
    python -m eval.retrieval --dataset jsquad --dataset jaquad --half odd   # held-out half only
    python -m eval.retrieval --corpus C.jsonl --qa Q.jsonl [--limit N] [--json]

Corpus lines: {"doc_id", "title", "text"}; QA lines: {"qid", "question", "gold_doc_id"}.
Each passage is indexed as one chunk (title + text as retrieval text, like a document heading).
Systems scored in the same run: hybrid (product), bm25 (Sudachi BM25 only), dense (e5 only), and the
naive baseline: character-bigram BM25 over fixed 200-character windows (stride 100).
Metrics: hit@1/5/10, MRR@10, nDCG@10 (one gold passage per question).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
DATASETS = {
    "jsquad": (SHARED / "jsquad" / "valid_corpus.jsonl", SHARED / "jsquad" / "valid_qa.jsonl"),
    "jaquad": (SHARED / "jaquad" / "dev_corpus.jsonl", SHARED / "jaquad" / "dev_qa.jsonl"),
}
CACHE = REPO / ".eval-cache"


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def metrics(ranked_docs: Sequence[Sequence[str]], gold: Sequence[str]) -> dict[str, float]:
    n = len(gold)
    h1 = h5 = h10 = mrr = ndcg = 0.0
    for docs, g in zip(ranked_docs, gold):
        docs = list(docs)[:10]
        if g in docs:
            r = docs.index(g) + 1
            h1 += r == 1
            h5 += r <= 5
            h10 += 1
            mrr += 1.0 / r
            ndcg += 1.0 / math.log2(r + 1)
    return {k: round(v / n, 4) for k, v in
            {"hit@1": h1, "hit@5": h5, "hit@10": h10, "mrr@10": mrr, "ndcg@10": ndcg}.items()}


def unique_docs(ids: Sequence[str], k: int = 10) -> list[str]:
    out: list[str] = []
    for d in ids:
        if d not in out:
            out.append(d)
            if len(out) == k:
                break
    return out


class NaiveBigramBaseline:
    """Character-bigram BM25 over fixed windows: what tools without Japanese tokenisation do."""

    def __init__(self, corpus: Sequence[dict], window: int = 200, stride: int = 100) -> None:
        import bm25s

        self.win_doc: list[str] = []
        toks: list[list[str]] = []
        for d in corpus:
            text = f"{d.get('title', '')}\n{d['text']}"
            for s in range(0, max(1, len(text) - window + stride), stride):
                w = text[s : s + window]
                self.win_doc.append(d["doc_id"])
                toks.append(self.bigrams(w) or ["∅"])
        self.model = bm25s.BM25()
        self.model.index(toks, show_progress=False)

    @staticmethod
    def bigrams(text: str) -> list[str]:
        t = "".join(text.split())
        return [t[i : i + 2] for i in range(len(t) - 1)]

    def search(self, q: str, k: int = 10) -> list[str]:
        qt = self.bigrams(q)
        if not qt:
            return []
        scores = self.model.get_scores(qt)
        top = np.argsort(-scores)[: k * 4]
        return unique_docs([self.win_doc[i] for i in top if scores[i] > 0], k)


def evaluate(corpus_path: Path, qa_path: Path, limit: int | None = None, settings=None, log=print,
             half: str | None = None, cache_dir: Path = CACHE) -> dict:
    """Score every system on the QA file. `half` = "even"/"odd" keeps the even/odd-numbered questions
    (the re-scoring weights in defaults.toml were fitted on the even ones; odd = held out)."""
    from assistant.embeddings import make_embedder
    from assistant.retrieval import HybridRetriever
    from assistant.settings import load_settings
    from assistant.types import Chunk
    from eval.memstore import cached_embeddings, embedded_store

    corpus = load_jsonl(corpus_path)
    qa = load_jsonl(qa_path)
    if half:
        qa = qa[{"even": 0, "odd": 1}[half]::2]
    if limit:
        step = max(1, len(qa) // limit)  # deterministic spread over all articles
        qa = qa[::step][:limit]
    name = corpus_path.stem
    settings = settings or load_settings(home=cache_dir / f"home-{name}")
    chunks = [Chunk(chunk_id=d["doc_id"], doc_id=d["doc_id"], text=d["text"], start=0, end=len(d["text"]),
                    source=corpus_path.name, path=str(corpus_path), title=d.get("title")) for d in corpus]
    emb = make_embedder(settings.embedding)
    t = time.perf_counter()
    store = embedded_store(emb, chunks, cache_dir)  # chunk and per-sentence vectors, as ingest stores them
    t_index = time.perf_counter() - t
    retr = HybridRetriever(settings, emb, store)
    t = time.perf_counter()
    retr.warm_up()
    t_bm25 = time.perf_counter() - t
    questions = [q["question"] for q in qa]
    gold = [q["gold_doc_id"] for q in qa]
    t = time.perf_counter()
    qvecs = cached_embeddings(emb, questions, cache_dir, "query")
    t_qemb = time.perf_counter() - t
    base = NaiveBigramBaseline(corpus)
    runs: dict[str, list[list[str]]] = {"hybrid": [], "bm25_words": [], "bm25_bigrams": [], "dense": [], "baseline": []}
    t = time.perf_counter()
    n = max(settings.retrieval.candidates, 10)
    ids = retr.bm25.ids
    from assistant.types import SearchFilters

    for q, qv in zip(questions, qvecs):
        hits = retr.search(q, 10, query_vector=qv)
        runs["hybrid"].append([h.chunk.doc_id for h in hits])
        lex = retr.bm25.scores(q)
        for name in ("words", "bigrams"):
            top = np.argsort(-lex[name], kind="stable")[:10]
            runs[f"bm25_{name}"].append([ids[i] for i in top])
        runs["dense"].append(unique_docs([c.doc_id for c, _ in store.dense_search(qv, n, SearchFilters())]))
    t_search = time.perf_counter() - t
    runs["baseline"] = [base.search(q) for q in questions]
    table = {sys_: metrics(r, gold) for sys_, r in runs.items()}
    b = table["baseline"]["hit@1"] or 1e-9
    return {
        "corpus": str(corpus_path), "qa": str(qa_path), "half": half or "all", "questions": len(qa), "passages": len(corpus),
        "metrics": table, "hybrid_over_baseline_hit@1": round(table["hybrid"]["hit@1"] / b, 3),
        "seconds": {"embed_passages": round(t_index, 1), "bm25_index": round(t_bm25, 1),
                    "embed_queries": round(t_qemb, 1), "search_per_query_ms": round(1000 * t_search / max(1, len(qa)), 1)},
    }


def to_markdown(res: dict) -> str:
    which = "" if res.get("half", "all") == "all" else f" ({res['half']}-numbered only)"
    lines = [f"**{Path(res['qa']).name}**{which} — {res['questions']} questions over {res['passages']} passages",
             "", "| system | hit@1 | hit@5 | hit@10 | MRR@10 | nDCG@10 |", "|---|---|---|---|---|---|"]
    for sys_, m in res["metrics"].items():
        lines.append(f"| {sys_} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | {m['hit@10']:.3f} | {m['mrr@10']:.3f} | {m['ndcg@10']:.3f} |")
    lines.append(f"\nhybrid / naive baseline (hit@1): {res['hybrid_over_baseline_hit@1']}×; timings {res['seconds']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.offline import enforce_offline_env

    enforce_offline_env()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", choices=sorted(DATASETS), action="append")
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--qa", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="evaluate an evenly spread sample of N questions")
    ap.add_argument("--half", choices=["even", "odd"], help="only the even/odd-numbered questions (odd = held out from weight fitting)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    pairs = [DATASETS[d] for d in (a.dataset or [])]
    if a.corpus and a.qa:
        pairs.append((a.corpus, a.qa))
    if not pairs:
        ap.error("give --dataset or --corpus and --qa")
    for c, q in pairs:
        res = evaluate(c, q, a.limit, half=a.half)
        print(json.dumps(res, ensure_ascii=False) if a.json else to_markdown(res) + "\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
