"""`JapanesePiiDetector`: presidio AnalyzerEngine + ja_ginza + the 16 Japanese recognizers.

Invariants:
- `analyze(text)` returns `assistant.types.Finding`s whose offsets index the ORIGINAL text
  (`text[f.start:f.end] == f.text`), sorted by start, non-overlapping, with `entity_type` in
  `assistant.settings.PII_TYPES`. No presidio or spaCy object leaves this module.
- It never returns [] because something failed: any failure raises (the caller blocks the request).
- `warm_up()` loads everything or raises `GuardrailFailure` (Japanese message): a missing or non-Japanese
  spaCy model, a missing recognizer for any of the 16 types, or a canary text that is not detected.
- Nothing is downloaded: the NLP engine is built here (never presidio's English default), and presidio's
  lemma context enhancer is replaced by the recognizers' own Japanese character-window context.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from assistant.errors import GuardrailFailure
from assistant.settings import PII_TYPES, GuardrailSettings
from assistant.types import Finding
from guardrails.normalize import Normalized, normalize

# Sudachi refuses inputs above ~49 KB; pieces are cut at line or sentence ends well below that.
MAX_PIECE_CHARS = 2000
_HARD_OVERLAP = 64
# tie-break between equally scored overlapping results: block-policy types first
TYPE_PRIORITY = {t: i for i, t in enumerate((
    "MY_NUMBER", "CREDIT_CARD", "BASIC_RESIDENT_CODE", "DRIVER_LICENSE", "HEALTH_INSURANCE", "PASSPORT",
    "BANK_ACCOUNT", "CORPORATE_NUMBER", "PHONE", "POSTAL_CODE", "DATE_OF_BIRTH", "ADDRESS", "EMAIL",
    "IP_ADDRESS", "PERSON", "AGE",
))}
CANARY = "氏名：山田太郎様　電話 090-1234-5678　個人番号 1234 5678 9018"
CANARY_TYPES = {"PERSON", "PHONE", "MY_NUMBER"}


def split_pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[tuple[int, int]]:
    """Cut `text` into [start, end) pieces of at most `limit` chars at line ends, else sentence ends,
    else hard cuts that overlap by a few characters (entities at a hard cut are found in both)."""
    if len(text) <= limit:
        return [(0, len(text))]
    pieces: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n:
        if n - start <= limit:
            pieces.append((start, n))
            break
        window = text[start:start + limit]
        cut = max(window.rfind("\n"), window.rfind("。"))
        if cut >= limit // 4:
            end = start + cut + 1
            pieces.append((start, end))
            start = end
        else:
            end = start + limit
            pieces.append((start, end))
            start = end - _HARD_OVERLAP
    return pieces


class JapanesePiiDetector:
    """Detects the 16 Japanese PII types. Implements `assistant.protocols.PiiDetector`."""

    def __init__(self, settings: GuardrailSettings, *, use_ner: bool | str | None = None,
                 recognizer_classes: Sequence[type] | None = None) -> None:
        """`use_ner`: GiNZA NER mode for PERSON, "off" | "gated" | "full" (True = "full", False = "off");
        None takes `settings.person_ner`."""
        self.settings = settings
        if use_ner is None:
            use_ner = settings.person_ner
        elif use_ner is True:
            use_ner = "full"
        elif use_ner is False:
            use_ner = "off"
        if use_ner not in ("off", "gated", "full"):
            raise ValueError(f"unknown NER mode {use_ner!r}")
        self.use_ner = use_ner
        self._recognizer_classes = recognizer_classes
        self._analyzer = None
        self._lock = threading.Lock()
        # Sudachi's tokenizer is not re-entrant ("Already borrowed" under concurrent use): analyses are
        # serialised. One 200-character passage takes a few milliseconds, so this costs little.
        self._run_lock = threading.Lock()

    # -- lifecycle -----------------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self._analyzer is not None

    def warm_up(self) -> None:
        """Load ja_ginza and the recognizer registry; raise GuardrailFailure if anything is missing."""
        with self._lock:
            if self._analyzer is not None:
                return
            try:
                from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
                from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

                from guardrails.nlp import GinzaNlpEngine
                from guardrails.recognizers import RECOGNIZER_CLASSES, build_recognizers
            except ImportError as exc:
                raise GuardrailFailure(
                    "個人情報検出エンジン（presidio / spaCy / GiNZA）がインストールされていません。管理者に連絡してください。",
                    detail=f"import failed: {exc!r}",
                ) from exc

            class _RecognizerContextOnly(ContextAwareEnhancer):
                """Context is decided per recognizer (Japanese char windows); no lemma-based boost."""

                def __init__(self) -> None:
                    super().__init__(0.0, 0.0, 0, 0)

                def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
                    return raw_results

            classes = tuple(self._recognizer_classes) if self._recognizer_classes is not None else RECOGNIZER_CLASSES
            try:
                recognizers = build_recognizers(classes, use_ner=self.use_ner)
            except Exception as exc:
                raise GuardrailFailure("個人情報の認識器を初期化できませんでした。管理者に連絡してください。",
                                       detail=f"recognizer init failed: {exc!r}") from exc
            covered = {e for r in recognizers for e in r.supported_entities if r.supported_language == "ja"}
            missing = [t for t in PII_TYPES if t not in covered]
            if missing:
                raise GuardrailFailure(
                    "個人情報の認識器が不足しているため起動できません（" + "、".join(missing) + "）。管理者に連絡してください。",
                    detail=f"no recognizer for {missing}",
                )
            unknown = sorted(covered - set(PII_TYPES))
            if unknown:
                raise GuardrailFailure("未知の個人情報の種類を返す認識器があります。", detail=f"unknown types {unknown}")
            # the recognizers are checked first (cheap); then the Japanese pipeline is loaded
            nlp_engine = GinzaNlpEngine(self.settings.spacy_model, ner=self.use_ner)
            nlp_engine.load()
            registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["ja"])
            analyzer = AnalyzerEngine(
                registry=registry, nlp_engine=nlp_engine, supported_languages=["ja"],
                default_score_threshold=self.settings.score_threshold,
                context_aware_enhancer=_RecognizerContextOnly(),
            )
            self._analyzer = analyzer
            try:
                with self._run_lock:
                    canary = {f.entity_type for f in self._analyze_one(CANARY)}
            except Exception as exc:
                self._analyzer = None
                raise GuardrailFailure("個人情報検出の自己診断に失敗しました。管理者に連絡してください。",
                                       detail=f"canary raised {exc!r}") from exc
            if not CANARY_TYPES <= canary:
                self._analyzer = None
                raise GuardrailFailure("個人情報検出の自己診断に失敗しました。管理者に連絡してください。",
                                       detail=f"canary found {sorted(canary)}, expected {sorted(CANARY_TYPES)}")

    # -- analysis ------------------------------------------------------------------------------------
    def analyze(self, text: str) -> list[Finding]:
        """Findings in `text` (offsets into `text`). Raises on any failure; never returns [] for one."""
        if not isinstance(text, str):
            raise TypeError(f"analyze() expects str, got {type(text).__name__}")
        if self._analyzer is None:
            self.warm_up()
        with self._run_lock:
            return self._analyze_one(text)

    def analyze_batch(self, texts: Sequence[str]) -> list[list[Finding]]:
        """`analyze` for several texts, tokenised in one spaCy pipe."""
        if self._analyzer is None:
            self.warm_up()
        texts = list(texts)
        if any(not isinstance(t, str) for t in texts):
            raise TypeError("analyze_batch() expects a sequence of str")
        short = [i for i, t in enumerate(texts) if len(t) <= MAX_PIECE_CHARS]
        out: list[list[Finding] | None] = [None] * len(texts)
        norms = {i: normalize(texts[i]) for i in short}
        nlp_engine = self._analyzer.nlp_engine
        batch = [norms[i].text for i in short]
        with self._run_lock:
            for i, (_, artifacts) in zip(short, nlp_engine.process_batch(batch, language="ja", batch_size=32)):
                out[i] = self._finish(norms[i], [(0, self._raw(norms[i].text, artifacts))])
            for i, t in enumerate(texts):
                if out[i] is None:
                    out[i] = self._analyze_one(t)
        return out  # type: ignore[return-value]

    def _raw(self, text: str, artifacts=None):
        return self._analyzer.analyze(
            text=text, language="ja", score_threshold=self.settings.score_threshold, nlp_artifacts=artifacts,
        )

    def _analyze_one(self, text: str) -> list[Finding]:
        if not text:
            return []
        norm = normalize(text)
        parts = []
        for s, e in split_pieces(norm.text):
            parts.append((s, self._raw(norm.text[s:e])))
        return self._finish(norm, parts)

    def _finish(self, norm: Normalized, parts) -> list[Finding]:
        cands = []
        for offset, results in parts:
            for r in results:
                if r.entity_type not in TYPE_PRIORITY:
                    raise GuardrailFailure("未知の個人情報の種類が返されました。", detail=f"type {r.entity_type}")
                s, e = norm.to_original(offset + r.start, offset + r.end)
                # never report surrounding whitespace
                while s < e and norm.original[s].isspace():
                    s += 1
                while e > s and norm.original[e - 1].isspace():
                    e -= 1
                if e <= s:
                    continue
                meta = r.recognition_metadata or {}
                cands.append((s, e, r.entity_type, float(r.score), meta.get("context_distance", 10_000),
                              meta.get("recognizer_name", "")))
        return resolve_overlaps(cands, norm.original)


def resolve_overlaps(cands, original: str) -> list[Finding]:
    """Greedy: higher score, then nearer label, then longer span, then type priority wins."""
    cands = sorted(set(cands), key=lambda c: (-c[3], c[4], -(c[1] - c[0]), TYPE_PRIORITY[c[2]], c[0]))
    taken: list[tuple[int, int]] = []
    out = []
    for s, e, typ, score, _dist, rec in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append(Finding(start=s, end=e, entity_type=typ, score=min(1.0, score), text=original[s:e], recognizer=rec))
    out.sort(key=lambda f: (f.start, f.end))
    return out
