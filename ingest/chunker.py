"""Japanese-aware chunking over exact character spans.

Rules (all offsets are into `ExtractedDoc.text`; `text[start:end]` is the chunk, trimmed of
surrounding whitespace but otherwise untouched):
1. Hard boundaries: section (heading) starts, page starts, speaker-turn starts and CSV records.
   A chunk never crosses one, so each chunk has one page, one heading path and one speaker.
   A section holding only its heading line is merged into the following section (same page; a
   heading outside any turn may join the next turn), so a bare heading is never a chunk alone.
2. Units: sentences ending in 。！？ (ASCII !? only before whitespace/non-ASCII), plus closing
   brackets; a line break ends a unit too (except in soft-wrapped PDF text, where a break inside a
   running sentence is layout). Table rows (lines starting with "|" or holding a tab) are single
   units, never split.
3. Packing: units are added while the chunk stays within `chunk_size` characters. A unit longer
   than the limit is split at 、，; or spaces, and only if that is not enough, cut hard (the only
   case of a mid-sentence split; table rows and records up to 4x the limit stay whole).
4. Overlap: the next chunk starts with the trailing whole units of the previous one whose total
   length is at most `chunk_overlap` (never across a hard boundary).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.loaders import ExtractedDoc, PageSpan, RecordSpan, SectionSpan, iter_lines
from ingest.minutes import Turn

_ENDER_RE = re.compile(r"(?:[。！？]+|[!?]+(?=[\s\u3000]|$|[^\x00-\x7f]))[」』）)\]］】〕\"”’]*[ \t\u3000]*")
_TABLE_LINE_RE = re.compile(r"^[ \t\u3000]*\|.*|.*\t.*")
_SOFT_SPLIT_RE = re.compile(r"[、，,；;][ \t\u3000]*|[ \t\u3000]+")
_LIST_START_RE = re.compile(r"^[ \t\u3000]*(?:[・●○◯■□◆◇▪▶►\-－*＊※]|[0-9０-９]{1,2}[.．)）、]|[(（][0-9０-９一二三四五六七八九十]{1,2}[)）]|【|第[0-9０-９一二三四五六七八九十]+[章節条項])")
_SENTENCE_END_CHARS = "。！？!?」』）)：:】"


@dataclass(frozen=True)
class ChunkSpan:
    start: int
    end: int
    text: str
    page: int | None = None
    section: tuple[str, ...] = ()
    speaker: str | None = None
    department: str | None = None


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    page: int | None
    section: tuple[str, ...]
    speaker: str | None
    record: RecordSpan | None = None


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    atomic: bool = False  # table row or record: never split (unless absurdly long)


def chunk_document(
    doc: ExtractedDoc,
    *,
    chunk_size: int,
    chunk_overlap: int,
    turns: Sequence[Turn] = (),
    extra_sections: Sequence[SectionSpan] = (),
) -> list[ChunkSpan]:
    """Split `doc` into chunks following the module rules; returned in document order."""
    if not 0 <= chunk_overlap < chunk_size:
        raise ValueError(f"chunk_overlap ({chunk_overlap}) must be >= 0 and < chunk_size ({chunk_size})")
    text = doc.text
    sections = sorted([*doc.sections, *extra_sections], key=lambda s: (s.start, -s.end))
    segments = _segments(doc, sections, turns)
    out: list[ChunkSpan] = []
    for seg in segments:
        if seg.record is not None:
            units = [_Unit(seg.start, seg.end, True)]
        else:
            units = _units(text, seg.start, seg.end, soft_wrap=doc.soft_wrap)
        units = _split_long(text, units, chunk_size)
        for s, e in _pack(units, chunk_size, chunk_overlap):
            s, e = _trim(text, s, e)
            if s >= e:
                continue
            out.append(ChunkSpan(
                s, e, text[s:e], seg.page, seg.section, seg.speaker,
                seg.record.department if seg.record else None,
            ))
    return out


# --------------------------------------------------------------------------------------------


def _segments(doc: ExtractedDoc, sections: list[SectionSpan], turns: Sequence[Turn]) -> list[_Segment]:
    n = len(doc.text)
    if doc.records:
        return [_Segment(r.start, r.end, None, (r.section,) if r.section else (), None, r) for r in doc.records]
    cuts = {0, n}
    for p in doc.pages:
        cuts.update((p.start, p.end))
    for s in sections:
        if s.end > s.start:
            cuts.update((s.start, s.end))
    for t in turns:
        cuts.update((t.start, t.end))
    points = sorted(c for c in cuts if 0 <= c <= n)
    page_of = _lookup_pages(doc.pages)
    section_of = _lookup_sections(sections)
    turn_starts = [t.start for t in turns]
    segs: list[_Segment] = []
    for a, b in zip(points, points[1:]):
        if a >= b:
            continue
        i = bisect.bisect_right(turn_starts, a) - 1
        speaker = turns[i].speaker if i >= 0 and turns[i].start <= a < turns[i].end else None
        sec = section_of(a)
        segs.append(_Segment(a, b, page_of(a), sec.path if sec else (), speaker))
    # drop whitespace-only segments (page separators, gaps) and fold heading-only sections
    text = doc.text
    segs = [s for s in segs if text[s.start : s.end].strip()]
    merged: list[_Segment] = []
    carry: _Segment | None = None
    for s in segs:
        if carry is not None:
            if carry.page == s.page and carry.speaker in (s.speaker, None):
                s = _Segment(carry.start, s.end, s.page, s.section, s.speaker)
            else:
                merged.append(carry)
            carry = None
        sec = section_of(s.start)
        if sec is not None and sec.start == s.start and not text[sec.heading_end : s.end].strip() and sec.heading_end > sec.start:
            carry = s
            continue
        merged.append(s)
    if carry is not None:
        merged.append(carry)
    return merged


def _lookup_pages(pages: list[PageSpan]):
    starts = [p.start for p in pages]

    def page_of(pos: int) -> int | None:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return pages[0].number if pages else None
        return pages[i].number

    return page_of


def _lookup_sections(sections: list[SectionSpan]):
    """Innermost section containing a position (latest start wins among those containing it)."""
    starts = [s.start for s in sections]

    def section_of(pos: int) -> SectionSpan | None:
        i = bisect.bisect_right(starts, pos) - 1
        while i >= 0:
            s = sections[i]
            if s.start <= pos < s.end:
                return s
            i -= 1
        return None

    return section_of


def _units(text: str, start: int, end: int, *, soft_wrap: bool) -> list[_Unit]:
    """Contiguous units covering [start, end): sentences, line ends and table rows."""
    lines = [(a + start, b + start) for a, b in iter_lines(text[start:end])]
    typical = _typical_line_length(text, lines) if soft_wrap else 0
    units: list[_Unit] = []
    cur = start  # start of the unit being built
    for idx, (a, b) in enumerate(lines):
        line = text[a:b]
        body = line.rstrip("\r\n")
        if _TABLE_LINE_RE.match(body) and body.strip():
            if cur < a:
                units.append(_Unit(cur, a))
            units.append(_Unit(a, b, True))
            cur = b
            continue
        for m in _ENDER_RE.finditer(text, a, a + len(body)):
            if m.end() > cur and _ends_sentence(text, a, m, a + len(body)):
                units.append(_Unit(cur, m.end()))
                cur = m.end()
        if cur >= b:
            continue
        if not soft_wrap or _hard_break(text, lines, idx, typical):
            units.append(_Unit(cur, b))
            cur = b
    if cur < end:
        units.append(_Unit(cur, end))
    # whitespace-only units are glued to the previous unit (they carry no content)
    out: list[_Unit] = []
    for u in units:
        if out and not text[u.start : u.end].strip() and not out[-1].atomic:
            out[-1] = _Unit(out[-1].start, u.end, out[-1].atomic)
        else:
            out.append(u)
    return out


_OPENERS = "「『（(［[【〔“‘"
_CLOSERS = "」』）)］]】〕”’"


def _ends_sentence(text: str, line_start: int, m: re.Match[str], line_end: int) -> bool:
    """Does this 。！？ end the sentence? Not inside brackets ("（…に限る。）、…"), and not when a
    closing bracket follows and the line goes on ("「…です。」と伝え", "…講じる。」とされています"):
    then the sentence ends only at whitespace or the line end."""
    if any(c in _CLOSERS for c in m.group()):
        nxt = text[m.end() : m.end() + 1]
        return m.end() >= line_end or not nxt or nxt.isspace() or m.group()[-1:].isspace()
    before = text[line_start : m.start()]
    depth = sum(before.count(c) for c in _OPENERS) - sum(before.count(c) for c in _CLOSERS)
    return depth <= 0


def _typical_line_length(text: str, lines: list[tuple[int, int]]) -> int:
    lengths = sorted(len(text[a:b].strip()) for a, b in lines if text[a:b].strip())
    if not lengths:
        return 0
    return lengths[int(len(lengths) * 0.8)] if len(lengths) >= 5 else max(lengths)


def _hard_break(text: str, lines: list[tuple[int, int]], idx: int, typical: int) -> bool:
    """In soft-wrapped text, does the line break after line `idx` end a unit?"""
    a, b = lines[idx]
    body = text[a:b].strip()
    if not body or idx + 1 >= len(lines):
        return True
    if body[-1] in _SENTENCE_END_CHARS:
        return True
    na, nb = lines[idx + 1]
    nxt = text[na:nb]
    if not nxt.strip() or _LIST_START_RE.match(nxt):
        return True
    return typical > 0 and len(body) < 0.7 * typical


def _split_long(text: str, units: list[_Unit], limit: int) -> list[_Unit]:
    out: list[_Unit] = []
    for u in units:
        length = u.end - u.start
        if length <= limit or (u.atomic and length <= 4 * limit):
            out.append(u)
            continue
        out.extend(_Unit(s, e) for s, e in _split_span(text, u.start, u.end, limit))
    return out


def _split_span(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Pieces of at most `limit` chars, cut after 。！？ (inside an over-long table row), else
    after 、，; or spaces, and only as a last resort hard at the limit."""
    enders = []
    for m in _ENDER_RE.finditer(text, start, end):
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        if start < m.end() < end and _ends_sentence(text, ls, m, le if le != -1 else len(text)):
            enders.append(m.end())
    soft = [m.end() for m in _SOFT_SPLIT_RE.finditer(text, start, end) if start < m.end() < end]
    tiers = ((enders, limit // 4), (soft, 0))  # (cut positions, minimum piece length)
    pieces: list[tuple[int, int]] = []
    cur = start
    while end - cur > limit:
        cut = cur + limit
        for cuts, min_len in tiers:
            i = bisect.bisect_right(cuts, cur + limit) - 1
            if i >= 0 and cuts[i] > cur + min_len:
                cut = cuts[i]
                break
        if text[cut - 1 : cut + 1] == "\r\n":
            cut += 1
        pieces.append((cur, cut))
        cur = cut
    pieces.append((cur, end))
    return pieces


def _pack(units: list[_Unit], size: int, overlap: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    n = len(units)
    i = 0
    while i < n:
        j = i + 1
        while j < n and units[j].end - units[i].start <= size:
            j += 1
        spans.append((units[i].start, units[j - 1].end))
        if j >= n:
            break
        k = j
        while k - 1 > i and units[j - 1].end - units[k - 1].start <= overlap:
            k -= 1
        i = k
    return spans


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
