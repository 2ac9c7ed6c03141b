"""`assistant redact` (the click command, in-process)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from guardrails.commands import redact


def _out(res) -> str:
    return res.stdout if hasattr(res, "stdout") else res.output


def test_when_json_is_asked_then_masked_text_and_offsets_into_the_input_are_printed(detector):
    text = "山田太郎様の電話は０９０－１２３４－５６７８です。"
    res = CliRunner().invoke(redact, ["--json"], input=text)
    assert res.exit_code == 0, res.output
    data = json.loads(_out(res))
    assert data["text"] == "<PERSON_1>様の電話は<PHONE_1>です。"
    assert [(e["type"], text[e["start"]:e["end"]]) for e in data["entities"]] == [
        ("PERSON", "山田太郎"), ("PHONE", "０９０－１２３４－５６７８")]
    assert set(data["entities"][0]) == {"start", "end", "type", "score"}


def test_when_no_json_flag_then_the_masked_text_is_printed(detector):
    res = CliRunner().invoke(redact, [], input="担当の鈴木です")
    assert res.exit_code == 0
    assert _out(res) == "担当の<PERSON_1>です"


def test_when_a_batch_has_a_bad_line_then_it_is_reported_and_the_others_are_processed(detector, tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"id": "a", "text": "山田様 TEL 03-1234-5678"}\nnot json\n{"id": 7, "text": "個人番号 1234 5678 9018"}\n',
                 encoding="utf-8")
    res = CliRunner().invoke(redact, ["--batch", str(f)])
    assert res.exit_code == 1
    lines = [json.loads(l) for l in _out(res).splitlines() if l.startswith("{")]
    assert [l["id"] for l in lines] == ["a", 7]
    assert lines[0]["text"] == "<PERSON_1>様 TEL <PHONE_1>"
    assert lines[1]["entities"][0]["type"] == "MY_NUMBER"
    assert "2 行目" in res.output


def test_when_the_japanese_model_is_missing_then_one_japanese_line_and_exit_1(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[guardrails]\nspacy_model = "ja_no_such_model"\n', encoding="utf-8")
    res = CliRunner().invoke(redact, ["--json", "--config", str(cfg)], input="山田様")
    assert res.exit_code == 1
    assert "ja_no_such_model" in res.output and "山田" not in res.output
    assert len(res.output.strip().splitlines()) == 1
