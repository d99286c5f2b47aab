#!/usr/bin/env bash
# Stops the peers that peers-up.sh started in WORKDIR, by their recorded pids only.
# usage: scripts/peers/peers-down.sh [WORKDIR]     (default: ${TMPDIR:-/tmp}/portstress-peers)
set -uo pipefail
W=${1:-${TMPDIR:-/tmp}/portstress-peers}
for peer in executor ordermatch jspurefix; do
  pidfile="$W/$peer.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "peers-down: $peer (pid $pid) ignored SIGTERM; sending SIGKILL" >&2
      kill -9 "$pid" 2>/dev/null
    fi
  fi
  rm -f "$pidfile"
done
rm -f "$W/ordermatch.fifo"
echo "peers down"
