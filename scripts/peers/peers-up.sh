#!/usr/bin/env bash
# Starts third-party FIX counterparties on loopback for interop tests (see docs/interop.md):
#   executor    QuickFIX C++ 1.15.1  acceptor :9878  FIX.4.4 + FIX.4.2 EXEC<-CLIENT, FIXT.1.1 EXEC<-CLIENT50 / CLIENT50SP2
#   ordermatch  QuickFIX C++ 1.15.1  acceptor :9877  FIX.4.2 ORDERMATCH<-CLIENT1 / CLIENT2
#   jspurefix   jspurefix 5.11.4     acceptor :9880  FIX.4.4 JSEXEC<-CLIENT
# usage: scripts/peers/peers-up.sh [--install-only] [WORKDIR]     (default: ${TMPDIR:-/tmp}/portstress-peers)
# Writes WORKDIR/<peer>.pid and <peer>.log; stop them with peers-down.sh WORKDIR.
# Installs what is missing: Debian libquickfix17 + libquickfix-doc (needs root; unattended, with
# apt-get update only when the install fails without it) and jspurefix@5.11.4 from npm into
# WORKDIR/js. --install-only installs, starts nothing and leaves no process behind.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
INSTALL_ONLY=0
if [ "${1:-}" = --install-only ]; then INSTALL_ONLY=1; shift; fi
W=${1:-${TMPDIR:-/tmp}/portstress-peers}
mkdir -p "$W"
W=$(cd "$W" && pwd)
EXAMPLES=/usr/share/doc/libquickfix-doc/examples
JSPUREFIX=jspurefix@5.11.4

fail() { echo "peers-up: $*" >&2; exit 1; }

# --- prerequisites -------------------------------------------------------------------------
if ! dpkg -s libquickfix17 libquickfix-doc >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || fail "libquickfix17 and libquickfix-doc are missing and installing them needs root"
  echo "installing libquickfix17 libquickfix-doc"
  export DEBIAN_FRONTEND=noninteractive
  command -v apt-get >/dev/null || fail "libquickfix17 and libquickfix-doc are missing and apt-get is not available"
  apt-get install -y -qq libquickfix17 libquickfix-doc < /dev/null >/dev/null 2>&1 \
    || { apt-get update -qq < /dev/null && apt-get install -y -qq libquickfix17 libquickfix-doc < /dev/null >/dev/null; } \
    || fail "apt-get could not install libquickfix17 libquickfix-doc"
fi
command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are needed for jspurefix"
if [ ! -f "$W/js/node_modules/jspurefix/package.json" ]; then
  echo "installing $JSPUREFIX into $W/js"
  mkdir -p "$W/js"
  (cd "$W/js" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund --loglevel=error "$JSPUREFIX" < /dev/null >/dev/null) \
    || fail "npm could not install $JSPUREFIX into $W/js"
fi
if [ "$INSTALL_ONLY" = 1 ]; then echo "peers installed in $W"; exit 0; fi

# The examples ship gzipped; the configs get this run's folder for their stores.
zcat "$EXAMPLES/executor/C++/.libs/executor.gz" > "$W/executor" && chmod +x "$W/executor"
zcat "$EXAMPLES/ordermatch/.libs/ordermatch.gz" > "$W/ordermatch" && chmod +x "$W/ordermatch"
sed "s#@WORKDIR@#$W#g" "$HERE/executor.cfg.in" > "$W/executor.cfg"
sed "s#@WORKDIR@#$W#g" "$HERE/ordermatch.cfg.in" > "$W/ordermatch.cfg"
cp "$HERE/jspurefix-acceptor.js" "$HERE/jspurefix-initiator.js" "$W/js/"

# --- start ---------------------------------------------------------------------------------
running() { [ -f "$W/$1.pid" ] && kill -0 "$(cat "$W/$1.pid")" 2>/dev/null; }
for peer in executor ordermatch jspurefix; do
  running "$peer" && fail "$peer is already running (pid $(cat "$W/$peer.pid")); run peers-down.sh $W first"
done

cd "$W"
# Each peer is started directly from this shell so that $! is the peer's own pid (not a
# subshell's), with stdin/stdout/stderr detached from the caller.
./executor executor.cfg < /dev/null > executor.log 2>&1 &
echo $! > executor.pid
# ordermatch reads commands from stdin and spins on EOF: give it a FIFO held open read-write.
rm -f ordermatch.fifo && mkfifo ordermatch.fifo
./ordermatch ordermatch.cfg 0<> ordermatch.fifo > ordermatch.log 2>&1 &
echo $! > ordermatch.pid
cd "$W/js"
QUIET=1 node jspurefix-acceptor.js 9880 < /dev/null > "$W/jspurefix.log" 2>&1 &
echo $! > "$W/jspurefix.pid"
cd "$W"

# --- wait for the listeners (jspurefix takes a few seconds to load its dictionary) ----------
wait_port() {
  local peer=$1 port=$2
  for _ in $(seq 1 150); do
    if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    running "$peer" || break
    sleep 0.1
  done
  echo "peers-up: $peer is not listening on $port; last lines of $W/$peer.log:" >&2
  tail -n 20 "$W/$peer.log" >&2 || true
  "$HERE/peers-down.sh" "$W" >&2
  exit 1
}
wait_port executor 9878
wait_port ordermatch 9877
wait_port jspurefix 9880

cat <<INFO
peers up in $W
  executor    pid $(cat executor.pid)    127.0.0.1:9878  FIX.4.4/FIX.4.2 EXEC<-CLIENT, FIXT.1.1 EXEC<-CLIENT50, EXEC<-CLIENT50SP2
  ordermatch  pid $(cat ordermatch.pid)    127.0.0.1:9877  FIX.4.2 ORDERMATCH<-CLIENT1, ORDERMATCH<-CLIENT2
  jspurefix   pid $(cat jspurefix.pid)    127.0.0.1:9880  FIX.4.4 JSEXEC<-CLIENT
stop with: $HERE/peers-down.sh $W
INFO
