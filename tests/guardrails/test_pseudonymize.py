"""Typed placeholders, consistent within a request, restored locally (also when slightly mangled)."""

from __future__ import annotations

import pytest

from assistant.types import Finding
from guardrails.pseudonymize import Pseudonymizer, Session, mask, restore


def _f(text, surface, typ, start=0):
    s = text.index(surface, start)
    return Finding(s, s + len(surface), typ, 0.9, surface)


def test_when_masked_then_values_become_typed_placeholders():
    text = "山田様の電話は090-1234-5678、鈴木様の電話は03-1234-5678です。"
    fs = [_f(text, "山田", "PERSON"), _f(text, "090-1234-5678", "PHONE"), _f(text, "鈴木", "PERSON"),
          _f(text, "03-1234-5678", "PHONE")]
    m = mask(text, fs)
    assert m.text == "<PERSON_1>様の電話は<PHONE_1>、<PERSON_2>様の電話は<PHONE_2>です。"
    assert m.counts == {"PERSON": 2, "PHONE": 2}
    assert m.mapping["<PERSON_2>"] == "鈴木"


def test_when_the_same_value_recurs_across_texts_of_a_request_then_the_placeholder_is_the_same():
    session = Session()
    q = "山田 太郎様への返信を下書きして"
    p = "山田太郎様（090-1234-5678）から苦情。折り返しは09012345678へ。"
    m1 = mask(q, [_f(q, "山田 太郎", "PERSON")], session)
    m2 = mask(p, [_f(p, "山田太郎", "PERSON"), _f(p, "090-1234-5678", "PHONE"), _f(p, "09012345678", "PHONE")], session)
    assert m1.text == "<PERSON_1>様への返信を下書きして"
    assert m2.text == "<PERSON_1>様（<PHONE_1>）から苦情。折り返しは<PHONE_1>へ。"


@pytest.mark.parametrize("reply", [
    "<PERSON_1>様、お問い合わせありがとうございます。",
    "＜PERSON_1＞様、お問い合わせありがとうございます。",
    "＜ＰＥＲＳＯＮ＿１＞様、お問い合わせありがとうございます。",
    "[PERSON_1]様、お問い合わせありがとうございます。",
    "【PERSON_1】様、お問い合わせありがとうございます。",
    "<PERSON 1>様、お問い合わせありがとうございます。",
    "<person_1>様、お問い合わせありがとうございます。",
    "PERSON_1様、お問い合わせありがとうございます。",
])
def test_when_the_model_mangles_a_placeholder_then_it_is_still_restored(reply):
    p = Pseudonymizer()
    p.mask("山田太郎様", [Finding(0, 4, "PERSON", 0.9, "山田太郎")])
    assert p.restore(reply) == "山田太郎様、お問い合わせありがとうございます。"


def test_when_a_placeholder_is_unknown_then_it_is_left_alone():
    assert restore("<PERSON_9>様 <PHONE_1>", {"<PHONE_1>": "090-1234-5678"}) == "<PERSON_9>様 090-1234-5678"


def test_when_findings_overlap_then_masking_refuses():
    with pytest.raises(ValueError):
        mask("山田太郎", [Finding(0, 4, "PERSON", 0.9), Finding(2, 4, "PERSON", 0.9)])


def test_when_round_tripped_then_the_original_comes_back(detector):
    text = "窓口：山田太郎様（090-1234-5678、佐賀市栄町1番1号）から児童手当の相談。山田太郎様には後日連絡。"
    p = Pseudonymizer()
    m = p.mask(text, detector.analyze(text))
    assert "山田" not in m.text and "090" not in m.text and "栄町" not in m.text
    assert m.text.count("<PERSON_1>") == 2
    assert p.restore(m.text) == text


def test_when_a_text_holds_a_value_the_session_masked_then_mask_known_gives_it_the_same_placeholder():
    session = Session()
    q = "山田　太郎議員と０９０－１２３４－５６７８について"
    mask(q, [_f(q, "山田　太郎", "PERSON"), _f(q, "０９０－１２３４－５６７８", "PHONE")], session)
    passage = "山田太郎議員（090-1234-5678）は山田町の出身。09012345678にも。代表 山田 太郎氏"
    # the value width-folded, with or without spaces between its characters, and its key (no separators)
    assert session.mask_known(passage) == "<PERSON_1>議員（<PHONE_1>）は山田町の出身。<PHONE_1>にも。代表 <PERSON_1>氏"
    assert Session().mask_known(passage) == passage


def test_when_a_passage_writes_a_space_inside_the_masked_name_then_mask_known_still_finds_it():
    session = Session()
    q = "講師の森戸裕一さんはどこの団体の代表理事ですか"
    mask(q, [_f(q, "森戸裕一", "PERSON")], session)
    assert session.mask_known("代表理事 森戸 裕一氏 (3/5-6開催)") == "代表理事 <PERSON_1>氏 (3/5-6開催)"
    assert session.restore_found("講師の<PERSON_1>さん", "代表理事 森戸 裕一氏") == "講師の森戸裕一さん"


def test_when_one_character_was_masked_then_mask_known_leaves_it():
    session = Session()
    mask("肩について", [Finding(0, 1, "PERSON", 0.9, "肩")], session)
    assert session.mask_known("肩書と肩") == "肩書と肩"


def test_when_the_passages_hold_a_masked_value_then_restore_found_puts_back_only_that_one():
    session = Session()
    q = "鈴木一郎さんと佐藤花子さんの役職は"
    m = mask(q, [_f(q, "鈴木一郎", "PERSON"), _f(q, "佐藤花子", "PERSON")], session)
    assert m.text == "<PERSON_1>さんと<PERSON_2>さんの役職は"
    assert session.restore_found(m.text, "市民生活部長 鈴木一郎") == "鈴木一郎さんと<PERSON_2>さんの役職は"
    assert session.restore_found(m.text, "記載なし") == m.text
