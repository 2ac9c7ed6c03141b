"""Ingestion: files -> extracted text -> Japanese-aware chunks -> embeddings -> the index.

Public entry points (see docs/ingest.md):
- `ingest.pipeline.Ingestor`       ingest / remove files (llama-index IngestionPipeline underneath)
- `ingest.store.IndexStore`        the index (chromadb + a SQLite catalog); the only chromadb user
- `ingest.metadata`                和暦 parsing (`parse_wareki_date`, `parse_date_range`,
                                   `fiscal_year_range`) and document-type detection
- `ingest.commands`                click commands `ingest`, `remove`, `sources`

Importing this package is cheap: no chromadb, llama-index or model import happens until an
`IndexStore` or `Ingestor` is constructed.
"""
