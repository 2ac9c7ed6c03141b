"""CORPORATE_NUMBER: 法人番号, 13 digits whose first digit is a check digit (domain.md). Public data, but
it must never be mistaken for a My Number. An invoice registration number T+13 digits reports the
13 digits. Invalid check digits are rejected."""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.checksums import digits_of, is_valid_corporate_number
from guardrails.recognizers.base import JaPatternRecognizer


class CorporateNumberRecognizer(JaPatternRecognizer):
    ENTITY = "CORPORATE_NUMBER"
    PATTERNS = [
        Pattern("corporate_13",
                r"(?<![0-9])(?<![0-9][- ])[1-9]([- ]?)[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?![0-9])(?![- ][0-9])", 0.5),
    ]
    CONTEXT = ("法人番号", "登録番号", "適格請求書発行事業者", "インボイス", "会社法人等番号")
    CONTEXT_WINDOW = 20
    CONTEXT_SCORE = 1.0
    YIELD_TO_OTHERS = True
    UNCONFIRMED_CAP = 0.3

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid_corporate_number(digits_of(pattern_text))
