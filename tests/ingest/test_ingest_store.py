"""IndexStore: the ChunkStore contract, filters, generations, repair and multi-process readers."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from assistant.errors import IndexUnavailable
from assistant.protocols import ChunkStore
from assistant.types import SearchFilters
from ingest.store import IndexStore
from tests.ingest.conftest import REPO
from tests.ingest.ingest_fakes import CountingEmbedder


@pytest.fixture
def corpus(docs):
    (docs / "manual.md").write_text(
        "# 窓口マニュアル\n\nみどり野市 市民部 市民課\n最終改訂：令和6年10月1日\n\n## 手数料\n\n住民票の写しの手数料は1通300円です。\n", encoding="utf-8")
    (docs / "bulletin.md").write_text(
        "# 市報 7月号\n\n令和6年7月1日発行\n発行：みどり野市 企画政策部 広報広聴課\n\n## お知らせ\n\nマイナ保険証の利用登録を手伝います。\n", encoding="utf-8")
    (docs / "memo.txt").write_text("日付のないメモです。住民票の写しについて。", encoding="utf-8")
    return docs


def test_when_store_does_not_exist_then_opens_empty(tmp_path, embedder):
    with IndexStore(tmp_path / "new" / "index", embedder) as s:
        assert isinstance(s, ChunkStore)
        assert s.count() == 0 and s.all_chunks() == [] and s.sources() == []
        assert s.dense_search(embedder.embed_queries(["住民票"])[0], 5, SearchFilters()) == []
        assert s.verify() == []


@pytest.fixture(params=["exact", "hnsw"])
def search_mode(request, store):
    """Both dense-search paths: every vector scored (the default below `exact_limit` chunks) and
    chroma's HNSW index (the path above it)."""
    store.exact_limit = 50_000 if request.param == "exact" else 0
    return request.param


def test_when_filtered_then_only_matching_chunks_best_first(ingestor, store, embedder, corpus, search_mode):
    list(ingestor.ingest([corpus]))
    q = embedder.embed_queries(["住民票の写しの手数料"])[0]
    hits = store.dense_search(q, 10, SearchFilters())
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and -1.0 <= scores[-1] <= scores[0] <= 1.0
    top = hits[0][0]
    assert abs(hits[0][1] - float(np.dot(q, embedder.embed_passages([top.retrieval_text()])[0]))) < 1e-4
    assert {c.doc_type for c, _ in store.dense_search(q, 10, SearchFilters(doc_types=("bulletin",)))} == {"bulletin"}
    assert {c.department for c, _ in store.dense_search(q, 10, SearchFilters(departments=("市民課",)))} == {"市民課"}
    in_july = store.dense_search(q, 10, SearchFilters(date_from="2024-07-01", date_to="2024-07-31"))
    assert {c.source for c, _ in in_july} == {"bulletin.md"}
    upto = store.dense_search(q, 10, SearchFilters(date_to="2024-12-31"))
    assert "memo.txt" not in {c.source for c, _ in upto}  # undated chunks never match a date filter
    both = store.dense_search(q, 10, SearchFilters(doc_types=("manual",), date_from="2024-10-01", date_to="2024-10-01"))
    assert {c.source for c, _ in both} == {"manual.md"}
    assert store.dense_search(q, 10, SearchFilters(doc_types=("minutes",))) == []
    with pytest.raises(ValueError):
        store.dense_search(q, 3, SearchFilters(date_from="令和6年"))


def test_when_under_the_exact_limit_then_every_vector_is_scored_in_catalog_order(ingestor, store, embedder, corpus,
                                                                                 monkeypatch):
    list(ingestor.ingest([corpus]))
    hnsw = store._col.query
    monkeypatch.setattr(store._col, "query", lambda *a, **k: pytest.fail("HNSW consulted below the exact limit"))
    chunks = store.all_chunks()
    q = embedder.embed_queries(["住民票の写しの手数料"])[0]
    cos = embedder.embed_passages([c.retrieval_text() for c in chunks]) @ q
    want = [chunks[i].chunk_id for i in np.argsort(-cos, kind="stable")]
    hits = store.dense_search(q, len(chunks), SearchFilters())
    assert [c.chunk_id for c, _ in hits] == want
    assert np.allclose([s for _, s in hits], np.sort(cos)[::-1], atol=1e-5)
    assert [c.chunk_id for c, _ in store.dense_search(q, 2, SearchFilters())] == want[:2]
    # chroma's HNSW path agrees on an index this small (above the limit it is approximate)
    store.exact_limit = 0
    monkeypatch.setattr(store._col, "query", hnsw)
    assert [c.chunk_id for c, _ in store.dense_search(q, len(chunks), SearchFilters())] == want
    # a new generation is read at once: the removed document's chunks are gone
    store.exact_limit = 50_000
    assert ingestor.remove(corpus / "memo.txt") == 1
    assert "memo.txt" not in {c.source for c, _ in store.dense_search(q, len(chunks), SearchFilters())}


def test_when_chunk_set_changes_then_generation_changes(ingestor, store, corpus):
    g0 = store.generation()
    list(ingestor.ingest([corpus / "memo.txt"]))
    g1 = store.generation()
    assert g1 != g0
    list(ingestor.ingest([corpus / "memo.txt"]))
    assert store.generation() == g1
    ingestor.remove(corpus / "memo.txt")
    assert store.generation() not in (g0, g1)


def test_when_reopened_then_same_chunks_in_doc_then_ordinal_order(settings, ingestor, store, embedder, corpus):
    list(ingestor.ingest([corpus]))
    before = store.all_chunks()
    assert [(c.path, c.ordinal) for c in before] == sorted((c.path, c.ordinal) for c in before)
    by_id = store.get_chunks([before[2].chunk_id, "missing", before[0].chunk_id])
    assert [c.chunk_id for c in by_id] == [before[2].chunk_id, before[0].chunk_id]
    store.close()
    with IndexStore(settings.index_dir, embedder) as again:
        assert again.all_chunks() == before
        assert again.chunks_of_doc(before[0].doc_id) == [c for c in before if c.doc_id == before[0].doc_id]


def test_when_another_process_ingests_then_reader_sees_new_vectors(settings, store, embedder, corpus, search_mode):
    q = embedder.embed_queries(["マイナ保険証"])[0]
    assert store.dense_search(q, 3, SearchFilters()) == []  # our chroma handle is now loaded
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from tests.ingest.conftest import ingest_settings
        from tests.ingest.ingest_fakes import CountingEmbedder
        from ingest.store import IndexStore
        from ingest.pipeline import Ingestor
        s = ingest_settings(Path({str(settings.home)!r}))
        e = CountingEmbedder()
        with IndexStore(s.index_dir, e) as st:
            print([r.status for r in Ingestor(s, e, st).ingest([{str(corpus)!r}])])
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    hits = store.dense_search(q, 3, SearchFilters())
    assert hits and hits[0][0].source == "bulletin.md"


def test_when_write_fails_midway_then_catalog_and_chroma_keep_the_old_version(ingestor, store, corpus, monkeypatch):
    list(ingestor.ingest([corpus / "manual.md"]))
    before = store.all_chunks()
    (corpus / "manual.md").write_text("# 改訂版\n\n" + "全く新しい本文です。" * 50, encoding="utf-8")
    from ingest.store import DocWrite

    real_put = DocWrite.put_document

    def boom(self, **row):  # chroma already holds the new vectors when this fails
        raise RuntimeError("disk full")

    monkeypatch.setattr(DocWrite, "put_document", boom)
    (r,) = list(ingestor.ingest([corpus / "manual.md"]))
    assert r.status == "failed" and "インシデント" in r.error
    monkeypatch.setattr(DocWrite, "put_document", real_put)
    assert store.all_chunks() == before and store.verify() == []


def test_when_pending_write_left_by_a_dead_process_then_open_repairs_chroma(settings, ingestor, store, embedder, corpus):
    list(ingestor.ingest([corpus]))
    good = store.all_chunks()
    # simulate a writer killed after touching chroma: stray vector, a deleted vector, pending row
    col = store._col
    col.upsert(ids=["stray"], embeddings=np.ones((1, embedder.dim), dtype=np.float32), metadatas=[{"doc_id": good[0].doc_id}])
    col.delete(ids=[good[1].chunk_id])
    store._wconn.execute("INSERT INTO pending VALUES (?, 'x')", (good[0].doc_id,))
    store.close()
    with IndexStore(settings.index_dir, embedder) as reopened:
        assert reopened.verify() == []
        assert reopened.all_chunks() == good


def test_when_chroma_directory_destroyed_then_rebuilt_from_catalog_without_embedding(settings, ingestor, store, embedder, corpus):
    list(ingestor.ingest([corpus]))
    good = store.all_chunks()
    store.close()
    chroma = settings.index_dir / "chroma"
    shutil.rmtree(chroma)
    chroma.mkdir()
    (chroma / "chroma.sqlite3").write_bytes(b"garbage, not a database" * 100)
    fresh = CountingEmbedder()
    fresh.name = embedder.name
    with IndexStore(settings.index_dir, fresh) as reopened:
        assert fresh.calls == 0
        assert reopened.verify() == []
        q = fresh.embed_queries(["住民票の写しの手数料"])[0]
        assert reopened.dense_search(q, 1, SearchFilters())[0][0].chunk_id in {c.chunk_id for c in good}


def test_when_index_built_with_another_embedder_then_search_refuses(settings, ingestor, store, corpus):
    list(ingestor.ingest([corpus / "memo.txt"]))
    store.close()
    other = CountingEmbedder()
    other.name = "another-model"
    with IndexStore(settings.index_dir, other) as s:
        assert s.count() > 0 and len(s.sources()) == 1  # listing needs no embedder
        with pytest.raises(IndexUnavailable):
            s.dense_search(other.embed_queries(["x"])[0], 3, SearchFilters())
