#!/usr/bin/env bash
# Mutation testing, one rule family at a time, each against its own tests:
#   npx projen mutation:family -- iam tls     (no argument: every family)
# Reports: reports/mutation/<family>.json; scores: scripts/mutation-score.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
families=("$@")
if [ ${#families[@]} -eq 0 ]; then families=(api iam lambda logging network secrets tls); fi
for f in "${families[@]}"; do
  echo "== mutation testing of the $f rules"
  FAMILY="$f" npx stryker run stryker.family.cjs
  rm -rf ".stryker-tmp-$f"
done
npx ts-node --project tsconfig.dev.json scripts/mutation-score.ts
