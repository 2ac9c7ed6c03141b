"""A light view of the spaCy tokens (offsets, surface, Sudachi tag) shared by PERSON and ADDRESS.

Sudachi's part-of-speech tags on `token.tag_` are the evidence used: 名詞-固有名詞-人名-姓/名/一般 for
names and 名詞-固有名詞-地名 for places (GiNZA's NER alone misses or mislabels many of these)."""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

KANJI = re.compile(r"^[\p{Han}々〆ヶ]+$")
KATAKANA = re.compile(r"^[\p{Katakana}ー]+$")
HIRAGANA = re.compile(r"^[\p{Hiragana}ー]+$")


@dataclass(frozen=True)
class Tok:
    i: int
    start: int
    end: int
    text: str
    tag: str

    @property
    def is_name(self) -> bool:
        return "人名" in self.tag

    @property
    def is_surname(self) -> bool:
        return self.tag.endswith("人名-姓")

    @property
    def is_given(self) -> bool:
        return self.tag.endswith("人名-名")

    @property
    def is_place(self) -> bool:
        return "地名" in self.tag

    @property
    def is_space(self) -> bool:
        return self.text.isspace() or self.tag == "空白"

    @property
    def is_noun(self) -> bool:
        return self.tag.startswith("名詞") or self.tag.startswith("接尾辞-名詞的")

    @property
    def kanji(self) -> bool:
        return bool(KANJI.match(self.text))

    @property
    def katakana(self) -> bool:
        return bool(KATAKANA.match(self.text))

    @property
    def hiragana(self) -> bool:
        return bool(HIRAGANA.match(self.text))


class TokenView:
    """Tokens of one analysed text with lookups by character offset."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.by_start = {t.start: t for t in toks}
        self.by_end = {t.end: t for t in toks}

    @classmethod
    def from_artifacts(cls, nlp_artifacts) -> "TokenView":
        cached = getattr(nlp_artifacts, "_ja_token_view", None)
        if cached is not None:
            return cached
        doc = nlp_artifacts.tokens
        view = cls([Tok(t.i, t.idx, t.idx + len(t.text), t.text, t.tag_) for t in doc])
        nlp_artifacts._ja_token_view = view
        return view

    def prev(self, tok: Tok) -> Tok | None:
        return self.toks[tok.i - 1] if tok.i > 0 else None

    def next(self, tok: Tok) -> Tok | None:
        return self.toks[tok.i + 1] if tok.i + 1 < len(self.toks) else None
