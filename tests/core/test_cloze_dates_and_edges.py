"""A question that copies a passage's words after a date and asks いつ in its place is answered with that date
(session 38, demo dq13: 「書かない窓口はいつから稼働を開始する予定ですか」 was answered with 7月中, the date of the
clause before); a cloze whose edge before the asking word is kana alone (「ことから、」) is read only where the words
before it share one with the question's (holdout89 h89q23). The pure reading, then the whole `ask` with the real
retriever, embedder and PII guard and a scripted generator that must not be called."""

from __future__ import annotations

import pytest

from assistant.grounding import SLOT_AFTER_MIN, date_filler, slot_filler
from tests.core.test_list_ends import one_hit  # noqa: F401 (the fixture)
from tests.core.test_slot_filler import asked_without_model

# the demo minutes' answer of 市民部長: the subject stands in the sentences before
COUNTER = ("次に、書かない窓口の導入についてでございます。\n令和6年度当初予算に、システムの構築及び機器の整備に係る経費として"
           "24,974千円を計上しております。現在、事業者の選定手続を進めておりまして、7月中に契約を締結し、令和7年1月6日から稼働を"
           "開始する予定でございます。")
COUNTER_Q = "書かない窓口はいつから稼働を開始する予定ですか？"


def test_the_date_right_before_the_questions_words_after_itsu_answers_it():
    assert date_filler(COUNTER, COUNTER_Q) == "令和7年1月6日"
    assert date_filler(COUNTER, "書かない窓口の事業者とは、いつに契約を締結しますか？") == "7月中"
    # a year with its era in brackets, a month of a fiscal year's end
    assert date_filler("新庁舎は2026年(令和8年)5月から供用を開始する。", "新庁舎はいつから供用を開始しますか？") == "2026年(令和8年)5月"
    assert date_filler("計画は令和6年度末までに策定する。", "計画はいつまでに策定しますか？") == "令和6年度末"


@pytest.mark.parametrize("text, question", [
    # the question's words stand after no date, or after two different dates
    (COUNTER, "書かない窓口の予算はいつ計上されましたか？"),
    ("第1期は4月から稼働を開始し、第2期は10月から稼働を開始する。", "新システムはいつから稼働を開始しますか？"),
    # the text words the verb otherwise (いたします for します): fewer than the whole edge repeat
    ("混雑状況を確認できるサービスを、本年9月から開始いたします。", "混雑状況のサービスはいつから開始しますか？"),
    # いつ with no particle of time after it, or two asking words
    (COUNTER, "書かない窓口はいつ稼働を開始する予定ですか？"),
    (COUNTER, "書かない窓口はいつからいつまで稼働を開始する予定ですか？"),
])
def test_no_date_is_read_where_the_text_does_not_tell_one(text, question):
    assert date_filler(text, question) is None


def test_a_date_cloze_is_answered_from_the_passage_without_the_model(one_hit):
    world = one_hit({"minutes": ("令和6年6月定例会 会議録", COUNTER, "一般質問")})
    assert asked_without_model(world, COUNTER_Q) == ("「令和7年1月6日」です。[1]", False, 0, ["minutes"],
                                                     "cloze read from the passage: 令和7年1月6日")


# 佐世保市DX戦略's 現状と問題点: two bullets end 「…ことから、…に向けた取組が求められる」
FARMING = ("- ✓ 新規担い手の確保に向けた取組の中で、一定の募集はあるものの定着率が低く、新規就農者同士の交流や地域との繋がり強化に"
           "向けた取組が求められる\n- ✓ 特に漁業において、生産者の勘と経験に頼る部分が多いことから、漁業における生産性の維持、"
           "向上にあたってはノウハウの伝達や継承に向けた取組が求められる")
FARMING_Q = ("佐世保市DX戦略の農林水産の現状と問題点で、新規担い手の募集は一定あるものの定着率が低いことから、何に向けた取組が"
             "求められるとしていますか？")
SYSTEMS = ("各自治体が住民記録・税務等の分野におけるシステム（基幹システム）を独自に導入・運用をしているため、維持管理や制度改正対応"
           "において、自治体は個別に対応しなければならないなど負担が大きくなっている。")
SYSTEMS_Q = ("佐賀市DX推進方針の用語集の「情報システム標準化・共通化」の説明では、各自治体が基幹システムを独自に導入・運用して"
             "いるため、何において個別に対応しなければならず負担が大きくなっているとされていますか？")


def test_a_kana_edge_before_the_asking_word_is_read_only_after_words_the_question_shares():
    # 「…部分が多いことから、」 shares no word with 「…定着率が低いことから、」
    assert slot_filler(FARMING, FARMING_Q, after_min=SLOT_AFTER_MIN, with_head=True) is None
    # 「…導入・運用をしているため、」 shares 運用 with 「…導入・運用しているため、」
    assert slot_filler(SYSTEMS, SYSTEMS_Q, after_min=SLOT_AFTER_MIN, with_head=True) == "維持管理や制度改正対応"


# a passage wording the asked place otherwise: the verbal noun as a noun, a glossary's colon or next cell, の
VISION = "- 社会や市民ニーズの変化をスピーディかつ正確に把握し、柔軟かつクイックに対応できる組織・風土文化の構築"
VISION_Q = ("佐世保市DX戦略のビジョンで、社会や市民ニーズの変化に柔軟かつクイックに対応できる何を構築するとしていますか？")
CASHLESS = "キャッシュレス：支払い・受取りに現金を使用せず、クレジットカードや電子マネー、QRコードなどを利用して決済する方法のこと。"
CASHLESS_Q = "佐伯市DX推進計画の用語解説で、キャッシュレスは何に現金を使用しない決済方法だと説明されていますか？"
CARD = ("マイナンバーカードの普及促進に努めるとともに、様々な領域での利活用シーンの拡大など、利便性を高める環境整備に"
        "取り組みます。")
CARD_Q = "佐伯市はマイナンバーカードについて、普及促進とあわせて様々な領域で何を拡大するとしていますか？"


def test_a_passage_wording_the_place_otherwise_is_read_by_the_cloze_reader_but_not_for_a_reply():
    read = {"after_min": SLOT_AFTER_MIN, "with_head": True}
    assert slot_filler(VISION, VISION_Q, **read) == "組織・風土文化"  # 「…の構築」 for 「何を構築する」
    assert slot_filler(CASHLESS, CASHLESS_Q, **read) == "支払い・受取り"
    assert slot_filler(CASHLESS.replace("：", "\t"), CASHLESS_Q, **read) == "支払い・受取り"  # the glossary table's row
    assert slot_filler(CARD, CARD_Q, **read) == "利活用シーン"  # 「領域での」: the question drops の
    # a reply is checked only where it copies the question's words
    assert [slot_filler(x, q) for x, q in [(VISION, VISION_Q), (CASHLESS, CASHLESS_Q), (CARD, CARD_Q)]] == [None] * 3
    # a colon after another word, or a noun after another verb, is no such wording
    assert slot_filler(CASHLESS.replace("キャッシュレス", "電子決済"), CASHLESS_Q, **read) is None
    assert slot_filler(VISION.replace("の構築", "の検討"), VISION_Q, **read) is None
