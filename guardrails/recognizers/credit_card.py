"""CREDIT_CARD: 13-19 digit card numbers (grouped 4-4-4-4, 4-6-5, 4-6-4 or contiguous), Luhn-checked;
numbers failing Luhn are rejected."""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.checksums import digits_of, luhn_ok
from guardrails.recognizers.base import JaPatternRecognizer

_L = r"(?<![0-9])(?<![0-9][- ])"
_R = r"(?![0-9])(?![- ][0-9])"


class CreditCardRecognizer(JaPatternRecognizer):
    ENTITY = "CREDIT_CARD"
    PATTERNS = [
        Pattern("card_4x4", _L + r"[2-6][0-9]{3}([- ]?)[0-9]{4}\1[0-9]{4}\1[0-9]{4}" + _R, 0.5),
        Pattern("card_amex", _L + r"3[47][0-9]{2}([- ]?)[0-9]{6}\1[0-9]{5}" + _R, 0.5),
        Pattern("card_diners", _L + r"3[0689][0-9]{2}([- ]?)[0-9]{6}\1[0-9]{4}" + _R, 0.5),
        Pattern("card_plain", _L + r"[2-6][0-9]{12,18}" + _R, 0.5),
    ]
    CONTEXT = ("クレジットカード", "クレジット", "カード番号", "カード", "VISA", "Visa", "JCB", "Mastercard", "AMEX")
    CONTEXT_WINDOW = 20
    CONTEXT_SCORE = 1.0
    YIELD_TO_OTHERS = True
    UNCONFIRMED_CAP = 0.3

    def validate_result(self, pattern_text: str) -> bool:
        return luhn_ok(digits_of(pattern_text))
