#!/usr/bin/env bash
# Runs the proxy's tests (telnyx-wasm/proxy) from the packed package against
# telnyx-mock started here with --api-key, so only the proxy's key opens it:
# packs crates/telnyx-wasm/pkg, installs the tarball into a scratch project,
# then runs tests/proxy/*.test.mjs from there.
#
#   TELNYX_MOCK_BIN=target/release/telnyx-mock tests/proxy/run.sh [test files...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MOCK_BIN="${TELNYX_MOCK_BIN:?set TELNYX_MOCK_BIN to the telnyx-mock binary}"
ARTIFACTS="${ARTIFACTS:-$ROOT/artifacts}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/telnyx-wasm-proxy.XXXXXX")"
GROUPS_TO_KILL=()
# The key the proxy holds; the mock refuses any other.
export PROXY_API_KEY="KEY_proxy_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

cleanup() {
  local pgid
  for pgid in "${GROUPS_TO_KILL[@]}"; do kill -- "-$pgid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

setsid "$MOCK_BIN" --host 127.0.0.1 --port 0 --api-key "$PROXY_API_KEY" >"$WORK/mock.log" 2>&1 &
GROUPS_TO_KILL+=("$!")
for _ in $(seq 1 100); do
  TELNYX_MOCK_URL="$(grep -om1 'http://127\.0\.0\.1:[0-9]*' "$WORK/mock.log" || true)"
  [ -n "$TELNYX_MOCK_URL" ] && break
  sleep 0.1
done
[ -n "$TELNYX_MOCK_URL" ] || { cat "$WORK/mock.log"; echo "telnyx-mock did not start" >&2; exit 1; }
echo "telnyx-mock at $TELNYX_MOCK_URL (with --api-key)"

(cd "$ROOT/crates/telnyx-wasm/pkg" && npm pack --silent --pack-destination "$WORK" >/dev/null)
mkdir -p "$WORK/app"
cp -r "$ROOT/tests/proxy/." "$WORK/app/"
cd "$WORK/app"
printf '{ "name": "telnyx-wasm-proxy-scratch", "private": true, "type": "module" }\n' >package.json
npm install --no-audit --no-fund --silent "$WORK"/telnyx-wasm-*.tgz
echo "installed telnyx-wasm $(node -p "require('telnyx-wasm/package.json').version") from its tarball"

export TELNYX_MOCK_URL TELNYX_REPO="$ROOT" TELNYX_ARTIFACTS="$ARTIFACTS" NODE_PATH="$ROOT/node_modules"
mkdir -p "$ARTIFACTS"
if [ "$#" -gt 0 ]; then
  node --test --test-concurrency=1 "$@"
else
  node --test --test-concurrency=1 ./*.test.mjs
fi
