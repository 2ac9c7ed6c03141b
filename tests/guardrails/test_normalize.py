import pytest

from guardrails.normalize import normalize

CASES = [
    # original, normalised
    ("０９０－１２３４－５６７８", "090-1234-5678"),
    ("〒８４０‐８５０１", "〒840-8501"),
    ("山田　太郎", "山田 太郎"),
    ("090ー1234ー5678", "090-1234-5678"),
    ("ラーメン", "ラーメン"),  # a prolonged sound mark between kana stays
    ("１−２−３", "1-2-3"),
    ("ｶﾞｽ代", "ガス代"),
    ("㍻3年", "平成3年"),
    ("行１\n行２", "行1\n行2"),
]


@pytest.mark.parametrize("original,expected", CASES)
def test_when_text_is_normalised_then_width_and_dashes_are_folded(original, expected):
    assert normalize(original).text == expected


@pytest.mark.parametrize("original,_", CASES)
def test_when_a_normalised_span_is_mapped_back_then_it_covers_the_same_characters(original, _):
    n = normalize(original)
    for s in range(len(n.text)):
        for e in range(s + 1, len(n.text) + 1):
            os_, oe = n.to_original(s, e)
            assert 0 <= os_ < oe <= len(original)
            # the mapped original span normalises to a string containing the normalised span
            # (a prolonged sound mark is a hyphen only between digits, so compare with it folded)
            assert n.text[s:e].replace("ー", "-") in normalize(original[os_:oe]).text.replace("ー", "-")


def test_when_halfwidth_voiced_kana_compose_then_the_offset_covers_both_characters():
    n = normalize("xｶﾞy")
    assert n.text == "xガy"
    assert n.to_original(1, 2) == (1, 3)


def test_when_one_character_expands_then_every_piece_maps_to_it():
    n = normalize("㍻")
    assert n.text == "平成"
    assert n.to_original(0, 1) == (0, 1) and n.to_original(1, 2) == (0, 1)
