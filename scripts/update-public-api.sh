#!/usr/bin/env bash
# Rewrites each library's PublicAPI.Unshipped.txt from its current public surface: the file is
# reset to its header and the public API analyzer's own code fix (RS0016, "add to the public
# API") adds every public symbol that PublicAPI.Shipped.txt does not already list. Works offline
# with the .NET SDK's dotnet format. Review the diff: an API change should be deliberate.
#
#   scripts/update-public-api.sh            # all libraries
#   scripts/update-public-api.sh Durable    # one project under src/
set -euo pipefail
cd "$(dirname "$0")/.."

projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  projects=(ScriptRuntime Activities Durable Orchestrations Extensions.AI)
fi

for name in "${projects[@]}"; do
  dir="src/$name"
  if [ ! -f "$dir/PublicAPI.Shipped.txt" ]; then
    echo "error: $dir/PublicAPI.Shipped.txt not found (is $name a library project under src/?)" >&2
    exit 1
  fi
  echo "== $dir"
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$dir/$name.csproj" --diagnostics RS0016 --severity warn -v q
  # Removed or changed members: the fixer adds the new form; a stale Shipped line is RS0017,
  # which needs a human (a shipped API was removed), so the build will report it by name.
  echo "   $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) unshipped public symbols"
done
