"""Incremental and idempotent ingest: skips, exact replacement, remove, sources, deterministic ids."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ingest.pipeline import Ingestor
from ingest.store import IndexStore
from tests.ingest.conftest import DEMO, SEEDS, ingest_settings
from tests.ingest.ingest_fakes import CountingEmbedder

SECTION_A = "## 第1章 受付\n\n" + "".join(f"受付に関する説明の{i}番目の文です。" for i in range(12)) + "\n\n"
SECTION_B = "## 第2章 交付\n\n" + "".join(f"交付に関する説明の{i}番目の文です。" for i in range(12)) + "\n\n"


def _ids(store: IndexStore) -> list[str]:
    return [c.chunk_id for c in store.all_chunks()]


def test_when_file_unchanged_then_skipped_without_embedding(ingestor, store, embedder, docs):
    (docs / "a.md").write_text("# 案内\n\n" + SECTION_A, encoding="utf-8")
    first = list(ingestor.ingest([docs]))
    assert [r.status for r in first] == ["added"]
    calls, gen = embedder.calls, store.generation()
    again = list(ingestor.ingest([docs]))
    assert [(r.status, r.chunks) for r in again] == [("unchanged", first[0].chunks)]
    assert embedder.calls == calls  # the embedder was not called at all
    assert store.generation() == gen
    os.utime(docs / "a.md", (1, 1))  # a new timestamp alone is not a change
    assert [r.status for r in ingestor.ingest([docs])] == ["unchanged"]


def test_when_file_changed_then_exactly_its_chunks_replaced_and_only_new_text_embedded(ingestor, store, embedder, docs):
    (docs / "a.md").write_text("# 案内\n\n" + SECTION_A + SECTION_B, encoding="utf-8")
    (docs / "other.md").write_text("# 別文書\n\n" + SECTION_B, encoding="utf-8")
    list(ingestor.ingest([docs]))
    other_before = {c.chunk_id: c for c in store.all_chunks() if c.source == "other.md"}
    gen = store.generation()
    embedded_before = len(embedder.texts)
    new_b = SECTION_B.replace("交付に関する説明の3番目", "交付に関する改訂後の3番目")
    (docs / "a.md").write_text("# 案内\n\n" + SECTION_A + new_b, encoding="utf-8")
    results = {Path(r.path).name: r for r in ingestor.ingest([docs])}
    assert results["a.md"].status == "updated" and results["other.md"].status == "unchanged"
    assert store.generation() != gen
    # only chunks whose retrieval text changed were embedded again, each with its sentences (section A was reused)
    newly = embedder.texts[embedded_before:]
    changed = [c for c in store.all_chunks() if c.source == "a.md" and "改訂後" in c.text]
    assert newly == [t for c in changed for t in (c.retrieval_text(), *c.sentence_texts())]
    assert len(changed[0].sentence_texts()) > 1
    assert results["a.md"].embedded == len(changed) < results["a.md"].chunks
    # the other document is untouched, and a.md holds exactly a fresh build's chunks
    assert {c.chunk_id: c for c in store.all_chunks() if c.source == "other.md"} == other_before
    fresh_home = docs.parent / "fresh"
    s2 = ingest_settings(fresh_home)
    e2 = CountingEmbedder()
    with IndexStore(s2.index_dir, e2) as fresh:
        list(Ingestor(s2, e2, fresh).ingest([docs]))
        assert _ids(fresh) == _ids(store)
        assert [c.text for c in fresh.all_chunks()] == [c.text for c in store.all_chunks()]
    assert store.verify() == []
    text = (docs / "a.md").read_text(encoding="utf-8")
    assert all(text[c.start : c.end] == c.text for c in store.all_chunks() if c.source == "a.md")


def test_when_label_changes_then_file_updated_with_new_label_without_reembedding(ingestor, store, embedder, docs):
    (docs / "a.md").write_text("# 案内\n\n" + SECTION_A, encoding="utf-8")
    list(ingestor.ingest([docs]))
    calls = embedder.calls
    r = next(iter(ingestor.ingest([docs], label="confidential", department="市民課", doc_type="manual")))
    assert r.status == "updated" and r.embedded == 0 and embedder.calls == calls
    chunks = store.all_chunks()
    assert {(c.confidentiality, c.department, c.doc_type) for c in chunks} == {("confidential", "市民課", "manual")}
    from assistant.types import SearchFilters

    q = embedder.embed_queries(["受付に関する説明"])[0]
    assert store.dense_search(q, 3, SearchFilters(confidentiality=("confidential",)))
    assert store.dense_search(q, 3, SearchFilters(confidentiality=("public",))) == []


def test_when_removed_then_chunks_and_source_gone_and_reingest_adds(ingestor, store, docs):
    (docs / "a.md").write_text("# 案内\n\n" + SECTION_A, encoding="utf-8")
    (docs / "sub").mkdir()
    (docs / "sub" / "b.md").write_text("# 別\n\n" + SECTION_B, encoding="utf-8")
    (docs / "sub" / "c.txt").write_text("三つ目の文書です。", encoding="utf-8")
    list(ingestor.ingest([docs]))
    n_a = len([c for c in store.all_chunks() if c.source == "a.md"])
    assert ingestor.remove(docs / "a.md") == n_a
    assert {s.path for s in store.sources()} == {str(docs / "sub" / "b.md"), str(docs / "sub" / "c.txt")}
    removed = ingestor.remove_docs(docs / "sub")  # a folder removes everything under it
    assert sorted(Path(r.path).name for r in removed) == ["b.md", "c.txt"]
    assert store.count() == 0 and store.sources() == [] and store.verify() == []
    assert ingestor.remove(docs / "nothing.md") == 0
    (docs / "a.md").unlink()
    assert [r.status for r in ingestor.ingest([docs])] == ["added", "added"]


def test_when_sources_listed_then_counts_dates_and_hashes(ingestor, store):
    results = list(ingestor.ingest([DEMO, SEEDS]))
    assert all(r.status == "added" for r in results), [r for r in results if r.status != "added"]
    src = {Path(s.path).name: s for s in store.sources()}
    assert sum(s.chunks for s in src.values()) == store.count()
    expected = {
        "manual_madoguchi.md": ("manual", "2024-10-01", "市民課"),
        "bulletin_2024_07.md": ("bulletin", "2024-07-01", "広報広聴課"),
        "guideline_generative_ai.md": ("guideline", "2024-10-01", None),
        "minutes_2024_06_teireikai.txt": ("minutes", "2024-06-12", None),
        "faq_madoguchi.csv": ("manual", None, "市民課"),
        "000_1bd2f46284a7c77f.txt": ("guideline", "2023-04-01", None),
        "001_70ccedf8ab7a8297.txt": ("other", "2024-04-08", None),
        "002_8113d5e2d47273ab.txt": ("guideline", "2022-10-01", None),
        "003_0323a90d075f5da3.txt": ("guideline", "2024-03-01", None),
        "004_aa3859b6b4c766f8.txt": ("guideline", "2022-02-01", "DX推進室"),
    }
    assert {k: (v.doc_type, v.date, v.department) for k, v in src.items()} == expected
    assert src["000_1bd2f46284a7c77f.txt"].title == "佐賀市デジタル・トランス フォーメーション（DX） 推進方針"
    assert src["manual_madoguchi.md"].title == "みどり野市 市民課 窓口業務マニュアル（令和6年度版）"
    import hashlib

    assert src["manual_madoguchi.md"].content_hash == hashlib.sha256((DEMO / "manual_madoguchi.md").read_bytes()).hexdigest()
    assert all(s.label == "public" and s.ingested_at.endswith("Z") for s in src.values())
    for c in store.all_chunks():
        if c.source.endswith((".md", ".txt")):
            raw = Path(c.path).read_text(encoding="utf-8")
            assert raw[c.start : c.end] == c.text


def test_when_cli_sources_and_remove_then_json_contract(tmp_path, docs):
    from click.testing import CliRunner

    from ingest.commands import ingest, remove, sources

    (docs / "a.md").write_text("# 案内\n\n住民票の写しは1通300円です。", encoding="utf-8")
    env = {"ASSISTANT_HOME": str(tmp_path / "home")}
    runner = CliRunner()
    assert runner.invoke(ingest, [str(docs), "--json"], env=env).exit_code == 0
    res = runner.invoke(sources, ["--json"], env=env)
    assert res.exit_code == 0
    (row,) = [json.loads(x) for x in res.stdout.splitlines()]
    assert row["path"] == str(docs / "a.md") and row["chunks"] >= 1 and row["doc_type"] == "other"
    human = runner.invoke(sources, [], env=env)
    assert str(docs / "a.md") in human.stdout and "チャンク" in human.stdout
    rm = runner.invoke(remove, [str(docs / "a.md"), str(docs / "missing.md"), "--json"], env=env)
    assert rm.exit_code == 1  # one path was not indexed
    assert [json.loads(x)["status"] for x in rm.stdout.splitlines()] == ["removed", "not_found"]
    assert runner.invoke(sources, ["--json"], env=env).stdout == ""
