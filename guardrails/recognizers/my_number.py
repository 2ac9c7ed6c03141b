"""MY_NUMBER: 個人番号 (12 digits; check digit per domain.md). A 12-digit number that fails the check
is not a My Number, whatever its label says. A valid one counts without any label (recall first), unless
a label of another kind (運転免許証番号, 受付番号 ...) is nearer, which makes it that kind of number."""

from __future__ import annotations

from presidio_analyzer import Pattern

from guardrails.checksums import digits_of, is_valid_my_number
from guardrails.recognizers.base import JaPatternRecognizer

# 4-4-4 with one consistent separator (space or hyphen) or none; not part of a longer digit run
TWELVE = (r"(?<![0-9])(?<![0-9]-)(?<![0-9]{4} )[0-9]{4}([- ]?)[0-9]{4}\1[0-9]{4}"
          r"(?![0-9])(?!-[0-9])(?! [0-9]{4}(?![0-9]))")


class MyNumberRecognizer(JaPatternRecognizer):
    ENTITY = "MY_NUMBER"
    PATTERNS = [Pattern("my_number_12", TWELVE, 0.5)]
    CONTEXT = ("個人番号", "マイナンバー", "My Number", "マイナ番号", "個人番号カード")
    CONTEXT_WINDOW = 20
    CONTEXT_SCORE = 1.0
    YIELD_TO_OTHERS = True
    UNCONFIRMED_CAP = 0.3

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid_my_number(digits_of(pattern_text))

    def invalidate_result(self, pattern_text: str) -> bool:
        # 000000000000 passes the check digit but is a placeholder on forms, never issued
        return len(set(digits_of(pattern_text))) == 1
