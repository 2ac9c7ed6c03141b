"""Generation backends: the one module that imports langchain (and llama-cpp-python).

- `local`: llama-cpp-python on a GGUF file, wrapped as a langchain `BaseChatModel`
  (`LlamaCppChat`). One `Llama` instance per process. Prompts are built fixed-part-first (see
  assistant/prompts.py); the KV cache keeps only that fixed prefix (evaluated alone, once) between
  requests, so every prompt is read from the same point and the same prompt gets the same reply whatever
  was asked before it (`LlamaCppChat._keep_fixed_prefix`). A retry continues its own first call.
- `openai`: langchain-openai's `ChatOpenAI` against an OpenAI-compatible server inside LGWAN
  (vLLM, llama.cpp server, ...). The base URL must be loopback or in `network.allowed_hosts`.

Both are exposed through `assistant.protocols.Generator` (`stream(messages, max_tokens, stop)`), so
nothing outside this module sees a langchain object.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

from assistant.errors import ModelUnavailable, NetworkPolicyError
from assistant.settings import Settings
from assistant.types import Message

_ROLE = {"system": "system", "human": "user", "ai": "assistant"}


def _to_dicts(messages: Sequence[BaseMessage]) -> list[dict[str, str]]:
    return [{"role": _ROLE.get(m.type, "user"), "content": str(m.content)} for m in messages]


class LlamaCppChat(BaseChatModel):
    """langchain chat model over an in-process llama-cpp-python `Llama` (thread-safe by a lock)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: str
    n_ctx: int = 2048
    n_threads: int = 2
    n_batch: int = 256
    temperature: float = 0.0
    max_tokens: int = 160

    _llama: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)
    _formatter: Any = PrivateAttr(default=None)
    _last: Any = PrivateAttr(default=None)  # the messages of the last call (a retry continues them)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-local"

    def warm_up(self) -> None:
        if self._llama is not None:
            return
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ModelUnavailable("llama-cpp-python がインストールされていません。", detail=str(exc)) from exc
        self._llama = Llama(
            model_path=self.model_path, n_ctx=self.n_ctx, n_threads=self.n_threads,
            n_threads_batch=self.n_threads, n_batch=self.n_batch, verbose=False, seed=0,
        )
        template = self._llama.metadata.get("tokenizer.chat_template")
        if template and self._llama.chat_handler is None and self._llama.chat_format == "chat_template.default":
            from llama_cpp import llama_chat_format

            def special(token: int) -> str:
                return self._llama.detokenize([token], special=True).decode("utf-8", "ignore") if token >= 0 else ""

            # the formatter `create_chat_completion` uses for this file's own chat template
            self._formatter = llama_chat_format.Jinja2ChatFormatter(
                template=template, eos_token=special(self._llama.token_eos()),
                bos_token=special(self._llama.token_bos()))

    @property
    def llama(self) -> Any:
        """The underlying `llama_cpp.Llama` (for benchmarks that compare against a raw call)."""
        self.warm_up()
        return self._llama

    def _params(self, stop: list[str] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
        return {
            "max_tokens": int(kwargs.get("max_tokens", self.max_tokens)),
            "temperature": float(kwargs.get("temperature", self.temperature)),
            "stop": list(stop or []),
        }

    def _stream(
        self, messages: list[BaseMessage], stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        self.warm_up()
        produced = False
        dicts = _to_dicts(messages)
        with self._lock:
            self._keep_fixed_prefix(dicts)
            for part in self._llama.create_chat_completion(
                messages=dicts, stream=True, **self._params(stop, kwargs)
            ):
                delta = part["choices"][0].get("delta", {}).get("content")
                if delta:
                    produced = True
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                    if run_manager:
                        run_manager.on_llm_new_token(delta, chunk=chunk)
                    yield chunk
        if not produced:
            # the model stopped at once (its first text was a stop sequence): an empty answer, which
            # langchain would otherwise turn into "No generation chunks were returned"
            yield ChatGenerationChunk(message=AIMessageChunk(content=""))

    def _keep_fixed_prefix(self, messages: list[dict[str, str]]) -> None:
        """Leave in the KV cache only the prompt's fixed prefix (everything before the last message's
        content: the system message and the turn's opening), so that a prompt is read the same way whatever
        was asked before it. llama-cpp-python reuses the longest prefix shared with the previous prompt;
        two questions over the same passage then shared it past the prefix, the rest was computed in other
        batches, and at temperature 0 the reply could differ: holdout31 h31q09 was answered right alone and
        declined after h28q06 (session 41). The prefix itself is evaluated alone, once, so its cache is the
        same in every process. A call that continues the last one (the retry: the same messages, the last
        one with a line added) reuses all of it, as it always follows that same first call; the same prompt
        asked again does not (the cached reply would be replayed from its last token, another batch again).
        Without this file's chat template (another chat format or handler) the library's reuse is left."""
        llama, last, self._last = self._llama, self._last, messages
        if self._formatter is None or (last is not None and last[:-1] == messages[:-1]
                                       and messages[-1]["content"].startswith(last[-1]["content"])
                                       and messages[-1]["content"] != last[-1]["content"]):
            return
        head = messages[:-1] + [{**messages[-1], "content": ""}]
        full, fixed = (llama.tokenize(self._formatter(messages=m).prompt.encode("utf-8"), add_bos=False, special=True)
                       for m in (messages, head))
        n = next((i for i, (a, b) in enumerate(zip(full, fixed)) if a != b), min(len(full), len(fixed)))
        if n == 0:
            llama.reset()
        elif llama.n_tokens >= n and list(llama.input_ids[:n]) == full[:n]:
            llama.n_tokens = n  # the library drops the rest of the cache and reads the prompt from here
        else:
            llama.reset()
            llama.eval(full[:n])

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
    ) -> ChatResult:
        text = "".join(c.message.content for c in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


def _lc_messages(messages: Sequence[Message]) -> list[BaseMessage]:
    out: list[BaseMessage] = []
    for m in messages:
        if m.role == "system":
            out.append(SystemMessage(content=m.content))
        elif m.role == "assistant":
            out.append(AIMessage(content=m.content))
        else:
            out.append(HumanMessage(content=m.content))
    return out


class LangChainGenerator:
    """Adapts any langchain chat model to our `Generator` protocol."""

    def __init__(self, chat: BaseChatModel, model_id: str) -> None:
        self.chat = chat
        self.model_id = model_id

    def warm_up(self) -> None:
        w = getattr(self.chat, "warm_up", None)
        if callable(w):
            w()

    def stream(self, messages: Sequence[Message], *, max_tokens: int, stop: Sequence[str] = ()) -> Iterator[str]:
        kwargs: dict[str, Any] = {"stop": list(stop) or None}
        if isinstance(self.chat, LlamaCppChat):
            kwargs["max_tokens"] = max_tokens
        else:
            kwargs["max_completion_tokens"] = max_tokens
        try:
            for chunk in self.chat.stream(_lc_messages(messages), **kwargs):
                text = chunk.content if isinstance(chunk.content, str) else ""
                if text:
                    yield text
        except ModelUnavailable:
            raise
        except Exception as exc:
            if "connect" in type(exc).__name__.lower() or "connection" in str(exc).lower():
                raise ModelUnavailable("生成モデルのサーバーに接続できません。設定と稼働状況を確認してください。", detail=str(exc)) from exc
            raise


def make_generator(settings: Settings) -> LangChainGenerator:
    """Choose the generation backend from settings (the model loads on first use / warm_up)."""
    g = settings.generation
    if g.backend == "local":
        from assistant.models import EMBEDDED, resolve_model_path

        path = resolve_model_path(settings)
        name = Path(path).name if g.model_path else EMBEDDED[g.model].filename
        chat = LlamaCppChat(
            model_path=str(path), n_ctx=g.n_ctx, n_threads=g.n_threads, n_batch=g.n_batch,
            temperature=g.temperature, max_tokens=g.max_tokens,
        )
        return LangChainGenerator(chat, model_id=f"local:{name}")
    from assistant.offline import check_url_allowed

    reason = check_url_allowed(g.openai_base_url, settings.network.allowed_hosts)
    if reason:
        raise NetworkPolicyError(reason)
    from langchain_openai import ChatOpenAI

    key = g.openai_api_key.get_secret_value() if g.openai_api_key else "not-needed"
    chat = ChatOpenAI(
        base_url=g.openai_base_url, api_key=key, model=g.openai_model, temperature=g.temperature,
        max_completion_tokens=g.max_tokens, timeout=g.request_timeout_s, max_retries=1, streaming=True,
    )
    return LangChainGenerator(chat, model_id=f"openai:{g.openai_model}@{g.openai_base_url}")
