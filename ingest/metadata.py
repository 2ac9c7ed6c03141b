"""Document metadata: 和暦/西暦 dates, document type, title and department detection.

Public, reused by search filters:
- `parse_wareki_date(text, partial=False) -> "yyyy-mm-dd" | None`  first date found in `text`
- `parse_date_range(text) -> (from | None, to | None)`               inclusive ISO bounds
- `fiscal_year_range("令和6年度") -> ("2024-04-01", "2025-03-31")`   None when no 年度 is found
- `find_dates(text) -> list[DateExpr]`                                every date expression, in order

Era rules: 令和 starts 2019-05-01, 平成 1989-01-08, 昭和 1926-12-25, 大正 1912-07-30, 明治 1868-01-25
(a day or month before its era's first day is invalid). An era year beyond the era's end is
accepted as a proleptic year (平成32年度 = 2020年度), because plans written before 2019 use it.
元年 is year 1. Abbreviations R/H/S/T/M with dots (R6.4.8, R4. 3. 24), full-width digits,
kanji numerals (令和六年四月八日) and 令和4(2022)年 are understood. Invariant: every returned
date is a real calendar date; nothing here raises on odd input.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

# era name -> (offset added to the era year, first valid day)
_ERAS: dict[str, tuple[int, _dt.date]] = {
    "令和": (2018, _dt.date(2019, 5, 1)),
    "平成": (1988, _dt.date(1989, 1, 8)),
    "昭和": (1925, _dt.date(1926, 12, 25)),
    "大正": (1911, _dt.date(1912, 7, 30)),
    "明治": (1867, _dt.date(1868, 1, 25)),
}
_ERA_ABBR = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}

_KNUM = "〇一二三四五六七八九十"
_NUM = rf"(?:\d{{1,2}}|[{_KNUM}]{{1,3}})"
_YEAR = rf"(?:元|{_NUM})"
_SP = r"[ \t]*"

_WAREKI_RE = re.compile(
    rf"(?P<era>令和|平成|昭和|大正|明治){_SP}(?P<y>{_YEAR}){_SP}"
    rf"(?:\({_SP}\d{{4}}{_SP}\){_SP})?年"
    rf"(?:(?P<fy>度)|{_SP}(?:(?P<m>{_NUM}){_SP}月(?:{_SP}(?P<d>{_NUM}){_SP}日)?)?)"
)
_ABBR_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?P<ab>[RHSTMrhstm]){_SP}(?P<y>\d{{1,2}})"
    rf"(?:{_SP}年(?P<fy>度)|{_SP}[./-]{_SP}(?P<m>\d{{1,2}}){_SP}[./-]{_SP}(?P<d>\d{{1,2}})(?![0-9]))"
)
_SEIREKI_RE = re.compile(
    rf"(?<![0-9])(?P<y>(?:18|19|20|21)\d{{2}})"
    rf"(?:{_SP}年(?:(?P<fy>度)|{_SP}(?:(?P<m>\d{{1,2}}){_SP}月(?:{_SP}(?P<d>\d{{1,2}}){_SP}日)?)?)"
    rf"|(?P<sep>[./-])(?P<m2>\d{{1,2}})(?P=sep)(?P<d2>\d{{1,2}})(?![0-9]))"
)
# a month or day without a year, used after a range separator ("令和6年4月1日～6月30日")
_TAIL_RE = re.compile(rf"^{_SP}(?:(?P<m>{_NUM}){_SP}月(?:{_SP}(?P<d>{_NUM}){_SP}日)?|(?P<d2>{_NUM}){_SP}日)")
_RANGE_SEP_RE = re.compile(r"^[ \t]*(?:から|より|～|〜|~|－|―|‐|-|至|→)[ \t]*")
_OPEN_END_RE = re.compile(r"^[ \t]*(?:以降|以後|から|より|～|〜|~)[ \t]*$")
_OPEN_START_RE = re.compile(r"^[ \t]*(?:まで|迄|以前|までに)")


@dataclass(frozen=True)
class DateExpr:
    """One date expression: the inclusive ISO range it denotes and where it was found."""

    start: str
    end: str
    precision: str  # "day" | "month" | "year" | "fiscal_year"
    pos: int  # offset in the NFKC-normalised text
    end_pos: int

    @property
    def first_day(self) -> str:
        return self.start


def _knum(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s == "元":
        return 1
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = digits.get(head, None) if head else 1
        ones = digits.get(tail, None) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    val = 0
    for c in s:
        if c not in digits:
            return None
        val = val * 10 + digits[c]
    return val


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1] if 1 <= y <= 9999 else False


def _expr(y: int, m: int | None, d: int | None, fy: bool, era: str | None, pos: int, end_pos: int) -> DateExpr | None:
    """Build a DateExpr from parts; None if the date does not exist or precedes its era."""
    if fy:
        if not 1 <= y < 9999:
            return None
        return DateExpr(f"{y:04d}-04-01", f"{y + 1:04d}-03-31", "fiscal_year", pos, end_pos)
    first: _dt.date | None = _ERAS[era][1] if era else None
    if m is None:
        if first and y < first.year:
            return None
        return DateExpr(f"{y:04d}-01-01", f"{y:04d}-12-31", "year", pos, end_pos)
    if d is None:
        if not _valid(y, m, 1):
            return None
        last = calendar.monthrange(y, m)[1]
        if first and _dt.date(y, m, last) < first:
            return None
        return DateExpr(f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{last:02d}", "month", pos, end_pos)
    if not _valid(y, m, d):
        return None
    if first and _dt.date(y, m, d) < first:
        return None
    iso = f"{y:04d}-{m:02d}-{d:02d}"
    return DateExpr(iso, iso, "day", pos, end_pos)


def _era_year(era: str, y: str) -> int | None:
    n = _knum(y)
    if n is None or n < 1:
        return None
    return _ERAS[era][0] + n


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII, ㋿/㍻ to 令和/平成) for parsing only."""
    return unicodedata.normalize("NFKC", text)


def find_dates(text: str) -> list[DateExpr]:
    """All date expressions in `text`, ordered by position (positions refer to NFKC text)."""
    t = normalise(text)
    found: list[DateExpr] = []
    taken: list[tuple[int, int]] = []

    def add(e: DateExpr | None, span: tuple[int, int]) -> None:
        if e is None or any(a < span[1] and span[0] < b for a, b in taken):
            return
        taken.append(span)
        found.append(e)

    for mt in _WAREKI_RE.finditer(t):
        y = _era_year(mt["era"], mt["y"])
        if y is None:
            continue
        m = _knum(mt["m"]) if mt["m"] else None
        d = _knum(mt["d"]) if mt["d"] else None
        add(_expr(y, m, d, bool(mt["fy"]), mt["era"], mt.start(), mt.end()), mt.span())
    for mt in _ABBR_RE.finditer(t):
        era = _ERA_ABBR[mt["ab"].upper()]
        y = _era_year(era, mt["y"])
        if y is None:
            continue
        m = int(mt["m"]) if mt["m"] else None
        d = int(mt["d"]) if mt["d"] else None
        add(_expr(y, m, d, bool(mt["fy"]), era, mt.start(), mt.end()), mt.span())
    for mt in _SEIREKI_RE.finditer(t):
        y = int(mt["y"])
        if mt["m2"]:
            m, d = int(mt["m2"]), int(mt["d2"])
        else:
            m = int(mt["m"]) if mt["m"] else None
            d = int(mt["d"]) if mt["d"] else None
        # a bare "2024" without 年 is not matched by the regex; "2024年" alone is a year
        add(_expr(y, m, d, bool(mt["fy"]), None, mt.start(), mt.end()), mt.span())
    found.sort(key=lambda e: e.pos)
    return found


def parse_wareki_date(text: str, *, partial: bool = False) -> str | None:
    """The first date in `text` as ISO yyyy-mm-dd, or None.

    Only day-precise dates count unless `partial` is True, in which case a month gives its first
    day and a year (or 年度) its first day ("令和4年3月" -> "2022-03-01").
    """
    for e in find_dates(text):
        if e.precision == "day" or partial:
            return e.start
    return None


def fiscal_year_range(text: str) -> tuple[str, str] | None:
    """The first 年度 in `text` as an inclusive ISO range (April 1 to March 31), or None."""
    for e in find_dates(text):
        if e.precision == "fiscal_year":
            return e.start, e.end
    return None


def _tail_expr(base: DateExpr, rest: str, offset: int) -> DateExpr | None:
    """A month/day without a year after a range separator inherits the year (and month)."""
    mt = _TAIL_RE.match(rest)
    if not mt:
        return None
    y, bm = int(base.start[:4]), int(base.start[5:7])
    if mt["d2"]:
        m, d = bm, _knum(mt["d2"])
    else:
        m = _knum(mt["m"])
        d = _knum(mt["d"]) if mt["d"] else None
    if m is None:
        return None
    return _expr(y, m, d, False, None, offset, offset + mt.end())


def parse_date_range(text: str) -> tuple[str | None, str | None]:
    """Inclusive ISO bounds denoted by `text`; (None, None) if it holds no date.

    "令和6年度" -> (2024-04-01, 2025-03-31); "令和6年4月" -> the month; "令和6年" -> the year;
    "R6.4.1～R6.6.30" or "令和6年4月1日から6月30日まで" -> that range; "令和5年度以降" -> (start, None);
    "令和6年3月まで" -> (None, 2024-03-31); a single day d -> (d, d).
    """
    t = normalise(text)
    dates = find_dates(t)
    if not dates:
        return None, None
    first = dates[0]
    rest = t[first.end_pos :]
    sep = _RANGE_SEP_RE.match(rest)
    if sep:
        after = rest[sep.end() :]
        if len(dates) >= 2 and dates[1].pos == first.end_pos + sep.end():
            return first.start, dates[1].end
        tail = _tail_expr(first, after, first.end_pos + sep.end())
        if tail is not None:
            return first.start, tail.end
    if _OPEN_END_RE.match(rest):
        return first.start, None
    if _OPEN_START_RE.match(rest) or re.search(r"(?:～|〜|~)[ \t]*$", t[: first.pos]):
        return None, first.end
    if len(dates) >= 2:
        return first.start, dates[-1].end
    return first.start, first.end


def date_to_int(iso: str | None) -> int:
    """yyyy-mm-dd -> yyyymmdd (0 for None): chromadb compares numbers only."""
    return int(iso.replace("-", "")) if iso else 0


# --------------------------------------------------------------------------------------------
# document-level detection

_DOC_TYPE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("minutes", re.compile(r"会議録|議事録|会議記録|議事要旨|minutes", re.I)),
    ("guideline", re.compile(r"ガイドライン|指針|方針|計画|戦略|規程|規則|要綱|基準|条例|guideline|policy|plan\b", re.I)),
    ("manual", re.compile(r"マニュアル|手引|てびき|手順書|操作説明|事務処理要領|業務要領|ハンドブック|よくある(?:ご)?質問|問答集|FAQ|Q&A|manual|handbook", re.I)),
    ("bulletin", re.compile(r"広報|市報|町報|村報|区報|県報|お知らせ|だより|便り|通信|ニュース|bulletin|newsletter|news", re.I)),
)


def detect_doc_type(*, filename: str, title: str | None, head: str, speaker_turns: int) -> str:
    """minutes / guideline / manual / bulletin / other from the title, file name and content.

    The title decides first (it is what the document says it is), then the file name, then the
    content: three or more recognised speaker turns make minutes.
    """
    stem = PurePath(filename).stem
    for source in (title or "", stem):
        for kind, rx in _DOC_TYPE_RULES:
            if rx.search(source):
                return kind
    if speaker_turns >= 3:
        return "minutes"
    head_first = "\n".join(head.splitlines()[:8])
    for kind, rx in _DOC_TYPE_RULES:
        if kind != "bulletin" and rx.search(head_first):
            return kind
    return "other"


_KV_LINE_RE = re.compile(r"^(?:日にち|日時|時間|場所|会場|日付|作成日|発行日|担当|所管|出席者?|欠席者?)[ \t　:：]")
_TOC_LINE_RE = re.compile(r"(?:\.{3,}|…{2,}|[ \t　]\d{1,3})$")


def detect_title(text: str, *, fallback: str) -> str:
    """A plain-text title: the first substantial line(s) of the document, else `fallback`.

    Skips key-value lines (日にち 令和6年4月8日), date-only lines and rules; joins up to three
    consecutive short fragments without punctuation ("柳川市デジタル / トランスフォーメーション /
    (DX) 推進計画").
    """
    lines = [ln.strip(" \t\r　") for ln in text[:4000].splitlines()]
    for i, ln in enumerate(lines):
        if not ln or _KV_LINE_RE.match(ln) or _is_date_only(ln) or _is_rule(ln):
            continue
        if ln.startswith(("#", "【目次", "目次")):
            ln = ln.lstrip("#").strip()
            if not ln or ln.startswith(("目次", "【目次")):
                continue
        parts = [ln]
        j = i + 1
        while len(parts) < 3 and j < len(lines) and lines[j] and len("".join(parts)) < 40:
            nxt = lines[j]
            if _KV_LINE_RE.match(nxt) or _is_date_only(nxt) or re.search(r"[。、．，]", nxt) or len(nxt) > 30:
                break
            if re.search(r"[。、]", ln) or len(ln) > 30:
                break
            parts.append(nxt)
            j += 1
        if len(parts) > 1 and not _looks_fragment(parts):
            parts = parts[:1]
        title = "".join(parts) if len(parts) > 1 else parts[0]
        title = re.sub(r"[ \t　]+", " ", title).strip()
        if len(title) > 80:
            title = title[:80]
        return title
    return fallback


def _looks_fragment(parts: list[str]) -> bool:
    """Short lines that read as one broken title (no line ends in a sentence or bracket)."""
    return all(len(p) <= 20 for p in parts[:-1]) and not any(p.endswith(("。", "）", ")")) for p in parts[:-1])


def _is_date_only(line: str) -> bool:
    t = normalise(line)
    rest = t
    for e in reversed(find_dates(t)):
        rest = rest[: e.pos] + rest[e.end_pos :]
    return bool(find_dates(t)) and not re.sub(r"[\s()（）\[\]改訂版発行策定現在施行決定号第0-9]", "", rest)


def _is_rule(line: str) -> bool:
    return bool(line) and not re.sub(r"[-━─―=＝_＿*＊・　 ]", "", line)


_DATE_KEYWORDS = re.compile(r"最終改訂|改訂|改正|更新|施行|発行|策定|決定|作成|制定|開会|開催|(?:^|[\s　])日時(?=[\s　:：])|日にち")
_DEPT_CONTEXT = re.compile(r"発行|担当|所管|作成|問い?合わせ|問合せ|事務局|編集")
_ORG_UNIT = re.compile(r"([^\s　:：、，,。（）()「」【】]{1,16}?(?:課|室|係|センター|事務所|局|部))(?=$|[\s　（()、，,])")
_CITY_PREFIX = re.compile(r"^[^\s　]{1,8}?[市町村区](?=[^\s　]{2,})")


def detect_document_date(head: str, *, top_lines: int = 15) -> str | None:
    """The document's date from its header, or None (a wrong date is worse than none).

    1. the latest date on a short header line with 改訂/施行/発行/策定… ("(令和5年4月改訂)");
    2. else the first day or month date within the first `top_lines` non-empty lines
       (a title page's "令和4年3月" counts as 2022-03-01).
    Dates inside body sentences are never used.
    """
    tagged: list[str] = []
    first: str | None = None
    seen = 0
    for line in head.splitlines():
        if not line.strip():
            continue
        seen += 1
        if seen > 40:
            break
        short = len(line.strip()) <= 50 and not line.rstrip().endswith("。")
        for e in find_dates(line):
            if e.precision not in ("day", "month"):
                continue
            if short and _DATE_KEYWORDS.search(line):
                tagged.append(e.start)
            if first is None and seen <= top_lines and short:
                first = e.start
    if tagged:
        return max(tagged)
    return first


def detect_department(head: str) -> str | None:
    """The issuing unit from header lines such as "発行：みどり野市 企画政策部 広報広聴課" or a
    line made only of organisation names ("みどり野市 市民部 市民課"). Prefers 課/室/係."""
    for line in head.splitlines()[:25]:
        ln = line.strip(" \t　")
        if not ln or len(ln) > 60:
            continue
        body = re.sub(r"^.*?(?:発行|担当|所管|作成|問い?合わせ先?|問合せ先?|事務局|編集)[^:：\s　]*[:：\s　]+", "", ln) if _DEPT_CONTEXT.search(ln) else ln
        tokens = [t for t in re.split(r"[\s　]+", body) if t]
        if not tokens:
            continue
        org_only = all(re.search(r"(?:市|町|村|区|県|都|府|道|課|室|係|部|局|センター|事務所)$", t) for t in tokens)
        if not (_DEPT_CONTEXT.search(ln) or org_only):
            continue
        units = []
        for t in tokens:
            t = _CITY_PREFIX.sub("", t)
            mt = _ORG_UNIT.fullmatch(t)
            if mt:
                units.append(mt.group(1))
        if not units:
            continue
        for suffix in ("係", "課", "室", "センター", "事務所", "局", "部"):
            for u in reversed(units):
                if u.endswith(suffix):
                    return u
    return None


def most_common(values: Sequence[str | None]) -> str | None:
    """The most frequent non-empty value (first seen wins ties)."""
    c = Counter(v for v in values if v)
    return c.most_common(1)[0][0] if c else None
