# The front door: `make run` serves, `make test` runs the whole suite.
# Each target creates .venv and installs what it needs from the lock files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1
# Local development: the demo form's usual dev-server origins may call the API.
# Production (the Dockerfile) leaves ELIGIBILITY_CORS_ORIGINS unset: no origin may.
DEV_CORS_ORIGINS := http://localhost:3000,http://127.0.0.1:3000
POSTCODE_SOURCES := tools/postcode-sources/node_modules/.installed

.PHONY: drain-check docs-examples postcodes postcode-sources tax-ids market-names market-currencies help install install-dev run test lint spec-lint node redis check openapi lock image-check browser bench profile soak batch-loop wrk clean realdata us-zips

help:
	@echo "make run          serve on $(HOST):$(PORT) (HOST=, PORT=, WORKERS= to change)"
	@echo "make test         run the test suite"
	@echo "make lint         ruff and mypy --strict"
	@echo "make check        lint, then test"
	@echo "make install      create .venv with what make run needs"
	@echo "make install-dev  create .venv with what make test needs"
	@echo "make clean        remove .venv, caches and npm packages"
	@echo "make openapi      regenerate openapi/openapi.json"
	@echo "make docs-examples rewrite the answers the README's and docs' curl examples show"
	@echo "make spec-lint    Redocly's recommended lint of openapi/openapi.json (npm, pinned)"
	@echo "make lock         recompile requirements/*.txt from pyproject.toml"
	@echo "make image-check  prove the Dockerfile's steps in a fresh venv"
	@echo "make bench        server CPU per request of each check against a bare floor and its limit (wrk)"
	@echo "make profile      where each check's time goes, in-process (framework, library, ours)"
	@echo "make soak         SOAK_SECONDS of mixed valid/invalid load: no 5xx, RSS growth < 5%"
	@echo "make drain-check  requests lost on SIGTERM behind a balancer, without and with a drain"
	@echo "make batch-loop   /healthz latency while 8 clients send 1,000-item batches (p99 < 20 ms)"
	@echo "make browser      install Debian's chromium for the demo page's browser test"
	@echo "make redis        install Debian's redis-server for the shared rate-limit test"
	@echo "make wrk          install Debian's wrk for make bench"
	@echo "make node         install Debian's nodejs and npm for spec-lint and postcode-sources"
	@echo "make postcode-sources install the pinned npm postcode packages (tools/postcode-sources)"
	@echo "make realdata     pytest -m realdata: the rules on real data (docs/realdata*.md)"
	@echo "make us-zips      regenerate data/postcodes/us_zips.tsv.gz from the zipcodes package"
	@echo "make postcodes    regenerate data/postcodes/<cc>.tsv.gz from their sources (lists.json)"
	@echo "make tax-ids      regenerate data/tax_ids.json from python-stdnum"
	@echo "make market-names regenerate src/eligibility/i18n/market_names.toml (names in a sentence)"
	@echo "make market-currencies regenerate data/market_currencies.json from CLDR (Babel)"

$(VENV)/.python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/.runtime: $(VENV)/.python requirements/runtime.txt pyproject.toml
	$(BIN)/pip install --quiet --require-hashes -r requirements/runtime.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements/dev.txt requirements/dask.txt requirements/postcode-sources.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/dask.txt
	# Postcode registers read as files (derive/postcode_codes.py): not their dependencies.
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/postcode-sources.txt
	touch $@

$(VENV)/.realdata: $(VENV)/.dev requirements/realdata.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements/realdata.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: $(VENV)/.runtime
	ELIGIBILITY_CORS_ORIGINS="$${ELIGIBILITY_CORS_ORIGINS-$(DEV_CORS_ORIGINS)}" \
	$(BIN)/eligibility serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

test: $(VENV)/.dev
	$(BIN)/pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench derive tools
	$(BIN)/ruff format --check src tests bench derive tools
	$(BIN)/mypy

check: lint test

# Redocly CLI at the version tools/redocly/package-lock.json pins; fails on any error.
REDOCLY := tools/redocly/node_modules/.bin/redocly
$(REDOCLY): tools/redocly/package.json tools/redocly/package-lock.json | node
	npm ci --prefix tools/redocly --no-audit --no-fund --loglevel=error
	touch $@

spec-lint: $(REDOCLY)
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
		$(REDOCLY) lint --config redocly.yaml openapi/openapi.json

# Debian's Node.js and npm, for the spec lint.
node:
	@command -v npm >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }

openapi: $(VENV)/.runtime
	$(BIN)/eligibility openapi --output openapi/openapi.json

# Rewrite the answers shown after each `$ curl` example in README.md and docs/ (tests/test_docs.py).
docs-examples: $(VENV)/.dev
	$(BIN)/python -m derive.docs_examples --write

lock: $(VENV)/.dev
	$(BIN)/pip install --quiet uv==0.13.8
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 -q -o requirements/runtime.txt
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --universal --python-version 3.11 -q -o requirements/dev.txt
	$(BIN)/uv pip compile pyproject.toml --group realdata --generate-hashes --universal --python-version 3.11 -q -o requirements/realdata.txt
	$(BIN)/uv pip compile requirements/postcode-sources.in --no-deps --generate-hashes --universal --python-version 3.11 -q -o requirements/postcode-sources.txt
	# The dask extra is installed beside dev: the packages they share keep dev's pins.
	sed 's/ *\\$$//; s/ *;.*//' requirements/dev.txt | grep -E '^[A-Za-z0-9_.-]+==' > .venv/dev-pins.txt
	$(BIN)/uv pip compile pyproject.toml --extra dask --generate-hashes --universal --python-version 3.11 -q -c .venv/dev-pins.txt -o requirements/dask.txt

# The address rules over real postcode lists (docs/realdata.md); fails on a false error
# where the rules make a disagreement an error, or on a territory let through. Then the
# postcode lists' own checks (existence, place, region) against second sources
# (docs/realdata_postcodes.md). Then the quote's currency rules over every ISO 4217 code
# (docs/realdata_pricing.md); then the tax ID check over python-stdnum's real numbers
# (docs/realdata_tax_ids.md). Tests behind the realdata marker (tests/realdata/), which the
# default run leaves out; each writes its report and fails as the scripts did.
realdata: $(VENV)/.realdata $(POSTCODE_SOURCES)
	$(BIN)/pytest -m realdata -s tests/realdata

# Regenerate src/eligibility/i18n/market_names.toml (how each market's name reads in a sentence).
market-names: $(VENV)/.runtime
	$(BIN)/python -m derive.market_grammar

# Regenerate data/market_currencies.json from the Unicode CLDR's currencies (Babel).
market-currencies: $(VENV)/.dev
	$(BIN)/python -m derive.market_currencies

# Regenerate data/tax_ids.json from the table in derive/tax_ids.py and python-stdnum.
tax-ids: $(VENV)/.dev
	$(BIN)/python -m derive.tax_ids

# The npm packages that postcode lists are derived from or measured against, at the
# versions tools/postcode-sources/package-lock.json pins (POSTCODE_SOURCES, at the top).
$(POSTCODE_SOURCES): tools/postcode-sources/package.json tools/postcode-sources/package-lock.json | node
	npm ci --prefix tools/postcode-sources --no-audit --no-fund --loglevel=error
	touch $@
postcode-sources: $(POSTCODE_SOURCES)

# Regenerate data/postcodes/<cc>.tsv.gz from their sources (data/postcodes/lists.json).
postcodes: $(VENV)/.dev $(POSTCODE_SOURCES)
	$(BIN)/python -m derive.postcodes
	$(BIN)/python -m derive.postcode_codes
	$(BIN)/python -m derive.geonames

# Regenerate data/postcodes/us_zips.tsv.gz from the zipcodes package.
us-zips: $(VENV)/.dev
	$(BIN)/python -m derive.us_zips

image-check:
	PYTHON=$(PYTHON) tools/image_check.sh

# BENCH_SECONDS per endpoint (default 5) in BENCH_ROUNDS interleaved rounds (default 3);
# loopback only, bounded in time.
bench: $(VENV)/.dev wrk
	$(BIN)/python -m bench

# In-process, no server: each check's time split into framework, decoding, the library's
# work, ours and encoding (docs/performance.md).
profile: $(VENV)/.dev
	$(BIN)/python -m bench.profile

# SOAK_SECONDS (default 30) of mixed load on loopback; fails on a 5xx or RSS growth >= 5%.
soak: $(VENV)/.dev wrk
	$(BIN)/python -m bench.soak

# Requests lost on SIGTERM behind a balancer polling /readyz, without and with a drain (~15 s).
drain-check: $(VENV)/.dev
	$(BIN)/python -m bench.drain

# /healthz p50/p99 while 8 clients post 1,000-item batches to 2 workers (loopback, ~30 s).
batch-loop: $(VENV)/.dev
	$(BIN)/python -m bench.batch_loop

# Debian's wrk, the load generator of bench and soak.
wrk:
	@command -v wrk >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

# Debian's redis-server, for the shared rate-limit tests (tests/test_operations_server.py).
redis:
	@command -v redis-server >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server >/dev/null; }
	@redis-server --version

browser:
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@chromium --version 2>/dev/null

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tools/redocly/node_modules \
		tools/postcode-sources/node_modules
