"""BASIC_RESIDENT_CODE: 住民票コード, 11 digits, only next to its label (an unlabelled 11-digit number
starting with 0 is far more often a mobile phone number)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.recognizers.base import JaPatternRecognizer


class BasicResidentCodeRecognizer(JaPatternRecognizer):
    ENTITY = "BASIC_RESIDENT_CODE"
    PATTERNS = [
        Pattern("resident_code_11", r"(?<![0-9])(?<![0-9][- ])[0-9]{11}(?![0-9])(?![- ][0-9])", 0.3),
        Pattern("resident_code_grouped",
                r"(?<![0-9])(?<![0-9][- ])[0-9]{4}([- ])[0-9]{4}\1[0-9]{3}(?![0-9])(?![- ][0-9])", 0.3),
        Pattern("resident_code_3_4_4",
                r"(?<![0-9])(?<![0-9][- ])[0-9]{3}([- ])[0-9]{4}\1[0-9]{4}(?![0-9])(?![- ][0-9])", 0.3),
    ]
    CONTEXT = ("住民票コード", "住民票 コード", "住民票番号")
    CONTEXT_WINDOW = 24
    REQUIRES_CONTEXT = True
