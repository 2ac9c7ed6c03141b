"""An exact in-memory `ChunkStore` (numpy dot products) for evaluation corpora.

Used by eval/ so a QA corpus can be scored without writing a persistent index; the retriever,
tokenizer, embedder and fusion are the product's own. Embeddings are cached on disk per model and
text hash so repeated runs only embed new passages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from assistant.protocols import Embedder
from assistant.retrieval import chunk_matches
from assistant.types import Chunk, SearchFilters


def cached_embeddings(embedder: Embedder, texts: Sequence[str], cache_dir: Path, kind: str) -> np.ndarray:
    h = hashlib.sha256()
    h.update(embedder.name.encode())
    h.update(kind.encode())
    for t in texts:
        h.update(t.encode())
        h.update(b"\0")
    path = cache_dir / f"{kind}-{h.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    fn = embedder.embed_passages if kind == "passage" else embedder.embed_queries
    vecs = fn(list(texts))
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs


def cached_sentence_vectors(embedder: Embedder, chunks: Sequence[Chunk], cache_dir: Path) -> dict[str, np.ndarray]:
    """Vectors of each multi-sentence chunk's `sentence_texts()` (what ingest stores), by chunk id."""
    texts = [c.sentence_texts() for c in chunks]
    flat = cached_embeddings(embedder, [t for ts in texts for t in ts], cache_dir, "passage") if any(texts) else None
    out: dict[str, np.ndarray] = {}
    at = 0
    for c, ts in zip(chunks, texts):
        if ts:
            out[c.chunk_id] = flat[at : at + len(ts)]
            at += len(ts)
    return out


class MemoryStore:
    def __init__(self, chunks: Sequence[Chunk], vectors: np.ndarray,
                 sentence_vectors: Mapping[str, np.ndarray] | None = None) -> None:
        self._chunks = list(chunks)
        self._vecs = np.asarray(vectors, dtype=np.float32)
        self._row = {c.chunk_id: i for i, c in enumerate(self._chunks)}
        self._sentences = dict(sentence_vectors or {})
        self._gen = hashlib.sha256("\n".join(c.chunk_id for c in self._chunks).encode()).hexdigest()[:16]

    def dense_search(self, vector: np.ndarray, k: int, filters: SearchFilters) -> list[tuple[Chunk, float]]:
        scores = self._vecs @ np.asarray(vector, dtype=np.float32)
        if not filters.is_empty():
            mask = np.array([chunk_matches(c, filters) for c in self._chunks])
            scores = np.where(mask, scores, -np.inf)
        k = min(k, len(scores))
        idx = np.argpartition(-scores, k - 1)[:k]
        idx = idx[np.argsort(-scores[idx], kind="stable")]
        return [(self._chunks[i], float(scores[i])) for i in idx if np.isfinite(scores[i])]

    def all_chunks(self) -> list[Chunk]:
        return list(self._chunks)

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return {i: self._sentences[i] if i in self._sentences else self._vecs[self._row[i]].reshape(1, -1)
                for i in ids if i in self._row}

    def generation(self) -> str:
        return self._gen


def embedded_store(embedder: Embedder, chunks: Sequence[Chunk], cache_dir: Path) -> MemoryStore:
    """A MemoryStore holding what ingest would store for `chunks`: chunk and sentence vectors."""
    vecs = cached_embeddings(embedder, [c.retrieval_text() for c in chunks], cache_dir, "passage")
    return MemoryStore(chunks, vecs, cached_sentence_vectors(embedder, chunks, cache_dir))
