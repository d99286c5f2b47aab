#!/usr/bin/env bash
# The test command (README): installs what the tests need (idempotently), restores, builds with
# warnings as errors, checks formatting, runs every test project and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")"
say() { printf '\n==> %s\n' "$*"; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say "Checking system packages"
need=()
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v ss >/dev/null 2>&1 || need+=(iproute2)
# Real third-party FIX peers for the interop suite (QuickFIX C++ examples; jspurefix comes from npm in the suite).
dpkg -s libquickfix17 >/dev/null 2>&1 || need+=(libquickfix17)
dpkg -s libquickfix-doc >/dev/null 2>&1 || need+=(libquickfix-doc)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "not root: cannot install ${need[*]}; the tests that need them will say they skip and why"
  fi
else
  echo "all present"
fi

if [ ! -d ../shared/fixspec ]; then
  echo "note: ../shared is not beside the project; dictionary and conformance tests will say they skip and why"
fi

say "Restoring NuGet packages"
dotnet restore PortStress.Fix.sln --verbosity quiet

say "Building (Release, warnings are errors)"
dotnet build PortStress.Fix.sln -c Release --no-restore --verbosity quiet -nologo -clp:ErrorsOnly

say "Checking formatting (dotnet format --verify-no-changes)"
dotnet format PortStress.Fix.sln --verify-no-changes --no-restore --verbosity quiet

say "Running tests (socket completions inline, as portstress runs them)"
# portstress sets this at start (Hosting/SocketCompletionMode.cs); the test hosts run the engine the same way.
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS="${DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS:-1}"
log=$(mktemp)
set +e
# One test assembly at a time (-m:1): the conformance, fault and interop suites measure timers against real time.
# A test that hangs is stopped after 5 minutes and named (blame), instead of holding the run to CI's limit.
dotnet test PortStress.Fix.sln -c Release --no-build --nologo --verbosity quiet -m:1 \
  --blame-hang-timeout 5m --blame-hang-dump-type none \
  --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 142, Skipped: 0, Total: 142, ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed:' "$log" | sed -E \
  's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
assemblies=$(grep -cE '^(Passed|Failed)! +- Failed:' "$log" || true)
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "the test run failed outside any test (exit $status)"; fi
echo
echo "($assemblies test assemblies)"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
