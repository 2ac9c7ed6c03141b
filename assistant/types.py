"""Plain dataclasses that cross layer boundaries (ingest -> store -> retrieval -> answer -> UI/CLI).

Framework objects (llama-index nodes, chroma results, langchain messages, presidio results) never
leave their adapter module; they are converted to these types at the seam.

Invariants:
- `Chunk.start`/`Chunk.end` are character offsets into the document's *extracted* text; for .txt/.md
  that text is the decoded file, so `file_text[chunk.start:chunk.end] == chunk.text` exactly.
- `Finding` offsets refer to the original (un-normalised) text the detector was given.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from assistant.textutil import split_sentences

DocType = Literal["minutes", "manual", "bulletin", "guideline", "other"]
DOC_TYPES: tuple[str, ...] = ("minutes", "manual", "bulletin", "guideline", "other")


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage with everything needed to cite it."""

    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    source: str  # file name
    path: str  # absolute source path at ingest time
    doc_type: str = "other"
    title: str | None = None
    page: int | None = None
    section: str | None = None
    speaker: str | None = None
    meeting: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    department: str | None = None
    confidentiality: str = "public"
    content_hash: str = ""  # hash of the whole source document's bytes
    ordinal: int = 0  # position of the chunk within its document

    def retrieval_text(self) -> str:
        """Text that is embedded and BM25-indexed: heading path / speaker context, then the chunk.

        Both ingest (embeddings) and retrieval (BM25) must use this one definition.
        """
        head = self.heading_text()
        return (head + "\n" + self.text) if head else self.text

    def sentence_texts(self) -> list[str]:
        """What is embedded for each sentence of the chunk: the heading lines, then the sentence.

        [] when the text is a single sentence: the chunk's `retrieval_text` vector then stands for
        it. Ingest embeds these and retrieval compares the question with each (best sentence wins).
        """
        spans = split_sentences(self.text)
        if len(spans) < 2:
            return []
        head = self.heading_text()
        return [(head + "\n" + self.text[a:b]) if head else self.text[a:b] for a, b in spans]

    def heading_text(self) -> str:
        """The title, section path and speaker lines that precede the text in `retrieval_text` ("" if none)."""
        head = [x for x in (self.title, self.section) if x]
        if self.speaker:
            head.append(f"発言者: {self.speaker}")
        return "\n".join(head)

    def metadata(self) -> dict[str, Any]:
        """Flat metadata without the text (None values kept)."""
        d = asdict(self)
        d.pop("text")
        return d


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and 1-based rank."""

    chunk: Chunk
    score: float
    rank: int

    def to_json(self) -> dict[str, Any]:
        """The `assistant search --json` contract (fields fixed; null where not applicable)."""
        c = self.chunk
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "doc_id": c.doc_id,
            "source": c.source,
            "path": c.path,
            "doc_type": c.doc_type,
            "title": c.title,
            "page": c.page,
            "section": c.section,
            "speaker": c.speaker,
            "start": c.start,
            "end": c.end,
            "text": c.text,
        }


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer; `n` is the [n] used in the answer text."""

    n: int
    hit: Hit

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, **self.hit.to_json()}


@dataclass
class Answer:
    answer: str
    declined: bool
    citations: list[Citation]
    model: str
    timings: dict[str, float] = field(default_factory=dict)
    request_id: str = ""
    grounded: bool = True
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "declined": self.declined,
            "citations": [c.to_json() for c in self.citations],
            "model": self.model,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
        }


@dataclass(frozen=True)
class Finding:
    """A detected personal-data span. `text` is never written to logs."""

    start: int
    end: int
    entity_type: str
    score: float
    text: str = ""
    recognizer: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "type": self.entity_type, "score": round(self.score, 4)}


@dataclass(frozen=True)
class Message:
    """A chat message for a generator. role is system | user | assistant."""

    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class SearchFilters:
    """Metadata filters. Dates are ISO yyyy-mm-dd (inclusive); None means unrestricted."""

    doc_types: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    confidentiality: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.doc_types or self.departments or self.date_from or self.date_to or self.confidentiality)
