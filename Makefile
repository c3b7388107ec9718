# Sozialraum Monitor - the two commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PY := .venv/bin/python
export QT_QPA_PLATFORM ?= offscreen
export QGIS_PLUGINPATH := $(CURDIR)/build/plugins
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)

.PHONY: setup demo test lint bench run package translations clean

setup:
	@bash tools/setup.sh

demo: setup
	$(PY) tools/demo.py demo-output

# The suite on QGIS 3.22 + Debian pandas, QGIS 3.40, QGIS 3.22 + newest pandas/numpy (tools/run_tests.sh);
# one platform or some tests: make test RUNS=qgis340 ARGS="tests/test_join.py -x"
test: setup lint
	bash tools/run_tests.sh $(RUNS) -- $(ARGS)

# ruff (pyproject.toml) over the whole tree; make test runs it first
lint: setup
	.venv/bin/ruff check .

bench: setup
	$(PY) bench/run.py

run: setup
	bash tools/run_qgis.sh

package: setup
	/usr/bin/python3 tools/package.py dist

translations:
	/usr/bin/python3 tools/i18n.py

clean:
	rm -rf build dist demo-output bench-output .pytest_cache
