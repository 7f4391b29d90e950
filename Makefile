# Two commands for a new machine: `make run` and `make test`. Both create .venv by themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench ingest train clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

ingest: $(STAMP)
	$(BIN)/python -m analysis ingest data/ seeds/

run: $(STAMP)
	$(BIN)/python -m analysis ingest data/ seeds/
	$(BIN)/python serve.py

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The theme classifier from data/training/*.refs.jsonl (needs the corpora: SYRIA_DASH_CORPORA).
train: $(STAMP)
	$(BIN)/python -m analysis train $(if $(REFERENCES),$(foreach d,$(REFERENCES),--references $(d)))

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) store .pytest_cache .ruff_cache
