"""Answer speed on 2 cores: time to first token, total time, and the overhead of `ask` over a raw
llama-cpp-python call on the identical final prompt (goal: ratio <= 1.10).

    python bench/answer_bench.py [--questions 6]

Ingests the demo corpus into a temporary home, warms every model, then for each answerable demo
question: (1) primes the KV cache with the previous question's prompt, (2) runs the full `ask`
(PII guard, retrieval, context selection, generation, grounding, audit), (3) primes again, (4) runs
`Llama.create_chat_completion` on exactly the messages `ask` sent. Both measured calls therefore start
from the same cache state: the fixed prefix only (`LlamaCppChat._keep_fixed_prefix`, which the raw side
calls too, so that both read the same tokens), or a retry's own first call. A request whose first answer
failed the grounding check makes two model calls (the retry appends one line to the same prompt): the
raw side replays both, in order, so it is compared call for call. A last column shows the raw final call
after `Llama.reset()` (no prefix reuse), i.e. what reusing the fixed system prompt saves.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


class Recording:
    """Generator wrapper that remembers the calls of the current request (delegates everything)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.calls: list[tuple[list, int, list[str]]] = []

    def stream(self, messages, *, max_tokens, stop=()):
        self.calls.append((list(messages), max_tokens, list(stop)))
        yield from self.inner.stream(messages, max_tokens=max_tokens, stop=stop)


def main() -> int:
    from assistant.offline import enforce_offline_env

    enforce_offline_env()
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=6)
    a = ap.parse_args()

    from assistant.app import build
    from assistant.settings import load_settings

    qa = [json.loads(x) for x in (REPO / "eval/data/demo_qa.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    qa = [q for q in qa if q["answerable"]][: a.questions]
    with tempfile.TemporaryDirectory() as home:
        s = load_settings(home=Path(home))
        app = build(s)
        list(app.ingestor.ingest([REPO / "assistant" / "demo_corpus"]))
        rec = Recording(app.generator)
        app._overrides["generator"] = rec
        answerer = app.answerer
        answerer.retriever.warm_up()
        chat = rec.inner.chat
        llama = chat.llama

        def raw(messages, max_tokens, stop, measure=True):
            msgs = [{"role": m.role, "content": m.content} for m in messages]
            t = time.perf_counter()
            # the cache as `ask` leaves it: the fixed prefix only, or all of a retry's first call
            chat._keep_fixed_prefix(msgs)
            first = None
            text = ""
            for part in llama.create_chat_completion(messages=msgs, max_tokens=max_tokens, temperature=0.0,
                                                     stop=stop, stream=True):
                d = part["choices"][0].get("delta", {}).get("content")
                if d:
                    first = first or time.perf_counter() - t
                    text += d
            return time.perf_counter() - t, first, text

        # warm-up request (first prompt evaluation of the system prefix); a question the documents' tables
        # or lists answer calls no model, so the first one that does is the warm-up
        for warm in ("住民票の写しを代理人が請求するときに必要なものは何ですか？", *(q["question"] for q in qa)):
            rec.calls = []
            answerer.ask(warm, user="bench")
            if rec.calls:
                break
        prev = rec.calls[-1]
        rows = []
        for q in qa:
            rec.calls = []
            raw(prev[0], 1, prev[2])
            t = time.perf_counter()
            ans = answerer.ask(q["question"], user="bench")
            ask_total = time.perf_counter() - t
            calls = rec.calls
            if not calls or ans.timings.get("ttft_s") is None:
                continue  # declined before generation: nothing to compare
            raw(prev[0], 1, prev[2])
            # every call of the request, in order, each from the cache state the previous one left
            timed = [raw(msgs, mt, stop) for msgs, mt, stop in calls]
            raw_total, raw_ttft = sum(x[0] for x in timed), timed[0][1]
            llama.reset()
            cold_total, _, _ = raw(*calls[-1])
            rows.append({"q": q["id"], "calls": len(calls), "ask_s": ask_total, "ask_ttft_s": ans.timings["ttft_s"],
                         "raw_s": raw_total, "raw_ttft_s": raw_ttft, "raw_final_s": timed[-1][0],
                         "raw_no_prefix_cache_s": cold_total,
                         "answer": ans.answer})
            prev = calls[-1]
        app.close()

    print("| question | model calls | ask total s | ask TTFT s | raw total s | raw TTFT s | raw final call, no prefix cache s |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['q']} | {r['calls']} | {r['ask_s']:.2f} | {r['ask_ttft_s']:.2f} | {r['raw_s']:.2f} | {r['raw_ttft_s']:.2f} "
              f"| {r['raw_no_prefix_cache_s']:.2f} |")
    ask = sum(r["ask_s"] for r in rows)
    rawt = sum(r["raw_s"] for r in rows)
    print(f"\nask / raw llama-cpp-python on the identical prompt: {ask / rawt:.3f} (goal <= 1.10)")
    print(f"median TTFT: ask {statistics.median(r['ask_ttft_s'] for r in rows):.2f} s, raw {statistics.median(r['raw_ttft_s'] for r in rows):.2f} s")
    print(f"median total: ask {statistics.median(r['ask_s'] for r in rows):.2f} s; prefix cache saves "
          f"{statistics.median(r['raw_no_prefix_cache_s'] - r['raw_final_s'] for r in rows):.2f} s per request (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
