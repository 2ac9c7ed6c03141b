"""Per-sentence embeddings: stored with each multi-sentence chunk, read back exactly, and filled in
for an index ingested before they existed without re-embedding its chunks."""

from __future__ import annotations

import sqlite3

import numpy as np

import ingest.pipeline
from ingest.pipeline import Ingestor
from ingest.store import IndexStore

TEXT = "# 窓口案内\n\n住民票の写しは市民課で交付します。手数料は1通300円です。\n\n郵送でも請求できます。\n"


def _by_text(store: IndexStore) -> dict[str, str]:
    return {c.text: c.chunk_id for c in store.all_chunks()}


def test_when_a_chunk_has_several_sentences_then_each_sentence_vector_is_stored(ingestor, store, embedder, docs):
    (docs / "a.md").write_text(TEXT, encoding="utf-8")
    [r] = list(ingestor.ingest([docs]))
    chunks = store.all_chunks()
    assert r.status == "added" and r.chunks == len(chunks)
    got = store.sentence_vectors([c.chunk_id for c in chunks] + ["unknown"])
    assert set(got) == {c.chunk_id for c in chunks}
    for c in chunks:
        texts = c.sentence_texts()
        want = embedder.embed_passages(texts) if texts else embedder.embed_passages([c.retrieval_text()])
        np.testing.assert_array_equal(got[c.chunk_id], want)
    assert [c.sentence_texts() for c in chunks] == [[
        "窓口案内\n# 窓口案内", "窓口案内\n住民票の写しは市民課で交付します。", "窓口案内\n手数料は1通300円です。",
        "窓口案内\n郵送でも請求できます。"]]  # each sentence under the document's title, as the chunk is embedded


def test_when_an_index_predates_sentence_vectors_then_reingest_adds_them_without_embedding_chunks_again(
        settings, embedder, docs, monkeypatch):
    (docs / "a.md").write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(ingest.pipeline, "PIPELINE_VERSION", "ingest-1")
    with IndexStore(settings.index_dir, embedder) as s:
        list(Ingestor(settings, embedder, s).ingest([docs]))
        chunk_vectors = {c.chunk_id: v for c, v in zip(s.all_chunks(), embedder.embed_passages([c.retrieval_text() for c in s.all_chunks()]))}
    # the catalog as the first release wrote it: no sentence column, migration 002 not applied
    with sqlite3.connect(settings.index_dir / "catalog.sqlite3") as db:
        db.execute("ALTER TABLE chunks DROP COLUMN sentence_embeddings")
        db.execute("DELETE FROM _migrations WHERE name = '002_sentence_embeddings'")
    monkeypatch.undo()
    with IndexStore(settings.index_dir, embedder) as s:
        before = s.sentence_vectors(list(chunk_vectors))
        assert {k: v.tolist() for k, v in before.items()} == {k: [v.tolist()] for k, v in chunk_vectors.items()}
        multi = sum(1 for c in s.all_chunks() if c.sentence_texts())
        assert multi > 0 and s.missing_sentence_vectors() == multi  # what `assistant doctor` reports
        texts_before = len(embedder.texts)
        [r] = list(Ingestor(settings, embedder, s).ingest([docs]))
        assert (r.status, r.embedded) == ("updated", 0)  # the pipeline version changed; chunk vectors reused
        new_texts = embedder.texts[texts_before:]
        assert new_texts == [t for c in s.all_chunks() for t in c.sentence_texts()]
        after = s.sentence_vectors(list(chunk_vectors))
        assert sorted(len(v) for v in after.values()) == sorted(max(1, len(c.sentence_texts())) for c in s.all_chunks())
        assert s.missing_sentence_vectors() == 0
        assert s.verify() == []
