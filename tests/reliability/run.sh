#!/usr/bin/env bash
# Runs the client reliability suite: the npm package, packed and installed from
# its tarball into a scratch project, against two telnyx-mock servers started
# here (one open, one that accepts only one API key), then renders the results.
#
#   TELNYX_MOCK_BIN=target/release/telnyx-mock tests/reliability/run.sh [test files...]
#
# The scratch project mirrors tests/ (npm/ and reliability/ side by side), so
# the suite imports tests/npm/helpers.mjs by its relative path, as in the repo.
# Results go to $ARTIFACTS/reliability/ (matrix, promises and official .json, tap.txt, client.md);
# RELIABILITY_WRITE=1 also rewrites the client section of RELIABILITY.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MOCK_BIN="${TELNYX_MOCK_BIN:?set TELNYX_MOCK_BIN to the telnyx-mock binary}"
ARTIFACTS="${ARTIFACTS:-$ROOT/artifacts}"
OUT="$ARTIFACTS/reliability"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/telnyx-reliability.XXXXXX")"
GROUPS_TO_KILL=()
# A key that cannot be mistaken for anything else in output.
export TELNYX_RELIABILITY_KEY="KEY_reliability_7c1f0e_must_never_be_printed"

cleanup() {
  local pgid
  for pgid in "${GROUPS_TO_KILL[@]}"; do kill -- "-$pgid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_mock LOG ARGS...: a mock in its own process group on a free port; prints its URL.
start_mock() {
  local log="$1" url=""
  shift
  setsid "$MOCK_BIN" --host 127.0.0.1 --port 0 --quiet "$@" >"$log" 2>&1 &
  GROUPS_TO_KILL+=("$!")
  for _ in $(seq 1 100); do
    url="$(grep -om1 'http://127\.0\.0\.1:[0-9]*' "$log" || true)"
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$log" >&2; echo "telnyx-mock did not start" >&2; return 1; }
  MOCK_URL="$url"
}
start_mock "$WORK/mock.log"
TELNYX_MOCK_URL="$MOCK_URL"
start_mock "$WORK/mock-keyed.log" --api-key "$TELNYX_RELIABILITY_KEY"
TELNYX_MOCK_KEYED_URL="$MOCK_URL"
echo "telnyx-mock at $TELNYX_MOCK_URL, with --api-key at $TELNYX_MOCK_KEYED_URL"

(cd "$ROOT/crates/telnyx-wasm/pkg" && npm pack --silent --pack-destination "$WORK" >/dev/null)
mkdir -p "$WORK/app"
cp -r "$ROOT/tests/npm" "$ROOT/tests/reliability" "$WORK/app/"
cd "$WORK/app"
printf '{ "name": "telnyx-reliability-scratch", "private": true, "type": "module" }\n' >package.json
npm install --no-audit --no-fund --silent "$WORK"/telnyx-wasm-*.tgz
echo "installed $(node -p "require('telnyx-wasm/package.json').version") from $(basename "$WORK"/telnyx-wasm-*.tgz)"

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
