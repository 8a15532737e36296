#!/usr/bin/env bash
# The one test command: installs what the tests need (Debian packages, a PostgreSQL on 127.0.0.1:55432),
# builds Release with warnings as errors, runs every test, and ends with one line "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/.fabric-test/results"
rm -rf "$results" && mkdir -p "$results"

step() { printf '\n== %s\n' "$*"; }
die() { echo "run-tests: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

step "installing test dependencies"
scripts/install-test-deps.sh || die "installing test dependencies failed"
FABRIC_TEST_POSTGRES="$(scripts/start-postgres.sh | tail -n 1)" || die "starting PostgreSQL failed"
export FABRIC_TEST_POSTGRES

step "building"
dotnet build Fabric.sln -c Release -nologo -clp:ErrorsOnly || die "build failed"

step ".NET tests"
dotnet_rc=0
for proj in tests/*/*.Tests.csproj bench/*/Tests/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  dotnet test "$proj" -c Release --no-build -nologo --filter "Category!=Conformance&Requires!=broker" --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    || dotnet_rc=1
done

passed=0 failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0}))
done
[ "$dotnet_rc" -eq 0 ] || [ "$failed" -gt 0 ] || failed=$((failed + 1))   # a crash that left no count still fails

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
