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
  # The analyzer names each new symbol in an RS0016 message; 'dotnet format' does not apply its fix
  # in every project here, so the build's own messages are the list.
  unshipped="$project/PublicAPI.Unshipped.txt"
  new_api=$(dotnet build "$project" --no-incremental 2>&1 \
    | sed -n "s/.*error RS0016: Symbol '\(.*\)' is not part of the declared public API.*/\1/p" | sort -u || true)
  if [ -n "$new_api" ]; then
    { cat "$unshipped"; printf '%s\n' "$new_api"; } | awk 'NR == 1 && /^#/ { print; next } { print | "sort -u" }' > "$unshipped.new"
    mv "$unshipped.new" "$unshipped"
    echo "$(printf '%s\n' "$new_api" | wc -l) new symbol(s) listed."
  fi
done
