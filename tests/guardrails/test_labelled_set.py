"""The labelled evaluation set: size, hard negatives, offsets, determinism."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.settings import PII_TYPES

DATA = Path(__file__).resolve().parents[2] / "eval" / "data" / "pii_labelled.jsonl"


def _rows():
    return [json.loads(l) for l in DATA.read_text(encoding="utf-8").splitlines() if l.strip()]


def test_when_the_set_is_loaded_then_it_is_large_enough_and_well_formed():
    rows = _rows()
    assert len(rows) >= 200
    assert sum(r["hard_negative"] for r in rows) >= 40
    assert {r["style"] for r in rows} == {"madoguchi", "consultation", "email", "minutes"}
    assert len({r["id"] for r in rows}) == len(rows)
    seen = set()
    for r in rows:
        if r["hard_negative"]:
            assert r["entities"] == []
        for e in r["entities"]:
            assert e["type"] in PII_TYPES
            assert 0 <= e["start"] < e["end"] <= len(r["text"])
            assert r["text"][e["start"]:e["end"]].strip() == r["text"][e["start"]:e["end"]]
            seen.add(e["type"])
        spans = sorted((e["start"], e["end"]) for e in r["entities"])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert seen == set(PII_TYPES)


def test_when_the_generator_runs_again_then_it_reproduces_the_file():
    from eval.make_pii_set import build

    assert build() == _rows()


def test_when_the_probe_set_is_built_then_offsets_match_the_markup():
    from eval.make_pii_set import build_probe

    rows = build_probe()
    assert len(rows) >= 40
    for r in rows:
        for e in r["entities"]:
            assert e["type"] in PII_TYPES and r["text"][e["start"]:e["end"]]
            assert "[[" not in r["text"]
