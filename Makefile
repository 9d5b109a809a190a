# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := backend.wsgi

.PHONY: run test install db demo clean

$(BIN)/activate: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/activate

install: $(BIN)/activate

# Migrate the embedded SQLite database, load the reference data and the Maassluis demo (once), then serve
# the API with the scheduler in the same process (development only).
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask load-reference-data
	$(BIN)/flask seed-demo
	$(BIN)/flask serve-dev

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance *.egg-info
