"""`PiiGuard`: the policy applied at every boundary by the core (not the UI).

- `protect(texts)` before the model: detect in every text of the request, raise `PiiBlocked` when a type
  whose policy is `block` is present (Japanese message naming the types, no values), else mask with
  placeholders consistent across the texts of the request (one `Session`).
- `redact_for_log(text)` before anything is written to a log: masks every type whatever its policy,
  never blocks; if detection fails it returns the fixed marker "[REDACTION FAILED]", never the text.
- `needs_redaction(label)`: whether retrieved text of a collection with that confidentiality label must
  pass through `protect` before the model (`guardrails.redact_confidentiality`).

Fail closed: any exception from detection or masking in `protect` becomes `GuardrailFailure`; nothing
unmasked is ever returned because something went wrong. Counts per type are kept for the audit log
(types and counts only, never values).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import overload

from assistant.errors import AssistantError, GuardrailFailure, PiiBlocked
from assistant.protocols import PiiDetector
from assistant.settings import PII_TYPES, GuardrailSettings
from assistant.types import Finding
from guardrails.pseudonymize import Session, mask

logger = logging.getLogger(__name__)

REDACTION_FAILED = "[REDACTION FAILED]"

TYPE_LABELS_JA: dict[str, str] = {
    "PERSON": "氏名", "ADDRESS": "住所", "PHONE": "電話番号", "EMAIL": "メールアドレス",
    "MY_NUMBER": "マイナンバー（個人番号）", "CORPORATE_NUMBER": "法人番号", "POSTAL_CODE": "郵便番号",
    "DATE_OF_BIRTH": "生年月日", "AGE": "年齢", "BANK_ACCOUNT": "口座番号", "CREDIT_CARD": "クレジットカード番号",
    "PASSPORT": "旅券（パスポート）番号", "DRIVER_LICENSE": "運転免許証番号", "HEALTH_INSURANCE": "健康保険の番号",
    "BASIC_RESIDENT_CODE": "住民票コード", "IP_ADDRESS": "IPアドレス",
}
DEFAULT_POLICY = {t: "mask" for t in PII_TYPES} | {"MY_NUMBER": "block", "CREDIT_CARD": "block",
                                                     "BASIC_RESIDENT_CODE": "block"}


def blocked_message(types: tuple[str, ...]) -> str:
    names = "、".join(TYPE_LABELS_JA[t] for t in types)
    return f"{names}が含まれているため、この依頼は送信できません。該当部分を削除してから再度お試しください。"


@dataclass
class Protected:
    """What may be sent to the model. `texts` has the shape given to `protect` (str or dict)."""

    texts: str | dict[str, str]
    session: Session
    counts: dict[str, int] = field(default_factory=dict)  # type -> findings masked in this call

    @property
    def mapping(self) -> dict[str, str]:
        return self.session.mapping

    def restore(self, text: str) -> str:
        """Placeholders in a model reply back to the original values (for display to the user only)."""
        return self.session.restore(text)


class PiiGuard:
    def __init__(self, detector: PiiDetector, settings: GuardrailSettings) -> None:
        self.detector = detector
        self.settings = settings
        self.policy = DEFAULT_POLICY | dict(settings.policy)
        self.finding_counts: Counter[str] = Counter()  # cumulative per type; never values

    def warm_up(self) -> None:
        """Load the detector (raises GuardrailFailure when the Japanese engine or a recognizer is missing)."""
        warm = getattr(self.detector, "warm_up", None)
        if warm is not None:
            warm()

    def needs_redaction(self, confidentiality: str) -> bool:
        return confidentiality in self.settings.redact_confidentiality

    # -- model boundary -------------------------------------------------------------------------------
    @overload
    def protect(self, texts: str, session: Session | None = None) -> Protected: ...

    @overload
    def protect(self, texts: dict[str, str], session: Session | None = None) -> Protected: ...

    def protect(self, texts, session=None) -> Protected:
        """Mask (or block) personal data in `texts` before they reach the model.

        Raises PiiBlocked when a `block` type is present, GuardrailFailure when detection fails."""
        session = session if session is not None else Session()
        single = isinstance(texts, str)
        items = {"": texts} if single else dict(texts)
        if any(not isinstance(v, str) for v in items.values()):
            raise GuardrailFailure("個人情報の確認ができない形式の入力です。", detail="protect() needs str values")
        if not self.settings.enabled:
            return Protected(texts if single else items, session, {})
        try:
            findings = self._detect(list(items.values()))
        except AssistantError as exc:
            if isinstance(exc, GuardrailFailure):
                raise
            raise GuardrailFailure("個人情報の確認中にエラーが発生したため、この依頼は送信できません。",
                                   detail=f"detector raised {type(exc).__name__}") from exc
        except Exception as exc:  # fail closed: never pass text through when detection breaks
            logger.error("PII detection failed: %s", type(exc).__name__)
            raise GuardrailFailure("個人情報の確認中にエラーが発生したため、この依頼は送信できません。",
                                   detail=f"detector raised {type(exc).__name__}") from exc
        found = Counter(f.entity_type for fs in findings for f in fs)
        blocked = tuple(t for t in PII_TYPES if found.get(t) and self.policy.get(t) == "block")
        if blocked:
            self.finding_counts.update(found)
            raise PiiBlocked(blocked_message(blocked), entity_types=blocked)
        try:
            masked = {k: mask(v, fs, session).text for (k, v), fs in zip(items.items(), findings)}
        except Exception as exc:
            raise GuardrailFailure("個人情報のマスキングに失敗したため、この依頼は送信できません。",
                                   detail=f"mask raised {type(exc).__name__}") from exc
        self.finding_counts.update(found)
        return Protected(masked[""] if single else masked, session, dict(found))

    # -- log boundary ---------------------------------------------------------------------------------
    def redact_for_log(self, text: str) -> str:
        """Every type masked, never blocks; on any failure the fixed marker instead of the text. A value
        found is numbered after the placeholders the text already holds (`Session.numbered_after`): two
        people never share one placeholder in a log line."""
        try:
            if not isinstance(text, str):
                return REDACTION_FAILED
            findings = self._detect([text])[0]
            return mask(text, findings, Session.numbered_after(text)).text
        except Exception:
            logger.error("PII redaction for a log record failed")
            return REDACTION_FAILED

    # -- helpers ---------------------------------------------------------------------------------------
    def _detect(self, texts: list[str]) -> list[list[Finding]]:
        batch = getattr(self.detector, "analyze_batch", None)
        results = batch(texts) if batch is not None else [self.detector.analyze(t) for t in texts]
        results = [list(r) for r in results]
        if len(results) != len(texts):
            raise GuardrailFailure("個人情報の確認結果が不完全です。", detail="detector returned a wrong number of results")
        for text, fs in zip(texts, results):
            for f in fs:
                if not isinstance(f, Finding) or f.entity_type not in PII_TYPES or not (0 <= f.start < f.end <= len(text)):
                    raise GuardrailFailure("個人情報の確認結果が不正です。", detail="detector returned an invalid finding")
        return results
