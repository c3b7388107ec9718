# Sozialraum Monitor - the two commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PY := .venv/bin/python
export QT_QPA_PLATFORM ?= offscreen
export QGIS_PLUGINPATH := $(CURDIR)/build/plugins
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)

.PHONY: setup demo test bench run package translations clean

setup:
	@bash tools/setup.sh

demo: setup
	$(PY) tools/demo.py demo-output

test: setup
	.venv/bin/pytest

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
