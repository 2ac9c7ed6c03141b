"""ADDRESS: a place where someone can be found: a street address with 丁目/番地/号 or lot numbers
(1-2-3), optionally with its prefecture, and a building and room that follow it. A bare city, town or
facility name is not an address. The postal code before it is reported separately (POSTAL_CODE).

How: find a number part (三丁目五番地, 1番1号, 1234番地5, 3-5-12, 北1条西2丁目) that starts a token,
walk left over place-like tokens (Sudachi 名詞-固有名詞-地名, 市区町村 suffixes, 大字/字) and start the address
at the leftmost place anchor; then take a following building name and room (コーポ山田203号室, ○○ビル4階).
Kanji numerals are accepted in the number part only before 丁目/番地/番/号, so 三鷹市 or 四日市 are not numbers.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult

from guardrails.recognizers.base import LANG, result
from guardrails.recognizers.postal_code import PREFECTURES
from guardrails.recognizers.tokens import Tok, TokenView

_KNUM = r"(?:[0-9]+|[〇一二三四五六七八九十百千]+)"
_MARK = r"(?:丁目|番地|番|号|条[東西南北]?|線|地割)"
NUMBER_PART = re.compile(
    rf"(?:{_KNUM}\s?{_MARK}(?:\s?(?:の|ノ)?\s?{_KNUM}\s?{_MARK}?)*(?:\s?-\s?[0-9]+)*"
    rf"|[1-9][0-9]{{0,4}}(?:\s?(?:-|の)\s?[0-9]{{1,5}}){{1,3}})"
    r"(?![0-9])"
)
_STRONG_MARK = re.compile(r"丁目|番地|[0-9〇一二三四五六七八九十]\s?番(?!地)|号|条")
ADMIN_SUFFIXES = ("都", "道", "府", "県", "市", "区", "町", "村", "郡")
_BUILDING_WORDS = ("ビル", "マンション", "ハイツ", "コーポ", "アパート", "荘", "レジデンス", "ハイム", "メゾン", "コート",
                   "パレス", "タワー", "団地", "住宅", "寮", "棟", "ヒルズ", "テラス", "ガーデン", "プラザ", "シティ",
                   "ハウス", "ホームズ", "ヴィラ", "ビレッジ", "キャッスル", "グランド", "レジデンシャル", "カーサ",
                   "ドミール", "パーク", "フラット", "ロイヤル", "サンハイツ", "アーバン", "エステート")
_BUILDING = re.compile(
    r"(?P<sp>[ 　]?)(?P<name>[\p{Katakana}\p{Han}A-Za-zー・ヶ々がのノ]{1,20})"
    r"(?:[ 　]?(?P<room>[A-Za-z]?[0-9]{1,4}(?:-[0-9]{1,4})?\s?"
    r"(?:(?:号棟|棟)\s?[0-9]{1,4}\s?(?:号室|号)?|号室|号|階|F|室)?))?"
)
_ROOM_ONLY = re.compile(r"[ 　]?(?:-|の)?[0-9]{1,4}\s?(?:号室|階|F|室)")
ANCHOR_WORDS = ("大字", "字", "小字")
STOP_WORDS = ("住所", "現住所", "所在地", "自宅", "本籍", "本籍地", "宛先", "送付先", "居所", "住居", "在住", "連絡先",
              "勤務先", "会場", "場所", "送り先", "届け先", "発送先", "転居先", "転出先", "転入先", "旧住所", "新住所",
              "実家", "第", "資料", "議案", "別紙", "別表", "条例", "規則", "様式")


def _placeish(t: Tok) -> bool:
    if t.text in STOP_WORDS:
        return False
    if t.is_place or t.text in ANCHOR_WORDS:
        return True
    if t.tag.startswith(("名詞-普通名詞", "名詞-固有名詞", "接尾辞-名詞的")) and re.fullmatch(r"[\p{Han}\p{Katakana}ヶケ々ノー]+", t.text):
        return True
    return False


def _anchor(t: Tok) -> bool:
    return t.is_place or t.text in ANCHOR_WORDS or (t.kanji and t.text.endswith(ADMIN_SUFFIXES) and len(t.text) >= 2) \
        or t.text in PREFECTURES


class AddressRecognizer(EntityRecognizer):
    ENTITY = "ADDRESS"
    CONTEXT = ()

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=self.__class__.__name__, supported_language=LANG)

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            raise RuntimeError("ADDRESS recognizer needs the ja_ginza tokens (no NLP artifacts given)")
        view = TokenView.from_artifacts(nlp_artifacts)
        out: list[RecognizerResult] = []
        covered_until = -1
        pos = 0
        while True:
            m = NUMBER_PART.search(text, pos)
            if m is None:
                break
            pos = m.end() if m.end() > m.start() else m.start() + 1
            if m.start() < covered_until or m.start() not in view.by_start:
                continue
            found = self._address_at(text, view, m)
            if found is None:
                continue
            start, end, score = found
            out.append(result(self.ENTITY, start, end, score, self))
            covered_until = end
            pos = max(pos, end)
        return out

    def _address_at(self, text: str, view: TokenView, m: re.Match) -> tuple[int, int, float] | None:
        first = view.by_start[m.start()]
        t = view.prev(first)
        if t is not None and t.is_space and len(t.text) == 1:
            t = view.prev(t)
        run: list[Tok] = []
        while t is not None and len(run) < 8:
            if t.is_space and len(t.text) == 1 and run:
                p = view.prev(t)
                if p is not None and _placeish(p) and _anchor(p):
                    t = p
                    continue
                break
            if not _placeish(t):
                break
            run.insert(0, t)
            t = view.prev(t)
        if not run:
            return None
        # an anchor: a place-tagged token, or a token right before a 市/区/町/村/郡 that Sudachi split off
        # (唐津 | 市二 | 夕子 for 唐津市二夕子)
        anchors = [i for i, tok in enumerate(run) if _anchor(tok) or (
            tok.kanji and i + 1 < len(run) and run[i + 1].text[:1] in ("市", "区", "町", "村", "郡") and len(tok.text) >= 2)]
        number = m.group()
        strong = bool(_STRONG_MARK.search(number))
        if anchors:
            start_tok = run[anchors[0]]
            score = 0.9 if (strong or "-" in number or "の" in number) else 0.6
        elif strong and re.search(r"丁目|番地", number) and len(run) <= 3:
            start_tok = run[0]
            score = 0.7
        else:
            return None
        if not ("-" in number or "の" in number or strong):
            return None
        # the place words must end right before the number part (a single space allowed)
        start = start_tok.start
        # a prefecture written separately before the municipality (佐賀県 佐賀市 ...)
        p = view.prev(start_tok)
        if p is not None and p.is_space and len(p.text) == 1:
            pp = view.prev(p)
            if pp is not None and pp.text in PREFECTURES:
                start = pp.start
        end = m.end()
        end = self._extend_building(text, end)
        return start, end, score

    @staticmethod
    def _extend_building(text: str, end: int) -> int:
        r = _ROOM_ONLY.match(text, end)
        if r:
            return r.end()
        b = _BUILDING.match(text, end)
        if b:
            name = b.group("name")
            room = b.group("room") or ""
            if any(w in name for w in _BUILDING_WORDS) or room.endswith("号室"):
                if not b.group("sp") or room or any(w in name for w in _BUILDING_WORDS):
                    return b.end() if room else b.end("name")
        return end
