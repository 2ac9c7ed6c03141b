"""Where an answerable question is lost before the model: retrieval or context selection (no model call).

    python -m eval.stages --home DIR --qa Q.jsonl [Q2.jsonl ...] [--verbose]

DIR is an index built by `python -m eval.answers --corpus ... --home DIR` (or `assistant ingest` with
ASSISTANT_HOME=DIR). For each answerable question: the rank of the first of 20 hits holding a gold answer,
whether one is in the hits `ask` reads (top_k, neighbours kept, another place's passages set aside),
whether it is in the context the model is shown (`Answerer.context`: a document's cover for a question
about its date), and the evidence coverage that gates the model call.
Gold answers are matched in the forms the scoring accepts (eval.answers.score_answer).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path


def stage_rows(answerer, qa: list[dict]) -> list[dict]:
    from assistant.context import render_context
    from eval.answers import written_forms

    s = answerer.settings
    rows = []
    for q in qa:
        if not q.get("answerable", True):
            continue
        gold = [f for g in q["answers"] for f in written_forms(g)]

        def holds(text: str) -> bool:
            forms = "\n".join(written_forms(text))
            return any(g in forms for g in gold)

        hits = answerer.hits(q["question"], k=20)
        rank = next((i + 1 for i, h in enumerate(hits) if holds(h.chunk.text)), None)
        read, _ = answerer.about_another_place(q["question"], hits[: s.retrieval.top_k])
        passages, _ = answerer.context(q["question"], hits[: s.retrieval.top_k])
        context = render_context(passages)
        rows.append({"id": q.get("id"), "gold_rank": rank, "in_hits": any(holds(h.chunk.text) for h in read),
                     "in_context": holds(context),
                     "coverage": round(answerer.coverage(q["question"], passages), 3) if passages else 0.0,
                     "context": context})
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.offline import enforce_offline_env

    enforce_offline_env()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--qa", type=Path, nargs="+", required=True)
    ap.add_argument("--verbose", action="store_true", help="one JSON line per question (with its context)")
    a = ap.parse_args(argv)
    if not (a.home / "index").exists():
        ap.error(f"no index in {a.home}: build one with python -m eval.answers --corpus ... --home {a.home}")
    from assistant.app import build
    from assistant.settings import load_settings

    app = build(load_settings(home=a.home))
    app.answerer.retriever.warm_up()
    for qp in a.qa:
        qa = [json.loads(x) for x in qp.read_text(encoding="utf-8").splitlines() if x.strip()]
        rows = stage_rows(app.answerer, qa)
        for row in rows if a.verbose else ():
            print(json.dumps(row, ensure_ascii=False))
        n = len(rows)
        print(f"{qp.name}: {n} answerable; gold first of 20 hits {sum(r['gold_rank'] == 1 for r in rows)}, "
              f"in the hits ask reads {sum(r['in_hits'] for r in rows)}, in the context {sum(r['in_context'] for r in rows)}; "
              f"below the coverage gate {sum(r['coverage'] < app.settings.retrieval.min_evidence_coverage for r in rows)}")
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
