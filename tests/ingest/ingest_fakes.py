"""Typed test doubles for the ingest tests (no mock library: explicit behaviour, counted calls)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence

import numpy as np


class CountingEmbedder:
    """Implements assistant.protocols.Embedder with character-bigram hashing.

    Deterministic and fast; similar texts get similar vectors, so dense search behaves sensibly.
    `calls` counts embed_passages calls and `texts` records every passage embedded.
    """

    name = "test/bigram-hash-64"
    dim = 64

    def __init__(self, delay_per_text: float = 0.0) -> None:
        self.calls = 0
        self.query_calls = 0
        self.texts: list[str] = []
        self.delay_per_text = delay_per_text

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        grams = [text[i : i + 2] for i in range(max(1, len(text) - 1))]
        for g in grams:
            h = int.from_bytes(hashlib.blake2b(g.encode("utf-8", "surrogatepass"), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts.extend(texts)
        if self.delay_per_text:
            time.sleep(self.delay_per_text * len(texts))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vec(t) for t in texts])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.query_calls += 1
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vec(t) for t in texts])
