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

. "$(dirname "$0")/apt-install.sh"
if apt_install postgresql "the PostgreSQL tests"; then
    have_server && { say "done"; exit 0; }
fi
say "could not install postgresql; the PostgreSQL tests will be skipped"
exit 0
