"""PERSON: personal names (kanji, kana, katakana, foreign names), reported without honorifics.

Evidence, strongest first:
  1. minutes speaker lines: ○議長（山田太郎君） -> 山田太郎
  2. a label before the name: 氏名：山田 太郎, フリガナ：ヤマダ タロウ, 担当は鈴木, 相談者 佐藤
  3. an honorific or personal title after it: 山田様, 佐藤さん, 田中氏, 鈴木君, ジョン・スミス様, 宮崎課長
  4. Sudachi person-name tags (名詞-固有名詞-人名-姓/名/一般) on their own: 山田太郎, 高橋
  5. katakana full names joined by ・ (グエン・ヴァン・ナム), a katakana reading in brackets after a name
Not names: a name-tagged token glued to an organisation or place suffix (山田建設, 佐藤病院, 中村地区),
municipalities before 様 (佐賀市様), common nouns before さん (患者さん, 皆様, お客様).
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult

from guardrails.recognizers.base import LANG, result
from guardrails.recognizers.tokens import Tok, TokenView

HONORIFICS = ("さま", "様", "さん", "氏", "君", "くん", "ちゃん", "殿", "先生", "どの")
PERSONAL_TITLES = (
    "議員", "委員長", "副委員長", "委員", "議長", "副議長", "部長", "課長補佐", "課長", "係長", "主査", "主事", "主任",
    "室長", "所長", "園長", "校長", "教頭", "教諭", "局長", "次長", "参事", "主幹", "技師", "保健師", "看護師", "医師",
    "弁護士", "司法書士", "税理士", "行政書士", "社会福祉士", "社長", "会長", "理事長", "院長", "相談員", "支援員",
    "指導員", "民生委員", "専門員", "調査員", "記者", "監督", "選手", "博士", "教授", "准教授", "自治会長", "班長",
    "代表取締役", "本人", "容疑者", "被告", "夫人", "女史", "師",
)
JURISDICTION_TITLES = ("市長", "町長", "村長", "知事", "副市長", "副町長", "副村長", "副知事", "区長", "教育長", "代表")
_ANCHORS = sorted(HONORIFICS + PERSONAL_TITLES + JURISDICTION_TITLES, key=len, reverse=True)
_ANCHOR_RE = re.compile("|".join(re.escape(a) for a in _ANCHORS))

STRONG_LABELS = ("氏名", "お名前", "名前", "フリガナ", "ふりがな", "カナ氏名", "氏名カナ", "口座名義人", "口座名義",
                 "名義人", "名義", "宛名", "児童氏名", "児童名", "患者氏名", "患者名", "ご氏名", "御氏名")
WEAK_LABELS = ("申請者", "相談者", "届出人", "世帯主", "担当者", "担当", "記入者", "代理人", "利用者", "対象者",
               "被保険者", "受給者", "契約者", "差出人", "送信者", "保護者", "配偶者", "申出人", "依頼者", "通報者",
               "相手方", "発言者", "質問者", "回答者", "作成者", "起案者", "入居者", "来庁者", "来所者", "同居人",
               "長男", "長女", "次男", "次女", "三男", "三女", "妻", "夫", "父", "母", "祖父", "祖母", "孫", "兄", "姉",
               "弟", "妹", "義母", "義父", "子", "息子", "娘", "本人", "患者", "児童", "生徒", "対応者", "受付者",
               "面談者", "訪問者", "家族", "親族", "知人", "友人", "後見人", "連絡者", "From", "差出", "署名", "宛先",
               "CC", "Cc", "発信者", "報告者", "確認者", "承認者", "決裁者", "出席者", "欠席者", "参加者", "講師")
_LABEL_RE = re.compile(
    r"(?P<label>" + "|".join(re.escape(w) for w in sorted(STRONG_LABELS + WEAK_LABELS, key=len, reverse=True))
    + r")(?:[（(][^）)\n]{1,8}[）)])?\s?(?:[:：]\s?|は\s?|が\s?|の\s?|\s)?"
)
MINUTES_RE = re.compile(
    r"(?<=[○◯〇◎●]\s?[^\s()（）。、\n]{1,14}?[(（])(?P<name>[^\s()（）○◯、。\n0-9]{1,8}?(?:\s[^\s()（）、。\n0-9]{1,6}?)?)"
    r"(?=\s?(?:君|くん|さん|氏|議員|委員|様)?[)）])"
)
READING_RE = re.compile(r"\s?[(（]\s?(?P<r>[\p{Katakana}ー・=]+(?:[\s　][\p{Katakana}ー・=]+)?|[\p{Hiragana}ー]+(?:\s[\p{Hiragana}ー]+)?)\s?[)）]")
KATA_CHAIN_RE = re.compile(r"(?<![\p{Katakana}ー])[\p{Katakana}][\p{Katakana}ー]+(?:[・=][\p{Katakana}][\p{Katakana}ー]+)+(?![\p{Katakana}ー])")

# after a name-tagged token: it is part of an organisation, facility or place name
ORG_SUFFIXES = (
    "病院", "医院", "クリニック", "歯科", "建設", "工業", "工務店", "商店", "商事", "産業", "興業", "物産", "株式会社", "有限会社",
    "合同会社", "銀行", "信用金庫", "小学校", "中学校", "高校", "高等学校", "大学", "学園", "幼稚園", "保育園", "保育所",
    "こども園", "公民館", "会館", "センター", "地区", "自治会", "町内会", "町", "村", "市", "区", "郡", "県", "駅", "線",
    "川", "橋", "通り", "公園", "神社", "寺", "院", "堂", "館", "店", "屋", "組", "事務所", "財団", "協会", "組合",
    "農協", "ビル", "荘", "団地", "運輸", "電機", "製作所", "不動産", "薬局", "整骨院", "接骨院", "塾", "教室", "賞",
    "家住宅", "城", "港", "湾", "山", "島", "峠", "池", "沼", "湖", "線路", "街道", "町長", "村長", "市長", "方式",
    "式", "法", "説", "派", "流", "号", "丸", "ホール", "ホテル", "旅館", "牧場", "農園", "研究所", "出版", "書店",
)
ORG_PREFIXES = ("株式会社", "有限会社", "合同会社", "(株)", "(有)", "社会福祉法人", "医療法人", "学校法人", "一般社団法人",
                "公益財団法人", "NPO法人", "特定非営利活動法人")
# single characters / words that take honorifics but are not names
COMMON_BEFORE_HONORIFIC = {
    "皆", "客", "奥", "娘", "父", "母", "兄", "姉", "弟", "妹", "子", "孫", "嫁", "婿", "神", "王", "姫", "方", "各", "貴",
    "当", "先", "彼", "僕", "私", "隣", "親", "夫", "妻", "主", "様", "殿", "仏", "坊", "お", "ご", "御", "同", "前", "新",
    "旧", "元", "両", "諸", "某", "者", "人", "員", "長", "課", "係", "部", "局", "室", "所", "班",
}
KATAKANA_NOT_NAMES = {
    "オーナー", "スタッフ", "ヘルパー", "ケアマネ", "ケアマネジャー", "ケアマネージャー", "ドライバー", "ママ", "パパ", "シェフ",
    "マスター", "ケースワーカー", "ユーザー", "ゲスト", "メンバー", "リーダー", "マネージャー", "マネジャー", "サポーター",
    "ボランティア", "コーディネーター", "カウンセラー", "ワーカー", "ドクター", "ナース", "パート", "アルバイト", "ホスト",
    "オペレーター", "トレーナー", "インストラクター", "コーチ", "キャプテン", "ファン", "お客", "クライアント", "パートナー",
}
KATAKANA_CHAIN_STOP = {
    "サービス", "センター", "システム", "ワーク", "ライフ", "バランス", "ケア", "プラン", "ネット", "ポータル", "マイナ", "カード",
    "デザイン", "ユニバーサル", "コミュニティ", "スクール", "ステーション", "サポート", "プラザ", "ホール", "ルーム", "オフィス",
    "ビジネス", "マネジメント", "ガイド", "ブック", "データ", "デジタル", "オンライン", "ソーシャル", "メディア", "ニュース",
    "イベント", "フェスティバル", "マーケット", "ショップ", "ストア", "カフェ", "レストラン", "ホテル", "クリニック", "ハウス",
    "ホーム", "ファミリー", "ヘルス", "スポーツ", "クラブ", "チーム", "リーグ", "グループ", "ネットワーク", "プロジェクト",
    "プログラム", "セミナー", "フォーラム", "シンポジウム", "ワークショップ", "コンテスト", "アート", "ミュージアム",
    "ライブラリ", "パーク", "ガーデン", "ランド", "シティ", "タウン", "ビル", "タワー", "マンション", "ハイツ", "コーポ",
    "アパート", "メール", "アドレス", "パスワード", "ログイン", "アカウント", "ファイル", "フォルダ", "ソフト", "アプリ",
    "ウェブ", "サイト", "ページ", "リンク", "チェック", "リスト", "シート", "フォーム", "テスト", "モデル", "エリア", "ゾーン",
    "ポイント", "キャンペーン", "フェア", "セール", "コース", "レベル", "タイプ", "サイズ", "カラー", "スタイル", "ルール",
    "マニュアル", "ガイドライン", "ポリシー", "セキュリティ", "リスク", "コスト", "スケジュール", "タスク", "フロー",
    "バス", "タクシー", "レンタル", "シェア", "サイクル", "エネルギー", "ゼロ", "カーボン", "ニュートラル", "ダイバーシティ",
    "インクルージョン", "ノーマライゼーション", "バリア", "フリー", "ユニット", "ケース", "スタディ", "ワン", "ストップ",
}
NAME_RUN_MAX_TOKENS = 5


ERAS = ("明治", "大正", "昭和", "平成", "令和")
_ASCII_NAME_RE = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?=\s?(?:様|さん|氏|先生|殿)(?![\p{Han}]))")
_LIST_RE = re.compile(r"(?<![\p{Han}])[\p{Han}々]{2,5}(?:[・、][\p{Han}々]{2,5}){2,}(?![\p{Han}々])")
_BOUNDARY_TAGS = ("助詞", "補助記号", "助動詞", "空白", "接尾辞-名詞的-一般")


def _script(t: Tok) -> str:
    if t.katakana:
        return "kata"
    if t.hiragana:
        return "hira"
    if t.kanji:
        return "kanji"
    return "other"


def _name_piece(t: Tok, *, allow_place: bool, allow_kanji1: bool, allow_hira: bool, oov=frozenset()) -> bool:
    """Can this token be part of a name run?"""
    if t.is_name and (t.kanji or t.katakana or t.hiragana):
        return True
    if t.katakana and len(t.text) >= 2 and t.text not in KATAKANA_NOT_NAMES and t.is_noun:
        return True
    if allow_place and t.is_place and t.kanji and not t.text.endswith(("市", "区", "町", "村", "郡", "県", "都", "府", "道")):
        return True
    if allow_kanji1 and t.kanji and len(t.text) == 1 and t.text not in COMMON_BEFORE_HONORIFIC and t.is_noun:
        return True
    if allow_hira and t.hiragana and len(t.text) >= 2:
        return True
    return False


def _is_connector(t: Tok) -> bool:
    return t.text in ("・", "=") or (t.is_space and len(t.text) == 1)


def _collect_backward(view: TokenView, end_tok: Tok, *, allow_hira: bool) -> list[Tok]:
    """Name tokens ending at `end_tok`, walking left; one script per run (katakana or kanji)."""
    run: list[Tok] = []
    script = None
    t: Tok | None = end_tok
    while t is not None and len(run) < NAME_RUN_MAX_TOKENS:
        if _is_connector(t):
            p = view.prev(t)
            if run and p is not None and not _is_connector(p) and _script(p) == script and \
                    _name_piece(p, allow_place=True, allow_kanji1=True, allow_hira=False) and \
                    (t.text != "・" or script == "kata"):
                run.insert(0, t)
                t = p
                continue
            break
        if script is not None and _script(t) != script:
            break
        single_ok = not run or (len(run) <= 2 and all(r.kanji and len(r.text) <= 2 for r in run if not _is_connector(r)))
        if _name_piece(t, allow_place=True, allow_kanji1=single_ok, allow_hira=allow_hira and not run):
            run.insert(0, t)
            script = _script(t)
            t = view.prev(t)
            continue
        break
    while run and _is_connector(run[0]):
        run.pop(0)
    return run


def _collect_forward(view: TokenView, start_tok: Tok, *, strong: bool) -> list[Tok]:
    """Name tokens starting at `start_tok`, walking right; one script per run."""
    run: list[Tok] = []
    script = None
    t: Tok | None = start_tok
    while t is not None and len(run) < NAME_RUN_MAX_TOKENS:
        if _is_connector(t):
            n = view.next(t)
            if run and n is not None and _script(n) == script and \
                    _name_piece(n, allow_place=True, allow_kanji1=True, allow_hira=strong and script == "hira"):
                run.append(t)
                t = n
                continue
            break
        if script is not None and _script(t) != script:
            break
        if _name_piece(t, allow_place=True, allow_kanji1=True, allow_hira=strong and script in (None, "hira")) or \
                (strong and t.kanji and len(t.text) <= 3 and t.is_noun and len(run) < 3):
            run.append(t)
            script = _script(t)
            t = view.next(t)
            continue
        break
    while run and _is_connector(run[-1]):
        run.pop()
    return run


def _is_boundary(t: Tok | None) -> bool:
    return t is None or t.tag.startswith(_BOUNDARY_TAGS) or t.text in HONORIFICS or t.text in ("\n",)


def _glued_to_org(text: str, end: int) -> bool:
    tail = text[end:end + 6]
    return any(tail.startswith(s) for s in ORG_SUFFIXES)


def _after_org_prefix(text: str, start: int) -> bool:
    head = text[max(0, start - 12):start].rstrip()
    return any(head.endswith(p) for p in ORG_PREFIXES)


class PersonRecognizer(EntityRecognizer):
    ENTITY = "PERSON"
    CONTEXT = ()  # label words are handled by the label rule below, not by numeric label competition

    def __init__(self, use_ner: bool = False) -> None:
        self.use_ner = use_ner
        super().__init__(supported_entities=[self.ENTITY], name=self.__class__.__name__, supported_language=LANG)

    def load(self) -> None:  # nothing to load: the spaCy pipeline belongs to the NLP engine
        pass

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            raise RuntimeError("PERSON recognizer needs the ja_ginza tokens (no NLP artifacts given)")
        view = TokenView.from_artifacts(nlp_artifacts)
        found: dict[tuple[int, int], float] = {}

        def add(start: int, end: int, score: float) -> None:
            while start < end and text[start] in " ・=":
                start += 1
            while end > start and text[end - 1] in " ・=":
                end -= 1
            if end - start < 1 or not re.search(r"[\p{Han}\p{Katakana}\p{Hiragana}A-Za-z]", text[start:end]):
                return
            if found.get((start, end), 0) < score:
                found[(start, end)] = score

        self._minutes(text, add)
        self._labels(text, view, add)
        self._honorifics(text, view, add)
        self._tagged_runs(text, view, add)
        self._katakana_chains(text, view, add)
        if self.use_ner:
            for ent in nlp_artifacts.entities:
                if ent.label_ == "Person" and not _glued_to_org(text, ent.end_char):
                    add(ent.start_char, ent.end_char, 0.7)
        for (s, e), sc in list(found.items()):  # a reading in brackets right after a name is the name too
            m = READING_RE.match(text, e)
            if m and sc >= 0.5:
                add(m.start("r"), m.end("r"), max(sc, 0.85))
        return [result(self.ENTITY, s, e, sc, self) for (s, e), sc in sorted(found.items())]

    # -- rules ---------------------------------------------------------------------------------------
    def _minutes(self, text: str, add) -> None:
        for m in MINUTES_RE.finditer(text):
            name = m.group("name")
            if re.search(r"[\p{Han}\p{Katakana}]", name) and not name.endswith(tuple(PERSONAL_TITLES)):
                add(m.start("name"), m.end("name"), 0.95)

    def _labels(self, text: str, view: TokenView, add) -> None:
        for m in _LABEL_RE.finditer(text):
            label = m.group("label")
            pos = m.end()
            if m.start() > 0 and re.match(r"[\p{Han}]", text[m.start() - 1]) and label in ("夫", "妻", "父", "母", "子", "孫", "兄", "姉", "弟", "妹", "娘"):
                continue  # part of a longer word (農夫, 祖母 ...)
            tok = view.by_start.get(pos)
            lab_tok = view.by_start.get(m.start())
            if tok is None or lab_tok is None:
                continue
            strong = label in STRONG_LABELS
            run = _collect_forward(view, tok, strong=strong)
            if not run:
                continue
            start, end = run[0].start, run[-1].end
            if _glued_to_org(text, end) and not strong:
                continue
            has_name = any(t.is_name or t.katakana for t in run)
            if strong:
                add(start, end, 0.9)
            elif has_name:
                add(start, end, 0.85)

    def _honorifics(self, text: str, view: TokenView, add) -> None:
        for m in _ANCHOR_RE.finditer(text):
            anchor = m.group()
            if m.start() == 0:
                continue
            end_tok = view.by_start.get(m.start())
            if end_tok is None:  # the anchor must start a token (様式, 氏名, 委員会 are other words)
                continue
            if m.end() not in view.by_end:
                continue  # the anchor runs into a longer word (委員会, 様式, 氏名)
            prev = view.prev(end_tok)
            if prev is None:
                continue
            if prev.is_space and len(prev.text) == 1 and anchor in HONORIFICS:
                prev = view.prev(prev)
                if prev is None:
                    continue
            run = _collect_backward(view, prev, allow_hira=anchor in ("ちゃん", "くん"))
            if not run:
                continue
            has_tagged = any(t.is_name for t in run)
            has_kata = any(t.katakana and len(t.text) >= 2 for t in run)
            if anchor in JURISDICTION_TITLES and not has_tagged:
                continue
            start, end = run[0].start, run[-1].end
            if _after_org_prefix(text, start):
                continue
            if not has_tagged and not has_kata and anchor not in HONORIFICS and not any(t.is_place for t in run) \
                    and not (len(run) == 1 and len(run[0].text) == 1):
                continue
            add(start, end, 0.9)

    def _tagged_runs(self, text: str, view: TokenView, add) -> None:
        toks = view.toks
        i = 0
        while i < len(toks):
            t = toks[i]
            if not t.is_name:
                i += 1
                continue
            j = i
            # extend over further name tokens, a single space between surname and given name, ・ in katakana names
            while j + 1 < len(toks):
                n = toks[j + 1]
                if n.is_name:
                    j += 1
                    continue
                if _is_connector(n) and j + 2 < len(toks) and len(n.text) == 1:
                    nn = toks[j + 2]
                    if nn.is_name or (n.text in "・=" and nn.katakana and len(nn.text) >= 2):
                        j += 2
                        continue
                if n.text in ("・", "=") and j + 2 < len(toks) and toks[j + 2].katakana:
                    j += 2
                    continue
                break
            run = toks[i:j + 1]
            # a surname followed by one or two single-kanji tokens is a surname + unknown given name
            if run[-1].is_surname and len(run) == 1:
                k = j + 1
                extra = []
                while k < len(toks) and len(extra) < 2 and toks[k].kanji and len(toks[k].text) == 1 and \
                        toks[k].text not in COMMON_BEFORE_HONORIFIC and toks[k].is_noun and not toks[k].text in ORG_SUFFIXES:
                    extra.append(toks[k])
                    k += 1
                after = toks[k] if k < len(toks) else None
                if extra and (after is None or not after.is_noun or after.text in HONORIFICS):
                    run = run + extra
                    j = k - 1
            start, end = run[0].start, run[-1].end
            i = j + 1
            if _glued_to_org(text, end) or _after_org_prefix(text, start):
                continue
            prev = view.prev(run[0])
            if prev is not None and (prev.kanji or prev.katakana) and prev.is_noun and not prev.is_name \
                    and prev.tag.startswith("名詞-固有名詞"):
                continue  # inside a proper noun such as a facility or place name
            names = [t for t in run if t.is_name]
            if any(t.is_surname for t in names) and (any(t.is_given for t in names) or len(run) > 1):
                score = 0.85
            elif len(names) >= 2:
                score = 0.85
            elif names[0].is_surname:
                score = 0.65 if len(names[0].text) >= 2 else 0.5
            elif names[0].is_given:
                score = 0.55 if len(names[0].text) >= 2 else 0.4
            else:  # 人名-一般: mostly foreign given names in katakana
                score = 0.6 if len(names[0].text) >= 3 else 0.45
            add(start, end, score)

    def _katakana_chains(self, text: str, view: TokenView, add) -> None:
        for m in KATA_CHAIN_RE.finditer(text):
            if m.start() not in view.by_start or m.end() not in view.by_end:
                continue
            parts = re.split(r"[・=]", m.group())
            if any(p in KATAKANA_CHAIN_STOP for p in parts):
                continue
            inner = [t for t in view.toks if m.start() <= t.start and t.end <= m.end()]
            if len(inner) == 1 and not inner[0].is_name:
                continue  # one dictionary word (ワーク・ライフ・バランス)
            if _glued_to_org(text, m.end()):
                continue
            add(m.start(), m.end(), 0.85 if any(t.is_name for t in inner) else 0.6)
