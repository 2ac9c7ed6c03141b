"""Every llama-index object lives here: the IngestionPipeline and what it is wired to.

The pipeline runs once per file with
- docstore: `KVDocumentStore` over `SqliteKVStore`, whose collections live in the index catalog
  (`IndexStore.kv_*`), so docstore updates commit in the same SQLite transaction as the chunks;
  `SimpleDocumentStore`'s JSON file would not survive a kill mid-write;
- docstore_strategy: UPSERTS — the document hash is our fingerprint (sha256 of the file's bytes
  plus the ingest profile), so an unchanged file is skipped and a changed one replaced;
- transformations: `JapaneseChunkTransform` (our chunker, exact offsets) and `EmbedTransform`
  (our Embedder in batches over `Chunk.retrieval_text()` and, for multi-sentence chunks, over
  `Chunk.sentence_texts()`, reusing stored vectors by text hash);
- vector_store: `IndexStoreSink`, which hands nodes to `IndexStore` as `Chunk`s (chromadb itself
  stays inside ingest.store).
`Settings.embed_model` is set to our local embedder so nothing can fall back to a cloud default;
no LLM is used (llama-index's Settings.llm is never touched).
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from llama_index.core import Settings as LlamaSettings
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline
from llama_index.core.schema import BaseNode, Document, NodeRelationship, TextNode, TransformComponent
from llama_index.core.storage.docstore.keyval_docstore import KVDocumentStore
from llama_index.core.storage.kvstore.types import DEFAULT_COLLECTION, BaseKVStore
from llama_index.core.vector_stores.types import BasePydanticVectorStore

from assistant.types import Chunk

if TYPE_CHECKING:  # pragma: no cover
    from assistant.protocols import Embedder
    from ingest.store import DocWrite, IndexStore


# ------------------------------------------------------------------------------ docstore


class SqliteKVStore(BaseKVStore):
    """llama-index key-value store persisted in the index catalog (transactional with chunks)."""

    def __init__(self, store: "IndexStore") -> None:
        self._store = store

    def put(self, key: str, val: dict, collection: str = DEFAULT_COLLECTION) -> None:
        self._store.kv_put(collection, key, val)

    async def aput(self, key: str, val: dict, collection: str = DEFAULT_COLLECTION) -> None:
        self.put(key, val, collection)

    def put_all(self, kv_pairs: list[tuple[str, dict]], collection: str = DEFAULT_COLLECTION, batch_size: int = 1) -> None:
        for key, val in kv_pairs:
            self.put(key, val, collection)

    async def aput_all(self, kv_pairs: list[tuple[str, dict]], collection: str = DEFAULT_COLLECTION, batch_size: int = 1) -> None:
        self.put_all(kv_pairs, collection)

    def get(self, key: str, collection: str = DEFAULT_COLLECTION) -> dict | None:
        return self._store.kv_get(collection, key)

    async def aget(self, key: str, collection: str = DEFAULT_COLLECTION) -> dict | None:
        return self.get(key, collection)

    def get_all(self, collection: str = DEFAULT_COLLECTION) -> dict[str, dict]:
        return self._store.kv_all(collection)

    async def aget_all(self, collection: str = DEFAULT_COLLECTION) -> dict[str, dict]:
        return self.get_all(collection)

    def delete(self, key: str, collection: str = DEFAULT_COLLECTION) -> bool:
        return self._store.kv_delete(collection, key)

    async def adelete(self, key: str, collection: str = DEFAULT_COLLECTION) -> bool:
        return self.delete(key, collection)


# ------------------------------------------------------------------------------ embedding


class LocalEmbedding(BaseEmbedding):
    """Our `Embedder` behind llama-index's embedding interface (passages vs queries kept apart)."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: "Embedder", batch_size: int = 32) -> None:
        super().__init__(model_name=embedder.name, embed_batch_size=batch_size)
        self._embedder = embedder

    @classmethod
    def class_name(cls) -> str:
        return "LocalEmbedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed_queries([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.embed_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed_passages(texts).tolist()

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Batch passage vectors as a float32 array (no list round trip)."""
        return np.asarray(self._embedder.embed_passages(list(texts)), dtype=np.float32)


# ------------------------------------------------------------------------------ plan


@dataclass
class DocPlan:
    """Everything the pipeline needs for one file (built by ingest.pipeline)."""

    doc_id: str
    text: str
    fingerprint: str
    make_chunks: Callable[[], list[Chunk]]  # our chunker, bound to the extracted document
    document_row: dict[str, Any]  # the catalog `docs` row except `chunks`


@dataclass
class RunStats:
    chunks: int
    embedded: int
    unchanged: bool = False


_CHUNK_FIELDS = [f.name for f in dataclasses.fields(Chunk) if f.name != "text"]


def chunk_to_node(c: Chunk, doc: Document) -> TextNode:
    meta = {k: getattr(c, k) for k in _CHUNK_FIELDS}
    node = TextNode(
        id_=c.chunk_id, text=c.text, metadata=meta,
        start_char_idx=c.start, end_char_idx=c.end,
        excluded_embed_metadata_keys=list(meta), excluded_llm_metadata_keys=list(meta),
    )
    node.relationships[NodeRelationship.SOURCE] = doc.as_related_node_info()
    return node


def node_to_chunk(n: BaseNode) -> Chunk:
    return Chunk(text=n.get_content(), **{k: n.metadata.get(k) for k in _CHUNK_FIELDS})


def embedding_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()


class FileDocument(Document):
    """A Document whose hash is our fingerprint, so the upsert check never needs the text."""

    fingerprint: str = ""

    @property
    def hash(self) -> str:  # type: ignore[override]
        return self.fingerprint


# ------------------------------------------------------------------------------ transforms


class JapaneseChunkTransform(TransformComponent):
    """Document -> TextNodes via `ingest.chunker` (sentence-aware, exact offsets)."""

    _plans: dict[str, DocPlan] = PrivateAttr(default_factory=dict)

    def bind(self, plan: DocPlan) -> None:
        self._plans = {plan.doc_id: plan}

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> list[BaseNode]:
        out: list[BaseNode] = []
        for doc in nodes:
            plan = self._plans[doc.id_]
            out.extend(chunk_to_node(c, doc) for c in plan.make_chunks())
        return out


class EmbedTransform(TransformComponent):
    """Embeds `Chunk.retrieval_text()` and each of `Chunk.sentence_texts()` in batches; vectors
    already stored for the same text (same model) are reused, so editing one section of a file
    re-embeds only that section (a changed chunk's sentences are embedded again with it). Progress
    counts chunks: one is done when its vector and its sentences' vectors are."""

    _model: LocalEmbedding = PrivateAttr()
    _writer: Any = PrivateAttr(default=None)
    _on_progress: Any = PrivateAttr(default=None)
    embedded: int = 0

    def __init__(self, model: LocalEmbedding) -> None:
        super().__init__()
        self._model = model

    def bind(self, writer: "DocWrite", on_progress: Callable[[int, int], None] | None) -> None:
        self._writer, self._on_progress, self.embedded = writer, on_progress, 0

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> Sequence[BaseNode]:
        chunks = [node_to_chunk(n) for n in nodes]
        texts = [c.retrieval_text() for c in chunks]
        keys = [embedding_key(self._model.model_name, t) for t in texts]
        stored = self._writer.stored_embeddings(keys) if self._writer is not None else {}
        known = {k: v for k, (v, _) in stored.items()}
        known_sent = {k: s for k, (_, s) in stored.items() if s is not None}
        # one flat work list, grouped by chunk: (chunk index, -1 for the chunk itself or the sentence index, text)
        work: list[tuple[int, int, str]] = []
        last: dict[int, int] = {}  # chunk index -> position of its last work item
        for i, c in enumerate(chunks):
            if keys[i] not in known:
                work.append((i, -1, texts[i]))
            if keys[i] not in known_sent:
                work.extend((i, j, t) for j, t in enumerate(c.sentence_texts()))
            if work and work[-1][0] == i:
                last[i] = len(work) - 1
        total = len(nodes)
        finished = sorted(last.values())  # a chunk is done when its last item is
        if self._on_progress:
            self._on_progress(total - len(last), total)
        vecs: dict[int, np.ndarray] = {}
        rows: dict[int, list[np.ndarray]] = {}
        bs = max(1, self._model.embed_batch_size)
        for b in range(0, len(work), bs):
            part = work[b : b + bs]
            arr = self._model.passages([t for _, _, t in part])
            for (i, j, _), v in zip(part, arr):
                if j < 0:
                    vecs[i] = v
                else:
                    rows.setdefault(i, []).append(v)
            if self._on_progress:
                self._on_progress(total - len(last) + bisect.bisect_left(finished, b + len(part)), total)
        self.embedded = len(vecs)
        for i, n in enumerate(nodes):
            n.embedding = (vecs[i] if i in vecs else known[keys[i]]).tolist()
            n.metadata["_emb_key"] = keys[i]
            n.metadata["_sentence_vectors"] = np.stack(rows[i]) if i in rows else known_sent.get(keys[i])
        return nodes


# ------------------------------------------------------------------------------ sink


class IndexStoreSink(BasePydanticVectorStore):
    """The pipeline's vector store: writes nodes as the document's complete chunk set."""

    stores_text: bool = True
    is_embedding_query: bool = True
    _writer: Any = PrivateAttr(default=None)
    _written: int = PrivateAttr(default=-1)

    def bind(self, writer: "DocWrite") -> None:
        self._writer, self._written = writer, -1

    @property
    def written(self) -> int:
        """Chunks written for the bound document (-1: add() was not called)."""
        return self._written

    @property
    def client(self) -> Any:
        return None

    def add(self, nodes: Sequence[BaseNode], **kwargs: Any) -> list[str]:
        chunks, keys, sentence_vectors = [], [], []
        for n in nodes:
            keys.append(n.metadata.pop("_emb_key"))
            sentence_vectors.append(n.metadata.pop("_sentence_vectors", None))
            chunks.append(node_to_chunk(n))
        vectors = np.asarray([n.embedding for n in nodes], dtype=np.float32)
        self._writer.replace_chunks(chunks, vectors, keys, sentence_vectors)
        self._written = len(chunks)
        return [c.chunk_id for c in chunks]

    def delete(self, ref_doc_id: str, **delete_kwargs: Any) -> None:
        # Replacement happens in add() (new vectors first, then stale ids), so readers keep the
        # old version of a file while its new version is being embedded.
        return None

    def query(self, query: Any, **kwargs: Any) -> Any:
        # write-only sink by design: a llama-index query path would bypass our filters and fusion
        raise TypeError("this vector store is write-only; retrieval goes through IndexStore.dense_search")


# ------------------------------------------------------------------------------ facade


class LlamaIndexIngestion:
    """One IngestionPipeline bound to an IndexStore; `run(plan)` ingests one file atomically."""

    def __init__(self, store: "IndexStore", embedder: "Embedder", *, batch_size: int = 32) -> None:
        self._store = store
        self.embed_model = LocalEmbedding(embedder, batch_size=batch_size)
        # explicit local embedder: llama-index must never resolve its default (a cloud API)
        LlamaSettings.embed_model = self.embed_model
        self.docstore = KVDocumentStore(SqliteKVStore(store))
        self._chunker = JapaneseChunkTransform()
        self._embed = EmbedTransform(self.embed_model)
        self._sink = IndexStoreSink()
        self.pipeline = IngestionPipeline(
            transformations=[self._chunker, self._embed],
            docstore=self.docstore,
            vector_store=self._sink,
            docstore_strategy=DocstoreStrategy.UPSERTS,
            disable_cache=True,
        )

    def stored_fingerprint(self, doc_id: str) -> str | None:
        return self.docstore.get_document_hash(doc_id)

    def run(self, plan: DocPlan, *, on_progress: Callable[[int, int], None] | None = None) -> RunStats:
        """Chunk, embed and store one document (caller holds the store's write lock)."""
        with self._store.writing(plan.doc_id) as w:
            self._chunker.bind(plan)
            self._embed.bind(w, on_progress)
            self._sink.bind(w)
            doc = FileDocument(id_=plan.doc_id, text=plan.text, fingerprint=plan.fingerprint,
                               metadata={"path": plan.document_row.get("path")})
            self.pipeline.run(documents=[doc], store_doc_text=False)
            if self._sink.written < 0:
                if self.docstore.get_document_hash(plan.doc_id) == plan.fingerprint and self._store.source(plan.doc_id):
                    src = self._store.source(plan.doc_id)
                    return RunStats(chunks=src.chunks if src else 0, embedded=0, unchanged=True)
                w.replace_chunks([], np.zeros((0, 0), dtype=np.float32), [])
                written = 0
            else:
                written = self._sink.written
            w.put_document(**{**plan.document_row, "chunks": written, "fingerprint": plan.fingerprint})
            return RunStats(chunks=written, embedded=self._embed.embedded)

    def forget(self, w: "DocWrite") -> int:
        """Remove a document from the docstore and the index (inside the caller's write)."""
        self.docstore.delete_document(w.doc_id, raise_error=False)
        return w.delete_document()
