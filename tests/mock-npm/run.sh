#!/usr/bin/env bash
# Runs the telnyx-mock npm package's tests from its packed tarball: packs
# mock-server/npm/pkg and crates/telnyx-wasm/pkg, installs both into a
# scratch project (so a broken exports map or a missing file fails), then
# runs the Node, Chromium, Workers, TypeScript and CLI tests from there, and
# the demo console's browser test against the tarball's `telnyx-mock` command.
# TELNYX_MOCK_BIN (the Rust program) serves the differential test.
#
#   TELNYX_MOCK_BIN=target/release/telnyx-mock tests/mock-npm/run.sh [test files...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${TELNYX_MOCK_BIN:?set TELNYX_MOCK_BIN to the telnyx-mock binary}"
ARTIFACTS="${ARTIFACTS:-$ROOT/artifacts}"
source "$ROOT/tests/lib/scratch.sh"
# The suite runs on the first `node` on PATH (mk/node.mk puts Node 22 or 24 there).
echo "mock-npm: node $(node --version) ($(command -v node))"

scratch_init telnyx-mock-npm
# The official SDK (for side-by-side flows) from the repository's node_modules.
scratch_app tests/mock-npm mock-server/npm/pkg crates/telnyx-wasm/pkg -- "$ROOT/node_modules/telnyx"
cd "$WORK/app"

export TELNYX_MOCK_BIN TELNYX_REPO="$ROOT" TELNYX_ARTIFACTS="$ARTIFACTS" TELNYX_MOCK_TARBALL="$(ls "$WORK"/telnyx-mock-*.tgz)"
mkdir -p "$ARTIFACTS"

if [ "$#" -gt 0 ]; then
  node --test --test-concurrency=1 "$@"
else
  node --test --test-concurrency=1 node/*.test.mjs
  # The demo console's own browser test, served by the tarball's telnyx-mock (cli.js) instead of the program.
  (cd "$ROOT" && MOCK_BIN="$WORK/app/node_modules/.bin/telnyx-mock" ARTIFACTS="$ARTIFACTS/mock-npm" \
    timeout --kill-after=10 300 node --test-reporter=spec tests/browser-demo/console.test.mjs)
fi
