# Two commands do all set-up: `make poster` builds the default poster into output/,
# `make test` runs the whole suite. Both create .venv and install what is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
VIEWER := web/node_modules/.installed-stamp

.PHONY: poster test web bench fuzz clean

poster: $(STAMP)
	@PYTHON=$(PYTHON) sh tools/ensure-system.sh poster
	$(BIN)/posterbuild build

test: $(STAMP) $(VIEWER)
	@PYTHON=$(PYTHON) sh tools/ensure-system.sh test
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

web: $(STAMP) $(VIEWER)
	$(BIN)/posterbuild web -o output/web

bench: $(STAMP)
	$(BIN)/python benchmarks/build.py

$(STAMP): pyproject.toml
	@PYTHON=$(PYTHON) sh tools/ensure-system.sh poster
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

$(VIEWER): web/package.json web/package-lock.json
	@PYTHON=$(PYTHON) sh tools/ensure-system.sh web
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $(VIEWER)

clean:
	rm -rf $(VENV) web/node_modules output/*.pdf output/*/
