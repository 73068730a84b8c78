# `make run` and `make test` each do their own set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint eval bench golden clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## Analyse everything in inputs/ into outputs/.
run: $(STAMP)
	$(BIN)/pipeline run inputs -o outputs

## Run the test suite (PYTEST_ARGS=--slow adds the slow group: process pools, Dask, kill loops,
## the browser and the quality gate; CI runs it).
PYTEST_ARGS ?=
test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

## Lint and format check (ruff), type check (mypy, strict on pipeline/).
lint: $(STAMP)
	$(BIN)/ruff check pipeline tests benchmarks scripts
	$(BIN)/ruff format --check pipeline tests benchmarks scripts
	$(BIN)/mypy

## Print every evaluation figure on ../shared/data (when present).
eval: $(STAMP)
	$(BIN)/pipeline eval extraction ../shared/data/articles-html
	$(BIN)/pipeline eval structure ../shared/data/noisy-text
	$(BIN)/pipeline eval entities ../shared/data/entities/eng.testb.conll
	$(BIN)/pipeline eval dates ../shared/data/dates
	$(BIN)/pipeline eval flags --all ../shared/data
	$(BIN)/pipeline eval neutral ../shared/data/neutral-wording/pairs.tsv
	$(BIN)/pipeline eval summary ../shared/data/summaries/dev.jsonl
	$(BIN)/pipeline eval summary ../shared/data/summaries/cnndm-dev.jsonl --sentences 3
	$(BIN)/pipeline eval gate ../shared/data

## Regenerate the golden files under tests/golden/.
golden: $(STAMP)
	$(BIN)/python -m pytest -q tests/test_golden.py tests/test_markdown.py tests/test_docs.py tests/test_diff.py tests/test_report.py --update-golden

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

## Batch benchmark (prints figures; not a test).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_batch.py --articles 1000
