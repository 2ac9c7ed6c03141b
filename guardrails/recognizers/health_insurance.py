"""HEALTH_INSURANCE: 保険者番号 (8 digits, or 6 for 国民健康保険; check digit per domain.md),
被保険者番号 (8-10 digits, no check digit), and the 記号・番号 of a 保険証. Only next to a health-insurance
label. Under a 保険者番号 label an invalid check digit is rejected."""

from __future__ import annotations

from presidio_analyzer import Pattern, RecognizerResult

from guardrails.checksums import digits_of, is_valid_insurer_number
from guardrails.recognizers.base import JaPatternRecognizer, nearest_label_before

_L = r"(?<![0-9])(?<![0-9][- ])"
_R = r"(?![0-9])(?!-[0-9])"
INSURER_LABELS = ("保険者番号", "保険者", "保険者No", "保険者コード")


class HealthInsuranceRecognizer(JaPatternRecognizer):
    ENTITY = "HEALTH_INSURANCE"
    PATTERNS = [
        Pattern("insurer_8", _L + r"[0-9]{8}" + _R, 0.3),
        Pattern("insurer_6", _L + r"[0-9]{6}" + _R, 0.3),
        Pattern("insured_10", _L + r"[0-9]{9,10}" + _R, 0.3),
        Pattern("insured_hyphen", _L + r"[0-9]{2,8}-[0-9]{1,8}" + _R, 0.3),
        Pattern("kigo_bango",
                r"(?<=記号\s?[:：]?\s?)[0-9A-Za-z\p{Han}\-]{1,10}\s?[・,、/]?\s?番号\s?[:：]?\s?[0-9]{1,10}" + _R, 0.3),
    ]
    CONTEXT = ("保険者番号", "被保険者番号", "保険者", "被保険者証", "保険証", "健康保険証", "健康保険", "国民健康保険",
               "国保", "社保", "介護保険", "後期高齢者", "資格確認書", "保険証番号", "被保険者", "保険証の記号",
               "医療保険", "共済組合", "協会けんぽ")
    CONTEXT_WINDOW = 24
    REQUIRES_CONTEXT = True

    def adjust_score(self, text: str, result: RecognizerResult) -> float:
        lab, _ = nearest_label_before(text, result.start, self.CONTEXT_WINDOW)
        digits = digits_of(text[result.start:result.end])
        expl = result.analysis_explanation
        pattern = expl.pattern_name if expl is not None else ""
        if lab is not None and lab.word in INSURER_LABELS and pattern in ("insurer_8", "insurer_6"):
            # 保険者番号 carries a check digit: a valid one is certain, an invalid one is not an insurer number
            return 1.0 if is_valid_insurer_number(digits) else 0.0
        if pattern == "insurer_6" and not is_valid_insurer_number(digits):
            return 0.0
        return result.score
