"""The main path as a user runs it, with no network at all.

Every command runs in a fresh network namespace (`unshare -n`) that has only loopback: any
non-loopback connection fails at the kernel, whatever a library tries. Inside, the product's own
egress guard is also checked. Real models, real chroma, real presidio.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO

ASSISTANT = str(Path(sys.executable).with_name("assistant"))


def _netless(args: list[str], env: dict[str, str], timeout: int = 600, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run a command in a new network namespace with only `lo` up."""
    assert shutil.which("unshare"), "unshare (util-linux) is required for the offline test"
    script = 'ip link set lo up && exec "$@"'
    return subprocess.run(["unshare", "-n", "sh", "-c", script, "sh", *args], env=env, capture_output=True,
                          text=True, timeout=timeout, input=stdin)


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory, model_path):
    home = tmp_path_factory.mktemp("home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "HF_", "HTTP", "http"))}
    env.update({"ASSISTANT_HOME": str(home), "ASSISTANT_GENERATION__MODEL_PATH": str(model_path)})
    return env


@pytest.fixture(scope="module")
def ingested(offline_env):
    r = _netless([ASSISTANT, "ingest", str(DEMO), "--json"], offline_env)
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


def test_when_demo_corpus_ingested_offline_then_every_file_is_added(ingested):
    assert sorted((Path(x["path"]).name, x["status"]) for x in ingested) == [
        ("bulletin_2024_07.md", "added"), ("faq_madoguchi.csv", "added"), ("guideline_generative_ai.md", "added"),
        ("manual_madoguchi.md", "added"), ("minutes_2024_06_teireikai.txt", "added")]
    assert all(x["chunks"] > 0 and x["error"] is None for x in ingested)


def test_when_searched_offline_then_contract_fields_and_exact_offsets(ingested, offline_env):
    r = _netless([ASSISTANT, "search", "住民票の写しの交付手数料", "-k", "3", "--json"], offline_env)
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert [h["rank"] for h in hits] == [1, 2, 3]
    assert set(hits[0]) == {"rank", "score", "doc_id", "source", "path", "doc_type", "title", "page", "section",
                            "speaker", "start", "end", "text"}
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]
    for h in hits:
        if h["source"].endswith((".md", ".txt")):
            assert Path(h["path"]).read_text(encoding="utf-8")[h["start"]:h["end"]] == h["text"]
    assert hits[0]["source"] == "manual_madoguchi.md"
    assert hits[0]["doc_type"] == "manual"
    assert "300円" in hits[0]["text"]


def test_when_asked_offline_then_correct_answer_cites_the_passage(ingested, offline_env):
    r = _netless([ASSISTANT, "ask", "住民票の写しを窓口で1通請求すると、手数料はいくらですか？", "--json"], offline_env)
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert a["declined"] is False
    assert "300円" in a["answer"]
    assert "[1]" in a["answer"]
    assert a["model"] == f"local:{Path(offline_env['ASSISTANT_GENERATION__MODEL_PATH']).name}"
    c = a["citations"][0]
    # the manual's fee table and the FAQ's answer row both state it; the manual's note on 「1通」 is cited
    assert (c["n"], c["source"]) == (1, "manual_madoguchi.md")
    assert "世帯全員の住民票の写しが複数ページにわたる場合も1通300円である。" in c["text"]
    assert {"retrieve_s", "generate_s", "ttft_s", "total_s"} <= set(a["timings"])


def test_when_question_not_in_documents_offline_then_declined(ingested, offline_env):
    r = _netless([ASSISTANT, "ask", "パスポート（旅券）の申請手数料はいくらですか？", "--json"], offline_env)
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert (a["declined"], a["answer"], a["citations"]) == (True, "資料に記載がありません", [])


def test_when_batch_asked_then_one_line_per_input_with_id(ingested, offline_env, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "query": "印鑑登録証明書"}\n{"id": "b"}\nnot json\n{"id": 7, "question": "粗大ごみ処理券"}\n',
                     encoding="utf-8")
    r = _netless([ASSISTANT, "search", "--batch", str(batch), "-k", "2"], offline_env)
    assert r.returncode == 1  # two bad lines reported, the good ones answered
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b", None, 7]
    assert len(lines[0]["hits"]) == 2 and len(lines[3]["hits"]) == 2
    assert lines[1]["error"] == f"{batch}:2: query または question がありません"
    assert lines[2]["error"] == f"{batch}:3: JSON として読めません"


def test_when_code_tries_to_reach_outside_then_egress_guard_refuses(offline_env):
    code = (
        "import socket\n"
        "from assistant.offline import install_egress_guard, refused\n"
        "install_egress_guard(['127.0.0.1'])\n"
        "srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)\n"
        "socket.create_connection(srv.getsockname(), timeout=2).close()\n"
        "for target in [('198.51.100.7', 443), ('2001:db8::1', 443)]:\n"
        "    try:\n"
        "        socket.create_connection(target, timeout=2)\n"
        "    except ConnectionRefusedError as e:\n"
        "        print('refused', e)\n"
        "try:\n"
        "    socket.getaddrinfo('huggingface.co', 443)\n"
        "except socket.gaierror as e:\n"
        "    print('lookup refused')\n"
        "print(refused)\n"
    )
    r = _netless([sys.executable, "-c", code], offline_env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "refused LGWAN egress guard: connection to 198.51.100.7 refused (not in network.allowed_hosts)",
        "refused LGWAN egress guard: connection to 2001:db8::1 refused (not in network.allowed_hosts)",
        "lookup refused",
        "['connect 198.51.100.7', 'connect 2001:db8::1', 'lookup huggingface.co']",
    ]


def test_when_doctor_runs_offline_then_all_checks_pass(ingested, offline_env):
    r = _netless([ASSISTANT, "doctor", "--json"], offline_env)
    checks = json.loads(r.stdout)
    assert [(c["name"], c["ok"]) for c in checks] == [
        ("設定", True), ("生成モデル", True), ("埋め込みモデル", True), ("個人情報ガード", True), ("索引", True),
        ("ネットワーク", True)], r.stdout
    index = next(c["detail"] for c in checks if c["name"] == "索引")
    assert index.endswith(" ファイル") and "未作成" not in index  # a fresh ingest holds every sentence vector
    assert r.returncode == 0


def test_when_installed_then_the_install_step_of_make_run_needs_no_network():
    """`make run` = install + demo: once installed, the install step must not touch the network."""
    repo = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    r = subprocess.run(["unshare", "-n", "sh", "-c", "ip link set lo up && bash scripts/install.sh"], cwd=repo,
                       env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "✅ generation_model:" in r.stdout
