"""Which group of a list or table an item stands under: 「「農林水産業の生産力強化」はどの施策の柱に入って
いますか」 is answered by the document's layout, not by a model.

A plan's 施策体系 lists its items under numbered group labels, either as a two-column table whose
label cell is written once for its run of rows::

    2 地域経済の活性化<TAB>中小企業の生産性向上、IT産業の育成
    <TAB>デジタル産業の振興
    <TAB>農林水産業の生産力強化

or as a numbered list item with the group's items on the line below it::

    - 4 **魅力的な地域をつくる**
    教育DX、医療・介護分野DX、…

The small model read such passages badly: of eleven questions of this kind over the seed documents,
it declined the table it was given (h31q13), named a sibling row (h27q10) or a section heading
(h19q15), and retrieval missed the list for the questions that named an item in a few words (h25q17).

Invariants:
- An answer is read only from text the index holds: the item is a whole item of an enumeration (a
  line or cell that is no sentence; between separators, not inside a longer item: 「子育て・教育DX」 is
  not the item 「教育DX」) and the label is that line's group label as written, without markup.
- No label is returned when the lines around the item do not have that layout (the caller asks the
  model instead).
"""

from __future__ import annotations

import re

from assistant.textutil import holds_term, quoted_terms, term_forms, term_text

# 「…はどの施策の柱に入っていますか」, 「…どの項目に含まれていますか」, 「…どの基本施策に位置づけられていますか」
GROUP_QUESTION = re.compile(
    r"(?:どの|どちらの|何の|なんの|どういう|どんな|何という)\s*(?:施策の|政策の)?"
    r"(?:柱|項目|分野|区分|カテゴリー?|グループ|基本目標|方針|施策|方向性?|テーマ|領域|重点分野|基本施策|分類)"
    r"(?:に|へ|の中に|として)?(?:入|含|属|位置|分類|該当|挙が|あた|当た|まとめ|整理)")

# the item a question names without quoting it: the clause before は/って, after the framing clause
_ITEM_CLAUSE = re.compile(r"([^、,，「」]{2,60}?)(?:は|って|が)\s*$")
_ITEM_JOIN = re.compile(r"や|及び|および|と(?=[^\s]{2,})")

# a numbered list item that only names a group: 「- 4 **魅力的な地域をつくる**」, 「(2) 人の流れをつくる」
_LABEL_LINE = re.compile(r"^\s*(?:[-*・]\s*)?(?:\d{1,2}|[①-⑳]|[（(]\d{1,2}[)）])[\s.．、]*\S")
_LABEL_MAX_CHARS = 30
_MARKUP = re.compile(r"\*\*|__")

# the separators of an enumeration's items, and what may close an item (「…の創出 等」)
_ITEM_SEP = re.compile(r"[、,，\t]")
_ITEM_TAIL = re.compile(r"\s*(?:等|など)$")
_JAPANESE = re.compile(r"[一-龥々ぁ-んァ-ヴ]")


def asked_group_items(question: str) -> list[str]:
    """The item(s) whose group the question asks (「…「教育DX」ってどの項目に入ってる？」 → ['教育DX']),
    [] when it asks no group. A quoted term right before the interrogative is the item; else the clause
    before は/って, split at や/及び (「デジタルインフラの整備やマイナンバーカードの普及促進・利活用拡大は」 → two)."""
    m = GROUP_QUESTION.search(question)
    if not m:
        return []
    before = question[:m.start()]
    terms = quoted_terms(before)
    if terms and re.search(r"」\s*(?:の推進)?\s*(?:は|って|が|も)?\s*$", before):
        return [terms[-1]]
    clause = _ITEM_CLAUSE.search(before)
    if not clause:
        return []
    items = [x.strip() for x in _ITEM_JOIN.split(clause.group(1)) if len(x.strip()) >= 2]
    return items


def _whole_item_at(text: str, item: str) -> bool:
    """Whether `item` is one whole item of the enumeration `text` (a line or cell without a sentence end):
    an item between separators, with a closing 等 dropped, one that opens an item as its example
    (「こども政策におけるDX等のデジタル技術を活用した…」), or quoted in one (「「転職なき移住」の推進」).
    「子育て・教育DX」 does not hold the item 「教育DX」; 「…地方公共団体は、保有…」 holds no item."""
    if "。" in text:
        return False
    forms = term_forms(item)
    for seg in _ITEM_SEP.split(text):
        t = term_text(_ITEM_TAIL.sub("", seg.strip()))
        if t in forms or any(t.startswith(f + "等") or f"「{f}」" in t or f"『{f}』" in t for f in forms):
            return True
    return False


def _label(text: str) -> str | None:
    """A group label as written (markup dropped), if `text` is short and no sentence."""
    label = _MARKUP.sub("", text).strip().lstrip("-*・").strip()
    if not label or len(label) > _LABEL_MAX_CHARS or "。" in label or len(_JAPANESE.findall(label)) < 2:
        return None
    return label


def group_label(text: str, items: list[str]) -> str | None:
    """The label of the group the `items` stand under in `text` (all of them in one line), or None.
    A table row's first cell, or the first filled first cell of the rows above it (the label is written
    once for its run); a list line's label line right above it. None when the items are the line's
    label themselves, or when several lines hold them under different labels."""
    if not items:
        return None
    lines = text.split("\n")
    found: set[str] = set()
    for i, line in enumerate(lines):
        if not all(holds_term(line, x) for x in items):
            continue
        if "\t" in line:
            cells = line.split("\t")
            j = next((k for k, c in enumerate(cells) if all(_whole_item_at(c, x) for x in items)), None)
            if not j:  # not in one cell, or in the row's own label cell
                continue
            k = i
            while not cells[0].strip() and k > 0 and "\t" in lines[k - 1]:
                k -= 1
                cells = lines[k].split("\t")
            label = _label(cells[0]) if cells[0].strip() else None
        else:
            if _LABEL_LINE.match(line) or not all(_whole_item_at(line, x) for x in items):
                continue
            above = next((x for x in reversed(lines[:i]) if x.strip()), "")
            label = _label(above) if _LABEL_LINE.match(above) else None
        if label and not any(holds_term(label, x) for x in items):
            found.add(label)
    return found.pop() if len(found) == 1 else None
