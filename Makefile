# The two commands of the README, and what they need. Everything installs into .venv
# from the pinned requirements.lock; system packages come from .ci/apt-packages.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

VENDOR := shared/webui/static/vendor
TRANSLATIONS := shared/webui/translations
CATALOGUES := $(TRANSLATIONS)/fr/LC_MESSAGES/messages.mo
PAGES := $(VENDOR)/.installed $(CATALOGUES)

.PHONY: start test lint lock bench system-packages assets translations

start: $(VENV)/installed $(PAGES)
	$(BIN)/shortlist start

test: $(VENV)/installed $(PAGES)
	@$(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no tests: that is a failure"; exit 1; fi; \
	exit $$status

lint: $(VENV)/installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

$(VENV)/installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# The pages' CSS and JavaScript libraries, pinned in package-lock.json, copied where the
# services serve them from; axe-core stays in node_modules for the browser tests.
assets: $(PAGES)

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/@picocss/pico/css/pico.min.css node_modules/@picocss/pico/LICENSE.md \
		node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/htmx.org/LICENSE $(VENDOR)/htmx.LICENSE
	touch $@

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(VENV)/installed
	$(BIN)/pybabel compile -d $(TRANSLATIONS) -l $*

# After adding texts to pages: collect them and add them to each language's catalogue.
translations: $(VENV)/installed
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --project shortlist \
		-o $(TRANSLATIONS)/messages.pot services shared
	$(BIN)/pybabel update --width 100 -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

# Re-pin every dependency after editing pyproject.toml.
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock

system-packages:
	@if [ -s .ci/apt-packages.txt ]; then \
		apt-get update -qq && xargs -a .ci/apt-packages.txt apt-get install -y -qq --no-install-recommends; \
	fi
