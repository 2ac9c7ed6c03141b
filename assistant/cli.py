"""The `assistant` command line.

Invariants: `assistant --help` imports no model library (everything heavy is imported inside
commands); every `AssistantError` becomes one Japanese line on stderr and exit status 1; any other
exception is written with a traceback to `<home>/logs/incidents.log` under an incident id and shown
only as that id. Machine-readable output (--json) goes to stdout and nothing else does.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from assistant.errors import AssistantError


def _settings():
    from assistant.settings import load_settings

    return load_settings()


def _emit(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def _incident(exc: BaseException) -> str:
    iid = uuid.uuid4().hex[:8]
    try:
        home = _settings().logs_dir
        home.mkdir(parents=True, exist_ok=True)
        with open(home / "incidents.log", "a", encoding="utf-8") as f:
            f.write(f"--- incident {iid}\n{''.join(traceback.format_exception(exc))}\n")
    except Exception:
        pass
    return iid


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AssistantError as exc:
            click.echo(f"エラー: {exc.user_message}", err=True)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # internal fault: never show raw text (it may hold personal data)
            iid = _incident(exc)
            click.echo(f"エラー: 内部エラーが発生しました（インシデントID: {iid}）。管理者に連絡してください。", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config", type=click.Path(dir_okay=False), envvar="ASSISTANT_CONFIG",
              help="設定ファイル (TOML)。ASSISTANT_CONFIG でも指定できます。")
@click.version_option(package_name="lgwan-assistant")
def main(config: str | None) -> None:
    """LGWAN 対応 生成AIアシスタント（完全オフライン）。"""
    from assistant.offline import enforce_offline_env, install_egress_guard

    if config:
        os.environ["ASSISTANT_CONFIG"] = config
    enforce_offline_env()
    try:
        allowed = _settings().network.allowed_hosts
    except AssistantError:
        allowed = []  # the command itself will report the settings error
    install_egress_guard(allowed)


# ---------------------------------------------------------------------------------------- config
@main.group("config")
def config_group() -> None:
    """設定の表示。"""


@config_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力")
def config_show(as_json: bool) -> None:
    """有効な設定（既定値・設定ファイル・環境変数を反映したもの）を表示します。"""
    s = _settings()
    data = s.redacted()
    if as_json:
        _emit(data)
        return
    import tomli_w

    def drop_none(d: Any) -> Any:
        if isinstance(d, dict):
            return {k: drop_none(v) for k, v in d.items() if v is not None}
        return d

    click.echo(f"# 有効な設定（設定ファイル: {os.environ.get('ASSISTANT_CONFIG') or 'なし'}、未設定の項目は省略）")
    click.echo(tomli_w.dumps(drop_none(data)).rstrip())


# ---------------------------------------------------------------------------------------- setup
@main.command("setup")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力")
def setup_cmd(as_json: bool) -> None:
    """同梱モデルを組み立てて検証します（初回のみ時間がかかります。2回目以降はすぐ終わります）。"""
    import time

    from assistant.models import EMBEDDED, assemble

    s = _settings()
    g = s.generation
    results: dict[str, Any] = {}
    if g.backend == "local" and g.model_path is None:
        t = time.perf_counter()
        path = assemble(EMBEDDED[g.model], s.models_dir,
                        progress=None if as_json else lambda i, n: click.echo(f"\rモデルを組み立てています {i}/{n}", nl=False, err=True))
        if not as_json:
            click.echo("", err=True)
        results["generation_model"] = {"path": str(path), "seconds": round(time.perf_counter() - t, 2), "sha256": "verified"}
    from assistant.embeddings import make_embedder

    emb = make_embedder(s.embedding)
    emb.warm_up()
    results["embedding"] = {"name": emb.name, "dim": emb.dim}
    if s.guardrails.enabled:
        from guardrails.engine import JapanesePiiDetector

        JapanesePiiDetector(s.guardrails).warm_up()
        results["guardrails"] = {"spacy_model": s.guardrails.spacy_model, "status": "ok"}
    if as_json:
        _emit(results)
    else:
        for k, v in results.items():
            click.echo(f"✅ {k}: {v}")


# ---------------------------------------------------------------------------------------- search / ask
def _filter_options(f: Callable) -> Callable:
    f = click.option("--doc-type", "doc_types", multiple=True, help="文書種別 (minutes/manual/bulletin/guideline/other)。複数可")(f)
    f = click.option("--department", "departments", multiple=True, help="担当課。複数可")(f)
    f = click.option("--label", "labels", multiple=True, help="機密区分ラベル。複数可")(f)
    f = click.option("--from", "date_from", help="開始日（2024-04-01、令和6年4月1日、R6.4.1）")(f)
    f = click.option("--to", "date_to", help="終了日")(f)
    f = click.option("--period", help="期間（令和6年度、2024年 など）")(f)
    return f


def _read_batch(path: str, keys: tuple[str, ...]) -> Iterator[tuple[int, Any, str | None, str | None]]:
    """Yield (line_no, id, text, error) for each non-empty JSONL line."""
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise AssistantError(f"バッチファイルを開けません: {path}（{exc.strerror}）") from exc
    with fh:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                yield no, None, None, f"{path}:{no}: JSON として読めません"
                continue
            if not isinstance(obj, dict):
                yield no, None, None, f"{path}:{no}: オブジェクトではありません"
                continue
            text = next((obj[k] for k in keys if isinstance(obj.get(k), str)), None)
            if text is None:
                yield no, obj.get("id"), None, f"{path}:{no}: {' または '.join(keys)} がありません"
                continue
            yield no, obj.get("id"), text, None


def _run_batch(path: str, keys: tuple[str, ...], fn: Callable[[str], dict[str, Any]]) -> None:
    failed = 0
    for no, rid, text, err in _read_batch(path, keys):
        if err is None:
            try:
                _emit({"id": rid, **fn(text)})
                continue
            except AssistantError as exc:
                err = exc.user_message
        failed += 1
        _emit({"id": rid, "line": no, "error": err})
    if failed:
        sys.exit(1)


@main.command("search")
@click.argument("query", required=False)
@click.option("-k", "k", type=click.IntRange(1, 100), default=None, help="件数（既定: retrieval.top_k）")
@click.option("--json", "as_json", is_flag=True, help="JSON 配列で出力")
@click.option("--batch", type=click.Path(dir_okay=False), help="JSONL ファイル（各行 {\"id\", \"query\"}）")
@_filter_options
def search_cmd(query, k, as_json, batch, **fopts) -> None:
    """資料を検索します（BM25 + 埋め込みのハイブリッド）。"""
    from assistant.app import build
    from assistant.filters import build_filters

    if not query and not batch:
        raise click.UsageError("QUERY か --batch を指定してください。")
    app = build(_settings())
    filters = build_filters(**fopts)

    def one(q: str) -> dict[str, Any]:
        return {"hits": [h.to_json() for h in app.search(q, k, filters)]}

    if batch:
        _run_batch(batch, ("query", "question"), one)
        return
    hits = app.search(query, k, filters)
    if as_json:
        _emit([h.to_json() for h in hits])
        return
    if not hits:
        click.echo("該当する資料はありませんでした。")
    for h in hits:
        c = h.chunk
        where = " / ".join(str(x) for x in (c.source, c.section, f"p.{c.page}" if c.page else None, c.speaker) if x)
        click.echo(f"[{h.rank}] {where}  (score {h.score:.4f}, {c.start}-{c.end})")
        click.echo("    " + c.text.replace("\n", " ")[:200])


@main.command("ask")
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="JSON で出力")
@click.option("--batch", type=click.Path(dir_okay=False), help="JSONL ファイル（各行 {\"id\", \"question\"}）")
@click.option("--user", default=None, help="監査ログに記録する利用者名（既定: OS のユーザー名）")
@_filter_options
def ask_cmd(question, as_json, batch, user, **fopts) -> None:
    """資料に基づいて質問に答えます（出典 [n] 付き）。"""
    from assistant.answer import DoneEvent, RetractEvent, TokenEvent
    from assistant.app import build
    from assistant.filters import build_filters

    if not question and not batch:
        raise click.UsageError("QUESTION か --batch を指定してください。")
    app = build(_settings())
    filters = build_filters(**fopts)
    answerer = app.answerer
    if batch:
        _run_batch(batch, ("question", "query"), lambda q: answerer.ask(q, filters=filters, user=user).to_json())
        return
    if as_json:
        _emit(answerer.ask(question, filters=filters, user=user).to_json())
        return
    answer = None
    for ev in answerer.ask_stream(question, filters=filters, user=user):
        if isinstance(ev, TokenEvent):
            click.echo(ev.text, nl=False)
        elif isinstance(ev, RetractEvent):  # a terminal cannot unprint: say that the line above is withdrawn
            click.echo("\n（↑ 資料で確認できなかったため取り消し、もう一度生成します）")
        elif isinstance(ev, DoneEvent):
            answer = ev.answer
    click.echo("")
    assert answer is not None
    if answer.declined or answer.notes:
        click.echo(f"回答: {answer.answer}")
    for note in answer.notes:
        click.echo(f"※ {note}")
    for c in answer.citations:
        ch = c.hit.chunk
        where = " / ".join(str(x) for x in (ch.source, ch.section, f"p.{ch.page}" if ch.page else None, ch.speaker) if x)
        click.echo(f"[{c.n}] {where}（{ch.start}-{ch.end}）: {ch.text.replace(chr(10), ' ')[:160]}")
    click.echo(f"（{answer.model}、{answer.timings.get('total_s', 0):.1f} 秒。AIの出力は下書きです。必ず資料で確認してください。）")


# ---------------------------------------------------------------------------------------- audit
@main.group("audit")
def audit_group() -> None:
    """監査ログ（追記専用）の表示と検証。"""


@audit_group.command("tail")
@click.option("-n", "n", type=click.IntRange(1, 10000), default=20)
def audit_tail(n: int) -> None:
    """直近 N 件を JSON 行で表示します（個人情報はマスク済み）。"""
    from assistant.audit import AuditLog

    log = AuditLog(_settings().logs_dir / "audit.sqlite3")
    for row in log.tail(n):
        _emit(row)


@audit_group.command("verify")
def audit_verify() -> None:
    """ハッシュチェーンを検証し、改ざんがないか確認します。"""
    from assistant.audit import AuditLog

    ok, n, msg = AuditLog(_settings().logs_dir / "audit.sqlite3").verify()
    click.echo(f"{'✅' if ok else '❌'} {n} 件: {msg}")
    if not ok:
        sys.exit(1)


# ---------------------------------------------------------------------------------------- doctor
@main.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力")
def doctor_cmd(as_json: bool) -> None:
    """モデル・設定・索引・ネットワーク設定を点検します。"""
    from assistant.doctor import run_checks

    checks = run_checks(_settings())
    if as_json:
        _emit([c.__dict__ for c in checks])
    else:
        for c in checks:
            click.echo(f"{'✅' if c.ok else '❌'} {c.name}: {c.detail}")
    if not all(c.ok for c in checks):
        sys.exit(1)


# ---------------------------------------------------------------------------------------- ui / demo
@main.command("ui")
@click.option("--host", default=None, help="待ち受けアドレス（既定: ui.host = 127.0.0.1）")
@click.option("--port", type=int, default=None, help="ポート（既定: ui.port）")
def ui_cmd(host: str | None, port: int | None) -> None:
    """ブラウザ用の画面を起動します。"""
    from ui.app import launch

    launch(_settings(), host=host, port=port)


@main.command("demo")
@click.option("--no-ui", is_flag=True, help="取り込みまでで終了します（UI を起動しない）")
@click.pass_context
def demo_cmd(ctx: click.Context, no_ui: bool) -> None:
    """同梱のデモ資料（架空の「みどり野市」）を取り込み、画面を起動します。"""
    from importlib import resources

    from assistant.app import build

    s = _settings()
    ctx.invoke(setup_cmd, as_json=False)
    corpus = Path(str(resources.files("assistant") / "demo_corpus"))
    app = build(s)
    failed = 0
    for r in app.ingestor.ingest([corpus]):
        mark = "❌" if r.status == "failed" else "✅"
        failed += r.status == "failed"
        click.echo(f"{mark} {Path(r.path).name}: {r.status} ({r.chunks} チャンク){' ' + r.error if r.error else ''}")
    app.close()
    if failed:
        sys.exit(1)
    if not no_ui:
        ctx.invoke(ui_cmd, host=None, port=None)


def _register_subcommands() -> None:
    """Commands owned by other packages (imports stay light: heavy modules load inside them)."""
    from guardrails.commands import redact
    from ingest.commands import ingest, remove, sources

    for cmd in (ingest, remove, sources, redact):
        main.add_command(cmd)


_register_subcommands()
