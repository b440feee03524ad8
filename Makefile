# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test eval golden lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

install: $(STAMP)

# The main job: every bundled fixture page through `extractor run`, records printed to stdout.
run: $(STAMP)
	@mkdir -p out
	$(BIN)/extractor run fixtures/inputs.txt -o out/claims.jsonl --cache out/cache
	@cat out/claims.jsonl

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Claim quality on the project's own gold set.
eval: $(STAMP)
	@mkdir -p out
	$(BIN)/extractor extract fixtures/pages/*.html -o out/fixtures.jsonl
	$(BIN)/extractor eval fixtures/gold out/fixtures.jsonl --min-f1 0.97

# Rewrite the checked-in expected records on purpose, after reviewing `extractor diff`.
golden: $(STAMP)
	$(BIN)/extractor extract fixtures/pages/*.html -o fixtures/expected.jsonl

lint: $(STAMP)
	$(BIN)/ruff check extractor tests benchmarks

clean:
	rm -rf out .extractor-cache
