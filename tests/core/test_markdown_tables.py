"""A Markdown table (a .md file's, or a web page's main text as the HTML loader gives it) is read as a PDF's tab
rows are, at the same offsets, and a row of text cells only is named by its first cell (session 38, demo dq27:
「生成AI利用ガイドラインで監査者を務めるのは誰ですか」 was read by no table reader). Pure functions, then the whole
`ask` with the real retriever, embedder and PII guard and the scripted generator."""

from __future__ import annotations

from assistant.lists import pipe_rows, table_cell
from tests.core.test_list_ends import one_hit  # noqa: F401 (the fixture)

# the demo guideline's 第4条 as the .md file writes it
ROLES = ("### 第4条（役割分担）\n\n生成AIの利用に関する役割は、次のとおりとする。\n\n| 役割 | 担当 | 主な責務 |\n"
         "| --- | --- | --- |\n| 総括責任者 | 副市長 | 生成AIの利用に関する全庁的な方針の決定 |\n"
         "| 管理者 | DX推進課長 | 承認済み環境の選定・管理、利用者の登録 |\n"
         "| 監査者 | 行政管理課長 | 利用状況及びログの監査、監査結果の総括責任者への報告 |\n\n"
         "管理者と監査者は、相互牽制の観点から、同一の者が兼ねてはならない。")
AUDITOR_Q = "生成AI利用ガイドラインで監査者を務めるのは誰ですか？"


def test_a_markdown_tables_rows_become_tab_rows_of_the_same_length():
    rows = pipe_rows(ROLES)
    assert len(rows) == len(ROLES)
    assert rows.split("\n")[4:8] == [
        "  役割 \t 担当 \t 主な責務  " + " " * 20,  # the rule below the header joins its line, as spaces
        "  総括責任者 \t 副市長 \t 生成AIの利用に関する全庁的な方針の決定  ",
        "  管理者 \t DX推進課長 \t 承認済み環境の選定・管理、利用者の登録  ",
        "  監査者 \t 行政管理課長 \t 利用状況及びログの監査、監査結果の総括責任者への報告  "]
    # an offset into the rows is one into the text
    assert ROLES[rows.index("行政管理課長"):].startswith("行政管理課長")
    # prose is left alone; an escaped pipe stays in its cell; a rule with colons is a rule too
    assert pipe_rows("A|B の比較") == "A|B の比較"
    assert pipe_rows("| 記号 | 意味 |\n|:---|---:|\n| a\\|b | 又は |") == (
        "  記号 \t 意味  " + " " * 12 + "\n  a\\|b \t 又は  ")


def test_a_row_of_text_cells_is_named_by_its_first_cell():
    rows = pipe_rows(ROLES)
    cell = table_cell(AUDITOR_Q, rows)
    assert (cell.row, cell.column, cell.value, ROLES[cell.start:cell.start + 5]) == (
        "監査者", "担当", "行政管理課長", "| 監査者")
    cell = table_cell("生成AI利用ガイドラインで、管理者の主な責務は何ですか？", rows)
    assert (cell.row, cell.column, cell.value) == ("管理者", "主な責務", "承認済み環境の選定・管理、利用者の登録")
    # no row named, or no column asked: no cell
    assert table_cell("生成AI利用ガイドラインで利用者を務めるのは誰ですか？", rows) is None
    assert table_cell("生成AI利用ガイドラインで監査者はいつ監査しますか？", rows) is None
    # the pipes as written are read by no table reader
    assert table_cell(AUDITOR_Q, ROLES) is None


def test_when_a_markdown_tables_cell_is_asked_then_it_is_read_without_the_model(one_hit):
    ans, gen, _ = one_hit({"roles": ("みどり野市 生成AI利用ガイドライン", ROLES, "第4条（役割分担）")})([])
    a = ans.ask(AUDITOR_Q)
    assert (a.answer, gen.calls, [c.hit.chunk.chunk_id for c in a.citations]) == (
        "表の「監査者」の行、「担当」の欄は「行政管理課長」です。[1]", [], ["roles"])
