# archkit: two commands set everything up on a fresh machine.
#   make demo   create .venv, install, run the example workspace
#   make test   the whole test suite, notebooks included (nbval)
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.archkit-installed
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: setup system-deps demo test test-fast test-browser lint lab app bench notebooks docs clean help

help:
	@echo "make demo    set up .venv and run archkit on the example workspace"
	@echo "make test    run every test, notebooks included"
	@echo "make lab     open JupyterLab on notebooks/"
	@echo "make bench   run the benchmarks under benchmarks/"
	@echo "make lint    ruff over archkit/, tests/ and benchmarks/"
	@echo "make docs    regenerate docs/rules.md and docs/schema-rules.md from the rules' code"
	@echo "make app NB=02-trade-offs   a notebook as a Voila web app"

setup: $(STAMP) system-deps

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

system-deps:
	@bash scripts/system-deps.sh graphviz

demo: setup
	@test -d build/demo || $(VENV)/bin/archkit init build/demo --example shopfront >/dev/null
	@$(VENV)/bin/archkit run build/demo --out build/demo-out; rc=$$?; \
	  if [ $$rc -gt 1 ]; then exit $$rc; fi; \
	  echo; echo "Wrote build/demo-out/ (start with build/demo-out/summary.md)."; \
	  if [ $$rc -eq 1 ]; then echo "The example has real design problems on purpose: exit code 1 means findings."; fi; \
	  echo "Next: 'make lab' opens the notebooks, starting with notebooks/00-start-here.ipynb."

test: setup
	@bash scripts/system-deps.sh chromium adr-tools
	$(PY) -m pytest $(NBVAL) $(PYTEST_ARGS)

# unit tests only, no notebooks and no browser
test-fast: setup
	@bash scripts/system-deps.sh adr-tools
	$(PY) -m pytest tests -m "not browser" $(PYTEST_ARGS)

# the widget tests in a real Chromium only
test-browser: setup
	@bash scripts/system-deps.sh chromium
	$(PY) -m pytest tests -m browser $(PYTEST_ARGS)

# ruff with the rule set pinned in pyproject.toml ([tool.ruff.lint])
lint: setup
	$(VENV)/bin/ruff check archkit tests benchmarks

# JupyterLab on the repository (notebooks/ and build/demo side by side), opening
# notebook 00; make lab WS=path/to/workspace runs it on yours (ARCHKIT_WORKSPACE)
# (WS made absolute by the shell: a path with spaces, or ~ quoted, stays one path)
lab: setup
	@ws='$(subst ','\'',$(WS))'; \
	case "$$ws" in "~") ws="$$HOME";; "~/"*) ws="$$HOME/$${ws#"~/"}";; esac; \
	if [ -n "$$ws" ]; then export ARCHKIT_WORKSPACE="$$(realpath -ms -- "$$ws")"; fi; \
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb

# a notebook as a web app with live widgets: make app NB=02-trade-offs (or all notebooks)
app: setup
	$(VENV)/bin/voila notebooks/$(if $(NB),$(NB).ipynb) $(VOILA_ARGS)

bench: setup
	@set -e; for b in benchmarks/*_bench.py; do echo "== $$b"; $(PY) $$b; done

# re-execute every notebook in place (outputs are committed for nbval)
notebooks: setup
	@set -e; for nb in notebooks/[0-9]*.ipynb; do echo "== $$nb"; \
	  $(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.kernel_name=python3 "$$nb"; done

# the generated rule pages (tests/test_docs.py fails when they are stale)
docs: setup
	$(VENV)/bin/archkit rules --format markdown > docs/rules.md.tmp
	mv docs/rules.md.tmp docs/rules.md
	$(VENV)/bin/archkit rules --page schema > docs/schema-rules.md.tmp
	mv docs/schema-rules.md.tmp docs/schema-rules.md

clean:
	rm -rf build .pytest_cache
