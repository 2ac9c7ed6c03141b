"""Answer evaluation with the real generative model.

    python -m eval.answers --demo                     # the demo corpus + eval/data/demo_qa.jsonl
    python -m eval.answers --dataset jsquad --limit 40
    python -m eval.answers --dataset jaquad --limit 40 --offset 3    # another sample, disjoint from offset 0
    python -m eval.answers --corpus DIR_OR_FILES... --qa Q.jsonl [Q2.jsonl ...]   # your own documents and questions

Demo/own-documents mode ingests the documents with the product's ingest pipeline into a temporary
ASSISTANT_HOME and asks every question through the full `Answerer` (PII guard, hybrid retrieval,
context selection, generation, grounding check, audit log). QA lines: {"id", "question",
"answers": [...], "answerable": bool}. Dataset mode indexes the QA corpus in memory (one chunk per
passage) and asks an evenly spread sample; every question there is answerable.

Scores: `contains` = the answer contains a gold answer (NFKC, spaces/commas ignored, a date in any of
its equivalent forms: H28.1月 = 平成28年1月, 令和2(2020)年 = 令和2年 = 2020年; a gold answer that is one
「…」 quotation also without its brackets); `exact` = the
answer with citations and final punctuation removed equals a gold answer; decline rates for answerable
(false declines) and unanswerable (correct declines) questions; mean seconds and time to first token;
model calls, of which `retries` are second calls after an answer failed the grounding check.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO_QA = REPO / "eval" / "data" / "demo_qa.jsonl"


def _norm(s: str) -> str:
    from assistant.textutil import norm

    return norm(s)


def written_forms(text: str) -> list[str]:
    """The normalised text in every written form of its dates that the product treats as one (H28.1月 /
    平成28年1月, 令和2(2020)年 / 令和2年 / 2020年, 令和1年 / 令和元年), a range's ～ read as から
    (2月16日～3月31日 / 2月16日から3月31日)."""
    from assistant.grounding import with_era_variants
    from assistant.textutil import expand_era_letters

    return [re.sub(r"[~〜]", "から", f) for f in with_era_variants(_norm(expand_era_letters(text))).split("\n")]


# a gold answer that is one quotation as a whole (JaQuAD's 「キャヴェンディッシュの実験」: 205 of its 3,939 dev
# answers, 19 of JSQuAD's 4,442) is also matched without its brackets, which are the passage's typography
_WHOLE_QUOTE = re.compile(r"「([^「」]+)」|『([^『』]+)』")


def _gold_forms(gold: Sequence[str]) -> list[str]:
    """Each gold answer, and the inside of one that is a single 「…」 or 『…』 quotation as a whole."""
    out = []
    for g in gold:
        out.append(g)
        m = _WHOLE_QUOTE.fullmatch(g.strip())
        if m:
            out.append(m.group(1) or m.group(2))
    return out


def score_answer(answer: str, declined: bool, gold: Sequence[str]) -> dict[str, bool]:
    """`contains`: some written form of a gold answer (its dates in any equivalent era/western form; a
    quotation as a whole also without its brackets) is in some form of the answer; `exact`: the answer
    without citations equals a gold answer."""
    from assistant.grounding import strip_citations

    if declined:
        return {"contains": False, "exact": False}
    a = "\n".join(written_forms(answer))
    core = _norm(re.sub(r"[。．.]$", "", strip_citations(answer).strip()))
    golds = _gold_forms(gold)
    return {"contains": any(f in a for g in golds for f in written_forms(g)),
            "exact": any(_norm(g) == core for g in golds)}


def summarize(rows: list[dict]) -> dict:
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    out = {"questions": len(rows), "answerable": len(ans), "unanswerable": len(una)}
    if ans:
        out["contains_accuracy"] = round(sum(r["contains"] for r in ans) / len(ans), 3)
        out["exact_accuracy"] = round(sum(r["exact"] for r in ans) / len(ans), 3)
        out["false_decline_rate"] = round(sum(r["declined"] for r in ans) / len(ans), 3)
    if una:
        out["unanswerable_declined"] = round(sum(r["declined"] for r in una) / len(una), 3)
    secs = [r["seconds"] for r in rows]
    ttft = [r["ttft_s"] for r in rows if r.get("ttft_s") is not None]
    out["mean_seconds"] = round(statistics.mean(secs), 2) if secs else None
    out["median_ttft_s"] = round(statistics.median(ttft), 2) if ttft else None
    out["model_calls"] = sum(1 for r in rows if r.get("ttft_s") is not None) + sum(1 for r in rows if r.get("retried"))
    out["retries"] = sum(1 for r in rows if r.get("retried"))
    return out


def run_questions(answerer, qa: list[dict], log) -> list[dict]:
    rows = []
    for q in qa:
        t = time.perf_counter()
        a = answerer.ask(q["question"], user="eval")
        dt = time.perf_counter() - t
        sc = score_answer(a.answer, a.declined, q.get("answers", []))
        row = {"id": q.get("id") or q.get("qid"), "answerable": q.get("answerable", True), "declined": a.declined,
               "answer": a.answer, "gold": q.get("answers", []), "seconds": round(dt, 2),
               "ttft_s": a.timings.get("ttft_s"), "retried": "retry_generate_s" in a.timings, **sc,
               "question": q["question"], "cited": [c.hit.chunk.doc_id for c in a.citations], "notes": a.notes}
        if q.get("gold_doc_id"):
            row["gold_doc_id"] = q["gold_doc_id"]
        rows.append(row)
        log(json.dumps(row, ensure_ascii=False))
    return rows


def eval_documents(paths: list[Path], qa_paths: Sequence[Path], limit: int | None, log,
                   home: Path | None = None) -> list[dict]:
    """Ingest `paths` once into a temporary home (or into `home`, kept: a later run re-ingests only
    what changed), then score each QA file over that index (one result per file, in order)."""
    from contextlib import nullcontext

    from assistant.app import build
    from assistant.settings import load_settings

    sets = [(qp, [json.loads(x) for x in qp.read_text(encoding="utf-8").splitlines() if x.strip()][:limit or None])
            for qp in qa_paths]
    with (nullcontext(str(home)) if home else tempfile.TemporaryDirectory()) as home_dir:
        app = build(load_settings(home=Path(home_dir)))
        # like `assistant ingest`: a shell path such as ../shared/data/seeds is made absolute first (the
        # Ingestor itself rejects ".."); a file that fails to ingest stops the evaluation, because
        # figures over a partial corpus would look like answer-quality figures
        failed = [f"{r.path}: {r.error}" for r in app.ingestor.ingest([os.path.abspath(p) for p in paths])
                  if r.status == "failed"]
        if failed:
            app.close()
            raise SystemExit("ingest failed, no figures:\n" + "\n".join(failed))
        app.answerer.retriever.warm_up()
        results = []
        for qp, qa in sets:
            rows = run_questions(app.answerer, qa, log)
            results.append({"qa": str(qp), **summarize(rows), "rows": rows})
        app.close()
    return results


def spread_sample(qa: list[dict], limit: int, offset: int = 0) -> list[dict]:
    """`limit` questions evenly spread over `qa`: every step-th question from `offset`, where step is
    len(qa) // limit. Offsets 0 … step-1 give disjoint samples of the same spread, so a fresh sample
    (`--offset 1`, 2, …) measures questions no earlier run has shown. An offset outside 0 … step-1 is
    an error, not a silently shorter or overlapping sample."""
    step = max(1, len(qa) // limit)
    if not 0 <= offset < step:
        raise ValueError(f"offset must be in 0..{step - 1} for {limit} of {len(qa)} questions, got {offset}")
    return qa[offset::step][:limit]


@contextmanager
def dataset_answerer(name: str):
    """(Answerer, corpus QA rows) over a QA dataset's corpus indexed in memory, one chunk per passage (its
    title as a heading), with the real models, in a temporary home that is removed on exit."""
    from assistant.answer import Answerer
    from assistant.app import build
    from assistant.embeddings import make_embedder
    from assistant.retrieval import HybridRetriever
    from assistant.settings import load_settings
    from assistant.types import Chunk
    from eval.memstore import embedded_store
    from eval.retrieval import CACHE, DATASETS, load_jsonl

    cp, qp = DATASETS[name]
    corpus, qa = load_jsonl(cp), load_jsonl(qp)
    with tempfile.TemporaryDirectory() as home:
        s = load_settings(home=Path(home))
        app = build(s)
        try:
            emb = make_embedder(s.embedding)
            chunks = [Chunk(chunk_id=d["doc_id"], doc_id=d["doc_id"], text=d["text"], start=0, end=len(d["text"]),
                            source=cp.name, path=str(cp), title=d.get("title")) for d in corpus]
            retr = HybridRetriever(s, emb, embedded_store(emb, chunks, CACHE))
            yield Answerer(s, retr, app.generator, app.pii_guard, app.audit), qa
        finally:
            app.close()


def eval_dataset(name: str, limit: int, log, offset: int = 0) -> dict:
    from eval.retrieval import DATASETS

    with dataset_answerer(name) as (answerer, qa):
        rows = run_questions(answerer, spread_sample(qa, limit, offset), log)
    return {"qa": str(DATASETS[name][1]), **summarize(rows), "rows": rows}


def to_markdown(res: dict) -> str:
    keys = ["questions", "answerable", "contains_accuracy", "exact_accuracy", "false_decline_rate", "unanswerable",
            "unanswerable_declined", "mean_seconds", "median_ttft_s", "model_calls", "retries"]
    head = "| " + " | ".join(keys) + " |"
    return f"**{Path(res['qa']).name}**\n\n{head}\n|{'---|' * len(keys)}\n| " + " | ".join(str(res.get(k, "–")) for k in keys) + " |"


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.offline import enforce_offline_env

    enforce_offline_env()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--demo", action="store_true")
    ap.add_argument("--dataset", choices=["jsquad", "jaquad"])
    ap.add_argument("--corpus", type=Path, nargs="+")
    ap.add_argument("--qa", type=Path, nargs="+", help="one or more QA files, scored separately over one index of --corpus")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--offset", type=int, default=0,
                    help="with --dataset: start the evenly spread sample here; 1, 2, … give samples disjoint from 0")
    ap.add_argument("--home", type=Path, help="keep the index in this directory and reuse it next time (default: a temporary one)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="print one JSON line per question to stderr")
    a = ap.parse_args(argv)
    log = (lambda m: print(m, file=sys.stderr, flush=True)) if a.verbose else (lambda m: None)
    results = []
    if a.demo:
        results.extend(eval_documents([REPO / "assistant" / "demo_corpus"], [DEMO_QA], a.limit, log, a.home))
    if a.corpus and a.qa:
        results.extend(eval_documents(a.corpus, a.qa, a.limit, log, a.home))
    if a.dataset:
        try:
            results.append(eval_dataset(a.dataset, a.limit or 40, log, a.offset))
        except ValueError as e:
            ap.error(str(e))
    if not results:
        ap.error("give --demo, --dataset or --corpus with --qa")
    for r in results:
        print(json.dumps({k: v for k, v in r.items() if k != "rows"}, ensure_ascii=False) if a.json else to_markdown(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
