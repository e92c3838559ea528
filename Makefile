# qbank — `make run` to try it, `make test` before every commit.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests always run on Postgres; override DATABASE_URL to use another server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/qbank
# CI starts from a clean slate; locally the test databases are reused.
PYTEST_DB_FLAG := $(if $(CI),--create-db,--reuse-db)

.PHONY: install run migrate seed admin test lint format migrations-check messages pygments-css check-deploy clean bench-import bench-search bench-http bench-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt --group dev
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_bank

run: seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

admin: migrate
	$(BIN)/python manage.py createsuperuser

test: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/pytest $(PYTEST_DB_FLAG)

# Export 10,000 synthetic questions as JSON and import them into a fresh
# database (scratch databases next to DATABASE_URL's); figures in bench-import.txt.
bench-import: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python tests/bench/import_bench.py --output bench-import.txt

# Search speed at 10,000 and 100,000 questions versus an ILIKE scan, in a
# scratch database (qbank_bench) on the test server; a few minutes.
bench-search: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python tests/bench/search_bench.py $(BENCH_ARGS)

# wrk loads the HTTP benchmark (Debian's package).
bench-tools:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

# Public pages under load (gunicorn, 2 workers, DEBUG=0) at 10,000 and
# 100,000 questions, warm and cold, beside the issue's baseline, in a scratch
# database (qbank_bench_http) on the test server; about a quarter of an hour.
bench-http: install bench-tools
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python tests/bench/http_bench.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --no-wrap --no-location --ignore=.venv --ignore=staticfiles --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

pygments-css: install
	$(BIN)/pygmentize -S default -f html -a .highlight > static/css/pygments-light.css
	$(BIN)/pygmentize -S github-dark -f html -a .highlight > static/css/pygments-dark.css
	# The admin has its own theme switch (data-theme on <html>) besides the system's.
	{ $(BIN)/pygmentize -S default -f html -a 'html .highlight'; \
	  echo '@media (prefers-color-scheme: dark) {'; \
	  $(BIN)/pygmentize -S github-dark -f html -a 'html:not([data-theme="light"]) .highlight'; \
	  echo '}'; \
	  $(BIN)/pygmentize -S github-dark -f html -a 'html[data-theme="dark"] .highlight'; \
	} > static/css/admin-pygments.css

check-deploy: install
	DEBUG=0 SECRET_KEY=$${SECRET_KEY:-check-deploy-only-$$(date +%s)-not-a-real-secret-0123456789abcdef} ALLOWED_HOSTS=qbank.example \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
