"""A list asked by its first or last item and named by a work's title 『…』 is read below the title's own line,
before the bare name the question adds (「事業内容」), which another list may head (session 38, holdout87 h87q05
and holdout88 h88q10). Pure functions, then the whole `ask` with the real retriever, embedder and PII guard and
the scripted generator."""

from __future__ import annotations

from assistant.lists import asked_end, end_item
from tests.core.test_list_ends import one_hit  # noqa: F401 (the fixture)

# 佐賀市 DX 推進本部会議資料's slide as the PDF text gives it: the title stands on its own line above the items
TYPE3 = ("【TYPE 3】\nみんなで創る・誰もが使える！\n『スマート・ローカル！SAGACITY』\n\n- ・スーパーアプリのバージョンアップ\n"
         "- ・データ連携基盤、データマネジメントシステム\n- ・地域コミュニティミニアプリ等の機能強化\n"
         "- ・生成AIによる業務効率化及びサービス向上\n【TYPE 1】\n\n- ① 窓口改革の推進\n- ② 包括支援プログラム導入")
# the same words in a sentence, in 「」, and another list headed by the bare name
DECLARED = ("本市では令和4年7月26日に「佐賀市スマートシティ宣言」を行い、「スマート・ローカル！SAGACITY」の実現を"
            "目指しています。")
OTHER = "事業内容\n\n- ・窓口のオンライン予約\n- ・庁内ネットワークの更新\n\n以上の事業を実施する。"
FIRST_Q = ("デジ田交付金（R6年度実施）の佐賀市の【TYPE 3】『スマート・ローカル！SAGACITY』の事業内容で、"
           "いちばん最初に挙がっているものは何ですか？")
LAST_Q = "佐賀市のデジ田交付金TYPE3事業『スマート・ローカル！SAGACITY』の事業内容として、最後に挙げられている項目は何ですか？"


def test_a_work_title_in_the_lists_name_is_tried_in_its_brackets_before_the_bare_tail():
    assert asked_end(FIRST_Q) == ([
        "デジ田交付金（R6年度実施）の佐賀市の【TYPE 3】『スマート・ローカル！SAGACITY』の事業内容",
        "佐賀市の【TYPE 3】『スマート・ローカル！SAGACITY』の事業内容",
        "【TYPE 3】『スマート・ローカル！SAGACITY』の事業内容",
        "『スマート・ローカル！SAGACITY』", "事業内容",
        "デジ田交付金の佐賀市の【TYPE 3】『スマート・ローカル！SAGACITY』の事業内容"], False)
    # 「…として、」 closes the name as 「…で、」 does
    assert asked_end(LAST_Q) == ([
        "佐賀市のデジ田交付金TYPE3事業『スマート・ローカル！SAGACITY』の事業内容",
        "デジ田交付金TYPE3事業『スマート・ローカル！SAGACITY』の事業内容",
        "『スマート・ローカル！SAGACITY』", "事業内容"], True)
    # a name without a title gains nothing
    assert asked_end("地域子ども・子育て支援事業で、最初に挙がっているのは？") == (["地域子ども・子育て支援事業"], False)
    assert end_item(TYPE3, "『スマート・ローカル！SAGACITY』", last=False) == "スーパーアプリのバージョンアップ"
    assert end_item(TYPE3, "『スマート・ローカル！SAGACITY』", last=True) == "生成AIによる業務効率化及びサービス向上"
    # the sentence holding the words in 「」 heads no list
    assert end_item(DECLARED, "『スマート・ローカル！SAGACITY』", last=False) is None


def test_when_a_titled_lists_first_or_last_item_is_asked_then_it_is_read_below_the_title_without_the_model(one_hit):
    world = one_hit({"type3": ("佐賀市DX推進本部会議資料", TYPE3, "デジタル田園都市国家構想交付金"),
                     "declared": ("佐賀市DX推進計画", DECLARED, "スマートシティ構想の実現"),
                     "other": ("佐賀市窓口改革計画", OTHER, "事業内容")})
    for question, answer in [
            (FIRST_Q, "『スマート・ローカル！SAGACITY』の最初に挙げられているのは「スーパーアプリのバージョンアップ」です。[1]"),
            (LAST_Q, "『スマート・ローカル！SAGACITY』の最後に挙げられているのは「生成AIによる業務効率化及びサービス向上」です。[1]")]:
        ans, gen, _ = world([])
        a = ans.ask(question)
        assert (a.answer, gen.calls, [c.hit.chunk.chunk_id for c in a.citations]) == (answer, [], ["type3"])
