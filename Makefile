# Harbor: two commands on a fresh machine.
#   make run   set up .venv from requirements.txt and serve the app at http://127.0.0.1:8501
#   make test  set up dev tools (and, as root, Chromium + PostgreSQL + npm), axe-core from npm,
#              then ruff and pytest

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# axe-core for the accessibility browser tests, from npm, pinned; kept out of git (.axe/).
AXE_VERSION := 4.14.1
AXE_STAMP := .axe/.axe-core-$(AXE_VERSION)

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

$(AXE_STAMP): | system-deps
	@command -v npm >/dev/null || { echo "npm is missing (apt-get install npm)"; exit 1; }
	npm install --no-save --no-audit --no-fund --loglevel=error --prefix .axe axe-core@$(AXE_VERSION)
	@touch $@

test: $(VENV)/.dev-installed system-deps $(AXE_STAMP)
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
	rm -rf $(VENV) .pytest_cache .ruff_cache .axe
