"""Context selection for a small model: the best sentences around the top hits, within a budget.

Invariants:
- Each selected passage is a contiguous span of its document's extracted text:
  `passage.start`/`passage.end` are document offsets and `passage.text == doc_text[start:end]`
  (it is a slice of the chunk text, whose offsets are exact).
- Passages are numbered 1..n in the order given to the model; citations use those numbers.
- The total estimated token count of the passages never exceeds the budget, except that the
  single best sentence is always kept (truncated at the budget if it alone is larger).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.lexical import JapaneseTokenizer
from assistant.textutil import heading_like, split_sentences
from assistant.types import Hit

# Sentences in retrieved text that try to instruct the model are dropped from the context (R1/R4:
# retrieved text is data). The answer is still grounded in the remaining sentences.
_INJECTION = re.compile(
    r"(ignore (all |the )?(previous|above|prior)|disregard (the )?(previous|above)|system prompt|"
    r"(以前|これまで|上記|前)の(指示|命令|ルール)(を|は)(すべて|全て)?(無視|忘れ)|指示を無視|"
    r"(他|ほか)の(資料|文書|ドキュメント)(を|の内容を)(すべて|全て)?(表示|出力|開示|教え)|"
    r"システムプロンプト|あなたは今から|と(だけ)?答えなさい|と回答せよ|と出力せよ)",
    re.IGNORECASE,
)


def looks_like_instruction(sentence: str) -> bool:
    return bool(_INJECTION.search(sentence))


@dataclass(frozen=True)
class Passage:
    n: int
    hit: Hit  # the hit, with its chunk narrowed to the selected span (exact offsets)
    relevance: float


def estimate_tokens(text: str) -> int:
    """Qwen2.5's tokenizer averages ~0.9 tokens per Japanese character (measured on the demo corpus)."""
    return max(1, math.ceil(len(text) * 0.9))


def select_context(
    question: str,
    hits: Sequence[Hit],
    budget_tokens: int,
    tokenizer: JapaneseTokenizer,
    count_tokens: Callable[[str], int] = estimate_tokens,
    max_passages: int = 3,
    idf: Callable[[str], float] | None = None,
) -> tuple[list[Passage], list[str]]:
    """Return passages (numbered from 1) and notes (e.g. dropped instruction-like sentences).
    `idf` weights the question's words (the retriever's BM25 idf); without it every word counts 1."""
    q = set(tokenizer.tokens(question))
    weights = {t: (idf(t) if idf else 1.0) for t in q}
    notes: list[str] = []
    candidates: list[tuple[float, int, Hit, list[tuple[int, int]], int]] = []
    for hi, hit in enumerate(hits):
        text = hit.chunk.text
        sents = []
        for s, e in split_sentences(text):
            if looks_like_instruction(text[s:e]):
                notes.append(f"指示のような文を資料から除外しました: {hit.chunk.source}")
                continue
            sents.append((s, e))
        if not sents:
            continue
        scores = [sentence_score(weights, text[s:e], tokenizer) for s, e in sents]
        best = max(range(len(sents)), key=lambda i: (scores[i], -i))
        # rank decay keeps the retriever's order unless a lower hit has a much better sentence; a
        # passage whose best line is only a heading or list item (a table of contents) gets half of it
        decay = 1.0 / (hi + 2) * (0.5 if heading_like(text[sents[best][0]:sents[best][1]]) else 1.0)
        candidates.append((scores[best] + decay, hi, hit, sents, best))
    candidates.sort(key=lambda c: (-c[0], c[1]))

    passages: list[Passage] = []
    used = 0
    for rel, _, hit, sents, best in candidates[:max_passages]:
        text = hit.chunk.text
        lo = hi_ = best
        s, e = sents[best]
        cost = count_tokens(text[s:e])
        if used + cost > budget_tokens:
            if passages:
                break
            e = s + max(1, int((budget_tokens - used) / 0.9))  # keep the best sentence, truncated
            cost = count_tokens(text[s:e])
        used += cost
        # grow around the best sentence while the budget allows: previous sentence first
        # (measured: one coherent passage answers better than three fragments with the 1.5B model)
        grew = True
        while grew:
            grew = False
            for cand in (lo - 1, hi_ + 1):
                if 0 <= cand < len(sents) and (cand == lo - 1 or cand == hi_ + 1):
                    cs, ce = sents[cand]
                    c_cost = count_tokens(text[cs:ce])
                    # only contiguous growth: skip if an excluded (instruction) sentence lies between
                    if used + c_cost <= budget_tokens and not _gap_has_excluded(text, sents, lo, hi_, cand):
                        used += c_cost
                        if cand < lo:
                            lo, s = cand, cs
                        else:
                            hi_, e = cand, ce
                        grew = True
        c = hit.chunk
        narrowed = replace(c, text=text[s:e], start=c.start + s, end=c.start + e)
        passages.append(Passage(n=len(passages) + 1, hit=replace(hit, chunk=narrowed), relevance=rel))
    return passages, sorted(set(notes))


def sentence_score(weights: dict[str, float], sentence: str, tokenizer: JapaneseTokenizer) -> float:
    """idf-weighted share of the question's words in the sentence, halved for a heading or list line
    (it names the topic but states nothing). Measured on the demo and seed question sets: the gold
    answer reaches the context for 32/32 and 17/22 questions, against 29/32 and 16/22 unweighted.
    (Also requiring the asked-for date/number here cost one seed question, so only the quote
    fallback and the retriever use the answer type.)"""
    total = sum(weights.values()) or 1.0
    toks = set(tokenizer.tokens(sentence))
    score = sum(w for t, w in weights.items() if t in toks) / total
    return score * 0.5 if heading_like(sentence) else score


def _gap_has_excluded(text: str, sents: list[tuple[int, int]], lo: int, hi: int, cand: int) -> bool:
    if cand < lo:
        a, b = sents[cand][1], sents[lo][0]
    else:
        a, b = sents[hi][1], sents[cand][0]
    return looks_like_instruction(text[a:b])


_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s*#{1,6}\s*")


def model_view(text: str) -> str:
    """How the model sees a passage: Markdown table rows as `cell：cell`, no heading marks, one line.

    Only the prompt uses this view; citations keep the exact document text and offsets.
    """
    out = []
    for line in text.splitlines():
        if not line.strip() or _TABLE_SEP.match(line):
            continue
        line = _HEADING.sub("", line)
        if line.strip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            line = "：".join(c for c in cells if c)
        out.append(line.strip())
    return " ".join(out)


def render_context(passages: Sequence[Passage]) -> str:
    """One line per passage: `[n]（section or title, page, speaker）text` (short headers measured best)."""
    lines = []
    for p in passages:
        c = p.hit.chunk
        where = " ".join(x for x in (c.section or c.title or c.source, f"p.{c.page}" if c.page else "", c.speaker or "") if x)
        lines.append(f"[{p.n}]（{where}）" + model_view(c.text))
    return "\n".join(lines)
