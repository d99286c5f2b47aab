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

say "Running tests"
results=TestResults
rm -rf "$results"
set +e
dotnet test PortStress.Fix.sln -c Release --no-build --nologo --verbosity quiet \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?
set -e

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "the test run failed outside any test (exit $status)"; fi
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
