# Everything a fresh machine needs: `make build` builds the sample site, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check
# One stamp per lock: `make build` installs only what building needs (requirements/build.lock),
# `make test` adds the test and benchmark tools (requirements/test.lock) once, on top of it.
BUILD_ENV := $(VENV)/.installed-build
TEST_ENV := $(VENV)/.installed-test
# Refreshing the locks (README, "Installing"): pip-tools' pip-compile, with these options.
LOCK_COMPILER ?= pip-compile
LOCK_OPTIONS := --generate-hashes --allow-unsafe --all-build-deps --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: build check serve test test-fast lint browser bench bench-quick clean lock new-story new-job new-person

# Every package from the lock, hash-checked; then the project itself, editable, without
# dependencies and built by the locked setuptools.
$(BUILD_ENV): pyproject.toml requirements/build.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --require-hashes -r requirements/build.lock
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	touch $@

$(TEST_ENV): $(BUILD_ENV) requirements/test.lock
	$(PIP_INSTALL) --require-hashes -r requirements/test.lock
	touch $@

# The whole development environment, by the name the team's notes use (`make .venv/.installed`).
$(VENV)/.installed: $(TEST_ENV)
	touch $@

build: $(BUILD_ENV)
	$(PY) -m generator build

check: $(BUILD_ENV)
	$(PY) -m generator check --links

# Scaffold a source file: `make new-story ARGS='--title "..." --summary "..."'`; without ARGS,
# in a terminal, the command asks for each required value (see README).
new-story new-job new-person: $(BUILD_ENV)
	$(PY) -m generator new $(@:new-%=%) $(ARGS)

serve: $(BUILD_ENV)
	$(PY) -m generator serve --dev-addr 127.0.0.1:8000

# Browser tests drive Debian's chromium (never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: $(TEST_ENV)
	$(VENV)/bin/ruff check generator tests bench

test: $(TEST_ENV) browser lint
	$(PY) -m pytest -q -n 2

# The engine's tests without a browser or many builds, on both cores: under a minute.
test-fast: $(TEST_ENV) lint
	$(PY) -m pytest -q -m "not slow" -n 2

# Issue 11's benchmark at 20,000 jobs / 2,000 stories (tens of minutes; BENCH_ARGS="--rounds 3
# --json bench.json" for more); `make bench-quick` runs it at 1,000 jobs.
bench: $(TEST_ENV)
	$(PY) -m bench --sizes 20000 $(BENCH_ARGS)

bench-quick: $(TEST_ENV)
	$(PY) -m bench --sizes 1000 $(BENCH_ARGS)

# Re-resolve both locks from pyproject.toml, keeping every pin that still fits its range;
# `make lock LOCK_ARGS=--upgrade` takes the newest releases instead.
lock:
	$(LOCK_COMPILER) $(LOCK_OPTIONS) $(LOCK_ARGS) -o requirements/build.lock pyproject.toml
	$(LOCK_COMPILER) $(LOCK_OPTIONS) $(LOCK_ARGS) --extra test --extra bench \
		-c requirements/build.lock -o requirements/test.lock pyproject.toml

clean:
	rm -rf site
