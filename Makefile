# Zhengxian: `make demo` brings up the demo, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
UV_CACHE_DIR ?= $(CURDIR)/.uv-cache
export UV_CACHE_DIR
UV := $(PYTHON) -m uv
VENV_PY := .venv/bin/python
PYTEST_ARGS ?=

.PHONY: demo test test-pg setup python-deps frontend-deps browser-deps lint messages bench bench-preset screenshots clean

# The background worker (imports, exports, scoring, circulars, digests) runs beside the web
# server; Ctrl-C stops both.
demo: setup
	$(VENV_PY) manage.py migrate --noinput
	$(VENV_PY) manage.py load_demo
	@$(VENV_PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(VENV_PY) manage.py runserver 127.0.0.1:8000

setup: python-deps frontend-deps

python-deps:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --locked --quiet

frontend-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Browser tests need Chromium and CJK fonts; as root we install them from Debian.
browser-deps:
	@bash scripts/ensure-browser.sh

test: setup browser-deps
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

test-pg: setup browser-deps
	bash scripts/with-postgres.sh $(VENV_PY) -m pytest $(PYTEST_ARGS)

lint: python-deps
	$(VENV_PY) -m ruff check .
	$(VENV_PY) -m ruff format --check .
	$(VENV_PY) -m mypy zhengxian config

# Run from the top so that config/ is scanned too and the references stay stable.
MESSAGES_IGNORE := --ignore='.venv/*' --ignore='node_modules/*' --ignore='var/*' --ignore='test-artifacts/*'
messages: python-deps
	$(VENV_PY) manage.py makemessages -l zh_Hans -l en --no-obsolete $(MESSAGES_IGNORE)
	$(VENV_PY) manage.py compilemessages --ignore='.venv/*' --ignore='node_modules/*'

bench: setup
	$(VENV_PY) bench/score_period.py

bench-preset: setup
	$(VENV_PY) bench/score_preset.py

# The user guide's pictures are the browser tests' screenshots.
screenshots: setup browser-deps
	$(VENV_PY) -m pytest -q tests/browser
	cp test-artifacts/screenshots/*.png docs/guide/img/

clean:
	rm -rf .venv node_modules var test-artifacts .pytest_cache
