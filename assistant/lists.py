"""Items of a document's lists and tables, read from its layout rather than by a model: which group an
item stands under (「「農林水産業の生産力強化」はどの施策の柱に入っていますか」) and which items stand beside the
ones a question names (「「ガイドライン成案の策定」と並んで挙げられているものは何ですか」).

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
Asked for the items beside named ones, it answered with a line after the list (h31q07: 「トライアル利用例」
for 「調達仕様の策定」) or another sentence's item (h32q12).

Invariants:
- An answer is read only from text the index holds: the item is a whole item of an enumeration (a
  line or cell that is no sentence, a run of quoted items, or a run of list lines; between separators,
  not inside a longer item: 「子育て・教育DX」 is not the item 「教育DX」), and what is returned (a group
  label, sibling items) is written as there, without markup or list marks.
- Nothing is returned when the text around the item does not have that layout, or when two places
  give different answers (the caller asks the model instead).
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
    for seg in _split_items(text):
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
    once for its run), but not from the table's first line (read as its header: 「種別」); a list
    line's label line right above it. None when the items are the line's
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
            # the table's first line is read as its header (「種別\t総事業費\t…」), whose first cell is no group
            header = k == 0 or "\t" not in lines[k - 1]
            label = _label(cells[0]) if cells[0].strip() and not header else None
        else:
            if _LABEL_LINE.match(line) or not all(_whole_item_at(line, x) for x in items):
                continue
            above = next((x for x in reversed(lines[:i]) if x.strip()), "")
            label = _label(above) if _LABEL_LINE.match(above) else None
        if label and not any(holds_term(label, x) for x in items):
            found.add(label)
    return found.pop() if len(found) == 1 else None


# 「「A」のほかに何が…」, 「「A」「B」と並んで挙げられているものは」: the quoted run right before it is named
SIBLING_QUESTION = re.compile(r"((?:「[^「」]{1,40}」\s*(?:や|と|、|及び|および)?\s*)+)(?:と|の)?\s*"
                              + r"(?:ほかに|他に|以外に|以外で|のほか|と並んで|並んで|と並び|並び|とともに|と一緒に)")
# the same, the item named without quotes: the clause after the last comma (「…の活用として、ダウンロード数の増加と並んで」)
_SIBLING_CLAUSE = re.compile(r"(?:^|[、,，])\s*([^、,，「」？?]{2,40}?)\s*(?:と|の)\s*"
                             + r"(?:ほかに|他に|以外に|以外で|ほか|並んで|並び|ともに|一緒に)")
_ASKS_WHAT = re.compile(r"何|なに|どれ|どんな|どういう|どの")
# quoted items joined by nothing, や, と or a comma: 「「防災」や「健康・福祉・医療」」, 「「避難所データ」「図書館一覧」」
_QUOTED_RUN = re.compile(r"「[^「」]{1,60}」(?:\s*(?:や|と|、|,|，|及び|および)?\s*「[^「」]{1,60}」)+")
_QUOTED_ITEM = re.compile(r"「([^「」]{1,60})」")
# a list line's mark: 「- (1)」, 「・」, 「①」, 「1.」
_LIST_MARK = re.compile(r"^\s*(?:[-*・●○■◆◇]\s*){0,2}(?:[（(]\d{1,2}[)）]|[①-⑳]|\d{1,2}[.．)）])?\s*")
# a mark between two items of one line: 「・ ダウンロード数の増加 ・ デジタル市民証登録数の増加」
_INLINE_MARK = re.compile(r"(?<=[^\s\-*・●])\s+[・●]\s+")


def asked_sibling_terms(question: str) -> list[str]:
    """The quoted items beside which the question asks what else stands (「「DXの方針に関すること」のほかに
    何がありますか」 → ['DXの方針に関すること']), or the one item it names without quotes after its last
    comma (「…の活用として、ダウンロード数の増加と並んで挙げられているのは何ですか」); [] when it asks no such thing."""
    m = SIBLING_QUESTION.search(question)
    if m:
        return quoted_terms(m.group(1)) if _ASKS_WHAT.search(question[m.end():]) else []
    m = _SIBLING_CLAUSE.search(question)
    return [m.group(1)] if m and _ASKS_WHAT.search(question[m.end():]) else []


def _same(a: str, b: str) -> bool:
    return term_text(a) in term_forms(b)


def _list_item(line: str) -> str:
    """A list line's item: its mark, markup and closing 。 dropped."""
    return _MARKUP.sub("", _LIST_MARK.sub("", line, count=1)).strip().rstrip("。").strip()


# how an enumeration's item ends: a noun (kanji, katakana, letters, digits), a closing bracket, こと/もの
_NOUN_END = re.compile(r"(?:[一-龥々ァ-ヴーA-Za-z0-9Ａ-Ｚａ-ｚ０-９)）」』]|こと|もの)$")
_ITEM_MAX_CHARS = 40


def _split_items(line: str) -> list[str]:
    """`line` split at its item separators outside brackets, and at a mark between spaces (「・ ダウンロード数の増加
    ・ デジタル市民証登録数の増加」): 「中小・中堅企業DX（キャッシュレス決済、シェアリングエコノミー等）」 is one
    item, 「※対象業務：住民記録」 the first item read without its lead-in."""
    line = _INLINE_MARK.sub("、", line)
    items, depth, start = [], 0, 0
    for k, ch in enumerate(line):
        depth += ch in "（(「『[［" and 1 or ch in "）)」』]］" and -1 or 0
        if depth <= 0 and _ITEM_SEP.match(ch):
            items.append(line[start:k])
            start, depth = k + 1, 0
    items.append(line[start:])
    if items and re.search(r"[:：]", items[0]):
        items[0] = re.split(r"[:：]", items[0])[-1]
    return items


def _noun_item(item: str) -> bool:
    """Whether `item` reads as an item of an enumeration, not a clause of a sentence split at its commas
    (「失敗を恐れず」, 「現在持ち得るデータを活用し」, 「DX推進本部会議のメンバーは」)."""
    return 0 < len(item) <= _ITEM_MAX_CHARS and bool(_NOUN_END.search(item))


def _others(items: list[str], terms: list[str]) -> tuple[str, ...] | None:
    """The items that are not the named `terms`, when every term is one of the items."""
    if not all(any(_same(i, t) for i in items) for t in terms):
        return None
    rest = tuple(i for i in items if not any(_same(i, t) for t in terms))
    return rest or None


def sibling_items(text: str, terms: list[str]) -> tuple[str, ...] | None:
    """The items of the enumeration in `text` that holds every one of `terms` as a whole item, other
    than those: a run of quoted items in a line (「「避難所データ」「コミュニティバス GTFS データ」「行政区
    別、校区別、年齢別人口」「図書館一覧」」), a line of items split by 、 (「ガイドライン成案の策定、調達仕様
    の策定」), or a run of list lines (「- (1)DXの方針に関すること」「- (2)…」). None when no such
    enumeration holds them, or when two give different items."""
    if not terms:
        return None
    lines = text.split("\n")
    found: set[tuple[str, ...]] = set()
    for i, line in enumerate(lines):
        if not all(holds_term(line, t) for t in terms):
            continue
        rest = None
        for run in _QUOTED_RUN.finditer(line):
            rest = rest or _others(_QUOTED_ITEM.findall(run.group(0)), terms)
        if rest is None and "。" not in line and "\t" not in line:
            items = [_ITEM_TAIL.sub("", _list_item(x)).strip() for x in _split_items(line) if x.strip()]
            rest = _others(items, terms) if len(items) > 1 and all(map(_noun_item, items)) else None
        if rest is None and _LIST_MARK.match(line).group(0).strip() and len(terms) == 1:
            items = [_list_item(lines[j]) for j in _list_run(lines, i)]
            rest = _others(items, terms) if len(items) > 1 and all(map(_noun_item, items)) else None
        if rest:
            found.add(rest)
    return found.pop() if len(found) == 1 else None


def _list_run(lines: list[str], i: int) -> list[int]:
    """The indices of the run of list lines (blank lines between them allowed) that line i stands in."""
    def marked(j: int) -> bool:
        return bool(_LIST_MARK.match(lines[j]).group(0).strip()) and "\t" not in lines[j]

    run = [i]
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and (not lines[j].strip() or marked(j)):
            if lines[j].strip():
                run.append(j)
            j += step
    return sorted(run)
