"""AGE: a person's age (45歳, 満45歳, ３歳５か月, 四十五歳, 年齢：45). Ages in rules and statistics are not
reported: 65歳以上, 18歳未満, 40歳から64歳まで, 3歳児, 20歳代, 平均年齢45歳."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern, RecognizerResult

from guardrails.recognizers.base import JaPatternRecognizer

# what follows an age that is a threshold, range or statistic rather than a person's age
_NOT_AN_AGE_AFTER = (
    r"(?!\s?(?:以上|以下|未満|超|から|まで|より|〜|~|-|以降|以前|前後|代|児|程度|くらい|ぐらい|位|頃|ごろ|"
    r"到達|に達|に到達|の誕生日|になる|になった|になれ|を迎え|を超え|を過ぎ|刻み|階級|区分|ごと|毎|別|年齢|"
    r"人口|以上人口|の年|の者|の人口|時点の人口))"
)
_NOT_AN_AGE_BEFORE = r"(?<![0-9.])(?<![〜~\-－]\s?)(?<!から\s?)(?<!第)"
_STAT_BEFORE = re.compile(r"(?:平均|中央値|平均年齢|年齢別|年齢区分|対象年齢|上限|下限|満年齢で)[^。\n]{0,6}$")


class AgeRecognizer(JaPatternRecognizer):
    ENTITY = "AGE"
    PATTERNS = [
        Pattern("age_digits",
                _NOT_AN_AGE_BEFORE + r"[0-9]{1,3}\s?(?:歳|才)(?:\s?[0-9]{1,2}\s?(?:か月|ヶ月|カ月|ケ月|ヵ月))?"
                + _NOT_AN_AGE_AFTER, 0.85),
        Pattern("age_kanji",
                r"(?<![〇一二三四五六七八九十百何数])[一二三四五六七八九十百]{1,4}(?:歳|才)" + _NOT_AN_AGE_AFTER, 0.75),
        Pattern("age_label", r"(?<=年齢\s?[:：]\s?)[0-9]{1,3}(?![0-9歳才.])", 0.85),
    ]
    CONTEXT = ("年齢",)

    def invalidate_result(self, pattern_text: str) -> bool:
        m = re.search(r"[0-9]+", pattern_text)
        return m is not None and int(m.group()) > 125

    def adjust_score(self, text: str, result: RecognizerResult) -> float:
        line_start = text.rfind("\n", 0, result.start) + 1
        if _STAT_BEFORE.search(text, max(line_start, result.start - 12), result.start):
            return 0.0
        return result.score
