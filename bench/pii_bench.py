"""Benchmark the Japanese PII detector: milliseconds per ~200-character passage after warm-up.

    python bench/pii_bench.py [--labelled eval/data/pii_labelled.jsonl] [--rounds 3]
                              [--ner off|gated|full] [--use-ner] [--wikipedia [N]]

Passages: the labelled set's (municipal-style) texts cut or joined into ~200-character pieces; with
--wikipedia, the Wikipedia NER set's sentences joined into ~200-character passages instead (the first N
passages, default 150). Each passage is analysed on its own (`detector.analyze`, one request), after a
warm-up pass over all of them. Prints count, median, p95, max and mean in ms, and the load average
(the machine has 2 cores; other work running at the same time inflates the figures).
--ner: GiNZA NER mode for PERSON (default: the configured `guardrails.person_ner`); --use-ner = full.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def passages(path: Path, size: int = 200) -> list[str]:
    texts = [json.loads(l)["text"] for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    out, buf = [], ""
    for t in texts:
        buf = (buf + "\n" + t) if buf else t
        while len(buf) >= size:
            out.append(buf[:size])
            buf = buf[size:]
    if len(buf) >= size // 2:
        out.append(buf)
    return out


def wikipedia_passages(path: Path, n: int, size: int = 200) -> list[str]:
    """The NER set's sentences, concatenated and cut into `size`-character passages (the first `n`)."""
    text = "".join(json.loads(l)["text"] for l in path.read_text(encoding="utf-8").splitlines() if l.strip())
    return [text[i:i + size] for i in range(0, min(len(text), n * size), size)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labelled", type=Path, default=REPO / "eval" / "data" / "pii_labelled.jsonl")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--ner", choices=("off", "gated", "full"), default=None,
                    help="GiNZA NER mode for PERSON (default: guardrails.person_ner from the settings)")
    ap.add_argument("--use-ner", action="store_true", help="same as --ner full")
    ap.add_argument("--wikipedia", type=int, nargs="?", const=150, default=None, metavar="N",
                    help="N ~200-character passages from the Wikipedia NER set instead of the labelled set")
    ap.add_argument("--ner-set", type=Path, default=REPO.parent / "shared" / "data" / "ner_wikipedia_ja" / "ner_dev.jsonl")
    args = ap.parse_args(argv)
    mode = "full" if args.use_ner else args.ner

    from assistant.settings import load_settings
    from guardrails.engine import JapanesePiiDetector

    t0 = time.perf_counter()
    detector = JapanesePiiDetector(load_settings().guardrails, use_ner=mode)
    detector.warm_up()
    warm = time.perf_counter() - t0
    ps = wikipedia_passages(args.ner_set, args.wikipedia) if args.wikipedia else passages(args.labelled)
    for p in ps:  # warm-up pass (caches, lazy regex compilation)
        detector.analyze(p)
    times = []
    for _ in range(args.rounds):
        for p in ps:
            t = time.perf_counter()
            detector.analyze(p)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    mean_len = sum(map(len, ps)) / len(ps)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{'Wikipedia' if args.wikipedia else 'labelled-set'} passages: {len(ps)} (mean {mean_len:.0f} chars) "
          f"x {args.rounds} rounds; warm-up {warm:.1f} s; PERSON NER mode {detector.use_ner}; load average {load:.2f}")
    print(f"ms per passage: median {statistics.median(times):.2f}, p95 {p95:.2f}, max {times[-1]:.2f}, "
          f"mean {statistics.fmean(times):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
