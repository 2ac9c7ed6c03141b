"""The Gradio page, served on 127.0.0.1 and driven through its API like a browser would."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from assistant.app import build
from assistant.settings import load_settings
from ui.app import launch


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory, model_path):
    home = tmp_path_factory.mktemp("ui")
    docs = home / "docs"
    docs.mkdir()
    (docs / "manual.md").write_text("# 印鑑登録\n\n印鑑登録証明書の交付手数料は1通300円です。\n", encoding="utf-8")
    s = load_settings(home=home / "home", generation={"model_path": str(model_path)})
    app = build(s)
    assert [r.status for r in app.ingestor.ingest([docs])] == ["added"]
    port = _free_port()
    demo = launch(s, port=port, app=app, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    demo.close()
    app.close()


def test_when_page_opened_then_it_is_japanese_and_bound_to_loopback(served):
    with urllib.request.urlopen(served, timeout=10) as r:
        html = r.read().decode()
    assert r.status == 200
    assert "庁内資料アシスタント" in html
    assert served.startswith("http://127.0.0.1:")


def test_when_searched_from_the_page_then_hit_and_source_are_shown(served):
    from gradio_client import Client

    c = Client(served, verbose=False, analytics_enabled=False, download_files=False)
    md = c.predict("印鑑登録証明書", api_name="/search")
    assert md.startswith("**1. manual.md**（score ")
    assert "印鑑登録証明書の交付手数料は1通300円です。" in md


def test_when_asked_from_the_page_then_answer_streams_with_sources(served):
    from gradio_client import Client

    c = Client(served, verbose=False, analytics_enabled=False, download_files=False)
    answer, sources, status = c.predict("印鑑登録証明書の手数料はいくらですか？", "すべて", "", api_name="/ask")
    assert "300円" in answer and "[1]" in answer
    assert sources.startswith("#### 出典\n\n**[1] manual.md**（文字位置 0–31）  \n> # 印鑑登録  印鑑登録証明書の交付手数料は1通300円です。")
    assert "秒（local:" in status


def test_when_japanese_pii_engine_is_missing_then_the_ui_refuses_to_start(tmp_path):
    from assistant.errors import GuardrailFailure
    from ui.app import build_ui

    s = load_settings(home=tmp_path, guardrails={"spacy_model": "en_core_web_sm"})
    with pytest.raises(GuardrailFailure):
        build_ui(s)


def test_when_searched_from_the_page_then_the_search_is_audited_without_personal_data(served, tmp_path_factory):
    from gradio_client import Client

    c = Client(served, verbose=False, analytics_enabled=False, download_files=False)
    c.predict("山田太郎さんの印鑑登録証明書", api_name="/search")
    # the served app's audit log lives in its home; find the newest search record there
    from assistant.audit import AuditLog

    homes = sorted(tmp_path_factory.getbasetemp().glob("ui*/home/logs/audit.sqlite3"))
    rec = [r for r in AuditLog(homes[-1]).tail(20) if r["task"] == "search"][-1]
    assert rec["prompt_redacted"] == "<PERSON_1>さんの印鑑登録証明書"
    assert rec["user"] == "ui" and rec["status"] == "ok" and len(rec["chunks"]) == 1


def test_when_the_first_answer_fails_the_check_then_the_page_withdraws_it_before_the_retry(tmp_path):
    """The page streams the first answer, clears it when the grounding check rejects it, and ends
    with the second (grounded) answer only: a withdrawn value is never left on screen."""
    from gradio_client import Client

    from tests.fakes import ScriptedGenerator

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "manual.md").write_text("# 印鑑登録\n\n印鑑登録証明書の交付手数料は1通300円です。\n", encoding="utf-8")
    s = load_settings(home=tmp_path / "home")
    gen = ScriptedGenerator(["印鑑登録証明書の手数料は1通350円です[1]。", "印鑑登録証明書の手数料は1通300円です[1]。"])
    app = build(s, generator=gen)
    assert [r.status for r in app.ingestor.ingest([docs])] == ["added"]
    port = _free_port()
    demo = launch(s, port=port, app=app, prevent_thread_lock=True, quiet=True)
    try:
        c = Client(f"http://127.0.0.1:{port}/", verbose=False, analytics_enabled=False, download_files=False)
        job = c.submit("印鑑登録証明書の手数料はいくらですか？", "すべて", "", api_name="/ask")
        final = job.result()
        answers = [o[0] for o in job.outputs()]
    finally:
        demo.close()
        app.close()
    assert final[0] == "印鑑登録証明書の手数料は1通300円です[1]。"
    assert "※ 最初の回答が資料で確認できなかったため、生成し直した回答です。" in final[2]
    first = answers.index("印鑑登録証明書の手数料は1通350円です[1]。")  # the first answer, fully streamed
    assert answers[first + 1] == ""  # then withdrawn
    assert not any("350円" in a for a in answers[first + 1:])
    assert answers[-1] == final[0] and len(gen.calls) == 2
