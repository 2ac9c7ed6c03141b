"""Japanese text helpers shared by context selection and the grounding check.

Invariant: `split_sentences` returns (start, end) offsets into the string it was given, covering
each sentence exactly (whitespace at the ends excluded), in order.
"""

from __future__ import annotations

import re
import unicodedata

_SENT_END = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[」』）)]*|\n|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _SENT_END.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def norm(text: str) -> str:
    """NFKC, no spaces or thousands separators, lower case: for containment checks."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"(?<=\d),(?=\d{3})", "", t)
    return re.sub(r"\s+", "", t).lower()
