"""Speaker turns in Japanese council/committee minutes.

Recognised turn styles (marker at the start of a line, optional leading spaces):
- ○議長（山川一郎君）　発言…      role + （name） — also ◯ 〇 ● ◆ ◎ as markers
- ○12番（佐藤花子君）　発言…      seat number + （name）
- ○田中委員　発言… / ○山田太郎君　発言…   name + role/honorific, no brackets
- ◆12番（鈴木花子議員）            questioner marker used by some cities
- a header line holding only the speaker: 「山田太郎議員」 / 【山田太郎議員】 / 山田太郎議員,
  used when no marker turns exist (two or more such lines needed)
A marker line that is not a speaker (◎日程第1　一般質問, △…, ◇…) is an agenda heading and
becomes a section. A turn runs until the next turn or agenda heading; the chunker never lets a
chunk span two turns.

Invariant: a label is a speaker only if it ends in a role or honorific (議長, 委員, 部長, 君, …) or
is a seat number (12番) followed by a bracketed name without digits, so "○転入届（14日以内）" in
a manual is not a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.loaders import SectionSpan, iter_lines
from ingest.metadata import parse_wareki_date

_ROLES = (
    "議長|副議長|委員長|副委員長|委員|議員|君|さん|氏|市長|副市長|町長|副町長|村長|副村長|区長|副区長|"
    "知事|副知事|教育長|事務局長|局長|部長|次長|課長|室長|所長|館長|園長|参事|主幹|主査|係長|補佐|監|"
    "理事|管理者|会長|副会長|説明員|参考人|公述人|証人|書記|幹事"
)
_MARKERS = "○◯〇●◆◎"
_TURN_RE = re.compile(
    rf"^[ \t\u3000]*(?P<marker>[{_MARKERS}])(?P<label>[^\s\u3000（(）)]{{1,24}}?)"
    rf"(?:[（(](?P<name>[^）)\n0-9０-９]{{1,20}})[）)])?(?=[ \t\u3000]|\r?\n|$)"
)
_LABEL_ROLE_RE = re.compile(rf"(?:{_ROLES})$|^[0-9０-９]{{1,3}}番$")
_AGENDA_RE = re.compile(r"^[ \t\u3000]*[◎△◇](?P<title>[^\n]{1,80}?)[ \t\u3000\r]*$")
_HEADER_RE = re.compile(
    r"^[ \t\u3000]*[【「〔\[]?(?P<label>[^\s\u3000【】「」〔〕\[\]（）()]{2,20}?"
    r"(?:議員|委員長|委員|副議長|議長|副市長|市長|町長|村長|区長|教育長|部長|局長|課長|室長|君))[】」〕\]]?[ \t\u3000\r]*$"
)
_NOT_SPEAKER = re.compile(r"^(?:出席|欠席|説明|職務|署名|全員|傍聴|会議録|議事|委員外|各|本日|全)")
_MEETING_RE = re.compile(r"定例会|臨時会|委員会|審議会|協議会|本会議|会議")


@dataclass(frozen=True)
class Turn:
    start: int  # start of the speaker's line
    end: int  # start of the next turn / agenda heading, or end of text
    speaker: str  # as written, e.g. "議長（山川一郎君）"


@dataclass
class MinutesInfo:
    turns: list[Turn] = field(default_factory=list)
    agenda: list[SectionSpan] = field(default_factory=list)
    meeting: str | None = None
    date: str | None = None


def _speaker(m: re.Match[str]) -> str | None:
    label, name = m.group("label"), m.group("name")
    if not _LABEL_ROLE_RE.search(label) or _NOT_SPEAKER.match(label):
        return None
    return f"{label}（{name}）" if name else label


def analyze(text: str) -> MinutesInfo:
    """Turns, agenda sections, meeting name and date of a minutes text (empty info if none)."""
    marks: list[tuple[int, str | None, str | None, int]] = []  # (start, speaker, agenda title, line end)
    headers: list[tuple[int, str]] = []
    for start, end in iter_lines(text):
        line = text[start:end]
        if not line.strip():
            continue
        m = _TURN_RE.match(line)
        if m:
            sp = _speaker(m)
            if sp:
                marks.append((start, sp, None, end))
                continue
        a = _AGENDA_RE.match(line)
        if a and a.group("title").strip():
            marks.append((start, None, re.sub(r"[ \t\u3000]+", " ", a.group("title")).strip(), end))
            continue
        h = _HEADER_RE.match(line)
        if h and not _NOT_SPEAKER.match(h.group("label")):
            headers.append((start, h.group("label")))
    if not any(sp for _, sp, _, _ in marks) and len(headers) >= 2:
        marks = sorted(marks + [(s, lab, None, s) for s, lab in headers])
    info = MinutesInfo()
    agenda_starts = [m[0] for m in marks if not m[1]]
    for i, (start, sp, agenda, line_end) in enumerate(marks):
        if sp:  # a turn ends at the next turn or agenda heading
            end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
            info.turns.append(Turn(start, end, sp))
        else:  # an agenda item runs until the next agenda heading
            later = [s for s in agenda_starts if s > start]
            info.agenda.append(SectionSpan(start, later[0] if later else len(text), (agenda,), line_end))
    first = min([t.start for t in info.turns] + [len(text)])
    head = text[: min(first, 3000)] or text[:1500]
    for line in head.splitlines()[:20]:
        ln = line.strip(" \t\u3000")
        if ln and _MEETING_RE.search(ln) and len(ln) <= 60:
            info.meeting = re.sub(r"[ \t\u3000]+", " ", re.sub(r"(?:会議録|議事録|会議記録)", "", ln)).strip() or ln
            break
    info.date = parse_wareki_date(head) or parse_wareki_date(head, partial=True)
    return info
