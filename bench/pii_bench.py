"""Benchmark the Japanese PII detector: milliseconds per ~200-character passage after warm-up.

    python bench/pii_bench.py [--labelled eval/data/pii_labelled.jsonl] [--rounds 3] [--use-ner]

Passages: the labelled set's texts cut or joined into ~200-character pieces (whole lines kept where
possible). Each passage is analysed on its own (`detector.analyze`, one request), after a warm-up pass
over all of them. Prints count, median, p95, max and mean in ms.
"""

from __future__ import annotations

import argparse
import json
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labelled", type=Path, default=REPO / "eval" / "data" / "pii_labelled.jsonl")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--use-ner", action="store_true", help="also run GiNZA's neural NER (tok2vec + ner)")
    args = ap.parse_args(argv)

    from assistant.settings import load_settings
    from guardrails.engine import JapanesePiiDetector

    t0 = time.perf_counter()
    detector = JapanesePiiDetector(load_settings().guardrails, use_ner=args.use_ner)
    detector.warm_up()
    warm = time.perf_counter() - t0
    ps = passages(args.labelled)
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
    print(f"passages: {len(ps)} (mean {mean_len:.0f} chars) x {args.rounds} rounds; warm-up {warm:.1f} s"
          f"{'; with GiNZA NER' if args.use_ner else ''}")
    print(f"ms per passage: median {statistics.median(times):.2f}, p95 {p95:.2f}, max {times[-1]:.2f}, "
          f"mean {statistics.fmean(times):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
