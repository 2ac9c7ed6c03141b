"""Append-only audit log (rules R2, R10): who asked what, when, with which model, and what came back.

Invariants:
- Only redacted text is ever passed in (the core masks before calling `record`); this module stores
  what it is given and never sees raw personal data. PII findings are stored as type -> count.
- Rows are never updated or deleted: SQLite triggers abort UPDATE and DELETE.
- Each row carries `prev_hash` and `row_hash` (sha256 over the previous hash and the row's
  canonical JSON), so `verify()` detects any edit, deletion or reordering made outside this module.
- Every write is one transaction in WAL mode with synchronous=FULL: a crash leaves the log at the
  last complete row, never a torn one.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  ts TEXT NOT NULL,
  request_id TEXT NOT NULL,
  user TEXT NOT NULL,
  task TEXT NOT NULL,
  record_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  row_hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""

GENESIS = "0" * 64


@dataclass
class AuditRecord:
    """One request. Text fields must already be redacted."""

    task: str
    user: str
    template: str
    model: str
    settings_hash: str
    prompt_redacted: str
    output_redacted: str
    status: str  # ok | declined | blocked | error
    chunks: list[dict[str, Any]] = field(default_factory=list)  # [{"id", "score"}]
    pii_counts: dict[str, int] = field(default_factory=dict)
    policy: str = "allowed"
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ts: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S%z"))


def _hash(prev: str, payload: str) -> str:
    return hashlib.sha256((prev + "\n" + payload).encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.executescript(_SCHEMA)
            self._conn = conn
        return self._conn

    def record(self, rec: AuditRecord) -> str:
        payload = json.dumps(asdict(rec), ensure_ascii=False, sort_keys=True)
        with self._lock:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT row_hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
                prev = row[0] if row else GENESIS
                db.execute(
                    "INSERT INTO audit (ts, request_id, user, task, record_json, prev_hash, row_hash) VALUES (?,?,?,?,?,?,?)",
                    (rec.ts, rec.request_id, rec.user, rec.task, payload, prev, _hash(prev, payload)),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return rec.request_id

    def tail(self, n: int = 20) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db().execute(
                "SELECT seq, record_json FROM audit ORDER BY seq DESC LIMIT ?", (n,)
            ).fetchall()
        return [{"seq": seq, **json.loads(js)} for seq, js in reversed(rows)]

    def verify(self) -> tuple[bool, int, str]:
        """(ok, rows checked, message). Recomputes the hash chain from the first row."""
        with self._lock:
            rows = self._db().execute("SELECT seq, record_json, prev_hash, row_hash FROM audit ORDER BY seq").fetchall()
        prev = GENESIS
        for seq, payload, p, h in rows:
            if p != prev or _hash(prev, payload) != h:
                return False, len(rows), f"row {seq}: hash chain broken"
            prev = h
        return True, len(rows), "ok"

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
