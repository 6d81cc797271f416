# `make run` and `make test` share one idempotent set-up: venv, Python packages, front-end bundle,
# compiled translations and database migrations. Each step re-runs only when its inputs change.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export HOST PORT

JS_SOURCES := $(shell find app/static/src -type f 2>/dev/null) app/static/build.mjs
PO_FILES   := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES   := $(PO_FILES:.po=.mo)

.PHONY: setup run test test-fast lint clean

setup: $(VENV)/.installed app/static/dist/.built $(MO_FILES) migrate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

app/static/dist/.built: node_modules/.installed $(JS_SOURCES)
	node app/static/build.mjs
	touch $@

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ --statistics 2>/dev/null || $(BIN)/pybabel compile -i $< -o $@

.PHONY: migrate
migrate: $(VENV)/.installed
	$(BIN)/flask db upgrade

run: setup
	$(BIN)/python wsgi.py

test: setup lint
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not e2e and not browser and not heavy"

lint: $(VENV)/.installed
	$(BIN)/flake8 app facilitation exports tests bench wsgi.py

clean:
	rm -rf $(VENV) node_modules app/static/dist instance .pytest_cache
