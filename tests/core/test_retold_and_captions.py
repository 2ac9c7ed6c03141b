"""A table named by its caption's words, a filler that is an asking word itself, a term glossed without
brackets, siblings of another sentence than the one the question retells, a place the question asks about
rather than for, a figure's 【出典】 line, a name no passage writes, a glossary term asked by its explanation,
and the place after a numbered quoted item (session 34, holdout75 to holdout78, blind). Pure functions, then the whole `ask` with the real retriever, embedder and PII guard and the scripted
generator."""

from __future__ import annotations

from assistant.answer import Answerer
from assistant.context import Passage
from assistant.grounding import slot_filler
from assistant.lists import (Cell, _table_cell, asked_positions, asked_sources, described_term, glossary_entry,
                             source_of, table_cell, told_run)
from assistant.textutil import holds_term
from assistant.types import Chunk, Hit
from tests.core.test_list_ends import _asked, _read_all, one_hit  # noqa: F401 (one_hit is a fixture)

# 佐世保市DX戦略's table of births: the 出生率 rows under one group label
BIRTHS = ("\t\t平成25年\t平成26年\t平成27年\t平成28年\t平成29年\t平成30年\t令和元年\n"
          "出生数（佐世保市）\t\t2,392\t2,280\t2,234\t2,159\t2,059\t1,996\t1,947\n"
          "出生率 合計特殊\t全国\t1.43\t1.42\t1.45\t1.44\t1.43\t1.42\t1.36\n"
          "\t長崎県\t1.64\t1.66\t1.67\t1.71\t1.70\t1.68\t1.66")
BIRTHS_Q = "佐世保市DX戦略の出生数・合計特殊出生率の表で、平成29年の全国の合計特殊出生率はいくつになっていますか？"
# 柳川市DX推進計画: the sentence a question retells, and an IoT paragraph that lists the same item
EFFECT = ("期待される効果\t<p>多様な主体によるオープンデータの利活用が可能になることで、既存の市民サービスの高度化や、"
          "地域課題解決に資する新たなサービスの創出が期待される。</p>")
IOT = ("このように、IoT により収集した様々なデータが共有・分析されることで、社会課題の解決や新たなサービスの創出が"
       "期待されます。")
EFFECT_Q = ("柳川市DX推進計画の施策「(4) 官民データ活用の推進」の期待される効果では、多様な主体によるオープンデータの"
            "利活用が可能になることで、新たなサービスの創出のほかに何が期待されるとしていますか？")
# 佐世保市DX戦略's slide text: each figure's caption, blank lines, then its source
FIGURES = ("産業分類別 総生産の推移\n\n\n\n \n【出典】長崎県 平成30年度 長崎県の市町民経済計算\n\n"
           "佐世保市の企業数等の増減率\n\n\n\n【出典】経済センサス\n【注記】企業数は、法人と個人事業所を合算した数値。\n\n"
           "自然災害\t主な被災履歴\n大雨・豪雨\t・H30 7月 西日本豪雨\n渇水\t・H6～7 最大43時間断水\n\n"
           "【出典】佐世保市国土強靱化地域計画\n\n自然災害や感染症への対応\n\n本市では避難所の設置を行っています。\n\n"
           "【出典】佐世保市 災害関連データより作成")
# 佐賀市DX推進方針's glossary: a line with the term, its explanation in the paragraphs below
TERMS = ("チャットボット\n\n「チャット」と「ロボット」を組み合わせた造語。文字入力や音声入力（質問）に対して、自動的に返答を"
         "するプログラムのこと。\n\nAI を活用することで自己学習し、より精度の高い返答をできるようになる。\n\n\n\n"
         "データ駆動型社会\n\n実世界とサイバー空間との相互関連が、社会のあらゆる領域に実装され、大きな社会的価値を生み出して"
         "いく社会。\n\nデジタルデバイド\n\nインターネットやパソコン等の情報通信技術を利用できる人と利用できない人との間に"
         "生じる格差のこと。")
BOT_Q = "佐賀市DX推進方針の用語集で、「チャット」と「ロボット」を組み合わせた造語だと説明されている用語は何ですか？"
SOURCE_Q = "佐世保市DX戦略の「産業分類別 総生産の推移」のグラフは、何という資料を出典にしていますか？"
PROMPT_Q = ("佐賀市の生成AIトライアル利用例のプロンプト④では、DX推進本部会議は本市のデジタル・トランスフォーメーションを"
            "どのような体制で推進するものと説明されていますか？")


def test_words_naming_the_table_name_no_row():
    # holdout76 h76q22, blind: 出生数 in the caption named the 出生数 row too, and no row was read
    assert _table_cell(BIRTHS_Q, BIRTHS, "佐世保市DX戦略") is None
    assert table_cell(BIRTHS_Q, BIRTHS, "佐世保市DX戦略") == Cell("全国", "平成29年", "1.43", 96)
    assert table_cell("佐世保市DX戦略の出生数・合計特殊出生率の表で、平成29年の長崎県の合計特殊出生率はいくつですか？",
                      BIRTHS, "佐世保市DX戦略") == Cell("長崎県", "平成29年", "1.70", BIRTHS.index("\t長崎県"))


def test_a_filler_that_is_an_asking_word_is_no_filler():
    # holdout75 h75q02, blind: the text asks 何 where the question does, and 「何」 was given as the answer
    text = "日常生活に関係の深い6つの分野について、普段どんな方法で情報を主に何で得ているかをみてみた。"
    question = "令和元年度の佐賀市民意向調査の「情報の入手方法」では、日常生活に関係の深いいくつの分野について、情報を主に何で得ているかを調べていますか？"
    assert slot_filler(text, question) is None
    assert slot_filler("情報を主にテレビで得ている人が多い。", "情報を主に何で得ている人が多いですか？") == "テレビ"


def test_a_term_glossed_in_brackets_stands_beside_its_gloss():
    # holdout76 h76q18, blind: the slide writes 「メクビット MEXCBT」, and the term was judged absent
    slide = "学びの保障オンライン学習システム メクビット MEXCBT MEXT + CBT 文部科学省 Computer Based Testing"
    assert holds_term(slide, "MEXCBT（メクビット）") is True
    assert holds_term("MEXCBT MEXT + CBT", "MEXCBT（メクビット）") is False


def test_the_sentence_a_question_retells_shares_a_long_run_of_it():
    assert told_run(EFFECT_Q, EFFECT, "新たなサービスの創出") == 29
    assert told_run(EFFECT_Q, IOT, "新たなサービスの創出") == 5
    assert told_run(EFFECT_Q, "新しいサービスの創出が期待される。", "新たなサービスの創出") == 0


def test_a_place_followed_by_a_subject_of_its_own_is_asked_about_not_for():
    assert asked_positions(PROMPT_Q) == []
    assert asked_positions("佐賀市のプロンプトって①〜④で組み立てられてるけど、①では何を定義してるの？") == [
        ("プロンプト", 1, ())]


def test_the_caption_table_and_the_source_are_read_and_the_retold_sentence_goes_to_the_model(one_hit):
    world = one_hit({"births": ("佐世保市DX戦略", BIRTHS, "第3章 佐世保市の変革"),
                     "figures": ("佐世保市DX戦略", FIGURES, "第1章 戦略策定の背景"),
                     "terms": ("佐賀市DX推進方針", TERMS, "3 用語集")})
    got, want = _read_all(world, [
        (BIRTHS_Q, "表の「全国」の行、「平成29年」の欄は「1.43」です。[1]", "births"),
        (SOURCE_Q, "「産業分類別 総生産の推移」の出典は「長崎県 平成30年度 長崎県の市町民経済計算」です。[1]", "figures"),
        (BOT_Q, "「チャットボット」です。[1]", "terms")])
    assert got == want
    # the IoT paragraph's 「社会課題の解決」 was read without the model (holdout76 h76q10, blind); now the model
    # answers from the sentence the question retells
    world = one_hit({"effect": ("柳川市DX推進計画", EFFECT, "(4) 官民データ活用の推進"),
                     "iot": ("柳川市DX推進計画", IOT, "IoT")})
    reply = "新たなサービスの創出のほかに、既存の市民サービスの高度化が期待されるとしています。[1]"
    answer, calls, cited = _asked(world, EFFECT_Q, (reply,))
    assert (answer, len(calls), cited) == (reply, 1, ["effect"])


def test_a_figure_source_is_the_source_line_below_its_caption():
    assert asked_sources(SOURCE_Q) == ["産業分類別 総生産の推移"]
    assert asked_sources("佐世保市DX戦略の防災分野にある大規模自然災害（大雨・台風・地震・渇水）の主な被災履歴の表は、"
                         "何という資料が出典になっていますか？") == [
        "佐世保市DX戦略の防災分野にある大規模自然災害（大雨・台風・地震・渇水）の主な被災履歴",
        "防災分野にある大規模自然災害（大雨・台風・地震・渇水）の主な被災履歴",
        "大規模自然災害（大雨・台風・地震・渇水）の主な被災履歴", "主な被災履歴"]
    assert asked_sources("「佐世保市情報化に係る市民アンケート調査」って、いつの調査？") == []
    assert source_of(FIGURES, "産業分類別 総生産の推移") == "長崎県 平成30年度 長崎県の市町民経済計算"
    assert source_of(FIGURES, "佐世保市の企業数等の増減率") == "経済センサス"
    assert source_of(FIGURES, "主な被災履歴") == "佐世保市国土強靱化地域計画"  # below the table's rows
    assert source_of(FIGURES, "自然災害や感染症への対応") is None  # a paragraph stands before the next source
    assert source_of(FIGURES + "\n\n佐世保市の企業数等の増減率\n\n【出典】経済センサス活動調査",
                     "佐世保市の企業数等の増減率") is None  # two places give two sources


# 佐世保市DX戦略's slides: a caption, the slide's bullet, then the source; two figures side by side, two sources
SLIDES = ("観光客数の推移\n\n- 新型コロナウイルスの影響もあり、佐世保市における観光客数は大きく減少している。\n\n\n\n"
          "【出典】佐世保市観光統計より作成\n\n佐世保市のPCR等検査実績\n\n■ 令和2年度は、災害対策本部を2回開設\n\n"
          "【出典】佐世保市 災害関連データより作成\n【出典】佐世保市ホームページ「行政検査（PCR等検査）の実績（令和2年7月2日時点）」\n\n"
          "No.\t観光庁R2年度支援テーマ\t概要\n1\t宙ツーリズム\t星空を楽しむ観光\n\n【出典】観光庁R2年度選定テーマ実施内容一覧より作成")


def test_a_source_below_the_slides_bullets_and_what_it_was_made_from():
    # holdout79 h79q21 and h79q22, blind: 「…をもとに作成されていますか」 asks the source too; the model declined
    # one and retold the bullet as the other's source
    assert asked_sources("佐世保市DX戦略の観光の背景で、「観光客数の推移」のグラフは何をもとに作成されていますか？") == ["観光客数の推移"]
    assert asked_sources("佐世保市DX戦略に載っている観光庁R2年度支援テーマの表は、何という資料をもとに作成されていますか？") == [
        "佐世保市DX戦略に載っている観光庁R2年度支援テーマ", "観光庁R2年度支援テーマ"]
    assert source_of(SLIDES, "観光客数の推移") == "佐世保市観光統計"  # below the bullet, 「より作成」 is no part of it
    assert source_of(SLIDES, "観光庁R2年度支援テーマ") == "観光庁R2年度選定テーマ実施内容一覧"
    assert source_of(SLIDES, "佐世保市のPCR等検査実績") is None  # two sources in a row: whose is which is not written
    # a question asking when is no question for the source (holdout76 h76q23: 令和2年7月2日時点)
    assert asked_sources("「佐世保市のPCR等検査実績」は、市ホームページのいつ時点の実績を出典としていますか？") == []


def test_a_name_asked_must_stand_in_a_passage_as_written():
    # holdout76 h76u01, blind: the documents name no app, and the model joined one from the question's words
    text = ("新規：オンライン特定保健指導 (保険年金課)：【令和2年度に実施】 対象者のスマートフォン等にダウンロードした"
            "アプリを用いて、オンラインによる個人面談を実施するためのシステムを導入した。")
    chunk = Chunk(chunk_id="g:0", doc_id="g", text=text, start=0, end=len(text), source="g.txt", path="/d/g.txt")
    passages = [Passage(n=1, hit=Hit(chunk=chunk, score=1.0, rank=1), relevance=1.0)]
    q = "佐賀市のオンライン特定保健指導で使っているスマートフォンアプリは、何という名前のアプリですか？"
    reply = "佐賀市のオンライン特定保健指導で使っているスマートフォンアプリは、オンライン特定保健指導アプリです。[1]"
    assert Answerer.invented_name(reply, q, passages) == "オンライン特定保健指導アプリ"
    assert Answerer.invented_name("アプリの名前は記載されていませんが、個人面談のシステムです。[1]", q, passages) is None
    assert Answerer.invented_name(reply, "オンライン特定保健指導ではどんなアプリを使っていますか？", passages) is None


def test_a_glossary_term_is_read_by_the_explanation_the_question_retells():
    # holdout78 h78q03, blind: the model named データ駆動型社会 for 「「チャット」と「ロボット」を組み合わせた造語」
    assert described_term(BOT_Q, TERMS) == "チャットボット"
    assert described_term("用語集で、情報通信技術を利用できる人と利用できない人との間に生じる格差のことを何と呼んでいますか？",
                          TERMS) == "デジタルデバイド"
    assert described_term("用語集で、チャットボットは何と説明されていますか？", TERMS) is None  # asks no term
    assert described_term("用語集で、自動的に返答するチャットボットは何と呼ばれていますか？", TERMS) is None  # names it
    assert described_term("用語集で、社会のことを何と呼んでいますか？", TERMS) is None  # too short a run


def test_a_gloss_line_under_a_term_is_no_term_and_leads_into_its_explanation():
    # the gloss line 「Digital Transformation、略称は「DX」」 was taken for the term, its explanation for the gloss's
    dx = ("デジタル・トランスフォーメーション\n\nDigital Transformation、略称は「DX」\n\n「I Tの浸透が、人々の生活を"
          "あらゆる面でより良い方向に変化させる」という概念。\n\nテレワーク\n\n自宅を就業場所とする「在宅勤務」の総称。")
    question = "用語集で、ITの浸透が人々の生活をあらゆる面でより良い方向に変化させるという概念は何と呼ばれていますか？"
    assert described_term(question, dx) == "デジタル・トランスフォーメーション"
    assert glossary_entry(dx, "デジタル・トランスフォーメーション", glossary=True) == (
        "Digital Transformation、略称は「DX」 「I Tの浸透が、人々の生活をあらゆる面でより良い方向に変化させる」という概念。")
    assert glossary_entry(dx, "テレワーク", glossary=True) == "自宅を就業場所とする「在宅勤務」の総称。"


def test_the_place_after_a_numbered_quoted_item_asks_for_the_next_item():
    # holdout78 h78q08, blind: the third item of 「2 今後の予定」's own list was given for the slide's third part
    q = "基幹系情報システムの標準化のスライドは「1 これまでの進捗」「2 今後の予定」に続いて、3番目に何を示していますか？"
    assert asked_positions(q) == []
    assert asked_positions("「2 今後の予定」で、2番目に挙げられているのは何ですか？") == [("2 今後の予定", 2, ())]
