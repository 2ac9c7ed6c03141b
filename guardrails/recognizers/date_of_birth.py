"""DATE_OF_BIRTH: a date that is somebody's birth date: after 生年月日/誕生日/生まれ, or followed by
生/生まれ. Forms: 和暦 (昭和55年3月2日, 平成元年, 昭和五十五年), abbreviated (S55.3.2, 昭55.3.2, H1/5/1) and
西暦 (1980年3月2日, 1980/03/02). Meeting dates and other dates without that context are not reported.
Dates that cannot exist (昭和65年, 平成元年1月7日, 2月30日) are rejected."""

from __future__ import annotations

import datetime as dt

import regex as re
from presidio_analyzer import Pattern, RecognizerResult

from guardrails.recognizers.base import CONTEXT_DISTANCE_KEY, JaPatternRecognizer

_BRACKET_CLOSE = re.compile(r"\s?(?:生まれ|生)?\s?[)）、,]")
_BRACKET_AFTER_NAME = re.compile(r"(?:様|さま|さん|氏|君|くん|ちゃん|殿)?\s?[(（]\s?$")

_KN = "〇一二三四五六七八九十"
_N = rf"(?:[0-9]{{1,2}}|[{_KN}]{{1,3}})"
ERAS = {  # era -> (first day, last year number)
    "明治": (dt.date(1868, 1, 25), 45), "大正": (dt.date(1912, 7, 30), 15), "昭和": (dt.date(1926, 12, 25), 64),
    "平成": (dt.date(1989, 1, 8), 31), "令和": (dt.date(2019, 5, 1), 99),
}
_ERA_ABBR = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和",
             "明": "明治", "大": "大正", "昭": "昭和", "平": "平成", "令": "令和"}
_ERA_END = {"明治": dt.date(1912, 7, 29), "大正": dt.date(1926, 12, 24), "昭和": dt.date(1989, 1, 7),
            "平成": dt.date(2019, 4, 30), "令和": dt.date(2118, 12, 31)}


def kanji_number(s: str) -> int | None:
    """'五十五' -> 55, '元' -> 1, '12' -> 12 (up to 99)."""
    if s == "元":
        return 1
    if s.isdigit():
        return int(s)
    vals = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = vals.get(tens, 0) if tens else 1
        o = vals.get(ones, 0) if ones else 0
        if (tens and tens not in vals) or (ones and ones not in vals):
            return None
        return t * 10 + o
    if all(c in vals for c in s):
        return int("".join(str(vals[c]) for c in s))
    return None


_PARSE_WAREKI = re.compile(
    rf"(?P<era>明治|大正|昭和|平成|令和|[MTSHR]|明|大|昭|平|令)\.?\s?(?P<y>元|{_N})\s?[年./\-]"
    rf"(?:\s?(?P<m>{_N})\s?(?:月|[./\-])(?:\s?(?P<d>{_N})\s?日?)?)?"
)
_PARSE_SEIREKI = re.compile(r"(?P<y>(?:19|20)[0-9]{2})\s?[年/.\-]\s?(?:(?P<m>[0-9]{1,2})\s?[月/.\-]\s?(?:(?P<d>[0-9]{1,2})\s?日?)?)?")


def valid_date_text(text: str) -> bool:
    """True when the date text denotes a date that exists (era boundaries included)."""
    m = _PARSE_WAREKI.match(text)
    if m:
        era = _ERA_ABBR.get(m["era"], m["era"])
        y = kanji_number(m["y"])
        if y is None or y < 1:
            return False
        first, last = ERAS[era]
        if y > last:
            return False
        year = first.year + y - 1
        month = kanji_number(m["m"]) if m["m"] else None
        day = kanji_number(m["d"]) if m["d"] else None
        return _exists(year, month, day, first, _ERA_END[era])
    m = _PARSE_SEIREKI.match(text)
    if m:
        year = int(m["y"])
        month = int(m["m"]) if m["m"] else None
        day = int(m["d"]) if m["d"] else None
        return _exists(year, month, day, dt.date(1900, 1, 1), dt.date.today())
    return False


def _exists(year: int, month: int | None, day: int | None, first: dt.date, last: dt.date) -> bool:
    try:
        if month is None:
            return first.year <= year <= last.year
        if day is None:
            dt.date(year, month, 1)
            return (first.year, first.month) <= (year, month) <= (last.year, last.month)
        d = dt.date(year, month, day)
    except ValueError:
        return False
    return first <= d <= last


class DateOfBirthRecognizer(JaPatternRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = [
        Pattern("wareki",
                rf"(?:明治|大正|昭和|平成|令和)\s?(?:元|{_N})\s?年(?:\s?{_N}\s?月(?:\s?{_N}\s?日)?)?", 0.3),
        Pattern("wareki_abbr",
                r"(?<![A-Za-z0-9])(?:[MTSHR]|明|大|昭|平|令)\.?\s?(?:元|[0-9]{1,2})[./\-年][0-9]{1,2}[./\-月][0-9]{1,2}日?(?![0-9])",
                0.3),
        Pattern("seireki_kanji", r"(?<![0-9])(?:19|20)[0-9]{2}\s?年(?:\s?[0-9]{1,2}\s?月(?:\s?[0-9]{1,2}\s?日)?)?", 0.3),
        Pattern("seireki_sep", r"(?<![0-9])(?:19|20)[0-9]{2}([/.\-])[0-9]{1,2}\1[0-9]{1,2}(?![0-9])", 0.3),
    ]
    CONTEXT = ("生年月日", "誕生日", "生年", "出生日", "DOB", "生年月")
    CONTEXT_AFTER = r"\s?(?:生まれ|生れ|誕生(?!日)|生(?![活涯産徒協命物態計鮮存息育地成前後徒])|の生まれ)"
    CONTEXT_WINDOW = 14
    REQUIRES_CONTEXT = True

    def enhance_using_context(self, text, raw_recognizer_results, other_raw_recognizer_results, nlp_artifacts,
                              context=None):
        # 山田太郎様（昭和55年3月2日）: a date in brackets right after a name is that person's birth date
        names = [o for o in other_raw_recognizer_results if o.entity_type == "PERSON"]
        confirmed, rest = [], []
        for r in raw_recognizer_results:
            m = _BRACKET_AFTER_NAME.search(text, 0, r.start)
            if m is not None and m.end() == r.start and any(o.end == m.start() for o in names) \
                    and _BRACKET_CLOSE.match(text, r.end):
                r.score = max(r.score, 0.85)
                r.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
                r.recognition_metadata[CONTEXT_DISTANCE_KEY] = 1
                confirmed.append(r)
            else:
                rest.append(r)
        return confirmed + super().enhance_using_context(text, rest, other_raw_recognizer_results, nlp_artifacts,
                                                         context)

    def validate_result(self, pattern_text: str) -> bool | None:
        # a plausibility check only: never lifts the score (context decides), rejects impossible dates
        return None if valid_date_text(pattern_text) else False

