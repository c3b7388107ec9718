#!/usr/bin/env bash
# `make test`: the suite on each platform the plugin supports (installed by tools/setup.sh), one after the
# other, each with its pytest summary; a closing table with every run's result and wall time.
#
#   tools/run_tests.sh [RUN ...] [-- PYTEST ARGS]
#   RUN: qgis322 (QGIS 3.22 + Debian's pandas/numpy), qgis340 (QGIS 3.40 LTR), pandas3 (QGIS 3.22 + the
#        newest pandas/numpy from PyPI); default: all three.
#   make test RUNS=qgis340 ARGS="tests/test_join.py -x"
#
# Exits non-zero if any run fails, a platform is missing, or a run collected no test (pytest's exit 5).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
QGIS340_ROOT="${QGIS340_ROOT:-/opt/qgis-3.40}"
ALL_RUNS="qgis322 qgis340 pandas3"

runs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    qgis322|qgis340|pandas3) runs+=("$1"); shift ;;
    *) echo "run_tests: unknown run '$1' (known: $ALL_RUNS; pytest arguments after --)" >&2; exit 2 ;;
  esac
done
[ ${#runs[@]} -gt 0 ] || read -r -a runs <<<"$ALL_RUNS"
pytest_args=("$@")

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export QGIS_PLUGINPATH="$ROOT/build/plugins"
LOGS="$ROOT/build/test-logs"
mkdir -p "$LOGS"

# One throwaway PostgreSQL/PostGIS for tests/test_postgis.py around all runs (tools/pg_test_server.sh), unless
# SOZIALRAUM_TEST_PG already names a server. Without one those tests skip, except under CI=true, where they fail.
if [ -z "${SOZIALRAUM_TEST_PG:-}" ]; then
  if pg_exports="$(tools/pg_test_server.sh start 2>"$LOGS/pg_test_server.log")"; then
    eval "$pg_exports"
    trap 'tools/pg_test_server.sh stop "$SOZIALRAUM_TEST_PG_DIR" 2>>"$LOGS/pg_test_server.log"' EXIT
    echo "PostgreSQL/PostGIS for the tests: $SOZIALRAUM_TEST_PG"
  else
    echo "run_tests: no PostgreSQL/PostGIS for the tests (see $LOGS/pg_test_server.log); tests/test_postgis.py" \
         "skips, or fails under CI=true" >&2
  fi
fi

describe() {
  case "$1" in
    qgis322) echo "QGIS 3.22 + Debian pandas/numpy" ;;
    qgis340) echo "QGIS 3.40 + Debian pandas/numpy" ;;
    pandas3) echo "QGIS 3.22 + newest pandas/numpy" ;;
  esac
}

# Runs pytest for one platform; prints its output; leaves "<exit code> <seconds> <summary>" in $LOGS/<run>.result
run_one() {
  local name="$1" venv=".venv" start rc summary
  local -a env_args=()
  case "$name" in
    pandas3) venv=".venv-pandas3" ;;
    qgis340)
      local q="$QGIS340_ROOT/usr"
      if [ ! -x "$q/bin/qgis_process.bin" ]; then
        echo "QGIS 3.40 is not installed in $QGIS340_ROOT: run 'make setup' (tools/setup.sh) first." > "$LOGS/$name.log"
        cat "$LOGS/$name.log"
        echo "1 0 QGIS 3.40 missing" > "$LOGS/$name.result"
        return
      fi
      env_args=(PATH="$q/bin:$PATH" QGIS_PREFIX_PATH="$q"
                PYTHONPATH="$q/lib/python3/dist-packages:$q/share/qgis/python:$q/share/qgis/python/plugins${PYTHONPATH:+:$PYTHONPATH}")
      ;;
  esac
  if [ ! -x "$venv/bin/pytest" ]; then
    echo "$venv is missing: run 'make setup' (tools/setup.sh) first." > "$LOGS/$name.log"
    cat "$LOGS/$name.log"
    echo "1 0 $venv missing" > "$LOGS/$name.result"
    return
  fi
  start=$(date +%s)
  env "${env_args[@]}" "$venv/bin/pytest" -p no:cacheprovider "${pytest_args[@]}" 2>&1 | tee "$LOGS/$name.log"
  rc=${PIPESTATUS[0]}
  # pytest's closing line: "==== 380 passed, 2 skipped in 41.06s ====" (or the bare line under -q)
  summary="$(grep -E '(passed|failed|error|skipped|deselected|no tests ran).* in [0-9.]+s' "$LOGS/$name.log" | tail -1 | sed -E 's/^=+ //; s/ =+$//')"
  if [ "$rc" = 5 ]; then summary="no tests ran (pytest exit 5) ${summary}"; fi
  echo "$rc $(( $(date +%s) - start )) ${summary:-no pytest summary}" > "$LOGS/$name.result"
}

for name in "${runs[@]}"; do
  echo
  echo "################ $name: $(describe "$name") ################"
  run_one "$name"
done

echo
echo "################ make test: summary ################"
failed=0 passed_total=0 failed_total=0 skipped_total=0
count() {  # the number before a word in $summary ("12 passed" -> 12), 0 when absent; "error" counts "errors"
  local n
  n="$(grep -oE "[0-9]+ $1" <<<"$summary" | head -1 | cut -d' ' -f1)"
  echo "${n:-0}"
}
for name in "${runs[@]}"; do
  read -r rc seconds summary < "$LOGS/$name.result"
  if [ "$rc" = 0 ]; then verdict="ok"; else verdict="FAILED (exit $rc)"; failed=1; fi
  if [ "$rc" -gt 128 ] 2>/dev/null; then verdict="CRASHED (signal $(( rc - 128 )))"; fi
  printf '%-8s %-34s %4ss  %-16s %s\n' "$name" "$(describe "$name")" "$seconds" "$verdict" "$summary"
  bad=$(( $(count failed) + $(count error) ))
  if [ "$rc" != 0 ] && [ "$bad" = 0 ]; then bad=1; fi  # a run that failed without failed tests counts once
  passed_total=$(( passed_total + $(count passed) ))
  failed_total=$(( failed_total + bad ))
  skipped_total=$(( skipped_total + $(count skipped) ))
done
# One closing line over all runs, in the plain "N passed, N failed" form.
echo "total: $passed_total passed, $failed_total failed, $skipped_total skipped"
exit "$failed"
