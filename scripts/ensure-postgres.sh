#!/bin/sh
# Make sure a PostgreSQL server is installed for the store tests (they start their own throwaway
# server on 127.0.0.1). Idempotent; never fails the build: where the server cannot be installed the
# PostgreSQL tests skip and print why.
#   scripts/ensure-postgres.sh           install Debian's `postgresql` package if it is missing
set -u

have_server() {
    for f in /usr/lib/postgresql/*/bin/initdb; do
        [ -x "$f" ] && return 0
    done
    [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ] && return 0
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
    return 1
}

say() { echo "ensure-postgres: $*" >&2; }

have_server && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    say "no PostgreSQL server and no apt-get here; the PostgreSQL tests will be skipped"
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    say "no PostgreSQL server, and installing one needs root (sudo apt-get install postgresql); the PostgreSQL tests will be skipped"
    exit 0
fi

say "installing PostgreSQL (apt-get install postgresql)…"
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq >/dev/null 2>&1 &&
   $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1; then
    have_server && { say "done"; exit 0; }
fi
say "could not install PostgreSQL; the PostgreSQL tests will be skipped"
exit 0
