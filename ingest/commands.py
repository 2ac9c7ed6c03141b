"""click commands `ingest`, `remove` and `sources` (module attributes of those names), registered
on the `assistant` group with `main.add_command(...)`.

Output contract:
- `--json`: stdout holds only JSON lines (ingest: {"path", "status", "chunks", "error"} per file;
  remove: {"path", "status": "removed"|"not_found", "chunks"}; sources: one object per document).
  Progress and diagnostics go to stderr.
- Human output: one ✅/❌ line per file with the reason, then a summary.
- Exit status: 0 all succeeded, 1 some failed (the rest were still processed), 2 usage errors.
Heavy modules (chromadb, llama-index, models) are imported only inside the command bodies.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

_STATUS_JA = {"added": "追加", "updated": "更新", "unchanged": "変更なし", "failed": "失敗"}
_DOC_TYPES = ("minutes", "manual", "bulletin", "guideline", "other")


def _emit_json(obj: dict) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def _build(config: str | None):
    from assistant.app import build
    from assistant.errors import AssistantError
    from assistant.settings import load_settings

    try:
        return build(load_settings(config))
    except AssistantError as exc:
        click.echo(f"エラー: {exc.user_message}", err=True)
        raise SystemExit(2) from None


def _open(app, attr: str):
    from assistant.errors import AssistantError

    try:
        return getattr(app, attr)
    except AssistantError as exc:
        click.echo(f"エラー: {exc.user_message}", err=True)
        raise SystemExit(1) from None


class _Bar:
    """tqdm on stderr driven by ProgressEvents (bytes, with the current file and chunk count)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def __call__(self, ev) -> None:
        if not self.enabled:
            return
        if ev.kind == "start":
            from tqdm import tqdm

            self.bar = tqdm(total=max(ev.bytes_total, 1), unit="B", unit_scale=True, file=sys.stderr,
                            dynamic_ncols=True, leave=False, desc="取り込み")
            return
        if self.bar is None:
            return
        if ev.kind == "waiting":
            self.bar.write("別の取り込み処理が実行中のため、終わるまで待機しています…", file=sys.stderr)
        if ev.path:
            self.bar.set_description_str(Path(ev.path).name[:30], refresh=False)
        if ev.kind == "embedding" and ev.chunks_total:
            self.bar.set_postfix_str(f"{ev.chunks_done}/{ev.chunks_total} チャンク", refresh=False)
        self.bar.n = min(ev.bytes_done, self.bar.total)
        self.bar.refresh()
        if ev.kind == "done":
            self.close()

    def write(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stdout)
        else:
            click.echo(line)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="1 ファイル 1 行の JSON を標準出力に出します")
@click.option("--doc-type", type=click.Choice(_DOC_TYPES), default=None, help="文書種別を指定します（自動判定を上書き）")
@click.option("--label", default=None, help="機密区分ラベル（既定: 設定 ingest.default_confidentiality）")
@click.option("--department", default=None, help="担当部署（自動判定を上書き）")
@click.option("--include", multiple=True, help="フォルダ内で対象にするファイルのパターン（例: '**/*.pdf'）")
@click.option("--exclude", multiple=True, help="フォルダ内で除外するパターン（設定の除外に追加）")
@click.option("--config", default=None, type=click.Path(dir_okay=False, path_type=str), help="設定ファイル（TOML）")
def ingest(paths, as_json, doc_type, label, department, include, exclude, config) -> None:
    """ファイルやフォルダを索引に取り込みます（変更のないファイルは再処理しません）。"""
    import os

    app = _build(config)
    ingestor = _open(app, "ingestor")
    bar = _Bar(enabled=not as_json and sys.stderr.isatty())
    counts = {k: 0 for k in _STATUS_JA}
    # a shell user may write "../docs": normalise here, because the Ingestor itself rejects ".."
    # (it also serves file names coming from the UI)
    targets = [os.path.abspath(p) for p in paths]
    try:
        results = ingestor.ingest(
            targets, doc_type=doc_type, label=label, department=department,
            include=list(include) or None, exclude=list(exclude), progress=bar,
        )
        for r in results:
            counts[r.status] += 1
            if as_json:
                _emit_json(r.to_json())
            elif r.status == "failed":
                bar.write(f"❌ {r.path}: {r.error}")
            else:
                extra = f"、うち {r.embedded} 件を新たに埋め込み" if r.status == "updated" and r.embedded != r.chunks else ""
                bar.write(f"✅ {_STATUS_JA[r.status]} {r.path}（{r.chunks} チャンク{extra}）")
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        bar.close()
        app.close()
    if not as_json:
        walk = ingestor.last_walk
        skipped = f"（フォルダ内の対象外ファイル {walk.skipped_unsupported} 件は読み飛ばしました）" if walk.skipped_unsupported else ""
        click.echo(
            f"完了: 追加 {counts['added']}・更新 {counts['updated']}・変更なし {counts['unchanged']}・失敗 {counts['failed']}{skipped}",
            err=True,
        )
    sys.exit(1 if counts["failed"] else 0)


@click.command("remove")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="1 文書 1 行の JSON を標準出力に出します")
@click.option("--config", default=None, type=click.Path(dir_okay=False, path_type=str), help="設定ファイル（TOML）")
def remove(paths, as_json, config) -> None:
    """索引から文書を削除します（フォルダを指定するとその下の文書をすべて削除します）。"""
    import os

    app = _build(config)
    ingestor = _open(app, "ingestor")
    missing = 0
    try:
        for p in paths:
            target = os.path.abspath(p)
            removed = ingestor.remove_docs(target)
            if not removed:
                missing += 1
                if as_json:
                    _emit_json({"path": target, "status": "not_found", "chunks": 0})
                else:
                    click.echo(f"❌ {target}: 索引にありません")
            for r in removed:
                if as_json:
                    _emit_json({"path": r.path, "status": "removed", "chunks": r.chunks})
                else:
                    click.echo(f"✅ 削除 {r.path}（{r.chunks} チャンク）")
    finally:
        app.close()
    sys.exit(1 if missing else 0)


@click.command("sources")
@click.option("--json", "as_json", is_flag=True, help="1 文書 1 行の JSON を標準出力に出します")
@click.option("--config", default=None, type=click.Path(dir_okay=False, path_type=str), help="設定ファイル（TOML）")
def sources(as_json, config) -> None:
    """索引に入っている文書を、チャンク数・日付とともに一覧表示します。"""
    app = _build(config)
    store = _open(app, "store")
    try:
        rows = store.sources()
        if as_json:
            for s in rows:
                _emit_json(s.to_json())
            return
        if not rows:
            click.echo("索引は空です。`assistant ingest PATH` で文書を取り込んでください。")
            return
        for s in rows:
            click.echo(
                f"{s.path}\n    種別 {s.doc_type} ・日付 {s.date or '-'} ・{s.chunks} チャンク ・区分 {s.label}"
                f" ・部署 {s.department or '-'} ・取込 {s.ingested_at}"
                + (f"\n    {s.title}" if s.title else "")
            )
        click.echo(f"合計 {len(rows)} 文書・{sum(s.chunks for s in rows)} チャンク", err=True)
    finally:
        app.close()


COMMANDS = (ingest, remove, sources)
