#!/usr/bin/env bash
# Writes each package's new public API into its PublicAPI.Unshipped.txt, creating the two PublicAPI
# files for a package that has none yet. Review the diff. Removed API the build names (RS0017) and
# no tool fixes: delete its line from PublicAPI.Unshipped.txt or, if it had shipped, copy its line
# from PublicAPI.Shipped.txt into PublicAPI.Unshipped.txt behind the prefix *REMOVED*.
# Usage: eng/public-api.sh [src/Project ...]   (default: every package under src/ but the tool)
set -euo pipefail
cd "$(dirname "$0")/.."

projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  for csproj in src/*/*.csproj; do
    grep -q '<PackAsTool>true</PackAsTool>' "$csproj" || projects+=("$(dirname "$csproj")")
  done
fi

for project in "${projects[@]}"; do
  for file in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$project/$file" ] || printf '#nullable enable\n' > "$project/$file"
  done
  echo "Updating $project/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$project" --diagnostics RS0016 --severity warn
done
