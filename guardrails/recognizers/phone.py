"""PHONE: Japanese landlines (0 + area code, 10 digits: 0952-24-3111, 0952(24)3111, (0952)24-3111),
mobiles and IP phones (070/080/090/050 + 8 digits), toll-free 0120/0570/0800, and +81 forms.
Hyphenated shapes count on their own; unseparated digit runs need a label (電話, TEL, 携帯 ...)."""

from __future__ import annotations

from presidio_analyzer import Pattern, RecognizerResult

from guardrails.checksums import digits_of
from guardrails.recognizers.base import CONTEXT_BLOCKED_KEY, JaPatternRecognizer

_L = r"(?<![0-9A-Za-z+.\-])"
_R = r"(?![0-9])(?!-[0-9])"


def plausible_jp_phone(digits: str) -> bool:
    """Digit count and prefix of a domestic number (leading 0 included)."""
    if not digits.startswith("0") or digits.startswith("00"):
        return False
    if digits[:3] in ("070", "080", "090", "050", "020"):
        return len(digits) == 11
    if digits.startswith("0800"):
        return len(digits) in (10, 11)
    return len(digits) == 10


class PhoneRecognizer(JaPatternRecognizer):
    ENTITY = "PHONE"
    PATTERNS = [
        Pattern("phone_grouped",
                _L + r"0[0-9]{1,4}(?:-|\s|\)|\s?\()[0-9]{1,4}(?:-|\s|\)\s?)?[0-9]{3,4}" + _R, 0.75),
        Pattern("phone_paren_area", _L + r"\(0[0-9]{1,4}\)\s?[0-9]{1,4}[-\s]?[0-9]{3,4}" + _R, 0.75),
        Pattern("phone_plain", _L + r"0[0-9]{9,10}" + _R, 0.4),
        Pattern("phone_intl",
                r"(?<![0-9A-Za-z])\+81[-\s]?(?:\(0\)\s?)?[1-9][0-9]{0,3}[-\s]?[0-9]{1,4}[-\s]?[0-9]{3,4}" + _R, 0.8),
    ]
    CONTEXT = ("電話番号", "電話", "TEL", "Tel", "携帯", "携帯電話", "連絡先", "FAX", "Fax", "ファックス",
               "ファクス", "自宅", "直通", "代表", "固定電話", "緊急連絡先", "勤務先", "架電", "折り返し", "内線",
               "電番", "でんわ")
    CONTEXT_AFTER = r"\s?[(（](?:携帯|自宅|代表|直通|勤務先|FAX|ファックス|固定|日中)"
    CONTEXT_WINDOW = 16
    YIELD_TO_OTHERS = True
    UNCONFIRMED_CAP = 0.4

    def invalidate_result(self, pattern_text: str) -> bool:
        # a plausibility check, not a check digit: it rejects but never lifts the score
        digits = digits_of(pattern_text)
        if pattern_text.startswith("+81"):
            return not plausible_jp_phone("0" + digits[2:].lstrip("0"))
        if pattern_text.count("(") != pattern_text.count(")"):
            return True
        return not plausible_jp_phone(digits)

    def adjust_score(self, text: str, result: RecognizerResult) -> float:
        # an unlabelled, unseparated run is a phone number when it has a mobile prefix
        if result.score < 0.5 and not result.recognition_metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
            expl = result.analysis_explanation
            if expl is not None and expl.pattern_name == "phone_plain":
                if not result.recognition_metadata.get(CONTEXT_BLOCKED_KEY) and digits_of(text[result.start:result.end])[:3] in ("070", "080", "090"):
                    return 0.6
        return result.score
