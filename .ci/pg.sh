#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and the benchmark.
#
#   .ci/pg.sh start   initdb into a fresh temp dir, start on 127.0.0.1:<free port>, print the URL
#   .ci/pg.sh url     print the URL of the running cluster
#   .ci/pg.sh stop    stop it and remove its directory (idempotent)
#
# The URL is postgresql://postgres@127.0.0.1:PORT/postgres (trust auth, loopback only;
# fsync, synchronous_commit and full_page_writes off: a crash loses the cluster, which is
# thrown away anyway).  Debian's `postgresql` is installed with apt-get when no initdb is
# found (unless DATELINE_PG_NO_INSTALL is set: then its absence is an error).  State
# (directory, port, binaries) lives in $DATELINE_PG_STATE (default
# /tmp/dateline-pg-<uid>.state), so `url` and `stop` find the cluster `start` made.
set -euo pipefail

STATE="${DATELINE_PG_STATE:-/tmp/dateline-pg-$(id -u).state}"
ME="pg.sh"

die() {
    echo "$ME: $*" >&2
    exit 1
}

# Run a command as the OS user that owns the cluster: `postgres` when we are root
# (initdb and postgres refuse to run as root), ourselves otherwise.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

newest_bin() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n | tail -n 1 || true)"
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
        echo "$d"
    fi
}

install_postgres() {
    local sudo="" log
    if [ -n "${DATELINE_PG_NO_INSTALL:-}" ]; then
        die "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)"
    fi
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "PostgreSQL is not installed and we are not root (no sudo): apt-get install postgresql"
        sudo="sudo -n"
    fi
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and there is no apt-get: install the PostgreSQL server binaries (initdb, pg_ctl)"
    log="$(mktemp /tmp/dateline-pg-apt.XXXXXX)"
    echo "$ME: installing Debian's postgresql (apt-get)" >&2
    if ! { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends postgresql; } >"$log" 2>&1; then
        die "apt-get install postgresql failed: $(tail -n 1 "$log") (full log: $log)"
    fi
    rm -f "$log"
}

free_port() {
    # Ask the kernel (python3); without python3, probe random high ports for one nobody answers on.
    local p i
    p="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || true)"
    if [[ "$p" =~ ^[0-9]+$ ]]; then
        echo "$p"
        return 0
    fi
    for i in $(seq 50); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    die "could not find a free port on 127.0.0.1"
}

url_of() { echo "postgresql://postgres@127.0.0.1:$1/postgres"; }

load_state() {
    [ -f "$STATE" ] || return 1
    DIR="" PORT="" BIN=""
    # shellcheck disable=SC1090
    . "$STATE"
    [ -n "$DIR" ] && [ -n "$PORT" ] && [ -n "$BIN" ]
}

# Answers on its port (pg_ctl status alone is fooled by an unreaped, killed postmaster).
running() { load_state && "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 5 >/dev/null 2>&1; }

cmd_start() {
    if running; then
        url_of "$PORT"
        return 0
    fi
    if [ -f "$STATE" ]; then cmd_stop; fi # a stale state file: clear what it names
    BIN="$(newest_bin)"
    if [ -z "$BIN" ]; then
        install_postgres
        BIN="$(newest_bin)"
        [ -n "$BIN" ] || die "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb was found"
    fi
    if [ "$(id -u)" -eq 0 ]; then
        getent passwd postgres >/dev/null || die "we are root and there is no 'postgres' OS user to run the server as (apt-get install postgresql creates it)"
    fi
    DIR="$(mktemp -d /tmp/dateline-pg.XXXXXX)"
    chmod 700 "$DIR"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
    if ! as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1; then
        local why
        why="$(grep -m1 -iE 'error|fatal|could not' "$DIR/initdb.log" || tail -n 1 "$DIR/initdb.log")"
        rm -rf "$DIR"
        die "initdb failed: $why"
    fi
    # Trust, on the unix socket in $DIR and on loopback only; nothing else may connect.
    as_owner sh -c "printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' >'$DIR/data/pg_hba.conf'"
    local try why=""
    for try in 1 2 3; do
        PORT="$(free_port)"
        if as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
            -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >"$DIR/pg_ctl.log" 2>&1; then
            printf 'DIR=%q\nPORT=%q\nBIN=%q\n' "$DIR" "$PORT" "$BIN" >"$STATE"
            url_of "$PORT"
            return 0
        fi
        why="$(grep -m1 -E 'FATAL|ERROR' "$DIR/server.log" 2>/dev/null || tail -n 1 "$DIR/pg_ctl.log")"
        # another process may have taken the port between the probe and the bind: try again
        grep -q 'could not bind\|Address already in use' "$DIR/server.log" 2>/dev/null || break
    done
    rm -rf "$DIR"
    die "the server did not start: ${why:-no message} (try: $BIN/pg_ctl start by hand)"
}

cmd_url() {
    running || die "no cluster is running for state file $STATE (run: .ci/pg.sh start)"
    url_of "$PORT"
}

cmd_stop() {
    if ! load_state; then
        rm -f "$STATE"
        return 0
    fi
    if [ -d "$DIR/data" ]; then
        as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    case "$DIR" in /tmp/dateline-pg.*) rm -rf "$DIR" ;; esac
    rm -f "$STATE"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
url) cmd_url ;;
*) die "usage: .ci/pg.sh start|stop|url (state file: \$DATELINE_PG_STATE, now $STATE)" ;;
esac
