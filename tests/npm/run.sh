#!/usr/bin/env bash
# Runs the npm package's tests against a telnyx-mock started here:
# packs crates/telnyx-wasm/pkg, installs the tarball into a scratch project
# (so a broken exports map or a missing file fails), then runs the Node,
# Workers, browser, TypeScript and size tests from that project.
#
#   TELNYX_MOCK_BIN=target/release/telnyx-mock tests/npm/run.sh [test files...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ARTIFACTS="${ARTIFACTS:-$ROOT/artifacts}"
source "$ROOT/tests/lib/scratch.sh"
# The suite runs on the first `node` on PATH (mk/node.mk puts Node 22 or 24 there).
echo "npm: node $(node --version) ($(command -v node))"

scratch_init telnyx-wasm-npm
start_mock
scratch_app tests/npm crates/telnyx-wasm/pkg
cd "$WORK/app"

export TELNYX_REPO="$ROOT" TELNYX_ARTIFACTS="$ARTIFACTS" NODE_PATH="$ROOT/node_modules"
mkdir -p "$ARTIFACTS"

if [ "$#" -gt 0 ]; then
  node --test --test-concurrency=1 "$@"
else
  node --test --test-concurrency=1 node/*.test.mjs
fi
