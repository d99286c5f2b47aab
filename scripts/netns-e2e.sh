#!/usr/bin/env bash
# The port-exhaustion scenario by hand, in a throw-away network namespace (what tests/PortStress.Gateway.E2E.Tests
# asserts): a 128-port ephemeral range, tcp_tw_reuse=0, TIME_WAIT capped at 16; venue simulators VA (:9901) and VB
# (:9902), the gateway (portstress run, upstream acceptor :9900) and, on demand, the churn, all inside the namespace.
# The root namespace reaches it through a veth pair: 10.231.250.1 <-> 10.231.250.2.
#
# usage: sudo scripts/netns-e2e.sh [WORKDIR]     (default /tmp/netns-e2e; builds portstress in Release first)
#   Then, from the menu: c = churn for 20 s, dropping VB's session each second it is up; s = socket table;
#   t = transitions; q = quit.
#   Everything is torn down on exit (Ctrl+C too): processes killed, namespace deleted.
set -euo pipefail
W=$(mkdir -p "${1:-/tmp/netns-e2e}" && cd "${1:-/tmp/netns-e2e}" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS=pse2e-hand; ADDR=10.231.250.2; HOST=10.231.250.1
[ "$(id -u)" = 0 ] || { echo "needs root (ip netns, veth, sysctl in the namespace)" >&2; exit 2; }
command -v ip >/dev/null && command -v ss >/dev/null || { echo "needs iproute2 (ip, ss): apt-get install iproute2" >&2; exit 2; }

dotnet build -c Release "$ROOT/src/PortStress.Gateway" -v q -nologo >/dev/null
BIN="$ROOT/src/PortStress.Gateway/bin/Release/net10.0"
PS="dotnet $BIN/portstress.dll"
in_ns() { ip netns exec "$NS" "$@"; }

cleanup() {
  local pids; pids=$(cat "$W"/*.pid 2>/dev/null || true)
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for i in $(seq 1 50); do
    alive=0; for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.1
  done
  for pid in $pids; do kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$NS" 2>/dev/null || true
  ip link del "${NS}a" 2>/dev/null || true
  rm -f "$W"/*.pid
  echo "torn down ($NS deleted); logs and records stay in $W"
}
trap cleanup EXIT

ip netns del "$NS" 2>/dev/null || true
ip netns add "$NS"
ip link add "${NS}a" type veth peer name "${NS}b" netns "$NS"
ip addr add "$HOST/30" dev "${NS}a"; ip link set "${NS}a" up
in_ns ip link set lo up
in_ns ip addr add "$ADDR/30" dev "${NS}b"; in_ns ip link set "${NS}b" up
in_ns sh -c 'echo "40000 40127" > /proc/sys/net/ipv4/ip_local_port_range; echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse; echo 16 > /proc/sys/net/ipv4/tcp_max_tw_buckets'

# Render the shared templates (the test renders the same files).
rm -rf "$W/gateway"; mkdir -p "$W"
(cd "$ROOT/config/netns-e2e" && find . -name '*.json') | while read -r f; do
  mkdir -p "$W/$(dirname "$f")"
  sed -e "s#@ADDR@#$ADDR#g" -e "s#@FIXSPEC@#$BIN/fixspec#g" "$ROOT/config/netns-e2e/$f" > "$W/$f"
done

start() { # name, command... (ip netns exec runs the command in place: $! is the program's own pid)
  local name=$1; shift
  ip netns exec "$NS" "$@" < /dev/null > "$W/$name.log" 2>&1 &
  echo $! > "$W/$name.pid"
}
drop_vb() { # abort the gateway's connection to VB (both ends), as the test does each second while the churn lasts
  local gw; gw=$(cat "$W/gateway.pid")
  for port in $(in_ns ss -tnpH state established dport = :9902 | grep "pid=$gw," | awk '{print $3}' | sed 's/.*://'); do
    in_ns ss -K "( sport = :$port and dport = :9902 ) or ( sport = :9902 and dport = :$port )" >/dev/null 2>&1 || true
    echo "dropped VB's session (local port $port)"
  done
}
start venue-a $PS venue --config "$W/venue-a.json"
start venue-b $PS venue --config "$W/venue-b.json"
sleep 2
start gateway $PS run --config "$W/gateway"
for i in $(seq 1 100); do
  [ "$(in_ns ss -tnH state established '( dport = :9901 or dport = :9902 )' | wc -l)" -ge 2 ] && break
  sleep 0.2; [ "$i" = 100 ] && { echo "the gateway's venue sessions did not connect; see $W/gateway.log" >&2; exit 1; }
done
cat <<INFO
up: namespace $NS (range $(in_ns cat /proc/sys/net/ipv4/ip_local_port_range | tr '\t' '-'), tcp_tw_reuse 0, TIME_WAIT cap 16)
  venues VA $ADDR:9901, VB $ADDR:9902; gateway upstream acceptor $ADDR:9900 (FIX.4.4, connect as OMS -> GW)
  gateway records: $W/gateway/records (ticks.jsonl, transitions.jsonl, order.jsonl); logs: $W/*.log
INFO

while true; do
  read -r -p "[c]hurn 20 s + drop VB, [s]ockets, [t]ransitions, [q]uit > " key || break
  case "$key" in
    c)
      start churn $PS churn --target "$ADDR:9901" --target "$ADDR:9902" --connections 400 --lifetime 3000 --retry-delay 10 --duration 20
      echo "churning for 20 s and dropping VB's session each second it is up; follow with: tail -f $W/churn.log $W/gateway/records/transitions.jsonl"
      sleep 1
      for i in $(seq 1 18); do drop_vb; sleep 1; done
      echo "churn over; the state steps down once the failures leave the 10 s window (t shows the transitions)" ;;
    s) in_ns $PS sockets --top 5 ;;
    t) sed 's/,"shadow".*//' "$W/gateway/records/transitions.jsonl" 2>/dev/null || echo "(no transitions yet)" ;;
    q) break ;;
  esac
done
