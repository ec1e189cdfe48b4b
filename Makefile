# Two commands on a fresh machine (Python 3.11, make, git): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format install demo clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Migrate, load reference and demo data (idempotent), run the scheduled jobs and serve
## http://127.0.0.1:8000 on SQLite.
run: $(STAMP)
	$(BIN)/anjian migrate --noinput
	$(BIN)/anjian load-reference
	$(BIN)/anjian demo
	$(BIN)/anjian jobs run & JOBS=$$!; trap "kill $$JOBS" EXIT; $(BIN)/anjian runserver $(HOST)

## ruff, then the whole pytest suite (PostgreSQL when reachable, else SQLite).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache
