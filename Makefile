# The two commands a newcomer needs: `make demo` and `make test`. Each sets up its own virtualenv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/rampcoach demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/ack.py
	$(BIN)/python bench/digest.py
	$(BIN)/python bench/fanout.py
	$(BIN)/python bench/status.py
	$(BIN)/python bench/nudge_quality.py
	$(BIN)/python bench/early_call.py
	$(BIN)/python bench/crm_sync.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
