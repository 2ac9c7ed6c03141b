"""SIGKILL in the middle of a large ingest: the store opens and answers, and re-running the same
command yields exactly the chunks of a fresh build (no duplicates, no orphans).

The killed process uses the real IndexStore (chromadb + SQLite catalog) and a fake embedder that
sleeps per text, so kills land inside embedding, between files and around writes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from assistant.types import SearchFilters
from ingest.store import IndexStore
from tests.ingest.conftest import REPO, SEEDS
from tests.ingest.ingest_fakes import CountingEmbedder

SCRIPT = textwrap.dedent(f"""
    import json, sys
    sys.path.insert(0, {str(REPO)!r})
    from pathlib import Path
    from tests.ingest.conftest import ingest_settings
    from tests.ingest.ingest_fakes import CountingEmbedder
    from ingest.store import IndexStore
    from ingest.pipeline import Ingestor
    corpus, home, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
    s = ingest_settings(Path(home))
    e = CountingEmbedder(delay_per_text=delay)
    e.name = "test/bigram-hash-64"
    with IndexStore(s.index_dir, e) as st:
        bad = 0
        for r in Ingestor(s, e, st).ingest([corpus]):
            bad += r.status == "failed"
            print(json.dumps(r.to_json(), ensure_ascii=False), flush=True)
    sys.exit(1 if bad else 0)
""")


def _make_corpus(d: Path, n: int = 36) -> None:
    d.mkdir(parents=True, exist_ok=True)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    paras = [p for p in text.split("\n\n") if len(p.strip()) > 20]
    rng = random.Random(7)
    for i in range(n):
        body = "\n\n".join(rng.sample(paras, 6))
        if i % 3 == 0:
            (d / f"doc{i:02d}.md").write_text(f"# 文書{i}\n\n## 第1章\n\n{body}\n", encoding="utf-8")
        elif i % 3 == 1:
            (d / f"doc{i:02d}.txt").write_bytes(f"文書{i}\n\n{body}\n".encode("cp932", errors="replace"))
        else:
            rows = "\n".join(f'"質問{i}-{j}","{paras[(i * 7 + j) % len(paras)][:120]}"' for j in range(6))
            (d / f"doc{i:02d}.csv").write_text("質問,回答\n" + rows + "\n", encoding="utf-8")


def _run(corpus: Path, home: Path, delay: float, kill_after: int | None = None, extra_delay: float = 0.0):
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(corpus), str(home), str(delay)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(REPO))
    lines = []
    if kill_after is None:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, [x for x in out.splitlines() if '"failed"' in x] or err[-3000:]
        return [json.loads(x) for x in out.splitlines()]
    while len(lines) < kill_after:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()[-3000:]
        lines.append(json.loads(line))
    time.sleep(extra_delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    proc.stdout.close()
    proc.stderr.close()
    return lines


def _pending_writes(home: Path) -> int:
    """Writes the killed process left unfinished (read before the store repairs them)."""
    import sqlite3

    con = sqlite3.connect(home / "index" / "catalog.sqlite3")
    try:
        return con.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
    finally:
        con.close()


def _snapshot(home: Path) -> tuple[list[str], dict[str, int], list[str]]:
    from tests.ingest.conftest import ingest_settings

    e = CountingEmbedder()
    with IndexStore(ingest_settings(home).index_dir, e) as st:
        assert st.verify() == []
        chunks = st.all_chunks()
        q = e.embed_queries(["デジタル化の推進"])[0]
        assert st.dense_search(q, 5, SearchFilters())  # answers
        ids = [c.chunk_id for c in chunks]
        return ids, {s.path: s.chunks for s in st.sources()}, [c.text for c in chunks]


def test_when_killed_mid_ingest_then_store_opens_and_rerun_equals_fresh_build(tmp_path):
    corpus = tmp_path / "corpus"
    _make_corpus(corpus)
    home = tmp_path / "crashed"
    rng = random.Random(11)
    done = interrupted = 0
    for round_, kill_after in enumerate((2, 9, 17, 26)):
        got = _run(corpus, home, delay=0.004, kill_after=kill_after, extra_delay=rng.uniform(0.0, 0.25))
        done = max(done, len(got))
        interrupted += _pending_writes(home)
        ids, sources, _ = _snapshot(home)  # opens, repairs, answers, consistent
        assert len(ids) == len(set(ids))
        if round_ == 1:  # a file already indexed changes between crashes: must be replaced exactly
            (corpus / "doc00.md").write_text("# 文書0（改訂）\n\n改訂後の本文です。窓口は9時からです。\n", encoding="utf-8")
    assert interrupted > 0, "no kill landed inside a file's write; the test proves nothing"
    final = _run(corpus, home, delay=0.0)
    assert all(r["status"] in ("added", "updated", "unchanged") for r in final)
    assert any(r["status"] == "unchanged" for r in final)  # committed files were not redone
    fresh = _run(corpus, tmp_path / "fresh", delay=0.0)
    assert all(r["status"] == "added" for r in fresh)
    crashed_ids, crashed_sources, crashed_texts = _snapshot(home)
    fresh_ids, fresh_sources, fresh_texts = _snapshot(tmp_path / "fresh")
    assert len(crashed_ids) == len(fresh_ids)
    assert crashed_ids == fresh_ids  # same ids, same order: no duplicates, no orphans
    assert crashed_texts == fresh_texts
    assert crashed_sources == fresh_sources
    again = _run(corpus, home, delay=0.0)
    assert {r["status"] for r in again} == {"unchanged"}
