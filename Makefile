# Two commands for a fresh clone with only Python 3.11+ installed:
#   make practice   set everything up and start a practice interview in the terminal
#   make resume     continue a paused one (ID=3 picks one of several)
#   make test       set everything up and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: setup practice resume test lint bench clean

$(BIN)/designdrill: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/designdrill
	$(BIN)/designdrill migrate

# Exit code 130 is Ctrl-C pausing the interview, not a failure for make to report.
practice: setup
	$(BIN)/designdrill practice || [ $$? -eq 130 ]

resume: setup
	$(BIN)/designdrill practice --resume $(ID) || [ $$? -eq 130 ]

lint: setup
	$(BIN)/ruff check bot storage tests bench
	$(BIN)/ruff format --check bot storage tests bench
	$(BIN)/mypy bot storage

test: lint
	$(BIN)/pytest -q -n 4

# Both benchmarks (scheduler tick and memory; thread replies under load); not part of `make test`.
bench: setup
	$(BIN)/python -m bench; tick=$$?; $(BIN)/python -m bench.load; load=$$?; exit $$((tick || load))

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache designdrill.db*
