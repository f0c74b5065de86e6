#!/usr/bin/env bash
# `npm test`: system tools the suite needs, then typecheck, lint and the vitest suite.
# Extra arguments go to vitest (npm test -- test/runtime/core).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
echo "== lint"
npx eslint .
echo "== vitest"
npx vitest run "$@"
