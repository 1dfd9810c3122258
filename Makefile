# The project's vocabulary. `make run` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium

.PHONY: narration-tools run test test-fast test-setup lint format check install install-dev translations migrate reslug seed browser axe bench-seed bench-search bench-admin bench-pages clean rum

# Links the portal writes (API, sitemap, feeds, canonical, e-mails) name the address it is
# served at: BASE_URL, and the default Site set from it (portal.links).
BASE_URL ?= http://127.0.0.1:$(PORT)
run: install translations migrate reslug narration-tools seed  ## Serve the demo portal on http://127.0.0.1:$(PORT) (DEBUG off: DEBUG=true for Django's debug pages)
	BASE_URL=$(BASE_URL) $(MANAGE) sync_default_site
	$(MANAGE) ensure_search_index
	BASE_URL=$(BASE_URL) $(MANAGE) runserver 127.0.0.1:$(PORT)

# One process by default. TEST_WORKERS=2 spreads the suite over pytest-xdist workers (the
# stack tests stay together on one, as they share one started stack); not yet reliable with
# the browser tests' event loop and transactional tests in the same worker.
TEST_WORKERS ?= 0
XDIST := $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadgroup,)
test: test-setup  ## The whole suite (DATABASE_URL picks the database)
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest $(XDIST)

# The edit-test loop: everything but the browser tests (tests/browser) and the stack tests.
test-fast: install-dev translations  ## The suite without browser and stack tests
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest $(XDIST) -m "not browser and not stack"

test-setup: install-dev translations browser axe stack-tools narration-tools  ## What the suite needs installed

lint: install-dev  ## ruff (lint, formatting) and the import contracts of .importlinter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-dev translations migrate  ## Django checks, migrations in step, translations complete (screens too)
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) translation_coverage

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

translations: install  ## Compile the Vietnamese catalogues (.po → .mo)
	$(MANAGE) compile_translations

migrate: install
	$(MANAGE) migrate --noinput

# Pages slugged by the old slugify_vi ("20202025"): new slugs and redirects, before the seed
# looks its pages up by slug (docs/reader-defects.md).
reslug: install
	$(MANAGE) reslug_pages

seed: install  ## Demo data (idempotent: a second run changes nothing)
	$(MANAGE) seed_demo

# Listening to articles: espeak-ng (Vietnamese voices) and lame (MP3), from Debian.
narration-tools:
	@command -v espeak-ng >/dev/null && command -v lame >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng lame >/dev/null; \
	  else \
	    echo "Narration needs espeak-ng and lame: sudo apt-get install espeak-ng lame"; \
	  fi; }

# Browser tests drive Debian's chromium (Playwright cannot download its own browser here).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; \
	  fi; }

# axe-core (accessibility checks in tests/browser), pinned by package-lock.json.
axe: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench-seed: install  ## Time seed_demo --articles 10000 on a fresh SQLite file; bench-results/bench-seed.txt
	rm -f bench-seed.sqlite3
	mkdir -p bench-results
	DATABASE_URL=sqlite:///bench-seed.sqlite3 $(MANAGE) migrate --noinput -v0
	DATABASE_URL=sqlite:///bench-seed.sqlite3 /usr/bin/time -v $(MANAGE) seed_demo --articles 10000 --documents 100 2>&1 | tee bench-results/bench-seed.txt | grep -E "ready in|Maximum resident|Elapsed"
	rm -f bench-seed.sqlite3

# Admin explorer and dashboard for a unit editor, 100 units and 100,000 pages (a few minutes).
# BENCH_DATABASE_URL=postgres://… measures on an empty PostgreSQL database instead.
bench-admin: install translations  ## Time the admin for unit editors; figures in bench-results/bench-admin.txt
	rm -f bench-admin.sqlite3*
	DATABASE_URL=$${BENCH_DATABASE_URL:-sqlite:///bench-admin.sqlite3} $(BIN)/python benchmarks/bench_admin.py
	rm -f bench-admin.sqlite3*

bench-pages: install  ## Page speed under gunicorn, uncached and cached (BENCH_ARTICLES, default 100000)
	BIN=$(BIN) benchmarks/pages.sh

clean:
	rm -rf $(VENV) db.sqlite3 media static_collected .pytest_cache var/search-index

BENCH_ARTICLES ?= 100000
BENCH_DOCUMENTS ?= 20000
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench_search
# The RUM extension, only for the benchmark's RUM floor (the portal does not use it: docs/search.md).
rum:
	@ls /usr/share/postgresql/*/extension/rum.control >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-rum >/dev/null || true; \
	  else \
	    echo "No RUM floor: sudo apt-get install postgresql-15-rum"; \
	  fi; }

bench-search: install rum  ## Search per backend (database, tantivy; RUM floor on PostgreSQL): bench-results/search.txt
	rm -f bench-search.sqlite3*
	DATABASE_URL=sqlite:///bench-search.sqlite3 $(MANAGE) migrate --noinput -v0
	DATABASE_URL=sqlite:///bench-search.sqlite3 BENCH_ARTICLES=$(BENCH_ARTICLES) BENCH_DOCUMENTS=$(BENCH_DOCUMENTS) $(BIN)/python benchmarks/search.py
	rm -f bench-search.sqlite3*
	psql "$(BENCH_PG_URL)" -c "SELECT 1" >/dev/null 2>&1 || psql "$(dir $(BENCH_PG_URL))postgres" -c "CREATE DATABASE $(notdir $(BENCH_PG_URL))"
	DATABASE_URL=$(BENCH_PG_URL) $(MANAGE) migrate --noinput -v0
	DATABASE_URL=$(BENCH_PG_URL) BENCH_ARTICLES=$(BENCH_ARTICLES) BENCH_DOCUMENTS=$(BENCH_DOCUMENTS) $(BIN)/python benchmarks/search.py

.PHONY: audit
audit: install-dev  ## Known vulnerabilities in the pinned requirements (pip-audit; .pip-audit-ignore)
	$(BIN)/python -m portal.dependency_audit requirements.txt
# --- Scale-out (issue #9): the production stack, started by the tests and benchmarks -------
.PHONY: stack-tools wrk test-stack soak bench-edge
# Varnish, redis-server and nginx from Debian when missing (root installs them, as for chromium);
# PostgreSQL's server binaries (initdb, pg_ctl in /usr/lib/postgresql/*/bin) must be there.
stack-tools:
	@missing=""; \
	command -v varnishd >/dev/null || test -x /usr/sbin/varnishd || missing="$$missing varnish"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The stack tests need:$$missing (sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
	  { echo "The stack tests need PostgreSQL's server binaries (initdb, pg_ctl)"; exit 1; }

wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "The benchmarks need wrk: sudo apt-get install wrk"; exit 1; \
	  fi; }

test-stack: install-dev translations stack-tools  ## Only the stack tests (two app servers, Varnish, faults)
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest -m stack

soak: install-dev translations stack-tools  ## 10 minutes of mixed traffic (SOAK_SECONDS, SOAK_RATE); bench-results/soak.txt
	$(BIN)/python benchmarks/soak.py

bench-edge: install-dev translations stack-tools wrk  ## Cached pages through Varnish beside a static file of the same size; bench-results/edge.txt
	$(BIN)/python benchmarks/edge.py
