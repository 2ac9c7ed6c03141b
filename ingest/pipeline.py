"""`Ingestor`: files in, chunks in the index out — incremental, idempotent and crash-safe.

Per file: vet (files.read_checked) -> sha256 of the bytes -> fingerprint (bytes hash + ingest
profile: chunker version, sizes, embedder, overrides) -> unchanged? skip without parsing or
embedding -> extract (loaders) -> metadata + minutes turns -> llama-index IngestionPipeline
(chunk, embed, store) inside one catalog transaction.

Invariants:
- doc_id = hash of the normalised absolute path; chunk_id = hash of doc_id + ordinal + chunk text
  hash. No timestamps in any id or hash, so a rebuild produces the same ids.
- One ingest at a time per index (the store's file lock, held for the whole batch); readers are
  never blocked.
- A failing file never stops the batch: it yields a FileResult with status "failed" and a
  one-line Japanese reason naming no internals (unexpected errors get an incident id in the log).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import ConfigError, IngestError
from assistant.types import DOC_TYPES, Chunk
from ingest import files, loaders, metadata, minutes
from ingest.chunker import chunk_document
from ingest.types import FileResult, ProgressEvent, RemovedDoc

if TYPE_CHECKING:  # pragma: no cover
    from assistant.protocols import Embedder
    from assistant.settings import Settings
    from ingest.store import IndexStore

__all__ = ["Ingestor", "FileResult", "ProgressEvent", "RemovedDoc"]

log = logging.getLogger(__name__)

# bump when chunking, metadata or embedding rules change: every file is then re-chunked on the next
# ingest (embeddings of unchanged chunk texts are still reused). ingest-2: per-sentence embeddings.
PIPELINE_VERSION = "ingest-2"
_LABEL_MAX = 32


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chunk_id_for(doc_id: str, ordinal: int, text: str) -> str:
    h = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return hashlib.sha256(f"{doc_id}:{ordinal}:{h}".encode()).hexdigest()[:32]


class Ingestor:
    """Ingests files into an `IndexStore` through llama-index's IngestionPipeline."""

    def __init__(self, settings: "Settings", embedder: "Embedder", store: "IndexStore") -> None:
        self.settings = settings
        self.cfg = settings.ingest
        if self.cfg.chunk_overlap >= self.cfg.chunk_size:
            raise ConfigError(
                f"ingest.chunk_overlap（{self.cfg.chunk_overlap}）は ingest.chunk_size（{self.cfg.chunk_size}）より小さくしてください。"
            )
        self.embedder = embedder
        self.store = store
        self._li = None  # built on first use (imports llama-index)
        self.last_walk = files.WalkStats()  # what the last ingest() skipped in folder walks

    @property
    def _adapter(self):
        if self._li is None:
            from ingest.llamaindex_adapter import LlamaIndexIngestion

            self._li = LlamaIndexIngestion(self.store, self.embedder, batch_size=self.settings.embedding.batch_size)
        return self._li

    # ------------------------------------------------------------------ public API

    def ingest(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        doc_type: str | None = None,
        label: str | None = None,
        department: str | None = None,
        include: Sequence[str] | None = None,
        exclude: Sequence[str] | None = None,
        progress: Callable[[ProgressEvent], None] | None = None,
    ) -> Iterator[FileResult]:
        """Ingest files and folders; yields one FileResult per file as it finishes.

        `include` replaces settings.ingest.include; `exclude` is added to settings.ingest.exclude.
        Folder walks skip unsupported extensions silently (see `last_walk`); a file named
        explicitly with an unsupported extension fails with a reason.
        Raises ValueError at once (before any file is touched) for an unknown doc_type or an
        invalid label: those are usage errors.
        """
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        if doc_type is not None and doc_type not in DOC_TYPES:
            raise ValueError(f"doc_type must be one of {', '.join(DOC_TYPES)}: {doc_type!r}")
        label = self._check_label(label if label is not None else self.cfg.default_confidentiality)
        department = department.strip() or None if department else None
        inc = list(include) if include is not None else list(self.cfg.include)
        exc = [*self.cfg.exclude, *(exclude or ())]
        return self._run(list(paths), doc_type, label, department, inc, exc, progress or (lambda ev: None))

    def _run(self, paths, doc_type, label, department, inc, exc, emit) -> Iterator[FileResult]:
        self.last_walk = files.WalkStats()
        candidates = list(files.expand(paths, inc, exc, self.last_walk))
        total_bytes = sum(c.size for c in candidates)
        n = len(candidates)
        emit(ProgressEvent("start", files_total=n, bytes_total=total_bytes))
        lock = self.store.write_lock()
        from filelock import Timeout

        try:
            lock.acquire(timeout=0)
        except Timeout:
            emit(ProgressEvent("waiting", files_total=n, bytes_total=total_bytes))
            lock.acquire()
        try:
            done_bytes = 0
            for i, cand in enumerate(candidates):
                shown = files.display(cand.path)
                emit(ProgressEvent("file_start", n, i, total_bytes, done_bytes, shown))

                def on_embed(done: int, total: int, _i=i, _c=cand, _b=done_bytes, _s=shown) -> None:
                    part = int(_c.size * done / total) if total else 0
                    emit(ProgressEvent("embedding", n, _i, total_bytes, _b + part, _s, done, total))

                result = self._one(cand, doc_type=doc_type, label=label, department=department, on_embed=on_embed)
                done_bytes += cand.size
                emit(ProgressEvent("file_done", n, i + 1, total_bytes, done_bytes, shown, result=result))
                yield result
            emit(ProgressEvent("done", n, n, total_bytes, total_bytes))
        finally:
            lock.release()

    def remove(self, path: str | os.PathLike[str]) -> int:
        """Remove the document at `path` (or every document under the folder `path`) from the
        index. Returns the number of chunks removed (0 if nothing was indexed there)."""
        return sum(r.chunks for r in self.remove_docs(path))

    def remove_docs(self, path: str | os.PathLike[str]) -> list[RemovedDoc]:
        """Like `remove`, listing each removed document. The file need not exist any more."""
        target = str(files.normalise_path(path))
        removed: list[RemovedDoc] = []
        with self.store.write_lock():
            for src in self.store.docs_under(target):
                with self.store.writing(src.doc_id) as w:
                    n = self._adapter.forget(w)
                removed.append(RemovedDoc(src.path, src.doc_id, n))
        return removed

    def sources(self):
        return self.store.sources()

    # ------------------------------------------------------------------ one file

    def _one(self, cand: files.Candidate, *, doc_type: str | None, label: str, department: str | None,
             on_embed: Callable[[int, int], None]) -> FileResult:
        t0 = time.perf_counter()
        shown = files.display(cand.path)
        try:
            if cand.problem:
                raise IngestError(shown, cand.problem)
            max_bytes = int(self.cfg.max_file_mb * 1_048_576)
            data = files.read_checked(cand.path, max_bytes)
            chash = content_hash(data)
            doc_id = files.doc_id_for(cand.path)
            fp = self._fingerprint(chash, doc_type, label, department)
            existing = self.store.source(doc_id)
            if existing is not None and self._adapter.stored_fingerprint(doc_id) == fp:
                return FileResult(str(cand.path), "unchanged", existing.chunks, None, doc_id, existing.doc_type,
                                  existing.title, 0, time.perf_counter() - t0)
            doc = loaders.load(cand.path, data, max_unpacked_bytes=max(10 * max_bytes, 100 * 1_048_576))
            plan, meta = self._plan(cand.path, doc, doc_id, chash, fp, doc_type, label, department)
            stats = self._adapter.run(plan, on_progress=on_embed)
            if stats.unchanged:
                status = "unchanged"
            else:
                status = "updated" if existing is not None else "added"
            return FileResult(str(cand.path), status, stats.chunks, None, doc_id, meta["doc_type"], meta["title"],
                              stats.embedded, time.perf_counter() - t0)
        except IngestError as exc:
            return FileResult(str(cand.path), "failed", 0, exc.reason, seconds=time.perf_counter() - t0)
        except Exception:
            incident = uuid.uuid4().hex[:8]
            log.exception("ingest failed for %s (incident %s)", shown, incident)
            return FileResult(str(cand.path), "failed", 0, f"内部エラーのため取り込めませんでした（インシデント {incident}）",
                              seconds=time.perf_counter() - t0)

    def _fingerprint(self, chash: str, doc_type: str | None, label: str, department: str | None) -> str:
        profile = {
            "v": PIPELINE_VERSION, "content": chash, "size": self.cfg.chunk_size, "overlap": self.cfg.chunk_overlap,
            "embedder": self.embedder.name, "doc_type": doc_type, "label": label, "department": department,
        }
        return hashlib.sha256(json.dumps(profile, sort_keys=True).encode()).hexdigest()

    def _plan(self, path: Path, doc: loaders.ExtractedDoc, doc_id: str, chash: str, fp: str,
              doc_type: str | None, label: str, department: str | None):
        from ingest.llamaindex_adapter import DocPlan

        head = doc.text[:3000]
        mi = minutes.analyze(doc.text) if doc.format in ("text", "markdown", "docx", "pdf", "html") else minutes.MinutesInfo()
        title = doc.title or (path.stem if doc.format == "csv" else metadata.detect_title(doc.text, fallback=path.stem))
        kind = doc_type or metadata.detect_doc_type(filename=path.name, title=title, head=head, speaker_turns=len(mi.turns))
        is_minutes = kind == "minutes"
        date = (mi.date if is_minutes and mi.date else None) or metadata.detect_document_date(head)
        record_depts = [r.department for r in doc.records]
        dept = department or metadata.detect_department(head) or metadata.most_common(record_depts)
        meeting = (mi.meeting or title) if is_minutes else None
        turns = mi.turns if is_minutes else []
        if is_minutes and (mi.turns or mi.agenda):
            doc.sections = []  # agenda headings replace generic heading guesses in minutes
        extra = mi.agenda if is_minutes else []
        size, overlap = self.cfg.chunk_size, self.cfg.chunk_overlap
        source = path.name

        def make_chunks() -> list[Chunk]:
            spans = chunk_document(doc, chunk_size=size, chunk_overlap=overlap, turns=turns, extra_sections=extra)
            out = []
            for i, sp in enumerate(spans):
                sec_path = list(sp.section)
                if sec_path and sec_path[0] == title:  # the H1 that is the title is not a section
                    sec_path = sec_path[1:]
                out.append(Chunk(
                    chunk_id=chunk_id_for(doc_id, i, sp.text), doc_id=doc_id, text=sp.text, start=sp.start, end=sp.end,
                    source=source, path=str(path), doc_type=kind, title=title, page=sp.page,
                    section=" > ".join(sec_path) or None, speaker=sp.speaker, meeting=meeting, date=date,
                    department=department or sp.department or dept, confidentiality=label, content_hash=chash, ordinal=i,
                ))
            return out

        row = {
            "path": str(path), "source": source, "doc_type": kind, "title": title, "date": date, "department": dept,
            "meeting": meeting, "label": label, "content_hash": chash, "format": doc.format, "encoding": doc.encoding,
            "chars": len(doc.text),
        }
        return DocPlan(doc_id=doc_id, text=doc.text, fingerprint=fp, make_chunks=make_chunks, document_row=row), row

    @staticmethod
    def _check_label(label: str) -> str:
        lab = (label or "").strip()
        if not lab or len(lab) > _LABEL_MAX or any(not ch.isprintable() for ch in lab):
            raise ValueError(f"confidentiality label must be 1-{_LABEL_MAX} printable characters: {label!r}")
        return lab
