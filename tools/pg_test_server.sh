#!/usr/bin/env bash
# A throwaway PostgreSQL/PostGIS cluster for the tests of the PostGIS push-down (tests/test_postgis.py).
#
#   eval "$(tools/pg_test_server.sh start)"   # starts it; prints the export lines for the connection
#   tools/pg_test_server.sh stop              # stops it and removes its data directory
#
# start: initdb into a fresh directory under /tmp (as the `postgres` user when run as root, as on CI), unix
# socket in that directory, a free TCP port on localhost only, trust authentication; a database
# `sozialraum_test` with `CREATE EXTENSION postgis`. It prints
#   export SOZIALRAUM_TEST_PG='host=<socket dir> port=<port> dbname=sozialraum_test user=<user>'
#   export SOZIALRAUM_TEST_PG_DIR='<data dir>'
# and nothing else on stdout (its own messages go to stderr). stop reads SOZIALRAUM_TEST_PG_DIR (or the
# directory given as its argument). Needs Debian's postgresql and postgresql-*-postgis-3 (tools/setup.sh).
set -euo pipefail

bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  echo "pg_test_server: PostgreSQL is not installed (apt-get install postgresql postgis)" >&2
  exit 1
}

as_owner() {  # runs a command as the cluster's owner: postgres when we are root, else ourselves
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local bin data port user log
  bin="$(bindir)"
  data="$(mktemp -d /tmp/sozialraum-pg.XXXXXX)"
  user="$(id -un)"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$data"; user=postgres; fi
  port="$(free_port)"
  log="$data/server.log"
  as_owner "$bin/initdb" -D "$data/db" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
    || { cat "$data/initdb.log" >&2; exit 1; }
  as_owner "$bin/pg_ctl" -D "$data/db" -l "$log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >&2 \
    || { cat "$log" >&2; exit 1; }
  as_owner "$bin/psql" -h "$data" -p "$port" -U "$user" -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE sozialraum_test" >&2
  if ! as_owner "$bin/psql" -h "$data" -p "$port" -U "$user" -d sozialraum_test -q -v ON_ERROR_STOP=1 \
      -c "CREATE EXTENSION postgis" >&2; then
    as_owner "$bin/pg_ctl" -D "$data/db" -m immediate stop >&2 || true
    rm -rf "$data"
    echo "pg_test_server: PostGIS is not installed (apt-get install postgresql-15-postgis-3)" >&2
    exit 1
  fi
  echo "export SOZIALRAUM_TEST_PG='host=$data port=$port dbname=sozialraum_test user=$user'"
  echo "export SOZIALRAUM_TEST_PG_DIR='$data'"
}

stop() {
  local data="${1:-${SOZIALRAUM_TEST_PG_DIR:-}}"
  case "$data" in
    /tmp/sozialraum-pg.*) ;;
    *) echo "pg_test_server: stop needs the data directory (SOZIALRAUM_TEST_PG_DIR)" >&2; exit 1 ;;
  esac
  if [ -d "$data/db" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$data/db" -m fast -w stop >&2 || true
  fi
  rm -rf "$data"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start|stop [data dir]" >&2; exit 2 ;;
esac
