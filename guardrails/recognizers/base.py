"""Shared machinery for the Japanese recognizers.

Context in Japanese cannot be matched on whitespace tokens: Sudachi compounds labels with their
neighbours (電話番号, 携帯電話, 口座番号), and the same 12 digits are a My Number after 個人番号 but a
licence number after 免許証番号. So every recognizer declares label words (`CONTEXT`, and
`CONTEXT_AFTER` for words that follow the value, e.g. 生 after a birth date) and context is decided on
characters of the same line: the nearest label before the value wins. When a label of another type
(or a neutral label such as 受付番号) is nearer than the recognizer's own label, the value does not
count as confirmed. The decision is made in `enhance_using_context`, presidio's per-recognizer hook,
and recorded in `recognition_metadata` (`context_distance`), which the engine uses to break ties.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

LANG = "ja"
FLAGS = re.DOTALL | re.MULTILINE  # no IGNORECASE: [A-Z] means upper case in passport numbers
CONTEXT_DISTANCE_KEY = "context_distance"
CONTEXT_BLOCKED_KEY = "context_blocked"  # another type's (or a neutral) label is nearest
NO_CONTEXT = 10_000

# Labels that name a number which is not personal data; they compete with PII labels.
NEUTRAL_LABELS: tuple[str, ...] = (
    "注文番号", "受付番号", "管理番号", "整理番号", "伝票番号", "契約番号", "問合せ番号", "問い合わせ番号",
    "お問合せ番号", "申込番号", "予約番号", "請求番号", "文書番号", "会員番号", "顧客番号", "お客様番号",
    "受験番号", "発注番号", "案件番号", "事業番号", "品番", "型番", "製造番号", "シリアル", "番号札",
    "議案", "予算", "金額", "合計", "決算", "人口", "世帯数", "件数", "人数", "面積", "文書記号",
    "様式", "資料番号", "指令", "告示", "条例", "規則", "受付日", "申請日", "相談日", "来庁日",
    "開催日", "日時", "提出日", "交付日", "届出日", "転入日", "転出日", "期限", "締切", "回答日",
    "作成日", "記入日", "訪問日", "面談日", "実施日", "契約日", "支払日", "納期限", "発行日", "更新日",
    "有効期限", "期間", "時点", "現在", "予定日", "入院日", "退院日", "死亡日", "婚姻日", "受理日",
    "バージョン", "Ver", "ver", "Version", "version", "版", "項", "節", "図", "表", "内線",
)


@lru_cache(maxsize=1)
def _all_labels() -> dict[str, frozenset[str]]:
    """label word -> set of owners (entity types, or 'NEUTRAL'). Built from every recognizer class."""
    from guardrails.recognizers import RECOGNIZER_CLASSES

    owners: dict[str, set[str]] = {}
    for cls in RECOGNIZER_CLASSES:
        if not issubclass(cls, JaPatternRecognizer):
            continue  # PERSON/ADDRESS labels (担当, 住所) do not name numbers
        for word in getattr(cls, "CONTEXT", ()):
            owners.setdefault(word, set()).add(cls.ENTITY)
    for word in NEUTRAL_LABELS:
        owners.setdefault(word, set()).add("NEUTRAL")
    return {w: frozenset(o) for w, o in owners.items()}


@lru_cache(maxsize=1)
def _label_regex() -> re.Pattern:
    words = sorted(_all_labels(), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


@dataclass(frozen=True)
class Label:
    start: int
    end: int
    word: str
    owners: frozenset[str]


@lru_cache(maxsize=256)
def find_labels(text: str) -> tuple[Label, ...]:
    """Every label word occurrence in `text` (longest match first, non-overlapping)."""
    table = _all_labels()
    out = []
    lowered = {w.lower(): o for w, o in table.items()}
    for m in _label_regex().finditer(text):
        owners = table.get(m.group()) or lowered.get(m.group().lower(), frozenset())
        out.append(Label(m.start(), m.end(), m.group(), owners))
    return tuple(out)


def nearest_label_before(text: str, start: int, window: int) -> tuple[Label | None, int]:
    """The nearest label ending at or before `start` on the same line, within `window` characters."""
    line_start = text.rfind("\n", 0, start) + 1
    lo = max(line_start, start - window)
    best: Label | None = None
    for lab in find_labels(text):
        if lab.end <= start and lab.end >= lo and lab.start >= line_start:
            if best is None or lab.end > best.end:
                best = lab
    if best is None:
        return None, NO_CONTEXT
    return best, start - best.end


def own_context(text: str, start: int, end: int, entity: str, window: int,
                after: re.Pattern | None = None) -> tuple[bool, int]:
    """(confirmed, distance): confirmed when the nearest label before is one of `entity`'s own labels
    (a nearer label of another owner blocks it) or `after` matches right after the value."""
    lab, dist = nearest_label_before(text, start, window)
    if lab is not None and entity in lab.owners:
        return True, dist
    if after is not None and after.match(text, end):
        return True, 0
    return False, NO_CONTEXT


def competing_label_nearer(text: str, start: int, entity: str, window: int) -> bool:
    """True when the nearest label before `start` belongs to another type (or is neutral) only."""
    lab, _ = nearest_label_before(text, start, window)
    return lab is not None and entity not in lab.owners


class JaPatternRecognizer(PatternRecognizer):
    """presidio PatternRecognizer with Japanese character-window context.

    Subclasses set ENTITY, PATTERNS, CONTEXT and may set:
      CONTEXT_AFTER     a regex that confirms when it matches right after the value (生 after a date)
      CONTEXT_WINDOW    characters before the value searched for labels (same line)
      CONTEXT_SCORE     score given to a confirmed match (never lowers a higher score)
      REQUIRES_CONTEXT  unconfirmed matches are dropped
      UNCONFIRMED_CAP   unconfirmed matches are capped at this score (None = unchanged)
      YIELD_TO_OTHERS   when another type's label is nearest, cap the score at UNCONFIRMED_CAP
    """

    ENTITY: str = ""
    PATTERNS: list[Pattern] = []
    CONTEXT: tuple[str, ...] = ()
    CONTEXT_AFTER: str | None = None
    CONTEXT_WINDOW: int = 16
    CONTEXT_SCORE: float = 0.95
    REQUIRES_CONTEXT: bool = False
    UNCONFIRMED_CAP: float | None = None
    YIELD_TO_OTHERS: bool = False

    def __init__(self) -> None:
        patterns = [Pattern(p.name, p.regex, p.score) for p in self.PATTERNS]
        super().__init__(
            supported_entity=self.ENTITY,
            name=self.__class__.__name__,
            supported_language=LANG,
            patterns=patterns,
            context=list(self.CONTEXT),
            global_regex_flags=FLAGS,
        )
        self._after = re.compile(self.CONTEXT_AFTER, FLAGS) if self.CONTEXT_AFTER else None

    def enhance_using_context(self, text, raw_recognizer_results, other_raw_recognizer_results,
                              nlp_artifacts, context=None) -> list[RecognizerResult]:
        out = []
        for r in raw_recognizer_results:
            confirmed, dist = own_context(text, r.start, r.end, self.ENTITY, self.CONTEXT_WINDOW,
                                          self._after)
            r.recognition_metadata[CONTEXT_DISTANCE_KEY] = dist
            if confirmed:
                if r.score < self.CONTEXT_SCORE:
                    r.score = self.CONTEXT_SCORE
                    r.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            elif self.REQUIRES_CONTEXT:
                continue
            else:
                cap = self.UNCONFIRMED_CAP
                if self.YIELD_TO_OTHERS:
                    if competing_label_nearer(text, r.start, self.ENTITY, self.CONTEXT_WINDOW) and cap is not None:
                        r.score = min(r.score, cap)
                        r.recognition_metadata[CONTEXT_BLOCKED_KEY] = True
                elif cap is not None:
                    r.score = min(r.score, cap)
            r.score = self.adjust_score(text, r)
            if r.score > EntityRecognizer.MIN_SCORE:
                out.append(r)
        return out

    def adjust_score(self, text: str, result: RecognizerResult) -> float:
        """Hook for type-specific adjustments after context (default: unchanged)."""
        return result.score


def result(entity: str, start: int, end: int, score: float, recognizer: EntityRecognizer,
           distance: int = NO_CONTEXT) -> RecognizerResult:
    """A RecognizerResult carrying the metadata presidio's engine expects."""
    return RecognizerResult(
        entity_type=entity, start=start, end=end, score=score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            CONTEXT_DISTANCE_KEY: distance,
        },
    )
