# Two commands on a fresh machine (Python 3.11, make, git): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format typecheck install demo clean bench

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

## mypy, strict, over the typed kit (what `[tool.mypy]` makes strict in core). Modules it
## imports that are still being typed are followed silently: their errors are theirs.
TYPED_KIT := anjian/cli.py anjian/settings.py anjian/core/imports anjian/core/testing \
	anjian/core/models anjian/core/management anjian/core/access.py anjian/core/audit.py \
	anjian/core/context_processors.py anjian/core/crypto.py anjian/core/errors.py \
	anjian/core/jobs.py anjian/core/lists.py anjian/core/middleware.py \
	anjian/core/navigation.py anjian/core/pagination.py anjian/core/roles.py \
	anjian/core/scope.py anjian/core/spreadsheets.py anjian/core/statistics.py \
	anjian/core/tasks.py anjian/core/uploads.py anjian/core/validators.py \
	anjian/core/workdays.py anjian/core/workflows.py

typecheck: $(STAMP)
	ANJIAN_TEST_DATABASE_URL=sqlite:// $(BIN)/mypy --follow-imports=silent $(TYPED_KIT)

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache
