"""A question asking why of what a passage's sentence says (「…が今後も必要だとしているのはなぜ」, 「…が増加している
理由は何」) is answered with the clause that gives the reason before those words, read without the model
(holdout92 h92q24, blind: the model gave a reason of its own). The pure reading, then the whole `ask` with the real
retriever, embedder and PII guard and a scripted generator that must not be called."""

from __future__ import annotations

import pytest

from assistant.grounding import reason_filler, slot_filler
from tests.core.test_list_ends import one_hit  # noqa: F401 (the fixture)
from tests.core.test_slot_filler import asked_without_model

# 佐世保市DX戦略's 窓口 bullets
COUNTER = ("- ✓ 手続きのオンライン化が進んでも、窓口で取り扱う手続きは一定数残ることから、来庁者に対する利便性の向上は今後も"
           "必要である\n- ✓ 本市では「歩かせない」「書かない」「待たせない」窓口として総合窓口を導入し、手続の効率化を進めている。")
COUNTER_Q = ("佐世保市DX戦略の窓口の課題で、手続きのオンライン化が進んでも来庁者に対する利便性の向上が今後も必要だとしているのは"
             "なぜですか？")
FINANCE = ("よって、人口減少などによる市税収入の減少の一方で、医療や介護等の社会保障関連経費の増加が見込まれることから、本市の"
           "財政環境はより厳しい状況となることが必至であり、今後も安定的な行政サービスを提供する必要があります。")
PROPOSAL = ("令和5年12月15日システム調達のため公募型プロポーザルを開始、3社から参加表明があったが最終的に3社とも辞退\n"
            "様々な事業者がデジタル技術を容易に活用できるようにするための環境整備を進めていきます。")


def test_the_clause_giving_the_reason_before_the_questions_words_is_read():
    assert reason_filler(COUNTER, COUNTER_Q) == "窓口で取り扱う手続きは一定数残ることから"
    # the clauses before it that run on into it, without the connective; 「…が必至とされているのは」 for 「…ことが必至」
    assert reason_filler(FINANCE, "柳川市の財政環境が今後より厳しい状況になるのが必至とされているのは、なぜですか？") == (
        "人口減少などによる市税収入の減少の一方で、医療や介護等の社会保障関連経費の増加が見込まれることから")
    # 「…理由は何」; a reason with no comma before the words (「…ため「DX推進課」に改組しました」)
    assert reason_filler("- 本市では、大雨等の頻発化により、災害警戒本部や避難所の設置回数が増加している。",
                         "防災分野で、災害警戒本部や避難所の設置回数が増加している理由は何だとされていますか？") == "大雨等の頻発化により"
    assert reason_filler("2023年(令和5年)4月に、スマートシティ構想及びEBPMを強力に推し進めるため「DX推進課」に改組しました。",
                         "佐賀市がDX推進室を「DX推進課」に改組したのはなぜですか？") == "スマートシティ構想及びEBPMを強力に推し進めるため"


@pytest.mark.parametrize("text, question", [
    # no why is asked
    (COUNTER, "佐世保市DX戦略で、来庁者に対する利便性の向上は今後も必要ですか？"),
    # the reason belongs to another predicate (開始), and 「…ための環境整備」 names a purpose of a noun
    (PROPOSAL, "SHIPS・学齢簿システムの公募型プロポーザルで、参加表明した3社が最終的に辞退したのはなぜですか？"),
    (PROPOSAL, "柳川市が事業者向けの環境整備を進めるのはなぜですか？"),
    # the words between the reason and the question's last word are mostly not the question's
    (FINANCE, "柳川市が今後も安定的な行政サービスを提供する必要があるのはなぜですか？"),
    # the reason is the question's own words
    (COUNTER, "窓口で取り扱う手続きは一定数残ることから、来庁者に対する利便性の向上が今後も必要だとしているのはなぜですか？"),
])
def test_no_reason_is_read_where_the_text_does_not_give_one_for_the_questions_words(text, question):
    assert reason_filler(text, question) is None


def test_a_particle_the_question_leaves_out_before_its_asking_word_is_no_part_of_the_filler():
    text = "就業構造の転換に対応していくためには人材育成や教育改革の必要性が求められています。"
    question = "就業構造の転換に対応していくために何の必要性が求められているとしていますか？"
    assert slot_filler(text, question, after_min=3, with_head=True) == "人材育成や教育改革"


def test_a_why_question_is_answered_from_the_passage_without_the_model(one_hit):
    world = one_hit({"sasebo": ("佐世保市DX戦略", COUNTER, "窓口の現状と問題点")})
    assert asked_without_model(world, COUNTER_Q) == (
        "「窓口で取り扱う手続きは一定数残ることから」です。[1]", False, 0, ["sasebo"],
        "cloze read from the passage: 窓口で取り扱う手続きは一定数残ることから")


def test_of_two_fillers_the_one_the_question_names_itself_is_not_the_answer():
    # holdout94 h94q19: 佐世保市DX戦略's デジタルデバイド対応; the question names 年齢や障がい・言語 as not asked
    text = ("- 市民・事業者は、窓口対応や市からの行政サービスの提供において年齢や障がい・言語を問わず、DXのメリットを享受することが"
            "できる。\n- 市民・事業者は地域を問わず、デジタルを活用することができる。")
    asked = "「デジタルデバイド対応」では、市民・事業者は何を問わずデジタルを活用できるとされていますか？"
    assert slot_filler(text, asked + "（年齢や障がい・言語とは別の項目）", after_min=3, with_head=True) == "地域"
    assert slot_filler(text, asked, after_min=3, with_head=True) is None  # two fillers, neither named
