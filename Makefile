# The two commands of the README. Both install everything first (idempotent).
.PHONY: install run test bench

install:
	bash scripts/install.sh

# ingest the bundled demo corpus and start the UI on http://127.0.0.1:7860
run: install
	.venv/bin/assistant demo

# the full test suite with the real small models (what CI runs)
test: install
	.venv/bin/python -m pytest -q

bench: install
	.venv/bin/python bench/answer_bench.py
