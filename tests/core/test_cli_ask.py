"""`assistant ask` in a terminal: tokens stream as they come; a streamed answer that the grounding
check rejects cannot be unprinted, so the CLI says it is withdrawn and prints the final answer."""

from __future__ import annotations

from click.testing import CliRunner

import assistant.app
from assistant.cli import main
from assistant.settings import load_settings
from tests.fakes import ScriptedGenerator


def test_when_the_first_answer_is_retried_then_the_terminal_says_it_is_withdrawn(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "home"))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "manual.md").write_text("# 印鑑登録\n\n印鑑登録証明書の交付手数料は1通300円です。\n", encoding="utf-8")
    app = assistant.app.build(load_settings())
    assert [r.status for r in app.ingestor.ingest([docs])] == ["added"]
    app.close()
    gen = ScriptedGenerator(["印鑑登録証明書の手数料は1通350円です[1]。", "印鑑登録証明書の手数料は1通300円です[1]。"])
    real_build = assistant.app.build
    monkeypatch.setattr(assistant.app, "build", lambda s: real_build(s, generator=gen))
    r = CliRunner().invoke(main, ["ask", "印鑑登録証明書の手数料はいくらですか？"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[:4] == [
        "印鑑登録証明書の手数料は1通350円です[1]。",
        "（↑ 資料で確認できなかったため取り消し、もう一度生成します）",
        "印鑑登録証明書の手数料は1通300円です[1]。",
        "回答: 印鑑登録証明書の手数料は1通300円です[1]。",
    ]
    assert lines[4] == "※ 最初の回答が資料で確認できなかったため、生成し直した回答です。"
    assert lines[5].startswith("[1] manual.md")
