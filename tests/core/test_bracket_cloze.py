"""A question asking what the bracket after a word holds (「…その利用の例として括弧書きで挙がっているのは何」) is
answered with the bracket's content, read without the model (holdout89 h89q11, blind: the model gave a phrase of
the next lines). The pure reading, then the whole `ask` with the real retriever, embedder and PII guard and a
scripted generator that must not be called."""

from __future__ import annotations

import pytest

from assistant.grounding import bracket_filler
from tests.core.test_list_ends import one_hit  # noqa: F401 (the fixture)
from tests.core.test_slot_filler import asked_without_model

# 柳川市DX推進計画's definition of open data, and the next lines a reader must not give
OPEN_DATA = ("オープンデータとは、国や地方公共団体が保有するデータのうち、誰もが規約の範囲内で容易に利用（加工、編集、再配布等）"
             "できるよう、以下のいずれの項目にも該当する形で公開されたデータのことです。\n"
             "① 営利目的、非営利目的を問わず二次利用可能なルールが適用されたもの\n"
             "② 機械判読に適したもの\n③ 無償で利用できるもの\n"
             "インターネットの利用目的は、電子自治体の利用(電子申請等)ではほとんど使われていない。")
OPEN_DATA_Q = ("柳川市DX推進計画のオープンデータの説明で、誰もが規約の範囲内で容易に「利用」できるとされていますが、"
               "その利用の例として括弧書きで挙がっているのは何ですか？")
BUDGET = ("窓口業務改革\t窓口予約システム、リモート窓口(支所等外部拠点の活用)、市民ニーズの把握・業務の見直し(BPR)支援等\n"
          "データ利活用関連\tデータ連携基盤(センサーデータ等の活用)の運用、データマネジメント")


def test_the_bracket_after_the_word_the_question_names_is_read():
    assert bracket_filler(OPEN_DATA, OPEN_DATA_Q) == "加工、編集、再配布等"
    assert bracket_filler(BUDGET, "窓口業務改革で、リモート窓口は何を活用するものと括弧書きされていますか？") == "支所等外部拠点の活用"
    assert bracket_filler(BUDGET, "データ連携基盤は、括弧書きで何を活用するものとされていますか？") == "センサーデータ等の活用"
    # the frame of the content is dropped: 例えば, 以下「…」という
    assert bracket_filler("複数部局が利用するデータ(例えば道路、街区、建物、河川など)を各部局で共有できる。",
                          "「複数部局が利用するデータ」の例として括弧書きで挙げられているものは何ですか？") == "道路、街区、建物、河川など"
    assert bracket_filler("「地方公共団体情報システムの標準化に関する法律」(以下「標準化法」という。)が施行された。",
                          "「地方公共団体情報システムの標準化に関する法律」は、括弧書きで何と略されていますか？") == "標準化法"


@pytest.mark.parametrize("text, question", [
    # the question asks no bracket
    (OPEN_DATA, "柳川市DX推進計画で、オープンデータは誰もが規約の範囲内で容易に何ができるデータですか？"),
    # 「の利用」 is no word (the particle starts it), and 「利用(…)では」 shares too little with 「利用」できる
    (OPEN_DATA.split("\n")[-1], OPEN_DATA_Q),
    # the words before a bracket are named far from the question's 括弧書き (more than 12 characters before it)
    (BUDGET, "リモート窓口について、窓口業務改革の事業概要に書かれている括弧書きは何ですか？"),
    # two brackets after the same word hold different words
    ("リモート窓口(支所の活用)を進め、リモート窓口(出張所の活用)も検討する。", "リモート窓口は括弧書きで何を活用するとされていますか？"),
])
def test_no_bracket_is_read_where_the_question_does_not_name_the_word_before_it(text, question):
    assert bracket_filler(text, question) is None


def test_a_bracket_question_is_answered_from_the_passage_without_the_model(one_hit):
    world = one_hit({"yanagawa": ("柳川市DX推進計画", OPEN_DATA, "オープンデータの推進")})
    assert asked_without_model(world, OPEN_DATA_Q) == ("「加工、編集、再配布等」です。[1]", False, 0, ["yanagawa"],
                                                       "cloze read from the passage: 加工、編集、再配布等")
