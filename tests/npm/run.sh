#!/usr/bin/env bash
# Runs the npm package's tests against a telnyx-mock started here:
# packs crates/telnyx-wasm/pkg, installs the tarball into a scratch project
# (so a broken exports map or a missing file fails), then runs the Node,
# Workers, browser, TypeScript and size tests from that project.
#
#   TELNYX_MOCK_BIN=target/release/telnyx-mock tests/npm/run.sh [test files...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MOCK_BIN="${TELNYX_MOCK_BIN:?set TELNYX_MOCK_BIN to the telnyx-mock binary}"
ARTIFACTS="${ARTIFACTS:-$ROOT/artifacts}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/telnyx-wasm-npm.XXXXXX")"
GROUPS_TO_KILL=()

cleanup() {
  local pgid
  for pgid in "${GROUPS_TO_KILL[@]}"; do kill -- "-$pgid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# The mock, in its own process group, on a free port.
setsid "$MOCK_BIN" --host 127.0.0.1 --port 0 >"$WORK/mock.log" 2>&1 &
GROUPS_TO_KILL+=("$!")
for _ in $(seq 1 100); do
  TELNYX_MOCK_URL="$(grep -om1 'http://127\.0\.0\.1:[0-9]*' "$WORK/mock.log" || true)"
  [ -n "$TELNYX_MOCK_URL" ] && break
  sleep 0.1
done
[ -n "$TELNYX_MOCK_URL" ] || { cat "$WORK/mock.log"; echo "telnyx-mock did not start" >&2; exit 1; }
echo "telnyx-mock at $TELNYX_MOCK_URL"

# The package as users get it: packed, then installed from the tarball.
(cd "$ROOT/crates/telnyx-wasm/pkg" && npm pack --silent --pack-destination "$WORK" >/dev/null)
mkdir -p "$WORK/app"
cp -r "$ROOT/tests/npm/." "$WORK/app/"
cd "$WORK/app"
printf '{ "name": "telnyx-wasm-scratch", "private": true, "type": "module" }\n' >package.json
npm install --no-audit --no-fund --silent "$WORK"/telnyx-wasm-*.tgz
echo "installed $(node -p "require('telnyx-wasm/package.json').version") from $(basename "$WORK"/telnyx-wasm-*.tgz)"

export TELNYX_MOCK_URL TELNYX_REPO="$ROOT" TELNYX_ARTIFACTS="$ARTIFACTS" NODE_PATH="$ROOT/node_modules"
mkdir -p "$ARTIFACTS"

if [ "$#" -gt 0 ]; then
  node --test --test-concurrency=1 "$@"
else
  node --test --test-concurrency=1 node/*.test.mjs
fi
