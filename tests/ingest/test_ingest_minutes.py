"""Speaker turns in common Japanese minutes styles, and minutes metadata through the Ingestor."""

from __future__ import annotations

import pytest

from ingest.minutes import analyze
from tests.ingest.conftest import DEMO


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("○議長（山川一郎君）　ただいまから会議を開きます。", "議長（山川一郎君）"),
        ("◯議長（山川一郎君）　ただいまから会議を開きます。", "議長（山川一郎君）"),
        ("〇委員長（田中花子君）　ただいまから委員会を開きます。", "委員長（田中花子君）"),
        ("○12番（佐藤花子君）　おはようございます。", "12番（佐藤花子君）"),
        ("○市長（青木誠君）　お答えいたします。", "市長（青木誠君）"),
        ("○子ども未来部長（森本由美君）　お答えいたします。", "子ども未来部長（森本由美君）"),
        ("○田中委員　質問いたします。", "田中委員"),
        ("○山田太郎君　賛成の立場から討論します。", "山田太郎君"),
        ("◆12番（鈴木花子議員）　一般質問を行います。", "12番（鈴木花子議員）"),
        ("◎議長（山川一郎君）　休憩いたします。", "議長（山川一郎君）"),
        ("●福祉課長（高橋誠君）　ご説明いたします。", "福祉課長（高橋誠君）"),
        ("○議長（山川一郎君）", "議長（山川一郎君）"),  # speech on the following lines
    ],
)
def test_when_marker_style_turn_then_speaker_recognised(line, speaker):
    text = f"令和6年第1回定例会会議録\n\n{line}\n　本文が続きます。\n○議長（山川一郎君）　以上です。\n"
    info = analyze(text)
    assert info.turns[0].speaker == speaker
    assert text[info.turns[0].start :].startswith(line)


@pytest.mark.parametrize(
    "line",
    [
        "○転入届（14日以内）　窓口で受け付けます。",  # a bullet in a manual: name has digits
        "○ 受付時間は8時30分からです。",  # bullet followed by a space
        "○窓口案内　本庁舎1階です。",  # no role or honorific
        "◎日程第1　一般質問",  # agenda heading
    ],
)
def test_when_line_only_looks_like_a_turn_then_not_a_speaker(line):
    assert analyze(f"{line}\n本文です。\n").turns == []


def test_when_speaker_header_lines_then_turns_from_headers():
    text = (
        "総務委員会記録\n令和6年6月20日\n\n【山田太郎議員】\n窓口の混雑について伺います。\n\n"
        "【市民課長】\nお答えいたします。繁忙期は延長窓口を開設しています。\n\n"
        "「山田太郎議員」\n了解しました。\n"
    )
    info = analyze(text)
    assert [t.speaker for t in info.turns] == ["山田太郎議員", "市民課長", "山田太郎議員"]
    assert info.date == "2024-06-20"


def test_when_agenda_marker_then_section_until_next_agenda_item():
    text = "会議録\n◎日程第1　会議録署名議員の指名\n○議長（山川一郎君）　指名します。\n◎日程第2　一般質問\n○議長（山川一郎君）　質問を行います。\n"
    info = analyze(text)
    assert [a.path for a in info.agenda] == [("日程第1 会議録署名議員の指名",), ("日程第2 一般質問",)]
    assert info.agenda[0].end == text.index("◎日程第2")


def test_when_demo_minutes_ingested_then_speaker_meeting_and_date_on_chunks(ingestor, store):
    r = next(iter(ingestor.ingest([DEMO / "minutes_2024_06_teireikai.txt"])))
    assert r.status == "added" and r.doc_type == "minutes", r.error
    chunks = store.chunks_of_doc(r.doc_id)
    assert all(c.meeting == "令和6年第2回みどり野市議会定例会（第3号）" for c in chunks)
    assert all(c.date == "2024-06-12" for c in chunks)
    answer = next(c for c in chunks if c.speaker == "総務部長（石田直樹君）")
    assert answer.retrieval_text().splitlines()[2] == "発言者: 総務部長（石田直樹君）"
    raw = (DEMO / "minutes_2024_06_teireikai.txt").read_text(encoding="utf-8")
    assert all(raw[c.start : c.end] == c.text for c in chunks)
    header = [c for c in chunks if c.speaker is None]
    assert header and "出席議員" in "".join(c.text for c in header)
