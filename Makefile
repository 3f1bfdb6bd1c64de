# Everything a fresh machine needs: `make build` builds the sample site, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: build check serve test test-fast lint browser bench clean new-story new-job new-person

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

build: $(INSTALLED)
	$(PY) -m generator build

check: $(INSTALLED)
	$(PY) -m generator check --links

# Scaffold a source file: `make new-story ARGS='--title "..." --summary "..."'`; without ARGS,
# in a terminal, the command asks for each required value (see README).
new-story new-job new-person: $(INSTALLED)
	$(PY) -m generator new $(@:new-%=%) $(ARGS)

serve: $(INSTALLED)
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# Browser tests drive Debian's chromium (never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: $(INSTALLED)
	$(VENV)/bin/ruff check generator tests bench

test: $(INSTALLED) browser lint
	$(PY) -m pytest -q

# The engine's tests without a browser or many builds, on both cores: under a minute.
test-fast: $(INSTALLED) lint
	$(PY) -m pytest -q -m "not slow" -n 2

bench: $(INSTALLED)
	$(PY) -m bench

clean:
	rm -rf site
