"""presidio's NlpEngine bound to the Japanese spaCy pipeline `ja_ginza`, explicitly.

presidio's stock `SpacyNlpEngine.load()` downloads a missing model; on LGWAN nothing may be downloaded
and a missing model must stop the assistant, so `load()` is replaced: it raises `GuardrailFailure` when
the package is absent or the pipeline is not Japanese (never an English fallback).

Speed: GiNZA's neural components (tok2vec + parser + ner) cost ~90 ms per 200 characters on the target
2-core machine, above the 50 ms budget, while the recognizers need only Sudachi's tokens and their
part-of-speech tags (`token.tag_`, set by the tokenizer). So the default loads the tokenizer only;
`with_ner=True` keeps tok2vec + ner for PERSON evidence from GiNZA's NER (measured in docs/pii.md).
"""

from __future__ import annotations

from pathlib import Path

from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

from assistant.errors import GuardrailFailure

_ALL_COMPONENTS = ("tok2vec", "parser", "ner", "morphologizer", "compound_splitter", "bunsetu_recognizer",
                   "attribute_ruler", "senter", "lemmatizer")


class GinzaNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine for Japanese only; loads `model_name` without downloading anything."""

    def __init__(self, model_name: str = "ja_ginza", *, with_ner: bool = False) -> None:
        super().__init__(
            models=[{"lang_code": "ja", "model_name": model_name}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping={"Person": "PERSON"},
                labels_to_ignore=[],
            ),
        )
        self.model_name = model_name
        self.with_ner = with_ner

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
        if self.with_ner and "ner" not in nlp.pipe_names:
            raise GuardrailFailure(f"「{name}」に固有表現抽出（ner）がありません。", detail="ner component missing")
        self.nlp = {"ja": nlp}
        self._sudachi = getattr(nlp.tokenizer, "tokenizer", None)

    def oov_spans(self, text: str) -> frozenset[tuple[int, int]]:
        """Character spans of words Sudachi does not know (out-of-vocabulary), e.g. rare foreign names.
        Uses the pipeline's own Sudachi tokenizer, so offsets match the spaCy tokens."""
        if self._sudachi is None:
            return frozenset()
        return frozenset((m.begin(), m.end()) for m in self._sudachi.tokenize(text) if m.is_oov())
