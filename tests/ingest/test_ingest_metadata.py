"""和暦/西暦 parsing, date ranges and document-level metadata detection (table-driven)."""

from __future__ import annotations

import pytest

from ingest.metadata import (
    detect_department,
    detect_doc_type,
    detect_document_date,
    detect_title,
    fiscal_year_range,
    parse_date_range,
    parse_wareki_date,
)

WAREKI_CASES = [
    ("令和6年4月8日", "2024-04-08"),
    ("R6.4.8", "2024-04-08"),
    ("r6.4.8", "2024-04-08"),
    ("R4. 3. 24", "2022-03-24"),
    ("令和６年４月８日（月）", "2024-04-08"),  # full-width digits
    ("令和六年四月八日", "2024-04-08"),  # kanji numerals
    ("令和元年5月1日", "2019-05-01"),  # first day of 令和
    ("令和元年十二月二十五日", "2019-12-25"),
    ("平成31年4月30日", "2019-04-30"),  # last day of 平成
    ("H31.4.30", "2019-04-30"),
    ("平成元年1月8日", "1989-01-08"),
    ("昭和64年1月7日", "1989-01-07"),
    ("昭和元年12月25日", "1926-12-25"),
    ("S55.3.2", "1980-03-02"),
    ("㋿6年4月8日", None),  # ㋿ is one glyph; NFKC gives 令和 -> see next case
    ("令和 6 年 4 月 8 日", "2024-04-08"),
    ("2024年4月8日", "2024-04-08"),
    ("2024/4/8", "2024-04-08"),
    ("2024-04-08", "2024-04-08"),
    ("開会日は令和6年6月12日（水曜日）です", "2024-06-12"),
]

INVALID_CASES = [
    "令和元年4月30日",  # before 令和 began
    "平成元年1月7日",  # before 平成 began
    "令和6年2月30日",  # no such day
    "令和6年13月1日",
    "R6.2.30",
    "第3条",
    "24,974千円",
    "39.9%",
    "",
]


@pytest.mark.parametrize(("text", "iso"), [c for c in WAREKI_CASES if c[1] is not None])
def test_when_wareki_or_seireki_day_given_then_iso_date(text, iso):
    assert parse_wareki_date(text) == iso


def test_when_reiwa_ligature_given_then_normalised_to_reiwa():
    assert parse_wareki_date("㋿6年4月8日") == "2024-04-08"


@pytest.mark.parametrize("text", INVALID_CASES)
def test_when_date_does_not_exist_then_none(text):
    assert parse_wareki_date(text) is None


@pytest.mark.parametrize(
    ("text", "partial", "iso"),
    [
        ("令和4年3月", True, "2022-03-01"),
        ("令和4年3月", False, None),
        ("令和4(2022)年10月", True, "2022-10-01"),
        ("令和 6 年 3 月", True, "2024-03-01"),
        ("令和元年", True, "2019-01-01"),
        ("令和元年4月", True, None),  # month entirely before 令和
    ],
)
def test_when_partial_date_then_first_day_only_if_asked(text, partial, iso):
    assert parse_wareki_date(text, partial=partial) == iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6年度", ("2024-04-01", "2025-03-31")),
        ("令和元年度", ("2019-04-01", "2020-03-31")),
        ("平成32年度", ("2020-04-01", "2021-03-31")),  # proleptic era year used in old plans
        ("2024年度", ("2024-04-01", "2025-03-31")),
        ("R6年度", ("2024-04-01", "2025-03-31")),
        ("令和6年", None),
        ("予算", None),
    ],
)
def test_when_fiscal_year_then_april_to_march(text, expected):
    assert fiscal_year_range(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6年度", ("2024-04-01", "2025-03-31")),
        ("令和6年", ("2024-01-01", "2024-12-31")),
        ("令和6年2月", ("2024-02-01", "2024-02-29")),
        ("令和6年4月8日", ("2024-04-08", "2024-04-08")),
        ("R6.4.1～R6.6.30", ("2024-04-01", "2024-06-30")),
        ("令和6年4月1日から6月30日まで", ("2024-04-01", "2024-06-30")),
        ("令和6年4月〜6月", ("2024-04-01", "2024-06-30")),
        ("2024/4/1 - 2024/9/30", ("2024-04-01", "2024-09-30")),
        ("令和5年度以降", ("2023-04-01", None)),
        ("令和6年3月まで", (None, "2024-03-31")),
        ("～令和6年3月31日", (None, "2024-03-31")),
        ("いつでも", (None, None)),
    ],
)
def test_when_period_text_then_inclusive_range(text, expected):
    assert parse_date_range(text) == expected


@pytest.mark.parametrize(
    ("filename", "title", "turns", "expected"),
    [
        ("minutes_2024_06.txt", "令和6年第2回みどり野市議会定例会会議録（第3号）", 31, "minutes"),
        ("x.txt", "総務委員会 議事録", 0, "minutes"),
        ("x.txt", "無題", 5, "minutes"),  # content: speaker turns
        ("manual_madoguchi.md", "窓口業務マニュアル", 0, "manual"),
        ("x.docx", "住民異動届 事務処理の手引き", 0, "manual"),
        ("bulletin_2024_07.md", "市報みどり野 2024年7月号", 0, "bulletin"),
        ("x.html", "広報だより 8月号", 0, "bulletin"),
        ("guideline_generative_ai.md", "生成AI利用ガイドライン", 0, "guideline"),
        ("x.txt", "佐賀市DX推進方針", 0, "guideline"),
        ("x.txt", "佐世保市DX戦略", 0, "guideline"),
        ("001.txt", "第1回 佐賀市DX推進本部会議", 0, "other"),  # meeting material, no turns
        ("faq.csv", "faq", 0, "manual"),  # FAQ lists are counter manuals
        ("questions.csv", "よくあるご質問", 0, "manual"),
        ("list.csv", "一覧", 0, "other"),
    ],
)
def test_when_title_name_or_turns_then_doc_type(filename, title, turns, expected):
    assert detect_doc_type(filename=filename, title=title, head="", speaker_turns=turns) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("佐賀市DX推進方針\n\n令和4年3月\n(令和5年4月改訂)\n", "2023-04-01"),  # latest revision
        ("# 市報\n\n令和6年7月1日発行（No.845）\n本文。令和7年12月1日まで使えます。", "2024-07-01"),
        ("題\n令和6年9月17日 決定\n令和6年10月1日 施行\n", "2024-10-01"),
        ("題\n\n日にち 令和6年4月8日（月）\n", "2024-04-08"),
        ("佐伯市 D X 推進計画\n\n令和 6 年 3 月\n佐伯市\n", "2024-03-01"),
        ("題\n" + "本文です。\n" * 20 + "令和2年7月2日時点の数値。\n", None),  # body dates are not the document's
    ],
)
def test_when_header_has_dates_then_document_date(head, expected):
    assert detect_document_date(head) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("# マニュアル\n\nみどり野市 市民部 市民課\n最終改訂：令和6年10月1日", "市民課"),
        ("# 市報\n令和6年7月1日発行\n発行：みどり野市 企画政策部 広報広聴課\n", "広報広聴課"),
        ("佐世保市DX戦略\n令和4年2月\n佐世保市DX推進室\n", "DX推進室"),
        ("お問い合わせ先：子育て支援課 電話 0120-000-000", "子育て支援課"),
        ("本文では市民課と福祉課が協力して対応します。", None),
    ],
)
def test_when_header_names_a_unit_then_department(head, expected):
    assert detect_department(head) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\n\n柳川市デジタル\nトランスフォーメーション\n(DX) 推進計画\n\n令和4(2022)年10月", "柳川市デジタルトランスフォーメーション(DX) 推進計画"),
        ("\n日にち 令和6年4月8日（月）\n\n時間 15:00～\n\n場所 庁議室\n\n令和6年度\n\n第1回 佐賀市DX推進本部会議\n", "第1回 佐賀市DX推進本部会議"),
        ("\u3000\u3000令和6年第2回みどり野市議会定例会会議録（第3号）\n", "令和6年第2回みどり野市議会定例会会議録（第3号）"),
        ("", "fallback"),
    ],
)
def test_when_plain_text_then_title_from_first_lines(text, expected):
    assert detect_title(text, fallback="fallback") == expected
