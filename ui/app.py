"""Minimal Japanese Gradio page: ask the documents (streamed, with sources) and search.

Invariants: binds to `ui.host` (127.0.0.1 by default); analytics off (set by enforce_offline_env
before gradio is imported); `AssistantError` becomes `gr.Error` with its Japanese message; any other
exception is shown only as an incident id.
"""

from __future__ import annotations

import uuid
from typing import Any

from assistant.settings import Settings

_DISCLAIMER = "AIの出力は下書きです。最終判断は職員が行い、必ず出典の資料で確認してください。"


def _where(c) -> str:
    return " / ".join(str(x) for x in (c.source, c.section, f"p.{c.page}" if c.page else None, c.speaker) if x)


def build_ui(settings: Settings, app=None):
    from assistant.offline import enforce_offline_env

    enforce_offline_env()
    import gradio as gr

    from assistant.answer import DoneEvent, RetractEvent, SourcesEvent, StatusEvent, TokenEvent
    from assistant.app import build
    from assistant.errors import AssistantError
    from assistant.filters import build_filters

    app = app or build(settings)
    # fail closed at start: no Japanese PII engine, no UI (raises GuardrailFailure); also warms the
    # retriever so the first question does not pay for index loading
    _ = app.pii_guard
    app.retriever.warm_up()

    def sources_md(citations) -> str:
        if not citations:
            return ""
        lines = ["#### 出典"]
        for c in citations:
            ch = c.hit.chunk
            text = ch.text.replace("\n", " ")
            lines.append(f"**[{c.n}] {_where(ch)}**（文字位置 {ch.start}–{ch.end}）  \n> {text}")
        return "\n\n".join(lines)

    def on_ask(question: str, doc_type: str, period: str):
        try:
            filters = build_filters(doc_types=[doc_type] if doc_type and doc_type != "すべて" else [],
                                    period=period or None)
            answer_text, status, srcs = "", "", ""
            for ev in app.answerer.ask_stream(question, filters=filters, user="ui"):
                if isinstance(ev, StatusEvent):
                    status = ev.text
                elif isinstance(ev, SourcesEvent):
                    srcs = sources_md(ev.citations)
                elif isinstance(ev, TokenEvent):
                    answer_text += ev.text
                elif isinstance(ev, RetractEvent):
                    answer_text = ""  # the streamed answer failed the grounding check; a second one follows
                elif isinstance(ev, DoneEvent):
                    a = ev.answer
                    answer_text = a.answer
                    srcs = sources_md(a.citations)
                    notes = "".join(f"\n\n※ {n}" for n in a.notes)
                    status = f"{a.timings.get('total_s', 0):.1f} 秒（{a.model}）{notes}"
                yield answer_text, srcs, status
        except AssistantError as exc:
            raise gr.Error(exc.user_message) from exc
        except Exception as exc:
            iid = uuid.uuid4().hex[:8]
            raise gr.Error(f"内部エラーが発生しました（インシデントID: {iid}）。管理者に連絡してください。") from exc

    def on_search(query: str) -> str:
        try:
            hits = app.search(query, user="ui")
        except AssistantError as exc:
            raise gr.Error(exc.user_message) from exc
        if not hits:
            return "該当する資料はありませんでした。"
        return "\n\n".join(f"**{h.rank}. {_where(h.chunk)}**（score {h.score:.4f}）  \n> {h.chunk.text.replace(chr(10), ' ')[:300]}"
                           for h in hits)

    with gr.Blocks(title="LGWAN 生成AIアシスタント") as demo:
        gr.Markdown("## 庁内資料アシスタント\n資料（マニュアル・議事録・市報・ガイドライン）に基づいて回答します。"
                    "個人情報（氏名・住所・マイナンバー等）はAIに渡る前に自動でマスクされます。")
        with gr.Tab("資料に質問"):
            q = gr.Textbox(label="質問", placeholder="例：住民票の写しの手数料はいくらですか？", lines=2)
            with gr.Row():
                dt = gr.Dropdown(["すべて", "manual", "minutes", "bulletin", "guideline", "other"], value="すべて", label="文書種別")
                period = gr.Textbox(label="期間（任意）", placeholder="例：令和6年度")
            btn = gr.Button("質問する", variant="primary")
            ans = gr.Markdown(label="回答")
            src = gr.Markdown()
            st = gr.Markdown()
            btn.click(on_ask, [q, dt, period], [ans, src, st], api_name="ask")
            q.submit(on_ask, [q, dt, period], [ans, src, st], api_name=False)
        with gr.Tab("資料を検索"):
            sq = gr.Textbox(label="検索語", placeholder="例：印鑑登録 代理人")
            sbtn = gr.Button("検索")
            sres = gr.Markdown()
            sbtn.click(on_search, [sq], [sres], api_name="search")
            sq.submit(on_search, [sq], [sres], api_name=False)
        model = (f"local: {settings.generation.model}" if settings.generation.backend == "local"
                 else f"openai: {settings.generation.openai_model}")
        gr.Markdown(f"---\n{_DISCLAIMER}  \nモデル: {model} ／ 埋め込み: {settings.embedding.backend} ／ 設定 {settings.fingerprint()}")
    return demo


def launch(settings: Settings, host: str | None = None, port: int | None = None, app=None, **kwargs: Any):
    """Start the UI (blocking unless `prevent_thread_lock=True` is passed, as tests do)."""
    demo = build_ui(settings, app)
    demo.queue(default_concurrency_limit=1)
    demo.launch(
        server_name=host or settings.ui.host, server_port=port or settings.ui.port,
        share=False, inbrowser=False, show_error=False, footer_links=[], **kwargs,
    )
    return demo
