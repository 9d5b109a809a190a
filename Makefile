# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := backend.wsgi

.PHONY: run test install db demo clean translations screenshots

$(BIN)/activate: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
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

# Migrate the database, load the reference data and the Maassluis demo (once), then serve the API with one job
# worker beside it, in the same process group: Ctrl-C stops both, and the worker stops when the server does.
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask load-reference-data
	$(BIN)/flask seed-demo
	$(BIN)/flask worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; $(BIN)/flask serve-dev

# The whole suite at the real hour (on PostgreSQL alone when DOEMEE_TEST_DATABASE_URL is set, else on SQLite), then
# on SQLite with the clock at 03:00 and at 14:00 Amsterdam time, the two side by side (one core each): a test that
# depends on the hour fails here, whenever CI runs. So every database test runs on PostgreSQL at the real hour and on
# SQLite at both clock hours. The clock runs leave out the real-browser tests (their server keeps real time), the
# slow schemathesis sweep and the Redis test of rate limits across workers (it empties its Redis database).
# `make test CLOCK_RUNS=` skips the clock runs.
CLOCK_RUNS ?= 03:00 14:00

test: install
	DOEMEE_TEST_BACKENDS=$(if $(DOEMEE_TEST_DATABASE_URL),postgresql,sqlite) $(BIN)/python -m pytest $(PYTEST_ARGS)
	CLOCK_RUNS="$(CLOCK_RUNS)" PYTEST_ARGS="$(PYTEST_ARGS)" tests/clock_runs.sh $(BIN)/python

# Phone-size screenshots of the pages (docs/screenshots/, shown in README), taken by the browser tests.
screenshots: install
	DOEMEE_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser

clean:
	rm -rf $(VENV) instance *.egg-info backend/translations/*/LC_MESSAGES/*.mo
