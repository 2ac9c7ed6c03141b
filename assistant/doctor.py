"""`assistant doctor`: checks that the installation can work offline and will not reach outside.

Each check is independent and reports a Japanese detail line; a failing check never stops the
others. Nothing here opens a socket to anything but loopback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from assistant.settings import Settings


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _run(name: str, fn: Callable[[], str]) -> Check:
    try:
        return Check(name, True, fn())
    except Exception as exc:  # report, don't raise: doctor lists every problem at once
        msg = getattr(exc, "user_message", None) or f"{type(exc).__name__}: {exc}"
        return Check(name, False, msg)


def run_checks(settings: Settings) -> list[Check]:
    s = settings
    checks: list[Check] = []

    def settings_check() -> str:
        return f"ホーム {s.home}、設定ハッシュ {s.fingerprint()}"

    def generation_check() -> str:
        g = s.generation
        if g.backend == "openai":
            from assistant.offline import check_url_allowed

            reason = check_url_allowed(g.openai_base_url, s.network.allowed_hosts)
            if reason:
                raise RuntimeError(reason)
            return f"OpenAI 互換サーバー {g.openai_base_url}（モデル {g.openai_model}）"
        from assistant.models import resolve_model_path

        path = resolve_model_path(s, assemble_if_missing=False)
        import llama_cpp  # noqa: F401

        kind = "利用者指定のファイル" if g.model_path else "同梱モデル、sha256 検証済み"
        return f"{path.name}（{kind}, {path.stat().st_size / 1e9:.2f} GB）"

    def embedding_check() -> str:
        from assistant.embeddings import make_embedder

        e = make_embedder(s.embedding)
        v = e.embed_queries(["住民票の写し"])
        return f"{e.name}（{v.shape[1]} 次元）"

    def guardrail_check() -> str:
        if not s.guardrails.enabled:
            raise RuntimeError("個人情報マスキングが無効です（guardrails.enabled = false）")
        from guardrails.engine import JapanesePiiDetector

        d = JapanesePiiDetector(s.guardrails)
        d.warm_up()
        found = d.analyze("山田太郎様の電話番号は090-1234-5678です。")
        types = sorted({f.entity_type for f in found})
        if "PHONE" not in types:
            raise RuntimeError(f"試験文から電話番号を検出できません（検出: {types}）")
        return f"{s.guardrails.spacy_model}、試験文で {', '.join(types)} を検出"

    def index_check() -> str:
        from ingest.store import IndexStore

        if not s.index_dir.exists():
            return "索引はまだありません（assistant ingest で作成されます）"
        store = IndexStore(s.index_dir, _NoEmbed())
        try:
            stale = store.missing_sentence_vectors()
            hint = f"（うち {stale} チャンクは文ごとの埋め込みが未作成: assistant ingest で同じファイルを再取り込みすると追加されます）" if stale else ""
            return f"{store.count()} チャンク、{len(store.sources())} ファイル{hint}"
        finally:
            store.close()

    def network_check() -> str:
        from assistant.offline import OFFLINE_ENV, host_allowed

        wrong = [k for k, v in OFFLINE_ENV.items() if os.environ.get(k) != v]
        if wrong:
            raise RuntimeError(f"オフライン設定が未適用: {', '.join(wrong)}")
        if host_allowed("203.0.113.7"):
            raise RuntimeError("外部アドレスへの接続が許可されています")
        ui_host = s.ui.host
        if ui_host not in ("127.0.0.1", "localhost", "::1") and ui_host not in s.network.allowed_hosts:
            raise RuntimeError(f"UI が {ui_host} で待ち受ける設定です（127.0.0.1 を推奨）")
        return f"テレメトリ無効、外部接続は遮断（許可: {', '.join(s.network.allowed_hosts)}）"

    for name, fn in (("設定", settings_check), ("生成モデル", generation_check), ("埋め込みモデル", embedding_check),
                     ("個人情報ガード", guardrail_check), ("索引", index_check), ("ネットワーク", network_check)):
        checks.append(_run(name, fn))
    return checks


class _NoEmbed:
    """Opening the store for counting needs no embedder; fail loudly if one is ever used."""

    name = "none"
    dim = 0

    def embed_passages(self, texts):  # pragma: no cover - guard
        raise RuntimeError("doctor does not embed")

    def embed_queries(self, texts):  # pragma: no cover - guard
        raise RuntimeError("doctor does not embed")
