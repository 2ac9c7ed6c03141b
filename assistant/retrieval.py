"""Hybrid retrieval: Japanese BM25 (SudachiPy words + character bigrams) fused with dense embeddings.

Fusion: the union of the top `candidates` of each ranking is scored by every signal (BM25 scores are
known for all chunks; a candidate outside the dense top list gets the lowest dense score seen), each
signal is z-normalised over the candidate set, and the weighted sum is the hit's `score`.
(Measured on JSQuAD valid: this beats reciprocal-rank fusion by ~3 points hit@1, because the weaker
dense ranking no longer outvotes two agreeing lexical ones; see docs/evaluation.md.)

Invariants:
- All signals see the same metadata filters (chroma `where` for dense, a mask for BM25).
- Returned hits are best first, ranks 1-based and contiguous.
- Neighbouring chunks (same document, adjacent ordinals) of a better hit are dropped, so top-k shows
  k different places.
- The first `rerank_depth` fused hits are re-scored with their best sentence's query coverage; the
  hit score is then that combined score (comparable within one query only).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from assistant.lexical import BM25Index, JapaneseTokenizer
from assistant.protocols import ChunkStore, Embedder
from assistant.settings import Settings
from assistant.textutil import split_sentences
from assistant.types import Chunk, Hit, SearchFilters


def chunk_matches(c: Chunk, f: SearchFilters) -> bool:
    """Python-side filter semantics (must agree with the store's `where` translation)."""
    if f.doc_types and c.doc_type not in f.doc_types:
        return False
    if f.departments and (c.department or "") not in f.departments:
        return False
    if f.confidentiality and c.confidentiality not in f.confidentiality:
        return False
    if f.date_from or f.date_to:
        if not c.date:
            return False
        if f.date_from and c.date < f.date_from:
            return False
        if f.date_to and c.date > f.date_to:
            return False
    return True


def _z(v: np.ndarray) -> np.ndarray:
    sd = float(v.std())
    return (v - v.mean()) / sd if sd > 1e-9 else np.zeros_like(v)


class HybridRetriever:
    def __init__(self, settings: Settings, embedder: Embedder, store: ChunkStore,
                 tokenizer: JapaneseTokenizer | None = None) -> None:
        self.s = settings.retrieval
        self.embedder = embedder
        self.store = store
        self.tokenizer = tokenizer or JapaneseTokenizer()
        self.bm25 = BM25Index(settings.index_dir / "lexical", self.tokenizer, k1=self.s.bm25_k1, b=self.s.bm25_b)
        self._gen: str | None = None
        self._chunks: list[Chunk] = []  # in BM25 index order
        self._pos: dict[str, int] = {}
        self._sentence_tokens: dict[str, list[set[str]]] = {}
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        self.tokenizer.warm_up()
        w = getattr(self.embedder, "warm_up", None)
        if callable(w):
            w()
        self._sync()

    def _sync(self, force: bool = False) -> None:
        gen = self.store.generation()
        with self._lock:
            if gen == self._gen and not force:
                return
            chunks = self.store.all_chunks()
            self.bm25.sync(gen, [(c.chunk_id, c.retrieval_text()) for c in chunks])
            by_id = {c.chunk_id: c for c in chunks}
            self._chunks = [by_id[cid] for cid in self.bm25.ids]
            self._pos = {cid: i for i, cid in enumerate(self.bm25.ids)}
            self._gen = gen

    def search(self, query: str, k: int | None = None, filters: SearchFilters | None = None,
               query_vector: np.ndarray | None = None) -> list[Hit]:
        """Top-k hits, best first. `query_vector` may be given when the caller embedded in batch."""
        k = k or self.s.top_k
        filters = filters or SearchFilters()
        if not query.strip():
            return []
        self._sync()
        qv = query_vector if query_vector is not None else self.embedder.embed_queries([query])[0]
        n = max(self.s.candidates, k)
        dense = self.store.dense_search(qv, n, filters)
        if any(c.chunk_id not in self._pos for c, _ in dense):  # index changed under us (concurrent ingest)
            self._sync(force=True)
        lex = self.bm25.scores(query)
        return self.fuse(lex, [(c.chunk_id, s) for c, s in dense], filters, k, self.tokenizer.tokens(query))

    def fuse(self, lex: dict[str, np.ndarray], dense: Sequence[tuple[str, float]], filters: SearchFilters,
             k: int, query_words: list[str] | None = None) -> list[Hit]:
        if not self._chunks:
            return []
        n = max(self.s.candidates, k)
        mask = None if filters.is_empty() else np.array([chunk_matches(c, filters) for c in self._chunks])
        cand: dict[int, None] = {}
        for name in ("words", "bigrams"):
            sc = lex.get(name)
            if sc is None:
                continue
            if mask is not None:
                sc = np.where(mask, sc, -np.inf)
            top = np.argsort(-sc, kind="stable")[:n]
            cand.update((int(i), None) for i in top if np.isfinite(sc[i]) and sc[i] > 0)
        dense_pos = {self._pos[cid]: s for cid, s in dense if cid in self._pos}
        cand.update((i, None) for i in dense_pos)
        if not cand:
            return []
        idx = np.array(list(cand))
        floor = min(dense_pos.values()) if dense_pos else 0.0
        total = np.zeros(len(idx))
        for name, w in (("words", self.s.word_weight), ("bigrams", self.s.bigram_weight)):
            if w > 0 and name in lex:
                total += w * _z(lex[name][idx].astype(np.float64))
        if self.s.dense_weight > 0:
            total += self.s.dense_weight * _z(np.array([dense_pos.get(int(i), floor) for i in idx], dtype=np.float64))
        order = np.argsort(-total, kind="stable")
        ordered = [(self._chunks[int(idx[o])], float(total[o])) for o in order]
        if self.s.sentence_weight > 0 and query_words:
            ordered = self._sentence_rerank(query_words, ordered)
        return [Hit(chunk=c, score=s, rank=i + 1) for i, (c, s) in enumerate(dedupe_neighbours(ordered, k))]

    def _sentence_rerank(self, query_words: list[str], ordered: list[tuple[Chunk, float]]) -> list[tuple[Chunk, float]]:
        """Re-score the head of the fused list by its best single sentence's idf-weighted coverage of
        the query: questions are usually answered by one sentence, and this separates passages of one
        topic that all mention the topic words (measured: +0.5..1.5 points hit@1 on JSQuAD/JaQuAD)."""
        head, tail = ordered[: self.s.rerank_depth], ordered[self.s.rerank_depth :]
        q = set(query_words)
        weights = {t: self.bm25.idf(t) for t in q}
        total = sum(weights.values()) or 1.0
        best = []
        for c, _ in head:
            sents = self._sentence_tokens.get(c.chunk_id)
            if sents is None:
                sents = [set(self.tokenizer.tokens(c.text[a:b])) for a, b in split_sentences(c.text)]
                if len(self._sentence_tokens) > 50_000:
                    self._sentence_tokens.clear()
                self._sentence_tokens[c.chunk_id] = sents
            best.append(max((sum(weights[t] for t in q & st) / total for st in sents), default=0.0))
        base = _z(np.array([sc for _, sc in head], dtype=np.float64))
        final = base + self.s.sentence_weight * np.array(best)
        order = np.argsort(-final, kind="stable")
        return [(head[i][0], float(final[i])) for i in order] + tail


def dedupe_neighbours(ordered: Sequence[tuple[Chunk, float]], k: int) -> list[tuple[Chunk, float]]:
    """Keep the best of each run of adjacent chunks of one document; return at most k."""
    kept: list[tuple[Chunk, float]] = []
    taken: set[tuple[str, int]] = set()
    for c, s in ordered:
        if any((c.doc_id, c.ordinal + d) in taken for d in (-1, 0, 1)):
            continue
        kept.append((c, s))
        taken.add((c.doc_id, c.ordinal))
        if len(kept) >= k:
            break
    return kept
