"""Japanese lexical retrieval: two BM25 indexes (bm25s) persisted beside the vector store.

- `words`: SudachiPy (core dictionary) split mode C, normalised forms, function words dropped.
- `bigrams`: character bigrams of the NFKC text, which catch partial matches of compounds, katakana
  and numbers that a dictionary tokeniser splits differently in question and document.
(Measured on JSQuAD: each alone ~0.90 hit@1; fused with dense embeddings ~0.92.)

Invariants:
- Tokens per chunk are cached on disk keyed by chunk id (ids embed the chunk's content hash), so an
  ingest that adds or replaces files tokenises only the new chunks; removed chunks drop out.
- The bm25s matrices are rebuilt from cached tokens only when the store's `generation()` changed,
  and saved with that generation, so a restarted process loads them instead of re-indexing.
- Query and corpus go through the same analyzers.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path

import numpy as np

_DROP_POS = {"助詞", "助動詞", "補助記号", "記号", "空白"}
# a word set in spaced letters by a PDF export (「L G W A N」, 「I o T」, 「I C T」 in a table cell) is read
# as the word; without this the question's LGWAN matched none of the glossary's letters
_SPACED_LETTERS = re.compile(r"(?<![A-Za-z])[A-Za-z](?: [A-Za-z])+(?![A-Za-z])")
# nouns that ask rather than name a topic: they say nothing about whether the documents cover it
_QUESTION_NOUNS = {"幾ら", "いくら", "何", "なに", "何時", "いつ", "何処", "どこ", "誰", "だれ", "何人", "何日", "何年",
                   "方", "方法", "場合", "事", "こと", "物", "もの", "為", "ため", "時", "とき", "件", "程度", "くらい",
                   "ぐらい", "内容", "教え", "質問", "回答", "答え", "意味", "理由", "様", "さん", "氏", "君", "うち"}
# the interrogatives among a question's words: 「誰ですか」 asks, and 「誰もが」, 「いつでも」, 「何らかの」 in a
# document do not answer it. Sentence choice leaves them out of the question's words (they stay in
# `tokens`, which also feeds the BM25 index).
INTERROGATIVES = frozenset({"誰", "だれ", "どなた", "何", "なに", "何時", "いつ", "何処", "どこ", "幾ら", "いくら",
                            "どれ", "どちら", "どの", "どう", "どんな", "なぜ", "何故"})
ANALYZERS = ("words", "bigrams")


_HONORIFICS = frozenset({"氏", "さん", "様", "君", "先生"})
# a post after a surname names its holder (佐藤議員, 安倍首相, 青木市長)
_POSTS = frozenset({"議員", "議長", "首相", "総理", "大統領", "大臣", "長官", "知事", "市長", "町長", "村長", "区長",
                    "委員", "委員長", "会長", "社長", "部長", "課長", "局長", "所長", "校長", "院長", "教授", "監督"})


# verbs that carry another word's meaning in a predicate: 「保障される」, 「請求できる」, 「違法である」, 「深めている」
_LIGHT_VERBS = frozenset({"為る", "出来る", "居る", "有る", "おる", "成る", "仕舞う", "れる", "られる"})


def _light(m) -> bool:
    return m.part_of_speech()[0] == "動詞" and m.part_of_speech()[1] == "非自立可能" and m.normalized_form() in _LIGHT_VERBS


def _te_form(m) -> bool:
    """The て/で that joins a verb to an auxiliary (「深めている」, 「進んでいる」), not the case particle で."""
    return m.part_of_speech()[:2] == ("助詞", "接続助詞") and m.surface() in ("て", "で")


def _takes_light(m) -> bool:
    """Whether a light verb after `m` belongs to m's predicate: a noun or adjectival noun (保障される; 違法で
    ある goes through the copula で), a て form (深めている), a copula or passive (されている); not a case
    particle (「オンラインでできますか」 asks whether it can be done)."""
    pos = m.part_of_speech()
    return pos[0] in ("名詞", "形状詞", "助動詞") or _light(m) or _te_form(m)


# words that say another is not so (「印鑑は不要です」 answers 「印鑑は必要ですか」 with no), both ways
_DENIAL_PAIRS = (("必要", "不要"), ("可能", "不可能"), ("可能", "不可"), ("有料", "無料"), ("有効", "無効"),
                 ("該当", "非該当"), ("対象", "対象外"))
_DENIALS = {w: frozenset(b if w == a else a for a, b in _DENIAL_PAIRS if w in (a, b))
            for pair in _DENIAL_PAIRS for w in pair}


def denials(word: str) -> frozenset[str]:
    """The words that say `word` (a normalised form) is not so: 不要 for 必要, 必要 for 不要 (`_DENIAL_PAIRS`)."""
    return _DENIALS.get(word, frozenset())


# changes and degrees the other way: 「人口は減少しています」 answers 「人口は増加していますか」 with no, and 「減少傾向に
# ある」 answers 「増加傾向にありますか」. Only a yes/no stance reads them: 「減少した件数」 does not answer 「増加した件数は」
_CONTRARY_SETS = ((frozenset({"増加", "増える", "増大", "上昇", "上がる", "拡大", "向上"}),
                   frozenset({"減少", "減る", "減退", "低下", "下がる", "縮小"})),
                  (frozenset({"多い"}), frozenset({"少ない"})),
                  (frozenset({"高い"}), frozenset({"低い"})),
                  (frozenset({"改善"}), frozenset({"悪化"})))


def contraries(word: str) -> frozenset[str]:
    """The words (normalised forms) that say the change or degree `word` names went the other way: 減少, 減る, 低下…
    for 増加; 増加, 増える, 上昇… for 減少; 少ない for 多い (`_CONTRARY_SETS`). Empty for any other word."""
    for up, down in _CONTRARY_SETS:
        if word in up:
            return down
        if word in down:
            return up
    return frozenset()


_EXIST = frozenset({"居る", "有る"})  # いる and ある both say that something exists
PREDICATE_WINDOW = 15  # words before a predicate that `predications` reports as what it is said of


def _predicates_noun(after) -> bool:
    """Whether a noun followed by the morphemes `after` is a predicate: before a copula or light verb (「利用
    しない」, 「違法である」, 「目的です」) or 「となる」, or は/も/が and ない/ある (「必要はありません」), or 「では」/「でも」 and
    ない/ある (「目的ではない」)."""
    if not after:
        return False
    if after[0].part_of_speech()[0] == "助動詞" or _light(after[0]):
        return True
    if len(after) >= 2 and after[0].surface() == "と" and after[1].normalized_form() == "成る":
        return True  # 「減少傾向となっています」 says what 「減少傾向です」 says
    if len(after) >= 2 and after[0].surface() in ("は", "も", "が") and after[1].normalized_form() in ("無い", "有る"):
        return True  # 「申請の必要はありません」, 「変更もない」
    return (len(after) >= 3 and after[0].surface() == "で" and after[1].surface() in ("は", "も")
            and after[2].normalized_form() in ("無い", "有る"))


def _negation(m) -> bool:
    """ない/ず/ぬ after a verb (「できない」, 「ありません」), or 無い after an adjective (「多くない」)."""
    pos = m.part_of_speech()
    return ((pos[0] == "助動詞" and m.normalized_form() in ("ない", "ず", "ぬ"))
            or (pos[0] == "形容詞" and pos[1] == "非自立可能" and m.normalized_form() == "無い"))


class JapaneseTokenizer:
    """SudachiPy words (mode C, normalised, content words only) and character bigrams."""

    def __init__(self, mode: str = "C") -> None:
        self.mode_name = mode
        self._tok = None
        self._mode = None
        self._split_a = None
        self._split_b = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        if self._tok is None:
            from sudachipy import Dictionary, SplitMode

            self._tok = Dictionary(dict="core").create()
            self._mode = getattr(SplitMode, self.mode_name)
            self._split_a = SplitMode.A
            self._split_b = SplitMode.B

    def _morphemes(self, text: str) -> list:
        """Sudachi morphemes of `text` (NFKC), line by line, in pieces Sudachi accepts."""
        self.warm_up()
        text = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), unicodedata.normalize("NFKC", text))
        out: list = []
        with self._lock:  # a Sudachi tokenizer object is not safe to share across threads
            for line in text.splitlines():
                if not line.strip():
                    continue
                for i in range(0, len(line), 4000):  # Sudachi limits the input size per call
                    out.extend(self._tok.tokenize(line[i : i + 4000], self._mode))
        return out

    def tokens(self, text: str) -> list[str]:
        out: list[str] = []
        for m in self._morphemes(text):
            if m.part_of_speech()[0] in _DROP_POS:
                continue
            t = m.normalized_form().lower()
            if t.strip():
                out.append(t)
        return out

    def content_nouns(self, text: str) -> list[tuple[str, str, tuple[str, ...]]]:
        """(surface, normalised form, surfaces of the parts) of the words that carry a question's topic: nouns
        (no pronouns, numerals, interrogatives, formal nouns such as うち) and adjectival nouns (簡単,
        便利). `parts` are the short-unit words of a compound (予算額 → 予算, 額), empty for a simple word."""
        out: list[tuple[str, str, tuple[str, ...]]] = []
        for m in self._morphemes(text):
            pos = m.part_of_speech()
            noun = (pos[0] == "名詞" and pos[1] not in ("代名詞", "数詞")
                    and not (pos[2] == "助数詞可能" and len(m.surface()) == 1))
            if not (noun or pos[0] == "形状詞"):
                continue
            t = m.normalized_form().lower()
            if t not in _QUESTION_NOUNS and t.strip():
                parts = tuple(p.surface().lower() for p in m.split(self._split_a))
                out.append((m.surface().lower(), t, parts))
        return out

    def place_names(self, text: str) -> list[str]:
        """Surfaces (NFKC, lower case) of the place names Sudachi tags 名詞-固有名詞-地名 (柳川市, 佐世保市). A name
        Sudachi joins from a prefecture and a municipality (長崎県佐世保市, 神奈川県横浜市青葉区) gives its parts
        (長崎県, 佐世保市), as documents name a city without its prefecture: joined, 「長崎県佐世保市のDX戦略で…」
        was declined as asking about a place no passage of 佐世保市's plan names (session 44)."""
        out: list[str] = []
        for m in self._morphemes(text):
            if m.part_of_speech()[1] == "固有名詞" and m.part_of_speech()[2] == "地名":
                parts = m.split(self._split_b)
                if len(parts) > 1:
                    out.extend(p.surface().lower() for p in parts)
                else:
                    out.append(m.surface().lower())
        return out

    def person_names(self, text: str) -> list[str]:
        """Surfaces (NFKC, lower case) of the surnames Sudachi tags 名詞-固有名詞-人名-姓 that a given name, an
        honorific or a post follows (田中利明, 森戸 裕一, 酒井氏, 佐藤議員): a person named in the text. A surname
        alone is not counted: Sudachi also tags place names so (「佐伯がいちばん」). A post alone names no one
        (「議員御指摘のとおり」). With the post (session 44), the quote for 「チラシをデマと主張しているのは誰か」
        is the sentence naming 「安倍首相」 (JSQuAD a14985p97q1), not the next one naming 「山下芳生」; the 65
        who-questions of the seed sets are answered as before (38 right, 21 of 21 unanswerable declined)."""
        ms = [m for m in self._morphemes(text) if m.surface().strip()]
        return [m.surface().lower() for m, n in zip(ms, ms[1:])
                if m.part_of_speech()[1:4] == ("固有名詞", "人名", "姓")
                and (n.part_of_speech()[1:4] == ("固有名詞", "人名", "名") or n.surface() in _HONORIFICS
                     or n.surface() in _POSTS)]

    def asked_predicate(self, question: str) -> str | None:
        """Normalised form of the word that heads a yes/no question's last predicate: 出来る in 「…になることは
        できるか」, 居る in 「…と言える存在はいるのか」, 保障 in 「…によって保障されているか」, 請求 in 「郵送で請求
        できますか」 (the word before a light verb: する, できる, である, ている). None when there is none."""
        ms = [m for m in self._morphemes(question) if m.surface().strip()]
        i = len(ms) - 1
        while i >= 0:
            pos = ms[i].part_of_speech()
            if pos[0] in ("補助記号", "助詞", "助動詞") or (ms[i].surface() == "否" and i > 0 and ms[i - 1].surface() == "か"):
                i -= 1  # 「…はいるか否か」 asks of いる
            elif _light(ms[i]) and i > 0 and _takes_light(ms[i - 1]):
                i -= 1  # the word before 「する」, 「できる」, 「いる」 after て, 「ある」 after で
            else:
                break
        if i < 0 or ms[i].part_of_speech()[0] not in ("動詞", "形容詞", "名詞", "形状詞"):
            return None
        return ms[i].normalized_form()

    def predications(self, text: str, head: str) -> list[tuple[str, bool | None]]:
        """(the words before it, whether it is negated) for each predicate `head` heads in `text` (`head`: a
        normalised form from `asked_predicate`). Negated: 「できない」, 「保障されない」, 「いない」, 「ありません」,
        「目的ではない」, for ある a bare 「ない」 or 「なくなる」 (「北海道に梅雨はない」), and a word of `_DENIAL_PAIRS`
        (不要 for 必要, 無料 for 有料) or a contrary (減少 for 増加, `contraries`), each negation after it turning it
        round; None for an obligation or condition
        (「しなければならない」, 「なくても」, 「ないといけない」). いる and ある stand for each other; after て or a
        copula they are auxiliaries, no predicate (「拒否している」, 「違法である」). A noun heads a predicate only
        before a copula or light verb (「利用しない」, 「目的ではない」; not 「(LGWAN) 利用や」). The words before run back to the
        previous mention of `head` or the sentence's start, at most PREDICATE_WINDOW words: what is or is not so
        (「入力した情報を学習データとして」 before 「利用しない」)."""
        # Markdown emphasis is no word: 「**外国人住民数は年々増加**しており」 reads as 「…増加しており」
        ms = [m for m in self._morphemes(text) if m.surface().strip().strip("*_")]
        heads = _EXIST if head in _EXIST else {head}  # 「個人はいるか」 is answered by 「個人はある」
        denied_by = denials(head) | contraries(head)
        out: list[tuple[str, bool | None]] = []
        for i, m in enumerate(ms):
            form = m.normalized_form()
            # a bare ない or なくなる denies ある: 「北海道に梅雨はない」, 「所得制限がなくなります」
            bare_none = "有る" in heads and (form in ("無くなる", "なくなる") or (
                form == "無い" and i > 0 and ms[i - 1].part_of_speech()[0] == "助詞"))
            denied = bare_none or form in denied_by
            if form not in heads and not denied:
                continue
            if m.part_of_speech()[0] in ("名詞", "形状詞") and not _predicates_noun(ms[i + 1:i + 4]):
                continue
            if form in _EXIST and i > 0 and (ms[i - 1].part_of_speech()[0] == "助動詞" or _te_form(ms[i - 1])):
                continue  # 「拒否している」, 「違法である」: an auxiliary, not 「個人はいる」's existence
            negated: bool | None = denied
            for j in range(i + 1, len(ms)):
                n, pos = ms[j], ms[j].part_of_speech()
                if _negation(n):
                    # 「なければならない」, 「なくても」, 「ないといけない」, 「できないが」: not a plain denial (the
                    # quoting と of 「いないといってよい」 is a case particle)
                    if j + 1 < len(ms) and ms[j + 1].part_of_speech()[:2] == ("助詞", "接続助詞"):
                        negated = None
                        break
                    negated = not negated  # 「不要ではない」 says it is needed
                elif not (pos[0] == "助動詞" or _light(n)
                          or (pos[0] == "助詞" and n.surface() in ("て", "で", "は", "も"))):
                    break
            before: list[str] = []
            for k in range(i - 1, max(-1, i - 1 - PREDICATE_WINDOW), -1):
                if ms[k].normalized_form() in denied_by | heads or ms[k].surface() in ("。", "．"):
                    break
                before.insert(0, ms[k].surface())
            out.append(("".join(before), negated))
        return out

    def names_its_subject(self, text: str) -> bool:
        """Whether `text` names what it is about: a noun followed by は, も or が (「また警察庁も、…認識している」). A
        sentence that leaves it to the sentence before (「6章半活動とも呼ばれる」 after 「日本ではPKFとも略される」)
        does not."""
        ms = [m for m in self._morphemes(text) if m.surface().strip()]
        return any(m.surface() in ("は", "も", "が") and m.part_of_speech()[0] == "助詞"
                   and ms[i - 1].part_of_speech()[0] in ("名詞", "代名詞", "接尾辞")
                   for i, m in enumerate(ms) if i > 0)

    def polarity(self, text: str, head: str,
                 turn: Callable[[str, bool | None], bool | None] | None = None) -> bool | None:
        """Whether `text` says `head` is not so: True when every predicate it heads is negated
        (`predications`), False when none is, None when it heads none, both occur, or one is a condition.
        `turn(words before, negated)` reads each predicate's stance instead (the Answerer turns it round for a
        question noun said the other way: 「…減少傾向にあります」 to 「…増加傾向にありますか」)."""
        found = {turn(before, neg) if turn else neg for before, neg in self.predications(text, head)}
        return found.pop() if len(found) == 1 and None not in found else None

    @staticmethod
    def bigrams(text: str) -> list[str]:
        t = "".join(unicodedata.normalize("NFKC", text).lower().split())
        return [t[i : i + 2] for i in range(len(t) - 1)]

    def analyze(self, text: str) -> dict[str, list[str]]:
        return {"words": self.tokens(text), "bigrams": self.bigrams(text)}


class BM25Index:
    """BM25 over chunk ids for each analyzer, rebuilt lazily when the chunk set changes."""

    def __init__(self, directory: Path, tokenizer: JapaneseTokenizer, k1: float = 1.2, b: float = 0.75) -> None:
        self.dir = Path(directory)
        self.tok = tokenizer
        self.k1, self.b = k1, b
        self._gen: str | None = None
        self._ids: list[str] = []
        self._models: dict[str, object] = {}
        self._df: dict[str, int] = {}
        self._bigram_df: dict[str, int] = {}
        self._lock = threading.Lock()

    # -- token cache (only `words`; bigrams are cheap to recompute) --------------------------------
    def _cache_path(self) -> Path:
        # the analyzer is part of the name: changing it must never reuse tokens made by another one
        # (v2: spaced letters joined, see _SPACED_LETTERS; a v1 index is rebuilt on the first search)
        return self.dir / f"tokens-sudachi-{self.tok.mode_name}-v2.jsonl"

    def _load_cache(self) -> dict[str, list[str]]:
        cache: dict[str, list[str]] = {}
        p = self._cache_path()
        if p.exists():
            with open(p, encoding="utf-8") as f:
                for line in f:
                    try:
                        rec = json.loads(line)
                        cache[rec["id"]] = rec["t"]
                    except (ValueError, KeyError):
                        continue  # a torn last line after a crash: that chunk is re-tokenised
        return cache

    def _write_cache(self, cache: dict[str, list[str]]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self._cache_path().with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            for cid, toks in cache.items():
                f.write(json.dumps({"id": cid, "t": toks}, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self._cache_path())

    # -- index ----------------------------------------------------------------------------------
    def sync(self, generation: str, chunks: list[tuple[str, str]]) -> None:
        """Make the index match `chunks` [(chunk_id, retrieval_text)] at `generation`."""
        with self._lock:
            if self._gen == generation and self._models:
                return
            cache = self._load_cache()
            texts = dict(chunks)
            if self._try_load(generation):
                self._set_df([cache.get(cid, []) for cid in self._ids],
                             [self.tok.bigrams(texts.get(cid, "")) for cid in self._ids])
                return
            words = {cid: cache[cid] if cid in cache else self.tok.tokens(text) for cid, text in chunks}
            self._ids = [cid for cid, _ in chunks]
            bigrams = [self.tok.bigrams(texts[c]) for c in self._ids]
            self._build({"words": [words[c] for c in self._ids], "bigrams": bigrams})
            self._set_df([words[c] for c in self._ids], bigrams)
            if words.keys() != cache.keys():
                self._write_cache(words)
            self._save(generation)
            self._gen = generation

    def _set_df(self, corpus_words: list[list[str]], corpus_bigrams: list[list[str]]) -> None:
        def df(corpus: list[list[str]]) -> dict[str, int]:
            out: dict[str, int] = {}
            for toks in corpus:
                for t in set(toks):
                    out[t] = out.get(t, 0) + 1
            return out

        self._df = df(corpus_words)
        self._bigram_df = df(corpus_bigrams)

    def idf(self, token: str, analyzer: str = "words") -> float:
        """BM25 idf of a token of `analyzer` ("words" or "bigrams"); a token absent from the corpus gets
        the highest idf."""
        n = max(len(self._ids), 1)
        d = (self._df if analyzer == "words" else self._bigram_df).get(token, 0)
        return float(np.log(1.0 + (n - d + 0.5) / (d + 0.5)))

    def _build(self, corpora: dict[str, list[list[str]]]) -> None:
        import bm25s

        self._models = {}
        if not self._ids:
            return
        for name, toks in corpora.items():
            m = bm25s.BM25(k1=self.k1, b=self.b)
            m.index([t if t else ["∅"] for t in toks], show_progress=False)
            self._models[name] = m

    def _save(self, generation: str) -> None:
        if not self._models:
            return
        final, tmp, old = self.dir / "bm25", self.dir / "bm25.tmp", self.dir / "bm25.old"
        for p in (tmp, old):
            if p.exists():
                shutil.rmtree(p)
        for name, m in self._models.items():
            m.save(str(tmp / name))
        (tmp / "ids.json").write_text(json.dumps({"generation": generation, "ids": self._ids,
                                                  "k1": self.k1, "b": self.b,
                                                  "analyzer": self._cache_path().name}))
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        if old.exists():
            shutil.rmtree(old)

    def _try_load(self, generation: str) -> bool:
        d = self.dir / "bm25"
        try:
            meta = json.loads((d / "ids.json").read_text())
        except (OSError, ValueError):
            return False
        if (meta.get("generation"), meta.get("k1"), meta.get("b"), meta.get("analyzer")) != (
                generation, self.k1, self.b, self._cache_path().name):
            return False
        import bm25s

        try:
            self._models = {name: bm25s.BM25.load(str(d / name)) for name in ANALYZERS}
        except Exception:  # partial or foreign files: rebuild from the token cache
            self._models = {}
            return False
        self._ids = meta["ids"]
        self._gen = generation
        return True

    def scores(self, query: str) -> dict[str, np.ndarray]:
        """BM25 score of every chunk (in `ids` order) for each analyzer; empty dict if no index."""
        if not self._models:
            return {}
        q = self.tok.analyze(query)
        return {name: (m.get_scores(q[name]) if q[name] else np.zeros(len(self._ids), dtype=np.float32))
                for name, m in self._models.items()}

    @property
    def ids(self) -> list[str]:
        return self._ids
