"""presidio's NlpEngine bound to the Japanese spaCy pipeline `ja_ginza`, explicitly.

presidio's stock `SpacyNlpEngine.load()` downloads a missing model; on LGWAN nothing may be downloaded
and a missing model must stop the assistant, so `load()` is replaced: it raises `GuardrailFailure` when
the package is absent or the pipeline is not Japanese (never an English fallback).

Speed: GiNZA's neural components cost ~0.5 ms per character on the target 2-core machine (tok2vec +
ner: 85-170 ms per 200 characters, above the 50 ms budget), while most recognizers need only Sudachi's
tokens and part-of-speech tags (`token.tag_`, set by the tokenizer). NER modes (`ner=`):
  "off"   tokenizer only;
  "gated" tok2vec + ner are loaded but NOT run on the whole text: the PERSON recognizer asks
          `person_spans(doc, windows)` for short token windows around words its rules could not decide
          (a few dozen characters per passage, batched, capped by a character budget);
  "full"  tok2vec + ner run on every text (presidio's `nlp_artifacts.entities`), for comparison.
"""

from __future__ import annotations

from pathlib import Path

from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

from assistant.errors import GuardrailFailure

_JOINED_OOV_WORD_ID = 0x0FFFFFFF  # Sudachi's word id for katakana runs joined into one unknown word
NER_MODES = ("off", "gated", "full")
_NER_COMPONENTS = ("tok2vec", "ner")
_ALL_COMPONENTS = ("tok2vec", "parser", "ner", "morphologizer", "compound_splitter", "bunsetu_recognizer",
                   "attribute_ruler", "senter", "lemmatizer")


class GinzaNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine for Japanese only; loads `model_name` without downloading anything."""

    def __init__(self, model_name: str = "ja_ginza", *, ner: str = "off", with_ner: bool = False) -> None:
        super().__init__(
            models=[{"lang_code": "ja", "model_name": model_name}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping={"Person": "PERSON"},
                labels_to_ignore=[],
            ),
        )
        self.model_name = model_name
        if with_ner:
            ner = "full"
        if ner not in NER_MODES:
            raise ValueError(f"unknown NER mode {ner!r}; expected one of {NER_MODES}")
        self.ner_mode = ner
        self.with_ner = ner != "off"
        self._ner_pipes: list = []
        self._lexicon = None
        self._name_cache: dict[str, frozenset[str]] = {}

    def load(self) -> None:
        import spacy

        name = self.model_name
        if not (spacy.util.is_package(name) or Path(name).exists()):
            raise GuardrailFailure(
                f"日本語の個人情報検出モデル（spaCy パイプライン「{name}」）が見つかりません。"
                "管理者に ja-ginza のインストールを依頼してください。",
                detail=f"spaCy model {name!r} is not installed",
            )
        keep = {"tok2vec", "ner"} if self.with_ner else set()
        try:
            nlp = spacy.load(name, exclude=[c for c in _ALL_COMPONENTS if c not in keep])
        except Exception as exc:  # a broken package must stop the assistant, not degrade it
            raise GuardrailFailure(
                f"日本語の個人情報検出モデル「{name}」を読み込めませんでした。管理者に連絡してください。",
                detail=f"spacy.load({name!r}) failed: {exc!r}",
            ) from exc
        if nlp.lang != "ja":
            raise GuardrailFailure(
                f"個人情報検出には日本語のモデルが必要ですが、「{name}」は日本語ではありません（{nlp.lang}）。",
                detail=f"spaCy model {name!r} has lang={nlp.lang!r}",
            )
        missing = [c for c in _NER_COMPONENTS if c not in nlp.pipe_names] if self.with_ner else []
        if missing:
            raise GuardrailFailure(
                f"人名検出の設定（person_ner = {self.ner_mode}）には「{name}」の固有表現抽出（tok2vec / ner）が必要ですが、"
                "見つかりません。管理者に連絡してください。",
                detail=f"spaCy model {name!r} lacks {missing}")
        if self.ner_mode == "gated":
            # loaded and ready, but the pipeline run on every text is the tokenizer alone
            self._ner_pipes = [nlp.get_pipe(c) for c in _NER_COMPONENTS]
            for c in _NER_COMPONENTS:
                nlp.disable_pipe(c)
        try:  # the same system dictionary, for look-ups of a surface's name readings (is_surname)
            import sudachipy

            self._lexicon = sudachipy.Dictionary()
        except Exception as exc:
            raise GuardrailFailure("日本語辞書（Sudachi）を読み込めませんでした。管理者に連絡してください。",
                                   detail=f"sudachipy.Dictionary() failed: {exc!r}") from exc
        self.nlp = {"ja": nlp}
        self._sudachi = getattr(nlp.tokenizer, "tokenizer", None)

    def oov_spans(self, text: str) -> frozenset[tuple[int, int]]:
        """Character spans of words Sudachi does not know (out-of-vocabulary), e.g. rare foreign names."""
        return self.word_classes(text)[0]

    def word_classes(self, text: str) -> tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]]]:
        """(unknown, common) character spans from the pipeline's own Sudachi tokenizer, so offsets match
        the spaCy tokens. Unknown: out-of-vocabulary words, including the katakana runs Sudachi joins
        into one unknown word (カコック, ムルダニ: `is_oov()` is False for those, their word id is the
        0x0FFFFFFF sentinel). Common: dictionary words that belong to a synonym group (トランペット,
        ジュニア, サービス), i.e. ordinary vocabulary rather than names."""
        if self._sudachi is None:
            return frozenset(), frozenset()
        unknown, common = [], []
        for m in self._sudachi.tokenize(text):
            if m.is_oov() or m.word_id() == _JOINED_OOV_WORD_ID:
                unknown.append((m.begin(), m.end()))
            elif m.synonym_group_ids():
                common.append((m.begin(), m.end()))
        return frozenset(unknown), frozenset(common)

    def name_readings(self, surface: str) -> frozenset[str]:
        """Which person-name entries the dictionary has for `surface`: {"姓"} (曹), {"名"} (正史),
        both (明) or none (学生). Sudachi's tagger picks one reading in context; this lists them all."""
        if self._lexicon is None:
            return frozenset()
        hit = self._name_cache.get(surface)
        if hit is None:
            hit = frozenset(m.part_of_speech()[3] for m in self._lexicon.lookup(surface)
                            if m.part_of_speech()[2] == "人名") & {"姓", "名"}
            if len(self._name_cache) < 100_000:
                self._name_cache[surface] = hit
        return hit

    def is_surname(self, surface: str) -> bool:
        return "姓" in self.name_readings(surface)

    def person_spans(self, doc, windows) -> list[tuple[int, int]]:
        """GiNZA NER `Person` spans (character offsets into `doc.text`) found inside the token windows
        [start, end) of `doc`, each window analysed on its own (batched). Only in "gated" mode."""
        if not self._ner_pipes:
            raise RuntimeError("person_spans() needs the NLP engine loaded with ner='gated'")
        subs = [doc[a:b].as_doc() for a, b in windows]
        offsets = [doc[a].idx for a, _ in windows]
        for pipe in self._ner_pipes:
            subs = list(pipe.pipe(subs, batch_size=max(1, len(subs))))
        return [(off + e.start_char, off + e.end_char)
                for off, sub in zip(offsets, subs) for e in sub.ents if e.label_ == "Person"]
