"""Model assembly logic on small real part files (the 1.1 GB model is assembled by `assistant setup`)."""

from __future__ import annotations

import hashlib
import os
import sys
import types

import pytest

from assistant.errors import ModelUnavailable
from assistant.models import EMBEDDED, EmbeddedModel, assemble, file_sha256


@pytest.fixture()
def fake_parts(tmp_path, monkeypatch):
    data = [os.urandom(1000 + i) for i in range(3)]
    for i, blob in enumerate(data, 1):
        p = tmp_path / f"part{i}.bin"
        p.write_bytes(blob)
        mod = types.ModuleType(f"testparts_part{i}")
        mod.get_part_path = (lambda p=p: str(p))
        monkeypatch.setitem(sys.modules, f"testparts_part{i}", mod)
    whole = b"".join(data)
    return EmbeddedModel("t", "test model", "t.gguf", "testparts_part", 3, hashlib.sha256(whole).hexdigest()), whole


def test_when_parts_assembled_then_file_matches_and_no_partial_left(tmp_path, fake_parts):
    model, whole = fake_parts
    out = assemble(model, tmp_path / "models")
    assert out.read_bytes() == whole
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == ["t.gguf", "t.gguf.verified"]


def test_when_assembled_twice_then_second_call_does_not_rewrite(tmp_path, fake_parts):
    model, _ = fake_parts
    out = assemble(model, tmp_path / "models")
    mtime = out.stat().st_mtime_ns
    assert assemble(model, tmp_path / "models") == out
    assert out.stat().st_mtime_ns == mtime


def test_when_checksum_mismatch_then_model_unavailable_and_nothing_left(tmp_path, fake_parts):
    model, _ = fake_parts
    bad = EmbeddedModel(**{**model.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelUnavailable) as e:
        assemble(bad, tmp_path / "models")
    assert "sha256" in e.value.user_message
    assert list((tmp_path / "models").iterdir()) == []


def test_when_assembled_file_corrupted_then_it_is_rebuilt(tmp_path, fake_parts):
    model, whole = fake_parts
    out = assemble(model, tmp_path / "models")
    out.write_bytes(b"x" * len(whole))  # size same, mtime changes -> marker no longer matches
    assert assemble(model, tmp_path / "models").read_bytes() == whole


def test_when_part_package_missing_then_error_names_package(tmp_path):
    m = EmbeddedModel("x", "x", "x.gguf", "no_such_pkg_part", 2, "0" * 64)
    with pytest.raises(ModelUnavailable) as e:
        assemble(m, tmp_path)
    assert e.value.user_message == "モデル部品パッケージ no-such-pkg-part1 がインストールされていません。"


def test_when_real_model_set_up_then_checksum_is_the_published_one(model_path):
    # `model_path` comes from `assistant setup`; verify the marker-trusted file really hashes right once.
    assert model_path.name == EMBEDDED["qwen2.5-coder-1.5b"].filename
    assert file_sha256(model_path) == EMBEDDED["qwen2.5-coder-1.5b"].sha256
