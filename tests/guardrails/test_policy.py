"""PiiGuard: block policy, masking at the model boundary, log redaction, fail closed."""

from __future__ import annotations

import pytest

from assistant.errors import GuardrailFailure, PiiBlocked
from assistant.settings import GuardrailSettings, load_settings
from assistant.types import Finding
from guardrails.policy import REDACTION_FAILED, PiiGuard


class RaisingDetector:
    """A PiiDetector whose analysis always fails."""

    def analyze(self, text: str) -> list[Finding]:
        raise RuntimeError("detector broke")


class GarbageDetector:
    """A PiiDetector that returns findings outside the text."""

    def analyze(self, text: str) -> list[Finding]:
        return [Finding(0, len(text) + 5, "PERSON", 0.9)]


def test_when_a_my_number_is_present_then_the_request_is_blocked_with_a_japanese_message(guard):
    with pytest.raises(PiiBlocked) as exc:
        guard.protect("山田様の個人番号は1234 5678 9018です。返信を書いて")
    assert exc.value.entity_types == ("MY_NUMBER",)
    assert exc.value.user_message == ("マイナンバー（個人番号）が含まれているため、この依頼は送信できません。"
                                      "該当部分を削除してから再度お試しください。")
    assert "1234" not in exc.value.user_message


def test_when_several_block_types_are_present_then_the_message_names_them_all(guard):
    with pytest.raises(PiiBlocked) as exc:
        guard.protect({"q": "カード 4111 1111 1111 1111", "p": "住民票コード 12345678901"})
    assert exc.value.entity_types == ("CREDIT_CARD", "BASIC_RESIDENT_CODE")
    assert "クレジットカード番号" in exc.value.user_message and "住民票コード" in exc.value.user_message


def test_when_policy_blocks_person_then_a_name_blocks(detector):
    settings = load_settings(guardrails={"policy": {"PERSON": "block"}}).guardrails
    g = PiiGuard(detector, settings)
    with pytest.raises(PiiBlocked) as exc:
        g.protect("山田太郎様への返信")
    assert "氏名" in exc.value.user_message


def test_when_texts_are_protected_then_placeholders_are_shared_and_counts_kept(guard):
    out = guard.protect({"question": "山田太郎様への返信を下書きして",
                         "passage": "山田太郎様（090-1234-5678）から、道路の陥没について通報があった。"})
    assert out.texts == {"question": "<PERSON_1>様への返信を下書きして",
                         "passage": "<PERSON_1>様（<PHONE_1>）から、道路の陥没について通報があった。"}
    assert out.counts == {"PERSON": 2, "PHONE": 1}
    assert out.restore("<PERSON_1>様\nご連絡ありがとうございます。") == "山田太郎様\nご連絡ありがとうございます。"


def test_when_a_session_is_carried_then_later_texts_reuse_its_placeholders(guard):
    first = guard.protect("担当の鈴木です")
    later = guard.protect({"p": "鈴木が対応し、佐藤さんに連絡した。"}, session=first.session)
    assert later.texts["p"] == "<PERSON_1>が対応し、<PERSON_2>さんに連絡した。"


def test_when_detection_raises_then_protect_fails_closed():
    g = PiiGuard(RaisingDetector(), GuardrailSettings())
    with pytest.raises(GuardrailFailure) as exc:
        g.protect("山田太郎様の電話は090-1234-5678")
    assert "090" not in exc.value.user_message and "山田" not in exc.value.user_message


def test_when_detection_returns_garbage_then_protect_fails_closed():
    g = PiiGuard(GarbageDetector(), GuardrailSettings())
    with pytest.raises(GuardrailFailure):
        g.protect("山田太郎様")


def test_when_the_real_detector_breaks_at_run_time_then_nothing_passes_through(guard, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("presidio broke")

    monkeypatch.setattr(guard.detector._analyzer, "analyze", boom)
    with pytest.raises(GuardrailFailure):
        guard.protect("山田太郎様の電話は090-1234-5678")
    assert guard.redact_for_log("山田太郎様の電話は090-1234-5678") == REDACTION_FAILED


def test_when_redacting_for_a_log_then_every_type_is_masked_and_nothing_blocks(guard):
    out = guard.redact_for_log("山田様の個人番号は123456789018、電話は090-1234-5678")
    assert out == "<PERSON_1>様の個人番号は<MY_NUMBER_1>、電話は<PHONE_1>"


def test_when_redaction_for_a_log_fails_then_the_marker_replaces_the_text():
    g = PiiGuard(RaisingDetector(), GuardrailSettings())
    assert g.redact_for_log("山田太郎様") == REDACTION_FAILED


def test_when_findings_are_counted_then_only_types_and_counts_are_kept(detector, guard_settings):
    g = PiiGuard(detector, guard_settings)
    g.protect("山田様と鈴木様、電話090-1234-5678")
    assert dict(g.finding_counts) == {"PERSON": 2, "PHONE": 1}


def test_when_a_collection_label_is_confidential_then_retrieved_text_needs_redaction(guard):
    assert guard.needs_redaction("confidential") and guard.needs_redaction("secret")
    assert not guard.needs_redaction("public")


def test_when_a_logged_text_already_holds_placeholders_then_the_names_found_in_it_get_new_numbers(guard):
    # the audit log quotes the model's prompt, masked with the request's session; the names it shows as
    # written (a public passage's) are found again by the log's redaction, numbered after the prompt's own
    out = guard.redact_for_log("山田様から<PERSON_1>様と<PHONE_2>への連絡")
    assert out == "<PERSON_2>様から<PERSON_1>様と<PHONE_2>への連絡"
