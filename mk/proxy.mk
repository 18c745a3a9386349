# telnyx-wasm/proxy, the package's key-holding proxy (crates/telnyx-wasm/js/proxy.js
# over the Rust checks in src/proxy.rs): its tests.
#
#   make test-proxy   from the packed tarball, against telnyx-mock --api-key: the hostile
#                     matrix (written to $(ARTIFACTS)/proxy-matrix.md), a client without a
#                     key through the proxy, the CommonJS entry, the demo console and a
#                     Worker page (wrangler dev) in headless Chromium
#   make proxy-report the same, then the matrix written into RELIABILITY.md

.PHONY: test-proxy proxy-report

test-proxy: npm mock-bin
	TELNYX_MOCK_BIN=$(MOCK_BIN) ARTIFACTS=$(ARTIFACTS) tests/proxy/run.sh

TEST_STEPS_CONCURRENT += test-proxy

proxy-report: test-proxy
	node tests/proxy/render.mjs $(ARTIFACTS)/proxy-matrix.md RELIABILITY.md
