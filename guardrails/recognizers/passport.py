"""PASSPORT: Japanese passports are two capital letters and seven digits (TK1234567); with a label
(旅券, パスポート) one letter and eight digits (many foreign passports) count too."""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.recognizers.base import JaPatternRecognizer


class PassportRecognizer(JaPatternRecognizer):
    ENTITY = "PASSPORT"
    PATTERNS = [
        Pattern("passport_jp", r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{7}(?![A-Za-z0-9])", 0.45),
        Pattern("passport_other", r"(?<![A-Za-z0-9])[A-Z]{1,2}[0-9]{6,8}(?![A-Za-z0-9])", 0.2),
    ]
    CONTEXT = ("旅券番号", "旅券", "パスポート番号", "パスポート", "Passport", "PASSPORT", "passport")
    CONTEXT_WINDOW = 20
    YIELD_TO_OTHERS = True
    UNCONFIRMED_CAP = 0.3
