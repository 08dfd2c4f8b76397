#!/usr/bin/env bash
# A separately started Dask scheduler + worker pair on loopback, for the tests and the benchmark.
#
#   .ci/dask.sh start   start `dask scheduler` and one `dask worker`, wait until both answer,
#                       print the scheduler address (tcp://127.0.0.1:PORT)
#   .ci/dask.sh url     print the address of the running pair
#   .ci/dask.sh stop    stop both and remove their directory (idempotent)
#
# The worker has DATELINE_DASK_NWORKERS processes (default 1) of one thread each, no
# memory limit and no dashboard.  The `dask` CLI and python come from $DATELINE_VENV
# (default: the repository's .venv).  State (directory, address, process ids) lives in
# $DATELINE_DASK_STATE (default /tmp/dateline-dask-<uid>.state); logs are in that directory.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${DATELINE_VENV:-$ROOT/.venv}"
STATE="${DATELINE_DASK_STATE:-/tmp/dateline-dask-$(id -u).state}"
NWORKERS="${DATELINE_DASK_NWORKERS:-1}"
TIMEOUT="${DATELINE_DASK_TIMEOUT:-60}"
ME="dask.sh"

die() {
    echo "$ME: $*" >&2
    exit 1
}

load_state() {
    [ -f "$STATE" ] || return 1
    DIR="" ADDR="" SCHED_PID="" WORKER_PID=""
    # shellcheck disable=SC1090
    . "$STATE"
    [ -n "$DIR" ] && [ -n "$ADDR" ]
}

# Running, and not a zombie (a killed process nobody reaped still answers kill -0).
alive() {
    [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
    local st=""
    if [ -r "/proc/$1/stat" ]; then st="$(sed -E 's/^.*\) ([A-Z]).*$/\1/' "/proc/$1/stat" 2>/dev/null || true)"; fi
    [ "$st" != Z ]
}

# Ask the scheduler for its workers; succeed when at least $1 are connected.
answers() {
    "$VENV/bin/python" - "$ADDR" "$1" "$2" <<'EOF' 2>>"$DIR/check.log"
import logging, sys
logging.disable(logging.CRITICAL)
from distributed import Client
addr, n, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
with Client(addr, timeout=timeout) as c:
    if n:
        c.wait_for_workers(n, timeout=timeout)
EOF
}

# Stop a process group started with setsid: TERM, up to 10 s, then KILL.
stop_group() {
    local pid="$1" i
    alive "$pid" || return 0
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do
        alive "$pid" || return 0
        sleep 0.2
    done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

cmd_start() {
    if load_state && alive "$SCHED_PID" && alive "$WORKER_PID"; then
        echo "$ADDR"
        return 0
    fi
    if [ -f "$STATE" ]; then cmd_stop; fi # a stale state file: clear what it names
    [ -x "$VENV/bin/dask" ] || die "no $VENV/bin/dask: run make install first (dask and distributed are dateline dependencies)"
    command -v setsid >/dev/null 2>&1 || die "setsid (util-linux) is needed to run the scheduler and worker in their own process groups"
    local port try
    DIR="$(mktemp -d /tmp/dateline-dask.XXXXXX)"
    for try in 1 2 3; do
        port="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
        ADDR="tcp://127.0.0.1:$port"
        (cd "$DIR" && exec setsid "$VENV/bin/dask" scheduler --host 127.0.0.1 --port "$port" --no-dashboard \
            >"$DIR/scheduler.log" 2>&1 </dev/null) &
        SCHED_PID=$!
        WORKER_PID=""
        printf 'DIR=%q\nADDR=%q\nSCHED_PID=%q\nWORKER_PID=%q\n' "$DIR" "$ADDR" "$SCHED_PID" "" >"$STATE"
        if answers 0 "$TIMEOUT"; then break; fi
        if alive "$SCHED_PID"; then
            stop_group "$SCHED_PID"
            rm -f "$STATE"
            die "the scheduler at $ADDR did not answer within ${TIMEOUT}s: $(tail -n 1 "$DIR/check.log") (logs: $DIR)"
        fi
        # it exited: most likely the port was taken between the probe and the bind; try again
        if [ "$try" -eq 3 ]; then
            local why
            why="$(grep -m1 -iE 'error|exception' "$DIR/scheduler.log" || tail -n 1 "$DIR/scheduler.log")"
            rm -f "$STATE"
            die "the scheduler did not start: ${why:-no message} (log: $DIR/scheduler.log)"
        fi
    done
    (cd "$DIR" && exec setsid "$VENV/bin/dask" worker "$ADDR" --host 127.0.0.1 --nworkers "$NWORKERS" --nthreads 1 \
        --no-dashboard --memory-limit 0 --local-directory "$DIR/worker-space" \
        >"$DIR/worker.log" 2>&1 </dev/null) &
    WORKER_PID=$!
    printf 'DIR=%q\nADDR=%q\nSCHED_PID=%q\nWORKER_PID=%q\n' "$DIR" "$ADDR" "$SCHED_PID" "$WORKER_PID" >"$STATE"
    if ! answers "$NWORKERS" "$TIMEOUT"; then
        local why
        why="$(grep -m1 -iE 'error|exception' "$DIR/worker.log" || tail -n 1 "$DIR/worker.log")"
        stop_group "$WORKER_PID"
        stop_group "$SCHED_PID"
        rm -f "$STATE"
        die "$NWORKERS worker(s) did not join $ADDR within ${TIMEOUT}s: ${why:-no message} (logs: $DIR)"
    fi
    echo "$ADDR"
}

cmd_url() {
    load_state && alive "$SCHED_PID" || die "no Dask scheduler is running for state file $STATE (run: .ci/dask.sh start)"
    echo "$ADDR"
}

cmd_stop() {
    if ! load_state; then
        rm -f "$STATE"
        return 0
    fi
    stop_group "$WORKER_PID" # the worker first, so it does not spend its death-timeout reconnecting
    stop_group "$SCHED_PID"
    case "$DIR" in /tmp/dateline-dask.*) rm -rf "$DIR" ;; esac
    rm -f "$STATE"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
url) cmd_url ;;
*) die "usage: .ci/dask.sh start|stop|url (state file: \$DATELINE_DASK_STATE, now $STATE)" ;;
esac
