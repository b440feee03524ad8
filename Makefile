# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test eval golden lint bench clean review-check figures-check train cv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,export,dask,figures,train]'
	touch $(STAMP)

install: $(STAMP)

# The main job: every bundled fixture page through `extractor run`, records printed to stdout.
run: $(STAMP)
	@mkdir -p out
	$(BIN)/extractor run fixtures/inputs.txt -o out/claims.jsonl --cache out/cache
	@cat out/claims.jsonl

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Claim quality on the project's own gold set, then on the real-article set in ../shared/realworld
# (each fold; skipped when absent), then the floors both gates pin (tests/test_*eval_gate.py).
eval: $(STAMP)
	@mkdir -p out
	$(BIN)/extractor extract fixtures/pages/*.html -o out/fixtures.jsonl
	$(BIN)/extractor eval fixtures/gold out/fixtures.jsonl --min-f1 0.97
	$(BIN)/python scripts/realworld_eval.py
	$(BIN)/python -m pytest -q tests/test_eval_gate.py tests/test_realworld_eval_gate.py

# Rebuild the shipped decisions (extractor/nlp/data/decisions.json) from the real-article gold, byte
# for byte (docs/training.md).
train: $(STAMP)
	$(BIN)/extractor train ../shared/realworld/gold fixtures/gold -o extractor/nlp/data

# Cross-validation by article, 5 folds, then the held-out records scored by the set's own scorer. Not in
# CI: it reads every article twice (about two minutes here).
cv: $(STAMP)
	@mkdir -p out
	$(BIN)/extractor train ../shared/realworld/gold fixtures/gold -o out/decisions --cv 5 --predictions out/cv
	$(BIN)/python scripts/score_predictions.py ../shared/realworld out/cv

# Rewrite the checked-in expected records on purpose, after reviewing `extractor diff`.
golden: $(STAMP)
	$(BIN)/extractor extract fixtures/pages/*.html -o fixtures/expected.jsonl

# The diff review page in a real browser: installs Debian's chromium when missing (needs root), then
# renders a review of 120+ changes headless and checks what is on screen.
review-check: $(STAMP)
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	$(BIN)/python -m pytest -q tests/test_review_page.py

# The figures page in a real browser (installs Debian's chromium when missing, needs root): charts drawn,
# filters, a 10,000-claim page; leaves out/figures-page.png, the screenshot the README shows.
figures-check: $(STAMP)
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	$(BIN)/python -m pytest -q tests/figures/test_figures_page.py

lint: $(STAMP)
	$(BIN)/ruff check extractor tests benchmarks scripts

clean:
	rm -rf out .extractor-cache
