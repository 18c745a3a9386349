#!/usr/bin/env bash
# Runs the proxy's tests (telnyx-wasm/proxy) from the packed package against
# telnyx-mock started here with --api-key, so only the proxy's key opens it:
# packs crates/telnyx-wasm/pkg, installs the tarball into a scratch project,
# then runs tests/proxy/*.test.mjs from there.
#
#   TELNYX_MOCK_BIN=target/release/telnyx-mock tests/proxy/run.sh [test files...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ARTIFACTS="${ARTIFACTS:-$ROOT/artifacts}"
source "$ROOT/tests/lib/scratch.sh"

# The key the proxy holds; the mock refuses any other.
export PROXY_API_KEY="KEY_proxy_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

scratch_init telnyx-wasm-proxy
start_mock --api-key "$PROXY_API_KEY"
scratch_app tests/proxy crates/telnyx-wasm/pkg
cd "$WORK/app"

export TELNYX_REPO="$ROOT" TELNYX_ARTIFACTS="$ARTIFACTS" NODE_PATH="$ROOT/node_modules"
mkdir -p "$ARTIFACTS"

if [ "$#" -gt 0 ]; then
  node --test --test-concurrency=1 "$@"
else
  node --test --test-concurrency=1 ./*.test.mjs
fi
