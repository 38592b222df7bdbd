# Two entry points: `make run` (set up, build the index if needed, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit browser-deps postgres-deps bench eval screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# torch first and pinned: the CPU build; unpinned, pip would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(STAMP)
	$(BIN)/faqbot serve

browser-deps:
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium for the widget's browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

postgres-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing Debian's postgresql for the question log's PostgreSQL tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) browser-deps postgres-deps lint typecheck
	$(BIN)/pytest

# The README's screenshots, from the browser tests (`make test` leaves tracked files alone).
screenshots: $(STAMP) browser-deps
	$(BIN)/pytest tests/browser --screenshots docs/screenshots

eval: $(STAMP)
	$(BIN)/faqbot eval

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) index/builds index/CURRENT .pytest_cache .mypy_cache .ruff_cache
