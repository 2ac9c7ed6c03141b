"""The small error hierarchy that crosses layers.

Every error carries `user_message`, a Japanese sentence fit to show a city employee. Only the CLI
and the UI turn these into output; anything that is not an `AssistantError` is an internal fault and
is reported with an incident id, never with its raw text.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class. `user_message` is Japanese and safe to display (contains no personal data)."""

    def __init__(self, user_message: str, *, detail: str | None = None) -> None:
        super().__init__(detail or user_message)
        self.user_message = user_message
        self.detail = detail


class ConfigError(AssistantError):
    """Settings are invalid or a configured file is missing."""


class ModelUnavailable(AssistantError):
    """A model file, package or server is missing or failed verification."""


class NetworkPolicyError(AssistantError):
    """A configured endpoint would leave the machine or the city's LGWAN allow-list."""


class PiiBlocked(AssistantError):
    """The request contains personal data whose policy is `block` (e.g. a My Number)."""

    def __init__(self, user_message: str, *, entity_types: tuple[str, ...] = ()) -> None:
        super().__init__(user_message)
        self.entity_types = entity_types


class GuardrailFailure(AssistantError):
    """PII detection itself failed; the request is blocked (fail closed)."""


class PolicyViolation(AssistantError):
    """The request breaks the city's generative-AI usage guideline."""


class IngestError(AssistantError):
    """One file could not be ingested. `path` names it; `reason` is one Japanese line."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IndexUnavailable(AssistantError):
    """The index does not exist yet or cannot be opened."""
