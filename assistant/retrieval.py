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
  k different places (unless the caller keeps them for context selection: `keep_neighbours`).
- The first `rerank_depth` fused hits are re-scored by a linear model over their sentences (see
  `_rerank_head`); the hit score is then that score (comparable within one query only).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.lexical import BM25Index, JapaneseTokenizer
from assistant.protocols import ChunkStore, Embedder
from assistant.settings import Settings
from assistant.textutil import answer_types, dated, norm, numbered, split_sentences, term_forms, term_text
from assistant.types import Chunk, Hit, SearchFilters


@dataclass(frozen=True)
class _SentenceFeatures:
    """Per-sentence analysis of one chunk, cached by chunk id (ids embed the content hash)."""

    words: list[frozenset[str]]
    bigrams: list[frozenset[str]]
    dated: list[bool]
    numbered: list[bool]
    body_words: frozenset[str]  # union of the sentences' words
    all_words: frozenset[str]  # body_words plus the words of the title / section / speaker heading


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
        self._by_place: dict[tuple[str, int], Chunk] = {}
        self._titles: frozenset[str] = frozenset()
        self._sentence_cache: dict[str, _SentenceFeatures] = {}
        self._sentence_vectors: dict[str, np.ndarray] = {}
        self._normed: list[str] | None = None  # term_text(text) of _chunks, for chunks_holding (lazy)
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
            self._by_place = {(c.doc_id, c.ordinal): c for c in self._chunks}
            self._titles = frozenset(c.title for c in self._chunks if c.title)
            self._normed = None
            self._gen = gen

    def document_titles(self) -> frozenset[str]:
        """Titles of the indexed documents."""
        self._sync()
        return self._titles

    def previous_chunk(self, c: Chunk) -> Chunk | None:
        """The chunk before `c` in its document (by ordinal), if indexed."""
        return self._by_place.get((c.doc_id, c.ordinal - 1))

    def around_chunk(self, c: Chunk, before: int = 1, after: int = 1) -> list[Chunk]:
        """The indexed chunks from `before` places before c's place in its document to `after` places
        after it, in order (c may be a passage's slice of its chunk; it stands for its chunk when that is
        not indexed)."""
        self._sync()
        found = [self._by_place.get((c.doc_id, k), c if k == c.ordinal else None)
                 for k in range(c.ordinal - before, c.ordinal + after + 1)]
        return [x for x in found if x is not None]

    def opening_chunk(self, title: str, filters: SearchFilters | None = None) -> Chunk | None:
        """The first chunk (ordinal 0) of the indexed document titled `title` that passes `filters`;
        None if there is none."""
        self._sync()
        f = filters or SearchFilters()
        return next((c for c in self._chunks if c.ordinal == 0 and c.title == title and chunk_matches(c, f)), None)

    def chunks_holding(self, term: str, filters: SearchFilters | None = None, limit: int = 3) -> list[Chunk]:
        """The chunks whose text holds `term` (`textutil.holds_term`: NFKC, spaces and footnote marks ignored) and pass
        `filters`, in index order; [] when more than `limit` do (so common a term points at no one place).
        The chunks' normalised texts are computed once per index generation, on the first call."""
        self._sync()
        with self._lock:
            if self._normed is None:
                self._normed = [term_text(c.text) for c in self._chunks]
            chunks, normed = self._chunks, self._normed
        f = filters or SearchFilters()
        forms = term_forms(term)
        found: list[Chunk] = []
        for c, t in zip(chunks, normed):
            if any(x in t for x in forms) and chunk_matches(c, f):
                found.append(c)
                if len(found) > limit:
                    return []
        return found

    def search(self, query: str, k: int | None = None, filters: SearchFilters | None = None,
               query_vector: np.ndarray | None = None, *, keep_neighbours: bool = False) -> list[Hit]:
        """Top-k hits, best first. `query_vector` may be given when the caller embedded in batch.
        `keep_neighbours` keeps adjacent chunks of a better hit (for answering: a section's heading
        often ends one chunk and its body starts the next; context selection reads overlapping text
        once). Search results for people drop them, so k hits show k places."""
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
        return self.fuse(lex, [(c.chunk_id, s) for c, s in dense], filters, k, query, qv,
                         keep_neighbours=keep_neighbours)

    def fuse(self, lex: dict[str, np.ndarray], dense: Sequence[tuple[str, float]], filters: SearchFilters,
             k: int, query: str | None = None, query_vector: np.ndarray | None = None, *,
             keep_neighbours: bool = False) -> list[Hit]:
        """Fuse the rankings over the candidate set, re-score the head by its sentences (when `query`
        is given; sentence embeddings count when `query_vector` is given too), drop neighbours,
        return the top k."""
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
        zs = {name: _z(lex[name][idx].astype(np.float64)) if name in lex else np.zeros(len(idx))
              for name in ("words", "bigrams")}
        zs["dense"] = _z(np.array([dense_pos.get(int(i), floor) for i in idx], dtype=np.float64))
        total = (self.s.word_weight * zs["words"] + self.s.bigram_weight * zs["bigrams"]
                 + self.s.dense_weight * zs["dense"])
        order = np.argsort(-total, kind="stable")
        ranked = [(self._chunks[int(idx[o])], float(total[o])) for o in order]
        if query and self.s.rerank_depth > 0:
            head = order[: self.s.rerank_depth]
            ranked = self._rerank_head(query, ranked[: len(head)], {n_: z[head] for n_, z in zs.items()},
                                       query_vector) + ranked[len(head):]
        kept = ranked[:k] if keep_neighbours else dedupe_neighbours(ranked, k)
        return [Hit(chunk=c, score=s, rank=i + 1) for i, (c, s) in enumerate(kept)]

    def _sentences(self, c: Chunk) -> _SentenceFeatures:
        f = self._sentence_cache.get(c.chunk_id)
        if f is None:
            texts = [c.text[a:b] for a, b in split_sentences(c.text)] or [c.text]
            words = [frozenset(self.tokenizer.tokens(t)) for t in texts]
            body = frozenset().union(*words)
            f = _SentenceFeatures(words=words, bigrams=[frozenset(self.tokenizer.bigrams(t)) for t in texts],
                                  dated=[dated(t) for t in texts], numbered=[numbered(t) for t in texts],
                                  body_words=body, all_words=body | frozenset(self.tokenizer.tokens(c.heading_text())))
            if len(self._sentence_cache) > 50_000:
                self._sentence_cache.clear()
            self._sentence_cache[c.chunk_id] = f
        return f

    def _closest_sentence(self, chunks: Sequence[Chunk], query_vector: np.ndarray) -> np.ndarray:
        """Per chunk, the cosine similarity of the question to its closest sentence (the store's
        per-sentence vectors; a chunk without them counts as one sentence)."""
        missing = [c.chunk_id for c in chunks if c.chunk_id not in self._sentence_vectors]
        if missing:
            got = self.store.sentence_vectors(missing)
            if len(self._sentence_vectors) > 5_000:  # ~50 MB at 7 sentences of 384 floats
                self._sentence_vectors.clear()
            self._sentence_vectors.update(got)
        qv = np.asarray(query_vector, dtype=np.float32)
        return np.array([float(np.max(v @ qv)) if (v := self._sentence_vectors.get(c.chunk_id)) is not None else np.nan
                         for c in chunks])

    def _rerank_head(self, query: str, head: list[tuple[Chunk, float]],
                     zs: dict[str, np.ndarray], query_vector: np.ndarray | None = None) -> list[tuple[Chunk, float]]:
        """Re-score the head of the fused list with a linear model over the passage's sentences.

        Questions are usually answered by one sentence (or two adjacent ones), so passages of one topic
        that all mention the topic words are separated by how well their best sentence covers the
        question: idf-weighted coverage of its words and of its character bigrams, of the best pair of
        adjacent sentences, the same coverage with words weighted by how few head passages hold them
        (what sets this passage apart from its siblings), whether the best sentence holds what the
        question asks for (a date for いつ, a number for いくら/何人), the coverage of the whole passage
        with its title and section (a question naming 柳川市 prefers 柳川市's plan), a penalty for
        the rarest question word the passage and its title lack, and the embedding similarity of the
        question to the passage's closest sentence (paraphrases the words miss). Weights are settings,
        fitted on half of JSQuAD+JaQuAD (docs/evaluation.md). The returned score is comparable within
        one query only.
        """
        s = self.s
        feats = self.head_features(query, [c for c, _ in head], zs, np.array([sc for _, sc in head], dtype=np.float64),
                                   query_vector)
        weights = np.array([s.rerank_fused_weight, s.rerank_word_weight, s.rerank_bigram_weight, s.rerank_dense_weight,
                            s.sentence_weight, s.sentence_bigram_weight, s.window_weight, s.answer_type_weight,
                            s.local_weight, s.passage_weight, -s.missing_penalty, s.sentence_dense_weight])
        score = feats @ weights
        order = np.argsort(-score, kind="stable")
        return [(head[i][0], float(score[i])) for i in order]

    def head_features(self, query: str, chunks: Sequence[Chunk], zs: dict[str, np.ndarray],
                      fused: np.ndarray, query_vector: np.ndarray | None = None) -> np.ndarray:
        """The re-scoring features of each head passage, one row each, in the order of `FEATURES`.
        `sentence_dense` is 0 for every passage when no query vector is given."""
        q_words = set(self.tokenizer.tokens(query))
        q_bigrams = set(self.tokenizer.bigrams(query))
        w_words = {t: self.bm25.idf(t) for t in q_words}
        w_bigrams = {t: self.bm25.idf(t, "bigrams") for t in q_bigrams}
        tot_w, tot_b = sum(w_words.values()) or 1.0, sum(w_bigrams.values()) or 1.0
        top_w = max(w_words.values(), default=0.0) or 1.0
        wants_date, wants_number = answer_types(query)
        sf = [self._sentences(c) for c in chunks]
        # words that few head passages hold weigh more: log(1 + H / (df_head + 0.5)) times their idf
        df_head = {t: sum(t in f.body_words for f in sf) for t in q_words}
        w_local = {t: w * math.log(1 + len(sf) / (df_head[t] + 0.5)) for t, w in w_words.items()}
        tot_l = sum(w_local.values()) or 1.0
        feats = np.zeros((len(chunks), len(FEATURES)))
        feats[:, 0] = _z(fused)
        feats[:, 1], feats[:, 2], feats[:, 3] = zs["words"], zs["bigrams"], zs["dense"]
        for i, f in enumerate(sf):
            cov = [sum(w_words[t] for t in q_words & ws) / tot_w for ws in f.words]
            best = int(np.argmax(cov))
            pairs = [sum(w_words[t] for t in q_words & (a | b)) / tot_w for a, b in zip(f.words, f.words[1:])]
            feats[i, 4:] = (cov[best],
                            max(sum(w_bigrams[t] for t in q_bigrams & bs) / tot_b for bs in f.bigrams),
                            max(pairs, default=cov[best]),
                            float((wants_date and f.dated[best]) or (wants_number and f.numbered[best])),
                            max(sum(w_local[t] for t in q_words & ws) / tot_l for ws in f.words),
                            sum(w_words[t] for t in q_words & f.all_words) / tot_w,
                            max((w_words[t] for t in q_words - f.all_words), default=0.0) / top_w,
                            0.0)
        if query_vector is not None and len(chunks):
            sims = self._closest_sentence(chunks, query_vector)
            known = np.isfinite(sims)
            if known.any():  # a chunk the store no longer holds gets the lowest similarity seen
                feats[:, 11] = _z(np.where(known, sims, sims[known].min()))
        return feats


# Columns of `HybridRetriever.head_features` (the weights are RetrievalSettings fields, same order).
FEATURES = ("fused", "z_words", "z_bigrams", "z_dense", "sentence", "sentence_bigrams", "window", "answer_type",
            "local", "passage", "missing", "sentence_dense")


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
