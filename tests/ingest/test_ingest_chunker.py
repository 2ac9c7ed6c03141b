"""Chunker properties on real Japanese text: exact offsets, sentence ends, overlap, tables, speakers."""

from __future__ import annotations

import re

import pytest

from ingest.chunker import chunk_document
from ingest.loaders import ExtractedDoc, PageSpan, load_markdown, load_text
from ingest.minutes import analyze
from tests.ingest.conftest import DEMO, SEEDS

SENT_END = re.compile(r"[。！？]")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Reference sentence spans: up to and including 。！？ outside brackets, or a line end.
    "（…含む。）は" and "「…です。」と" continue the sentence."""
    spans, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        nxt = text[i + 1 : i + 2]
        end = False
        if ch == "\n":
            end, depth = True, 0
        elif ch in "（(「『":
            depth += 1
        elif ch in "）)」』":
            depth = max(0, depth - 1)
            end = i > 0 and text[i - 1] in "。！？" and (not nxt or nxt.isspace())
        elif ch in "。！？" and depth == 0 and nxt not in ("）", ")", "」", "』"):
            end = True
        if end:
            spans.append((start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _assert_no_mid_sentence_split(text: str, chunks, limit: int) -> None:
    ends = {e for _, e in _sentences(text)}
    for c in chunks:
        end = c.end
        # a chunk ends at a sentence end (trailing spaces/closing brackets allowed) or the text end
        tail = end
        while tail < len(text) and text[tail] in " \t\u3000」』）)\r":
            tail += 1
        ok = end in ends or tail in ends or tail >= len(text) or text[tail] in "\r\n"
        if not ok:
            # only allowed when the sentence around the cut is longer than the limit
            s = max(a for a, b in _sentences(text) if a <= end)
            e = min(b for a, b in _sentences(text) if b >= end)
            assert e - s > limit, f"mid-sentence cut at {end}: …{text[end - 15:end]}|{text[end:end + 15]}…"


@pytest.fixture(scope="module")
def seed_texts():
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.mark.parametrize(("size", "overlap"), [(400, 80), (200, 40), (120, 0)])
def test_when_seeds_chunked_then_offsets_exact_and_no_mid_sentence_split(seed_texts, size, overlap):
    for name, text in seed_texts.items():
        doc = load_text(text.encode("utf-8"), name)
        chunks = chunk_document(doc, chunk_size=size, chunk_overlap=overlap)
        assert chunks, name
        for c in chunks:
            assert text[c.start : c.end] == c.text
            assert c.text == c.text.strip()
            # only table rows (tab lines) may exceed the target size
            assert len(c.text) <= size or "\t" in c.text or "|" in c.text, (name, len(c.text))
        _assert_no_mid_sentence_split(text, chunks, size)
        covered = set()
        for c in chunks:
            covered.update(range(c.start, c.end))
        content = {i for i, ch in enumerate(text) if not ch.isspace()}
        assert content <= covered, f"{name}: text not covered by any chunk"


def test_when_overlap_configured_then_consecutive_chunks_share_whole_sentences():
    text = "".join(f"これは{i}番目の文です。" for i in range(60))  # 60 sentences of ~10 chars
    doc = ExtractedDoc(text=text, format="text")
    chunks = chunk_document(doc, chunk_size=100, chunk_overlap=30)
    assert len(chunks) > 3
    for a, b in zip(chunks, chunks[1:]):
        shared = a.end - b.start
        assert 0 < shared <= 30, shared
        assert text[b.start - 1] == "。"  # the overlap starts at a sentence start
    no_overlap = chunk_document(doc, chunk_size=100, chunk_overlap=0)
    assert all(a.end <= b.start for a, b in zip(no_overlap, no_overlap[1:]))


def test_when_sentence_longer_than_limit_then_split_at_commas():
    long = "、".join(["市民課窓口における住民票の写しの交付事務"] * 12) + "。"
    doc = ExtractedDoc(text=long, format="text")
    chunks = chunk_document(doc, chunk_size=80, chunk_overlap=0)
    assert len(chunks) > 1 and all(len(c.text) <= 80 for c in chunks)
    assert all(c.text.endswith("、") or c.text.endswith("。") for c in chunks)


def test_when_markdown_table_then_rows_never_split():
    rows = "\n".join(f"| 証明書{i} | 手数料は{300 + i}円です。窓口またはコンビニで交付します。 | 市民課 |" for i in range(30))
    text = "## 手数料一覧\n\n| 種類 | 内容 | 担当 |\n| --- | --- | --- |\n" + rows + "\n"
    doc = load_markdown(text.encode("utf-8"), "t.md")
    chunks = chunk_document(doc, chunk_size=150, chunk_overlap=30)
    row_lines = [ln for ln in text.splitlines() if ln.startswith("|")]
    for c in chunks:
        for ln in c.text.splitlines():
            if ln.startswith("|"):
                assert ln in row_lines, f"table row cut: {ln!r}"


def test_when_bracketed_sentence_end_then_sentence_continues():
    text = "延長窓口で扱う業務は、印鑑登録（即日登録に限る。）、マイナンバーカードの交付とする。「少々お待ちください。」と伝える。"
    doc = ExtractedDoc(text=text, format="text")
    chunks = chunk_document(doc, chunk_size=50, chunk_overlap=0)
    assert [c.text[:1] for c in chunks] == ["延", "「"]


def test_when_pdf_page_boundary_then_chunk_stays_on_one_page():
    p1 = "第1章　総則\n住民票の写しの手数料は1通300円です。窓口は8時30分から\n17時15分までです。"
    p2 = "印鑑登録は即日できます。"
    text = p1 + "\n\n" + p2
    doc = ExtractedDoc(text=text, format="pdf", pages=[PageSpan(0, len(p1), 1), PageSpan(len(p1) + 2, len(text), 2)], soft_wrap=True)
    chunks = chunk_document(doc, chunk_size=400, chunk_overlap=0)
    assert [(c.page, c.text) for c in chunks] == [(1, p1), (2, p2)]


def test_when_demo_minutes_chunked_then_no_chunk_spans_two_speakers():
    raw = (DEMO / "minutes_2024_06_teireikai.txt").read_text(encoding="utf-8")
    doc = load_text(raw.encode("utf-8"), "m.txt")
    info = analyze(doc.text)
    chunks = chunk_document(doc, chunk_size=200, chunk_overlap=40, turns=info.turns, extra_sections=info.agenda)
    starts = [t.start for t in info.turns]
    for c in chunks:
        inner = [s for s in starts if c.start < s < c.end]
        # a turn may start inside a chunk only after an agenda heading that belongs to no turn
        assert not inner or (len(inner) == 1 and not any(t.start <= c.start < t.end for t in info.turns)), \
            f"chunk {c.start}-{c.end} crosses a speaker change"
        if c.speaker:
            turn = next(t for t in info.turns if t.start <= c.end - 1 < t.end)
            assert turn.speaker == c.speaker
    speakers = {c.speaker for c in chunks}
    assert {"議長（山川一郎君）", "12番（佐藤花子君）", "市長（青木誠君）", "総務部長（石田直樹君）"} <= speakers
    assert any(c.section == ("日程第1 一般質問",) for c in chunks)
