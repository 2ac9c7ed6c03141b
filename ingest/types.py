"""Plain dataclasses the ingest layer hands to the CLI and UI (no framework objects)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

FileStatus = Literal["added", "updated", "unchanged", "failed"]


@dataclass(frozen=True)
class FileResult:
    """Outcome for one file. `to_json()` is the `assistant ingest --json` line contract."""

    path: str
    status: FileStatus
    chunks: int = 0
    error: str | None = None  # one Japanese line when status == "failed"
    doc_id: str | None = None
    doc_type: str | None = None
    title: str | None = None
    embedded: int = 0  # chunks embedded in this run (the rest reused stored vectors)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "chunks": self.chunks, "error": self.error}


ProgressKind = Literal["start", "waiting", "file_start", "embedding", "file_done", "done"]


@dataclass(frozen=True)
class ProgressEvent:
    """Progress of one `Ingestor.ingest` call.

    `bytes_done / bytes_total` is the overall fraction (a file's bytes count in proportion to
    its embedded chunks while it is being embedded). `result` is set on "file_done".
    """

    kind: ProgressKind
    files_total: int = 0
    files_done: int = 0
    bytes_total: int = 0
    bytes_done: int = 0
    path: str | None = None
    chunks_done: int = 0
    chunks_total: int = 0
    result: FileResult | None = None

    @property
    def fraction(self) -> float:
        if self.bytes_total <= 0:
            return 1.0 if self.kind == "done" else 0.0
        return min(1.0, self.bytes_done / self.bytes_total)


@dataclass(frozen=True)
class SourceInfo:
    """One indexed document, as listed by `assistant sources`."""

    doc_id: str
    path: str
    doc_type: str
    title: str | None
    date: str | None
    chunks: int
    label: str
    ingested_at: str  # ISO 8601 UTC, when this version was indexed
    content_hash: str  # sha256 of the file's bytes
    department: str | None = None
    format: str | None = None
    chars: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id, "path": self.path, "doc_type": self.doc_type, "title": self.title,
            "date": self.date, "department": self.department, "chunks": self.chunks, "label": self.label,
            "ingested_at": self.ingested_at, "content_hash": self.content_hash, "format": self.format,
            "chars": self.chars,
        }


@dataclass(frozen=True)
class RemovedDoc:
    path: str
    doc_id: str
    chunks: int
