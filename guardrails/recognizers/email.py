"""EMAIL: RFC-ish addresses (ASCII local part and domain), delimited by ASCII-aware lookarounds so that
Japanese text may touch the address (メール:taro@example.jp宛)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.recognizers.base import JaPatternRecognizer


class EmailRecognizer(JaPatternRecognizer):
    ENTITY = "EMAIL"
    PATTERNS = [
        Pattern(
            "email",
            r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?"
            r"@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62})(?:\.[A-Za-z0-9\-]{1,63})*\.[A-Za-z]{2,24}(?![A-Za-z0-9\-])",
            0.9,
        ),
    ]
    CONTEXT = ("メールアドレス", "メール", "E-mail", "e-mail", "Email", "mail", "アドレス")
