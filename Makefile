# The two commands of the README, and what they need. Everything installs into .venv
# from the pinned requirements.lock; system packages come from .ci/apt-packages.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: start test lint lock bench system-packages

start: $(VENV)/installed
	$(BIN)/shortlist start

test: $(VENV)/installed
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

# Re-pin every dependency after editing pyproject.toml.
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock

system-packages:
	@if [ -s .ci/apt-packages.txt ]; then \
		apt-get update -qq && xargs -a .ci/apt-packages.txt apt-get install -y -qq --no-install-recommends; \
	fi
