"""Grounding check: the facts an answer states must occur in the passages it cites.

Facts are numbers (with their unit where one follows: 円, %, 日, 時 ...), dates, times, katakana
terms and 「quoted」 phrases. Comparison is on NFKC-normalised text without spaces or thousands
separators. An answer with no checkable fact passes only if it shares content words with the
evidence (checked by the caller through coverage).

Invariant: `check()` never says "supported" for a fact that does not occur in the given passages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.textutil import (ITSU, RATIO, asks_rate, dated, expand_era_letters, first_year_forms, flat_text, norm,
                               norm_keep_space, unseparated, years)

_CITE = re.compile(r"[\[［](\d{1,2})[\]］]")
_UNITS = r"(?:千円|万円|億円|円|%|パーセント|歳|か月|ヶ月|カ月|箇月|日|時間|時|分|秒|人|名|件|年度|年|月|回|通|部|号|条|階|mm|ミリ|センチ|km|キロ|倍|割|台|枚|冊|万|千|つ)"
_DATE = re.compile(r"(?:(?:令和|平成|昭和)?(?:\d+|元)年)?\d{1,2}月\d{1,2}日|(?:令和|平成|昭和)(?:\d+|元)年(?:度)?")
# a clock time, not the tail of a number (the 665時 of 1,665時間) nor a duration (時間)
_TIME = re.compile(r"(?<![\d,.])(?:\d{1,2}[:：]\d{2}|\d{1,2}時\d{1,2}分|\d{1,2}時半?(?!間))")
_NUM = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?\s*" + _UNITS + "?")
# a date written with dots (「R4.4.1」, 「2024.2.5」) is one fact, not the figure 4.4 (holdout50 h50q01, blind: the
# question's own R4.4.1, repeated in the answer, failed the check as 4.4)
_DOTTED_DATE = re.compile(r"(?<![\d.A-Za-z])(?:[RHSrhs]\s?)?\d{1,4}\.\d{1,2}\.\d{1,2}(?![\d.])")
_KATA = re.compile(r"[ァ-ヴー・]{3,}")
_QUOTE = re.compile(r"「([^」]{2,40})」")


def cited_numbers(answer: str) -> list[int]:
    seen: list[int] = []
    for m in _CITE.finditer(answer):
        n = int(m.group(1))
        if n not in seen:
            seen.append(n)
    return seen


def strip_citations(answer: str) -> str:
    return _CITE.sub("", answer)


def extract_facts(answer: str) -> list[str]:
    text = strip_citations(answer)
    facts: list[str] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, s: str | None = None) -> None:
        a, b = m.span()
        if any(a < y and x < b for x, y in taken):
            return
        taken.append((a, b))
        facts.append((s if s is not None else m.group(0)).strip())

    for rx in (_MAIL, _DOTTED_DATE, _DATE, _TIME, _NUM):  # an e-mail address is one fact, not its digits
        for m in rx.finditer(text):
            # つ counts one to nine (「2つ」); after a larger number (「橋が1,067つ」) it is the model's slip
            add(m, m.group(0)[:-1] if m.group(0).endswith("つ") and not re.fullmatch(r"[1-9]\s*つ", m.group(0))
                else None)
    for m in _QUOTE.finditer(text):
        facts.append(m.group(1))
    for m in _KATA.finditer(text):
        if m.group(0).strip("ー・"):
            facts.append(m.group(0))
    return [f for f in facts if f]


@dataclass(frozen=True)
class GroundingResult:
    supported: bool
    facts: tuple[str, ...]
    unsupported: tuple[str, ...]


# 令和6(2024)年 in the evidence supports both 令和6年 and 2024年 in an answer
_ERA_WITH_WESTERN = re.compile(r"(令和|平成|昭和)(\d+|元)\((\d{4})\)")
_KANJI_ORDINAL = re.compile(r"第([一二三四五六七八九])(?![十百千万])")
# 「三つの基本方針」 supports 「3つ」: the model writes the count in digits
_KANJI_TSU = re.compile(r"(?<![一二三四五六七八九十])([一二三四五六七八九])つ")


def _digit(kanji: str) -> str:
    """一〜九 as the digit 1〜9."""
    return str("一二三四五六七八九".index(kanji) + 1)


_SLASH_DAY = re.compile(r"(?<![\d/.,])(1[0-2]|[1-9])/(3[01]|[12]\d|[1-9])(?![\d/.,])")  # 「3/14開催」, not 2024/3/14


def with_era_variants(ev: str) -> str:
    """The (normalised) evidence, plus its forms with 令和6(2024)年 read as 令和6年 and as 2024年,
    with R6年度 / H30年 / R2 / R5.4.1 read as 令和6年度 / 平成30年 / 令和2年 / 令和5年4月1日, 令和1年 as
    令和元年 (and back), with a kanji ordinal 第一〜第九 read as 第1〜第9, a count 三つ as 3つ, and a month and day
    written with a slash 「3/14開催」 as 3月14日."""
    forms = [ev]
    expanded = expand_era_letters(ev)
    if expanded != ev:  # a bare R2 may stand for 令和2年 or 令和2年度
        forms += [expanded, expand_era_letters(ev, "年度")]
    if _ERA_WITH_WESTERN.search(ev):
        forms += [_ERA_WITH_WESTERN.sub(r"\1\2", ev), _ERA_WITH_WESTERN.sub(r"\3", ev)]
    gan, one = first_year_forms(ev)  # 令和1年 supports 令和元年 and the other way round
    forms += [f for f in (gan, one) if f != ev]
    if _KANJI_ORDINAL.search(ev):  # 第一ステップ supports 第1ステップ
        forms.append(_KANJI_ORDINAL.sub(lambda m: "第" + _digit(m.group(1)), ev))
    if _KANJI_TSU.search(ev):
        forms.append(_KANJI_TSU.sub(lambda m: _digit(m.group(1)) + "つ", ev))
    if _SLASH_DAY.search(ev):
        forms.append(_SLASH_DAY.sub(r"\1月\2日", ev))
    return "\n".join(forms)



def _given(nf: str, question: str) -> bool:
    """Whether the (normalised) fact is stated by the question: a term it contains, or a number or date
    it contains whole (the 2 of 令和2年 is not the question's 2人; the question's 令和5年4月 holds 令和5年)."""
    if not re.search(r"\d", nf):
        return nf in question
    lead = r"(?<![\d.,])" if nf[0].isdigit() else ""
    tail = r"(?![\d.,])" if nf[-1].isdigit() else ""
    return bool(re.search(lead + re.escape(nf) + tail, question))


def new_facts(answer: str, question: str) -> list[str]:
    """The answer's facts (`extract_facts`) that the question does not state (`_given`)."""
    given = norm(question)
    return [f for f in extract_facts(answer) if not (given and _given(norm(f), given))]


# 何人/何件/何台…: the model may put the asked-for counter after a bare number in a table cell
# (何社会 asks which society, not how many companies: holdout72 h72q22, blind, 「情報社会」 was rejected)
# (not the word a counter starts: 何社会, 何基準 and 何台地 ask which society, criterion or plateau;
# JSQuAD a20898p24q0's 「せん断ひずみエネルギー U は何基準」 is answered by 評価基準, not by a count in 基)
_ASKED_COUNTER = re.compile(r"何(人|名|件|台(?!地)|基(?!準)|回|校|か所|箇所|カ所|ヶ所|ケ所|ヵ所|路線|種類|戸|世帯|団体"
                            r"|施設|社(?!会)|か国語|カ国語|ヶ国語|ヵ国語|言語|か国|カ国|ヶ国|ヵ国|分野|項目|地区|業務"
                            r"|事務|頭|匹|羽|枚|店|棟|軒|機|手続き|手続)")
# counters that count alike: 何人 is answered by 12名, 何か所 by 23箇所
# (何台 by 32基: routers and gauges are counted in 基 as often as in 台, holdout17 h17q02)
_SAME_COUNTER = ({"人", "名"}, {"か所", "箇所", "カ所", "ヶ所", "ケ所", "ヵ所"}, {"種類", "種"}, {"台", "基"},
                 {"か国語", "カ国語", "ヶ国語", "ヵ国語", "言語"}, {"か国", "カ国", "ヶ国", "ヵ国"}, {"手続き", "手続"})


# 何%/何割 is answered by a share (39.9%, 約7割), never by a bare number. (Not a counter above: check()
# then accepts a bare number anywhere in the evidence, too loose for a 5 of 5%.)
_ASKED_SHARE = re.compile(r"何(?:%|パーセント|割)")
_SHARE = re.compile(r"\d(?:%|パーセント|割)")


def asks_share(question: str) -> bool:
    """The question asks a share: 何%, 何パーセント or 何割."""
    return bool(_ASKED_SHARE.search(norm(question)))


def asked_counters(question: str) -> set[str]:
    """The counters a 何人/何か所… question asks for, with the ones that count alike (empty if none)."""
    counters = {m.group(1) for m in _ASKED_COUNTER.finditer(norm(question))}
    for same in _SAME_COUNTER:
        if counters & same:
            counters |= same
    return counters


# a question for an amount (いくら, 何円, 補助額は), and an amount: a sum in 円, or a bare figure of three or
# more digits (a table's 157,466 under 「(単位：千円)」), not a year. 「…国庫補助額は、[1]の第2行の「TYPE 3
# の採択結果」に記載されています」 (holdout12, blind) names where, not how much. Over every answer to such a
# question in the seed, holdout and demo runs (20), no other lacks an amount.
_HOW_MUCH = r"いくら|幾ら|何円|何千円|何万円"
_ASKED_AMOUNT = re.compile(_HOW_MUCH + r"|金額は|額は")
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?(?:千|万|億)*円|\d{1,3}(?:,\d{3})+(?![\d年])|\d{3,}(?![\d年])|[一二三四五六七八九十百千万億]+円")


# the item an amount is asked for: the word run just before いくら (「1件あたり上限いくらまで」 → 上限,
# 「補助額はいくら」 → 補助額)
_AMOUNT_OF = re.compile(r"([一-龥ァ-ヴーA-Za-z0-9]{2,})(?:は|が|って|も|の)?[、,]?\s*(?:" + _HOW_MUCH + ")")


def names_amount_item(text: str, question: str) -> bool:
    """False when the question asks the amount of an item (上限, 補助額) that `text` does not name (a
    予算額 ends in 額 that its column may leave out: 「令和6年度予算」); True otherwise. A budget row is no
    quote for 「上限いくらまで出ますか」 (holdout19 h19u04, blind: no document states a 上限 for it)."""
    m = _AMOUNT_OF.search(norm(expand_era_letters(question)))
    if not m:
        return True
    item, flat = m.group(1), with_era_variants(norm(expand_era_letters(text)))  # 「R6年度予算」 names 令和6年度予算
    return item in flat or (item.endswith("額") and len(item) > 2 and item[:-1] in flat)


def gives_asked_amount(answer: str, question: str) -> bool:
    """False when the question asks how much (いくら, 何円, 補助額は) and the answer gives no amount; True
    otherwise. Only the answer check uses it: context selection, given it as a value to look for, brought
    a 24,974千円 budget row into holdout12's context in place of nothing, and the model took it."""
    if asks_rate(question):  # 「補助率はいくら」 is answered by a ratio (2/3), not an amount (holdout13 h13q07)
        return bool(RATIO.search(strip_citations(answer)))
    return not _ASKED_AMOUNT.search(norm(question)) or bool(_AMOUNT.search(norm(strip_citations(answer))))


# いくつ asks for a count without naming the counter (「…適用した事務っていくつ？」); 「いくつか」 and 「いくつも」
# are no count (「小辺路の呼称はいくつもあり、…高野道や何と呼ばれていたの」 asks a name: JaQuAD de-083-14-000)
_ASKED_COUNT = re.compile(r"いくつ(?![かも])|幾つ(?![かも])|何個|何つ")
_COUNT = re.compile(r"\d|[一二三四五六七八九十百千]+[つ個件人名回種台基か所]")


def gives_asked_value(answer: str, question: str) -> bool:
    """False when the question asks 何人/何件/何路線… and the answer holds no number with that counter
    (人 and 名 count alike, as do か所 and 箇所): 「7 佐伯市全体を対象に」 does not say how many people; when
    it asks いくつ and the answer holds no number at all (「RPAを適用した事務をいくつか進めてきました」,
    holdout18 h18q06, blind); or when it asks for a telephone/fax number or an e-mail address and the
    answer holds none. A count the question states itself does not answer it. True when none is
    asked."""
    # (an office's address is answered without its 〒 code: 「佐賀市栄町 1-1」)
    if (asks_for_phone(question) or asks_for_mail(question)) and not has_asked_contact(answer, question):
        return False
    if _ASKED_COUNT.search(norm(question)) and not _COUNT.search(norm(strip_citations(answer))):
        return False
    if asks_share(question) and not _SHARE.search(norm(answer)):
        return False
    counters = asked_counters(question)
    if not counters:
        return True
    alts = "|".join(re.escape(c) for c in sorted(counters, key=len, reverse=True))
    count = re.compile(r"([0-9一二三四五六七八九十百千]+[万千百億]*)(?:" + alts + ")")
    # a count the question states itself is its premise (「71か所のうち、公民館は何か所」 is not answered by
    # 71か所: holdout22 h22u01, blind)
    premise = {m.group(1) for m in count.finditer(norm(question))}
    return any(m.group(1) not in premise for m in count.finditer(norm(answer)))


# a question for a telephone or fax number (normalised text), and such a number: 0952-40-7057, (0952)40-7057
# (the model may write the area code in square brackets: [0952]40-7057)
# (not the tel of 「tele」 or 「hotel」: holdout30 h30q13, blind)
_PHONE_QUESTION = re.compile(r"電話番号|電話は|(?<![a-z])(?:tel|fax)(?![a-z])|ファクス|ファックス")
_PHONE = re.compile(r"0\d{1,4}[)\]]?-?\d{1,4}-\d{3,4}")


def asks_for_phone(question: str) -> bool:
    return bool(_PHONE_QUESTION.search(norm(question)))


def has_phone_number(text: str) -> bool:
    return bool(_PHONE.search(norm(text)))


# an e-mail question (「メールアドレスを教えて」) is answered by an address: a document's contact lines give
# 「E-mail dx@city.saga.lg.jp」 under the office they belong to (holdout20 h20q04, blind: declined)
# (not a bare メール: 「メールで配信しているサービス」 asks a name)
_MAIL_QUESTION = re.compile(r"メールアドレス|メアド|e-?mail")
_MAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE)


def asks_for_mail(question: str) -> bool:
    return bool(_MAIL_QUESTION.search(norm(question)))


def has_mail_address(text: str) -> bool:
    return bool(_MAIL.search(norm(text)))


# a question for an office's postal address (not 「住所変更」: that asks a procedure), a postal line, and the
# words of such a question that a 〒 line covers (holdout22 h22q04, blind: declined)
_POSTAL_QUESTION = re.compile(r"住所を(?:教え|知り)|住所は(?:どこ|何)|所在地|郵送先|送付先|宛先")
_POSTAL = re.compile(r"〒\s*\d{3}-?\d{4}")
POSTAL_WORDS = frozenset({"住所", "所在地", "郵送先", "送付先", "宛先"})


def asks_for_postal(question: str) -> bool:
    return bool(_POSTAL_QUESTION.search(norm(question)))


def has_postal_address(text: str) -> bool:
    return bool(_POSTAL.search(norm_keep_space(text)))


def has_asked_contact(text: str, question: str) -> bool:
    """`text` holds the kind of contact the question asks for (a number for 電話番号, an address for メール,
    a 〒 line for 住所を教えて)."""
    return ((asks_for_phone(question) and has_phone_number(text))
            or (asks_for_mail(question) and has_mail_address(text))
            or (asks_for_postal(question) and has_postal_address(text)))


# a question for the 課 in charge (担当課はどこ, どの課, 受け持っている課は) is answered by a 課/室/係/局 or a 部
# (企画政策課, DX推進室, 政策推進部), never by a 部会 or 委員会: for the 担当課 that no passage names, the small
# model named the 「DX推進専門部会」 (two seed sets alike); the six answerable 課 questions of the seed and demo
# sets are all answered by a 課
_OFFICE_QUESTION = re.compile(r"(?:担当|所管|どの|何|どこの)(?:課|部署|部局)|(?:課|部署|部局)は(?:どこ|何)")
# words for "the section in charge" that name none (「担当課は…委員会です」)
_GENERIC_OFFICES = ("担当課", "所管課", "主管課", "関係課", "各課", "担当部", "担当部署", "担当部局")
_OFFICE = re.compile(r"[一-龥ァ-ヴーA-Za-z0-9]+(?:課(?!題)|室|係|局|センター)|[一-龥]+部(?![会門一-龥])")


def asks_office(question: str) -> bool:
    """The question asks which 課 is in charge (担当課はどこ, どこの課, 課は何, 担当部署はどこ)."""
    return bool(_OFFICE_QUESTION.search(question))


def named_offices(text: str) -> list[str]:
    """The 課/室/係/局/部 the text names, without the generic 担当課/所管課 (as written, in order)."""
    return [m.group(0) for m in _OFFICE.finditer(strip_citations(text)) if not m.group(0).endswith(_GENERIC_OFFICES)]


def gives_asked_office(answer: str, question: str) -> bool:
    """False when the question asks which 課 is in charge and the answer names no 課/室/係/局/部 of its
    own (the question's words and a generic 担当課 do not count)."""
    if not _OFFICE_QUESTION.search(question):
        return True
    return any(m.group(0) not in question and not m.group(0).endswith(_GENERIC_OFFICES)
               for m in _OFFICE.finditer(strip_citations(answer)))


# narrower than textutil's date questions (期間/期限/何時 may be answered by 2週間, 即日, 19時まで)
# (textutil.ITSU: not the いつ of 「行いつつ」, where 「透明性・信頼性の向上」 was taken for no date)
_WHEN_QUESTION = re.compile(ITSU + r"|何年(?!間|も)|何月|何日(?!間)")


# a question for a span of years: 「何年度から何年度までの計画ですか」
_YEAR_SPAN_QUESTION = re.compile(r"何年度?(?:から|～|~|-)何年度?")


# a date as a question names it, after `norm` (r6 for R6): an era or western year (度 optional), then month
# and day if given
_DATE_PHRASE = re.compile(r"(?:(?:明治|大正|昭和|平成|令和)\s*[0-9元]+|[0-9]{4}|r\s*[0-9元]+)\s*年度?"
                          r"(?:\s*[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*日)?)?")


def gives_asked_date(answer: str, question: str) -> bool:
    """False when the question asks いつ/何年/何月/何日 and the answer names no date, year or era
    (「アンケートは、7 佐伯市で実施されました」: a slide number, not a date) besides the dates the question
    names itself (「令和元年度の意向調査はいつからいつまで」 is not answered by 「令和元年度に実施されました」:
    holdout11 h11q04), or asks 何年度から何年度 and the answer names fewer than two years (the day a
    strategy was adopted, 2022年12月23日, given for the years it runs: holdout19 h19q18, blind), or asks
    when something began and gives only dates it lasts until (「…まで」), or asks for a year (何年, 年はいつ)
    and names none (a month alone). True otherwise."""
    if _YEAR_SPAN_QUESTION.search(norm(question)):
        return len(years(answer)) >= 2
    when, year = _WHEN_QUESTION.search(question), asks_year(question)
    if not (when or year):
        return True
    rest = norm(answer)
    for d in sorted({m.group(0) for m in _DATE_PHRASE.finditer(norm(question))}, key=len, reverse=True):
        rest = rest.replace(d, " ")
    if _START_QUESTION.search(norm(question)) and not _END_QUESTION.search(norm(question)):
        ends = [m.end() for m in _DATE_PHRASE.finditer(rest)]
        if ends and all(re.match(r"\s*(?:末)?(?:まで|迄)", rest[e:]) for e in ends):
            return False  # 「令和5年6月まで」 is when it ends, not when it began (holdout23 h23u02, blind)
    if year and not (years(rest) or _YEAR_IN_REPLY.search(rest)):
        return False  # 「「ちよ」が発表された年はいつ」 is not answered by 「6月です」 (JaQuAD de-066-19-000)
    if not when:
        return True  # 「…の施行年は」 answered by a bare 1999
    if not _CALENDAR_QUESTION.search(question) and _RELATIVE_TIME.search(rest):
        return True  # いつ answered by an event: 「本計画完遂後に検討します」 (holdout30 h30q14, blind)
    return dated(rest) or bool(_SLASH_DAY.search(rest) or _SLASH_YEAR_DAY.search(rest))


# a question for a year (何年, 何年度, 「発表された年はいつ」, 「開始年度は？」, 西暦), not for a count of years (何年間,
# 何年目, 何年前), a number of them (「何年もの間」) or a value of a named year (「2020年は？」); a year in a reply:
# 1919年, 大正8年, 紀元前480年, 令和元年度, a bare 1999
_YEAR_QUESTION = re.compile(r"何年(?!間|も|生|目|前|後|ぶり|代)|(?<![0-9０-９元一二三四五六七八九十])年度?は(?:いつ|[?？]|$)|西暦")
_YEAR_IN_REPLY = re.compile(r"(?:[0-9]|元|[〇一二三四五六七八九十百千])\s*年|(?<![0-9.,])[0-9]{4}(?![0-9.,%])")


def asks_year(question: str) -> bool:
    """The question asks for a year (`_YEAR_QUESTION`): 「何年に卒業したか」, 「発表された年はいつ」."""
    return bool(_YEAR_QUESTION.search(question))


# a year as text writes it: 1943年, 1391年, 昭和22年, 令和元年, R6年 (not a decade, 1960年代, nor a span, 3年間)
_YEAR_MENTION = re.compile(r"(?<![0-9.,])([0-9]{3,4})\s*年(?!代|間)"
                           r"|(?:明治|大正|昭和|平成|令和|(?<![A-Za-z])[MTSHR])\s*(?:元|[0-9]{1,2})\s*年(?!代|間)")


def year_mentions(text: str) -> list[tuple[str, int]]:
    """(surface as written, year) of each year `text` names, in order: a western year as written (1391年,
    which the document-date parser behind `years` does not take for a date), an era year as `years` reads it
    (R6年 with its era written out)."""
    out: list[tuple[str, int]] = []
    for m in _YEAR_MENTION.finditer(text):
        if m.group(1):
            out.append((m.group(0), int(m.group(1))))
        else:
            out += [(m.group(0), y) for y in years(expand_era_letters(m.group(0)))]
    return out


# a question for the year in the Japanese era (「日本の元号で何年」, 「和暦で」, 「昭和何年」, 「令和何年度」) or in the
# western calendar (西暦); an era year and its western year side by side: 「元禄4年(1691年)」, 「1911年(明治44年)」,
# 「2021年度（令和3年度）」
_ERA_ASKED = re.compile(r"元号|和暦|(?:明治|大正|昭和|平成|令和)(?:何|なん)年")
_WESTERN_ASKED = re.compile(r"西暦")
_ERA_YEAR = re.compile(r"[一-龥]{2}(?:元|[0-9]{1,2})年")
_WESTERN_YEAR = re.compile(r"(?<![0-9.,])([0-9]{3,4})年(度?)")
_ERA_PAIR = re.compile(r"[一-龥]{2}(?:元|[0-9]{1,2})年(度?)\s*[（(]\s*([0-9]{3,4})年?(度?)\s*[)）]"
                       r"|([0-9]{3,4})年(度?)\s*[（(]\s*[一-龥]{2}(?:元|[0-9]{1,2})年(度?)\s*[)）]")


def year_as_asked(answer: str, question: str, evidence: Sequence[str]) -> list[tuple[str, str]]:
    """(year as the answer writes it, the evidence's era and western years side by side) when the question asks
    for the era year and the answer gives only the western one, or the other way round: 「1691年」 →
    「元禄4年(1691年)」 for 「…日本の元号で何年のことですか」 (JaQuAD de-083-16-003; also de-077-11-002 and
    de-086-04-001, where the model wrote the western year the passage gives beside the era one). Only a
    pair the evidence writes, for the same year (and 年度 for 年度), and only one such pair."""
    body = strip_citations(answer)
    if _ERA_PAIR.search(body):
        return []
    pairs: dict[tuple[int, bool], set[str]] = {}
    for m in _ERA_PAIR.finditer("\n".join(evidence)):
        year, fiscal = (m.group(2), bool(m.group(1) or m.group(3))) if m.group(2) else (m.group(4), bool(m.group(5)))
        pairs.setdefault((int(year), fiscal), set()).add(m.group(0))
    out: list[tuple[str, str]] = []
    if _ERA_ASKED.search(question) and not _ERA_YEAR.search(body):
        for m in _WESTERN_YEAR.finditer(body):
            found = pairs.get((int(m.group(1)), bool(m.group(2))), set())
            if len(found) == 1:
                out.append((m.group(0), found.pop()))
    elif _WESTERN_ASKED.search(question) and not _WESTERN_YEAR.search(body):
        for m in _ERA_YEAR.finditer(body):
            fiscal = body[m.end():m.end() + 1] == "度"
            found = {p for ys in years(expand_era_letters(m.group(0))) for p in pairs.get((ys, fiscal), set())}
            if len(found) == 1:
                out.append((m.group(0) + ("度" if fiscal else ""), found.pop()))
    return out


def same_year_first(sentence: str) -> bool:
    """The sentence says 「同年」 before it names any year (「同年6月、…に加盟した」): its year is the one named
    last before the sentence."""
    return "同年" in sentence and not year_mentions(sentence[: sentence.index("同年")])


# a full date written with slashes (2024/3/14); a month and day alone (3/14, 3/5-6) is `_SLASH_DAY`
_SLASH_YEAR_DAY = re.compile(r"(?<![\d/.,])\d{4}/(?:1[0-2]|[1-9])/(?:3[01]|[12]\d|[1-9])(?![\d/.,])")


# a question for a calendar value (何年, 何月, 何日), which an event (「完遂後」) does not answer, and a time
# told by an event: a noun of two or more kanji and 後/以降 (「本計画完遂後」, 「策定以降」; not 今後, その後)
_CALENDAR_QUESTION = re.compile(r"何年(?!間)|何月|何日(?!間)")
_RELATIVE_TIME = re.compile(r"[一-龥]{2,}(?:後|以降|以後)")


# a question for when something began (「クラウド化を始めたのはいつ」, 「いつから」), and one that also asks
# when it ends (「いつからいつまで」)
_START_QUESTION = re.compile(r"始め|始ま|開始|スタート|いつから")
_END_QUESTION = re.compile(r"まで|終わ|終了")


# Two values of one sentence that the small model confuses (measured on the seed sets: 「すくすくSASEBO」 for
# the app of 「…プッシュ通知機能によって配信することができる「させぼっ子ナビ」アプリ」, four sets alike; 29基
# for the 83基 of 「浸水標尺83基のうち29基を改修した」 asked 全部で何基).
_QUOTED_NAME = re.compile(r"「([^「」]{2,40})」|『([^『』]{2,40})』")
_CLAUSE_END = "、。，,;；\n"
# a clause shorter than this before its name (「人口は、」 + value) is only a particle: its subject is further back
_MIN_CLAUSE_CHARS = 3


def quoted_name_clauses(sentence: str) -> list[tuple[str, str]]:
    """(name, clause) for each 「name」/『name』 of the sentence: the clause runs from the previous comma
    (or the previous quoted name) to the next one, so 「佐世保市の子育て情報を伝える専用サイト「すくすくSASEBO」や」
    and 「プッシュ通知機能によって配信することができる「させぼっ子ナビ」アプリを運用している」 describe one
    name each. A table row (tab-separated cells) gives none: its cells are told apart by the header."""
    if "\t" in sentence:
        return []
    ms = list(_QUOTED_NAME.finditer(sentence))
    out = []
    for k, m in enumerate(ms):
        floor = ms[k - 1].end() if k else 0
        lo = m.start()
        while True:
            d = max(sentence.rfind(c, floor, lo) for c in _CLAUSE_END)
            start = d + 1 if d >= 0 else floor
            if d < 0 or len(sentence[start:m.start()].strip()) >= _MIN_CLAUSE_CHARS:
                lo = start
                break
            lo = d
        ends = [x for x in (sentence.find(c, m.end()) for c in _CLAUSE_END) if x >= 0]
        ends += [ms[k + 1].start()] if k + 1 < len(ms) else []
        out.append((m.group(1) or m.group(2), sentence[lo:min(ends + [len(sentence)])]))
    return out


# a list whose items are a marked head line and the lines under it that describe it:
# 「◎ ミニアプリ「子育てナビ」」 / 「- ▶ 予防接種や子育て施設など…お知らせ。」
_ITEM_HEAD = re.compile(r"^\s*[◎●○■◆□]\s*(\S.*)$")
_ITEM_BODY = re.compile(r"^\s*(?:-\s*)?[▶▷➤→・]")


def list_item_clauses(text: str) -> list[tuple[str, str]]:
    """(name, item) for each item of a marked list in `text` whose head line names one 「quoted name」 and
    which has description lines under it (「◎ ミニアプリ「子育てナビ」」, 「- ▶ 予防接種や…お知らせ。」): the
    item (head and description) describes that name, as `quoted_name_clauses` reads a clause. A list of
    fewer than two such items gives none."""
    items: list[tuple[str | None, list[str]]] = []  # (quoted name or None, lines) per non-description line
    for line in text.splitlines():
        head = _ITEM_HEAD.match(line)
        if items and items[-1][0] and not head and (not line.strip() or _ITEM_BODY.match(line)):
            if line.strip():  # blank lines between a head and its description are skipped
                items[-1][1].append(line.strip())
            continue
        quoted = [m.group(1) or m.group(2) for m in _QUOTED_NAME.finditer(head.group(1))] if head else []
        items.append((quoted[0], [head.group(1).strip()]) if len(quoted) == 1 else (None, []))
    out = [(name, "\n".join(lines)) for name, lines in items if name and len(lines) > 1]
    return out if len(out) >= 2 else []


# a question for the n-th of a ranking (「2番目に多かった回答」, 「3番目に高い」), and a survey sentence's
# items with their shares (「「情報流出やプライバシー侵害が起こる」(58.7%)、「詐欺やウイルス感染などの被害に遭う」
# (52.4%)」)
_NTH = re.compile(r"([2-9])番目に(?:多|高|大|少|低|小)")
_KANJI_NTH = {"二": "2", "三": "3", "四": "4", "五": "5"}
_RANKED_ITEM = re.compile(r"「([^「」]{2,60})」\s*[(（]\s*(\d+(?:\.\d+)?)\s*[%％]\s*[)）]")


def asked_rank(question: str) -> tuple[int, bool] | None:
    """(n, largest first) when the question asks for the n-th (n ≥ 2) of a ranking, else None."""
    q = re.sub("[二三四五](?=番目)", lambda m: _KANJI_NTH[m.group(0)], norm(question))
    m = _NTH.search(q)
    return (int(m.group(1)), q[m.end() - 1] in "多高大") if m else None


def ranked_items(sentence: str) -> list[tuple[str, float]]:
    """The 「item」(share%) pairs of a sentence, in the order written."""
    return [(m.group(1), float(m.group(2))) for m in _RANKED_ITEM.finditer(norm(sentence))]


# 「全2,593件の内、…112件」, 「浸水標尺83基のうち29基」, 「1653種類の申請書等のうち、1600種類」: a total and a part
# of it, with the same counter
_COUNTER = r"(件|基|人|名|台|回|校|社|種類|種|か所|箇所|団体|施設|世帯|業務|事務)"
_PART_OF_TOTAL = re.compile(r"(?<![\d.,])(\d[\d,]*)\s*" + _COUNTER + r"(?:の[^、。\d]{1,12}?)?(?:の内|のうち)、?"
                            r"[^。]{0,40}?(?<![\d.,])(\d[\d,]*)\s*\2")
_ASKS_TOTAL = re.compile(r"全部で|全体で|合計|合わせて|総数|総計")


def asks_total(question: str) -> bool:
    """The question asks for a whole (全部で何基, 合計は), not one of its parts."""
    return bool(_ASKS_TOTAL.search(question))


def part_for_total(answer: str, question: str, evidence: Sequence[str]) -> tuple[str, str] | None:
    """(part, total) when the question asks for a total (全部で何基) and the answer gives the part of a
    「N基のうちM基」 in the evidence instead of N; None otherwise (also when the answer gives both)."""
    if not asks_total(question):
        return None
    body = strip_citations(answer)
    flat = norm(body)
    for m in _PART_OF_TOTAL.finditer(norm_keep_space("\n".join(evidence))):
        total, part = m.group(1) + m.group(2), m.group(3) + m.group(2)
        if total in flat:
            continue
        # the part as the answer writes it (「1,600種類」), so that the retry can quote it back
        for w in re.finditer(r"(?<![\d.,])\d[\d,]*\s*" + re.escape(m.group(2)), body):
            if norm(w.group(0)) == part:
                return w.group(0), total
    return None


# What a passage says cannot be done: 「運転免許証の住所変更は市役所ではできません」, 「ご本人であっても発行
# できません」, 「市では収集できません」 (the verb before ない/ません/ず, and the last noun its clause puts
# before は/では/でも/には/も)
_CANNOT = re.compile(r"([一-龥々ァ-ヴー]{0,4}でき)(?:ない|ません|ず)")
_TOPIC = re.compile(r"([一-龥々ァ-ヴーa-z0-9]+)(?:では|でも|には|は|も)")


def affirms_what_passages_deny(answer: str, evidence: Sequence[str]) -> str | None:
    """The clause of the answer that says something can be done (「市役所で手続きできます」) where a passage
    says, of the same noun and verb, that it cannot (「市役所ではできません」); None otherwise. The number and
    name checks pass such an answer: every word of it stands in the passage."""
    body = norm(strip_citations(answer))
    ev = norm("\n".join(evidence))
    for m in _CANNOT.finditer(ev):
        topics = list(_TOPIC.finditer(re.split(r"[。、\n]", ev[:m.start()])[-1]))
        if not topics:
            continue
        # the nearest topic is what cannot be done there or so (市役所 in 「住所変更は市役所ではできません」)
        hit = re.search(re.escape(topics[-1].group(1)) + r"[^。、\n]{0,12}?" + re.escape(m.group(1)) + r"(?:ます|る)",
                        body)
        if hit:
            return hit.group(0)
    return None


def occurs(fact: str, text: str) -> bool:
    """Whether the (normalised) fact stands in the (normalised) text whole: a fact that starts or ends
    with a digit does not match inside a longer number (「4位」 in 「14位」, 「300円」 in 「1300円」, 「3」 in
    「3.5」)."""
    if not fact or not (fact[0].isdigit() or fact[-1].isdigit()):
        return fact in text
    head = r"(?<![\d.])" if fact[0].isdigit() else ""
    tail = r"(?!\.?\d)" if fact[-1].isdigit() else ""
    return re.search(head + re.escape(fact) + tail, text) is not None


_SLOT_NAME = re.compile(r"[一-龥々ァ-ヴー]")
_SLOT_NAME_START = re.compile(r"[一-龥々ァ-ヴ]")
_SLOT_HEAD = re.compile(r"[一-龥々ァ-ヴーA-Za-z0-9]+")
# the word a question asks with, where a reply that repeats the question writes its answer (「…を図り、何を行政
# サービスの…」 → 「…を図り、人的資源を行政サービスの…」), and where a question that copies a passage's sentence
# leaves out what it asks (「…にふさわしい何への移行を図る」 over 「…にふさわしい「新たな社会システム」への移行を図り」)
# (longest first: 「どのような」 is not 「どの」 followed by 「ような」)
_SLOT_WH = re.compile(r"何|なに|誰|どこ|どのような|どういう|どんな|どの|どう")
SLOT_EDGE = 5  # characters of the question on each side of its asking word that the text must repeat
# what the asking word is followed by: a case particle after 何 (誰, どこ); the noun it modifies after どの (どんな,
# どのような, どういう: 「どんな市民サービスを」); the verb it modifies after どう (「どうできている」)
_SLOT_AFTER = ("を", "が", "に", "へ", "の", "と", "で", "から", "まで")
_SLOT_MODIFIED = {"どの": _SLOT_NAME_START, "どんな": _SLOT_NAME_START, "どのような": _SLOT_NAME_START,
                  "どういう": _SLOT_NAME_START, "どう": re.compile(r"し|でき|なっ")}
_SLOT_MAX = 40
# of the question's characters after its asking word, the fewest a passage read as a cloze must repeat
SLOT_AFTER_MIN = 3
_SLOT_OWN = 2  # characters after an asking word that the text writes with it, when the question copies it
_SLOT_QUOTES = re.compile(r"[「」『』\"“”]")
# a filler that opens with a particle and a comma goes on with the text's clause (「職場においては、業務の見直し…」
# for 「職場においてどのような…」): the question's words stand there by chance
_SLOT_CLAUSE = re.compile(r"[はもでにがをと]+、")
# a verbal noun the question asks the object of (「何を構築する」), which a passage may write as a noun (「…の構築」)
_SLOT_NOMINAL = re.compile(r"を([一-龥々]{2,})(?:する|し)")
_SLOT_NO = re.compile(r"^[のはも](?=[一-龥々ァ-ヴ])")


def slot_filler(text: str, question: str, after_min: int = SLOT_EDGE, with_head: bool = False) -> str | None:
    """What `text` (a reply, or a passage) writes in the place of the question's asking word: the words
    between the `SLOT_EDGE` characters of the question before 何 (誰, どこ, …) and those after it, when the
    text holds both in order, at most `_SLOT_MAX` characters apart (`flat_text` of each, quotes and the
    commas at its ends dropped).
    A question may copy the text's own asking words too: 「…誰に、何を、どうやって付加価値を提供し、何を得るのか」
    over 「…誰に、何を、どうやって、付加価値を提供し、収益を得るのか」 asks only its last 何 (holdout72 h72q03,
    blind), since each other one stands in the text with the two characters after it (`_SLOT_OWN`).
    None when the question asks with no such word, or with more than one the text does not write, or not
    followed by a case particle (「…は何ですか」 copies nothing after it; 何人 is a count), by a noun after どの,
    or by し, でき or なっ after どう; when the text does not repeat both sides, or gives two different fillers;
    or when the filler holds a digit (a date or figure is checked as a fact, in its written forms), a 。, or no
    kanji or katakana, opens with a particle and a comma (`_SLOT_CLAUSE`), or is an asking word itself (the
    text asks too: 「…情報を主に何で得ているか」 under 「いくつの分野について、情報を主に何で得ているか」 gave 「何」,
    holdout75 h75q02, blind).
    `after_min` below `SLOT_EDGE`: when the text repeats the question's characters after the asking word
    only in part (「…を提示し説明している」 for 「何を提示して説明している」: holdout81 h81q20, blind), the first
    of them down to `after_min` do, the longest first. The cloze reader reads passages so; a reply is checked
    with the whole edge, as a reply that words the rest otherwise (「…の実装等を踏まえ、」) is not copying.
    After どの (どんな, どのような, どういう) the filler modifies the noun that follows (「どのようなデジタル人材を」 over
    「変化に対応できるデジタル人材を」); `with_head` gives it with that noun, the answer's whole phrase
    (「変化に対応できるデジタル人材」: holdout47 h47q15)."""
    q = flat_text(question)
    t = flat_text(strip_citations(text))
    found = list(_SLOT_WH.finditer(q))
    if len(found) > 1:
        found = [m for m in found if q[m.start():m.end() + _SLOT_OWN] not in t]
    if len(found) != 1:
        return None
    wh = found[0]
    before, after = q[max(0, wh.start() - SLOT_EDGE):wh.start()], q[wh.end():wh.end() + SLOT_EDGE]
    # an edge of kana and commas alone (「ことから、」) joins any two sentences: the words before it must share a
    # word with the question's (holdout89 h89q23: 「…部分が多いことから、漁業における…継承に向けた」 was read for
    # 「…定着率が低いことから、何に向けた」; 「…導入・運用をしているため、」 for 「…導入・運用しているため、」 shares 運用)
    asked_words = None if _SLOT_NAME.search(before) else _name_pairs(q[max(0, wh.start() - 3 * SLOT_EDGE):wh.start()])
    modified = _SLOT_MODIFIED.get(wh.group())
    if len(before) < SLOT_EDGE or len(after) < SLOT_EDGE \
            or not (modified.match(after) if modified else after.startswith(_SLOT_AFTER)):
        return None
    readings = [(t, before, after[:edge]) for edge in range(SLOT_EDGE, min(after_min, SLOT_EDGE) - 1, -1)]
    if after_min < SLOT_EDGE:  # a passage may word the same place otherwise
        if before.endswith("は"):  # a glossary's entry, after a colon or in a table's next cell: 「キャッシュレス：支払い・
            # 受取りに現金を使用せず…」 for 「キャッシュレスは何に現金を使用しない」 (holdout90 h90q14)
            readings.append((flat_text(strip_citations(text).replace("\t", ":")), before[:-1] + ":", after))
        nominal = _SLOT_NOMINAL.match(q, wh.end())
        if nominal:  # 「…対応できる組織・風土文化の構築」 for 「…対応できる何を構築する」 (holdout89 h89q18)
            readings.append((t, before, "の" + nominal.group(1)))
    for read, lead, tail in readings:  # (the text as read, the question's words before, those after)
        fillers = set()
        for m in re.finditer(re.escape(lead), read):
            if asked_words is not None and not asked_words & _name_pairs(read[max(0, m.end() - 3 * SLOT_EDGE):m.end()]):
                continue
            j = read.find(tail, m.end(), m.end() + _SLOT_MAX + len(tail))
            filler = _SLOT_QUOTES.sub("", read[m.end():j]).strip("、，,・") if j > m.end() else ""
            # the question drops a particle the text writes after its words before: 「…領域での利活用シーン」 for
            # 「…領域で何を」, 「…ためには人材育成や教育改革の」 for 「…ために何の」 (holdout92 h92q05)
            filler = _SLOT_NO.sub("", filler)
            if filler and "。" not in filler and not re.search(r"\d", filler) and _SLOT_NAME.search(filler) \
                    and not _SLOT_WH.fullmatch(filler) and not _SLOT_CLAUSE.match(filler):
                fillers.add(filler)
        if len(fillers) > 1:  # the question may name the others (「…（年齢や障がい・言語とは別の項目）」: h94q19)
            fillers = {f for f in fillers if not any(f[i:i + SLOT_EDGE] in q for i in range(len(f) - SLOT_EDGE + 1))}
        if len(fillers) > 1:
            return None
        if fillers:
            head = _SLOT_HEAD.match(q, wh.end()) if with_head and modified is _SLOT_NAME_START else None
            return fillers.pop() + (head.group() if head else "")
    return None


def opening_filler(line: str, question: str) -> str | None:
    """The words `line` opens with before the question's `SLOT_EDGE` characters after its one asking word
    (何, 誰, どこ, followed by a case particle): 「各部局が主体となって取り組む」 gives 各部局 for 「…にはどこが
    主体となって取り組む」. `flat_text` of each; the words hold a kanji or katakana, no digit, and at most
    `_SLOT_MAX` characters, and the line writes the question's characters once (「新規担い手の確保に向けた
    取組の中で、…繋がり強化に向けた取組が」 opens with no answer to 「…何に向けた取組」: holdout89 h89q23).
    None otherwise. A line is a sentence on its own, so the words before the asking word
    need not stand in it: the caller makes sure the line belongs to what the question names."""
    q, t = flat_text(question), flat_text(line)
    found = list(_SLOT_WH.finditer(q))
    if len(found) != 1 or found[0].group() in _SLOT_MODIFIED:
        return None
    after = q[found[0].end():found[0].end() + SLOT_EDGE]
    if len(after) < SLOT_EDGE or not after.startswith(_SLOT_AFTER):
        return None
    j = t.find(after)
    filler = _SLOT_QUOTES.sub("", t[:j]) if 0 < j <= _SLOT_MAX and t.count(after) == 1 else ""
    return filler if _SLOT_NAME.search(filler) and not re.search(r"\d|。|、", filler) else None


# 「いつから稼働を開始する」: いつ and what the question writes after it, from a particle of time on
_WHEN_SLOT = re.compile(ITSU + r"(?=(?:から|まで|ごろ|頃|に)\S{2})")
# a date the text writes right before the question's words: 「令和7年1月6日」, 「2024年(令和6年)4月」, 「令和6年度末」,
# 「9月上旬」 (a year or a month at least)
_WRITTEN_DATE = re.compile(r"(?:(?:(?:令和|平成|昭和)(?:\d{1,2}|元)|\d{4})年度?(?:\([^()]{1,12}\))?"
                           r"(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月(?:\d{1,2}日)?)(?:上旬|中旬|下旬|初旬|末|中)?$")


def date_filler(text: str, question: str) -> str | None:
    """The date `text` writes where the question, copying the text's words after it, asks いつ: 「…はいつから
    稼働を開始する予定ですか」 over 「…7月中に契約を締結し、令和7年1月6日から稼働を開始する予定」 gives 令和7年1月6日
    (demo dq13: the model gave 7月中, the date of the clause before). The text must repeat the whole `SLOT_EDGE`
    characters of the question after いつ (a particle of time, から, まで, に, then the verb), right after a
    date of a year or a month (`_WRITTEN_DATE`); the words before いつ need not stand there (the sentence may
    name its subject only in the one before). `flat_text` of each. None when the question asks no such
    いつ, or the text writes those words after no date, or after two different dates."""
    q = flat_text(question)
    found = list(_WHEN_SLOT.finditer(q))
    if len(found) != 1:
        return None
    after = q[found[0].end():found[0].end() + SLOT_EDGE]
    if len(after) < SLOT_EDGE:
        return None
    t = flat_text(text)
    places = (k.start() for k in re.finditer(re.escape(after), t))
    dates = {m.group() for k in places if (m := _WRITTEN_DATE.search(t, max(0, k - _SLOT_MAX), k))}
    return dates.pop() if len(dates) == 1 else None


# a question asking what a bracket after a word holds: 「その利用の例として括弧書きで挙がっているのは」
_BRACKET_ASKED = re.compile(r"括弧書き|括弧内|括弧の中|かっこ書き|かっこ内|カッコ書き|カッコ内")
_BRACKETED = re.compile(r"\(([^()]{2,60})\)")
# characters at most between the word the question names and its asking of the bracket (「…は何を活用するものと」)
_BRACKET_NEAR = 12
_BRACKET_WORD_MIN = 2  # characters the word before a bracket must share with the question
# characters at least that the words before a bracket and after it share with the question: 「利用(…)では」 is
# not read for 「容易に「利用」できる」
_BRACKET_MATCH_MIN = 4
_HIRAGANA = re.compile(r"[ぁ-ゖ]")  # a particle, no word's start: 「の利用」 is not read as a word
# what a bracket writes around its content: 「例えば…」, 「例:…」, 「以下「…」という。」
_BRACKET_FRAME = re.compile(r"^(?:例えば|例:|以下、?「?)|(?:」?という。?)$")


def bracket_filler(text: str, question: str) -> str | None:
    """What the bracket after the word the question names holds, when the question asks for a bracket
    (`_BRACKET_ASKED`): 「…誰もが規約の範囲内で容易に「利用」できるとされていますが、その利用の例として括弧書きで
    挙がっているのは何」 over 「…誰もが規約の範囲内で容易に利用(加工、編集、再配布等)できるよう…」 gives 加工、編集、
    再配布等 (holdout89 h89q11, blind: the model gave a phrase of the next lines). A bracket is read when the
    longest end of the words before it that the question writes (quotes dropped, at least `_BRACKET_WORD_MIN`
    characters, not starting with hiragana) ends at most `_BRACKET_NEAR` characters before the question's
    括弧書き. Of such brackets, those are read whose words, with the words after the bracket that the question
    writes after them, are the longest: 「利用(加工…)できる」 over 「…電子自治体の利用(電子申請等)では」 for
    「容易に「利用」できる」; at least `_BRACKET_MATCH_MIN` such characters. The frame of the content (例えば,
    以下「…」という) is dropped. `flat_text` of each.
    None when the question asks no bracket, no bracket is read, or the brackets read hold different words."""
    q = _SLOT_QUOTES.sub("", flat_text(question))
    asked = _BRACKET_ASKED.search(q)
    if asked is None:
        return None
    t = flat_text(text)
    best, found = 0, set()
    for m in _BRACKETED.finditer(t):
        before = _SLOT_QUOTES.sub("", t[max(0, m.start() - _SLOT_MAX):m.start()])
        size = next((n for n in range(len(before), _BRACKET_WORD_MIN - 1, -1)
                     if not _HIRAGANA.match(before[-n]) and _named_near(q, before[-n:], asked.start())), 0)
        if not size:
            continue
        # and the words after the bracket that the question writes after those words (「利用(…)できる」)
        size += max(len(os.path.commonprefix([t[m.end():], q[k.end():]]))
                    for k in re.finditer(re.escape(before[-size:]), q))
        if size < max(best, _BRACKET_MATCH_MIN):
            continue
        content = _BRACKET_FRAME.sub("", m.group(1)).strip("「」、")
        if size > best:
            best, found = size, set()
        found.add(content)
    return found.pop() if len(found) == 1 and all(found) else None


def _named_near(question: str, words: str, asked: int) -> bool:
    """Whether `question` writes `words` ending at most `_BRACKET_NEAR` characters before position `asked`."""
    return any(0 <= asked - (k.start() + len(words)) <= _BRACKET_NEAR
               for k in re.finditer(re.escape(words), question[:asked]))


# a question asking why of what it copies: 「…が今後も必要だとしているのはなぜ」, 「…が増加している理由は何」,
# 「なぜ…が進んでいないのですか」
_WHY_AFTER = re.compile(r"のは、?(?:なぜ|何故|どうして)|の?理由は、?(?:何|なん)")
_WHY_BEFORE = re.compile(r"(?:なぜ|何故|どうして)、?(.+?)(?:のですか|のでしょうか|のか)")
_WHY_FRAME = re.compile(r"(?:だ|である)?と(?:して|され|説明されて|書かれて|記載されて)い?る$")
# what a clause giving a reason ends with, before what it explains: 「…一定数残ることから、」, 「…推し進めるため」
# (not 「…ための」, which names a purpose of a noun: 「…活用できるようにするための環境整備」)
_REASON_END = re.compile(r"(?:ことから|ためには|ために|ため(?!の)|ので|により|によって)、?")
# a predicate ending a clause between a reason and the question's words: the reason is that predicate's
# (「…システム調達のため公募型プロポーザルを開始、…3社とも辞退」 gives no reason for 辞退) unless the question
# writes its word (「…を全面的に見直し、」 for 「…を全面的に見直して、」); 「…として、」 is none
_PREDICATE_BEFORE_COMMA = re.compile(r"(?<!とし)(?<!につい)(?<!におい)(?:[一-龥々]|[しりきみちいえけせて])、")
# a clause that goes on into the reason after it (「…対応のため、」, 「…減少の一方で、」)
_REASON_RUNS_ON = re.compile(r"(?:で|て|し|ため|ので|ことから|により)$")
_CONNECTIVE = re.compile(r"^(?:よって|また|さらに|そのため|このため|そこで|しかし|一方)、?")
_REASON_SHARED = 0.5  # of the words between a reason and the question's tail, the share the question writes


def reason_filler(text: str, question: str) -> str | None:
    """The reason `text` gives for what the question copies and asks why of: 「…手続きのオンライン化が進んでも
    来庁者に対する利便性の向上が今後も必要だとしているのはなぜ」 over 「手続きのオンライン化が進んでも、窓口で取り扱う
    手続きは一定数残ることから、来庁者に対する利便性の向上は今後も必要である」 gives 窓口で取り扱う手続きは一定数残ることから
    (holdout92 h92q24, blind: the model gave a reason of its own). What the question asks why of is its words
    before のはなぜ (or 「…の理由は何」, or after なぜ), without 「だとしている」, up to its last word of two kanji or
    katakana or more (「…今後も必要」); a sentence (or line, or cell) of the text must write that word after a
    clause ending in ことから, ため, ので or により, with the words in between (は read as が) at least
    `_REASON_SHARED` the question's, by pairs of characters, and no predicate among them ending a clause that
    the question does not write (`_PREDICATE_BEFORE_COMMA`).
    The clause is read back over the clauses before it that run on into it (「…対応のため、」), up to one the
    question writes, without a connective (よって) at its start. `flat_text` of each, quotes dropped. None when the
    question asks no why, no sentence gives a reason so, two give two, or the reason is the question's words."""
    q = _SLOT_QUOTES.sub("", flat_text(question))
    after, before = _WHY_AFTER.search(q), _WHY_BEFORE.search(q)
    asked = q[:after.start()] if after else before.group(1) if before else ""
    asked = _WHY_FRAME.sub("", asked).replace("は", "が")
    words = [w for w in _SLOT_HEAD.findall(asked) if len(w) >= 2]
    if not words:
        return None
    core = asked[:asked.rfind(words[-1]) + len(words[-1])]  # up to its last word (「…今後も必要」, 「…を検討」)
    pairs = {core[i:i + 2] for i in range(len(core) - 1)}
    found = set()
    for sentence in re.split(r"[。\n\t]", text):
        s = _SLOT_QUOTES.sub("", flat_text(sentence))
        matched = s.replace("は", "が")  # 「…は不可欠」 for 「…が不可欠」
        for k in re.finditer(re.escape(words[-1]), matched):
            ends = list(_REASON_END.finditer(s, 0, k.start()))
            if not ends:
                continue
            end = ends[-1]
            between = matched[end.end():k.end()]
            shared = [between[i:i + 2] in pairs for i in range(len(between) - 1)]
            if not SLOT_EDGE <= len(between) <= len(core) + SLOT_EDGE or sum(shared) < _REASON_SHARED * len(shared) \
                    or any(_SLOT_HEAD.findall(between[:c.end()])[-1] not in asked
                           for c in _PREDICATE_BEFORE_COMMA.finditer(between)):
                continue
            clauses = s[:end.end()].rstrip("、").split("、")
            reason = clauses.pop()
            while clauses and _REASON_RUNS_ON.search(clauses[-1]) and clauses[-1] not in q:
                reason = clauses.pop() + "、" + reason
            reason = _CONNECTIVE.sub("", reason)
            if _SLOT_NAME.search(reason) and _REASON_END.sub("", reason) not in q:
                found.add(reason)
    return found.pop() if len(found) == 1 else None


def _name_pairs(text: str) -> set[str]:
    """The pairs of adjacent kanji, katakana or letters in `text`: the words two phrases share (「運用」, 「So」)."""
    return {text[i:i + 2] for i in range(len(text) - 1) if _SLOT_HEAD.fullmatch(text[i:i + 2])}


# words that make a figure approximate: 「約9割」, 「およそ150人」
_APPROX = ("約", "およそ", "概ね", "おおむね")


def approximations(answer: str, evidence: Sequence[str]) -> dict[str, str]:
    """The figures of the answer (as written there, in its order) that the evidence gives only as approximate
    (「約9割」) while the answer states them bare (「9割です」), each with the word the evidence makes it
    approximate with (「およそ25万4000人」 → およそ; the first of 約, およそ, 概ね, おおむね that stands before it).
    The small model drops the 約: holdout17 h17q13 asked for a rate the plan gives as 「約9割」 and was told
    「9割です」. A figure the evidence also states bare (another 9割 elsewhere) is left as it is."""
    ev = norm("\n".join(evidence))
    body = norm(strip_citations(answer))
    out: dict[str, str] = {}
    for f in extract_facts(answer):
        nf = norm(f)
        if not nf[:1].isdigit() or f in out:
            continue
        approx = [w + nf for w in _APPROX]
        if not any(occurs(a, ev) for a in approx) or any(occurs(a, body) for a in approx):
            continue
        rest = ev
        for a in approx:
            rest = rest.replace(a, " ")
        if not occurs(nf, rest):
            out[f] = next(w for w in _APPROX if occurs(w + nf, ev))
    return out


# the small model counts anything in 個 or つ for a いくつ question (「部署は6個」, 「橋が1,067つ」); the passages
# count in their own word (「6 部署」) or with none (「橋：1,067」)
_GENERIC_COUNT = re.compile(r"(?<![\d.,])(\d[\d,]*)\s*(個|つ)")
_NOT_A_COUNTER = frozenset("年月日時分秒")


# a kanji of the answer, with the text around it that must stand in a passage for it to be read as a
# miswritten form of that passage's kanji (at least SCRIPT_CONTEXT characters on the two sides together)
_KANJI = re.compile(r"[一-龥]")
SCRIPT_CONTEXT = 4
_SCRIPT_BREAK = re.compile(r"[「」『』（）()、。，,：:]")


def as_written_chars(answer: str, evidence: Sequence[str]) -> list[tuple[str, str]]:
    """(kanji in the answer, the passages' kanji) for each kanji that no passage has where the text around
    it, with that one character replaced, stands in a passage with one and the same other kanji: the model
    sometimes writes a simplified-Chinese form (「国际社会で通用する」 for the passage's 「国際社会で通用する」,
    holdout30 h30q22, blind; 灾 for 災) or a kanji of like shape (駅 for 駐). Up to three characters either
    side are matched (six on one side when the other ends at a bracket or punctuation mark), at least
    SCRIPT_CONTEXT in all, citations and spaces aside."""
    body = re.sub(r"\s+", "", strip_citations(answer))
    # spaces and line breaks aside, as PDF text spaces words and breaks a figure's labels into lines
    text = "\n".join(re.sub(r"\s+", "", e) for e in evidence)
    pairs: list[tuple[str, str]] = []
    for m in _KANJI.finditer(body):
        ch = m.group()
        if ch in text or any(p[0] == ch for p in pairs):
            continue
        # the context ends at a bracket or punctuation, which the answer adds around what it copies
        # (「「駅車場 AED 避難所…」が出る」 for the passage's 「駐車場 AED 避難所…」: holdout48 h48q09, blind); a short
        # side leaves its characters to the other
        left = _SCRIPT_BREAK.split(body[max(0, m.start() - 3):m.start()])[-1]
        right = _SCRIPT_BREAK.split(body[m.end():m.end() + 6 - len(left)])[0]
        if len(left) + len(right) < SCRIPT_CONTEXT:
            continue
        found = {x.group(1) for x in re.finditer(re.escape(left) + r"([一-龥])" + re.escape(right), text)}
        if len(found) == 1:
            pairs.append((ch, found.pop()))
    return pairs


# a full date the answer writes: 「2023年3月14日」, 「令和5年3月14日」
_FISCAL_YEAR = re.compile(r"(?:(?:19|20)\d{2}|(?:令和|平成|昭和)\s*(?:\d{1,2}|元))\s*年度")
_FULL_DATE = re.compile(r"((?:19|20)\d{2}|(?:令和|平成|昭和)\s*(?:\d{1,2}|元))\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def year_added_dates(answer: str, evidence: Sequence[str]) -> list[tuple[str, str]]:
    """(the date as the answer writes it, the month and day alone) for each full date of the answer whose
    year no passage names in any form (a fiscal year 「令和5年度」 names none: its March is in the next year)
    while its month and day stand in one (「3/14開催」, 「3月14日」): the model adds a year the passages do not
    give (holdout80 h80q06, blind: 「2023年3月14日」 for 「(3/14開催 DX推進課職員対象)」, twice, and declined; in
    令和5年度 the 14th of March was in 2024). Empty when nothing is to change."""
    ev = norm("\n".join(evidence))
    named = years(_FISCAL_YEAR.sub(" ", expand_era_letters(ev)))  # a fiscal year runs into the next year
    out: list[tuple[str, str]] = []
    for m in _FULL_DATE.finditer(norm(strip_citations(answer))):
        year = years(m.group(1) + "年")
        month, day = int(m.group(2)), int(m.group(3))
        if not year or year & named:
            continue
        if re.search(rf"(?<![\d/.]){month}\s*(?:/\s*{day}(?![\d/])|月\s*{day}\s*日)", ev):
            out.append((m.group(0), f"{month}月{day}日"))
    return out


def counted_as_written(answer: str, question: str, evidence: Sequence[str]) -> list[tuple[str, str]]:
    """For a いくつ question, (as the answer writes a count, as the passages write it) for each 「N個」/
    「Nつ」 of the answer that the passages count otherwise: with the counter that follows N there
    (「6 部署」 gives 「6部署」), else with none when つ follows a number above nine (「1,067つ」 gives
    「1,067」: つ counts to nine). Empty when nothing is to change."""
    if not _ASKED_COUNT.search(norm(question)):
        return []
    ev = norm("\n".join(evidence))
    out: list[tuple[str, str]] = []
    for m in _GENERIC_COUNT.finditer(answer):
        n = m.group(1).replace(",", "")
        after = [x.group(1) for x in re.finditer(r"(?<![\d.])" + n + r"(?![\d.])(.?.?)", ev)]
        if any(a[:1] in ("個", "つ") for a in after):
            continue  # the passages count in 個/つ themselves
        counter = next((k.group(0) for a in after if (k := re.match(r"[一-龥]{1,2}", a))
                        and k.group(0)[0] not in _NOT_A_COUNTER), None)
        if counter:
            out.append((m.group(0), m.group(1) + counter))
        elif m.group(2) == "つ" and int(n) > 9:
            out.append((m.group(0), m.group(1)))
    return out


# 何桁 asks a count of digits (not one of the checks' counters: their readings are left as they are)
_ASKED_DIGITS = re.compile(r"何(桁)")


# the counter a 何<counter> question asks (「何席ありますか」 → 席, 「何件ですか」 → 件), and the unit the passages write
# right after a number (「計 71 か所」 → か所, 「39,000ダウンロード」 → ダウンロード)
# the counter a 何… question asks, before a particle or copula, or one kanji before a verbal noun and its する
# (「何台利用されていますか」, 「何人参加した」)
_ASKED_ANY_COUNTER = re.compile(r"何\s*(か所|ヶ所|カ所|箇所|[一-龥ァ-ヴー]{1,3}?)(?=あり|ある|です|でし|くらい|ぐらい|程度|ほど|か|に|を|が|は|で|[?？])"
                                r"|何\s*([一-龥])(?=[一-龥]{2}(?:され|させ|し|す|でき))")
_UNIT_AFTER = re.compile(r"[ 　]*(か所|ヶ所|カ所|箇所|[一-龥ァ-ヴーA-Za-z%]+)")  # not across a cell or line
# words after 何 that ask no count (何年度 and 何割 are dates and shares, read by their own checks)
_NOT_COUNTED = frozenset({"年", "年度", "月", "日", "時", "割", "分野", "社会"})


def counted_otherwise(answer: str, question: str, evidence: Sequence[str]) -> str | None:
    """The answer's 「N<counter>」 for the counter the question asks (何席, 何件), when the passages write N only
    with another unit after it: 「71席」 over 「計 71 か所にフリーWi-Fi スポット」 (holdout73 h73u03, blind), 「39,000件」
    over 「39,000ダウンロード突破」 (holdout74 h74u02, blind), both questions the documents do not answer. A
    number the passages write bare (a table cell: 「無回答\t2」 for 「2件」), with the asked counter or one that
    counts alike (人/名) is not counted otherwise. None when the question asks no such count or the answer
    gives none."""
    m = _ASKED_ANY_COUNTER.search(norm(question))
    counter = (m.group(1) or m.group(2)) if m else None
    if not counter or counter in _NOT_COUNTED:
        return None
    same = next((x for x in _SAME_COUNTER if counter in x), {counter})
    ev = norm_keep_space("\n".join(evidence))  # a table's cells stay apart: 「無回答\t2\t0.3%」 writes 2 bare
    for f in re.finditer(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)" + re.escape(counter), norm(strip_citations(answer))):
        n = f.group(1).replace(",", "")
        units = [u.group(1) if (u := _UNIT_AFTER.match(ev, x.end())) else ""
                 for x in re.finditer(r"(?<![\d.,])" + re.escape(n) + r"(?![\d.,])", ev.replace(",", ""))]
        if units and all(u and not any(u.startswith(c) for c in same) for u in units):
            return f.group(0)
    return None


# a question for the share of a group: 「…オンライン申請をしたことがある人の割合は何%」, 「共働き世帯が全世帯に占める
# 割合」, 「…と回答した人は何%」 (normalised text)
_SHARE_ASKED = re.compile(r"(?:の|が[^、。]{0,12}に占める)割合|は何(?:%|パーセント)")
_GROUP_WORD = re.compile(r"[一-龥々]{2,}|[ァ-ヴー]{2,}|[a-z]{2,}")
_SHARE_BEFORE = 40  # characters of its sentence before a share that say whose share it is
_SHARE_AFTER = 12  # and of its clause after it


def share_of_another(answer: str, question: str, evidence: Sequence[str]) -> str | None:
    """The answer's percentage when each prose line of the passages that writes it says, around it
    (`_share_words`), fewer than half the words of the group the question asks the share of
    (the words after the question's last comma before 「の割合」, 「が…に占める割合」 or 「は何%」): 「共働き世帯が
    全世帯に占める割合」 over 「…子をもつ核家族が全体の30%を占めている」 (holdout92 h92u07, blind), 「マイナンバー
    カードを使ってオンライン申請をしたことがある人の割合」 over 「…市役所の窓口で手続きをしたいと回答した方は 27%」
    (holdout89 h89u02, blind), both questions the documents do not answer. A figure that also stands in a table
    row is left to the table checks (its row and column name the group, not the words before it). None when the
    question asks no share, the answer gives none, or a line names the group."""
    q = norm(question)
    m = _SHARE_ASKED.search(q)
    group = set(_GROUP_WORD.findall(re.split(r"[、,]", q[:m.start()])[-1])) if m else set()
    if not group:
        return None
    lines = [(norm(line), "\t" in line) for e in evidence for line in e.split("\n")]  # (normalised, a table row)
    for f in re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)%", norm(strip_citations(answer))):
        figure = re.compile(r"(?<![\d.])" + re.escape(f.group(1)) + "%")
        places = [(line, row, k.start()) for line, row in lines for k in figure.finditer(line)]
        if not places or any(row for _, row, _ in places):
            continue
        if all(2 * sum(w in _share_words(line, k, k + len(f.group())) for w in group) < len(group)
               for line, _, k in places):
            return f.group()
    return None


def _share_words(line: str, start: int, end: int) -> str:
    """The words of `line` that may say whose share the figure at [start, end) is: up to `_SHARE_BEFORE` characters
    of its sentence before it, and up to `_SHARE_AFTER` of its clause after it (「約52%だった生産年齢人口割合が」)."""
    return line[max(0, start - _SHARE_BEFORE):start].split("。")[-1] + re.split(r"[、。]", line[end:end + _SHARE_AFTER])[0]


def bare_count_written(answer: str, question: str, evidence: Sequence[str]) -> tuple[str, str] | None:
    """(the answer's number, the number with its counter) when the answer is a bare number (「12[1]」), the
    question asks 何<counter> (何桁) and the passages write that number with that counter (「12桁」): the
    count is then shown as the passages write it (holdout24 h24q14, blind: 「12」 for マイナンバーの桁数).
    None otherwise; the number is never changed."""
    m = _ASKED_COUNTER.search(norm(question)) or _ASKED_DIGITS.search(norm(question))
    body = norm(strip_citations(answer)).strip().rstrip("。").strip()
    if not m or not re.fullmatch(r"\d[\d,]*(?:\.\d+)?", body):
        return None
    counter = m.group(1)
    if re.search(r"(?<![\d.,])" + re.escape(body) + r"\s*" + re.escape(counter), norm("\n".join(evidence))):
        return body, body + counter
    return None


def with_approximations(answer: str, words: Mapping[str, str]) -> str:
    """`answer` with each figure's approximation word (`words`: figure → 約, およそ, 概ね…, as
    `approximations` reads it in the evidence) written before the figure's first bare occurrence."""
    for f, word in words.items():
        m = re.search(r"(?<![\d.,])" + re.escape(f), answer)
        if m:
            answer = answer[:m.start()] + word + answer[m.start():]
    return answer


# a table's unit stated once for its cells: 「(単位：千円)」, 「単位:人」 (normalised: no spaces)
_DECLARED_UNIT = re.compile(r"単位[:：]?(" + _UNITS + ")")


# a column's unit in its header cell: 「予算額（千円）」, 「人口 (人)」, 「割合（%）」, 「延長(km)」 (amounts, counts and
# lengths only: a 「時期（年度）」 column holds no figure of a year)
_COLUMN_UNIT = re.compile(r"[(（]\s*(千円|万円|億円|百万円|円|%|％|人|名|件|回|台|基|倍|割|km|キロ|mm)\s*[)）]\s*$")


def column_unit(label: str) -> str | None:
    """The unit a table's header cell gives its column (「予算額（千円）」 → "千円"), else None."""
    m = _COLUMN_UNIT.search(label.strip())
    return norm(m.group(1)) if m else None


def declared_units(passage: str) -> set[str]:
    """The units a passage declares for its bare figures: a caption (「(単位：千円)」 → {"千円"}) or a
    header cell of a tab-separated table (「予算額（千円）」 → {"千円"})."""
    units = {m.group(1) for m in _DECLARED_UNIT.finditer(norm(passage))}
    return units | {u for line in passage.splitlines() if "\t" in line
                    for cell in line.split("\t") if (u := column_unit(cell))}


def number_in(number: str, cells: str, alone: bool = False) -> bool:
    """Whether `number` stands whole in `cells`; `alone`: with nothing after it in its cell (157,466, not the
    13.9 of 13.9%), as a declared unit requires."""
    tail = r"(?=\s|$)" if alone else r"(?![\d.])"
    return re.search(r"(?<![\d.])" + re.escape(number) + tail, cells) is not None


# the numbers that only number a list or a section: ①, (1), 「3. 監査の実施」, 第1, No.2 (read before NFKC,
# which turns ① into a bare 1)
_ENUMERATOR = re.compile(r"[\u2460-\u2473\u2776-\u277f\u24f5-\u24fe]|[(（]\s*[0-9０-９]{1,2}\s*[)）]"
                         r"|(?:^|(?<=\s))[0-9０-９]{1,2}\s*[.．](?![0-9０-９])|第\s*[0-9０-９]{1,2}|No\.?\s*[0-9]{1,2}",
                         re.MULTILINE)


def without_enumerators(text: str) -> str:
    """`text` with its list and section numbers (①, (1), 「3. 」, 第1) blanked: they count nothing, so a
    bare cell lookup must not find the 1 of 「① 情報セキュリティ…」 for 「年に1回」 or the 1 of 「(1) 令和5年度
    DX推進の取り組み」 for 「1人参加」 (holdout16 h16u05 and h16u03, both unanswerable). So are the cells of a
    table's index column (`_without_index_cells`)."""
    return _ENUMERATOR.sub(" ", _without_index_cells(text))


# the header cell of a table's index column: 「No.」, 「番号」
_INDEX_HEADER = re.compile(r"^\s*(?:No\.?|NO\.?|№|番号|項番|通番|#)\s*$")


def _without_index_cells(text: str) -> str:
    """`text` with the bare numbers of its tables' index columns blanked: a cell under a header cell 「No.」
    (the row 「4\tタブレット端末の活用推進 (デジタル推進課)\t…」 under 「No.\t具体的な取組…」) numbers the row and
    counts nothing (holdout67 h67u06, blind: 「4台」 passed as that cell with the asked 台). The header row may
    stand anywhere in `text`, as a passage's header is shown after it."""
    lines = text.split("\n")
    index = {k for line in lines if "\t" in line for k, cell in enumerate(line.split("\t")) if _INDEX_HEADER.match(cell)}
    if not index:
        return text
    return "\n".join("\t".join(" " if k in index and re.fullmatch(r"\s*[0-9０-９]{1,3}\s*", cell) else cell
                               for k, cell in enumerate(line.split("\t"))) if "\t" in line else line
                     for line in lines)


def _cells(text: str) -> str:
    # bare numbers are looked up with whitespace kept as a separator: table cells "1,996\t1,947" must
    # not read as one number 19961947; list and section numbers are not cells
    return with_era_variants(re.sub(r"\s+", " ", norm_keep_space(without_enumerators(text))))


def check(answer: str, evidence: Sequence[str], question: str = "") -> GroundingResult:
    """`question` (optional) lets a number carry the counter the question asks for (何人 → 1,947人)
    when the evidence gives the bare number in a table cell; the number itself must still occur. A
    passage that declares its unit (「(単位：千円)」) supports its bare cell 157,466 as 157,466千円 (the
    TYPE3 grant of holdout12 and holdout15, declined twice before).
    A fact the question itself states (its 令和2年, its 「市民アンケート」) is the question's premise,
    not a claim of the answer: it is not checked and not returned among the facts."""
    ev = with_era_variants(norm("\n".join(evidence)))
    cells = "\n".join(map(_cells, evidence))  # each passage's own header row says which column is an index
    # a passage that declares its unit (「(単位：千円)」) supports its bare figures with that unit
    per_unit = [(units, _cells(p)) for p in evidence if (units := declared_units(p))]
    counters = asked_counters(question)
    facts = new_facts(answer, question)
    bad = []
    for f in facts:
        nf = norm(f)
        # a figure after another in one cell (「1,691 49.9%」: a count and its share) is read with the space
        # kept, or it would stand inside 169149.9% (holdout18 h18q08, blind)
        if occurs(nf, ev) or occurs(nf, cells):
            continue
        # "300円" may be written "300 円" or as "1通300円"; both normalise alike. A number followed by
        # a unit we could not match exactly still passes if the bare number occurs next to the same unit
        # family elsewhere; otherwise it is unsupported.
        bare = re.match(r"\d[\d.]*", nf)
        if bare and (bare.group(0) == nf or nf[bare.end():] in counters) and number_in(bare.group(0), cells):
            continue
        # a declared unit supports a figure that stands bare in a cell (157,466 under 「(単位：千円)」), not
        # one written with its own unit (13.9% does not become 13.9千円, nor a 「割合 (%)」 column's figure)
        if bare and any(nf[bare.end():] in units and number_in(bare.group(0), c, alone=True) for units, c in per_unit):
            continue
        bad.append(f)
    return GroundingResult(supported=not bad, facts=tuple(facts), unsupported=tuple(bad))


# a choice question: the options it lists end at のうち, の中で, はどちら, と、どちら, それとも … (「ボーイングとマクドネル・
# ダグラス、エアバスのうち、どちらの航空機メーカー」, 「聖リオバ教会と聖エリーザベト教会堂はどちらが先に」)
_CHOICE_END = re.compile(r"(?:のうち|の中で|の中から|(?:では|は|の|で)\s*[、,]?\s*(?:どちら|どっち|いずれ)"
                         r"|と\s*[、,]?\s*(?:どちら|どっち)|[、,]\s*(?:どちら|どっち)|[、,]?\s*それとも)")
_CHOICE_SPLIT = re.compile(r"と|[、,]|及び|および|または|や")
# where a clause before the first option ends: 「吸盤の数が多いのはシャムコウイカと本種のどちら」
_CHOICE_LEAD = re.compile(r".*(?:のは|は|が|を|で|に|から|って)")
# an option is a name: no kana but katakana, bar the の inside it (「開拓時代の幌馬車」); a clause
# (「配備されているパソコンって」) or a figure's premise (「全2,593件のうち」 is one item) ends the list
_OPTION = re.compile(r"[^ぁ-ゖ](?:[^ぁ-ゖ]|の(?!$))*")
_OPTION_MAX = 30


def choice_options(question: str) -> tuple[str, list[str]]:
    """(the question's list of options as written, the options) when it asks to choose among two or more
    named options (`_CHOICE_END`), else ("", []). The options are the list's items, split at と, 、, や,
    および or または, from the last one back to the first, whose clause before it is cut off (「…多いのは
    シャムコウイカ」 → シャムコウイカ). The first end that closes a list of two counts: 「…チンパンジーのうち、
    オスとメスはどちらが長生き」 lists オス and メス."""
    q = unseparated(question)
    for m in _CHOICE_END.finditer(q):
        options = _listed_before(q[:m.start()])
        if len(options) >= 2:
            return q[q.index(options[0], 0, m.start()):m.start()], options
    return "", []


def _listed_before(head: str) -> list[str]:
    """The items of the list `head` ends with (see `choice_options`)."""
    options: list[str] = []
    start = len(head)
    for piece in [*reversed(list(_CHOICE_SPLIT.finditer(head))), None]:
        begin = piece.end() if piece is not None else 0
        item = head[begin:start]
        lead = _CHOICE_LEAD.match(item)
        if lead is not None:
            item = item[lead.end():]
        item = item.strip(" 、,「」『』\"'")
        if len(item) > _OPTION_MAX or not _OPTION.fullmatch(item):
            break
        options.insert(0, item)
        start = piece.start() if piece is not None else 0
        if lead is not None or piece is None:
            break
    return options


def without_options(question: str) -> str:
    """The question with the list of options it offers (`choice_options`) taken out: a date it lists
    (「1857年と1865年のうち、何年に…」) is what the answer chooses, not the question's premise."""
    listed, _ = choice_options(question)
    return unseparated(question).replace(listed, " ") if listed else question


def chosen_option(answer: str, question: str) -> str | None:
    """The one option of a choice question (`choice_options`) the answer names, the question's list itself
    aside when the answer repeats it (「Hainesとケネス・L・ジョンソンのうち、…のは、ケネス・L・ジョンソンです」);
    None when the question offers no choice or the answer names none or several. Naming an option the
    question lists is an answer, though every word of it is the question's (JaQuAD de-013-06-000,
    de-076-13-002: the right option was rejected as restating the question)."""
    listed, options = choice_options(question)
    if not options:
        return None
    body = unseparated(strip_citations(answer)).replace(listed, " ")
    named = [o for o in options if o in body and not any(o != p and o in p and p in body for p in options)]
    return named[0] if len(named) == 1 else None
