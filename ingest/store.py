"""The index: a SQLite catalog (the truth) plus a chromadb collection (the vector index).

This is the ONLY module that imports chromadb.

Layout of `index_dir`:
    catalog.sqlite3   documents, chunks (text, metadata, embedding, per-sentence embeddings), pending
                      journal, and the llama-index docstore key-value collections; WAL mode, one
                      transaction per file
    chroma/           chromadb PersistentClient data: one collection "chunks", cosine space,
                      our own embeddings only, metadata for filtering (no documents stored)
    write.lock        filelock held by the single writer (ingest/remove); readers never take it

Crash safety (see docs/ingest.md):
1. Before a document's chroma entries are touched, its id is committed to `pending`.
2. Catalog rows for the document change inside one transaction that also deletes the pending
   row and bumps the generation; chroma is written (upsert new ids, delete stale ids) before the
   commit. The commit is the atomic point.
3. Opening the store (or `recover()`) with the write lock free repairs chroma from the catalog for
   every pending document, and fully if the id counts differ; if chroma cannot be opened at all it
   is rebuilt from the stored embeddings (no re-embedding). A SIGKILL at any instant therefore
   leaves the last committed state, and chroma converges to it on the next open.
Readers see only committed chunks: dense hits are mapped through the catalog, and ids chroma
returns that the catalog does not hold (a write in flight) are dropped.

Other processes' chroma clients do not see new vectors (the HNSW segment is loaded once per
process); `dense_search` reopens the client when the catalog generation moved under it.

Dense search is exact up to `exact_limit` chunks: every stored chunk vector of the catalog is scored
(one matrix product, about 5 ms at 50,000 chunks). Chroma's HNSW search is approximate, and its
result differed from process to process on the same index, so the same question got a slightly
different neighbour set after a restart (in 11 % of the seed questions the 50 nearest differed from
the exact ones, and from run to run), and with it at times a different answer. Above the limit
chroma answers.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import IndexUnavailable
from assistant.types import Chunk, SearchFilters
from ingest.metadata import date_to_int
from ingest.types import SourceInfo

if TYPE_CHECKING:  # pragma: no cover
    from assistant.protocols import Embedder

log = logging.getLogger(__name__)

CATALOG_FILE = "catalog.sqlite3"
CHROMA_DIR = "chroma"
LOCK_FILE = "write.lock"
COLLECTION = "chunks"
_BATCH = 1000  # rows per chroma call (below chroma's max batch size)
_SQL_VARS = 500  # ids per "IN (...)" query
EXACT_SEARCH_LIMIT = 50_000  # chunks up to which dense search scores every vector (~77 MB at 384 dims)

__all__ = ["IndexStore", "SourceInfo", "DocWrite"]


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# ---- schema: a list of small named migrations recorded in a table (applied in order, once)


def _m001_initial(c: sqlite3.Connection) -> None:
    c.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    c.execute(
        """CREATE TABLE docs (
            doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, source TEXT NOT NULL, doc_type TEXT NOT NULL,
            title TEXT, date TEXT, department TEXT, meeting TEXT, label TEXT NOT NULL,
            content_hash TEXT NOT NULL, fingerprint TEXT NOT NULL, format TEXT, encoding TEXT,
            chars INTEGER NOT NULL, chunks INTEGER NOT NULL, ingested_at TEXT NOT NULL)"""
    )
    c.execute("CREATE INDEX docs_by_path ON docs(path)")
    c.execute(
        """CREATE TABLE chunks (
            chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
            text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            page INTEGER, section TEXT, speaker TEXT, meeting TEXT, date TEXT, department TEXT,
            emb_key TEXT NOT NULL, embedding BLOB NOT NULL)"""
    )
    c.execute("CREATE INDEX chunks_by_doc ON chunks(doc_id, ordinal)")
    c.execute("CREATE INDEX chunks_by_emb ON chunks(emb_key)")
    c.execute("CREATE TABLE pending (doc_id TEXT PRIMARY KEY, since TEXT NOT NULL)")
    c.execute(
        "CREATE TABLE kv (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, key))"
    )
    c.execute("INSERT INTO meta VALUES ('index_id', ?), ('generation', '0')", (uuid.uuid4().hex,))


def _m002_sentence_embeddings(c: sqlite3.Connection) -> None:
    # float32 rows, one per sentence of a multi-sentence chunk (Chunk.sentence_texts); NULL for a
    # one-sentence chunk and for chunks ingested before this migration (the chunk vector stands in)
    c.execute("ALTER TABLE chunks ADD COLUMN sentence_embeddings BLOB")


MIGRATIONS: list[tuple[str, Any]] = [("001_initial", _m001_initial), ("002_sentence_embeddings", _m002_sentence_embeddings)]

_CHUNK_COLS = (
    'c.chunk_id, c.doc_id, c.text, c.start, c."end", d.source, d.path, d.doc_type, d.title, c.page, '
    "c.section, c.speaker, c.meeting, c.date, c.department, d.label, d.content_hash, c.ordinal"
)


def _row_to_chunk(r: Sequence[Any]) -> Chunk:
    return Chunk(
        chunk_id=r[0], doc_id=r[1], text=r[2], start=r[3], end=r[4], source=r[5], path=r[6],
        doc_type=r[7], title=r[8], page=r[9], section=r[10], speaker=r[11], meeting=r[12],
        date=r[13], department=r[14], confidentiality=r[15], content_hash=r[16], ordinal=r[17],
    )


def _chroma_meta(c: Chunk) -> dict[str, Any]:
    return {
        "doc_id": c.doc_id, "ordinal": c.ordinal, "doc_type": c.doc_type,
        "department": c.department or "", "confidentiality": c.confidentiality,
        "date_int": date_to_int(c.date),
    }


def _iso_to_int(iso: str) -> int:
    try:
        _dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        raise ValueError(f"date filter must be ISO yyyy-mm-dd: {iso!r}") from None
    return date_to_int(iso)


def _where(f: SearchFilters | None) -> dict[str, Any] | None:
    if f is None or f.is_empty():
        return None
    conds: list[dict[str, Any]] = []
    if f.doc_types:
        conds.append({"doc_type": {"$in": list(f.doc_types)}})
    if f.departments:
        conds.append({"department": {"$in": list(f.departments)}})
    if f.confidentiality:
        conds.append({"confidentiality": {"$in": list(f.confidentiality)}})
    if f.date_from or f.date_to:
        conds.append({"date_int": {"$gt": 0}})  # undated chunks never match a date filter
    if f.date_from:
        conds.append({"date_int": {"$gte": _iso_to_int(f.date_from)}})
    if f.date_to:
        conds.append({"date_int": {"$lte": _iso_to_int(f.date_to)}})
    return conds[0] if len(conds) == 1 else {"$and": conds}


def _vectors(blob: bytes, sentence_blob: bytes | None) -> tuple[np.ndarray, np.ndarray | None]:
    """A catalog row's chunk vector and its sentence vectors (sentences x dim; None if not stored)."""
    v = np.frombuffer(blob, dtype=np.float32)
    return v, (np.frombuffer(sentence_blob, dtype=np.float32).reshape(-1, v.size) if sentence_blob else None)


def _chunks(seq: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


class IndexStore:
    """Persistent index implementing `assistant.protocols.ChunkStore` (plus the ingest write side).

    Thread-safe within a process. One writer at a time across processes (`write_lock()`), any
    number of readers. Use one IndexStore per index directory per process.
    """

    def __init__(self, index_dir: Path, embedder: "Embedder", *, exact_limit: int = EXACT_SEARCH_LIMIT) -> None:
        self.index_dir = Path(index_dir)
        self.embedder = embedder
        self.exact_limit = exact_limit
        # (generation, chunks in catalog order, their vectors as rows) for exact dense search
        self._exact: tuple[str, list[Chunk], np.ndarray] | None = None
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexUnavailable(f"索引フォルダを作成できません: {self.index_dir}", detail=str(exc)) from exc
        from filelock import FileLock

        self._file_lock = FileLock(str(self.index_dir / LOCK_FILE))
        self._rlock = threading.RLock()  # read connection + chroma handle
        self._wlock = threading.RLock()  # write connection
        self._closed = False
        try:
            self._rconn = self._connect()
            self._wconn = self._connect()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise IndexUnavailable(f"索引（{self.index_dir}）のカタログを開けません。", detail=str(exc)) from exc
        self._client = None
        self._col = None
        self._seen_gen: str | None = None
        self._dim: int | None = self._meta("dim", None, int)
        try:
            self._open_chroma()
        except Exception as exc:  # a broken chroma directory: rebuild it from the catalog
            log.warning("chroma could not be opened (%r); rebuilding from the catalog", exc)
            with self._try_write_lock() as got:
                if not got:
                    raise IndexUnavailable("索引を開けません（別の処理が書き込み中です）。しばらくしてから再度お試しください。", detail=str(exc)) from exc
                self._rebuild_chroma()
        self.recover()

    # ---------------------------------------------------------------- connections and schema

    def _connect(self) -> sqlite3.Connection:
        c = sqlite3.connect(str(self.index_dir / CATALOG_FILE), timeout=60, isolation_level=None, check_same_thread=False)
        c.execute("PRAGMA busy_timeout=60000")
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives a process kill
        return c

    def _migrate(self) -> None:
        c = self._wconn
        with self._wlock:
            # read first: a reader opening the index while an ingest holds a long write
            # transaction must not queue behind it for the write lock
            try:
                done = {r[0] for r in c.execute("SELECT name FROM _migrations")}
            except sqlite3.OperationalError:  # no table yet: a new index
                done = set()
            if all(name in done for name, _ in MIGRATIONS):
                return
            c.execute("BEGIN IMMEDIATE")
            try:
                c.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
                done = {r[0] for r in c.execute("SELECT name FROM _migrations")}
                for name, fn in MIGRATIONS:
                    if name not in done:
                        fn(c)
                        c.execute("INSERT INTO _migrations VALUES (?, ?)", (name, _now()))
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise

    def _meta(self, key: str, default: Any = None, cast=str) -> Any:
        with self._rlock:
            row = self._rconn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return cast(row[0]) if row else default

    def _check_embedder(self) -> None:
        """Vectors from another model would be meaningless here. Checked on search and write, not
        on open, so tools that only list or count (doctor, sources) need no embedder."""
        name = self._meta("embedder")
        if name and name != self.embedder.name and self.count() > 0:
            raise IndexUnavailable(
                f"この索引は別の埋め込みモデル（{name}）で作成されています。索引を作り直してください。",
                detail=f"index embedder {name!r} != configured {self.embedder.name!r}",
            )

    # ---------------------------------------------------------------- chroma handle

    def _open_chroma(self) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        with self._rlock:
            gen = self.generation()
            client = chromadb.PersistentClient(
                path=str(self._chroma_path()),
                settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False),
            )
            col = client.get_or_create_collection(
                COLLECTION, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None,
            )
            col.count()  # touch it: a broken segment fails here rather than in a search
            self._client, self._col, self._seen_gen = client, col, gen

    def _chroma_path(self) -> Path:
        """The live chroma directory (a rebuild switches to a fresh name: chromadb caches a broken
        client per path for the life of the process, so a rebuilt index never reuses a path)."""
        return self.index_dir / self._meta("chroma_dir", CHROMA_DIR)

    def _close_chroma(self) -> None:
        with self._rlock:
            if self._client is not None:
                try:
                    self._client.close()
                except Exception:  # pragma: no cover - best effort
                    log.debug("chroma close failed", exc_info=True)
            self._client = self._col = None

    def _refresh_if_stale(self) -> None:
        """Another process committed since our chroma handle was opened: reopen it."""
        gen = self.generation()
        if gen != self._seen_gen:
            self._close_chroma()
            self._open_chroma()

    # ---------------------------------------------------------------- read side (ChunkStore)

    def generation(self) -> str:
        """Changes whenever the committed chunk set changes (one indexed SQLite read)."""
        with self._rlock:
            rows = dict(self._rconn.execute("SELECT key, value FROM meta WHERE key IN ('index_id', 'generation')").fetchall())
        return f"{rows.get('index_id', '')}:{rows.get('generation', '0')}"

    def count(self) -> int:
        with self._rlock:
            return int(self._rconn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def all_chunks(self) -> list[Chunk]:
        """Every committed chunk, ordered by document path, then ordinal."""
        return [_row_to_chunk(r) for r in self._ordered_rows()]

    def _ordered_rows(self, extra: str = "") -> list[tuple[Any, ...]]:
        """Every committed chunk's catalog row (`_CHUNK_COLS`, then `extra` columns), by path and ordinal."""
        with self._rlock:
            return self._rconn.execute(
                f"SELECT {_CHUNK_COLS}{extra} FROM chunks c JOIN docs d ON d.doc_id = c.doc_id ORDER BY d.path, c.ordinal"
            ).fetchall()

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """Chunks for `ids`, in that order; unknown ids are skipped."""
        found: dict[str, Chunk] = {}
        with self._rlock:
            for part in _chunks(list(dict.fromkeys(ids)), _SQL_VARS):
                q = f"SELECT {_CHUNK_COLS} FROM chunks c JOIN docs d ON d.doc_id = c.doc_id WHERE c.chunk_id IN ({','.join('?' * len(part))})"
                for r in self._rconn.execute(q, tuple(part)):
                    found[r[0]] = _row_to_chunk(r)
        return [found[i] for i in ids if i in found]

    def chunks_of_doc(self, doc_id: str) -> list[Chunk]:
        with self._rlock:
            rows = self._rconn.execute(
                f"SELECT {_CHUNK_COLS} FROM chunks c JOIN docs d ON d.doc_id = c.doc_id WHERE c.doc_id = ? ORDER BY c.ordinal",
                (doc_id,),
            ).fetchall()
        return [_row_to_chunk(r) for r in rows]

    def sources(self) -> list[SourceInfo]:
        with self._rlock:
            rows = self._rconn.execute(
                "SELECT doc_id, path, doc_type, title, date, chunks, label, ingested_at, content_hash, department, format, chars "
                "FROM docs ORDER BY path"
            ).fetchall()
        return [SourceInfo(*r) for r in rows]

    def source(self, doc_id: str) -> SourceInfo | None:
        with self._rlock:
            r = self._rconn.execute(
                "SELECT doc_id, path, doc_type, title, date, chunks, label, ingested_at, content_hash, department, format, chars "
                "FROM docs WHERE doc_id = ?", (doc_id,),
            ).fetchone()
        return SourceInfo(*r) if r else None

    def docs_under(self, path: str) -> list[SourceInfo]:
        """Documents whose path is `path` or lies below the folder `path`."""
        prefix = path.rstrip("/") + "/"
        return [s for s in self.sources() if s.path == path or s.path.startswith(prefix)]

    def dense_search(self, vector: np.ndarray, k: int, filters: SearchFilters | None = None) -> list[tuple[Chunk, float]]:
        """Nearest chunks by cosine similarity (best first), restricted by `filters`. Exact (every
        stored vector scored, ties in catalog order) up to `exact_limit` chunks, so one question
        gets one answer in every process; chroma's approximate HNSW index above that."""
        if k <= 0:
            return []
        v = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        if self._dim is None:
            self._dim = self._meta("dim", None, int)
        if self._dim is not None and v.shape[1] != self._dim:
            raise ValueError(f"query vector has {v.shape[1]} dimensions, the index has {self._dim}")
        self._check_embedder()
        where = _where(filters)
        total = self.count()
        if total == 0:
            return []
        if total <= self.exact_limit:
            return self._exact_search(v[0], k, filters)
        with self._rlock:
            self._refresh_if_stale()
            res = self._col.query(
                query_embeddings=v, n_results=min(k + 16, total), where=where, include=["distances"],
            )
        ids = res["ids"][0] if res["ids"] else []
        dists = res["distances"][0] if res.get("distances") else []
        chunks = {c.chunk_id: c for c in self.get_chunks(ids)}
        out = [(chunks[i], float(1.0 - d)) for i, d in zip(ids, dists) if i in chunks]
        return out[:k]

    def _exact_search(self, v: np.ndarray, k: int, filters: SearchFilters | None) -> list[tuple[Chunk, float]]:
        """Cosine similarity of `v` to every committed chunk vector, best first: the catalog's vectors, read
        once per catalog generation, are L2-normalised like every query (the embedder's invariant), so a
        dot product is the cosine."""
        from assistant.retrieval import chunk_matches

        with self._rlock:
            gen = self.generation()
            if self._exact is None or self._exact[0] != gen:
                rows = self._ordered_rows(", c.embedding")
                matrix = (np.stack([np.frombuffer(r[-1], dtype=np.float32) for r in rows]) if rows
                          else np.zeros((0, v.size), dtype=np.float32))
                self._exact = (gen, [_row_to_chunk(r[:-1]) for r in rows], matrix)
            _, chunks, matrix = self._exact
        sims = matrix @ v
        if filters is not None and not filters.is_empty():
            sims = np.where(np.array([chunk_matches(c, filters) for c in chunks], dtype=bool), sims, -np.inf)
        order = np.argsort(-sims, kind="stable")[:k]
        return [(chunks[i], float(sims[i])) for i in order if np.isfinite(sims[i])]

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Per chunk id, the vectors of its sentences (n x dim, float32): the stored sentence
        embeddings, or the chunk's own vector as its one sentence. Unknown ids are absent."""
        out: dict[str, np.ndarray] = {}
        with self._rlock:
            for part in _chunks(list(dict.fromkeys(ids)), _SQL_VARS):
                q = f"SELECT chunk_id, embedding, sentence_embeddings FROM chunks WHERE chunk_id IN ({','.join('?' * len(part))})"
                for cid, blob, sblob in self._rconn.execute(q, tuple(part)):
                    v, sentences = _vectors(blob, sblob)
                    out[cid] = sentences if sentences is not None else v.reshape(1, -1)
        return out

    def missing_sentence_vectors(self) -> int:
        """Multi-sentence chunks stored without their sentence vectors (ingested before pipeline
        `ingest-2`; retrieval then counts each as one sentence until the file is ingested again)."""
        with self._rlock:
            rows = self._rconn.execute(
                f"SELECT {_CHUNK_COLS} FROM chunks c JOIN docs d ON d.doc_id = c.doc_id WHERE c.sentence_embeddings IS NULL"
            ).fetchall()
        return sum(1 for r in rows if _row_to_chunk(r).sentence_texts())

    # ---------------------------------------------------------------- write side (ingest only)

    def write_lock(self):
        """The cross-process writer lock (a reentrant filelock; use as a context manager)."""
        return self._file_lock

    @contextmanager
    def _try_write_lock(self) -> Iterator[bool]:
        from filelock import Timeout

        try:
            self._file_lock.acquire(timeout=0)
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            self._file_lock.release()

    @contextmanager
    def writing(self, doc_id: str) -> Iterator["DocWrite"]:
        """Change one document atomically (caller holds `write_lock()`).

        The body stages catalog rows inside one transaction and writes chroma; on success the
        transaction commits, on any exception it rolls back and chroma is repaired for `doc_id`.
        """
        self._ensure_open()
        with self._wlock:
            c = self._wconn
            c.execute("INSERT OR REPLACE INTO pending VALUES (?, ?)", (doc_id, _now()))  # autocommit
            c.execute("BEGIN IMMEDIATE")
            w = DocWrite(self, doc_id)
            try:
                yield w
                c.execute("DELETE FROM pending WHERE doc_id = ?", (doc_id,))
                if w.changed:
                    c.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
                c.execute("COMMIT")
            except BaseException:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                try:
                    self._reconcile_doc(doc_id)
                    c.execute("DELETE FROM pending WHERE doc_id = ?", (doc_id,))
                except Exception:  # left pending: repaired on the next open
                    log.warning("could not repair chroma for %s after a failed write", doc_id, exc_info=True)
                raise
            if w.changed:
                self._seen_gen = self.generation()

    # llama-index docstore key-value collections (used by ingest.llamaindex_adapter.SqliteKVStore)

    def kv_get(self, collection: str, key: str) -> dict | None:
        with self._wlock:
            r = self._wconn.execute("SELECT value FROM kv WHERE collection = ? AND key = ?", (collection, key)).fetchone()
        return json.loads(r[0]) if r else None

    def kv_put(self, collection: str, key: str, value: dict) -> None:
        with self._wlock:
            self._wconn.execute("INSERT OR REPLACE INTO kv VALUES (?, ?, ?)", (collection, key, json.dumps(value, ensure_ascii=False)))

    def kv_delete(self, collection: str, key: str) -> bool:
        with self._wlock:
            cur = self._wconn.execute("DELETE FROM kv WHERE collection = ? AND key = ?", (collection, key))
        return cur.rowcount > 0

    def kv_all(self, collection: str) -> dict[str, dict]:
        with self._wlock:
            rows = self._wconn.execute("SELECT key, value FROM kv WHERE collection = ?", (collection,)).fetchall()
        return {k: json.loads(v) for k, v in rows}

    # ---------------------------------------------------------------- repair

    def recover(self) -> bool:
        """Repair chroma from the catalog after an interrupted write. Returns True if it ran.

        Skipped (False) while another process holds the write lock: its pending rows are live.
        """
        self._ensure_open()
        with self._try_write_lock() as got:
            if not got:
                return False
            changed = False
            with self._wlock:
                pending = [r[0] for r in self._wconn.execute("SELECT doc_id FROM pending")]
            try:
                for doc_id in pending:
                    self._reconcile_doc(doc_id)
                    changed = True
                if self._col.count() != self.count():
                    self._reconcile_all()
                    changed = True
            except Exception as exc:
                log.warning("chroma repair failed (%r); rebuilding from the catalog", exc)
                self._rebuild_chroma()
                changed = True
            with self._wlock:
                self._wconn.execute("DELETE FROM pending")
                if changed:
                    self._wconn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
            if changed:
                log.info("index repaired after an interrupted write (%d pending documents)", len(pending))
                self._seen_gen = self.generation()
            return True

    def verify(self) -> list[str]:
        """Consistency problems between catalog and chroma (empty list = consistent)."""
        with self._rlock:
            chroma_ids = set(self._col.get(include=[])["ids"])
            cat_ids = {r[0] for r in self._rconn.execute("SELECT chunk_id FROM chunks")}
            orphan_rows = self._rconn.execute(
                "SELECT COUNT(*) FROM chunks c LEFT JOIN docs d ON d.doc_id = c.doc_id WHERE d.doc_id IS NULL"
            ).fetchone()[0]
            bad_counts = self._rconn.execute(
                "SELECT COUNT(*) FROM docs d WHERE d.chunks != (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.doc_id)"
            ).fetchone()[0]
            pending = self._rconn.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
        problems = []
        if chroma_ids - cat_ids:
            problems.append(f"{len(chroma_ids - cat_ids)} vectors in chroma without a catalog chunk")
        if cat_ids - chroma_ids:
            problems.append(f"{len(cat_ids - chroma_ids)} catalog chunks missing from chroma")
        if orphan_rows:
            problems.append(f"{orphan_rows} chunks without a document")
        if bad_counts:
            problems.append(f"{bad_counts} documents whose chunk count is wrong")
        if pending:
            problems.append(f"{pending} pending (interrupted) writes")
        return problems

    def rebuild_vectors(self) -> None:
        """Recreate the chroma collection from the catalog's stored embeddings (no re-embedding)."""
        with self.write_lock():
            self._rebuild_chroma()

    def _catalog_rows_for(self, where_sql: str, params: Sequence[Any]) -> list[tuple[Chunk, bytes]]:
        with self._wlock:
            rows = self._wconn.execute(
                f"SELECT {_CHUNK_COLS}, c.embedding FROM chunks c JOIN docs d ON d.doc_id = c.doc_id {where_sql}", tuple(params)
            ).fetchall()
        return [(_row_to_chunk(r), r[-1]) for r in rows]

    def _upsert_rows(self, rows: Sequence[tuple[Chunk, bytes]]) -> None:
        for part in _chunks(list(rows), _BATCH):
            vecs = np.stack([np.frombuffer(b, dtype=np.float32) for _, b in part])
            self._col.upsert(ids=[c.chunk_id for c, _ in part], embeddings=vecs, metadatas=[_chroma_meta(c) for c, _ in part])

    def _reconcile_doc(self, doc_id: str) -> None:
        with self._rlock:
            chroma_ids = set(self._col.get(where={"doc_id": doc_id}, include=[])["ids"])
            rows = self._catalog_rows_for("WHERE c.doc_id = ?", (doc_id,))
            keep = {c.chunk_id for c, _ in rows}
            stale = sorted(chroma_ids - keep)
            for part in _chunks(stale, _BATCH):
                self._col.delete(ids=list(part))
            self._upsert_rows(rows)  # all of them: metadata may differ even where ids match

    def _reconcile_all(self) -> None:
        with self._rlock:
            chroma_ids = set(self._col.get(include=[])["ids"])
            with self._wlock:
                cat_ids = {r[0] for r in self._wconn.execute("SELECT chunk_id FROM chunks")}
            for part in _chunks(sorted(chroma_ids - cat_ids), _BATCH):
                self._col.delete(ids=list(part))
            missing = sorted(cat_ids - chroma_ids)
            for part in _chunks(missing, _SQL_VARS):
                self._upsert_rows(self._catalog_rows_for(f"WHERE c.chunk_id IN ({','.join('?' * len(part))})", part))

    def _rebuild_chroma(self) -> None:
        """Switch to a new chroma directory filled from the catalog (caller holds the write lock).
        A crash part-way leaves a partly filled new directory, which the count check on the next
        open completes."""
        with self._rlock:
            self._close_chroma()
            old = self._chroma_path()
            name = f"{CHROMA_DIR}-{uuid.uuid4().hex[:8]}"
            with self._wlock:
                self._wconn.execute("INSERT OR REPLACE INTO meta VALUES ('chroma_dir', ?)", (name,))
            self._open_chroma()
            self._upsert_rows(self._catalog_rows_for("", ()))
            with self._wlock:
                self._wconn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
            self._seen_gen = self.generation()
            for p in self.index_dir.glob(CHROMA_DIR + "*"):
                if p.is_dir() and p.name != name:
                    shutil.rmtree(p, ignore_errors=True)
            log.warning("vector index rebuilt from the catalog (%s -> %s)", old.name, name)

    # ---------------------------------------------------------------- lifecycle

    def _ensure_open(self) -> None:
        if self._closed:
            raise IndexUnavailable("索引は閉じられています。")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._close_chroma()
        for c in (self._rconn, self._wconn):
            try:
                c.close()
            except Exception:  # pragma: no cover
                pass

    def __enter__(self) -> "IndexStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DocWrite:
    """Staged change of one document inside `IndexStore.writing()` (one catalog transaction)."""

    def __init__(self, store: IndexStore, doc_id: str) -> None:
        self._s = store
        self.doc_id = doc_id
        self.changed = False

    def stored_embeddings(self, emb_keys: Iterable[str]) -> dict[str, tuple[np.ndarray, np.ndarray | None]]:
        """(chunk vector, sentence vectors or None) already in the catalog for these embedding keys
        (reused, never recomputed). The key hashes the model and `retrieval_text`, which fixes the
        sentences too; a row that holds sentence vectors is preferred over one that does not."""
        keys = list(dict.fromkeys(emb_keys))
        out: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
        c = self._s._wconn
        for part in _chunks(keys, _SQL_VARS):
            q = f"SELECT emb_key, embedding, sentence_embeddings FROM chunks WHERE emb_key IN ({','.join('?' * len(part))})"
            for k, blob, sblob in c.execute(q, tuple(part)):
                if k not in out or out[k][1] is None:
                    out[k] = _vectors(blob, sblob)
        return out

    def replace_chunks(self, chunks: Sequence[Chunk], vectors: np.ndarray, emb_keys: Sequence[str],
                       sentence_vectors: Sequence[np.ndarray | None] | None = None) -> None:
        """Make `chunks` the document's complete chunk set (catalog rows + chroma vectors).

        `sentence_vectors[i]` holds the vectors of `chunks[i].sentence_texts()` (None: a one-sentence
        chunk, whose own vector stands in)."""
        s = self._s
        vectors = np.asarray(vectors, dtype=np.float32)
        sentence_vectors = list(sentence_vectors) if sentence_vectors is not None else [None] * len(chunks)
        if len(chunks) != len(vectors) or len(chunks) != len(emb_keys) or len(chunks) != len(sentence_vectors):
            raise ValueError("chunks, vectors, emb_keys and sentence_vectors differ in length")
        if any(sv is not None and (np.ndim(sv) != 2 or np.shape(sv)[1] != vectors.shape[1]) for sv in sentence_vectors):
            raise ValueError("sentence vectors must be (sentences x dim) with the chunk vectors' dim")
        s._check_embedder()
        if len(chunks):
            dim = int(vectors.shape[1])
            if s._dim is None:
                s._dim = dim
                s._wconn.execute("INSERT OR REPLACE INTO meta VALUES ('dim', ?)", (str(dim),))
                s._wconn.execute("INSERT OR REPLACE INTO meta VALUES ('embedder', ?)", (s.embedder.name,))
            elif dim != s._dim:
                raise IndexUnavailable(f"埋め込みの次元（{dim}）が索引（{s._dim}）と一致しません。索引を作り直してください。")
        c = s._wconn
        old_ids = {r[0] for r in c.execute("SELECT chunk_id FROM chunks WHERE doc_id = ?", (self.doc_id,))}
        c.execute("DELETE FROM chunks WHERE doc_id = ?", (self.doc_id,))
        c.executemany(
            'INSERT INTO chunks (chunk_id, doc_id, ordinal, text, start, "end", page, section, speaker, meeting, date, '
            "department, emb_key, embedding, sentence_embeddings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (ch.chunk_id, self.doc_id, ch.ordinal, ch.text, ch.start, ch.end, ch.page, ch.section, ch.speaker,
                 ch.meeting, ch.date, ch.department, key, np.ascontiguousarray(vec, dtype=np.float32).tobytes(),
                 None if sv is None else np.ascontiguousarray(sv, dtype=np.float32).tobytes())
                for ch, vec, key, sv in zip(chunks, vectors, emb_keys, sentence_vectors)
            ],
        )
        new_ids = [ch.chunk_id for ch in chunks]
        with s._rlock:
            for i in range(0, len(chunks), _BATCH):
                part = chunks[i : i + _BATCH]
                s._col.upsert(ids=new_ids[i : i + _BATCH], embeddings=vectors[i : i + _BATCH], metadatas=[_chroma_meta(ch) for ch in part])
            stale = sorted(old_ids - set(new_ids))
            for part in _chunks(stale, _BATCH):
                s._col.delete(ids=list(part))
        self.changed = True

    def put_document(self, **row: Any) -> None:
        """Insert or replace the document's catalog row (fields of the `docs` table)."""
        cols = ("doc_id", "path", "source", "doc_type", "title", "date", "department", "meeting", "label",
                "content_hash", "fingerprint", "format", "encoding", "chars", "chunks", "ingested_at")
        row = {**row, "doc_id": self.doc_id}
        row.setdefault("ingested_at", _now())
        self._s._wconn.execute(
            f"INSERT OR REPLACE INTO docs ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            tuple(row.get(k) for k in cols),
        )
        self.changed = True

    def delete_document(self) -> int:
        """Remove the document and all its chunks; returns the number of chunks removed."""
        s = self._s
        c = s._wconn
        ids = [r[0] for r in c.execute("SELECT chunk_id FROM chunks WHERE doc_id = ?", (self.doc_id,))]
        c.execute("DELETE FROM chunks WHERE doc_id = ?", (self.doc_id,))
        c.execute("DELETE FROM docs WHERE doc_id = ?", (self.doc_id,))
        with s._rlock:
            for part in _chunks(ids, _BATCH):
                s._col.delete(ids=list(part))
        self.changed = True
        return len(ids)
