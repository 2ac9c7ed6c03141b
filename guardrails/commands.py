"""`assistant redact`: mask personal data in text (stdin or a JSONL batch).

    assistant redact < note.txt                  masked text
    assistant redact --json < note.txt           {"text": masked, "entities": [{"start","end","type","score"}]}
    assistant redact --batch notes.jsonl         one JSON line per input line {"id","text","entities"}

Offsets in "entities" index the INPUT text. Every type is masked (the block policy concerns requests
to the model, not this tool). Placeholders are consistent within one input. Errors: one Japanese line
on stderr and exit status 1; in --batch a bad line is reported with its line number, the other lines
are still processed, and the exit status is 1 at the end.

presidio and spaCy are imported inside the command so that `assistant --help` stays fast.
"""

from __future__ import annotations

import json
import sys

import click


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


_DETECTORS: dict = {}


def _detector(guard_settings):
    """One warmed-up detector per guardrail settings in this process (loading ja_ginza takes seconds)."""
    from guardrails.engine import JapanesePiiDetector

    key = guard_settings.model_dump_json()
    if key not in _DETECTORS:
        d = JapanesePiiDetector(guard_settings)
        d.warm_up()
        _DETECTORS[key] = d
    return _DETECTORS[key]


def _record(detector, text: str, *, with_id=None) -> dict:
    from guardrails.pseudonymize import Session, mask

    findings = detector.analyze(text)
    masked = mask(text, findings, Session()).text
    out = {"text": masked, "entities": [f.to_json() for f in findings]}
    return out if with_id is None else {"id": with_id, **out}


@click.command("redact")
@click.option("--json", "as_json", is_flag=True, help="JSON 出力 {text, entities}（オフセットは入力文字列基準）")
@click.option("--batch", "batch_file", type=click.Path(dir_okay=False), default=None,
              help='JSONL ファイル（各行 {"id","text"}）を一括処理し、1行ずつ JSON を出力')
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None, help="設定ファイル（TOML）")
def redact(as_json: bool, batch_file: str | None, config: str | None) -> None:
    """個人情報をプレースホルダ（<PERSON_1> など）に置き換えて出力します。"""
    from assistant.errors import AssistantError
    from assistant.settings import load_settings

    try:
        settings = load_settings(config)
        detector = _detector(settings.guardrails)
    except AssistantError as exc:
        _fail(exc.user_message)
        return
    except Exception as exc:  # noqa: BLE001 - one line for the user, no traceback
        _fail(f"個人情報検出エンジンを起動できませんでした（{type(exc).__name__}）。")
        return

    if batch_file is None:
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            _fail("標準入力を UTF-8 として読めませんでした。")
            return
        try:
            rec = _record(detector, text)
        except AssistantError as exc:
            _fail(exc.user_message)
            return
        except Exception as exc:  # noqa: BLE001
            _fail(f"個人情報の検出に失敗しました（{type(exc).__name__}）。入力は出力していません。")
            return
        if as_json:
            click.echo(json.dumps(rec, ensure_ascii=False))
        else:
            click.echo(rec["text"], nl=False)
        return

    failed = False
    try:
        fh = open(batch_file, encoding="utf-8-sig")
    except OSError:
        _fail(f"バッチファイルを開けませんでした: {batch_file}")
        return
    with fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or "id" not in obj or not isinstance(obj.get("text"), str):
                    raise ValueError("shape")
            except ValueError:
                click.echo(f"{lineno} 行目: JSON の形式が不正です（\"id\" と文字列の \"text\" が必要です）。", err=True)
                failed = True
                continue
            try:
                rec = _record(detector, obj["text"], with_id=obj["id"])
            except AssistantError as exc:
                click.echo(f"{lineno} 行目: {exc.user_message}", err=True)
                failed = True
                continue
            except Exception as exc:  # noqa: BLE001
                click.echo(f"{lineno} 行目: 個人情報の検出に失敗しました（{type(exc).__name__}）。", err=True)
                failed = True
                continue
            click.echo(json.dumps(rec, ensure_ascii=False))
    if failed:
        sys.exit(1)
