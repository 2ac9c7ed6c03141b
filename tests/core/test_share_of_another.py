"""A share the passages give of another group than the one the question asks about is not the answer: 「共働き世帯が
全世帯に占める割合は何%」 over 「…子をもつ核家族が全体の30%を占めている…」 (holdout92 h92u07, blind, a question the
documents do not answer, was told 30%). The pure check, then the whole `ask` with the real retriever, embedder
and PII guard and a scripted generator."""

from __future__ import annotations

import pytest

from assistant.grounding import share_of_another
from tests.core.test_list_ends import one_hit  # noqa: F401 (the fixture)

# 佐世保市DX戦略's 子ども・子育て page, 佐伯市's survey and 総合戦略
FAMILIES = ("核家族化と共働き世帯の増加\n- 佐世保市においては、子をもつ核家族が全体の30%を占めていることや、共働き世帯数も増加に"
            "転じていることから、子育てをしやすい環境の構築が必要となっている。")
FAMILIES_Q = "佐世保市DX戦略の子ども・子育て分野で、共働き世帯が全世帯に占める割合は何%とされていますか？"
COUNTER = ("一方で、行政手続がオンライン化した場合でも市役所の窓口で手続きをしたいと回答した方は 27%と約 3 割の人が、引き続き"
           "対面での手続きをしたいと考えています。")
WORKING_AGE = ("…65歳以上の老年人口は平成27年の26,562人から令和22年には21,456人と推計されており、平成27年には約52%だった"
               "生産年齢人口割合が令和22年には約44%に、高齢化率は平成27年の約36%から令和22年には約46%に増加する見込みです。")


def test_a_share_said_of_another_group_is_told():
    assert share_of_another("共働き世帯が全世帯に占める割合は30%とされています。[1]", FAMILIES_Q, [FAMILIES]) == "30%"
    # one word of three (オンライン) is fewer than half
    assert share_of_another("オンライン申請をしたことがある人の割合は27%でした。[1]",
                            "佐伯市の市民アンケートで、マイナンバーカードを使ってオンライン申請をしたことがある人の割合は何％でしたか？",
                            [COUNTER]) == "27%"


@pytest.mark.parametrize("answer, question, evidence", [
    # the group is named after the figure (「約52%だった生産年齢人口割合が」)
    ("平成27年の生産年齢人口の割合は約52%でした。[1]", "佐伯市の総合戦略で、平成27年の佐伯市の生産年齢人口の割合はどれくらいでしたか？",
     WORKING_AGE),
    # the group is named before it: 「…窓口で手続きをしたいと回答した方は 27%」
    ("27%です。[1]", "佐伯市の市民アンケートで、オンライン化しても市役所の窓口で手続きをしたいと回答した人は何%ですか？", COUNTER),
    # the question asks no share; the answer gives no percentage
    ("30%です。[1]", "佐世保市DX戦略で、子をもつ核家族について何と書かれていますか？", FAMILIES),
    ("増加に転じています。[1]", FAMILIES_Q, FAMILIES),
    # a table row's figure: its row and column name the group
    ("14.7%です。[1]", "「インターネットを利用する場所」の表で、共働き世帯の割合は何%ですか？", "女性\t629 14.7%\t1,204 28.1%"),
])
def test_a_share_said_of_the_asked_group_or_in_a_table_is_not_told(answer, question, evidence):
    assert share_of_another(answer, question, [evidence]) is None


def test_a_reply_giving_another_groups_share_is_not_presented_as_fact(one_hit):
    world = one_hit({"sasebo": ("佐世保市DX戦略", FAMILIES, "子ども・子育て")})
    reply = "共働き世帯が全世帯に占める割合は30%とされています。[1]"
    ans, gen, audit = world([reply, reply])
    a = ans.ask(FAMILIES_Q)
    assert (a.answer, a.declined, len(gen.calls)) == ("資料に記載がありません", True, 2)
    assert "the passages give this share of another group" in audit.tail(1)[0]["notes"]
