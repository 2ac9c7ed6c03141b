"""Context selection for a small model: the best sentences around the top hits, within a budget.

Invariants:
- Each selected passage is a contiguous span of its document's extracted text:
  `passage.start`/`passage.end` are document offsets and `passage.text == doc_text[start:end]`
  (it is a slice of the chunk text, whose offsets are exact).
- Passages are numbered 1..n in the order given to the model; citations use those numbers.
- No two passages share document text: a hit's sentences inside a better-ranked hit's chunk (the
  overlap of adjacent chunks) are not offered again.
- The total estimated token count of the passages never exceeds the budget, except that the
  single best sentence is always kept (truncated at the budget if it alone is larger).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.grounding import (asks_for_postal, column_unit, gives_asked_value, has_asked_contact, has_phone_number,
                                 has_postal_address)
from assistant.lexical import INTERROGATIVES, JapaneseTokenizer
from assistant.textutil import (
    align_row,
    answer_types,
    asks_person,
    asks_reason,
    asks_why,
    expand_era_letters,
    heading_like,
    holds_answer_type,
    holds_term,
    marked_line,
    norm,
    quoted_terms,
    row_key,
    row_label,
    split_sentences,
    states_reason,
    years,
)
from assistant.types import Chunk, Hit
from ingest.metadata import find_dates

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
    table_header: str | None = None  # header row of a tab-separated table the span starts inside (model view only)
    # the unit that table declares once above it (「(単位：千円)」 → "千円"): its bare figures are read with it
    table_unit: str | None = None
    # the document's last sentences before the span (up to LEAD_SENTENCES, from its chunk or the one before):
    # where a fact's neighbourhood reaches back past the passage's start. Not shown to the model.
    lead: tuple[str, ...] = ()
    # the cover lines of a document whose own date the question asks (select_context's `cover`): the
    # question's topic is that document, so the whole passage is each of its facts' neighbourhood
    cover: bool = False
    # the name row of the record table the span stands in (「取組名\t\t(4) 官民データ活用の推進」), when the
    # table's rows describe one named item: what the passage is about (not shown to the model)
    record: str | None = None


# (relevance, hit index, hit, offered sentence spans, index of the best one, each sentence's score)
_Candidate = tuple[float, int, Hit, list[tuple[int, int]], int, list[float]]


def estimate_tokens(text: str) -> int:
    """Qwen2.5's tokenizer averages ~0.9 tokens per Japanese character (measured on the demo corpus)."""
    return max(1, math.ceil(len(text) * 0.9))


# added to the score of a sentence holding what the question asks for (a date for いつ/何月何日, a number for
# 何人/いくら; textutil.answer_types): the gold sentence 「日にち 令和6年4月8日（月）」 shares fewer words with
# 「…本部会議は何月何日に開催されましたか」 than the heading lines around it. Measured over the nine seed
# sets (python -m eval.stages): the gold answer reaches the context for 205/224 questions (203 without;
# 0.1: 203, 0.3: 205).
# A why-question (なぜ/…した理由は) is given the same bonus for a sentence that states a reason (…のため,
# …により) or stands under a label naming one (【辞退の理由】 above 「…人員確保が困難」), and a なぜ question
# counts 「理由」 among its words. Measured over the twelve seed sets: the reason line now reaches the
# context for three of the four 辞退 questions (one before); the contexts of sq18, hq22 and hq06 changed
# too, and with the model hq22 (why 佐伯市 looks at LINE) was lost.
TYPE_BONUS = 0.2
# A who-question (誰, どなた, 氏名) gives the same bonus to a sentence naming a person (a surname with a given
# name or an honorific: 「田中利明」 under 「佐伯市長」, 「…酒井氏」). Measured over the fourteen seed sets: the
# signature line 「佐伯市長 田中利明」 reaches the context for h12q19 (who wrote the plan's preface), and no
# other context changes. Also dropping the question words (誰, いつ, どこ…) from the sentence words (「誰」
# matched 「誰もが」) brought h2q18's signature line too, changed six other contexts, and with the model
# lost the demo's dq32 (「市役所で手続きできます」 against 「市役所ではできません」) and gained dq30: not shipped,
# and an FAQ's own 「…はどこですか」 line is a fair match for a どこ question.

# A lower hit's rank decay is scaled by (its retrieval score / the first hit's) to this power. Measured
# over the 488 answerable seed questions (`python -m eval.stages`): gold in the context 446 at 0 (rank
# alone), 450 at 1, 454 at 2, 452 at 3 and 5.
SCORE_RATIO_POWER = 2

_BULLETS = ("-", "・", "●", "○", "◆", "◇", "■", "□", "※", "➤", "✓", "☞")


def label_above(text: str, sents: Sequence[tuple[int, int]], i: int) -> tuple[int, int] | None:
    """The label line sentence i stands under, if any, as (start, end) in `text`: the sentence just before
    it is a heading (short or numbered, no 。, not a list item) and sentence i is a value line (no closing
    。, no list or numbering mark of its own). A slide or a form gives a value under its label
    (「(1) トライアル利用対象のサービス」 over 「「自治体AI zevo …」(株)シフトプラス」, 【辞退の理由】 over the
    reason): the label's words describe the value, as a table's header row describes its cells. A prose paragraph after a heading states its own subject
    (measured: letting it count its heading's words displaced the gold sentence of two questions)."""
    if i == 0:
        return None
    s, e = sents[i]
    ps, pe = sents[i - 1]
    line, above = text[s:e].strip(), text[ps:pe].strip()
    if marked_line(line) or line.startswith(_BULLETS) or line.endswith("。") or not heading_like(above) \
            or above.startswith(_BULLETS):
        return None
    return ps, pe


def select_context(
    question: str,
    hits: Sequence[Hit],
    budget_tokens: int,
    tokenizer: JapaneseTokenizer,
    count_tokens: Callable[[str], int] = estimate_tokens,
    max_passages: int = 3,
    idf: Callable[[str], float] | None = None,
    previous: Callable[[Chunk], Chunk | None] | None = None,
    cover: Hit | None = None,
) -> tuple[list[Passage], list[str]]:
    """Return passages (numbered from 1) and notes (e.g. dropped instruction-like sentences).
    `idf` weights the question's words (the retriever's BM25 idf); without it every word counts 1.
    `previous` gives the chunk before a chunk in its document: a table row's header row may be there.
    `cover` is the opening chunk of a document whose own date the question asks (「…計画が作られたのは
    いつ」): its cover lines (`cover_span`) are then the only passage. Measured: with the best hits beside
    it, the model answered 柳川市's plan date with the 平成30（2018）年 of a guideline the plan cites. A
    chunk without cover lines (or with more than the budget) changes nothing."""
    span = cover_span(cover.chunk.text, cover.chunk.title) if cover is not None else None
    if cover is not None and span is not None and count_tokens(cover.chunk.text[span[0]:span[1]]) <= budget_tokens:
        return [replace(_passage(1, cover, span[0], span[1], 1.0, previous), cover=True)], []
    q = set(tokenizer.tokens(question)) - INTERROGATIVES  # 誰 is not matched by 「誰もが」
    # question words no hit contains (いくら → 幾ら, 教えて) cannot separate sentences; left in, they
    # would only shrink every score against the rank decay
    present = set().union(*(tokenizer.tokens(h.chunk.retrieval_text()) for h in hits)) if hits else set()
    q = (q & present) or q
    if asks_why(question):
        q = q | {"理由"}  # 【辞退の理由】 labels what 「…辞退したのはなぜですか」 asks for
    weights = {t: (idf(t) if idf else 1.0) for t in q}
    wants = answer_types(question)
    wants_reason = asks_reason(question)
    wants_person = asks_person(question)
    notes: list[str] = []
    header_words: dict[str | None, set[str]] = {}
    candidates: list[_Candidate] = []
    owned: list[tuple[str, int, int]] = []  # (doc_id, start, end) of the better hits' chunks
    seen: set[str] = set()  # the better hits' sentences, as text
    for hi, hit in enumerate(hits):
        text = hit.chunk.text
        base, doc = hit.chunk.start, hit.chunk.doc_id
        sents = []
        spans = split_sentences(text)
        keys = [_same_text(text[s:e]) for s, e in spans]
        for (s, e), key in zip(spans, keys):
            if any(d == doc and base + s < e_ and s_ < base + e for d, s_, e_ in owned):
                continue  # text an overlapping, better-ranked chunk already offers
            if key in seen:
                continue  # a sentence the document repeats (under a figure, in a summary) is offered once
            if looks_like_instruction(text[s:e]):
                notes.append(f"指示のような文を資料から除外しました: {hit.chunk.source}")
                continue
            sents.append((s, e))
        owned.append((doc, base, base + len(text)))
        seen.update(k for k in keys if len(k) >= REPEAT_MIN_CHARS)
        if not sents:
            continue
        # words of the document's title count for every sentence in it (a plan's 「本市」 is the city its
        # title names); section headings do not (measured: they lift every sentence under a heading
        # that repeats the question's topic, and the demo's 支給月 question lost its answer)
        c = hit.chunk
        heading = set(tokenizer.tokens(c.title)) & q if c.title else set()
        # a table row is read under its header row (事業名 / R6年度予算 …), as the model will see it; the
        # rows of one table share it, so each header is tokenised once
        scores = []
        labels = [label_above(text, sents, i) for i in range(len(sents))]
        for i, (s, e) in enumerate(sents):
            header = _table_header(text, s, c, previous)
            if header is not None and header not in header_words:
                header_words[header] = set(tokenizer.tokens(header)) & q
            label = labels[i]
            label_text = text[label[0]:label[1]] if label else ""
            label_words = set(tokenizer.tokens(label_text)) & q if label else set()
            sc = sentence_score(weights, text[s:e], tokenizer, heading | header_words.get(header, set()) | label_words)
            if TYPE_BONUS and any(wants) and holds_answer_type(text[s:e], wants):
                sc += TYPE_BONUS
            if TYPE_BONUS and wants_reason and states_reason(text[s:e] + "\n" + label_text):
                sc += TYPE_BONUS
            if TYPE_BONUS and wants_person and tokenizer.person_names(text[s:e]):
                sc += TYPE_BONUS
            scores.append(sc)
        # on equal scores a statement beats a heading line (which would also halve the rank decay)
        flat = [heading_like(text[a:b]) for a, b in sents]
        best = max(range(len(sents)), key=lambda i: (scores[i], not flat[i], -i))
        # rank decay keeps the retriever's order unless a lower hit has a much better sentence; a
        # passage whose best line is only a heading or list item (a table of contents) gets half of it
        decay = 1.0 / (hi + 2) * (0.5 if flat[best] else 1.0)
        # ... and shrinks with the hit's retrieval score against the first hit's: a chunk the retriever
        # scored at a quarter of the first (3.3 against 12.6) does not win on a sentence that shares more
        # common words (holdout19 h19q06, blind: the 研修 chunk naming the lecturer and 3/5-6 lost to a
        # slide about 検証期間)
        if hi and hits[0].score > 0:
            decay *= min(1.0, max(0.0, hit.score / hits[0].score)) ** SCORE_RATIO_POWER
        candidates.append((scores[best] + decay, hi, hit, sents, best, scores))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    passages = _assemble(candidates[:max_passages], budget_tokens, count_tokens, previous)
    # a term the question quotes (「新規策定」, 「行政DX」) that no passage holds names where the answer
    # stands: the hit whose sentence holds it comes first, grown around that sentence
    # (to at most QUOTED_SHARE of the budget)
    promoted = _quoted_candidate(question, candidates, passages)
    first_cap = None
    if promoted is not None:
        candidates = [promoted] + [c for c in candidates if c[2] is not promoted[2]]
        first_cap = int(budget_tokens * QUOTED_SHARE)
        passages = _assemble(candidates[:max_passages], budget_tokens, count_tokens, previous, first_cap)
    # a 何人/何件… (or telephone-number) question whose context gives no such count (number) gets the
    # best-matching sentence that does, with room kept for it: the count often stands in a list item under
    # the topic's heading (「①調査対象 … 3,000人」), a number in a contact line (「電話 (0952) 40-7057」),
    # that share few of the question's words
    extra = None
    if passages and not any(_gives_asked(question, p.hit.chunk.text) for p in passages):
        extra = _counted_sentence(question, candidates)
    # likewise a table row the question names by its label (「長崎県」, 「宿泊客数」) that no passage holds:
    # the first passage often spends the budget on the prose above the table (holdout16 h16q20, h16q23)
    if passages and extra is None:
        extra = _named_row(question, candidates, passages)
    # and a sentence that states what the question asks about, when no passage holds one of the question's
    # nouns (「…何年に結婚したか」: the first passage grew around the sentence naming both people)
    if passages and extra is None:
        extra = _missing_noun_sentence(question, weights, wants, candidates[:max_passages], passages, tokenizer)
        if extra is not None and not _fits_beside(extra, candidates[0], budget_tokens, count_tokens):
            extra = None  # never at the cost of the first passage's own best sentence
    if extra is not None:
        hit, (s, e) = extra
        cost = count_tokens(hit.chunk.text[s:e])
        if cost < budget_tokens:
            passages = _assemble(candidates[:max_passages], budget_tokens - cost, count_tokens, previous, first_cap)
            # the lines before a telephone number may already stand in a passage: offered once
            text, base = hit.chunk.text, hit.chunk.start
            for p in passages:
                if _shows_part(p, hit.chunk, s, e):
                    s = max(s, p.hit.chunk.end - base)
            while s < e and text[s].isspace():
                s += 1
            if s < e:
                passages.append(_passage(len(passages) + 1, hit, s, e, 0.0, previous))
    return passages, sorted(set(notes))


# the passage read first for a quoted term grows to at most this share of the budget: the term may name a
# list or section whose content the next hit holds
QUOTED_SHARE = 0.5


def _quoted_candidate(question: str, candidates: Sequence[_Candidate],
                      passages: Sequence[Passage]) -> _Candidate | None:
    """The candidate to read first when the question quotes a term (`textutil.quoted_terms`) that no
    passage holds (in its text, title, section or table header, or as the heading it stands under:
    `stands_under`) and a sentence of a hit without a passage does: that hit, its best sentence set to the
    best-scoring sentence holding the term (the better-ranked hit on a tie); None otherwise. A term every
    passage lacks is what `Answerer.absent_term` declines for."""
    # the heading right before a passage names what it stands under (holdout63 h63q16, blind: the passage
    # below 「⑥自治体のAI・RPAの利用推進」 answered, and the list line naming it was read first instead)
    shown = "\n".join(p.hit.chunk.retrieval_text() + "\n" + (p.table_header or "") for p in passages)
    terms = [t for t in quoted_terms(question)
             if not holds_term(shown, t) and not any(stands_under(p, t) for p in passages)]
    placed = {p.hit.chunk.chunk_id for p in passages}
    found = []
    for cand in candidates:
        _, hi, hit, sents, _, scores = cand
        if hit.chunk.chunk_id in placed:
            continue  # its passage stays around its own best sentence (holdout19 h19q06: 「講師 (3/5-6開催」)
        for i, (a, b) in enumerate(sents):
            if any(holds_term(hit.chunk.text[a:b], t) for t in terms):
                found.append((scores[i], -hi, i, cand))
    if not found:
        return None
    _, _, i, (rel, hi, hit, sents, _, scores) = max(found, key=lambda f: (f[0], f[1]))
    return rel, hi, hit, sents, i, scores


def _shows_part(p: Passage, c: Chunk, a: int, b: int) -> bool:
    """Passage p shows part of c.text[a:b]: the same document, overlapping offsets."""
    q = p.hit.chunk
    return q.doc_id == c.doc_id and q.start < c.start + b and c.start + a < q.end


def _best_span(found: list[tuple[float, int, Hit, tuple[int, int]]]) -> tuple[Hit, tuple[int, int]] | None:
    """The (hit, span) of the best-scoring (score, -hit index, hit, span) entry, the better-ranked hit on a
    tie; None if there is none."""
    if not found:
        return None
    _, _, hit, span = max(found, key=lambda f: (f[0], f[1]))
    return hit, span


# a sentence offered for the question's nouns no passage holds must carry at least this share of the
# question's (idf-weighted) words among those nouns
MISSING_NOUN_SHARE = 0.15


def _missing_noun_sentence(question: str, weights: dict[str, float], wants: tuple[bool, bool],
                           candidates: Sequence[_Candidate], passages: Sequence[Passage],
                           tokenizer: JapaneseTokenizer) -> tuple[Hit, tuple[int, int]] | None:
    """The sentence, outside every passage, of the `candidates` (the best max_passages) that holds the
    question's nouns (`content_nouns`) that no passage or its title holds, worth at least MISSING_NOUN_SHARE
    of the question's word weight, and the date or number the question asks for (`answer_types`) when it
    asks one; the best by that share plus its own score, the better-ranked hit on a tie. None otherwise.

    A passage grows around the sentence sharing the most (rarest) words with the question, which in a long
    article is the one naming its people or place; the sentence stating what is asked about (結婚, 高さ,
    B面) can stand beyond the budget's reach (「1897年、ディーリアスは…イェルカ・ローゼンと出会った」 chosen,
    「2人は1903年に結婚し」 six sentences on). Measured (session 43, docs/evaluation.md): the gold answer
    reaches the context of 558 of 600 JaQuAD questions (549 without; JSQuAD 579 → 580 of 600) and 1956 of
    the 2264 answerable seed questions (1938 without: 28 gained, 10 lost, 248 contexts changed). With any
    of the question's words (居る, つく…) instead of its nouns: 48 gained, 24 lost, 432 changed; looked for
    in the best hit only: 8 gained, 4 lost."""
    total = sum(weights.values()) or 1.0
    have: set[str] = set()
    for p in passages:  # what the model is shown: the text, its title and a table's header row
        for shown in (p.hit.chunk.text, p.hit.chunk.title, p.table_header):
            if shown:
                have.update(tokenizer.tokens(shown))
    nouns = {t for _, t, _ in tokenizer.content_nouns(question)}
    missing = {t: w for t, w in weights.items() if t in nouns and t not in have}
    if not missing:
        return None
    found = []
    for _, hi, hit, sents, _, scores in candidates:
        c = hit.chunk
        for i, (a, b) in enumerate(sents):
            if any(_shows_part(p, c, a, b) for p in passages):
                continue  # already offered, in part
            line = c.text[a:b]
            if any(wants) and not holds_answer_type(line, wants):
                continue
            words = set(tokenizer.tokens(line))
            share = sum(w for t, w in missing.items() if t in words) / total
            if share >= MISSING_NOUN_SHARE:
                found.append((share + scores[i], -hi, hit, (a, b)))
    return _best_span(found)


def _fits_beside(extra: tuple[Hit, tuple[int, int]], first: _Candidate, budget_tokens: int,
                 count_tokens: Callable[[str], int]) -> bool:
    """The extra sentence and the first candidate's best sentence fit the budget together."""
    hit, (s, e) = extra
    _, _, first_hit, sents, best, _ = first
    a, b = sents[best]
    return count_tokens(hit.chunk.text[s:e]) + count_tokens(first_hit.chunk.text[a:b]) <= budget_tokens


def _named_row(question: str, candidates: Sequence[_Candidate],
               passages: Sequence[Passage]) -> tuple[Hit, tuple[int, int]] | None:
    """The best-scoring data row of any hit whose label (without a bracketed note: 「宿泊客数 (観光客数比)」)
    the question names, when no passage holds it; None otherwise. Measured over the seventeen seed sets:
    9 contexts change and the gold answer reaches 5 more of them (388/416 against 383), none lost."""
    q = norm(question)
    found = []
    for _, hi, hit, sents, _, scores in candidates:
        c = hit.chunk
        for i, (a, b) in enumerate(sents):
            key = row_key(c.text[a:b])
            label = row_label(key) if key else ""
            if len(label) < 2 or label not in q or scores[i] < COUNTED_MIN_SCORE:
                continue
            if any(p.hit.chunk.doc_id == c.doc_id and p.hit.chunk.start <= c.start + a and c.start + b <= p.hit.chunk.end
                   for p in passages):
                return None  # the named row is already offered
            found.append((scores[i], -hi, hit, (a, b)))
    return _best_span(found)


# a repeated sentence this long is the same statement; a shorter one (a label, 「(単位:千円)」) may
# belong to each table or list it stands in
REPEAT_MIN_CHARS = 20


def _same_text(sentence: str) -> str:
    """The sentence as `norm` reads it, without list marks: PDF text repeats a paragraph with other line
    breaks."""
    return re.sub(r"[-・]+", "", norm(sentence))


# a cover's date line stands among its first lines (title lines, then 「令和 6 年 3 月」 and the issuer)
COVER_LINES = 8


def cover_span(text: str, title: str | None = None) -> tuple[int, int] | None:
    """(0, end) of a document's cover lines in the text of its opening chunk: from the start through the
    first line that is a date of a month or day (「令和4(2022)年10月」, 「日にち 令和6年4月8日（月）」) and is
    not a sentence, with the one short line after it (the issuer, or 「(令和5年4月改訂)」), and through the
    title's line when the title stands below the date (a meeting's slides); None when no such date line
    stands among the first COVER_LINES non-empty lines."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if text[m.start():m.end()].strip()]
    head = lines[:COVER_LINES]
    for i, (a, b) in enumerate(head):
        line = text[a:b].strip()
        if len(line) <= 30 and not line.endswith("。") and any(
                d.precision in ("month", "day") for d in find_dates(line)):
            if i + 1 < len(lines) and len(text[lines[i + 1][0]:lines[i + 1][1]].strip()) <= 20:
                b = lines[i + 1][1]
            if title:
                t = norm(title)
                b = max([b] + [e for s_, e in head if t in norm(text[s_:e])])
            return 0, len(text[:b].rstrip())
    return None


# a counted sentence must carry at least this share of the question's (idf-weighted) words
COUNTED_MIN_SCORE = 0.15
# a telephone number is offered with up to this many lines before it (whose number it is), above the
# block's other contact lines
_CONTACT_LABEL_LINES = 2
_CONTACT_WORD = re.compile(r"〒|電話|tel|fax|ファクス|ファックス|e-?mail|@", re.IGNORECASE)


def _gives_asked(question: str, text: str) -> bool:
    """`text` gives the value the question asks for (`grounding.gives_asked_value`), and a 〒 line when
    it asks an office's postal address (an answer may give the address without its 〒; a passage that
    holds the address has one)."""
    return gives_asked_value(text, question) and (not asks_for_postal(question) or has_postal_address(text))


def contact_block_start(question: str, text: str, sents: Sequence[tuple[int, int]], i: int) -> int:
    """The first sentence of sentence i's block: for a telephone-number (e-mail) question and a sentence
    holding a number (an address), the line up to _CONTACT_LABEL_LINES above the block's contact lines
    (〒…, 電話…): the lines naming whose number it is (「佐賀市 政策推進部 DX推進課」 above 「電話 (0952)
    40-7057」), never widened over a sentence dropped as an instruction; i itself otherwise. Context
    selection and the quote fallback widen alike."""
    a, b = sents[i]
    if not has_asked_contact(text[a:b], question):
        return i
    # the other contact lines of the block (〒…, 電話…) stand between an address and its office's name
    top = i
    while top > 0 and (_CONTACT_WORD.search(line := text[slice(*sents[top - 1])]) or has_phone_number(line)):
        top -= 1
    j = max(0, top - _CONTACT_LABEL_LINES)
    return i if j < i and looks_like_instruction(text[sents[j][0]:a]) else j


def _counted_sentence(question: str, candidates: Sequence[_Candidate]) -> tuple[Hit, tuple[int, int]] | None:
    """The best-scoring sentence of any hit that gives the value the question asks for (何人 → 3,000人),
    the better-ranked hit on a tie; None if none does (or the question asks no count: the caller only
    asks when the chosen passages lack one). A telephone number is taken with the lines before it and
    scored by the best of them: a contact line (「電話 (0952) 40-7057」) follows the lines naming whose
    number it is (「佐賀市 政策推進部 DX推進課」)."""
    found = []
    for _, hi, hit, sents, _, scores in candidates:
        for i, (a, b) in enumerate(sents):
            if not _gives_asked(question, hit.chunk.text[a:b]):
                continue
            j = contact_block_start(question, hit.chunk.text, sents, i)
            score = max(scores[j:i + 1])
            if score >= COUNTED_MIN_SCORE:
                found.append((score, -hi, hit, (sents[j][0], b)))
    return _best_span(found)


LEAD_SENTENCES = 2


# a heading's mark: 「⑥」, 「- (6) 」, 「■」
_HEADING_MARK = re.compile(r"^\s*(?:[-#■□●○◆◇・※*]\s*)*(?:[①-⑳]|[（(]?[0-9０-９]{1,2}[)）.．、])?\s*")


def stands_under(p: Passage, term: str) -> bool:
    """Whether one of the sentences just before the passage (`Passage.lead`) is a marked heading that is
    `term` and nothing else (「⑥自治体のAI・RPAの利用推進」): the passage is the section the term names, although
    the chunk's section path does not name it."""
    return any(marked_line(x) and norm(_HEADING_MARK.sub("", x)) == norm(term) for x in p.lead)


def _passage(n: int, hit: Hit, s: int, e: int, relevance: float,
             previous: Callable[[Chunk], Chunk | None] | None) -> Passage:
    """Passage n: the hit narrowed to `chunk.text[s:e]` (exact document offsets), with the header row of
    the table the span starts inside and the sentences before it."""
    c = hit.chunk
    line_start = c.text.rfind("\n", 0, s) + 1
    if "\t" in c.text[line_start:s] and not c.text[line_start:s].strip():
        s = line_start  # a row whose first cells are empty keeps them: its cells stay under their header
    narrowed = replace(c, text=c.text[s:e], start=c.start + s, end=c.start + e)
    header, unit, record = _table_context(c.text, s, c, previous)
    return Passage(n=n, hit=replace(hit, chunk=narrowed), relevance=relevance,
                   table_header=header, table_unit=unit, lead=_lead(c, s, previous), record=record)


def _lead(c: Chunk, s: int, previous: Callable[[Chunk], Chunk | None] | None) -> tuple[str, ...]:
    """The last LEAD_SENTENCES sentences of the document before `c.text[s:]`: from the chunk itself, and
    from the chunk before it when the span starts near the chunk's start. Text shared by overlapping
    chunks is read once."""
    before = [c.text[a:b] for a, b in split_sentences(c.text[:s])]
    if len(before) < LEAD_SENTENCES and previous is not None:
        prev = previous(c)
        if prev is not None and prev.doc_id == c.doc_id:
            cut = max(0, min(len(prev.text), c.start - prev.start))  # the previous chunk up to where c begins
            before = [prev.text[a:b] for a, b in split_sentences(prev.text[:cut])] + before
    return tuple(before[-LEAD_SENTENCES:])


def _assemble(candidates: Sequence[_Candidate], budget_tokens: int, count_tokens: Callable[[str], int],
              previous: Callable[[Chunk], Chunk | None] | None, first_cap: int | None = None) -> list[Passage]:
    """Passages from the ranked candidates: each grows around its best sentence while the budget allows,
    before the next is placed; the first grows to at most `first_cap` tokens when given.

    Measured (session 7): placing the best sentence of every near-equal candidate before the first
    passage grows brought two answers into the context (「自治体AI zevo…」(株)シフトプラス, a 69.9% line
    under a table) and cost two others (an FAQ question line and the コンビニ 200円 line displaced the
    窓口 300円 row: the model answered 200円); the coherent first passage stayed."""
    passages: list[Passage] = []
    used = 0
    for rel, _, hit, sents, best, _ in candidates:
        limit = first_cap if first_cap is not None and not passages else budget_tokens
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

        def take(cand: int) -> bool:
            """Add sentence `cand`, next to the passage, when the budget allows; only contiguous growth: not
            when an excluded (instruction) sentence lies between."""
            nonlocal used, lo, hi_, s, e
            cs, ce = sents[cand]
            c_cost = count_tokens(text[cs:ce])
            if used + c_cost > limit or _gap_has_excluded(text, sents, lo, hi_, cand):
                return False
            used += c_cost
            if cand < lo:
                lo, s = cand, cs
            else:
                hi_, e = cand, ce
            return True

        # grow around the best sentence while the budget allows: previous sentence first
        # (measured: one coherent passage answers better than three fragments with the 1.5B model)
        if introduces_list(text, sents, best):
            # the items a 「…以下の事業を実施している。」 line announces are what it tells: they come first
            while hi_ + 1 < len(sents) and take(hi_ + 1):
                pass
        grew = True
        while grew:
            grew = False
            for cand in (lo - 1, hi_ + 1):
                if 0 <= cand < len(sents) and (cand == lo - 1 or cand == hi_ + 1):
                    grew = take(cand) or grew
        passages.append(_passage(len(passages) + 1, hit, s, e, rel, previous))
    return passages


# a line that announces the list below it: 「…以下の事業を実施している。」, 「次のとおりです。」, 「…は次の3点：」
_LIST_INTRO = re.compile(r"(?:(?:以下|下記|次)の|次のとおり|次の通り).{0,40}[。：:]\s*$|[：:]\s*$")


def introduces_list(text: str, sents: Sequence[tuple[int, int]], i: int) -> bool:
    """Whether sentence i announces a list (`_LIST_INTRO`) and the next sentence is one of its items
    (a line that starts with a bullet)."""
    if i + 1 >= len(sents):
        return False
    s, e = sents[i]
    ns, ne = sents[i + 1]
    return bool(_LIST_INTRO.search(text[s:e])) and text[ns:ne].lstrip().startswith(_BULLETS)


_HEADER_LOOKBACK_CHUNKS = 8
# the label of a record table's first row, naming the item its rows describe: 取組名, 事業名, 施策名
_RECORD_LABEL = re.compile(r"^(?:取組|事業|施策|項目|事務|業務|計画)名$")


def _table_header(text: str, start: int, chunk: Chunk, previous: Callable[[Chunk], Chunk | None] | None) -> str | None:
    """Header row of the table that `text[start:]` (a slice of `chunk.text`) begins inside, looked up in
    the chunk and, when the chunk itself starts inside that table, in the chunk before it."""
    return _table_context(text, start, chunk, previous)[0]


def _table_context(text: str, start: int, chunk: Chunk,
                   previous: Callable[[Chunk], Chunk | None] | None) -> tuple[str | None, str | None, str | None]:
    """(header row, declared unit, record name row) of the table that `text[start:]` begins inside (or
    begins with), looked up in the chunk and, when the table reaches back to the chunk's start, in the
    chunks before it (a long table spans chunks: its header and the 「(単位：千円)」 above it may be a few
    chunks back). The record name row is the table's first row when its label names the record the rows
    describe (「取組名\t\t(4) 官民データ活用の推進」 above its 概要, 現状と課題 and 取組 rows)."""
    header, reaches_start, unit, first = _header_scan(text, start)
    for _ in range(_HEADER_LOOKBACK_CHUNKS):
        if not reaches_start or previous is None or (header is not None and unit is not None):
            break
        prev = previous(chunk)
        if prev is None:
            break
        text, start, chunk = prev.text + "\n" + text, len(prev.text) + 1 + start, prev
        found, reaches_start, found_unit, first_found = _header_scan(text, start)
        header, unit, first = header or found, unit or found_unit, first_found or first
    label = norm(first.split("\t", 1)[0]) if first is not None and first != header else ""
    return header, unit, first if _RECORD_LABEL.search(label) else None


def sentence_score(weights: dict[str, float], sentence: str, tokenizer: JapaneseTokenizer,
                   heading: set[str] | frozenset[str] = frozenset()) -> float:
    """idf-weighted share of the question's words in the sentence (plus `heading`: the question's words
    in the document title and, for a table row, its header row or, for a value line, its label line),
    halved for a heading or list line (it names the topic but states nothing; not halving a short value
    line under a label changed 44 of the 296 seed contexts and lost two gold answers). Measured on the
    demo and seed question sets: the gold answer reaches the context for 32/32 and 19/22 questions
    (17/22 without title and header words, 16/22 unweighted). (Also requiring the asked-for date/number here cost one seed question, so only the
    quote fallback and the retriever use the answer type.)"""
    total = sum(weights.values()) or 1.0
    toks = set(tokenizer.tokens(sentence)) | heading
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


_NUMERIC_CELL = re.compile(r"^[\s\d,.\-+~～()（）%％]*[\d][\s\d,.\-+~～()（）%％]*(千円|万円|円|人|件|台|時間|日|回|か所|箇所|%|％)?$")


# a header cell is a label: short, and never a sentence
_LABEL_MAX_CHARS = 30


def is_header_row(cells: Sequence[str]) -> bool:
    """Three or more labels, none a number, none a sentence or longer than a label. A two-column table
    is read as item：value rows (調査地域 / 佐賀市全域 is its first item, not a header; read as one, every
    row became 調査地域：対象者数、…); a data row of a table whose header is out of reach (「新規 / 佐賀大和IC
    工業団地誘致活動 / 【令和2年度に実施】 現地へ…制作した。」) is not a header either."""
    filled = [c for c in cells if c]
    return (len(filled) >= 3 and not any(_NUMERIC_CELL.match(c) for c in filled)
            and all(len(c) <= _LABEL_MAX_CHARS and "。" not in c for c in filled))


def table_header_before(text: str, start: int) -> str | None:
    """The header row of the tab-separated table that `text[start:]` begins inside, if it is in `text`:
    the first line of the run of tab-separated lines just before `start`, if no cell of it is a number."""
    return _header_scan(text, start)[0]


def table_first_row(text: str, start: int) -> str | None:
    """The first row of the run of tab-separated rows just before the row `text[start:]` begins with (a
    header row or not), if `text` holds one."""
    return _header_scan(text, start)[3]


def table_labels_before(text: str, start: int) -> str | None:
    """The first row of the two-column table that `text[start:]` begins inside, if it is in `text` and
    holds only labels (two short cells, no number, no sentence): what the table is about (「自然災害 /
    主な被災履歴」), although `is_header_row` reads such a row as the table's first item. A wider table's
    header row is left out: in a fact's neighbourhood it let the 普通河川 column's 450 pass for the 里道
    row the question names (holdout20 h20q21)."""
    first = table_first_row(text, start)
    if first is None:
        return None
    cells = [c.strip() for c in first.split("\t") if c.strip()]
    if len(cells) == 2 and not any(_NUMERIC_CELL.match(c) for c in cells) and all(
            len(c) <= _LABEL_MAX_CHARS and "。" not in c for c in cells):
        return first
    return None


# how far up a run of list lines is walked for the heading it stands under
_LIST_HEADING_LOOKBACK = 12
_LIST_ITEM_MAX_CHARS = 30


def list_heading(text: str, start: int) -> str | None:
    """The heading line that the run of list lines holding `text[start]` stands under: the first line above
    the run that is no list line (blank lines skipped), when it reads as a heading (`heading_like`, no
    closing 。). A slide names what its items are by that line, as a table's header names its cells:
    「電子市役所の実現」 over 「- ◆ …」 lines, the last 「- ◆ オープンデータ・情報発信」 (holdout71 h71q04, blind).
    Only a short item (`_LIST_ITEM_MAX_CHARS`, no 。) is named by its heading: a longer one states its own
    subject (measured: 「- R5年度までに、…「デジタル市民証」を…開発」 under a cut-off slide title let a wrong reply
    to holdout66 h66q07 pass). None when the line at `start` is no such item, or the run is longer than
    `_LIST_HEADING_LOOKBACK`."""
    lines = text.split("\n")
    i = text.count("\n", 0, start)
    item = lines[i].strip() if i < len(lines) else ""
    if not item.startswith(_BULLETS) or "。" in item or len(item) > _LIST_ITEM_MAX_CHARS:
        return None
    for j in range(i - 1, max(-1, i - 1 - _LIST_HEADING_LOOKBACK), -1):
        line = lines[j].strip()
        if not line or line.startswith(_BULLETS):
            continue
        return line if heading_like(line) and not line.endswith("。") else None
    return None


def table_caption(text: str, start: int) -> str | None:
    """What a year-column table's row is a figure of: the caption lines just above the table that
    `text[start:]` begins inside (the labels among the `_CAPTION_LOOKBACK_LINES` non-blank lines above
    it, none of another table; a sentence there is commentary and may name another figure: 「観光消費額に
    寄与する宿泊客数については約26%」 let the R2 cell of another row answer for 観光消費額, h28u07)
    and its header row, when every header cell names a year (「観光客数の現状」 … 「\\tH30\\tR1\\tR2」 above
    「展開峰\\t232,664人\\t296,849人\\t198,013人」). None for another table, or when the header is not in
    `text`. Which year's cell a figure stands in is `other_column`'s to judge; a header of other labels
    is left out (in a fact's neighbourhood the 普通河川 column's 450 passed for the 里道 row, h20q21)."""
    header, _, _, first = _header_scan(text, start)
    if header is None or first is None:
        return None
    cells = [c.strip() for c in header.split("\t") if c.strip()]
    if not all(years(expand_era_letters(c)) for c in cells):
        return None
    above = text[:text.rfind(header, 0, start)].split("\n")
    caption: list[str] = []
    seen = 0
    for line in reversed(above):
        if not line.strip():
            continue
        if "\t" in line or seen == _CAPTION_LOOKBACK_LINES:
            break
        seen += 1
        if len(line.strip()) <= _LABEL_MAX_CHARS and "。" not in line:
            caption.append(line.strip())
    return "\n".join([*reversed(caption), header])


def table_unit_before(text: str, start: int) -> str | None:
    """The unit declared above the tab-separated table that `text[start:]` begins inside, if in `text`."""
    return _header_scan(text, start)[2]


# a table's unit, stated once on its own line above it or at the end of its caption line: 「(単位：千円)」,
# 「単位：人」, 「佐賀市の採択事業（単位：千円）」. One unit only: 「(単位：人、%)」 names no unit for a cell.
_UNIT_CAPTION = re.compile(r"単位\s*[:：]\s*([^\s()（）\[\]［］、，,;；:：]{1,6})\s*[)）\]］]?\s*$")
_CAPTION_LOOKBACK_LINES = 3


def unit_caption(line: str) -> str | None:
    """The unit a caption line declares for the table below it (「(単位：千円)」 → "千円"), else None."""
    m = _UNIT_CAPTION.search(line.strip())
    return m.group(1) if m else None


def _header_scan(text: str, start: int) -> tuple[str | None, bool, str | None, str | None]:
    """(header row or None, whether the table's run of rows reaches back to the start of `text`, the unit
    a caption declares within a few lines above the run, the run's first row). The caption is looked for
    above the run only: the table's own rows and a caption inside the passage are the model's to read."""
    if "\t" not in text[start:start + 400].split("\n", 1)[0]:
        return None, False, None, None
    lines = text[:start].split("\n")[:-1]  # complete lines before the span's line
    first = None
    run = 0
    for line in reversed(lines):
        if "\t" not in line:
            break
        first, run = line, run + 1
    reaches_start = run == len(lines)
    unit = None
    seen = 0
    for line in reversed(lines[:len(lines) - run]):
        if not line.strip():
            continue
        if "\t" in line or seen == _CAPTION_LOOKBACK_LINES:
            break
        seen += 1
        unit = unit_caption(line)
        if unit:
            break
    header = first if first is not None and is_header_row([c.strip() for c in first.split("\t")]) else None
    return header, reaches_start, unit, first


# a figure a declared unit applies to (157,466 / 12.5), and the labels of columns whose figures are not
# amounts of that unit (a year, a rank, a rate)
_BARE_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_NOT_UNIT_LABEL = re.compile(r"^(?:年度|年|月|日|年月日|No\.?|NO\.?|番号|順位|順)$|率|割合|%|％")


def with_unit(cell: str, label: str | None, unit: str | None) -> str:
    """`cell` with its unit after it when it is a bare figure: its column's own (「予算額（千円）」), or the
    table's declared unit unless the column holds years, ranks or rates."""
    own = column_unit(label) if label else None
    if not own and label and _NOT_UNIT_LABEL.search(label):
        unit = None
    unit = own or unit
    if unit and _BARE_FIGURE.fullmatch(cell):
        return cell + unit
    return cell


def _row_view(cells: list[str], header: list[str] | None, unit: str | None = None) -> str:
    """A data row as the model reads it, aligned with its header row by `align_row`. The first cell is
    the row's label; the others are read with the table's declared unit (「国庫補助額：157,466千円」)."""
    aligned = align_row(header, cells) if header else None
    if aligned:
        pairs = []
        for i, (h, c) in enumerate(aligned):
            if c:
                c = with_unit(c, h, unit) if i else c
                pairs.append(f"{h}：{c}" if h else c)
        return "、".join(pairs)
    return "：".join(with_unit(c, None, unit) if i else c for i, c in enumerate(cells) if c)


def model_view(text: str, table_header: str | None = None, table_unit: str | None = None) -> str:
    """How the model sees a passage: Markdown table rows as `cell：cell`, tab-separated rows under a
    header row as `header：cell、header：cell` (the header may come from before the passage), no heading
    marks, abbreviated eras written out (R2 → 令和2年), one line.

    A table's declared unit (`table_unit`, from a 「(単位：千円)」 above the passage, or such a caption line
    inside it) is written after each bare figure of its rows but the first cell: measured on the TYPE3 row
    of the seed's 「(単位：千円)」 table, the model read 157,466 as 157,466円 or declined (holdout12, 15, 17).
    It applies until the table ends (a line that is not a row).

    Only the prompt uses this view; citations keep the exact document text and offsets.
    """
    out = []
    header = [c.strip() for c in expand_era_letters(table_header).split("\t")] if table_header else None
    unit = table_unit
    for line in text.splitlines():
        if not line.strip() or _TABLE_SEP.match(line):
            continue
        line = expand_era_letters(_HEADING.sub("", line))
        if line.strip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            line = "：".join(c for c in cells if c)
        elif "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if header is None and is_header_row(cells):
                header = cells  # a header row inside the passage: shown once, then used for the rows
                out.append(" ".join(c for c in cells if c))
                continue
            line = _row_view(cells, header, unit)
        else:
            header = None
            unit = unit_caption(line)  # a caption line declares the next table's unit; any other ends it
        out.append(line.strip())
    return " ".join(out)


def shown_heading(c: Chunk) -> str:
    """The heading the model is shown before a passage's text: its section, else its title, else its source
    file (`render_context`)."""
    return c.section or c.title or c.source


def render_context(passages: Sequence[Passage]) -> str:
    """One line per passage: `[n]（section or title, page, speaker）text` (short headers measured best)."""
    lines = []
    for p in passages:
        c = p.hit.chunk
        where = " ".join(x for x in (shown_heading(c), f"p.{c.page}" if c.page else "", c.speaker or "") if x)
        lines.append(f"[{p.n}]（{where}）" + model_view(c.text, p.table_header, p.table_unit))
    return "\n".join(lines)
