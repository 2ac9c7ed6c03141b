"""Fixtures for the guardrail tests: the REAL ja_ginza pipeline, loaded once per session (~7-13 s)."""

from __future__ import annotations

import pytest

from assistant.settings import GuardrailSettings, load_settings


@pytest.fixture(scope="session")
def guard_settings() -> GuardrailSettings:
    return load_settings().guardrails


@pytest.fixture(scope="session")
def detector(guard_settings):
    from guardrails.engine import JapanesePiiDetector

    d = JapanesePiiDetector(guard_settings)
    d.warm_up()
    return d


@pytest.fixture(scope="session")
def guard(detector, guard_settings):
    from guardrails.policy import PiiGuard

    return PiiGuard(detector, guard_settings)


def spans(findings, entity_type=None):
    """(type, surface) pairs of the findings, optionally of one type."""
    return [(f.entity_type, f.text) for f in findings if entity_type is None or f.entity_type == entity_type]
