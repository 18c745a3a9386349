#!/usr/bin/env bash
# Runs the client reliability suite: the npm package, packed and installed from
# its tarball into a scratch project, against two telnyx-mock servers started
# here (one open, one that accepts only one API key), then renders the results.
#
#   TELNYX_MOCK_BIN=target/release/telnyx-mock tests/reliability/run.sh [test files...]
#
# The scratch project mirrors tests/ (npm/, reliability/ and lib/ side by side),
# so the suite imports tests/npm/helpers.mjs by its relative path, as in the repo.
# Results go to $ARTIFACTS/reliability/ (matrix, promises and official .json, tap.txt, client.md);
# RELIABILITY_WRITE=1 also rewrites the client section of RELIABILITY.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ARTIFACTS="${ARTIFACTS:-$ROOT/artifacts}"
OUT="$ARTIFACTS/reliability"
source "$ROOT/tests/lib/scratch.sh"
# A key that cannot be mistaken for anything else in output.
export TELNYX_RELIABILITY_KEY="KEY_reliability_7c1f0e_must_never_be_printed"

scratch_init telnyx-reliability
start_mock --quiet --api-key "$TELNYX_RELIABILITY_KEY"
TELNYX_MOCK_KEYED_URL="$TELNYX_MOCK_URL"
start_mock --quiet

tarball="$(scratch_pack crates/telnyx-wasm/pkg)"
mkdir -p "$WORK/app"
cp -r "$ROOT/tests/npm" "$ROOT/tests/reliability" "$ROOT/tests/lib" "$WORK/app/"
cd "$WORK/app"
printf '{ "name": "telnyx-reliability-scratch", "private": true, "type": "module" }\n' >package.json
npm install --no-audit --no-fund --silent "$tarball"
echo "installed $(basename "$tarball")"

export TELNYX_MOCK_URL TELNYX_MOCK_KEYED_URL TELNYX_REPO="$ROOT" TELNYX_ARTIFACTS="$ARTIFACTS"
rm -rf "$OUT" && mkdir -p "$OUT"

# tests/npm's bad-input and pagination tests run here too: the report states their results.
files=("$@")
[ "${#files[@]}" -gt 0 ] || files=(reliability/*.test.mjs npm/node/validation.test.mjs npm/node/pagination.test.mjs)
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$OUT/tap.txt" \
  "${files[@]}"

if [ "$#" -eq 0 ]; then
  node reliability/render.mjs "$OUT" ${RELIABILITY_WRITE:+"$ROOT/RELIABILITY.md"}
fi
