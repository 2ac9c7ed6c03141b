"""Generate eval/data/pii_labelled.jsonl: fictional municipal passages with exact PII spans.

    python -m eval.make_pii_set [--out eval/data/pii_labelled.jsonl] [--seed 20250501]

Deterministic (seeded). All personal data is made up here: names drawn from common surname/given-name
lists, My Numbers / corporate numbers / insurer numbers / card numbers computed with their check digits
(and deliberately broken ones for the negatives), phone numbers in reserved-looking ranges, example.*
mail domains, documentation IP ranges.

Templates are written as text with slots:
  [[TYPE|generator]]   an entity of TYPE whose surface comes from `generator`  -> labelled span
  {{generator}}        filler that is NOT personal data (meeting dates, amounts, departments ...)
Offsets are computed while rendering and verified against the text before writing.

Span conventions (see docs/pii.md): PERSON without honorific; a katakana reading in brackets is a
PERSON span of its own; ADDRESS from the prefecture/municipality to the lot number, plus building and
room when written; POSTAL_CODE without 〒; DATE_OF_BIRTH without 生/生まれ; AGE with 歳; BANK_ACCOUNT is the
account number (ゆうちょ: from the 記号 value to the end of the 番号); HEALTH_INSURANCE is the number
(保険証 記号・番号: from the 記号 value to the end of the 番号).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from guardrails.checksums import corporate_number_check_digit, insurer_number_check_digit, luhn_ok, my_number_check_digit

SURNAMES = [("山田", "ヤマダ"), ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
            ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"),
            ("吉田", "ヨシダ"), ("山本", "ヤマモト"), ("松本", "マツモト"), ("井上", "イノウエ"), ("木村", "キムラ"),
            ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ"), ("山口", "ヤマグチ"), ("森", "モリ"),
            ("池田", "イケダ"), ("橋本", "ハシモト"), ("阿部", "アベ"), ("石川", "イシカワ"), ("前田", "マエダ"),
            ("藤田", "フジタ"), ("後藤", "ゴトウ"), ("岡田", "オカダ"), ("長谷川", "ハセガワ"), ("村上", "ムラカミ"),
            ("近藤", "コンドウ"), ("石井", "イシイ"), ("坂本", "サカモト"), ("遠藤", "エンドウ"), ("青木", "アオキ"),
            ("藤井", "フジイ"), ("西村", "ニシムラ"), ("福田", "フクダ"), ("太田", "オオタ"), ("三浦", "ミウラ"),
            ("原", "ハラ"), ("松田", "マツダ"), ("中島", "ナカジマ"), ("古賀", "コガ"), ("江口", "エグチ"),
            ("宮崎", "ミヤザキ"), ("野中", "ノナカ"), ("久保", "クボ"), ("千葉", "チバ"), ("東海林", "ショウジ"),
            ("副島", "ソエジマ"), ("執行", "シギョウ"), ("樋口", "ヒグチ"), ("堤", "ツツミ"), ("陣内", "ジンノウチ")]
GIVEN = [("太郎", "タロウ"), ("花子", "ハナコ"), ("一郎", "イチロウ"), ("美咲", "ミサキ"), ("健太", "ケンタ"),
         ("陽子", "ヨウコ"), ("大輔", "ダイスケ"), ("由美", "ユミ"), ("翔太", "ショウタ"), ("結衣", "ユイ"),
         ("誠", "マコト"), ("恵子", "ケイコ"), ("浩二", "コウジ"), ("さくら", "サクラ"), ("蓮", "レン"),
         ("陽菜", "ヒナ"), ("修", "オサム"), ("直美", "ナオミ"), ("拓也", "タクヤ"), ("和子", "カズコ"),
         ("蒼", "アオイ"), ("湊", "ミナト"), ("凛", "リン"), ("悠真", "ユウマ"), ("芽依", "メイ"),
         ("正男", "マサオ"), ("節子", "セツコ"), ("清", "キヨシ"), ("千代子", "チヨコ"), ("隆之", "タカユキ"),
         ("沙織", "サオリ"), ("裕樹", "ユウキ"), ("美穂", "ミホ"), ("勇気", "ユウキ"), ("ひかり", "ヒカリ")]
FOREIGN = ["グエン・ヴァン・ナム", "マリア・サントス", "ジョン・スミス", "キム・ミンジ", "チャン・ティ・ラン",
           "アナ・シルバ", "ホセ・ガルシア", "エミリー・ブラウン", "ラジ・クマール", "リー・ウェイ",
           "ファム・ティ・フォン", "カルロス・ロドリゲス", "サラ・ジョンソン", "アフマド・ハサン", "マイケル・ミラー"]
FOREIGN_SPACED = ["マリア サントス", "グエン ティ ホア", "ジョン スミス", "アナ シルバ"]
PLACES = [  # (prefecture, municipality, towns)
    ("佐賀県", "佐賀市", ["兵庫北", "栄町", "白山", "神園", "鍋島町八戸", "本庄町本庄", "高木瀬東", "若宮"]),
    ("佐賀県", "唐津市", ["新興町", "和多田天満町", "二夕子"]),
    ("佐賀県", "神埼郡吉野ヶ里町", ["吉田", "三津"]),
    ("福岡県", "福岡市博多区", ["博多駅前", "千代", "堅粕"]),
    ("福岡県", "久留米市", ["城南町", "東町", "合川町"]),
    ("長崎県", "佐世保市", ["八幡町", "島瀬町", "大和町"]),
    ("熊本県", "熊本市中央区", ["手取本町", "水前寺", "九品寺"]),
    ("東京都", "千代田区", ["霞が関", "九段南", "神田錦町"]),
    ("東京都", "世田谷区", ["太子堂", "北沢", "三軒茶屋"]),
    ("大阪府", "大阪市北区", ["梅田", "天神橋", "中之島"]),
    ("愛知県", "名古屋市中区", ["三の丸", "栄", "丸の内"]),
    ("北海道", "札幌市中央区", ["北1条西", "南3条西"]),
    ("宮城県", "仙台市青葉区", ["国分町", "一番町", "本町"]),
    ("広島県", "広島市中区", ["基町", "大手町", "紙屋町"]),
]
POSTAL_FOR = {"佐賀市": "840", "唐津市": "847", "神埼郡吉野ヶ里町": "842", "福岡市博多区": "812", "久留米市": "830",
              "佐世保市": "857", "熊本市中央区": "860", "千代田区": "100", "世田谷区": "154", "大阪市北区": "530",
              "名古屋市中区": "460", "札幌市中央区": "060", "仙台市青葉区": "980", "広島市中区": "730"}
BUILDINGS = ["コーポ兵庫", "サンハイツ白山", "グランドメゾン栄", "レジデンス神園", "県営若宮団地", "ハイツ緑ヶ丘",
             "パークマンション博多", "アーバンコート梅田"]
BANKS = ["佐賀銀行", "福岡銀行", "十八親和銀行", "佐賀共栄銀行", "みずほ銀行", "三井住友銀行", "佐賀信用金庫", "JAさが"]
BRANCHES = ["本店営業部", "佐賀駅前支店", "兵庫支店", "鍋島支店", "唐津支店", "博多支店", "大和支店"]
DEPARTMENTS = ["総務課", "市民課", "保険年金課", "福祉課", "子育て支援課", "税務課", "納税課", "高齢福祉課", "障がい福祉課",
               "生活福祉課", "環境政策課", "道路整備課", "DX推進課", "危機管理課", "教育総務課", "地域振興課"]
FACILITIES = ["佐賀市民会館", "市立図書館", "総合福祉センター", "保健福祉会館", "市民活動プラザ", "中央公民館",
              "子育て支援センター", "清掃工場", "文化会館大ホール", "東与賀支所"]
ERA = [("昭和", 1926, 64), ("平成", 1989, 31)]
KANJI_DIGITS = "〇一二三四五六七八九"


def kanji_num(n: int) -> str:
    if n < 10:
        return KANJI_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else KANJI_DIGITS[tens]) + "十" + (KANJI_DIGITS[ones] if ones else "")


FW = str.maketrans("0123456789-", "０１２３４５６７８９－")


class Gen:
    """Value generators. Every method returns a surface string."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.place = None
        self.person = None  # the current passage's main person (surname, given, readings)

    # -- people ----------------------------------------------------------------------------------
    def new_person(self):
        (sn, sr), (gn, gr) = self.r.choice(SURNAMES), self.r.choice(GIVEN)
        self.person = (sn, gn, sr, gr)
        return self.person

    def fullname(self) -> str:
        sn, gn, _, _ = self.person or self.new_person()
        return sn + gn

    def fullname_sp(self) -> str:
        sn, gn, _, _ = self.person or self.new_person()
        return sn + self.r.choice([" ", "　"]) + gn

    def surname(self) -> str:
        return (self.person or self.new_person())[0]

    def reading(self) -> str:
        _, _, sr, gr = self.person or self.new_person()
        return sr + self.r.choice([" ", "　"]) + gr

    def other_full(self) -> str:
        (sn, _), (gn, _) = self.r.choice(SURNAMES), self.r.choice(GIVEN)
        return sn + gn

    def other_surname(self) -> str:
        return self.r.choice(SURNAMES)[0]

    def foreign(self) -> str:
        return self.r.choice(FOREIGN)

    def foreign_spaced(self) -> str:
        return self.r.choice(FOREIGN_SPACED)

    # -- places ----------------------------------------------------------------------------------
    def _place(self):
        self.place = self.r.choice(PLACES)
        return self.place

    def postal(self) -> str:
        pref, city, _ = self.place or self._place()
        return f"{POSTAL_FOR[city]}-{self.r.randint(0, 9999):04d}"

    def postal_plain(self) -> str:
        return self.postal().replace("-", "")

    def _numbers(self) -> str:
        r = self.r
        style = r.choice(["hyphen", "banchi", "chome", "chome_kanji", "chome_hyphen", "banchi_no"])
        a, b, c = r.randint(1, 9), r.randint(1, 30), r.randint(1, 25)
        if style == "hyphen":
            return f"{a}-{b}-{c}" if r.random() < 0.7 else f"{r.randint(100, 2999)}-{r.randint(1, 9)}"
        if style == "banchi":
            return f"{r.randint(100, 3999)}番地" + (f"{r.randint(1, 9)}" if r.random() < 0.5 else "")
        if style == "chome":
            return f"{a}丁目{b}番{c}号"
        if style == "chome_kanji":
            return f"{kanji_num(a)}丁目{kanji_num(b)}番地" + (kanji_num(c) if r.random() < 0.5 else "")
        if style == "chome_hyphen":
            return f"{a}丁目{b}-{c}"
        return f"{r.randint(100, 2999)}番地の{r.randint(1, 9)}"

    def address(self) -> str:
        pref, city, towns = self.place or self._place()
        town = self.r.choice(towns)
        head = (pref if self.r.random() < 0.5 else "") + city
        sep = "" if self.r.random() < 0.85 else " "
        s = head + sep + town + self._numbers()
        if self.r.random() < 0.25:
            s += self.r.choice([" ", "　", ""]) + self.r.choice(BUILDINGS) + f"{self.r.randint(1, 9)}0{self.r.randint(1, 9)}号室"
        return s

    def address_with_pref(self) -> str:
        pref, city, towns = self.place or self._place()
        return pref + city + self.r.choice(towns) + self._numbers()

    def address_no_pref(self) -> str:
        _, city, towns = self.place or self._place()
        return city + self.r.choice(towns) + self._numbers()

    def city_only(self) -> str:
        return self.r.choice(PLACES)[1]

    # -- numbers ---------------------------------------------------------------------------------
    def mobile(self) -> str:
        p = self.r.choice(["090", "080", "070"])
        return f"{p}-{self.r.randint(1000, 9999)}-{self.r.randint(0, 9999):04d}"

    def mobile_plain(self) -> str:
        return self.mobile().replace("-", "")

    def landline(self) -> str:
        r = self.r
        area = r.choice(["0952", "0955", "092", "03", "06", "0942", "0954"])
        mid = 10 - len(area) - 4
        m = "".join(str(r.randint(0, 9)) for _ in range(mid))
        m = str(r.randint(1, 9)) + m[1:]
        last = f"{r.randint(0, 9999):04d}"
        fmt = r.random()
        if fmt < 0.6:
            return f"{area}-{m}-{last}"
        if fmt < 0.8:
            return f"{area}({m}){last}"
        return f"({area}){m}-{last}"

    def intl(self) -> str:
        return f"+81 {self.r.choice(['90', '80'])}-{self.r.randint(1000, 9999)}-{self.r.randint(0, 9999):04d}"

    def email(self) -> str:
        sr = self.person[2] if self.person else "tanaka"
        roman = {"ヤマダ": "yamada", "サトウ": "sato", "スズキ": "suzuki", "タカハシ": "takahashi", "タナカ": "tanaka"}
        user = roman.get(sr, self.r.choice(["t.koga", "m-inoue", "kimura88", "hana.f", "ken_ota", "s.nakashima"]))
        dom = self.r.choice(["example.jp", "example.com", "mail.example.ne.jp", "example.co.jp"])
        return f"{user}{self.r.choice(['', '.k', '2024', '_01'])}@{dom}"

    def my_number(self) -> str:
        base = "".join(str(self.r.randint(0, 9)) for _ in range(11))
        return self._fmt12(base + str(my_number_check_digit(base)))

    def my_number_invalid(self) -> str:
        base = "".join(str(self.r.randint(0, 9)) for _ in range(11))
        good = my_number_check_digit(base)
        bad = self.r.choice([d for d in range(10) if d != good])
        return self._fmt12(base + str(bad))

    def _fmt12(self, d: str) -> str:
        f = self.r.random()
        if f < 0.4:
            return d
        if f < 0.75:
            return f"{d[:4]} {d[4:8]} {d[8:]}"
        return f"{d[:4]}-{d[4:8]}-{d[8:]}"

    def corporate(self) -> str:
        base = "".join(str(self.r.randint(0, 9)) for _ in range(12))
        return str(corporate_number_check_digit(base)) + base

    def corporate_invalid(self) -> str:
        base = "".join(str(self.r.randint(0, 9)) for _ in range(12))
        good = corporate_number_check_digit(base)
        return str(self.r.choice([d for d in range(1, 10) if d != good])) + base

    def card(self) -> str:
        while True:
            d = self.r.choice(["4", "5", "35"]) + "".join(str(self.r.randint(0, 9)) for _ in range(14))
            d = d[:15]
            for last in range(10):
                if luhn_ok(d + str(last)):
                    d = d + str(last)
                    break
            if len(d) == 16:
                break
        sep = self.r.choice(["", " ", "-"])
        return sep.join(d[i:i + 4] for i in range(0, 16, 4))

    def passport(self) -> str:
        return "".join(self.r.choice("TKMRNZ") for _ in range(2)) + f"{self.r.randint(0, 9999999):07d}"

    def license(self) -> str:
        return f"{self.r.randint(10, 99)}" + "".join(str(self.r.randint(0, 9)) for _ in range(10))

    def insurer(self) -> str:
        body = self.r.choice(["0141", "0640", "3141", "3941", "0113"]) + f"{self.r.randint(0, 999):03d}"
        return body + str(insurer_number_check_digit(body))

    def insured_kigo(self) -> str:
        return f"{self.r.randint(1, 99)} 番号 {self.r.randint(1, 9999)}"

    def kokuho_insured(self) -> str:
        return f"{self.r.randint(0, 99999999):08d}"

    def resident_code(self) -> str:
        return "".join(str(self.r.randint(0, 9)) for _ in range(11))

    def account(self) -> str:
        return f"{self.r.randint(0, 9999999):07d}"

    def yucho(self) -> str:
        kigo = f"1{self.r.randint(0, 999):03d}0"
        bango = f"{self.r.randint(0, 9999999):07d}1"
        return kigo + self.r.choice(["-", " 番号", " 番号 ", "　番号"]) + bango

    def ip(self) -> str:
        return self.r.choice([f"192.168.{self.r.randint(0, 20)}.{self.r.randint(2, 254)}",
                              f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(2, 254)}",
                              f"203.0.113.{self.r.randint(2, 254)}"])

    # -- dates -------------------------------------------------------------------------------------
    def _birth(self):
        self.birth_year = self.r.randint(1935, 2018)
        self.birth_m, self.birth_d = self.r.randint(1, 12), self.r.randint(1, 28)
        return self.birth_year, self.birth_m, self.birth_d

    def dob_wareki(self) -> str:
        y, m, d = self._birth()
        if y >= 1989 and (y, m) >= (1989, 2):
            era, n = ("平成", y - 1988) if y < 2019 else ("令和", y - 2018)
        elif y > 1926:
            era, n = "昭和", y - 1925
        else:
            era, n = "昭和", 1
            y = 1927
        nn = "元" if n == 1 else str(n)
        return f"{era}{nn}年{m}月{d}日"

    def dob_abbr(self) -> str:
        y, m, d = self._birth()
        if y >= 1990 and y < 2019:
            return f"H{y - 1988}.{m}.{d}"
        y = max(y, 1930) if y < 1989 else 1985
        return f"{self.r.choice(['S', '昭'])}{y - 1925}.{m}.{d}"

    def dob_seireki(self) -> str:
        y, m, d = self._birth()
        return self.r.choice([f"{y}年{m}月{d}日", f"{y}/{m:02d}/{d:02d}"])

    def dob_year(self) -> str:
        return self.r.choice(["平成元年", "昭和50年", "昭和62年", "平成7年", "昭和30年"])

    def age(self) -> str:
        if hasattr(self, "birth_year"):
            return f"{max(1, 2025 - self.birth_year)}歳"
        return f"{self.r.randint(18, 92)}歳"

    def age_num(self) -> str:
        return str(self.r.randint(20, 90))

    # -- non-PII fillers --------------------------------------------------------------------------
    def meeting_date(self) -> str:
        m, d = self.r.randint(1, 12), self.r.randint(1, 28)
        return self.r.choice([f"令和{self.r.randint(5, 7)}年{m}月{d}日", f"{m}月{d}日", f"2025年{m}月{d}日",
                              f"R{self.r.randint(5, 7)}.{m}.{d}"])

    def time(self) -> str:
        h = self.r.randint(9, 16)
        return self.r.choice([f"{h}時", f"{h}:00", f"{h}時30分", f"{h}:00〜{h + 1}:30"])

    def dept(self) -> str:
        return self.r.choice(DEPARTMENTS)

    def facility(self) -> str:
        return self.r.choice(FACILITIES)

    def amount(self) -> str:
        return self.r.choice([f"{self.r.randint(1, 99)},{self.r.randint(0, 999):03d}千円",
                              f"{self.r.randint(1, 999):,}万円", f"{self.r.randint(1000, 99999):,}円"])

    def percent(self) -> str:
        return f"{self.r.randint(1, 99)}.{self.r.randint(0, 9)}%"

    def article(self) -> str:
        return self.r.choice([f"第{self.r.randint(1, 40)}条", f"第{self.r.randint(1, 20)}条第{self.r.randint(1, 5)}項",
                              f"第{self.r.randint(1, 9)}条第{self.r.randint(1, 3)}項第{self.r.randint(1, 9)}号"])

    def count(self) -> str:
        return f"{self.r.randint(2, 9999):,}"

    def order_no(self) -> str:
        return f"{self.r.randint(0, 99999999):08d}"

    def doc_no(self) -> str:
        return f"佐{self.r.choice(['総', '福', '市', '保'])}第{self.r.randint(100, 9999)}号"

    def room(self) -> str:
        return f"{self.r.randint(2, 7)}0{self.r.randint(1, 9)}会議室"

    def ext(self) -> str:
        return f"{self.r.randint(1000, 9999)}"

    def year(self) -> str:
        return self.r.choice(["令和6年度", "令和7年度", "2025年度", "令和5年度"])


# ---------------------------------------------------------------------------------------------------
# templates: (style, hard_negative, text)
T = []


def t(style: str, text: str, neg: bool = False) -> None:
    T.append((style, neg, text))


# 窓口 notes
t("madoguchi", "【窓口記録】{{meeting_date}} {{time}}\n来庁者：[[PERSON|fullname_sp]]（[[PERSON|reading]]）様\n住所：〒[[POSTAL_CODE|postal]] [[ADDRESS|address]]\n電話：[[PHONE|mobile]]\n用件：転入届の提出。本人確認書類は運転免許証で確認済み。")
t("madoguchi", "{{meeting_date}}、[[PERSON|fullname]]さん（[[AGE|age]]）が来庁。[[ADDRESS|address]]から転居予定とのこと。連絡先は[[PHONE|landline]]。{{dept}}へ案内した。")
t("madoguchi", "受付番号{{count}}番 [[PERSON|fullname]]様 生年月日 [[DATE_OF_BIRTH|dob_wareki]] 印鑑登録証明書1通交付。手数料300円。")
t("madoguchi", "氏名 [[PERSON|fullname_sp]]\nフリガナ [[PERSON|reading]]\n生年月日 [[DATE_OF_BIRTH|dob_seireki]]（[[AGE|age]]）\n現住所 [[ADDRESS|address_with_pref]]\n携帯 [[PHONE|mobile]]")
t("madoguchi", "児童手当の認定請求。請求者 [[PERSON|fullname]]、振込先 {{bank}} {{branch}} 普通 [[BANK_ACCOUNT|account]]。口座名義は本人。")
t("madoguchi", "マイナンバーカード交付。[[PERSON|fullname]]様（[[DATE_OF_BIRTH|dob_abbr]]生）の個人番号 [[MY_NUMBER|my_number]] を確認し、暗証番号を設定していただいた。")
t("madoguchi", "[[PERSON|foreign]]さんが在留カードを持参して転入手続き。旅券番号は[[PASSPORT|passport]]。通訳として[[PERSON|other_full]]氏が同行した。連絡先 [[PHONE|mobile]]")
t("madoguchi", "国民健康保険の加入手続き。被保険者番号 [[HEALTH_INSURANCE|kokuho_insured]]、世帯主 [[PERSON|fullname]]。前職の保険証（保険者番号 [[HEALTH_INSURANCE|insurer]]）の資格喪失を確認。")
t("madoguchi", "住民票の写し（住民票コード記載）を交付。住民票コード：[[BASIC_RESIDENT_CODE|resident_code]]、請求者：[[PERSON|fullname]]（本人）。")
t("madoguchi", "[[PERSON|surname]]様より電話。折り返しは[[PHONE|mobile_plain]]まで。{{dept}}の担当[[PERSON|other_surname]]が対応予定。")
t("madoguchi", "高齢者の見守りについて相談。[[ADDRESS|address_no_pref]]に住む[[PERSON|fullname]]さん（[[AGE|age]]、一人暮らし）の様子を民生委員が確認。")
t("madoguchi", "証明書の郵送請求。送付先：〒[[POSTAL_CODE|postal]] [[ADDRESS|address]]　[[PERSON|fullname_sp]] 様　電話 [[PHONE|landline]]")
t("madoguchi", "運転免許証（番号 [[DRIVER_LICENSE|license]]）で本人確認。[[PERSON|fullname]]様、[[AGE|age]]。戸籍謄本1通。")
t("madoguchi", "還付金の振込先変更。ゆうちょ銀行 記号[[BANK_ACCOUNT|yucho]]、名義 [[PERSON|reading]]。")
t("madoguchi", "来庁者 [[PERSON|foreign_spaced]] さん。国籍ベトナム。[[ADDRESS|address]]在住。メール [[EMAIL|email]]")
t("madoguchi", "印鑑登録。[[PERSON|fullname]]（[[DATE_OF_BIRTH|dob_wareki]]生まれ）。保証人は[[PERSON|other_full]]さん。")
t("madoguchi", "転出証明書を交付。転出先：[[ADDRESS|address_with_pref]]。[[PERSON|fullname]]様の携帯電話 [[PHONE|intl]]（海外在住の家族経由）。")
t("madoguchi", "後期高齢者医療の保険証再交付。保険者番号 [[HEALTH_INSURANCE|insurer]]、被保険者 [[PERSON|fullname]]様（[[AGE|age]]）。")

# consultation records
t("consultation", "【相談記録】相談者：[[PERSON|fullname]]（[[AGE|age]]）\n相談日：{{meeting_date}}\n内容：家賃の滞納が続き、生活が苦しいとのこと。長男の[[PERSON|other_full]]（[[AGE|age_other]]）と同居。自宅は[[ADDRESS|address_no_pref]]。")
t("consultation", "DV相談。相談者は[[PERSON|surname]]さん。加害者とされる夫の連絡先 [[PHONE|mobile]] は記録のみとし、本人の現住所は非開示とする。")
t("consultation", "生活保護の申請相談。[[PERSON|fullname_sp]]氏、[[DATE_OF_BIRTH|dob_seireki]]生。預金は{{bank}}の口座（普通預金 [[BANK_ACCOUNT|account]]）に{{amount}}程度。")
t("consultation", "ケース会議メモ：対象児童 [[PERSON|fullname]]ちゃん（[[AGE|age_child]]）。保護者 [[PERSON|other_full]]さん。担当保健師 [[PERSON|other_surname]]。次回訪問は{{meeting_date}}。")
t("consultation", "介護保険の認定申請について、[[PERSON|fullname]]様の長女 [[PERSON|other_full]]様から相談。被保険者番号は[[HEALTH_INSURANCE|kokuho_insured]]。ケアマネジャーは{{facility}}に所属。")
t("consultation", "[[PERSON|foreign]]様（[[AGE|age]]）より、子どもの就学について相談。母語はポルトガル語。連絡はメール（[[EMAIL|email]]）希望。")
t("consultation", "消費生活相談。[[PERSON|fullname]]さんがクレジットカード（番号 [[CREDIT_CARD|card]]）を不正利用された疑い。カード会社へ連絡するよう助言。")
t("consultation", "相談者 [[PERSON|fullname]] 様、[[DATE_OF_BIRTH|dob_wareki]]生。住所は[[ADDRESS|address]]。年金の受給について。基礎年金番号は持参せず。")
t("consultation", "養育費の相談。相手方は[[PERSON|other_full]]、勤務先の電話 [[PHONE|landline]]。相談者[[PERSON|fullname]]さんには法テラスを紹介。")
t("consultation", "空き家の相談。所有者 [[PERSON|fullname]]（[[ADDRESS|address_with_pref]]在住）。物件は{{city_only}}内。固定資産税の納税義務者も同人。")
t("consultation", "就労支援。[[PERSON|fullname_sp]]さん（[[AGE|age]]）、前職は介護職。ハローワークと連携。本人携帯：[[PHONE|mobile]]")
t("consultation", "ひとり親家庭の相談。[[PERSON|surname]]さん宅（[[ADDRESS|address_no_pref]]）を訪問。児童扶養手当の申請書を預かった。")

# emails
t("email", "[[PERSON|fullname_sp]] 様\n\nいつもお世話になっております。{{dept}}の[[PERSON|other_surname]]です。\n先日ご依頼の件、{{meeting_date}}までに回答いたします。\nご不明な点は [[PHONE|landline]] または [[EMAIL|email]] までご連絡ください。")
t("email", "件名：請求書送付のご案内\n株式会社みらい設計 御中\n法人番号 [[CORPORATE_NUMBER|corporate]]\n{{year}}の業務委託料{{amount}}の請求書をお送りします。担当：[[PERSON|fullname]]")
t("email", "宛先：[[EMAIL|email]]\n[[PERSON|surname]]様\n先ほどお電話いただいた件ですが、[[PERSON|fullname]]様の住所（[[ADDRESS|address]]）あてに書類を郵送しました。")
t("email", "From: [[PERSON|fullname_sp]] <[[EMAIL|email]]>\n件名：口座振替の件\n引落口座を変更したいです。{{bank}} {{branch}} 当座 [[BANK_ACCOUNT|account]]でお願いします。")
t("email", "{{dept}} 各位\n本日{{time}}頃、職員端末（IPアドレス [[IP_ADDRESS|ip]]）から不審な通信を検知しました。該当端末の利用者は[[PERSON|fullname]]さんです。")
t("email", "[[PERSON|foreign]] 様\n\n通訳ボランティアの件でご連絡しました。当日の集合場所は{{facility}}です。緊急時は担当[[PERSON|other_surname]]の携帯（[[PHONE|mobile]]）へお願いします。")
t("email", "[[PERSON|fullname]]さん\nお疲れさまです。例の申請書ですが、申請者の生年月日（[[DATE_OF_BIRTH|dob_seireki]]）に誤りがありました。差し替えをお願いします。")
t("email", "件名：マイナンバー記載書類の取扱い\n[[PERSON|surname]]課長\n提出された扶養控除申告書に[[PERSON|other_full]]さんの個人番号 [[MY_NUMBER|my_number]] が記載されています。施錠保管をお願いします。")
t("email", "ご担当者様\n本件の窓口は{{dept}}（内線{{ext}}）の[[PERSON|fullname]]です。メール：[[EMAIL|email]]\nTEL：[[PHONE|landline]]　FAX：[[PHONE|landline]]")
t("email", "[[PERSON|surname]] 様\nアクセスログを確認したところ、[[IP_ADDRESS|ip]] からのログイン失敗が{{count}}回ありました。パスワードの変更をお願いします。")
t("email", "業者登録の件。登録番号 T[[CORPORATE_NUMBER|corporate]]、代表者 [[PERSON|fullname]]、所在地 〒[[POSTAL_CODE|postal]] [[ADDRESS|address_with_pref]]")

# minutes
t("minutes", "○議長（[[PERSON|fullname]]君）　ただいまから{{year}}第2回定例会を開会します。\n○{{num_ban}}番（[[PERSON|other_full]]君）　{{dept}}の事業について質問します。")
t("minutes", "○{{dept_head}}（[[PERSON|fullname]]君）　お答えします。{{year}}の予算額は{{amount}}で、前年度比{{percent}}の増となっております。")
t("minutes", "出席委員：[[PERSON|fullname]]、[[PERSON|other_full]]、[[PERSON|other_full2]]\n欠席委員：なし\n{{meeting_date}} {{time}} 開会 於：{{room}}")
t("minutes", "[[PERSON|surname]]委員長が開会を宣言。[[PERSON|other_surname]]委員から、{{article}}の解釈について質疑があった。事務局（{{dept}}）が回答した。")
t("minutes", "議事録署名人として[[PERSON|fullname]]委員及び[[PERSON|other_full]]委員を指名した。")
t("minutes", "地域懇談会記録　{{meeting_date}}　{{facility}}\n参加者：自治会長 [[PERSON|fullname]]氏ほか{{count_small}}名\n意見：通学路の街灯が暗い（[[ADDRESS|address_no_pref]]付近）。")
t("minutes", "○{{num_ban}}番（[[PERSON|fullname]]議員）　{{city_only}}の高齢化率は{{percent}}と聞いている。{{article}}に基づく支援をどう考えるか。")
t("minutes", "審査会記録。申請者[[PERSON|fullname]]（[[AGE|age]]）の案件について審議し、承認とした。申請者の住所（[[ADDRESS|address]]）は公開しない。")
t("minutes", "{{meeting_date}} 打合せ（{{room}}）\n出席：[[PERSON|surname]]係長、[[PERSON|other_surname]]主査、[[PERSON|foreign]]氏（国際交流員）\n議題：多言語案内の作成")

t("consultation", "[[PERSON|fullname]]さんは[[DATE_OF_BIRTH|dob_year]]生まれで、{{city_only}}に{{count_small}}年住んでいる。年齢：[[AGE|age_num]]。妻の[[PERSON|other_full]]さんと二人暮らし。")
t("madoguchi", "郵便番号 〒[[POSTAL_CODE|postal_plain]]、住所 [[ADDRESS|address_with_pref]]、氏名 [[PERSON|fullname]]。申請書の個人番号欄の番号（{{invalid12}}）は検査用数字が合わないため再確認を依頼。")
t("email", "[[PERSON|fullname]] 様\n先日お預かりした書類のうち、法人番号（{{corp_invalid}}）に誤りがあるようです。正しい番号をご確認ください。担当 [[PERSON|other_surname]]（[[PHONE|landline]]）")
t("minutes", "○[[PERSON|fullname]]委員　{{facility}}の指定管理について伺います。\n○{{dept_head}}　{{year}}から5年間、指定管理者に委託しています。")
t("consultation", "訪問記録（{{meeting_date}}）\n訪問先：[[ADDRESS|address]]\n対象者：[[PERSON|fullname_sp]]さん　[[AGE|age]]\n緊急連絡先：長女 [[PERSON|other_full]]さん [[PHONE|mobile]]")

# hard negatives (no personal data)
t("minutes", "{{year}}第1回{{dept}}会議　{{meeting_date}} {{time}}　於：{{room}}\n議題1：{{year}}予算案について。歳出総額は{{amount}}、前年度比{{percent}}増。\n議題2：{{article}}の改正について。", True)
t("minutes", "○議長　日程第3、議案第{{n2}}号を議題とします。提案理由の説明を求めます。\n○市長　{{article}}の規定により、本案を提出いたします。", True)
t("madoguchi", "{{meeting_date}}の窓口来庁者数は{{count}}人（前週比{{percent}}）。うち証明書交付{{count}}件、転入届{{count_small}}件。混雑のピークは{{time}}。", True)
t("madoguchi", "{{facility}}の利用申請を受け付けた。利用日 {{meeting_date}}、利用時間 {{time}}。使用料{{amount}}は納付書で支払い。", True)
t("email", "{{dept}} 各位\n{{meeting_date}}に{{facility}}で研修を行います。資料は共有フォルダの「資料3-1」を参照してください。問合せは内線{{ext}}まで。", True)
t("email", "件名：物品購入の件\n注文番号 {{order_no}} の納品が{{meeting_date}}に延期となりました。金額は{{amount}}（税込）です。文書番号 {{doc_no}}", True)
t("consultation", "65歳以上の高齢者は{{count}}人で、高齢化率は{{percent}}。75歳以上の単身世帯が増加している。3歳児健診の受診率は{{percent}}。", True)
t("minutes", "{{article}}に基づき、{{year}}から手数料を{{amount}}に改定する。対象は18歳未満の児童を養育する世帯（{{count}}世帯）。", True)
t("email", "{{year}}の{{dept}}の予算要求額は{{amount}}、うち委託料{{amount}}。執行率は{{percent}}。{{doc_no}}により通知済み。", True)
t("madoguchi", "[注意] 受付番号 {{invalid12}} は個人番号ではありません（整理番号）。{{meeting_date}}受付分、{{count}}件。", True)
t("consultation", "相談件数の推移：{{year}} {{count}}件、うち生活困窮{{count}}件（{{percent}}）。平均年齢は{{age_stat}}歳。40歳から64歳までの方が最多。", True)
t("minutes", "{{dept}}長から、{{facility}}の改修工事（契約金額{{amount}}、工期{{meeting_date}}まで）について報告があった。", True)
t("email", "会議室予約：{{room}}、{{meeting_date}} {{time}}。プロジェクター使用。参加予定 {{count_small}}名。議事録は{{dept}}が作成。", True)
t("madoguchi", "マイナンバーカードの交付件数は{{count}}枚、交付率{{percent}}。{{meeting_date}}から{{facility}}でも出張申請を受け付ける。", True)
t("minutes", "人口 {{count}}人（{{meeting_date}}現在）、世帯数 {{count}}世帯。前年比{{percent}}減。20歳代の転出超過が続いている。", True)
t("email", "システム更新のお知らせ：{{meeting_date}} {{time}}から保守作業。バージョン 3.2.1.5 へ更新。影響範囲は{{dept}}の端末{{count_small}}台。", True)
t("consultation", "{{city_only}}の子育て支援制度の概要：対象は0歳から18歳まで。申請窓口は{{dept}}と{{facility}}。受付時間 {{time}}。", True)
t("madoguchi", "証明書発行手数料一覧：住民票の写し300円、印鑑登録証明書300円、戸籍謄本450円（{{article}}）。", True)
t("minutes", "○委員長　{{dept}}所管の議案第{{n2}}号について採決します。賛成の委員の挙手を求めます。\n（賛成者挙手）\n○委員長　挙手全員。よって原案のとおり可決すべきものと決定しました。", True)
t("email", "発注番号 {{invalid12}}、品名：コピー用紙A4 {{count_small}}箱。納入先は{{facility}}。請求は{{meeting_date}}締め。", True)
t("consultation", "統計：相談者の年齢区分は30歳代{{percent}}、40歳代{{percent}}、65歳以上{{percent}}。平均相談時間は{{count_small}}分。", True)
t("madoguchi", "本日の窓口混雑状況。待ち時間{{count_small}}分。番号札{{count_small}}番まで呼出済み。{{dept}}は{{time}}から受付再開。", True)
t("minutes", "{{year}}補正予算（第{{n2}}号）：{{dept}}関係で{{amount}}を追加。{{article}}に基づく繰越明許費を設定。", True)
t("email", "{{facility}}（{{city_only}}）で{{meeting_date}}にイベントを開催します。定員{{count_small}}名、参加費{{amount}}。詳細は市報{{meeting_date}}号をご覧ください。", True)
t("madoguchi", "法人番号は13桁、個人番号は12桁です。申請書の記入例（000000000000）は架空の番号です。{{dept}}まで。", True)

BANKS_FILL = BANKS


def render(template: str, g: Gen, rng: random.Random):
    """Render a template into (text, entities). Slots are filled left to right."""
    g.person = None
    g.new_person()
    if hasattr(g, "birth_year"):
        del g.birth_year
    g.place = None
    extra = {
        "bank": lambda: rng.choice(BANKS_FILL), "branch": lambda: rng.choice(BRANCHES),
        "num_ban": lambda: str(rng.randint(1, 30)), "dept_head": lambda: rng.choice(["福祉部長", "総務部長", "市長", "教育長", "建設部長"]),
        "count_small": lambda: str(rng.randint(2, 30)), "n2": lambda: str(rng.randint(1, 80)),
        "invalid12": g.my_number_invalid, "age_stat": lambda: f"{rng.randint(30, 70)}.{rng.randint(0, 9)}",
        "other_full2": g.other_full, "age_other": lambda: f"{rng.randint(18, 60)}歳",
        "age_child": lambda: f"{rng.randint(1, 12)}歳", "corp_invalid": g.corporate_invalid,
    }
    text = ""
    ents = []
    pos = 0
    for m in re.finditer(r"\[\[([A-Z_]+)\|([a-z_0-9]+)\]\]|\{\{([a-z_0-9]+)\}\}", template):
        text += template[pos:m.start()]
        pos = m.end()
        if m.group(1):
            typ, gen = m.group(1), m.group(2)
            value = extra[gen]() if gen in extra else getattr(g, gen)()
            if typ in ("PHONE", "MY_NUMBER", "POSTAL_CODE", "BANK_ACCOUNT") and rng.random() < 0.15:
                value = value.translate(FW)  # full-width digits, as typed with a Japanese IME
            ents.append({"start": len(text), "end": len(text) + len(value), "type": typ})
            text += value
        else:
            gen = m.group(3)
            text += extra[gen]() if gen in extra else getattr(g, gen)()
    text += template[pos:]
    return text, ents


def build(seed: int = 20250501, n_pos: int = 220, n_neg: int = 70) -> list[dict]:
    rng = random.Random(seed)
    g = Gen(rng)
    pos_t = [x for x in T if not x[1]]
    neg_t = [x for x in T if x[1]]
    rows = []
    order = [pos_t[i % len(pos_t)] for i in range(n_pos)] + [neg_t[i % len(neg_t)] for i in range(n_neg)]
    rng.shuffle(order)
    for i, (style, neg, tmpl) in enumerate(order):
        text, ents = render(tmpl, g, rng)
        for e in ents:
            assert text[e["start"]:e["end"]], (tmpl, e)
        rows.append({"id": f"pii-{i:04d}", "text": text, "entities": ents, "style": style, "hard_negative": neg})
    return rows


# ---------------------------------------------------------------------------------------------------
# A small hand-written probe, written after the detector was tuned and NOT used for tuning: an honest
# estimate of how it generalises beyond the templates above. Entities are marked inline as
# [[TYPE:surface]]. Evaluate with `python -m eval.pii --probe`.
PROBE_PASSAGES = [
    ("madoguchi", "本日10時頃、[[PERSON:西田 和也]]さん（[[AGE:52歳]]）が来庁し、国民年金の免除申請を提出。連絡先は[[PHONE:0954-22-1198]]。"),
    ("madoguchi", "転入届受理。新住所：[[ADDRESS:小城市三日月町長神田2131番地1]]、旧住所：[[ADDRESS:福岡県久留米市東櫛原町1020-5]]。届出人 [[PERSON:古川 真由美]]"),
    ("madoguchi", "[[PERSON:グエン・ティ・マイ]]さん（ベトナム国籍）の在留カード更新に伴う住所変更。旅券番号 [[PASSPORT:C1234567]] は写しを取らない。"),
    ("madoguchi", "税証明の代理請求。委任者 [[PERSON:大串 信子]]（[[DATE_OF_BIRTH:昭和23年11月8日]]生）、代理人 [[PERSON:大串 隆]]（長男）。"),
    ("madoguchi", "マイナンバーカードの電子証明書更新。本人確認は運転免許証（[[DRIVER_LICENSE:512345678901]]）で実施。"),
    ("madoguchi", "児童扶養手当の現況届。受給者 [[PERSON:原田 彩]]、口座は[[BANK_ACCOUNT:0123456]]（佐賀銀行 神野支店 普通）から変更なし。"),
    ("madoguchi", "障害者手帳の再交付申請。[[PERSON:吉村]]様、電話は自宅[[PHONE:0952-31-5566]]、携帯[[PHONE:080-3456-7788]]。"),
    ("madoguchi", "郵送先の確認：〒[[POSTAL_CODE:845-0001]] [[ADDRESS:佐賀県小城市小城町253-21 ハイツ小城102]] [[PERSON:松尾 健一]] 様"),
    ("madoguchi", "受付No.0042 証明書発行 3通 計900円。混雑のため待ち時間20分。"),
    ("madoguchi", "窓口で「[[PERSON:坂口]]という職員を呼んでほしい」との申出あり。該当職員は本日休み。"),
    ("consultation", "面談記録　相談者：[[PERSON:中尾 由紀子]]（[[AGE:38歳]]）\n夫（[[AGE:41歳]]）からの暴言について。子ども2人（[[AGE:10歳]]、[[AGE:7歳]]）。避難先の住所は記録しない。"),
    ("consultation", "[[PERSON:田代 勝]]さん宅を訪問。認知症の症状あり。長女 [[PERSON:田代 恵美]]さん（[[PHONE:090-1122-3344]]）に状況を説明した。"),
    ("consultation", "生活困窮者自立支援。[[PERSON:井手]]氏は失業中で家賃3か月分を滞納。家主は[[PERSON:山下 正人]]氏。"),
    ("consultation", "[[PERSON:マリア・ゴンザレス]]様から、子どもの予防接種についての相談（スペイン語通訳を介して）。"),
    ("consultation", "多重債務の相談。クレジットカード（[[CREDIT_CARD:5500 0000 0000 0004]]）の支払いが滞っている。法テラスを案内。"),
    ("consultation", "精神保健福祉相談。本人 [[PERSON:岩永 亮]]（[[DATE_OF_BIRTH:H8.4.15]]生）。主治医は市内のクリニック。"),
    ("consultation", "地域包括支援センターから連絡。[[ADDRESS:鳥栖市本町二丁目4番地]]在住の高齢女性が一人で外出し保護された。"),
    ("consultation", "相談件数は前月比12.5%増の143件。うち65歳以上が61件、20歳未満が8件。"),
    ("consultation", "国保税の減免相談。被保険者番号 [[HEALTH_INSURANCE:00712345]]、世帯主 [[PERSON:川原 武]]。"),
    ("consultation", "後期高齢者医療。保険者番号 [[HEALTH_INSURANCE:39412341]]。資格確認書の送付先を変更。"),
    ("email", "[[PERSON:江頭]] 様\n\nお世話になっております。子育て支援課の[[PERSON:陣内]]です。\n面談日程の件、6月12日（水）14時でいかがでしょうか。"),
    ("email", "差出人：[[EMAIL:k-ogawa@example.org]]\n件名：Re: 申請書類について\n小川です。添付のとおり提出します。"),
    ("email", "各位\n6月の庁内研修は第2会議室で実施します。定員30名、申込期限は5月31日です。\n人事課 研修担当（内線3105）"),
    ("email", "委託業者：株式会社さがテクノ（法人番号 [[CORPORATE_NUMBER:6300001001234]]）、契約金額 1,980,000円（税込）。"),
    ("email", "サーバ室の監視ログより、[[IP_ADDRESS:172.16.5.23]] から深夜に大量アクセス。情報政策課で調査中。"),
    ("email", "[[PERSON:Emily Clark]]様\n国際交流員の募集要項をお送りします。締切は7月1日です。"),
    ("email", "請求書の振込先：ゆうちょ銀行 記号[[BANK_ACCOUNT:17450 番号 23456781]]（名義 [[PERSON:トクナガ ヒロシ]]）"),
    ("email", "会議資料（案）を共有します。第5条第3項の改正案と、令和7年度予算見込み（12億3,400万円）を含みます。"),
    ("email", "[[PERSON:石橋]]課長\n昨日の件、[[PERSON:森永 早苗]]さんへの回答案を添付します。ご確認ください。"),
    ("email", "住民票コード通知の再発行依頼。住民票コード [[BASIC_RESIDENT_CODE:30417852963]]。本人限定受取郵便で送付。"),
    ("minutes", "○議長（[[PERSON:副島 和彦]]君）　これより本日の会議を開きます。\n○[[PERSON:牟田 英子]]議員　一般質問を行います。"),
    ("minutes", "○健康福祉部長（[[PERSON:緒方 浩]]君）　高齢者の見守り事業については、現在市内42地区で実施しております。"),
    ("minutes", "委員会記録\n出席委員（6名）：[[PERSON:久保田 誠]]、[[PERSON:野田 恵子]]、[[PERSON:嘉村 修]]、[[PERSON:宮原 さとみ]]、[[PERSON:中島 大輔]]、[[PERSON:福島 英明]]"),
    ("minutes", "第2回まちづくり協議会（令和6年11月20日）。会長あいさつの後、公民館の改修計画（事業費8,500万円）について意見交換。"),
    ("minutes", "自治会長の[[PERSON:牛島]]氏から、[[ADDRESS:佐賀市金立町大字千布3350番地]]付近の水路の改修要望があった。"),
    ("minutes", "教育委員会定例会。議案第12号「佐賀市立学校給食センター条例の一部改正について」を原案どおり可決。"),
    ("minutes", "議事録署名委員に[[PERSON:池田 聡]]委員と[[PERSON:大坪 麻衣]]委員を指名。次回は12月3日（火）午後1時30分から。"),
    ("minutes", "市長答弁要旨：人口減少対策として、移住支援金（最大100万円）の対象を18歳未満の子を持つ世帯に拡大する。"),
    ("minutes", "傍聴者3名。事務局：企画政策課長、同課係長、同課主事。"),
    ("email", "個人番号の記載例（123456789012）は架空の番号です。実際の番号は記入しないでください。"),
]


def parse_marked(marked: str) -> tuple[str, list[dict]]:
    text, ents, pos = "", [], 0
    for m in re.finditer(r"\[\[([A-Z_]+):(.+?)\]\]", marked):
        text += marked[pos:m.start()]
        ents.append({"start": len(text), "end": len(text) + len(m.group(2)), "type": m.group(1)})
        text += m.group(2)
        pos = m.end()
    return text + marked[pos:], ents


def build_probe() -> list[dict]:
    rows = []
    for i, (style, marked) in enumerate(PROBE_PASSAGES):
        text, ents = parse_marked(marked)
        rows.append({"id": f"probe-{i:03d}", "text": text, "entities": ents, "style": style, "hard_negative": not ents})
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "data" / "pii_labelled.jsonl"))
    ap.add_argument("--seed", type=int, default=20250501)
    args = ap.parse_args(argv)
    rows = build(args.seed)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            for e in r["entities"]:
                assert 0 <= e["start"] < e["end"] <= len(r["text"])
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    neg = sum(r["hard_negative"] for r in rows)
    print(f"wrote {len(rows)} passages ({neg} hard negatives, {sum(len(r['entities']) for r in rows)} entities) to {out}")


if __name__ == "__main__":
    main()
