# The README's first two commands: `make demo` and `make test`. Both start from a bare python3.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck pytest bench clean readme-map

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/meetup demo
	@echo "(the command is $(BIN)/meetup; '. $(BIN)/activate' puts it on your PATH)" >&2

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

# The whole suite on SQLite (with the team tests against a throw-away PostgreSQL), then the
# command-line tests again on PostgreSQL (tests/pgserver.py starts the server).
PG_TESTS := tests/cli tests/services tests/maps tests/test_hostile_files.py tests/test_hostile_input.py \
	tests/test_limits_restore.py

# Each run has its own temporary root (pytest's shared one is pruned by any other pytest run
# on the machine), removed when it ends; tests run on every core (pytest-xdist).
# The place index and road network are made once for both runs, in the run's own folder.
pytest: $(VENV)/.installed-test
	base=$$(mktemp -d "$${TMPDIR:-/tmp}/meetup-pytest.XXXXXX") \
	  && export MEETUP_TEST_CACHE="$$base/cache" \
	  && $(BIN)/pytest -q -n auto --basetemp="$$base/sqlite" \
	  && MEETUP_TEST_ENGINE=postgres $(BIN)/pytest -q -n auto --basetemp="$$base/postgres" \
	     -m "not browser" $(PG_TESTS); \
	  status=$$?; rm -rf "$$base"; exit $$status

test: lint typecheck pytest

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py

# The README's picture: the demo's trip, drawn by `meetup map`, in a throwaway database.
readme-map: $(VENV)/.installed
	tmp=$$(mktemp -d) && $(BIN)/meetup --db $$tmp/demo.db demo > /dev/null \
	  && $(BIN)/meetup --db $$tmp/demo.db map --trip "Tennessee road trip" -o docs/demo-trip.svg; \
	  status=$$?; rm -rf $$tmp; exit $$status

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
