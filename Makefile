# OneGo — the two commands are `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
# The first interpreter that really runs and is 3.11 or newer (a pyenv shim may exist for a version that is not active).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
FUZZ_EXAMPLES ?= 200
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run serve test lint typecheck migrations-check pytest fuzz bench messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "OneGo needs Python 3.11 or newer (python3 not found or too old)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "OneGo needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) ## Create .venv and install the locked dependencies

run: install ## Install, migrate, load demo data, serve on http://127.0.0.1:8000 with a worker and beat
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input -v0
	$(BIN)/python manage.py seed_demo --history
	$(BIN)/python manage.py rebuild_stats
	HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

test: install lint typecheck migrations-check pytest ## The whole suite: ruff, mypy, migrations check, pytest (unit, integration, browser)

lint: install ## ruff (rules and formatting) and the import contract (pyproject.toml [tool.importlinter])
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install ## mypy with django-stubs
	$(BIN)/mypy onego

migrations-check: install ## Fail when a model change has no migration
	$(BIN)/python manage.py makemigrations --check --dry-run

pytest: install ## Run pytest (exit code 5, no tests collected, is not a failure)
	@set +e; $(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi; exit $$rc

fuzz: install ## Fuzz the whole OpenAPI document longer (FUZZ_EXAMPLES=200 per operation and identity; make test runs 8)
	ONEGO_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -m fuzz -p no:cacheprovider onego/portal/tests/test_openapi_fuzz.py $(PYTEST_ARGS)

bench: install ## Benchmarks (bench/; BENCH=bench_x for one); installs the 'bench' extra, prints the numbers and the machine
	$(BIN)/python -m pip install --quiet -r requirements-bench.lock
	$(BIN)/python bench/run.py $(BENCH)

messages: install ## Refresh the English catalogue from the Chinese source strings and compile it (write new msgstrs in the .po)
	$(BIN)/python manage.py makemessages -l en --no-obsolete --no-location --ignore ".venv/*" --ignore "var/*" --ignore "tests/*"
	$(BIN)/python manage.py compilemessages -l en

clean: ## Remove the virtual environment (var/ keeps your data)
	rm -rf $(VENV)
