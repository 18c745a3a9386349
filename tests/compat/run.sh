#!/usr/bin/env bash
# The compatibility suite (suite.test.mjs) against a telnyx-mock started here.
# The pinned tools (package.json, package-lock.json) are installed once into
# the work directory and again only when the lock changes; the packages are
# packed from crates/telnyx-wasm/pkg and mock-server/npm/pkg and installed
# from their tarballs each run. The suite runs on the first `node` on PATH.
#
#   TELNYX_MOCK_BIN=target/release/telnyx-mock tests/compat/run.sh
#   COMPAT_ROWS=node-cjs,vite-dev tests/compat/run.sh      (some rows; default: all)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export COMPAT_WORK="${COMPAT_WORK:-$ROOT/target/compat}"
export TELNYX_ARTIFACTS="${ARTIFACTS:-$ROOT/artifacts}"
source "$ROOT/tests/lib/scratch.sh"
# A scratch directory for the mock's log; the mock is stopped by its process group on exit.
scratch_init telnyx-compat
echo "compat: node $(node --version) ($(command -v node))"

mkdir -p "$COMPAT_WORK"
stamp="$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -c1-16)"
if [ "$(cat "$COMPAT_WORK/.installed" 2>/dev/null)" != "$stamp" ] || [ ! -d "$COMPAT_WORK/node_modules" ]; then
  echo "compat: installing the pinned tools into $COMPAT_WORK"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$COMPAT_WORK/"
  (cd "$COMPAT_WORK" && nice -n 10 npm ci --no-audit --no-fund --loglevel=error)
  echo "$stamp" >"$COMPAT_WORK/.installed"
fi

start_mock

rm -rf "$COMPAT_WORK/tarball" "$COMPAT_WORK/rows"
mkdir -p "$COMPAT_WORK/tarball"
for pkg in crates/telnyx-wasm/pkg mock-server/npm/pkg; do
  [ -f "$ROOT/$pkg/package.json" ] || { echo "$pkg is not built: run make npm" >&2; exit 1; }
  (cd "$ROOT/$pkg" && npm pack --silent --pack-destination "$COMPAT_WORK/tarball" >/dev/null)
done
rm -rf "$COMPAT_WORK/node_modules/telnyx-wasm" "$COMPAT_WORK/node_modules/telnyx-mock"
(cd "$COMPAT_WORK" && npm install --no-save --no-audit --no-fund --loglevel=error ./tarball/telnyx-wasm-*.tgz ./tarball/telnyx-mock-*.tgz)
echo "installed $(cd "$COMPAT_WORK/tarball" && echo *.tgz) into $COMPAT_WORK"

cd "$COMPAT_WORK"
node --test --test-concurrency=1 --test-reporter=spec "$HERE/suite.test.mjs"
