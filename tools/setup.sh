#!/usr/bin/env bash
# Installs what `make demo` / `make test` need on a fresh Debian machine, then links the plugin
# folder into build/plugins/sozialraum_monitor (the name QGIS loads it under). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="qgis python3-qgis qgis-providers python3-pandas python3-numpy xvfb xauth qttools5-dev-tools qttranslations5-l10n poppler-utils zip make"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need_apt=0
/usr/bin/python3 -c "import qgis.core, pandas, numpy" 2>/dev/null || need_apt=1
for tool in qgis_process.bin xvfb-run lrelease pdftoppm zip; do command -v "$tool" >/dev/null || need_apt=1; done
[ -f /usr/share/qt5/translations/qtbase_de.qm ] || need_apt=1  # Qt's own German (buttons, "Strg+…")
if [ "$need_apt" = 1 ]; then
  echo "== Installing QGIS and tools from Debian's packages (once)"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $APT_PACKAGES
fi

if [ ! -x .venv/bin/pytest ]; then
  echo "== Creating .venv (with system site packages, so it sees PyQGIS)"
  /usr/bin/python3 -m venv --system-site-packages .venv
  .venv/bin/pip install -q --disable-pip-version-check "pytest>=7,<9" "pytest-qgis>=2,<3"
fi

# Test oracles (PyPI, test venv only, never runtime deps): requirements-dev.txt, one a line. The system's
# numpy/pandas/scipy (the ones QGIS is built with) are kept: pip picks oracle versions that fit them.
if [ -f requirements-dev.txt ] && ! cmp -s requirements-dev.txt .venv/requirements-dev.installed; then
  echo "== Installing the test oracles of requirements-dev.txt into .venv"
  /usr/bin/python3 - > .venv/constraints.txt <<'PY'
import importlib
for name in ("numpy", "pandas", "scipy"):
    try:
        print(f"{name}=={importlib.import_module(name).__version__}")
    except ImportError:
        pass
PY
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt -c .venv/constraints.txt
  cp requirements-dev.txt .venv/requirements-dev.installed
fi

mkdir -p build/plugins
ln -sfn ../.. build/plugins/sozialraum_monitor

# German translation (.qm is built, not committed)
/usr/bin/python3 tools/i18n.py >/dev/null
