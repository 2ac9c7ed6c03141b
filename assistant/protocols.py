"""The seams between components. Implementations live in adapter modules; tests may use typed fakes.

Keep these small: a component that needs more than a Protocol offers is talking to the wrong layer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from assistant.types import Chunk, Finding, Hit, Message, SearchFilters


@runtime_checkable
class Embedder(Protocol):
    """Text -> L2-normalised float32 vectors. Query and passage sides may differ (e5 prefixes)."""

    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class Generator(Protocol):
    """Chat generation. `stream` yields text pieces; the concatenation is the full reply."""

    model_id: str

    def stream(self, messages: Sequence[Message], *, max_tokens: int, stop: Sequence[str] = ()) -> Iterator[str]: ...


@runtime_checkable
class ChunkStore(Protocol):
    """Read side of the index, used by retrieval."""

    def dense_search(self, vector: np.ndarray, k: int, filters: SearchFilters) -> list[tuple[Chunk, float]]: ...

    def all_chunks(self) -> list[Chunk]: ...

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Per chunk id, the vectors of its sentences (n x dim; a chunk stored without them gives its
        own vector as one row). Unknown ids are absent."""
        ...

    def generation(self) -> str:
        """An opaque token that changes whenever the set of chunks changes (for cache invalidation)."""
        ...


@runtime_checkable
class Retriever(Protocol):
    def search(self, query: str, k: int, filters: SearchFilters | None = None, *,
               keep_neighbours: bool = False) -> list[Hit]: ...


@runtime_checkable
class PiiDetector(Protocol):
    """Finds personal data. Must raise (never return []) when it cannot analyse the text."""

    def analyze(self, text: str) -> list[Finding]: ...
