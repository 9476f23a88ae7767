#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on 127.0.0.1, then removes it.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]   (exports DATABASE_URL for COMMAND)
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing PostgreSQL…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is not installed (apt-get install postgresql as root)." >&2
    exit 1
  fi
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

port=55432
while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done

datadir=$(mktemp -d /tmp/zhengxian-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$datadir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$datadir" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -w -l "$datadir/server.log" start \
  -o "-h 127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null \
  || { cat "$datadir/server.log" >&2; echo "PostgreSQL did not start." >&2; exit 1; }
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres zhengxian

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/zhengxian"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
