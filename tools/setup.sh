#!/usr/bin/env bash
# Installs what `make demo` / `make test` need on a fresh Debian 12 machine, then links the plugin
# folder into build/plugins/sozialraum_monitor (the name QGIS loads it under). Idempotent.
#
# The test platforms (tools/run_tests.sh runs the suite on each):
#   1. QGIS 3.22 (Debian 12, the minimum in metadata.txt) with Debian's pandas/numpy   -> .venv
#   2. QGIS 3.40 LTR from bookworm-backports, beside 3.22                               -> .venv
#      Its libraries (libqgis-*3.40.x, versioned names) install from apt next to 3.22's; the packages
#      whose files would replace 3.22's (python3-qgis, qgis-providers, qgis, *-common) are unpacked
#      into $QGIS340_ROOT (default /opt/qgis-3.40) and used through PYTHONPATH/QGIS_PREFIX_PATH/PATH.
#   3. QGIS 3.22 with the newest pandas and numpy from PyPI                              -> .venv-pandas3
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="qgis python3-qgis qgis-providers python3-pandas python3-numpy xvfb xauth qttools5-dev-tools qttranslations5-l10n poppler-utils zip make"
BACKPORTS="bookworm-backports"
QGIS340_ROOT="${QGIS340_ROOT:-/opt/qgis-3.40}"
# 3.40's packages that share file names with 3.22's: unpacked, never installed.
QGIS340_UNPACKED="qgis python3-qgis python3-qgis-common qgis-providers qgis-providers-common qgis-common"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

apt_updated=0
apt_update() {
  if [ "$apt_updated" = 0 ]; then $SUDO apt-get update -q; apt_updated=1; fi
}
apt_install() {
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "$@"
}

# --- 1. QGIS 3.22 and tools from Debian 12 -------------------------------------------------------------
need_apt=0
/usr/bin/python3 -c "import qgis.core, pandas, numpy" 2>/dev/null || need_apt=1
for tool in qgis_process.bin xvfb-run lrelease pdftoppm zip; do command -v "$tool" >/dev/null || need_apt=1; done
[ -f /usr/share/qt5/translations/qtbase_de.qm ] || need_apt=1  # Qt's own German (buttons, "Strg+…")
if [ "$need_apt" = 1 ]; then
  echo "== Installing QGIS and tools from Debian's packages (once)"
  apt_update
  apt_install $APT_PACKAGES
fi

# --- PostgreSQL/PostGIS for tests/test_postgis.py (tools/pg_test_server.sh starts a throwaway cluster) ----
# postgresql-postgis is Debian's metapackage for the PostGIS extension of the default PostgreSQL (15 on Debian 12).
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null \
   || ! compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null; then
  echo "== Installing PostgreSQL and PostGIS from Debian's packages (once)"
  apt_update
  apt_install postgresql postgresql-postgis
fi

# --- 2. QGIS 3.40 from bookworm-backports beside 3.22 ---------------------------------------------------
qgis340_ok() {
  [ -f "$QGIS340_ROOT/VERSION" ] || return 1
  local upstream
  upstream="$(cut -d+ -f1 "$QGIS340_ROOT/VERSION")"
  dpkg -s "libqgispython$upstream" >/dev/null 2>&1 && [ -x "$QGIS340_ROOT/usr/bin/qgis_process.bin" ]
}
if ! qgis340_ok; then
  echo "== Installing QGIS 3.40 from $BACKPORTS beside QGIS 3.22 (once): libraries by apt, the rest into $QGIS340_ROOT"
  if ! grep -qs "^[^#]*$BACKPORTS" /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; then
    echo "deb http://deb.debian.org/debian $BACKPORTS main" | $SUDO tee /etc/apt/sources.list.d/$BACKPORTS.list >/dev/null
    apt_updated=0
  fi
  apt_update
  version="$(apt-cache madison python3-qgis | awk -F'|' -v r="$BACKPORTS" '$3 ~ r {gsub(/ /, "", $2); print $2; exit}')"
  case "$version" in
    3.40.*) ;;
    *) echo "setup: no QGIS 3.40 in $BACKPORTS (found '${version:-nothing}')" >&2; exit 1 ;;
  esac
  # apt's own resolver names what 3.40 needs that is not installed (its versioned libqgis-*3.40.x from
  # backports, a few Qt/PyQt modules from Debian 12). Only new packages are installed: nothing of 3.22
  # is upgraded or removed.
  wanted=""
  for p in $QGIS340_UNPACKED libqgis-customwidgets; do wanted="$wanted $p=$version"; done
  plan="$(LC_ALL=C apt-get install -s --no-install-recommends $wanted)"
  if grep -q '^Remv ' <<<"$plan"; then
    echo "setup: installing QGIS 3.40's libraries would remove packages; stopped:" >&2
    grep '^Remv ' <<<"$plan" >&2
    exit 1
  fi
  new="$(awk '$1 == "Inst" && substr($3, 1, 1) == "(" {v = substr($3, 2); print $2 "=" v}' <<<"$plan")"
  if [ -n "$new" ]; then apt_install $new; fi
  staging="$(mktemp -d "${TMPDIR:-/tmp}/qgis340.XXXXXX")"
  (
    cd "$staging"
    chmod 777 .  # apt-get download runs as the _apt user where it can
    downloads=""
    for p in $QGIS340_UNPACKED; do downloads="$downloads $p=$version"; done
    apt-get download -q $downloads
    mkdir root
    for deb in ./*.deb; do dpkg -x "$deb" root; done
    # QGIS loads its Python support as <prefix>/lib/libqgispython.so.<version>: the library apt installed.
    ln -sfn "/usr/lib/libqgispython.so.${version%%+*}" "root/usr/lib/libqgispython.so.${version%%+*}"
    echo "$version" > root/VERSION
  )
  $SUDO rm -rf "$QGIS340_ROOT"
  $SUDO mkdir -p "$(dirname "$QGIS340_ROOT")"
  $SUDO mv "$staging/root" "$QGIS340_ROOT"
  rm -rf "$staging"
  qgis340_ok || { echo "setup: QGIS 3.40 in $QGIS340_ROOT is incomplete" >&2; exit 1; }
fi

# --- Python environments for the tests ---------------------------------------------------------------
pip_install() {  # venv, then pip arguments; pip's output only when it fails
  local venv="$1" log
  shift
  log="$(mktemp)"
  if ! "$venv/bin/pip" install -q --disable-pip-version-check "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

if [ ! -x .venv/bin/pytest ]; then
  echo "== Creating .venv (with system site packages, so it sees PyQGIS)"
  /usr/bin/python3 -m venv --system-site-packages .venv
  pip_install .venv "pytest>=7,<9" "pytest-qgis>=2,<3"
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
  pip_install .venv -r requirements-dev.txt -c .venv/constraints.txt
  cp requirements-dev.txt .venv/requirements-dev.installed
fi

# .venv-pandas3: the newest pandas and numpy (and oracles built for them: Debian's scipy needs numpy 1)
# over the system's QGIS 3.22. Brought up to date when requirements-dev.txt changed or a day has passed.
P3=.venv-pandas3
if [ ! -x "$P3/bin/pytest" ] || ! cmp -s requirements-dev.txt "$P3/requirements-dev.installed" 2>/dev/null \
   || [ -n "$(find "$P3/requirements-dev.installed" -mmin +1440 2>/dev/null)" ]; then
  echo "== Creating/updating $P3 (newest pandas and numpy from PyPI, system site packages for PyQGIS)"
  [ -x "$P3/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$P3"
  oracles=()
  [ -f requirements-dev.txt ] && oracles=(-r requirements-dev.txt)
  pip_install "$P3" --upgrade pandas numpy scipy "pytest>=7,<9" "pytest-qgis>=2,<3" "${oracles[@]}"
  "$P3/bin/python" - <<'PY'
import numpy, pandas
if int(pandas.__version__.split(".")[0]) < 3 or int(numpy.__version__.split(".")[0]) < 2:
    raise SystemExit(f"setup: .venv-pandas3 has pandas {pandas.__version__}, numpy {numpy.__version__}")
PY
  if [ -f requirements-dev.txt ]; then cp requirements-dev.txt "$P3/requirements-dev.installed"; else touch "$P3/requirements-dev.installed"; fi
fi

mkdir -p build/plugins
ln -sfn ../.. build/plugins/sozialraum_monitor

# German translation (.qm is built, not committed)
/usr/bin/python3 tools/i18n.py >/dev/null
