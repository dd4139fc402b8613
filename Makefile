# Two commands do all set-up: `make poster` builds the default poster into output/,
# `make test` runs the whole suite. Both create .venv and install what is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: poster test setup system bench clean

poster: setup
	$(BIN)/posterbuild build

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/build.py

setup: system $(STAMP)

system:
	@PYTHON=$(PYTHON) sh tools/ensure-system.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) output/*.pdf output/*/
