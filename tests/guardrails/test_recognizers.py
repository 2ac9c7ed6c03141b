"""One table of cases per recognizer, run through the real detector (ja_ginza + presidio).

Each case: text, and the exact surfaces expected for that type in order of appearance ([] = none).
Offsets are checked too: every finding starts where its surface occurs in the original text.
"""

from __future__ import annotations

import pytest

PERSON = [
    ("山田太郎様からの相談。", ["山田太郎"]),
    ("佐藤さんと田中氏が来庁。鈴木君も同席。", ["佐藤", "田中", "鈴木"]),
    ("氏名：高橋 美咲（タカハシ ミサキ）", ["高橋 美咲", "タカハシ ミサキ"]),
    ("○議長（山田太郎君）　ただいまから会議を開きます。", ["山田太郎"]),
    ("○3番（鈴木一郎君）　質問します。", ["鈴木一郎"]),
    ("グエン・ヴァン・ナム様が転入。", ["グエン・ヴァン・ナム"]),
    ("マリア サントスさんから電話。", ["マリア サントス"]),
    ("担当は福祉課の中村です。", ["中村"]),
    ("加藤さくら様の住所", ["加藤さくら"]),
    ("相談者 執行恵子様", ["執行恵子"]),
    ("出席委員：山田太郎、鈴木一郎、佐藤花子", ["山田太郎", "鈴木一郎", "佐藤花子"]),
    ("宮崎課長の指示による。", ["宮崎"]),
    ("口座名義 ヤマダ タロウ", ["ヤマダ タロウ"]),
    # look-alikes: bodies, places, facilities, common nouns with honorifics
    ("佐賀市様への請求書。皆様、お客様、利用者様へ。", []),
    ("山田建設株式会社と佐藤病院に照会した。", []),
    ("佐賀市長と総務課長が出席した。", []),
    ("マイナポータルとワーク・ライフ・バランスの推進。", []),
    ("佐賀市民会館と中央公民館で開催。", []),
    # 名前 as a word, not a label: the name stands before it, or none is given (「です」 was masked)
    ("子育て情報を配信しているアプリは何という名前ですか？", []),
    ("何という名前のまちの姿ですか", []),
    ("アプリの名前ですが、わかりません。", []),
    ("お名前：さくら", ["さくら"]),
]

ADDRESS = [
    ("佐賀県佐賀市栄町1番1号にお住まい", ["佐賀県佐賀市栄町1番1号"]),
    ("住所：佐賀市兵庫北三丁目5番地12", ["佐賀市兵庫北三丁目5番地12"]),
    ("東京都千代田区霞が関1-2-3 霞が関ビル4階", ["東京都千代田区霞が関1-2-3 霞が関ビル4階"]),
    ("福岡市博多区博多駅前二丁目3番4号 コーポ博多203号室に転居", ["福岡市博多区博多駅前二丁目3番4号 コーポ博多203号室"]),
    ("神埼郡吉野ヶ里町吉田１２３４番地５", ["神埼郡吉野ヶ里町吉田１２３４番地５"]),
    ("〒840-8501 佐賀市栄町1-1", ["佐賀市栄町1-1"]),
    ("札幌市中央区北1条西2丁目に所在", ["札幌市中央区北1条西2丁目"]),
    # not addresses
    ("佐賀市と唐津市の担当者会議。", []),
    ("第3条第1項第2号による。議案第5号。", []),
    ("資料3-1を参照。", []),
    ("市役所本庁舎4階の会議室。", []),
]

PHONE = [
    ("電話 090-1234-5678", ["090-1234-5678"]),
    ("TEL：0952(24)3111", ["0952(24)3111"]),
    ("(0952)24-3111 まで", ["(0952)24-3111"]),
    ("携帯０８０－１１１１－２２２２", ["０８０－１１１１－２２２２"]),
    ("連絡先 09012345678", ["09012345678"]),
    ("+81 90-1234-5678（海外）", ["+81 90-1234-5678"]),
    ("フリーダイヤル 0120-123-456", ["0120-123-456"]),
    ("03-1234-5678（代表）", ["03-1234-5678"]),
    # not phones
    ("令和6年4月1日、予算24,974千円", []),
    ("注文番号 0123456789", []),
    ("内線2345", []),
]

EMAIL = [
    ("メール：taro.yamada@example.jp まで", ["taro.yamada@example.jp"]),
    ("連絡はhanako_2024@mail.example.co.jp宛に", ["hanako_2024@mail.example.co.jp"]),
    ("E-mail dx@city.example.lg.jp", ["dx@city.example.lg.jp"]),
    ("@マークのないtaro.example.jpは対象外", []),
]

MY_NUMBER = [
    ("個人番号 123456789018", ["123456789018"]),
    ("マイナンバー：1234 5678 9018", ["1234 5678 9018"]),
    ("番号は１２３４－５６７８－９０１８です", ["１２３４－５６７８－９０１８"]),
    ("申請書に123456789018の記載", ["123456789018"]),  # valid check digit counts without a label
    ("個人番号 123456789012", []),  # wrong check digit: not a My Number
    ("記入例 000000000000", []),
    ("カード 4111 1111 1111 1111", []),  # the first 12 digits of a card are not a My Number
]

CORPORATE_NUMBER = [
    ("法人番号 7000012050002", ["7000012050002"]),
    ("登録番号 T7000012050002", ["7000012050002"]),
    ("法人番号 8000012050002", []),  # wrong check digit
]

POSTAL_CODE = [
    ("〒840-8501 佐賀市栄町1-1", ["840-8501"]),
    ("〒８４０８５０１", ["８４０８５０１"]),
    ("郵便番号 100-8914", ["100-8914"]),
    ("840-8501 佐賀県佐賀市栄町1-1", ["840-8501"]),
    ("資料番号 123-4567 を参照", []),
]

DATE_OF_BIRTH = [
    ("生年月日：昭和55年3月2日", ["昭和55年3月2日"]),
    ("山田様（S55.3.2生）", ["S55.3.2"]),
    ("平成元年生まれ", ["平成元年"]),
    ("1980年3月2日生まれの男性", ["1980年3月2日"]),
    ("生年月日 1980/03/02", ["1980/03/02"]),
    ("昭和五十五年三月二日生", ["昭和五十五年三月二日"]),
    ("佐藤花子さん（1980/03/02、45歳）", ["1980/03/02"]),  # a bracketed date right after a name
    ("会議は令和6年4月1日に開催。", []),
    ("佐藤花子さん（令和6年4月1日来庁）", []),
    ("生年月日：昭和65年1月1日", []),  # 昭和 ended in its 64th year
    ("令和元年出生数は2,300人", []),
]

AGE = [
    ("山田様（45歳）", ["45歳"]),
    ("満71歳の男性", ["71歳"]),
    ("長男（3歳5か月）", ["3歳5か月"]),
    ("年齢：82", ["82"]),
    ("65歳以上の方、18歳未満の児童、3歳児健診、20歳代", []),
    ("40歳から64歳までの方", []),
    ("平均年齢は45歳", []),
]

BANK_ACCOUNT = [
    ("佐賀銀行 本店営業部 普通 1234567", ["1234567"]),
    ("口座番号：７６５４３２１", ["７６５４３２１"]),
    ("ゆうちょ銀行 記号12340 番号12345671", ["12340 番号12345671"]),
    ("ゆうちょ 12340-12345671", ["12340-12345671"]),
    ("受付番号 1234567", []),
]

CREDIT_CARD = [
    ("カード番号 4111 1111 1111 1111", ["4111 1111 1111 1111"]),
    ("4111-1111-1111-1111で決済", ["4111-1111-1111-1111"]),
    ("AMEX 378282246310005", ["378282246310005"]),
    ("カード番号 4111 1111 1111 1112", []),  # Luhn fails
]

PASSPORT = [
    ("旅券番号 TK1234567", ["TK1234567"]),
    ("パスポート：ME7654321", ["ME7654321"]),
    ("型番 TK1234567 の部品", []),
]

DRIVER_LICENSE = [
    ("運転免許証番号 123456789012", ["123456789012"]),
    ("免許証 第２９１２３４５６７８９０号", ["２９１２３４５６７８９０"]),
    ("受付番号 123456789012", []),
]

HEALTH_INSURANCE = [
    ("保険者番号 01130012", ["01130012"]),
    ("保険者番号 01130013", []),  # wrong check digit
    ("被保険者番号 12345678", ["12345678"]),
    ("介護保険の被保険者番号 0000123456", ["0000123456"]),
    ("保険証の記号 12 番号 345", ["12 番号 345"]),
    ("整理番号 01130012", []),
]

BASIC_RESIDENT_CODE = [
    ("住民票コード 12345678901", ["12345678901"]),
    ("住民票コード：１２３４５６７８９０１", ["１２３４５６７８９０１"]),
    ("管理番号 12345678901", []),
]

IP_ADDRESS = [
    ("接続元IP 192.168.10.5 からアクセス", ["192.168.10.5"]),
    ("IPアドレス：１９２．１６８．１．１０１", ["１９２．１６８．１．１０１"]),
    ("送信元 2001:db8::1 を遮断", ["2001:db8::1"]),
    ("バージョン 3.2.1.5 に更新", []),
    ("会議は10:30:00に開始", []),
]

TABLES = {
    "PERSON": PERSON, "ADDRESS": ADDRESS, "PHONE": PHONE, "EMAIL": EMAIL, "MY_NUMBER": MY_NUMBER,
    "CORPORATE_NUMBER": CORPORATE_NUMBER, "POSTAL_CODE": POSTAL_CODE, "DATE_OF_BIRTH": DATE_OF_BIRTH,
    "AGE": AGE, "BANK_ACCOUNT": BANK_ACCOUNT, "CREDIT_CARD": CREDIT_CARD, "PASSPORT": PASSPORT,
    "DRIVER_LICENSE": DRIVER_LICENSE, "HEALTH_INSURANCE": HEALTH_INSURANCE,
    "BASIC_RESIDENT_CODE": BASIC_RESIDENT_CODE, "IP_ADDRESS": IP_ADDRESS,
}


def _check(detector, entity_type, text, expected):
    found = [f for f in detector.analyze(text) if f.entity_type == entity_type]
    assert [f.text for f in found] == expected, [(f.entity_type, f.text) for f in detector.analyze(text)]
    cursor = 0
    for f, surface in zip(found, expected):
        start = text.index(surface, cursor)
        assert (f.start, f.end) == (start, start + len(surface))
        assert text[f.start:f.end] == surface
        cursor = f.end


def _params(table):
    return pytest.mark.parametrize("text,expected", table, ids=[t for t, _ in table])


@_params(PERSON)
def test_when_person_case_then_exact_spans(detector, text, expected):
    _check(detector, "PERSON", text, expected)


@_params(ADDRESS)
def test_when_address_case_then_exact_spans(detector, text, expected):
    _check(detector, "ADDRESS", text, expected)


@_params(PHONE)
def test_when_phone_case_then_exact_spans(detector, text, expected):
    _check(detector, "PHONE", text, expected)


@_params(EMAIL)
def test_when_email_case_then_exact_spans(detector, text, expected):
    _check(detector, "EMAIL", text, expected)


@_params(MY_NUMBER)
def test_when_my_number_case_then_exact_spans(detector, text, expected):
    _check(detector, "MY_NUMBER", text, expected)


@_params(CORPORATE_NUMBER)
def test_when_corporate_number_case_then_exact_spans(detector, text, expected):
    _check(detector, "CORPORATE_NUMBER", text, expected)


@_params(POSTAL_CODE)
def test_when_postal_code_case_then_exact_spans(detector, text, expected):
    _check(detector, "POSTAL_CODE", text, expected)


@_params(DATE_OF_BIRTH)
def test_when_date_of_birth_case_then_exact_spans(detector, text, expected):
    _check(detector, "DATE_OF_BIRTH", text, expected)


@_params(AGE)
def test_when_age_case_then_exact_spans(detector, text, expected):
    _check(detector, "AGE", text, expected)


@_params(BANK_ACCOUNT)
def test_when_bank_account_case_then_exact_spans(detector, text, expected):
    _check(detector, "BANK_ACCOUNT", text, expected)


@_params(CREDIT_CARD)
def test_when_credit_card_case_then_exact_spans(detector, text, expected):
    _check(detector, "CREDIT_CARD", text, expected)


@_params(PASSPORT)
def test_when_passport_case_then_exact_spans(detector, text, expected):
    _check(detector, "PASSPORT", text, expected)


@_params(DRIVER_LICENSE)
def test_when_driver_license_case_then_exact_spans(detector, text, expected):
    _check(detector, "DRIVER_LICENSE", text, expected)


@_params(HEALTH_INSURANCE)
def test_when_health_insurance_case_then_exact_spans(detector, text, expected):
    _check(detector, "HEALTH_INSURANCE", text, expected)


@_params(BASIC_RESIDENT_CODE)
def test_when_basic_resident_code_case_then_exact_spans(detector, text, expected):
    _check(detector, "BASIC_RESIDENT_CODE", text, expected)


@_params(IP_ADDRESS)
def test_when_ip_address_case_then_exact_spans(detector, text, expected):
    _check(detector, "IP_ADDRESS", text, expected)


def test_when_every_type_has_a_table_then_the_vocabulary_is_covered():
    from assistant.settings import PII_TYPES

    assert set(TABLES) == set(PII_TYPES)
    for table in TABLES.values():
        assert any(exp for _, exp in table) and any(not exp for _, exp in table)
