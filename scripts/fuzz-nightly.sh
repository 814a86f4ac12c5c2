#!/usr/bin/env bash
# Nightly fuzzing (issue 8, "Bad input"): runs only the property-based fuzz tests (*.fuzz.test.ts) with
# FUZZ_RUNS times more runs than CI (default 50). Usage: scripts/fuzz-nightly.sh [vitest args…]
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_RUNS="${FUZZ_RUNS:-50}"
echo "fuzz-nightly: FUZZ_RUNS=${FUZZ_RUNS}"
# fast-check prints the seed and path of any failure: replay it with fc.assert(…, { seed, path }).
exec npx vitest run --testTimeout=3600000 "$@" .fuzz.test.ts
