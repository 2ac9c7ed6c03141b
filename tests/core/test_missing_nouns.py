"""A sentence holding the question's nouns that no passage holds is offered beside the first passage
(session 43): a passage grows around the sentence sharing the most words with the question, and in a long
passage the sentence stating what is asked about (開館, 結婚, 高さ) can stand beyond the budget's reach.
Pure `select_context` with the real Sudachi tokenizer."""

from __future__ import annotations

import pytest

import assistant.context as context
from assistant.context import select_context
from assistant.types import Chunk, Hit

# a bulletin article: the first sentence names the library in full, the one stating the opening comes last
LIBRARY = ("市立中央図書館は、昭和48年に市役所の隣に建てられた。"
           "市立中央図書館の蔵書は約40万冊で、郷土資料の収集に力を入れている。"
           "館内には学習室と視聴覚室があり、中高生の利用が多い。"
           "毎月第2土曜日には、ボランティアによる読み聞かせ会が開かれている。"
           "移動図書館車「あおぞら号」は、市内の公民館や小学校を巡回している。"
           "老朽化が進んだため、旧館は取り壊された。"
           "新館は令和2年4月に開館し、カフェと子ども向けの読書スペースが設けられた。")
OPENED_Q = "市立中央図書館の新館が開館したのはいつですか"
OPENED = "新館は令和2年4月に開館し、カフェと子ども向けの読書スペースが設けられた。"


@pytest.fixture(scope="module")
def tok():
    from assistant.lexical import JapaneseTokenizer

    return JapaneseTokenizer()


def _hit(text: str) -> Hit:
    return Hit(chunk=Chunk(chunk_id="lib:0", doc_id="lib", text=text, start=0, end=len(text), source="shiho.txt",
                           path="/d/shiho.txt", title="市報 令和2年5月号"), score=1.0, rank=1)


def _texts(question: str, text: str, budget: int, tok) -> list[str]:
    return [p.hit.chunk.text for p in select_context(question, [_hit(text)], budget, tok)[0]]


@pytest.mark.parametrize("budget, first", [
    (60, "市立中央図書館は、昭和48年に市役所の隣に建てられた。"),
    (100, "市立中央図書館は、昭和48年に市役所の隣に建てられた。市立中央図書館の蔵書は約40万冊で、郷土資料の収集に力を入れている。"),
])
def test_the_sentence_with_the_nouns_no_passage_holds_is_offered_after_the_first_passage(tok, budget, first):
    assert _texts(OPENED_Q, LIBRARY, budget, tok) == [first, OPENED]


def test_without_it_the_first_passage_grows_past_the_budget_before_reaching_the_answer(tok, monkeypatch):
    monkeypatch.setattr(context, "MISSING_NOUN_SHARE", 2.0)  # no share reaches it: the pre-session-43 context
    assert _texts(OPENED_Q, LIBRARY, 100, tok) == [
        "市立中央図書館は、昭和48年に市役所の隣に建てられた。市立中央図書館の蔵書は約40万冊で、郷土資料の収集に力を入れている。"
        "館内には学習室と視聴覚室があり、中高生の利用が多い。"]


def test_a_sentence_without_the_asked_date_is_not_offered_for_a_when_question(tok):
    undated = LIBRARY.replace("新館は令和2年4月に開館し、", "新館の開館にあわせて、")
    assert _texts(OPENED_Q, undated, 60, tok) == [
        "市立中央図書館は、昭和48年に市役所の隣に建てられた。市立中央図書館の蔵書は約40万冊で、郷土資料の収集に力を入れている。"]


def test_nothing_is_added_when_the_passages_hold_every_noun_of_the_question(tok):
    # 「蔵書」 stands in the first passage: nothing is missing, nothing is added
    assert _texts("市立中央図書館の蔵書は何冊ですか", LIBRARY, 60, tok) == [
        "市立中央図書館は、昭和48年に市役所の隣に建てられた。市立中央図書館の蔵書は約40万冊で、郷土資料の収集に力を入れている。"]
