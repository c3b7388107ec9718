#!/usr/bin/env bash
# `make run`: real QGIS with the plugin enabled (own profile in build/profile) and the sample project open.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE_DIR="$PWD/build/profile"
export QGIS_PLUGINPATH="$PWD/build/plugins"
[ -e build/plugins/sozialraum_monitor ] || bash tools/setup.sh
INI="$PROFILE_DIR/profiles/default/QGIS/QGIS3.ini"
if [ ! -f "$INI" ]; then
  mkdir -p "$(dirname "$INI")"
  printf '[PythonPlugins]\nsozialraum_monitor=true\n\n[locale]\noverrideFlag=true\nuserLocale=de_DE\n' > "$INI"
fi
PROJECT="resources/sample/sozialraum_monitor_beispiel.qgz"
unset QT_QPA_PLATFORM
ARGS=(--noversioncheck --profiles-path "$PROFILE_DIR")
[ -f "$PROJECT" ] && ARGS+=(--project "$PROJECT")
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: starting QGIS under Xvfb (nothing to see; use a desktop session for make run)."
  exec xvfb-run -a qgis "${ARGS[@]}" "$@"
fi
exec qgis "${ARGS[@]}" "$@"
