from __future__ import annotations

from assistant.retrieval import chunk_matches, dedupe_neighbours
from assistant.types import Chunk, SearchFilters


def _c(doc: str, ordinal: int, **kw) -> Chunk:
    return Chunk(chunk_id=f"{doc}:{ordinal}", doc_id=doc, text="t", start=0, end=1, source="s", path="/s",
                 ordinal=ordinal, **kw)


def test_when_neighbours_ranked_then_only_best_of_run_kept():
    ordered = [(_c("d", 3), 0.9), (_c("d", 4), 0.8), (_c("e", 1), 0.7), (_c("d", 6), 0.6), (_c("d", 2), 0.5)]
    kept = dedupe_neighbours(ordered, 10)
    assert [(c.doc_id, c.ordinal) for c, _ in kept] == [("d", 3), ("e", 1), ("d", 6)]


def test_when_filters_given_then_chunk_matches_all_of_them():
    c = _c("d", 0, doc_type="minutes", department="市民課", date="2024-06-12", confidentiality="public")
    assert chunk_matches(c, SearchFilters(doc_types=("minutes",), date_from="2024-04-01", date_to="2025-03-31"))
    assert not chunk_matches(c, SearchFilters(doc_types=("manual",)))
    assert not chunk_matches(c, SearchFilters(date_to="2024-06-11"))
    assert not chunk_matches(c, SearchFilters(departments=("税務課",)))
    assert not chunk_matches(_c("x", 0), SearchFilters(date_from="2024-01-01"))
