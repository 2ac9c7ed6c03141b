"""Bad input: each kind fails with a one-line reason naming the file; the rest of the batch lands."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path


from tests.ingest.conftest import REPO, ingest_settings, write_docx, write_image_pdf, write_pdf


def _build_bad_corpus(d: Path) -> tuple[dict[str, str], list[str]]:
    """Files for every bad kind -> expected reason fragment; plus extra raw paths to pass."""
    d.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes, reason: str) -> Path:
        p = d / name
        p.write_bytes(data)
        expect[str(p)] = reason
        return p

    put("01_empty.txt", b"", "空のファイル")
    put("02_blank.md", "  \n\u3000\n\t\n".encode("utf-8"), "本文がありません")
    put("03_junk.txt", bytes(range(256)) * 40, "バイナリ")
    put("04_corrupt.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf\n%%EOF", "PDF が壊れて")
    enc = write_pdf(d / "05_encrypted.pdf", [["秘密の文書です。"]], encrypt="s3cret")
    expect[str(enc)] = "パスワード"
    expect[str(write_image_pdf(d / "06_scan.pdf"))] = "OCR が必要"
    put("07_oversized.txt", ("大きな文書です。" * 40000).encode("utf-8"), "大きすぎます")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * 8_000_000)
    put("08_bomb.docx", bomb.getvalue(), "zip bomb")
    put("09_undecodable.txt", bytes([0x80, 0xFD, 0xA0, 0xFF, 0x85, 0x9F, 0xFE]) * 200, "文字コードを判定できません")
    put("10_table.xlsx", b"PK\x03\x04 not really", "Excel")
    put("11_data.xyz", "何かのデータ".encode("utf-8"), "対応していない形式")
    loop = d / "12_loop.txt"
    os.symlink(loop.name, loop)
    expect[str(loop)] = "循環"
    (d / "13_sub").mkdir()
    (d / "13_sub" / "ok_inside.txt").write_text("サブフォルダの文書です。", encoding="utf-8")
    os.symlink("..", d / "13_sub" / "back_to_parent")
    expect[str(d / "13_sub" / "back_to_parent")] = "循環"
    put("14_bad\x07name.txt", "制御文字を含む名前です。".encode("utf-8"), "制御文字")
    put("15_broken.csv", "質問,回答\n住民票の手数料は？,300円です。\n印鑑登録は？,即日です。,余分な列,もう一つ\n".encode("utf-8"), "3 行目")
    put("16_unterminated.csv", '質問,回答\n住民票は？,"300円です。\n'.encode("utf-8"), "引用符")
    fifo = d / "17_pipe.txt"
    os.mkfifo(fifo)
    expect[str(fifo)] = "通常のファイルではありません"
    put("18_corrupt.docx", b"this is not a zip file at all", "壊れて")
    os.symlink("no_such_target.txt", d / "19_dangling.txt")
    expect[str(d / "19_dangling.txt")] = "リンク先が存在しません"
    put("20_legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".docx として保存し直して")
    put("21_empty_page.html", b"<html><head><title>x</title></head><body><nav><a href='/'>home</a></nav></body></html>", "本文")
    put("22_rtlo\u202etxt.md", "なりすまし名です。".encode("utf-8"), "制御文字")
    # good files in the same batch
    (d / "good.md").write_text("# 案内\n\n住民票の写しは1通300円です。", encoding="utf-8")
    (d / "good.txt").write_bytes("印鑑登録は即日できます。".encode("cp932"))
    write_docx(d / "good.docx", [("h1", "手続"), ("p", "転入届は14日以内に届け出てください。")])
    # unsupported extensions are skipped silently in folder walks, so they are named explicitly
    raw_extra = [str(d / ".." / d.name / "good.md"), str(d / "no_such_file.txt"),
                 str(d / "10_table.xlsx"), str(d / "11_data.xyz"), str(d / "20_legacy.doc")]
    expect[raw_extra[0]] = "「..」"
    expect[raw_extra[1]] = "見つかりません"
    return expect, raw_extra


def test_when_batch_has_every_bad_kind_then_each_fails_with_reason_and_good_files_land(tmp_path, embedder):
    from ingest.pipeline import Ingestor
    from ingest.store import IndexStore

    settings = ingest_settings(tmp_path / "home", max_file_mb=0.2)
    d = tmp_path / "batch"
    expect, extra = _build_bad_corpus(d)
    with IndexStore(settings.index_dir, embedder) as store:
        results = list(Ingestor(settings, embedder, store).ingest([d, *extra]))
        by_path = {r.path: r for r in results}
        failed = {p: r for p, r in by_path.items() if r.status == "failed"}
        kinds_seen = 0
        for path, fragment in expect.items():
            key = path if path in by_path else os.path.abspath(path)
            r = by_path.get(key) or by_path.get(path)
            assert r is not None, f"no result for {path!r}"
            assert r.status == "failed", (path, r)
            assert fragment in r.error, (path, r.error)
            assert "\n" not in r.error and r.to_json()["error"] == r.error
            kinds_seen += 1
        assert kinds_seen >= 15
        good = sorted(Path(p).name for p, r in by_path.items() if r.status == "added")
        assert good == ["good.docx", "good.md", "good.txt", "ok_inside.txt"]
        assert len(failed) == len(expect)
        assert store.verify() == []


def test_when_cli_batch_has_failures_then_json_lines_and_exit_status_1(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from ingest.commands import ingest

    d = tmp_path / "cli"
    d.mkdir()
    (d / "ok.md").write_text("# 案内\n\n住民票の写しは1通300円です。", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "broken.csv").write_text("質問,回答\nA,B,C\n", encoding="utf-8")
    env = {"ASSISTANT_HOME": str(tmp_path / "home")}
    res = CliRunner().invoke(ingest, [str(d), "--json"], env=env)
    assert res.exit_code == 1, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert {Path(x["path"]).name: x["status"] for x in lines} == {"broken.csv": "failed", "empty.txt": "failed", "ok.md": "added"}
    assert all(set(x) == {"path", "status", "chunks", "error"} for x in lines)
    human = CliRunner().invoke(ingest, [str(d)], env=env)
    assert human.exit_code == 1
    assert f"❌ {d / 'empty.txt'}: 空のファイルです" in human.stdout
    assert f"✅ 変更なし {d / 'ok.md'}" in human.stdout
    usage = CliRunner().invoke(ingest, [str(d), "--doc-type", "novel"], env=env)
    assert usage.exit_code == 2


def test_when_file_is_unreadable_then_failed_with_permission_reason(tmp_path):
    """Root reads everything, so as root the ingest runs in a child without CAP_DAC_OVERRIDE."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "readable.txt").write_text("読める文書です。", encoding="utf-8")
    secret = docs / "secret.txt"
    secret.write_text("読めない文書です。", encoding="utf-8")
    os.chmod(secret, 0o000)
    script = textwrap.dedent(f"""
        import json, sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from tests.ingest.conftest import ingest_settings
        from tests.ingest.ingest_fakes import CountingEmbedder
        from ingest.store import IndexStore
        from ingest.pipeline import Ingestor
        s = ingest_settings(Path({str(tmp_path / 'home')!r}))
        e = CountingEmbedder()
        with IndexStore(s.index_dir, e) as st:
            for r in Ingestor(s, e, st).ingest([{str(docs)!r}]):
                print(json.dumps(r.to_json(), ensure_ascii=False))
    """)
    cmd = [sys.executable, "-c", script]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "running as root: util-linux setpriv is needed to drop CAP_DAC_OVERRIDE"
        cmd = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *cmd]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=str(REPO))
    finally:
        os.chmod(secret, 0o600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = {Path(x["path"]).name: x for x in map(json.loads, proc.stdout.splitlines())}
    assert out["readable.txt"]["status"] == "added"
    assert out["secret.txt"]["status"] == "failed" and out["secret.txt"]["error"] == "読み取り権限がありません"
