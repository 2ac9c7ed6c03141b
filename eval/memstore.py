"""An exact in-memory `ChunkStore` (numpy dot products) for evaluation corpora.

Used by eval/ so a QA corpus can be scored without writing a persistent index; the retriever,
tokenizer, embedder and fusion are the product's own. Embeddings are cached on disk per model and
text hash so repeated runs only embed new passages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
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


class MemoryStore:
    def __init__(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        self._chunks = list(chunks)
        self._vecs = np.asarray(vectors, dtype=np.float32)
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

    def generation(self) -> str:
        return self._gen
