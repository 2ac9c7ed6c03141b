"""Typed fakes behind our own Protocols, for fast unit tests only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.types import Message


class ScriptedGenerator:
    """A `Generator` that replies from a script and records the prompts it was given."""

    def __init__(self, replies: Sequence[str], model_id: str = "fake:scripted") -> None:
        self.replies = list(replies)
        self.model_id = model_id
        self.calls: list[list[Message]] = []

    def stream(self, messages: Sequence[Message], *, max_tokens: int, stop: Sequence[str] = ()) -> Iterator[str]:
        self.calls.append(list(messages))
        reply = self.replies.pop(0)
        for i in range(0, len(reply), 3):  # stream in small pieces, as a model would
            yield reply[i : i + 3]
