"""`build(settings)`: the one place where components are wired.

Nothing heavy happens in `build()`: every component loads its model in `warm_up()` or on first use,
so `assistant config show` or `assistant --help` never pay for model loading. Tests call `build()`
with their own settings (a temporary ASSISTANT_HOME).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    from assistant.protocols import Embedder, Generator


@dataclass
class App:
    """Lazily constructed components. Attribute access builds; nothing is built twice."""

    settings: Settings
    _overrides: dict[str, Any] = field(default_factory=dict)

    def _get(self, name: str, factory):
        if name not in self._overrides:
            self._overrides[name] = factory()
        return self._overrides[name]

    @property
    def embedder(self) -> "Embedder":
        from assistant.embeddings import make_embedder

        return self._get("embedder", lambda: make_embedder(self.settings.embedding))

    @property
    def store(self):
        from ingest.store import IndexStore

        return self._get("store", lambda: IndexStore(self.settings.index_dir, self.embedder,
                                                         exact_limit=self.settings.retrieval.exact_dense_limit))

    @property
    def ingestor(self):
        from ingest.pipeline import Ingestor

        return self._get("ingestor", lambda: Ingestor(self.settings, self.embedder, self.store))

    @property
    def generator(self) -> "Generator":
        from assistant.llm import make_generator

        return self._get("generator", lambda: make_generator(self.settings))

    @property
    def pii_guard(self):
        from guardrails.engine import JapanesePiiDetector
        from guardrails.policy import PiiGuard

        def make():
            det = JapanesePiiDetector(self.settings.guardrails)
            det.warm_up()  # fail closed: no guard, no assistant
            return PiiGuard(det, self.settings.guardrails)

        return self._get("pii_guard", make)

    @property
    def retriever(self):
        from assistant.retrieval import HybridRetriever

        return self._get("retriever", lambda: HybridRetriever(self.settings, self.embedder, self.store))

    @property
    def audit(self):
        from assistant.audit import AuditLog

        return self._get("audit", lambda: AuditLog(self.settings.logs_dir / "audit.sqlite3"))

    @property
    def answerer(self):
        from assistant.answer import Answerer

        return self._get(
            "answerer",
            lambda: Answerer(self.settings, self.retriever, self.generator, self.pii_guard, self.audit),
        )

    def search(self, query: str, k: int | None = None, filters=None, *, user: str | None = None):
        """Hybrid search with an audit record (query redacted, chunk ids and scores, timing).

        The CLI and the UI call this, never the retriever directly, so every search an employee
        makes is traceable (R10) without storing personal data. Spoken words are searched in the
        documents' written form (スマホ → スマートフォン, as `ask` reads them); the log keeps the query
        as typed.
        """
        import time

        from assistant.answer import _default_user
        from assistant.audit import AuditRecord
        from assistant.textutil import written_form

        t = time.perf_counter()
        rec = AuditRecord(task="search", user=user or _default_user(), template="-", model=self.embedder.name,
                          settings_hash=self.settings.fingerprint(), prompt_redacted="", output_redacted="",
                          status="error")
        try:
            rec.prompt_redacted = self.pii_guard.redact_for_log(query)
            hits = self.retriever.search(written_form(query), k, filters)
            rec.chunks = [{"id": h.chunk.chunk_id, "score": round(h.score, 5)} for h in hits]
            rec.status = "ok"
            return hits
        finally:
            rec.timings = {"total_s": time.perf_counter() - t}
            self.audit.record(rec)

    def close(self) -> None:
        for obj in self._overrides.values():
            close = getattr(obj, "close", None)
            if callable(close):
                close()


def build(settings: Settings, **overrides: Any) -> App:
    """Wire the components for `settings`. `overrides` replace components by name (tests)."""
    return App(settings, dict(overrides))
