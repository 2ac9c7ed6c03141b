"""JapanesePiiDetector: offsets into the original text, overlap resolution, batching, fail closed."""

from __future__ import annotations

import pytest

from assistant.errors import GuardrailFailure
from assistant.settings import PII_TYPES, GuardrailSettings
from assistant.types import Finding
from guardrails.engine import MAX_PIECE_CHARS, JapanesePiiDetector, split_pieces


def test_when_text_has_fullwidth_digits_then_offsets_index_the_original(detector):
    text = "担当：山田　太郎　電話：０９５２－２４－３１１１　〒８４０－８５０１"
    found = detector.analyze(text)
    assert [(f.entity_type, f.text) for f in found] == [
        ("PERSON", "山田　太郎"), ("PHONE", "０９５２－２４－３１１１"), ("POSTAL_CODE", "８４０－８５０１")]
    for f in found:
        assert text[f.start:f.end] == f.text
        assert isinstance(f, Finding) and f.entity_type in PII_TYPES


def test_when_results_overlap_then_one_wins_and_none_overlap(detector):
    text = "福岡市博多区博多駅前三丁目5番12号 コーポ山田203号室に住む山田花子様（45歳）個人番号123456789018"
    found = detector.analyze(text)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    types = [f.entity_type for f in found]
    assert types == ["ADDRESS", "PERSON", "AGE", "MY_NUMBER"]


def test_when_batch_is_analysed_then_it_equals_one_by_one(detector):
    texts = ["山田様 090-1234-5678", "", "会議は令和6年4月1日", "個人番号 1234 5678 9018"]
    assert detector.analyze_batch(texts) == [detector.analyze(t) for t in texts]


def test_when_text_is_empty_then_no_findings(detector):
    assert detector.analyze("") == []


def test_when_text_exceeds_a_piece_then_entities_near_the_end_are_found(detector):
    filler = "本日は晴天なり。" * 700  # > 5000 chars, several pieces
    text = filler + "\n連絡先 090-1234-5678 山田太郎様"
    assert len(text) > 2 * MAX_PIECE_CHARS
    found = detector.analyze(text)
    assert [(f.entity_type, f.text) for f in found] == [("PHONE", "090-1234-5678"), ("PERSON", "山田太郎")]
    assert all(text[f.start:f.end] == f.text for f in found)


def test_when_a_line_is_longer_than_a_piece_then_hard_cuts_overlap():
    text = "あ" * (MAX_PIECE_CHARS * 2 + 10)
    pieces = split_pieces(text)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    for (s1, e1), (s2, _) in zip(pieces, pieces[1:]):
        assert s2 < e1  # overlap, nothing falls between


def test_when_input_is_not_a_string_then_it_raises(detector):
    with pytest.raises(TypeError):
        detector.analyze(None)  # type: ignore[arg-type]


def test_when_spacy_model_is_missing_then_warm_up_fails_closed():
    d = JapanesePiiDetector(GuardrailSettings(spacy_model="ja_no_such_model"))
    with pytest.raises(GuardrailFailure) as exc:
        d.warm_up()
    assert "ja_no_such_model" in exc.value.user_message
    assert not d.ready


def test_when_spacy_model_is_not_japanese_then_warm_up_fails_closed(tmp_path):
    import spacy

    path = tmp_path / "en_pipeline"
    spacy.blank("en").to_disk(path)
    d = JapanesePiiDetector(GuardrailSettings(spacy_model=str(path)))
    with pytest.raises(GuardrailFailure) as exc:
        d.warm_up()
    assert "日本語" in exc.value.user_message


def test_when_a_recognizer_is_missing_then_warm_up_fails_closed():
    from guardrails.recognizers import RECOGNIZER_CLASSES, MyNumberRecognizer

    classes = [c for c in RECOGNIZER_CLASSES if c is not MyNumberRecognizer]
    d = JapanesePiiDetector(GuardrailSettings(), recognizer_classes=classes)
    with pytest.raises(GuardrailFailure) as exc:
        d.warm_up()
    assert "MY_NUMBER" in exc.value.user_message


def test_when_analysis_raises_at_run_time_then_the_error_propagates(detector, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("sudachi exploded")

    monkeypatch.setattr(detector._analyzer, "analyze", boom)
    with pytest.raises(RuntimeError):
        detector.analyze("山田太郎様")


def test_when_threads_analyse_at_once_then_every_call_succeeds(detector):
    import threading

    results, errors = [], []

    def run():
        try:
            results.append([(f.entity_type, f.text) for f in detector.analyze("山田太郎様 090-1234-5678")])
        except Exception as exc:  # pragma: no cover - the failure this test guards against
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == [[("PERSON", "山田太郎"), ("PHONE", "090-1234-5678")]] * 8
