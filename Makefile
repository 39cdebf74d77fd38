# Harbor: two commands on a fresh machine.
#   make run   set up .venv from requirements.txt and serve the app at http://127.0.0.1:8501
#   make test  set up dev tools (and, as root, Chromium + PostgreSQL), then ruff and pytest

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: run test lint format demo bench system-deps clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "Creating the virtual environment failed; on Debian: apt-get install python3-venv"; exit 1; }

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.runtime-installed
	$(PIP) -r requirements-dev.txt
	@touch $@

run: $(VENV)/.runtime-installed
	$(BIN)/streamlit run streamlit_app.py

system-deps:
	@bash .ci/system-deps.sh

test: $(VENV)/.dev-installed system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

demo: $(VENV)/.runtime-installed
	$(BIN)/python -m dashboard demo

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
