# Entry points. `make report` and `make test` install what they need first (into .venv, from uv.lock).
# Everything after the install runs offline.
PYTHON      ?= python3
UV_VERSION  := 0.13.9
COUNTRY     ?= Kazakhstan
VENV        := .venv
BIN         := $(VENV)/bin
# uv from PATH if present, else a pinned copy in .tools/ installed from PyPI with pip.
UV          := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
ARGS        ?=
PORT        ?= 8000
override PORT := $(value PORT)
# COUNTRY reaches the CLI through the environment, never through the shell's parsing of the recipe:
# a value with quotes, backticks or $(...) is passed as text.
# `override ... $(value ...)` keeps make itself from expanding it: COUNTRY='$(touch x)' stays that text.
override COUNTRY := $(value COUNTRY)
export COUNTRY

.PHONY: help install report test test-fast lint check lab bench bench-pdf audit clean preview
help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

.tools/bin/uv:
	@$(PYTHON) -m venv .tools || { echo "error: '$(PYTHON) -m venv' failed; on Debian: apt-get install python3-venv" >&2; exit 1; }
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# --compile-bytecode: site-packages gets its .pyc files now, once. Without them every process (the build,
# each kernel) compiles pandas, matplotlib and nbconvert again wherever PYTHONDONTWRITEBYTECODE is set,
# as in many containers: 5.5 s in the build process alone here, and more in each kernel.
# A .venv made in another checkout (this one copied with cp -r, or moved) runs that checkout's code on
# its data: every script's first line names the checkout it was made in. Such a .venv is made again.
VENV_HOME := $(shell sed -n '1s|^\#!\(.*\)/$(VENV)/bin/python.*|\1|p' $(BIN)/cicasco 2>/dev/null)
ifneq ($(VENV_HOME),)
ifneq ($(realpath $(VENV_HOME)),$(realpath $(CURDIR)))
.PHONY: $(BIN)/.installed
endif
endif
$(BIN)/.installed: pyproject.toml uv.lock Makefile | $(UV)
	@if [ -n "$(VENV_HOME)" ] && [ "$(realpath $(VENV_HOME))" != "$(realpath $(CURDIR))" ]; then \
	  echo "$(VENV) was made in $(VENV_HOME), not here (a copied or moved checkout): making it again" >&2; \
	  rm -rf $(VENV); fi
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

install: $(BIN)/.installed  ## create .venv from the lock file (uv sync --frozen)

report: install  ## build report/<slug>/ for COUNTRY (default Kazakhstan; COUNTRY=all builds every member); FORCE=1 rebuilds all; ARGS="--article all"
	$(BIN)/cicasco build --country "$$COUNTRY" $(if $(FORCE),--force) $(ARGS)

test: install lint  ## lint, then run the test suite (unit and integration)
	$(BIN)/pytest -n 2 $(ARGS)

test-fast: install  ## unit tests only (no report builds): the edit loop
	$(BIN)/pytest -n 2 -m "not integration" $(ARGS)

lint: install  ## ruff over the package, tests, notebooks and benchmarks
	$(BIN)/ruff check src tests notebooks bench
	$(BIN)/ruff format --check src tests bench

check: install  ## fast loop after a data edit: validate every file and run the claim checks
	$(BIN)/cicasco check

preview: export PORT := $(PORT)# reaches the CLI through the environment, like COUNTRY
preview: install  ## serve the report on PORT (default 8000); rebuilds on save, the page reloads itself
	$(BIN)/cicasco preview --country "$$COUNTRY" --port "$$PORT" $(ARGS)

lab: install  ## JupyterLab on the project's environment
	$(BIN)/jupyter lab --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

audit:  ## reader-side audit of the built report: axe, Lighthouse, Nu Html Checker, 390-px overflow, PDF checks (tools installed in .cache/audit/, not in .venv)
	bench/audit/run.sh $(or $(PAGES),report/kazakhstan/report.html report/index.html)

bench: install  ## measure build speed against the plain chain and a Quarto-like peer (ratios, one table)
	$(UV) sync --frozen --inexact --compile-bytecode --group bench --python $(PYTHON)  # + pandoc, for the peer
	$(BIN)/python bench/bench_build.py $(ARGS)

bench-pdf: install  ## the PDF engines side by side on the built report (Typst warm and fresh, WeasyPrint): seconds, ratios, pages
	$(BIN)/python bench/bench_pdf.py $(ARGS)

clean:  ## remove built reports, figures and the build cache
	rm -rf report/*/ report/.staging-* report/.failed report/.*.lock figures/*/ figures/.staging-* .cache
