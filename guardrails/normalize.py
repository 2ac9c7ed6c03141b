"""NFKC-style normalisation with an offset map back to the original text.

Detection runs on the normalised text (full-width digits and letters become ASCII, the ideographic
space becomes " ", dash look-alikes become "-"), but every span reported to callers refers to the
original text. `Normalized.to_original(start, end)` does the mapping.

Invariants:
- `len(n.starts) == len(n.ends) == len(n.text)`; `n.starts[i]`/`n.ends[i]` is the original span of the
  cluster that produced normalised character i (a cluster is a base character plus any combining marks
  or half-width voicing marks, so NFKC composition such as ｶﾞ -> ガ maps back to both characters).
- `n.to_original(s, e)` for 0 <= s < e <= len(n.text) returns (os, oe) with original[os:oe] covering
  exactly the clusters that produced n.text[s:e].
- Line breaks are never changed or merged, so line-based context windows mean the same in both texts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Dash look-alikes that NFKC leaves alone but people type inside numbers (0952‐24‐3111, 1−2−3).
_DASHES = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-", "\u2043": "-",
}
# Katakana prolonged sound mark: a dash only when it sits between two digits (090ー1234ー5678).
_CHOONPU = {"\u30fc", "\uff70"}
_VOICING = {"\uff9e", "\uff9f", "\u3099", "\u309a"}
_KEEP = {"\n", "\r", "\t"}


@dataclass(frozen=True)
class Normalized:
    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original text."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _clusters(text: str):
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (unicodedata.combining(text[j]) or text[j] in _VOICING):
            j += 1
        yield i, j
        i = j


def normalize(text: str) -> Normalized:
    """Normalise `text` (NFKC per cluster, dashes, spaces) keeping an offset map to the original."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, j in _clusters(text):
        chunk = text[i:j]
        if chunk in _KEEP:
            piece = chunk
        elif chunk in _DASHES:
            piece = _DASHES[chunk]
        else:
            piece = unicodedata.normalize("NFKC", chunk)
            if piece.isspace() and "\n" not in piece:
                piece = " "
            elif chunk in ("\u301c", "\uff5e"):  # wave dash / full-width tilde stay a range mark
                piece = "〜"
        for ch in piece:
            out.append(ch)
            starts.append(i)
            ends.append(j)
    # a prolonged sound mark between two digits is a hyphen typed with the kana IME
    for k, ch in enumerate(out):
        if ch in _CHOONPU and 0 < k < len(out) - 1 and out[k - 1].isdigit() and out[k + 1].isdigit():
            out[k] = "-"
    return Normalized(text, "".join(out), tuple(starts), tuple(ends))
