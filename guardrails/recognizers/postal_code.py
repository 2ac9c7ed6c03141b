"""POSTAL_CODE: 〒840-8501 / 〒8408501 / 郵便番号 840-8501. The span is the digits (〒 excluded).
A bare NNN-NNNN counts when an address follows it; a bare 7-digit run only with its label."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern, RecognizerResult

from guardrails.recognizers.base import CONTEXT_DISTANCE_KEY, JaPatternRecognizer, NO_CONTEXT

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県",
    "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",
    "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県",
    "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県",
    "宮崎県", "鹿児島県", "沖縄県",
)
# what follows a postal code when an address follows it: a prefecture or a municipality name
_ADDRESS_AFTER = re.compile(
    r"\s{0,2}(?:" + "|".join(PREFECTURES) + r"|[\p{Han}\p{Katakana}ヶケ々]{1,6}?[市区町村郡])"
)


class PostalCodeRecognizer(JaPatternRecognizer):
    ENTITY = "POSTAL_CODE"
    PATTERNS = [
        Pattern("postal_mark", r"(?<=〒\s?)[0-9]{3}-?[0-9]{4}(?![0-9])(?!-[0-9])", 1.0),
        Pattern("postal_hyphen", r"(?<![0-9\-])(?<!〒\s?)[0-9]{3}-[0-9]{4}(?![0-9])(?!-[0-9])", 0.35),
        Pattern("postal_plain", r"(?<![0-9\-])(?<!〒\s?)[0-9]{7}(?![0-9])(?!-[0-9])", 0.2),
    ]
    CONTEXT = ("郵便番号", "〒", "郵便", "〒番号")
    CONTEXT_WINDOW = 12
    YIELD_TO_OTHERS = True
    UNCONFIRMED_CAP = 0.3

    def adjust_score(self, text: str, result: RecognizerResult) -> float:
        confirmed = result.recognition_metadata.get(CONTEXT_DISTANCE_KEY, NO_CONTEXT) < NO_CONTEXT
        expl = result.analysis_explanation
        if not confirmed and expl is not None and expl.pattern_name == "postal_hyphen":
            if _ADDRESS_AFTER.match(text, result.end):
                return max(result.score, 0.85)
        return result.score
