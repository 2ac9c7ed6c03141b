from __future__ import annotations

import sqlite3

import pytest

from assistant.audit import AuditLog, AuditRecord


def _rec(i: int) -> AuditRecord:
    return AuditRecord(task="ask", user="u", template="grounded_qa@v1", model="m", settings_hash="h",
                       prompt_redacted=f"<PERSON_1>の件 {i}", output_redacted="ok", status="ok",
                       pii_counts={"PERSON": 1})


def test_when_records_appended_then_chain_verifies_and_tail_returns_them(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite3")
    ids = [log.record(_rec(i)) for i in range(3)]
    assert log.verify() == (True, 3, "ok")
    rows = log.tail(2)
    assert [r["request_id"] for r in rows] == ids[1:]
    assert rows[-1]["pii_counts"] == {"PERSON": 1}


def test_when_row_updated_or_deleted_then_database_refuses(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite3")
    log.record(_rec(0))
    log.close()
    db = sqlite3.connect(tmp_path / "a.sqlite3")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit SET user='x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit")


def test_when_row_edited_behind_the_triggers_then_verify_reports_it(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite3")
    for i in range(3):
        log.record(_rec(i))
    log.close()
    db = sqlite3.connect(tmp_path / "a.sqlite3")
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET record_json = replace(record_json, '件 1', '件 9') WHERE seq = 2")
    db.commit()
    assert AuditLog(tmp_path / "a.sqlite3").verify() == (False, 3, "row 2: hash chain broken")
