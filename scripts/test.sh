#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: installs what the tests need (Azurite
# through npm, when package.json pins it; bubblewrap, exec's sandbox, through apt), builds in
# Release and runs all test projects.
# Test fixtures start their own services on free loopback ports and stop them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f package.json ]; then
  echo "== npm ci (test services) =="
  npm ci --no-audit --no-fund --loglevel=error
fi

if ! command -v bwrap >/dev/null 2>&1; then
  echo "== apt-get install bubblewrap (exec's sandbox) =="
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update && $sudo apt-get install -y bubblewrap
fi

# The dashboard tests drive Debian's chromium through Playwright (which cannot download its own here).
if ! command -v chromium >/dev/null 2>&1; then
  echo "== apt-get install chromium (the dashboard's browser tests) =="
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update && $sudo apt-get install -y chromium
fi

echo "== dotnet build =="
dotnet build ScriptHarness.sln -c Release --nologo -warnaserror

# The packages a user installs, into a local folder feed: tests/Packages.Tests installs the
# scriptharness tool and builds a consumer project from it.
echo "== dotnet pack (artifacts/feed) =="
rm -rf artifacts/feed
dotnet pack ScriptHarness.sln -c Release --no-build --nologo -warnaserror -o artifacts/feed

echo "== dotnet test =="
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test ScriptHarness.sln -c Release --no-build --nologo \
  --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -Ev '^\s+Passed ' 
status=${PIPESTATUS[0]}
set -e

# One closing line over all test assemblies, in the plain "N passed, N failed" form.
awk '/^ +Passed: [0-9]+/ { p += $2 } /^ +Failed: [0-9]+/ { f += $2 } /^ +Skipped: [0-9]+/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
