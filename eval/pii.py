"""Evaluate the Japanese PII detector.

    python -m eval.pii [--labelled eval/data/pii_labelled.jsonl]
                       [--ner ../shared/data/ner_wikipedia_ja/ner_dev.jsonl] [--ner-limit N]
                       [--mynumber-trials N] [--ner-mode off|gated|full] [--use-ner] [--ner-passages CHARS]
                       [--ner-lines all|even|odd] [--ner-misses] [--probe] [--errors] [--json]

Prints a Markdown report:
  - per type precision / recall on the labelled set, exact spans and overlapping spans (same type);
  - overall (micro) precision / recall, typed; and "masked" recall: gold spans covered by any finding
    (what matters for privacy: the text does not reach the model whatever the type);
  - hard negatives: passages with at least one false positive;
  - My Number: recall on valid numbers and false My Numbers on invalid check digits, on the labelled
    set and on a seeded stress test of generated numbers in varied formats and contexts;
  - PERSON recall (exact / overlap) and precision on the Wikipedia NER set: all lines, even lines (the
    PERSON rules were tuned on these) and odd lines (held out); per sentence, or joined into passages.
Default paths resolve relative to the repository root (the parent of eval/); the shared data sit
beside the repository as ../shared.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import regex as re

REPO = Path(__file__).resolve().parent.parent
DEFAULT_LABELLED = REPO / "eval" / "data" / "pii_labelled.jsonl"
DEFAULT_NER = REPO.parent / "shared" / "data" / "ner_wikipedia_ja" / "ner_dev.jsonl"
_TWELVE = re.compile(r"(?<![0-9０-９])[0-9０-９]{4}[-－ 　]?[0-9０-９]{4}[-－ 　]?[0-9０-９]{4}(?![0-9０-９])")


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def load_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def score_labelled(detector, rows: list[dict]) -> dict:
    from assistant.settings import PII_TYPES
    from guardrails.checksums import digits_of, is_valid_my_number

    stats = {t: Counter() for t in PII_TYPES}
    masked = Counter()
    neg_fp_passages = 0
    errors = []
    mn = Counter()
    preds_all = detector.analyze_batch([r["text"] for r in rows])
    for r, preds in zip(rows, preds_all):
        gold = [(e["start"], e["end"], e["type"]) for e in r["entities"]]
        pred = [(f.start, f.end, f.entity_type) for f in preds]
        for g in gold:
            s = stats[g[2]]
            s["gold"] += 1
            if g in pred:
                s["gold_exact"] += 1
            if any(p[2] == g[2] and _overlap(p, g) for p in pred):
                s["gold_overlap"] += 1
            else:
                errors.append(("FN", r["id"], g[2], r["text"][g[0]:g[1]]))
            masked["gold"] += 1
            if any(_overlap(p, g) for p in pred):
                masked["covered"] += 1
        for p in pred:
            s = stats[p[2]]
            s["pred"] += 1
            if p in gold:
                s["pred_exact"] += 1
            if any(g[2] == p[2] and _overlap(p, g) for g in gold):
                s["pred_overlap"] += 1
            else:
                errors.append(("FP", r["id"], p[2], r["text"][p[0]:p[1]]))
        if r.get("hard_negative") and pred:
            neg_fp_passages += 1
        # My Number: valid gold found, invalid 12-digit numbers not reported as MY_NUMBER
        for g in gold:
            if g[2] == "MY_NUMBER":
                mn["valid"] += 1
                mn["valid_found"] += any(p[2] == "MY_NUMBER" and _overlap(p, g) for p in pred)
        for m in _TWELVE.finditer(r["text"]):
            if not is_valid_my_number(digits_of(unicodedata.normalize("NFKC", m.group()))):
                mn["invalid"] += 1
                mn["invalid_flagged"] += any(p[2] == "MY_NUMBER" and _overlap(p, m.span()) for p in pred)
    return {"types": stats, "masked": masked, "neg_fp_passages": neg_fp_passages,
            "neg_passages": sum(1 for r in rows if r.get("hard_negative")), "passages": len(rows),
            "errors": errors, "my_number": mn}


def my_number_stress(detector, n: int, seed: int = 7) -> Counter:
    """Generated valid and invalid My Numbers in varied formats and sentence contexts."""
    from guardrails.checksums import my_number_check_digit

    rng = random.Random(seed)
    fw = str.maketrans("0123456789-", "０１２３４５６７８９－")
    contexts = ["個人番号：{}", "マイナンバー {} を確認", "番号（{}）を記入", "{}", "申請書に{}と記載あり",
                "受付票 {} 控え", "扶養親族の個人番号は{}です。", "My Number: {}"]
    texts, labels = [], []
    for i in range(n):
        base = "".join(str(rng.randint(0, 9)) for _ in range(11))
        check = my_number_check_digit(base)
        valid = i % 2 == 0
        d = base + str(check if valid else rng.choice([x for x in range(10) if x != check]))
        f = rng.random()
        s = d if f < 0.3 else (f"{d[:4]} {d[4:8]} {d[8:]}" if f < 0.6 else (f"{d[:4]}-{d[4:8]}-{d[8:]}" if f < 0.85 else f"{d[:4]}　{d[4:8]}　{d[8:]}"))
        if rng.random() < 0.25:
            s = s.translate(fw)
        texts.append(rng.choice(contexts).format(s))
        labels.append((valid, s))
    c = Counter()
    for text, (valid, s), fs in zip(texts, labels, detector.analyze_batch(texts)):
        start = text.index(s)
        hit = any(f.entity_type == "MY_NUMBER" and _overlap((f.start, f.end), (start, start + len(s))) for f in fs)
        c["valid" if valid else "invalid"] += 1
        if valid and hit:
            c["valid_found"] += 1
        if not valid and hit:
            c["invalid_flagged"] += 1
    return c


def person_recall_ner(detector, rows: list[dict], passage_chars: int | None = None,
                      misses: list | None = None) -> dict[str, Counter]:
    """PERSON recall / precision on the Wikipedia NER set, for all rows and for the rows on even and odd
    line numbers (1-based line numbers of the file's non-empty lines: rules were tuned on the even lines,
    the odd lines are held out). With `passage_chars`, consecutive sentences are joined into passages of
    at most that many characters (as the assistant would see them) before detection."""
    groups: list[list[int]] = []
    if passage_chars:
        cur, size = [], 0
        for i, r in enumerate(rows):
            if cur and size + len(r["text"]) > passage_chars:
                groups.append(cur)
                cur, size = [], 0
            cur.append(i)
            size += len(r["text"])
        if cur:
            groups.append(cur)
    else:
        groups = [[i] for i in range(len(rows))]
    texts = ["".join(rows[i]["text"] for i in g) for g in groups]
    preds_all = detector.analyze_batch(texts)
    out = {"all": Counter(), "even": Counter(), "odd": Counter()}
    for g, preds in zip(groups, preds_all):
        offset = 0
        for i in g:
            r = rows[i]
            n = len(r["text"])
            pp = [(f.start - offset, f.end - offset) for f in preds
                  if f.entity_type == "PERSON" and offset <= f.start and f.end <= offset + n]
            gold = [(e["start"], e["end"]) for e in r["entities"] if e["type"] == "PERSON"]
            for key in ("all", "even" if (r.get("_line", i + 1)) % 2 == 0 else "odd"):
                c = out[key]
                for gs in gold:
                    c["gold"] += 1
                    c["exact"] += gs in pp
                    c["overlap"] += any(_overlap(p, gs) for p in pp)
                    if misses is not None and key == "all" and not any(_overlap(p, gs) for p in pp):
                        misses.append((r.get("_line", i + 1), r["text"][gs[0]:gs[1]],
                                       r["text"][max(0, gs[0] - 12):gs[1] + 8]))
                c["pred"] += len(pp)
                c["pred_ok"] += sum(any(_overlap(p, gs) for gs in gold) for p in pp)
            offset += n
    return out


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def report(res: dict, mn_stress: Counter | None, ner: Counter | None, timing: dict) -> tuple[str, dict]:
    lines = ["| type | gold | pred | P exact | R exact | P overlap | R overlap |", "|---|---:|---:|---:|---:|---:|---:|"]
    tot = Counter()
    data = {"types": {}}
    for t, s in res["types"].items():
        for k, v in s.items():
            tot[k] += v
        row = {"gold": s["gold"], "pred": s["pred"],
               "p_exact": _ratio(s["pred_exact"], s["pred"]), "r_exact": _ratio(s["gold_exact"], s["gold"]),
               "p_overlap": _ratio(s["pred_overlap"], s["pred"]), "r_overlap": _ratio(s["gold_overlap"], s["gold"])}
        data["types"][t] = row
        lines.append(f"| {t} | {s['gold']} | {s['pred']} | {_fmt(row['p_exact'])} | {_fmt(row['r_exact'])} | "
                     f"{_fmt(row['p_overlap'])} | {_fmt(row['r_overlap'])} |")
    overall = {"gold": tot["gold"], "pred": tot["pred"],
               "p_exact": _ratio(tot["pred_exact"], tot["pred"]), "r_exact": _ratio(tot["gold_exact"], tot["gold"]),
               "p_overlap": _ratio(tot["pred_overlap"], tot["pred"]), "r_overlap": _ratio(tot["gold_overlap"], tot["gold"])}
    data["overall"] = overall
    lines.append(f"| **overall** | {tot['gold']} | {tot['pred']} | **{_fmt(overall['p_exact'])}** | "
                 f"**{_fmt(overall['r_exact'])}** | **{_fmt(overall['p_overlap'])}** | **{_fmt(overall['r_overlap'])}** |")
    masked_r = _ratio(res["masked"]["covered"], res["masked"]["gold"])
    data["masked_recall_any_type"] = masked_r
    mn = res["my_number"]
    data["my_number"] = {"valid": mn["valid"], "valid_found": mn["valid_found"], "invalid": mn["invalid"],
                         "invalid_flagged": mn["invalid_flagged"]}
    lines += [
        "",
        f"- passages: {res['passages']} ({res['neg_passages']} hard negatives; "
        f"{res['neg_fp_passages']} hard negatives with any finding)",
        f"- masked recall (gold span covered by a finding of any type): {_fmt(masked_r)}",
        f"- My Number, labelled set: valid found {mn['valid_found']}/{mn['valid']} "
        f"(recall {_fmt(_ratio(mn['valid_found'], mn['valid']))}); invalid check digits flagged as MY_NUMBER "
        f"{mn['invalid_flagged']}/{mn['invalid']}",
    ]
    if mn_stress is not None:
        data["my_number_stress"] = dict(mn_stress)
        lines.append(f"- My Number, stress test ({mn_stress['valid'] + mn_stress['invalid']} generated): valid found "
                     f"{mn_stress['valid_found']}/{mn_stress['valid']} (recall "
                     f"{_fmt(_ratio(mn_stress['valid_found'], mn_stress['valid']))}); invalid flagged "
                     f"{mn_stress['invalid_flagged']}/{mn_stress['invalid']}")
    if ner is not None:
        data["ner_person"] = {}
        for key, label in (("all", "all lines"), ("even", "even lines, tuned on"), ("odd", "odd lines, held out")):
            c = ner[key]
            row = {"gold": c["gold"], "recall_exact": _ratio(c["exact"], c["gold"]),
                   "recall_overlap": _ratio(c["overlap"], c["gold"]),
                   "precision_overlap": _ratio(c["pred_ok"], c["pred"])}
            data["ner_person"][key] = row
            lines.append(f"- PERSON on the Wikipedia NER set, {label} ({c['gold']} names): recall exact "
                         f"{_fmt(row['recall_exact'])}, overlap {_fmt(row['recall_overlap'])} "
                         f"(precision overlap {_fmt(row['precision_overlap'])})")
    data["timing_s"] = timing
    lines.append("- time: " + ", ".join(f"{k} {v:.1f}s" for k, v in timing.items()))
    return "\n".join(lines), data


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate the Japanese PII detector")
    ap.add_argument("--labelled", type=Path, default=DEFAULT_LABELLED)
    ap.add_argument("--probe", action="store_true",
                    help="score the hand-written probe set (eval/make_pii_set.py PROBE_PASSAGES) instead of --labelled")
    ap.add_argument("--ner", type=Path, default=DEFAULT_NER)
    ap.add_argument("--ner-limit", type=int, default=None, help="only the first N rows of the NER set")
    ap.add_argument("--no-ner", action="store_true", help="skip the NER set")
    ap.add_argument("--mynumber-trials", type=int, default=1000)
    ap.add_argument("--use-ner", action="store_true", help="same as --ner-mode full")
    ap.add_argument("--ner-mode", choices=("off", "gated", "full"), default=None,
                    help="GiNZA NER mode for PERSON (default: guardrails.person_ner from the settings)")
    ap.add_argument("--ner-passages", type=int, default=None, metavar="CHARS",
                    help="join the NER set's sentences into passages of at most CHARS characters before detection")
    ap.add_argument("--ner-lines", choices=("all", "even", "odd"), default="all",
                    help="score only the even (tuned-on) or odd (held-out) lines of the NER set (half the time)")
    ap.add_argument("--ner-misses", action="store_true",
                    help="list the NER set's PERSON names that were not found (line number, name, context)")
    ap.add_argument("--errors", action="store_true", help="list false negatives / positives of the labelled set")
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = ap.parse_args(argv)

    from assistant.settings import load_settings
    from guardrails.engine import JapanesePiiDetector

    timing = {}
    t0 = time.perf_counter()
    detector = JapanesePiiDetector(load_settings().guardrails, use_ner="full" if args.use_ner else args.ner_mode)
    detector.warm_up()
    timing["warm_up"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    if args.probe:
        from eval.make_pii_set import build_probe

        rows = build_probe()
    else:
        rows = load_jsonl(args.labelled)
    res = score_labelled(detector, rows)
    timing["labelled"] = time.perf_counter() - t0
    stress = None
    if args.mynumber_trials:
        t0 = time.perf_counter()
        stress = my_number_stress(detector, args.mynumber_trials)
        timing["my_number_stress"] = time.perf_counter() - t0
    ner = None
    ner_misses: list[tuple[int, str, str]] = []
    if not args.no_ner:
        if not args.ner.is_file():
            print(f"NER set not found: {args.ner}", file=sys.stderr)
            return 1
        rows = load_jsonl(args.ner)
        for i, r in enumerate(rows):
            r["_line"] = i + 1
        if args.ner_limit:
            rows = rows[: args.ner_limit]
        if args.ner_lines != "all":
            rows = [r for r in rows if (r["_line"] % 2 == 0) == (args.ner_lines == "even")]
        t0 = time.perf_counter()
        ner = person_recall_ner(detector, rows, args.ner_passages, misses=ner_misses if args.ner_misses else None)
        timing["ner_set"] = time.perf_counter() - t0
    text, data = report(res, stress, ner, timing)
    data["person_ner_mode"] = detector.use_ner
    text = f"PERSON NER mode: {detector.use_ner}\n\n" + text
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text)
    if args.errors:
        for e in res["errors"]:
            print("\t".join(map(str, e)))
    if args.ner_misses:
        for line, name, context in ner_misses:
            print(f"MISS\t{line}\t{name}\t{context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
