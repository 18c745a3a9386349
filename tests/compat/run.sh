#!/usr/bin/env bash
# The compatibility suite (suite.test.mjs) against a telnyx-mock started here.
# The pinned tools (package.json, package-lock.json) are installed once into
# the work directory and again only when the lock changes; the package is
# packed from crates/telnyx-wasm/pkg and installed from its tarball each run.
#
#   TELNYX_MOCK_BIN=target/release/telnyx-mock tests/compat/run.sh
#   COMPAT_ROWS=node-cjs,vite-dev tests/compat/run.sh      (some rows; default: all)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MOCK_BIN="${TELNYX_MOCK_BIN:?set TELNYX_MOCK_BIN to the telnyx-mock binary}"
export COMPAT_WORK="${COMPAT_WORK:-$ROOT/target/compat}"
export TELNYX_ARTIFACTS="${ARTIFACTS:-$ROOT/artifacts}"
MOCK_LOG="$(mktemp "${TMPDIR:-/tmp}/telnyx-compat-mock.XXXXXX")"
MOCK_PGID=""

cleanup() {
  [ -n "$MOCK_PGID" ] && kill -- "-$MOCK_PGID" 2>/dev/null || true
  rm -f "$MOCK_LOG"
}
trap cleanup EXIT

mkdir -p "$COMPAT_WORK"
stamp="$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -c1-16)"
if [ "$(cat "$COMPAT_WORK/.installed" 2>/dev/null)" != "$stamp" ] || [ ! -d "$COMPAT_WORK/node_modules" ]; then
  echo "compat: installing the pinned tools into $COMPAT_WORK"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$COMPAT_WORK/"
  (cd "$COMPAT_WORK" && nice -n 10 npm ci --no-audit --no-fund --loglevel=error)
  echo "$stamp" >"$COMPAT_WORK/.installed"
fi

setsid "$MOCK_BIN" --host 127.0.0.1 --port 0 >"$MOCK_LOG" 2>&1 &
MOCK_PGID="$!"
TELNYX_MOCK_URL=""
for _ in $(seq 1 100); do
  TELNYX_MOCK_URL="$(grep -om1 'http://127\.0\.0\.1:[0-9]*' "$MOCK_LOG" || true)"
  [ -n "$TELNYX_MOCK_URL" ] && break
  sleep 0.1
done
[ -n "$TELNYX_MOCK_URL" ] || { cat "$MOCK_LOG"; echo "telnyx-mock did not start" >&2; exit 1; }
export TELNYX_MOCK_URL
echo "telnyx-mock at $TELNYX_MOCK_URL"

rm -rf "$COMPAT_WORK/tarball" "$COMPAT_WORK/rows"
mkdir -p "$COMPAT_WORK/tarball"
(cd "$ROOT/crates/telnyx-wasm/pkg" && npm pack --silent --pack-destination "$COMPAT_WORK/tarball" >/dev/null)
rm -rf "$COMPAT_WORK/node_modules/telnyx-wasm"
(cd "$COMPAT_WORK" && npm install --no-save --no-audit --no-fund --loglevel=error ./tarball/telnyx-wasm-*.tgz)
echo "installed $(basename "$COMPAT_WORK"/tarball/telnyx-wasm-*.tgz) into $COMPAT_WORK"

cd "$COMPAT_WORK"
node --test --test-concurrency=1 --test-reporter=spec "$HERE/suite.test.mjs"
