"""What the checks after generation make of a right reply, and of a wrong option, without the model.

    python -m eval.checks --dataset jaquad --limit 600
    python -m eval.checks --dataset jaquad --limit 600 --wrong-option --verbose

For each question of an evenly spread sample, the context `ask` would show the model is selected, and
the gold answer is written as the model replies (「<gold>です。[n]」, n the first passage holding it) and
judged by the same checks as a model's reply (`Answerer.judge_reply`). A right reply the checks reject is
a false decline (or a retry and a quote) that no model can avoid; the counts say which check rejects it.
`--wrong-option` instead replies, for a question listing its options (「AとBのうち、どちら」), with the first
option that is not the gold one: what the checks let through when the model picks wrongly. Questions whose
gold answer is in no passage of the context are counted as such and not judged. No model is loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence


def check_rows(answerer, qa: list[dict], wrong_option: bool = False) -> list[dict]:
    """One row per question: its id, the reply judged (or None) and the verdict (kind, note), or the
    reason it was not judged ("not in context"; with `wrong_option`, "no listed options")."""
    from assistant.grounding import choice_options

    rows = []
    for q in qa:
        gold = q["answers"][0]
        row = {"id": q.get("qid", q.get("id")), "question": q["question"], "gold": gold, "reply": None}
        passages, _ = answerer.context(q["question"], answerer.hits(q["question"]))
        holding = [p for p in passages if gold in p.hit.chunk.text]
        options = choice_options(q["question"])[1]
        if not holding:
            row["verdict"] = "not in context"
        elif wrong_option and gold not in options:
            row["verdict"] = "no listed options"
        else:
            said = next(o for o in options if o != gold) if wrong_option else gold
            row["reply"] = f"{said}です。[{holding[0].n}]"
            kind, note = answerer.judge_reply(row["reply"], q["question"], passages)
            row["verdict"] = kind + (f": {note}" if kind != "ok" and note else "")
        rows.append(row)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.offline import enforce_offline_env

    enforce_offline_env()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", choices=["jsquad", "jaquad"], required=True)
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--wrong-option", action="store_true", help="reply with a listed option that is not the gold one")
    ap.add_argument("--verbose", action="store_true", help="one JSON line per question")
    a = ap.parse_args(argv)
    from eval.answers import dataset_answerer, spread_sample

    with dataset_answerer(a.dataset) as (answerer, qa):
        rows = check_rows(answerer, spread_sample(qa, a.limit, a.offset), a.wrong_option)
    for row in rows if a.verbose else ():
        print(json.dumps(row, ensure_ascii=False))
    for verdict, n in Counter(r["verdict"] for r in rows).most_common():
        print(f"{n:5d}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
